/**
 * 电子监察 (SPEC §4 `alerts`, §7.1–7.3): what raises an alert and of which kind. A red
 * light is a deadline passed, a yellow one a deadline within the warning days, the same
 * for a case, a combined case, a review to put right and a complaint to answer.
 */
import { addWorkingDays, type WorkCalendar } from './calendar.js';
import { combinedOpenAt, combinedOverdueAt, type DerivedCombined } from './combined.js';
import { dayNumber, type IsoDate } from './dates.js';

export type AlertLevel = 'red' | 'yellow';

/** What an alert is about: a case, a combined case (一件事), a bad rating to put right (差评整改, §7.2) or a complaint with a deadline (§7.3). */
export const ALERT_KINDS = ['case', 'combined', 'review', 'complaint'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The words a clerk types for each kind; the first is the one messages show. */
export const ALERT_KIND_INPUT: Record<AlertKind, readonly string[]> = {
  case: ['办件', '单件'],
  combined: ['一件事', '联办'],
  review: ['差评', '差评整改'],
  complaint: ['投诉', '工单'],
};

/**
 * The last date a deadline may fall on and still be "due soon" today: `warningDays`
 * working days ahead. store/case-list.ts judges cases against the same date
 * (`deadline BETWEEN today AND addWorkingDays(today, warningDays)`), so a combined case
 * turns yellow exactly when a case with its deadline would.
 */
export function dueSoonLimit(calendar: WorkCalendar, today: IsoDate, warningDays: number): IsoDate {
  return addWorkingDays(calendar, today, warningDays);
}

/**
 * The light of a fixed due date today — a review's (§7.2) or a complaint's (§7.3), which
 * no pause moves: red once today is past it, yellow from the warning limit back to today,
 * exactly the dates store/case-list.ts finds an open case's deadline overdue or due soon
 * by; null for a date further off.
 */
export function dueAlertLevel(calendar: WorkCalendar, due: IsoDate, today: IsoDate, warningDays: number): AlertLevel | null {
  if (dayNumber(due) < dayNumber(today)) return 'red';
  return dayNumber(due) <= dayNumber(dueSoonLimit(calendar, today, warningDays)) ? 'yellow' : null;
}

/**
 * A combined case's light today: red when overdue (the core's own "overdue at t"),
 * yellow when its deadline as of today — an open pause counting to today, so a paused
 * part holds it back — falls within the warning days; null otherwise, and for a combined
 * case no longer running.
 */
export function combinedAlertLevel(calendar: WorkCalendar, combined: DerivedCombined, today: IsoDate, warningDays: number): AlertLevel | null {
  if (combined.state !== 'open' && combined.state !== 'paused') return null;
  if (!combinedOpenAt(combined, today) || combined.deadline_now === null) return null;
  if (combinedOverdueAt(calendar, combined, today)) return 'red';
  const due = dayNumber(combined.deadline_now);
  return due >= dayNumber(today) && due <= dayNumber(dueSoonLimit(calendar, today, warningDays)) ? 'yellow' : null;
}
