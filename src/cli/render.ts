/**
 * The one renderer. Commands return a View — plain data for JSON plus the tables and
 * lines a person reads — and never format output themselves.
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { HallError } from '../core/errors.js';
import type { LocalText } from '../core/text.js';
import { type Lang, say } from './i18n.js';

export type Format = 'table' | 'csv' | 'json';
/** Reports also write Excel workbooks (SPEC §4) and pages (§7.7); every other command prints a Format. */
export type OutputFormat = Format | 'xlsx' | 'html';
export const FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json', 'xlsx', 'html'];
/** The formats only a report writes, and only to a file. */
export const FILE_FORMATS: readonly OutputFormat[] = ['xlsx', 'html'];

export interface Column {
  key: string;
  title: LocalText;
  align?: 'left' | 'right';
  /**
   * On a narrow terminal, columns with a rank are left out, the highest rank first, once
   * the others are down to their `least`; a line under the table names what was left out.
   */
  drop?: number;
  /** Never shortened with `…` (codes and numbers a clerk types back). */
  whole?: boolean;
  /**
   * Shortened in the middle (`511F0045400001…-1-00`): a provincial 实施编码 of 55
   * characters is told apart by its start (the department) and its end (the variant).
   * Such a column gives up its width before any other, down to `least`.
   */
  shorten?: 'middle';
  /**
   * How narrow this column is shortened before a column with a `drop` rank is left out
   * instead (default 12 columns, a `middle` one 20; never below its title).
   */
  least?: number;
  /**
   * The key of the cell whose words follow this column's number on screen (`3 工作日`),
   * so that a count is never read without its unit; that cell is not drawn as a column
   * of its own there, and CSV keeps the number and the unit apart.
   */
  unit?: string;
}

export interface TableSpec {
  title?: LocalText;
  columns: readonly Column[];
  rows: readonly object[];
  /** Lines printed under the table on screen (not in CSV): "20 more items", how a score is made. */
  footer?: LocalText[];
  /** A row's colour on a terminal (never in a pipe or a file): red for overdue, yellow for due soon. */
  tone?: (row: object) => 'red' | 'yellow' | null;
}

export interface View {
  /** What `--format json` prints: the public contract. */
  json: unknown;
  /** Lines printed before the tables in table format (and alone when there are no tables). */
  lines?: LocalText[];
  tables?: TableSpec[];
  /** Plain text that is the whole answer in table and csv format (e.g. a date for scripts). */
  plain?: string;
  /**
   * What `--format csv` prints when the tables are words for a person (`20个工作日`,
   * `未进驻`, one table per window): one RFC 4180 table of values, as JSON carries them,
   * so that a spreadsheet or a script reads numbers, codes and blanks.
   */
  csv?: TableSpec;
  /**
   * A check that found problems (`hall doctor`): the view is printed in full, then this
   * error on stderr, and the run exits with its code.
   */
  failure?: HallError;
}

/** The format asked for, else the `--out` file's extension, else a table. */
export function resolveFormat(format: string | undefined, outPath: string | undefined): OutputFormat {
  if (format) return format as OutputFormat;
  const extension = outPath ? extname(outPath).toLowerCase() : '';
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  if (extension === '.xlsx') return 'xlsx';
  if (extension === '.html' || extension === '.htm') return 'html';
  return 'table';
}

/** Guards a cell against spreadsheet formula injection (SPEC §5): Excel runs `=…`, `+…`, `-…`, `@…`. */
export function guardCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const textValue = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[=+\-@]/.test(textValue) ? `'${textValue}` : textValue;
}

function cellOf(row: object, key: string): unknown {
  return (row as Record<string, unknown>)[key];
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.join('、');
  return String(value);
}

/** The width a table may take: the terminal's, or 120 columns when the output is not a terminal. */
export const PIPE_WIDTH = 120;

/**
 * Draws a table in box characters, aligned by display width (a CJK character takes two
 * columns). Linear in the rows: cli-table3's layout was quadratic (2.5 s for 4,000 rows,
 * minutes for a 60,000-item catalog). When `maxWidth` is given the widest columns are
 * shortened with `…` until the table fits; csv and json keep every character.
 */
export async function renderTable(table: TableSpec, lang: Lang, color: boolean, maxWidth?: number): Promise<string> {
  // A unit drawn after its count is not a column of its own on screen.
  const units = new Set(table.columns.flatMap((column) => (column.unit === undefined ? [] : [column.unit])));
  const drawn = units.size === 0 ? table.columns : table.columns.filter((column) => !units.has(column.key));
  // Every cell is rendered to text and measured once; the columns left out are then
  // projected away, so a 60,000-row list pays for one measurement a cell.
  const allHead = drawn.map((column) => say(lang, column.title));
  // A line break inside a cell would break the grid: show it as a space.
  const allBody = table.rows.map((row) => drawn.map((column) => cellText(row, column).replace(/\s*[\r\n]+\s*/g, ' ')));
  // string-width (with its emoji tables) and chalk take longer to load than a case
  // command takes to run: loaded only for text beyond ASCII and common Chinese, and for
  // a table drawn in colour.
  const stringWidth = allHead.every(isPlain) && allBody.every((cells) => cells.every(isPlain)) ? plainWidth : (await import('string-width')).default;
  const paint = color ? new (await import('chalk')).Chalk({ level: 1 }) : NO_PAINT;
  const widthOf = measurer(stringWidth);
  const allHeadWidths = allHead.map(widthOf);
  const natural = [...allHeadWidths];
  const allWidths = allBody.map((cells) =>
    cells.map((cell, index) => {
      const width = widthOf(cell);
      if (width > natural[index]!) natural[index] = width;
      return width;
    }),
  );
  const keep = maxWidth === undefined ? drawn.map((_, index) => index) : keptColumns(drawn, allHeadWidths, natural, maxWidth);
  const columns = keep.map((index) => drawn[index]!);
  const head = keep.map((index) => allHead[index]!);
  const headWidths = keep.map((index) => allHeadWidths[index]!);
  const widths = keep.map((index) => natural[index]!);
  const project = <T>(cells: readonly T[]) => (keep.length === cells.length ? cells : keep.map((index) => cells[index]!));
  const body = allBody.map(project);
  const cellWidths = allWidths.map(project);
  if (maxWidth !== undefined) fitWidths(widths, headWidths, columns, maxWidth);
  const cut = (text: string, width: number, textWidth: number, column: Column) => {
    const shown = textWidth > width ? shorten(text, width, widthOf, column.shorten === 'middle') : text;
    const pad = ' '.repeat(Math.max(0, width - (textWidth > width ? widthOf(shown) : textWidth)));
    return column.align === 'right' ? `${pad}${shown}` : `${shown}${pad}`;
  };
  const border = (left: string, middle: string, right: string) => paint.grey(`${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`);
  const bar = paint.grey('│');
  const line = (cells: readonly string[], cellWidthList: readonly number[], style: (text: string) => string) =>
    `${bar}${cells.map((cell, index) => ` ${style(cut(cell, widths[index]!, cellWidthList[index]!, columns[index]!))} `).join(bar)}${bar}`;
  const lines = [border('┌', '┬', '┐'), line(head, headWidths, (text) => paint.cyan(text)), border('├', '┼', '┤')];
  body.forEach((cells, index) => {
    const tone = table.tone?.(table.rows[index]!) ?? null;
    lines.push(line(cells, cellWidths[index]!, tone ? (text) => paint[tone](text) : (text) => text));
  });
  lines.push(border('└', '┴', '┘'));
  const title = table.title ? `${say(lang, table.title)}\n` : '';
  // A column left out is named, so that nobody reads the table as all there is.
  const omitted = drawn.filter((_, index) => !keep.includes(index)).map((column) => say(lang, column.title));
  const notes = omitted.length === 0 ? [] : [say(lang, omittedNote(omitted))];
  const footer = (await foldLines([...notes, ...(table.footer ?? []).map((line) => say(lang, line))], maxWidth)).map((line) => `${line}\n`).join('');
  return `${title}${lines.join('\n')}\n${footer}`;
}

/** The line under a table that left columns out, in its own language. */
function omittedNote(titles: readonly string[]): LocalText {
  return {
    zh: `已省略：${titles.join('、')}（加宽终端或 --format csv 查看）`,
    en: `Omitted: ${titles.join(', ')} (widen the terminal or use --format csv)`,
  };
}

/** A cell as text; a count with its unit (`3 工作日`) when its column names one. */
function cellText(row: object, column: Column): string {
  const value = cellOf(row, column.key);
  const unit = column.unit === undefined || value === null || value === undefined ? undefined : cellOf(row, column.unit);
  return unit === undefined || unit === null || unit === '' ? displayValue(value) : `${displayValue(value)} ${displayValue(unit)}`;
}

/**
 * `text` shortened to `width` columns with `…`: at its end, or in its middle keeping
 * about a third of the room for its end, so that both ends of a long code stay.
 */
function shorten(text: string, width: number, widthOf: (text: string) => number, middle: boolean): string {
  const parts = [...graphemes().segment(text)].map(({ segment }) => segment);
  const room = width - 1;
  const tailRoom = middle ? Math.max(1, Math.floor(room / 3) - 1) : 0;
  let tail = '';
  let tailWidth = 0;
  for (let index = parts.length - 1; index >= 0 && tailRoom > 0; index--) {
    const next = widthOf(parts[index]!);
    if (tailWidth + next > tailRoom) break;
    tail = parts[index]! + tail;
    tailWidth += next;
  }
  let head = '';
  let headWidth = 0;
  for (const part of parts) {
    const next = widthOf(part);
    if (headWidth + next > room - tailWidth) break;
    head += part;
    headWidth += next;
  }
  return `${head}…${tail}`;
}

/**
 * Display width with the shortcuts that matter for 60,000-row catalogs: printable ASCII
 * is one column a character, plain Chinese two, and any other value seen before (a department, a status, a
 * character while shortening) is looked up instead of measured again.
 */
let segmenter: Intl.Segmenter | undefined;
/** Grapheme breaks, for shortening and folding only: creating the segmenter loads ICU data (~8 ms), which most tables never need. */
function graphemes(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter();
  return segmenter;
}

// Common Chinese text: CJK ideographs, CJK punctuation and full-width forms are all East
// Asian Wide or Fullwidth, two columns each; printable ASCII and the narrow symbols hall
// writes itself (— … → × ★ · “ ” and the like) one. Anything else goes to string-width.
const PLAIN = /^[\x20-\x7e\u00a5\u00b0\u00b7\u00d7\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2190-\u2193\u2605\u3000-\u303e\u4e00-\u9fff\uff01-\uff60]*$/;
export const isPlain = (text: string) => PLAIN.test(text);

export function plainWidth(text: string): number {
  let wide = 0;
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) >= 0x3000) wide++;
  return text.length + wide;
}

/** A table drawn without colour (a pipe, a file, `NO_COLOR`) needs no chalk. */
const NO_PAINT = { grey: (text: string) => text, cyan: (text: string) => text, red: (text: string) => text, yellow: (text: string) => text };

function measurer(stringWidth: (text: string) => number): (text: string) => number {
  const seen = new Map<string, number>();
  return (text) => {
    if (/^[\x20-\x7e]*$/.test(text)) return text.length;
    if (isPlain(text)) return plainWidth(text);
    let width = seen.get(text);
    if (width === undefined) {
      width = stringWidth(text);
      if (seen.size < 100_000) seen.set(text, width);
    }
    return width;
  };
}

/** How narrow a shortened column may become before a column is left out instead. */
const SHRUNK_WIDTH = 12;
/** How narrow a column shortened in its middle becomes: `511F0045400001…-1-00`. */
const MIDDLE_WIDTH = 20;

/** The narrowest a column is shortened to: before another is left out (`keep`), or at all (`fit`). */
function floorOf(column: Column, headWidth: number, natural: number, stage: 'keep' | 'fit'): number {
  if (column.whole) return natural;
  const middle = column.shorten === 'middle';
  const least = stage === 'keep' ? (column.least ?? (middle ? MIDDLE_WIDTH : SHRUNK_WIDTH)) : middle ? MIDDLE_WIDTH : 8;
  return Math.min(natural, Math.max(headWidth, least));
}

/**
 * The indexes of the columns a table keeps at `maxWidth`: while the table would not fit
 * even with every shortenable column at its floor, the column with the highest `drop`
 * rank goes (its data stays in csv and json, and a line under the table names it).
 */
function keptColumns(columns: readonly Column[], headWidths: readonly number[], natural: readonly number[], maxWidth: number): number[] {
  const needed = (index: number) => floorOf(columns[index]!, headWidths[index]!, natural[index]!, 'keep');
  let kept = columns.map((_, index) => index);
  const total = () => kept.reduce((sum, index) => sum + needed(index) + 3, 1);
  while (total() > maxWidth) {
    const droppable = kept.filter((index) => columns[index]!.drop !== undefined).sort((a, b) => columns[b]!.drop! - columns[a]!.drop!)[0];
    if (droppable === undefined) break;
    kept = kept.filter((index) => index !== droppable);
  }
  return kept;
}

/**
 * Narrows the table (3 columns of border and padding per column, plus one) until it
 * fits `maxWidth`: first the columns shortened in the middle (long codes), then the
 * widest of the others one step at a time, first down to their `least`. A `whole` column keeps its width; any other
 * stops at its floor, below the one that decided which columns to keep, so that a
 * table without `drop` ranks still gets a chance to fit. A table that cannot fit keeps
 * those minimums.
 */
function fitWidths(widths: number[], headWidths: readonly number[], columns: readonly Column[], maxWidth: number): void {
  const least = columns.map((column, index) => floorOf(column, headWidths[index]!, widths[index]!, 'keep'));
  const minimum = columns.map((column, index) => floorOf(column, headWidths[index]!, widths[index]!, 'fit'));
  let total = widths.reduce((sum, width) => sum + width, 0) + widths.length * 3 + 1;
  columns.forEach((column, index) => {
    if (column.shorten !== 'middle' || total <= maxWidth) return;
    const step = Math.max(0, Math.min(widths[index]! - minimum[index]!, total - maxWidth));
    widths[index]! -= step;
    total -= step;
  });
  // Every column down to its `least` (an item name keeps 12 characters while a department
  // shrinks), and only then below it.
  for (const floor of [least, minimum]) {
    while (total > maxWidth) {
      let widest = -1;
      for (let index = 0; index < widths.length; index++) {
        if (widths[index]! > floor[index]! && (widest === -1 || widths[index]! > widths[widest]!)) widest = index;
      }
      if (widest === -1) break;
      widths[widest]!--;
      total--;
    }
  }
}

export async function renderCsv(tables: readonly TableSpec[], lang: Lang): Promise<string> {
  const { stringify } = await import('csv-stringify/sync');
  return tables
    .map((table) =>
      stringify(
        [table.columns.map((column) => say(lang, column.title)), ...table.rows.map((row) => table.columns.map((column) => guardCell(cellOf(row, column.key))))],
        { record_delimiter: '\r\n' },
      ),
    )
    .join('\r\n');
}

export async function renderView(view: View, format: Format, lang: Lang, color: boolean, maxWidth?: number): Promise<string> {
  if (format === 'json') return `${JSON.stringify(view.json, null, 2)}\n`;
  if (view.plain !== undefined) return `${view.plain}\n`;
  if (format === 'csv') {
    if (view.csv) return renderCsv([view.csv], lang);
    if (view.tables && view.tables.length > 0) return renderCsv(view.tables, lang);
    return (view.lines ?? []).map((line) => `${say(lang, line)}\n`).join('');
  }
  const parts = (
    await foldLines(
      (view.lines ?? []).map((line) => say(lang, line)),
      maxWidth,
    )
  ).map((line) => `${line}\n`);
  for (const table of view.tables ?? []) parts.push(await renderTable(table, lang, color, maxWidth));
  return parts.join('');
}

/** Where a sentence may fold: after a Chinese list, clause or colon mark; failing that, at a space. */
const FOLD_AFTER = new Set(['、', '，', '；', '：', '。', ',', ';']);

/**
 * Sentences wider than `maxWidth` folded at their last break before the edge, the rest
 * indented by two columns, so that a list of fifteen new departments reads as a
 * paragraph instead of running past the terminal. A run without a break is cut where
 * it must. string-width is loaded only when a line could be too wide at all.
 */
export async function foldLines(lines: readonly string[], maxWidth?: number): Promise<string[]> {
  // A character takes at most two columns: a line that short always fits.
  if (maxWidth === undefined || lines.every((line) => line.length * 2 <= maxWidth)) return [...lines];
  const stringWidth = lines.every(isPlain) ? plainWidth : (await import('string-width')).default;
  const folded: string[] = [];
  for (const line of lines) {
    if (line.includes('\n') || stringWidth(line) <= maxWidth) {
      folded.push(line);
      continue;
    }
    let current = '';
    let width = 0;
    let lastMark = -1;
    let lastSpace = -1;
    for (const { segment } of graphemes().segment(line)) {
      const next = stringWidth(segment);
      if (width + next > maxWidth && current.trim() !== '') {
        const cut = lastMark > 2 ? lastMark : lastSpace > 2 ? lastSpace : current.length;
        folded.push(current.slice(0, cut).trimEnd());
        current = `  ${current.slice(cut).trimStart()}`;
        width = stringWidth(current);
        lastMark = -1;
        lastSpace = -1;
      }
      current += segment;
      width += next;
      if (FOLD_AFTER.has(segment)) lastMark = current.length;
      else if (segment === ' ') lastSpace = current.length;
    }
    folded.push(current);
  }
  return folded;
}

/** A CSV written to a file starts with a BOM so that Excel reads the Chinese right; stdout gets none. */
export function writeOutput(content: string, format: Format, outPath: string): void {
  writeFileSync(outPath, format === 'csv' ? `\uFEFF${content}` : content);
}
