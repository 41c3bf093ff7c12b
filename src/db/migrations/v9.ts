/** Migration 9: the bundle catalog (一件事目录, SPEC §7.1): bundles and their member items. Released: never edit it; append a new step. */
import type { Migration } from '../migrations.js';

export const migration9: Migration = {
  version: 9,
  description: 'bundles (一件事) and their member items',
  up(db) {
    // A bundle's limits are working days only (its combined deadline is counted as a
    // case's is, on working days); a legal limit below the promised one is refused on
    // import and impossible here. Members keep the file's order: a registration numbers
    // its parts in it, so the order is stored, not left to the item ids.
    db.exec(`
      CREATE TABLE bundles (
        id                 INTEGER PRIMARY KEY,
        code               TEXT NOT NULL UNIQUE,
        name               TEXT NOT NULL,
        lead_department_id INTEGER NOT NULL REFERENCES departments (id),
        promised_days      INTEGER NOT NULL CHECK (promised_days >= 1),
        legal_days         INTEGER CHECK (legal_days IS NULL OR legal_days >= promised_days),
        status             TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
        created_at         TEXT NOT NULL,
        updated_at         TEXT NOT NULL
      ) STRICT;
      CREATE TABLE bundle_members (
        bundle_id INTEGER NOT NULL REFERENCES bundles (id),
        item_id   INTEGER NOT NULL REFERENCES items (id),
        required  INTEGER NOT NULL CHECK (required IN (0, 1)),
        position  INTEGER NOT NULL CHECK (position >= 1),
        PRIMARY KEY (bundle_id, item_id),
        UNIQUE (bundle_id, position)
      ) STRICT, WITHOUT ROWID;
      -- Which bundles an item is in (a cancelled item's bundles, a window merge).
      CREATE INDEX bundle_members_by_item ON bundle_members (item_id);
    `);
  },
};
