/**
 * `hall report monthly` and `hall report assessment` (SPEC §6): the statistics pack and
 * the window assessment, to the terminal, or to files for the monthly cron job. A
 * report file is never overwritten without --force, and every target is checked
 * before anything is computed or written.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Command } from 'commander';
import { type AssessmentReport, DEFAULT_RUBRIC, parseRubric, type Rubric } from '../../core/assessment.js';
import { InvalidValue, UsageError } from '../../core/errors.js';
import { FileNotFound, OutputExists, OutputUnwritable } from '../../core/file-errors.js';
import type { MonthlyReport } from '../../core/metrics.js';
import { type NamedPeriod, type PeriodOptions, resolvePeriod } from '../../core/period.js';
import { text } from '../../core/text.js';
import { checkOutputTarget } from '../../io/output-target.js';
import { assessmentPack } from '../../report/assessment.js';
import { sealReport } from '../../report/envelope.js';
import { monthlyPack } from '../../report/monthly.js';
import type { ReportKind, ReportPack } from '../../report/section.js';
import { REPORT_NAMES, reportHeading, reportSections } from '../../report/words.js';
import { coveredYears } from '../../store/calendar.js';
import { assessmentReport } from '../../store/report-assessment.js';
import { monthlyReport } from '../../store/report-monthly.js';
import { readCenterIdentity, readStoredRubric } from '../../store/settings.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import { type Lang, say } from '../i18n.js';
import { type OutputFormat, renderCsv, renderView, type View, writeOutput } from '../render.js';
import { sectionJson, sectionTable } from '../report-table.js';
import { type FreezeOptions, freezeOptions, planFreeze, registerFrozenList, settleFreeze, warnChanges } from './report-frozen.js';
import { registerNetwork } from './report-network.js';
import { assessmentPageMaker, monthlyPageMaker, type PageMaker } from './report-page.js';

export interface ReportOptions extends PeriodOptions, FreezeOptions {
  section?: string;
  force?: boolean;
  rubric?: string;
}

/** Where a report goes: the screen, or these files (a directory is made just before writing). */
type Plan =
  | { to: 'stdout'; format: Exclude<OutputFormat, 'xlsx' | 'html'>; section?: string }
  | { to: 'files'; format: OutputFormat; files: PlannedFile[]; makeDirectory?: string };

interface PlannedFile {
  path: string;
  /** For CSV: the one section this file holds. */
  section?: string;
}

/** A --section value: the English name (`windows`) or the Chinese title, with or without 表. */
function pickSection(kind: ReportKind, value: string): string {
  const wanted = value.trim().toLowerCase();
  const sections = reportSections(kind);
  const found = sections.find(
    (section) => section.name === wanted || section.title.zh === value.trim() || section.title.zh.replace(/表$/, '') === value.trim(),
  );
  if (!found) throw new InvalidValue('section', value, { rule: 'report_section', sections: sections.map(({ name, title }) => ({ name, title })) });
  return found.name;
}

/** `2025-10-月度统计`, led by the center code when there is one (SPEC §7.4): a county's inbox holds every town's pack. */
function baseName(kind: ReportKind, period: NamedPeriod, lang: Lang, centerCode: string | null): string {
  return `${centerCode === null ? '' : `${centerCode}-`}${period.label}-${say(lang, REPORT_NAMES[kind])}`;
}

const EXTENSIONS: Record<OutputFormat, string> = { xlsx: '.xlsx', html: '.html', json: '.json', csv: '.csv', table: '.txt' };

/**
 * Decides the targets from --format, --out and --section, and refuses before any work:
 * an xlsx, a page or a multi-table CSV with nowhere to go, an unwritable place, an existing file
 * without --force. `--out DIR/` (or an existing directory) gets files named by period and
 * report, e.g. `2026-10-月度统计.xlsx` (`330681101-2026-10-月度统计.xlsx` with a center code);
 * without --format that is a workbook.
 */
export function planOutput(ctx: Context, kind: ReportKind, period: NamedPeriod, options: ReportOptions): Plan {
  const section = options.section === undefined ? undefined : pickSection(kind, options.section);
  const out = ctx.outPath;
  if (out === undefined) {
    if (ctx.format === 'xlsx' || ctx.format === 'html') throw new UsageError('needs_out', [`--format ${ctx.format}`]);
    if (ctx.format === 'csv' && section === undefined) throw new UsageError('csv_needs_section', ['--section']);
    return { to: 'stdout', format: ctx.format, section };
  }
  const claim = (path: string) => {
    if (existsSync(path) && statSync(path).isDirectory()) throw new OutputUnwritable(path, 'directory');
    if (existsSync(path) && !options.force) throw new OutputExists(path, 'with_force');
    checkOutputTarget(path);
  };
  const isDirectory = out.endsWith('/') || out.endsWith(sep) || (existsSync(out) && statSync(out).isDirectory());
  if (!isDirectory) {
    if (ctx.format === 'csv' && section === undefined) throw new UsageError('csv_needs_section', ['--section']);
    claim(out);
    return { to: 'files', format: ctx.format, files: [{ path: out, section }] };
  }
  const directory = out.replace(/[\\/]+$/, '') || out;
  let makeDirectory: string | undefined;
  if (!existsSync(directory)) {
    // The directory itself must be creatable: its parent exists and is writable.
    checkOutputTarget(directory);
    makeDirectory = directory;
  }
  const format: OutputFormat = ctx.formatGiven ? ctx.format : 'xlsx';
  const base = join(directory, baseName(kind, period, ctx.lang, readCenterIdentity(ctx.db()).code));
  const titled = reportSections(kind);
  const sections = format === 'csv' ? (section ? [section] : titled.map((entry) => entry.name)) : [section];
  const files = sections.map((name) => {
    const title = name === undefined ? '' : `-${say(ctx.lang, titled.find((entry) => entry.name === name)!.title)}`;
    return { path: `${base}${format === 'csv' ? title : ''}${EXTENSIONS[format]}`, section: name };
  });
  for (const file of files) {
    if (makeDirectory === undefined) claim(file.path);
  }
  return { to: 'files', format, files, makeDirectory };
}

export function loadRubric(ctx: Context, path: string | undefined): Rubric {
  if (path !== undefined) {
    if (!existsSync(path) || statSync(path).isDirectory()) throw new FileNotFound(path);
    return parseRubric(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), path);
  }
  const stored = readStoredRubric(ctx.db());
  return stored === null
    ? DEFAULT_RUBRIC
    : parseRubric(stored, ctx.t(text('已保存的考核细则（hall init --rubric）', 'the stored rubric (hall init --rubric)')));
}

async function resolveReportPeriod(ctx: Context, options: ReportOptions, allowQuarter: boolean): Promise<NamedPeriod> {
  const today = ctx.today();
  const none = options.month === undefined && options.from === undefined && options.to === undefined && (!allowQuarter || options.quarter === undefined);
  // A clerk at a terminal is asked for the month; a script without one is never prompted.
  if (none && ctx.io.stdin.isTTY === true && ctx.io.stdout.isTTY === true) {
    // The prompt module (and @inquirer) is loaded only when a clerk at a terminal left the period out.
    const { askMonth } = await import('../prompt.js');
    return resolvePeriod({ month: await askMonth(today, ctx.lang) }, today, allowQuarter);
  }
  return resolvePeriod(options, today, allowQuarter);
}

/**
 * A computed report: its JSON (SPEC §6) in its envelope (§7.4, src/report/envelope.ts: a
 * member added afterwards is covered by `reseal`), and its sections.
 */
export interface Built {
  json: unknown;
  pack: ReportPack;
  /** The report as a page (--format html), made only when one is written. */
  page: PageMaker;
}

/**
 * The view of a report, or of one section of it: the heading, the tables and, after them,
 * the sections' notes. JSON prints none of the tables, so none is laid out: on a county's
 * busiest month the overdue list alone is 50,000 rows (about 70 ms and as much again in
 * garbage collection, measured on the 1M-case bench).
 */
function viewOf(built: Built, lang: Lang, section: string | undefined, whole: boolean, format: OutputFormat): View {
  const { sections } = built.pack;
  const shown = section === undefined ? sections : sections.filter((entry) => entry.name === section);
  return {
    json: section === undefined ? built.json : sectionJson(shown[0]!, lang),
    lines: [reportHeading(built.pack)],
    tables: format === 'json' ? [] : shown.map((entry) => sectionTable(entry, whole, lang)),
  };
}

/**
 * Starts loading the page renderer (ECharts: ~0.35 s) before a page's report is computed: on
 * a large database the main thread waits for the worker thread counting the year to date,
 * and the modules load meanwhile. `deliver` awaits the same import.
 */
export function preloadRenderer(plan: Plan): void {
  // A failure is reported where deliver imports it again.
  if (plan.to === 'files' && plan.format === 'html') import('../../io/report-html.js').catch(() => {});
}

export async function deliver(ctx: Context, plan: Plan, built: Built): Promise<View | undefined> {
  if (plan.to === 'stdout') return viewOf(built, ctx.lang, plan.section, plan.format !== 'table', plan.format);
  if (plan.makeDirectory !== undefined) {
    const directory = plan.makeDirectory;
    await ctx.writeOut(() => {
      mkdirSync(directory, { recursive: true });
    });
  }
  for (const file of plan.files) {
    if (plan.format === 'html') {
      // The page renderer (and ECharts) is loaded only when a page is asked for.
      const { reportHtml } = await import('../../io/report-html.js');
      const html = reportHtml(built.page(file.section), ctx.lang);
      const path = file.path;
      await ctx.writeOut(() => writeFileSync(path, html));
      continue;
    }
    if (plan.format === 'xlsx') {
      // The workbook writer (and its zip library) is loaded only when a workbook is asked for.
      const { reportSheets, writeWorkbook } = await import('../../io/report-xlsx.js');
      const { sections } = built.pack;
      const chosen = file.section === undefined ? sections : sections.filter((entry) => entry.name === file.section);
      await ctx.writeOut(() => writeWorkbook(file.path, reportSheets(built.pack, chosen, ctx.lang)));
      continue;
    }
    const format = plan.format;
    const view = viewOf(built, ctx.lang, file.section, true, format);
    const content = format === 'csv' ? await renderCsv(view.tables ?? [], ctx.lang) : await renderView(view, format, ctx.lang, false);
    await ctx.writeOut(() => writeOutput(content, format, file.path));
  }
  // Cron mails whatever a job prints: a scheduled run stays silent on success.
  if (ctx.io.stdout.isTTY === true) {
    for (const file of plan.files) ctx.io.stdout.write(`${ctx.t(text(`已写入 ${file.path}`, `wrote ${file.path}`))}\n`);
  }
  return undefined;
}

/** SPEC §2: a computation over a year the calendar has no schedule for still runs (weekends only), with a warning naming it. */
export function warnUncoveredYears(ctx: Context, period: NamedPeriod): void {
  const covered = new Set(coveredYears(ctx.db()));
  for (let year = Number(period.from.slice(0, 4)); year <= Number(period.to.slice(0, 4)); year++) {
    if (!covered.has(year)) ctx.warn({ notice: 'calendar_year_missing', year });
  }
}

async function buildMonthly(ctx: Context, period: NamedPeriod): Promise<Built> {
  const report = await monthlyReport(ctx.db(), period, ctx.today(), ctx.timestamp());
  return laidOut(ctx, 'monthly', sealReport('monthly', report, readCenterIdentity(ctx.db())), period, false);
}

async function buildAssessment(ctx: Context, period: NamedPeriod, rubric: Rubric): Promise<Built> {
  const report = await assessmentReport(ctx.db(), period, ctx.today(), ctx.timestamp(), rubric);
  return laidOut(ctx, 'assessment', sealReport('assessment', report, readCenterIdentity(ctx.db())), period, false);
}

/** A report's JSON (computed, or as frozen) with its sections and its page. */
function laidOut(ctx: Context, kind: 'monthly' | 'assessment', json: object, period: NamedPeriod, frozen: boolean): Built {
  if (kind === 'monthly') {
    const pack = monthlyPack(json as MonthlyReport, period);
    return { json, pack, page: monthlyPageMaker(ctx, { json, pack, frozen }) };
  }
  const pack = assessmentPack(json as AssessmentReport, period);
  return { json, pack, page: assessmentPageMaker(ctx, { json, pack, frozen }) };
}

export async function monthly(ctx: Context, options: ReportOptions): Promise<View | undefined> {
  const period = await resolveReportPeriod(ctx, options, false);
  warnUncoveredYears(ctx, period);
  const plan = planOutput(ctx, 'monthly', period, options);
  return deliverFreezing(ctx, plan, 'monthly', period, options, () => buildMonthly(ctx, period));
}

export async function assessment(ctx: Context, options: ReportOptions): Promise<View | undefined> {
  const period = await resolveReportPeriod(ctx, options, true);
  warnUncoveredYears(ctx, period);
  const rubric = loadRubric(ctx, options.rubric);
  const plan = planOutput(ctx, 'assessment', period, options);
  return deliverFreezing(ctx, plan, 'assessment', period, options, () => buildAssessment(ctx, period, rubric));
}

/**
 * SPEC §7.5 around `deliver`: `--frozen` lays out the stored report instead of computing
 * one; `--freeze` stores what is computed before printing it; a re-run of a frozen period
 * prints the report with `frozen`, then warns of the figures that changed.
 */
async function deliverFreezing(
  ctx: Context,
  plan: Plan,
  kind: 'monthly' | 'assessment',
  period: NamedPeriod,
  options: ReportOptions,
  build: () => Promise<Built>,
): Promise<View | undefined> {
  const step = planFreeze(ctx, kind, period, options);
  if (step.to === 'print') {
    // The stored JSON is the report object the section builders take (its `digest` and envelope are passed over).
    return deliver(ctx, plan, laidOut(ctx, kind, step.report, period, true));
  }
  preloadRenderer(plan);
  const built = await build();
  const settled = settleFreeze(ctx, step, built.json as Record<string, unknown>);
  const view = await deliver(ctx, plan, { ...built, json: settled.json });
  if (settled.changes.length === 0 || settled.stored === undefined) return view;
  // The warning comes after the report: printed here, not by the frame.
  if (view) await ctx.emit(view);
  warnChanges(ctx, kind, settled.stored, settled.changes);
  return undefined;
}

/**
 * The monthly pack and the window assessment of a period (with the stored rubric) as
 * `report monthly` and `report assessment` show them on screen, for a command that
 * prints them after its own work (`hall demo`).
 */
export async function reportScreens(ctx: Context, period: NamedPeriod): Promise<View[]> {
  warnUncoveredYears(ctx, period);
  const whole = ctx.format !== 'table';
  return [
    viewOf(await buildMonthly(ctx, period), ctx.lang, undefined, whole, ctx.format),
    viewOf(await buildAssessment(ctx, period, loadRubric(ctx, undefined)), ctx.lang, undefined, whole, ctx.format),
  ];
}

export function register(program: Command, app: App): void {
  const report = program.command('report').description(app.t('报表：月度统计与窗口考核', 'reports: monthly statistics and window assessment'));
  const outputOptions = (command: Command) =>
    command
      .option('--section <name>', app.t('只输出一张表（csv 必须指定，或用 --out 目录/）', 'one table only (needed for csv unless --out is a directory)'))
      .option('--force', app.t('覆盖已有的报表文件', 'overwrite an existing report file'));
  outputOptions(
    report
      .command('monthly')
      .description(app.t('月度统计：办件、评价、投诉、收费、超期、目录指标', 'the monthly statistics pack'))
      .option('--month <month>', app.t('统计月份 YYYY-MM，或 last（上月）、this（本月）', 'month YYYY-MM, or last / this'))
      .option('--from <date>', app.t('起始日期（与 --to 一起用）', 'first date (with --to)'))
      .option('--to <date>', app.t('截止日期', 'last date')),
  ).action(app.action(monthly, { reports: true }));
  outputOptions(
    report
      .command('assessment')
      .description(app.t('窗口考核：评分、红旗窗口、效能公示', 'window assessment: scores, red flags, bulletin'))
      .option('--month <month>', app.t('考核月份 YYYY-MM，或 last、this', 'month YYYY-MM, or last / this'))
      .option('--quarter <quarter>', app.t('考核季度 YYYYQn（如 2026Q3），或 last、this', 'quarter YYYYQn (e.g. 2026Q3), or last / this'))
      .option('--from <date>', app.t('起始日期（与 --to 一起用）', 'first date (with --to)'))
      .option('--to <date>', app.t('截止日期', 'last date'))
      .option(
        '--rubric <file>',
        app.t('考核细则 JSON 文件（默认用 init --rubric 保存的，或 SPEC 默认值）', 'rubric JSON file (default: the stored one, or the standard)'),
      ),
  ).action(app.action(assessment, { reports: true }));
  // SPEC §7.4: the packs of several centers summed and ranked (cli/commands/report-network.ts).
  registerNetwork(report, app, outputOptions);
  // SPEC §7.5: the two reports a center sends upward can be frozen, and the frozen ones listed.
  for (const name of ['monthly', 'assessment']) freezeOptions(report.commands.find((command) => command.name() === name)!, app);
  registerFrozenList(report, app);
}
