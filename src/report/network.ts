/** The network report (SPEC §7.4) laid out as the sections a county prints: its centers, their sums, and their ranking. */
import type { NetworkReport } from '../core/network.js';
import type { NamedPeriod } from '../core/period.js';
import { text } from '../core/text.js';
import { FIGURE_COLUMNS, figureCells } from './columns.js';
import { bundlesSection, departmentsSection, itemsSection, typesSection } from './group-sections.js';
import type { ReportPack, ReportSection } from './section.js';
import { reportSections, type SectionTitle, VOCABULARIES } from './words.js';

/** A table on screen lists this many items, the busiest first, as the monthly pack does; files carry them all. */

/** `center` is the running center's name (the county that combined the packs); `evaluatedAt` the latest date a pack judged its open cases at. */
export function networkPack(report: NetworkReport, period: NamedPeriod, center: string, evaluatedAt: string): ReportPack {
  return { kind: 'network', center, period, evaluatedAt, sections: networkSections(report) };
}

/** The network's own titles: `items` there is 事项, not the monthly pack's 事项办件统计表. */
function heading(name: string): SectionTitle {
  return reportSections('network').find((section) => section.name === name)!;
}

const SUMMARY_FIGURES = Object.keys(VOCABULARIES.summary_figure) as (keyof typeof VOCABULARIES.summary_figure)[];
const RATES = Object.keys(VOCABULARIES.rate) as (keyof typeof VOCABULARIES.rate)[];
const REVIEW_FIGURES = ['opened', 'invalid', 'rectified', 'rectified_on_time', 'overdue', 'visited', 'visit_satisfied'] as const;
const REVIEW_RATES = ['rectified', 'on_time', 'visited', 'visit_satisfied'] as const;

function centersSection(report: NetworkReport): ReportSection {
  return {
    ...heading('centers'),
    columns: [
      { key: 'code', title: text('中心代码', 'center'), kind: 'text', whole: true },
      { key: 'name', title: text('中心名称', 'name'), kind: 'text' },
      { key: 'level', title: text('层级', 'level'), kind: 'code', words: 'center_level', drop: 11 },
      ...FIGURE_COLUMNS,
    ],
    rows: report.centers.map((center) => ({ code: center.code, name: center.name, level: center.level, ...figureCells(center) })),
    total: { name: '', level: '', ...figureCells(report.totals) },
    notes: [
      text(
        '各中心按其月度统计原样列出；合计为各中心之和，比率由合计数重新计算，日均受理按本库日历的工作日计',
        'each center as its pack has it; totals are the sums, rates recomputed from them, per-day figures on this calendar’s working days',
      ),
    ],
  };
}

/** 合计: each summed count with its year to date, each rate recomputed, then the reviews of bad ratings. */
function totalsSection(report: NetworkReport): ReportSection {
  const { totals } = report;
  const { ytd, reviews } = totals;
  return {
    ...heading('totals'),
    columns: [
      { key: 'metric', title: text('指标', 'figure'), kind: 'code', words: 'network_total' },
      { key: 'period', title: text('本期', 'period'), kind: 'count' },
      { key: 'period_rate', title: text('本期比率', 'period rate'), kind: 'rate' },
      { key: 'ytd', title: text('本年累计', 'year to date'), kind: 'count' },
      { key: 'ytd_rate', title: text('累计比率', 'ytd rate'), kind: 'rate' },
    ],
    rows: [
      ...SUMMARY_FIGURES.map((field) => ({ metric: field, period: totals[field], period_rate: '', ytd: ytd[field], ytd_rate: '' })),
      ...RATES.map((field) => ({ metric: `rate_${field}`, period: '', period_rate: totals.rates[field], ytd: '', ytd_rate: ytd.rates[field] })),
      ...REVIEW_FIGURES.map((field) => ({ metric: `reviews_${field}`, period: reviews[field], period_rate: '', ytd: '', ytd_rate: '' })),
      ...REVIEW_RATES.map((field) => ({ metric: `reviews_rate_${field}`, period: '', period_rate: reviews.rates[field], ytd: '', ytd_rate: '' })),
    ],
  };
}

function rankingSection(report: NetworkReport): ReportSection {
  const byCode = new Map(report.centers.map((center) => [center.code, center]));
  return {
    ...heading('ranking'),
    columns: [
      { key: 'level', title: text('层级', 'level'), kind: 'code', words: 'center_level' },
      { key: 'rank', title: text('排位', 'rank'), kind: 'count' },
      { key: 'code', title: text('中心代码', 'center'), kind: 'text', whole: true },
      { key: 'name', title: text('中心名称', 'name'), kind: 'text' },
      { key: 'on_time', title: text('按时', 'on time'), kind: 'decimal', drop: 3 },
      { key: 'on_site', title: text('现场', 'on site'), kind: 'decimal', drop: 3 },
      { key: 'satisfaction', title: text('满意', 'rated'), kind: 'decimal', drop: 3 },
      { key: 'complaints', title: text('投诉', 'complaints'), kind: 'decimal', drop: 3 },
      { key: 'score', title: text('得分', 'score'), kind: 'decimal' },
      { key: 'reason', title: text('说明', 'note'), kind: 'code', words: 'center_note', drop: 2 },
    ],
    rows: report.ranking.map((entry) => {
      const center = byCode.get(entry.code)!;
      const overdueOpen = center.overdue - (center.concluded - center.on_time);
      return {
        level: entry.level,
        rank: entry.rank,
        code: entry.code,
        name: entry.name,
        on_time: entry.components.on_time,
        on_site: entry.components.on_site,
        satisfaction: entry.components.satisfaction,
        complaints: entry.components.complaints,
        score: entry.score,
        overdue_open: overdueOpen,
        reason: entry.not_ranked_reason ?? (center.concluded === 0 ? 'overdue_only' : ''),
      };
    }),
    notes: [
      text(
        '同级中心相互排位（乡镇与乡镇比）；按窗口考核细则计分：按时 = 按时办结 ÷（办结 + 在办超期），现场、满意、投诉同窗口考核',
        'centers ranked among their level (towns with towns) by the window rubric: on time = on time ÷ (concluded + late open); on site, rated, complaints as for windows',
      ),
      text(
        '纪律与加分各中心报表中无记录，不计分，其余各项按比例折算为满分；比率为空的项同样不计分；得分相同名次并列',
        'conduct and bonus have no records in the packs and are left out, the rest rescaled to the full score, as is a component whose rate is empty; equal scores share a rank',
      ),
    ],
  };
}

/** The sections of the network report (SPEC §7.4), in the order its titles are listed. */
export function networkSections(report: NetworkReport): ReportSection[] {
  return [
    centersSection(report),
    totalsSection(report),
    itemsSection(heading('items'), report.items),
    typesSection(heading('types'), report.types, report.totals),
    departmentsSection(heading('departments'), report.departments, report.totals),
    bundlesSection(heading('bundles'), report.bundles, report.totals.combined),
    rankingSection(report),
  ];
}
