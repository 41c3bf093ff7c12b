/** Migration 4: reports: covering indexes, evaluations carry their case groups, and the item history (item_versions). Released: never edit it; append a new step. */
import type { Migration } from '../migrations.js';

export const migration4: Migration = {
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
};
