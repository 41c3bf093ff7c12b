/** Migration 11: each combined case's derived figures cached for the reports. Released: never edit it; append a new step. */

import type { CalendarEntry } from '../../core/calendar.js';
import { createCalendar } from '../../core/calendar.js';
import { combinedCaches } from '../../core/combined.js';
import { replayCombinedRows, type StoredCombinedRules, type StoredEventRow, type StoredPartRow } from '../../core/combined-replay.js';
import type { Migration } from '../migrations.js';

export const migration11: Migration = {
  version: 11,
  description: 'combined cases (一件事): derived figures cached for the reports',
  up(db) {
    // The monthly pack counts combined cases per bundle (SPEC §7.1) as it counts cases:
    // one GROUP BY over dated columns, not a replay of every part. The columns follow
    // from the parts' events (core/combined.ts, combinedCaches) and doctor replays them.
    db.exec(`
      ALTER TABLE combined_cases ADD COLUMN state TEXT CHECK (state IN ('open', 'paused', 'concluded', 'withdrawn', 'voided'));
      ALTER TABLE combined_cases ADD COLUMN deadline TEXT;
      ALTER TABLE combined_cases ADD COLUMN concluded_date TEXT;
      ALTER TABLE combined_cases ADD COLUMN ended_date TEXT;
      ALTER TABLE combined_cases ADD COLUMN outcome TEXT CHECK (outcome IN ('approved', 'denied', 'partial'));
      ALTER TABLE combined_cases ADD COLUMN days_used INTEGER;
      ALTER TABLE combined_cases ADD COLUMN on_time INTEGER CHECK (on_time IN (0, 1));
      -- Running at a date: accepted by then and not ended by then, read as ranges.
      CREATE INDEX combined_cases_by_ended ON combined_cases (ended_date, accepted_date);
      CREATE INDEX combined_cases_by_concluded ON combined_cases (concluded_date) WHERE concluded_date IS NOT NULL;
      -- The parts' pauses merged (SPEC §7.1 \`pauses\`): what a report needs to count a
      -- combined case's deadline as of a month end, in SQL, as it does a case's. By end date
      -- (an open one, NULL, first) to find the few still running at t or begun after it.
      CREATE TABLE combined_pauses (
        combined_id INTEGER NOT NULL REFERENCES combined_cases (id),
        seq         INTEGER NOT NULL,
        from_date   TEXT NOT NULL,
        to_date     TEXT,
        PRIMARY KEY (combined_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX combined_pauses_by_end ON combined_pauses (to_date, combined_id);
    `);
    // Combined cases registered under migration 10 are replayed once here, with the
    // calendar as stored; the reads are this step's own, as the schema stood at 11.
    const ids = db.prepare('SELECT id FROM combined_cases').pluck().all() as number[];
    if (ids.length === 0) return;
    const days = db.prepare('SELECT date, kind, note FROM calendar_days').all() as CalendarEntry[];
    const years = db.prepare('SELECT year FROM calendar_years').pluck().all() as number[];
    const calendar = createCalendar(days, years);
    const rulesOf = db.prepare('SELECT promised_days, legal_days, accepted_date FROM combined_cases WHERE id = ?');
    const partsOf = db.prepare(
      `SELECT c.id, c.number, i.code AS item, c.stages, c.authorized, c.promised_days, c.limit_unit, c.legal_days, c.legal_unit,
              c.closing_minutes FROM cases c JOIN items i ON i.id = c.item_id WHERE c.combined_id = ? ORDER BY c.id`,
    );
    const eventsOf = db.prepare('SELECT kind, at, date, minutes, operator, location, details FROM case_events WHERE case_id = ? ORDER BY id');
    const update = db.prepare(
      `UPDATE combined_cases SET state = @state, deadline = @deadline, concluded_date = @concluded_date, ended_date = @ended_date,
              outcome = @outcome, days_used = @days_used, on_time = @on_time WHERE id = @id`,
    );
    const pause = db.prepare('INSERT INTO combined_pauses (combined_id, seq, from_date, to_date) VALUES (?, ?, ?, ?)');
    for (const id of ids) {
      try {
        const derived = replayCombinedRows(
          rulesOf.get(id) as StoredCombinedRules,
          partsOf.all(id) as StoredPartRow[],
          (caseId) => eventsOf.all(caseId) as StoredEventRow[],
          calendar,
        );
        update.run({ ...combinedCaches(derived), id });
        for (const [index, merged] of derived.pauses.entries()) pause.run(id, index + 1, merged.from, merged.to);
      } catch {
        // A part whose stored history hall cannot read (a hand-edited file) must not stop
        // every command from opening the database: its figures stay empty, and doctor
        // names the damaged part and lists this combined case as stale.
      }
    }
  },
};
