/** Migration 5: reports: the overdue cases and the deadlines at the end of a month read from indexes. Released: never edit it; append a new step. */
import type { Migration } from '../migrations.js';

export const migration5: Migration = {
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
};
