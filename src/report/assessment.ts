/** The window assessment (SPEC §6.3) laid out as sections: the scores with their parts, the bulletin and the ranking as posted. */
import type { AssessedWindow, AssessmentReport, Rubric } from '../core/assessment.js';
import type { NamedPeriod } from '../core/period.js';
import { text } from '../core/text.js';
import { WINDOW_LABEL } from './columns.js';
import type { ReportPack, ReportSection } from './section.js';
import { sectionHeading, VOCABULARIES } from './words.js';

const INDICATORS = Object.keys(VOCABULARIES.bulletin) as (keyof typeof VOCABULARIES.bulletin)[];

export function assessmentPack(report: AssessmentReport, period: NamedPeriod): ReportPack {
  return { kind: 'assessment', center: report.center, period, evaluatedAt: report.evaluated_at, sections: assessmentSections(report) };
}

function scores(report: AssessmentReport): ReportSection {
  const { rubric } = report;
  return {
    ...sectionHeading('scores'),
    columns: [
      // On a narrow terminal the note and the workings give way first, then the rank and
      // the red flag, which 效能排位表 shows as well.
      { key: 'rank', title: text('排名', 'rank'), kind: 'count', drop: 6 },
      ...WINDOW_LABEL,
      { key: 'concluded', title: text('办结', 'concluded'), kind: 'count', drop: 7 },
      // Late cases still in hand count against 按时 (§6.3): the column says why a window
      // that concluded little scores low there.
      { key: 'overdue_open', title: text('在办超期', 'late open'), kind: 'count', drop: 7 },
      { key: 'on_time', title: text('按时', 'on time'), kind: 'decimal' },
      { key: 'on_site', title: text('现场', 'on site'), kind: 'decimal' },
      { key: 'satisfaction', title: text('满意', 'rated'), kind: 'decimal' },
      { key: 'complaints', title: text('投诉', 'complaints'), kind: 'decimal' },
      { key: 'discipline', title: text('纪律', 'conduct'), kind: 'decimal' },
      // What the discipline component lost to 差评 not put right in time (SPEC §7.2); shown
      // only under a rubric that charges for them, as a column of zeros explains nothing.
      ...(rubric.review_overdue_penalty > 0 ? [{ key: 'overdue_reviews', title: text('超期整改', 'late reviews'), kind: 'count' as const, drop: 8 }] : []),
      { key: 'earned', title: text('基础得分', 'earned'), kind: 'decimal', drop: 8 },
      { key: 'available', title: text('计分满分', 'out of'), kind: 'decimal', drop: 8 },
      { key: 'bonus', title: text('加分', 'bonus'), kind: 'decimal', drop: 4 },
      { key: 'score', title: text('得分', 'score'), kind: 'decimal' },
      { key: 'red_flag', title: text('红旗', 'red flag'), kind: 'code', words: 'red_flag', drop: 5 },
      { key: 'reason', title: text('说明', 'note'), kind: 'code', words: 'score_note', drop: 9 },
    ],
    rows: report.windows.map((window) => ({
      rank: window.rank,
      code: window.code,
      name: window.name,
      concluded: window.concluded,
      overdue_open: window.overdue_open,
      on_time: window.components.on_time,
      on_site: window.components.on_site,
      satisfaction: window.components.satisfaction,
      complaints: window.components.complaints,
      discipline: window.components.discipline,
      overdue_reviews: window.overdue_reviews,
      earned: window.earned,
      available: window.available,
      bonus: window.components.bonus,
      score: window.score,
      red_flag: window.red_flag,
      reason: scoreNote(window, rubric),
    })),
    notes: [
      text(
        `满分：按时 ${rubric.on_time}、现场 ${rubric.on_site}、满意 ${rubric.satisfaction}、投诉 ${rubric.complaints}、纪律 ${rubric.discipline}；加分最多 ${rubric.bonus_cap}`,
        `points: on time ${rubric.on_time}, on site ${rubric.on_site}, rated ${rubric.satisfaction}, complaints ${rubric.complaints}, conduct ${rubric.discipline}; bonus ≤ ${rubric.bonus_cap}`,
      ),
      text(
        rubric.review_overdue_penalty > 0
          ? `纪律 = ${rubric.discipline} − 巡查扣分 × ${rubric.deduction_factor} − 超期整改的差评 × ${rubric.review_overdue_penalty}（本期开立、按期末状态计），最低 0 分`
          : `纪律 = ${rubric.discipline} − 巡查扣分 × ${rubric.deduction_factor}，最低 0 分`,
        rubric.review_overdue_penalty > 0
          ? `conduct = ${rubric.discipline} − deduction points × ${rubric.deduction_factor} − late reviews of bad ratings × ${rubric.review_overdue_penalty} (opened in the period, as they stood at its end), at least 0`
          : `conduct = ${rubric.discipline} − deduction points × ${rubric.deduction_factor}, at least 0`,
      ),
      text(`得分 = 基础得分 ÷ 计分满分 × 100 + 加分，最高 ${rubric.max_score} 分`, `score = earned ÷ out of × 100 + bonus, at most ${rubric.max_score}`),
      text(
        '按时 = 按时办结 ÷（办结 + 在办超期）：超期未办结的件按超期计',
        'on time = concluded on time ÷ (concluded + late open): a late case still open counts as late',
      ),
      text('比率为空（无办结或无评价）的项不计分，其余按比例折算', 'a component whose rate is empty is left out and the rest rescaled'),
      text(
        `红旗窗口：得分 ≥ ${rubric.red_flag_min_score}、办结 ≥ ${rubric.red_flag_min_cases} 件、无查实投诉、无超期，取前 ${rubric.red_flag_count} 名（并列同计）`,
        `red flag: score ≥ ${rubric.red_flag_min_score}, ≥ ${rubric.red_flag_min_cases} concluded, no substantiated complaint, nothing overdue; the best ${rubric.red_flag_count}, ties included`,
      ),
    ],
  };
}

/**
 * The 说明 of a window's score: why it is not ranked, how it was rescaled, and for a ranked
 * window that reached the red-flag score without the flag, which of the rubric's other
 * conditions (SPEC §6.3) kept it off: cases overdue, a substantiated complaint, too few
 * concluded, or not among the best (ties included). Codes of `score_note`, several apart
 * by spaces, each count after a colon.
 */
function scoreNote(window: AssessedWindow, rubric: Rubric): string {
  if (window.not_ranked_reason !== null) return window.not_ranked_reason;
  const notes = [window.concluded === 0 ? 'overdue_only' : window.available < 100 ? 'rescaled' : ''];
  if (window.score !== null && window.score >= rubric.red_flag_min_score && !window.red_flag) {
    const kept = [
      window.overdue > 0 ? `overdue:${window.overdue}` : '',
      window.substantiated > 0 ? `substantiated:${window.substantiated}` : '',
      window.concluded < rubric.red_flag_min_cases ? `few_cases:${rubric.red_flag_min_cases}` : '',
    ].filter(Boolean);
    // Every condition met and still no flag: the best red_flag_count (with ties) were better.
    if (kept.length === 0 && rubric.red_flag_count > 0) kept.push(`not_best:${rubric.red_flag_count}`);
    notes.push(...kept);
  }
  return notes.filter(Boolean).join(' ');
}

/** The sections of the assessment (SPEC §6.3). */
export function assessmentSections(report: AssessmentReport): ReportSection[] {
  return [
    scores(report),
    {
      ...sectionHeading('bulletin'),
      columns: [
        { key: 'metric', title: text('指标', 'indicator'), kind: 'code', words: 'bulletin' },
        { key: 'value', title: text('本期', 'period'), kind: 'rate' },
      ],
      rows: INDICATORS.map((field) => ({ metric: field, value: report.bulletin[field] })),
    },
    {
      ...sectionHeading('ranking'),
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
        { key: 'verdict', title: text('评定', 'verdict'), kind: 'code', words: 'verdict' },
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
        verdict: window.red_flag ? 'red_flag' : (window.not_ranked_reason ?? ''),
      })),
    },
  ];
}
