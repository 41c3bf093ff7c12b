/**
 * The refusals of 一件事 (combined cases, SPEC §7.1). Kept beside errors.ts, as the
 * file, import and frozen-report errors are, so that errors.ts stays at its size.
 */
import { RefusedError } from './errors.js';

/** The members left out name a required member of the bundle, or an item that is not a member (SPEC §7.1). */
export class BadWithout extends RefusedError {
  readonly kind = 'bad_without';

  constructor(
    readonly bundle: string,
    readonly item: string,
    readonly reason: 'required' | 'not_member',
    /** The members that may be left out: the optional ones. */
    readonly optional: readonly string[],
  ) {
    super({ bundle, item, reason, optional });
  }
}

/** A cancelled bundle takes no new combined cases (its parts may still be registered alone). */
export class BundleCancelled extends RefusedError {
  readonly kind = 'bundle_cancelled';

  constructor(
    readonly code: string,
    readonly bundleName: string,
  ) {
    super({ code, name: bundleName });
  }
}

/**
 * A case command other than show, withdraw and deliver on a combined number: the
 * combined case has no steps of its own, its parts do (SPEC §7.1).
 */
export class CombinedCommand extends RefusedError {
  readonly kind = 'combined_command';

  constructor(
    readonly number: string,
    readonly command: string,
    readonly parts: readonly string[],
  ) {
    super({ number, command, parts });
  }
}

/**
 * `case void` on a part of a combined case: a combined case registered by mistake is
 * voided whole (SPEC §3.2), since voiding one part would leave the others a 一件事 the
 * applicant never applied for.
 */
export class PartOfCombined extends RefusedError {
  readonly kind = 'part_of_combined';

  constructor(
    readonly number: string,
    readonly combined: string,
  ) {
    super({ number, combined });
  }
}

/** `case withdraw J…` with no unfinished part, or `case deliver J…` with no concluded, undelivered one. */
export class CombinedNothingToDo extends RefusedError {
  readonly kind = 'combined_nothing_to_do';

  constructor(
    readonly number: string,
    readonly command: 'withdraw' | 'deliver',
  ) {
    super({ number, command });
  }
}
