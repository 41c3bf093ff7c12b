/** Migration 10: combined cases (一件事, SPEC §7.1) and the link from each part. Released: never edit it; append a new step. */
import type { Migration } from '../migrations.js';

export const migration10: Migration = {
  version: 10,
  description: 'combined cases (一件事) and their parts',
  up(db) {
    // The bundle's limits are copied at acceptance, as a case copies its item's rules, so
    // a later catalog change does not move a running promise. Everything else about a
    // combined case (state, pauses, deadline, outcome) is derived from its parts' events.
    // No window column: each part carries its own.
    db.exec(`
      CREATE TABLE combined_cases (
        id            INTEGER PRIMARY KEY,
        number        TEXT NOT NULL UNIQUE,
        bundle_id     INTEGER NOT NULL REFERENCES bundles (id),
        applicant     TEXT NOT NULL,
        applicant_id  TEXT,
        id_type       TEXT,
        channel       TEXT NOT NULL,
        promised_days INTEGER NOT NULL,
        legal_days    INTEGER,
        accepted_at   TEXT NOT NULL,
        accepted_date TEXT NOT NULL,
        created_at    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX combined_cases_by_date ON combined_cases (accepted_date);
      ALTER TABLE cases ADD COLUMN combined_id INTEGER REFERENCES combined_cases (id);
      -- Few cases are parts: the index holds only those.
      CREATE INDEX cases_by_combined ON cases (combined_id) WHERE combined_id IS NOT NULL;
    `);
  },
};
