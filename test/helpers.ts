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
