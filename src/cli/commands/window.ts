/** `hall window add|list|show|rename|merge|record`. */
import type { Command } from 'commander';
import { requireText } from '../../core/case-values.js';
import { parsePastDate } from '../../core/dates.js';
import { parsePoints, parseRecordKind, type RecordKind } from '../../core/oversight.js';
import { type LocalText, text } from '../../core/text.js';
import { writeTransaction } from '../../db/database.js';
import { listItems } from '../../store/items.js';
import { addWindow, getWindow, listWindows, renameWindow } from '../../store/organisation.js';
import { addWindowRecord, type WindowRecord, windowRecords } from '../../store/oversight.js';
import { type MovedKind, mergeWindows, windowAliases } from '../../store/window-merge.js';
import type { App } from '../app.js';
import { limitWords } from '../case-presentation.js';
import type { Context } from '../context.js';
import { itemStatusWord } from '../messages/words.js';
import type { Column, TableSpec, View } from '../render.js';

const RECORD_KIND_WORDS: Record<RecordKind, LocalText> = { deduction: text('扣分', 'deduction'), commendation: text('加分', 'commendation') };

const WINDOW_COLUMNS: Column[] = [
  { key: 'code', title: text('窗口编码', 'code') },
  { key: 'name', title: text('窗口名称', 'name') },
  { key: 'department', title: text('部门', 'department') },
  { key: 'items', title: text('进驻事项', 'items'), align: 'right' },
];

export function add(ctx: Context, code: string, options: { name: string; dept?: string }): View {
  const db = ctx.db();
  const window = writeTransaction(db, () => addWindow(db, code, options.name, options.dept, ctx.timestamp()));
  return { json: window, lines: [text(`已添加窗口 ${window.code}（${window.name}）`, `added window ${window.code} (${window.name})`)] };
}

export function list(ctx: Context): View {
  const windows = listWindows(ctx.db());
  return { json: windows, tables: [{ columns: WINDOW_COLUMNS, rows: windows }] };
}

export function show(ctx: Context, codeOrName: string): View {
  const db = ctx.db();
  const window = getWindow(db, codeOrName);
  const records = windowRecords(db, window.code);
  const listed = listItems(db, { window: window.code });
  const items = listed.map((item) => ({ code: item.code, name: item.name, promised_days: item.promised_days, status: item.status }));
  const aliases = windowAliases(db, window.code);
  return {
    json: { ...window, aliases, item_list: items, records },
    lines: [
      text(`窗口 ${window.code}：${window.name}`, `window ${window.code}: ${window.name}`),
      text(
        `部门：${window.department ?? '综合窗口（无部门）'}；进驻事项 ${window.items} 项`,
        `department: ${window.department ?? 'none (综合窗口)'}; ${window.items} items`,
      ),
      ...(aliases.length === 0 ? [] : [text(`曾用编码（已并入本窗口）：${aliases.join('、')}`, `old codes (merged into this window): ${aliases.join(', ')}`)]),
    ],
    tables: [
      {
        columns: [
          { key: 'code', title: text('事项编码', 'item'), shorten: 'middle' },
          { key: 'name', title: text('事项名称', 'name') },
          { key: 'promised_days', title: text('承诺时限', 'promised') },
          { key: 'status', title: text('状态', 'status') },
        ],
        rows: listed.map((item) => ({
          ...item,
          promised_days: ctx.t(limitWords(item.promised_days, item.limit_unit)),
          status: itemStatusWord(item.status, ctx.lang),
        })),
        // An empty records table would be a box with nothing in it: one line says so instead.
        footer: records.length === 0 ? [text('考核记录：暂无', 'assessment records: none')] : undefined,
      },
      ...(records.length === 0 ? [] : [recordsTable(records, ctx)]),
    ],
  };
}

export function rename(ctx: Context, codeOrName: string, options: { name: string }): View {
  const db = ctx.db();
  const renamed = writeTransaction(db, () => renameWindow(db, codeOrName, options.name));
  return {
    json: renamed,
    lines: [
      renamed.old_name === renamed.name
        ? text(`窗口 ${renamed.code} 已名为"${renamed.name}"，未作改动`, `window ${renamed.code} is already named "${renamed.name}"; nothing changed`)
        : text(
            `已将窗口 ${renamed.code} 由"${renamed.old_name}"改名为"${renamed.name}"`,
            `renamed window ${renamed.code} from "${renamed.old_name}" to "${renamed.name}"`,
          ),
    ],
  };
}

const MOVED_WORDS: Record<MovedKind, LocalText> = {
  items: text('事项 {n} 项', '{n} items'),
  cases: text('办件 {n} 件', '{n} cases'),
  evaluations: text('评价 {n} 条', '{n} evaluations'),
  complaints: text('投诉 {n} 件', '{n} complaints'),
  records: text('考核记录 {n} 条', '{n} assessment records'),
  reviews: text('整改单 {n} 张', '{n} reviews'),
};

export function merge(ctx: Context, from: string, into: string): View {
  const db = ctx.db();
  const merged = writeTransaction(db, () => mergeWindows(db, from, into, ctx.timestamp()));
  const counts = (Object.keys(MOVED_WORDS) as MovedKind[]).map((kind) => ({ kind, n: String(merged.moved[kind]) }));
  const moved = text(
    counts.map(({ kind, n }) => MOVED_WORDS[kind].zh.replace('{n}', n)).join('、'),
    counts.map(({ kind, n }) => MOVED_WORDS[kind].en.replace('{n}', n)).join(', '),
  );
  const [a, b] = [merged.from, merged.into];
  return {
    json: merged,
    lines: [
      text(`已将窗口 ${a.code}（${a.name}）并入 ${b.code}（${b.name}）`, `merged window ${a.code} (${a.name}) into ${b.code} (${b.name})`),
      text(`移入 ${b.code}：${moved.zh}`, `moved to ${b.code}: ${moved.en}`),
      text(
        `${merged.aliases.join('、')} 今后仍指向 ${b.code}：输入旧编码、旧的办件导入文件和以往月份的报表都按 ${b.code} 计`,
        `${merged.aliases.join(', ')} now name ${b.code}: the old code, old case-import files and past months' reports all count as ${b.code}`,
      ),
    ],
  };
}

/**
 * The window's assessment records (考核记录) under its items, oldest first, so that
 * whoever stands at the window sees the deductions and commendations the month's
 * assessment will count. Points carry their sign: a deduction subtracts.
 */
function recordsTable(records: readonly WindowRecord[], ctx: Context): TableSpec {
  return {
    title: text('考核记录', 'assessment records'),
    columns: [
      { key: 'date', title: text('日期', 'date') },
      { key: 'kind', title: text('类型', 'kind') },
      { key: 'points', title: text('分值', 'points'), align: 'right', whole: true },
      { key: 'reason', title: text('事由', 'reason') },
    ],
    rows: records.map((record) => ({
      date: record.date,
      kind: ctx.t(RECORD_KIND_WORDS[record.kind]),
      points: record.kind === 'deduction' ? `-${record.points}` : `+${record.points}`,
      reason: record.reason,
    })),
  };
}

export function record(ctx: Context, codeOrName: string, options: { kind: string; points: string; reason: string; date?: string }): View {
  const date = options.date === undefined ? ctx.today() : parsePastDate('date', options.date, ctx.today());
  const kind = parseRecordKind('kind', options.kind);
  const points = parsePoints('points', options.points);
  const reason = requireText('reason', options.reason);
  const db = ctx.db();
  const saved = writeTransaction(db, () =>
    addWindowRecord(db, { window: codeOrName, kind, points, reason, date, operator: ctx.operator, now: ctx.timestamp() }),
  );
  const kindWords = RECORD_KIND_WORDS[saved.kind];
  return {
    json: saved,
    lines: [
      text(
        `窗口 ${saved.window} ${saved.date} ${kindWords.zh} ${saved.points} 分：${saved.reason}`,
        `window ${saved.window} ${saved.date}: ${kindWords.en} of ${saved.points} points — ${saved.reason}`,
      ),
    ],
  };
}

export function register(program: Command, app: App): void {
  const window = program.command('window').description(app.t('窗口', 'windows'));
  window
    .command('add')
    .description(app.t('添加窗口', 'add a window'))
    .argument('<code>', app.t('窗口编码（字母、数字、-、_）', 'window code (letters, digits, -, _)'))
    .requiredOption('--name <name>', app.t('窗口名称', 'window name'))
    .option('--dept <name>', app.t('所属部门，或其名称的开头（省略为综合窗口）', 'department, or the start of its name (omit for a 综合窗口)'))
    .action(app.action(add));
  window.command('list').description(app.t('列出窗口', 'list windows')).action(app.action(list));
  window
    .command('show')
    .description(app.t('查看窗口及其进驻事项、考核记录', 'show a window, its items and its assessment records'))
    .argument('<window>', app.t('窗口编码或名称', 'window code or name'))
    .action(app.action(show));
  window
    .command('rename')
    .description(app.t('窗口改名（编码不变；名称不能与其他窗口重复）', 'rename a window (its code stays; names are unique)'))
    .argument('<window>', app.t('窗口编码或名称', 'window code or name'))
    .requiredOption('--name <name>', app.t('新名称', 'new name'))
    .action(app.action(rename));
  window
    .command('merge')
    .description(
      app.t(
        '把窗口 FROM 并入 INTO：事项、办件、评价、投诉、考核记录全部移入 INTO，FROM 的编码今后指向 INTO',
        "merge window FROM into INTO: items, cases, evaluations, complaints and records move to INTO; FROM's code then names INTO",
      ),
    )
    .argument('<from>', app.t('并入的窗口（编码或名称）', 'the window merged away (code or name)'))
    .argument('<into>', app.t('保留的窗口（编码或名称）', 'the window kept (code or name)'))
    .action(app.action(merge));
  window
    .command('record')
    .description(app.t('考核记录：巡查扣分或表扬加分', 'assessment record: a deduction or a commendation'))
    .argument('<window>', app.t('窗口编码或名称', 'window code or name'))
    .requiredOption('--kind <kind>', app.t('扣分 | 表扬（或 deduction、commendation）', 'deduction | commendation'))
    .requiredOption('--points <n>', app.t('分值', 'points'))
    .requiredOption('--reason <text>', app.t('事由（脱岗、迟到、锦旗、表扬信…）', 'reason'))
    .option('--date <date>', app.t('日期（默认今天）', 'date (default today)'))
    .action(app.action(record));
}
