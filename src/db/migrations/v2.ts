/** Migration 2: cases with their append-only events, pauses, evaluations, complaints and window records. Released: never edit it; append a new step. */
import type { Migration } from '../migrations.js';

export const migration2: Migration = {
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
};
