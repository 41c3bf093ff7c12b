/**
 * A report as data: the sections a center prints, each a list of columns and rows of raw
 * values (counts, fractions, fen, ISO dates) and codes. A renderer (the terminal table and
 * CSV in src/cli, the workbook in src/io, a page) draws the same sections; words are
 * chosen only when it does, from the vocabularies in words.ts.
 */
import type { IsoDate } from '../core/dates.js';
import type { NamedPeriod } from '../core/period.js';
import type { LocalText } from '../core/text.js';
import { TOTAL, VOCABULARIES, type Vocabulary } from './words.js';

/**
 * How a column's values are written. `code` cells hold a code of the column's vocabulary
 * and read as its word; `text` cells are names and codes shown as stored.
 */
export type CellKind = 'text' | 'code' | 'count' | 'decimal' | 'rate' | 'money' | 'date';

/** Kinds whose cells are read as words, not numbers: left-aligned, and a missing one is blank rather than —. */
export function isWordKind(kind: CellKind): boolean {
  return kind === 'text' || kind === 'code' || kind === 'date';
}

export interface SectionColumn {
  key: string;
  title: LocalText;
  kind: CellKind;
  /** For `code` cells: the vocabulary their codes belong to. */
  words?: keyof typeof VOCABULARIES;
  /** What an empty (null) cell reads as, where it means something: an overdue case not yet concluded is 在办. */
  whenNull?: LocalText;
  /** A code a clerk types back (a window code, a case number): never shortened on a narrow terminal. */
  whole?: boolean;
  /** On a narrow terminal the highest rank goes first (see src/cli/render.ts). */
  drop?: number;
  /** A long code (a provincial 实施编码): shortened in its middle, before any name is. */
  shorten?: 'middle';
  /** The key of the `code` cell naming this count's unit: on screen the count reads `3 工作日`. */
  unit?: string;
}

/** A cell: null is a figure that cannot be computed (a rate with a zero denominator, shown —); '' one that does not apply (blank). */
export type SectionValue = string | number | boolean | null;
export type SectionRow = Record<string, SectionValue>;

export interface ReportSection {
  /** The --section name and the CSV file name's end. */
  name: string;
  title: LocalText;
  columns: SectionColumn[];
  rows: SectionRow[];
  /** The 合计 row, drawn after the rows with the word in the first column. */
  total?: SectionRow;
  /** A table on screen shows only the first rows (事项: the top 20) and says how many more there are. */
  shownInTable?: number;
  notes?: LocalText[];
}

export type ReportKind = 'monthly' | 'assessment' | 'network';

/** A computed report laid out for rendering. */
export interface ReportPack {
  kind: ReportKind;
  center: string;
  period: NamedPeriod;
  /** The date open cases were judged at. */
  evaluatedAt: IsoDate;
  sections: ReportSection[];
}

/** A rate as text, two decimals (94.28%); null (a zero denominator) stays null. */
export const percent = (value: number | null) => (value === null ? null : `${(value * 100).toFixed(2)}%`);
/** An amount kept in integer fen, as 元 with two decimals. */
export const yuan = (fen: number) => (fen / 100).toFixed(2);

/** The rows of a section as a reader sees them, the 合计 row last. */
export function rowsWithTotal(section: ReportSection, lang: keyof LocalText): SectionRow[] {
  if (section.total === undefined) return section.rows;
  const label = section.columns[0]!.key;
  return [...section.rows, { [label]: TOTAL[lang], ...section.total }];
}

/** A cell as a reader gets it: a code or a meaningful empty in words, a yes/no without words as ✓ or blank; numbers and names as they are. */
export function localValue(column: SectionColumn | undefined, value: SectionValue | undefined, row: SectionRow, lang: keyof LocalText): LocalValue {
  if (value === undefined) return null;
  if (value === null) return column?.whenNull ? column.whenNull[lang] : null;
  if (column?.kind === 'code' && column.words !== undefined && value !== '') {
    const words = codeWords(VOCABULARIES[column.words], String(value), row, lang);
    if (words !== null) return words;
  }
  if (typeof value === 'boolean') return value ? '✓' : '';
  return value;
}

export type LocalValue = string | number | null;

/**
 * A code in its vocabulary's words. A word may name other cells of its row (缺项按
 * {available} 分折算); a cell may hold several codes apart by spaces, each with a number
 * after a colon that its word reads as {n} (`overdue:2 few_cases:10`: 有超期办件 2 件；办结不足
 * 10 件). Null when a code is not in the vocabulary: the value is shown as it is.
 */
function codeWords(vocabulary: Vocabulary, value: string, row: SectionRow, lang: keyof LocalText): string | null {
  const words: string[] = [];
  for (const part of value.split(' ')) {
    const [code = '', n = ''] = part.split(':');
    const word = vocabulary[code];
    if (word === undefined) return null;
    words.push(word[lang].replace(/\{(\w+)\}/g, (_, key: string) => (key === 'n' ? n : String(row[key] ?? ''))));
  }
  return words.join(lang === 'zh' ? '；' : '; ');
}

/**
 * A cell as the terminal table, CSV and a page write it: rates as percentages, fen as 元,
 * decimals with two places. A rate with a zero denominator reads — (in CSV too, never an
 * empty cell that looks like 0); a missing word is blank (null).
 */
export function cellText(value: LocalValue, kind: CellKind): string | number | null {
  if (value === null) return isWordKind(kind) ? null : '—';
  if (typeof value === 'string') return value;
  if (kind === 'rate') return percent(value);
  if (kind === 'money') return yuan(value);
  if (kind === 'decimal') return value.toFixed(2);
  return value;
}

/** A row with its codes in words, every other value raw: what JSON and a workbook carry. */
export function localRow(section: ReportSection, row: SectionRow, lang: keyof LocalText): Record<string, LocalValue> {
  const columns = new Map(section.columns.map((column) => [column.key, column]));
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, localValue(columns.get(key), value, row, lang)]));
}
