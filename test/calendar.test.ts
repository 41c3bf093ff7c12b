/**
 * The counting contract of SPEC §2, on the official schedules as data. Every expected
 * date here was worked out by hand from the State Council notices, not by the code.
 */
import { describe, expect, it } from 'vitest';
import { addWorkingDays, computeDeadline, countDays, createCalendar, type DeadlineInput, daysUsed, explainSpan, isWorkingDay } from '../src/core/calendar.js';
import { OFFICIAL_SCHEDULE } from '../src/core/holidays-official.js';

const official = () => createCalendar(OFFICIAL_SCHEDULE);
const CLOSING = 17 * 60 + 30;

function deadline(acceptedDate: string, limitDays: number, extra: Partial<DeadlineInput> = {}): string {
  return computeDeadline(official(), {
    acceptedDate,
    acceptedMinutes: 10 * 60,
    closingMinutes: CLOSING,
    limitDays,
    unit: 'workday',
    pauses: [],
    today: acceptedDate,
    ...extra,
  });
}

describe('working days', () => {
  it('treats declared holidays as rest and make-up Saturdays and Sundays as work', () => {
    const calendar = official();
    expect(isWorkingDay(calendar, '2025-10-01')).toBe(false); // 国庆 Wednesday
    expect(isWorkingDay(calendar, '2025-10-06')).toBe(false); // 中秋 Monday
    expect(isWorkingDay(calendar, '2025-09-28')).toBe(true); // 调休 Sunday
    expect(isWorkingDay(calendar, '2025-10-11')).toBe(true); // 调休 Saturday
    expect(isWorkingDay(calendar, '2025-10-12')).toBe(false); // plain Sunday
    expect(isWorkingDay(calendar, '2025-10-09')).toBe(true); // plain Thursday
    expect(isWorkingDay(calendar, '2026-02-28')).toBe(true); // 春节调休 Saturday
  });

  it('W(a, b) does not count the start day and counts the end day', () => {
    const calendar = official();
    expect(countDays(calendar, '2025-10-09', '2025-10-10')).toBe(1);
    expect(countDays(calendar, '2025-10-09', '2025-10-09')).toBe(0);
    expect(countDays(calendar, '2025-10-10', '2025-10-09')).toBe(0);
    expect(countDays(calendar, '2025-09-30', '2025-10-12')).toBe(3); // 10-09, 10-10, 10-11 (Sat, 调休)
    expect(countDays(calendar, '2025-01-24', '2025-02-08')).toBe(6); // 01-26 Sun, 01-27, 02-05, 06, 07, 02-08 Sat
    // 2025: 261 weekdays − 18 weekday holidays (元旦 1, 春节 6, 清明 1, 劳动节 3, 端午 1, 国庆中秋 6) + 5 调休 days = 248
    expect(countDays(calendar, '2025-01-01', '2026-01-01')).toBe(248);
    expect(countDays(calendar, '2025-09-30', '2025-10-12', 'calendar')).toBe(12);
  });
});

describe('deadlines, P > 0 (the start day is not counted)', () => {
  it('2025 Spring Festival', () => {
    expect(deadline('2025-01-27', 1)).toBe('2025-02-05');
    expect(deadline('2025-01-24', 1)).toBe('2025-01-26'); // the 调休 Sunday counts
    expect(deadline('2025-01-24', 3)).toBe('2025-02-05');
    expect(deadline('2025-02-07', 1)).toBe('2025-02-08'); // 调休 Saturday
  });

  it('2026 Spring Festival', () => {
    expect(deadline('2026-02-13', 1)).toBe('2026-02-14');
    expect(deadline('2026-02-13', 2)).toBe('2026-02-24');
    expect(deadline('2026-02-13', 5)).toBe('2026-02-27');
    expect(deadline('2026-02-13', 6)).toBe('2026-02-28');
  });

  it('2025 National Day and Mid-Autumn week', () => {
    expect(deadline('2025-09-30', 1)).toBe('2025-10-09');
    expect(deadline('2025-09-30', 3)).toBe('2025-10-11');
    expect(deadline('2025-09-26', 1)).toBe('2025-09-28');
    expect(deadline('2025-09-22', 20)).toBe('2025-10-24');
  });

  it('2026 Mid-Autumn and National Day', () => {
    expect(deadline('2026-09-24', 1)).toBe('2026-09-28');
    expect(deadline('2026-09-30', 1)).toBe('2026-10-08');
    expect(deadline('2026-09-30', 3)).toBe('2026-10-10');
    expect(deadline('2026-09-18', 1)).toBe('2026-09-20');
  });

  it('year ends', () => {
    expect(deadline('2024-12-31', 1)).toBe('2025-01-02');
    expect(deadline('2025-12-31', 1)).toBe('2026-01-04'); // 元旦调休 Sunday
    expect(deadline('2025-12-31', 2)).toBe('2026-01-05');
  });

  it('counts a year without data on weekends only and records the year once', () => {
    const calendar = official();
    const result = computeDeadline(calendar, {
      acceptedDate: '2026-12-31',
      acceptedMinutes: 600,
      closingMinutes: CLOSING,
      limitDays: 3,
      unit: 'workday',
      pauses: [],
      today: '2026-12-31',
    });
    expect(result).toBe('2027-01-05'); // Fri 01-01, Mon 01-04, Tue 01-05
    expect([...calendar.missingYears]).toEqual([2027]);
  });

  it('adds the working days of closed pauses, and of an open pause up to today', () => {
    const pause = { from: '2025-09-26', to: '2025-10-10' }; // W = 09-28, 09-29, 09-30, 10-09, 10-10 = 5
    expect(deadline('2025-09-22', 5, { pauses: [pause] })).toBe('2025-10-11');
    expect(deadline('2025-09-22', 5, { pauses: [{ from: '2025-09-26', to: null }], today: '2025-10-09' })).toBe('2025-10-10');
    expect(deadline('2025-09-22', 5, { pauses: [pause, { from: '2025-10-13', to: '2025-10-14' }] })).toBe('2025-10-13');
  });
});

describe('deadlines, P = 0 (即办件) and the closing time', () => {
  const at = (date: string, hh: number, mm: number) => deadline(date, 0, { acceptedMinutes: hh * 60 + mm });
  it('is the acceptance date when accepted by closing time on a working day', () => {
    expect(at('2025-10-09', 10, 0)).toBe('2025-10-09');
    expect(at('2025-10-09', 17, 30)).toBe('2025-10-09');
    expect(at('2025-10-11', 9, 0)).toBe('2025-10-11'); // 调休 Saturday
  });
  it('is the next working day when accepted after closing or on a rest day', () => {
    expect(at('2025-10-09', 17, 31)).toBe('2025-10-10');
    expect(at('2025-09-30', 18, 0)).toBe('2025-10-09');
    expect(at('2025-10-03', 10, 0)).toBe('2025-10-09'); // accepted online during the holiday
    expect(at('2026-02-13', 19, 0)).toBe('2026-02-14');
  });
});

describe('calendar-day (自然日) limits', () => {
  const natural = (date: string, days: number) => deadline(date, days, { unit: 'calendar' });
  it('counts every date and moves a deadline off a rest day (民法典 Art. 203)', () => {
    expect(natural('2025-03-03', 15)).toBe('2025-03-18');
    expect(natural('2025-09-20', 15)).toBe('2025-10-09'); // 10-05 is a holiday
    expect(natural('2025-01-10', 15)).toBe('2025-01-26'); // Saturday 01-25 → 调休 Sunday
  });
  it('counts pauses in calendar days', () => {
    expect(deadline('2025-03-03', 15, { unit: 'calendar', pauses: [{ from: '2025-03-05', to: '2025-03-08' }] })).toBe('2025-03-21');
  });
});

describe('days used', () => {
  it('is W(d0, dc) − E, never below 0', () => {
    const calendar = official();
    expect(daysUsed(calendar, '2025-09-30', '2025-10-10', [], 'workday')).toBe(2);
    expect(daysUsed(calendar, '2025-09-30', '2025-10-10', [{ from: '2025-10-09', to: '2025-10-10' }], 'workday')).toBe(1);
    expect(daysUsed(calendar, '2025-10-09', '2025-10-09', [], 'workday')).toBe(0);
    expect(daysUsed(calendar, '2025-01-10', '2025-01-20', [], 'calendar')).toBe(10);
  });
});

describe('addWorkingDays', () => {
  it('N = 0 is the date itself on a working day, else the next working day', () => {
    const calendar = official();
    expect(addWorkingDays(calendar, '2025-10-09', 0)).toBe('2025-10-09');
    expect(addWorkingDays(calendar, '2025-10-04', 0)).toBe('2025-10-09');
  });
  it('refuses negative or fractional counts', () => {
    expect(() => addWorkingDays(official(), '2025-10-09', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(official(), '2025-10-09', 1.5)).toThrow(RangeError);
  });
});

describe('explainSpan', () => {
  it('names each counted day, holiday, weekend and 调休 day', () => {
    const days = explainSpan(official(), '2025-09-26', '2025-10-01');
    expect(days.map((day) => `${day.date} ${day.role}`)).toEqual([
      '2025-09-27 weekend',
      '2025-09-28 makeup',
      '2025-09-29 working',
      '2025-09-30 working',
      '2025-10-01 holiday',
    ]);
    expect(days[4]!.note).toBe('国庆节');
  });
});
