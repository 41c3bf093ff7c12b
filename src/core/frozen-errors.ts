/**
 * The refusals of frozen reports (SPEC §7.5). Kept beside errors.ts, as the file and
 * import errors are, so that errors.ts stays at its size. Each names the report by its
 * kind and period label (`2025-10`, `2025Q4`); the CLI supplies the flags.
 */
import { RefusedError } from './errors.js';

export type FreezableKind = 'monthly' | 'assessment';

/** The period is frozen already: replacing what was sent takes --refreeze. */
export class AlreadyFrozen extends RefusedError {
  readonly kind = 'already_frozen';

  constructor(
    readonly report: FreezableKind,
    readonly label: string,
    /** When and by whom it was frozen, as stored. */
    readonly frozenAt: string,
    readonly operator: string,
  ) {
    super({ report, label, frozenAt, operator });
  }
}

/** `--frozen` on a period nothing was frozen for. */
export class NotFrozen extends RefusedError {
  readonly kind = 'not_frozen';

  constructor(
    readonly report: FreezableKind,
    readonly label: string,
  ) {
    super({ report, label });
  }
}

/**
 * A period that cannot be frozen: one not over yet (its last day is today or later — its
 * figures still move), or a span of dates that is not a whole month or quarter.
 */
export class CannotFreeze extends RefusedError {
  readonly kind = 'cannot_freeze';

  constructor(
    readonly report: FreezableKind,
    readonly label: string,
    readonly reason: 'not_ended' | 'not_whole',
    /** The period's last day and today, for `not_ended`. */
    readonly lastDay: string,
    readonly today: string,
  ) {
    super({ report, label, reason, lastDay, today });
  }
}
