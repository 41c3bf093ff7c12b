/**
 * The demo center's 12345 工单 (SPEC §3.3, §7.3): every month some of each category — a
 * 咨询 how to apply, a 求助 over a lost certificate, a 建议 for more seats, 投诉 over
 * attitude or waiting about a case of the month, a 举报 of fees charged — each answered
 * by a dated closing: mostly within its category's working days, one a month late, and
 * those received near the end still open. Pure and seeded, like the rest of the plan.
 */
import { addWorkingDays, isWorkingDay, type WorkCalendar } from '../core/calendar.js';
import { COMPLAINT_CATEGORIES, type ComplaintCategory, type ComplaintDays, complaintDue } from '../core/complaint.js';
import { addDays, type IsoDate } from '../core/dates.js';
import type { ComplaintChannel } from '../core/oversight.js';
import type { Period } from '../core/period.js';
import type { Dice } from './dice.js';
import { COMPLAINT_CHANNELS, COMPLAINT_TEXTS } from './people.js';
import type { PlannedCase } from './plan.js';

export interface PlannedComplaint {
  window: string;
  /** Index into the plan's cases, when the complaint names a case. */
  caseIndex: number | null;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  date: IsoDate;
  /** complaintDue(date, the category's days), as the store computes it. */
  due: IsoDate;
  summary: string;
  /** Closed as `complaint close --date`; null: still open at the end. */
  closed: { date: IsoDate; substantiated: boolean } | null;
}

/** How many of each category a month brings: 投诉 and 咨询 most. */
const PER_MONTH: Readonly<Record<ComplaintCategory, readonly [number, number]>> = {
  consult: [1, 3],
  help: [1, 2],
  suggest: [1, 1],
  complaint: [1, 3],
  report: [1, 1],
};

/** Whether a closing found the matter substantiated: only a 投诉 or a 举报 can be. */
const SUBSTANTIATED: Readonly<Record<ComplaintCategory, number>> = { consult: 0, help: 0, suggest: 0, complaint: 0.3, report: 0.3 };

/**
 * Plans the complaints of each month, in order of receipt. The first 投诉 of the last
 * month is found substantiated and closed, so the assessment shows what that costs.
 */
export function planComplaints(
  dice: Dice,
  calendar: WorkCalendar,
  cases: readonly PlannedCase[],
  periods: readonly Period[],
  days: ComplaintDays,
): PlannedComplaint[] {
  const complaints: PlannedComplaint[] = [];
  let lastDay = periods[periods.length - 1]!.to;
  while (!isWorkingDay(calendar, lastDay)) lastDay = addDays(lastDay, -1);
  periods.forEach((month, monthIndex) => {
    const candidates = cases.flatMap((planned, index) =>
      planned.refusal === null && planned.at.date >= month.from && planned.at.date <= month.to ? [index] : [],
    );
    if (candidates.length === 0) return;
    const workingDays: IsoDate[] = [];
    for (let date = month.from; date <= month.to; date = addDays(date, 1)) if (isWorkingDay(calendar, date)) workingDays.push(date);
    const monthly: PlannedComplaint[] = [];
    for (const category of COMPLAINT_CATEGORIES) {
      const [fewest, most] = PER_MONTH[category];
      const count = dice.between(fewest, most);
      for (let number = 0; number < count; number++) {
        const [summary, window] = dice.pick(COMPLAINT_TEXTS[category]);
        let caseIndex: number | null = null;
        let date = dice.pick(workingDays);
        let at = window;
        if (at === null) {
          // About a case of the month: received a few days after it was accepted, at its window.
          const index = dice.pick(candidates);
          const planned = cases[index]!;
          date = addWorkingDays(calendar, planned.at.date, dice.between(0, 4));
          if (date > month.to) date = planned.at.date;
          at = planned.window;
          caseIndex = dice.chance(category === 'complaint' ? 0.7 : 0.5) ? index : null;
        }
        monthly.push({
          window: at,
          caseIndex,
          channel: dice.pick(COMPLAINT_CHANNELS),
          category,
          date,
          due: complaintDue(calendar, date, days[category]),
          summary,
          closed: null,
        });
      }
    }
    monthly.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    // One a month answered late (the first that can be, before the end), the rest mostly in time.
    const late = dice.pick(monthly.filter((complaint) => addWorkingDays(calendar, complaint.due, 1) <= lastDay).concat([monthly[0]!]));
    const forced = monthIndex === periods.length - 1 ? monthly.find((complaint) => complaint.category === 'complaint') : undefined;
    for (const complaint of monthly) {
      const received = complaint.date;
      const allowed = days[complaint.category];
      // A 咨询 is answered in a day or two; the others take a few days of looking into.
      const fastest = Math.min(allowed, allowed <= 2 ? 1 : 3);
      let closedOn =
        complaint === late || dice.chance(0.1)
          ? addWorkingDays(calendar, complaint.due, dice.between(1, 4))
          : addWorkingDays(calendar, received, dice.between(fastest, Math.max(fastest, Math.round(allowed * 0.8))));
      if (complaint === late && closedOn > lastDay) closedOn = addWorkingDays(calendar, complaint.due, 1);
      if (complaint === forced && closedOn > lastDay) closedOn = received;
      const substantiated = complaint === forced || dice.chance(SUBSTANTIATED[complaint.category]);
      complaint.closed = closedOn <= lastDay ? { date: closedOn, substantiated } : null;
    }
    // At the end of the demo, the last one received is still being looked into if nothing else is.
    if (monthIndex === periods.length - 1 && monthly.every((complaint) => complaint.closed !== null)) {
      const waiting = monthly.filter((complaint) => complaint !== forced).at(-1);
      if (waiting) waiting.closed = null;
    }
    complaints.push(...monthly);
  });
  return complaints;
}
