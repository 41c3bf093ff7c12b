/**
 * Writes the demo center (`hall demo`) through the same store functions and core steps
 * the commands use — windows as `window add`, cases through the intake of
 * `case register|refuse` and every later `case …` command, complaints and records as
 * `complaint add|close` and `window record` — so the demo's data is exactly what a
 * center typing it in would have. The caller holds the one write transaction.
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import { checkApplicantId, type EventTime, eventTimeOf } from '../core/case-values.js';
import { parseTimestamp } from '../core/dates.js';
import { type IntakeInput, openCase } from '../store/case-intake.js';
import { applyCaseAction } from '../store/cases.js';
import { applyToParts, openCombined } from '../store/combined-cases.js';
import { addDepartment, addWindow, findDepartmentId } from '../store/organisation.js';
import { addComplaint, addWindowRecord, closeComplaint } from '../store/oversight.js';
import { DEMO_WINDOWS } from './center.js';
import type { PlannedCombined } from './combined.js';
import { isBefore, type LocalMoment } from './dice.js';
import type { DemoPlan } from './plan.js';

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

export interface DemoSettings {
  timeZone: string;
  closingMinutes: number;
}

/**
 * Writes the plan's cases and combined cases in order of acceptance (so each day's
 * numbers, parts' included, follow the clock), then complaints and records.
 */
export function writeDemoPlan(db: Database, calendar: WorkCalendar, plan: DemoPlan, settings: DemoSettings): void {
  const time = (moment: LocalMoment) => momentTime(moment, settings.timeZone);
  const numbers: string[] = [];
  let combined = 0;
  for (const planned of plan.cases) {
    while (combined < plan.combined.length && isBefore(plan.combined[combined]!.at, planned.at)) {
      writeCombined(db, calendar, plan.combined[combined++]!, settings);
    }
    const input: IntakeInput = {
      itemCode: planned.item,
      applicant: planned.applicant,
      applicantId: checkApplicantId('applicant_id', planned.applicantId, undefined),
      window: planned.window,
      channel: planned.channel,
      conclude: planned.concludeAtOnce ? 'approved' : undefined,
      refusal: planned.refusal ?? undefined,
    };
    const { row } = openCase(db, calendar, input, { time: time(planned.at), operator: planned.operator }, settings.closingMinutes);
    numbers.push(row.number);
    for (const step of planned.steps) applyCaseAction(db, calendar, row.number, step.action, { time: time(step.at), operator: step.operator });
  }
  for (; combined < plan.combined.length; combined++) writeCombined(db, calendar, plan.combined[combined]!, settings);
  for (const complaint of plan.complaints) {
    const operator = '督查室';
    const added = addComplaint(db, calendar, {
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

/**
 * A combined case as `case register --bundle` accepts it, each part's steps as the case
 * commands on its own number take them, then `case withdraw J…` or `case deliver J…`.
 */
function writeCombined(db: Database, calendar: WorkCalendar, planned: PlannedCombined, settings: DemoSettings): void {
  const time = (moment: LocalMoment) => momentTime(moment, settings.timeZone);
  const { combined } = openCombined(
    db,
    calendar,
    {
      bundleCode: planned.bundle,
      applicant: planned.applicant,
      applicantId: checkApplicantId('applicant_id', planned.applicantId, undefined),
      ...(planned.window === null ? {} : { window: planned.window }),
      channel: planned.channel,
      without: planned.without,
    },
    { time: time(planned.at), operator: planned.operator },
    settings.closingMinutes,
  );
  // A bundle names an item once, so the item tells which part a planned part is.
  const numbers = new Map(combined.parts.map((part) => [part.item, part.number]));
  for (const part of planned.parts) {
    const number = numbers.get(part.item)!;
    for (const step of part.steps) applyCaseAction(db, calendar, number, step.action, { time: time(step.at), operator: step.operator });
  }
  if (planned.finish) {
    applyToParts(db, calendar, combined.row.number, planned.finish.action, { time: time(planned.finish.at), operator: planned.finish.operator });
  }
}
