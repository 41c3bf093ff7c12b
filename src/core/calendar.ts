/**
 * The working-day calendar and the counting rules of SPEC §2.
 *
 * Pure: a calendar is data (dated overrides plus the years they cover), and every
 * function takes the dates it needs. Nothing here reads the clock or the database.
 */
import { addDays, dayNumber, fromDayNumber, type IsoDate, isWeekend, yearOf } from './dates.js';

export type DayKind = 'holiday' | 'workday';
export type LimitUnit = 'workday' | 'calendar';

export interface CalendarEntry {
  date: IsoDate;
  kind: DayKind;
  note: string;
}

export interface WorkCalendar {
  readonly overrides: ReadonlyMap<IsoDate, CalendarEntry>;
  /** Years for which the calendar holds an official schedule. */
  readonly coveredYears: ReadonlySet<number>;
  /**
   * Years a computation touched without data. Counting still works on weekends alone;
   * the caller reports each year once per command (SPEC §2).
   */
  readonly missingYears: Set<number>;
}

export function createCalendar(entries: Iterable<CalendarEntry>, coveredYears?: Iterable<number>): WorkCalendar {
  const overrides = new Map<IsoDate, CalendarEntry>();
  const years = new Set<number>(coveredYears ?? []);
  for (const entry of entries) {
    overrides.set(entry.date, entry);
    if (!coveredYears) years.add(yearOf(entry.date));
  }
  return { overrides, coveredYears: years, missingYears: new Set() };
}

/** A date is a working day if it is Mon–Fri and not a holiday, or a declared make-up day (调休补班). */
export function isWorkingDay(calendar: WorkCalendar, date: IsoDate): boolean {
  const year = yearOf(date);
  if (!calendar.coveredYears.has(year)) calendar.missingYears.add(year);
  const override = calendar.overrides.get(date);
  if (override) return override.kind === 'workday';
  return !isWeekend(date);
}

/**
 * Whether each day (by day number) is a working day, per calendar: deadlines walk the
 * same few hundred days again and again (an import walks them a million times), and a
 * calendar never changes once made. Asking `isWorkingDay` the first time also records
 * a year without data, so remembering the answer loses no warning.
 */
const knownDays = new WeakMap<WorkCalendar, Map<number, boolean>>();

function workingDayTable(calendar: WorkCalendar): (day: number) => boolean {
  let known = knownDays.get(calendar);
  if (!known) {
    known = new Map();
    knownDays.set(calendar, known);
  }
  const table = known;
  return (day) => {
    let working = table.get(day);
    if (working === undefined) {
      working = isWorkingDay(calendar, fromDayNumber(day));
      table.set(day, working);
    }
    return working;
  };
}

/**
 * W(a, b): the days d with a < d ≤ b that count. The start day is never counted
 * (民法典 Art. 201: a period in days starts on the following day). For a calendar-day
 * (自然日) unit every date counts. Negative spans count as 0.
 */
export function countDays(calendar: WorkCalendar, from: IsoDate, to: IsoDate, unit: LimitUnit = 'workday'): number {
  const span = dayNumber(to) - dayNumber(from);
  if (span <= 0) return 0;
  if (unit === 'calendar') return span;
  const working = workingDayTable(calendar);
  let count = 0;
  for (let day = dayNumber(from) + 1, last = dayNumber(to); day <= last; day++) if (working(day)) count++;
  return count;
}

/** The first working day on or after `date`. */
export function workingDayOnOrAfter(calendar: WorkCalendar, date: IsoDate): IsoDate {
  const working = workingDayTable(calendar);
  let day = dayNumber(date);
  while (!working(day)) day++;
  return fromDayNumber(day);
}

/**
 * The working day D with W(date, D) = n. For n = 0 this is `date` itself when it is
 * a working day, else the next working day (the same rule as a 即办件 accepted out
 * of hours).
 */
export function addWorkingDays(calendar: WorkCalendar, date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
  if (n === 0) return workingDayOnOrAfter(calendar, date);
  const working = workingDayTable(calendar);
  let day = dayNumber(date);
  let counted = 0;
  while (counted < n) {
    day++;
    if (working(day)) counted++;
  }
  return fromDayNumber(day);
}

export interface Pause {
  from: IsoDate;
  /** null while the pause is still open: it then runs to `today`. */
  to: IsoDate | null;
}

/** E: the days excluded by pauses, Σ W(s, e), an open pause counting up to `today`. */
export function pausedDays(calendar: WorkCalendar, pauses: readonly Pause[], today: IsoDate, unit: LimitUnit): number {
  let total = 0;
  for (const pause of pauses) total += countDays(calendar, pause.from, pause.to ?? today, unit);
  return total;
}

export interface DeadlineInput {
  acceptedDate: IsoDate;
  /** Minutes past local midnight at acceptance (only matters when the limit is 0). */
  acceptedMinutes: number;
  /** The office's closing time in minutes past midnight (default 17:30). */
  closingMinutes: number;
  limitDays: number;
  unit: LimitUnit;
  pauses: readonly Pause[];
  /** The date an open pause runs to. */
  today: IsoDate;
}

/**
 * The deadline of SPEC §2.
 * - limit 0 (即办件): the acceptance date if it is a working day and the case was
 *   accepted by closing time, else the next working day;
 * - limit P > 0: the working day D with W(d0, D) = P + E;
 * - 自然日 limits: d0 + P + E calendar days, moved to the next working day when that
 *   falls on a rest day (民法典 Art. 203).
 */
export function computeDeadline(calendar: WorkCalendar, input: DeadlineInput): IsoDate {
  const { acceptedDate, limitDays, unit } = input;
  if (limitDays === 0) {
    const inHours = input.acceptedMinutes <= input.closingMinutes;
    if (inHours && isWorkingDay(calendar, acceptedDate)) return acceptedDate;
    return workingDayOnOrAfter(calendar, addDays(acceptedDate, 1));
  }
  const excluded = pausedDays(calendar, input.pauses, input.today, unit);
  if (unit === 'calendar') return workingDayOnOrAfter(calendar, addDays(acceptedDate, limitDays + excluded));
  return addWorkingDays(calendar, acceptedDate, limitDays + excluded);
}

/** Working days used by a concluded case: W(d0, dc) − E, never below 0. */
export function daysUsed(calendar: WorkCalendar, acceptedDate: IsoDate, concludedDate: IsoDate, pauses: readonly Pause[], unit: LimitUnit): number {
  const gross = countDays(calendar, acceptedDate, concludedDate, unit);
  return Math.max(0, gross - pausedDays(calendar, pauses, concludedDate, unit));
}

export type DayRole = 'working' | 'holiday' | 'makeup' | 'weekend';

export interface ExplainedDay {
  date: IsoDate;
  role: DayRole;
  note: string;
}

/** Every date in (from, to] with why it did or did not count, for the day-by-day explanation of a deadline. */
export function explainSpan(calendar: WorkCalendar, from: IsoDate, to: IsoDate): ExplainedDay[] {
  const days: ExplainedDay[] = [];
  for (let date = addDays(from, 1); dayNumber(date) <= dayNumber(to); date = addDays(date, 1)) {
    const override = calendar.overrides.get(date);
    const working = isWorkingDay(calendar, date);
    let role: DayRole;
    if (override?.kind === 'workday' && isWeekend(date)) role = 'makeup';
    else if (override?.kind === 'holiday') role = 'holiday';
    else role = working ? 'working' : 'weekend';
    days.push({ date, role, note: override?.note ?? '' });
  }
  return days;
}
