/**
 * 差评整改 in the demo center (SPEC §7.2): every bad rating the plan gives opens a review
 * when it is written (as `case rate` opens one), and this plans what the center then does
 * with it, month by month — most put right within their working days and visited a few
 * days later, mostly to the person's satisfaction; one a month put right late, one a
 * month an appeal that holds (申诉成立), one a month visited and still unsatisfied; and in
 * the last month a few left open, some past due. Pure and seeded, like the rest of the plan.
 */
import { addWorkingDays, isWorkingDay, type WorkCalendar } from '../core/calendar.js';
import { addDays, type IsoDate } from '../core/dates.js';
import type { Period } from '../core/period.js';
import { reviewDue } from '../core/review.js';
import type { ReviewAction } from '../store/reviews.js';
import type { PlannedStep } from './case-steps.js';
import { type Dice, isBefore } from './dice.js';
import { INVALID_REASONS, RECTIFY_FALLBACK, RECTIFY_NOTES, VISIT_SATISFIED, VISIT_UNSATISFIED } from './people.js';

/** A step on a review, dated as `hall review … --date` dates it. */
export interface PlannedReviewStep {
  date: IsoDate;
  action: ReviewAction;
}

export interface PlannedReview {
  /** The bad rating that opens it: a step of a planned case or part (the writer finds the review it opened). */
  rating: PlannedStep;
  opened: IsoDate;
  /** reviewDue(opened, review_days), as the store computes it. */
  due: IsoDate;
  steps: PlannedReviewStep[];
}

/** The last working day on or before `date`. */
function workingDayOnOrBefore(calendar: WorkCalendar, date: IsoDate): IsoDate {
  let day = date;
  while (!isWorkingDay(calendar, day)) day = addDays(day, -1);
  return day;
}

/**
 * Plans the reviews of `ratings` (every bad rating of the plan, each opening a review, as
 * each case is rated once). No step after the last working day of `periods`: what would
 * come later is still to do at the end of the demo.
 */
export function planReviews(
  dice: Dice,
  calendar: WorkCalendar,
  ratings: readonly PlannedStep[],
  periods: readonly Period[],
  reviewDays: number,
): PlannedReview[] {
  const ordered = [...ratings].sort((a, b) => (isBefore(a.at, b.at) ? -1 : isBefore(b.at, a.at) ? 1 : 0));
  const reviews: PlannedReview[] = ordered.map((rating) => ({
    rating,
    opened: rating.at.date,
    due: reviewDue(calendar, rating.at.date, reviewDays),
    steps: [],
  }));
  const lastDay = workingDayOnOrBefore(calendar, periods[periods.length - 1]!.to);
  const fits = (date: IsoDate) => date <= lastDay;
  // Put right 1–4 working days after opening, never past due when review_days is short.
  const onTimeDays = Math.min(4, reviewDays);

  const rectify = (review: PlannedReview, date: IsoDate) => {
    const comment = review.rating.action.command === 'rate' ? review.rating.action.comment : '';
    review.steps.push({ date, action: { step: 'rectify', note: RECTIFY_NOTES[comment] ?? RECTIFY_FALLBACK } });
  };
  const visit = (review: PlannedReview, rectified: IsoDate, satisfied: boolean) => {
    const date = addWorkingDays(calendar, rectified, dice.between(1, 3));
    if (!fits(date)) return;
    const note = dice.pick(satisfied ? VISIT_SATISFIED : VISIT_UNSATISFIED);
    review.steps.push({ date, action: { step: 'visit', result: satisfied ? 'satisfied' : 'unsatisfied', note } });
  };
  /** Rectified on time, then (room permitting) visited. */
  const onTime = (review: PlannedReview, satisfied: boolean) => {
    const date = addWorkingDays(calendar, review.opened, dice.between(1, onTimeDays));
    if (!fits(date)) return;
    rectify(review, date);
    visit(review, date, satisfied);
  };
  /** Rectified 1–3 working days after due (not past the end), then visited. */
  const late = (review: PlannedReview) => {
    let date = addWorkingDays(calendar, review.due, dice.between(1, 3));
    if (!fits(date)) date = addWorkingDays(calendar, review.due, 1);
    rectify(review, date);
    visit(review, date, dice.chance(0.8));
  };

  periods.forEach((month, monthIndex) => {
    let left = reviews.filter((review) => review.opened >= month.from && review.opened <= month.to);
    /** Takes one review of the month, drawn among those that `can`; undefined when none can. */
    const take = (can: (review: PlannedReview) => boolean): PlannedReview | undefined => {
      const candidates = left.filter(can);
      if (candidates.length === 0) return undefined;
      const chosen = dice.pick(candidates);
      left = left.filter((review) => review !== chosen);
      return chosen;
    };
    // 申诉成立: checked within three working days and found a 误评 or a 恶意差评.
    const appeal = take(() => true);
    if (appeal) {
      const date = addWorkingDays(calendar, appeal.opened, dice.between(1, 3));
      appeal.steps.push({ date: fits(date) ? date : appeal.opened, action: { step: 'invalidate', reason: dice.pick(INVALID_REASONS) } });
    }
    // Put right after its due date.
    const slow = take((review) => fits(addWorkingDays(calendar, review.due, 1)));
    if (slow) late(slow);
    // Put right in time, and the person still unsatisfied at the visit.
    const unsatisfied = take((review) => fits(addWorkingDays(calendar, review.opened, onTimeDays + 3)));
    if (unsatisfied) onTime(unsatisfied, false);
    // The last month: one or two forgotten, open past their due date at the end.
    if (monthIndex === periods.length - 1) {
      const forgotten = dice.between(1, 2);
      for (let index = 0; index < forgotten && left.length > 3; index++) take((review) => review.due < lastDay);
    }
    for (const review of left) {
      if (dice.chance(0.08) && fits(addWorkingDays(calendar, review.due, 1))) late(review);
      else onTime(review, dice.chance(0.94));
    }
  });
  return reviews;
}
