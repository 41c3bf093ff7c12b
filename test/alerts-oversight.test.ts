/**
 * `alerts` with reviews (差评整改, SPEC §7.2) and complaints (投诉工单, §7.3): open ones
 * red when overdue, yellow when due within the warning days, in tables of their own
 * under each window's cases; `kind` on each in JSON and CSV; `--kind` and `--window`.
 * Every row is made through hall (`case rate`, `review`, `complaint add`), dated with HALL_NOW.
 *
 * The 2025 calendar these tests count on: National Day 1–8 October are holidays, Sunday
 * 28 September and Saturday 11 October are 调休 working days. review_days is the default
 * 5, complaint days the defaults (咨询 2, 投诉 15), the warning threshold 2 working days.
 */
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/app.js';
import { fixture, freshDb, hall } from './helpers.js';

const at = (instant: string) => ({ HALL_NOW: instant });

async function ok(db: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await hall(db, args, env);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

async function json(db: string, args: string[], env: Record<string, string> = {}): Promise<ReturnType<typeof JSON.parse>> {
  return JSON.parse(await ok(db, [...args, '--format', 'json'], env));
}

/** Tuesday 14 October 2025, before work: the day the alerts below are judged on. */
const OCT14 = at('2025-10-14T09:00:00+08:00');

/** A 出生登记 (即办件, window B01) concluded when accepted and rated `level` the same day: its number. */
async function rated(db: string, day: string, applicant: string, level: number): Promise<string> {
  const env = at(`${day}T10:00:00+08:00`);
  const { number } = await json(db, ['case', 'register', '--item', 'QR03003000', '--applicant', applicant, '--conclude', 'approved'], env);
  await ok(db, ['case', 'rate', number, '--level', String(level)], env);
  return number;
}

/**
 * As of 14 October (review_days 5, so due = the 5th working day after it opened):
 * - review 1, case 20250926-0001 rated 1 on Friday 26 September: 28 Sep (调休), 29, 30, then
 *   9 and 10 October after the holidays — due 10 October; 11 (调休), 13, 14 over: red, 超3.
 * - review 2, rated 2 on 9 October: 10, 11 (the 调休 Saturday), 13, 14, 15 — due 15 October;
 *   rectified on 13 October: absent.
 * - review 3, rated 1 on 9 October, found 误评 (invalid) on 13 October: absent.
 * - review 4, rated 1 on 9 October, due 15 October like review 2 and still open: yellow, 剩1.
 * - review 5, rated 2 on 13 October: due 20 October, beyond the warning days (15, 16): absent.
 * - review 6, rated 2 on Tuesday 30 September: 9, 10, 11, 13, 14 — due today: yellow, 剩0.
 * Complaints (咨询 2 working days, 投诉 15):
 * - 1: 咨询 at B01 received 9 October: 10, 11 (调休) — due Saturday 11 October; 13, 14 over: red, 超2.
 * - 2: 投诉 at A01 received Friday 19 September: 22–26, 28 (调休), 29, 30, 9, 10, 11, 13, 14, 15, 16
 *   — due 16 October: yellow, 剩2.
 * - 3: the same as 2, closed on 13 October: absent.
 * - 4: 咨询 at B01 received 13 October: due 15 October: yellow, 剩1.
 * And one open case, 20251013-0001 出生登记 at B01 accepted 13 October, due that day: red,
 * so that window B01 has all three tables.
 */
async function center(): Promise<string> {
  const db = await freshDb();
  const imported = await hall(db, ['items', 'import', fixture('demo-catalog.csv')]);
  if (imported.code !== 0) throw new Error(imported.stderr);
  await rated(db, '2025-09-26', '甲', 1);
  await rated(db, '2025-10-09', '乙', 2);
  await rated(db, '2025-10-09', '丙', 1);
  await rated(db, '2025-10-09', '丁', 1);
  await ok(db, ['case', 'register', '--item', 'QR03003000', '--applicant', '钱七'], at('2025-10-13T10:00:00+08:00'));
  await rated(db, '2025-10-13', '戊', 2);
  await rated(db, '2025-09-30', '己', 2);
  await ok(db, ['review', 'rectify', '2', '--note', '已当面致歉并改进取号流程'], at('2025-10-13T10:00:00+08:00'));
  await ok(db, ['review', 'invalidate', '3', '--reason', '误评'], at('2025-10-13T10:00:00+08:00'));
  const complaint = (window: string, category: string, received: string, summary: string) =>
    ok(db, ['complaint', 'add', '--window', window, '--channel', '12345', '--category', category, '--summary', summary, '--date', received], OCT14);
  await complaint('B01', '咨询', '2025-10-09', '咨询出生登记需要带哪些材料，电话一直占线无人接听，希望尽快回复');
  await complaint('A01', '投诉', '2025-09-19', '窗口人员态度生硬');
  await complaint('A01', '投诉', '2025-09-19', '多次让补材料');
  await complaint('B01', 'consult', '2025-10-13', '能否网上办理');
  await ok(db, ['complaint', 'close', '3', '--substantiated', 'no', '--date', '2025-10-13'], OCT14);
  return db;
}

type Alert = { kind: string; id: number; level: string };
const summary = (list: readonly Alert[]) => list.map((alert) => `${alert.id} ${alert.level}`);

describe('alerts: reviews (差评整改)', () => {
  it('lists an open review overdue red and one due soon yellow, not one rectified, invalid or due later', async () => {
    const db = await center();
    const alerts = await json(db, ['alerts'], OCT14);
    // In due order: the most urgent first.
    expect(summary(alerts.reviews.alerts)).toEqual(['1 red', '6 yellow', '4 yellow']);
    expect(alerts.reviews).toMatchObject({ red: 1, yellow: 2 });
    expect(alerts.reviews.alerts[0]).toEqual({
      kind: 'review',
      level: 'red',
      id: 1,
      case: '20250926-0001',
      item: 'QR03003000',
      item_name: '出生登记',
      window: 'B01',
      window_name: 'B01',
      rating: 1,
      opened: '2025-09-26',
      due: '2025-10-10',
      days_left: -3,
    });
    expect(alerts.reviews.alerts[1]).toMatchObject({ opened: '2025-09-30', due: '2025-10-14', days_left: 0, rating: 2 });
    expect(alerts.reviews.alerts[2]).toMatchObject({ opened: '2025-10-09', due: '2025-10-15', days_left: 1 });
    // What is absent is absent for its state (or its date), as review list shows.
    const states = Object.fromEntries(
      ((await json(db, ['review', 'list'], OCT14)) as { id: number; state: string; due: string }[]).map((review) => [
        review.id,
        `${review.state} ${review.due}`,
      ]),
    );
    expect(states).toMatchObject({ 2: 'rectified 2025-10-15', 3: 'invalid 2025-10-15', 5: 'open 2025-10-20' });
  });

  it('turns a yellow review red the working day after it is due, and drops it once rectified', async () => {
    const db = await center();
    // Wednesday 15 October: review 6 (due 14 October) is a working day over; review 5 (due 20 October) still beyond 16, 17.
    const next = await json(db, ['alerts', '--kind', 'review'], at('2025-10-15T09:00:00+08:00'));
    expect(summary(next.reviews.alerts)).toEqual(['1 red', '6 red', '4 yellow']);
    expect(next.reviews.alerts[1]).toMatchObject({ days_left: -1 });
    await ok(db, ['review', 'rectify', '6', '--note', '已整改'], at('2025-10-15T10:00:00+08:00'));
    expect(summary((await json(db, ['alerts', '--kind', 'review'], at('2025-10-15T11:00:00+08:00'))).reviews.alerts)).toEqual(['1 red', '4 yellow']);
    // Friday 17 October: review 5's due date, 20 October, is two working days ahead.
    expect(summary((await json(db, ['alerts', '--kind', '差评'], at('2025-10-17T09:00:00+08:00'))).reviews.alerts)).toEqual(['1 red', '4 red', '5 yellow']);
  });

  it('draws the reviews under their window’s cases, with the 整改单 number, the case, its rating and the days as case alerts write them', async () => {
    const db = await center();
    const screen = await ok(db, ['alerts'], OCT14);
    expect(screen).toContain('2025-10-14 差评整改：红灯（超期）1 件，黄灯（2 个工作日内到期）2 件\n');
    const cases = screen.indexOf('窗口 B01 B01：红灯 1 件，黄灯 0 件\n');
    const reviews = screen.indexOf('窗口 B01 B01 差评整改：红灯 1 件，黄灯 2 件\n');
    const complaints = screen.indexOf('窗口 B01 B01 投诉工单：红灯 1 件，黄灯 1 件\n');
    expect(cases).toBeGreaterThan(-1);
    expect(reviews).toBeGreaterThan(cases);
    expect(complaints).toBeGreaterThan(reviews);
    expect(screen).toMatch(/│ 预警 +│ 整改单 │ 办件编号 +│ 事项 +│ 评价 +│ 整改期限 +│ +剩余 │/);
    expect(screen).toMatch(/│ 红灯 超期 │ +1 │ 20250926-0001 │ 出生登记 │ 1 非常不满意 │ 2025-10-10 │ 超3工作日 │/);
    expect(screen).toMatch(/│ 黄灯 临期 │ +6 │ 20250930-0001 │ 出生登记 │ 2 不满意 +│ 2025-10-14 │ 剩0工作日 │/);
    const english = await ok(db, ['alerts', '--lang', 'en'], OCT14);
    expect(english).toContain('2025-10-14: 1 review overdue (red), 2 due within 2 working days (yellow)\n');
    expect(english).toContain('window B01 B01, reviews: 1 red, 2 yellow\n');
    expect(english).toMatch(/│ RED overdue +│ +1 │ 20250926-0001 │ 出生登记 │ 1 +│ 2025-10-10 │ 3 workdays over │/);
    // At a terminal the red row is red and the yellow ones yellow, as for cases.
    const colored = (await hall(db, ['alerts', '--kind', 'review'], OCT14, true)).stdout;
    const rowOf = (number: string) => colored.split('\n').find((line) => line.includes(number))!;
    expect(rowOf('20250926-0001')).toContain('\u001b[31m');
    expect(rowOf('20251009-0003')).toContain('\u001b[33m');
  });
});

describe('alerts: complaints (投诉工单)', () => {
  it('lists open complaints by their category’s days, red and yellow, not a closed one', async () => {
    const db = await center();
    const alerts = await json(db, ['alerts'], OCT14);
    expect(summary(alerts.complaints.alerts)).toEqual(['1 red', '4 yellow', '2 yellow']);
    expect(alerts.complaints).toMatchObject({ red: 1, yellow: 2 });
    expect(alerts.complaints.alerts[0]).toEqual({
      kind: 'complaint',
      level: 'red',
      id: 1,
      window: 'B01',
      window_name: 'B01',
      case: null,
      channel: '12345',
      category: 'consult',
      summary: '咨询出生登记需要带哪些材料，电话一直占线无人接听，希望尽快回复',
      received_date: '2025-10-09',
      // 咨询: two working days, the second the 调休 Saturday.
      due: '2025-10-11',
      days_left: -2,
    });
    // 投诉: fifteen working days across National Day.
    expect(alerts.complaints.alerts[2]).toMatchObject({ id: 2, category: 'complaint', received_date: '2025-09-19', due: '2025-10-16', days_left: 2 });
    expect(alerts.complaints.alerts.map((alert: Alert) => alert.id)).not.toContain(3);
  });

  it('draws each window’s complaints with the category in words and the summary, shortened on a narrow terminal', async () => {
    const db = await center();
    const screen = await ok(db, ['alerts'], OCT14);
    expect(screen).toContain('2025-10-14 投诉工单：红灯（超期）1 件，黄灯（2 个工作日内到期）2 件\n');
    // A01 has complaints only: their table comes first, by window code, with no case table.
    const a01 = screen.indexOf('窗口 A01 A01 投诉工单：红灯 0 件，黄灯 1 件\n');
    expect(a01).toBeGreaterThan(-1);
    expect(a01).toBeLessThan(screen.indexOf('窗口 B01'));
    expect(screen).not.toContain('窗口 A01 A01：');
    expect(screen).toMatch(/│ 预警 +│ 工单 │ 类别 │ 内容 +│ 办理期限 +│ +剩余 │/);
    expect(screen).toMatch(/│ 黄灯 临期 │ +2 │ 投诉 │ 窗口人员态度生硬 +│ 2025-10-16 │ 剩2工作日 │/);
    expect(screen).toContain('│ 红灯 超期 │    1 │ 咨询 │ 咨询出生登记需要带哪些材料，电话一直占线无人接听，希望尽快回复 │ 2025-10-11 │ 超2工作日 │');
    expect(await ok(db, ['alerts', '--lang', 'en'], OCT14)).toMatch(/│ YELLOW due soon │ +4 │ consult +│ 能否网上办理 +│ 2025-10-15 │ +1 workday left │/);
    const narrow = await atTerminal(db, ['alerts', '--kind', 'complaint'], 'zh');
    expect(narrow).toMatch(/│ 红灯 超期 │ +1 │ 咨询 │ 咨询出生登记\S*… +│ 2025-10-11 │ 超2工作日 │/);
  });

  it('drops a complaint once closed', async () => {
    const db = await center();
    await ok(db, ['complaint', 'close', '1', '--substantiated', 'yes'], OCT14);
    expect(summary((await json(db, ['alerts', '--kind', 'complaint'], OCT14)).complaints.alerts)).toEqual(['4 yellow', '2 yellow']);
  });
});

describe('alerts: kinds, windows and counts', () => {
  it('keeps red and yellow at the top the cases’ counts, and gives every kind’s in by_kind', async () => {
    const db = await center();
    const alerts = await json(db, ['alerts'], OCT14);
    expect(alerts).toMatchObject({ date: '2025-10-14', warning_days: 2, red: 1, yellow: 0 });
    expect(alerts.windows.map((group: { window: string }) => group.window)).toEqual(['B01']);
    expect(alerts.windows[0].cases.map((alert: { number: string }) => alert.number)).toEqual(['20251013-0001']);
    expect(alerts.by_kind).toEqual({
      case: { red: 1, yellow: 0 },
      combined: { red: 0, yellow: 0 },
      review: { red: 1, yellow: 2 },
      complaint: { red: 1, yellow: 2 },
    });
    // Every alert says its kind.
    const every = [...alerts.windows.flatMap((group: { cases: Alert[] }) => group.cases), ...alerts.reviews.alerts, ...alerts.complaints.alerts];
    expect(every.map((alert: Alert) => alert.kind)).toEqual(['case', 'review', 'review', 'review', 'complaint', 'complaint', 'complaint']);
  });

  it.each([
    ['review', 'review'],
    ['差评', 'review'],
    ['complaint', 'complaint'],
    ['投诉', 'complaint'],
  ])('--kind %s lists only %s alerts', async (value, kind) => {
    const db = await center();
    const alerts = await json(db, ['alerts', '--kind', value], OCT14);
    expect(alerts).toMatchObject({ red: 0, yellow: 0, windows: [], combined: { red: 0, yellow: 0, cases: [] } });
    const other = kind === 'review' ? 'complaints' : 'reviews';
    expect(alerts[other]).toEqual({ red: 0, yellow: 0, alerts: [] });
    const listed: Alert[] = alerts[`${kind}s`].alerts;
    expect(listed).toHaveLength(3);
    expect(new Set(listed.map((alert) => alert.kind))).toEqual(new Set([kind]));
    const screen = await ok(db, ['alerts', '--kind', value], OCT14);
    expect(screen).not.toContain('电子监察');
    expect(screen).not.toContain('20251013-0001');
    expect(screen).not.toContain(kind === 'review' ? '投诉工单' : '差评整改');
    expect(screen).toContain(kind === 'review' ? '2025-10-14 差评整改：红灯（超期）1 件' : '2025-10-14 投诉工单：红灯（超期）1 件');
  });

  it('says there are none when the kind asked for has none', async () => {
    const db = await freshDb();
    expect(await ok(db, ['alerts', '--kind', 'review'], OCT14)).toBe('2025-10-14 差评整改：红灯（超期）0 件，黄灯（2 个工作日内到期）0 件\n');
    expect(await ok(db, ['alerts', '--kind', '投诉', '--lang', 'en'], OCT14)).toBe(
      '2025-10-14: 0 complaints overdue (red), 0 due within 2 working days (yellow)\n',
    );
    // Without --kind a center with neither reads the screen it always had.
    expect(await ok(db, ['alerts'], OCT14)).toBe('2025-10-14 电子监察：红灯（超期）0 件，黄灯（2 个工作日内到期）0 件\n');
  });

  it('lists under --window only that window’s reviews and complaints, and refuses an unknown one whatever the kind', async () => {
    const db = await center();
    const b01 = await json(db, ['alerts', '--window', 'B01'], OCT14);
    expect(summary(b01.reviews.alerts)).toEqual(['1 red', '6 yellow', '4 yellow']);
    expect(summary(b01.complaints.alerts)).toEqual(['1 red', '4 yellow']);
    const a01 = await json(db, ['alerts', '--window', 'A01'], OCT14);
    expect(a01.reviews.alerts).toEqual([]);
    expect(summary(a01.complaints.alerts)).toEqual(['2 yellow']);
    expect(a01.windows).toEqual([]);
    for (const kind of ['review', 'complaint', 'case']) {
      const typo = await hall(db, ['alerts', '--kind', kind, '--window', 'W999'], OCT14);
      expect(typo.code, kind).toBe(1);
      expect(typo.stderr).toContain('未知窗口 W999');
    }
  });

  it('gives reviews and complaints as CSV rows after the cases, their own columns at the end', async () => {
    const db = await center();
    const csv = (await ok(db, ['alerts', '--format', 'csv', '--lang', 'en'], OCT14)).split('\r\n');
    expect(csv[0]).toBe(
      'window,window_name,level,number,item,item_name,applicant,applicant_id,state,accepted_date,deadline,days_left,limit_unit,kind,parts_done,parts_total,id,rating,category,summary,opened',
    );
    expect(csv[1]).toBe('B01,B01,red,20251013-0001,QR03003000,出生登记,钱七,,open,2025-10-13,2025-10-13,-1,workday,case,,,,,,,');
    expect(csv[2]).toBe('B01,B01,red,20250926-0001,QR03003000,出生登记,,,open,,2025-10-10,-3,workday,review,,,1,1,,,2025-09-26');
    expect(csv).toContain('A01,A01,yellow,,,,,,open,,2025-10-16,2,workday,complaint,,,2,,complaint,窗口人员态度生硬,2025-09-19');
    expect(csv.filter((line) => line.includes(',review,'))).toHaveLength(3);
    expect(csv.filter((line) => line.includes(',complaint,'))).toHaveLength(3);
  });
});

async function atTerminal(db: string, args: string[], lang: string): Promise<string> {
  let out = '';
  const code = await run(['--db', db, ...args, '--lang', lang], {
    stdout: { write: (chunk: string) => (out += chunk), isTTY: true, columns: 80 },
    stderr: { write: () => true },
    stdin: process.stdin,
    env: { ...OCT14, HALL_OPERATOR: 'tester' },
  });
  expect(code).toBe(0);
  return stripVTControlCharacters(out);
}

describe('alerts: the terminal width', () => {
  it.each(['zh', 'en'])('fits an 80-column terminal with every kind (%s)', async (lang) => {
    const db = await center();
    const plain = await atTerminal(db, ['alerts'], lang);
    for (const shown of ['20251013-0001', '20250926-0001', '2025-10-16']) expect(plain).toContain(shown);
    expect(Math.max(...plain.split('\n').map((line) => stringWidth(line))), plain).toBeLessThanOrEqual(80);
    // The review's rating stays on screen in Chinese, where the lights are narrow enough.
    if (lang === 'zh') expect(plain).toContain('1 非常不满意');
  });
});
