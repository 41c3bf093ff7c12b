/**
 * 差评整改 (SPEC §7.2, 国办发〔2019〕51号): every bad rating (level 1–2) is a review of its
 * own — put right (整改) by a due date on the working-day calendar, then followed up with
 * the person who gave it (回访); or found to be an appeal that holds (申诉成立). Pure: what
 * a rating or a void does to a case's review, and which step a review's state allows.
 */
import { addWorkingDays, type WorkCalendar } from './calendar.js';
import { pickValue } from './case-values.js';
import type { IsoDate } from './dates.js';
import { InvalidValue } from './errors.js';
import { IllegalReviewStep, ReviewStepBefore } from './review-errors.js';

export const REVIEW_STATES = ['open', 'rectified', 'visited', 'invalid', 'revised', 'voided'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** The steps a person takes on a review; a raised rating and a void close one by themselves. */
export const REVIEW_STEPS = ['rectify', 'visit', 'invalidate'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];

/**
 * What each state allows. 整改 then 回访, or 申诉成立 instead of 整改: an appeal is judged
 * on the rating as given, so once the window has put it right the rating stands.
 */
export const REVIEW_NEXT: Record<ReviewState, readonly ReviewStep[]> = {
  open: ['rectify', 'invalidate'],
  rectified: ['visit'],
  visited: [],
  invalid: [],
  revised: [],
  voided: [],
};

export const VISIT_RESULTS = ['satisfied', 'unsatisfied'] as const;
export type VisitResult = (typeof VISIT_RESULTS)[number];
/** The words of the 回访 form; the first is the one messages show. */
export const VISIT_RESULT_WORDS: Record<VisitResult, readonly string[]> = { satisfied: ['满意'], unsatisfied: ['不满意'] };

export function parseVisitResult(field: string, value: string): VisitResult {
  const result = pickValue(VISIT_RESULTS, VISIT_RESULT_WORDS, value);
  if (!result) throw new InvalidValue(field, value, { rule: 'visit_result' });
  return result;
}

/**
 * What a review list filters by: a state, or `overdue` — open with today past its due
 * date. Every state but `open`'s split is listed, voided included, since the list shows
 * every state when no filter is given.
 */
export const REVIEW_STATUSES = ['open', 'overdue', 'rectified', 'visited', 'invalid', 'revised', 'voided'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
/** The words of the 整改单 ledger for each status; the first is the one messages and lists show. */
export const REVIEW_STATUS_WORDS: Record<ReviewStatus, readonly string[]> = {
  open: ['待整改', '未整改'],
  overdue: ['已超期', '超期'],
  rectified: ['已整改', '整改'],
  visited: ['已回访', '回访'],
  invalid: ['申诉成立', '无效'],
  revised: ['已改评', '改评'],
  voided: ['已作废', '作废'],
};

export function parseReviewStatus(field: string, value: string): ReviewStatus {
  const status = pickValue(REVIEW_STATUSES, REVIEW_STATUS_WORDS, value);
  if (!status) throw new InvalidValue(field, value, { rule: 'review_status' });
  return status;
}

/** review_days (差评整改时限): whole working days, at most a quarter of a year's working days. */
export const MIN_REVIEW_DAYS = 1;
export const MAX_REVIEW_DAYS = 60;
export const DEFAULT_REVIEW_DAYS = 5;

/** A stored or typed review_days, or null when it is not a whole number 1–60 (`2.5`, `0`, `abc`, `-1`). */
export function reviewDaysOf(value: string): number | null {
  const trimmed = value.trim();
  if (!/^\d{1,2}$/.test(trimmed)) return null;
  const days = Number(trimmed);
  return days >= MIN_REVIEW_DAYS && days <= MAX_REVIEW_DAYS ? days : null;
}

export function parseReviewDays(field: string, value: string): number {
  const days = reviewDaysOf(value);
  if (days === null) throw new InvalidValue(field, value, { rule: 'integer_range', min: MIN_REVIEW_DAYS, max: MAX_REVIEW_DAYS });
  return days;
}

/** A bad rating (差评, 国办发〔2019〕51号 as counties apply it): the levels that open a review. */
export function isBadLevel(level: number): boolean {
  return level <= 2;
}

/** The due date: the working day D with W(opened, D) = days (SPEC §2 counting, as every deadline). */
export function reviewDue(calendar: WorkCalendar, opened: IsoDate, days: number): IsoDate {
  return addWorkingDays(calendar, opened, days);
}

/** A case's open review, as a rating or a void needs to know it. */
export interface OpenReview {
  id: number;
  level: number;
  opened: IsoDate;
}

/** What a rating or a void does to the case's review. */
export type ReviewChange =
  | { change: 'none' }
  | { change: 'open'; level: number; opened: IsoDate; days: number; due: IsoDate }
  /** A bad rating replaced by another while its review is open: one review, its level updated, its dates kept. */
  | { change: 'keep'; id: number; level: number }
  /** The rating raised to 3 or more (群众改评): the open review closes and counts nowhere. */
  | { change: 'revise'; id: number; closedAt: IsoDate }
  /** The case voided (作废): its open review closes with it. */
  | { change: 'void'; id: number; closedAt: IsoDate };

/**
 * A rating of `level` dated `date`, given while `open` is the case's open review (or
 * none). A review already rectified, visited or invalid is history: a new bad rating
 * opens a review of its own.
 */
export function reviewAfterRating(open: OpenReview | null, level: number, date: IsoDate, days: number, calendar: WorkCalendar): ReviewChange {
  if (open === null) {
    return isBadLevel(level) ? { change: 'open', level, opened: date, days, due: reviewDue(calendar, date, days) } : { change: 'none' };
  }
  if (isBadLevel(level)) return { change: 'keep', id: open.id, level };
  // A raised rating is recorded after the bad one it replaces; closing a review before it opened would be nonsense.
  if (date < open.opened) throw new ReviewStepBefore(open.id, 'revise', 'opened', open.opened, date);
  return { change: 'revise', id: open.id, closedAt: date };
}

/** A void dated `date` (never before the rating that opened the review: events are in order). */
export function reviewAfterVoid(open: OpenReview | null, date: IsoDate): ReviewChange {
  return open === null ? { change: 'none' } : { change: 'void', id: open.id, closedAt: date };
}

/** A review's state and the dates of its steps, as a step needs them. */
export interface ReviewDates {
  id: number;
  state: ReviewState;
  opened: IsoDate;
  rectified_at: IsoDate | null;
  visited_at: IsoDate | null;
  invalidated_at: IsoDate | null;
  closed_at: IsoDate | null;
}

/** The date the review entered its current state. */
export function stateDate(review: ReviewDates): IsoDate {
  switch (review.state) {
    case 'open':
      return review.opened;
    case 'rectified':
      return review.rectified_at ?? review.opened;
    case 'visited':
      return review.visited_at ?? review.opened;
    case 'invalid':
      return review.invalidated_at ?? review.opened;
    case 'revised':
    case 'voided':
      return review.closed_at ?? review.opened;
  }
}

/**
 * Checks a step dated `date` on a review: the state must allow it, and it may not be dated
 * before the review's previous step (opened, or rectified for a visit). The caller has
 * already refused a date in the future.
 */
export function checkReviewStep(review: ReviewDates, step: ReviewStep, date: IsoDate): void {
  const allowed = REVIEW_NEXT[review.state];
  if (!allowed.includes(step)) throw new IllegalReviewStep(review.id, review.state, stateDate(review), step, allowed);
  const previous =
    step === 'visit' && review.rectified_at !== null
      ? ({ step: 'rectified', date: review.rectified_at } as const)
      : ({ step: 'opened', date: review.opened } as const);
  if (date < previous.date) throw new ReviewStepBefore(review.id, step, previous.step, previous.date, date);
}
