/** Shared test helpers: temp databases, an in-process `hall`, and a logical dump for "unchanged" checks. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach } from 'vitest';
import { run } from '../src/cli/app.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'fixtures');
export const SHARED = resolve(ROOT, '..', 'shared');
export const fixture = (name: string) => join(FIXTURES, name);

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hall-test-'));
  dirs.push(dir);
  return dir;
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture {
  text = '';
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** Runs hall in-process (a fresh commander program every call) against `db`. */
export async function hall(db: string | null, args: string[], env: Record<string, string> = {}, tty = false, stdinTTY = false): Promise<Result> {
  const stdout = new Capture(tty);
  const stderr = new Capture(tty);
  const argv = db === null ? args : ['--db', db, ...args];
  const code = await run(argv, {
    stdout,
    stderr,
    stdin: stdinTTY ? (Object.assign(Object.create(process.stdin), { isTTY: true }) as typeof process.stdin) : process.stdin,
    env: { HALL_OPERATOR: 'tester', HALL_NOW: '2025-10-09T09:30:00+08:00', ...env },
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A fresh initialised database in a temp directory. */
export async function freshDb(): Promise<string> {
  const db = join(tempDir(), 'hall.db');
  const result = await hall(db, ['init', '--center', '测试市政务服务中心']);
  if (result.code !== 0) throw new Error(result.stderr);
  return db;
}

/** Every row of every table, for asserting that a refused command changed nothing. */
export function dump(path: string): string {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    // WITHOUT ROWID tables (item_versions) have no rowid to order by; their key leads.
    const withoutRowid = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%'").pluck().all() as string[]);
    const out: Record<string, unknown> = { user_version: db.pragma('user_version', { simple: true }) };
    for (const table of tables) {
      // The ordinal table is derived from calendar_days and holds ~90k rows: a fingerprint
      // catches any change to it without serialising every row on each "unchanged" check.
      out[table] =
        table === 'calendar_ordinals'
          ? db.prepare('SELECT count(*) AS n, sum(working * day), sum(ordinal % 1000003) FROM calendar_ordinals').get()
          : db.prepare(`SELECT * FROM "${table}" ORDER BY ${withoutRowid.has(table) ? '1, 2' : 'rowid'}`).all();
    }
    return JSON.stringify(out);
  } finally {
    db.close();
  }
}

/**
 * Puts migration 16's and 15's tables back as migration 14 left them — the events with their text
 * times, dates, minutes and operators, the cases with their copied lists, first and last
 * event times, the evaluations with their time and operator — for a test that winds a
 * database back to an older version and lets the released steps run again over it.
 * `db` is a connection with nothing else open on the file.
 */
export const BACK_TO_SCHEMA_14 = `
  PRAGMA foreign_keys = OFF;
  -- Migration 16 undone: the cases, pauses and evaluations with text dates, times and names.
  CREATE TEMP TABLE cases_15 AS SELECT * FROM cases_text;
  CREATE TEMP TABLE pauses_15 AS SELECT * FROM case_pauses_text;
  CREATE TEMP TABLE evaluations_15 AS SELECT * FROM evaluations_text;
  DROP VIEW cases_text;
  DROP VIEW case_pauses_text;
  DROP VIEW evaluations_text;
  DROP TABLE cases;
  DROP TABLE case_pauses;
  DROP TABLE evaluations;
  CREATE TABLE cases (
    id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, item_id INTEGER NOT NULL REFERENCES items (id), window_id INTEGER REFERENCES windows (id),
    department_id INTEGER NOT NULL REFERENCES departments (id), item_type TEXT NOT NULL, applicant TEXT NOT NULL, applicant_id TEXT,
    id_type TEXT CHECK (id_type IN ('resident', 'credit', 'other')), channel TEXT NOT NULL, fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (fee_fen >= 0),
    lists_id INTEGER NOT NULL REFERENCES rule_lists (id), promised_days INTEGER NOT NULL, limit_unit TEXT NOT NULL, legal_days INTEGER, legal_unit TEXT,
    closing_minutes INTEGER NOT NULL, combined_id INTEGER REFERENCES combined_cases (id),
    state TEXT NOT NULL CHECK (state IN ('open', 'paused', 'concluded', 'withdrawn', 'refused', 'voided')), stage TEXT,
    delivered INTEGER NOT NULL DEFAULT 0, outcome TEXT CHECK (outcome IN ('approved', 'denied')), accepted_at TEXT, accepted_date TEXT,
    refused_date TEXT, concluded_at TEXT, concluded_date TEXT, ended_date TEXT, paused_since TEXT, deadline TEXT, legal_deadline TEXT,
    days_used INTEGER, on_time INTEGER, same_day INTEGER, on_site INTEGER
  ) STRICT;
  INSERT INTO cases SELECT * FROM temp.cases_15;
  CREATE TABLE case_pauses (
    case_id INTEGER NOT NULL REFERENCES cases (id), seq INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('supplement', 'special')),
    reason TEXT NOT NULL, from_date TEXT NOT NULL, to_date TEXT, PRIMARY KEY (case_id, seq)
  ) STRICT;
  INSERT INTO case_pauses SELECT * FROM temp.pauses_15;
  CREATE TABLE evaluations (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id), level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5), comment TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL, window_id INTEGER REFERENCES windows (id), department_id INTEGER REFERENCES departments (id),
    item_id INTEGER REFERENCES items (id), item_type TEXT
  ) STRICT;
  INSERT INTO evaluations SELECT * FROM temp.evaluations_15;
  DELETE FROM codes WHERE domain NOT IN ('event', 'location');
  -- Migration 15 undone.
  CREATE TEMP TABLE events_14 AS SELECT id, case_id, kind, at, date, minutes, operator, location, details FROM case_events_text;
  DROP VIEW case_events_text;
  DROP TABLE case_events;
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
  INSERT INTO case_events SELECT * FROM temp.events_14;
  CREATE INDEX case_events_by_case ON case_events (case_id, id);
  CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
  CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
  ALTER TABLE cases ADD COLUMN stages TEXT;
  ALTER TABLE cases ADD COLUMN authorized TEXT;
  ALTER TABLE cases ADD COLUMN created_at TEXT;
  ALTER TABLE cases ADD COLUMN last_event_at TEXT;
  UPDATE cases SET stages = (SELECT stages FROM rule_lists WHERE id = lists_id), authorized = (SELECT authorized FROM rule_lists WHERE id = lists_id),
    created_at = (SELECT at FROM case_events e WHERE e.case_id = cases.id ORDER BY e.id LIMIT 1),
    last_event_at = (SELECT at FROM case_events e WHERE e.case_id = cases.id ORDER BY e.id DESC LIMIT 1);
  ALTER TABLE evaluations ADD COLUMN at TEXT;
  ALTER TABLE evaluations ADD COLUMN operator TEXT;
  UPDATE evaluations SET at = (SELECT at FROM case_events e WHERE e.case_id = evaluations.case_id AND e.kind = 'rate' ORDER BY e.id DESC LIMIT 1),
    operator = (SELECT operator FROM case_events e WHERE e.case_id = evaluations.case_id AND e.kind = 'rate' ORDER BY e.id DESC LIMIT 1);
  DROP TABLE rule_lists;
  DROP TABLE operators;
  DROP TABLE codes;
  PRAGMA foreign_keys = ON;
`;
