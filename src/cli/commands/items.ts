/** `hall items import|list|show|export|check`: the item catalog (SPEC §3.1, §5). */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import type { LimitUnit } from '../../core/calendar.js';
import { formatDayLimit, formatFeeYuan, formatStages, type ItemStatus, KIND_NAMES, parseItemType, parseStatus } from '../../core/catalog.js';
import { type CatalogFinding, checkCatalog } from '../../core/catalog-check.js';
import { InvalidValue } from '../../core/errors.js';
import { exportRow } from '../../core/item-row.js';
import {
  type CatalogItem,
  EXPORT_HEADER,
  FIELD_VALUES,
  ITEM_FIELD_TABLE,
  ITEM_FIELDS,
  ITEM_HEADERS,
  ITEM_IMPORT_COLUMNS,
  type ItemField,
  itemView,
  LISTED_VALUES,
  type PlainField,
} from '../../core/item-table.js';
import { isProblem } from '../../core/problems.js';
import { type LocalText, text } from '../../core/text.js';
import { importCatalog } from '../../store/catalog-import.js';
import { countItems, getItem, iterateItems, listCatalogItems } from '../../store/items.js';
import { findDepartment, findWindow } from '../../store/organisation.js';
import type { App } from '../app.js';
import type { Context, OutputStream } from '../context.js';
import type { Lang } from '../i18n.js';
import { fileOptions, importWithRejects, openImportFile, readAs, readAsJson } from '../import-files.js';
import { renderNotice } from '../messages/notices.js';
import { CHECK_RULE_WORDS, itemStatusWord, listFooter } from '../messages/words.js';
import { type PagingOptions, pageLimit } from '../paging.js';
import { type Column, guardCell, type View } from '../render.js';

interface ImportOptions {
  encoding?: string;
  sheet?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  rejects?: string;
  sync?: boolean;
  strict?: boolean;
}

/** How many cancelled items the summary names; the JSON lists them all. */
const CANCELLED_SHOWN = 20;

export async function importItems(ctx: Context, file: string, options: ImportOptions): Promise<View> {
  const opened = await openImportFile(ctx, file, ITEM_IMPORT_COLUMNS, {
    encoding: options.encoding,
    sheet: options.sheet,
    label: ctx.t(text('导入事项', 'importing items')),
  });
  const { source, progress } = opened;
  const how = readAs(opened);
  const db = ctx.db();
  // A dry run writes nothing, not even the rejects file.
  const { summary, rejectsFile } = await importWithRejects(ctx, file, options, { source, progress }, (onRejected) =>
    importCatalog(db, source, {
      now: ctx.timestamp(),
      dryRun: options.dryRun,
      skipInvalid: options.skipInvalid,
      sync: options.sync,
      strict: options.strict,
      onRejected,
    }),
  );
  const changed = changedFields(summary.updated, summary.updated_fields);

  const lines: LocalText[] = [
    summary.dry_run
      ? text(`试运行（--dry-run）：未写入任何数据。${file}`, `dry run: nothing was written. ${file}`)
      : text(`已导入 ${file}（${how.zh}）`, `imported ${file} (${how.en})`),
    text(
      `数据行 ${summary.rows}：新增 ${summary.inserted}，更新 ${summary.updated}${changed.zh}，未变 ${summary.unchanged}，拒绝 ${summary.rejected}${options.sync ? `，取消 ${summary.cancelled}` : ''}`,
      `${summary.rows} rows: inserted ${summary.inserted}, updated ${summary.updated}${changed.en}, unchanged ${summary.unchanged}, rejected ${summary.rejected}${options.sync ? `, cancelled ${summary.cancelled}` : ''}`,
    ),
  ];
  if (summary.cancelled_items.length > 0) {
    const shown = summary.cancelled_items.slice(0, CANCELLED_SHOWN).map((item) => `${item.code} ${item.name}`);
    const more = summary.cancelled_items.length > shown.length;
    lines.push(
      text(
        `${summary.dry_run ? '将取消' : '已取消'}事项 ${summary.cancelled} 项：${shown.join('、')}${more ? ` 等（只列出前 ${shown.length} 项）` : ''}`,
        `${summary.dry_run ? 'would cancel' : 'cancelled'} ${summary.cancelled} items: ${shown.join(', ')}${more ? ` and more (the first ${shown.length} shown)` : ''}`,
      ),
    );
    for (const item of summary.cancelled_items) {
      if (item.running_cases > 0) ctx.warn({ notice: 'cancelled_with_running_cases', code: item.code, name: item.name, cases: item.running_cases });
    }
  }
  if (summary.created_departments.length > 0) {
    lines.push(
      text(
        `新建部门 ${summary.created_departments.length} 个：${summary.created_departments.join('、')}`,
        `created ${summary.created_departments.length} departments: ${summary.created_departments.join(', ')}`,
      ),
    );
  }
  if (summary.created_windows.length > 0) {
    const list = summary.created_windows.map((window) => `${window.code} ${window.name}`);
    lines.push(text(`新建窗口 ${list.length} 个：${list.join('、')}`, `created ${list.length} windows: ${list.join(', ')}`));
  }
  if (rejectsFile) lines.push(text(`被拒绝的行及原因已写入 ${rejectsFile}`, `rejected rows with reasons written to ${rejectsFile}`));
  return {
    json: { ...summary, ...readAsJson(opened), warnings: source.header.notices.map((notice) => renderNotice(notice, ctx.lang)), rejects_file: rejectsFile },
    lines,
  };
}

/** A field as messages name it: by its export header in Chinese. */
function fieldWords(field: ItemField): LocalText {
  return text(ITEM_HEADERS[field][0]!, ITEM_FIELD_TABLE[field].en);
}

/**
 * `（承诺时限）` after the updated count: which fields the update changed. With more than
 * one item updated each field says in how many, since they need not all change the same.
 */
function changedFields(updated: number, fields: Partial<Record<ItemField, number>>): LocalText {
  const entries = ITEM_FIELDS.filter((field) => fields[field]).map((field) => [fieldWords(field), fields[field]!] as const);
  if (entries.length === 0) return text('', '');
  const named = (lang: Lang) => entries.map(([words, count]) => (updated === 1 ? words[lang] : `${words[lang]} ${count}`));
  return text(`（${named('zh').join('、')}）`, ` (${named('en').join(', ')})`);
}

function limitText(ctx: Context, days: number | null, unit: LimitUnit | null): string {
  if (days === null) return '—';
  if (days === 0) return ctx.t(text('即办', 'immediate'));
  return unit === 'calendar' ? ctx.t(text(`${days}个自然日`, `${days} calendar days`)) : ctx.t(text(`${days}个工作日`, `${days} working days`));
}

// On a narrow terminal the fee goes first, then type, department, legal limit and
// window: the code, name, promised limit and status are what a clerk looks up.
const ITEM_COLUMNS: Column[] = [
  // A provincial 实施编码 runs to 55 characters: its middle goes before the name shrinks.
  { key: 'code', title: text('事项编码', 'code'), shorten: 'middle' },
  { key: 'name', title: text('事项名称', 'name'), least: 24 },
  { key: 'department', title: text('部门', 'department'), drop: 3 },
  { key: 'type', title: text('类型', 'type'), drop: 4 },
  { key: 'legal', title: text('法定时限', 'legal'), align: 'right', drop: 2 },
  { key: 'promised', title: text('承诺时限', 'promised'), align: 'right', whole: true },
  { key: 'fee', title: text('收费(元)', 'fee (yuan)'), align: 'right', drop: 5 },
  { key: 'window', title: text('窗口', 'window'), drop: 1 },
  { key: 'status', title: text('状态', 'status'), whole: true },
];

/**
 * `items list --format csv`: the values of the JSON form (SPEC §3.1), a limit and its
 * unit in two columns, nothing as a blank cell. The English headings are the JSON
 * field names; the Chinese ones those of `items export` where it has the field.
 */
const ITEM_CSV_COLUMNS: Column[] = LISTED_VALUES.map(({ key, zh }) => ({ key, title: text(zh, key) }));

function requireStatus(value: string | undefined): ItemStatus | undefined {
  if (value === undefined) return undefined;
  const status = parseStatus(value);
  if (isProblem(status)) throw new InvalidValue('status', value, status);
  return status;
}

export function list(ctx: Context, options: PagingOptions & { dept?: string; window?: string; type?: string; search?: string; status?: string }): View {
  let type: string | undefined;
  if (options.type !== undefined) {
    const parsed = parseItemType(options.type);
    if (isProblem(parsed)) throw new InvalidValue('type', options.type, parsed);
    type = parsed;
  }
  const db = ctx.db();
  const filter = {
    // Named as a person names them (公安 for 公安局, 出入境窗口 for W002); an unknown one is a typo, not an empty list.
    department: options.dept === undefined ? undefined : findDepartment(db, options.dept).name,
    window: options.window === undefined ? undefined : findWindow(db, options.window).code,
    type,
    search: options.search,
    status: requireStatus(options.status),
  };
  const limit = pageLimit(ctx.format, options);
  const items = listCatalogItems(db, filter, limit);
  const total = limit === undefined || items.length < limit ? items.length : countItems(db, filter);
  const views = items.map(itemView);
  return {
    json: views,
    tables: [
      {
        columns: ITEM_COLUMNS,
        // Items have no "newest": a page is the first by code, the order `export` writes and a clerk scans.
        footer: [listFooter('items', total, items.length)],
        rows: items.map((item) => ({
          ...item,
          legal: limitText(ctx, item.legalDays, item.legalUnit),
          promised: limitText(ctx, item.promisedDays, item.limitUnit),
          fee: formatFeeYuan(item.feeFen),
          window: item.windowName ?? ctx.t(text('未进驻', 'not in hall')),
          status: itemStatusWord(item.status, ctx.lang),
        })),
      },
    ],
    csv: { columns: ITEM_CSV_COLUMNS, rows: views },
  };
}

type ShownRows = (ctx: Context, item: CatalogItem) => [LocalText, string][];

/**
 * `items show` rows of the fields a value of its own does not show plainly; a field read
 * from its own cell shows its value, or — for none.
 */
const SHOWN: Record<Exclude<ItemField, PlainField | 'code'>, ShownRows> & Partial<Record<ItemField, ShownRows>> = {
  legal_days: (ctx, item) => [[fieldWords('legal_days'), limitText(ctx, item.legalDays, item.legalUnit)]],
  promised_days: (ctx, item) => [[fieldWords('promised_days'), limitText(ctx, item.promisedDays, item.limitUnit)]],
  kind: (ctx, item) => [[fieldWords('kind'), ctx.lang === 'zh' ? KIND_NAMES[item.kind] : item.kind]],
  fee: (ctx, item) => [[fieldWords('fee'), item.feeFen === 0 ? ctx.t(text('不收费', 'free')) : `${formatFeeYuan(item.feeFen)} ${ctx.t(text('元', 'yuan'))}`]],
  window: (ctx, item) => [[fieldWords('window'), item.window ? `${item.window} ${item.windowName}` : ctx.t(text('未进驻', 'not in hall'))]],
  stages: (_ctx, item) => [[fieldWords('stages'), formatStages(item.stages)]],
  authorized: (ctx, item) => {
    const authorization = !item.authorizationDeclared
      ? text('未申报（按全部授权计）', 'not declared (counted as all stages)')
      : text(formatStages(item.authorized, '、'), formatStages(item.authorized, ', '));
    return [
      [text(ITEM_HEADERS.authorized[0]!, 'authorized'), ctx.t(authorization)],
      [text('完全授权', 'fully authorized'), item.fullyAuthorized ? ctx.t(text('是', 'yes')) : ctx.t(text('否', 'no'))],
    ];
  },
  status: (ctx, item) => [[fieldWords('status'), itemStatusWord(item.status, ctx.lang)]],
};

function shownPlainly(item: CatalogItem, field: ItemField): string {
  const value = item[FIELD_VALUES[field][0]!];
  return value === null || value === '' ? '—' : String(value);
}

export function show(ctx: Context, code: string): View {
  const item = getItem(ctx.db(), code);
  const rows = ITEM_FIELDS.flatMap((field): [LocalText, string][] => SHOWN[field]?.(ctx, item) ?? [[fieldWords(field), shownPlainly(item, field)]]);
  return {
    json: itemView(item),
    tables: [
      {
        columns: [
          { key: 'field', title: text('字段', 'field') },
          { key: 'value', title: text('内容', 'value') },
        ],
        rows: rows.map(([field, value]) => ({ field: ctx.t(field), value })),
      },
    ],
  };
}

/**
 * Writes the whole catalog, streaming (a province's catalog has 60,000 items). CSV is
 * the import format, so that `items import` reads it back unchanged; JSON (`--format
 * json`, or an `--out` file ending in .json) is every item as `items list --format json`
 * prints it, the same array a script gets from `list`.
 */
export async function exportItems(ctx: Context): Promise<void> {
  const db = ctx.db();
  const toFile = ctx.outPath !== undefined;
  const file = toFile ? createWriteStream(ctx.outPath!) : null;
  // Listening from the start: a full disk reports on a later tick, while rows are still being written.
  const written = file ? finished(file) : null;
  const target: OutputStream = file ?? ctx.io.stdout;
  if (ctx.format === 'json') writeJsonArray(target, mapped(iterateItems(db), itemView));
  else {
    const { stringify } = await import('csv-stringify/sync');
    const line = (cells: readonly string[]) => stringify([cells.map(guardCell)], { record_delimiter: '\r\n' });
    if (toFile) target.write('\uFEFF');
    target.write(line(EXPORT_HEADER));
    for (const item of iterateItems(db)) target.write(line(exportRow(item)));
  }
  file?.end();
  if (written) await ctx.writeOut(() => written);
}

function* mapped<T, U>(elements: Iterable<T>, map: (element: T) => U): Iterable<U> {
  for (const element of elements) yield map(element);
}

/** A JSON array written one element at a time, laid out as every other `--format json` answer is. */
function writeJsonArray(target: OutputStream, elements: Iterable<unknown>): void {
  let first = true;
  for (const element of elements) {
    target.write(`${first ? '[\n' : ',\n'}  ${JSON.stringify(element, null, 2).replaceAll('\n', '\n  ')}`);
    first = false;
  }
  target.write(first ? '[]\n' : '\n]\n');
}

/** `承诺时限 15 日，比法定 20 日仅压缩 25%（要求至少 30%）`: the figure a clerk checks against the rule. */
function findingDetail(finding: CatalogFinding): LocalText {
  switch (finding.rule) {
    case 'promised_over_legal':
      return text(`承诺时限 ${finding.promised} 日长于法定时限 ${finding.legal} 日`, `promised ${finding.promised} days exceeds legal ${finding.legal}`);
    case 'compression_under_30': {
      const { promised, legal, percent } = finding;
      return promised === legal
        ? text(
            `承诺时限 ${promised} 日，与法定 ${legal} 日相同，未压缩（要求至少 30%）`,
            `promised ${promised} days equals the legal ${legal}: not compressed (30% required)`,
          )
        : text(
            `承诺时限 ${promised} 日，比法定 ${legal} 日仅压缩 ${percent}%（要求至少 30%）`,
            `promised ${promised} days is only ${percent}% below the legal ${legal} (30% required)`,
          );
    }
    case 'mixed_units':
      return text(
        `法定时限 ${formatDayLimit(finding.legal.days, finding.legal.unit)} 与承诺时限 ${formatDayLimit(finding.promised.days, finding.promised.unit)} 单位不同，无法比较`,
        'legal and promised limits are in different units',
      );
    case 'no_window':
      return text('未进驻大厅（没有受理窗口）', 'not entered in the hall (no window)');
    case 'authorization_not_declared':
      return text('未申报窗口授权', 'window authorization not declared');
    case 'duplicate_name':
      return text(`事项名称"${finding.name}"与 ${finding.others.join('、')} 重复`, `name "${finding.name}" is shared with ${finding.others.join(', ')}`);
  }
}

/** Lints the active catalog for what assessments penalise (SPEC §4 items check). */
export function check(ctx: Context): View {
  const checked = checkCatalog(iterateItems(ctx.db()));
  const findings = checked.findings.map((finding) => ({ code: finding.code, name: finding.name, rule: finding.rule, detail: ctx.t(findingDetail(finding)) }));
  return {
    json: { items: checked.items, findings },
    lines: [text(`检查在用及暂停事项 ${checked.items} 项，发现 ${findings.length} 个问题`, `checked ${checked.items} items, ${findings.length} findings`)],
    tables: [
      {
        columns: [
          { key: 'code', title: text('事项编码', 'code'), shorten: 'middle' },
          { key: 'name', title: text('事项名称', 'name') },
          { key: 'rule_name', title: text('规则', 'rule'), drop: 1 },
          { key: 'detail', title: text('说明', 'detail') },
        ],
        rows: findings.map((finding) => ({ ...finding, rule_name: ctx.t(CHECK_RULE_WORDS[finding.rule]) })),
      },
    ],
    // Scripts match the rule id; the table shows its words.
    csv: {
      columns: [
        { key: 'code', title: text('事项编码', 'code') },
        { key: 'name', title: text('事项名称', 'name') },
        { key: 'rule', title: text('规则', 'rule') },
        { key: 'detail', title: text('说明', 'detail') },
      ],
      rows: findings,
    },
  };
}

export function register(program: Command, app: App): void {
  const items = program.command('items').description(app.t('事项目录', 'item catalog'));
  fileOptions(
    items
      .command('import')
      .description(app.t('批量导入事项目录 CSV 或 Excel 工作簿（按事项编码新增或更新）', 'import an item catalog CSV or Excel workbook (upsert by code)'))
      .argument('<file>', app.t('CSV 文件（GB18030、UTF-8 或 UTF-16）或 .xlsx 工作簿', 'CSV file (GB18030, UTF-8 or UTF-16) or .xlsx workbook')),
    app,
  )
    .option('--dry-run', app.t('只校验并打印汇总，不写入', 'validate and print the summary without writing'))
    .option('--skip-invalid', app.t('只导入有效行，无效行写入拒绝文件', 'import the valid rows; write the invalid ones to the rejects file'))
    .option('--rejects <file>', app.t('拒绝文件（默认 <输入>.rejects.csv）', 'rejects file (default <input>.rejects.csv)'))
    .option('--sync', app.t('文件中没有的事项标为取消', 'mark items absent from the file as cancelled'))
    .option('--strict', app.t('未知部门和窗口视为错误，不自动创建', 'unknown departments and windows are errors, not created'))
    .action(app.action(importItems));
  items
    .command('list')
    .description(app.t('列出事项', 'list items'))
    .option('--dept <name>', app.t('按部门（名称或其开头，如 公安）', 'by department (its name or the start of it)'))
    .option('--window <code>', app.t('按窗口编码或名称', 'by window code or name'))
    .option('--type <type>', app.t('按事项类型', 'by item type'))
    .option('--search <text>', app.t('按编码或名称查找', 'search code or name'))
    .option('--status <status>', app.t('按状态：active 在用 | suspended 暂停 | cancelled 取消', 'by status: active | suspended | cancelled'))
    .option('--limit <n>', app.t('最多显示 N 项（表格默认按编码前 50 项）', 'show at most N items (a table shows the first 50 by code)'))
    .option('--all', app.t('表格也显示全部事项', 'show every item in a table too'))
    .action(app.action(list));
  items.command('show').description(app.t('查看一个事项', 'show one item')).argument('<code>', app.t('事项编码', 'item code')).action(app.action(show));
  items
    .command('export')
    .description(
      app.t(
        '导出事项目录：CSV 为导入格式（可再导入），--format json 为 JSON 数组',
        'export the catalog: CSV in the import format, or a JSON array with --format json',
      ),
    )
    .action(app.action(exportItems));
  items
    .command('check')
    .description(
      app.t(
        '检查目录：承诺超法定、压缩不足 30%、未进驻、未申报授权、名称重复',
        'lint the catalog: promised > legal, under 30% compression, no window, no authorization, duplicate names',
      ),
    )
    .action(app.action(check));
}
