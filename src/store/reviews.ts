/**
 * Reviews of bad ratings (整改单, SPEC §7.2) as stored. SQL only: the rules — what a
 * rating or a void does to a review, which step a state allows — are src/core/review.ts.
 * Every function runs in the caller's write transaction (a rating's review in the same
 * one as the rating), so a review never disagrees with the evaluation that opened it.
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import type { IsoDate } from '../core/dates.js';
import {
  checkReviewStep,
  type OpenReview,
  type ReviewChange,
  type ReviewDates,
  type ReviewState,
  type ReviewStatus,
  type ReviewStep,
  reviewAfterRating,
  reviewAfterVoid,
  reviewDue,
  type VisitResult,
} from '../core/review.js';
import { ReviewNotFound } from '../core/review-errors.js';
import { prepared } from '../db/statements.js';
import { windowId } from './organisation.js';
import { readSettings } from './settings.js';

/** A review as `hall review … --format json` prints it: SPEC §7.2's fields, then `closed_at` and `days`. */
export interface ReviewView {
  id: number;
  /** The case number and the window code. */
  case: string;
  window: string | null;
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
  /** When a raised rating (revised) or a void (voided) closed it. */
  closed_at: IsoDate | null;
  /** The working days it was given (review_days when it opened). */
  days: number;
}

const REVIEW_SELECT = `
  SELECT r.id, c.number AS "case", w.code AS window, r.level, r.opened, r.due, r.state, r.rectified_at, r.rectify_note,
         r.visited_at, r.visit_result, r.visit_note, r.invalidated_at, r.invalid_reason, r.closed_at, r.days
    FROM reviews r JOIN cases c ON c.id = r.case_id LEFT JOIN windows w ON w.id = r.window_id`;

/**
 * The INSERT of an opened review, its window the case's: shared with the case import's
 * writer, which prepares it once. Parameters: case id, level, opened, days, due,
 * created_at, operator.
 */
export const INSERT_REVIEW = `INSERT INTO reviews (case_id, window_id, level, opened, days, due, state, created_at, operator)
  SELECT id, window_id, ?, ?, ?, ?, 'open', ?, ? FROM cases WHERE id = ?`;

/** `INSERT_REVIEW`'s parameters in order. */
export function reviewInsertParams(caseId: number, change: Extract<ReviewChange, { change: 'open' }>, at: string, operator: string): unknown[] {
  return [change.level, change.opened, change.days, change.due, at, operator, caseId];
}

export function getReview(db: Database, id: number | string): ReviewView {
  const row = prepared(db, `${REVIEW_SELECT} WHERE r.id = ?`).get(typeof id === 'number' ? id : Number(id)) as ReviewView | undefined;
  if (!row) throw new ReviewNotFound(String(id));
  return row;
}

function openReviewOf(db: Database, caseId: number): OpenReview | null {
  return (prepared(db, "SELECT id, level, opened FROM reviews WHERE case_id = ? AND state = 'open'").get(caseId) as OpenReview | undefined) ?? null;
}

/** What a rating did to its case's review, and the review it left (null for none). */
export interface ReviewOutcome {
  change: ReviewChange['change'];
  review: ReviewView | null;
}

/** Writes what the core decided; the review touched, if any. */
function writeChange(db: Database, caseId: number, change: ReviewChange, at: string, operator: string): number | null {
  switch (change.change) {
    case 'none':
      return null;
    case 'open':
      return Number(prepared(db, INSERT_REVIEW).run(...reviewInsertParams(caseId, change, at, operator)).lastInsertRowid);
    case 'keep':
      prepared(db, 'UPDATE reviews SET level = ? WHERE id = ?').run(change.level, change.id);
      return change.id;
    case 'revise':
    case 'void':
      prepared(db, 'UPDATE reviews SET state = ?, closed_at = ? WHERE id = ?').run(
        change.change === 'revise' ? 'revised' : 'voided',
        change.closedAt,
        change.id,
      );
      return change.id;
  }
}

/**
 * A rating of the case just recorded (`case rate`, with or without `--replace`): opens,
 * keeps or closes its review. The review's days are review_days as the setting stands now.
 */
export function reviewRating(
  db: Database,
  calendar: WorkCalendar,
  caseId: number,
  rating: { level: number; date: IsoDate },
  at: string,
  operator: string,
): ReviewOutcome {
  const change = reviewAfterRating(openReviewOf(db, caseId), rating.level, rating.date, readSettings(db).reviewDays, calendar);
  const id = writeChange(db, caseId, change, at, operator);
  return { change: change.change, review: id === null ? null : getReview(db, id) };
}

/** The case voided on `date`: its open review closes as voided (SPEC §3.2). */
export function reviewVoid(db: Database, caseId: number, date: IsoDate, at: string, operator: string): void {
  writeChange(db, caseId, reviewAfterVoid(openReviewOf(db, caseId), date), at, operator);
}

/** A person's step on a review, with what the step records. */
export type ReviewAction =
  | { step: 'rectify'; note: string }
  | { step: 'visit'; result: VisitResult; note: string | null }
  | { step: 'invalidate'; reason: string };

const STEP_UPDATES: Record<ReviewStep, string> = {
  rectify: "UPDATE reviews SET state = 'rectified', rectified_at = @date, rectify_note = @note WHERE id = @id",
  visit: "UPDATE reviews SET state = 'visited', visited_at = @date, visit_result = @result, visit_note = @note WHERE id = @id",
  invalidate: "UPDATE reviews SET state = 'invalid', invalidated_at = @date, invalid_reason = @reason WHERE id = @id",
};

/** `hall review rectify|visit|invalidate`: checked by the core against the review's state and dates, then written. */
export function stepReview(db: Database, id: number | string, action: ReviewAction, date: IsoDate): ReviewView {
  const review = getReview(db, id);
  checkReviewStep(review satisfies ReviewDates, action.step, date);
  const params = { id: review.id, date, note: null as string | null, result: null as string | null, reason: null as string | null };
  if (action.step === 'rectify') params.note = action.note;
  if (action.step === 'visit') Object.assign(params, { result: action.result, note: action.note });
  if (action.step === 'invalidate') params.reason = action.reason;
  prepared(db, STEP_UPDATES[action.step]).run(params);
  return getReview(db, review.id);
}

export interface ReviewFilter {
  /** A window code, name or retired code; an unknown one is refused, not an empty list. */
  window?: string;
  status?: ReviewStatus;
  /** Only reviews opened in this span (inclusive), as a month's report counts them. */
  openedFrom?: IsoDate;
  openedTo?: IsoDate;
  /** The date `overdue` is judged at: open with `today` past `due`. */
  today: IsoDate;
}

/** Reviews, oldest first, with their state and dates: the list, and what a report or an alert builds on. */
export function listReviews(db: Database, filter: ReviewFilter): ReviewView[] {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.window !== undefined) {
    params.window = windowId(db, filter.window);
    clauses.push('r.window_id = @window');
  }
  if (filter.status === 'overdue') {
    clauses.push("r.state = 'open' AND r.due < @today");
    params.today = filter.today;
  } else if (filter.status !== undefined) {
    clauses.push('r.state = @status');
    params.status = filter.status;
  }
  if (filter.openedFrom !== undefined) {
    clauses.push('r.opened >= @from');
    params.from = filter.openedFrom;
  }
  if (filter.openedTo !== undefined) {
    clauses.push('r.opened <= @to');
    params.to = filter.openedTo;
  }
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  return prepared(db, `${REVIEW_SELECT} ${where} ORDER BY r.id`).all(params) as ReviewView[];
}

/** The reviews of a case, oldest first (`case show`). */
export function reviewsOfCase(db: Database, caseId: number): ReviewView[] {
  return prepared(db, `${REVIEW_SELECT} WHERE r.case_id = ? ORDER BY r.id`).all(caseId) as ReviewView[];
}

/**
 * After a calendar change, moves the due date of every review whose span (opened, due]
 * holds a changed date (SPEC §2: stored derived values agree with the current calendar),
 * whatever its state: whether a review was put right in time is judged against it. A
 * review keeps the days it opened with. Returns how many moved.
 */
export function recomputeReviewDue(db: Database, calendar: WorkCalendar, changedDates: readonly IsoDate[]): number {
  if (changedDates.length === 0) return 0;
  const sorted = [...changedDates].sort();
  // A change after `due` cannot move it; one on or before `opened` is not counted (W starts after opened).
  const rows = prepared(db, 'SELECT id, opened, days, due FROM reviews WHERE opened < @latest AND due >= @earliest').all({
    earliest: sorted[0],
    latest: sorted.at(-1),
  }) as { id: number; opened: IsoDate; days: number; due: IsoDate }[];
  const update = prepared(db, 'UPDATE reviews SET due = ? WHERE id = ?');
  let moved = 0;
  for (const row of rows) {
    const due = reviewDue(calendar, row.opened, row.days);
    if (due === row.due) continue;
    update.run(due, row.id);
    moved++;
  }
  return moved;
}
