/**
 * What every command receives: the database (opened on first use), the clock, the
 * language, the output, and the streams. The clock is read here and only here,
 * honouring HALL_NOW, so that every date computation below is testable.
 */
import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import { FIRST_DATE, type IsoDate, isoWithOffset, LAST_DATE, localDateTime, parseTimestamp } from '../core/dates.js';
import { UsageError } from '../core/errors.js';
import { DatabaseMissing, StorageFailure } from '../core/file-errors.js';
import type { Notice } from '../core/notices.js';
import type { LocalText } from '../core/text.js';
import { hasWritten, openDatabase } from '../db/database.js';
import { checkOutputTarget } from '../io/output-target.js';
import { loadCalendar } from '../store/calendar.js';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../store/settings.js';
import { type Lang, say } from './i18n.js';
import { renderNotice } from './messages/notices.js';
import { FILE_FORMATS, FORMATS, type Format, type OutputFormat, PIPE_WIDTH, renderView, resolveFormat, type View, writeOutput } from './render.js';
import { tint } from './tint.js';

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
}

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export interface GlobalOptions {
  db?: string;
  format?: string;
  out?: string;
  lang?: string;
  operator?: string;
}

/** What a command does with the output options itself. */
export interface OutputHandling {
  /**
   * The reports: they accept `--format xlsx` and `html`, and `--out` may name a directory (one file
   * per section or a named workbook), so they check their targets themselves.
   */
  reports?: boolean;
  /**
   * The case export: --format names its files' format (parquet, csv, jsonl) and --out
   * their directory, which it checks itself; what it prints is a table.
   */
  caseExport?: boolean;
}

export class Context {
  readonly lang: Lang;
  readonly format: OutputFormat;
  readonly outPath: string | undefined;
  /** Whether --format was given (else the format follows the --out extension, or a table). */
  readonly formatGiven: boolean;
  /** --format as given, for a command whose files have formats of their own (the case export). */
  readonly formatOption: string | undefined;
  readonly operator: string;
  readonly dbPath: string;
  /** The moment the command runs: HALL_NOW, or the real clock. */
  readonly now: Date;
  private database: Database | undefined;
  private cachedSettings: Settings | undefined;
  private cachedCalendar: WorkCalendar | undefined;

  constructor(
    readonly io: Io,
    options: GlobalOptions,
    handling: OutputHandling = {},
  ) {
    this.lang = options.lang === 'en' ? 'en' : 'zh';
    if (options.format !== undefined && !handling.caseExport && !FORMATS.includes(options.format as OutputFormat)) {
      throw new UsageError('bad_option', ['--format'], options.format);
    }
    this.outPath = options.out;
    this.formatGiven = options.format !== undefined;
    this.formatOption = options.format;
    this.format = handling.caseExport ? 'table' : resolveFormat(options.format, options.out);
    if (FILE_FORMATS.includes(this.format) && !handling.reports) throw new UsageError('format_unsupported', [`--format ${this.format}`]);
    this.dbPath = options.db ?? io.env.HALL_DB ?? 'hall.db';
    // SQLite opens '' as a private temporary database: everything would vanish on exit.
    if (this.dbPath.trim() === '') throw new UsageError('empty_option', [options.db !== undefined ? '--db' : 'HALL_DB'], this.dbPath);
    if (this.outPath !== undefined) {
      if (this.outPath.trim() === '') throw new UsageError('empty_option', ['--out'], this.outPath);
      if (!handling.reports && !handling.caseExport) checkOutputTarget(this.outPath);
    }
    this.operator = options.operator ?? io.env.HALL_OPERATOR ?? safeUserName();
    this.now = readClock(io.env.HALL_NOW);
  }

  /**
   * The database, opened on first use. Only `init` creates one (`create`): any other
   * command on a missing file refuses, instead of answering from an empty new database
   * (`共 0 件`) that a mistyped --db would leave behind.
   */
  db(options: { create?: boolean } = {}): Database {
    if (this.database === undefined && !options.create && this.dbPath !== ':memory:') {
      // A missing directory stays a storage error (exit 3), as for init.
      if (!existsSync(this.dbPath) && existsSync(dirname(resolve(this.dbPath)))) throw new DatabaseMissing(this.dbPath);
      // SQLite takes an empty file for an empty database and would migrate it into a new one.
      if (isEmptyFile(this.dbPath)) throw new DatabaseMissing(this.dbPath, true);
    }
    this.database ??= openDatabase(this.dbPath);
    return this.database;
  }

  settings(): Settings {
    this.cachedSettings ??= readSettings(this.db());
    return this.cachedSettings;
  }

  calendar(): WorkCalendar {
    this.cachedCalendar ??= loadCalendar(this.db());
    return this.cachedCalendar;
  }

  /** Forget the loaded calendar after it was edited. */
  reloadCalendar(): WorkCalendar {
    this.cachedCalendar = undefined;
    return this.calendar();
  }

  /** The local date of the clock in the center's time zone. */
  today(): IsoDate {
    return localDateTime(this.now, this.settings().timeZone).date;
  }

  /** The clock as stored on records: ISO 8601 with the center's offset. */
  timestamp(): string {
    return isoWithOffset(this.now, this.settings().timeZone);
  }

  t(message: LocalText): string {
    return say(this.lang, message);
  }

  /** A warning on stderr: a notice from the core or the store, or words of the CLI's own. */
  warn(message: LocalText | Notice): void {
    const words = 'notice' in message ? renderNotice(message, this.lang) : this.t(message);
    this.io.stderr.write(`hall: ${tint(this.lang === 'zh' ? '警告' : 'warning', 'yellow', this.io.stderr.isTTY === true)}: ${words}\n`);
  }

  /** Whether this run has changed the database: after that, a failure must not be reported as one. */
  committed(): boolean {
    return this.database !== undefined && hasWritten(this.database);
  }

  /**
   * Writes to the `--out` file through `write`, naming a failure (a full disk: everything
   * else was checked up front) as the output's, so that it is never mistaken for an
   * error of the input or the database.
   */
  async writeOut(write: () => Promise<void> | void): Promise<void> {
    try {
      await write();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      throw new StorageFailure('output_failed', this.outPath ?? '', { code: typeof code === 'string' ? code : 'EIO' });
    }
  }

  /**
   * After a failed output: work already saved stays a success with a warning; a
   * read-only command fails as storage (exit 3). False for any other error.
   */
  settleOutputFailure(error: unknown): boolean {
    if (!(error instanceof StorageFailure && error.problem === 'output_failed') || !this.committed()) return false;
    this.warn({ notice: 'output_not_written', path: error.path, code: error.detail.code ?? 'EIO' });
    return true;
  }

  /** Prints a view, or several one after another (table format only: JSON is one document). */
  async emit(views: View | readonly View[]): Promise<void> {
    // Workbooks and pages are written by the report commands themselves (src/io/report-xlsx.ts, report-html.ts).
    if (this.format === 'xlsx' || this.format === 'html') throw new UsageError('needs_out', [`--format ${this.format}`]);
    const format: Format = this.format;
    const color = this.outPath === undefined && this.io.stdout.isTTY === true;
    // A table on screen or in a pipe fits its width; one written to a file keeps every character.
    const width = this.outPath !== undefined ? undefined : this.io.stdout.isTTY ? (this.io.stdout.columns ?? 80) : PIPE_WIDTH;
    const list: readonly View[] = Array.isArray(views) ? views : [views as View];
    const parts = await Promise.all(list.map((view) => renderView(view, format, this.lang, color, width)));
    const content = parts.join('\n');
    const outPath = this.outPath;
    if (outPath) await this.writeOut(() => writeOutput(content, format, outPath));
    else this.io.stdout.write(content);
  }

  /** Closes the database and reports, once each, the years a computation found no calendar for. */
  finish(): void {
    const missing = this.cachedCalendar ? [...this.cachedCalendar.missingYears].sort() : [];
    for (const year of missing) this.warn({ notice: 'calendar_year_missing', year });
    this.database?.close();
    this.database = undefined;
  }
}

function isEmptyFile(path: string): boolean {
  try {
    const stats = statSync(path);
    return stats.isFile() && stats.size === 0;
  } catch {
    return false;
  }
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function readClock(value: string | undefined): Date {
  if (value === undefined || value === '') return new Date();
  const parsed = parseTimestamp(value, DEFAULT_SETTINGS.timeZone);
  // A clock outside the dates hall accepts (SPEC §4) would send every working-day walk past the calendar.
  const day = parsed?.toISOString().slice(0, 10) ?? '';
  if (!parsed || day < FIRST_DATE || day > LAST_DATE) {
    throw new UsageError('bad_environment', ['HALL_NOW'], value);
  }
  return parsed;
}
