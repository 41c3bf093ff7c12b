/**
 * Why a value was refused: a rule and what the rule needs to be explained. Shared by
 * command options (`InvalidValue`) and imported cells (`RowRejected`).
 */
import type { DayKind } from './calendar.js';
import type { Stage } from './catalog.js';
import type { CenterLevel } from './center.js';
import type { RefusedError } from './errors.js';
import type { LocalText } from './text.js';

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
  /** A number-like code Excel showed in scientific notation (3.30100001E+11) and saved so: its digits are lost. */
  | { rule: 'scientific_code' }
  /** A workbook's cell holding Excel's error value (#N/A, #REF! …) instead of a value. */
  | { rule: 'error_cell' }
  /** A code or id a workbook holds as a number Excel shows in exponent form: its digits are lost or cannot be trusted. */
  | { rule: 'number_as_code' }
  | { rule: 'item_status' }
  | { rule: 'stage'; name: string }
  | { rule: 'stage_not_in_item'; foreign: Stage[]; stages: Stage[] }
  | { rule: 'integer_range'; min: number; max: number }
  | { rule: 'date' }
  | { rule: 'date_range' }
  /** A date of a holiday schedule file, which may also be written as Excel writes it. */
  | { rule: 'schedule_date' }
  | { rule: 'timestamp' }
  | { rule: 'in_future' }
  | { rule: 'day_kind' }
  | { rule: 'channel' }
  | { rule: 'complaint_channel' }
  | { rule: 'complaint_category' }
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
  | { rule: 'review_status' }
  | { rule: 'visit_result' }
  | { rule: 'encoding' }
  | { rule: 'clock_time' }
  | { rule: 'time_zone' }
  | { rule: 'warning_days' }
  /** A 行政区划代码 that is not 6, 9 or 12 digits (SPEC §7.4). */
  | { rule: 'center_code' }
  | { rule: 'center_level' }
  /** A level the code's length does not allow (`allowed`: the levels it does). */
  | { rule: 'center_level_contradicts'; code: string; allowed: CenterLevel[] }
  | { rule: 'record_kind' }
  | { rule: 'whole_number' }
  | { rule: 'list_limit' }
  | { rule: 'duplicate_code'; firstRow: number; firstLine: number }
  | { rule: 'unknown_department_strict' }
  | { rule: 'unknown_window_strict' }
  | { rule: 'unknown_parent' }
  | { rule: 'parent_cycle'; path: string[] }
  /** A bundle file's row with a blank 一件事编码 before any bundle has started. */
  | { rule: 'bundle_continuation_first' }
  /** A bundle code whose rows are not together: it started a block at `firstRow` already. */
  | { rule: 'bundle_split'; firstRow: number; firstLine: number }
  /** A bundle cell repeated on a later row of its bundle with another value than `first`, given on `firstRow` ('' = none). */
  | { rule: 'bundle_cell_disagrees'; firstRow: number; firstLine: number; first: string }
  /** A bundle's limit in calendar days: a bundle counts working days only. */
  | { rule: 'bundle_calendar_days' }
  /** A bundle's promised limit of 0 (即办): a bundle promises at least one working day. */
  | { rule: 'bundle_limit_zero' }
  /** A bundle with fewer than two members. */
  | { rule: 'bundle_too_few_members'; members: number }
  /** An item named twice in one bundle, first at `firstRow`. */
  | { rule: 'duplicate_member'; firstRow: number; firstLine: number }
  /** A lead department that is no member's department (`departments`: the members'). */
  | { rule: 'lead_not_member'; departments: string[] }
  /** A row refused with its bundle, because another row of the bundle (`row`) is invalid. */
  | { rule: 'bundle_row_invalid'; row: number; line: number }
  /** A domain refusal met while importing a row (an unknown item, an item not in the hall …). */
  | { rule: 'refused'; error: RefusedError }
  /** A date a schedule file gives twice, differently (the first time as `firstKind`, `firstNote`). */
  | { rule: 'duplicate_date'; firstRow: number; firstLine: number; firstKind: DayKind; firstNote: string }
  /** A case number given twice in one imported file. */
  | { rule: 'duplicate_case_number'; firstRow: number; firstLine: number }
  /** A 不予受理 row in a combined case's group of an imported file: it was never accepted. */
  | { rule: 'combined_refusal' }
  /** An item that is not a member of the row's bundle (`members`: the bundle's items, in order). */
  | { rule: 'not_bundle_member'; bundle: string; members: string[] }
  /** A part's cell that differs from the same cell of the group's first part, `first`, given on `firstRow`. */
  | { rule: 'combined_disagrees'; firstRow: number; firstLine: number; first: string }
  /** An item a combined case's group already has a part of, at `firstRow`. */
  | { rule: 'combined_repeated_item'; firstRow: number; firstLine: number }
  /** Required members of the bundle that no part of the group is for. */
  | { rule: 'combined_missing_members'; bundle: string; missing: { item: string; name: string }[] }
  /** A row refused with its group, because another row of the group (`row`) is invalid. */
  | { rule: 'combined_row_invalid'; row: number; line: number }
  /** A 联办编号 met again after other rows: its group already started, and was taken, at `firstRow`. */
  | { rule: 'combined_split'; firstRow: number; firstLine: number };

export type Rule = Problem['rule'];

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'rule' in value;
}
