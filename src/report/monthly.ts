/** The monthly statistics pack (SPEC §6.2) laid out as the sections a center prints, in that order. */
import type { MonthlyReport } from '../core/metrics.js';
import type { NamedPeriod } from '../core/period.js';
import { text } from '../core/text.js';
import { COMPLAINT_COLUMNS, EVALUATION_COLUMNS, FIGURE_COLUMNS, figureCells, REVIEW_COLUMNS, reviewCells, WINDOW_LABEL } from './columns.js';
import { bundlesSection, departmentsSection, itemsSection, typesSection } from './group-sections.js';
import { type ReportPack, type ReportSection, yuan } from './section.js';
import { sectionHeading, VOCABULARIES } from './words.js';

const SUMMARY_FIGURES = Object.keys(VOCABULARIES.summary_figure) as (keyof typeof VOCABULARIES.summary_figure)[];
const RATES = Object.keys(VOCABULARIES.rate) as (keyof typeof VOCABULARIES.rate)[];

export function monthlyPack(report: MonthlyReport, period: NamedPeriod): ReportPack {
  return { kind: 'monthly', center: report.center, period, evaluatedAt: report.evaluated_at, sections: monthlySections(report) };
}

const twoDecimals = (value: number | null) => (value === null ? '—' : value.toFixed(2));

function summary(report: MonthlyReport): ReportSection {
  const { totals } = report;
  const { ytd, previous } = totals;
  // 环比 of a zero month is no figure at all, not an infinite rise.
  const change = (now: number, before: number) => (before === 0 ? null : (now - before) / before);
  const perDay = twoDecimals(totals.daily_accepted);
  return {
    ...sectionHeading('summary'),
    columns: [
      { key: 'metric', title: text('指标', 'figure'), kind: 'code', words: 'summary_figure' },
      { key: 'period', title: text('本期', 'period'), kind: 'count' },
      { key: 'previous', title: text('上月', 'last month'), kind: 'count' },
      { key: 'change', title: text('环比', 'change'), kind: 'rate' },
      { key: 'ytd', title: text('本年累计', 'year to date'), kind: 'count' },
    ],
    rows: SUMMARY_FIGURES.map((field) => {
      // SPEC §6.2 keeps only the previous month's accepted and concluded (环比).
      const compared = field === 'accepted' || field === 'concluded' ? previous[field] : null;
      const now = totals[field];
      return {
        metric: field,
        period: now,
        previous: compared ?? '',
        change: compared === null || now === null ? '' : change(now, compared),
        ytd: ytd[field],
      };
    }),
    notes: [
      text(
        `本期工作日 ${report.working_days} 天，日均受理 ${perDay} 件；收费 ${yuan(totals.fees_fen)} 元（本年累计 ${yuan(ytd.fees_fen ?? 0)} 元）`,
        `${report.working_days} working days, ${perDay} accepted per day; fees ${yuan(totals.fees_fen)} yuan (year to date ${yuan(ytd.fees_fen ?? 0)})`,
      ),
    ],
  };
}

function catalogSection(report: MonthlyReport): ReportSection {
  const { catalog } = report;
  const underLegal = twoDecimals(catalog.avg_compression_days);
  return {
    ...sectionHeading('catalog'),
    columns: [
      { key: 'metric', title: text('指标', 'figure'), kind: 'code', words: 'catalog_figure' },
      { key: 'items', title: text('事项数', 'items'), kind: 'count' },
      { key: 'rate', title: text('比率', 'rate'), kind: 'rate' },
    ],
    rows: [
      { metric: 'items_active', items: catalog.items_active, rate: '' },
      { metric: 'items_entered', items: catalog.items_entered, rate: catalog.entry_rate },
      { metric: 'items_fully_authorized', items: catalog.items_fully_authorized, rate: catalog.authorization_rate },
      { metric: 'immediate_items', items: catalog.immediate_items, rate: catalog.immediate_rate },
      { metric: 'compression_ratio', items: '', rate: catalog.compression_ratio },
      { metric: 'bundles_active', items: catalog.bundles_active, rate: '' },
    ],
    notes: [
      text(
        `目录截至 ${catalog.as_of}；承诺时限平均比法定时限少 ${underLegal} 天`,
        `catalog as of ${catalog.as_of}; promised limits ${underLegal} days under legal on average`,
      ),
    ],
  };
}

/** 差评整改统计表: the reviews opened in the period, by their state at t (SPEC §7.2). */
function reviewsSection(report: MonthlyReport): ReportSection {
  return {
    ...sectionHeading('reviews'),
    columns: [...WINDOW_LABEL, ...REVIEW_COLUMNS],
    rows: report.windows.map((window) => ({ code: window.code, name: window.name, ...reviewCells(window.reviews) })),
    total: { name: '', ...reviewCells(report.totals.reviews) },
    notes: [
      text(
        `本期开立的整改单，按 ${report.evaluated_at} 的状态计；申诉成立的不计入整改率、按期整改率的分母，群众改评的不计`,
        `reviews opened in the period, as they stood on ${report.evaluated_at}; those found invalid leave the rates' base, revised ones count nowhere`,
      ),
    ],
  };
}

function feesSection(report: MonthlyReport): ReportSection {
  return {
    ...sectionHeading('fees'),
    columns: [
      { key: 'item', title: text('事项编码', 'item'), kind: 'text', shorten: 'middle' },
      { key: 'item_name', title: text('事项名称', 'name'), kind: 'text' },
      { key: 'window', title: text('窗口', 'window'), kind: 'text' },
      { key: 'cases', title: text('收费件数', 'cases'), kind: 'count' },
      { key: 'fees_fen', title: text('收费金额（元）', 'fees (yuan)'), kind: 'money' },
    ],
    rows: report.fees.map((fee) => ({ item: fee.item, item_name: fee.item_name, window: fee.window, cases: fee.cases, fees_fen: fee.fees_fen })),
    total: {
      item_name: '',
      window: '',
      cases: report.fees.reduce((sum, fee) => sum + fee.cases, 0),
      fees_fen: report.fees.reduce((sum, fee) => sum + fee.fees_fen, 0),
    },
  };
}

function overdueSection(report: MonthlyReport): ReportSection {
  return {
    ...sectionHeading('overdue'),
    columns: [
      { key: 'number', title: text('办件编号', 'number'), kind: 'text', whole: true },
      { key: 'item_name', title: text('事项', 'item'), kind: 'text' },
      { key: 'window', title: text('窗口', 'window'), kind: 'text' },
      { key: 'accepted', title: text('受理日期', 'accepted'), kind: 'date', drop: 1 },
      { key: 'deadline', title: text('承诺期限', 'deadline'), kind: 'date' },
      { key: 'concluded', title: text('办结日期', 'concluded'), kind: 'date', whenNull: text('在办', 'open') },
      // 3 working days and 3 calendar days are not the same lateness: on screen the
      // count carries its unit (`3 工作日`); CSV and the workbook keep a column each.
      { key: 'days_over', title: text('超期天数', 'days over'), kind: 'count', unit: 'unit' },
      { key: 'unit', title: text('单位', 'unit'), kind: 'code', words: 'limit_unit' },
    ],
    rows: report.overdue_cases.map((overdue) => ({
      number: overdue.number,
      item_name: overdue.item_name,
      window: overdue.window,
      accepted: overdue.accepted,
      deadline: overdue.deadline,
      concluded: overdue.concluded,
      days_over: overdue.days_over,
      unit: overdue.limit_unit,
    })),
  };
}

/** The sections of the monthly pack (SPEC §6.2), in the order a center prints them. */
export function monthlySections(report: MonthlyReport): ReportSection[] {
  const { totals } = report;
  const windowRows = report.windows.map((window) => ({ code: window.code, name: window.name, ...figureCells(window) }));
  const windowTotal = { name: '', ...figureCells(totals) };
  return [
    summary(report),
    {
      ...sectionHeading('rates'),
      columns: [
        { key: 'metric', title: text('指标', 'rate'), kind: 'code', words: 'rate' },
        { key: 'period', title: text('本期', 'period'), kind: 'rate' },
        { key: 'ytd', title: text('本年累计', 'year to date'), kind: 'rate' },
      ],
      rows: RATES.map((field) => ({ metric: field, period: totals.rates[field], ytd: totals.ytd.rates[field] })),
    },
    catalogSection(report),
    { ...sectionHeading('windows'), columns: [...WINDOW_LABEL, ...FIGURE_COLUMNS], rows: windowRows, total: windowTotal },
    departmentsSection(sectionHeading('departments'), report.departments, totals),
    itemsSection(sectionHeading('items'), report.items),
    typesSection(sectionHeading('types'), report.types, totals),
    bundlesSection(sectionHeading('bundles'), report.bundles, totals.combined),
    feesSection(report),
    overdueSection(report),
    { ...sectionHeading('evaluations'), columns: [...WINDOW_LABEL, ...EVALUATION_COLUMNS], rows: windowRows, total: windowTotal },
    reviewsSection(report),
    {
      ...sectionHeading('complaints'),
      columns: [...WINDOW_LABEL, ...COMPLAINT_COLUMNS],
      rows: windowRows,
      total: windowTotal,
      notes: [
        text(
          '按期办结、超期按各类工单的办理期限（咨询、求助、建议、投诉、举报）判断，未办结且已过期限的计为超期',
          'on time and overdue against each category’s deadline; one still open past it counts as overdue',
        ),
      ],
    },
  ];
}
