/**
 * The refusals of reviews (差评整改, SPEC §7.2). Kept beside errors.ts, as the file,
 * import and frozen-report errors are, so that errors.ts stays at its size.
 */
import { RefusedError } from './errors.js';
import type { ReviewState, ReviewStep } from './review.js';

/** A review (整改单, SPEC §7.2) id that names none. Kept as typed: an id too large for a number is still named back. */
export class ReviewNotFound extends RefusedError {
  readonly kind = 'review_not_found';

  constructor(readonly id: string) {
    super({ id });
  }
}

/** A step a review's state does not allow; `since` is the date it entered that state, `allowed` what it does allow. */
export class IllegalReviewStep extends RefusedError {
  readonly kind = 'illegal_review_step';

  constructor(
    readonly id: number,
    readonly state: ReviewState,
    readonly since: string,
    readonly step: ReviewStep,
    readonly allowed: readonly ReviewStep[],
  ) {
    super({ id, state, since, step, allowed });
  }
}

/**
 * A review's step (or the raised rating that closes it) dated before the review's
 * previous step: opened, or rectified for a visit.
 */
export class ReviewStepBefore extends RefusedError {
  readonly kind = 'review_step_before';

  constructor(
    readonly id: number,
    readonly step: ReviewStep | 'revise',
    readonly previous: 'opened' | 'rectified',
    readonly previousDate: string,
    readonly date: string,
  ) {
    super({ id, step, previous, previousDate, date });
  }
}
