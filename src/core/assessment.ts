/**
 * The window assessment of SPEC §6.3: a rubric, each window's score from its §6.1
 * figures and its records, the ranking with shared ranks, the 红旗窗口 and the
 * monthly bulletin of seven indicators.
 */
import type { IsoDate } from './dates.js';
import { RubricRejected } from './errors.js';
import type { CatalogFigures, GroupFigures } from './metrics.js';

/** Every number of the assessment; a rubric file may give any subset of these keys. */
export interface Rubric {
  /** Points for every case due in the period finished on time: on_time ÷ (concluded + overdue in hand at t). */
  on_time: number;
  /** Points for rates.on_site = 1 (现场办结率). */
  on_site: number;
  /** Points for rates.satisfied = 1 (评议满意率). */
  satisfaction: number;
  /** The complaints component before deductions … */
  complaints: number;
  /** … less this much per substantiated complaint, never below 0. */
  complaint_penalty: number;
  /** The discipline component before deductions … */
  discipline: number;
  /** … less this much per deduction point (巡查扣分), … */
  deduction_factor: number;
  /**
   * … and this much per overdue review of a bad rating (差评整改 not put right in time,
   * SPEC §7.2) opened at the window in the period; never below 0.
   */
  review_overdue_penalty: number;
  /** Commendation points (锦旗, 表扬信) added on top, at most this many. */
  bonus_cap: number;
  /** The score never exceeds this. */
  max_score: number;
  /** 红旗窗口: at least this score, … */
  red_flag_min_score: number;
  /** … at least this many cases concluded in the period (one 即办件 is no record to hold up), … */
  red_flag_min_cases: number;
  /** … and the best this many of those (ties at the cut-off included). */
  red_flag_count: number;
}

export const DEFAULT_RUBRIC: Rubric = {
  on_time: 35,
  on_site: 25,
  satisfaction: 20,
  complaints: 10,
  complaint_penalty: 5,
  discipline: 10,
  deduction_factor: 1,
  // 0: a center that has not chosen a penalty scores as before reviews existed.
  review_overdue_penalty: 0,
  bonus_cap: 5,
  max_score: 100,
  red_flag_min_score: 90,
  red_flag_min_cases: 10,
  red_flag_count: 3,
};

const RUBRIC_KEYS = Object.keys(DEFAULT_RUBRIC) as (keyof Rubric)[];

/** The keys that count windows or cases rather than points: whole numbers. */
const COUNT_KEYS: readonly (keyof Rubric)[] = ['red_flag_count', 'red_flag_min_cases'];

/**
 * The largest number a rubric may give. A score is out of 100, so a component worth more
 * than 1000 points is a typing slip; the bound also keeps every sum and product of the
 * score finite (1e308 points would add up to Infinity and leave a ranked window with no
 * score). Counts are bounded far above any month at a window.
 */
export const RUBRIC_MAX_POINTS = 1000;
export const RUBRIC_MAX_COUNT = 100_000;

/**
 * A rubric from JSON text (a rubric file or the stored setting): any subset of
 * the keys, each a number ≥ 0, the rest from the default. `source` names the file in
 * the refusal.
 */
export function parseRubric(json: string, source: string): Rubric {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new RubricRejected(source, null, 'json', error instanceof Error ? error.message : String(error));
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new RubricRejected(source, null, 'not_object', '');
  const rubric: Rubric = { ...DEFAULT_RUBRIC };
  for (const [key, value] of Object.entries(parsed)) {
    if (!RUBRIC_KEYS.includes(key as keyof Rubric)) throw new RubricRejected(source, key, 'unknown_key', RUBRIC_KEYS.join(', '));
    if (typeof value !== 'number') throw new RubricRejected(source, key, 'not_number', JSON.stringify(value));
    // JSON reads 1e999 as Infinity: too large, not a non-number.
    if (value === Number.POSITIVE_INFINITY)
      throw new RubricRejected(source, key, 'too_large', '∞', COUNT_KEYS.includes(key as keyof Rubric) ? RUBRIC_MAX_COUNT : RUBRIC_MAX_POINTS);
    if (value === Number.NEGATIVE_INFINITY) throw new RubricRejected(source, key, 'negative', '-∞');
    if (value < 0) throw new RubricRejected(source, key, 'negative', String(value));
    const counts = COUNT_KEYS.includes(key as keyof Rubric);
    if (counts && !Number.isInteger(value)) throw new RubricRejected(source, key, 'not_whole', String(value));
    const max = counts ? RUBRIC_MAX_COUNT : RUBRIC_MAX_POINTS;
    if (value > max) throw new RubricRejected(source, key, 'too_large', String(value), max);
    rubric[key as keyof Rubric] = value;
  }
  if (rubric.on_time + rubric.on_site + rubric.satisfaction + rubric.complaints + rubric.discipline === 0) {
    throw new RubricRejected(source, null, 'no_points', '');
  }
  return rubric;
}

/** What the score is made of, in points; null where the rate is null and the component is left out. */
export interface Components {
  on_time: number | null;
  on_site: number | null;
  satisfaction: number | null;
  complaints: number;
  discipline: number;
  bonus: number;
}

/** A window's figures for the assessment: its §6.1 figures and its records in the period. */
export interface AssessmentInput {
  code: string;
  name: string;
  figures: GroupFigures;
  /** Its cases open at t and past their deadline (also counted in figures.overdue). */
  overdue_open: number;
  /** Its reviews of bad ratings opened in the period and overdue at t (SPEC §7.2: `reviews.overdue`). */
  overdue_reviews: number;
  deduction_points: number;
  commendation_points: number;
}

export interface AssessedWindow {
  code: string;
  name: string;
  rank: number | null;
  score: number | null;
  components: Components;
  /** Points earned by the base components and the most they could earn (the rescaling base). */
  earned: number;
  available: number;
  red_flag: boolean;
  not_ranked_reason: 'no_concluded_cases' | null;
  concluded: number;
  /** Cases concluded late in the period plus those open and overdue at t (§6.1). */
  overdue: number;
  /** Of those, the ones still in hand at t: late ones too for the on_time component. */
  overdue_open: number;
  substantiated: number;
  deduction_points: number;
  /** Reviews opened in the period and overdue at t: each costs `review_overdue_penalty` of discipline. */
  overdue_reviews: number;
  commendation_points: number;
  rates: { on_time: number | null; on_site: number | null; satisfied: number | null };
}

export interface Bulletin {
  entry_rate: number | null;
  authorization_rate: number | null;
  on_site_rate: number | null;
  on_time_rate: number | null;
  satisfied_rate: number | null;
  bad_rate: number | null;
  complaint_rate: number | null;
}

export interface AssessmentReport {
  center: string;
  period: { from: IsoDate; to: IsoDate };
  evaluated_at: IsoDate;
  generated_at: string;
  rubric: Rubric;
  windows: AssessedWindow[];
  bulletin: Bulletin;
}

const round2 = (value: number) => Math.round((value + Number.EPSILON) * 100) / 100;

/** One window's score by the rubric (SPEC §6.3). */
export function scoreWindow(input: AssessmentInput, rubric: Rubric): Omit<AssessedWindow, 'rank' | 'red_flag'> {
  const { figures } = input;
  const rates = figures.rates;
  const substantiated = figures.substantiated ?? 0;
  const weighted = (weight: number, value: number | null) => (value === null ? null : weight * value);
  // A window is judged on every case it had to finish: those it concluded and those it
  // still holds past their deadline, which count as late ones. Without them a window could
  // keep its rate, or leave the ranking altogether, by not concluding its late cases.
  const due = figures.concluded + input.overdue_open;
  const ranked = due > 0;
  const components: Components = {
    on_time: ranked ? (rubric.on_time * figures.on_time) / due : null,
    on_site: weighted(rubric.on_site, rates.on_site),
    satisfaction: weighted(rubric.satisfaction, rates.satisfied),
    complaints: Math.max(0, rubric.complaints - rubric.complaint_penalty * substantiated),
    // 纪律: patrol deductions and, since 国办发〔2019〕51号 holds windows to put every 差评
    // right in time, the reviews they let run late.
    discipline: Math.max(0, rubric.discipline - rubric.deduction_factor * input.deduction_points - rubric.review_overdue_penalty * input.overdue_reviews),
    bonus: Math.min(rubric.bonus_cap, input.commendation_points),
  };
  // A component whose rate is null is left out, and what is earned is scaled to the
  // points still available, so that a window nobody rated is not marked down for it.
  const base: [number | null, number][] = [
    [components.on_time, rubric.on_time],
    [components.on_site, rubric.on_site],
    [components.satisfaction, rubric.satisfaction],
    [components.complaints, rubric.complaints],
    [components.discipline, rubric.discipline],
  ];
  const counted = base.filter(([points]) => points !== null) as [number, number][];
  const earned = counted.reduce((sum, [points]) => sum + points, 0);
  const available = counted.reduce((sum, [, max]) => sum + max, 0);
  // available is 0 only under a rubric that gives no points to what this window has.
  const scaled = available > 0 ? (earned / available) * 100 : 0;
  return {
    code: input.code,
    name: input.name,
    score: ranked ? round2(Math.min(rubric.max_score, scaled + components.bonus)) : null,
    components,
    earned,
    available,
    not_ranked_reason: ranked ? null : 'no_concluded_cases',
    concluded: figures.concluded,
    overdue: figures.overdue,
    overdue_open: input.overdue_open,
    substantiated,
    deduction_points: input.deduction_points,
    overdue_reviews: input.overdue_reviews,
    commendation_points: input.commendation_points,
    rates: { on_time: rates.on_time, on_site: rates.on_site, satisfied: rates.satisfied },
  };
}

/**
 * Ranks by score, descending; equal scores share a rank (1, 2, 2, 4). Windows with no
 * concluded case and no overdue case in hand (零办件窗口) follow unranked, by code.
 * 红旗窗口: ranked, score ≥ the rubric's minimum, at least `red_flag_min_cases` concluded,
 * no substantiated complaint, nothing overdue; the best `red_flag_count` of them, every
 * window tied with the last one included.
 */
export function rankWindows(inputs: readonly AssessmentInput[], rubric: Rubric): AssessedWindow[] {
  const scored = inputs.map((input) => scoreWindow(input, rubric));
  // Code-point order for equal scores: the same list on every machine, whatever its locale.
  const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const ranked = scored.filter((window) => window.score !== null).sort((a, b) => b.score! - a.score! || byCode(a, b));
  const unranked = scored.filter((window) => window.score === null).sort(byCode);
  // The JSON contract (SPEC §6.3) leads with code, name, rank, score, components, red_flag, not_ranked_reason.
  const shaped = (window: Omit<AssessedWindow, 'rank' | 'red_flag'>, rank: number | null): AssessedWindow => {
    const { code, name, score, components, not_ranked_reason, ...rest } = window;
    return { code, name, rank, score, components, red_flag: false, not_ranked_reason, ...rest };
  };
  const withRanks: AssessedWindow[] = ranked.map((window, index) => shaped(window, index > 0 && ranked[index - 1]!.score === window.score ? -1 : index + 1));
  for (let index = 0; index < withRanks.length; index++) {
    if (withRanks[index]!.rank === -1) withRanks[index]!.rank = withRanks[index - 1]!.rank;
  }
  const candidates = withRanks.filter(
    (window) =>
      window.score! >= rubric.red_flag_min_score && window.concluded >= rubric.red_flag_min_cases && window.substantiated === 0 && window.overdue === 0,
  );
  const cutOff = candidates[rubric.red_flag_count - 1]?.score ?? Number.NEGATIVE_INFINITY;
  for (const [index, window] of candidates.entries()) {
    if (rubric.red_flag_count > 0 && (index < rubric.red_flag_count || window.score === cutOff)) window.red_flag = true;
  }
  return [...withRanks, ...unranked.map((window) => shaped(window, null))];
}

/** The seven indicators a center posts each month (SPEC §6.3). */
export function bulletin(catalog: CatalogFigures, totals: GroupFigures): Bulletin {
  return {
    entry_rate: catalog.entry_rate,
    authorization_rate: catalog.authorization_rate,
    on_site_rate: totals.rates.on_site,
    on_time_rate: totals.rates.on_time,
    satisfied_rate: totals.rates.satisfied,
    bad_rate: totals.rates.bad,
    complaint_rate: totals.rates.complaint,
  };
}
