/**
 * Who a center is (SPEC §7.4): `init --center-code/--center-level`, shown by init and
 * doctor; the report envelope (kind, schema, center_code, center_level, digest) checked
 * as a county would check it, from the printed JSON alone; report file names led by the
 * code; and --force before a code that frozen reports or exports carry is changed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reportDigest } from '../src/core/canonical.js';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

const NOW = { HALL_NOW: '2025-11-05T09:00:00+08:00' };
const ENVELOPE = ['kind', 'schema', 'center_code', 'center_level'];

async function ok(db: string, args: string[]): Promise<string> {
  const result = await hall(db, args, NOW);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

async function json(db: string, args: string[]): Promise<Record<string, unknown>> {
  return JSON.parse(await ok(db, [...args, '--format', 'json'])) as Record<string, unknown>;
}

/** A center with the catalog and two October cases, one concluded and rated. */
async function center(code?: string): Promise<string> {
  const db = await freshDb();
  await ok(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
  if (code !== undefined) await ok(db, ['init', '--center-code', code]);
  await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '张三'], { HALL_NOW: '2025-10-09T09:00:00+08:00' });
  await hall(db, ['case', 'conclude', '20251009-0001', '--outcome', 'approved'], { HALL_NOW: '2025-10-10T09:00:00+08:00' });
  await hall(db, ['case', 'rate', '20251009-0001', '--level', '5'], { HALL_NOW: '2025-10-10T09:05:00+08:00' });
  await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '李四'], { HALL_NOW: '2025-10-20T09:00:00+08:00' });
  return db;
}

function sql(db: string, statement: string, ...values: unknown[]): void {
  const raw = new BetterSqlite3(db);
  raw.prepare(statement).run(...values);
  raw.close();
}

describe('init --center-code', () => {
  it.each([
    ['330600', 'city', '市'],
    ['330681', 'county', '县'],
    ['330681101', 'town', '乡镇'],
    ['330681101001', 'village', '村'],
  ])('%s is by default a %s, shown by init and doctor', async (code, level, word) => {
    const db = await freshDb();
    const init = await json(db, ['init', '--center-code', code]);
    expect(init).toMatchObject({ center_code: code, center_level: level });
    expect(await ok(db, ['init'])).toContain(`中心代码：${code}（${word}）`);
    expect(await json(db, ['doctor'])).toMatchObject({ center_code: code, center_level: level });
    expect(await ok(db, ['doctor'])).toContain(`中心代码：${code}（${word}）`);
    expect(await ok(db, ['doctor', '--lang', 'en'])).toContain(`center code: ${code} (${level})`);
  });

  it('takes a level in English or Chinese where the length allows it, and re-derives it with a new code', async () => {
    const db = await freshDb();
    expect(await json(db, ['init', '--center-code', '330681', '--center-level', '市'])).toMatchObject({ center_code: '330681', center_level: 'city' });
    expect(await json(db, ['init', '--center-code', '330600', '--center-level', 'County'])).toMatchObject({ center_level: 'county' });
    // A level alone is checked against the stored code.
    expect(await json(db, ['init', '--center-level', 'city'])).toMatchObject({ center_code: '330600', center_level: 'city' });
    // A new code without a level takes the level its length means, not the stored one.
    expect(await json(db, ['init', '--center-code', '330681101'])).toMatchObject({ center_code: '330681101', center_level: 'town' });
    expect(await json(db, ['init', '--center-level', '街道'])).toMatchObject({ center_level: 'town' });
  });

  it('shows a center without a code as such', async () => {
    const db = await freshDb();
    expect(await json(db, ['init'])).toMatchObject({ center_code: null, center_level: null });
    expect(await json(db, ['doctor'])).toMatchObject({ center_code: null, center_level: null });
    expect(await ok(db, ['doctor'])).toContain('中心代码：未设置');
  });

  it.each([
    [['--center-code', '33068'], '--center-code "33068" 无效：行政区划代码应为 6 位（县、市）、9 位（乡镇、街道）或 12 位（村、社区）数字'],
    [['--center-code', 'ZJ0681'], '--center-code "ZJ0681" 无效：行政区划代码应为 6 位'],
    [['--center-code', '3306811011'], '--center-code "3306811011" 无效'],
    [['--center-code', '330681101', '--center-level', 'county'], '--center-level "county" 无效：与 9 位中心代码 330681101 矛盾；9 位代码只能是 乡镇（town）'],
    [
      ['--center-code', '330681', '--center-level', 'village'],
      '--center-level "village" 无效：与 6 位中心代码 330681 矛盾；6 位代码只能是 市（city） 或 县（county）',
    ],
    [['--center-code', '330681', '--center-level', 'province'], '--center-level "province" 无效：应为 市、县、乡镇 或 村（或 city、county、town、village）'],
    [['--center-level', 'town'], '--center-level "town" 无效：需要同时填写 --center-code'],
  ])('refuses init %j, changing nothing', async (flags, message) => {
    const db = await freshDb();
    const before = dump(db);
    const result = await hall(db, ['init', ...flags, '--center', '别的名称']);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(1);
    expect(dump(db)).toBe(before);
  });

  it('names the allowed levels in English', async () => {
    const db = await freshDb();
    const result = await hall(db, ['init', '--center-code', '330681101', '--center-level', 'county', '--lang', 'en']);
    expect(result.stderr).toContain('--center-level "county" is invalid: contradicts the 9-digit center code 330681101; a 9-digit code is town (乡镇)');
  });

  it('refuses a level that contradicts the stored code', async () => {
    const db = await freshDb();
    await ok(db, ['init', '--center-code', '330681101']);
    const before = dump(db);
    const result = await hall(db, ['init', '--center-level', 'city']);
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr).toContain('--center-level "city" 无效：与 9 位中心代码 330681101 矛盾');
    expect(dump(db)).toBe(before);
  });

  it('needs --force to change a code that a frozen report or an export carries, and says why', async () => {
    const db = await freshDb();
    await ok(db, ['init', '--center-code', '330681101']);
    // Frozen by hand: what matters is that a report was sent under the code.
    sql(
      db,
      "INSERT INTO frozen_reports (kind, period_from, period_to, label, json, digest, frozen_at, operator) VALUES ('monthly', '2025-09-01', '2025-09-30', '2025-09', '{}', ?, '2025-10-01T09:00:00+08:00', 'tester')",
      reportDigest({}),
    );
    // The same code again, or a level, changes nothing that was sent.
    expect((await hall(db, ['init', '--center-code', '330681101'], NOW)).code).toBe(0);
    const before = dump(db);
    const refused = await hall(db, ['init', '--center-code', '330681102'], NOW);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      '中心代码已是 330681101，不能直接改为 330681102：1 份冻结的报表带有原代码（已上报的报表和导出目录 center=330681101/ 不会随之更改）；确需更改请加 --force',
    );
    expect(dump(db)).toBe(before);
    sql(db, "INSERT INTO export_watermarks VALUES ('/srv/导出', 'parquet', '330681101', 7, '2025-10-02T09:00:00+08:00')");
    const english = await hall(db, ['init', '--center-code', '330681102', '--lang', 'en'], NOW);
    expect(english.stderr).toContain('1 frozen report and 1 case export directory carry the old code');
    const forced = await json(db, ['init', '--center-code', '330681102', '--force']);
    expect(forced).toMatchObject({ center_code: '330681102', center_level: 'town' });
  });

  it('sets a first code without --force whatever is frozen', async () => {
    const db = await freshDb();
    sql(
      db,
      "INSERT INTO frozen_reports (kind, period_from, period_to, label, json, digest, frozen_at, operator) VALUES ('monthly', '2025-09-01', '2025-09-30', '2025-09', '{}', ?, '2025-10-01T09:00:00+08:00', 'tester')",
      reportDigest({}),
    );
    expect(await json(db, ['init', '--center-code', '330681'])).toMatchObject({ center_code: '330681', center_level: 'county' });
  });

  it('lists a hand-edited code or level as damage, which init --center-code puts right', async () => {
    const db = await freshDb();
    await ok(db, ['init', '--center-code', '330681101']);
    sql(db, "UPDATE settings SET value = 'county' WHERE key = 'center_level'");
    const doctor = await hall(db, ['doctor', '--format', 'json'], NOW);
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.stdout).damage).toEqual([{ table: 'settings', row: 'center_level', column: 'value', value: 'county', reason: 'center_level' }]);
    sql(db, "UPDATE settings SET value = '33O681' WHERE key = 'center_code'");
    const both = await hall(db, ['doctor'], NOW);
    expect(both.stdout).toContain('33O681');
    expect(both.stderr).toContain('不是 6、9 或 12 位数字的行政区划代码');
    // A report cannot say whose it is: refused by name, as any damaged setting is.
    const report = await hall(db, ['report', 'monthly', '--month', '2025-10', '--format', 'json'], NOW);
    expect(report.code).toBe(1);
    expect(report.stderr).toContain('center_code');
    expect(await json(db, ['init', '--center-code', '330681101'])).toMatchObject({ center_code: '330681101', center_level: 'town' });
    expect((await hall(db, ['doctor'], NOW)).code).toBe(0);
  });
});

describe('the report envelope', () => {
  it.each([
    ['monthly', ['report', 'monthly', '--month', '2025-10']],
    ['assessment', ['report', 'assessment', '--month', '2025-10']],
  ])('%s JSON carries kind, schema, the center and a digest a reader recomputes', async (kind, args) => {
    const db = await center('330681101');
    const report = await json(db, args);
    expect(Object.keys(report).slice(0, 4)).toEqual(ENVELOPE);
    expect(Object.keys(report).at(-1)).toBe('digest');
    expect(report).toMatchObject({ kind, schema: 1, center_code: '330681101', center_level: 'town' });
    expect(report.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(report.digest).toBe(reportDigest(report));
    // The same figures give the same digest; any figure edited gives another.
    expect((await json(db, args)).digest).toBe(report.digest);
    const edited = structuredClone(report) as { windows: { code: string }[] };
    (edited.windows[0] as Record<string, unknown>).code = 'W999';
    expect(reportDigest(edited as Record<string, unknown>)).not.toBe(report.digest);
  });

  it('changes the digest when a figure changes, and without a code carries nulls', async () => {
    const db = await center();
    const before = await json(db, ['report', 'monthly', '--month', '2025-10']);
    expect(before).toMatchObject({ kind: 'monthly', schema: 1, center_code: null, center_level: null });
    expect(before.digest).toBe(reportDigest(before));
    await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '王五'], { HALL_NOW: '2025-10-21T09:00:00+08:00' });
    const after = await json(db, ['report', 'monthly', '--month', '2025-10']);
    expect((after.totals as { accepted: number }).accepted).toBe((before.totals as { accepted: number }).accepted + 1);
    expect(after.digest).toBe(reportDigest(after));
    expect(after.digest).not.toBe(before.digest);
    // The code is part of what the digest covers.
    await ok(db, ['init', '--center-code', '330681']);
    const coded = await json(db, ['report', 'monthly', '--month', '2025-10']);
    expect(coded).toMatchObject({ center_code: '330681', center_level: 'county' });
    expect(coded.digest).toBe(reportDigest(coded));
    expect(coded.digest).not.toBe(after.digest);
  });

  it('leaves one section as its rows', async () => {
    const db = await center('330681101');
    const section = JSON.parse(await ok(db, ['report', 'monthly', '--month', '2025-10', '--section', 'windows', '--format', 'json']));
    expect(Array.isArray(section) ? section : Object.keys(section)).not.toContain('digest');
    expect(JSON.stringify(section)).not.toContain('"digest"');
  });
});

describe('report files in --out DIR/', () => {
  it('begin with the center code: JSON, CSV and xlsx; the written JSON carries a valid digest', async () => {
    const db = await center('330681101');
    const out = join(tempDir(), 'inbox');
    await ok(db, ['report', 'monthly', '--month', '2025-10', '--format', 'json', '--out', `${out}/`]);
    await ok(db, ['report', 'assessment', '--month', '2025-10', '--out', `${out}/`]);
    await ok(db, ['report', 'monthly', '--month', '2025-10', '--format', 'csv', '--section', 'windows', '--out', `${out}/`]);
    expect(readdirSync(out).sort()).toEqual([
      '330681101-2025-10-月度统计-窗口办件统计表.csv',
      '330681101-2025-10-月度统计.json',
      '330681101-2025-10-窗口考核.xlsx',
    ]);
    const pack = JSON.parse(readFileSync(join(out, '330681101-2025-10-月度统计.json'), 'utf8'));
    expect(pack).toMatchObject({ kind: 'monthly', center_code: '330681101' });
    expect(pack.digest).toBe(reportDigest(pack));
  });

  it('stay as they were without a code', async () => {
    const db = await center();
    const out = join(tempDir(), 'inbox');
    await ok(db, ['report', 'monthly', '--month', '2025-10', '--format', 'json', '--out', `${out}/`]);
    await ok(db, ['report', 'assessment', '--quarter', '2025Q4', '--out', `${out}/`]);
    expect(readdirSync(out).sort()).toEqual(['2025-10-月度统计.json', '2025Q4-窗口考核.xlsx']);
  });
});
