/**
 * The schema, as an ordered list of steps on `PRAGMA user_version`. Step N takes a
 * database at version N−1 to N; each runs in one transaction with the version bump,
 * so a crash leaves the database at N−1 or N, never between. Never edit a released
 * step: append a new one.
 */
import type { Database } from 'better-sqlite3';
// Migration 1 seeds from a frozen copy, not from src/core/holidays-official.ts, which keeps
// changing as schedules are published: a released step must write the same rows forever.
import { SEED_DAYS, SEED_SOURCE } from './seed/official-2024-2026.js';

export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'settings, calendar (seeded with the official 2024–2026 schedules), departments, windows, items',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE calendar_days (
          date   TEXT PRIMARY KEY,
          kind   TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
          note   TEXT NOT NULL DEFAULT '',
          source TEXT NOT NULL DEFAULT ''
        ) STRICT;

        -- Years with an official schedule; a year absent here is counted on weekends only, with a warning.
        CREATE TABLE calendar_years (
          year   INTEGER PRIMARY KEY,
          source TEXT NOT NULL DEFAULT ''
        ) STRICT;

        CREATE TABLE departments (
          id         INTEGER PRIMARY KEY,
          name       TEXT NOT NULL UNIQUE,
          created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE windows (
          id            INTEGER PRIMARY KEY,
          code          TEXT NOT NULL UNIQUE,
          name          TEXT NOT NULL,
          department_id INTEGER REFERENCES departments (id),
          created_at    TEXT NOT NULL
        ) STRICT;
        CREATE INDEX windows_by_name ON windows (name);

        CREATE TABLE items (
          id                     INTEGER PRIMARY KEY,
          code                   TEXT NOT NULL UNIQUE,
          name                   TEXT NOT NULL,
          department_id          INTEGER NOT NULL REFERENCES departments (id),
          type                   TEXT NOT NULL,
          legal_days             INTEGER,
          legal_unit             TEXT CHECK (legal_unit IN ('workday', 'calendar')),
          promised_days          INTEGER NOT NULL CHECK (promised_days >= 0),
          limit_unit             TEXT NOT NULL CHECK (limit_unit IN ('workday', 'calendar')),
          fee_fen                INTEGER NOT NULL DEFAULT 0 CHECK (fee_fen >= 0),
          fee_basis              TEXT NOT NULL DEFAULT '',
          legal_basis            TEXT NOT NULL DEFAULT '',
          window_id              INTEGER REFERENCES windows (id),
          stages                 TEXT NOT NULL,
          authorized             TEXT NOT NULL,
          authorization_declared INTEGER NOT NULL,
          online_depth           INTEGER,
          visits                 INTEGER,
          status                 TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'cancelled')),
          parent_code            TEXT,
          updated_at             TEXT NOT NULL
        ) STRICT;
        CREATE INDEX items_by_department ON items (department_id);
        CREATE INDEX items_by_window ON items (window_id);
        CREATE INDEX items_by_parent ON items (parent_code);
      `);
      const insertDay = db.prepare('INSERT INTO calendar_days (date, kind, note, source) VALUES (?, ?, ?, ?)');
      const insertYear = db.prepare('INSERT OR IGNORE INTO calendar_years (year, source) VALUES (?, ?)');
      for (const day of SEED_DAYS) {
        insertDay.run(day.date, day.kind, day.note, SEED_SOURCE);
        insertYear.run(Number(day.date.slice(0, 4)), SEED_SOURCE);
      }
    },
  },
  {
    version: 2,
    description: 'cases with their append-only events, pauses, evaluations, complaints and window records',
    up(db) {
      db.exec(`
        -- A case row holds the item's rules as they were at acceptance, and caches of what
        -- its events imply, so that reports aggregate columns instead of replaying events.
        CREATE TABLE cases (
          id              INTEGER PRIMARY KEY,
          number          TEXT NOT NULL UNIQUE,
          item_id         INTEGER NOT NULL REFERENCES items (id),
          window_id       INTEGER REFERENCES windows (id),
          department_id   INTEGER NOT NULL REFERENCES departments (id),
          item_type       TEXT NOT NULL,
          applicant       TEXT NOT NULL,
          applicant_id    TEXT,
          id_type         TEXT CHECK (id_type IN ('resident', 'credit', 'other')),
          channel         TEXT NOT NULL,
          fee_fen         INTEGER NOT NULL DEFAULT 0 CHECK (fee_fen >= 0),
          stages          TEXT NOT NULL,
          authorized      TEXT NOT NULL,
          promised_days   INTEGER NOT NULL,
          limit_unit      TEXT NOT NULL,
          legal_days      INTEGER,
          legal_unit      TEXT,
          closing_minutes INTEGER NOT NULL,
          created_at      TEXT NOT NULL,
          -- caches, rewritten with every event
          state           TEXT NOT NULL CHECK (state IN ('open', 'paused', 'concluded', 'withdrawn', 'refused')),
          stage           TEXT,
          delivered       INTEGER NOT NULL DEFAULT 0,
          outcome         TEXT CHECK (outcome IN ('approved', 'denied')),
          accepted_at     TEXT,
          accepted_date   TEXT,
          refused_date    TEXT,
          concluded_at    TEXT,
          concluded_date  TEXT,
          ended_date      TEXT,
          paused_since    TEXT,
          deadline        TEXT,
          legal_deadline  TEXT,
          days_used       INTEGER,
          on_time         INTEGER,
          same_day        INTEGER,
          on_site         INTEGER,
          last_event_at   TEXT NOT NULL
        ) STRICT;
        CREATE INDEX cases_by_accepted ON cases (accepted_date);
        CREATE INDEX cases_by_concluded ON cases (concluded_date);
        CREATE INDEX cases_by_ended ON cases (ended_date);
        CREATE INDEX cases_by_refused ON cases (refused_date);
        CREATE INDEX cases_by_window ON cases (window_id, accepted_date);
        CREATE INDEX cases_by_item ON cases (item_id, accepted_date);
        CREATE INDEX cases_by_department ON cases (department_id, accepted_date);
        CREATE INDEX cases_by_state ON cases (state, deadline);

        CREATE TABLE case_events (
          id        INTEGER PRIMARY KEY,
          case_id   INTEGER NOT NULL REFERENCES cases (id),
          kind      TEXT NOT NULL,
          at        TEXT NOT NULL,
          date      TEXT NOT NULL,
          minutes   INTEGER NOT NULL,
          operator  TEXT NOT NULL,
          location  TEXT CHECK (location IN ('window', 'backoffice')),
          details   TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE INDEX case_events_by_case ON case_events (case_id, id);
        -- The record of what happened to a case is append-only: the database itself refuses edits.
        CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
          BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
        CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
          BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;

        -- Cache of the pauses the events imply (an open one has to_date NULL).
        CREATE TABLE case_pauses (
          case_id   INTEGER NOT NULL REFERENCES cases (id),
          seq       INTEGER NOT NULL,
          kind      TEXT NOT NULL CHECK (kind IN ('supplement', 'special')),
          reason    TEXT NOT NULL,
          from_date TEXT NOT NULL,
          to_date   TEXT,
          PRIMARY KEY (case_id, seq)
        ) STRICT;

        CREATE TABLE evaluations (
          case_id  INTEGER PRIMARY KEY REFERENCES cases (id),
          level    INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
          comment  TEXT NOT NULL DEFAULT '',
          date     TEXT NOT NULL,
          at       TEXT NOT NULL,
          operator TEXT NOT NULL
        ) STRICT;
        CREATE INDEX evaluations_by_date ON evaluations (date);

        CREATE TABLE complaints (
          id             INTEGER PRIMARY KEY,
          window_id      INTEGER NOT NULL REFERENCES windows (id),
          case_id        INTEGER REFERENCES cases (id),
          channel        TEXT NOT NULL,
          received_date  TEXT NOT NULL,
          summary        TEXT NOT NULL,
          status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
          substantiated  INTEGER,
          closed_at      TEXT,
          operator       TEXT NOT NULL
        ) STRICT;
        CREATE INDEX complaints_by_window ON complaints (window_id, received_date);

        CREATE TABLE window_records (
          id         INTEGER PRIMARY KEY,
          window_id  INTEGER NOT NULL REFERENCES windows (id),
          date       TEXT NOT NULL,
          kind       TEXT NOT NULL CHECK (kind IN ('deduction', 'commendation')),
          points     REAL NOT NULL CHECK (points > 0),
          reason     TEXT NOT NULL,
          operator   TEXT NOT NULL,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX window_records_by_window ON window_records (window_id, date);
      `);
    },
  },
  {
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
  },
  {
    version: 4,
    description: 'reports: covering indexes, evaluations carry their case groups, and the item history (item_versions)',
    up(db) {
      // Indexes shaped for the monthly pack (SPEC §6.1). Each report query filters one
      // date range and groups by (window, department, item, type); with every column it
      // reads inside the index, a month's figures read index pages only instead of one
      // ~400-byte case row per match (measured on 1M cases: 2.6 s with the narrow
      // indexes, 0.6–0.7 s with these). cases_by_ended gives way to a wider index on the
      // same first column: carried over, withdrawn and open-at-t all start there.
      db.exec(`
        DROP INDEX cases_by_ended;
        CREATE INDEX cases_report_accepted ON cases (accepted_date, window_id, department_id, item_id, item_type, fee_fen);
        CREATE INDEX cases_report_concluded ON cases (concluded_date, window_id, department_id, item_id, item_type,
          outcome, same_day, on_time, on_site, days_used, legal_days, legal_unit, limit_unit);
        CREATE INDEX cases_report_ended ON cases (ended_date, accepted_date, state, window_id, department_id, item_id, item_type,
          deadline, promised_days, limit_unit);
        -- The few cases whose legal limit is in another unit than the promised one: their saved
        -- days are counted again in the legal unit, and without this index finding them read
        -- every concluded case of the year (1.1 s on 1M cases; ~0 with it, one page).
        CREATE INDEX cases_report_other_unit ON cases (concluded_date, window_id, department_id, item_id, item_type)
          WHERE legal_days IS NOT NULL AND coalesce(legal_unit, 'workday') <> limit_unit;

        -- An evaluation is counted for its case's groups on the date it was given: with
        -- the groups on the row, a month of evaluations needs no join to cases.
        ALTER TABLE evaluations ADD COLUMN window_id INTEGER REFERENCES windows (id);
        ALTER TABLE evaluations ADD COLUMN department_id INTEGER REFERENCES departments (id);
        ALTER TABLE evaluations ADD COLUMN item_id INTEGER REFERENCES items (id);
        ALTER TABLE evaluations ADD COLUMN item_type TEXT;
        UPDATE evaluations SET (window_id, department_id, item_id, item_type) =
          (SELECT window_id, department_id, item_id, item_type FROM cases WHERE cases.id = evaluations.case_id);
        CREATE INDEX evaluations_report ON evaluations (date, window_id, department_id, item_id, item_type, level);

        CREATE INDEX complaints_report ON complaints (received_date, window_id, substantiated);

        -- Finding the deadline D with W(d0, D) = n is a seek on the working days' ordinals.
        CREATE INDEX calendar_ordinals_working ON calendar_ordinals (ordinal) WHERE working = 1;

        -- What each item was, and since when (the local date of the change): the catalog
        -- figures of a past month (项目进驻率, 窗口授权率 …) are those of the catalog as it
        -- stood then, not today's. Written by triggers, so every write to items keeps it.
        CREATE TABLE item_versions (
          item_id          INTEGER NOT NULL REFERENCES items (id),
          valid_from       TEXT NOT NULL,
          status           TEXT NOT NULL,
          entered          INTEGER NOT NULL,
          fully_authorized INTEGER NOT NULL,
          promised_days    INTEGER NOT NULL,
          legal_days       INTEGER,
          PRIMARY KEY (item_id, valid_from)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX item_versions_by_date ON item_versions (valid_from);
      `);
      // Fully authorized (SPEC §3.1): every stage up to and including 审批 (decide), or every
      // stage when the list has no 审批, is in the authorized list. Stages are JSON arrays.
      const values = (row: string) => `${row}.id, substr(${row}.updated_at, 1, 10), ${row}.status, ${row}.window_id IS NOT NULL,
          NOT EXISTS (
            SELECT 1 FROM json_each(${row}.stages) AS stage
             WHERE stage.key <= coalesce((SELECT key FROM json_each(${row}.stages) WHERE value = 'decide'), 1000000)
               AND stage.value NOT IN (SELECT value FROM json_each(${row}.authorized))),
          ${row}.promised_days, ${row}.legal_days`;
      const insert = 'INSERT INTO item_versions (item_id, valid_from, status, entered, fully_authorized, promised_days, legal_days)';
      // Several changes on one day leave that day's last state.
      const upsert = `ON CONFLICT (item_id, valid_from) DO UPDATE SET status = excluded.status, entered = excluded.entered,
          fully_authorized = excluded.fully_authorized, promised_days = excluded.promised_days, legal_days = excluded.legal_days`;
      db.exec(`
        CREATE TRIGGER item_versions_on_insert AFTER INSERT ON items
          BEGIN ${insert} VALUES (${values('NEW')}) ${upsert}; END;
        CREATE TRIGGER item_versions_on_update AFTER UPDATE OF status, window_id, promised_days, legal_days, stages, authorized ON items
          WHEN NEW.status IS NOT OLD.status OR NEW.window_id IS NOT OLD.window_id OR NEW.promised_days IS NOT OLD.promised_days
            OR NEW.legal_days IS NOT OLD.legal_days OR NEW.stages IS NOT OLD.stages OR NEW.authorized IS NOT OLD.authorized
          BEGIN ${insert} VALUES (${values('NEW')}) ${upsert}; END;
      `);
      // Items stored before this step start their history on the date they were last written.
      db.exec(`${insert} SELECT ${values('items')} FROM items WHERE true ${upsert}`);
    },
  },
  {
    version: 5,
    description: 'reports: the overdue cases and the deadlines at the end of a month read from indexes',
    up(db) {
      db.exec(`
        -- An open case's deadline at the end of a month differs from the stored one only if a
        -- pause was still running then or began later: those few pauses are found by their
        -- end date (NULL, still running, sorts first) instead of probing the pauses of every
        -- open case.
        CREATE INDEX case_pauses_by_end ON case_pauses (to_date, case_id);

        -- The overdue list shows each case's number. With it in the index, the cases open
        -- and overdue at the end of a month come from this index alone, not one case row
        -- each (25k scattered rows on 1M cases).
        DROP INDEX cases_report_ended;
        CREATE INDEX cases_report_ended ON cases (ended_date, accepted_date, state, window_id, department_id, item_id, item_type,
          deadline, promised_days, limit_unit, number);
        -- The same for the cases concluded late: only those rows are in this index (on_time is
        -- there too, or the planner reads each row to check the condition).
        CREATE INDEX cases_report_late ON cases (concluded_date, number, item_id, window_id, accepted_date, deadline, limit_unit, on_time)
          WHERE on_time = 0;

        -- W(a, b) looks up two dates; with the ordinal and the day in the index, a lookup is
        -- one index seek instead of an index seek and a table seek.
        CREATE INDEX calendar_ordinals_by_date ON calendar_ordinals (date, ordinal, day);
      `);
    },
  },
  {
    version: 6,
    description: 'cases: no index that another one begins with',
    up(db) {
      // Each of these is the first column of a report index (cases_report_accepted,
      // cases_report_concluded, evaluations_report), which serves the same date ranges.
      // Every index is written with every case and rebuilt after a large import: each of
      // these took about 0.5 s of the rebuild after 1,000,000 imported cases, and the
      // three about 4% of the file.
      db.exec(`
        DROP INDEX cases_by_accepted;
        DROP INDEX cases_by_concluded;
        DROP INDEX evaluations_by_date;
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
