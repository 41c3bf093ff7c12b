/**
 * 一件事 on the case commands (SPEC §7.1): `case register --bundle`, and `case show`,
 * `case list --combined`, `case withdraw` and `case deliver` on a `J` number. The
 * combined case is derived from its parts (core/combined.ts); these only ask the store
 * and present what it derived.
 */
import type { Database } from 'better-sqlite3';
import type { Actor } from '../../core/case-step.js';
import { type Channel, type CheckedId, checkApplicantId, parseChannel, parseIdType, requireText } from '../../core/case-values.js';
import { caseView } from '../../core/case-view.js';
import { type CombinedExplanation, explainCombined } from '../../core/combined.js';
import type { IsoDate } from '../../core/dates.js';
import { InvalidValue, UsageError } from '../../core/errors.js';
import { type IdType, maskId } from '../../core/ids.js';
import { type LocalText, text } from '../../core/text.js';
import { writeTransaction } from '../../db/database.js';
import { listBundles } from '../../store/bundles.js';
import { factsOf, rulesOf } from '../../store/cases.js';
import { applyToParts, listCombined, openCombined, readCombined, type StoredCombined } from '../../store/combined-cases.js';
import type { Context } from '../context.js';
import { localMinute, STATE_WORDS } from '../messages/words.js';
import type { BundleChoice } from '../prompt.js';
import type { Column, TableSpec, View } from '../render.js';

const OUTCOME_WORDS = { approved: text('准予', 'approved'), denied: text('不予', 'denied'), partial: text('部分准予', 'partial') };

/** A combined case as its JSON shows it (SPEC §7.1): the derived fields, the bundle, the applicant, the parts. */
export function combinedJson(ctx: Context, stored: StoredCombined, showPii: boolean) {
  const { row, derived } = stored;
  const today = ctx.today();
  return {
    number: row.number,
    bundle: row.bundle,
    bundle_name: row.bundle_name,
    lead_department: row.lead_department,
    applicant: row.applicant,
    applicant_id: showPii ? row.applicant_id : maskId(row.applicant_id),
    channel: row.channel,
    state: derived.state,
    accepted_at: row.accepted_at,
    accepted_date: row.accepted_date,
    promised_days: derived.promised_days,
    legal_days: derived.legal_days,
    deadline: derived.deadline,
    legal_deadline: derived.legal_deadline,
    paused_days: derived.paused_days,
    days_used: derived.days_used,
    days_left: derived.days_left,
    concluded_at: derived.concluded_at,
    withdrawn_at: derived.withdrawn_at,
    outcome: derived.outcome,
    on_time: derived.on_time,
    parts_done: derived.parts_done,
    parts_total: derived.parts_total,
    pauses: derived.pauses.map((pause) => ({ from: pause.from, to: pause.to, parts: [...pause.parts] })),
    parts: stored.parts.map((part) => {
      // A part reads as `case show` reads it: the same view, so the two never disagree.
      const view = caseView(factsOf(part.row), rulesOf(part.row), part.events, part.derived, null, ctx.calendar(), today, false);
      return {
        number: part.number,
        item: part.item,
        item_name: part.row.item_name,
        department: part.department,
        window: part.row.window_code,
        state: view.state,
        deadline: view.deadline,
        concluded_at: view.concluded_at,
        outcome: view.outcome,
      };
    }),
  };
}

type CombinedJson = ReturnType<typeof combinedJson>;

/** `case show J… --format csv`: the parts as values (state and outcome codes), as the JSON has them. */
const PART_CSV_COLUMNS: Column[] = [
  { key: 'number', title: text('办件编号', 'number') },
  { key: 'item', title: text('事项编码', 'item') },
  { key: 'item_name', title: text('事项名称', 'item_name') },
  { key: 'department', title: text('部门', 'department') },
  { key: 'window', title: text('窗口', 'window') },
  { key: 'state', title: text('状态', 'state') },
  { key: 'deadline', title: text('承诺期限', 'deadline') },
  { key: 'concluded_at', title: text('办结时间', 'concluded_at') },
  { key: 'outcome', title: text('办理结果', 'outcome') },
];

/** `case list --combined --format csv`: the JSON's fields as values. */
const LIST_CSV_COLUMNS: Column[] = [
  { key: 'number', title: text('联办编号', 'number') },
  { key: 'bundle', title: text('一件事编码', 'bundle') },
  { key: 'bundle_name', title: text('一件事名称', 'bundle_name') },
  { key: 'applicant', title: text('申请人', 'applicant') },
  { key: 'state', title: text('状态', 'state') },
  { key: 'deadline', title: text('承诺期限', 'deadline') },
  { key: 'parts_done', title: text('已完成件数', 'parts_done') },
  { key: 'parts_total', title: text('件数', 'parts_total') },
];

function partsTable(json: CombinedJson, lang: 'zh' | 'en'): TableSpec {
  return {
    title: text('各件', 'parts'),
    columns: [
      { key: 'number', title: text('办件编号', 'number'), whole: true },
      { key: 'item_name', title: text('事项', 'item'), least: 8 },
      { key: 'department', title: text('部门', 'department'), least: 6, drop: 2 },
      { key: 'window', title: text('窗口', 'window'), drop: 3 },
      { key: 'state', title: text('状态', 'state'), whole: true },
      { key: 'deadline', title: text('承诺期限', 'deadline'), whole: true, drop: 1 },
    ],
    rows: json.parts.map((part) => ({
      ...part,
      state: part.outcome ? `${STATE_WORDS[part.state][lang]}（${OUTCOME_WORDS[part.outcome][lang]}）` : STATE_WORDS[part.state][lang],
      deadline: part.deadline ?? (part.state === 'paused' ? text('暂停中', 'paused')[lang] : null),
    })),
  };
}

function combinedLines(json: CombinedJson, headline?: LocalText): LocalText[] {
  const lines: LocalText[] = headline ? [headline] : [];
  const state = STATE_WORDS[json.state];
  lines.push(
    text(
      `一件事 ${json.number}：${json.bundle_name}（${json.bundle}，牵头部门 ${json.lead_department}）`,
      `combined case ${json.number}: ${json.bundle_name} (${json.bundle}, lead ${json.lead_department})`,
    ),
    text(
      `申请人：${json.applicant}${json.applicant_id ? ` ${json.applicant_id}` : ''}`,
      `applicant: ${json.applicant}${json.applicant_id ? ` ${json.applicant_id}` : ''}`,
    ),
    text(
      `状态：${state.zh}${json.outcome ? `（${OUTCOME_WORDS[json.outcome].zh}）` : ''}，已完成 ${json.parts_done}/${json.parts_total} 件`,
      `state: ${state.en}${json.outcome ? ` (${json.outcome})` : ''}, ${json.parts_done} of ${json.parts_total} parts done`,
    ),
    text(
      `受理 ${json.accepted_date}，承诺 ${json.promised_days} 个工作日，期限 ${json.deadline ?? '暂停中'}${json.legal_deadline ? `，法定期限 ${json.legal_deadline}` : ''}`,
      `accepted ${json.accepted_date}, promised ${json.promised_days} working days, due ${json.deadline ?? 'paused'}${json.legal_deadline ? `, legal deadline ${json.legal_deadline}` : ''}`,
    ),
  );
  for (const pause of json.pauses)
    lines.push(
      text(
        `暂停 ${pause.from} 至 ${pause.to ?? '今天'}：${pause.parts.join('、')}`,
        `paused ${pause.from} to ${pause.to ?? 'today'}: ${pause.parts.join(', ')}`,
      ),
    );
  if (json.days_used !== null)
    lines.push(
      text(
        `办结 ${localMinute(json.concluded_at!)}，用时 ${json.days_used} 个工作日，${json.on_time ? '按时' : '超期'}`,
        `concluded ${localMinute(json.concluded_at!)}, ${json.days_used} working days used, ${json.on_time ? 'on time' : 'late'}`,
      ),
    );
  return lines;
}

function present(ctx: Context, stored: StoredCombined, showPii: boolean, headline?: LocalText): View {
  const json = combinedJson(ctx, stored, showPii);
  return { json, lines: combinedLines(json, headline), tables: [partsTable(json, ctx.lang)], csv: { columns: PART_CSV_COLUMNS, rows: json.parts } };
}

export interface BundleRegistration {
  bundle: string;
  applicant: string;
  applicantId: string | undefined;
  idType: IdType | undefined;
  window: string | undefined;
  channel: Channel;
  /** The optional members left out, by item code. */
  without: readonly string[];
}

/**
 * `--without A,B`: item codes, split on the commas (or 、) a clerk types. A value that
 * names nothing (`--without ""`) is refused rather than read as "leave nothing out":
 * the clerk meant to leave something out and did not say what.
 */
function withoutCodes(value: string): string[] {
  const codes = value
    .split(/[,，、]/)
    .map((code) => code.trim())
    .filter((code) => code !== '');
  if (codes.length === 0) throw new InvalidValue('without', value, { rule: 'required' });
  return codes;
}

/** `case register --bundle`: the combined case and its parts in one write transaction. */
export function registerBundle(ctx: Context, input: BundleRegistration, who: Actor, closingMinutes: number, showPii: boolean): View {
  const applicantId: CheckedId = checkApplicantId('applicant_id', input.applicantId, input.idType);
  const db = ctx.db();
  const calendar = ctx.calendar();
  const { combined, intakes } = writeTransaction(db, () =>
    openCombined(
      db,
      calendar,
      { bundleCode: input.bundle, applicant: input.applicant, applicantId, window: input.window, channel: input.channel, without: input.without },
      who,
      closingMinutes,
    ),
  );
  if (applicantId.notice) ctx.warn(applicantId.notice);
  for (const intake of intakes) if (intake.slip) ctx.warn(intake.slip);
  const numbers = combined.parts.map((part) => part.number);
  const { row, derived } = combined;
  const headline = text(
    `已受理一件事 ${row.number}（${row.bundle_name}），共 ${numbers.length} 件：${numbers.join('、')}，承诺期限 ${derived.deadline}`,
    `combined case accepted: ${row.number} (${row.bundle_name}), ${numbers.length} parts: ${numbers.join(', ')}, due ${derived.deadline}`,
  );
  return present(ctx, combined, showPii, headline);
}

/** The flags of `case register` that a bundle registration reads. */
export interface BundleOptions {
  bundle: string;
  item?: string;
  fee?: string;
  conclude?: string;
  applicant?: string;
  applicantId?: string;
  idType?: string;
  window?: string;
  channel?: string;
  without?: string;
  showPii?: boolean;
}

/**
 * `case register --bundle`: a combined case (SPEC §7.1). Its parts take their items'
 * fees and cannot be concluded on the spot, so --item, --fee and --conclude are usage
 * errors beside it; at a terminal a missing applicant is asked for, as for an item.
 */
export async function registerCombined(ctx: Context, options: BundleOptions, who: Actor, closing: number): Promise<View> {
  for (const flag of ['item', 'fee', 'conclude'] as const)
    if (options[flag] !== undefined) throw new UsageError('conflicting_options', ['--bundle', `--${flag}`]);
  const channel = parseChannel('channel', options.channel ?? 'window');
  // Checked before any question, so that nothing typed at a prompt is lost to a bad flag.
  const without = options.without === undefined ? [] : withoutCodes(options.without);
  let idType = options.idType === undefined ? undefined : parseIdType('id_type', options.idType);
  let { applicant, applicantId } = options;
  if (applicant === undefined) {
    if (!(ctx.io.stdin.isTTY === true && ctx.io.stdout.isTTY === true)) throw new UsageError('missing_options', ['--applicant']);
    const { askApplicant } = await import('../prompt.js');
    const answers = await askApplicant({ applicantId, idType }, ctx.lang);
    applicant = answers.applicant;
    applicantId = answers.applicantId === '' ? undefined : answers.applicantId;
    idType = answers.idType ?? idType;
  }
  const input = {
    bundle: options.bundle,
    applicant: requireText('applicant', applicant),
    applicantId,
    idType,
    window: options.window,
    channel,
    without,
  };
  return registerBundle(ctx, input, who, closing, options.showPii === true);
}

/** The active bundles, for the terminal's item search (一件事 entries after the items). */
export function bundleChoices(db: Database): BundleChoice[] {
  return listBundles(db, 'active').map((bundle) => ({
    code: bundle.code,
    name: bundle.name,
    members: bundle.members.length,
    optional: bundle.members.filter((member) => !member.required).map((member) => ({ code: member.item, name: member.itemName })),
  }));
}

/** A bundle picked in the terminal's search, its optional members ticked or not there. */
export function registerChosenBundle(
  ctx: Context,
  answers: { bundle: string; applicant: string; applicantId: string | undefined; idType?: IdType; without?: string[] },
  flags: { window: string | undefined; channel: Channel; idType: IdType | undefined },
  who: Actor,
  closing: number,
  showPii: boolean,
): View {
  const input: BundleRegistration = {
    bundle: answers.bundle,
    applicant: requireText('applicant', answers.applicant),
    applicantId: answers.applicantId,
    idType: answers.idType ?? flags.idType,
    window: flags.window,
    channel: flags.channel,
    without: answers.without ?? [],
  };
  return registerBundle(ctx, input, who, closing, showPii);
}

function explainTable(explanation: CombinedExplanation, lang: 'zh' | 'en'): TableSpec {
  let counted = 0;
  const roles = {
    working: text('工作日', 'working day'),
    makeup: text('调休上班', 'make-up day'),
    holiday: text('节假日', 'holiday'),
    weekend: text('周末', 'weekend'),
  };
  return {
    title: text(`逐日计算（期限 ${explanation.deadline}）`, `day by day (deadline ${explanation.deadline})`),
    columns: [
      { key: 'date', title: text('日期', 'date'), whole: true },
      { key: 'role', title: text('类型', 'kind') },
      { key: 'note', title: text('说明', 'note'), drop: 1 },
      { key: 'count', title: text('计入', 'counted'), align: 'right' },
    ],
    rows: explanation.days.map((day) => ({
      date: day.date,
      role: roles[day.role][lang],
      note: day.paused ? `${day.note}${day.note ? ' ' : ''}${text('暂停：', 'paused by ')[lang]}${day.parts.join(lang === 'zh' ? '、' : ', ')}` : day.note,
      count: day.counted ? (lang === 'zh' ? `第 ${++counted} 天` : `day ${++counted}`) : '—',
    })),
  };
}

/** `case show J…` (with `--explain`: each day, and which part's pause stopped the clock on it). */
export function showCombined(ctx: Context, number: string, options: { showPii?: boolean; explain?: boolean }): View {
  const stored = readCombined(ctx.db(), ctx.calendar(), number, ctx.today());
  const view = present(ctx, stored, options.showPii === true);
  if (!options.explain) return view;
  const explanation = explainCombined(stored.derived, ctx.calendar(), ctx.today());
  view.json = { ...(view.json as CombinedJson), explain: explanation };
  if (explanation) {
    view.lines!.push(
      text(
        `期限计算：${explanation.accepted_date} 受理，受理当天不计入；承诺 ${explanation.limit_days} 个工作日，暂停不计 ${explanation.paused_days} 个工作日`,
        `deadline: accepted ${explanation.accepted_date}, that day not counted; ${explanation.limit_days} working days promised, ${explanation.paused_days} paused`,
      ),
    );
    view.tables!.push(explainTable(explanation, ctx.lang));
    view.csv = explainTable(explanation, ctx.lang);
  }
  return view;
}

/** `case list --combined`: one row per combined case, newest last, as of today. */
export function listCombinedView(ctx: Context, filter: { from?: IsoDate; to?: IsoDate }, limit: number | undefined): View {
  const all = listCombined(ctx.db(), ctx.calendar(), filter, ctx.today());
  const shown = limit === undefined ? all : all.slice(-limit);
  const rows = shown.map(({ row, derived }) => ({
    number: row.number,
    bundle: row.bundle,
    bundle_name: row.bundle_name,
    applicant: row.applicant,
    state: derived.state,
    deadline: derived.deadline,
    parts_done: derived.parts_done,
    parts_total: derived.parts_total,
  }));
  const table: TableSpec = {
    columns: [
      { key: 'number', title: text('联办编号', 'number'), whole: true },
      { key: 'bundle_name', title: text('一件事', 'bundle'), least: 8 },
      { key: 'applicant', title: text('申请人', 'applicant'), least: 6, drop: 2 },
      { key: 'state', title: text('状态', 'state'), whole: true },
      { key: 'deadline', title: text('承诺期限', 'deadline'), whole: true, drop: 1 },
      { key: 'progress', title: text('已完成', 'done'), align: 'right', whole: true },
    ],
    rows: rows.map((row) => ({
      ...row,
      state: STATE_WORDS[row.state][ctx.lang],
      deadline: row.deadline ?? (row.state === 'paused' ? text('暂停中', 'paused')[ctx.lang] : null),
      progress: `${row.parts_done}/${row.parts_total}`,
    })),
    footer:
      rows.length < all.length
        ? [
            text(
              `共 ${all.length} 件一件事，显示最新 ${rows.length} 件（--all 显示全部）`,
              `${all.length} combined cases, the newest ${rows.length} shown (--all shows every one)`,
            ),
          ]
        : undefined,
  };
  return { json: rows, tables: [table], csv: { columns: LIST_CSV_COLUMNS, rows } };
}

/** `case withdraw J…` / `case deliver J…` / `case void J…`: every part the step applies to, in one transaction. */
export function stepCombined(ctx: Context, number: string, action: Parameters<typeof applyToParts>[3], who: Actor, showPii: boolean): View {
  const db = ctx.db();
  const calendar = ctx.calendar();
  const { combined, steps } = writeTransaction(db, () => applyToParts(db, calendar, number, action, who));
  const numbers = steps.map((step) => step.row.number).join('、');
  const j = combined.row.number;
  const headline =
    action.command === 'withdraw'
      ? text(`一件事 ${j} 已撤回：${numbers}`, `combined case ${j} withdrawn: ${numbers}`)
      : action.command === 'deliver'
        ? text(`一件事 ${j} 已统一送达：${numbers}`, `combined case ${j} delivered: ${numbers}`)
        : text(`一件事 ${j} 已整件作废：${numbers}，不计入任何统计`, `combined case ${j} voided whole: ${numbers}; it counts in no figure`);
  return present(ctx, combined, showPii, headline);
}
