/**
 * The case export's files (SPEC §7.6): the output directory checked before anything is
 * written, the Hive partitions `center=CODE/month=YYYY-MM/cases.EXT`, and each month file
 * written under a temporary name in its own directory and renamed over the old one, so a
 * reader (an engine scanning the tree) sees the old file or the new one, never half a file.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EXPORT_COLUMNS, type ExportFormat, type ExportRow } from '../core/case-export.js';
import { ExportDirectoryRefused } from '../core/export-errors.js';

export const EXTENSIONS: Record<ExportFormat, string> = { parquet: '.parquet', csv: '.csv', jsonl: '.jsonl' };

/**
 * The absolute directory an export goes to, refused when it is a file or nothing can be
 * written in it; a directory that does not exist yet is made (its parent must exist).
 * Writability is tried with a file, not judged from the mode bits: root passes
 * `access(W_OK)` on a read-only directory and on a read-only mount.
 */
export function prepareExportDirectory(path: string): string {
  const directory = resolve(path);
  if (existsSync(directory)) {
    if (!statSync(directory).isDirectory()) throw new ExportDirectoryRefused(path, 'file');
    if (!canCreateIn(directory)) throw new ExportDirectoryRefused(path, 'not_writable');
    return directory;
  }
  const parent = dirname(directory);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new ExportDirectoryRefused(path, 'missing_parent');
  if (!canCreateIn(parent)) throw new ExportDirectoryRefused(path, 'not_writable');
  return directory;
}

function canCreateIn(directory: string): boolean {
  const probe = join(directory, `.hall-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** The center codes of the `center=` folders already in the directory. */
export function centersIn(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.startsWith('center='))
    .map((name) => name.slice('center='.length))
    .sort();
}

export function monthFile(directory: string, center: string, month: string, format: ExportFormat): string {
  return join(directory, `center=${center}`, `month=${month}`, `cases${EXTENSIONS[format]}`);
}

/** Whether the month's file in this format is on disk (one deleted by hand is written again). */
export function monthFileExists(directory: string, center: string, month: string, format: ExportFormat): boolean {
  return existsSync(monthFile(directory, center, month, format));
}

/**
 * Writes the month's file through `write` (which writes the temporary path it is given),
 * then renames it into place and removes the month's file in the other formats, so that
 * a partition never holds two versions of a month.
 */
export async function replaceMonthFile(
  directory: string,
  center: string,
  month: string,
  format: ExportFormat,
  write: (temporary: string) => Promise<number> | number,
): Promise<number> {
  const target = monthFile(directory, center, month, format);
  mkdirSync(dirname(target), { recursive: true });
  // A dot name: Hive, Spark and DuckDB's globs all skip it while it is being written.
  const temporary = join(dirname(target), `.cases-${process.pid}-${Date.now()}.tmp`);
  try {
    const rows = await write(temporary);
    renameSync(temporary, target);
    for (const other of Object.keys(EXTENSIONS) as ExportFormat[]) {
      if (other !== format) rmSync(monthFile(directory, center, month, other), { force: true });
    }
    return rows;
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A month left with no case (its only cases voided): its files and folder go, as no month file is empty. */
export function removeMonth(directory: string, center: string, month: string): boolean {
  const folder = dirname(monthFile(directory, center, month, 'csv'));
  if (!existsSync(folder)) return false;
  rmSync(folder, { recursive: true, force: true });
  return true;
}

/** Buffered appends to a file descriptor: a month of 100,000 rows is written in 1 MB pieces. */
class Appender {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  add(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 1 << 19) this.flush();
  }
  flush(): void {
    if (this.parts.length > 0) writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A CSV file as hall's other CSV files are: a BOM so that Excel reads the Chinese right,
 * CRLF, a header of the column names, and each cell through `guard` (the formula guard
 * of SPEC §5, which the CLI owns).
 */
export function writeCsvFile(path: string, rows: Iterable<ExportRow>, guard: (value: unknown) => string): number {
  const fd = openSync(path, 'w');
  try {
    const out = new Appender(fd);
    out.add(`\uFEFF${EXPORT_COLUMNS.map((column) => column.name).join(',')}\r\n`);
    let count = 0;
    for (const row of rows) {
      out.add(`${EXPORT_COLUMNS.map((column) => csvField(guard(row[column.name]))).join(',')}\r\n`);
      count++;
    }
    out.flush();
    return count;
  } finally {
    closeSync(fd);
  }
}

/** JSON lines: one object per case, keys in the column order, values as the case's JSON has them. */
export function writeJsonlFile(path: string, rows: Iterable<ExportRow>): number {
  const fd = openSync(path, 'w');
  try {
    const out = new Appender(fd);
    let count = 0;
    for (const row of rows) {
      out.add(`${JSON.stringify(row)}\n`);
      count++;
    }
    out.flush();
    return count;
  } finally {
    closeSync(fd);
  }
}
