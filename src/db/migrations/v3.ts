/** Migration 3: calendar_ordinals: a running working-day count per date, so that reports count W(a, b) in SQL. Released: never edit it; append a new step. */
import type { Migration } from '../migrations.js';

export const migration3: Migration = {
  version: 3,
  description: 'calendar_ordinals: a running working-day count per date, so that reports count W(a, b) in SQL',
  up(db) {
    // W(a, b) for thousands of cases at once (overdue at t, days_over, daily_accepted)
    // becomes a subtraction: ordinal(b) − ordinal(a) working days, day(b) − day(a) calendar
    // days. The rows are derived from calendar_days and rewritten in the same transaction
    // as every calendar change (refreshOrdinals in src/store/calendar.ts).
    //
    // Range: every date hall accepts (SPEC: 1949-10-01 … 2199-12-31) plus 1949-09-30, so
    // that W(from − 1, to) of a period starting on the first accepted date still has both
    // ends: 91,404 rows, filled by one statement in ~90 ms on disk (measured), cheap
    // enough for the `init` that nearly every test runs.
    //
    // Keyed by the day number, a rowid table rather than WITHOUT ROWID on the date: the
    // rows then stay in date order under `ORDER BY rowid` like every other table's. The
    // unique index on date keeps `WHERE date = ?` a seek (it costs ~30 ms of the fill).
    db.exec(`
      CREATE TABLE calendar_ordinals (
        day     INTEGER PRIMARY KEY,  -- days since 1970-01-01
        date    TEXT NOT NULL UNIQUE,
        working INTEGER NOT NULL CHECK (working IN (0, 1)),
        ordinal INTEGER NOT NULL      -- working days on or before date, counted from the first row
      ) STRICT;
    `);
    // The running count is carried through the recursion (each row adds its own working
    // flag to the previous row's count) instead of a window function over the finished
    // rows, which would sort them all again and cost half as much as the fill itself. A
    // date is working if it has a 'workday' override, or is Mon–Fri without a 'holiday'
    // one. For the date of day + 1, ((day + 5) % 7 + 7) % 7 is its weekday, 0 = Sunday
    // (1970-01-01, day 0, was a Thursday); 2440587.5 is the Julian day of 1970-01-01.
    const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
    db.prepare(`
      WITH RECURSIVE span (day, date, working, ordinal_before) AS (
        SELECT @firstDay - 1, NULL, 0, 0
        UNION ALL
        SELECT day + 1,
               date(day + 1 + 2440587.5),
               coalesce(
                 (SELECT calendar_days.kind = 'workday' FROM calendar_days WHERE calendar_days.date = date(day + 1 + 2440587.5)),
                 ((day + 5) % 7 + 7) % 7 BETWEEN 1 AND 5
               ),
               ordinal_before + working
        FROM span
        WHERE day < @lastDay
      )
      INSERT INTO calendar_ordinals (day, date, working, ordinal)
      SELECT day, date, working, ordinal_before + working FROM span WHERE date IS NOT NULL
    `).run({ firstDay: dayNumber('1949-09-30'), lastDay: dayNumber('2199-12-31') });
  },
};
