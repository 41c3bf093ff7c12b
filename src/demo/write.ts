/**
 * Writes the demo center (`hall demo`) through the same store functions and core steps
 * the commands use — windows as `window add`, cases through the intake of
 * `case register|refuse` and every later `case …` command (a bad rating opening its
 * review as `case rate` does), complaints, reviews and records as `complaint add|close
 * --date`, `review rectify|visit|invalidate --date` and `window record` — so the demo's
 * data is exactly what a center typing it in would have. The caller holds the one write
 * transaction.
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
import { stepReview } from '../store/reviews.js';
import { DEMO_WINDOWS } from './center.js';
import type { PlannedCombined } from './combined.js';
import { isBefore, type LocalMoment } from './dice.js';
import type { DemoPlan, PlannedStep } from './plan.js';

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
 * numbers, parts' included, follow the clock), then complaints, the steps on the
 * reviews the bad ratings opened, and records.
 */
export function writeDemoPlan(db: Database, calendar: WorkCalendar, plan: DemoPlan, settings: DemoSettings): void {
  const time = (moment: LocalMoment) => momentTime(moment, settings.timeZone);
  const numbers: string[] = [];
  // The review each bad rating opened (as `case rate` opens one), by the planned rating.
  const opened = new Map<PlannedStep, number>();
  let combined = 0;
  for (const planned of plan.cases) {
    while (combined < plan.combined.length && isBefore(plan.combined[combined]!.at, planned.at)) {
      writeCombined(db, calendar, plan.combined[combined++]!, settings, opened);
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
    for (const step of planned.steps) {
      const { review } = applyCaseAction(db, calendar, row.number, step.action, { time: time(step.at), operator: step.operator });
      if (review?.change === 'open') opened.set(step, review.review!.id);
    }
  }
  for (; combined < plan.combined.length; combined++) writeCombined(db, calendar, plan.combined[combined]!, settings, opened);
  for (const complaint of plan.complaints) {
    const operator = '督查室';
    const added = addComplaint(db, calendar, {
      window: complaint.window,
      caseNumber: complaint.caseIndex === null ? undefined : numbers[complaint.caseIndex],
      channel: complaint.channel,
      category: complaint.category,
      summary: complaint.summary,
      date: complaint.date,
      operator,
    });
    // Dated, as `complaint close --date` closes one.
    if (complaint.closed) closeComplaint(db, added.id, complaint.closed.substantiated, complaint.closed.date);
  }
  // 差评整改: each review's steps as `hall review rectify|visit|invalidate --date` take them.
  for (const review of plan.reviews) {
    const id = opened.get(review.rating);
    if (id === undefined) continue;
    for (const step of review.steps) stepReview(db, id, step.action, step.date);
  }
  for (const record of plan.records) {
    addWindowRecord(db, { ...record, operator: '督查室', now: time({ date: record.date, minutes: 17 * 60 }).at });
  }
}

/**
 * A combined case as `case register --bundle` accepts it, each part's steps as the case
 * commands on its own number take them, then `case withdraw J…` or `case deliver J…`.
 */
function writeCombined(db: Database, calendar: WorkCalendar, planned: PlannedCombined, settings: DemoSettings, opened: Map<PlannedStep, number>): void {
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
    for (const step of part.steps) {
      const { review } = applyCaseAction(db, calendar, number, step.action, { time: time(step.at), operator: step.operator });
      if (review?.change === 'open') opened.set(step, review.review!.id);
    }
  }
  if (planned.finish) {
    applyToParts(db, calendar, combined.row.number, planned.finish.action, { time: time(planned.finish.at), operator: planned.finish.operator });
  }
}
