/**
 * `alerts` with 一件事 (SPEC §7.1): combined cases in a group of their own, red when
 * overdue, yellow when due soon; `kind` on every alert in JSON and CSV; `--kind` filters.
 * On a temp database with the demo catalog and the nine bundles of fixtures/bundles.csv.
 *
 * The 2025 calendar these tests count on: National Day 1–8 October are holidays, Sunday
 * 28 September and Saturday 11 October are 调休 working days. The warning threshold is
 * the default 2 working days.
 */
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/app.js';
import { fixture, freshDb, hall } from './helpers.js';

const at = (instant: string) => ({ HALL_NOW: instant });

async function centerDb(): Promise<string> {
  const db = await freshDb();
  for (const args of [
    ['items', 'import', fixture('demo-catalog.csv')],
    ['bundles', 'import', fixture('bundles.csv')],
  ]) {
    const result = await hall(db, args);
    if (result.code !== 0) throw new Error(result.stderr);
  }
  return db;
}

async function ok(db: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await hall(db, args, env);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

async function json(db: string, args: string[], env: Record<string, string> = {}): Promise<ReturnType<typeof JSON.parse>> {
  return JSON.parse(await ok(db, [...args, '--format', 'json'], env));
}

/** Tuesday 14 October 2025, before work: the day every alert below is judged on. */
const OCT14 = at('2025-10-14T09:00:00+08:00');

/**
 * Five combined cases and a lone one, as of 14 October:
 * - J20250929-0001 新生儿出生 (YJS002, 5 working days) accepted Monday 29 September: 30 Sep (1),
 *   9, 10, 11 (调休), 13 October (5) — due 13 October, a working day over: red.
 * - J20250929-0002 the same, but its part 20250929-0006 paused for materials since 10 October:
 *   E(14 Oct) = W(10 Oct, 14 Oct] = 11, 13, 14 = 3, so due 5 + 3 working days on, 16 October,
 *   within the 2 warning days (15, 16): yellow, not red as its twin, its deadline shown as
 *   paused and its days left frozen at the pause (10 Oct to 13 Oct: 11, 13 = 2).
 * - J20250929-0003 开办企业 (YJS001, 1 working day) with its three parts concluded on
 *   30 September: finished, never an alert.
 * - J20251009-0001 新生儿出生 accepted 9 October: 10, 11, 13, 14, 15 — due 15 October,
 *   one working day left: yellow.
 * - J20251013-0001 新生儿出生 accepted 13 October: due 20 October, beyond the warning days.
 * - The lone case 20251013-0004 出生登记 (即办) accepted 13 October, due that day: red.
 */
async function center(): Promise<string> {
  const db = await centerDb();
  const SEP29 = at('2025-09-29T10:00:00+08:00');
  await ok(db, ['case', 'register', '--bundle', 'YJS002', '--applicant', '张三', '--applicant-id', '11010519491231002X'], SEP29);
  await ok(db, ['case', 'register', '--bundle', 'YJS002', '--applicant', '李四'], SEP29);
  await ok(db, ['case', 'register', '--bundle', 'YJS001', '--applicant', '某某公司', '--without', 'GG04001000,GG05001000'], SEP29);
  for (const part of ['20250929-0007', '20250929-0008', '20250929-0009'])
    await ok(db, ['case', 'conclude', part, '--outcome', 'approved'], at('2025-09-30T10:00:00+08:00'));
  await ok(db, ['case', 'supplement', '20250929-0006', '--materials', '照片'], at('2025-10-10T10:00:00+08:00'));
  await ok(db, ['case', 'register', '--bundle', 'YJS002', '--applicant', '王五'], at('2025-10-09T10:00:00+08:00'));
  await ok(db, ['case', 'register', '--bundle', 'YJS002', '--applicant', '赵六'], at('2025-10-13T10:00:00+08:00'));
  await ok(db, ['case', 'register', '--item', 'QR03003000', '--applicant', '钱七'], at('2025-10-13T10:00:00+08:00'));
  return db;
}

type Alert = { kind: string; number: string; level: string };
const caseAlerts = (alerts: { windows: { cases: Alert[] }[] }) => alerts.windows.flatMap((group) => group.cases);
const summary = (list: readonly Alert[]) => list.map((alert) => `${alert.number} ${alert.level}`);

describe('alerts: the 一件事 group', () => {
  it('shows an overdue combined case red and one due soon yellow, with kind combined, after the windows', async () => {
    const db = await center();
    const alerts = await json(db, ['alerts'], OCT14);
    expect(alerts.combined.red).toBe(1);
    expect(alerts.combined.yellow).toBe(2);
    // Most urgent first, as in a window's group.
    expect(summary(alerts.combined.cases)).toEqual(['J20250929-0001 red', 'J20251009-0001 yellow', 'J20250929-0002 yellow']);
    expect(alerts.combined.cases[0]).toEqual({
      kind: 'combined',
      level: 'red',
      number: 'J20250929-0001',
      bundle: 'YJS002',
      bundle_name: '新生儿出生一件事',
      applicant: '张三',
      applicant_id: '110105********002X',
      state: 'open',
      accepted_date: '2025-09-29',
      deadline: '2025-10-13',
      days_left: -1,
      limit_unit: 'workday',
      parts_done: 0,
      parts_total: 3,
      windows: ['B01', 'C02', 'C01'],
    });
    expect(alerts.combined.cases[1]).toMatchObject({ kind: 'combined', deadline: '2025-10-15', days_left: 1, state: 'open' });
    // The case counts stay the cases': the combined group has its own.
    expect(caseAlerts(alerts).every((alert) => alert.kind === 'case')).toBe(true);
    expect(alerts.red + alerts.yellow).toBe(caseAlerts(alerts).length);

    const screen = await ok(db, ['alerts'], OCT14);
    expect(screen).toContain('2025-10-14 一件事：红灯（超期）1 件，黄灯（2 个工作日内到期）2 件');
    const title = screen.indexOf('一件事：红灯 1 件，黄灯 2 件\n');
    expect(title).toBeGreaterThan(screen.lastIndexOf('窗口 '));
    const group = screen.slice(title);
    expect(group).toMatch(/│ 红灯 超期 │ J20250929-0001 │ 新生儿出生一件事 │ 张三 +│ 2025-10-13 │ +超1工作日 │ +0\/3 │/);
    expect(group).toMatch(/│ 黄灯 临期 │ J20250929-0002 │ 新生儿出生一件事 │ 李四 +│ — +│ +剩2工作日 │ +0\/3 │/);
    expect(group).not.toContain('\u001b[');
    // At a terminal the red row is red and the yellow ones yellow, as for cases.
    const colored = (await hall(db, ['alerts'], OCT14, true)).stdout;
    const rowOf = (number: string) => colored.split('\n').find((line) => line.includes(number))!;
    expect(rowOf('J20250929-0001')).toContain('\u001b[31m');
    expect(rowOf('J20251009-0001')).toContain('\u001b[33m');
  });

  it('leaves out a concluded combined case and one not yet due', async () => {
    const db = await center();
    const numbers = (await json(db, ['alerts'], OCT14)).combined.cases.map((alert: Alert) => alert.number);
    expect(numbers).not.toContain('J20250929-0003');
    expect(numbers).not.toContain('J20251013-0001');
    // Its deadline has passed too: it is left out for being finished, not for its date.
    expect(await json(db, ['case', 'show', 'J20250929-0003'], OCT14)).toMatchObject({ state: 'concluded', deadline: '2025-09-30' });
    expect((await ok(db, ['alerts'], OCT14)).includes('J20250929-0003')).toBe(false);
  });

  it('holds a combined case back while a part is paused, and counts the paused days once it resumes', async () => {
    const db = await center();
    const paused = (await json(db, ['alerts'], OCT14)).combined.cases.find((alert: Alert) => alert.number === 'J20250929-0002');
    // Its twin J20250929-0001, never paused, is red the same day.
    expect(paused).toMatchObject({ level: 'yellow', state: 'paused', deadline: null, days_left: 2, parts_done: 0 });
    await ok(db, ['case', 'resume', '20250929-0006'], at('2025-10-14T10:00:00+08:00'));
    // Paused (10 Oct, 14 Oct]: 11, 13, 14 October, so due 8 working days from 29 September: 16 October.
    const resumed = (await json(db, ['alerts'], at('2025-10-15T09:00:00+08:00'))).combined.cases.find((alert: Alert) => alert.number === 'J20250929-0002');
    expect(resumed).toMatchObject({ level: 'yellow', state: 'open', deadline: '2025-10-16', days_left: 1 });
    const over = (await json(db, ['alerts'], at('2025-10-17T09:00:00+08:00'))).combined.cases.find((alert: Alert) => alert.number === 'J20250929-0002');
    expect(over).toMatchObject({ level: 'red', deadline: '2025-10-16', days_left: -1 });
  });

  it('lists a combined case under --window when any of its parts is at that window', async () => {
    const db = await center();
    // 新生儿出生's parts are at B01 (出生登记), C02 (医保参保) and C01 (社保卡).
    for (const window of ['B01', 'C01']) {
      const alerts = await json(db, ['alerts', '--window', window], OCT14);
      expect(summary(alerts.combined.cases), window).toEqual(['J20250929-0001 red', 'J20251009-0001 yellow', 'J20250929-0002 yellow']);
    }
    // 企业设立登记's window has no part of them.
    expect((await json(db, ['alerts', '--window', 'A01'], OCT14)).combined.cases).toEqual([]);
  });

  it('masks the applicant id as case alerts do, unless --show-pii', async () => {
    const db = await center();
    const shown = await json(db, ['alerts', '--kind', 'combined', '--show-pii'], OCT14);
    expect(shown.combined.cases[0].applicant_id).toBe('11010519491231002X');
    expect((await ok(db, ['alerts', '--format', 'csv'], OCT14)).includes('11010519491231002X')).toBe(false);
  });
});

describe('alerts: kind and --kind', () => {
  it('puts kind on every case alert in JSON, the fields otherwise as before', async () => {
    const db = await center();
    const alerts = await json(db, ['alerts'], OCT14);
    const lone = caseAlerts(alerts).find((alert) => alert.number === '20251013-0004');
    expect(lone).toEqual({
      kind: 'case',
      number: '20251013-0004',
      item: 'QR03003000',
      item_name: '出生登记',
      window: 'B01',
      applicant: '钱七',
      applicant_id: null,
      state: 'open',
      accepted_date: '2025-10-13',
      deadline: '2025-10-13',
      limit_unit: 'workday',
      days_left: -1,
      concluded_date: null,
      outcome: null,
      combined: null,
      level: 'red',
    });
    // A part is a case like any other: its own deadline, its own alert, its combined number beside it.
    expect(caseAlerts(alerts).find((alert) => alert.number === '20250929-0001')).toMatchObject({ kind: 'case', level: 'red', combined: 'J20250929-0001' });
  });

  it.each([
    ['combined', 'combined'],
    ['一件事', 'combined'],
    ['case', 'case'],
    ['办件', 'case'],
    ['CASE', 'case'],
  ])('--kind %s lists only %s alerts', async (value, kind) => {
    const db = await center();
    const alerts = await json(db, ['alerts', '--kind', value], OCT14);
    const listed: Alert[] = [...caseAlerts(alerts), ...alerts.combined.cases];
    expect(listed.length).toBeGreaterThan(0);
    expect(new Set(listed.map((alert) => alert.kind))).toEqual(new Set([kind]));
    const screen = await ok(db, ['alerts', '--kind', value], OCT14);
    if (kind === 'combined') {
      expect(alerts).toMatchObject({ red: 0, yellow: 0, windows: [] });
      expect(screen).not.toContain('电子监察');
      expect(screen).toContain('2025-10-14 一件事：红灯（超期）1 件');
    } else {
      expect(alerts.combined).toEqual({ red: 0, yellow: 0, cases: [] });
      expect(screen).not.toContain('一件事');
    }
  });

  it('lists no case or combined alert under --kind review or complaint (test/alerts-oversight.test.ts has theirs)', async () => {
    const db = await center();
    for (const [value, zh, en] of [
      ['review', '差评整改：红灯（超期）0 件', '0 reviews overdue (red)'],
      ['投诉', '投诉工单：红灯（超期）0 件', '0 complaints overdue (red)'],
    ] as const) {
      const alerts = await json(db, ['alerts', '--kind', value], OCT14);
      expect(alerts).toMatchObject({ red: 0, yellow: 0, windows: [], combined: { red: 0, yellow: 0, cases: [] } });
      expect(await ok(db, ['alerts', '--kind', value], OCT14)).toBe(`2025-10-14 ${zh}，黄灯（2 个工作日内到期）0 件\n`);
      expect(await ok(db, ['alerts', '--kind', value, '--lang', 'en'], OCT14)).toBe(`2025-10-14: ${en}, 0 due within 2 working days (yellow)\n`);
    }
    // The window is checked whatever the kind: a typo is not an empty list.
    const typo = await hall(db, ['alerts', '--kind', 'review', '--window', 'W999'], OCT14);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('未知窗口 W999');
  });

  it('refuses an unknown --kind as a usage error naming the value and the allowed ones', async () => {
    const db = await center();
    const zh = await hall(db, ['alerts', '--kind', 'overdue'], OCT14);
    expect(zh.code).toBe(2);
    expect(zh.stdout).toBe('');
    expect(zh.stderr).toBe(
      'hall: 用法错误: --kind 的值"overdue"无效；可用：case、combined、review、complaint、办件、一件事、差评、投诉\n  查看帮助：hall alerts --help\n',
    );
    const en = await hall(db, ['alerts', '--kind', '', '--lang', 'en'], OCT14);
    expect(en.code).toBe(2);
    expect(en.stderr).toBe(
      'hall: usage error: --kind: invalid value ""; allowed: case, combined, review, complaint, 办件, 一件事, 差评, 投诉\n  for help: hall alerts --help\n',
    );
  });
});

describe('alerts: CSV, English and the terminal width', () => {
  it('gives the combined alerts as CSV rows of their own, kind and parts beside the case columns', async () => {
    const db = await center();
    const csv = (await ok(db, ['alerts', '--format', 'csv', '--lang', 'en'], OCT14)).split('\r\n');
    expect(csv[0]).toBe(
      'window,window_name,level,number,item,item_name,applicant,applicant_id,state,accepted_date,deadline,days_left,limit_unit,kind,parts_done,parts_total,id,rating,category,summary,opened',
    );
    expect(csv).toContain('B01,B01,red,20251013-0004,QR03003000,出生登记,钱七,,open,2025-10-13,2025-10-13,-1,workday,case,,,,,,,');
    expect(csv).toContain(
      'B01、C02、C01,,red,J20250929-0001,YJS002,新生儿出生一件事,张三,110105********002X,open,2025-09-29,2025-10-13,-1,workday,combined,0,3,,,,,',
    );
    expect(csv).toContain('B01、C02、C01,,yellow,J20250929-0002,YJS002,新生儿出生一件事,李四,,paused,2025-09-29,,2,workday,combined,0,3,,,,,');
  });

  it('says it in English with --lang en', async () => {
    const db = await center();
    const screen = await ok(db, ['alerts', '--lang', 'en'], OCT14);
    expect(screen).toContain('2025-10-14: 1 combined case overdue (red), 2 due within 2 working days (yellow)');
    expect(screen).toContain('Combined cases: 1 red, 2 yellow\n');
    expect(screen).toMatch(/│ RED overdue +│ J20250929-0001 │ 新生儿出生一件事 │ 张三 +│ 2025-10-13 │ +1 workday over │ +0\/3 │/);
    expect(screen).toMatch(/│ alert +│ number +│ bundle +│ applicant │ deadline +│ +left │ done │/);
  });

  it.each(['zh', 'en'])('fits an 80-column terminal (%s)', async (lang) => {
    const db = await center();
    let out = '';
    const code = await run(['--db', db, 'alerts', '--lang', lang], {
      stdout: { write: (chunk: string) => (out += chunk), isTTY: true, columns: 80 },
      stderr: { write: () => true },
      stdin: process.stdin,
      env: { ...OCT14, HALL_OPERATOR: 'tester' },
    });
    expect(code).toBe(0);
    const plain = stripVTControlCharacters(out);
    expect(plain).toContain('J20250929-0001');
    expect(Math.max(...plain.split('\n').map((line) => stringWidth(line))), plain).toBeLessThanOrEqual(80);
  });
});
