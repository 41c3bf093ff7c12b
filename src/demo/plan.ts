/**
 * The demo center of `hall demo`: what happens there over a few months — which cases
 * arrive on which working day and what becomes of each, the complaints and the
 * assessment records. Pure and seeded: no database, no terminal, no clock, so the same
 * seed on the same calendar plans the same center, and a test can read the plan. It is
 * written through the same steps the case commands take (src/demo/write.ts).
 */
import { isWorkingDay, type WorkCalendar } from '../core/calendar.js';
import type { Channel } from '../core/case-values.js';
import type { ComplaintDays } from '../core/complaint.js';
import { addDays, dayNumber, type IsoDate, weekday } from '../core/dates.js';
import type { Item } from '../core/item-table.js';
import type { RecordKind } from '../core/oversight.js';
import { monthPeriod, type Period } from '../core/period.js';
import { isBadLevel } from '../core/review.js';
import { type CaseContext, immediateSteps, type PlannedStep, promisedSteps } from './case-steps.js';
import { DEFAULT_PROFILE, DEMO_ITEM_PROFILES, DEMO_WINDOWS, type DemoWindow, type ItemProfile } from './center.js';
import { type DemoBundle, type PlannedCombined, planCombined } from './combined.js';
import { type PlannedComplaint, planComplaints } from './complaints.js';
import { Dice, type LocalMoment } from './dice.js';
import { applicantOf, COMMENDATIONS, channelOf, DEDUCTIONS, REFUSAL_REASONS } from './people.js';
import { type PlannedReview, planReviews } from './reviews.js';

export type { PlannedStep } from './case-steps.js';
export type { PlannedComplaint } from './complaints.js';
export type { PlannedReview } from './reviews.js';

/** What the plan needs to know of a catalog item. */
export type DemoItem = Pick<Item, 'code' | 'window' | 'status' | 'parent' | 'promisedDays' | 'limitUnit' | 'stages'>;

export interface PlannedCase {
  item: string;
  window: string;
  applicant: string;
  applicantId: string;
  channel: Channel;
  at: LocalMoment;
  operator: string;
  /** 不予受理 at intake, with its reason; no steps follow. */
  refusal: string | null;
  /** A 即办件 concluded in the acceptance step, as `case register --conclude approved` does. */
  concludeAtOnce: boolean;
  steps: PlannedStep[];
}

export interface PlannedRecord {
  window: string;
  date: IsoDate;
  kind: RecordKind;
  points: number;
  reason: string;
}

export interface DemoPlan {
  period: Period;
  cases: PlannedCase[];
  /** The 一件事 registered, in order of acceptance. */
  combined: PlannedCombined[];
  complaints: PlannedComplaint[];
  records: PlannedRecord[];
  /** What the center does with each bad rating of the cases and parts above (差评整改), in order of rating. */
  reviews: PlannedReview[];
}

export interface DemoPlanInput {
  seed: number;
  /** The months planned, oldest first, as [year, month]. */
  months: readonly [number, number][];
  /** The mean number of cases on an ordinary working day. */
  casesPerDay: number;
  items: readonly DemoItem[];
  /** The bundle catalog the combined cases are registered under. */
  bundles: readonly DemoBundle[];
  calendar: WorkCalendar;
  /** The settings review_days and complaint_days, as the store will date the reviews and complaints. */
  reviewDays: number;
  complaintDays: ComplaintDays;
}

/** The months `count` back from the one before `today`'s (the last full month), oldest first. */
export function demoMonths(today: IsoDate, count: number): [number, number][] {
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  const months: [number, number][] = [];
  for (let index = 0; index < count; index++) {
    month--;
    if (month === 0) [year, month] = [year - 1, 12];
    months.unshift([year, month]);
  }
  return months;
}

/** Daily volume: Mondays are busier, and busiest the first working day after a holiday. */
function volumeFactor(calendar: WorkCalendar, date: IsoDate, previousWorkingDay: IsoDate | null): number {
  if (previousWorkingDay !== null) {
    for (let day = addDays(previousWorkingDay, 1); day < date; day = addDays(day, 1)) {
      if (calendar.overrides.get(day)?.kind === 'holiday') return 1.6;
    }
  }
  const dayOfWeek = weekday(date);
  if (dayOfWeek === 1) return 1.3;
  if (dayOfWeek === 5) return 0.85;
  return 1;
}

function monthsOf(months: readonly [number, number][]): Period[] {
  return months.map(([year, month]) => monthPeriod(year, month));
}

/** Plans the demo center's months. Events later than the last planned day are left out: those cases are still open. */
export function planDemo(input: DemoPlanInput): DemoPlan {
  const dice = new Dice(input.seed);
  const { calendar } = input;
  const periods = monthsOf(input.months);
  const period: Period = { from: periods[0]!.from, to: periods[periods.length - 1]!.to };
  const windows = new Map(DEMO_WINDOWS.map((window) => [window.code, window]));
  const parents = new Set(input.items.map((item) => item.parent).filter((code): code is string => code !== null));
  // Cases are filed under an active item with a window; a parent item is filed under its sub-items.
  const items = input.items.filter((item) => item.status === 'active' && item.window !== null && windows.has(item.window) && !parents.has(item.code));
  const profiles = items.map((item) => DEMO_ITEM_PROFILES[item.code] ?? DEFAULT_PROFILE);
  const cumulative: number[] = [];
  profiles.reduce((total, profile) => {
    cumulative.push(total + profile.weight);
    return total + profile.weight;
  }, 0);

  const cases: PlannedCase[] = [];
  let previousWorkingDay: IsoDate | null = null;
  for (let date = period.from; date <= period.to; date = addDays(date, 1)) {
    if (!isWorkingDay(calendar, date)) continue;
    const volume = Math.round(input.casesPerDay * volumeFactor(calendar, date, previousWorkingDay) * (0.85 + 0.3 * dice.unit()));
    previousWorkingDay = date;
    const times = Array.from({ length: volume }, () => dice.officeMinute()).sort((a, b) => a - b);
    for (const minutes of times) cases.push(planCase(dice, calendar, items, profiles, cumulative, windows, { date, minutes }));
  }
  for (const planned of cases) {
    const kept = planned.steps.findIndex((step) => step.at.date > period.to);
    if (kept !== -1) planned.steps = planned.steps.slice(0, kept);
  }
  const complaints = planComplaints(dice, calendar, cases, periods, input.complaintDays);
  const records = planRecords(dice, calendar, periods);
  // The combined cases and the reviews draw from dice of their own, so the lone cases,
  // complaints and records of a seed stay what they were without them.
  const combined = planCombined({ dice: new Dice((input.seed ^ 0x5f3759df) >>> 0), calendar, periods, items: input.items, bundles: input.bundles });
  const ratings = [...cases.flatMap((planned) => planned.steps), ...combined.flatMap((planned) => planned.parts.flatMap((part) => part.steps))].filter(
    (step) => step.action.command === 'rate' && isBadLevel(step.action.level),
  );
  const reviews = planReviews(new Dice((input.seed ^ 0x2545f491) >>> 0), calendar, ratings, periods, input.reviewDays);
  return { period, cases, combined, complaints, records, reviews };
}

function planCase(
  dice: Dice,
  calendar: WorkCalendar,
  items: readonly DemoItem[],
  profiles: readonly ItemProfile[],
  cumulative: readonly number[],
  windows: ReadonlyMap<string, DemoWindow>,
  accepted: LocalMoment,
): PlannedCase {
  const index = dice.weighted(cumulative);
  const item = items[index]!;
  const profile = profiles[index]!;
  const window = windows.get(item.window!)!;
  const company = profile.applicant === 'company' || (profile.applicant === 'either' && dice.chance(0.4));
  const { applicant, applicantId } = applicantOf(dice, company);
  const clerk = dice.pick(window.clerks);
  const base = { item: item.code, window: window.code, applicant, applicantId, channel: channelOf(dice, company), at: accepted, operator: clerk };
  if (dice.chance(item.promisedDays === 0 ? 0.012 : 0.02)) {
    return { ...base, refusal: dice.pick(REFUSAL_REASONS), concludeAtOnce: false, steps: [] };
  }
  const context: CaseContext = { dice, calendar, window, item, profile, accepted, clerk };
  if (item.promisedDays === 0) return { ...base, refusal: null, ...immediateSteps(context) };
  return { ...base, refusal: null, concludeAtOnce: false, steps: promisedSteps(context) };
}

/** Each month: one or two 巡查扣分 and a 锦旗, sometimes a letter of thanks as well. */
function planRecords(dice: Dice, calendar: WorkCalendar, periods: readonly Period[]): PlannedRecord[] {
  const records: PlannedRecord[] = [];
  for (const month of periods) {
    const days: IsoDate[] = [];
    for (let date = month.from; date <= month.to; date = addDays(date, 1)) if (isWorkingDay(calendar, date)) days.push(date);
    if (days.length === 0) continue;
    const monthRecords: PlannedRecord[] = [];
    const deductions = dice.between(1, 2);
    for (let index = 0; index < deductions; index++) {
      const [reason, points] = dice.pick(DEDUCTIONS);
      monthRecords.push({ window: dice.pick(DEMO_WINDOWS).code, date: dice.pick(days), kind: 'deduction', points, reason });
    }
    const commendations = dice.chance(0.5) ? COMMENDATIONS : COMMENDATIONS.slice(0, 1);
    for (const [reason, points] of commendations) {
      monthRecords.push({ window: dice.pick(DEMO_WINDOWS).code, date: dice.pick(days), kind: 'commendation', points, reason });
    }
    records.push(...monthRecords.sort((a, b) => dayNumber(a.date) - dayNumber(b.date)));
  }
  return records;
}
