/**
 * Complaints with deadlines (12345 工单, SPEC §7.3): the categories, the working days
 * each is answered in, and when an answer was on time.
 */
import { addWorkingDays, type WorkCalendar } from './calendar.js';
import { pickValue } from './case-values.js';
import type { IsoDate } from './dates.js';
import { ComplaintDaysRejected, InvalidValue } from './errors.js';

export const COMPLAINT_CATEGORIES = ['consult', 'help', 'suggest', 'complaint', 'report'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** The 12345 words for each category; the first is the one tables and messages show. */
export const COMPLAINT_CATEGORY_WORDS: Record<ComplaintCategory, readonly string[]> = {
  consult: ['咨询'],
  help: ['求助'],
  suggest: ['建议'],
  complaint: ['投诉'],
  report: ['举报'],
};

/** Working days to answer each category. */
export type ComplaintDays = Record<ComplaintCategory, number>;

/** The Guangdong 12345 rules of 2022: 咨询 2, 求助 and 建议 10, 投诉 and 举报 15 working days. */
export const DEFAULT_COMPLAINT_DAYS: ComplaintDays = { consult: 2, help: 10, suggest: 10, complaint: 15, report: 15 };

/**
 * The most working days a category may be given: a year and more of working days is a
 * typing slip (150 for 15), not a rule any 12345 center keeps.
 */
export const MAX_COMPLAINT_DAYS = 365;

export function parseComplaintCategory(field: string, value: string): ComplaintCategory {
  const category = pickValue(COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_WORDS, value);
  if (!category) throw new InvalidValue(field, value, { rule: 'complaint_category' });
  return category;
}

/**
 * The days per category from JSON text (a file, or the stored setting): an object from
 * category — the English code or the Chinese word — to a whole number of working days
 * 1…MAX_COMPLAINT_DAYS; any subset, the rest from the default. `source` names the file
 * in the refusal.
 */
export function parseComplaintDays(json: string, source: string): ComplaintDays {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ComplaintDaysRejected(source, null, 'json', error instanceof Error ? error.message : String(error));
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ComplaintDaysRejected(source, null, 'not_object', JSON.stringify(parsed));
  }
  const days: ComplaintDays = { ...DEFAULT_COMPLAINT_DAYS };
  // The key each category was given by, so that 投诉 and complaint together are named both.
  const given = new Map<ComplaintCategory, string>();
  for (const [key, value] of Object.entries(parsed)) {
    const category = pickValue(COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_WORDS, key);
    if (!category) throw new ComplaintDaysRejected(source, key, 'unknown_category', key);
    const first = given.get(category);
    if (first !== undefined) throw new ComplaintDaysRejected(source, key, 'twice', first);
    given.set(category, key);
    // A string "3" is refused rather than read: the file is typed by hand, and a quoted number is as likely "3天".
    if (typeof value !== 'number') throw new ComplaintDaysRejected(source, key, 'not_number', JSON.stringify(value));
    // JSON reads 1e999 as Infinity.
    if (value === Number.POSITIVE_INFINITY) throw new ComplaintDaysRejected(source, key, 'too_large', '∞');
    if (value < 1) throw new ComplaintDaysRejected(source, key, 'too_small', String(value));
    if (!Number.isInteger(value)) throw new ComplaintDaysRejected(source, key, 'not_whole', String(value));
    if (value > MAX_COMPLAINT_DAYS) throw new ComplaintDaysRejected(source, key, 'too_large', String(value));
    days[category] = value;
  }
  return days;
}

/** A complaint's due date: the working day D with W(received, D) = days (SPEC §2 counting, as a case's deadline). */
export function complaintDue(calendar: WorkCalendar, received: IsoDate, days: number): IsoDate {
  return addWorkingDays(calendar, received, days);
}

/** Answered on or before its due date; null while it is open. */
export function answeredOnTime(closed: IsoDate | null, due: IsoDate): boolean | null {
  return closed === null ? null : closed <= due;
}
