/**
 * Migration 15: the second step of issue 24's smaller database. Each fact of an event is
 * stored once: its time as local seconds and offset (its date and minutes were copies of
 * them), its kind and location as codes, its operator by reference, and the two endings
 * every imported or rated event repeated in its details cut off (store/event-row.ts puts
 * them back byte for byte). A case refers to its item's stage and authorization lists
 * instead of copying them, and loses two columns nothing read: created_at (its first
 * event's time) and last_event_at (its last one's). An evaluation loses its time and
 * operator, which its rate event holds. Released: never edit it; append a new step.
 *
 * The three tables are rebuilt in this one transaction (SQLite cannot drop a column that
 * an index or a CHECK names): about 15 s on 1,000,000 cases. The old pages stay free in
 * the file until `VACUUM`.
 */
import { type Migration, MigrationRefused } from '../migrations.js';

/** The codes of migration 15, for people at the sqlite3 shell: `SELECT … JOIN codes`. Frozen (event-row.ts holds the same lists). */
const CODES: readonly [domain: string, code: number, name: string][] = [
  ...['register', 'conclude', 'rate', 'refuse', 'advance', 'supplement', 'suspend', 'resume', 'deliver', 'withdraw', 'void'].map(
    (name, code) => ['event', code, name] as [string, number, string],
  ),
  ['location', 1, 'window'],
  ['location', 2, 'backoffice'],
];

/** The stored form of every event time: `2026-01-04T09:03:20+08:00`. */
const ISO_FORM = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9][+-][0-9][0-9]:[0-9][0-9]'";
const LOCAL_SECONDS = 'unixepoch(substr(at, 1, 19))';
const OFFSET_MINUTES = "(CASE substr(at, 20, 1) WHEN '-' THEN -1 ELSE 1 END) * (CAST(substr(at, 21, 2) AS INTEGER) * 60 + CAST(substr(at, 24, 2) AS INTEGER))";

export const migration15: Migration = {
  version: 15,
  description: 'events without copies: times as seconds and offset, codes, operators and rule lists by reference',
  foreignKeysOff: true,
  up(db) {
    // Every event time must be in the one form hall writes, and its date and minutes its
    // own: what the new row drops must be derivable from what it keeps. hall never wrote
    // anything else; a hand edit could have. Then nothing is changed and the first such
    // events are named.
    const faulty = db
      .prepare(
        `SELECT c.number, e.id, e.at, e.date, e.minutes FROM case_events e LEFT JOIN cases c ON c.id = e.case_id
          WHERE NOT (e.at GLOB ${ISO_FORM} AND unixepoch(substr(e.at, 1, 19)) IS NOT NULL
                     AND e.date = substr(e.at, 1, 10) AND e.minutes = CAST(substr(e.at, 12, 2) AS INTEGER) * 60 + CAST(substr(e.at, 15, 2) AS INTEGER)
                     AND strftime('%Y-%m-%dT%H:%M:%S', unixepoch(substr(e.at, 1, 19)), 'unixepoch') = substr(e.at, 1, 19))
             OR e.kind NOT IN (${CODES.filter(([domain]) => domain === 'event')
               .map(([, , name]) => `'${name}'`)
               .join(', ')})
          ORDER BY e.id LIMIT 5`,
      )
      .all() as { number: string | null; id: number; at: string; date: string; minutes: number }[];
    if (faulty.length > 0) {
      throw new MigrationRefused(
        15,
        faulty.map((row) => `${row.number ?? `#${row.id}`}: ${row.at} (${row.date} ${row.minutes})`),
      );
    }

    db.exec(`
      CREATE TABLE codes (
        domain TEXT NOT NULL,
        code   INTEGER NOT NULL,
        name   TEXT NOT NULL,
        PRIMARY KEY (domain, code),
        UNIQUE (domain, name)
      ) STRICT, WITHOUT ROWID;

      -- Who recorded an event: a clerk's name once, not on every row.
      CREATE TABLE operators (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
      ) STRICT;

      -- An item's stage list and authorized list as cases copy them at acceptance (JSON
      -- text, as items hold them): one row per pair, shared by every case that copied it.
      CREATE TABLE rule_lists (
        id         INTEGER PRIMARY KEY,
        stages     TEXT NOT NULL,
        authorized TEXT NOT NULL,
        UNIQUE (stages, authorized)
      ) STRICT;
      -- Cases refer to these rows: changing one would change every case that shares it.
      CREATE TRIGGER rule_lists_append_only_update BEFORE UPDATE ON rule_lists
        BEGIN SELECT RAISE(ABORT, 'rule_lists is append-only'); END;
      CREATE TRIGGER rule_lists_append_only_delete BEFORE DELETE ON rule_lists
        BEGIN SELECT RAISE(ABORT, 'rule_lists is append-only'); END;
    `);
    const code = db.prepare('INSERT INTO codes (domain, code, name) VALUES (?, ?, ?)');
    for (const row of CODES) code.run(...row);

    // A rated 不予受理 row imported before f84d614 got its evaluation but not the rate event
    // behind it. Written now, as the import writes it today, so that the evaluation keeps
    // its time and operator in the history when the table drops them.
    db.exec(`
      INSERT INTO case_events (case_id, kind, at, date, minutes, operator, location, details)
      SELECT v.case_id, 'rate', v.at, substr(v.at, 1, 10), CAST(substr(v.at, 12, 2) AS INTEGER) * 60 + CAST(substr(v.at, 15, 2) AS INTEGER),
             v.operator, NULL, json_object('level', v.level, 'comment', v.comment, 'date', v.date, 'imported', json('true'))
        FROM evaluations v
       WHERE v.at GLOB ${ISO_FORM}
         AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = v.case_id AND e.kind = 'rate')
       ORDER BY v.case_id;
    `);

    db.exec(`
      INSERT INTO operators (name) SELECT operator FROM case_events GROUP BY operator ORDER BY min(id);
      INSERT INTO rule_lists (stages, authorized) SELECT stages, authorized FROM cases GROUP BY stages, authorized ORDER BY min(id);
    `);

    // The indexes as they stand (migrations 4–14), built again on the new tables.
    const indexes = db
      .prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('cases', 'case_events', 'evaluations')")
      .pluck()
      .all() as string[];

    db.exec(`
      CREATE TABLE new_cases (
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
        lists_id        INTEGER NOT NULL REFERENCES rule_lists (id),
        promised_days   INTEGER NOT NULL,
        limit_unit      TEXT NOT NULL,
        legal_days      INTEGER,
        legal_unit      TEXT,
        closing_minutes INTEGER NOT NULL,
        combined_id     INTEGER REFERENCES combined_cases (id),
        -- caches, rewritten with every event
        state           TEXT NOT NULL CHECK (state IN ('open', 'paused', 'concluded', 'withdrawn', 'refused', 'voided')),
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
        on_site         INTEGER
      ) STRICT;
      INSERT INTO new_cases (id, number, item_id, window_id, department_id, item_type, applicant, applicant_id, id_type, channel, fee_fen,
                             lists_id, promised_days, limit_unit, legal_days, legal_unit, closing_minutes, combined_id, state, stage, delivered,
                             outcome, accepted_at, accepted_date, refused_date, concluded_at, concluded_date, ended_date, paused_since,
                             deadline, legal_deadline, days_used, on_time, same_day, on_site)
      SELECT c.id, c.number, c.item_id, c.window_id, c.department_id, c.item_type, c.applicant, c.applicant_id, c.id_type, c.channel, c.fee_fen,
             l.id, c.promised_days, c.limit_unit, c.legal_days, c.legal_unit, c.closing_minutes, c.combined_id, c.state, c.stage, c.delivered,
             c.outcome, c.accepted_at, c.accepted_date, c.refused_date, c.concluded_at, c.concluded_date, c.ended_date, c.paused_since,
             c.deadline, c.legal_deadline, c.days_used, c.on_time, c.same_day, c.on_site
        FROM cases c JOIN rule_lists l ON l.stages = c.stages AND l.authorized = c.authorized
       ORDER BY c.id;

      -- The record (SPEC §3.2). at: local wall-clock seconds since 1970 (negative before);
      -- tz: its offset in minutes; the local date and minutes are at's own. cut: the endings
      -- taken off details (1: the import's "imported":true; 2: a rating's own "date").
      CREATE TABLE new_case_events (
        id          INTEGER PRIMARY KEY,
        case_id     INTEGER NOT NULL REFERENCES new_cases (id),
        kind        INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 10),
        at          INTEGER NOT NULL,
        tz          INTEGER NOT NULL,
        operator_id INTEGER NOT NULL REFERENCES operators (id),
        location    INTEGER CHECK (location IN (1, 2)),
        cut         INTEGER NOT NULL DEFAULT 0 CHECK (cut BETWEEN 0 AND 3),
        details     TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      INSERT INTO new_case_events (id, case_id, kind, at, tz, operator_id, location, cut, details)
      SELECT id, case_id, kind, at, tz, operator_id, location,
             imported | (CASE WHEN kind = 2 AND substr(kept, -21) = ',"date":"' || date || '"}' THEN 2 ELSE 0 END),
             CASE WHEN kind = 2 AND substr(kept, -21) = ',"date":"' || date || '"}' THEN substr(kept, 1, length(kept) - 21) || '}' ELSE kept END
        FROM (SELECT e.id, e.case_id, k.code AS kind, ${LOCAL_SECONDS} AS at, ${OFFSET_MINUTES} AS tz, o.id AS operator_id,
                     (SELECT code FROM codes WHERE domain = 'location' AND name = e.location) AS location, e.date,
                     (e.details = '{"imported":true}' OR substr(e.details, -17) = ',"imported":true}') AS imported,
                     CASE WHEN e.details = '{"imported":true}' THEN '{}'
                          WHEN substr(e.details, -17) = ',"imported":true}' THEN substr(e.details, 1, length(e.details) - 17) || '}'
                          ELSE e.details END AS kept
                FROM case_events e
                JOIN codes k ON k.domain = 'event' AND k.name = e.kind
                JOIN operators o ON o.name = e.operator)
       ORDER BY id;

      -- The case's current rating, a cache of its latest rate event (which keeps its time and operator).
      CREATE TABLE new_evaluations (
        case_id       INTEGER PRIMARY KEY REFERENCES new_cases (id),
        level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        comment       TEXT NOT NULL DEFAULT '',
        date          TEXT NOT NULL,
        window_id     INTEGER REFERENCES windows (id),
        department_id INTEGER REFERENCES departments (id),
        item_id       INTEGER REFERENCES items (id),
        item_type     TEXT
      ) STRICT;
      INSERT INTO new_evaluations (case_id, level, comment, date, window_id, department_id, item_id, item_type)
      SELECT case_id, level, comment, date, window_id, department_id, item_id, item_type FROM evaluations ORDER BY case_id;
    `);
    const counts = db
      .prepare(
        `SELECT (SELECT count(*) FROM cases) - (SELECT count(*) FROM new_cases) AS cases,
                (SELECT count(*) FROM case_events) - (SELECT count(*) FROM new_case_events) AS events,
                (SELECT count(*) FROM evaluations) - (SELECT count(*) FROM new_evaluations) AS evaluations`,
      )
      .get() as Record<string, number>;
    // A case whose lists no row matched, an event of an unknown kind or operator: the joins
    // above would have left it out. None can be, after the checks; this makes sure.
    for (const [table, missing] of Object.entries(counts)) {
      if (missing !== 0) throw new MigrationRefused(15, [`${table}: ${missing} rows not converted`]);
    }

    db.exec(`
      DROP TABLE evaluations;
      DROP TABLE case_events;
      DROP TABLE cases;
      ALTER TABLE new_cases RENAME TO cases;
      ALTER TABLE new_case_events RENAME TO case_events;
      ALTER TABLE new_evaluations RENAME TO evaluations;
      CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
        BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
      CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
        BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;

      -- For people at the sqlite3 shell: each event as hall prints it.
      CREATE VIEW case_events_text AS
      SELECT e.id, e.case_id, k.name AS kind,
             strftime('%Y-%m-%dT%H:%M:%S', e.at, 'unixepoch') || CASE WHEN e.tz < 0 THEN '-' ELSE '+' END
               || printf('%02d:%02d', abs(e.tz) / 60, abs(e.tz) % 60) AS at,
             date(e.at, 'unixepoch') AS date, CAST(strftime('%H', e.at, 'unixepoch') AS INTEGER) * 60 + CAST(strftime('%M', e.at, 'unixepoch') AS INTEGER) AS minutes,
             o.name AS operator, l.name AS location,
             CASE WHEN e.cut = 0 THEN e.details
                  ELSE CASE WHEN e.details = '{}' THEN '{' ELSE substr(e.details, 1, length(e.details) - 1) || ',' END
                       || CASE WHEN e.cut & 2 THEN '"date":"' || date(e.at, 'unixepoch') || '"' || CASE WHEN e.cut & 1 THEN ',' ELSE '' END ELSE '' END
                       || CASE WHEN e.cut & 1 THEN '"imported":true' ELSE '' END || '}' END AS details
        FROM case_events e
        JOIN codes k ON k.domain = 'event' AND k.code = e.kind
        JOIN operators o ON o.id = e.operator_id
        LEFT JOIN codes l ON l.domain = 'location' AND l.code = e.location;
    `);
    for (const sql of indexes) db.exec(sql);
  },
};
