/** `hall demo`: a believable, seeded center built in one transaction, and the reports over it agreeing with themselves. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, type WorkCalendar } from '../src/core/calendar.js';
import { weekday } from '../src/core/dates.js';
import { writeTransactionAsync } from '../src/db/database.js';
import { DEMO_ITEM_PROFILES, DEMO_WINDOWS } from '../src/demo/center.js';
import { mulberry32 } from '../src/demo/dice.js';
import { demoMonths } from '../src/demo/plan.js';
import { loadCalendar } from '../src/store/calendar.js';
import { dump, fixture, freshDb, hall } from './helpers.js';

const NOW = { HALL_NOW: '2025-11-03T08:30:00+08:00' };
/** 行政许可法 Art. 45: the procedures whose time is not counted. */
const ARTICLE_45 = ['听证', '招标', '拍卖', '检验', '检测', '检疫', '鉴定', '专家评审'];

/** Reads the built database directly, as a check from outside hall's own report code. */
function query<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const scalar = (path: string, sql: string, ...params: unknown[]) => Object.values(query<Record<string, number>>(path, sql, ...params)[0]!)[0]!;

function calendarOf(path: string): WorkCalendar {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return loadCalendar(db);
  } finally {
    db.close();
  }
}

describe('the months of the demo', () => {
  it('end with the last full month before today, also across a new year', () => {
    expect(demoMonths('2025-11-03', 3)).toEqual([
      [2025, 8],
      [2025, 9],
      [2025, 10],
    ]);
    expect(demoMonths('2026-01-05', 2)).toEqual([
      [2025, 11],
      [2025, 12],
    ]);
  });

  it('draws the same numbers for the same seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, mulberry32(seed));
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });
});

describe('hall demo on a fresh database', () => {
  let db: string;
  let stdout: string;

  // One demo center for these tests (helpers' temp dirs go after each test).
  const home = mkdtempSync(join(tmpdir(), 'hall-demo-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  beforeAll(async () => {
    db = join(home, 'hall.db');
    expect((await hall(db, ['init', '--center', '测试市政务服务中心'])).code).toBe(0);
    const result = await hall(db, ['demo'], NOW);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    stdout = result.stdout;
  });

  it('builds 12–15 windows and about 50 items of every kind a catalog has', () => {
    const windows = scalar(db, 'SELECT count(*) FROM windows');
    expect(windows).toBeGreaterThanOrEqual(12);
    expect(windows).toBeLessThanOrEqual(15);
    expect(scalar(db, 'SELECT count(DISTINCT department_id) FROM windows')).toBeGreaterThanOrEqual(8);
    expect(scalar(db, 'SELECT count(*) FROM windows WHERE department_id IS NULL')).toBe(1); // the 综合窗口
    const items = scalar(db, 'SELECT count(*) FROM items');
    expect(items).toBeGreaterThanOrEqual(45);
    expect(items).toBeLessThanOrEqual(60);
    expect(scalar(db, 'SELECT count(*) FROM items WHERE promised_days = 0')).toBeGreaterThan(0);
    expect(scalar(db, "SELECT count(*) FROM items WHERE limit_unit = 'calendar'")).toBeGreaterThan(0);
    expect(scalar(db, 'SELECT count(*) FROM items WHERE window_id IS NULL')).toBeGreaterThan(0);
    expect(scalar(db, 'SELECT count(*) FROM items WHERE fee_fen > 0')).toBeGreaterThan(0);
    expect(scalar(db, 'SELECT count(*) FROM items WHERE parent_code IS NOT NULL')).toBeGreaterThan(0);
  });

  it('enters every item of the catalog at a demo window, and profiles only items that exist', () => {
    const codes = new Set(query<{ code: string }>(db, 'SELECT code FROM items').map((row) => row.code));
    for (const code of Object.keys(DEMO_ITEM_PROFILES)) expect(codes, code).toContain(code);
    const windows = query<{ code: string }>(db, 'SELECT code FROM windows ORDER BY code').map((row) => row.code);
    expect(windows).toEqual(DEMO_WINDOWS.map((window) => window.code).sort());
  });

  it('has cases on working days only, inside office hours, with every event at or after the one before', () => {
    const calendar = calendarOf(db);
    const events = query<{ case_id: number; at: string; date: string; minutes: number }>(
      db,
      'SELECT case_id, at, date, minutes FROM case_events_text ORDER BY case_id, id',
    );
    expect(events.length).toBeGreaterThan(5000);
    let previous: { case_id: number; at: string } | undefined;
    for (const event of events) {
      expect(isWorkingDay(calendar, event.date), event.date).toBe(true);
      expect(event.minutes).toBeGreaterThanOrEqual(8 * 60 + 30);
      expect(event.minutes).toBeLessThanOrEqual(17 * 60 + 30);
      expect(event.date >= '2025-08-01' && event.date <= '2025-10-31', event.date).toBe(true);
      if (previous?.case_id === event.case_id) expect(Date.parse(event.at)).toBeGreaterThanOrEqual(Date.parse(previous.at));
      previous = event;
    }
  });

  it('has some of everything a center sees', () => {
    const count = (sql: string) => scalar(db, sql);
    expect(count("SELECT count(*) FROM cases_text WHERE state = 'concluded' AND on_time = 0")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM case_pauses_text WHERE kind = 'supplement'")).toBeGreaterThan(0);
    const special = query<{ reason: string }>(db, "SELECT DISTINCT reason FROM case_pauses_text WHERE kind = 'special'").map((row) => row.reason);
    expect(special.length).toBeGreaterThan(0);
    for (const reason of special) expect(ARTICLE_45).toContain(reason);
    expect(count("SELECT count(*) FROM case_events_text WHERE kind = 'advance' AND location = 'backoffice'")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM cases_text WHERE state = 'withdrawn'")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM cases_text WHERE state = 'refused'")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM cases_text WHERE outcome = 'denied'")).toBeGreaterThan(0);
    expect(count('SELECT count(*) FROM cases_text WHERE fee_fen > 0')).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM cases_text WHERE state IN ('open', 'paused')")).toBeGreaterThan(0);
    expect(count('SELECT count(*) FROM cases_text WHERE delivered = 1')).toBeGreaterThan(0);
    const evaluations = count('SELECT count(*) FROM evaluations');
    const good = count('SELECT count(*) FROM evaluations WHERE level >= 4');
    expect(count('SELECT count(*) FROM evaluations WHERE level <= 2')).toBeGreaterThan(0);
    expect(good / evaluations).toBeGreaterThan(0.8);
    const complaints = count('SELECT count(*) FROM complaints');
    expect(complaints).toBeGreaterThan(0);
    expect(complaints).toBeLessThan(40);
    expect(count("SELECT count(*) FROM complaints WHERE status = 'closed' AND substantiated = 1")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM complaints WHERE status = 'closed' AND substantiated = 0")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM window_records WHERE kind = 'deduction'")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM window_records WHERE kind = 'commendation' AND reason LIKE '%锦旗%'")).toBeGreaterThan(0);
  });

  it('is busier on Mondays and busiest the first day after the National Day holiday, with popular and rare items', () => {
    const days = query<{ day: string; cases: number }>(db, 'SELECT substr(number, 1, 8) AS day, count(*) AS cases FROM cases_text GROUP BY day');
    const date = (day: string) => `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
    const mean = (rows: typeof days) => rows.reduce((total, row) => total + row.cases, 0) / rows.length;
    const midweek = mean(days.filter((row) => [2, 3, 4].includes(weekday(date(row.day)))));
    expect(mean(days.filter((row) => weekday(date(row.day)) === 1))).toBeGreaterThan(midweek);
    expect(days.find((row) => row.day === '20251009')!.cases).toBeGreaterThan(1.3 * midweek);
    const perItem = query<{ cases: number }>(db, 'SELECT count(*) AS cases FROM cases_text GROUP BY item_id ORDER BY cases DESC');
    expect(perItem[0]!.cases).toBeGreaterThan(20 * perItem[perItem.length - 1]!.cases);
  });

  it("prints a summary, then last month's pack and assessment exactly as the report commands print them", async () => {
    expect(stdout).toContain('已建成示范中心"测试市政务服务中心"：部门 17 个，窗口 14 个，事项 57 项');
    expect(stdout).toContain('2025-08-01 至 2025-10-31（3 个月，种子 1）：受理 ');
    const monthly = await hall(db, ['report', 'monthly', '--month', 'last'], NOW);
    const assessment = await hall(db, ['report', 'assessment', '--month', 'last'], NOW);
    expect(monthly.code).toBe(0);
    expect(assessment.code).toBe(0);
    expect(stdout).toContain(monthly.stdout);
    expect(stdout).toContain(assessment.stdout);
    expect(stdout.indexOf(monthly.stdout)).toBeLessThan(stdout.indexOf(assessment.stdout));
    // Piped output fits 120 columns, the summary's long sentences folded.
    for (const line of stdout.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(120);
  });

  it('makes a month of realistic volume whose reports agree with themselves and with the cases', async () => {
    const pack = JSON.parse((await hall(db, ['report', 'monthly', '--month', 'last', '--format', 'json'], NOW)).stdout);
    const { totals } = pack;
    expect(totals.accepted).toBeGreaterThan(500);
    expect(totals.accepted).toBe(scalar(db, "SELECT count(*) FROM cases_text WHERE accepted_date BETWEEN '2025-10-01' AND '2025-10-31'"));
    expect(totals.refused).toBe(scalar(db, "SELECT count(*) FROM cases_text WHERE refused_date BETWEEN '2025-10-01' AND '2025-10-31'"));
    for (const field of ['accepted', 'concluded', 'withdrawn', 'carried_over', 'open_at_end', 'overdue', 'fees_fen', 'evaluations', 'complaints']) {
      const sum = (list: Record<string, number>[]) => list.reduce((total, group) => total + group[field]!, 0);
      expect(sum(pack.windows), `windows: ${field}`).toBe(totals[field]);
      if (field !== 'complaints') expect(sum(pack.departments), `departments: ${field}`).toBe(totals[field]);
    }
    expect(totals.open_at_end).toBe(totals.carried_over + totals.accepted - totals.concluded - totals.withdrawn);
    expect(totals.overdue).toBeGreaterThan(0);
    expect(pack.overdue_cases).toHaveLength(totals.overdue);
    expect(totals.rates.on_time).toBeGreaterThan(0.95);

    const assessed = JSON.parse((await hall(db, ['report', 'assessment', '--month', 'last', '--format', 'json'], NOW)).stdout);
    expect(assessed.windows).toHaveLength(14);
    expect(assessed.windows.filter((window: { red_flag: boolean }) => window.red_flag).length).toBeGreaterThan(0);
    expect(assessed.windows.some((window: { components: { discipline: number } }) => window.components.discipline < 10)).toBe(true);
  });

  it('imports the nine 一件事 of the fixture and registers three to six combined cases every month, on working days', () => {
    expect(scalar(db, "SELECT count(*) FROM bundles WHERE status = 'active'")).toBe(9);
    const months = query<{ month: string; combined: number }>(
      db,
      'SELECT substr(accepted_date, 1, 7) AS month, count(*) AS combined FROM combined_cases GROUP BY month ORDER BY month',
    );
    expect(months.map((row) => row.month)).toEqual(['2025-08', '2025-09', '2025-10']);
    for (const row of months) {
      expect(row.combined, row.month).toBeGreaterThanOrEqual(3);
      expect(row.combined, row.month).toBeLessThanOrEqual(6);
    }
    const calendar = calendarOf(db);
    for (const { date, minutes } of query<{ date: string; minutes: number }>(
      db,
      'SELECT accepted_date AS date, CAST(substr(accepted_at, 12, 2) AS INTEGER) * 60 + CAST(substr(accepted_at, 15, 2) AS INTEGER) AS minutes FROM combined_cases',
    )) {
      expect(isWorkingDay(calendar, date), date).toBe(true);
      expect(minutes).toBeGreaterThanOrEqual(8 * 60 + 30);
      expect(minutes).toBeLessThanOrEqual(17 * 60 + 30);
    }
    // Several bundles, not one over and over; and an optional member left out now and then.
    expect(scalar(db, 'SELECT count(DISTINCT bundle_id) FROM combined_cases')).toBeGreaterThanOrEqual(4);
    const leftOut = scalar(
      db,
      `SELECT count(*) FROM combined_cases j
        WHERE (SELECT count(*) FROM cases_text c WHERE c.combined_id = j.id) < (SELECT count(*) FROM bundle_members m WHERE m.bundle_id = j.bundle_id)`,
    );
    expect(leftOut).toBeGreaterThan(0);
    // Every part at the 综合窗口 (一窗受理), or every part at its own item's window.
    const placed = query<{ parts: number; one_window: number; own_window: number }>(
      db,
      `SELECT count(*) AS parts, sum(w.code = 'G01') AS one_window, sum(c.window_id = i.window_id) AS own_window
         FROM cases_text c JOIN windows w ON w.id = c.window_id JOIN items i ON i.id = c.item_id WHERE c.combined_id IS NOT NULL GROUP BY c.combined_id`,
    );
    for (const row of placed) expect([row.one_window, row.own_window]).toContain(row.parts);
  });

  it('lives the parts of each 一件事 as cases: one paused while others run, one denied, withdrawn or handed over together', () => {
    const count = (sql: string) => scalar(db, sql);
    // A part paused (补正 or an Art. 45 procedure) beside a part that was not.
    expect(
      count(`SELECT count(DISTINCT a.combined_id) FROM cases_text a JOIN cases_text b ON b.combined_id = a.combined_id AND b.id <> a.id
              WHERE EXISTS (SELECT 1 FROM case_pauses_text p WHERE p.case_id = a.id) AND NOT EXISTS (SELECT 1 FROM case_pauses_text p WHERE p.case_id = b.id)`),
    ).toBeGreaterThan(0);
    // A partial outcome: one part denied, another approved.
    expect(
      count(`SELECT count(*) FROM combined_cases j
              WHERE EXISTS (SELECT 1 FROM cases_text c WHERE c.combined_id = j.id AND c.outcome = 'denied')
                AND EXISTS (SELECT 1 FROM cases_text c WHERE c.combined_id = j.id AND c.outcome = 'approved')`),
    ).toBeGreaterThan(0);
    // case withdraw J…: every unfinished part withdrawn at one moment, none of them alone.
    const withdrawn = query<{ combined_id: number; moments: number }>(
      db,
      `SELECT c.combined_id, count(DISTINCT e.at) AS moments FROM cases_text c JOIN case_events_text e ON e.case_id = c.id AND e.kind = 'withdraw'
        WHERE c.combined_id IS NOT NULL GROUP BY c.combined_id`,
    );
    expect(withdrawn.length).toBeGreaterThan(0);
    for (const row of withdrawn) expect(row.moments).toBe(1);
    // 统一出件: the concluded parts of a 一件事 are delivered together, after the last of them.
    const delivered = query<{ moments: number; undelivered: number; last_before: number }>(
      db,
      `SELECT count(DISTINCT e.at) AS moments,
              (SELECT count(*) FROM cases_text u WHERE u.combined_id = c.combined_id AND u.state = 'concluded' AND u.delivered = 0) AS undelivered,
              max(e.at) >= (SELECT max(u.concluded_at) FROM cases_text u WHERE u.combined_id = c.combined_id) AS last_before
         FROM cases_text c JOIN case_events_text e ON e.case_id = c.id AND e.kind = 'deliver' WHERE c.combined_id IS NOT NULL GROUP BY c.combined_id`,
    );
    expect(delivered.length).toBeGreaterThan(5);
    for (const row of delivered) expect(row).toEqual({ moments: 1, undelivered: 0, last_before: 1 });
  });

  it('leaves combined cases open and concluded, and one late on the bundle’s promise while every part kept its own', async () => {
    const listed: { number: string; state: string }[] = JSON.parse((await hall(db, ['case', 'list', '--combined', '--format', 'json'], NOW)).stdout);
    expect(listed).toHaveLength(scalar(db, 'SELECT count(*) FROM combined_cases'));
    const states = new Set(listed.map((combined) => combined.state));
    expect(states).toContain('concluded');
    expect(states.has('open') || states.has('paused')).toBe(true);
    const october = listed.filter((combined) => combined.number.startsWith('J202510'));
    expect(october.some((combined) => combined.state === 'concluded')).toBe(true);
    expect(october.some((combined) => combined.state === 'open' || combined.state === 'paused')).toBe(true);

    // The point of 一件事: its own promise is shorter than a member's, so it can be late with no part late.
    const candidates = query<{ number: string }>(
      db,
      `SELECT j.number FROM combined_cases j
        WHERE NOT EXISTS (SELECT 1 FROM cases_text c WHERE c.combined_id = j.id AND (c.state <> 'concluded' OR c.on_time = 0))
        ORDER BY j.number`,
    ).map((row) => row.number);
    let late: { on_time: boolean; parts: unknown[] } | undefined;
    for (const number of candidates) {
      const shown = JSON.parse((await hall(db, ['case', 'show', number, '--format', 'json'], NOW)).stdout);
      if (shown.on_time === false) {
        late = shown;
        break;
      }
    }
    expect(late, 'a combined case late with every part on time').toBeDefined();
    const explained = await hall(
      db,
      ['case', 'show', listed.find((combined) => combined.state === 'open' || combined.state === 'paused')!.number, '--explain'],
      NOW,
    );
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('逐日计算');
    expect(stdout).toMatch(/一件事 \d+ 件（\d+ 个办件）：办结 \d+ 件/);
  });

  it('opens a review for every bad rating, and each month puts them right on time and late, upholds one appeal, visits both ways', () => {
    // Each case is rated once, so each bad rating opened a review of its own, dated as the rating.
    expect(scalar(db, 'SELECT count(*) FROM reviews')).toBe(scalar(db, 'SELECT count(*) FROM evaluations WHERE level <= 2'));
    expect(
      scalar(
        db,
        'SELECT count(*) FROM reviews r JOIN evaluations_text e ON e.case_id = r.case_id WHERE e.level <= 2 AND e.date = r.opened AND e.level = r.level',
      ),
    ).toBe(scalar(db, 'SELECT count(*) FROM reviews'));
    const months = query<{
      month: string;
      opened: number;
      on_time: number;
      late: number;
      invalid: number;
      satisfied: number;
      unsatisfied: number;
    }>(
      db,
      `SELECT substr(opened, 1, 7) AS month, count(*) AS opened, sum(rectified_at <= due) AS on_time, sum(rectified_at > due) AS late,
              sum(state = 'invalid') AS invalid, sum(visit_result = 'satisfied') AS satisfied, sum(visit_result = 'unsatisfied') AS unsatisfied
         FROM reviews GROUP BY month ORDER BY month`,
    );
    expect(months.map((row) => row.month)).toEqual(['2025-08', '2025-09', '2025-10']);
    for (const row of months) {
      expect(row.on_time, row.month).toBeGreaterThan(row.late);
      expect(row.late, row.month).toBeGreaterThanOrEqual(1);
      expect(row.invalid, row.month).toBe(1);
      expect(row.satisfied, row.month).toBeGreaterThan(row.unsatisfied);
      expect(row.unsatisfied, row.month).toBeGreaterThanOrEqual(1);
    }
    // Appeals that hold, for the reasons 国办发〔2019〕51号 names.
    for (const reason of query<{ invalid_reason: string }>(db, "SELECT invalid_reason FROM reviews WHERE state = 'invalid'")) {
      expect(reason.invalid_reason).toMatch(/^(误评|恶意差评|评价对象错误)：/);
    }
    // Put right 1–4 working days after opening when on time.
    const calendar = calendarOf(db);
    for (const row of query<{ opened: string; rectified_at: string; due: string }>(
      db,
      'SELECT opened, rectified_at, due FROM reviews WHERE rectified_at <= due',
    )) {
      expect(row.rectified_at > row.opened && row.rectified_at <= addWorkingDays(calendar, row.opened, 4), row.opened).toBe(true);
    }
    // Some still open at the end of the demo, one or more of them past due.
    expect(scalar(db, "SELECT count(*) FROM reviews WHERE state = 'open'")).toBeGreaterThanOrEqual(2);
    expect(scalar(db, "SELECT count(*) FROM reviews WHERE state = 'open' AND due < '2025-10-31'")).toBeGreaterThanOrEqual(1);
    // Every step on a working day, in order, never after the last day of the demo.
    const steps = query<{ opened: string; rectified_at: string | null; visited_at: string | null; invalidated_at: string | null }>(
      db,
      'SELECT opened, rectified_at, visited_at, invalidated_at FROM reviews',
    );
    for (const review of steps) {
      let previous = review.opened;
      for (const date of [review.rectified_at, review.visited_at]) {
        if (date === null) continue;
        expect(isWorkingDay(calendar, date), date).toBe(true);
        expect(date >= previous && date <= '2025-10-31', `${previous} → ${date}`).toBe(true);
        previous = date;
      }
      if (review.invalidated_at !== null) {
        expect(isWorkingDay(calendar, review.invalidated_at)).toBe(true);
        expect(review.invalidated_at >= review.opened && review.invalidated_at <= '2025-10-31').toBe(true);
        expect(review.rectified_at).toBeNull();
      }
    }
  });

  it('receives complaints of every category every month, answered by a dated closing: mostly on time, some late, some open', () => {
    const months = query<{ month: string; categories: string }>(
      db,
      'SELECT substr(received_date, 1, 7) AS month, group_concat(DISTINCT category) AS categories FROM complaints GROUP BY month ORDER BY month',
    );
    expect(months.map((row) => row.month)).toEqual(['2025-08', '2025-09', '2025-10']);
    for (const row of months) expect(row.categories.split(',').sort(), row.month).toEqual(['complaint', 'consult', 'help', 'report', 'suggest']);
    const calendar = calendarOf(db);
    const closed = query<{ received_date: string; due: string; closed_at: string; category: string; substantiated: number }>(
      db,
      "SELECT received_date, due, closed_at, category, substantiated FROM complaints WHERE status = 'closed'",
    );
    for (const complaint of closed) {
      expect(complaint.closed_at).toMatch(/^\d{4}-\d{2}-\d{2}$/); // dated, as complaint close --date
      expect(isWorkingDay(calendar, complaint.closed_at), complaint.closed_at).toBe(true);
      expect(complaint.closed_at >= complaint.received_date && complaint.closed_at <= '2025-10-31').toBe(true);
      // Only a 投诉 or a 举报 is found substantiated.
      if (complaint.substantiated === 1) expect(['complaint', 'report']).toContain(complaint.category);
    }
    const onTime = closed.filter((complaint) => complaint.closed_at <= complaint.due).length;
    const late = closed.length - onTime;
    expect(late).toBeGreaterThanOrEqual(3);
    expect(onTime).toBeGreaterThan(2 * late);
    expect(scalar(db, "SELECT count(*) FROM complaints WHERE status = 'open'")).toBeGreaterThanOrEqual(1);
    // 咨询 on the desk of the window that handles it, with realistic words.
    for (const { summary } of query<{ summary: string }>(db, "SELECT summary FROM complaints WHERE category = 'consult'")) expect(summary).toMatch(/^咨询/);
    for (const { summary } of query<{ summary: string }>(db, "SELECT summary FROM complaints WHERE category = 'report'")) expect(summary).toMatch(/^举报/);
  });

  it('counts the reviews and the complaints by category in its summary, as the database holds them', async () => {
    expect(stdout).toMatch(/差评整改单 \d+ 张：按期整改 \d+ 张，超期整改 [1-9]\d* 张，申诉成立 3 张/);
    expect(stdout).toMatch(/工单：咨询 [1-9]\d* 件，求助 [1-9]\d* 件，建议 [1-9]\d* 件，投诉 [1-9]\d* 件，举报 [1-9]\d* 件/);
    const listed: { state: string }[] = JSON.parse((await hall(db, ['review', 'list', '--format', 'json'], NOW)).stdout);
    expect(new Set(listed.map((review) => review.state))).toEqual(new Set(['open', 'rectified', 'visited', 'invalid']));
  });

  it('passes hall doctor', async () => {
    const doctor = await hall(db, ['doctor'], NOW);
    expect(doctor.stderr).toBe('');
    expect(doctor.code).toBe(0);
  });

  it('refuses to run again on the database it built: exit 1, nothing written', async () => {
    const before = dump(db);
    const result = await hall(db, ['demo'], NOW);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^hall: 错误: 数据库 .*hall\.db 已有数据（办件 \d+ 件、事项 57 项、窗口 14 个），示范中心只建在新建的空库里，未写入任何数据/);
    expect(dump(db)).toBe(before);
  });
});

describe('hall demo, deterministic for a seed', () => {
  const build = async (seed: string) => {
    const db = await freshDb();
    const result = await hall(db, ['demo', '--months', '1', '--seed', seed, '--cases-per-day', '15'], NOW);
    expect(result.code).toBe(0);
    return { db, stdout: result.stdout };
  };

  it('gives identical databases for the same seed and HALL_NOW, and a different one for another seed', async () => {
    const first = await build('7');
    const second = await build('7');
    const other = await build('8');
    expect(dump(second.db)).toBe(dump(first.db));
    expect(second.stdout).toBe(first.stdout);
    expect(dump(other.db)).not.toBe(dump(first.db));
    // One month of about 15 a day: October 2025 has 18 working days.
    const cases = scalar(first.db, 'SELECT count(*) FROM cases_text');
    expect(cases).toBeGreaterThan(200);
    expect(cases).toBeLessThan(400);
    expect(scalar(first.db, 'SELECT min(accepted_date) FROM cases_text')).toBe('2025-10-09');
    // The 一件事 of the month, their parts among the cases, are the same too (the dumps hold them).
    expect(scalar(first.db, 'SELECT count(*) FROM combined_cases')).toBeGreaterThanOrEqual(3);
    expect(scalar(first.db, 'SELECT count(*) FROM cases_text WHERE combined_id IS NOT NULL')).toBeGreaterThan(
      scalar(first.db, 'SELECT count(*) FROM combined_cases'),
    );
  });
});

describe('hall demo refusals and outputs', () => {
  it('refuses a database that holds a catalog, even without cases, and changes nothing', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const before = dump(db);
    const result = await hall(db, ['demo'], NOW);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/已有数据（事项 8 项、窗口 \d+ 个）/);
    expect(dump(db)).toBe(before);
  });

  it('needs a database made by init', async () => {
    const result = await hall('/tmp/hall-demo-no-such-dir-xyz/none.db', ['demo'], NOW);
    expect(result.code).toBe(3);
    const missing = await hall(`${await freshDb()}.missing`, ['demo'], NOW);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('不存在；新建请运行 hall init');
  });

  it.each([
    [['--months', '0'], '--months "0" 无效：应为 1–24 的整数'],
    [['--months', '25'], '--months "25" 无效：应为 1–24 的整数'],
    [['--seed', '-1'], '--seed "-1" 无效：应为 0–4294967295 的整数'],
    [['--cases-per-day', '2.5'], '--cases-per-day "2.5" 无效：应为 1–500 的整数'],
  ])('refuses %j before writing anything', async (flags, message) => {
    const db = await freshDb();
    const before = dump(db);
    const result = await hall(db, ['demo', ...flags], NOW);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(dump(db)).toBe(before);
  });

  it('prints only the summary with --format json or csv', async () => {
    const db = await freshDb();
    const result = await hall(db, ['--format', 'json', 'demo', '--months', '1', '--cases-per-day', '5'], NOW);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      seed: 1,
      months: 1,
      cases_per_day: 5,
      report_month: '2025-10',
      period: { from: '2025-10-01', to: '2025-10-31' },
      windows: 14,
    });
    expect(summary.cases.total).toBe(scalar(db, 'SELECT count(*) FROM cases_text'));
    expect(summary.cases.accepted + summary.cases.refused).toBe(summary.cases.total);
    expect(summary.reviews.total).toBe(scalar(db, 'SELECT count(*) FROM reviews'));
    expect(summary.reviews.rectified_on_time + summary.reviews.rectified_late).toBe(summary.reviews.rectified);
    expect(summary.reviews.open + summary.reviews.rectified + summary.reviews.invalid).toBe(summary.reviews.total);
    const categories = Object.values(summary.complaint_categories as Record<string, number>);
    expect(categories).toHaveLength(5);
    expect(categories.reduce((total, count) => total + count, 0)).toBe(summary.complaints.total);
    for (const count of categories) expect(count).toBeGreaterThan(0);
    const { on_time, late, open } = summary.complaint_deadlines;
    expect(on_time + late + open).toBe(summary.complaints.total);
    // The new counts follow the ones there were.
    expect(Object.keys(summary).slice(-3)).toEqual(['reviews', 'complaint_categories', 'complaint_deadlines']);

    const other = await freshDb();
    const csv = await hall(other, ['--format', 'csv', '--lang', 'en', 'demo', '--months', '1', '--cases-per-day', '5'], NOW);
    expect(csv.code).toBe(0);
    const [header, row, ...rest] = csv.stdout.trimEnd().split('\r\n');
    expect(header!.startsWith('from,to,seed,departments,windows,items,')).toBe(true);
    expect(
      header!.endsWith(
        ',deductions,commendations,reviews,rectified on time,rectified late,appeals upheld,reviews open,reviews overdue,visited,visits unsatisfied,consultations,requests for help,suggestions,complaints proper,reports,answered on time,answered late,unanswered',
      ),
    ).toBe(true);
    expect(row!.startsWith('2025-10-01,2025-10-31,1,17,14,57,')).toBe(true);
    expect(rest).toEqual([]);
  });
});

describe('writeTransactionAsync', () => {
  it('rolls back everything, savepoints included, when the awaited work fails', async () => {
    const db = new BetterSqlite3(':memory:');
    db.exec('CREATE TABLE t (x INTEGER)');
    await expect(
      writeTransactionAsync(db, async () => {
        db.prepare('INSERT INTO t VALUES (1)').run();
        db.transaction(() => db.prepare('INSERT INTO t VALUES (2)').run()).immediate();
        await Promise.resolve();
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
    await writeTransactionAsync(db, async () => db.prepare('INSERT INTO t VALUES (3)').run());
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
  });
});
