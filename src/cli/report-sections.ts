/**
 * The report objects of SPEC §6 laid out as the sections a center prints: one list of
 * sections per report, each rendered as a terminal table, a CSV file or an xlsx sheet
 * from the same columns. Values stay raw here (counts, fractions, fen) so that a sheet
 * gets numbers; the text forms (94.28%, 1234.50) are made for tables and CSV only.
 */
import type { AssessmentReport } from '../core/assessment.js';
import type { GroupFigures, MonthlyReport } from '../core/metrics.js';
import { rate } from '../core/metrics.js';
import type { NamedPeriod } from '../core/period.js';
import { type LocalText, text } from '../core/text.js';
import { type Lang, say } from './i18n.js';
import type { Column, TableSpec } from './render.js';

/** How a column's values are written: the same kinds as src/io/report-xlsx.ts. */
export type CellKind = 'text' | 'count' | 'decimal' | 'rate' | 'money' | 'date';

export interface SectionColumn {
  key: string;
  title: LocalText;
  kind: CellKind;
  /** On a narrow terminal the highest rank goes first (see render.ts). */
  drop?: number;
}

export type SectionRow = Record<string, string | number | boolean | null>;

export interface ReportSection {
  /** The --section name and the CSV file name's end. */
  name: string;
  title: LocalText;
  columns: SectionColumn[];
  rows: SectionRow[];
  /** A table on screen shows only the first rows (事项: the top 20) and says how many more there are. */
  shownInTable?: number;
  notes?: LocalText[];
}

export const percent = (value: number | null) => (value === null ? null : `${(value * 100).toFixed(2)}%`);
export const yuan = (fen: number) => (fen / 100).toFixed(2);

/** A section's cell as text for a table or CSV: rates as percentages, fen as 元, both with two decimals. */
function shown(value: string | number | boolean | null | undefined, kind: CellKind): string | number | null {
  // A rate with a zero denominator reads — in CSV too, never an empty cell that looks like 0.
  if (value === null || value === undefined) return kind === 'text' || kind === 'date' ? null : '—';
  if (typeof value === 'boolean') return value ? '✓' : '';
  if (typeof value === 'string') return value;
  if (kind === 'rate') return percent(value);
  if (kind === 'money') return yuan(value);
  if (kind === 'decimal') return value.toFixed(2);
  return value;
}

export function sectionTable(section: ReportSection, whole: boolean, lang: Lang): TableSpec {
  const rows = whole || section.shownInTable === undefined ? section.rows : section.rows.slice(0, section.shownInTable);
  const columns: Column[] = section.columns.map((column) => ({
    key: column.key,
    title: column.title,
    align: column.kind === 'text' || column.kind === 'date' ? 'left' : 'right',
    // Numbers and dates are never shortened; names are.
    whole: column.kind !== 'text' || column.key === 'code' || column.key === 'number',
    drop: column.drop,
  }));
  // A blank line between sections: a pack is read top to bottom like a printed report.
  const title = `\n${say(lang, section.title)}`;
  return {
    title: text(title, title),
    columns,
    footer: section.notes,
    rows: rows.map((row) => Object.fromEntries(section.columns.map((column) => [column.key, shown(row[column.key], column.kind)]))),
  };
}

// ---------------------------------------------------------------------------
// Shared pieces

/** Every section a report can print, in order: the --section names, CSV file names and sheet titles. */
export const SECTIONS = {
  monthly: [
    { name: 'summary', title: text('办件总体情况', 'summary') },
    { name: 'rates', title: text('主要指标', 'rates') },
    { name: 'catalog', title: text('事项目录指标', 'catalog') },
    { name: 'windows', title: text('窗口办件统计表', 'cases by window') },
    { name: 'departments', title: text('部门办件统计表', 'cases by department') },
    { name: 'items', title: text('事项办件统计表', 'cases by item') },
    { name: 'types', title: text('事项类型汇总表', 'cases by item type') },
    { name: 'fees', title: text('收费统计表', 'fees') },
    { name: 'overdue', title: text('超期办件明细表', 'overdue cases') },
    { name: 'evaluations', title: text('评价统计表', 'ratings by window') },
    { name: 'complaints', title: text('投诉统计表', 'complaints by window') },
  ],
  assessment: [
    { name: 'scores', title: text('窗口考核评分表', 'window scores') },
    { name: 'bulletin', title: text('效能指标公示', 'efficiency bulletin') },
    { name: 'ranking', title: text('效能排位表', 'efficiency ranking') },
  ],
} satisfies Record<'monthly' | 'assessment', { name: string; title: LocalText }[]>;

const heading = (name: string) => [...SECTIONS.monthly, ...SECTIONS.assessment].find((section) => section.name === name)!;

const TOTAL = text('合计', 'total');

function periodWords(period: NamedPeriod): LocalText {
  if (period.kind === 'month') return text(`${period.label.slice(0, 4)}年${Number(period.label.slice(5, 7))}月`, period.label);
  if (period.kind === 'quarter') return text(`${period.label.slice(0, 4)}年第${period.label.slice(5)}季度`, period.label);
  return text(`${period.from} 至 ${period.to}`, `${period.from} to ${period.to}`);
}

/** The heading of a report: center, period, and the date open cases were judged at. */
export function reportHeading(center: string, period: NamedPeriod, what: LocalText, evaluatedAt: string, lang: Lang): string {
  const when = say(lang, periodWords(period));
  // Two short lines rather than one that an 80-column terminal would wrap.
  return lang === 'zh'
    ? `${center} ${when} ${say(lang, what)}\n统计时段 ${period.from} 至 ${period.to}，在办与超期按 ${evaluatedAt} 计`
    : `${center}: ${say(lang, what)}, ${when}\n${period.from} to ${period.to}; open and overdue cases as of ${evaluatedAt}`;
}

/** The §6.1 figures as flat cells, rates under rate_*. */
function flat(figures: GroupFigures): SectionRow {
  return {
    carried_over: figures.carried_over,
    accepted: figures.accepted,
    refused: figures.refused,
    concluded: figures.concluded,
    approved: figures.approved,
    denied: figures.denied,
    withdrawn: figures.withdrawn,
    open_at_end: figures.open_at_end,
    same_day: figures.same_day,
    on_time: figures.on_time,
    on_site: figures.on_site,
    overdue: figures.overdue,
    fees_fen: figures.fees_fen,
    used_days: figures.used_days,
    saved_days: figures.saved_days,
    evaluations: figures.evaluations,
    good: figures.good,
    neutral: figures.neutral,
    bad: figures.bad,
    complaints: figures.complaints,
    substantiated: figures.substantiated,
    rate_on_time: figures.rates.on_time,
    rate_same_day: figures.rates.same_day,
    rate_on_site: figures.rates.on_site,
    rate_completion: figures.rates.completion,
    rate_good: figures.rates.good,
    rate_satisfied: figures.rates.satisfied,
    rate_bad: figures.rates.bad,
    rate_complaint: figures.rates.complaint,
    daily_accepted: figures.daily_accepted,
  };
}

/** The columns of the statistics tables (窗口, 部门, 事项, 类型); on a narrow terminal the least read go first. */
const FIGURE_COLUMNS: SectionColumn[] = [
  { key: 'carried_over', title: text('上期结转', 'carried'), kind: 'count', drop: 5 },
  { key: 'accepted', title: text('受理', 'accepted'), kind: 'count' },
  { key: 'refused', title: text('不予受理', 'refused'), kind: 'count', drop: 8 },
  { key: 'concluded', title: text('办结', 'concluded'), kind: 'count' },
  { key: 'approved', title: text('准予', 'approved'), kind: 'count', drop: 9 },
  { key: 'denied', title: text('不予办理', 'denied'), kind: 'count', drop: 9 },
  { key: 'withdrawn', title: text('撤回', 'withdrawn'), kind: 'count', drop: 7 },
  { key: 'open_at_end', title: text('期末在办', 'open'), kind: 'count', drop: 4 },
  { key: 'same_day', title: text('即办', 'same day'), kind: 'count', drop: 6 },
  { key: 'overdue', title: text('超期', 'overdue'), kind: 'count' },
  { key: 'rate_on_time', title: text('按时办结率', 'on time'), kind: 'rate' },
  { key: 'rate_on_site', title: text('现场办结率', 'on site'), kind: 'rate', drop: 2 },
  { key: 'rate_completion', title: text('办结率', 'completion'), kind: 'rate', drop: 3 },
  { key: 'daily_accepted', title: text('日均受理', 'per day'), kind: 'decimal', drop: 6 },
  { key: 'used_days', title: text('办理用时', 'days used'), kind: 'count', drop: 10 },
  { key: 'saved_days', title: text('节约时限', 'days saved'), kind: 'count', drop: 10 },
];

const EVALUATION_COLUMNS: SectionColumn[] = [
  { key: 'evaluations', title: text('评价数', 'ratings'), kind: 'count' },
  { key: 'good', title: text('好评', 'good'), kind: 'count' },
  { key: 'neutral', title: text('中评', 'neutral'), kind: 'count', drop: 1 },
  { key: 'bad', title: text('差评', 'bad'), kind: 'count' },
  { key: 'rate_good', title: text('好评率', 'good rate'), kind: 'rate' },
  { key: 'rate_satisfied', title: text('满意率', 'satisfied'), kind: 'rate' },
  { key: 'rate_bad', title: text('不满意率', 'bad rate'), kind: 'rate' },
];

const WINDOW_LABEL: SectionColumn[] = [
  { key: 'code', title: text('窗口', 'window'), kind: 'text' },
  { key: 'name', title: text('窗口名称', 'name'), kind: 'text' },
];

// ---------------------------------------------------------------------------
// The monthly pack

/** The sections of the monthly pack (SPEC §6.2), in the order a center prints them. */
export function monthlySections(report: MonthlyReport, lang: Lang): ReportSection[] {
  const words = (zh: string, en: string) => say(lang, text(zh, en));
  const { totals } = report;
  const ytd = totals.ytd;
  const totalRow = (label: Record<string, string>) => ({ ...label, ...flat(totals) });
  const change = (now: number, before: number) => (before === 0 ? null : (now - before) / before);
  const summaryFields: [keyof GroupFigures & keyof typeof ytd, LocalText][] = [
    ['carried_over', text('上期结转', 'carried over')],
    ['accepted', text('受理', 'accepted')],
    ['refused', text('不予受理', 'refused')],
    ['concluded', text('办结', 'concluded')],
    ['approved', text('其中：准予', 'of which approved')],
    ['denied', text('其中：不予办理', 'of which denied')],
    ['withdrawn', text('撤回', 'withdrawn')],
    ['open_at_end', text('期末在办', 'open at end')],
    ['same_day', text('即办（当日办结）', 'same day')],
    ['on_time', text('按时办结', 'on time')],
    ['on_site', text('现场办结', 'on site')],
    ['overdue', text('超期', 'overdue')],
    ['used_days', text('办理用时（日）', 'days used')],
    ['saved_days', text('节约时限（日）', 'days saved')],
    ['evaluations', text('评价', 'ratings')],
    ['good', text('好评', 'good')],
    ['neutral', text('中评', 'neutral')],
    ['bad', text('差评', 'bad')],
    ['complaints', text('投诉', 'complaints')],
    ['substantiated', text('查实投诉', 'substantiated')],
  ];
  const previous = totals.previous;
  const ytdRates = {
    on_time: rate(ytd.on_time, ytd.concluded),
    same_day: rate(ytd.same_day, ytd.concluded),
    on_site: rate(ytd.on_site, ytd.concluded),
    completion: rate(ytd.concluded, (ytd.carried_over ?? 0) + (ytd.accepted ?? 0)),
    good: rate(ytd.good, ytd.evaluations),
    satisfied: rate((ytd.good ?? 0) + (ytd.neutral ?? 0), ytd.evaluations),
    bad: rate(ytd.bad, ytd.evaluations),
    complaint: rate(ytd.complaints, ytd.accepted),
  };
  const rateFields: [keyof typeof ytdRates, LocalText][] = [
    ['on_time', text('按时办结率', 'on-time rate')],
    ['same_day', text('即办率', 'same-day rate')],
    ['on_site', text('现场办结率', 'on-site rate')],
    ['completion', text('办结率', 'completion rate')],
    ['good', text('好评率', 'good rate')],
    ['satisfied', text('满意率', 'satisfaction rate')],
    ['bad', text('不满意率', 'dissatisfaction rate')],
    ['complaint', text('投诉率', 'complaint rate')],
  ];
  const { catalog } = report;
  const itemsByVolume = [...report.items].sort((a, b) => b.accepted - a.accepted || b.concluded - a.concluded || (a.code < b.code ? -1 : 1));
  const hidden = Math.max(0, itemsByVolume.length - 20);
  return [
    {
      ...heading('summary'),
      columns: [
        { key: 'metric', title: text('指标', 'figure'), kind: 'text' },
        { key: 'period', title: text('本期', 'period'), kind: 'count' },
        { key: 'previous', title: text('上月', 'last month'), kind: 'count' },
        { key: 'change', title: text('环比', 'change'), kind: 'rate' },
        { key: 'ytd', title: text('本年累计', 'year to date'), kind: 'count' },
      ],
      rows: [
        ...summaryFields.map(([field, label]) => {
          const compared = field === 'accepted' || field === 'concluded' ? previous[field] : null;
          return {
            metric: say(lang, label),
            period: totals[field] as number | null,
            // '' is "not compared" (blank), null a zero denominator (—).
            previous: compared ?? '',
            change: compared === null ? '' : change(totals[field] as number, compared),
            ytd: ytd[field],
          };
        }),
      ],
      notes: [
        text(
          `本期工作日 ${report.working_days} 天，日均受理 ${totals.daily_accepted === null ? '—' : totals.daily_accepted.toFixed(2)} 件；收费 ${yuan(totals.fees_fen)} 元（本年累计 ${yuan(ytd.fees_fen ?? 0)} 元）`,
          `${report.working_days} working days, ${totals.daily_accepted === null ? '—' : totals.daily_accepted.toFixed(2)} accepted per day; fees ${yuan(totals.fees_fen)} yuan (year to date ${yuan(ytd.fees_fen ?? 0)})`,
        ),
      ],
    },
    {
      ...heading('rates'),
      columns: [
        { key: 'metric', title: text('指标', 'rate'), kind: 'text' },
        { key: 'period', title: text('本期', 'period'), kind: 'rate' },
        { key: 'ytd', title: text('本年累计', 'year to date'), kind: 'rate' },
      ],
      rows: rateFields.map(([field, label]) => ({ metric: say(lang, label), period: totals.rates[field], ytd: ytdRates[field] })),
    },
    {
      ...heading('catalog'),
      columns: [
        { key: 'metric', title: text('指标', 'figure'), kind: 'text' },
        { key: 'items', title: text('事项数', 'items'), kind: 'count' },
        { key: 'rate', title: text('比率', 'rate'), kind: 'rate' },
      ],
      rows: [
        { metric: words('在用事项', 'active items'), items: catalog.items_active, rate: '' },
        { metric: words('进驻大厅（项目进驻率）', 'in the hall (entry rate)'), items: catalog.items_entered, rate: catalog.entry_rate },
        {
          metric: words('窗口全授权（窗口授权率）', 'fully authorized (authorization rate)'),
          items: catalog.items_fully_authorized,
          rate: catalog.authorization_rate,
        },
        { metric: words('即办件（即办件比例）', 'immediate (immediate rate)'), items: catalog.immediate_items, rate: catalog.immediate_rate },
        { metric: words('承诺压缩比', 'promise compression'), items: '', rate: catalog.compression_ratio },
      ],
      notes: [
        text(
          `目录截至 ${catalog.as_of}；承诺时限平均比法定时限少 ${catalog.avg_compression_days === null ? '—' : catalog.avg_compression_days.toFixed(2)} 天`,
          `catalog as of ${catalog.as_of}; promised limits ${catalog.avg_compression_days === null ? '—' : catalog.avg_compression_days.toFixed(2)} days under legal on average`,
        ),
      ],
    },
    {
      ...heading('windows'),
      columns: [...WINDOW_LABEL, ...FIGURE_COLUMNS],
      rows: [...report.windows.map((window) => ({ code: window.code, name: window.name, ...flat(window) })), totalRow({ code: say(lang, TOTAL), name: '' })],
    },
    {
      ...heading('departments'),
      columns: [{ key: 'name', title: text('部门', 'department'), kind: 'text' }, ...FIGURE_COLUMNS],
      rows: [...report.departments.map((department) => ({ name: department.name, ...flat(department) })), totalRow({ name: say(lang, TOTAL) })],
    },
    {
      ...heading('items'),
      columns: [
        { key: 'code', title: text('事项编码', 'item'), kind: 'text' },
        { key: 'name', title: text('事项名称', 'name'), kind: 'text' },
        ...FIGURE_COLUMNS,
      ],
      rows: itemsByVolume.map((item) => ({ code: item.code, name: item.name, ...flat(item) })),
      shownInTable: 20,
      notes:
        hidden > 0
          ? [text(`按受理量列前 20 项，还有 ${hidden} 项未列出（csv、xlsx、json 含全部）`, `top 20 by volume; ${hidden} more in csv, xlsx and json`)]
          : [],
    },
    {
      ...heading('types'),
      columns: [{ key: 'type', title: text('事项类型', 'type'), kind: 'text' }, ...FIGURE_COLUMNS],
      rows: [...report.types.map((type) => ({ type: type.type, ...flat(type) })), totalRow({ type: say(lang, TOTAL) })],
    },
    {
      ...heading('fees'),
      columns: [
        { key: 'item', title: text('事项编码', 'item'), kind: 'text' },
        { key: 'item_name', title: text('事项名称', 'name'), kind: 'text' },
        { key: 'window', title: text('窗口', 'window'), kind: 'text' },
        { key: 'cases', title: text('收费件数', 'cases'), kind: 'count' },
        { key: 'fees_fen', title: text('收费金额（元）', 'fees (yuan)'), kind: 'money' },
      ],
      rows: [
        ...report.fees.map((fee) => ({ item: fee.item, item_name: fee.item_name, window: fee.window, cases: fee.cases, fees_fen: fee.fees_fen })),
        {
          item: say(lang, TOTAL),
          item_name: '',
          window: '',
          cases: report.fees.reduce((sum, fee) => sum + fee.cases, 0),
          fees_fen: report.fees.reduce((sum, fee) => sum + fee.fees_fen, 0),
        },
      ],
    },
    {
      ...heading('overdue'),
      columns: [
        { key: 'number', title: text('办件编号', 'number'), kind: 'text' },
        { key: 'item_name', title: text('事项', 'item'), kind: 'text' },
        { key: 'window', title: text('窗口', 'window'), kind: 'text' },
        { key: 'accepted', title: text('受理日期', 'accepted'), kind: 'date', drop: 1 },
        { key: 'deadline', title: text('承诺期限', 'deadline'), kind: 'date' },
        { key: 'concluded', title: text('办结日期', 'concluded'), kind: 'date' },
        { key: 'days_over', title: text('超期天数', 'days over'), kind: 'count' },
        { key: 'unit', title: text('单位', 'unit'), kind: 'text', drop: 2 },
      ],
      rows: report.overdue_cases.map((overdue) => ({
        number: overdue.number,
        item_name: overdue.item_name,
        window: overdue.window,
        accepted: overdue.accepted,
        deadline: overdue.deadline,
        concluded: overdue.concluded ?? words('在办', 'open'),
        days_over: overdue.days_over,
        unit: overdue.limit_unit === 'calendar' ? words('自然日', 'calendar days') : words('工作日', 'working days'),
      })),
    },
    {
      ...heading('evaluations'),
      columns: [...WINDOW_LABEL, ...EVALUATION_COLUMNS],
      rows: [...report.windows.map((window) => ({ code: window.code, name: window.name, ...flat(window) })), totalRow({ code: say(lang, TOTAL), name: '' })],
    },
    {
      ...heading('complaints'),
      columns: [
        ...WINDOW_LABEL,
        { key: 'accepted', title: text('受理', 'accepted'), kind: 'count' },
        { key: 'complaints', title: text('投诉', 'complaints'), kind: 'count' },
        { key: 'substantiated', title: text('查实', 'substantiated'), kind: 'count' },
        { key: 'rate_complaint', title: text('投诉率', 'complaint rate'), kind: 'rate' },
      ],
      rows: [...report.windows.map((window) => ({ code: window.code, name: window.name, ...flat(window) })), totalRow({ code: say(lang, TOTAL), name: '' })],
    },
  ];
}

// ---------------------------------------------------------------------------
// The window assessment

/** The sections of the assessment (SPEC §6.3): the scores with their parts, the bulletin and the ranking as posted. */
export function assessmentSections(report: AssessmentReport, lang: Lang): ReportSection[] {
  const words = (zh: string, en: string) => say(lang, text(zh, en));
  const { rubric } = report;
  const indicators: [keyof AssessmentReport['bulletin'], string, string][] = [
    ['entry_rate', '项目进驻率', 'entry rate'],
    ['authorization_rate', '窗口授权率', 'authorization rate'],
    ['on_site_rate', '现场办结率', 'on-site rate'],
    ['on_time_rate', '按时办结率', 'on-time rate'],
    ['satisfied_rate', '评议满意率', 'satisfaction rate'],
    ['bad_rate', '不满意率', 'dissatisfaction rate'],
    ['complaint_rate', '投诉率', 'complaint rate'],
  ];
  return [
    {
      ...heading('scores'),
      columns: [
        // On a narrow terminal the note and the workings give way first, then the rank and
        // the red flag, which 效能排位表 shows as well.
        { key: 'rank', title: text('排名', 'rank'), kind: 'count', drop: 6 },
        ...WINDOW_LABEL,
        { key: 'concluded', title: text('办结', 'concluded'), kind: 'count', drop: 7 },
        { key: 'on_time', title: text('按时', 'on time'), kind: 'decimal' },
        { key: 'on_site', title: text('现场', 'on site'), kind: 'decimal' },
        { key: 'satisfaction', title: text('满意', 'rated'), kind: 'decimal' },
        { key: 'complaints', title: text('投诉', 'complaints'), kind: 'decimal' },
        { key: 'discipline', title: text('纪律', 'conduct'), kind: 'decimal' },
        { key: 'earned', title: text('基础得分', 'earned'), kind: 'decimal', drop: 8 },
        { key: 'available', title: text('计分满分', 'out of'), kind: 'decimal', drop: 8 },
        { key: 'bonus', title: text('加分', 'bonus'), kind: 'decimal', drop: 4 },
        { key: 'score', title: text('得分', 'score'), kind: 'decimal' },
        { key: 'red_flag', title: text('红旗', 'red flag'), kind: 'text', drop: 5 },
        { key: 'reason', title: text('说明', 'note'), kind: 'text', drop: 9 },
      ],
      rows: report.windows.map((window) => ({
        rank: window.rank,
        code: window.code,
        name: window.name,
        concluded: window.concluded,
        on_time: window.components.on_time,
        on_site: window.components.on_site,
        satisfaction: window.components.satisfaction,
        complaints: window.components.complaints,
        discipline: window.components.discipline,
        earned: window.earned,
        available: window.available,
        bonus: window.components.bonus,
        score: window.score,
        red_flag: window.red_flag ? '★' : '',
        reason: window.not_ranked_reason
          ? words('零办件窗口（本期无办结件，不排名）', 'not ranked: no concluded case')
          : window.available < 100
            ? words(`缺项按 ${window.available} 分折算`, `rescaled to ${window.available} points`)
            : '',
      })),
      notes: [
        text(
          `满分：按时 ${rubric.on_time}、现场 ${rubric.on_site}、满意 ${rubric.satisfaction}、投诉 ${rubric.complaints}、纪律 ${rubric.discipline}；加分最多 ${rubric.bonus_cap}`,
          `points: on time ${rubric.on_time}, on site ${rubric.on_site}, rated ${rubric.satisfaction}, complaints ${rubric.complaints}, conduct ${rubric.discipline}; bonus ≤ ${rubric.bonus_cap}`,
        ),
        text(`得分 = 基础得分 ÷ 计分满分 × 100 + 加分，最高 ${rubric.max_score} 分`, `score = earned ÷ out of × 100 + bonus, at most ${rubric.max_score}`),
        text('比率为空（无办结或无评价）的项不计分，其余按比例折算', 'a component whose rate is empty is left out and the rest rescaled'),
      ],
    },
    {
      ...heading('bulletin'),
      columns: [
        { key: 'metric', title: text('指标', 'indicator'), kind: 'text' },
        { key: 'value', title: text('本期', 'period'), kind: 'rate' },
      ],
      rows: indicators.map(([field, zh, en]) => ({ metric: words(zh, en), value: report.bulletin[field] })),
    },
    {
      ...heading('ranking'),
      columns: [
        { key: 'rank', title: text('排位', 'rank'), kind: 'count' },
        ...WINDOW_LABEL,
        { key: 'score', title: text('得分', 'score'), kind: 'decimal' },
        { key: 'rate_on_time', title: text('按时办结率', 'on time'), kind: 'rate' },
        // At 80 columns with a 零办件窗口 in the list, one rate must go: on-site stays in 窗口考核评分表.
        { key: 'rate_on_site', title: text('现场办结率', 'on site'), kind: 'rate', drop: 1 },
        { key: 'rate_satisfied', title: text('满意率', 'satisfied'), kind: 'rate' },
        { key: 'substantiated', title: text('查实投诉', 'substantiated'), kind: 'count', drop: 2 },
        { key: 'overdue', title: text('超期', 'overdue'), kind: 'count', drop: 2 },
        { key: 'verdict', title: text('评定', 'verdict'), kind: 'text' },
      ],
      rows: report.windows.map((window) => ({
        rank: window.rank,
        code: window.code,
        name: window.name,
        score: window.score,
        rate_on_time: window.rates.on_time,
        rate_on_site: window.rates.on_site,
        rate_satisfied: window.rates.satisfied,
        substantiated: window.substantiated,
        overdue: window.overdue,
        verdict: window.red_flag ? words('★ 红旗窗口', '★ red flag') : window.not_ranked_reason ? words('零办件窗口', 'no concluded cases') : '',
      })),
    },
  ];
}
