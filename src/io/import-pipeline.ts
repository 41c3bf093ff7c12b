/**
 * The one way a CSV is imported (SPEC §5), whatever it holds: items, cases or a
 * holiday schedule. An import brings its column table and a pure row parser; this
 * file decodes and reads the file, finds the header, maps its columns, numbers the
 * rows and turns a parser's refused cells into `RowRejected`s that name the row, the
 * line and the column as the file wrote them.
 *
 * Counting convention, the same for every import: the header is the first non-blank
 * record; data row 1 is the record after it; blank records are skipped but keep their
 * number, so "row N" is always the N-th record after the header; `line` is the
 * physical line where the record starts (a quoted cell may span lines).
 */
import { type FieldError, headerKey, headerLookup, type ImportColumns, normalizeCell, type RowCells } from '../core/columns.js';
import { EmptyImport, ImportRejected, MAX_PRINTED_ROW_ERRORS, MissingColumns, RowRejected } from '../core/import-errors.js';
import type { Notice } from '../core/notices.js';
import type { Problem } from '../core/problems.js';
import type { CsvRecord, RecordSource } from './csv-source.js';

export interface ImportHeader<F extends string> {
  /** The header as the file wrote it (each cell trimmed): the rejects file repeats it. */
  readonly cells: readonly string[];
  readonly line: number;
  /** Every field of the import's table. */
  readonly fields: ReadonlySet<F>;
  /** Where each field the file has a column for sits in a record. */
  readonly indexes: ReadonlyMap<F, number>;
  /** What the header deserves a warning for: unknown and repeated columns, one each. */
  readonly notices: readonly Notice[];
  /** The column of a field as the file wrote it; a field without a column goes by its export (Chinese) name. */
  column(field: F): string;
}

export interface ImportRow<F extends string> {
  /** Data row number: 1 is the first record after the header. */
  row: number;
  /** Physical line of the file where the record starts (header = line 1 unless blank lines precede it). */
  line: number;
  /** Cells by field, trimmed, full-width digits and letters made plain; absent if the file has no such column. */
  cells: RowCells<F>;
  /** The record as read, for the rejects file. */
  raw: readonly string[];
  /** Cells its source refused as read (a workbook's error cell, an id stored as a number): the importer refuses the row for them. */
  refused?: FieldError<F>[];
}

export interface ImportFile<F extends string> {
  readonly file: string;
  readonly header: ImportHeader<F>;
  /** Non-blank data rows read so far. */
  readonly rows: number;
  /**
   * The rows the whole file holds, judged from its size and what has been read so far
   * (null before the first row). Reading runs ahead of the rows handed over, so it
   * errs low.
   */
  readonly expectedRows?: number | null;
  /**
   * The data rows in batches, blank ones left out. Read once. A file whose header
   * has no data row under it is refused (`EmptyImport` 'header_only') at the end.
   */
  batches(): AsyncIterable<ImportRow<F>[]>;
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

const lookups = new WeakMap<ImportColumns<string>, Map<string, string>>();

function lookupOf<F extends string>(columns: ImportColumns<F>): Map<string, F> {
  let lookup = lookups.get(columns);
  if (!lookup) {
    lookup = headerLookup(columns);
    lookups.set(columns, lookup);
  }
  return lookup as Map<string, F>;
}

/** How many unknown or repeated columns a warning names. */
const MAX_NAMED_COLUMNS = 10;

/** Maps the header by the aliases of SPEC §3.1/§5, or refuses it before any row is read. */
export function mapHeader<F extends string>(file: string, record: CsvRecord, columns: ImportColumns<F>): ImportHeader<F> {
  const lookup = lookupOf(columns);
  const cells = record.cells.map((cell) => cell.trim());
  const indexes = new Map<F, number>();
  const written = new Map<F, string>();
  const notices: Notice[] = [];
  const unknown: string[] = [];
  let duplicates = 0;
  cells.forEach((name, index) => {
    if (name === '') return; // Excel's empty trailing columns
    const field = lookup.get(headerKey(name));
    if (!field) unknown.push(name);
    else if (written.has(field)) {
      // A header of thousands of copies warns about the first few, not thousands of lines.
      if (++duplicates <= MAX_NAMED_COLUMNS) notices.push({ notice: 'duplicate_column', column: name, used: written.get(field)! });
    } else {
      indexes.set(field, index);
      written.set(field, name);
    }
  });
  // One warning for all unknown columns, naming the first ten: a file of 12,000 stray
  // columns must not print 12,000 lines.
  if (unknown.length > 0) notices.unshift({ notice: 'unknown_columns', columns: unknown.slice(0, MAX_NAMED_COLUMNS), count: unknown.length });
  const missing = columns.required.filter((field) => !indexes.has(field));
  if (missing.length > 0)
    throw new MissingColumns(
      file,
      missing.map((field) => columns.headers[field]),
      record.line,
    );
  return {
    cells,
    line: record.line,
    fields: new Set(columns.fields),
    indexes,
    notices,
    column: (field) => written.get(field) ?? columns.headers[field][0] ?? field,
  };
}

/**
 * Opens an import: reads up to the header and maps it, so the caller can warn about
 * its columns before the rows stream. Refuses a file with nothing but blank records
 * (`EmptyImport` 'empty') and a header without a required column (`MissingColumns`).
 */
export async function openImport<F extends string>(
  source: RecordSource,
  columns: ImportColumns<F>,
  onProgress?: (bytesRead: number) => void,
): Promise<ImportFile<F>> {
  const file = source.path;
  let bytesRead = 0;
  const records = source
    .records((bytes) => {
      bytesRead = bytes;
      onProgress?.(bytes);
    })
    [Symbol.asyncIterator]();
  let pending: CsvRecord[] = [];
  let header: ImportHeader<F> | undefined;
  try {
    while (!header) {
      const next = await records.next();
      if (next.done) throw new EmptyImport(file, 'empty');
      const at = next.value.findIndex((record) => !isBlank(record.cells));
      if (at === -1) continue;
      header = mapHeader(file, next.value[at]!, columns);
      pending = next.value.slice(at + 1);
    }
  } catch (error) {
    await records.return?.();
    throw error;
  }
  const mapped = header;
  const fields = [...mapped.indexes];
  const fieldAt = new Map(fields.map(([field, index]) => [index, field]));
  let rows = 0;
  let started = false;

  let row = 0;
  const toRows = (batch: readonly CsvRecord[]): ImportRow<F>[] => {
    const out: ImportRow<F>[] = [];
    for (const record of batch) {
      row++;
      if (isBlank(record.cells)) continue; // Excel leaves all-comma rows, mostly at the end
      rows++;
      const cells: RowCells<F> = {};
      for (const [field, index] of fields) cells[field] = normalizeCell(record.cells[index] ?? '');
      const refused = record.refused && refusedFields(record, fieldAt);
      out.push(refused ? { row, line: record.line, cells, raw: record.cells, refused } : { row, line: record.line, cells, raw: record.cells });
    }
    return out;
  };

  return {
    file,
    header: mapped,
    get rows() {
      return rows;
    },
    get expectedRows() {
      return rows === 0 || bytesRead === 0 ? null : Math.round((rows * source.size) / bytesRead);
    },
    async *batches() {
      if (started) throw new Error('the rows of an import are read once');
      started = true;
      try {
        const first = toRows(pending);
        pending = [];
        if (first.length > 0) yield first;
        for (let next = await records.next(); !next.done; next = await records.next()) {
          const batch = toRows(next.value);
          if (batch.length > 0) yield batch;
        }
      } finally {
        await records.return?.();
      }
      if (rows === 0) throw new EmptyImport(file, 'header_only');
    },
  };
}

/** A record's refused cells in the columns the import reads (a refused cell of an ignored column is ignored with it); undefined if none. */
function refusedFields<F extends string>(record: CsvRecord, fieldAt: ReadonlyMap<number, F>): FieldError<F>[] | undefined {
  const refused: FieldError<F>[] = [];
  for (const { index, problem } of record.refused ?? []) {
    const field = fieldAt.get(index);
    if (field !== undefined) refused.push({ field, value: record.cells[index] ?? '', problem });
  }
  return refused.length > 0 ? refused : undefined;
}

/** A rejected row as the rejects file needs it: the record as read and why it was refused. */
export interface RejectedRow {
  row: number;
  line: number;
  raw: readonly string[];
  errors: readonly RowRejected[];
}

export type RejectSink = (rejected: RejectedRow) => void;

/**
 * `before`, `after` and `needs` name the other field of the row; the reader knows it
 * by the column the file wrote, as the refused cell itself is named.
 */
function inFileTerms<F extends string>(problem: Problem, header: ImportHeader<F>): Problem {
  if ((problem.rule === 'before' || problem.rule === 'after' || problem.rule === 'needs') && header.fields.has(problem.other as F)) {
    return { ...problem, other: header.column(problem.other as F) };
  }
  return problem;
}

/**
 * Collects an import's refused rows: keeps the first `MAX_PRINTED_ROW_ERRORS` cells for
 * the message, counts the rows, and hands every row to the sink (the rejects file of
 * `--skip-invalid`) as it comes, so nothing grows with the file.
 */
export class RejectCollector<F extends string> {
  private readonly kept: RowRejected[] = [];
  private count = 0;

  constructor(
    private readonly source: Pick<ImportFile<F>, 'file' | 'header'>,
    private readonly sink?: RejectSink,
  ) {}

  /** Rows refused so far. */
  get rejected(): number {
    return this.count;
  }

  get first(): readonly RowRejected[] {
    return this.kept;
  }

  /**
   * Refuses a row for the cells a parser, a lookup or a cross-row rule found wrong (at
   * least one). They are listed in the file's column order, so a row reads left to
   * right whichever check found what.
   */
  reject(row: Pick<ImportRow<F>, 'row' | 'line' | 'raw'>, errors: readonly FieldError<F>[]): void {
    const { file, header } = this.source;
    const position = (error: FieldError<F>) => header.indexes.get(error.field) ?? Number.MAX_SAFE_INTEGER;
    const rejected = [...errors]
      .sort((a, b) => position(a) - position(b))
      .map((error) => new RowRejected(file, row.row, row.line, header.column(error.field), error.value, inFileTerms(error.problem, header)));
    this.count++;
    for (const error of rejected) {
      if (this.kept.length >= MAX_PRINTED_ROW_ERRORS) break;
      this.kept.push(error);
    }
    this.sink?.({ row: row.row, line: row.line, raw: row.raw, errors: rejected });
  }

  /** The all-or-nothing refusal: nothing was written. */
  failure(canSkipInvalid: boolean): ImportRejected {
    return new ImportRejected(this.source.file, this.kept, this.count, canSkipInvalid);
  }
}
