/**
 * Local calendar dates as `YYYY-MM-DD` strings, and the arithmetic on them.
 *
 * Dates are counted as day numbers since 1970-01-01 (UTC midnight), so adding a day
 * never crosses a daylight-saving or time-zone boundary: a service center works in
 * local dates, never in instants.
 */

import { InvalidValue } from './errors.js';

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export type IsoDate = string;

// An import checks the same few hundred dates a million times over; remember the good ones.
const validDates = new Set<IsoDate>();

export function isValidDate(text: string): boolean {
  if (validDates.has(text)) return true;
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  const valid = probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  if (valid && validDates.size < 100_000) validDates.add(text);
  return valid;
}

/**
 * The day number (as `dayNumber` counts) of a year, month and day given as numbers, or null
 * for a date that does not exist (2025-02-30, month 13). By arithmetic, without a string or
 * a Date (H. Hinnant's days_from_civil): the import encodes three times a row, and making
 * each date's text to look it up was most of what encoding allocated.
 */
export function civilDayNumber(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Deadline arithmetic converts the same few hundred dates over and over; remember them.
const dayNumbers = new Map<IsoDate, number>();
const dayNames = new Map<number, IsoDate>();

export function dayNumber(date: IsoDate): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    day = Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
    if (dayNumbers.size < 100_000) dayNumbers.set(date, day);
  }
  return day;
}

export function fromDayNumber(day: number): IsoDate {
  let date = dayNames.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayNames.size < 100_000) dayNames.set(day, date);
  }
  return date;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekday(date: IsoDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: IsoDate): boolean {
  const day = weekday(date);
  return day === 0 || day === 6;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The local date and minutes past midnight of an instant in an IANA time zone.
 * Uses Intl so that no time-zone database has to be bundled.
 */
// Building an Intl formatter costs far more than using one: keep one per zone.
const localFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Zones of mainland China, Hong Kong, Macau and Taiwan have kept one offset with no
 * daylight saving since 1991. Using it directly spares every clerk command the ~30 ms
 * it takes to load ICU's time-zone data; any other zone goes through Intl.
 */
const FIXED_OFFSET_MINUTES: Record<string, number> = {
  'Asia/Shanghai': 480,
  'Asia/Chongqing': 480,
  'Asia/Harbin': 480,
  'Asia/Hong_Kong': 480,
  'Asia/Macau': 480,
  'Asia/Taipei': 480,
  'Asia/Urumqi': 360,
  PRC: 480,
};
const FIXED_SINCE = Date.UTC(1992, 0, 1);

function fixedOffset(instant: Date, timeZone: string): number | undefined {
  return instant.getTime() >= FIXED_SINCE ? FIXED_OFFSET_MINUTES[timeZone] : undefined;
}

/** The offset in minutes of a fixed-offset zone on a local date (from 1992-01-02 on), or undefined: ask Intl. */
export function fixedOffsetOn(date: IsoDate, timeZone: string): number | undefined {
  return date >= '1992-01-02' ? FIXED_OFFSET_MINUTES[timeZone] : undefined;
}

/** `+08:00` for 480 minutes. */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
}

export function localDateTime(instant: Date, timeZone: string): { date: IsoDate; minutes: number } {
  const fixed = fixedOffset(instant, timeZone);
  if (fixed !== undefined) {
    const shifted = new Date(instant.getTime() + fixed * 60_000);
    return { date: shifted.toISOString().slice(0, 10), minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
  }
  let formatter = localFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    localFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/** `+08:00` style offset of a time zone at an instant. */
export function zoneOffset(instant: Date, timeZone: string): string {
  const fixed = fixedOffset(instant, timeZone);
  if (fixed !== undefined) return offsetText(fixed);
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value;
  const offset = name?.replace('GMT', '') ?? '';
  return offset === '' ? '+00:00' : offset;
}

/** ISO 8601 timestamp with the zone's offset, as events are stored (SPEC §2). */
export function isoWithOffset(instant: Date, timeZone: string): string {
  const { date, minutes } = localDateTime(instant, timeZone);
  const seconds = String(instant.getUTCSeconds()).padStart(2, '0');
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${date}T${hh}:${mm}:${seconds}${zoneOffset(instant, timeZone)}`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Parses `HH:MM` into minutes past midnight, or null. */
export function parseClockTime(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

const TIMESTAMP_PATTERN = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses `2025-10-09`, `2025-10-09 14:30`, `2025-10-09T14:30:00+08:00` or `…Z`. A
 * timestamp without an offset is read in the center's time zone, as a clerk means it.
 * Returns null when the text is not such a timestamp.
 */
export function parseTimestamp(value: string, timeZone: string): Date | null {
  // Excel writes 2025/9/15 9:05; read it as 2025-09-15 09:05.
  const excel = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(.*))?$/.exec(value.trim());
  const text = excel
    ? `${excel[1]}-${excel[2]!.padStart(2, '0')}-${excel[3]!.padStart(2, '0')}${excel[4] ? ` ${excel[4].padStart(2, '0')}:${excel[5]}${excel[6]}` : ''}`
    : value.trim();
  const match = TIMESTAMP_PATTERN.exec(text);
  if (!match || !isValidDate(match[1]!)) return null;
  const [, date, hh = '00', mm = '00', ss = '00', offset] = match;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null;
  if (offset) {
    const normalized = offset === 'Z' ? 'Z' : offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset;
    const instant = new Date(`${date}T${hh}:${mm}:${ss}${normalized}`);
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  // Guess with the zone's offset at that wall time read as UTC, then correct once (DST-safe enough for China, exact elsewhere).
  const asUtc = Date.parse(`${date}T${hh}:${mm}:${ss}Z`);
  const offsetMinutes = (instant: number) => {
    const text = zoneOffset(new Date(instant), timeZone);
    const sign = text.startsWith('-') ? -1 : 1;
    return sign * (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6)));
  };
  let instant = asUtc - offsetMinutes(asUtc) * 60_000;
  instant = asUtc - offsetMinutes(instant) * 60_000;
  return new Date(instant);
}

/** The dates hall accepts (SPEC §4): from the founding of the PRC to the end of 2199. */
export const FIRST_DATE: IsoDate = '1949-10-01';
export const LAST_DATE: IsoDate = '2199-12-31';

/** A date given by a person: `YYYY-MM-DD`, a real day, within the range SPEC §4 allows. */
export function parseDate(field: string, value: string): IsoDate {
  const trimmed = value.trim();
  if (!isValidDate(trimmed)) throw new InvalidValue(field, value, { rule: 'date' });
  if (trimmed < FIRST_DATE || trimmed > LAST_DATE) throw new InvalidValue(field, value, { rule: 'date_range' });
  return trimmed;
}

/** The date of a record of something that happened (a complaint, an assessment entry): never after today. */
export function parsePastDate(field: string, value: string, today: IsoDate): IsoDate {
  const date = parseDate(field, value);
  if (date > today) throw new InvalidValue(field, value, { rule: 'in_future' });
  return date;
}
