/**
 * The Excel writer for the monthly statistics pack and the window assessment: one sheet per
 * section, a merged bold title in row 1, bold headers in row 2, both frozen.
 */
import type { Cell, CellObject, Row, Sheet as WorkbookSheet } from 'write-excel-file/node';
import writeExcelFile from 'write-excel-file/node';
import type { LocalText } from '../core/text.js';
import { type CellKind, isWordKind, localValue, type ReportPack, type ReportSection, rowsWithTotal } from '../report/section.js';
import { sectionCaption } from '../report/words.js';

export interface SheetColumn {
  title: string;
  kind: CellKind;
}
export interface Sheet {
  /** Sanitised on write: at most 31 characters, none of []:*?/\, unique within the workbook. */
  name: string;
  title: string;
  columns: SheetColumn[];
  /** Numbers in numeric columns; null there is a rate with a zero denominator (—), '' a figure that does not apply (blank). */
  rows: (string | number | null)[][];
  /** Optional lines written under the table (e.g. '还有 28 项未列出' or a note); plain text cells. */
  notes?: string[];
}

/** The sheets of a report's sections: numbers stay numbers, codes are put in words. */
export function reportSheets(pack: ReportPack, sections: readonly ReportSection[], lang: keyof LocalText): Sheet[] {
  return sections.map((section) => ({
    name: section.title[lang],
    title: sectionCaption(pack, section)[lang],
    columns: section.columns.map((column) => ({ title: column.title[lang], kind: column.kind })),
    rows: rowsWithTotal(section, lang).map((row) => section.columns.map((column) => localValue(column, row[column.key], row, lang))),
    notes: (section.notes ?? []).map((note) => note[lang]),
  }));
}

/** Writes one workbook with one sheet per entry to `path`. */
export async function writeWorkbook(path: string, sheets: readonly Sheet[]): Promise<void> {
  const names = sheetNames(sheets.map((sheet) => sheet.name));
  // The type parameter is the content type of images; these sheets have none.
  const workbook: WorkbookSheet<never>[] = sheets.map((sheet, index) => ({
    sheet: names[index]!,
    data: sheetData(sheet),
    columns: sheet.columns.map((column, at) => ({ width: columnWidth(column, sheet.rows, at) })),
    // Title and header stay visible while scrolling a long table.
    stickyRowsCount: 2,
  }));
  await writeExcelFile(workbook).toFile(path);
}

/** A figure that cannot be computed (a rate with a zero denominator) is a dash, never a misleading 0. */
const NO_VALUE = '—';

// Excel applies these only to number cells; the stored value stays exact (12345.67, 0.9428).
const FORMATS: Partial<Record<CellKind, string>> = { decimal: '0.00', rate: '0.00%', money: '#,##0.00' };

function sheetData(sheet: Sheet): Row[] {
  const span = sheet.columns.length;
  const title: Row = [{ value: sheet.title, type: String, fontWeight: 'bold', ...(span > 1 ? { columnSpan: span } : {}) }];
  const header: Row = sheet.columns.map((column) => ({ value: column.title, type: String, fontWeight: 'bold' }));
  const body = sheet.rows.map((row, rowIndex) => sheet.columns.map((column, at) => cell(column, row[at] ?? null, sheet.name, rowIndex)));
  const notes = (sheet.notes ?? []).map((note): Row => [{ value: note, type: String }]);
  // A blank row keeps the notes from reading as one more table row.
  return [title, header, ...body, ...(notes.length > 0 ? [[], ...notes] : [])];
}

// Every string goes out as `type: String` (a shared-string cell) and this writer never emits
// formulas, so text such as '=1+1' or '@SUM(...)' is shown literally: no formula-injection guard is needed.
function cell(column: SheetColumn, value: string | number | null, sheetName: string, rowIndex: number): Cell {
  if (isWordKind(column.kind)) {
    // Dates stay text: a serial date number would be shifted by the reader's time zone.
    return value === null ? null : { value: String(value), type: String };
  }
  // '' is a figure that does not apply (环比 of a row never compared): a blank cell, unlike —.
  if (value === '') return null;
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return { value: NO_VALUE, type: String, align: 'right' };
  if (typeof value !== 'number')
    throw new TypeError(`${sheetName}: row ${rowIndex + 1}, column ${column.title} (${column.kind}) expects a number, got ${JSON.stringify(value)}`);
  // Amounts are kept in integer fen to avoid float drift; the sheet shows yuan with two decimals.
  const number: CellObject = { value: column.kind === 'money' ? value / 100 : value, type: Number };
  const format = FORMATS[column.kind];
  return format === undefined ? number : { ...number, format };
}

/** Widths in Excel "characters" (about one digit), so a CJK character counts as two. */
function columnWidth(column: SheetColumn, rows: readonly (string | number | null)[][], at: number): number {
  let widest = displayWidth(column.title);
  for (const row of rows) widest = Math.max(widest, displayWidth(shown(column.kind, row[at] ?? null)));
  const floor = column.kind === 'rate' || column.kind === 'money' ? 10 : 6;
  return Math.min(40, Math.max(floor, widest + 2));
}

/** Roughly what Excel displays for a value, for measuring only. */
function shown(kind: CellKind, value: string | number | null): string {
  if (value === null) return isWordKind(kind) ? '' : NO_VALUE;
  if (typeof value === 'string') return value;
  if (kind === 'rate') return `${(value * 100).toFixed(2)}%`;
  if (kind === 'money') return (value / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (kind === 'decimal') return value.toFixed(2);
  return String(value);
}

// East Asian Wide and Fullwidth blocks: Hangul Jamo, CJK radicals through Yi, Hangul syllables,
// compatibility ideographs, vertical and full-width forms, and the supplementary ideograph planes.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

/**
 * Sheet names Excel accepts: 1–31 UTF-16 units, none of []:*?/\, no leading or trailing
 * apostrophe, unique ignoring case ('History' is reserved by Excel).
 */
function sheetNames(wanted: readonly string[]): string[] {
  const taken = new Set(['history']);
  return wanted.map((name, index) => {
    const base = trimName(name.replace(/[[\]:*?/\\\p{Cc}]/gu, '_')) || `Sheet${index + 1}`;
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : `(${n})`;
      const candidate = trimName(truncate(base, 31 - suffix.length)) + suffix;
      if (!taken.has(candidate.toLowerCase())) {
        taken.add(candidate.toLowerCase());
        return candidate;
      }
    }
  });
}

/** Excel refuses a name that starts or ends with an apostrophe; edge spaces only confuse. */
function trimName(text: string): string {
  return text.replace(/^[\s']+|[\s']+$/g, '');
}

/** Cuts to `units` UTF-16 units without splitting a surrogate pair. */
function truncate(text: string, units: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > units) break;
    out += char;
  }
  return out;
}
