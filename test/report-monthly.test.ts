/**
 * The monthly pack and the assessment on a small center whose every figure was worked
 * out by hand (SPEC §2, §6). October 2025: 10-01 … 10-08 are the National Day holiday,
 * Sunday 09-28 and Saturday 10-11 are make-up working days, so October has 18 working
 * days (10-09, 10-10, 10-11, then 13–17, 20–24, 27–31). The report runs on 2025-11-05,
 * so open cases are judged at t = 2025-10-31.
 *
 * The catalog (fixtures/catalog-gb18030.csv): XK10001000 食品经营许可 5/20 working days,
 * W001; XK10001001 3/20, W001; QT10002000 即办 (legal 15), W001; XK10003000 普通护照 7/15,
 * W002, fee 120 元, 审查 not authorized (never on site); XK10004000 环评 15/30 自然日, W003;
 * GG10005000 就业登记 即办, W004, no legal limit; QT10006000 清真标识 5 days, fee 50 元,
 * no window; XK10007000 suspended. W005 综合窗口 is added without a department.
 *
 * The cases, by number:
 *   B 20250918-0001 XK10004000 W003 accepted 09-18; 09-18 + 15 calendar days = 10-03, a
 *     holiday, so the deadline moves to 10-09. Still open: overdue at t by
 *     W(10-09, 10-31) = 22 calendar days.
 *   A 20250926-0001 XK10001000 W001 accepted 09-26 (Fri): 09-28, 09-29, 09-30, 10-09, 10-10
 *     → deadline 10-10. Concluded 10-09: on time, on site, used W(09-26, 10-09) = 4, saved
 *     20 − 4 = 16. Rated 5 on 10-09 (好评).
 *   K 20250930-0001 GG10005000 W004 即办, concluded on the spot 09-30; rated 3 on 10-09
 *     (中评 in October, though the case ended in September).
 *   C 20251009-0001 QT10002000 W001 即办 10-09: same day, on time, on site, used 0, saved 15.
 *   G 20251010-0001 QT10006000 at W005, fee 50 元, withdrawn 10-15.
 *   H 20251016-0001 XK10001000 W001 refused (不予受理) 10-16.
 *   D 20251013-0001 XK10003000 W002 accepted 10-13, fee 120 元. Supplement 10-14, resumed
 *     10-20: E = W(10-14, 10-20) = 4, so the deadline is 7 + 4 = 11 working days after 10-13
 *     = 10-28. Concluded 10-30: late by W(10-28, 10-30) = 2; used W(10-13, 10-30) − 4 =
 *     13 − 4 = 9, saved 15 − 9 = 6; not on site. Rated 2 on 10-31 (差评).
 *   E 20251020-0001 XK10003000 W002 accepted 10-20, fee waived. Suspended 10-27 (检验),
 *     resumed 11-03. At t the pause was running: E(t) = W(10-27, 10-31) = 4, deadline(t) =
 *     11 working days after 10-20 = 11-04, not overdue.
 *   F 20251027-0001 XK10001001 W001 accepted 10-27: deadline 10-30. Open at t: overdue by 1.
 *     A supplement begun on 11-03 (after t) does not excuse October.
 *   I 20251031-0001 GG10005000 W004 即办 accepted 10-31 17:45, after closing: deadline 11-03,
 *     not overdue at t; concluded 11-03 (after t, so open at the end of October).
 *
 * Complaints (all 投诉, 15 working days): W001 10-20 (substantiated), W002 10-21 (not), both
 *   closed 10-25, before their due dates (11-10, 11-11); W001 09-29 (September, open), due
 *   10-27 (09-30, 10-09, 10-10, 10-11 调休, 13–17, 20–24, 27): overdue at t, in the year to date.
 * Reviews: D's 差评 of 10-31 opens one at W002, due 11-07 (11-03 … 11-07): open, not yet overdue at t.
 * Records: W001 deduction 2 on 10-15; W002 commendation 3 on 10-22; W001 commendation 10
 * on 09-10 (September).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC } from '../src/core/assessment.js';
import { fixture, hall, tempDir } from './helpers.js';

let db: string;

async function ok(args: string[], now: string): Promise<string> {
  const result = await hall(db, args, { HALL_NOW: now });
  if (result.code !== 0) throw new Error(`${args.join(' ')} → ${result.code}: ${result.stderr}`);
  return result.stdout;
}

const at = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;

// One database for the whole file (helpers' temp dirs go after each test).
const home = mkdtempSync(join(tmpdir(), 'hall-report-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

beforeAll(async () => {
  db = join(home, 'hall.db');
  await ok(['init', '--center', '测试市政务服务中心'], at('2025-09-01', '08:00'));
  await ok(['items', 'import', fixture('catalog-gb18030.csv')], at('2025-09-01', '08:00'));
  await ok(['window', 'add', 'W005', '--name', '综合窗口'], at('2025-09-01', '08:00'));
  const register = (item: string, when: string, ...flags: string[]) => ok(['case', 'register', '--item', item, '--applicant', '申请人', ...flags], when);
  // B
  await register('XK10004000', at('2025-09-18'));
  // A
  await register('XK10001000', at('2025-09-26'));
  await ok(['case', 'conclude', '20250926-0001', '--outcome', 'approved'], at('2025-10-09', '11:00'));
  await ok(['case', 'rate', '20250926-0001', '--level', '5'], at('2025-10-09', '11:30'));
  // K
  await register('GG10005000', at('2025-09-30'), '--conclude', 'approved');
  await ok(['case', 'rate', '20250930-0001', '--level', '3'], at('2025-10-09', '12:00'));
  // C
  await register('QT10002000', at('2025-10-09'), '--conclude', 'approved');
  // G
  await register('QT10006000', at('2025-10-10'), '--window', 'W005');
  await ok(['case', 'withdraw', '20251010-0001', '--reason', '申请人撤回'], at('2025-10-15'));
  // D
  await register('XK10003000', at('2025-10-13', '09:00'));
  await ok(['case', 'supplement', '20251013-0001', '--materials', '户口簿'], at('2025-10-14'));
  // H (refused on 10-16, numbered after D)
  await ok(['case', 'refuse', '--item', 'XK10001000', '--applicant', '申请人', '--reason', '材料不全'], at('2025-10-16'));
  await ok(['case', 'resume', '20251013-0001'], at('2025-10-20', '09:00'));
  // E
  await register('XK10003000', at('2025-10-20'), '--fee', '0');
  await ok(['case', 'suspend', '20251020-0001', '--reason', '检验'], at('2025-10-27'));
  // F
  await register('XK10001001', at('2025-10-27', '09:30'));
  await ok(['case', 'conclude', '20251013-0001', '--outcome', 'approved'], at('2025-10-30'));
  await ok(['case', 'rate', '20251013-0001', '--level', '2'], at('2025-10-31'));
  // I
  await register('GG10005000', at('2025-10-31', '17:45'));
  await ok(['case', 'resume', '20251020-0001'], at('2025-11-03', '09:00'));
  await ok(['case', 'supplement', '20251027-0001', '--materials', '场地证明'], at('2025-11-03', '10:00'));
  await ok(['case', 'conclude', '20251031-0001', '--outcome', 'approved'], at('2025-11-03', '11:00'));

  await ok(['complaint', 'add', '--window', 'W001', '--channel', '电话', '--summary', '态度生硬', '--date', '2025-09-29'], at('2025-10-09'));
  await ok(['complaint', 'add', '--window', 'W001', '--channel', '12345', '--summary', '推诿', '--date', '2025-10-20'], at('2025-10-20'));
  await ok(['complaint', 'add', '--window', 'W002', '--channel', '现场', '--summary', '排队久', '--date', '2025-10-21'], at('2025-10-21'));
  await ok(['complaint', 'close', '2', '--substantiated', 'yes'], at('2025-10-25'));
  await ok(['complaint', 'close', '3', '--substantiated', 'no'], at('2025-10-25'));
  await ok(['window', 'record', 'W001', '--kind', 'commendation', '--points', '10', '--reason', '锦旗', '--date', '2025-09-10'], at('2025-10-09'));
  await ok(['window', 'record', 'W001', '--kind', 'deduction', '--points', '2', '--reason', '迟到', '--date', '2025-10-15'], at('2025-10-15'));
  await ok(['window', 'record', 'W002', '--kind', 'commendation', '--points', '3', '--reason', '表扬信', '--date', '2025-10-22'], at('2025-10-22'));
});

const REPORT_DAY = at('2025-11-05', '09:00');
const monthly = async (...args: string[]) => JSON.parse(await ok(['report', 'monthly', '--month', '2025-10', '--format', 'json', ...args], REPORT_DAY));

const zero = {
  carried_over: 0,
  accepted: 0,
  refused: 0,
  concluded: 0,
  approved: 0,
  denied: 0,
  withdrawn: 0,
  open_at_end: 0,
  same_day: 0,
  on_time: 0,
  on_site: 0,
  overdue: 0,
  fees_fen: 0,
  saved_days: 0,
  used_days: 0,
  evaluations: 0,
  good: 0,
  neutral: 0,
  bad: 0,
};
const noRates = {
  on_time: null,
  same_day: null,
  on_site: null,
  completion: null,
  good: null,
  satisfied: null,
  bad: null,
  complaint: null,
  complaint_on_time: null,
};
const noReviews = {
  opened: 0,
  invalid: 0,
  rectified: 0,
  rectified_on_time: 0,
  overdue: 0,
  visited: 0,
  visit_satisfied: 0,
  rates: { rectified: null, on_time: null, visited: null, visit_satisfied: null },
};
// D's review, opened 10-31: open at t, not past its due date 11-07; not yet put right, so 0 of 1.
const dReview = { ...noReviews, opened: 1, rates: { rectified: 0, on_time: 0, visited: null, visit_satisfied: null } };

// W001 = A (carried over, concluded), C (same day), F (open, overdue), H (refused).
const W001 = {
  ...zero,
  carried_over: 1,
  accepted: 2,
  refused: 1,
  concluded: 2,
  approved: 2,
  open_at_end: 1,
  same_day: 1,
  on_time: 2,
  on_site: 2,
  overdue: 1,
  saved_days: 31,
  used_days: 4,
  evaluations: 1,
  good: 1,
};
const W001_RATES = { on_time: 1, same_day: 0.5, on_site: 1, completion: 2 / 3, good: 1, satisfied: 1, bad: 0 };
// W002 = D (late), E (paused at t, fee waived).
const W002 = {
  ...zero,
  accepted: 2,
  concluded: 1,
  approved: 1,
  open_at_end: 1,
  overdue: 1,
  fees_fen: 12_000,
  saved_days: 6,
  used_days: 9,
  evaluations: 1,
  bad: 1,
};
const W002_RATES = { on_time: 0, same_day: 0, on_site: 0, completion: 0.5, good: 0, satisfied: 0, bad: 1 };

describe('report monthly, hand-computed', () => {
  it('gives the period, the working days and the evaluation date', async () => {
    const report = await monthly();
    expect(report).toMatchObject({
      center: '测试市政务服务中心',
      period: { from: '2025-10-01', to: '2025-10-31' },
      evaluated_at: '2025-10-31',
      working_days: 18,
      generated_at: '2025-11-05T09:00:00+08:00',
    });
  });

  it('counts every §6.1 field for every window, zero windows included, sorted by code', async () => {
    const { windows } = await monthly();
    expect(windows.map((window: { code: string }) => window.code)).toEqual(['W001', 'W002', 'W003', 'W004', 'W005']);
    const [w1, w2, w3, w4, w5] = windows;
    expect(w1).toMatchObject({
      code: 'W001',
      name: '市场监管窗口',
      ...W001,
      complaints: 1,
      substantiated: 1,
      complaints_on_time: 1,
      complaints_overdue: 0,
      reviews: noReviews,
    });
    expect(w1.rates).toMatchObject({ ...W001_RATES, complaint: 0.5, complaint_on_time: 1 });
    expect(w1.daily_accepted).toBeCloseTo(2 / 18, 12);
    expect(w2).toMatchObject({ ...W002, complaints: 1, substantiated: 0, complaints_on_time: 1, complaints_overdue: 0 });
    expect(w2.rates).toEqual({ ...W002_RATES, complaint: 0.5, complaint_on_time: 1 });
    expect(w2.reviews).toEqual(dReview);
    // B: carried over, still open, overdue; nothing concluded, so the concluded rates are null.
    expect(w3).toMatchObject({
      ...zero,
      carried_over: 1,
      open_at_end: 1,
      overdue: 1,
      complaints: 0,
      substantiated: 0,
      complaints_on_time: 0,
      reviews: noReviews,
    });
    expect(w3.rates).toEqual({ ...noRates, completion: 0 });
    expect(w3.daily_accepted).toBe(0);
    // I accepted (open at t though concluded since); K's rating given in October counts here.
    expect(w4).toMatchObject({ ...zero, accepted: 1, open_at_end: 1, evaluations: 1, neutral: 1, complaints: 0, substantiated: 0 });
    expect(w4.rates).toEqual({ ...noRates, completion: 0, good: 0, satisfied: 1, bad: 0, complaint: 0 });
    // G: accepted and withdrawn at the window without a department.
    expect(w5).toMatchObject({ ...zero, accepted: 1, withdrawn: 1, fees_fen: 5_000, complaints: 0, substantiated: 0 });
    expect(w5.rates).toEqual({ ...noRates, completion: 0, complaint: 0 });
  });

  it('totals everything, with the year to date and the previous month', async () => {
    const { totals } = await monthly();
    expect(totals).toMatchObject({
      carried_over: 2,
      accepted: 6,
      refused: 1,
      concluded: 3,
      approved: 3,
      denied: 0,
      withdrawn: 1,
      open_at_end: 4,
      same_day: 1,
      on_time: 2,
      on_site: 2,
      overdue: 3,
      fees_fen: 17_000,
      saved_days: 37,
      used_days: 13,
      evaluations: 3,
      good: 1,
      neutral: 1,
      bad: 1,
      complaints: 2,
      substantiated: 1,
      complaints_on_time: 2,
      complaints_overdue: 0,
      reviews: dReview,
    });
    expect(totals.rates.complaint_on_time).toBe(1);
    const third = 1 / 3;
    expect(totals.rates.on_time).toBeCloseTo(2 / 3, 12);
    expect(totals.rates.same_day).toBeCloseTo(third, 12);
    expect(totals.rates.completion).toBeCloseTo(3 / 8, 12);
    expect(totals.rates.satisfied).toBeCloseTo(2 / 3, 12);
    expect(totals.rates.bad).toBeCloseTo(third, 12);
    expect(totals.rates.complaint).toBeCloseTo(third, 12);
    expect(totals.daily_accepted).toBeCloseTo(third, 12);
    // Since January 1: B, A, K (September) join the six; K concluded on time, on site, same day.
    expect(totals.ytd).toEqual({
      from: '2025-01-01',
      to: '2025-10-31',
      carried_over: 0,
      accepted: 9,
      refused: 1,
      concluded: 4,
      approved: 4,
      denied: 0,
      withdrawn: 1,
      open_at_end: 4,
      same_day: 2,
      on_time: 3,
      on_site: 3,
      overdue: 3,
      fees_fen: 17_000,
      saved_days: 37,
      used_days: 13,
      evaluations: 3,
      good: 1,
      neutral: 1,
      bad: 1,
      complaints: 3,
      substantiated: 1,
      // The September complaint, still open at t and due 10-27, is overdue.
      complaints_on_time: 2,
      complaints_overdue: 1,
      rates: {
        on_time: 3 / 4,
        same_day: 2 / 4,
        on_site: 3 / 4,
        completion: 4 / 9,
        good: 1 / 3,
        satisfied: 2 / 3,
        bad: 1 / 3,
        complaint: 3 / 9,
        complaint_on_time: 2 / 3,
      },
    });
    expect(totals.previous).toEqual({ from: '2025-09-01', to: '2025-09-30', accepted: 3, concluded: 1 });
  });

  it('gives the year to date its rates, computed from its counts as §6.1 computes every rate', async () => {
    const { ytd } = (await monthly()).totals;
    const ratio = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);
    expect(ytd.rates).toEqual({
      on_time: ratio(ytd.on_time, ytd.concluded),
      same_day: ratio(ytd.same_day, ytd.concluded),
      on_site: ratio(ytd.on_site, ytd.concluded),
      completion: ratio(ytd.concluded, ytd.carried_over + ytd.accepted),
      good: ratio(ytd.good, ytd.evaluations),
      satisfied: ratio(ytd.good + ytd.neutral, ytd.evaluations),
      bad: ratio(ytd.bad, ytd.evaluations),
      complaint: ratio(ytd.complaints, ytd.accepted),
      complaint_on_time: ratio(ytd.complaints_on_time, ytd.complaints),
    });
    // The 主要指标 table shows the same figures in its 本年累计 column.
    const rates = JSON.parse(await ok(['report', 'monthly', '--month', '2025-10', '--format', 'json', '--section', 'rates'], REPORT_DAY));
    expect(rates.map((row: { ytd: number | null }) => row.ytd)).toEqual(Object.values(ytd.rates));
  });

  it('lists every department by name, and items and types with activity, without complaint figures', async () => {
    const report = await monthly();
    expect(report.departments.map((department: { name: string }) => department.name)).toEqual([
      '人社局',
      '公安局',
      '市场监管局',
      '民宗局',
      '气象局',
      '生态环境局',
    ]);
    const department = (name: string) => report.departments.find((entry: { name: string }) => entry.name === name);
    expect(department('市场监管局')).toMatchObject({ ...W001, complaints: null, substantiated: null, complaints_on_time: null, complaints_overdue: null });
    expect(department('市场监管局').rates).toMatchObject({ ...W001_RATES, complaint: null, complaint_on_time: null });
    // Reviews, like complaints, are figures of windows and the totals only.
    expect(department('市场监管局')).not.toHaveProperty('reviews');
    expect(department('公安局')).toMatchObject({ ...W002, complaints: null });
    expect(department('民宗局')).toMatchObject({ ...zero, accepted: 1, withdrawn: 1, fees_fen: 5_000 });
    expect(department('气象局')).toMatchObject({ ...zero, complaints: null, substantiated: null });
    expect(report.items.map((item: { code: string }) => item.code)).toEqual([
      'GG10005000',
      'QT10002000',
      'QT10006000',
      'XK10001000',
      'XK10001001',
      'XK10003000',
      'XK10004000',
    ]);
    const item = (code: string) => report.items.find((entry: { code: string }) => entry.code === code);
    expect(item('XK10001000')).toMatchObject({
      ...zero,
      carried_over: 1,
      refused: 1,
      concluded: 1,
      approved: 1,
      on_time: 1,
      on_site: 1,
      saved_days: 16,
      used_days: 4,
      evaluations: 1,
      good: 1,
    });
    expect(item('XK10001000')).toMatchObject({ name: '食品经营许可', department: '市场监管局', type: '行政许可', complaints: null });
    expect(item('XK10003000')).toMatchObject(W002);
    expect(item('GG10005000')).toMatchObject({ ...zero, accepted: 1, open_at_end: 1, evaluations: 1, neutral: 1 });
    expect(report.types.map((type: { type: string }) => type.type)).toEqual(['公共服务', '其他行政权力', '行政许可']);
    expect(report.types[2]).toMatchObject({
      type: '行政许可',
      carried_over: 2,
      accepted: 4,
      refused: 1,
      concluded: 3,
      open_at_end: 3,
      overdue: 3,
      fees_fen: 12_000,
      saved_days: 37,
      used_days: 13,
      evaluations: 2,
      complaints: null,
    });
  });

  it('lists the fees per item and window, and every overdue case with its days over', async () => {
    const report = await monthly();
    expect(report.fees).toEqual([
      { item: 'QT10006000', item_name: '清真食品标识牌核发', window: 'W005', window_name: '综合窗口', cases: 1, fees_fen: 5_000 },
      { item: 'XK10003000', item_name: '普通护照签发', window: 'W002', window_name: '出入境窗口', cases: 1, fees_fen: 12_000 },
    ]);
    expect(report.overdue_cases).toEqual([
      {
        number: '20250918-0001',
        item: 'XK10004000',
        item_name: '建设项目环境影响报告表审批',
        window: 'W003',
        accepted: '2025-09-18',
        deadline: '2025-10-09',
        concluded: null,
        days_over: 22,
        limit_unit: 'calendar',
      },
      {
        number: '20251013-0001',
        item: 'XK10003000',
        item_name: '普通护照签发',
        window: 'W002',
        accepted: '2025-10-13',
        deadline: '2025-10-28',
        concluded: '2025-10-30',
        days_over: 2,
        limit_unit: 'workday',
      },
      {
        number: '20251027-0001',
        item: 'XK10001001',
        item_name: '食品经营许可（新办）',
        window: 'W001',
        accepted: '2025-10-27',
        deadline: '2025-10-30',
        concluded: null,
        days_over: 1,
        limit_unit: 'workday',
      },
    ]);
  });

  it('judges open cases at the end of any --from/--to span', async () => {
    const report = JSON.parse(await ok(['report', 'monthly', '--from', '2025-10-01', '--to', '2025-10-20', '--format', 'json'], REPORT_DAY));
    expect(report.evaluated_at).toBe('2025-10-20');
    // Accepted C, G, D, E; concluded A, C; G withdrawn; open at 10-20: B (overdue since
    // 10-09), D (resumed that day, due 10-28) and E (due 10-29).
    expect(report.totals).toMatchObject({ carried_over: 2, accepted: 4, concluded: 2, withdrawn: 1, open_at_end: 3, overdue: 1 });
    expect(report.working_days).toBe(9);
    expect(report.overdue_cases.map((entry: { number: string; days_over: number }) => [entry.number, entry.days_over])).toEqual([['20250918-0001', 11]]);
  });

  it("gives a past month's catalog as it stood then, after the catalog changed", async () => {
    // 7 active items; 6 have a window (QT10006000 has none); of those, 4 authorize every
    // stage up to 审批 (XK10003000 and XK10004000 do not); 2 are 即办. Over the 5 active
    // items with a legal limit: ΣP = 0+5+3+7+15 = 30, ΣL = 15+20+20+15+30 = 100.
    const october = {
      as_of: '2025-10-31',
      items_active: 7,
      items_entered: 6,
      entry_rate: 6 / 7,
      items_fully_authorized: 4,
      authorization_rate: 4 / 6,
      immediate_items: 2,
      immediate_rate: 2 / 7,
      compression_ratio: 0.7,
      avg_compression_days: 14,
      bundles_active: 0,
    };
    expect((await monthly()).catalog).toEqual(october);
    // On 11-04 QT10006000 enters W005 and GG10005000 is cancelled.
    const dir = tempDir();
    const exported = await ok(['items', 'export'], at('2025-11-04', '08:00'));
    const changed = exported
      .split('\n')
      .map((line) => {
        if (line.startsWith('QT10006000,')) return line.replace(',,受理>', ',综合窗口,受理>');
        if (line.startsWith('GG10005000,')) return line.replace(/,在用,(\r?)$/, ',取消,$1');
        return line;
      })
      .join('\n');
    expect(changed).not.toBe(exported);
    writeFileSync(join(dir, 'catalog.csv'), changed);
    await ok(['items', 'import', join(dir, 'catalog.csv')], at('2025-11-04', '08:30'));
    expect((await monthly()).catalog).toEqual(october);
    const november = JSON.parse(await ok(['report', 'monthly', '--month', '2025-11', '--format', 'json'], REPORT_DAY)).catalog;
    // 6 active, all 6 entered; GG10005000 leaves the fully authorized and the 即办 items,
    // QT10006000 (no authorization declared: every stage) joins the first.
    expect(november).toMatchObject({
      as_of: '2025-11-30',
      items_active: 6,
      items_entered: 6,
      entry_rate: 1,
      items_fully_authorized: 4,
      authorization_rate: 4 / 6,
      immediate_items: 1,
      immediate_rate: 1 / 6,
      compression_ratio: 0.7,
    });
  });

  it('gives a valid empty report for a month without cases', async () => {
    const report = JSON.parse(await ok(['report', 'monthly', '--month', '2025-03', '--format', 'json'], REPORT_DAY));
    expect(report.totals).toMatchObject({
      ...zero,
      complaints: 0,
      substantiated: 0,
      complaints_on_time: 0,
      complaints_overdue: 0,
      rates: noRates,
      reviews: noReviews,
    });
    expect(report.windows).toHaveLength(5);
    expect(report.items).toEqual([]);
    expect(report.types).toEqual([]);
    expect(report.fees).toEqual([]);
    expect(report.overdue_cases).toEqual([]);
  });
});

describe('report assessment, hand-computed', () => {
  it('scores W001, W002 and W003 from their components and leaves the windows with nothing due unranked', async () => {
    const report = JSON.parse(await ok(['report', 'assessment', '--month', '2025-10', '--format', 'json'], REPORT_DAY));
    expect(report.rubric).toEqual(DEFAULT_RUBRIC);
    const [w1, w3, w2, ...unranked] = report.windows;
    // W001: A and C on time, F open and late at t (SPEC §6.3: a late case in hand counts as a late one):
    // 35 × 2 / 3 + 25 × 1 + 20 × 1 + (10 − 5 × 1) + (10 − 2) = 81.33; the September commendation does not count.
    expect(w1).toMatchObject({
      code: 'W001',
      rank: 1,
      score: 81.33,
      components: { on_time: 70 / 3, on_site: 25, satisfaction: 20, complaints: 5, discipline: 8, bonus: 0 },
      red_flag: false,
      not_ranked_reason: null,
      overdue_open: 1,
    });
    // W003 concluded nothing but holds B, late: ranked, 按时 0, the rate-less parts left out: 20 of 55.
    expect(w3).toMatchObject({
      code: 'W003',
      rank: 2,
      score: 36.36,
      components: { on_time: 0, on_site: null, satisfaction: null, complaints: 10, discipline: 10, bonus: 0 },
      not_ranked_reason: null,
      overdue_open: 1,
    });
    // W002: 0 + 0 + 0 + 10 + 10 = 20 of 100, plus the 3-point commendation.
    expect(w2).toMatchObject({
      code: 'W002',
      rank: 3,
      score: 23,
      components: { on_time: 0, on_site: 0, satisfaction: 0, complaints: 10, discipline: 10, bonus: 3 },
    });
    expect(
      unranked.map((window: { code: string; rank: null; score: null; not_ranked_reason: string }) => [
        window.code,
        window.rank,
        window.score,
        window.not_ranked_reason,
      ]),
    ).toEqual([
      ['W004', null, null, 'no_concluded_cases'],
      ['W005', null, null, 'no_concluded_cases'],
    ]);
    expect(report.bulletin).toEqual({
      entry_rate: 6 / 7,
      authorization_rate: 4 / 6,
      on_site_rate: 2 / 3,
      on_time_rate: 2 / 3,
      satisfied_rate: 2 / 3,
      bad_rate: 1 / 3,
      complaint_rate: 1 / 3,
    });
  });
});
