/** How an event is stored (migration 15): its time as seconds and offset, its details' endings cut and put back byte for byte. */
import { describe, expect, it } from 'vitest';
import { cutDetails, decodeTimestamp, encodeTimestamp, restoreDetails } from '../src/store/event-row.js';

describe('an event time', () => {
  it('is local seconds and an offset that give its text back, before 1970, west of Greenwich and at the ends of the range', () => {
    for (const at of [
      '2026-01-04T09:03:20+08:00',
      '1950-01-03T09:30:00-05:00',
      '1949-10-01T00:00:00+08:00',
      '2199-12-31T23:59:59+08:00',
      '2024-02-29T17:30:00+05:45',
      '1970-01-01T00:00:00+00:00',
    ]) {
      const { seconds, tz } = encodeTimestamp(at);
      expect(decodeTimestamp(seconds, tz), at).toEqual({ at, date: at.slice(0, 10), minutes: Number(at.slice(11, 13)) * 60 + Number(at.slice(14, 16)) });
    }
    expect(encodeTimestamp('1950-01-03T09:30:00-05:00')).toEqual({ seconds: Date.UTC(1950, 0, 3, 9, 30) / 1000, tz: -300 });
  });

  it('counts its day as the calendar does, on every day from 1949 to 2200, leap days and century years included', () => {
    // Against the JavaScript clock's own count, independent of the arithmetic the encoder uses.
    for (let day = Date.UTC(1949, 9, 1) / 86_400_000; day <= Date.UTC(2200, 0, 1) / 86_400_000; day++) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      expect(encodeTimestamp(`${date}T00:00:00+08:00`).seconds).toBe(day * 86_400);
    }
  });

  it('refuses any text not in the one form hall writes', () => {
    for (const at of [
      '2025-02-29T09:00:00+08:00',
      '2100-02-29T09:00:00+08:00',
      '2026-04-31T09:00:00+08:00',
      '2026-13-01T09:00:00+08:00',
      '2026-00-10T09:00:00+08:00',
      '2026-01-00T09:00:00+08:00',
      '2026-01-04T09:60:00+08:00',
      '2025-02-30T09:00:00+08:00',
      '2026-01-04 09:03:20+08:00',
      '2026-01-04T24:00:00+08:00',
      '2026-01-04T09:03+08:00',
      '2026-01-04T09:03:20Z',
      '1900-01-01T09:00:00+08:05:43',
    ]) {
      expect(() => encodeTimestamp(at), at).toThrow('not a stored timestamp');
    }
  });
});

describe('an event’s details', () => {
  it('lose the import’s mark and a rating’s own date, and get them back as written', () => {
    const cases: [kind: 'register' | 'rate' | 'advance', details: string, stored: string, cut: number][] = [
      ['register', '{"channel":"window","imported":true}', '{"channel":"window"}', 1],
      ['advance', '{"imported":true}', '{}', 1],
      ['rate', '{"level":4,"comment":"","date":"2026-01-04","imported":true}', '{"level":4,"comment":""}', 3],
      ['rate', '{"level":2,"comment":"态度差","date":"2026-01-04"}', '{"level":2,"comment":"态度差"}', 2],
      // Rated on another day than recorded (case rate --date): the date stays.
      ['rate', '{"level":5,"comment":"","date":"2026-01-03"}', '{"level":5,"comment":"","date":"2026-01-03"}', 0],
      ['advance', '{"to":"review"}', '{"to":"review"}', 0],
      ['advance', 'not json', 'not json', 0],
    ];
    for (const [kind, details, stored, cut] of cases) {
      expect(cutDetails(kind, '2026-01-04', details), details).toEqual({ details: stored, cut });
      expect(restoreDetails(stored, cut, '2026-01-04'), details).toBe(details);
    }
  });
});
