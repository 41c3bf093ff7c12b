/**
 * A case's values as `cases`, `case_pauses` and `evaluations` store them (migration 16)
 * and as the rest of hall reads them. Dates are day numbers since 1970-01-01 (the key of
 * calendar_ordinals: a working-day count is two lookups by key, a calendar-day count a
 * subtraction); the acceptance and conclusion times are local seconds with their offset
 * in minutes, as events keep theirs (event-row.ts); each enumerated value is a small
 * code, the commonest 0 or 1, which SQLite stores in no byte of the row. Measured on a
 * 1,000,000-case import: the case row 232 → 107 bytes, its nine indexes 290 → 145.
 *
 * Only the store sees codes and day numbers: its queries bind them (`storedDay`,
 * `code`) and decode what they return (`caseRowOf`, `dateOf`, `nameOf`).
 */
import { CACHE_COLUMNS, type CaseCaches } from '../core/case-record.js';
import { CHANNELS, ID_TYPES } from '../core/case-values.js';
import { ITEM_TYPES, STAGES, type Stage } from '../core/catalog.js';
import { dayNumber, fromDayNumber, type IsoDate } from '../core/dates.js';
import type { CaseState, Outcome, PauseKind } from '../core/lifecycle.js';
import { decodeTimestamp, encodeTimestamp } from './event-row.js';

/**
 * Each column's codes, by position (NULL stays NULL). Frozen: the `codes` table
 * (migration 16) names them for people at the sqlite3 shell, and a test holds these
 * lists to it; a new value is appended, with a migration widening the column's CHECK.
 */
export const CODES = {
  state: ['open', 'concluded', 'paused', 'withdrawn', 'refused', 'voided'] as readonly CaseState[],
  stage: STAGES as readonly Stage[],
  outcome: ['approved', 'denied'] as readonly Outcome[],
  unit: ['workday', 'calendar'] as readonly ('workday' | 'calendar')[],
  channel: CHANNELS as readonly string[],
  id_type: ID_TYPES as readonly string[],
  item_type: ITEM_TYPES as readonly string[],
  pause: ['supplement', 'special'] as readonly PauseKind[],
} as const;
export type CodeDomain = keyof typeof CODES;

const INDEX = Object.fromEntries(
  Object.entries(CODES).map(([domain, names]) => [domain, new Map((names as readonly string[]).map((name, index) => [name, index]))]),
) as Record<CodeDomain, Map<string, number>>;

/** The code of a value (null for null). A value without a code is a fault of the writer: it fails here, before anything is stored. */
export function code(domain: CodeDomain, name: string | null): number | null {
  if (name === null) return null;
  const found = INDEX[domain].get(name);
  if (found === undefined) throw new Error(`no ${domain} code for ${name}`);
  return found;
}

/** The value a stored code stands for (null for null, and for a code hall never wrote). */
export function nameOf<T extends string = string>(domain: CodeDomain, stored: unknown): T | null {
  return typeof stored === 'number' ? ((CODES[domain][stored] as T | undefined) ?? null) : null;
}

/** A date as stored: its day number (null for null). */
export function storedDay(date: IsoDate | null): number | null {
  return date === null ? null : dayNumber(date);
}

/** A stored day number as a date (null for null). */
export function dateOf(day: unknown): IsoDate | null {
  return typeof day === 'number' ? fromDayNumber(day) : null;
}

/** A stored time (seconds and offset) as its ISO text, or null. */
export function timeOf(seconds: unknown, tz: unknown): string | null {
  return typeof seconds === 'number' && typeof tz === 'number' ? decodeTimestamp(seconds, tz).at : null;
}

/** How each cached column is stored: a code of a domain, a day number, a time with its offset column, or as it is. */
const CACHE_ENCODING: Record<keyof CaseCaches, CodeDomain | 'day' | 'time' | 'same'> = {
  state: 'state',
  stage: 'stage',
  delivered: 'same',
  outcome: 'outcome',
  accepted_at: 'time',
  accepted_date: 'day',
  refused_date: 'day',
  concluded_at: 'time',
  concluded_date: 'day',
  ended_date: 'day',
  paused_since: 'day',
  deadline: 'day',
  legal_deadline: 'day',
  days_used: 'same',
  on_time: 'same',
  same_day: 'same',
  on_site: 'same',
};

/** The offset column of a stored time: `accepted_at` → `accepted_tz`. */
const tzColumn = (column: string) => column.replace(/_at$/, '_tz');

/** The cached columns as `cases` stores them: each time followed by its offset column. */
export const STORED_CACHE_COLUMNS: readonly string[] = CACHE_COLUMNS.flatMap((column) =>
  CACHE_ENCODING[column] === 'time' ? [column, tzColumn(column)] : [column],
);

/** Each cached column's encoding, in CACHE_COLUMNS order: read once, not per row. */
const CACHE_PLAN = CACHE_COLUMNS.map((column) => [column, CACHE_ENCODING[column]] as const);

/**
 * The cached values to store, in STORED_CACHE_COLUMNS order, written into `into` from
 * `at` on. What the import's checking thread does for each row: no object, no column name
 * made per row (storedCaches' per-row object and names were 0.7 s a million rows).
 */
export function putStoredCaches(caches: CaseCaches, into: unknown[], at: number): void {
  let index = at;
  for (const [column, encoding] of CACHE_PLAN) {
    const value = caches[column];
    if (encoding === 'time') {
      if (value === null) {
        into[index++] = null;
        into[index++] = null;
      } else {
        const { seconds, tz } = encodeTimestamp(value as string);
        into[index++] = seconds;
        into[index++] = tz;
      }
    } else if (encoding === 'day') into[index++] = storedDay(value as string | null);
    else if (encoding === 'same') into[index++] = value as number | null;
    else into[index++] = code(encoding, value as string | null);
  }
}

/** The cached values to store, by stored column. */
export function storedCaches(caches: CaseCaches): Record<string, number | null> {
  const values: unknown[] = [];
  putStoredCaches(caches, values, 0);
  return Object.fromEntries(STORED_CACHE_COLUMNS.map((column, index) => [column, values[index] as number | null]));
}

/** The cached values of a stored row, as the core derives them (a code hall never wrote reads as null). */
export function cachesOf(row: Record<string, unknown>): CaseCaches {
  const caches: Record<string, unknown> = {};
  for (const column of CACHE_COLUMNS) {
    const encoding = CACHE_ENCODING[column];
    const value = row[column];
    if (encoding === 'time') caches[column] = timeOf(value, row[tzColumn(column)]);
    else if (encoding === 'day') caches[column] = dateOf(value);
    else if (encoding === 'same') caches[column] = value ?? null;
    else caches[column] = nameOf(encoding, value);
  }
  return caches as unknown as CaseCaches;
}

/** The columns a case copies at acceptance that are codes, as the case row stores them. */
export const CODED_CASE_COLUMNS = { item_type: 'item_type', id_type: 'id_type', channel: 'channel', limit_unit: 'unit', legal_unit: 'unit' } as const;

/**
 * A stored case row as the rest of hall reads it: its codes, days and times as text. The
 * offset columns are folded into their times.
 */
export function decodedCase<T>(raw: Record<string, unknown>): T {
  const row: Record<string, unknown> = { ...raw, ...cachesOf(raw) };
  for (const [column, domain] of Object.entries(CODED_CASE_COLUMNS)) if (column in raw) row[column] = nameOf(domain, raw[column]);
  delete row.accepted_tz;
  delete row.concluded_tz;
  return row as T;
}

/** SQL for the day number of a stored time (local seconds), floor division for times before 1970. */
export function dayOfTimeSql(column: string): string {
  return `((${column} - ((${column} % 86400) + 86400) % 86400) / 86400)`;
}
