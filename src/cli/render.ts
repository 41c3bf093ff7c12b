/**
 * The one renderer. Commands return a View — plain data for JSON plus the tables and
 * lines a person reads — and never format output themselves.
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { LocalText } from '../core/errors.js';
import { type Lang, say } from './i18n.js';

export type Format = 'table' | 'csv' | 'json';
export const FORMATS: readonly Format[] = ['table', 'csv', 'json'];

export interface Column {
  key: string;
  title: LocalText;
  align?: 'left' | 'right';
}

export interface TableSpec {
  title?: LocalText;
  columns: readonly Column[];
  rows: readonly object[];
}

export interface View {
  /** What `--format json` prints: the public contract. */
  json: unknown;
  /** Lines printed before the tables in table format (and alone when there are no tables). */
  lines?: LocalText[];
  tables?: TableSpec[];
  /** Plain text that is the whole answer in table and csv format (e.g. a date for scripts). */
  plain?: string;
}

/** The format asked for, else the `--out` file's extension, else a table. */
export function resolveFormat(format: string | undefined, outPath: string | undefined): Format {
  if (format) return format as Format;
  const extension = outPath ? extname(outPath).toLowerCase() : '';
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
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

export async function renderTable(table: TableSpec, lang: Lang, color: boolean): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const instance = new Table({
    head: table.columns.map((column) => say(lang, column.title)),
    colAligns: table.columns.map((column) => column.align ?? 'left'),
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
    wordWrap: false,
    // No rule between rows: a catalog of 48 items should fit one screen.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of table.rows) instance.push(table.columns.map((column) => displayValue(cellOf(row, column.key))));
  const title = table.title ? `${say(lang, table.title)}\n` : '';
  // With the row rules gone, draw the one under the header from the top border.
  const lines = instance.toString().split('\n');
  const top = lines[0] ?? '';
  const rule = top.replace('┌', '├').replace('┐', '┤').replace(/┬/g, '┼');
  lines.splice(2, 0, rule);
  return `${title}${lines.join('\n')}\n`;
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

export async function renderView(view: View, format: Format, lang: Lang, color: boolean): Promise<string> {
  if (format === 'json') return `${JSON.stringify(view.json, null, 2)}\n`;
  if (view.plain !== undefined) return `${view.plain}\n`;
  if (format === 'csv') {
    if (view.tables && view.tables.length > 0) return renderCsv(view.tables, lang);
    return (view.lines ?? []).map((line) => `${say(lang, line)}\n`).join('');
  }
  const parts = (view.lines ?? []).map((line) => `${say(lang, line)}\n`);
  for (const table of view.tables ?? []) parts.push(await renderTable(table, lang, color));
  return parts.join('');
}

/** A CSV written to a file starts with a BOM so that Excel reads the Chinese right; stdout gets none. */
export function writeOutput(content: string, format: Format, outPath: string): void {
  writeFileSync(outPath, format === 'csv' ? `\uFEFF${content}` : content);
}
