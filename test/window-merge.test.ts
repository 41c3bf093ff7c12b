/** `window rename`, `dept rename` and `window merge FROM INTO` (SPEC §4): names unique, old codes still answering, past reports read as INTO. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/database.js';
import { MIGRATIONS } from '../src/db/migrations.js';
import { WINDOW_TABLES } from '../src/store/window-merge.js';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

const SEPTEMBER = { HALL_NOW: '2025-09-10T10:00:00+08:00' };
const NOW = { HALL_NOW: '2025-10-15T10:00:00+08:00' };

let db: string;
beforeEach(async () => {
  db = await freshDb();
  // W001 市场监管窗口 (XK10001000 …), W002 出入境窗口 (XK10003000), W003 生态环境窗口, W004 人社窗口.
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
});

async function ok(args: string[], env = NOW) {
  const result = await hall(db, [...args, '--format', 'json'], env);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** Two September cases and an evaluation, a complaint and a record at W002, then W002 merged into W001. */
async function mergedCenter() {
  const first = await ok(['case', 'register', '--item', 'XK10003000', '--applicant', '张三'], SEPTEMBER);
  await ok(['case', 'conclude', first.number, '--outcome', 'approved'], { HALL_NOW: '2025-09-12T10:00:00+08:00' });
  await ok(['case', 'rate', first.number, '--level', '5'], { HALL_NOW: '2025-09-12T11:00:00+08:00' });
  await ok(['case', 'register', '--item', 'XK10001000', '--applicant', '李四', '--window', 'W002'], SEPTEMBER);
  await ok(['complaint', 'add', '--window', 'W002', '--channel', '12345', '--summary', '排队久'], SEPTEMBER);
  await ok(['window', 'record', 'W002', '--kind', 'deduction', '--points', '2', '--reason', '脱岗', '--date', '2025-09-10'], SEPTEMBER);
  const september = await ok(['report', 'monthly', '--month', '2025-09'], NOW);
  return { before: september, merged: await ok(['window', 'merge', 'W002', 'W001']) };
}

describe('window merge', () => {
  it('moves items, cases, evaluations, complaints and records to INTO, says how many, and FROM is gone', async () => {
    const { merged } = await mergedCenter();
    expect(merged).toEqual({
      from: { code: 'W002', name: '出入境窗口' },
      into: { code: 'W001', name: '市场监管窗口' },
      moved: { items: 1, cases: 2, evaluations: 1, complaints: 1, records: 1, reviews: 0 },
      aliases: ['W002'],
    });
    const windows = await ok(['window', 'list']);
    expect(windows.map((window: { code: string }) => window.code)).toEqual(['W001', 'W003', 'W004']);
    const shown = await ok(['window', 'show', 'W001']);
    expect(shown.aliases).toEqual(['W002']);
    expect(shown.item_list.map((item: { code: string }) => item.code)).toContain('XK10003000');
    expect(shown.records).toHaveLength(1);
    expect((await ok(['complaint', 'list']))[0].window).toBe('W001');
  });

  it('prints what moved in Chinese', async () => {
    await ok(['case', 'register', '--item', 'XK10003000', '--applicant', '张三'], SEPTEMBER);
    const result = await hall(db, ['window', 'merge', '出入境窗口', 'W001'], NOW);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('已将窗口 W002（出入境窗口）并入 W001（市场监管窗口）');
    expect(result.stdout).toContain('移入 W001：事项 1 项、办件 1 件、评价 0 条、投诉 0 件、考核记录 0 条');
    expect(result.stdout).toContain('W002 今后仍指向 W001');
  });

  it('lets the old code name INTO in case register, case list, window show and alerts', async () => {
    await mergedCenter();
    const registered = await ok(['case', 'register', '--item', 'XK10001000', '--applicant', '王五', '--window', 'W002']);
    expect(registered.window).toBe('W001');
    const listed = await ok(['case', 'list', '--window', 'W002']);
    expect(listed.map((row: { applicant: string }) => row.applicant).sort()).toEqual(['张三', '李四', '王五']);
    expect(listed.every((row: { window: string }) => row.window === 'W001')).toBe(true);
    expect((await ok(['window', 'show', 'W002'])).code).toBe('W001');
    expect((await hall(db, ['alerts', '--window', 'W002'], NOW)).code).toBe(0);
  });

  it('shows a past month after the merge with FROM’s cases under INTO', async () => {
    const { before } = await mergedCenter();
    const after = await ok(['report', 'monthly', '--month', '2025-09']);
    const row = (report: { windows: { code: string; accepted: number; evaluations: number; complaints: number }[] }, code: string) =>
      report.windows.find((window) => window.code === code);
    expect(row(before, 'W002')?.accepted).toBe(2);
    expect(row(after, 'W002')).toBeUndefined();
    expect(row(after, 'W001')).toMatchObject({ accepted: 2, evaluations: 1, complaints: 1 });
    expect(after.totals.accepted).toBe(before.totals.accepted);
    expect(after.fees.map((fee: { window: string }) => fee.window)).toEqual(['W001']);
  });

  it('leaves doctor’s replay and the database checks agreeing', async () => {
    await mergedCenter();
    const result = await hall(db, ['doctor', '--all-cases', '--full', '--format', 'json'], NOW);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.integrity).toBe('ok');
    expect(report.cases_checked).toBe(2);
    expect(report.windows).toBe(3);
  });

  it('takes the old code in a catalog file and a case-import file, creating no window', async () => {
    await mergedCenter();
    const dir = tempDir();
    const catalog = join(dir, 'catalog.csv');
    writeFileSync(
      catalog,
      '事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限,办件类型,收费标准,进驻窗口\nXK20000001,测试许可,公安局,行政许可,20,5,承诺件,0,W002\n',
    );
    const imported = await ok(['items', 'import', catalog]);
    expect(imported.created_windows).toEqual([]);
    expect((await ok(['items', 'show', 'XK20000001'])).window).toBe('W001');
    const cases = join(dir, 'cases.csv');
    writeFileSync(cases, '办件编号,事项编码,申请人,受理窗口,受理时间\n20250911-0009,XK10001000,赵六,W002,2025-09-11 09:00\n');
    expect((await hall(db, ['cases', 'import', cases], NOW)).code).toBe(0);
    expect((await ok(['case', 'show', '20250911-0009'])).window).toBe('W001');
  });

  it('takes the old name too, as the departments’ catalogs name windows, until another window takes that name', async () => {
    await mergedCenter();
    const dir = tempDir();
    const catalog = join(dir, 'catalog.csv');
    writeFileSync(
      catalog,
      '事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限,办件类型,收费标准,进驻窗口\nXK20000002,测试许可二,公安局,行政许可,20,5,承诺件,0,出入境窗口\n',
    );
    const imported = await ok(['items', 'import', catalog]);
    expect(imported.created_windows).toEqual([]);
    expect((await ok(['items', 'show', 'XK20000002'])).window).toBe('W001');
    expect((await ok(['case', 'register', '--item', 'XK10003000', '--applicant', '王五', '--window', '出入境窗口'])).window).toBe('W001');
    // The merge freed the name: a new window may take it, and then the name is that window's.
    await ok(['window', 'add', 'W009', '--name', '出入境窗口']);
    expect((await ok(['window', 'show', '出入境窗口'])).code).toBe('W009');
  });

  it('passes on the old codes of a window merged again', async () => {
    await ok(['window', 'merge', 'W003', 'W004']);
    const merged = await ok(['window', 'merge', 'W004', 'W001']);
    expect(merged.aliases).toEqual(['W003', 'W004']);
    expect((await ok(['window', 'show', 'W003'])).code).toBe('W001');
  });

  it('refuses FROM = INTO (also by name or old code), unknown windows and a retired code, changing nothing', async () => {
    await ok(['window', 'merge', 'W003', 'W004']);
    const refusals: [string[], string][] = [
      [['window', 'merge', 'W001', 'W001'], '"W001"与"W001"是同一个窗口（W001），不能并入自身'],
      [['window', 'merge', '市场监管窗口', 'W001'], '是同一个窗口（W001）'],
      [['window', 'merge', 'W003', 'W004'], '"W003"与"W004"是同一个窗口（W004），不能并入自身'],
      [['window', 'merge', 'W999', 'W001'], '未知窗口 W999'],
      [['window', 'merge', 'W001', 'W999'], '未知窗口 W999'],
      [['window', 'add', 'W003', '--name', '新窗口'], '窗口编码 W003 已随合并并入窗口 W004'],
    ];
    for (const [args, says] of refusals) {
      const before = dump(db);
      const result = await hall(db, args, NOW);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toContain(says);
      expect(dump(db)).toBe(before);
    }
  });

  it('covers every table that names a window', () => {
    const raw = new BetterSqlite3(db, { readonly: true });
    const referring = raw
      .prepare(
        `SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f
          WHERE m.type = 'table' AND f."table" = 'windows' AND m.name <> 'window_aliases' ORDER BY m.name`,
      )
      .pluck()
      .all();
    raw.close();
    expect(referring).toEqual(Object.values(WINDOW_TABLES).sort());
  });
});

describe('window rename and dept rename', () => {
  it('renames a window: the new name finds it, the old one no longer does', async () => {
    const renamed = await ok(['window', 'rename', 'W002', '--name', '公安综合窗口']);
    expect(renamed).toEqual({ code: 'W002', old_name: '出入境窗口', name: '公安综合窗口' });
    expect((await ok(['case', 'register', '--item', 'XK10003000', '--applicant', '张三', '--window', '公安综合窗口'])).window).toBe('W002');
    const old = await hall(db, ['window', 'show', '出入境窗口'], NOW);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('未知窗口 出入境窗口');
    const same = await hall(db, ['window', 'rename', 'W002', '--name', '公安综合窗口'], NOW);
    expect(same.stdout).toContain('未作改动');
  });

  it('refuses a window name another window has, in add and rename, naming that window', async () => {
    for (const args of [
      ['window', 'rename', 'W003', '--name', '出入境窗口'],
      ['window', 'add', 'W009', '--name', '出入境窗口'],
      ['window', 'add', 'W009', '--name', ' 出入境窗口 '],
    ]) {
      const before = dump(db);
      const result = await hall(db, args, NOW);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('窗口 W002 已名为"出入境窗口"；窗口名称不能重复');
      expect(dump(db)).toBe(before);
    }
    const english = await hall(db, ['window', 'add', 'W009', '--name', '出入境窗口', '--lang', 'en'], NOW);
    expect(english.stderr).toContain('window W002 is already named "出入境窗口"; window names are unique');
  });

  it('renames a department by its name or the start of it; a name taken is refused', async () => {
    const renamed = await ok(['dept', 'rename', '公安', '--name', '公安分局']);
    expect(renamed).toEqual({ old_name: '公安局', name: '公安分局' });
    expect((await ok(['items', 'list', '--dept', '公安分局'])).map((item: { code: string }) => item.code)).toContain('XK10003000');
    expect((await ok(['window', 'show', 'W002'])).department).toBe('公安分局');
    const before = dump(db);
    const taken = await hall(db, ['dept', 'rename', '公安分局', '--name', '人社局'], NOW);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('部门"人社局"已存在');
    const unknown = await hall(db, ['dept', 'rename', '税务局', '--name', '税务分局'], NOW);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('未知部门"税务局"');
    expect(dump(db)).toBe(before);
  });
});

describe('a database that already holds two windows of one name', () => {
  /** A database at the version before window names became unique, with 综合窗口 twice. */
  function olderWithTwins(): string {
    const path = join(tempDir(), 'old.db');
    const raw = new BetterSqlite3(path);
    migrate(
      raw,
      path,
      MIGRATIONS.filter((migration) => migration.version < 8),
    );
    raw.exec(`
      INSERT INTO departments (name, created_at) VALUES ('公安局', '2025-01-01');
      INSERT INTO windows (code, name, department_id, created_at) VALUES ('W001', '综合窗口', NULL, '2025-01-01'),
        ('W002', '综合窗口', 1, '2025-01-02'), ('W003', '出入境窗口', 1, '2025-01-03');
    `);
    raw.close();
    return path;
  }

  it('keeps the name on the first window, appends the code to the later one, and the import no longer has two to choose from', async () => {
    db = olderWithTwins();
    const windows = await ok(['window', 'list']);
    expect(windows.map((window: { code: string; name: string }) => [window.code, window.name])).toEqual([
      ['W001', '综合窗口'],
      ['W002', '综合窗口（W002）'],
      ['W003', '出入境窗口'],
    ]);
    expect((await ok(['window', 'show', '综合窗口'])).code).toBe('W001');
    const catalog = join(tempDir(), 'catalog.csv');
    writeFileSync(
      catalog,
      '事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限,办件类型,收费标准,进驻窗口\n' +
        'XK20000001,测试许可,公安局,行政许可,20,5,承诺件,0,综合窗口\nXK20000002,测试许可二,公安局,行政许可,20,5,承诺件,0,综合窗口（W002）\n',
    );
    expect((await ok(['items', 'import', catalog])).created_windows).toEqual([]);
    expect((await ok(['items', 'show', 'XK20000001'])).window).toBe('W001');
    expect((await ok(['items', 'show', 'XK20000002'])).window).toBe('W002');
    const twin = await hall(db, ['window', 'rename', 'W002', '--name', '综合窗口'], NOW);
    expect(twin.code).toBe(1);
    expect(twin.stderr).toContain('窗口 W001 已名为"综合窗口"');
  });
});
