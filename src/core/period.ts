/**
 * Report periods (SPEC §6): a month (`2026-10`, or `last` / `this` for cron), a quarter
 * (`2026Q3`), or any span of dates, as inclusive local dates.
 */
import { addDays, daysBetween, FIRST_DATE, type IsoDate, LAST_DATE, parseDate } from './dates.js';
import { InvalidValue, PeriodUnclear } from './errors.js';

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/** The ways a period is named: a month, a quarter, or a span from one date to another. */
export type PeriodWay = 'month' | 'quarter' | 'range';

/** How a period was named, for titles and file names: `2026-10`, `2026Q3`, or `2026-10-08_2026-10-31`. */
export interface NamedPeriod extends Period {
  label: string;
  kind: PeriodWay;
}

const pad = (value: number) => String(value).padStart(2, '0');

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Counted, not found by stepping back from the next month: `9999-12` must not make a date string for year 10000. */
function lastDayOfMonth(year: number, month: number): IsoDate {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${year}-${pad(month)}-${month === 2 && leap ? 29 : MONTH_DAYS[month - 1]}`;
}

export function monthPeriod(year: number, month: number): NamedPeriod {
  return { from: `${year}-${pad(month)}-01`, to: lastDayOfMonth(year, month), label: `${year}-${pad(month)}`, kind: 'month' };
}

function inRange(period: NamedPeriod, field: string, value: string): NamedPeriod {
  if (period.from < FIRST_DATE || period.to > LAST_DATE) throw new InvalidValue(field, value, { rule: 'date_range' });
  return period;
}

/** `YYYY-MM`, `last` (the month before today's) or `this` (today's month). */
export function parseMonth(value: string, today: IsoDate): NamedPeriod {
  const trimmed = value.trim().toLowerCase();
  const [todayYear, todayMonth] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  // `last` on a clock in October 1949 names a month before the range: refused like any other.
  if (trimmed === 'this') return inRange(monthPeriod(todayYear, todayMonth), 'month', value);
  if (trimmed === 'last') return inRange(todayMonth === 1 ? monthPeriod(todayYear - 1, 12) : monthPeriod(todayYear, todayMonth - 1), 'month', value);
  const match = /^(\d{4})-(\d{1,2})$/.exec(trimmed);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) throw new InvalidValue('month', value, { rule: 'month' });
  return inRange(monthPeriod(Number(match[1]), month), 'month', value);
}

/** `YYYYQn` (also `YYYY-Qn`, lower case), or `last` / `this`. */
export function parseQuarter(value: string, today: IsoDate): NamedPeriod {
  const trimmed = value.trim().toUpperCase();
  let year: number;
  let quarter: number;
  if (trimmed === 'THIS' || trimmed === 'LAST') {
    year = Number(today.slice(0, 4));
    quarter = Math.ceil(Number(today.slice(5, 7)) / 3);
    if (trimmed === 'LAST') [year, quarter] = quarter === 1 ? [year - 1, 4] : [year, quarter - 1];
  } else {
    const match = /^(\d{4})-?Q([1-4])$/.exec(trimmed);
    if (!match) throw new InvalidValue('quarter', value, { rule: 'quarter' });
    [year, quarter] = [Number(match[1]), Number(match[2])];
  }
  const first = monthPeriod(year, quarter * 3 - 2);
  const last = monthPeriod(year, quarter * 3);
  return inRange({ from: first.from, to: last.to, label: `${year}Q${quarter}`, kind: 'quarter' }, 'quarter', value);
}

export function parseRange(fromValue: string, toValue: string): NamedPeriod {
  const from = parseDate('from', fromValue);
  const to = parseDate('to', toValue);
  if (from > to) throw new InvalidValue('from', fromValue, { rule: 'after', other: 'to' });
  return { from, to, label: `${from}_${to}`, kind: 'range' };
}

export interface PeriodOptions {
  month?: string;
  quarter?: string;
  from?: string;
  to?: string;
}

/**
 * The one period the options name: exactly one of a month, a quarter or a span with
 * both its days. `allowQuarter` is false for the monthly pack.
 */
export function resolvePeriod(options: PeriodOptions, today: IsoDate, allowQuarter: boolean): NamedPeriod {
  const given = [options.month !== undefined, allowQuarter && options.quarter !== undefined, options.from !== undefined || options.to !== undefined];
  const ways: PeriodWay[] = allowQuarter ? ['month', 'quarter', 'range'] : ['month', 'range'];
  if (given.filter(Boolean).length > 1) throw new PeriodUnclear('several', ways);
  if (options.month !== undefined) return parseMonth(options.month, today);
  if (allowQuarter && options.quarter !== undefined) return parseQuarter(options.quarter, today);
  if (options.from !== undefined || options.to !== undefined) {
    if (options.from === undefined) throw new PeriodUnclear('no_first_day', ways);
    if (options.to === undefined) throw new PeriodUnclear('no_last_day', ways);
    return parseRange(options.from, options.to);
  }
  throw new PeriodUnclear('none', ways);
}

/** The month before the one `period` starts in (环比). */
export function previousMonth(period: Period): NamedPeriod {
  const [year, month] = [Number(period.from.slice(0, 4)), Number(period.from.slice(5, 7))];
  return month === 1 ? monthPeriod(year - 1, 12) : monthPeriod(year, month - 1);
}

/** January 1 of `to`'s year up to `to` (累计). */
export function yearToDate(period: Period): Period {
  return { from: `${period.to.slice(0, 4)}-01-01`, to: period.to };
}

/**
 * The period a report's page sets its figures beside (SPEC §7.7): the month before a month,
 * the quarter before a quarter, and before any other span the span of as many days that
 * ends the day before it. Null when that would begin before the dates hall accepts.
 */
export function previousPeriod(period: NamedPeriod): NamedPeriod | null {
  let previous: NamedPeriod;
  if (period.kind === 'month') previous = previousMonth(period);
  else if (period.kind === 'quarter') {
    const [year, quarter] = [Number(period.label.slice(0, 4)), Number(period.label.slice(5))];
    const [before, beforeQuarter] = quarter === 1 ? [year - 1, 4] : [year, quarter - 1];
    const first = monthPeriod(before, beforeQuarter * 3 - 2);
    previous = { from: first.from, to: monthPeriod(before, beforeQuarter * 3).to, label: `${before}Q${beforeQuarter}`, kind: 'quarter' };
  } else {
    const to = addDays(period.from, -1);
    const from = addDays(to, -daysBetween(period.from, period.to));
    previous = { from, to, label: `${from}_${to}`, kind: 'range' };
  }
  return previous.from < FIRST_DATE ? null : previous;
}
