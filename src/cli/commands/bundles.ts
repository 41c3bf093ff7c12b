/** `hall bundles import|list|show|export|check`: the bundle catalog (一件事目录, SPEC §7.1). */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type BundleFinding, type BundleRule, checkBundles } from '../../core/bundle-check.js';
import {
  BUNDLE_EXPORT_HEADER,
  BUNDLE_IMPORT_COLUMNS,
  type BundleStatus,
  bundleExportRows,
  bundleFieldWords,
  bundleView,
  requiredDaysSum,
  type StoredBundle,
} from '../../core/bundle-table.js';
import type { LimitUnit } from '../../core/calendar.js';
import { InvalidValue } from '../../core/errors.js';
import { type LocalText, text } from '../../core/text.js';
import { type BundleChange, importBundles } from '../../store/bundle-import.js';
import { departmentsWithWindow, getBundle, listBundles } from '../../store/bundles.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import type { Lang } from '../i18n.js';
import { fileOptions, importWithRejects, openImportFile, readAs, readAsJson } from '../import-files.js';
import { renderNotice } from '../messages/notices.js';
import { itemStatusWord } from '../messages/words.js';
import { type Column, guardCell, type View } from '../render.js';

interface ImportOptions {
  encoding?: string;
  sheet?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  rejects?: string;
  sync?: boolean;
}

const CHANGE_WORDS: Record<BundleChange, LocalText> = {
  name: bundleFieldWords('bundle_name'),
  lead_department: bundleFieldWords('lead_department'),
  promised_days: bundleFieldWords('promised_days'),
  legal_days: bundleFieldWords('legal_days'),
  status: text('状态（恢复在用）', 'status (active again)'),
  members: text('成员事项', 'members'),
};

/** `（承诺时限、成员事项 2）` after the updated count: what the update changed, and in how many bundles when more than one. */
function changedWords(updated: number, fields: Partial<Record<BundleChange, number>>): LocalText {
  const entries = (Object.keys(CHANGE_WORDS) as BundleChange[]).filter((change) => fields[change]);
  if (entries.length === 0) return text('', '');
  const named = (lang: Lang) => entries.map((change) => (updated === 1 ? CHANGE_WORDS[change][lang] : `${CHANGE_WORDS[change][lang]} ${fields[change]}`));
  return text(`（${named('zh').join('、')}）`, ` (${named('en').join(', ')})`);
}

export async function importBundleFile(ctx: Context, file: string, options: ImportOptions): Promise<View> {
  const opened = await openImportFile(ctx, file, BUNDLE_IMPORT_COLUMNS, {
    encoding: options.encoding,
    sheet: options.sheet,
    label: ctx.t(text('导入一件事目录', 'importing bundles')),
  });
  const { source, progress } = opened;
  const how = readAs(opened);
  const db = ctx.db();
  // A dry run writes nothing, not even the rejects file.
  const { summary, rejectsFile } = await importWithRejects(ctx, file, options, { source, progress }, (onRejected) =>
    importBundles(db, source, {
      now: ctx.timestamp(),
      dryRun: options.dryRun,
      skipInvalid: options.skipInvalid,
      sync: options.sync,
      onRejected,
    }),
  );
  const changed = changedWords(summary.updated, summary.updated_fields);
  const sync = options.sync ? text(`，取消 ${summary.cancelled}`, `, cancelled ${summary.cancelled}`) : text('', '');
  const lines: LocalText[] = [
    summary.dry_run
      ? text(`试运行（--dry-run）：未写入任何数据。${file}`, `dry run: nothing was written. ${file}`)
      : text(`已导入一件事目录 ${file}（${how.zh}）`, `imported bundles from ${file} (${how.en})`),
    text(
      `数据行 ${summary.rows}：一件事新增 ${summary.inserted}，更新 ${summary.updated}${changed.zh}，未变 ${summary.unchanged}，拒绝 ${summary.rejected}（${summary.rejected_rows} 行）${sync.zh}`,
      `${summary.rows} rows: bundles inserted ${summary.inserted}, updated ${summary.updated}${changed.en}, unchanged ${summary.unchanged}, rejected ${summary.rejected} (${summary.rejected_rows} rows)${sync.en}`,
    ),
  ];
  if (summary.cancelled_bundles.length > 0) {
    const list = summary.cancelled_bundles.map((bundle) => `${bundle.code} ${bundle.name}`);
    const verb = summary.dry_run ? text('将取消', 'would cancel') : text('已取消', 'cancelled');
    lines.push(text(`${verb.zh}一件事 ${list.length} 个：${list.join('、')}`, `${verb.en} ${list.length} bundles: ${list.join(', ')}`));
  }
  if (rejectsFile) lines.push(text(`被拒绝的行及原因已写入 ${rejectsFile}`, `rejected rows with reasons written to ${rejectsFile}`));
  return {
    json: { ...summary, ...readAsJson(opened), warnings: source.header.notices.map((notice) => renderNotice(notice, ctx.lang)), rejects_file: rejectsFile },
    lines,
  };
}

function limitText(ctx: Context, days: number | null, unit: LimitUnit = 'workday'): string {
  if (days === null) return '—';
  if (days === 0) return ctx.t(text('即办', 'immediate'));
  return unit === 'calendar' ? ctx.t(text(`${days}个自然日`, `${days} calendar days`)) : ctx.t(text(`${days}个工作日`, `${days} working days`));
}

function statusWord(ctx: Context, status: BundleStatus): string {
  return ctx.t(status === 'active' ? text('在用', 'active') : text('取消', 'cancelled'));
}

/** `必选事项合计 9个工作日 + 10个自然日`: the sum of the required members' limits, each unit on its own. */
function requiredSumText(ctx: Context, bundle: StoredBundle): string {
  const sum = requiredDaysSum(bundle.members);
  const parts = [limitText(ctx, sum.workdays)];
  if (sum.calendarDays > 0) parts.push(limitText(ctx, sum.calendarDays, 'calendar'));
  return parts.join(' + ');
}

function requireStatus(value: string | undefined): BundleStatus | undefined {
  if (value === undefined) return undefined;
  const status = ({ active: 'active', 在用: 'active', cancelled: 'cancelled', 取消: 'cancelled' } as const)[value.trim().toLowerCase()];
  if (!status) throw new InvalidValue('status', value, { rule: 'item_status' });
  return status;
}

const LIST_COLUMNS: Column[] = [
  { key: 'code', title: text('一件事编码', 'code'), whole: true },
  { key: 'name', title: text('一件事名称', 'name'), least: 16 },
  { key: 'lead', title: text('牵头部门', 'lead'), drop: 2 },
  { key: 'members', title: text('事项数', 'items'), align: 'right', drop: 3 },
  { key: 'promised', title: text('承诺时限', 'promised'), align: 'right', whole: true },
  { key: 'sum', title: text('必选合计', 'required sum'), align: 'right', drop: 1 },
  { key: 'status', title: text('状态', 'status'), whole: true },
];

export function list(ctx: Context, options: { status?: string }): View {
  const bundles = listBundles(ctx.db(), requireStatus(options.status));
  const views = bundles.map(bundleView);
  return {
    json: views,
    tables: [
      {
        columns: LIST_COLUMNS,
        footer: [text(`共 ${bundles.length} 个一件事`, `${bundles.length} bundle${bundles.length === 1 ? '' : 's'}`)],
        rows: bundles.map((bundle) => ({
          code: bundle.code,
          name: bundle.name,
          lead: bundle.leadDepartment,
          members: bundle.members.length,
          promised: limitText(ctx, bundle.promisedDays),
          sum: requiredSumText(ctx, bundle),
          status: statusWord(ctx, bundle.status),
        })),
      },
    ],
    csv: {
      columns: [
        { key: 'code', title: text('一件事编码', 'code') },
        { key: 'name', title: text('一件事名称', 'name') },
        { key: 'lead_department', title: text('牵头部门', 'lead_department') },
        { key: 'promised_days', title: text('承诺时限', 'promised_days') },
        { key: 'legal_days', title: text('法定时限', 'legal_days') },
        { key: 'status', title: text('状态', 'status') },
        { key: 'member_count', title: text('事项数', 'member_count') },
        { key: 'required_days_sum', title: text('必选事项承诺时限合计(工作日)', 'required_days_sum') },
        { key: 'required_calendar_days_sum', title: text('必选事项承诺时限合计(自然日)', 'required_calendar_days_sum') },
      ],
      rows: views.map((view) => ({ ...view, member_count: view.members.length })),
    },
  };
}

export function show(ctx: Context, code: string): View {
  const bundle = getBundle(ctx.db(), code);
  const yes = ctx.t(text('是', 'yes'));
  const no = ctx.t(text('否', 'no'));
  return {
    json: bundleView(bundle),
    lines: [
      text(`${bundle.code} ${bundle.name}（${statusWord(ctx, bundle.status)}）`, `${bundle.code} ${bundle.name} (${statusWord(ctx, bundle.status)})`),
      text(`牵头部门：${bundle.leadDepartment}`, `lead department: ${bundle.leadDepartment}`),
      text(
        `承诺时限 ${limitText(ctx, bundle.promisedDays)}，法定时限 ${limitText(ctx, bundle.legalDays)}；必选事项分别办理的承诺时限合计 ${requiredSumText(ctx, bundle)}`,
        `promised ${limitText(ctx, bundle.promisedDays)}, legal ${limitText(ctx, bundle.legalDays)}; the required items one after another are promised ${requiredSumText(ctx, bundle)}`,
      ),
    ],
    tables: [
      {
        columns: [
          { key: 'position', title: text('序号', 'no.'), align: 'right' },
          { key: 'item', title: text('事项编码', 'item'), shorten: 'middle' },
          { key: 'item_name', title: text('事项名称', 'name'), least: 16 },
          { key: 'department', title: text('部门', 'department'), drop: 2 },
          { key: 'window', title: text('窗口', 'window'), drop: 1 },
          { key: 'promised', title: text('承诺时限', 'promised'), align: 'right', whole: true },
          { key: 'required', title: text('必选', 'required'), whole: true },
        ],
        rows: bundle.members.map((member, index) => ({
          position: index + 1,
          item: member.item,
          item_name: member.itemStatus === 'active' ? member.itemName : `${member.itemName}（${itemStatusWord(member.itemStatus, ctx.lang)}）`,
          department: member.department,
          window: member.windowName ?? ctx.t(text('未进驻', 'not in hall')),
          promised: limitText(ctx, member.promisedDays, member.limitUnit),
          required: member.required ? yes : no,
        })),
      },
    ],
  };
}

/**
 * The active bundles in the import format, so that `bundles import` reads them back the
 * same (and `--sync` with it leaves the catalog as it is); a cancelled bundle has no
 * column to say so in the file, and would come back active. `--format json` is the
 * array `list --format json` prints of them.
 */
export async function exportBundles(ctx: Context): Promise<View | undefined> {
  const bundles = listBundles(ctx.db(), 'active');
  if (ctx.format === 'json') return { json: bundles.map(bundleView) };
  const { stringify } = await import('csv-stringify/sync');
  const rows = [BUNDLE_EXPORT_HEADER, ...bundles.flatMap(bundleExportRows)].map((cells) => cells.map(guardCell));
  const csv = stringify(rows, { record_delimiter: '\r\n' });
  const out = ctx.outPath;
  if (out === undefined) ctx.io.stdout.write(csv);
  else await ctx.writeOut(() => writeFileSync(out, `\uFEFF${csv}`));
  return undefined;
}

const RULE_WORDS: Record<BundleRule, LocalText> = {
  member_slower: text('事项慢于一件事', 'item slower'),
  member_not_active: text('事项未在用', 'item not active'),
  member_not_in_hall: text('事项未进驻', 'item not in hall'),
  lead_no_window: text('牵头部门无窗口', 'lead has no window'),
};

function findingDetail(ctx: Context, finding: BundleFinding): LocalText {
  switch (finding.rule) {
    case 'member_slower': {
      const own = limitText(ctx, finding.promised, finding.unit);
      const bundle = limitText(ctx, finding.bundle_promised);
      return finding.unit === 'calendar'
        ? text(`必选事项承诺 ${own}，可能长于一件事的 ${bundle}`, `a required item promised ${own} may take longer than the bundle's ${bundle}`)
        : text(`必选事项承诺 ${own}，长于一件事的 ${bundle}`, `a required item promised ${own}, longer than the bundle's ${bundle}`);
    }
    case 'member_not_active':
      return text(`事项已${itemStatusWord(finding.status, 'zh')}`, `the item is ${finding.status}`);
    case 'member_not_in_hall':
      return text('事项未进驻大厅（没有受理窗口）', 'the item is not in the hall (no window)');
    case 'lead_no_window':
      return text(`牵头部门 ${finding.department} 在大厅没有窗口，无法一窗受理`, `the lead department ${finding.department} has no window in the hall`);
  }
}

/** Lints the active bundles (SPEC §7.1); like `items check`, findings are a report, not a failure. */
export function check(ctx: Context): View {
  const db = ctx.db();
  const checked = checkBundles(listBundles(db, 'active'), departmentsWithWindow(db));
  const findings = checked.findings.map((finding) => ({ ...finding, detail: ctx.t(findingDetail(ctx, finding)) }));
  const columns: Column[] = [
    { key: 'code', title: text('一件事编码', 'bundle'), whole: true },
    { key: 'item', title: text('事项编码', 'item'), shorten: 'middle', drop: 2 },
    { key: 'rule_name', title: text('规则', 'rule'), drop: 1 },
    { key: 'detail', title: text('说明', 'detail') },
  ];
  return {
    json: { bundles: checked.bundles, findings },
    lines: [text(`检查在用一件事 ${checked.bundles} 个，发现 ${findings.length} 个问题`, `checked ${checked.bundles} bundles, ${findings.length} findings`)],
    tables: [{ columns, rows: findings.map((finding) => ({ ...finding, rule_name: ctx.t(RULE_WORDS[finding.rule]) })) }],
    // Scripts match the rule id; the table shows its words.
    csv: {
      columns: [
        { key: 'code', title: text('一件事编码', 'code') },
        { key: 'name', title: text('一件事名称', 'name') },
        { key: 'item', title: text('事项编码', 'item') },
        { key: 'rule', title: text('规则', 'rule') },
        { key: 'detail', title: text('说明', 'detail') },
      ],
      rows: findings,
    },
  };
}

export function register(program: Command, app: App): void {
  const bundles = program.command('bundles').description(app.t('一件事目录', 'bundle catalog (一件事)'));
  fileOptions(
    bundles
      .command('import')
      .description(
        app.t(
          '导入一件事目录 CSV 或 Excel 工作簿（每行一个成员事项，按一件事编码新增或整体替换）',
          'import a bundle catalog CSV or Excel workbook (one row per member; upsert by bundle code)',
        ),
      )
      .argument('<file>', app.t('CSV 文件（GB18030、UTF-8 或 UTF-16）或 .xlsx 工作簿', 'CSV file (GB18030, UTF-8 or UTF-16) or .xlsx workbook')),
    app,
  )
    .option('--dry-run', app.t('只校验并打印汇总，不写入', 'validate and print the summary without writing'))
    .option(
      '--skip-invalid',
      app.t('只导入有效的一件事，无效的（整个一件事）写入拒绝文件', 'import the valid bundles; write the invalid ones, whole, to the rejects file'),
    )
    .option('--rejects <file>', app.t('拒绝文件（默认 <输入>.rejects.csv）', 'rejects file (default <input>.rejects.csv)'))
    .option('--sync', app.t('文件中没有的一件事标为取消', 'mark bundles absent from the file as cancelled'))
    .action(app.action(importBundleFile));
  bundles
    .command('list')
    .description(app.t('列出一件事', 'list bundles'))
    .option('--status <status>', app.t('按状态：active 在用 | cancelled 取消', 'by status: active | cancelled'))
    .action(app.action(list));
  bundles
    .command('show')
    .description(app.t('查看一个一件事：成员事项、部门、窗口、时限', 'show one bundle: its items, departments, windows and limits'))
    .argument('<code>', app.t('一件事编码', 'bundle code'))
    .action(app.action(show));
  bundles
    .command('export')
    .description(
      app.t('导出在用的一件事：CSV 为导入格式（可再导入），--format json 为 JSON 数组', 'export the active bundles: CSV in the import format, or a JSON array'),
    )
    .action(app.action(exportBundles));
  bundles
    .command('check')
    .description(
      app.t(
        '检查一件事：必选事项慢于一件事、事项取消或暂停、事项未进驻、牵头部门无窗口',
        'lint the bundles: a required item slower than the bundle, an item cancelled, suspended or not in the hall, a lead without a window',
      ),
    )
    .action(app.action(check));
}
