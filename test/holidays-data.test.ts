/** The seeded schedule is exactly the official one shipped in ../shared/data. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OFFICIAL_SCHEDULE } from '../src/core/holidays-official.js';
import { FIXTURES, SHARED } from './helpers.js';

const csv = join(SHARED, 'data', 'holidays-cn.csv');

describe('official schedule', () => {
  it.runIf(existsSync(csv))('matches ../shared/data/holidays-cn.csv row for row', () => {
    const rows = readFileSync(csv, 'utf8').trim().split(/\r?\n/).slice(1);
    expect(OFFICIAL_SCHEDULE.map((day) => `${day.date},${day.kind},${day.note}`)).toEqual(rows);
  });
  // The independent oracles (test/combined-oracle.ts …) count on this copy, so they run where ../shared is absent (CI).
  it.runIf(existsSync(csv))('is copied unchanged to fixtures/holidays-cn-2024-2026.csv for the oracles', () => {
    expect(readFileSync(join(FIXTURES, 'holidays-cn-2024-2026.csv'), 'utf8')).toBe(readFileSync(csv, 'utf8'));
  });
  it('covers 2024, 2025 and 2026 with holidays and make-up days', () => {
    for (const year of ['2024', '2025', '2026']) {
      const days = OFFICIAL_SCHEDULE.filter((day) => day.date.startsWith(year));
      expect(days.some((day) => day.kind === 'holiday')).toBe(true);
      expect(days.some((day) => day.kind === 'workday')).toBe(true);
    }
  });
});
