/**
 * Errors of reading a file to import (SPEC §5): a file that holds nothing, lacks
 * columns, cannot be decoded or parsed, or has rows the import refuses.
 */

import { RefusedError } from './errors.js';
import type { Problem } from './problems.js';

/** A file to import that holds nothing usable. */
export class EmptyImport extends RefusedError {
  readonly kind = 'empty_import';

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
  readonly kind = 'missing_columns';

  constructor(
    readonly file: string,
    /** For each missing field, the headers that would have named it. */
    readonly columns: readonly (readonly string[])[],
    /** The header's line (a workbook's row: a title may stand above it). */
    readonly line = 1,
  ) {
    super({ file, columns, line });
  }
}

/**
 * A file given as a workbook that cannot be read as one (SPEC §7.7): an old binary
 * `.xls`, an encrypted workbook or an `.xls` renamed (both OLE2 files, not zips), some
 * other file renamed `.xlsx` (a CSV), a copy cut short, or a damaged zip or XML.
 */
export class NotAWorkbook extends RefusedError {
  readonly kind = 'not_a_workbook';

  constructor(
    readonly file: string,
    readonly reason: 'xls' | 'encrypted' | 'not_zip' | 'truncated' | 'damaged',
    /** What the reader said of a damaged workbook (untranslated, as a parser's words are). */
    readonly detail = '',
  ) {
    super({ file, reason, detail });
  }
}

/** `--sheet` named a sheet the workbook does not have. */
export class SheetNotFound extends RefusedError {
  readonly kind = 'sheet_not_found';

  constructor(
    readonly file: string,
    readonly sheet: string,
    /** The workbook's sheets, in its order. */
    readonly sheets: readonly string[],
  ) {
    super({ file, sheet, sheets });
  }
}

/**
 * No row near the top of a sheet names the import's columns: a workbook's header is
 * found, not assumed to be the first row, so there is no line to say it lacks a column.
 */
export class HeaderNotFound extends RefusedError {
  readonly kind = 'header_not_found';

  constructor(
    readonly file: string,
    readonly sheet: string,
    /** Rows searched from the top. */
    readonly searched: number,
    /** The first (Chinese) name of each column the import knows, the required ones first. */
    readonly required: readonly string[],
    readonly optional: readonly string[],
  ) {
    super({ file, sheet, searched, required, optional });
  }
}

export interface BadByte {
  encoding: string;
  offset: number;
  line: number;
}

/** Bytes valid in none of the encodings tried (SPEC §5). */
export class Undecodable extends RefusedError {
  readonly kind = 'undecodable';

  constructor(
    readonly file: string,
    readonly attempts: readonly BadByte[],
  ) {
    super({ file, attempts });
  }
}

export class MalformedCsv extends RefusedError {
  readonly kind = 'malformed_csv';

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
  readonly kind = 'row_rejected';

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
  readonly kind = 'import_rejected';

  constructor(
    readonly file: string,
    readonly rows: readonly RowRejected[],
    readonly rejected: number,
    /** Whether this import can skip the invalid rows and write the rest, so the message can offer it. */
    readonly canSkipInvalid: boolean,
  ) {
    super({ file, rejected, first: rows.slice(0, 3).map((row) => row.line) });
  }
}
