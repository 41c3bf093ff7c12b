/**
 * The oracle of test/oversight-scenario.test.ts: SPEC §7.2 (差评整改 reviews) and §7.3
 * (complaints with deadlines) computed again from the SPEC's words, from the commands the
 * scenario recorded while driving hall — never from hall's own derivation.
 *
 * Nothing of src/ is imported: the working-day calendar is test/combined-oracle.ts's, rebuilt
 * from the official schedule of ../shared/data/holidays-cn.csv (the scenario reads its copy,
 * fixtures/holidays-cn-2024-2026.csv; SPEC §2), and every count is a plain loop over dates.
 *
 * The words it follows:
 * - §7.2: an evaluation of level 1 or 2 opens a review when it is recorded (`case rate`,
 *   `--replace` to level ≤ 2, `cases import`); a `--replace` raising the level to 3 or more
 *   closes an open review as `revised`, which counts nowhere; a `--replace` to level ≤ 2
 *   while one is open keeps that one (level updated, dates kept). `opened` is the evaluation's
 *   date, `due` the working day D with W(opened, D) = review_days (the setting when the review
 *   was opened; the calendar as it is now). open → rectified → visited, or open → invalid.
 *   The pack's `reviews` count the reviews opened in the period, each judged by its state at t.
 *   An evaluation whose review is invalid at t leaves every §6.1 evaluation figure.
 * - §7.3: `due` = received + N working days by category (defaults 2/10/10/15/15, or the days
 *   file's), `on_time` = closed on or before due (null while open); the pack counts the
 *   complaints received in the period: `complaints_on_time` (closed by t, on or before due),
 *   `complaints_overdue` (closed after due by t, or open at t with t > due),
 *   `rates.complaint_on_time` = complaints_on_time / complaints.
 * - §6.1: t = min(to, today); a rate with a zero denominator is null; evaluations are dated by
 *   when they were given (a replaced one by its replacement, as the existing report tests
 *   have it), imported ones at the case's conclusion; they count for their case's window,
 *   department, item and type; complaints for the window they name.
 * - §6.3: the discipline component is 10 − deductions, less `review_overdue_penalty` per
 *   overdue review of the window in the period (≥ 0); satisfaction = 20 × rates.satisfied.
 */
import { type IsoDate, OracleCalendar } from './combined-oracle.js';

export { type IsoDate, OracleCalendar };

// ---------------------------------------------------------------------------------------
// Reviews (SPEC §7.2)

export type ReviewState = 'open' | 'rectified' | 'visited' | 'invalid' | 'revised' | 'voided';
export type VisitResult = 'satisfied' | 'unsatisfied';

/** One review as the oracle keeps it: every step with its date, so its state at any t can be read. */
export interface ReviewRecord {
  id: number;
  case: string;
  window: string;
  level: number;
  opened: IsoDate;
  /** review_days as the setting stood when the review was opened. */
  days: number;
  rectified: { date: IsoDate; note: string } | null;
  visited: { date: IsoDate; result: VisitResult; note: string | null } | null;
  invalidated: { date: IsoDate; reason: string } | null;
  /** The date of the `--replace` that raised the level (群众改评), or null. */
  revised: IsoDate | null;
  /** The date its case was voided while it was open (SPEC §3.2: it closes as `voided`), or null. */
  voided: IsoDate | null;
}

/** A review as `review list|show --format json` prints it (SPEC §7.2). */
export interface ExpectedReview {
  id: number;
  case: string;
  window: string;
  level: number;
  opened: IsoDate;
  due: IsoDate;
  state: ReviewState;
  rectified_at: IsoDate | null;
  rectify_note: string | null;
  visited_at: IsoDate | null;
  visit_result: VisitResult | null;
  visit_note: string | null;
  invalidated_at: IsoDate | null;
  invalid_reason: string | null;
}

/** A case's evaluation as it stands (one per case; `--replace` changes it). */
export interface EvaluationRecord {
  case: string;
  level: number;
  /** When it was given: the rating's date, the replacement's, or the imported case's conclusion. */
  date: IsoDate;
  /** The review this evaluation has (opened by it, or kept across a replace to level ≤ 2), or null. */
  review: number | null;
}

/** What a case counts for (SPEC §6.1: its window, its item's department and type). */
export interface CaseGroups {
  window: string;
  department: string;
  item: string;
  type: string;
}

/** A review's `due`: the working day D with W(opened, D) = days. */
export const reviewDue = (calendar: OracleCalendar, opened: IsoDate, days: number): IsoDate => calendar.nthWorkingDayAfter(opened, days);

/**
 * The record of every evaluation and review, fed in the order the scenario ran the commands.
 * Ids are given from 1 in the order reviews open (SPEC: "ids from 1").
 */
export class OversightLedger {
  readonly reviews: ReviewRecord[] = [];
  readonly evaluations = new Map<string, EvaluationRecord>();
  /** Voided cases: they count in no §6 figure (SPEC §3.2), their evaluations included. */
  readonly voidedCases = new Set<string>();
  private reviewDays: number;

  constructor(reviewDays = 5) {
    this.reviewDays = reviewDays;
  }

  /** A change of review_days applies to reviews opened afterwards. */
  setReviewDays(days: number): void {
    this.reviewDays = days;
  }

  /** The case's open review, if any (a case has at most one). */
  openReview(caseNo: string): ReviewRecord | null {
    return this.reviews.find((review) => review.case === caseNo && currentState(review) === 'open') ?? null;
  }

  /** `case rate` (replace = `--replace`) or an imported 评价: returns the review opened, if one was. */
  rate(caseNo: string, window: string, level: number, date: IsoDate): ReviewRecord | null {
    const open = this.openReview(caseNo);
    let review: number | null = null;
    let opened: ReviewRecord | null = null;
    if (level <= 2) {
      if (open) {
        // A --replace to level ≤ 2 while one is open keeps that one: its level updated, its dates kept.
        open.level = level;
        review = open.id;
      } else {
        opened = {
          id: this.reviews.length + 1,
          case: caseNo,
          window,
          level,
          opened: date,
          days: this.reviewDays,
          rectified: null,
          visited: null,
          invalidated: null,
          revised: null,
          voided: null,
        };
        this.reviews.push(opened);
        review = opened.id;
      }
    } else if (open) {
      // A --replace that raises the level to 3 or more closes an open review as revised.
      open.revised = date;
    }
    this.evaluations.set(caseNo, { case: caseNo, level, date, review });
    return opened;
  }

  private review(id: number): ReviewRecord {
    const review = this.reviews[id - 1];
    if (!review) throw new Error(`oracle: no review ${id}`);
    return review;
  }

  rectify(id: number, date: IsoDate, note: string): void {
    const review = this.review(id);
    if (currentState(review) !== 'open') throw new Error(`oracle: review ${id} is ${currentState(review)}, not open`);
    review.rectified = { date, note };
  }

  visit(id: number, date: IsoDate, result: VisitResult, note: string | null): void {
    const review = this.review(id);
    if (currentState(review) !== 'rectified') throw new Error(`oracle: review ${id} is ${currentState(review)}, not rectified`);
    review.visited = { date, result, note };
  }

  invalidate(id: number, date: IsoDate, reason: string): void {
    const review = this.review(id);
    if (currentState(review) !== 'open') throw new Error(`oracle: review ${id} is ${currentState(review)}, not open`);
    review.invalidated = { date, reason };
  }

  /** `case void`: an open review of the case closes as `voided`. */
  voidCase(caseNo: string, date: IsoDate): void {
    const open = this.openReview(caseNo);
    if (open) open.voided = date;
    this.voidedCases.add(caseNo);
  }

  /** `window merge FROM INTO` moves the reviews to INTO. */
  mergeWindow(from: string, into: string): void {
    for (const review of this.reviews) if (review.window === from) review.window = into;
  }

  /** A deep copy, as the record stood at a checkpoint. */
  snapshot(): OversightLedger {
    const copy = new OversightLedger(this.reviewDays);
    for (const review of this.reviews) copy.reviews.push(structuredClone(review));
    for (const [caseNo, evaluation] of this.evaluations) copy.evaluations.set(caseNo, { ...evaluation });
    for (const caseNo of this.voidedCases) copy.voidedCases.add(caseNo);
    return copy;
  }
}

/** The state after every step recorded so far. */
export function currentState(review: ReviewRecord): ReviewState {
  if (review.voided !== null) return 'voided';
  if (review.revised !== null) return 'revised';
  if (review.invalidated) return 'invalid';
  if (review.visited) return 'visited';
  if (review.rectified) return 'rectified';
  return 'open';
}

/** The state at date t: the steps dated on or before t. */
export function stateAt(review: ReviewRecord, t: IsoDate): ReviewState {
  if (review.voided !== null && review.voided <= t) return 'voided';
  if (review.revised !== null && review.revised <= t) return 'revised';
  if (review.invalidated && review.invalidated.date <= t) return 'invalid';
  if (review.visited && review.visited.date <= t) return 'visited';
  if (review.rectified && review.rectified.date <= t) return 'rectified';
  return 'open';
}

export function expectedReview(calendar: OracleCalendar, review: ReviewRecord): ExpectedReview {
  return {
    id: review.id,
    case: review.case,
    window: review.window,
    level: review.level,
    opened: review.opened,
    due: reviewDue(calendar, review.opened, review.days),
    state: currentState(review),
    rectified_at: review.rectified?.date ?? null,
    rectify_note: review.rectified?.note ?? null,
    visited_at: review.visited?.date ?? null,
    visit_result: review.visited?.result ?? null,
    visit_note: review.visited?.note ?? null,
    invalidated_at: review.invalidated?.date ?? null,
    invalid_reason: review.invalidated?.reason ?? null,
  };
}

/** `review list --status S` at `today` (overdue = open with today past due). */
export function reviewsWithStatus(calendar: OracleCalendar, ledger: OversightLedger, status: ReviewState | 'overdue', today: IsoDate): number[] {
  return ledger.reviews
    .filter((review) => {
      const state = currentState(review);
      return status === 'overdue' ? state === 'open' && today > reviewDue(calendar, review.opened, review.days) : state === status;
    })
    .map((review) => review.id);
}

// ---------------------------------------------------------------------------------------
// Complaints (SPEC §3.3, §7.3)

export type Category = 'consult' | 'help' | 'suggest' | 'complaint' | 'report';
export const CATEGORIES: readonly Category[] = ['consult', 'help', 'suggest', 'complaint', 'report'];
/** The Guangdong 12345 rules of 2022: 咨询 2, 求助 10, 建议 10, 投诉 15, 举报 15 working days. */
export const DEFAULT_COMPLAINT_DAYS: Readonly<Record<Category, number>> = { consult: 2, help: 10, suggest: 10, complaint: 15, report: 15 };
export const CATEGORY_WORDS: Readonly<Record<string, Category>> = { 咨询: 'consult', 求助: 'help', 建议: 'suggest', 投诉: 'complaint', 举报: 'report' };

/** The days of a `--complaint-days` file: any subset, by English code or Chinese word; the rest keep their defaults. */
export function complaintDays(file: Record<string, number> = {}): Record<Category, number> {
  const days = { ...DEFAULT_COMPLAINT_DAYS };
  for (const [key, value] of Object.entries(file)) {
    const category = (CATEGORIES as readonly string[]).includes(key) ? (key as Category) : CATEGORY_WORDS[key];
    if (!category) throw new Error(`oracle: unknown category ${key}`);
    days[category] = value;
  }
  return days;
}

export interface ComplaintRecord {
  id: number;
  window: string;
  case: string | null;
  channel: string;
  category: Category;
  received: IsoDate;
  summary: string;
  /** The category's days as the setting stood when the complaint was received. */
  days: number;
  closed: { date: IsoDate; substantiated: boolean } | null;
}

/** A complaint as `complaint add|close|list --format json` prints it. */
export interface ExpectedComplaint {
  id: number;
  window: string;
  case: string | null;
  channel: string;
  received_at: IsoDate;
  summary: string;
  status: 'open' | 'closed';
  substantiated: boolean | null;
  category: Category;
  due: IsoDate;
  closed_at: IsoDate | null;
  on_time: boolean | null;
}

export const complaintDue = (calendar: OracleCalendar, complaint: ComplaintRecord): IsoDate => calendar.nthWorkingDayAfter(complaint.received, complaint.days);

export class ComplaintLedger {
  readonly complaints: ComplaintRecord[] = [];
  constructor(private days: Record<Category, number> = complaintDays()) {}

  add(window: string, caseNo: string | null, channel: string, category: Category, received: IsoDate, summary: string): ComplaintRecord {
    const complaint: ComplaintRecord = {
      id: this.complaints.length + 1,
      window,
      case: caseNo,
      channel,
      category,
      received,
      summary,
      days: this.days[category],
      closed: null,
    };
    this.complaints.push(complaint);
    return complaint;
  }

  close(id: number, date: IsoDate, substantiated: boolean): void {
    const complaint = this.complaints[id - 1];
    if (!complaint || complaint.closed) throw new Error(`oracle: complaint ${id} is not open`);
    complaint.closed = { date, substantiated };
  }

  /** `window merge FROM INTO` moves the complaints to INTO. */
  mergeWindow(from: string, into: string): void {
    for (const complaint of this.complaints) if (complaint.window === from) complaint.window = into;
  }

  snapshot(): ComplaintLedger {
    const copy = new ComplaintLedger(this.days);
    for (const complaint of this.complaints) copy.complaints.push(structuredClone(complaint));
    return copy;
  }
}

export function expectedComplaint(calendar: OracleCalendar, complaint: ComplaintRecord): ExpectedComplaint {
  const due = complaintDue(calendar, complaint);
  return {
    id: complaint.id,
    window: complaint.window,
    case: complaint.case,
    channel: complaint.channel,
    received_at: complaint.received,
    summary: complaint.summary,
    status: complaint.closed ? 'closed' : 'open',
    substantiated: complaint.closed ? complaint.closed.substantiated : null,
    category: complaint.category,
    due,
    closed_at: complaint.closed?.date ?? null,
    on_time: complaint.closed ? complaint.closed.date <= due : null,
  };
}

// ---------------------------------------------------------------------------------------
// The monthly pack's new figures (SPEC §6.1, §7.2, §7.3)

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);
const within = (date: IsoDate | null | undefined, period: Period): boolean => date != null && date >= period.from && date <= period.to;

export interface ReviewFigures {
  opened: number;
  invalid: number;
  rectified: number;
  rectified_on_time: number;
  overdue: number;
  visited: number;
  visit_satisfied: number;
  rates: { rectified: number | null; on_time: number | null; visited: number | null; visit_satisfied: number | null };
}

interface ReviewCounts {
  opened: number;
  invalid: number;
  rectified: number;
  rectified_on_time: number;
  overdue: number;
  visited: number;
  visit_satisfied: number;
}

const noReviews = (): ReviewCounts => ({ opened: 0, invalid: 0, rectified: 0, rectified_on_time: 0, overdue: 0, visited: 0, visit_satisfied: 0 });

function reviewFigures(counts: ReviewCounts): ReviewFigures {
  const valid = counts.opened - counts.invalid;
  return {
    ...counts,
    rates: {
      rectified: ratio(counts.rectified, valid),
      on_time: ratio(counts.rectified_on_time, valid),
      visited: ratio(counts.visited, counts.rectified),
      visit_satisfied: ratio(counts.visit_satisfied, counts.visited),
    },
  };
}

/**
 * One review's contribution at t: one opened outside the period counts nowhere, nor does a
 * revised one (§7.2) or one of a voided case (§3.2: a voided case counts in no §6 figure).
 */
function tallyReview(calendar: OracleCalendar, review: ReviewRecord, period: Period, t: IsoDate, counts: ReviewCounts): void {
  if (!within(review.opened, period) || review.revised !== null || review.voided !== null) return;
  const due = reviewDue(calendar, review.opened, review.days);
  const state = stateAt(review, t);
  counts.opened++;
  if (state === 'invalid') counts.invalid++;
  if (state === 'rectified' || state === 'visited') {
    const rectified = review.rectified!.date;
    counts.rectified++;
    if (rectified <= due) counts.rectified_on_time++;
    else counts.overdue++;
  }
  if (state === 'open' && t > due) counts.overdue++;
  if (state === 'visited') {
    counts.visited++;
    if (review.visited!.result === 'satisfied') counts.visit_satisfied++;
  }
}

export interface EvaluationFigures {
  evaluations: number;
  good: number;
  neutral: number;
  bad: number;
  rates: { good: number | null; satisfied: number | null; bad: number | null };
}

interface EvaluationCounts {
  evaluations: number;
  good: number;
  neutral: number;
  bad: number;
}

const noEvaluations = (): EvaluationCounts => ({ evaluations: 0, good: 0, neutral: 0, bad: 0 });

function evaluationFigures(counts: EvaluationCounts): EvaluationFigures {
  return {
    ...counts,
    rates: {
      good: ratio(counts.good, counts.evaluations),
      satisfied: ratio(counts.good + counts.neutral, counts.evaluations),
      bad: ratio(counts.bad, counts.evaluations),
    },
  };
}

/** True when the evaluation counts at t: its review (if any) is not invalid at t. */
function evaluationCounts(ledger: OversightLedger, evaluation: EvaluationRecord, t: IsoDate): boolean {
  if (evaluation.review === null) return true;
  return stateAt(ledger.reviews[evaluation.review - 1]!, t) !== 'invalid';
}

function tallyEvaluation(ledger: OversightLedger, evaluation: EvaluationRecord, period: Period, t: IsoDate, counts: EvaluationCounts): void {
  if (!within(evaluation.date, period) || ledger.voidedCases.has(evaluation.case) || !evaluationCounts(ledger, evaluation, t)) return;
  counts.evaluations++;
  if (evaluation.level >= 4) counts.good++;
  else if (evaluation.level === 3) counts.neutral++;
  else counts.bad++;
}

export interface ComplaintFigures {
  complaints: number;
  substantiated: number;
  complaints_on_time: number;
  complaints_overdue: number;
  rates: { complaint_on_time: number | null };
}

interface ComplaintCounts {
  complaints: number;
  substantiated: number;
  complaints_on_time: number;
  complaints_overdue: number;
}

const noComplaints = (): ComplaintCounts => ({ complaints: 0, substantiated: 0, complaints_on_time: 0, complaints_overdue: 0 });

function tallyComplaint(calendar: OracleCalendar, complaint: ComplaintRecord, period: Period, t: IsoDate, counts: ComplaintCounts): void {
  if (!within(complaint.received, period)) return;
  const due = complaintDue(calendar, complaint);
  counts.complaints++;
  // `substantiated` is as of the moment the report runs (SPEC §6.1), not at t.
  if (complaint.closed?.substantiated) counts.substantiated++;
  const closedByT = complaint.closed !== null && complaint.closed.date <= t;
  if (closedByT && complaint.closed!.date <= due) counts.complaints_on_time++;
  if (closedByT && complaint.closed!.date > due) counts.complaints_overdue++;
  if (!closedByT && t > due) counts.complaints_overdue++;
}

function complaintFigures(counts: ComplaintCounts): ComplaintFigures {
  return { ...counts, rates: { complaint_on_time: ratio(counts.complaints_on_time, counts.complaints) } };
}

export interface WindowFigures {
  reviews: ReviewFigures;
  complaints: ComplaintFigures;
  evaluations: EvaluationFigures;
}

export interface ExpectedPack {
  t: IsoDate;
  windows: Map<string, WindowFigures>;
  totals: WindowFigures;
  /** totals.ytd's evaluation figures (January 1 to `to`, t as for the month). */
  ytd: EvaluationFigures;
  /** The complaint figures over January 1 to `to` (hall shows them in totals.ytd too). */
  ytdComplaints: ComplaintFigures;
  departments: Map<string, EvaluationFigures>;
  items: Map<string, EvaluationFigures>;
  types: Map<string, EvaluationFigures>;
}

/**
 * The new figures of `report monthly` for `period` at `today`: per window and in total the
 * `reviews`, the complaint deadline figures and the evaluation figures (invalid reviews at t
 * left out); per department, item and type the evaluation figures. `windows` lists every
 * window code the center has (a window with nothing counts zeros).
 */
export function expectedPack(
  calendar: OracleCalendar,
  reviews: OversightLedger,
  complaints: ComplaintLedger,
  cases: ReadonlyMap<string, CaseGroups>,
  windows: readonly string[],
  period: Period,
  today: IsoDate,
): ExpectedPack {
  const t = period.to < today ? period.to : today;
  const reviewCounts = new Map(windows.map((code) => [code, noReviews()]));
  const complaintCounts = new Map(windows.map((code) => [code, noComplaints()]));
  const evaluationsBy = {
    window: new Map(windows.map((code) => [code, noEvaluations()])),
    department: new Map<string, EvaluationCounts>(),
    item: new Map<string, EvaluationCounts>(),
    type: new Map<string, EvaluationCounts>(),
  };
  const total = { reviews: noReviews(), complaints: noComplaints(), evaluations: noEvaluations(), ytd: noEvaluations(), ytdComplaints: noComplaints() };
  const of = <V>(map: Map<string, V>, key: string, zero: () => V): V => {
    if (!map.has(key)) map.set(key, zero());
    return map.get(key)!;
  };

  for (const review of reviews.reviews) {
    tallyReview(calendar, review, period, t, total.reviews);
    tallyReview(calendar, review, period, t, of(reviewCounts, review.window, noReviews));
  }
  const ytd: Period = { from: `${period.to.slice(0, 4)}-01-01`, to: period.to };
  for (const evaluation of reviews.evaluations.values()) {
    const groups = cases.get(evaluation.case);
    if (!groups) throw new Error(`oracle: no groups for case ${evaluation.case}`);
    tallyEvaluation(reviews, evaluation, period, t, total.evaluations);
    tallyEvaluation(reviews, evaluation, ytd, t, total.ytd);
    tallyEvaluation(reviews, evaluation, period, t, of(evaluationsBy.window, groups.window, noEvaluations));
    tallyEvaluation(reviews, evaluation, period, t, of(evaluationsBy.department, groups.department, noEvaluations));
    tallyEvaluation(reviews, evaluation, period, t, of(evaluationsBy.item, groups.item, noEvaluations));
    tallyEvaluation(reviews, evaluation, period, t, of(evaluationsBy.type, groups.type, noEvaluations));
  }
  for (const complaint of complaints.complaints) {
    tallyComplaint(calendar, complaint, period, t, total.complaints);
    tallyComplaint(calendar, complaint, ytd, t, total.ytdComplaints);
    tallyComplaint(calendar, complaint, period, t, of(complaintCounts, complaint.window, noComplaints));
  }

  const figuresOf = (counts: Map<string, EvaluationCounts>) => new Map([...counts].map(([key, value]) => [key, evaluationFigures(value)]));
  return {
    t,
    windows: new Map(
      [...reviewCounts.keys()].map((code) => [
        code,
        {
          reviews: reviewFigures(reviewCounts.get(code)!),
          complaints: complaintFigures(of(complaintCounts, code, noComplaints)),
          evaluations: evaluationFigures(of(evaluationsBy.window, code, noEvaluations)),
        },
      ]),
    ),
    totals: { reviews: reviewFigures(total.reviews), complaints: complaintFigures(total.complaints), evaluations: evaluationFigures(total.evaluations) },
    ytd: evaluationFigures(total.ytd),
    ytdComplaints: complaintFigures(total.ytdComplaints),
    departments: figuresOf(evaluationsBy.department),
    items: figuresOf(evaluationsBy.item),
    types: figuresOf(evaluationsBy.type),
  };
}

// ---------------------------------------------------------------------------------------
// The assessment's components touched by §7.2 (SPEC §6.3)

export interface RubricPart {
  satisfaction: number;
  discipline: number;
  review_overdue_penalty: number;
}

export const DEFAULT_RUBRIC_PART: RubricPart = { satisfaction: 20, discipline: 10, review_overdue_penalty: 0 };

/**
 * The satisfaction and discipline components of a window: satisfaction = max × rates.satisfied
 * (null when the rate is), discipline = max − deductions − penalty × overdue reviews, at least 0.
 */
export function expectedComponents(figures: WindowFigures, deductions: number, rubric: RubricPart = DEFAULT_RUBRIC_PART) {
  const satisfied = figures.evaluations.rates.satisfied;
  return {
    satisfaction: satisfied === null ? null : rubric.satisfaction * satisfied,
    discipline: Math.max(0, rubric.discipline - deductions - rubric.review_overdue_penalty * figures.reviews.overdue),
  };
}

// ---------------------------------------------------------------------------------------
// Alerts (SPEC §7.2 "alerts lists reviews due soon and overdue", §7.3 likewise complaints)

export type AlertLevel = 'red' | 'yellow';

/**
 * Red and yellow as for cases (SPEC §4 `alerts`, §3.3 the warning threshold): red when today
 * is past `due`, yellow when `due` is today or within `warningDays` working days of it
 * (W(today, due) ≤ warningDays); null otherwise.
 */
export function alertLevel(calendar: OracleCalendar, due: IsoDate, today: IsoDate, warningDays: number): AlertLevel | null {
  if (today > due) return 'red';
  return calendar.W(today, due) <= warningDays ? 'yellow' : null;
}

/** The open reviews and open complaints `alerts` shows at `today`, `{id, level, due}` sorted by id. */
export function expectedAlerts(calendar: OracleCalendar, reviews: OversightLedger, complaints: ComplaintLedger, today: IsoDate, warningDays = 2) {
  const review = reviews.reviews.flatMap((record) => {
    if (currentState(record) !== 'open') return [];
    const due = reviewDue(calendar, record.opened, record.days);
    const level = alertLevel(calendar, due, today, warningDays);
    return level ? [{ id: record.id, level, due }] : [];
  });
  const complaint = complaints.complaints.flatMap((record) => {
    if (record.closed) return [];
    const due = complaintDue(calendar, record);
    const level = alertLevel(calendar, due, today, warningDays);
    return level ? [{ id: record.id, level, due }] : [];
  });
  return { review, complaint };
}
