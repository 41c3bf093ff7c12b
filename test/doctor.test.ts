/** `hall doctor`: integrity (quick and full), WAL size, next year's calendar, and case caches against their events, with --fix. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadCalendar } from '../src/store/calendar.js';
import { checkCaseCaches } from '../src/store/health.js';
import { dump, fixture, freshDb, hall } from './helpers.js';

let db: string;
beforeEach(async () => {
  db = await freshDb();
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
});

const NOW = { HALL_NOW: '2025-10-20T10:00:00+08:00' };

async function register(item: string, at: string, ...flags: string[]): Promise<string> {
  const result = await hall(db, ['case', 'register', '--item', item, '--applicant', '张三', '--format', 'json', ...flags], { HALL_NOW: at });
  if (result.code !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout).number as string;
}

/** Edits the file behind hall's back, as a person with sqlite3 might. */
/** A date as the case tables store it (migration 16): its day number. */
const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

function editCase(number: string, assignment: string): void {
  const raw = new BetterSqlite3(db);
  raw.prepare(`UPDATE cases SET ${assignment} WHERE number = ?`).run(number);
  raw.close();
}

async function doctorJson(...flags: string[]) {
  const result = await hall(db, ['doctor', '--format', 'json', ...flags], NOW);
  return { ...result, report: JSON.parse(result.stdout) };
}

describe('doctor on a healthy database', () => {
  it('reports the quick check, the WAL size and every running case agreeing with its events, and exits 0', async () => {
    await register('XK10001000', '2025-09-30T10:00:00+08:00');
    await register('QT10002000', '2025-10-09T10:00:00+08:00', '--conclude', 'approved');
    const { code, report, stderr } = await doctorJson();
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(report).toMatchObject({
      integrity: 'ok',
      integrity_check: 'quick',
      cases_scope: 'running',
      cases_checked: 1,
      stale_cases: 0,
      stale_columns: [],
      fixed_cases: 0,
    });
    expect(typeof report.wal_bytes).toBe('number');
    expect((await doctorJson('--all-cases')).report).toMatchObject({ cases_scope: 'all', cases_checked: 2, stale_cases: 0 });
    const table = await hall(db, ['doctor'], NOW);
    expect(table.stdout).toContain('快速完整性检查（quick_check）：通过');
    expect(table.stdout).toContain('按事件重算在办（办理中、暂停）办件 1 件：缓存列全部一致');
  });

  it('reports the size of the WAL file that another connection holds open', async () => {
    const writer = new BetterSqlite3(db);
    try {
      // Without checkpoints the writes stay in the WAL while this connection is open.
      writer.pragma('wal_autocheckpoint = 0');
      writer.exec(`CREATE TABLE scratch (x);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO scratch SELECT hex(randomblob(500)) FROM n`);
      const { report } = await doctorJson();
      const size = statSync(`${db}-wal`).size;
      expect(size).toBeGreaterThan(1_000_000);
      expect(report.wal_bytes).toBe(size);
      const table = await hall(db, ['doctor'], NOW);
      expect(table.stdout).toContain(`WAL 文件：${size} 字节（${(size / 1_000_000).toFixed(1)} MB）`);
    } finally {
      writer.close();
    }
  });

  it('runs the full integrity_check with --full: an index that no longer matches its table passes the quick check only', async () => {
    const raw = new BetterSqlite3(db);
    raw.unsafeMode(true);
    raw.pragma('writable_schema = ON');
    // The index keeps its entries by name, while the schema now says it indexes the code.
    raw.prepare("UPDATE sqlite_master SET sql = 'CREATE INDEX windows_by_name ON windows (code)' WHERE name = 'windows_by_name'").run();
    raw.pragma('writable_schema = OFF');
    raw.close();
    expect((await hall(db, ['doctor'], NOW)).code).toBe(0);
    const full = await hall(db, ['doctor', '--full'], NOW);
    expect(full.code).toBe(3);
    expect(full.stderr).toMatch(/^hall: 错误: 数据库 .* 完整性检查失败：row \d+ missing from index windows_by_name/);
    expect(full.stdout).toBe('');
  });
});

describe('doctor and the next year of the calendar', () => {
  it('warns from November 1 on that next year’s schedule is missing, in both languages', async () => {
    const raw = new BetterSqlite3(db);
    raw.prepare('DELETE FROM calendar_years WHERE year = 2026').run();
    raw.close();
    const october = await hall(db, ['doctor'], { HALL_NOW: '2025-10-31T10:00:00+08:00' });
    expect(october).toMatchObject({ code: 0, stderr: '' });
    const november = await hall(db, ['doctor'], { HALL_NOW: '2025-11-01T08:00:00+08:00' });
    expect(november.code).toBe(0);
    expect(november.stderr).toBe('hall: 警告: 2026 年节假日安排尚未导入；国务院办公厅通常在 11 月公布，请用 hall calendar import 导入\n');
    const english = await hall(db, ['--lang', 'en', 'doctor'], { HALL_NOW: '2025-12-31T08:00:00+08:00' });
    expect(english.stderr).toBe(
      "hall: warning: the 2026 holiday schedule is not imported yet; the State Council's General Office usually publishes it in November: import it with hall calendar import\n",
    );
  });
});

describe('doctor and the cached columns of cases', () => {
  it('finds a running case whose deadline was edited, changes nothing, then --fix recomputes it and doctor is clean again', async () => {
    const number = await register('XK10001000', '2025-09-30T10:00:00+08:00');
    editCase(number, `deadline = ${day('2025-12-31')}`);
    const before = dump(db);

    const found = await hall(db, ['doctor'], NOW);
    expect(found.code).toBe(1);
    expect(found.stdout).toContain('按事件重算在办（办理中、暂停）办件 1 件：1 件的缓存列与事件不一致');
    expect(found.stdout).toMatch(new RegExp(`│ ${number} │ 承诺期限（deadline） +│ 2025-12-31 │ 2025-10-14 +│`));
    expect(found.stderr).toContain('hall: 错误: 1 件办件的缓存列与其事件记录不一致（见上文），未作任何改动；hall doctor --fix 按事件重新计算\n');
    expect(dump(db)).toBe(before);

    const json = await doctorJson();
    expect(json.code).toBe(1);
    expect(json.report).toMatchObject({
      stale_cases: 1,
      stale_columns: [{ number, column: 'deadline', stored: '2025-12-31', expected: '2025-10-14' }],
      fixed_cases: 0,
    });
    expect(dump(db)).toBe(before);

    const fixed = await hall(db, ['doctor', '--fix'], NOW);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toBe('');
    expect(fixed.stdout).toContain('1 件的缓存列与事件不一致，已重新计算并保存');
    expect(fixed.stdout).toContain(number);
    expect(dump(db)).not.toBe(before);

    const again = await doctorJson();
    expect(again.code).toBe(0);
    expect(again.report).toMatchObject({ stale_cases: 0, fixed_cases: 0 });
    const shown = JSON.parse((await hall(db, ['case', 'show', number, '--format', 'json'], NOW)).stdout);
    expect(shown.deadline).toBe('2025-10-14');
  });

  it('checks finished cases with --all-cases only, and fixes every column that disagrees', async () => {
    const running = await register('XK10001000', '2025-09-30T10:00:00+08:00');
    const finished = await register('QT10002000', '2025-10-09T10:00:00+08:00', '--conclude', 'approved');
    // state 1: concluded (codes 'state').
    editCase(finished, 'on_time = 0, days_used = 7, state = 1');

    expect((await hall(db, ['doctor'], NOW)).code).toBe(0);

    const found = await doctorJson('--all-cases');
    expect(found.code).toBe(1);
    expect(found.report.cases_checked).toBe(2);
    expect(found.report.stale_cases).toBe(1);
    expect(found.report.stale_columns).toEqual([
      { number: finished, column: 'days_used', stored: 7, expected: 0 },
      { number: finished, column: 'on_time', stored: 0, expected: 1 },
    ]);
    expect(found.report.stale_columns.map((row: { number: string }) => row.number)).not.toContain(running);
    expect(found.stderr).toContain('hall doctor --all-cases --fix');

    const english = await hall(db, ['--lang', 'en', 'doctor', '--all-cases'], NOW);
    expect(english.stdout).toContain('replayed all 2 cases from their events: 1 disagree with their cached columns');
    expect(english.stderr).toBe(
      'hall: error: 1 case(s) have cached columns that disagree with their events (listed above); nothing was changed; hall doctor --all-cases --fix recomputes them from the events\n',
    );

    const fixed = await doctorJson('--all-cases', '--fix');
    expect(fixed.code).toBe(0);
    expect(fixed.report).toMatchObject({ stale_cases: 1, fixed_cases: 1 });
    expect(await doctorJson('--all-cases')).toMatchObject({ code: 0, report: { stale_cases: 0 } });
  });

  it('counts every stale case, lists the first ones only, and --fix repairs every one', async () => {
    for (let index = 0; index < 3; index++) await register('XK10001000', '2025-09-30T10:00:00+08:00');
    const raw = new BetterSqlite3(db);
    raw.prepare('UPDATE cases SET legal_deadline = ?').run(day('2030-01-01'));
    const check = checkCaseCaches(raw, loadCalendar(raw), undefined, 2);
    expect(check.staleCaseIds).toHaveLength(3);
    expect(check.disagreements.map((row) => row.number)).toEqual(['20250930-0001', '20250930-0002']);
    raw.close();
    const found = await doctorJson();
    expect(found.report.stale_cases).toBe(3);
    const fixed = await doctorJson('--fix');
    expect(fixed.report.fixed_cases).toBe(3);
    const after = new BetterSqlite3(db, { readonly: true });
    expect(after.prepare('SELECT DISTINCT legal_deadline FROM cases_text').pluck().all()).toEqual(['2025-11-04']);
    after.close();
  });

  it('lists the first 100 stale cases in the table and says how many there are', async () => {
    const first = await register('XK10001000', '2025-09-30T10:00:00+08:00');
    const raw = new BetterSqlite3(db);
    // 100 more copies of the case and its events, each with a wrong deadline.
    raw.exec('CREATE TEMP TABLE copy AS SELECT * FROM cases; CREATE TEMP TABLE copy_events AS SELECT * FROM case_events');
    for (let index = 2; index <= 101; index++) {
      raw.exec(`UPDATE copy SET id = ${index}, number = '20250930-${String(index).padStart(4, '0')}'; UPDATE copy_events SET id = NULL, case_id = ${index}`);
      raw.exec('INSERT INTO cases SELECT * FROM copy; INSERT INTO case_events SELECT * FROM copy_events');
    }
    raw.prepare('UPDATE cases SET deadline = ?').run(day('2025-12-31'));
    raw.close();
    const found = await hall(db, ['doctor'], NOW);
    expect(found.code).toBe(1);
    expect(found.stdout).toContain(first);
    expect(found.stdout).toContain('20250930-0100');
    expect(found.stdout).not.toContain('20250930-0101');
    expect(found.stdout).toContain('仅列出前 100 件，共 101 件');
    expect((await hall(db, ['--lang', 'en', 'doctor'], NOW)).stdout).toContain('the first 100 of 101 cases');
  });

  it('on a corrupt file exits 3 and --fix writes nothing', async () => {
    const raw = new BetterSqlite3(db);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const bytes = readFileSync(db);
    bytes.fill(0xa5, 4096, bytes.length);
    writeFileSync(db, bytes);
    const result = await hall(db, ['doctor', '--fix'], NOW);
    expect(result.code).toBe(3);
    // Buffer.equals: a deep comparison of every byte would take the test runner most of a minute.
    expect(readFileSync(db).equals(bytes)).toBe(true);
  });
});
