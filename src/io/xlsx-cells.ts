/**
 * A workbook's typed cells as the CSV forms give them (SPEC §7.7), so that an .xlsx import
 * is checked by the very rules a CSV import is: text as it is, a number as its digits, a
 * date cell as the local date and time, a logical cell as Excel writes it in a CSV. Only
 * what no CSV could hold is refused here, by the cell: an error value (`#N/A`), and a code
 * or id that the workbook stores as a number Excel shows in exponent form.
 */
import type { Problem } from '../core/problems.js';

/** A cell as read-excel-file reads it (an error cell and a merged cell's others read as null). */
export type SheetCell = string | number | boolean | Date | null | undefined;

/**
 * Excel keeps 15 significant digits and shows a number in its General format from that
 * many: the binary noise past them (0.1 + 0.2 stored as 0.30000000000000004) is not the
 * value a clerk typed or sees.
 */
const EXCEL_DIGITS = 15;

/**
 * From 12 digits on, Excel's General format shows a number in exponent form
 * (123456789012 as 1.23457E+11) and a CSV it saves carries that; past 15 the digits are
 * gone (an 18-digit 身份证号 keeps 330681199001011000). A code or id that large, held as a
 * number, cannot be trusted, whatever its digits now.
 */
const LARGEST_TRUSTED_CODE = 1e11;

/** `3.30681199001011E+17`: a number as Excel writes its exponent form, to the digits it keeps. */
export function exponentForm(value: number): string {
  const [mantissa = '', exponent = ''] = value.toExponential(EXCEL_DIGITS - 1).split('e');
  const digits = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return `${digits}E${exponent.startsWith('-') ? exponent : `+${exponent.replace('+', '')}`}`;
}

/** A number as its digits, to the 15 Excel keeps: 20, 0.5, 0.3, 1200.75. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toPrecision(EXCEL_DIGITS));
  if (rounded === 0) return '0';
  // Beyond these JavaScript writes an exponent anyway; no column of ours holds such a number.
  if (Math.abs(rounded) >= 1e21 || Math.abs(rounded) < 1e-6) return exponentForm(rounded);
  return String(rounded);
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * A date cell as the local date (`2025-09-15`) or date and time (`2025-09-15 09:05`, with
 * seconds only when it has them), the forms the CSV imports read. An Excel serial has no
 * time zone: read-excel-file gives its wall-clock reading as UTC, so it is read back in
 * UTC, never shifted into the machine's zone. Its milliseconds come floored from a
 * fraction of a day (09:05 is 0.378472…), so the time is rounded to the second.
 */
export function dateText(value: Date): string {
  const at = new Date(Math.round(value.getTime() / 1000) * 1000);
  const date = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const [hours, minutes, seconds] = [at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()];
  if (hours === 0 && minutes === 0 && seconds === 0) return date;
  return `${date} ${pad(hours)}:${pad(minutes)}${seconds === 0 ? '' : `:${pad(seconds)}`}`;
}

/** A cell as the import reads it, and why it is refused where no CSV form could stand for it. */
export interface CellText {
  text: string;
  problem?: Problem;
}

/**
 * A cell as its CSV form. `code`: the cell is in a column of codes or ids (the import's
 * `identifiers`), where a number Excel shows in exponent form is refused, shown as
 * Excel's exponent form so that the clerk sees the digits that are left.
 */
export function cellText(value: SheetCell, code: boolean): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  // As Excel writes a logical cell when it saves a CSV: TRUE, FALSE.
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : dateText(value) };
  if (code && Math.abs(value) >= LARGEST_TRUSTED_CODE) return { text: exponentForm(value), problem: { rule: 'number_as_code' } };
  return { text: numberText(value) };
}

/**
 * Where the cells holding an error value (`<c r="B7" t="e"><v>#N/A</v></c>`) are in a
 * sheet's XML, by row and column (1-based), with the value Excel shows. read-excel-file
 * reads such a cell as an empty one, which would let a `#N/A` in a required column pass as
 * a blank, so the sheet's bytes are searched for them first. Only the few error cells are
 * decoded: the search runs over the bytes, which stay as they are.
 */
export function errorCells(xml: Uint8Array): Map<number, Map<number, string>> {
  const bytes = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  const found = new Map<number, Map<number, string>>();
  for (const marker of [' t="e"', " t='e'"]) {
    for (let at = bytes.indexOf(marker); at !== -1; at = bytes.indexOf(marker, at + marker.length)) {
      const start = bytes.lastIndexOf(0x3c, at); // the `<` of the tag the attribute is in
      const tagEnd = bytes.indexOf(0x3e, at); // its `>`
      if (start === -1 || tagEnd === -1) continue;
      const tag = bytes.toString('latin1', start, tagEnd + 1);
      // A cell's tag, prefixed or not (`<c`, `<x:c`); its reference, as in r="B7".
      const name = /^<([\w:]+)/.exec(tag)?.[1] ?? '';
      const ref = /\sr=["']([A-Z]{1,3})(\d+)["']/.exec(tag);
      if ((name !== 'c' && !name.endsWith(':c')) || !ref) continue;
      const close = tag.endsWith('/>') ? tagEnd : bytes.indexOf(`</${name}>`, tagEnd);
      const body = close === -1 ? '' : bytes.toString('utf8', tagEnd + 1, close);
      const shown = /<(?:\w+:)?v>([^<]*)</.exec(body)?.[1] ?? '#N/A';
      const row = Number(ref[2]);
      const columns = found.get(row) ?? new Map<number, string>();
      columns.set(columnNumber(ref[1]!), shown);
      found.set(row, columns);
    }
  }
  return found;
}

/** `A` → 1, `Z` → 26, `AA` → 27. */
export function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters) number = number * 26 + (letter.charCodeAt(0) - 64);
  return number;
}
