/**
 * The calendar as stored: dated overrides, the years they cover, and the running
 * working-day ordinals derived from them (calendar_ordinals, migration 3) that let
 * reports count W(a, b) in SQL.
 */
import type { Database } from 'better-sqlite3';
import { type CalendarEntry, createCalendar, type DayKind, type LimitUnit, type WorkCalendar } from '../core/calendar.js';
import { type IsoDate, isWeekend, yearOf } from '../core/dates.js';
import { CannotUnsetDay } from '../core/errors.js';

export interface StoredDay extends CalendarEntry {
  source: string;
}

export function loadCalendar(db: Database): WorkCalendar {
  const days = db.prepare('SELECT date, kind, note FROM calendar_days').all() as CalendarEntry[];
  const years = db.prepare('SELECT year FROM calendar_years').pluck().all() as number[];
  return createCalendar(days, years);
}

export function coveredYears(db: Database): number[] {
  return db.prepare('SELECT year FROM calendar_years ORDER BY year').pluck().all() as number[];
}

export function listDays(db: Database, year?: number): StoredDay[] {
  if (year === undefined) {
    return db.prepare('SELECT date, kind, note, source FROM calendar_days ORDER BY date').all() as StoredDay[];
  }
  return db
    .prepare('SELECT date, kind, note, source FROM calendar_days WHERE date >= ? AND date <= ? ORDER BY date')
    .all(`${year}-01-01`, `${year}-12-31`) as StoredDay[];
}

/** The override stored for one date, if any. */
export function storedDay(db: Database, date: IsoDate): StoredDay | undefined {
  return db.prepare('SELECT date, kind, note, source FROM calendar_days WHERE date = ?').get(date) as StoredDay | undefined;
}

/**
 * The source a day written by `hall calendar set` carries. It tells a center's own
 * corrections from a published schedule (seeded or imported), which is what
 * `calendar unset` may take back.
 */
export function manualSource(operator: string): string {
  return `${MANUAL_SOURCE} (${operator})`;
}

const MANUAL_SOURCE = 'calendar set';

export function isManualDay(day: StoredDay): boolean {
  return day.source === MANUAL_SOURCE || day.source.startsWith(`${MANUAL_SOURCE} (`);
}

/**
 * Takes back a `calendar set` override: the date is again what the official schedule
 * says (`official`, when the bundled schedule has the date — a set day had replaced
 * it) or an ordinary weekday or weekend. Seeded and imported days are a published
 * schedule and are refused: they are corrected with `calendar set`, not removed.
 * Brings calendar_ordinals along and returns the dates whose kind changed, like
 * upsertDays. The caller holds the write transaction.
 */
export function removeManualDay(
  db: Database,
  date: IsoDate,
  official: DayChange | undefined,
): { removed: StoredDay; restored: DayChange | null; changed: string[] } {
  const removed = storedDay(db, date);
  if (!removed || !isManualDay(removed)) throw new CannotUnsetDay(date, removed ? { kind: removed.kind, source: removed.source } : null);
  if (official) db.prepare('UPDATE calendar_days SET kind = @kind, note = @note, source = @source WHERE date = @date').run(official);
  else db.prepare('DELETE FROM calendar_days WHERE date = ?').run(date);
  const workingAfter = official ? official.kind === 'workday' : !isWeekend(date);
  const changed = workingAfter === (removed.kind === 'workday') ? [] : [date];
  if (changed.length > 0) refreshOrdinals(db, date);
  return { removed, restored: official ?? null, changed };
}

export interface DayChange {
  date: string;
  kind: DayKind;
  note: string;
  source: string;
}

/**
 * Writes overrides; a whole published schedule (`coverYears`) also marks its years
 * as covered, a single corrected day does not. Brings calendar_ordinals along in the
 * same transaction. Returns the dates whose kind actually changed, so that stored
 * deadlines spanning them can be recomputed. The caller holds the write transaction.
 */
export function upsertDays(db: Database, changes: readonly DayChange[], coverYears: boolean): string[] {
  const current = db.prepare('SELECT kind FROM calendar_days WHERE date = ?').pluck();
  const upsert = db.prepare(
    `INSERT INTO calendar_days (date, kind, note, source) VALUES (@date, @kind, @note, @source)
     ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, note = excluded.note, source = excluded.source`,
  );
  const coverYear = db.prepare('INSERT OR IGNORE INTO calendar_years (year, source) VALUES (?, ?)');
  const changed: string[] = [];
  for (const change of changes) {
    const before = current.get(change.date) as DayKind | undefined;
    upsert.run(change);
    if (coverYears) coverYear.run(yearOf(change.date), change.source);
    if (before !== change.kind) changed.push(change.date);
  }
  // ISO dates sort as strings: the first in order is the earliest changed date.
  const earliest = [...changed].sort()[0];
  if (earliest !== undefined) refreshOrdinals(db, earliest);
  return changed;
}

/*
 * Working days in SQL.
 *
 * calendar_ordinals has one row per date from 1949-09-30 to 2199-12-31 (every date hall
 * accepts, and the day before the first): `day` (days since 1970-01-01), `working`
 * (0|1, by the same rule as isWorkingDay in src/core/calendar.ts) and `ordinal` (the
 * working days on or before `date`). So, for a < b,
 *
 *   W(a, b) in working days  = ordinal(b) − ordinal(a)
 *   W(a, b) in calendar days = day(b) − day(a)
 *
 * and 0 for a ≥ b (both columns never decrease, so max(0, …) gives it). The join a
 * report writes by hand is
 *
 *   (SELECT ordinal FROM calendar_ordinals WHERE date = :b) - (SELECT ordinal FROM calendar_ordinals WHERE date = :a)
 *
 * or it lets countDaysSql write it. The working days of a period [from, to] (the
 * denominator of daily_accepted) are W(from − 1 day, to), e.g.
 * countDaysSql("date(@from, '-1 day')", '@to', "'workday'"). A date outside the table yields NULL, never a
 * silent 0. The pure functions of src/core/calendar.ts remain the reference; the test
 * test/calendar-sql.test.ts checks every pair of dates around the holiday seasons
 * against countDays. Counting here records no missing year: a report warns about the
 * years of its period that calendar_years lacks itself (SPEC §2).
 */

/** Whether calendar_ordinals.date is a working day, from the overrides and the weekday (0 = Sunday; 1970-01-01 was a Thursday). */
const WORKING_SQL = `coalesce(
  (SELECT calendar_days.kind = 'workday' FROM calendar_days WHERE calendar_days.date = calendar_ordinals.date),
  ((calendar_ordinals.day + 4) % 7 + 7) % 7 BETWEEN 1 AND 5
)`;

/**
 * Brings calendar_ordinals back in line with calendar_days from `fromDate` on: the
 * working flag of every date from there, then the running ordinal, both set-based.
 * Dates before `fromDate` keep their ordinals, and the count goes on from the last of
 * them. Only rows whose values change are written; a holiday added in 2025 still
 * shifts every later ordinal (~65,000 rows, tens of milliseconds), which a calendar
 * change, a few times a year, can afford. The caller holds the write transaction, so
 * the ordinals change together with the days (upsertDays calls this itself).
 */
export function refreshOrdinals(db: Database, fromDate: IsoDate): void {
  db.prepare(`UPDATE calendar_ordinals SET working = ${WORKING_SQL} WHERE date >= ? AND working <> ${WORKING_SQL}`).run(fromDate);
  const before = db.prepare('SELECT ordinal FROM calendar_ordinals WHERE date < ? ORDER BY date DESC LIMIT 1').pluck().get(fromDate) as number | undefined;
  db.prepare(
    `UPDATE calendar_ordinals SET ordinal = running.ordinal
     FROM (
       SELECT day, @before + sum(working) OVER (ORDER BY day ROWS UNBOUNDED PRECEDING) AS ordinal
       FROM calendar_ordinals WHERE date >= @from
     ) AS running
     WHERE calendar_ordinals.day = running.day AND calendar_ordinals.ordinal <> running.ordinal`,
  ).run({ from: fromDate, before: before ?? 0 });
}

/**
 * A SQL expression for W(from, to) (SPEC §2: the days d with from < d ≤ to that count),
 * in working days, or in calendar days (自然日) when `unit` is 'calendar'; NULL when a
 * date lies outside calendar_ordinals. The arguments are SQL expressions — column
 * references such as `cases.deadline`, `cases.limit_unit`, or named parameters such as
 * `@t` — and are pasted in as they are, so they must come from code, never from input:
 *
 *   SELECT number, ${countDaysSql('cases.deadline', '@t', 'cases.limit_unit')} AS days_over FROM cases …
 *
 * Each end is one lookup in calendar_ordinals' date index.
 */
export function countDaysSql(from: string, to: string, unit: string): string {
  const column = (end: string, name: 'day' | 'ordinal') => `(SELECT ${name} FROM calendar_ordinals WHERE date = ${end})`;
  return `(CASE WHEN ${unit} = 'calendar'
    THEN max(0, ${column(to, 'day')} - ${column(from, 'day')})
    ELSE max(0, ${column(to, 'ordinal')} - ${column(from, 'ordinal')}) END)`;
}

/**
 * countDaysSql over stored day numbers (migration 16: cases, pauses and evaluations keep
 * their dates so) and a stored unit code (0 workday, 1 calendar): each end is one lookup
 * by calendar_ordinals' key, and NULL outside the table as there.
 */
export function countStoredDaysSql(from: string, to: string, unit: string): string {
  const column = (end: string, name: 'day' | 'ordinal') => `(SELECT ${name} FROM calendar_ordinals WHERE day = ${end})`;
  return `(CASE WHEN ${unit} = 1
    THEN max(0, ${column(to, 'day')} - ${column(from, 'day')})
    ELSE max(0, ${column(to, 'ordinal')} - ${column(from, 'ordinal')}) END)`;
}

/**
 * W(from, to) as countDaysSql counts it, for a long list whose dates repeat (a month's
 * overdue list: 50,000 rows over a few hundred dates on the 1M-case bench): each date is
 * looked up in calendar_ordinals once, instead of twice per row in SQL, which was about
 * 100 ms of that pack. Null when a date lies outside the table, as in SQL.
 */
export function dayCounter(db: Database): (from: IsoDate, to: IsoDate, unit: LimitUnit) => number | null {
  const lookup = db.prepare('SELECT ordinal, day FROM calendar_ordinals WHERE date = ?');
  const seen = new Map<string, { ordinal: number; day: number } | undefined>();
  const at = (date: IsoDate) => {
    if (!seen.has(date)) seen.set(date, lookup.get(date) as { ordinal: number; day: number } | undefined);
    return seen.get(date);
  };
  return (from, to, unit) => {
    const [start, end] = [at(from), at(to)];
    if (!start || !end) return null;
    return Math.max(0, unit === 'calendar' ? end.day - start.day : end.ordinal - start.ordinal);
  };
}

/** W(from, to) by one query on calendar_ordinals; the same number countDays gives for the stored calendar. */
export function workingDaysSql(db: Database, from: IsoDate, to: IsoDate, unit: LimitUnit = 'workday'): number {
  const count = db
    .prepare(`SELECT ${countDaysSql('@from', '@to', '@unit')}`)
    .pluck()
    .get({ from, to, unit }) as number | null;
  if (count === null) throw new RangeError(`no working-day ordinals for ${from} or ${to} (calendar_ordinals covers 1949-09-30 … 2199-12-31)`);
  return count;
}
