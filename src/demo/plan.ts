/**
 * The demo center of `hall demo`: what happens there over a few months — which cases
 * arrive on which working day and what becomes of each, the complaints and the
 * assessment records. Pure and seeded: no database, no terminal, no clock, so the same
 * seed on the same calendar plans the same center, and a test can read the plan. It is
 * written through the same steps the case commands take (src/demo/write.ts).
 */
import { addWorkingDays, countDays, isWorkingDay, type LimitUnit, type WorkCalendar, workingDayOnOrAfter } from '../core/calendar.js';
import type { CaseAction } from '../core/case-step.js';
import type { Channel } from '../core/case-values.js';
import type { Stage } from '../core/catalog.js';
import { addDays, dayNumber, type IsoDate, weekday } from '../core/dates.js';
import type { Item } from '../core/item-table.js';
import type { ComplaintChannel, RecordKind } from '../core/oversight.js';
import { monthPeriod, type Period } from '../core/period.js';
import { BACKOFFICE_STAFF, DEFAULT_PROFILE, DEMO_ITEM_PROFILES, DEMO_WINDOWS, type DemoWindow, type ItemProfile } from './center.js';
import { after, Dice, type LocalMoment } from './dice.js';
import {
  BAD_COMMENTS,
  COMMENDATIONS,
  COMPANY_WORDS,
  COMPLAINT_CHANNELS,
  COMPLAINT_SUMMARIES,
  channelOf,
  creditCode,
  DEDUCTIONS,
  DENIAL_REASONS,
  GOOD_COMMENTS,
  INDUSTRIES,
  personName,
  REFUSAL_REASONS,
  residentId,
  SUPPLEMENT_MATERIALS,
  WITHDRAWAL_REASONS,
} from './people.js';

/** What the plan needs to know of a catalog item. */
export type DemoItem = Pick<Item, 'code' | 'window' | 'status' | 'parent' | 'promisedDays' | 'limitUnit' | 'stages'>;

export interface PlannedStep {
  at: LocalMoment;
  operator: string;
  action: CaseAction;
}

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

export interface PlannedComplaint {
  window: string;
  /** Index into the plan's cases, when the complaint names a case. */
  caseIndex: number | null;
  channel: ComplaintChannel;
  date: IsoDate;
  summary: string;
  closed: { at: LocalMoment; substantiated: boolean } | null;
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
  complaints: PlannedComplaint[];
  records: PlannedRecord[];
}

export interface DemoPlanInput {
  seed: number;
  /** The months planned, oldest first, as [year, month]. */
  months: readonly [number, number][];
  /** The mean number of cases on an ordinary working day. */
  casesPerDay: number;
  items: readonly DemoItem[];
  calendar: WorkCalendar;
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

/** A level of 好差评, mostly 非常满意, with a few bad ones; a late case is rated worse. */
function ratingLevel(dice: Dice, late: boolean): number {
  const roll = dice.unit() - (late ? 0.35 : 0);
  if (roll < 0.012) return 1;
  if (roll < 0.03) return 2;
  if (roll < 0.075) return 3;
  if (roll < 0.23) return 4;
  return 5;
}

interface CaseContext {
  dice: Dice;
  calendar: WorkCalendar;
  window: DemoWindow;
  item: DemoItem;
  profile: ItemProfile;
  accepted: LocalMoment;
  clerk: string;
}

/** The steps of a 即办件 (promised limit 0) after its acceptance. */
function immediateSteps(context: CaseContext): { steps: PlannedStep[]; concludeAtOnce: boolean } {
  const { dice, calendar, accepted, clerk } = context;
  if (dice.chance(0.86)) return { steps: withRating(context, [], accepted, false), concludeAtOnce: true };
  // Some take a while, a few go to the back office, and now and then one slips to the next day (overdue).
  const late = dice.chance(0.04);
  const date = late ? addWorkingDays(calendar, accepted.date, 1) : accepted.date;
  const at = after(dice, accepted, date);
  const backoffice = dice.chance(0.3);
  const conclusion: PlannedStep = {
    at,
    operator: backoffice ? dice.pick(BACKOFFICE_STAFF) : clerk,
    action: { command: 'conclude', outcome: 'approved', location: backoffice ? 'backoffice' : null },
  };
  return { steps: withRating(context, [conclusion], at, late), concludeAtOnce: false };
}

/** A rating after the service for about two in three concluded cases. */
function withRating(context: CaseContext, steps: PlannedStep[], last: LocalMoment, late: boolean): PlannedStep[] {
  const { dice } = context;
  if (!dice.chance(0.65)) return steps;
  const level = ratingLevel(dice, late);
  const at = after(dice, last, last.date);
  const comment = level <= 2 ? dice.pick(BAD_COMMENTS) : dice.pick(GOOD_COMMENTS);
  return [...steps, { at, operator: context.clerk, action: { command: 'rate', level, comment, date: at.date, replace: false } }];
}

/**
 * The steps of a 承诺件 after its acceptance. Offsets count days of the item's unit
 * while the clock runs: a case concluded at offset k has used k days, so it is late
 * exactly when k exceeds the promised limit, whatever its pause (the pause moves the
 * deadline and the later dates alike).
 */
function promisedSteps(context: CaseContext): PlannedStep[] {
  const { dice, calendar, item, profile, accepted, clerk } = context;
  const promised = item.promisedDays;
  const unit = item.limitUnit;
  const late = dice.chance(profile.late ?? 0.004);
  const used = late ? promised + dice.between(1, 3) : dice.between(Math.max(1, Math.ceil(promised * 0.2)), promised);
  const dateAt = (offset: number): IsoDate =>
    unit === 'calendar' ? workingDayOnOrAfter(calendar, addDays(accepted.date, offset)) : addWorkingDays(calendar, accepted.date, offset);

  const decide = item.stages.indexOf('decide');
  const before = item.stages.slice(1, decide === -1 ? item.stages.length : decide);
  // The review usually starts the day of acceptance; later stages spread toward the decision.
  const offsets: number[] = [];
  before.forEach((_, index) => {
    const spread = Math.floor((used * (index + 1)) / (before.length + 1));
    offsets.push(index === 0 ? (dice.chance(0.6) ? 0 : Math.min(1, spread)) : Math.max(offsets[index - 1]!, spread));
  });

  const special = profile.special && dice.chance(0.3) ? dice.pick(profile.special) : null;
  const supplement = !special && dice.chance(profile.supplement ?? 0.07) ? dice.pick(SUPPLEMENT_MATERIALS) : null;
  // 补正 comes with the review (一次性告知); an Art. 45 procedure once the file is examined.
  const pauseAfter = special ? before.length - 1 : 0;
  const pauseOffset = offsets[pauseAfter] ?? 0;
  const pauseLength = special ? dice.between(5, 15) : dice.between(1, 6);
  const backoffice = dice.chance(0.12);

  type Planned = { offset: number; action: CaseAction; backoffice: boolean; pause?: 'start' | 'end' };
  const sequence: Planned[] = [];
  before.forEach((stage, index) => {
    sequence.push({ offset: offsets[index]!, action: { command: 'advance', to: stage, location: backoffice ? 'backoffice' : null }, backoffice });
    if (index === pauseAfter && (special || supplement)) {
      sequence.push({
        offset: pauseOffset,
        action: special ? { command: 'suspend', reason: special } : { command: 'supplement', materials: supplement! },
        backoffice: false,
        pause: 'start',
      });
      sequence.push({ offset: pauseOffset, action: { command: 'resume' }, backoffice: false, pause: 'end' });
    }
  });
  if (before.length === 0 && supplement) {
    sequence.push({ offset: 0, action: { command: 'supplement', materials: supplement }, backoffice: false, pause: 'start' });
    sequence.push({ offset: 0, action: { command: 'resume' }, backoffice: false, pause: 'end' });
  }
  const denied = dice.chance(0.03);
  sequence.push({
    offset: used,
    action: { command: 'conclude', outcome: denied ? 'denied' : 'approved', reason: denied ? dice.pick(DENIAL_REASONS) : undefined, location: null },
    backoffice,
  });

  // An applicant may withdraw before the decision, often while asked for more materials.
  const withdrawAt = dice.chance(0.025) ? dice.between(1, sequence.length - 1) : -1;

  const steps: PlannedStep[] = [];
  let last = accepted;
  let pauseStart: IsoDate | null = null;
  let pausedDays = 0;
  for (const [index, planned] of sequence.entries()) {
    let date: IsoDate;
    if (planned.pause === 'end') {
      const resumed =
        unit === 'calendar' ? workingDayOnOrAfter(calendar, addDays(pauseStart!, pauseLength)) : addWorkingDays(calendar, pauseStart!, pauseLength);
      pausedDays = countDays(calendar, pauseStart!, resumed, unit);
      date = resumed;
    } else {
      date = dateAt(planned.offset + pausedDays);
    }
    if (date < last.date) date = last.date;
    const at = after(dice, last, date);
    if (index === withdrawAt) {
      steps.push({ at, operator: clerk, action: { command: 'withdraw', reason: dice.pick(WITHDRAWAL_REASONS) } });
      return steps;
    }
    if (planned.pause === 'start') pauseStart = at.date;
    steps.push({ at, operator: planned.backoffice ? dice.pick(BACKOFFICE_STAFF) : clerk, action: planned.action });
    last = at;
  }
  // 送达: the certificate handed over or posted, the same day or within two working days.
  if (item.stages.includes('deliver') && !denied) {
    const at = after(dice, last, dice.chance(0.5) ? last.date : addWorkingDays(calendar, last.date, dice.between(1, 2)));
    steps.push({ at, operator: clerk, action: { command: 'deliver' } });
    last = at;
  }
  return withRating(context, steps, last, late);
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
  return { period, cases, complaints: planComplaints(dice, calendar, cases, periods), records: planRecords(dice, calendar, periods) };
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
  const applicant = company ? `示范市${dice.pick(COMPANY_WORDS)}${dice.pick(INDUSTRIES)}有限公司` : personName(dice);
  const applicantId = company ? creditCode(dice) : residentId(dice);
  const clerk = dice.pick(window.clerks);
  const base = { item: item.code, window: window.code, applicant, applicantId, channel: channelOf(dice, company), at: accepted, operator: clerk };
  if (dice.chance(item.promisedDays === 0 ? 0.012 : 0.02)) {
    return { ...base, refusal: dice.pick(REFUSAL_REASONS), concludeAtOnce: false, steps: [] };
  }
  const context: CaseContext = { dice, calendar, window, item, profile, accepted, clerk };
  if (item.promisedDays === 0) return { ...base, refusal: null, ...immediateSteps(context) };
  return { ...base, refusal: null, concludeAtOnce: false, steps: promisedSteps(context) };
}

/**
 * Complaints are rare: one to three a month, about a case accepted that month (named
 * in most), closed within two weeks unless received at the very end. The first one of
 * the last month is found substantiated, so the assessment shows what that costs.
 */
function planComplaints(dice: Dice, calendar: WorkCalendar, cases: readonly PlannedCase[], periods: readonly Period[]): PlannedComplaint[] {
  const complaints: PlannedComplaint[] = [];
  const end = periods[periods.length - 1]!.to;
  periods.forEach((month, monthIndex) => {
    const candidates = cases.flatMap((planned, index) =>
      planned.refusal === null && planned.at.date >= month.from && planned.at.date <= month.to ? [index] : [],
    );
    if (candidates.length === 0) return;
    const count = dice.between(1, 3);
    for (let number = 0; number < count; number++) {
      const caseIndex = dice.pick(candidates);
      const planned = cases[caseIndex]!;
      let date = addWorkingDays(calendar, planned.at.date, dice.between(0, 4));
      if (date > month.to) date = planned.at.date;
      const forced = monthIndex === periods.length - 1 && number === 0;
      let closedOn = addWorkingDays(calendar, date, dice.between(3, 10));
      if (forced && closedOn > end) closedOn = date;
      const substantiated = forced || dice.chance(0.3);
      complaints.push({
        window: planned.window,
        caseIndex: dice.chance(0.7) ? caseIndex : null,
        channel: dice.pick(COMPLAINT_CHANNELS),
        date,
        summary: dice.pick(COMPLAINT_SUMMARIES),
        closed: closedOn <= end ? { at: { date: closedOn, minutes: dice.officeMinute() }, substantiated } : null,
      });
    }
  });
  return complaints;
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
