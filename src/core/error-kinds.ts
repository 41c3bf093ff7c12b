/**
 * Every error a person can meet, by kind. `HallError.kind` must be one of these keys,
 * so a new error class is listed here before it compiles, and the CLI's catalogue (a
 * table keyed by kind) then lacks its words until they are written in both languages.
 */

import { BadWithout, BundleCancelled, CombinedCommand, CombinedNothingToDo, PartOfCombined } from './combined-errors.js';
import { DamagedData } from './damage.js';
import {
  AlreadyExists,
  AlreadyRated,
  AmbiguousName,
  Cancelled,
  CannotUnsetDay,
  CaseNotFound,
  CenterCodeNeedsForce,
  ComplaintClosed,
  ComplaintDaysRejected,
  ComplaintNotFound,
  EventBeforeLast,
  IllegalAdvance,
  IllegalTransition,
  InvalidValue,
  ItemNotActive,
  ItemNotInHall,
  MergeIntoItself,
  NotImmediate,
  PackRejected,
  PeriodUnclear,
  RubricRejected,
  UnknownBundle,
  UnknownDepartment,
  UnknownItem,
  UnknownWindow,
  UsageError,
  VoidNeedsForce,
  WindowCodeRetired,
  WindowNameTaken,
} from './errors.js';
import { ExportDirectoryRefused, ExportFormatRefused, ExportNeedsCenterCode, ExportOtherCenter } from './export-errors.js';
import { DatabaseMissing, DatabaseNotEmpty, FileNotFound, OutputExists, OutputUnwritable, StaleCaches, StorageFailure } from './file-errors.js';
import { AlreadyFrozen, CannotFreeze, NotFrozen } from './frozen-errors.js';
import {
  EmptyImport,
  HeaderNotFound,
  ImportRejected,
  MalformedCsv,
  MissingColumns,
  NotAWorkbook,
  RowRejected,
  SheetNotFound,
  Undecodable,
} from './import-errors.js';
import { IllegalReviewStep, ReviewNotFound, ReviewStepBefore } from './review-errors.js';

const ERROR_CLASSES = {
  invalid_value: InvalidValue,
  case_not_found: CaseNotFound,
  unknown_item: UnknownItem,
  unknown_bundle: UnknownBundle,
  bad_without: BadWithout,
  bundle_cancelled: BundleCancelled,
  combined_command: CombinedCommand,
  combined_nothing_to_do: CombinedNothingToDo,
  part_of_combined: PartOfCombined,
  unknown_window: UnknownWindow,
  unknown_department: UnknownDepartment,
  ambiguous_name: AmbiguousName,
  complaint_not_found: ComplaintNotFound,
  already_exists: AlreadyExists,
  window_name_taken: WindowNameTaken,
  window_code_retired: WindowCodeRetired,
  merge_into_itself: MergeIntoItself,
  illegal_transition: IllegalTransition,
  illegal_advance: IllegalAdvance,
  void_needs_force: VoidNeedsForce,
  event_before_last: EventBeforeLast,
  item_not_active: ItemNotActive,
  item_not_in_hall: ItemNotInHall,
  not_immediate: NotImmediate,
  cannot_unset_day: CannotUnsetDay,
  already_rated: AlreadyRated,
  complaint_closed: ComplaintClosed,
  review_not_found: ReviewNotFound,
  illegal_review_step: IllegalReviewStep,
  review_step_before: ReviewStepBefore,
  output_exists: OutputExists,
  already_frozen: AlreadyFrozen,
  not_frozen: NotFrozen,
  cannot_freeze: CannotFreeze,
  rubric_rejected: RubricRejected,
  center_code_needs_force: CenterCodeNeedsForce,
  complaint_days_rejected: ComplaintDaysRejected,
  pack_rejected: PackRejected,
  output_unwritable: OutputUnwritable,
  export_format: ExportFormatRefused,
  export_directory: ExportDirectoryRefused,
  export_needs_center_code: ExportNeedsCenterCode,
  export_other_center: ExportOtherCenter,
  database_missing: DatabaseMissing,
  stale_caches: StaleCaches,
  damaged_data: DamagedData,
  database_not_empty: DatabaseNotEmpty,
  cancelled: Cancelled,
  file_not_found: FileNotFound,
  empty_import: EmptyImport,
  missing_columns: MissingColumns,
  undecodable: Undecodable,
  malformed_csv: MalformedCsv,
  not_a_workbook: NotAWorkbook,
  sheet_not_found: SheetNotFound,
  header_not_found: HeaderNotFound,
  row_rejected: RowRejected,
  import_rejected: ImportRejected,
  usage: UsageError,
  period_unclear: PeriodUnclear,
  storage: StorageFailure,
};

export type ErrorKind = keyof typeof ERROR_CLASSES;

export type ErrorOfKind<K extends ErrorKind> = InstanceType<(typeof ERROR_CLASSES)[K]>;

export const ERROR_KINDS = Object.keys(ERROR_CLASSES) as ErrorKind[];
