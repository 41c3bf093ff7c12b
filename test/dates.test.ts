import { describe, expect, it } from 'vitest';
import { eventTimeOf, parseEventTime } from '../src/core/case-values.js';
import { civilDayNumber, dayNumber, isoWithOffset, isValidDate, localDateTime, parseTimestamp, weekday } from '../src/core/dates.js';
import type { InvalidValue } from '../src/core/errors.js';

describe('dates', () => {
  it('counts a day given as numbers as dayNumber counts its text, and knows a day that does not exist', () => {
    for (const date of ['1949-10-01', '1970-01-01', '2000-02-29', '2024-02-29', '2026-12-31', '2100-03-01']) {
      const [year, month, day] = date.split('-').map(Number) as [number, number, number];
      expect(civilDayNumber(year, month, day), date).toBe(dayNumber(date));
    }
    for (const [year, month, day] of [
      [2025, 2, 29],
      [2100, 2, 29],
      [2026, 4, 31],
      [2026, 13, 1],
      [2026, 0, 10],
      [2026, 1, 0],
    ] as const) {
      expect(civilDayNumber(year, month, day), `${year}-${month}-${day}`).toBeNull();
    }
  });

  it('validates calendar dates', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('2025-2-1')).toBe(false);
  });
  it('knows weekdays', () => {
    expect(weekday('2025-10-11')).toBe(6);
    expect(weekday('2025-09-28')).toBe(0);
  });
  it('reads timestamps without an offset in the center time zone', () => {
    expect(parseTimestamp('2025-10-09 17:45', 'Asia/Shanghai')?.toISOString()).toBe('2025-10-09T09:45:00.000Z');
    expect(parseTimestamp('2025-10-09T17:45:00+08:00', 'UTC')?.toISOString()).toBe('2025-10-09T09:45:00.000Z');
    expect(parseTimestamp('2025-10-09T09:45:00Z', 'Asia/Shanghai')?.toISOString()).toBe('2025-10-09T09:45:00.000Z');
    expect(parseTimestamp('2025-10-09', 'Asia/Shanghai')?.toISOString()).toBe('2025-10-08T16:00:00.000Z');
    expect(parseTimestamp('2025/9/15 9:05', 'Asia/Shanghai')?.toISOString()).toBe('2025-09-15T01:05:00.000Z');
    expect(parseTimestamp('yesterday', 'Asia/Shanghai')).toBeNull();
    expect(parseTimestamp('9月15日', 'Asia/Shanghai')).toBeNull();
    expect(parseTimestamp('2025-13-01', 'Asia/Shanghai')).toBeNull();
  });
  it('agrees with Intl for the fixed-offset zones it short-cuts', () => {
    for (const iso of ['2025-12-31T16:30:00Z', '2026-06-15T03:59:00Z', '2024-02-29T23:59:00Z']) {
      const instant = new Date(iso);
      for (const zone of ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong']) {
        const parts = new Intl.DateTimeFormat('en-CA', {
          timeZone: zone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).formatToParts(instant);
        const get = (type: string) => parts.find((part) => part.type === type)!.value;
        expect(localDateTime(instant, zone)).toEqual({
          date: `${get('year')}-${get('month')}-${get('day')}`,
          minutes: Number(get('hour')) * 60 + Number(get('minute')),
        });
      }
    }
    expect(isoWithOffset(new Date('2025-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('2025-07-01T14:00:00+02:00');
  });

  it('gives local dates and offsets', () => {
    const instant = new Date('2025-12-31T16:30:00Z');
    expect(localDateTime(instant, 'Asia/Shanghai')).toEqual({ date: '2026-01-01', minutes: 30 });
    expect(isoWithOffset(instant, 'Asia/Shanghai')).toBe('2026-01-01T00:30:00+08:00');
  });
});

describe('event times read straight from their text', () => {
  const now = new Date('2026-11-23T10:00:00+08:00');
  const slow = (value: string, zone: string) => {
    const instant = parseTimestamp(value, zone);
    return instant === null ? null : eventTimeOf(instant, zone);
  };
  it('give what the round trip through Date gives, in every fixed-offset zone and elsewhere', () => {
    const written = [
      '2025-10-09 14:30',
      '2025-10-09T14:30',
      '2025-10-09 00:00',
      '2025-12-31 23:59:59',
      '2024-02-29 08:05:07',
      '2026-01-01 00:00',
      '1992-01-02 00:30',
      '1991-12-31 23:00',
      '2025/9/15 9:05',
      '2025-10-09',
      '2025-10-09T14:30:00+08:00',
      '2025-10-09 14:30:00.250',
    ];
    for (const zone of ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Taipei', 'Europe/Berlin', 'UTC']) {
      for (const value of written) expect(parseEventTime('accepted_at', value, zone, now), `${value} in ${zone}`).toEqual(slow(value, zone));
    }
  });
  it('refuse what the round trip refuses: a day or an hour that does not exist, a time to come', () => {
    const refusal = (value: string) => {
      try {
        parseEventTime('accepted_at', value, 'Asia/Shanghai', now);
        return null;
      } catch (error) {
        return (error as InvalidValue).problem.rule;
      }
    };
    expect(refusal('2025-02-29 10:00')).toBe('timestamp');
    expect(refusal('2025-10-09 24:00')).toBe('timestamp');
    expect(refusal('2025-10-09 10:60')).toBe('timestamp');
    // One minute's grace for a clock a little behind the clerk's (SPEC §4).
    expect(refusal('2026-11-23 10:01')).toBeNull();
    expect(refusal('2026-11-23 10:01:01')).toBe('in_future');
    // SPEC §4's range: before 1949-10-01 is refused as a typed date is (in 1900 Shanghai's offset was +08:05:43).
    expect(refusal('1900-01-01 09:00')).toBe('date_range');
    expect(refusal('1949-09-30T23:59:59+08:00')).toBe('date_range');
    expect(refusal('1949-10-01 00:00')).toBeNull();
  });
});
