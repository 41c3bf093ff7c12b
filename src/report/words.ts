/**
 * The words of the reports, kept apart from their figures: section titles, the
 * vocabularies that `code` cells are read in, and the headings. Every renderer takes its
 * words from here, so a table, a CSV file, a workbook and a page say the same thing.
 */
import type { NamedPeriod } from '../core/period.js';
import { type LocalText, text } from '../core/text.js';
import type { ReportKind, ReportPack, ReportSection } from './section.js';

/** The words of one kind of code. A word may name another cell of its row in braces. */
export type Vocabulary = Readonly<Record<string, LocalText>>;

export const TOTAL = text('合计', 'total');

export interface SectionTitle {
  name: string;
  title: LocalText;
}

/** Every section a report can print, in order: the names a reader picks one by, CSV file names and sheet titles. */
const SECTIONS = {
  monthly: [
    { name: 'summary', title: text('办件总体情况', 'summary') },
    { name: 'rates', title: text('主要指标', 'rates') },
    { name: 'catalog', title: text('事项目录指标', 'catalog') },
    { name: 'windows', title: text('窗口办件统计表', 'cases by window') },
    { name: 'departments', title: text('部门办件统计表', 'cases by department') },
    { name: 'items', title: text('事项办件统计表', 'cases by item') },
    { name: 'types', title: text('事项类型汇总表', 'cases by item type') },
    { name: 'bundles', title: text('一件事办理统计表', 'combined cases by bundle') },
    { name: 'fees', title: text('收费统计表', 'fees') },
    { name: 'overdue', title: text('超期办件明细表', 'overdue cases') },
    { name: 'evaluations', title: text('评价统计表', 'ratings by window') },
    { name: 'reviews', title: text('差评整改统计表', 'bad ratings put right, by window') },
    { name: 'complaints', title: text('投诉统计表', 'complaints by window') },
  ],
  assessment: [
    { name: 'scores', title: text('窗口考核评分表', 'window scores') },
    { name: 'bulletin', title: text('效能指标公示', 'efficiency bulletin') },
    { name: 'ranking', title: text('效能排位表', 'efficiency ranking') },
  ],
  // SPEC §7.4: a county's centers summed; the titles are the SPEC's.
  network: [
    { name: 'centers', title: text('各中心办件统计表', 'cases by center') },
    { name: 'totals', title: text('合计', 'totals') },
    { name: 'items', title: text('事项', 'items') },
    { name: 'types', title: text('类型', 'item types') },
    { name: 'departments', title: text('部门', 'departments') },
    { name: 'bundles', title: text('一件事', 'combined cases') },
    { name: 'ranking', title: text('中心效能排位表', 'center ranking') },
  ],
} as const satisfies Record<ReportKind, readonly SectionTitle[]>;

export type SectionName = (typeof SECTIONS)[ReportKind][number]['name'];

export function reportSections(kind: ReportKind): readonly SectionTitle[] {
  return SECTIONS[kind];
}

/** A section's name and title, to spread into the section. */
export function sectionHeading(name: SectionName): SectionTitle {
  const { title } = [...SECTIONS.monthly, ...SECTIONS.assessment].find((section) => section.name === name)!;
  return { name, title };
}

/** What a report is called in file names and sheet titles (2025-10-月度统计.xlsx). */
export const REPORT_NAMES: Record<ReportKind, LocalText> = {
  monthly: text('月度统计', 'monthly'),
  assessment: text('窗口考核', 'assessment'),
  network: text('中心汇总', 'network'),
};

/** What a report is called in its heading. */
export const REPORT_TITLES: Record<ReportKind, LocalText> = {
  monthly: text('政务服务月度统计', 'monthly statistics'),
  assessment: text('窗口考核与效能公示', 'window assessment and bulletin'),
  network: text('各中心汇总统计与效能排位', 'centers combined and ranked'),
};

/** The §6.1 counts as the summaries name them. */
const SUMMARY_FIGURE = {
  carried_over: text('上期结转', 'carried over'),
  accepted: text('受理', 'accepted'),
  refused: text('不予受理', 'refused'),
  concluded: text('办结', 'concluded'),
  approved: text('其中：准予', 'of which approved'),
  denied: text('其中：不予办理', 'of which denied'),
  withdrawn: text('撤回', 'withdrawn'),
  open_at_end: text('期末在办', 'open at end'),
  same_day: text('即办（当日办结）', 'same day'),
  on_time: text('按时办结', 'on time'),
  on_site: text('现场办结', 'on site'),
  overdue: text('超期', 'overdue'),
  used_days: text('办理用时（日）', 'days used'),
  saved_days: text('节约时限（日）', 'days saved'),
  evaluations: text('评价', 'ratings'),
  good: text('好评', 'good'),
  neutral: text('中评', 'neutral'),
  bad: text('差评', 'bad'),
  complaints: text('投诉', 'complaints'),
  substantiated: text('查实投诉', 'substantiated'),
  complaints_on_time: text('按期办结投诉', 'complaints answered on time'),
  complaints_overdue: text('超期投诉', 'complaints overdue'),
} satisfies Vocabulary;

/** The §6.1 rates. */
const RATE_WORDS = {
  on_time: text('按时办结率', 'on-time rate'),
  same_day: text('即办率', 'same-day rate'),
  on_site: text('现场办结率', 'on-site rate'),
  completion: text('办结率', 'completion rate'),
  good: text('好评率', 'good rate'),
  satisfied: text('满意率', 'satisfaction rate'),
  bad: text('不满意率', 'dissatisfaction rate'),
  complaint: text('投诉率', 'complaint rate'),
  complaint_on_time: text('投诉按期办结率', 'complaints on time'),
} satisfies Vocabulary;

/** A vocabulary's words under prefixed codes: the 合计 of the network holds counts and rates of one name. */
function prefixed(prefix: string, vocabulary: Vocabulary): Vocabulary {
  return Object.fromEntries(Object.entries(vocabulary).map(([code, words]) => [`${prefix}${code}`, words]));
}

/**
 * The vocabularies of `code` columns. The first four list their codes in the order a
 * section shows them; the codes are the JSON field names of SPEC §6.
 */
export const VOCABULARIES = {
  summary_figure: SUMMARY_FIGURE,
  rate: RATE_WORDS,
  catalog_figure: {
    items_active: text('在用事项', 'active items'),
    items_entered: text('进驻大厅（项目进驻率）', 'in the hall (entry rate)'),
    items_fully_authorized: text('窗口全授权（窗口授权率）', 'fully authorized (authorization rate)'),
    immediate_items: text('即办件（即办件比例）', 'immediate (immediate rate)'),
    compression_ratio: text('承诺压缩比', 'promise compression'),
    bundles_active: text('在用一件事', 'active bundles'),
  },
  bulletin: {
    entry_rate: text('项目进驻率', 'entry rate'),
    authorization_rate: text('窗口授权率', 'authorization rate'),
    on_site_rate: text('现场办结率', 'on-site rate'),
    on_time_rate: text('按时办结率', 'on-time rate'),
    satisfied_rate: text('评议满意率', 'satisfaction rate'),
    bad_rate: text('不满意率', 'dissatisfaction rate'),
    complaint_rate: text('投诉率', 'complaint rate'),
  },
  limit_unit: {
    workday: text('工作日', 'working days'),
    calendar: text('自然日', 'calendar days'),
  },
  red_flag: {
    true: text('★', '★'),
    false: text('', ''),
  },
  score_note: {
    no_concluded_cases: text('零办件窗口（本期无办结件、无在办超期件，不排名）', 'not ranked: nothing concluded, nothing late in hand'),
    rescaled: text('缺项按 {available} 分折算', 'rescaled to {available} points'),
    overdue_only: text(
      '无办结件，在办超期 {overdue_open} 件，按 {available} 分折算',
      'nothing concluded, {overdue_open} late in hand; rescaled to {available}',
    ),
    // Why a window at the red-flag score has no flag (SPEC §6.3).
    overdue: text('有超期办件 {n} 件', 'overdue: {n}'),
    substantiated: text('有查实投诉 {n} 件', 'substantiated complaints: {n}'),
    few_cases: text('办结不足 {n} 件', 'fewer than {n} concluded'),
    not_best: text('未进前 {n} 名', 'not in the best {n}'),
  },
  center_level: {
    city: text('市级', 'city'),
    county: text('县级', 'county'),
    town: text('乡镇', 'town'),
    village: text('村（社区）', 'village'),
  },
  /** The rows of the network's 合计: counts as the summary names them, then the rates and the reviews'. */
  network_total: {
    ...SUMMARY_FIGURE,
    ...prefixed('rate_', RATE_WORDS),
    reviews_opened: text('差评整改：开立', 'bad ratings: reviews opened'),
    reviews_invalid: text('差评整改：申诉成立', 'reviews found invalid'),
    reviews_rectified: text('差评整改：已整改', 'reviews put right'),
    reviews_rectified_on_time: text('差评整改：按期整改', 'reviews put right in time'),
    reviews_overdue: text('差评整改：超期', 'reviews overdue'),
    reviews_visited: text('差评整改：已回访', 'reviews visited'),
    reviews_visit_satisfied: text('差评整改：回访满意', 'visits satisfied'),
    reviews_rate_rectified: text('整改率', 'put-right rate'),
    reviews_rate_on_time: text('按期整改率', 'in-time rate'),
    reviews_rate_visited: text('回访率', 'visit rate'),
    reviews_rate_visit_satisfied: text('回访满意率', 'visit satisfaction'),
  },
  center_note: {
    no_concluded_cases: text('零办件中心（本期无办结件、无在办超期件，不排名）', 'not ranked: nothing concluded, nothing late in hand'),
    overdue_only: text('无办结件，在办超期 {overdue_open} 件', 'nothing concluded, {overdue_open} late in hand'),
  },
  verdict: {
    red_flag: text('★ 红旗窗口', '★ red flag'),
    no_concluded_cases: text('零办件窗口', 'no concluded cases'),
  },
} satisfies Record<string, Vocabulary>;

/** A period as a heading names it: 2025年10月, 2025年第4季度, or its dates. */
export function periodWords(period: NamedPeriod): LocalText {
  if (period.kind === 'month') return text(`${period.label.slice(0, 4)}年${Number(period.label.slice(5, 7))}月`, period.label);
  if (period.kind === 'quarter') return text(`${period.label.slice(0, 4)}年第${period.label.slice(5)}季度`, period.label);
  return text(`${period.from} 至 ${period.to}`, `${period.from} to ${period.to}`);
}

/** The heading of a report: center, period, and the date open cases were judged at. */
export function reportHeading(pack: ReportPack): LocalText {
  const { center, period, evaluatedAt } = pack;
  const when = periodWords(period);
  const what = REPORT_TITLES[pack.kind];
  // Two short lines rather than one that an 80-column terminal would wrap.
  return text(
    `${center} ${when.zh} ${what.zh}\n统计时段 ${period.from} 至 ${period.to}，在办与超期按 ${evaluatedAt} 计`,
    `${center}: ${what.en}, ${when.en}\n${period.from} to ${period.to}; open and overdue cases as of ${evaluatedAt}`,
  );
}

/** A section's title as a workbook sheet states it: center, report, section and dates. */
export function sectionCaption(pack: ReportPack, section: ReportSection): LocalText {
  const { center, period } = pack;
  const name = REPORT_NAMES[pack.kind];
  return text(
    `${center} ${name.zh} ${section.title.zh}（${period.from} 至 ${period.to}）`,
    `${center} ${name.en} ${section.title.en}（${period.from} to ${period.to}）`,
  );
}
