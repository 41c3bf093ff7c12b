/** Migration 13: frozen reports (SPEC §7.5) and the case export's watermarks (§7.6). Released: never edit it; append a new step. */
import type { Migration } from '../migrations.js';

export const migration13: Migration = {
  version: 13,
  description: 'frozen reports and the case export watermarks',
  up(db) {
    // A frozen report is what was sent upward: its JSON as printed and its digest, per
    // kind and period; one per (kind, from, to), replaced only by --refreeze.
    // An export watermark is per output directory (one center may feed several
    // systems): the highest case event id the last run had seen, and when it ran.
    db.exec(`
      CREATE TABLE frozen_reports (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('monthly', 'assessment')),
        period_from TEXT NOT NULL,
        period_to   TEXT NOT NULL,
        label       TEXT NOT NULL,
        json        TEXT NOT NULL,
        digest      TEXT NOT NULL,
        frozen_at   TEXT NOT NULL,
        operator    TEXT NOT NULL,
        UNIQUE (kind, period_from, period_to)
      ) STRICT;

      CREATE TABLE export_watermarks (
        directory     TEXT PRIMARY KEY,
        format        TEXT NOT NULL CHECK (format IN ('parquet', 'csv', 'jsonl')),
        center_code   TEXT NOT NULL,
        last_event_id INTEGER NOT NULL,
        exported_at   TEXT NOT NULL
      ) STRICT;
    `);
  },
};
