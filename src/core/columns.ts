/**
 * What every CSV import shares in the core (SPEC §5): how a header names a field, how
 * a cell is cleaned, and how a row parser reports a refused cell. An import is a column
 * table plus a pure row parser; reading the file is `src/io/import-pipeline.ts`.
 */
import { InvalidValue } from './errors.js';
import type { Problem } from './problems.js';

/** The columns an import reads: every field, the headers that name it, the ones it cannot do without. */
export interface ImportColumns<F extends string> {
  fields: readonly F[];
  /** Accepted headers per field; the first is the Chinese name our own exports write. */
  headers: Record<F, readonly string[]>;
  required: readonly F[];
  /**
   * Codes and numbers that name something (an item code, an id number): a workbook that
   * holds one as a number may have lost its digits, so an .xlsx import refuses it there.
   */
  identifiers?: readonly F[];
}

/** Cells of one row keyed by field; a field the file has no column for is absent. */
export type RowCells<F extends string> = Partial<Record<F, string>>;

/** One refused cell as a row parser sees it: the pipeline adds the row, line and column. */
export interface FieldError<F extends string = string> {
  field: F;
  value: string;
  problem: Problem;
}

/**
 * A row's refused cells: those its source refused before any parser saw them (a
 * workbook's error cell, an id stored as a number), then the parser's own for the other
 * fields — a cell refused as read is not refused again for what it then looked like.
 */
export function withSourceRefusals<F extends string>(fromSource: readonly FieldError<F>[] | undefined, parsed: readonly FieldError<F>[]): FieldError<F>[] {
  if (!fromSource || fromSource.length === 0) return [...parsed];
  const refused = new Set(fromSource.map((error) => error.field));
  return [...fromSource, ...parsed.filter((error) => !refused.has(error.field))];
}

/** Cells that need more than a trim: most do not, and imports run this on every cell. */
const NEEDS_NORMALIZING = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u3000']/;

/**
 * Trims and turns full-width digits and letters (`２０`, `ＡＢ`) and the ideographic
 * space into their plain forms. Full-width punctuation stays: `（新办）` is part of a name.
 */
export function normalizeCell(value: string): string {
  if (!NEEDS_NORMALIZING.test(value)) return value.trim();
  return (
    value
      // A leading ' before = + - @ is the formula guard our own CSV export adds.
      .replace(/^'(?=[=+\-@])/, '')
      .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
      .replace(/\u3000/g, ' ')
      .trim()
  );
}

/** Header comparison: case-insensitive, trimmed, every kind of space removed (Excel keeps full-width ones). */
export function headerKey(header: string): string {
  return normalizeCell(header).replace(/\s+/g, '').toLowerCase();
}

/** Every accepted header, compared as `headerKey` compares them, to its field. */
export function headerLookup<F extends string>(columns: ImportColumns<F>): Map<string, F> {
  return new Map(columns.fields.flatMap((field) => columns.headers[field].map((header) => [headerKey(header), field] as const)));
}

/**
 * Runs a value parser of the kind the commands use (it throws `InvalidValue`) on one
 * cell, recording its refusal as a field error instead. Returns undefined when refused.
 */
export function cellValue<F extends string, T>(errors: FieldError<F>[], field: F, value: string, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    errors.push({ field, value, problem: error.problem });
    return undefined;
  }
}
