/**
 * The monthly pack's 一件事 figures (SPEC §7.1): `bundles`, `totals.combined`,
 * `catalog.bundles_active` and the table 一件事办理统计表, hand-counted.
 *
 * The 2025 calendar: National Day 1–8 October are holidays, Sunday 28 September and
 * Saturday 11 October are 调休 working days. YJS001 开办企业 promises 1 working day,
 * YJS005 开办餐饮店 7 (legal 20).
 *
 * October 2025, judged at t = 31 October (today 3 November):
 * - J1 YJS005, 29 Sep, every part concluded 9 Oct: due 15 Oct, on time, W(29 Sep, 9 Oct) = 2 days.
 * - J2 YJS001, 9 Oct, parts concluded 13 Oct: due 10 Oct, late, 3 days (10, 11, 13).
 * - J3 YJS005, 9 Oct, withdrawn whole 10 Oct.
 * - J4 YJS005, 20 Oct, a part paused from 21 Oct to today: at t 8 days paused, due far later: not overdue.
 * - J5 YJS001, 27 Oct, due 28 Oct, open at t: overdue, though a part paused on 3 November
 *   (a pause begun after t does not count at t).
 * - J6 YJS001, 28 Oct, voided: counts nowhere.
 * - J7 YJS005, 13 Oct, a part paused (14, 16 Oct]: 2 days, due 24 Oct, open at t: overdue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hall, tempDir } from './helpers.js';

const at = (instant: string) => ({ HALL_NOW: `${instant}+08:00` });
const TODAY = at('2025-11-03T10:00:00');

async function ok(db: string, args: string[], env: Record<string, string>): Promise<string> {
  const result = await hall(db, args, env);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

interface Registered {
  number: string;
  parts: { number: string }[];
}

let db: string;

async function register(bundle: string, applicant: string, when: string): Promise<Registered> {
  return JSON.parse(await ok(db, ['case', 'register', '--bundle', bundle, '--applicant', applicant, '--format', 'json'], at(when)));
}

async function concludeAll(combined: Registered, when: string): Promise<void> {
  for (const part of combined.parts) await ok(db, ['case', 'conclude', part.number, '--outcome', 'approved'], at(when));
}

// One database for the whole file (helpers' temp dirs go after each test).
const home = mkdtempSync(join(tmpdir(), 'hall-bundles-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

beforeAll(async () => {
  db = join(home, 'hall.db');
  await ok(db, ['init', '--center', '测试市政务服务中心'], at('2025-09-01T08:00:00'));
  await ok(db, ['items', 'import', fixture('demo-catalog.csv')], at('2025-09-01T09:00:00'));
  await ok(db, ['bundles', 'import', fixture('bundles.csv')], at('2025-09-01T09:00:00'));
  const j1 = await register('YJS005', '甲餐饮店', '2025-09-29T10:00:00');
  await concludeAll(j1, '2025-10-09T15:00:00');
  const j2 = await register('YJS001', '乙公司', '2025-10-09T09:30:00');
  await concludeAll(j2, '2025-10-13T15:00:00');
  const j3 = await register('YJS005', '丙餐饮店', '2025-10-09T10:00:00');
  await ok(db, ['case', 'withdraw', j3.number, '--reason', '申请人撤回'], at('2025-10-10T09:00:00'));
  const j7 = await register('YJS005', '庚餐饮店', '2025-10-13T09:00:00');
  await ok(db, ['case', 'supplement', j7.parts[1]!.number, '--materials', '平面布局图'], at('2025-10-14T10:00:00'));
  await ok(db, ['case', 'resume', j7.parts[1]!.number], at('2025-10-16T10:00:00'));
  const j4 = await register('YJS005', '丁餐饮店', '2025-10-20T09:00:00');
  await ok(db, ['case', 'supplement', j4.parts[1]!.number, '--materials', '健康证明'], at('2025-10-21T10:00:00'));
  const j5 = await register('YJS001', '戊公司', '2025-10-27T09:00:00');
  const j6 = await register('YJS001', '己公司', '2025-10-28T09:00:00');
  await ok(db, ['case', 'void', j6.number, '--reason', '重复登记'], at('2025-10-28T09:10:00'));
  await ok(db, ['case', 'supplement', j5.parts[0]!.number, '--materials', '章程'], at('2025-11-03T09:00:00'));
});

async function october(extra: string[] = []): Promise<string> {
  return ok(db, ['report', 'monthly', '--month', '2025-10', ...extra], TODAY);
}

describe('the monthly pack of combined cases', () => {
  it('counts each bundle and the total as §6.1 does, a combined case once by its own deadline', async () => {
    const pack = JSON.parse(await october(['--format', 'json']));
    expect(pack.bundles).toEqual([
      {
        code: 'YJS001',
        name: '开办企业一件事',
        lead_department: '市场监督管理局',
        carried_over: 0,
        accepted: 2,
        concluded: 1,
        withdrawn: 0,
        open_at_end: 1,
        on_time: 0,
        overdue: 2,
        used_days: 3,
        rates: { on_time: 0, completion: 0.5 },
        avg_used_days: 3,
      },
      {
        code: 'YJS005',
        name: '开办餐饮店一件事',
        lead_department: '市场监督管理局',
        carried_over: 1,
        accepted: 3,
        concluded: 1,
        withdrawn: 1,
        open_at_end: 2,
        on_time: 1,
        overdue: 1,
        used_days: 2,
        rates: { on_time: 1, completion: 0.25 },
        avg_used_days: 2,
      },
    ]);
    expect(pack.totals.combined).toEqual({
      carried_over: 1,
      accepted: 5,
      concluded: 2,
      withdrawn: 1,
      open_at_end: 3,
      on_time: 1,
      overdue: 3,
      used_days: 5,
      rates: { on_time: 0.5, completion: 2 / 6 },
      avg_used_days: 2.5,
    });
    expect(pack.catalog.bundles_active).toBe(9);
  });

  it('lists only bundles with a figure: September has J1 alone, open at its end and not yet due', async () => {
    const pack = JSON.parse(await ok(db, ['report', 'monthly', '--month', '2025-09', '--format', 'json'], TODAY));
    expect(pack.bundles.map((bundle: { code: string }) => bundle.code)).toEqual(['YJS005']);
    expect(pack.bundles[0]).toMatchObject({
      accepted: 1,
      concluded: 0,
      open_at_end: 1,
      overdue: 0,
      rates: { on_time: null, completion: 0 },
      avg_used_days: null,
    });
  });

  it('judges open cases at today when the month is still running, and a month with none lists none', async () => {
    const midMonth = JSON.parse(await ok(db, ['report', 'monthly', '--month', '2025-10', '--format', 'json'], at('2025-10-16T18:00:00')));
    // Counts by date in the period as for cases (J4, J5 are on file already); judged at 16 October:
    // J2, concluded late on the 13th, is overdue; J7, its pause ended that day, is due on the 24th.
    expect(midMonth.totals.combined).toMatchObject({ accepted: 5, concluded: 2, overdue: 1 });
    const august = JSON.parse(await ok(db, ['report', 'monthly', '--month', '2025-08', '--format', 'json'], TODAY));
    expect(august.bundles).toEqual([]);
    expect(august.totals.combined).toMatchObject({ accepted: 0, rates: { on_time: null, completion: null }, avg_used_days: null });
  });

  it('draws 一件事办理统计表 on screen, in CSV and in the workbook with the same figures', async () => {
    const screen = await october(['--section', 'bundles']);
    expect(screen).toContain('一件事办理统计表');
    expect(screen).toMatch(/│ YJS005 +│ 开办餐饮店一件事 +│ +1 +│ +3 +│ +1 +│/);
    const csv = await october(['--section', 'bundles', '--format', 'csv']);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('一件事编码,一件事名称,牵头部门,上期结转,受理,办结,撤回,期末在办,按时办结,超期,按时办结率,办结率,平均用时,办理用时');
    expect(lines[1]).toBe('YJS001,开办企业一件事,市场监督管理局,0,2,1,0,1,0,2,0.00%,50.00%,3.00,3');
    expect(lines[3]).toBe('合计,,,1,5,2,1,3,1,3,50.00%,33.33%,2.50,5');
    const file = join(tempDir(), 'october.xlsx');
    await october(['--out', file]);
    const sheet = await readSheet(file, '一件事办理统计表');
    const yjs005 = sheet.find((row) => row[0] === 'YJS005')!;
    expect(yjs005.slice(3, 10)).toEqual([1, 3, 1, 1, 2, 1, 1]);
    const english = await october(['--section', 'bundles', '--lang', 'en']);
    expect(english).toContain('combined cases by bundle');
  });
});
