/** Migration 1: settings, calendar (seeded with the official 2024–2026 schedules), departments, windows, items. Released: never edit it; append a new step. */
import type { Migration } from '../migrations.js';
// Migration 1 seeds from a frozen copy, not from src/core/holidays-official.ts, which keeps
// changing as schedules are published: a released step must write the same rows forever.
import { SEED_DAYS, SEED_SOURCE } from '../seed/official-2024-2026.js';

export const migration1: Migration = {
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
};
