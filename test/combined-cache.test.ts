/**
 * The cached figures of combined cases (一件事, SPEC §7.1): written in the same
 * transaction as every step of a part, moved by a calendar change, filled by migration
 * 11 for combined cases registered before it, and replayed by doctor.
 *
 * YJS005 开办餐饮店 (7 working days, legal 20), registered Thursday 9 October 2025 at
 * 09:30, parts 0001–0004. The 2025 calendar: National Day 1–8 October are holidays,
 * Saturday 11 October is a 调休 working day.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { COMBINED_CACHE_COLUMNS } from '../src/core/combined.js';
import { SCHEMA_VERSION } from '../src/db/migrations.js';
import { BACK_TO_SCHEMA_14, fixture, freshDb, hall } from './helpers.js';

const at = (instant: string) => ({ HALL_NOW: instant });

async function ok(db: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await hall(db, args, env);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

async function restaurant(): Promise<string> {
  const db = await freshDb();
  await ok(db, ['items', 'import', fixture('demo-catalog.csv')]);
  await ok(db, ['bundles', 'import', fixture('bundles.csv')]);
  await ok(db, ['case', 'register', '--bundle', 'YJS005', '--applicant', '某某餐饮店']);
  return db;
}

type Cached = Record<string, string | number | null>;

function cached(path: string, number = 'J20251009-0001'): Cached {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.prepare(`SELECT ${COMBINED_CACHE_COLUMNS.join(', ')} FROM combined_cases WHERE number = ?`).get(number) as Cached;
  } finally {
    db.close();
  }
}

function mergedPauses(path: string): unknown[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.prepare('SELECT * FROM combined_pauses ORDER BY combined_id, seq').all();
  } finally {
    db.close();
  }
}

function write(path: string, sql: string): void {
  const db = new BetterSqlite3(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

describe('the cached figures of a combined case', () => {
  it('follow every step of a part: registered, paused, resumed, concluded part by part', async () => {
    const db = await restaurant();
    // 7 working days from Thursday 9 October: 10, 11 (调休), 13, 14, 15, 16, 17 → Friday 17 October.
    expect(cached(db)).toEqual({
      state: 'open',
      deadline: '2025-10-17',
      concluded_date: null,
      ended_date: null,
      outcome: null,
      days_used: null,
      on_time: null,
    });
    await ok(db, ['case', 'supplement', '20251009-0002', '--materials', '平面布局图'], at('2025-10-10T10:00:00+08:00'));
    expect(cached(db)).toMatchObject({ state: 'paused', deadline: null });
    // Paused (10, 14]: 11 (调休), 13 and 14 October, three working days: the deadline moves to Wednesday 22 October.
    await ok(db, ['case', 'resume', '20251009-0002'], at('2025-10-14T10:00:00+08:00'));
    expect(cached(db)).toMatchObject({ state: 'open', deadline: '2025-10-22' });
    for (const part of ['20251009-0001', '20251009-0002', '20251009-0003']) {
      await ok(db, ['case', 'conclude', part, '--outcome', 'approved'], at('2025-10-20T10:00:00+08:00'));
    }
    expect(cached(db)).toMatchObject({ state: 'open', concluded_date: null });
    await ok(db, ['case', 'conclude', '20251009-0004', '--outcome', 'denied'], at('2025-10-23T16:00:00+08:00'));
    // W(9 Oct, 23 Oct) = 11 working days, less 3 paused: 8 used; 23 October is after the 22nd.
    expect(cached(db)).toEqual({
      state: 'concluded',
      deadline: '2025-10-22',
      concluded_date: '2025-10-23',
      ended_date: '2025-10-23',
      outcome: 'partial',
      days_used: 8,
      on_time: 0,
    });
    const doctor = await hall(db, ['doctor', '--all-cases', '--format', 'json']);
    expect(doctor.code, doctor.stderr).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ combined_checked: 1, stale_combined: 0 });
  });

  it('follow a whole withdrawal and a void', async () => {
    const db = await restaurant();
    await ok(db, ['case', 'withdraw', 'J20251009-0001', '--reason', '申请人撤回'], at('2025-10-10T09:00:00+08:00'));
    expect(cached(db)).toMatchObject({ state: 'withdrawn', ended_date: '2025-10-10', concluded_date: null, outcome: null });
    await ok(db, ['case', 'register', '--bundle', 'YJS005', '--applicant', '另一餐饮店'], at('2025-10-13T09:00:00+08:00'));
    await ok(db, ['case', 'void', 'J20251013-0001', '--reason', '登记错误'], at('2025-10-13T09:10:00+08:00'));
    expect(cached(db, 'J20251013-0001')).toMatchObject({ state: 'voided', deadline: null, ended_date: null });
  });

  it('move with the calendar: a day made a holiday moves the combined deadline', async () => {
    const db = await restaurant();
    await ok(db, ['calendar', 'set', '2025-10-15', 'holiday', '--note', '地方补休']);
    expect(cached(db)).toMatchObject({ state: 'open', deadline: '2025-10-20' });
  });

  it('are checked by doctor, named by the combined number, and rewritten by --fix', async () => {
    const db = await restaurant();
    write(db, "UPDATE combined_cases SET deadline = '2099-01-01', state = 'concluded'");
    // As for a case: by default only what the caches call running is replayed, so a
    // combined case made "concluded" by hand is found by --all-cases.
    const found = await hall(db, ['doctor', '--format', 'json']);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({ combined_checked: 0, stale_combined: 0 });
    const all = await hall(db, ['doctor', '--all-cases', '--format', 'json']);
    expect(all.code).toBe(1);
    const everything = JSON.parse(all.stdout);
    expect(everything).toMatchObject({ combined_checked: 1, stale_combined: 1 });
    expect(everything.stale_columns).toEqual([
      { number: 'J20251009-0001', column: 'state', stored: 'concluded', expected: 'open' },
      { number: 'J20251009-0001', column: 'deadline', stored: '2099-01-01', expected: '2025-10-17' },
    ]);
    const words = await hall(db, ['doctor', '--all-cases']);
    expect(words.stdout).toContain('J20251009-0001');
    expect(words.stdout).toContain('1 件的缓存列与事件不一致');
    const fixed = await hall(db, ['doctor', '--all-cases', '--fix', '--format', 'json']);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ fixed_combined: 1 });
    expect(cached(db)).toMatchObject({ state: 'open', deadline: '2025-10-17' });
    expect((await hall(db, ['doctor', '--all-cases'])).code).toBe(0);
  });

  it('include the merged pauses, which doctor compares and --fix rewrites', async () => {
    const db = await restaurant();
    await ok(db, ['case', 'supplement', '20251009-0002', '--materials', '平面布局图'], at('2025-10-10T10:00:00+08:00'));
    await ok(db, ['case', 'suspend', '20251009-0004', '--reason', '现场检测'], at('2025-10-13T10:00:00+08:00'));
    // Two parts' pauses overlap: one merged pause, still open.
    expect(mergedPauses(db)).toEqual([{ combined_id: 1, seq: 1, from_date: '2025-10-10', to_date: null }]);
    await ok(db, ['case', 'resume', '20251009-0002'], at('2025-10-14T10:00:00+08:00'));
    await ok(db, ['case', 'resume', '20251009-0004'], at('2025-10-16T10:00:00+08:00'));
    expect(mergedPauses(db)).toEqual([{ combined_id: 1, seq: 1, from_date: '2025-10-10', to_date: '2025-10-16' }]);
    write(db, "UPDATE combined_pauses SET to_date = '2025-10-15'");
    const found = await hall(db, ['doctor', '--format', 'json']);
    expect(found.code).toBe(1);
    expect(JSON.parse(found.stdout).stale_columns).toEqual([
      { number: 'J20251009-0001', column: 'pauses', stored: '2025-10-10–2025-10-15', expected: '2025-10-10–2025-10-16' },
    ]);
    expect((await hall(db, ['doctor'])).stdout).toContain('一件事暂停区间（pauses）');
    expect((await hall(db, ['doctor', '--fix'])).code).toBe(0);
    expect(mergedPauses(db)).toEqual([{ combined_id: 1, seq: 1, from_date: '2025-10-10', to_date: '2025-10-16' }]);
  });
});

describe('migration 11', () => {
  /** Takes a database back to version 10: what migrations 15, 13, 12 and 11 added, dropped in that order (14 changed indexes only). */
  function backToVersion10(path: string): void {
    write(
      path,
      `${BACK_TO_SCHEMA_14}
       DROP TABLE frozen_reports; DROP TABLE export_watermarks;
       DROP TABLE reviews; DROP INDEX complaints_open_by_due;
       ALTER TABLE complaints DROP COLUMN category; ALTER TABLE complaints DROP COLUMN due; ALTER TABLE complaints DROP COLUMN due_days;
       DROP INDEX combined_cases_by_ended; DROP INDEX combined_cases_by_concluded; DROP TABLE combined_pauses;
       ${COMBINED_CACHE_COLUMNS.map((column) => `ALTER TABLE combined_cases DROP COLUMN ${column};`).join('\n')}
       PRAGMA user_version = 10;`,
    );
  }

  it('fills the figures of combined cases registered under version 10 as the steps would have', async () => {
    const db = await restaurant();
    await ok(db, ['case', 'supplement', '20251009-0002', '--materials', '平面布局图'], at('2025-10-10T10:00:00+08:00'));
    await ok(db, ['case', 'resume', '20251009-0002'], at('2025-10-14T10:00:00+08:00'));
    await ok(db, ['case', 'register', '--bundle', 'YJS005', '--applicant', '另一餐饮店'], at('2025-10-14T11:00:00+08:00'));
    await ok(db, ['case', 'withdraw', 'J20251014-0001', '--reason', '申请人撤回'], at('2025-10-15T09:00:00+08:00'));
    await ok(db, ['case', 'register', '--bundle', 'YJS005', '--applicant', '第三家'], at('2025-10-15T11:00:00+08:00'));
    await ok(db, ['case', 'suspend', '20251015-0002', '--reason', '现场检测'], at('2025-10-16T11:00:00+08:00'));
    const before = ['J20251009-0001', 'J20251014-0001', 'J20251015-0001'].map((number) => cached(db, number));
    expect(before.map((row) => row.state)).toEqual(['open', 'withdrawn', 'paused']);
    const pausesBefore = mergedPauses(db);
    expect(pausesBefore).toEqual([
      { combined_id: 1, seq: 1, from_date: '2025-10-10', to_date: '2025-10-14' },
      { combined_id: 3, seq: 1, from_date: '2025-10-16', to_date: null },
    ]);
    backToVersion10(db);
    await ok(db, ['case', 'list', '--combined']);
    const reopened = new BetterSqlite3(db, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    reopened.close();
    expect(['J20251009-0001', 'J20251014-0001', 'J20251015-0001'].map((number) => cached(db, number))).toEqual(before);
    expect(mergedPauses(db)).toEqual(pausesBefore);
  });

  it('leaves a combined case whose part cannot be read empty for doctor, instead of refusing to open the database', async () => {
    const db = await restaurant();
    backToVersion10(db);
    // The events are append-only (triggers refuse an UPDATE); an INSERT behind hall's back is not stopped.
    write(
      db,
      `INSERT INTO case_events (case_id, kind, at, date, minutes, operator, location, details)
       SELECT min(id), 'advance', '2025-10-10T11:00:00+08:00', '2025-10-10', 660, 'x', 'window', '{broken' FROM cases`,
    );
    // doctor opens (and so migrates) the database, names the damaged event and lists the combined case as stale.
    const doctor = await hall(db, ['doctor', '--format', 'json']);
    expect(doctor.code).toBe(1);
    const report = JSON.parse(doctor.stdout);
    expect(report.damage[0]).toMatchObject({ table: 'case_events', column: 'details' });
    expect(cached(db)).toMatchObject({ state: null, deadline: null });
  });
});
