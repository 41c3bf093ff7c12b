/**
 * Typed errors. The core and the store throw them carrying data only — the case
 * number, the state, the value, the rule it broke — and never a sentence or a
 * command-line option. Each has a kind (src/core/error-kinds.ts), by which the CLI's
 * catalogue (src/cli/messages/errors.ts) finds its words in the run's language; its
 * exit code is SPEC §4's: 1 refused input, 2 usage, 3 storage.
 */

import type { Stage } from './catalog.js';
import type { ErrorKind } from './error-kinds.js';
import type { CaseCommand, CaseState, EventKind } from './lifecycle.js';
import type { PeriodWay } from './period.js';
import type { Problem } from './problems.js';

/** SPEC §4; 130 is the shell's code for an interrupt (Ctrl-C at a prompt). */
export type ExitCode = 1 | 2 | 3 | 130;

export abstract class HallError extends Error {
  abstract readonly kind: ErrorKind;
  abstract readonly exitCode: ExitCode;

  constructor(details: object) {
    // The message is for a developer's stack trace only; users read the catalogue.
    super(JSON.stringify(details));
    this.name = new.target.name;
  }
}

/** Refused input or a domain rule: nothing was changed. Exit 1. */
export abstract class RefusedError extends HallError {
  readonly exitCode = 1 as const;
}

/** A value given for `field` (an option of a command, a setting) breaks `problem`. */
export class InvalidValue extends RefusedError {
  readonly kind = 'invalid_value';

  constructor(
    readonly field: string,
    readonly value: string,
    readonly problem: Problem,
  ) {
    super({ field, value, problem: problem.rule });
  }
}

export class CaseNotFound extends RefusedError {
  readonly kind = 'case_not_found';

  constructor(readonly number: string) {
    super({ number });
  }
}

export class UnknownItem extends RefusedError {
  readonly kind = 'unknown_item';

  constructor(readonly code: string) {
    super({ code });
  }
}

export class UnknownBundle extends RefusedError {
  readonly kind = 'unknown_bundle';

  constructor(readonly code: string) {
    super({ code });
  }
}

export class UnknownWindow extends RefusedError {
  readonly kind = 'unknown_window';

  constructor(readonly code: string) {
    super({ code });
  }
}

export class UnknownDepartment extends RefusedError {
  readonly kind = 'unknown_department';

  constructor(readonly department: string) {
    super({ department });
  }
}

/**
 * A window name shared by several windows, or a department prefix that starts several
 * departments' names: which one was meant cannot be guessed, so `matches` lists them
 * (window codes, department names) for the person to choose.
 */
export class AmbiguousName extends RefusedError {
  readonly kind = 'ambiguous_name';

  constructor(
    readonly entity: 'department' | 'window',
    readonly value: string,
    readonly matches: readonly string[],
  ) {
    super({ entity, value, matches });
  }
}

export class ComplaintNotFound extends RefusedError {
  readonly kind = 'complaint_not_found';

  constructor(readonly id: number) {
    super({ id });
  }
}

/** A department or window that would be added twice. */
export class AlreadyExists extends RefusedError {
  readonly kind = 'already_exists';

  constructor(
    readonly entity: 'department' | 'window',
    readonly key: string,
  ) {
    super({ entity, key });
  }
}

/** Window names are unique (SPEC §4): a clerk names the counter, and a name must lead to one window. */
export class WindowNameTaken extends RefusedError {
  readonly kind = 'window_name_taken';

  constructor(
    readonly windowName: string,
    /** The code of the window that has the name. */
    readonly window: string,
  ) {
    super({ name: windowName, window });
  }
}

/** A merged window's code names the window it went into for good, so no new window may take it. */
export class WindowCodeRetired extends RefusedError {
  readonly kind = 'window_code_retired';

  constructor(
    readonly code: string,
    /** The code of the window it was merged into. */
    readonly window: string,
  ) {
    super({ code, window });
  }
}

/** `window merge FROM INTO` where both name one window (the same code, its name, or an old code of it). */
export class MergeIntoItself extends RefusedError {
  readonly kind = 'merge_into_itself';

  constructor(
    readonly from: string,
    readonly into: string,
    readonly window: string,
  ) {
    super({ from, into, window });
  }
}

/** A lifecycle command the case's state does not allow (SPEC §3.2). */
export class IllegalTransition extends RefusedError {
  readonly kind = 'illegal_transition';

  constructor(
    readonly number: string,
    readonly state: CaseState,
    readonly delivered: boolean,
    readonly command: CaseCommand | 'rate',
    readonly allowed: readonly CaseCommand[],
  ) {
    super({ number, state, delivered, command, allowed });
  }
}

/**
 * A void (作废) past the plain rule of SPEC §3.2 — the day of registration, nothing done
 * since — without the deliberate override: `reason` says which part of the rule.
 */
export class VoidNeedsForce extends RefusedError {
  readonly kind = 'void_needs_force';

  constructor(
    readonly number: string,
    readonly state: CaseState,
    readonly registered: string,
    readonly today: string,
    readonly reason: 'later_day' | 'later_events',
    readonly later: readonly EventKind[],
  ) {
    super({ number, state, registered, today, reason, later });
  }
}

/** `advance` to a stage that is not later than the current one, or past 审批. */
export class IllegalAdvance extends RefusedError {
  readonly kind = 'illegal_advance';

  constructor(
    readonly number: string,
    readonly stage: Stage,
    readonly requested: Stage | null,
    readonly allowed: readonly Stage[],
  ) {
    super({ number, stage, requested, allowed });
  }
}

/** A back-dated event placed before the case's previous one. */
export class EventBeforeLast extends RefusedError {
  readonly kind = 'event_before_last';

  constructor(
    readonly number: string,
    readonly last: string,
    readonly at: string,
  ) {
    super({ number, last, at });
  }
}

export class ItemNotActive extends RefusedError {
  readonly kind = 'item_not_active';

  constructor(
    readonly code: string,
    readonly itemName: string,
    readonly status: 'suspended' | 'cancelled',
  ) {
    super({ code, itemName, status });
  }
}

/** An item without a window (未进驻) needs the accepting window named. */
export class ItemNotInHall extends RefusedError {
  readonly kind = 'item_not_in_hall';

  constructor(
    readonly code: string,
    readonly itemName: string,
  ) {
    super({ code, itemName });
  }
}

/** Concluding at registration is for 即办件 (promised limit 0) only. */
export class NotImmediate extends RefusedError {
  readonly kind = 'not_immediate';

  constructor(
    readonly code: string,
    readonly promisedDays: number,
  ) {
    super({ code, promisedDays });
  }
}

/**
 * `calendar unset` on a date that holds no `calendar set` override: nothing at all
 * (`stored` null), or a day of a published schedule, seeded or imported.
 */
export class CannotUnsetDay extends RefusedError {
  readonly kind = 'cannot_unset_day';

  constructor(
    readonly date: string,
    readonly stored: { kind: 'holiday' | 'workday'; source: string } | null,
  ) {
    super({ date, stored });
  }
}

export class AlreadyRated extends RefusedError {
  readonly kind = 'already_rated';

  constructor(
    readonly number: string,
    readonly level: number,
    readonly date: string,
  ) {
    super({ number, level, date });
  }
}

export class ComplaintClosed extends RefusedError {
  readonly kind = 'complaint_closed';

  constructor(
    readonly id: number,
    readonly substantiated: boolean,
  ) {
    super({ id, substantiated });
  }
}

/**
 * `init --center-code` replacing a code that reports or exports already carry (SPEC §7.4):
 * frozen reports were sent upward under the old code, and an export directory's
 * `center=CODE/` folders hold it, so the change is made only deliberately, with --force.
 */
export class CenterCodeNeedsForce extends RefusedError {
  readonly kind = 'center_code_needs_force';

  constructor(
    readonly stored: string,
    readonly given: string,
    /** Frozen reports in the database. */
    readonly frozen: number,
    /** Output directories the case export keeps a watermark for. */
    readonly exports: number,
  ) {
    super({ stored, given, frozen, exports });
  }
}

/** An assessment rubric (a file, or the one `init` stores) that cannot be used; `key` names the offending entry. */
export class RubricRejected extends RefusedError {
  readonly kind = 'rubric_rejected';

  constructor(
    readonly source: string,
    readonly key: string | null,
    readonly reason: 'json' | 'not_object' | 'unknown_key' | 'not_number' | 'negative' | 'not_whole' | 'too_large' | 'no_points',
    /** The parser's words, the allowed keys, or the value. */
    readonly detail: string,
    /** For too_large: the largest value the key takes. */
    readonly max: number | null = null,
  ) {
    super({ source, key, reason, max });
  }
}

/**
 * A complaint-days file (SPEC §7.3) hall cannot use; `key` names the offending entry.
 * `detail` is the parser's words, the key, the value, the key given first for the same
 * category (twice), or the system's code for a file that cannot be read.
 */
export class ComplaintDaysRejected extends RefusedError {
  readonly kind = 'complaint_days_rejected';

  constructor(
    readonly source: string,
    readonly key: string | null,
    readonly reason: 'unreadable' | 'json' | 'not_object' | 'unknown_category' | 'twice' | 'not_number' | 'too_small' | 'not_whole' | 'too_large',
    readonly detail: string,
  ) {
    super({ source, key, reason, detail });
  }
}

/**
 * A file given to `report network` (SPEC §7.4) that cannot be summed with the others;
 * `file` names it (null when no file was given at all). `detail` is the parser's words,
 * the kind or schema found, the period or center code; `other` the file it clashes with.
 */
export class PackRejected extends RefusedError {
  readonly kind = 'pack_rejected';

  constructor(
    readonly file: string | null,
    readonly reason:
      | 'no_files'
      | 'empty_directory'
      | 'unreadable'
      | 'json'
      | 'not_monthly'
      | 'assessment'
      | 'digest'
      | 'schema'
      | 'no_center_code'
      | 'period'
      | 'same_center',
    readonly detail: string = '',
    readonly other: string | null = null,
    /** For `period`: the other file's period; for `schema`: the schema this hall reads. */
    readonly expected: string = '',
  ) {
    super({ file, reason, detail, other, expected });
  }
}

/** The clerk pressed Ctrl-C at a prompt: nothing was written. Exit 130. `prompt` is what was being asked for, so the words fit it. */
export class Cancelled extends HallError {
  readonly kind = 'cancelled';
  readonly exitCode = 130 as const;

  constructor(readonly prompt: 'registration' | 'report_month') {
    super({ prompt });
  }
}

/** Usage: an option a script must give, options that exclude each other, a bad global option. Exit 2. */
export class UsageError extends HallError {
  readonly kind = 'usage';
  readonly exitCode = 2 as const;

  constructor(
    readonly reason:
      | 'missing_options'
      | 'conflicting_options'
      | 'bad_option'
      | 'empty_option'
      | 'bad_environment'
      | 'needs_out'
      | 'format_unsupported'
      | 'csv_needs_section'
      /** An option for another kind of file than the one named: `--sheet` on a CSV, `--encoding` on a workbook (`value`: the file). */
      | 'option_not_for_file',
    readonly names: readonly string[],
    readonly value?: string,
  ) {
    super({ reason, names, value });
  }
}

/**
 * A report period named in none of its ways, in more than one, or as a span without its
 * first or last day. Usage, like an option a script must give: exit 2.
 */
export class PeriodUnclear extends HallError {
  readonly kind = 'period_unclear';
  readonly exitCode = 2 as const;

  constructor(
    readonly problem: 'none' | 'several' | 'no_first_day' | 'no_last_day',
    /** The ways the command accepts (the monthly pack takes no quarter). */
    readonly ways: readonly PeriodWay[],
  ) {
    super({ problem, ways });
  }
}
