/**
 * Typed errors. The core and the store throw them carrying data only — the case
 * number, the state, the value, the rule it broke — and never a sentence or a
 * command-line flag. The CLI's message catalogue (`src/cli/messages.ts`) chooses the
 * words in the run's language, and the CLI entry alone maps them to an exit code
 * (SPEC §4: 1 refused input, 2 usage, 3 storage).
 */

import type { Stage } from './catalog.js';
import type { CaseCommand, CaseState } from './lifecycle.js';
import type { LocalText } from './text.js';

/** SPEC §4; 130 is the shell's code for an interrupt (Ctrl-C at a prompt). */
export type ExitCode = 1 | 2 | 3 | 130;

export abstract class HallError extends Error {
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

/**
 * Why a value was refused: a rule and what the rule needs to be explained. Shared by
 * command options (`InvalidValue`) and imported cells (`RowRejected`).
 */
export type Problem =
  | { rule: 'required' }
  | { rule: 'days' }
  | { rule: 'fee' }
  | { rule: 'fee_negative' }
  | { rule: 'fee_too_large'; maxYuan: number }
  | { rule: 'days_too_large'; max: number }
  | { rule: 'item_type' }
  | { rule: 'item_kind' }
  | { rule: 'kind_contradicts_limit'; promised: number }
  | { rule: 'promised_over_legal'; legal: number }
  /** A new legal limit below the promised limit the item keeps (the file has no 承诺时限 column). */
  | { rule: 'legal_under_promised'; promised: number }
  /** New stages without a stage the item's stored, partial window authorization names. */
  | { rule: 'drops_authorized_stage'; dropped: Stage[] }
  /** A code not in the catalog, in a file without these required columns (their headers). */
  | { rule: 'new_item_needs'; columns: string[] }
  | { rule: 'item_status' }
  | { rule: 'stage'; name: string }
  | { rule: 'stage_not_in_item'; foreign: Stage[]; stages: Stage[] }
  | { rule: 'integer_range'; min: number; max: number }
  | { rule: 'date' }
  | { rule: 'date_range' }
  | { rule: 'timestamp' }
  | { rule: 'in_future' }
  | { rule: 'day_kind' }
  | { rule: 'channel' }
  | { rule: 'complaint_channel' }
  | { rule: 'level' }
  | { rule: 'outcome' }
  | { rule: 'import_outcome' }
  | { rule: 'yes_no' }
  | { rule: 'id_type' }
  | { rule: 'resident_id_check' }
  | { rule: 'id_form' }
  | { rule: 'case_number_form' }
  | { rule: 'case_number_taken' }
  /** The time lies before the one in `other` (e.g. concluded before accepted). */
  | { rule: 'before'; other: string }
  /** The time lies after the one in `other` (e.g. a pause ending after the conclusion). */
  | { rule: 'after'; other: string }
  /** This value needs the one in `other` as well. */
  | { rule: 'needs'; other: string }
  | { rule: 'window_code' }
  | { rule: 'points' }
  | { rule: 'year' }
  | { rule: 'month' }
  | { rule: 'quarter' }
  | { rule: 'report_section'; sections: { name: string; title: LocalText }[] }
  | { rule: 'working_days_count' }
  | { rule: 'case_status' }
  | { rule: 'complaint_status' }
  | { rule: 'encoding' }
  | { rule: 'clock_time' }
  | { rule: 'time_zone' }
  | { rule: 'warning_days' }
  | { rule: 'record_kind' }
  | { rule: 'whole_number' }
  | { rule: 'list_limit' }
  | { rule: 'duplicate_code'; firstRow: number; firstLine: number }
  | { rule: 'unknown_department_strict' }
  | { rule: 'unknown_window_strict' }
  | { rule: 'unknown_parent' }
  | { rule: 'parent_cycle'; path: string[] }
  /** A domain refusal met while importing a row (an unknown item, an item not in the hall …). */
  | { rule: 'refused'; error: RefusedError }
  /** A case number given twice in one imported file. */
  | { rule: 'duplicate_case_number'; firstRow: number; firstLine: number };

export type Rule = Problem['rule'];

/** A value given for `field` (an option of a command, a setting) breaks `problem`. */
export class InvalidValue extends RefusedError {
  constructor(
    readonly field: string,
    readonly value: string,
    readonly problem: Problem,
  ) {
    super({ field, value, problem: problem.rule });
  }
}

export class CaseNotFound extends RefusedError {
  constructor(readonly number: string) {
    super({ number });
  }
}

export class UnknownItem extends RefusedError {
  constructor(readonly code: string) {
    super({ code });
  }
}

export class UnknownWindow extends RefusedError {
  constructor(readonly code: string) {
    super({ code });
  }
}

export class UnknownDepartment extends RefusedError {
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
  constructor(
    readonly entity: 'department' | 'window',
    readonly value: string,
    readonly matches: readonly string[],
  ) {
    super({ entity, value, matches });
  }
}

export class ComplaintNotFound extends RefusedError {
  constructor(readonly id: number) {
    super({ id });
  }
}

/** A department or window that would be added twice. */
export class AlreadyExists extends RefusedError {
  constructor(
    readonly entity: 'department' | 'window',
    readonly key: string,
  ) {
    super({ entity, key });
  }
}

/** A lifecycle command the case's state does not allow (SPEC §3.2). */
export class IllegalTransition extends RefusedError {
  constructor(
    readonly number: string,
    readonly state: CaseState,
    readonly delivered: boolean,
    readonly command: CaseCommand,
    readonly allowed: readonly CaseCommand[],
  ) {
    super({ number, state, delivered, command, allowed });
  }
}

/** `advance` to a stage that is not later than the current one, or past 审批. */
export class IllegalAdvance extends RefusedError {
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
  constructor(
    readonly number: string,
    readonly last: string,
    readonly at: string,
  ) {
    super({ number, last, at });
  }
}

export class ItemNotActive extends RefusedError {
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
  constructor(
    readonly code: string,
    readonly itemName: string,
  ) {
    super({ code, itemName });
  }
}

/** Concluding at registration is for 即办件 (promised limit 0) only. */
export class NotImmediate extends RefusedError {
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
  constructor(
    readonly date: string,
    readonly stored: { kind: 'holiday' | 'workday'; source: string } | null,
  ) {
    super({ date, stored });
  }
}

export class AlreadyRated extends RefusedError {
  constructor(
    readonly number: string,
    readonly level: number,
    readonly date: string,
  ) {
    super({ number, level, date });
  }
}

export class ComplaintClosed extends RefusedError {
  constructor(
    readonly id: number,
    readonly substantiated: boolean,
  ) {
    super({ id, substantiated });
  }
}

/** A file that must not be overwritten: a backup target, or a report file without --force. */
export class OutputExists extends RefusedError {
  constructor(
    readonly path: string,
    readonly overwrite: 'never' | 'with_force' = 'never',
  ) {
    super({ path, overwrite });
  }
}

/** An assessment rubric (a --rubric file or init --rubric) that cannot be used; `key` names the offending entry. */
export class RubricRejected extends RefusedError {
  constructor(
    readonly source: string,
    readonly key: string | null,
    readonly reason: 'json' | 'not_object' | 'unknown_key' | 'not_number' | 'negative' | 'not_whole' | 'no_points',
    /** The parser's words, the allowed keys, or the value. */
    readonly detail: string,
  ) {
    super({ source, key, reason });
  }
}

/**
 * An output file (`--out`, a rejects file, a backup) that cannot be written where it
 * is named: checked before any write transaction, so that nothing is changed.
 */
export class OutputUnwritable extends RefusedError {
  constructor(
    readonly path: string,
    readonly reason: 'directory' | 'missing_directory' | 'not_writable',
  ) {
    super({ path, reason });
  }
}

/** A command other than `init` named a database file that does not exist (SPEC §4). */
export class DatabaseMissing extends RefusedError {
  constructor(readonly path: string) {
    super({ path });
  }
}

/**
 * `hall doctor` found cases whose cached columns disagree with what their events give
 * (a manual edit of the file, a write cut short by another tool): reported after the
 * findings, nothing changed. `scope` is which cases were replayed, so the advice can
 * repeat it.
 */
export class StaleCaches extends RefusedError {
  constructor(
    readonly cases: number,
    readonly scope: 'running' | 'all',
  ) {
    super({ cases, scope });
  }
}

/** `hall demo` on a database that already holds a center's data: the demo would mix with it. */
export class DatabaseNotEmpty extends RefusedError {
  constructor(
    readonly path: string,
    readonly cases: number,
    readonly items: number,
    readonly windows: number,
  ) {
    super({ path, cases, items, windows });
  }
}

/** The clerk pressed Ctrl-C at a prompt: nothing was written. Exit 130. */
export class Cancelled extends HallError {
  readonly exitCode = 130 as const;

  constructor() {
    super({});
  }
}

export class FileNotFound extends RefusedError {
  constructor(readonly path: string) {
    super({ path });
  }
}

/** A file to import that holds nothing usable. */
export class EmptyImport extends RefusedError {
  constructor(
    readonly file: string,
    /** 'empty': no bytes or only blank lines; 'header_only': a header and no data rows. */
    readonly reason: 'empty' | 'header_only',
  ) {
    super({ file, reason });
  }
}

/** Required columns absent from the header: the import fails before any row is read. */
export class MissingColumns extends RefusedError {
  constructor(
    readonly file: string,
    /** For each missing field, the headers that would have named it. */
    readonly columns: readonly (readonly string[])[],
  ) {
    super({ file, columns });
  }
}

export interface BadByte {
  encoding: string;
  offset: number;
  line: number;
}

/** Bytes valid in none of the encodings tried (SPEC §5). */
export class Undecodable extends RefusedError {
  constructor(
    readonly file: string,
    readonly attempts: readonly BadByte[],
  ) {
    super({ file, attempts });
  }
}

export class MalformedCsv extends RefusedError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super({ file, line, detail });
  }
}

/** One refused cell of an imported file. */
export class RowRejected extends RefusedError {
  constructor(
    readonly file: string,
    /** Data row number: 1 is the first row after the header. */
    readonly row: number,
    /** Physical line of the file where the row starts (header = line 1). */
    readonly line: number,
    /** The column's header as the file wrote it. */
    readonly column: string,
    readonly value: string,
    readonly problem: Problem,
  ) {
    super({ file, row, line, column, value, problem: problem.rule });
  }
}

export const MAX_PRINTED_ROW_ERRORS = 20;

/** An all-or-nothing import refused because of invalid rows; the first 20 are kept. */
export class ImportRejected extends RefusedError {
  constructor(
    readonly file: string,
    readonly rows: readonly RowRejected[],
    readonly rejected: number,
    /** Whether `--skip-invalid` exists for this import, so the message can offer it. */
    readonly canSkipInvalid: boolean,
  ) {
    super({ file, rejected, first: rows.slice(0, 3).map((row) => row.line) });
  }
}

/** Usage: a flag a script must give, flags that exclude each other, a bad global option. Exit 2. */
export class UsageError extends HallError {
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
      | 'csv_needs_section',
    readonly names: readonly string[],
    readonly value?: string,
  ) {
    super({ reason, names, value });
  }
}

export type StorageProblem =
  | 'directory'
  | 'missing_directory'
  | 'output_failed'
  | 'not_sqlite'
  | 'newer_schema'
  | 'locked'
  | 'corrupt'
  | 'unwritable'
  | 'integrity';

/** The database cannot be used: corrupt, not SQLite, newer schema, locked too long. Exit 3. */
export class StorageFailure extends HallError {
  readonly exitCode = 3 as const;

  constructor(
    readonly problem: StorageProblem,
    readonly path: string,
    readonly detail: { code?: string; version?: number; supported?: number; findings?: readonly string[] } = {},
  ) {
    super({ problem, path, ...detail });
  }
}

/**
 * Something a command did that a person should know, though nothing was refused:
 * printed as a warning in the run's language.
 */
export type Notice =
  | { notice: 'credit_code_check'; id: string }
  | { notice: 'unknown_columns'; columns: string[]; count: number }
  | { notice: 'duplicate_column'; column: string; used: string }
  | { notice: 'calendar_year_missing'; year: number }
  /** A case accepted at a window of another department than its item's: registered, but likely a slip. */
  | { notice: 'window_of_other_department'; window: string; windowDepartment: string; item: string; itemDepartment: string }
  /** The command's work was saved, but its output file could not be written (a full disk). */
  | { notice: 'output_not_written'; path: string; code: string };

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'rule' in value;
}
