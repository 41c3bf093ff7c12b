/**
 * Typed errors. The core throws them; the CLI entry alone turns them into an exit
 * code and a one-line message on stderr (SPEC §4: 1 refused input, 2 usage, 3 storage).
 * Every message is written in Chinese and English, so `--lang en` needs no lookup table.
 */

export interface LocalText {
  zh: string;
  en: string;
}

export function text(zh: string, en: string): LocalText {
  return { zh, en };
}

export type ExitCode = 1 | 2 | 3;

export class HallError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly text: LocalText,
    /** Further lines printed under the message (e.g. the rows of a rejected import). */
    readonly details: readonly LocalText[] = [],
  ) {
    super(text.en);
    this.name = new.target.name;
  }
}

/** Refused input or a domain rule: nothing was changed. Exit 1. */
export class InputError extends HallError {
  constructor(message: LocalText, details: readonly LocalText[] = []) {
    super(1, message, details);
  }
}

/** A code, number or name that does not exist. Exit 1. */
export class NotFoundError extends InputError {}

/** Unknown command or flag, missing argument or a flag a script must give. Exit 2. */
export class UsageError extends HallError {
  constructor(message: LocalText) {
    super(2, message);
  }
}

/** The database cannot be used: corrupt, not SQLite, newer schema, locked too long. Exit 3. */
export class StorageError extends HallError {
  constructor(message: LocalText) {
    super(3, message);
  }
}

/** One refused cell of an imported file. */
export interface RowError {
  /** Data row number: 1 is the first row after the header. */
  row: number;
  /** Physical line of the file where the row starts (header = line 1). */
  line: number;
  column: string;
  value: string;
  reason: LocalText;
}

export const MAX_PRINTED_ROW_ERRORS = 20;

export function formatRowError(error: RowError): LocalText {
  return {
    zh: `第 ${error.row} 行（文件第 ${error.line} 行），列 ${error.column} = "${error.value}"：${error.reason.zh}`,
    en: `row ${error.row} (line ${error.line}), column ${error.column} = "${error.value}": ${error.reason.en}`,
  };
}

/** An all-or-nothing import refused because of invalid rows; the first 20 are listed. */
export class ImportRejected extends InputError {
  constructor(
    readonly file: string,
    readonly rowErrors: readonly RowError[],
    readonly rejectedRows: number,
    canSkipInvalid = true,
  ) {
    super(
      text(
        `${file}：${rejectedRows} 行无效，未写入任何数据${canSkipInvalid ? '（可用 --skip-invalid 只导入有效行）' : ''}`,
        `${file}: ${rejectedRows} invalid row(s); nothing was written${canSkipInvalid ? ' (--skip-invalid imports the valid rows only)' : ''}`,
      ),
      rowErrors.slice(0, MAX_PRINTED_ROW_ERRORS).map(formatRowError),
    );
  }
}
