/**
 * A report as a printed page (SPEC §7.7), still as data: who and when, the bulletin
 * figures beside the period before, what each chart plots, and the report's sections.
 * A renderer (src/io/report-html.ts) draws it; nothing here knows HTML or a chart library.
 */
import { type AssessmentReport, type Bulletin, bulletin } from '../core/assessment.js';
import type { CenterLevel } from '../core/center.js';
import type { MonthlyReport } from '../core/metrics.js';
import type { NetworkReport } from '../core/network.js';
import type { NamedPeriod } from '../core/period.js';
import { type LocalText, text } from '../core/text.js';
import type { MonthFigures } from '../store/report-series.js';
import type { ReportKind, ReportPack, ReportSection } from './section.js';
import { periodWords, REPORT_TITLES, VOCABULARIES } from './words.js';

export type FigureKey = keyof Bulletin;

/** One bulletin figure: a rate (null: a zero denominator), and the same figure of the period before when there is one. */
export interface PageFigure {
  key: FigureKey;
  title: LocalText;
  value: number | null;
  /** Undefined: nothing to compare with (a network, or no period before); null: a rate that could not be computed then. */
  previous?: number | null;
}

export interface PageHeading {
  center: string;
  centerCode: string | null;
  centerLevel: CenterLevel | null;
  period: NamedPeriod;
  /** The date open and overdue cases were judged at. */
  evaluatedAt: string;
  generatedAt: string;
}

/** The period the figures are set beside, and what it is called (上月, 上季度, 上期). */
export interface Comparison {
  period: NamedPeriod;
  label: LocalText;
}

export interface ChartSeries {
  name: LocalText;
  values: (number | null)[];
}

/**
 * What a chart plots. `volume`: counts as bars and a rate (0–1) as a line against a
 * percentage axis; `levels`: the three evaluation levels stacked; `scores`: scores as
 * bars, the marked ones (红旗窗口) told apart and labelled.
 */
export type PageChart = { name: string; title: LocalText; categories: LocalText[]; note?: LocalText } & (
  | { kind: 'volume'; count: ChartSeries; rate: ChartSeries }
  | { kind: 'levels'; levels: ChartSeries[] }
  | { kind: 'scores'; scores: number[]; marked: boolean[]; mark: LocalText | null }
);

export interface ReportPage {
  kind: ReportKind;
  heading: PageHeading;
  figures: PageFigure[];
  comparison: Comparison | null;
  charts: PageChart[];
  sections: ReportSection[];
  notes: LocalText[];
}

/** What a page needs beyond the report's JSON, computed only when a page is asked for. */
export interface PageContext {
  pack: ReportPack;
  centerCode: string | null;
  centerLevel: CenterLevel | null;
  generatedAt: string;
  /** The bulletin of the period before (monthly, assessment), or null when there is none. */
  previous: { period: NamedPeriod; bulletin: Bulletin } | null;
  /** The twelve months ending with the report's (monthly, assessment). */
  series: readonly MonthFigures[] | null;
  /** A page of one section only: the heading and that table, no figures or charts. */
  section?: string;
  /** Laid out from a frozen report: its figures as stored, the period before and the months as the database has them now. */
  frozen?: boolean;
}

const BULLETIN_KEYS = Object.keys(VOCABULARIES.bulletin) as FigureKey[];
/** A network has no catalog, so no entry or authorization rate: the five rates its totals carry (SPEC §7.7). */
const NETWORK_KEYS: FigureKey[] = ['on_site_rate', 'on_time_rate', 'satisfied_rate', 'bad_rate', 'complaint_rate'];

const COMPARISON_LABELS: Record<NamedPeriod['kind'], LocalText> = {
  month: text('上月', 'last month'),
  quarter: text('上季度', 'last quarter'),
  range: text('上期', 'period before'),
};

const SERIES_NOTE = text(
  '近十二个月：受理按受理日期、按时办结率按办结日期所在月份计，口径同月度统计',
  'last twelve months: accepted by the month of acceptance, on-time rate by the month of conclusion, as the monthly pack counts them',
);

const FROZEN_NOTE = text(
  '本页的报表数字是封存的原件；上期数字和近十二个月的走势按现在的数据计算',
  'the report’s figures are the frozen original; the period before and the twelve months are computed from the data as it is now',
);

const named = (name: string): LocalText => text(name, name);

function figures(keys: readonly FigureKey[], current: Bulletin, previous: Bulletin | null): PageFigure[] {
  return keys.map((key) => ({
    key,
    title: VOCABULARIES.bulletin[key],
    value: current[key],
    ...(previous === null ? {} : { previous: previous[key] }),
  }));
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A month as the chart's axis and title name it: 11月 / Nov, with its year in the title. */
function monthWords(month: string, withYear: boolean): LocalText {
  const [year, number] = [month.slice(0, 4), Number(month.slice(5, 7))];
  const name = MONTH_NAMES[number - 1]!;
  return withYear ? text(`${year}年${number}月`, `${name} ${year}`) : text(`${number}月`, name);
}

/**
 * The chart's note, and from which month its data start when the database's first case
 * came within the twelve months: the months before have no bar and no point (no data, not
 * zero cases).
 */
function seriesNote(series: readonly MonthFigures[]): LocalText {
  const since = series.find((entry) => entry.accepted !== null);
  if (since === undefined || since === series[0]) return SERIES_NOTE;
  const words = monthWords(since.month, true);
  return text(`${SERIES_NOTE.zh}；数据自${words.zh}起，此前各月无数据`, `${SERIES_NOTE.en}; data from ${words.en}, none before`);
}

function seriesChart(series: readonly MonthFigures[]): PageChart {
  // The span's years are in the title: under each bar a short month is read without a slant.
  const first = monthWords(series[0]!.month, true);
  const last = monthWords(series.at(-1)!.month, true);
  return {
    kind: 'volume',
    name: 'months',
    title: text(`近十二个月受理件数与按时办结率（${first.zh}—${last.zh}）`, `accepted and on-time rate, last twelve months (${first.en} – ${last.en})`),
    categories: series.map((entry) => monthWords(entry.month, false)),
    count: { name: text('受理', 'accepted'), values: series.map((entry) => entry.accepted) },
    rate: { name: text('按时办结率', 'on-time rate'), values: series.map((entry) => entry.on_time_rate) },
    note: seriesNote(series),
  };
}

interface Rated {
  name: string;
  good: number;
  neutral: number;
  bad: number;
  evaluations: number;
}

/** The evaluation levels of each group that was rated; no chart when nobody rated anything. */
function levelsChart(name: string, title: LocalText, groups: readonly Rated[]): PageChart[] {
  const rated = groups.filter((group) => group.evaluations > 0);
  if (rated.length === 0) return [];
  const level = (words: LocalText, pick: (group: Rated) => number) => ({ name: words, values: rated.map(pick) });
  return [
    {
      kind: 'levels',
      name,
      title,
      categories: rated.map((group) => named(group.name)),
      levels: [
        level(VOCABULARIES.summary_figure.good, (group) => group.good),
        level(VOCABULARIES.summary_figure.neutral, (group) => group.neutral),
        level(VOCABULARIES.summary_figure.bad, (group) => group.bad),
      ],
    },
  ];
}

function frame(kind: ReportKind, context: PageContext): Omit<ReportPage, 'figures' | 'charts' | 'notes'> {
  const { pack } = context;
  return {
    kind,
    heading: {
      center: pack.center,
      centerCode: context.centerCode,
      centerLevel: context.centerLevel,
      period: pack.period,
      evaluatedAt: pack.evaluatedAt,
      generatedAt: context.generatedAt,
    },
    comparison: context.previous === null ? null : { period: context.previous.period, label: COMPARISON_LABELS[context.previous.period.kind] },
    sections: context.section === undefined ? pack.sections : pack.sections.filter((section) => section.name === context.section),
  };
}

/** The page as it is laid out: one section alone carries no figures or charts. */
function page(kind: ReportKind, context: PageContext, figuresShown: PageFigure[], charts: PageChart[]): ReportPage {
  const base = frame(kind, context);
  if (context.section !== undefined) return { ...base, comparison: null, figures: [], charts: [], notes: [] };
  return { ...base, figures: figuresShown, charts: charts.filter(plotsSomething), notes: context.frozen ? [FROZEN_NOTE] : [] };
}

/** A chart with nothing to plot (no window yet, a month without a case) is left out: its table says so. */
function plotsSomething(chart: PageChart): boolean {
  if (chart.categories.length === 0) return false;
  if (chart.kind === 'volume') return chart.count.values.some((value) => value !== null && value > 0) || chart.rate.values.some((value) => value !== null);
  return true;
}

/** The monthly pack's page: its seven bulletin figures derived as the assessment derives them (core `bulletin`). */
export function monthlyPage(report: MonthlyReport, context: PageContext): ReportPage {
  const windows = report.windows;
  const charts: PageChart[] = [
    {
      kind: 'volume',
      name: 'windows',
      title: text('各窗口受理件数与按时办结率', 'accepted and on-time rate by window'),
      categories: windows.map((window) => named(window.name)),
      count: { name: text('受理', 'accepted'), values: windows.map((window) => window.accepted) },
      rate: { name: text('按时办结率', 'on-time rate'), values: windows.map((window) => window.rates.on_time) },
    },
    ...(context.series === null ? [] : [seriesChart(frozenMonth(context.series, report, context))]),
    ...levelsChart('evaluations', text('各窗口评价情况（好评、中评、差评）', 'ratings by window (good, neutral, bad)'), windows),
  ];
  const current = bulletin(report.catalog, report.totals);
  return page('monthly', context, figures(BULLETIN_KEYS, current, context.previous?.bulletin ?? null), charts);
}

/**
 * A frozen pack's month in the series as the pack counted it, so that its page's chart
 * agrees with its own tables; the months before are as the database has them now.
 */
function frozenMonth(series: readonly MonthFigures[], report: MonthlyReport, context: PageContext): readonly MonthFigures[] {
  const last = series.at(-1);
  if (!context.frozen || last === undefined || context.pack.period.kind !== 'month' || last.month !== context.pack.period.label) return series;
  const { accepted, concluded, on_time, rates } = report.totals;
  return [...series.slice(0, -1), { month: last.month, accepted, concluded, on_time, on_time_rate: rates.on_time }];
}

export function assessmentPage(report: AssessmentReport, context: PageContext): ReportPage {
  const ranked = report.windows.filter((window) => window.rank !== null && window.score !== null).sort((a, b) => a.rank! - b.rank!);
  const charts: PageChart[] = [
    {
      kind: 'scores',
      name: 'scores',
      title: text('窗口考核得分（★ 红旗窗口）', 'window scores (★ red flag)'),
      categories: ranked.map((window) => named(window.name)),
      scores: ranked.map((window) => window.score!),
      marked: ranked.map((window) => window.red_flag),
      mark: VOCABULARIES.verdict.red_flag,
    },
    {
      kind: 'volume',
      name: 'windows',
      title: text('各窗口办结件数与按时办结率', 'concluded and on-time rate by window'),
      categories: report.windows.map((window) => named(window.name)),
      count: { name: text('办结', 'concluded'), values: report.windows.map((window) => window.concluded) },
      rate: { name: text('按时办结率', 'on-time rate'), values: report.windows.map((window) => window.rates.on_time) },
    },
    ...(context.series === null ? [] : [seriesChart(context.series)]),
  ];
  return page('assessment', context, figures(BULLETIN_KEYS, report.bulletin, context.previous?.bulletin ?? null), charts);
}

/** A network's page: its five rates (no catalog, no period before), the centers ranked within each level. */
export function networkPage(report: NetworkReport, context: PageContext): ReportPage {
  const rates = report.totals.rates;
  const current: Bulletin = {
    entry_rate: null,
    authorization_rate: null,
    on_site_rate: rates.on_site,
    on_time_rate: rates.on_time,
    satisfied_rate: rates.satisfied,
    bad_rate: rates.bad,
    complaint_rate: rates.complaint,
  };
  const levels = [...new Set(report.ranking.map((entry) => entry.level))];
  const rankings: PageChart[] = levels.flatMap((level) => {
    const ranked = report.ranking.filter((entry) => entry.level === level && entry.rank !== null && entry.score !== null);
    if (ranked.length === 0) return [];
    const words = VOCABULARIES.center_level[level];
    return [
      {
        kind: 'scores' as const,
        name: `ranking-${level}`,
        title: text(`${words.zh}中心效能排位`, `${words.en} centers ranked`),
        categories: ranked.map((entry) => text(`${entry.rank}. ${entry.name}`, `${entry.rank}. ${entry.name}`)),
        scores: ranked.map((entry) => entry.score!),
        marked: ranked.map(() => false),
        mark: null,
      },
    ];
  });
  const centers = report.centers;
  const charts: PageChart[] = [
    ...rankings,
    {
      kind: 'volume',
      name: 'centers',
      title: text('各中心受理件数与按时办结率', 'accepted and on-time rate by center'),
      categories: centers.map((center) => named(center.name)),
      count: { name: text('受理', 'accepted'), values: centers.map((center) => center.accepted) },
      rate: { name: text('按时办结率', 'on-time rate'), values: centers.map((center) => center.rates.on_time) },
    },
    ...levelsChart('evaluations', text('各中心评价情况（好评、中评、差评）', 'ratings by center (good, neutral, bad)'), centers),
  ];
  return page('network', context, figures(NETWORK_KEYS, current, null), charts);
}

/** The page's own words; the figures' and sections' titles come from words.ts as everywhere else. */
export const PAGE_WORDS = {
  bulletin: text('效能指标公示', 'efficiency bulletin'),
  networkFigures: text('主要指标', 'main rates'),
  charts: text('图表', 'charts'),
  tables: text('统计表', 'tables'),
  none: text('（无）', '(none)'),
  points: text('个百分点', 'pt'),
  unchanged: text('持平', 'unchanged'),
};

/** What a table cut short on the page says (its CSV and workbook carry every row). */
export function rowsCutWords(shown: number, total: number): LocalText {
  return text(
    `本页只列出前 ${shown} 行（共 ${total} 行）；全部见本表的 CSV 或 Excel 文件`,
    `the first ${shown} of ${total} rows; all of them are in the table's CSV or workbook`,
  );
}

/**
 * A heading or label as the page sets it: in English with a capital first letter (Monthly
 * statistics, Cases by window), as a printed page's headings read. The words themselves are
 * shared with the terminal, whose tables and headings keep them as they are.
 */
export function pageCase(words: string, lang: keyof LocalText): string {
  return lang === 'en' && /^[a-z]/.test(words) ? words[0]!.toUpperCase() + words.slice(1) : words;
}

/** The page's title line: period and report (2025年10月 政务服务月度统计). */
export function pageTitle(page: ReportPage): LocalText {
  const when = periodWords(page.heading.period);
  const what = REPORT_TITLES[page.kind];
  return text(`${when.zh} ${what.zh}`, `${what.en}, ${when.en}`);
}

/** Who the center is: its name, and its 行政区划代码 and level when it set them. */
export function pageCenter(heading: PageHeading): LocalText {
  if (heading.centerCode === null) return text(heading.center, heading.center);
  const level = heading.centerLevel === null ? null : VOCABULARIES.center_level[heading.centerLevel];
  return text(
    `${heading.center}（行政区划代码 ${heading.centerCode}${level ? `，${level.zh}` : ''}）`,
    `${heading.center} (code ${heading.centerCode}${level ? `, ${level.en}` : ''})`,
  );
}

/** The dates behind the figures and when the page was made. */
export function pageDates(heading: PageHeading): LocalText {
  const { period, evaluatedAt } = heading;
  const made = heading.generatedAt.slice(0, 16).replace('T', ' ');
  return text(
    `统计时段 ${period.from} 至 ${period.to}；在办与超期按 ${evaluatedAt} 计；生成于 ${made}`,
    `${period.from} to ${period.to}; open and overdue cases as of ${evaluatedAt}; made ${made}`,
  );
}

/**
 * What the figures are set beside, said as a comparison so that the period shown is not
 * read as the figures' own: 与上月（2025-09）比较, 与上季度（2025Q3）比较, 与上期（dates）比较.
 */
export function comparisonWords(comparison: Comparison): LocalText {
  const { period, label } = comparison;
  const when = period.kind === 'range' ? text(`${period.from} 至 ${period.to}`, `${period.from} to ${period.to}`) : text(period.label, period.label);
  return text(`与${label.zh}（${when.zh}）比较`, `compared with ${when.en}`);
}
