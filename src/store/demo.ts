/**
 * What `hall demo` reads and counts in the database: whether it is empty, the catalog
 * items and bundles the plan draws on, and the summary of what the demo wrote (src/demo/
 * writes it).
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import { combinedOverdueAt } from '../core/combined.js';
import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '../core/complaint.js';
import type { IsoDate } from '../core/dates.js';
import type { Period } from '../core/period.js';
import type { DemoBundle } from '../demo/combined.js';
import type { DemoItem } from '../demo/plan.js';
import { listBundles } from './bundles.js';
import { code } from './case-codes.js';
import { listCombined } from './combined-cases.js';
import { iterateItems } from './items.js';
import { COMPLAINT_CLOSED_DATE } from './oversight.js';

/** What a database already holds: the demo is built on an empty one only. */
export interface DatabaseContents {
  cases: number;
  items: number;
  windows: number;
}

export function databaseContents(db: Database): DatabaseContents {
  return db
    .prepare('SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM items) AS items, (SELECT count(*) FROM windows) AS windows')
    .get() as DatabaseContents;
}

/** The catalog as the demo plan draws on it. */
export function demoItems(db: Database): DemoItem[] {
  return [...iterateItems(db)];
}

/** The active bundles, under which the plan registers its combined cases. */
export function demoBundles(db: Database): DemoBundle[] {
  return listBundles(db, 'active');
}

/** What the demo wrote, counted from the database: the `--format json` summary. */
export interface DemoSummary {
  period: Period;
  departments: number;
  windows: number;
  items: { total: number; entered: number; immediate: number; calendar_days: number; with_fee: number; sub_items: number };
  cases: {
    total: number;
    accepted: number;
    refused: number;
    concluded: number;
    denied: number;
    withdrawn: number;
    open: number;
    paused: number;
    concluded_late: number;
    supplemented: number;
    suspended: number;
    backoffice: number;
    fees_fen: number;
  };
  /** The 一件事 registered, each as derived from its parts on `today`. */
  combined: { total: number; parts: number; concluded: number; partial: number; concluded_late: number; withdrawn: number; open: number; overdue: number };
  evaluations: { total: number; bad: number };
  complaints: { total: number; substantiated: number; open: number };
  records: { deductions: number; commendations: number };
  /** 差评整改: the reviews the bad ratings opened, by what became of them; `overdue` is open with `today` past due. */
  reviews: {
    total: number;
    open: number;
    overdue: number;
    rectified: number;
    rectified_on_time: number;
    rectified_late: number;
    visited: number;
    visit_satisfied: number;
    visit_unsatisfied: number;
    invalid: number;
  };
  /** The complaints (12345 工单) by category. */
  complaint_categories: Record<ComplaintCategory, number>;
  /** The complaints by their answer: closed on or before due, after it, still open (and past due on `today`). */
  complaint_deadlines: { on_time: number; late: number; open: number; overdue: number };
}

export function demoSummary(db: Database, calendar: WorkCalendar, period: Period, today: IsoDate): DemoSummary {
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  const items = db
    .prepare(
      `SELECT count(*) AS total, count(window_id) AS entered, coalesce(sum(promised_days = 0), 0) AS immediate,
              coalesce(sum(limit_unit = 'calendar'), 0) AS calendar_days, coalesce(sum(fee_fen > 0), 0) AS with_fee,
              count(parent_code) AS sub_items
         FROM items`,
    )
    .get() as DemoSummary['items'];
  const cases = db
    .prepare(
      `SELECT count(*) AS total, count(accepted_date) AS accepted, coalesce(sum(state = ${code('state', 'refused')}), 0) AS refused,
              coalesce(sum(state = ${code('state', 'concluded')}), 0) AS concluded, coalesce(sum(outcome = ${code('outcome', 'denied')}), 0) AS denied,
              coalesce(sum(state = ${code('state', 'withdrawn')}), 0) AS withdrawn, coalesce(sum(state = ${code('state', 'open')}), 0) AS open,
              coalesce(sum(state = ${code('state', 'paused')}), 0) AS paused, coalesce(sum(on_time = 0), 0) AS concluded_late,
              coalesce(sum(fee_fen), 0) AS fees_fen,
              (SELECT count(DISTINCT case_id) FROM case_pauses WHERE kind = ${code('pause', 'supplement')}) AS supplemented,
              (SELECT count(DISTINCT case_id) FROM case_pauses WHERE kind = ${code('pause', 'special')}) AS suspended,
              (SELECT count(DISTINCT case_id) FROM case_events WHERE location = 2) AS backoffice
         FROM cases`,
    )
    .get() as DemoSummary['cases'];
  const combined: DemoSummary['combined'] = { total: 0, parts: 0, concluded: 0, partial: 0, concluded_late: 0, withdrawn: 0, open: 0, overdue: 0 };
  for (const { derived } of listCombined(db, calendar, {}, today)) {
    combined.total++;
    combined.parts += derived.parts_total;
    if (derived.state === 'concluded') {
      combined.concluded++;
      if (derived.outcome === 'partial') combined.partial++;
      if (derived.on_time === false) combined.concluded_late++;
    } else if (derived.state === 'withdrawn') combined.withdrawn++;
    else if (derived.state === 'open' || derived.state === 'paused') combined.open++;
    if (combinedOverdueAt(calendar, derived, today)) combined.overdue++;
  }
  return {
    period,
    departments: count('SELECT count(*) FROM departments'),
    windows: count('SELECT count(*) FROM windows'),
    items,
    cases,
    combined,
    evaluations: { total: count('SELECT count(*) FROM evaluations'), bad: count('SELECT count(*) FROM evaluations WHERE level <= 2') },
    complaints: {
      total: count('SELECT count(*) FROM complaints'),
      substantiated: count('SELECT count(*) FROM complaints WHERE substantiated = 1'),
      open: count("SELECT count(*) FROM complaints WHERE status = 'open'"),
    },
    records: {
      deductions: count("SELECT count(*) FROM window_records WHERE kind = 'deduction'"),
      commendations: count("SELECT count(*) FROM window_records WHERE kind = 'commendation'"),
    },
    reviews: db
      .prepare(
        `SELECT count(*) AS total, coalesce(sum(state = 'open'), 0) AS open, coalesce(sum(state = 'open' AND due < @today), 0) AS overdue,
                count(rectified_at) AS rectified, coalesce(sum(rectified_at <= due), 0) AS rectified_on_time,
                coalesce(sum(rectified_at > due), 0) AS rectified_late, count(visited_at) AS visited,
                coalesce(sum(visit_result = 'satisfied'), 0) AS visit_satisfied, coalesce(sum(visit_result = 'unsatisfied'), 0) AS visit_unsatisfied,
                coalesce(sum(state = 'invalid'), 0) AS invalid
           FROM reviews`,
      )
      .get({ today }) as DemoSummary['reviews'],
    complaint_categories: Object.fromEntries(
      COMPLAINT_CATEGORIES.map((category) => [category, db.prepare('SELECT count(*) FROM complaints WHERE category = ?').pluck().get(category) as number]),
    ) as DemoSummary['complaint_categories'],
    complaint_deadlines: db
      .prepare(
        `SELECT coalesce(sum(p.status = 'closed' AND ${COMPLAINT_CLOSED_DATE} <= p.due), 0) AS on_time,
                coalesce(sum(p.status = 'closed' AND ${COMPLAINT_CLOSED_DATE} > p.due), 0) AS late,
                coalesce(sum(p.status = 'open'), 0) AS open, coalesce(sum(p.status = 'open' AND p.due < @today), 0) AS overdue
           FROM complaints p`,
      )
      .get({ today }) as DemoSummary['complaint_deadlines'],
  };
}
