/**
 * The per-group figures of SPEC §6.1 and the shape of the monthly pack (§6.2), as
 * plain data. The store counts; this module derives what follows from the counts
 * (open_at_end, the rates) so that every group, the totals and the assessment use
 * one definition.
 */
import type { IsoDate } from './dates.js';

/** What the SQL counts for one group over one period. */
export interface GroupCounts {
  carried_over: number;
  accepted: number;
  refused: number;
  concluded: number;
  approved: number;
  denied: number;
  withdrawn: number;
  same_day: number;
  on_time: number;
  on_site: number;
  overdue: number;
  fees_fen: number;
  saved_days: number;
  used_days: number;
  evaluations: number;
  good: number;
  neutral: number;
  bad: number;
  /** Only windows and the totals carry complaints (SPEC §6.2); null elsewhere. */
  complaints: number | null;
  substantiated: number | null;
  /** Of the complaints, those closed by t on or before their due date (SPEC §7.3). */
  complaints_on_time: number | null;
  /** Of the complaints, those closed by t after their due date, or still open at t with t past it. */
  complaints_overdue: number | null;
}

export interface GroupRates {
  on_time: number | null;
  same_day: number | null;
  on_site: number | null;
  completion: number | null;
  good: number | null;
  satisfied: number | null;
  bad: number | null;
  complaint: number | null;
  /** complaints_on_time / complaints (按期办结率 of complaints, SPEC §7.3). */
  complaint_on_time: number | null;
}

export interface GroupFigures extends GroupCounts {
  open_at_end: number;
  rates: GroupRates;
  daily_accepted: number | null;
}

export const COUNT_FIELDS = [
  'carried_over',
  'accepted',
  'refused',
  'concluded',
  'approved',
  'denied',
  'withdrawn',
  'open_at_end',
  'same_day',
  'on_time',
  'on_site',
  'overdue',
  'fees_fen',
  'saved_days',
  'used_days',
  'evaluations',
  'good',
  'neutral',
  'bad',
  'complaints',
  'substantiated',
  'complaints_on_time',
  'complaints_overdue',
] as const satisfies readonly (keyof GroupFigures)[];

export type CountField = (typeof COUNT_FIELDS)[number];

export function emptyCounts(withComplaints: boolean): GroupCounts {
  return {
    carried_over: 0,
    accepted: 0,
    refused: 0,
    concluded: 0,
    approved: 0,
    denied: 0,
    withdrawn: 0,
    same_day: 0,
    on_time: 0,
    on_site: 0,
    overdue: 0,
    fees_fen: 0,
    saved_days: 0,
    used_days: 0,
    evaluations: 0,
    good: 0,
    neutral: 0,
    bad: 0,
    complaints: withComplaints ? 0 : null,
    substantiated: withComplaints ? 0 : null,
    complaints_on_time: withComplaints ? 0 : null,
    complaints_overdue: withComplaints ? 0 : null,
  };
}

/** A rate with a zero denominator is null (shown —), never 0 or 100% (SPEC §6.1). */
export function rate(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

/** The §6.1 figures of a group; `workingDays` = W(from − 1, to), the working days of the period. */
export function groupFigures(counts: GroupCounts, workingDays: number): GroupFigures {
  return {
    ...counts,
    open_at_end: counts.carried_over + counts.accepted - counts.concluded - counts.withdrawn,
    rates: {
      on_time: rate(counts.on_time, counts.concluded),
      same_day: rate(counts.same_day, counts.concluded),
      on_site: rate(counts.on_site, counts.concluded),
      completion: rate(counts.concluded, counts.carried_over + counts.accepted),
      good: rate(counts.good, counts.evaluations),
      satisfied: rate(counts.good + counts.neutral, counts.evaluations),
      bad: rate(counts.bad, counts.evaluations),
      complaint: counts.complaints === null ? null : rate(counts.complaints, counts.accepted),
      complaint_on_time: rate(counts.complaints_on_time, counts.complaints),
    },
    daily_accepted: rate(counts.accepted, workingDays),
  };
}

/** Whether a group has anything to show: items and types list only those (SPEC §6.1). */
export function hasActivity(counts: GroupCounts): boolean {
  return COUNT_FIELDS.some((field) => field !== 'open_at_end' && (counts[field] ?? 0) !== 0);
}

/** The year to date of the monthly pack (SPEC §6.2): every count and the rates, without daily_accepted. */
export type YearToDate = Record<CountField, number | null> & { rates: GroupRates };

export function yearToDateFigures(figures: GroupFigures): YearToDate {
  const counts = Object.fromEntries(COUNT_FIELDS.map((field) => [field, figures[field]])) as Record<CountField, number | null>;
  return { ...counts, rates: figures.rates };
}

export interface WindowFigures extends GroupFigures {
  code: string;
  name: string;
  department: string | null;
  /** The reviews of bad ratings opened in the period at this window (SPEC §7.2). */
  reviews: ReviewFigures;
}

/**
 * The reviews of bad ratings (差评整改, SPEC §7.2) opened in the period, each judged by
 * its state at t. A revised or voided review counts nowhere; an invalid one counts in
 * `opened` and `invalid` only, and leaves the denominators of the first two rates.
 */
export interface ReviewCounts {
  opened: number;
  /** Invalidated (申诉成立) by t. */
  invalid: number;
  /** Rectified by t, visited or not. */
  rectified: number;
  /** Rectified by t, on or before its due date. */
  rectified_on_time: number;
  /** Rectified by t after its due date, or neither rectified nor invalidated by t with t past it. */
  overdue: number;
  /** Visited by t. */
  visited: number;
  /** Visited by t, the person satisfied. */
  visit_satisfied: number;
}

export interface ReviewFigures extends ReviewCounts {
  rates: { rectified: number | null; on_time: number | null; visited: number | null; visit_satisfied: number | null };
}

export function emptyReviewCounts(): ReviewCounts {
  return { opened: 0, invalid: 0, rectified: 0, rectified_on_time: 0, overdue: 0, visited: 0, visit_satisfied: 0 };
}

/** The four rates of SPEC §7.2: an invalid review (误评, 恶意差评) is not one the window had to put right. */
export function reviewFigures(counts: ReviewCounts): ReviewFigures {
  const valid = counts.opened - counts.invalid;
  return {
    ...counts,
    rates: {
      rectified: rate(counts.rectified, valid),
      on_time: rate(counts.rectified_on_time, valid),
      visited: rate(counts.visited, counts.rectified),
      visit_satisfied: rate(counts.visit_satisfied, counts.visited),
    },
  };
}

export interface DepartmentFigures extends GroupFigures {
  name: string;
}

export interface ItemFigures extends GroupFigures {
  code: string;
  name: string;
  department: string;
  type: string;
}

export interface TypeFigures extends GroupFigures {
  type: string;
}

export interface FeeRow {
  item: string;
  item_name: string;
  window: string | null;
  window_name: string | null;
  cases: number;
  fees_fen: number;
}

export interface OverdueCase {
  number: string;
  item: string;
  item_name: string;
  window: string | null;
  accepted: IsoDate;
  deadline: IsoDate;
  concluded: IsoDate | null;
  days_over: number;
  /** 'workday' or 'calendar' (自然日): the unit of days_over. */
  limit_unit: 'workday' | 'calendar';
}

/** The catalog as it stood on `to` (SPEC §6.2). */
export interface CatalogFigures {
  as_of: IsoDate;
  items_active: number;
  items_entered: number;
  entry_rate: number | null;
  items_fully_authorized: number;
  authorization_rate: number | null;
  immediate_items: number;
  immediate_rate: number | null;
  compression_ratio: number | null;
  avg_compression_days: number | null;
  /** Bundles (一件事) active now: the bundle catalog keeps no history to read an earlier day from. */
  bundles_active: number;
}

export interface TotalFigures extends GroupFigures {
  /** Every review opened in the period, as `reviews` counts them per window (SPEC §7.2). */
  reviews: ReviewFigures;
  ytd: YearToDate & { from: IsoDate; to: IsoDate };
  previous: { from: IsoDate; to: IsoDate; accepted: number; concluded: number };
  /** Every combined case (一件事) of the period, as `bundles` counts them per bundle (SPEC §7.1). */
  combined: CombinedFigures;
}

export interface MonthlyReport {
  center: string;
  period: { from: IsoDate; to: IsoDate };
  /** The date open cases are judged at: min(to, today). */
  evaluated_at: IsoDate;
  generated_at: string;
  working_days: number;
  totals: TotalFigures;
  windows: WindowFigures[];
  departments: DepartmentFigures[];
  items: ItemFigures[];
  types: TypeFigures[];
  /** Combined cases (一件事) per bundle, every bundle with a non-zero figure, by code (SPEC §7.1). */
  bundles: BundleFigures[];
  fees: FeeRow[];
  overdue_cases: OverdueCase[];
  catalog: CatalogFigures;
}

/**
 * The §6.1 figures SPEC §7.1 reports for combined cases, per bundle and in total: a
 * combined case counts once, by its own acceptance, ending, deadline and days used.
 */
export interface CombinedCounts {
  carried_over: number;
  accepted: number;
  concluded: number;
  withdrawn: number;
  on_time: number;
  overdue: number;
  used_days: number;
}

export interface CombinedFigures extends CombinedCounts {
  open_at_end: number;
  rates: { on_time: number | null; completion: number | null };
  avg_used_days: number | null;
}

export interface BundleFigures extends CombinedFigures {
  code: string;
  name: string;
  lead_department: string;
}

export function emptyCombinedCounts(): CombinedCounts {
  return { carried_over: 0, accepted: 0, concluded: 0, withdrawn: 0, on_time: 0, overdue: 0, used_days: 0 };
}

/** open_at_end, the two rates and the mean days used, from the counts, as §6.1 defines them. */
export function combinedFigures(counts: CombinedCounts): CombinedFigures {
  return {
    carried_over: counts.carried_over,
    accepted: counts.accepted,
    concluded: counts.concluded,
    withdrawn: counts.withdrawn,
    open_at_end: counts.carried_over + counts.accepted - counts.concluded - counts.withdrawn,
    on_time: counts.on_time,
    overdue: counts.overdue,
    used_days: counts.used_days,
    rates: { on_time: rate(counts.on_time, counts.concluded), completion: rate(counts.concluded, counts.carried_over + counts.accepted) },
    avg_used_days: rate(counts.used_days, counts.concluded),
  };
}
