/**
 * Writes the demo center (`hall demo`) through the same store functions and core steps
 * the commands use — windows as `window add`, cases as `case register|refuse` and every
 * later `case …` command, complaints and records as `complaint add|close` and
 * `window record` — so the demo's data is exactly what a center typing it in would
 * have. The caller holds the one write transaction.
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import { acceptCase, refuseCase } from '../core/case-step.js';
import { checkApplicantId, type EventTime, eventTimeOf } from '../core/case-values.js';
import type { Stage } from '../core/catalog.js';
import { parseTimestamp } from '../core/dates.js';
import { DEMO_WINDOWS, type DemoItem, type DemoPlan, type LocalMoment } from '../core/demo-plan.js';
import type { Period } from '../core/period.js';
import { caseRules, intakeItem, intakeWindow } from './case-intake.js';
import { applyCaseAction, insertCase } from './cases.js';
import { addDepartment, addWindow, findDepartmentId } from './organisation.js';
import { addComplaint, addWindowRecord, closeComplaint } from './oversight.js';

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

/** A local moment as an event's time: the instant with the center's offset. */
export function momentTime(moment: LocalMoment, timeZone: string): EventTime {
  const hh = String(Math.floor(moment.minutes / 60)).padStart(2, '0');
  const mm = String(moment.minutes % 60).padStart(2, '0');
  return eventTimeOf(parseTimestamp(`${moment.date} ${hh}:${mm}`, timeZone)!, timeZone);
}

/** The departments of the demo windows, then the windows, created at `at`. */
export function writeDemoWindows(db: Database, at: string): void {
  for (const window of DEMO_WINDOWS) {
    if (window.department !== null && findDepartmentId(db, window.department) === undefined) addDepartment(db, window.department, at);
    addWindow(db, window.code, window.name, window.department ?? undefined, at);
  }
}

export function demoItems(db: Database): DemoItem[] {
  const rows = db
    .prepare(
      `SELECT i.code, w.code AS window, i.status, i.parent_code AS parent, i.promised_days AS promisedDays, i.limit_unit AS limitUnit, i.stages
         FROM items i LEFT JOIN windows w ON w.id = i.window_id ORDER BY i.code`,
    )
    .all() as (Omit<DemoItem, 'stages'> & { stages: string })[];
  return rows.map((row) => ({ ...row, stages: JSON.parse(row.stages) as Stage[] }));
}

export interface DemoSettings {
  timeZone: string;
  closingMinutes: number;
}

/** Writes the plan's cases in order of acceptance (so each day's numbers follow the clock), then complaints and records. */
export function writeDemoPlan(db: Database, calendar: WorkCalendar, plan: DemoPlan, settings: DemoSettings): void {
  const time = (moment: LocalMoment) => momentTime(moment, settings.timeZone);
  const numbers: string[] = [];
  for (const planned of plan.cases) {
    const item = intakeItem(db, planned.item, planned.refusal === null);
    const rules = caseRules(item, settings.closingMinutes);
    const actor = { time: time(planned.at), operator: planned.operator };
    const opened =
      planned.refusal === null
        ? acceptCase({ itemCode: item.code, rules, channel: planned.channel, conclude: planned.concludeAtOnce ? 'approved' : undefined }, actor, calendar)
        : refuseCase(rules, planned.refusal, actor, calendar);
    const id = checkApplicantId('applicant_id', planned.applicantId, undefined);
    const row = insertCase(
      db,
      {
        itemId: item.id,
        windowId: intakeWindow(db, item, planned.window),
        departmentId: item.department_id,
        itemType: item.type,
        applicant: planned.applicant,
        applicantId: id.id,
        idType: id.type,
        channel: planned.channel,
        // SPEC §3.2: a refusal charges nothing; an accepted case the item's fee.
        feeFen: planned.refusal === null ? item.fee_fen : 0,
        rules,
      },
      opened,
    );
    numbers.push(row.number);
    for (const step of planned.steps) applyCaseAction(db, calendar, row.number, step.action, { time: time(step.at), operator: step.operator });
  }
  for (const complaint of plan.complaints) {
    const operator = '督查室';
    const added = addComplaint(db, {
      window: complaint.window,
      caseNumber: complaint.caseIndex === null ? undefined : numbers[complaint.caseIndex],
      channel: complaint.channel,
      summary: complaint.summary,
      date: complaint.date,
      operator,
    });
    if (complaint.closed) closeComplaint(db, added.id, complaint.closed.substantiated, time(complaint.closed.at).at);
  }
  for (const record of plan.records) {
    addWindowRecord(db, { ...record, operator: '督查室', now: time({ date: record.date, minutes: 17 * 60 }).at });
  }
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
  evaluations: { total: number; bad: number };
  complaints: { total: number; substantiated: number; open: number };
  records: { deductions: number; commendations: number };
}

export function demoSummary(db: Database, period: Period): DemoSummary {
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
      `SELECT count(*) AS total, count(accepted_date) AS accepted, coalesce(sum(state = 'refused'), 0) AS refused,
              coalesce(sum(state = 'concluded'), 0) AS concluded, coalesce(sum(outcome = 'denied'), 0) AS denied,
              coalesce(sum(state = 'withdrawn'), 0) AS withdrawn, coalesce(sum(state = 'open'), 0) AS open,
              coalesce(sum(state = 'paused'), 0) AS paused, coalesce(sum(on_time = 0), 0) AS concluded_late,
              coalesce(sum(fee_fen), 0) AS fees_fen,
              (SELECT count(DISTINCT case_id) FROM case_pauses WHERE kind = 'supplement') AS supplemented,
              (SELECT count(DISTINCT case_id) FROM case_pauses WHERE kind = 'special') AS suspended,
              (SELECT count(DISTINCT case_id) FROM case_events WHERE location = 'backoffice') AS backoffice
         FROM cases`,
    )
    .get() as DemoSummary['cases'];
  return {
    period,
    departments: count('SELECT count(*) FROM departments'),
    windows: count('SELECT count(*) FROM windows'),
    items,
    cases,
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
  };
}
