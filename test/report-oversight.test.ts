/**
 * The reports' part of 差评整改 and complaint deadlines (SPEC §7.2, §7.3): the monthly
 * pack's `reviews`, complaints_on_time / complaints_overdue / rates.complaint_on_time,
 * evaluations left out while their review is invalid, and the rubric's
 * review_overdue_penalty — on a small center driven through hall, every figure counted by
 * hand below.
 *
 * The calendar: 2025-09-28 (Sunday) and 2025-10-11 (Saturday) are make-up working days,
 * 10-01 … 10-08 the National Day holiday. W(a, b) counts the working days after a up to b,
 * so a review opened on d is due on the 5th working day after d (review_days 5).
 *
 * Cases, all 即办 and concluded on the spot (on time, on site): at W001 (市场监管窗口,
 * QT10002000) a1 … a8; at W004 (人社窗口, GG10005000) b0 … b4. Reviews by their case:
 *   b1 rated 1 on 09-30: opened 09-30, due 10-14 (10-09, 10, 11 调休, 13, 14); invalidated 10-09.
 *   a1 rated 2 on 10-09: due 10-15 (10, 11, 13, 14, 15); rectified 10-11 (the 调休 Saturday),
 *      visited 10-13 satisfied.
 *   a2 rated 1 on 10-09: due 10-15; rectified 10-20 (late), visited 10-21 unsatisfied.
 *   a3 rated 2 on 10-10: due 10-16 (11, 13, 14, 15, 16); never rectified.
 *   a4 rated 1 on 10-10: due 10-16; invalidated 10-14 (误评).
 *   a5 rated 2 on 10-13: due 10-20; raised to 4 on 10-15: revised, counts nowhere; the
 *      evaluation (好评) is dated 10-15.
 *   a6 rated 2 on 10-13: due 10-20 (14, 15, 16, 17, 20); rectified 10-20, its due date.
 *   b2 rated 2 on 10-16: due 10-23; replaced by a 1 on 10-17 while open (the review kept,
 *      the evaluation dated 10-17); invalidated 10-22.
 *   b4 rated 2 on 10-20: due 10-27 (21, 22, 23, 24, 27); invalidated 11-03, after October.
 *   b3 rated 2 on 10-27: due 11-03 (28, 29, 30, 31, 11-03); rectified 11-04, after October.
 * Other ratings: b0 5 on 09-30; a7 5 on 10-13; a8 3 on 10-14.
 *
 * Complaints (due = received + the category's working days: 咨询 2, 求助 10, 建议 10, 投诉 15, 举报 15):
 *   c1 W001 咨询 10-09, due 10-11 (10, 11 调休); closed 10-11: on time.
 *   c5 W004 举报 10-09, due 10-29 (10, 11, 13–17, 20–24, 27, 28, 29); closed 11-04.
 *   c2 W001 求助 10-10, due 10-23 (11, 13–17, 20–23); closed 10-24, substantiated: late.
 *   c3 W001 投诉 10-13, due 11-03 (14–17, 20–24, 27–31, 11-03); open.
 *   c7 W001 投诉 10-14, due 11-04; closed by the clock on 10-15 (a timestamp, not a date).
 *   c4 W004 咨询 10-20, due 10-22; open.
 *   c6 W004 建议 09-30, due 10-21 (10-09 … 10-21: 10 working days); open.
 * Reports run on 2025-11-05.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hall } from './helpers.js';

const home = mkdtempSync(join(tmpdir(), 'hall-oversight-report-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const db = join(home, 'hall.db');

const at = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;
const REPORT_DAY = at('2025-11-05', '09:00');

async function ok(args: string[], now: string): Promise<string> {
  const result = await hall(db, args, { HALL_NOW: now });
  if (result.code !== 0) throw new Error(`${args.join(' ')} → ${result.code}: ${result.stderr}`);
  return result.stdout;
}

const cases = new Map<string, string>();
const reviews = new Map<string, number>();

/** A 即办件 accepted and concluded on the spot at `now`, remembered as `label`. */
async function register(label: string, item: string, now: string): Promise<void> {
  const json = JSON.parse(await ok(['case', 'register', '--item', item, '--applicant', '申请人', '--conclude', 'approved', '--format', 'json'], now));
  cases.set(label, json.number);
}

/** `case rate`, dated by the clock; the review it opened (if any) remembered under the case's label. */
async function rate(label: string, level: number, now: string, replace = false): Promise<void> {
  await ok(['case', 'rate', cases.get(label)!, '--level', String(level), ...(replace ? ['--replace'] : [])], now);
  const list = JSON.parse(await ok(['review', 'list', '--format', 'json'], now)) as { id: number; case: string }[];
  const latest = list.filter((review) => review.case === cases.get(label)).at(-1);
  if (latest) reviews.set(label, latest.id);
}

const review = (step: string, label: string, date: string, ...flags: string[]) =>
  ok(['review', step, String(reviews.get(label)!), '--date', date, ...flags], at(date, '16:00'));

const complaint = (window: string, category: string, date: string) =>
  ok(['complaint', 'add', '--window', window, '--channel', '12345', '--category', category, '--summary', `${category}工单`, '--date', date], at(date));

beforeAll(async () => {
  await ok(['init', '--center', '测试市政务服务中心'], at('2025-09-01', '08:00'));
  await ok(['items', 'import', fixture('catalog-gb18030.csv')], at('2025-09-01', '08:00'));
  const W001 = 'QT10002000';
  const W004 = 'GG10005000';

  await register('b1', W004, at('2025-09-29'));
  await register('b0', W004, at('2025-09-30', '09:00'));
  await rate('b0', 5, at('2025-09-30', '09:10'));
  await rate('b1', 1, at('2025-09-30', '10:00'));
  await complaint('W004', '建议', '2025-09-30'); // c6 (id 1)

  await register('a1', W001, at('2025-10-09', '09:00'));
  await register('a2', W001, at('2025-10-09', '09:05'));
  await rate('a1', 2, at('2025-10-09', '09:30'));
  await rate('a2', 1, at('2025-10-09', '09:35'));
  await complaint('W001', '咨询', '2025-10-09'); // c1 (id 2)
  await complaint('W004', '举报', '2025-10-09'); // c5 (id 3)
  await review('invalidate', 'b1', '2025-10-09', '--reason', '误评：申请人点错');

  await register('a3', W001, at('2025-10-10', '09:00'));
  await register('a4', W001, at('2025-10-10', '09:05'));
  await rate('a3', 2, at('2025-10-10', '09:30'));
  await rate('a4', 1, at('2025-10-10', '09:35'));
  await complaint('W001', '求助', '2025-10-10'); // c2 (id 4)

  await review('rectify', 'a1', '2025-10-11', '--note', '调休日上门致歉');
  await ok(['complaint', 'close', '2', '--substantiated', 'no', '--date', '2025-10-11'], at('2025-10-11', '16:00'));

  await register('a5', W001, at('2025-10-13', '09:00'));
  await register('a6', W001, at('2025-10-13', '09:05'));
  await register('a7', W001, at('2025-10-13', '09:10'));
  await rate('a5', 2, at('2025-10-13', '09:30'));
  await rate('a6', 2, at('2025-10-13', '09:35'));
  await rate('a7', 5, at('2025-10-13', '09:40'));
  await review('visit', 'a1', '2025-10-13', '--result', 'satisfied');
  await complaint('W001', '投诉', '2025-10-13'); // c3 (id 5)

  await register('a8', W001, at('2025-10-14', '09:00'));
  await rate('a8', 3, at('2025-10-14', '09:30'));
  await review('invalidate', 'a4', '2025-10-14', '--reason', '恶意差评');
  await complaint('W001', '投诉', '2025-10-14'); // c7 (id 6)

  await rate('a5', 4, at('2025-10-15', '10:00'), true);
  await ok(['complaint', 'close', '6', '--substantiated', 'no'], at('2025-10-15', '16:00'));

  await register('b2', W004, at('2025-10-16', '09:00'));
  await rate('b2', 2, at('2025-10-16', '09:30'));
  await rate('b2', 1, at('2025-10-17', '09:30'), true);

  await register('b4', W004, at('2025-10-20', '09:00'));
  await rate('b4', 2, at('2025-10-20', '09:30'));
  await review('rectify', 'a2', '2025-10-20', '--note', '已整改');
  await review('rectify', 'a6', '2025-10-20', '--note', '已整改');
  await complaint('W004', '咨询', '2025-10-20'); // c4 (id 7)

  await review('visit', 'a2', '2025-10-21', '--result', 'unsatisfied');
  await review('invalidate', 'b2', '2025-10-22', '--reason', '误评');
  await ok(['complaint', 'close', '4', '--substantiated', 'yes', '--date', '2025-10-24'], at('2025-10-24', '16:00'));

  await register('b3', W004, at('2025-10-27', '09:00'));
  await rate('b3', 2, at('2025-10-27', '09:30'));

  await review('invalidate', 'b4', '2025-11-03', '--reason', '误评');
  await review('rectify', 'b3', '2025-11-04', '--note', '已整改');
  await ok(['complaint', 'close', '3', '--substantiated', 'no', '--date', '2025-11-04'], at('2025-11-04', '16:00'));
});

type Row = Record<string, unknown> & { code?: string; rates: Record<string, number | null>; reviews?: unknown };

interface Pack {
  evaluated_at: string;
  windows: Row[];
  departments: Row[];
  items: Row[];
  types: Row[];
  totals: Row & { ytd: Row };
}

const pack = async (...period: string[]): Promise<Pack> => JSON.parse(await ok(['report', 'monthly', ...period, '--format', 'json'], REPORT_DAY));
const october = () => pack('--month', '2025-10');
const windowOf = (report: Pack, code: string) => report.windows.find((row) => row.code === code)!;

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

const evaluationsOf = (row: Row) => ({
  evaluations: row.evaluations,
  good: row.good,
  neutral: row.neutral,
  bad: row.bad,
  rates: { good: row.rates.good, satisfied: row.rates.satisfied, bad: row.rates.bad },
});

const complaintsOf = (row: Row) => ({
  complaints: row.complaints,
  substantiated: row.substantiated,
  complaints_on_time: row.complaints_on_time,
  complaints_overdue: row.complaints_overdue,
  complaint_on_time: row.rates.complaint_on_time,
});

describe('reviews in the monthly pack (SPEC §7.2)', () => {
  it('counts the reviews opened in October by their state at t = 10-31, per window and in total', async () => {
    const report = await october();
    expect(report.evaluated_at).toBe('2025-10-31');
    // W001: a1, a2, a3, a4, a6 (a5's was revised: nowhere). Invalid: a4. Rectified by t: a1
    // (10-11 ≤ due 10-15), a6 (10-20 = due), a2 (10-20 > due 10-15). Overdue: a2 (late) and
    // a3 (open, t > 10-16). Visited: a1 (satisfied), a2 (unsatisfied).
    // Rates: 3 / (5 − 1), 2 / 4, 2 / 3, 1 / 2.
    expect(windowOf(report, 'W001').reviews).toEqual({
      opened: 5,
      invalid: 1,
      rectified: 3,
      rectified_on_time: 2,
      overdue: 2,
      visited: 2,
      visit_satisfied: 1,
      rates: { rectified: 0.75, on_time: 0.5, visited: 2 / 3, visit_satisfied: 0.5 },
    });
    // W004: b2 (invalid 10-22), b4 (invalidated 11-03, after t: open at t and past 10-27, so
    // overdue), b3 (rectified 11-04, after t: open at t, due 11-03, not overdue). b1 opened
    // in September. Rates: 0 / (3 − 1) twice; nothing rectified, nothing visited: null.
    expect(windowOf(report, 'W004').reviews).toEqual({
      ...noReviews,
      opened: 3,
      invalid: 1,
      overdue: 1,
      rates: { rectified: 0, on_time: 0, visited: null, visit_satisfied: null },
    });
    for (const code of ['W002', 'W003']) expect(windowOf(report, code).reviews).toEqual(noReviews);
    // 8 opened, 2 invalid: 3 / 6, 2 / 6, 2 / 3, 1 / 2.
    expect(report.totals.reviews).toEqual({
      opened: 8,
      invalid: 2,
      rectified: 3,
      rectified_on_time: 2,
      overdue: 3,
      visited: 2,
      visit_satisfied: 1,
      rates: { rectified: 0.5, on_time: 1 / 3, visited: 2 / 3, visit_satisfied: 0.5 },
    });
    // Windows and totals only, as complaints.
    for (const list of [report.departments, report.items, report.types]) for (const row of list) expect(row).not.toHaveProperty('reviews');
    expect(report.totals.ytd).not.toHaveProperty('reviews');
  });

  it('judges every step by t: a span ending 10-13 sees only what had happened by then', async () => {
    const report = await pack('--from', '2025-10-01', '--to', '2025-10-13');
    expect(report.evaluated_at).toBe('2025-10-13');
    // Opened 10-01 … 10-13 at W001: a1, a2, a3, a4, a6 (a5 revised on 10-15, after t, yet it
    // counts nowhere). At 10-13: a4 not yet invalidated (10-14), a1 rectified (on time) and
    // visited satisfied that day; a2 and a6 rectified later; nothing past its due date (the
    // earliest, 10-15). Rates: 1 / 5 twice, 1 / 1 twice.
    expect(windowOf(report, 'W001').reviews).toEqual({
      opened: 5,
      invalid: 0,
      rectified: 1,
      rectified_on_time: 1,
      overdue: 0,
      visited: 1,
      visit_satisfied: 1,
      rates: { rectified: 0.2, on_time: 0.2, visited: 1, visit_satisfied: 1 },
    });
    const mid = await pack('--from', '2025-10-01', '--to', '2025-10-16');
    // At 10-16: a2 open past its due date 10-15 (rectified only on 10-20); a3 due 10-16 is not
    // yet late; a4 invalid. Rectified: a1 only, so 1 / (5 − 1).
    expect(windowOf(mid, 'W001').reviews).toMatchObject({ opened: 5, invalid: 1, rectified: 1, overdue: 1, rates: { rectified: 0.25, on_time: 0.25 } });
    // b2 opened on 10-16, open at t.
    expect(windowOf(mid, 'W004').reviews).toMatchObject({ opened: 1, invalid: 0, overdue: 0, rates: { rectified: 0 } });
  });

  it('counts a review in the month it was opened: September has b1, open at 09-30', async () => {
    const report = await pack('--month', '2025-09');
    expect(windowOf(report, 'W004').reviews).toEqual({ ...noReviews, opened: 1, rates: { rectified: 0, on_time: 0, visited: null, visit_satisfied: null } });
  });
});

describe('evaluations whose review is invalid at t (SPEC §7.2)', () => {
  it('leaves them out of windows, departments, items, types and the totals', async () => {
    const report = await october();
    // W001 in October: a1 2, a2 1, a3 2, a5 4 (its replacement of 10-15), a6 2, a7 5, a8 3;
    // a4's 1 is left out (invalid since 10-14). 7: good 2, neutral 1, bad 4.
    const w001 = { evaluations: 7, good: 2, neutral: 1, bad: 4, rates: { good: 2 / 7, satisfied: 3 / 7, bad: 4 / 7 } };
    expect(evaluationsOf(windowOf(report, 'W001'))).toEqual(w001);
    // W004: b4 2 (its review invalidated only on 11-03) and b3 2; b2's 1 (dated 10-17 by its
    // replacement, the review kept and invalidated 10-22) is left out.
    const w004 = { evaluations: 2, good: 0, neutral: 0, bad: 2, rates: { good: 0, satisfied: 0, bad: 1 } };
    expect(evaluationsOf(windowOf(report, 'W004'))).toEqual(w004);
    expect(evaluationsOf(report.totals)).toEqual({ evaluations: 9, good: 2, neutral: 1, bad: 6, rates: { good: 2 / 9, satisfied: 3 / 9, bad: 6 / 9 } });
    // Each window has one item, one department and one type here.
    const item = (code: string) => report.items.find((row) => row.code === code)!;
    expect(evaluationsOf(item('QT10002000'))).toEqual(w001);
    expect(evaluationsOf(item('GG10005000'))).toEqual(w004);
    const department = (name: string) => report.departments.find((row) => row.name === name)!;
    expect(evaluationsOf(department('市场监管局'))).toEqual(w001);
    expect(evaluationsOf(department('人社局'))).toEqual(w004);
    const type = (name: string) => report.types.find((row) => row.type === name)!;
    expect(evaluationsOf(type(item('QT10002000').type as string))).toEqual(w001);
    expect(evaluationsOf(type(item('GG10005000').type as string))).toEqual(w004);
  });

  it('leaves them out of the year to date, judged at the same t', async () => {
    const { ytd } = (await october()).totals;
    // October's 9, b0's 5 of 09-30, and not b1's 1 of 09-30 (its review invalid since 10-09).
    expect(evaluationsOf(ytd)).toEqual({ evaluations: 10, good: 3, neutral: 1, bad: 6, rates: { good: 0.3, satisfied: 0.4, bad: 0.6 } });
  });

  it('counts them while the review is not yet invalid at t', async () => {
    // September is judged at 09-30: b1's review was invalidated on 10-09, so its 1 counts.
    const september = await pack('--month', '2025-09');
    expect(evaluationsOf(windowOf(september, 'W004'))).toEqual({ evaluations: 2, good: 1, neutral: 0, bad: 1, rates: { good: 0.5, satisfied: 0.5, bad: 0.5 } });
    // To 10-13: a4's 1 counts (invalidated 10-14); a5's is dated 10-15 and a8's 10-14, outside.
    const early = await pack('--from', '2025-10-01', '--to', '2025-10-13');
    expect(evaluationsOf(windowOf(early, 'W001'))).toEqual({
      evaluations: 6,
      good: 1,
      neutral: 0,
      bad: 5,
      rates: { good: 1 / 6, satisfied: 1 / 6, bad: 5 / 6 },
    });
  });
});

describe('complaints with deadlines in the monthly pack (SPEC §7.3)', () => {
  it('counts those received in October, on time and overdue at t = 10-31', async () => {
    const report = await october();
    // W001: c1 (closed 10-11 = due, on time), c2 (closed 10-24 > due 10-23, late; substantiated),
    // c3 (open, due 11-03: neither), c7 (closed 10-15 by the clock, due 11-04, on time). 2 of 4.
    expect(complaintsOf(windowOf(report, 'W001'))).toEqual({
      complaints: 4,
      substantiated: 1,
      complaints_on_time: 2,
      complaints_overdue: 1,
      complaint_on_time: 0.5,
    });
    // W004: c5 (closed 11-04, after t: open at t and past 10-29), c4 (open, past 10-22). c6 came in September.
    expect(complaintsOf(windowOf(report, 'W004'))).toEqual({
      complaints: 2,
      substantiated: 0,
      complaints_on_time: 0,
      complaints_overdue: 2,
      complaint_on_time: 0,
    });
    expect(complaintsOf(windowOf(report, 'W002'))).toEqual({
      complaints: 0,
      substantiated: 0,
      complaints_on_time: 0,
      complaints_overdue: 0,
      complaint_on_time: null,
    });
    expect(complaintsOf(report.totals)).toEqual({ complaints: 6, substantiated: 1, complaints_on_time: 2, complaints_overdue: 3, complaint_on_time: 1 / 3 });
    // The year to date adds c6 (建议, open, due 10-21): overdue at 10-31.
    expect(complaintsOf(report.totals.ytd)).toEqual({
      complaints: 7,
      substantiated: 1,
      complaints_on_time: 2,
      complaints_overdue: 4,
      complaint_on_time: 2 / 7,
    });
    // Departments, items and types carry no complaint figures.
    for (const row of [...report.departments, ...report.items, ...report.types]) {
      expect(complaintsOf(row)).toEqual({ complaints: null, substantiated: null, complaints_on_time: null, complaints_overdue: null, complaint_on_time: null });
    }
  });

  it('judges a closing by t: to 10-13, c2 is open and not yet due, c1 already answered', async () => {
    const report = await pack('--from', '2025-10-01', '--to', '2025-10-13');
    // c2 was substantiated on 10-24: `substantiated` is as of when the report runs (SPEC §6.1).
    expect(complaintsOf(windowOf(report, 'W001'))).toEqual({
      complaints: 3,
      substantiated: 1,
      complaints_on_time: 1,
      complaints_overdue: 0,
      complaint_on_time: 1 / 3,
    });
  });
});

describe('review_overdue_penalty in the assessment (SPEC §6.3, §7.2)', () => {
  const assess = async (rubric?: Record<string, number>) => {
    const args = ['report', 'assessment', '--month', '2025-10', '--format', 'json'];
    if (rubric) {
      const file = join(home, `rubric-${Object.values(rubric).join('-')}.json`);
      writeFileSync(file, JSON.stringify(rubric));
      args.push('--rubric', file);
    }
    return JSON.parse(await ok(args, REPORT_DAY)) as {
      rubric: Record<string, number>;
      windows: { code: string; score: number | null; rank: number | null; components: Record<string, number | null>; overdue_reviews: number }[];
      bulletin: Record<string, number | null>;
    };
  };

  it('costs nothing by default, and 0 in a rubric file gives the same scores', async () => {
    const plain = await assess();
    expect(plain.rubric.review_overdue_penalty).toBe(0);
    const [w001, w004] = plain.windows;
    // W001: 8 concluded on time on site; satisfied 3 / 7 (a4's invalid 1 left out); c2
    // substantiated: 35 + 25 + 20 × 3/7 + (10 − 5) + 10 = 83.57.
    expect(w001).toMatchObject({ code: 'W001', rank: 1, score: 83.57, overdue_reviews: 2 });
    expect(w001!.components).toMatchObject({ on_time: 35, on_site: 25, complaints: 5, discipline: 10, bonus: 0 });
    expect(w001!.components.satisfaction).toBeCloseTo(60 / 7, 12);
    // W004: b2, b4, b3 concluded in October; satisfied 0 / 2: 35 + 25 + 0 + 10 + 10 = 80.
    expect(w004).toMatchObject({ code: 'W004', rank: 2, score: 80, overdue_reviews: 1 });
    expect(w004!.components).toMatchObject({ satisfaction: 0, discipline: 10 });
    // The bulletin's evaluation rates leave the invalid ones out as well.
    expect(plain.bulletin).toMatchObject({ satisfied_rate: 3 / 9, bad_rate: 6 / 9 });
    const zero = await assess({ review_overdue_penalty: 0 });
    expect(zero.windows).toEqual(plain.windows);
  });

  it('takes the penalty from discipline per overdue review of the window in the period', async () => {
    const report = await assess({ review_overdue_penalty: 2 });
    expect(report.rubric.review_overdue_penalty).toBe(2);
    const [w001, w004] = report.windows;
    // W001: 10 − 2 × 2 (a2 late, a3 never) = 6, score 79.57; W004: 10 − 2 × 1 (b4) = 8, score 78.
    expect(w001).toMatchObject({ code: 'W001', score: 79.57, components: { discipline: 6 } });
    expect(w004).toMatchObject({ code: 'W004', score: 78, components: { discipline: 8 } });
    // Never below 0: 10 − 6 × 2 at W001.
    const heavy = await assess({ review_overdue_penalty: 6 });
    expect(heavy.windows.find((window) => window.code === 'W001')!.components.discipline).toBe(0);
  });

  it('shows the overdue reviews and how discipline is counted in 窗口考核评分表 when a penalty is set', async () => {
    const file = join(home, 'rubric-table.json');
    writeFileSync(file, JSON.stringify({ review_overdue_penalty: 2 }));
    const csv = await ok(['report', 'assessment', '--month', '2025-10', '--rubric', file, '--format', 'csv', '--section', 'scores'], REPORT_DAY);
    expect(csv.split('\r\n')[0]).toContain(',纪律,超期整改,');
    const table = await ok(['report', 'assessment', '--month', '2025-10', '--rubric', file], REPORT_DAY);
    expect(table).toContain('超期整改的差评 × 2');
    const plain = await ok(['report', 'assessment', '--month', '2025-10', '--format', 'csv', '--section', 'scores'], REPORT_DAY);
    expect(plain.split('\r\n')[0]).not.toContain('超期整改');
  });
});

describe('差评整改统计表 and 投诉统计表 on screen, in CSV and in the workbook', () => {
  it('fits 80 columns on a terminal, leaving out named columns, with its 合计 row', async () => {
    const result = await hall(db, ['report', 'monthly', '--month', '2025-10', '--section', 'reviews'], { HALL_NOW: REPORT_DAY }, true);
    expect(result.code).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's colour codes
    const lines = result.stdout.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
    expect(lines.join('\n')).toContain('差评整改统计表');
    expect(Math.max(...lines.map((line) => stringWidth(line)))).toBeLessThanOrEqual(80);
    expect(lines.find((line) => line.includes('合计'))).toMatch(/合计.*\b8\b/);
    for (const title of ['差评', '已整改', '超期', '整改率']) expect(lines.join('\n')).toContain(title);
    const complaints = await hall(db, ['report', 'monthly', '--month', '2025-10', '--section', 'complaints'], { HALL_NOW: REPORT_DAY }, true);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's colour codes
    const complaintLines = complaints.stdout.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
    expect(Math.max(...complaintLines.map((line) => stringWidth(line)))).toBeLessThanOrEqual(80);
    expect(complaintLines.join('\n')).toContain('按期办结率');
  });

  it('writes the sections as CSV with every column', async () => {
    const reviewsCsv = (await ok(['report', 'monthly', '--month', '2025-10', '--format', 'csv', '--section', '差评整改统计表'], REPORT_DAY))
      .trim()
      .split('\r\n');
    expect(reviewsCsv[0]).toBe('窗口,窗口名称,差评,申诉成立,已整改,按期整改,超期,已回访,回访满意,整改率,按期整改率,回访率,回访满意率');
    expect(reviewsCsv.find((line) => line.startsWith('W001,'))).toBe('W001,市场监管窗口,5,1,3,2,2,2,1,75.00%,50.00%,66.67%,50.00%');
    expect(reviewsCsv.find((line) => line.startsWith('W004,'))).toBe('W004,人社窗口,3,1,0,0,1,0,0,0.00%,0.00%,—,—');
    expect(reviewsCsv.at(-1)).toBe('合计,,8,2,3,2,3,2,1,50.00%,33.33%,66.67%,50.00%');
    const complaintsCsv = (await ok(['report', 'monthly', '--month', '2025-10', '--format', 'csv', '--section', 'complaints'], REPORT_DAY))
      .trim()
      .split('\r\n');
    expect(complaintsCsv[0]).toBe('窗口,窗口名称,受理,投诉,查实,投诉率,按期办结,超期,按期办结率');
    // W001 accepted a1 … a8 in October.
    expect(complaintsCsv.find((line) => line.startsWith('W001,'))).toBe('W001,市场监管窗口,8,4,1,50.00%,2,1,50.00%');
    expect(complaintsCsv.at(-1)).toBe('合计,,11,6,1,54.55%,2,3,33.33%');
    const english = await ok(['report', 'monthly', '--month', '2025-10', '--format', 'csv', '--section', 'reviews', '--lang', 'en'], REPORT_DAY);
    expect(english.split('\r\n')[0]).toBe('window,name,bad,invalid,put right,in time,overdue,visited,satisfied,put right,in time,visited,satisfied');
  });

  it('gives the workbook a 差评整改统计表 sheet, and one CSV file per section', async () => {
    const file = join(home, 'october.xlsx');
    await ok(['report', 'monthly', '--month', '2025-10', '--out', file, '--force'], REPORT_DAY);
    const sheets = (await readXlsxFile(file)).map((sheet) => sheet.sheet);
    expect(sheets).toContain('差评整改统计表');
    expect(sheets.indexOf('差评整改统计表')).toBe(sheets.indexOf('评价统计表') + 1);
    const rows = await readSheet(file, '差评整改统计表');
    expect(rows[1]!.slice(0, 5)).toEqual(['窗口', '窗口名称', '差评', '申诉成立', '已整改']);
    const w001 = rows.find((row) => row[0] === 'W001')!;
    expect(w001.slice(2, 9)).toEqual([5, 1, 3, 2, 2, 2, 1]);
    // Rates are numbers in the workbook (0.75 = 75%).
    expect(w001[9]).toBe(0.75);
    const dir = join(home, 'csv');
    await ok(['report', 'monthly', '--month', '2025-10', '--format', 'csv', '--out', `${dir}/`], REPORT_DAY);
    expect(readdirSync(dir)).toContain('2025-10-月度统计-差评整改统计表.csv');
    expect(readFileSync(join(dir, '2025-10-月度统计-差评整改统计表.csv'), 'utf8')).toMatch(/^\uFEFF窗口,窗口名称,差评/);
  });
});
