/**
 * Issue 24: migrations 15 and 16 keep every figure and every JSON output. The demo center
 * is built, its tables are put back as schema 14 held them (BACK_TO_SCHEMA_14: text times
 * and dates, names, copied lists), and the released steps convert them again; what every
 * command prints must not move by a byte.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACK_TO_SCHEMA_14, freshDb, hall, tempDir } from './helpers.js';

const NOW = { HALL_NOW: '2025-11-03T08:30:00+08:00' };

/** Everything the commands print about the cases, read the same way before and after. */
async function outputs(db: string, numbers: readonly string[]): Promise<Record<string, string>> {
  const printed: Record<string, string> = {};
  const run = async (args: string[]) => {
    const result = await hall(db, args, NOW);
    printed[args.join(' ')] = `${result.code}\n${result.stdout}\n${result.stderr}`;
  };
  for (const number of numbers) await run(['case', 'show', number, '--format', 'json']);
  for (const args of [
    ['report', 'monthly', '--month', '2025-10', '--format', 'json'],
    ['report', 'monthly', '--month', '2025-09', '--format', 'csv'],
    ['report', 'assessment', '--quarter', '2025Q3', '--format', 'json'],
    ['case', 'list', '--all', '--format', 'json'],
    ['case', 'list', '--all', '--status', 'overdue', '--format', 'json'],
    ['case', 'list', '--all', '--from', '2025-10-01', '--to', '2025-10-15', '--format', 'json'],
    ['alerts', '--format', 'json'],
    ['combined', 'list', '--all', '--format', 'json'],
    ['review', 'list', '--all', '--format', 'json'],
  ]) {
    await run(args);
  }
  // The province's CSV export, file by file.
  const out = tempDir();
  const exported = await hall(db, ['export', 'cases', '--out', `${out}/`, '--format', 'csv'], NOW);
  printed['export cases'] = `${exported.code}\n${exported.stdout.replaceAll(out, '<out>')}\n${exported.stderr.replaceAll(out, '<out>')}`;
  for (const month of readdirSync(join(out, 'center=330100')).sort()) {
    printed[`export ${month}`] = readFileSync(join(out, 'center=330100', month, 'cases.csv'), 'utf8');
  }
  return printed;
}

describe('migrations 15 and 16 on the demo center', () => {
  let db: string;
  let numbers: string[];
  beforeAll(async () => {
    db = await freshDb();
    expect((await hall(db, ['init', '--center', '示范市政务服务中心', '--center-code', '330100'], NOW)).code).toBe(0);
    expect((await hall(db, ['demo'], NOW)).code).toBe(0);
    const raw = new BetterSqlite3(db, { readonly: true });
    // Every 7th case, and every part of a 一件事 and every voided or paused one.
    numbers = raw
      .prepare("SELECT number FROM cases_text WHERE id % 7 = 0 OR combined_id IS NOT NULL OR state IN ('voided', 'paused', 'refused') ORDER BY id")
      .pluck()
      .all() as string[];
    raw.close();
  }, 120_000);

  it('print every case, pack, list and export file the same after converting schema 14 again', async () => {
    const before = await outputs(db, numbers);
    const edit = new BetterSqlite3(db);
    edit.exec(`${BACK_TO_SCHEMA_14} PRAGMA user_version = 14;`);
    expect(edit.prepare("SELECT count(*) FROM pragma_table_info('case_events') WHERE name = 'date'").pluck().get()).toBe(1);
    edit.close();
    // The first command converts the tables (15, then 16) and prints as before.
    const after = await outputs(db, numbers);
    const check = new BetterSqlite3(db, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(16);
    check.close();
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const [command, text] of Object.entries(before)) expect(after[command], command).toBe(text);
    expect(numbers.length).toBeGreaterThan(300);
    const doctor = await hall(db, ['doctor', '--all-cases'], NOW);
    expect(doctor.code).toBe(0);
  }, 300_000);
});
