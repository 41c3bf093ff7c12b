/**
 * Something a command did that a person should know, though nothing was refused:
 * printed as a warning in the run's language.
 */
export type Notice =
  | { notice: 'credit_code_check'; id: string }
  | { notice: 'unknown_columns'; columns: string[]; count: number }
  | { notice: 'duplicate_column'; column: string; used: string }
  | { notice: 'calendar_year_missing'; year: number }
  /** A file in a directory given to `report network` that is not a `.json` pack: left out, and named (SPEC §7.4). */
  | { notice: 'pack_skipped'; file: string }
  /** A case accepted at a window of another department than its item's: registered, but likely a slip. */
  | { notice: 'window_of_other_department'; window: string; windowDepartment: string; item: string; itemDepartment: string }
  /** An item a synchronising catalog import cancels while some of its cases are still running: they go on, but no new one can be registered. */
  | { notice: 'cancelled_with_running_cases'; code: string; name: string; cases: number }
  /** The command's work was saved, but its output file could not be written (a full disk). */
  | { notice: 'output_not_written'; path: string; code: string };
