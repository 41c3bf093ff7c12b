/**
 * `hall demo`: builds a believable center in a new database — windows, the catalog of
 * `fixtures/demo-catalog.csv` (imported as `items import` does), the 一件事 of
 * `fixtures/bundles.csv` (as `bundles import` does), and N months of cases, combined
 * cases, evaluations and the reviews of the bad ones (差评整改), complaints of every
 * category and assessment records — in one write transaction, then
 * prints the last full month's reports as `hall report … --month last` prints them.
 */
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { BUNDLE_IMPORT_COLUMNS } from '../../core/bundle-table.js';
import { wholeNumber } from '../../core/case-values.js';
import { parseClockTime } from '../../core/dates.js';
import { DatabaseNotEmpty } from '../../core/file-errors.js';
import { ITEM_IMPORT_COLUMNS } from '../../core/item-table.js';
import { monthPeriod } from '../../core/period.js';
import { type LocalText, text } from '../../core/text.js';
import { writeTransactionAsync } from '../../db/database.js';
import { type DemoPlan, demoMonths, planDemo } from '../../demo/plan.js';
import { momentTime, writeDemoPlan, writeDemoWindows } from '../../demo/write.js';
import { importBundles } from '../../store/bundle-import.js';
import { importCatalog } from '../../store/catalog-import.js';
import { type DemoSummary, databaseContents, demoBundles, demoItems, demoSummary } from '../../store/demo.js';
import { readComplaintDays } from '../../store/settings.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import { openImportFile } from '../import-files.js';
import type { Column, View } from '../render.js';
import { reportScreens } from './report.js';

/** Beside the sources in a clone (`src/…` and the compiled `dist/…` are as deep), and read like any catalog file. */
export const DEMO_CATALOG = fileURLToPath(new URL('../../../fixtures/demo-catalog.csv', import.meta.url));
/** The 一件事 over that catalog, found the same way (package.json `files` ships both). */
export const DEMO_BUNDLES = fileURLToPath(new URL('../../../fixtures/bundles.csv', import.meta.url));

interface DemoOptions {
  months: string;
  seed: string;
  casesPerDay: string;
}

export async function demo(ctx: Context, options: DemoOptions): Promise<View | undefined> {
  const months = wholeNumber('months', options.months, 1, 24);
  const seed = wholeNumber('seed', options.seed, 0, 0xffffffff);
  const casesPerDay = wholeNumber('cases_per_day', options.casesPerDay, 1, 500);
  const db = ctx.db();
  const settings = ctx.settings();
  const calendar = ctx.calendar();
  const planned = demoMonths(ctx.today(), months);
  const [firstYear, firstMonth] = planned[0]!;
  const [lastYear, lastMonth] = planned[planned.length - 1]!;
  // The windows and the catalog exist from the first morning on, so that the catalog
  // figures of every month (项目进驻率 …, taken as of the month's end) count them.
  const openedAt = momentTime({ date: monthPeriod(firstYear, firstMonth).from, minutes: 8 * 60 }, settings.timeZone).at;
  const closingMinutes = parseClockTime(settings.closingTime) ?? 17 * 60 + 30;

  const plan: DemoPlan = await writeTransactionAsync(db, async () => {
    const held = databaseContents(db);
    if (held.cases > 0 || held.items > 0 || held.windows > 0) throw new DatabaseNotEmpty(ctx.dbPath, held.cases, held.items, held.windows);
    writeDemoWindows(db, openedAt);
    const { source, progress } = await openImportFile(ctx, DEMO_CATALOG, ITEM_IMPORT_COLUMNS, { label: ctx.t(text('导入事项', 'importing items')) });
    try {
      await importCatalog(db, source, { now: openedAt });
    } finally {
      progress.finish();
    }
    const bundleFile = await openImportFile(ctx, DEMO_BUNDLES, BUNDLE_IMPORT_COLUMNS, { label: ctx.t(text('导入一件事目录', 'importing bundles')) });
    try {
      await importBundles(db, bundleFile.source, { now: openedAt });
    } finally {
      bundleFile.progress.finish();
    }
    const built = planDemo({
      seed,
      months: planned,
      casesPerDay,
      items: demoItems(db),
      bundles: demoBundles(db),
      calendar,
      reviewDays: settings.reviewDays,
      complaintDays: readComplaintDays(db),
    });
    writeDemoPlan(db, calendar, built, { timeZone: settings.timeZone, closingMinutes });
    return built;
  });

  const summary = demoSummary(db, calendar, plan.period, ctx.today());
  const reported = monthPeriod(lastYear, lastMonth);
  const center = settings.centerName;
  const view = summaryView(summary, { center, seed, months, casesPerDay, reportMonth: reported.label });
  // JSON and CSV carry the summary's counts for scripts; a person gets the month's reports too.
  if (ctx.format !== 'table') return view;
  await ctx.emit([view, ...(await reportScreens(ctx, reported))]);
  return undefined;
}

interface DemoFacts {
  center: string;
  seed: number;
  months: number;
  casesPerDay: number;
  reportMonth: string;
}

/** The summary's counts as one CSV row: the field of each column, and its title. */
const SUMMARY_COLUMNS: readonly [string, LocalText][] = [
  ['from', text('起始日期', 'from')],
  ['to', text('截止日期', 'to')],
  ['seed', text('种子', 'seed')],
  ['departments', text('部门', 'departments')],
  ['windows', text('窗口', 'windows')],
  ['items', text('事项', 'items')],
  ['items_entered', text('进驻事项', 'items in the hall')],
  ['accepted', text('受理', 'accepted')],
  ['refused', text('不予受理', 'refused')],
  ['concluded', text('办结', 'concluded')],
  ['concluded_late', text('超期办结', 'concluded late')],
  ['withdrawn', text('撤回', 'withdrawn')],
  ['open', text('办理中', 'open')],
  ['paused', text('已暂停', 'paused')],
  ['supplemented', text('补正', 'supplemented')],
  ['suspended', text('特别程序', 'special procedures')],
  ['backoffice', text('后台办理', 'back office')],
  ['fees_fen', text('收费（分）', 'fees (fen)')],
  ['combined', text('一件事', 'combined cases')],
  ['combined_concluded', text('一件事办结', 'combined concluded')],
  ['combined_concluded_late', text('一件事超期办结', 'combined concluded late')],
  ['combined_open', text('一件事在办', 'combined open')],
  ['evaluations', text('评价', 'evaluations')],
  ['bad_evaluations', text('差评', 'bad evaluations')],
  ['complaints', text('投诉', 'complaints')],
  ['substantiated', text('查实投诉', 'substantiated')],
  ['deductions', text('扣分记录', 'deductions')],
  ['commendations', text('表扬记录', 'commendations')],
  ['reviews', text('差评整改单', 'reviews')],
  ['reviews_rectified_on_time', text('按期整改', 'rectified on time')],
  ['reviews_rectified_late', text('超期整改', 'rectified late')],
  ['reviews_invalid', text('申诉成立', 'appeals upheld')],
  ['reviews_open', text('待整改', 'reviews open')],
  ['reviews_overdue', text('超期未整改', 'reviews overdue')],
  ['reviews_visited', text('已回访', 'visited')],
  ['reviews_visit_unsatisfied', text('回访不满意', 'visits unsatisfied')],
  ['complaints_consult', text('咨询', 'consultations')],
  ['complaints_help', text('求助', 'requests for help')],
  ['complaints_suggest', text('建议', 'suggestions')],
  ['complaints_complaint', text('投诉（类）', 'complaints proper')],
  ['complaints_report', text('举报', 'reports')],
  ['complaints_on_time', text('按期办结工单', 'answered on time')],
  ['complaints_late', text('超期办结工单', 'answered late')],
  ['complaints_open', text('未办结工单', 'unanswered')],
];

function summaryRow(summary: DemoSummary, seed: number): Record<string, string | number> {
  const { items, cases, combined, evaluations, complaints, records, reviews } = summary;
  const { complaint_categories: categories, complaint_deadlines: deadlines } = summary;
  return {
    from: summary.period.from,
    to: summary.period.to,
    seed,
    departments: summary.departments,
    windows: summary.windows,
    items: items.total,
    items_entered: items.entered,
    accepted: cases.accepted,
    refused: cases.refused,
    concluded: cases.concluded,
    concluded_late: cases.concluded_late,
    withdrawn: cases.withdrawn,
    open: cases.open,
    paused: cases.paused,
    supplemented: cases.supplemented,
    suspended: cases.suspended,
    backoffice: cases.backoffice,
    fees_fen: cases.fees_fen,
    combined: combined.total,
    combined_concluded: combined.concluded,
    combined_concluded_late: combined.concluded_late,
    combined_open: combined.open,
    evaluations: evaluations.total,
    bad_evaluations: evaluations.bad,
    complaints: complaints.total,
    substantiated: complaints.substantiated,
    deductions: records.deductions,
    commendations: records.commendations,
    reviews: reviews.total,
    reviews_rectified_on_time: reviews.rectified_on_time,
    reviews_rectified_late: reviews.rectified_late,
    reviews_invalid: reviews.invalid,
    reviews_open: reviews.open,
    reviews_overdue: reviews.overdue,
    reviews_visited: reviews.visited,
    reviews_visit_unsatisfied: reviews.visit_unsatisfied,
    complaints_consult: categories.consult,
    complaints_help: categories.help,
    complaints_suggest: categories.suggest,
    complaints_complaint: categories.complaint,
    complaints_report: categories.report,
    complaints_on_time: deadlines.on_time,
    complaints_late: deadlines.late,
    complaints_open: deadlines.open,
  };
}

function summaryView(summary: DemoSummary, facts: DemoFacts): View {
  const { items, cases, combined, evaluations, complaints, records, reviews } = summary;
  const { complaint_categories: categories, complaint_deadlines: deadlines } = summary;
  const { from, to } = summary.period;
  const still = cases.open + cases.paused;
  return {
    json: { center: facts.center, seed: facts.seed, months: facts.months, cases_per_day: facts.casesPerDay, report_month: facts.reportMonth, ...summary },
    csv: {
      columns: SUMMARY_COLUMNS.map(([key, title]): Column => ({ key, title })),
      rows: [summaryRow(summary, facts.seed)],
    },
    lines: [
      text(
        `已建成示范中心"${facts.center}"：部门 ${summary.departments} 个，窗口 ${summary.windows} 个，事项 ${items.total} 项（即办件 ${items.immediate} 项，未进驻 ${items.total - items.entered} 项）`,
        `built the demo center "${facts.center}": ${summary.departments} departments, ${summary.windows} windows, ${items.total} items (${items.immediate} immediate, ${items.total - items.entered} not in the hall)`,
      ),
      text(
        `${from} 至 ${to}（${facts.months} 个月，种子 ${facts.seed}）：受理 ${cases.accepted} 件，不予受理 ${cases.refused} 件，办结 ${cases.concluded} 件（超期办结 ${cases.concluded_late} 件），撤回 ${cases.withdrawn} 件，仍在办 ${still} 件；补正 ${cases.supplemented} 件，特别程序 ${cases.suspended} 件，有环节在后台办理 ${cases.backoffice} 件`,
        `${from} to ${to} (${facts.months} months, seed ${facts.seed}): ${cases.accepted} accepted, ${cases.refused} refused, ${cases.concluded} concluded (${cases.concluded_late} late), ${cases.withdrawn} withdrawn, ${still} still open; ${cases.supplemented} paused for supplements, ${cases.suspended} for special procedures, ${cases.backoffice} with a stage in the back office`,
      ),
      text(
        `一件事 ${combined.total} 件（${combined.parts} 个办件）：办结 ${combined.concluded} 件（部分办结 ${combined.partial} 件，超期办结 ${combined.concluded_late} 件），撤回 ${combined.withdrawn} 件，仍在办 ${combined.open} 件（超期 ${combined.overdue} 件）`,
        `${combined.total} combined cases (${combined.parts} parts): ${combined.concluded} concluded (${combined.partial} partly, ${combined.concluded_late} late), ${combined.withdrawn} withdrawn, ${combined.open} still open (${combined.overdue} overdue)`,
      ),
      text(
        `好差评 ${evaluations.total} 条（差评 ${evaluations.bad} 条）；投诉等工单 ${complaints.total} 件（查实 ${complaints.substantiated} 件）；考核记录：扣分 ${records.deductions} 条，表扬 ${records.commendations} 条`,
        `${evaluations.total} evaluations (${evaluations.bad} bad); ${complaints.total} complaints and other requests (${complaints.substantiated} substantiated); assessment records: ${records.deductions} deductions, ${records.commendations} commendations`,
      ),
      text(
        `差评整改单 ${reviews.total} 张：按期整改 ${reviews.rectified_on_time} 张，超期整改 ${reviews.rectified_late} 张，申诉成立 ${reviews.invalid} 张，待整改 ${reviews.open} 张（已超期 ${reviews.overdue} 张）；回访 ${reviews.visited} 次（满意 ${reviews.visit_satisfied} 次，不满意 ${reviews.visit_unsatisfied} 次）`,
        `${reviews.total} reviews of bad ratings: ${reviews.rectified_on_time} rectified on time, ${reviews.rectified_late} late, ${reviews.invalid} appeals upheld, ${reviews.open} open (${reviews.overdue} overdue); ${reviews.visited} visits (${reviews.visit_satisfied} satisfied, ${reviews.visit_unsatisfied} unsatisfied)`,
      ),
      text(
        `工单：咨询 ${categories.consult} 件，求助 ${categories.help} 件，建议 ${categories.suggest} 件，投诉 ${categories.complaint} 件，举报 ${categories.report} 件；按期办结 ${deadlines.on_time} 件，超期办结 ${deadlines.late} 件，未办结 ${deadlines.open} 件（已超期 ${deadlines.overdue} 件）`,
        `requests: ${categories.consult} consultations, ${categories.help} for help, ${categories.suggest} suggestions, ${categories.complaint} complaints, ${categories.report} reports; ${deadlines.on_time} answered on time, ${deadlines.late} late, ${deadlines.open} open (${deadlines.overdue} overdue)`,
      ),
      text(
        `以下是 ${facts.reportMonth} 的月度统计与窗口考核（即 hall report monthly --month last 和 hall report assessment --month last）：`,
        `below, the monthly statistics and the window assessment of ${facts.reportMonth} (hall report monthly --month last and hall report assessment --month last):`,
      ),
    ],
  };
}

export function register(program: Command, app: App): void {
  program
    .command('demo')
    .description(
      app.t(
        '在新建的空库里建一个示范中心（窗口、事项目录、一件事目录、N 个月的办件和一件事、评价与差评整改、各类工单、考核记录），并输出上月报表',
        "build a demo center in a new, empty database (windows, catalog, bundles, N months of cases and combined cases, evaluations and reviews of bad ones, complaints of every category, records) and print last month's reports",
      ),
    )
    .option('--months <n>', app.t('生成截至上月的几个月（1–24）', 'how many months up to last month (1–24)'), '3')
    .option(
      '--seed <n>',
      app.t('随机种子：同一种子、同一 HALL_NOW 得到相同的库', 'random seed: the same seed on the same HALL_NOW builds the same database'),
      '1',
    )
    .option('--cases-per-day <n>', app.t('平常工作日的平均受理量（1–500）', 'mean cases accepted on an ordinary working day (1–500)'), '40')
    .action(app.action(demo));
}
