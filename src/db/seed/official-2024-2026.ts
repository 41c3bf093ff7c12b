/**
 * The official 2024–2026 holiday and make-up working-day schedules exactly as
 * migration 1 seeds them into every new database.
 *
 * FROZEN: never change this file. Migrations are frozen once released; if the seed
 * changed, a database created after the change would start from a different
 * calendar than one created before it, with nothing recording the difference.
 * Corrections and later years reach a database through `hall calendar set` and
 * `hall calendar import` (or a new migration), never through this file.
 * src/core/holidays-official.ts is the living copy; test/migrations.test.ts checks
 * that the 2024–2026 rows there still equal these, so any drift is visible.
 */

export const SEED_SOURCE = '国务院办公厅通知';

export interface SeedDay {
  date: string;
  kind: 'holiday' | 'workday';
  note: string;
}

const rows = `
2024-01-01,holiday,元旦
2024-02-04,workday,春节
2024-02-10,holiday,春节
2024-02-11,holiday,春节
2024-02-12,holiday,春节
2024-02-13,holiday,春节
2024-02-14,holiday,春节
2024-02-15,holiday,春节
2024-02-16,holiday,春节
2024-02-17,holiday,春节
2024-02-18,workday,春节
2024-04-04,holiday,清明
2024-04-05,holiday,清明
2024-04-06,holiday,清明
2024-04-07,workday,清明
2024-04-28,workday,劳动节
2024-05-01,holiday,劳动节
2024-05-02,holiday,劳动节
2024-05-03,holiday,劳动节
2024-05-04,holiday,劳动节
2024-05-05,holiday,劳动节
2024-05-11,workday,劳动节
2024-06-10,holiday,端午
2024-09-14,workday,中秋
2024-09-15,holiday,中秋
2024-09-16,holiday,中秋
2024-09-17,holiday,中秋
2024-09-29,workday,国庆节
2024-10-01,holiday,国庆节
2024-10-02,holiday,国庆节
2024-10-03,holiday,国庆节
2024-10-04,holiday,国庆节
2024-10-05,holiday,国庆节
2024-10-06,holiday,国庆节
2024-10-07,holiday,国庆节
2024-10-12,workday,国庆节
2025-01-01,holiday,元旦
2025-01-26,workday,春节
2025-01-28,holiday,春节
2025-01-29,holiday,春节
2025-01-30,holiday,春节
2025-01-31,holiday,春节
2025-02-01,holiday,春节
2025-02-02,holiday,春节
2025-02-03,holiday,春节
2025-02-04,holiday,春节
2025-02-08,workday,春节
2025-04-04,holiday,清明
2025-04-05,holiday,清明
2025-04-06,holiday,清明
2025-04-27,workday,劳动节
2025-05-01,holiday,劳动节
2025-05-02,holiday,劳动节
2025-05-03,holiday,劳动节
2025-05-04,holiday,劳动节
2025-05-05,holiday,劳动节
2025-05-31,holiday,端午
2025-06-01,holiday,端午
2025-06-02,holiday,端午
2025-09-28,workday,国庆节
2025-10-01,holiday,国庆节
2025-10-02,holiday,国庆节
2025-10-03,holiday,国庆节
2025-10-04,holiday,国庆节
2025-10-05,holiday,国庆节
2025-10-06,holiday,中秋
2025-10-07,holiday,国庆节
2025-10-08,holiday,国庆节
2025-10-11,workday,国庆节
2026-01-01,holiday,元旦
2026-01-02,holiday,元旦
2026-01-03,holiday,元旦
2026-01-04,workday,元旦
2026-02-14,workday,春节
2026-02-15,holiday,春节
2026-02-16,holiday,春节
2026-02-17,holiday,春节
2026-02-18,holiday,春节
2026-02-19,holiday,春节
2026-02-20,holiday,春节
2026-02-21,holiday,春节
2026-02-22,holiday,春节
2026-02-23,holiday,春节
2026-02-28,workday,春节
2026-04-04,holiday,清明
2026-04-05,holiday,清明
2026-04-06,holiday,清明
2026-05-01,holiday,劳动节
2026-05-02,holiday,劳动节
2026-05-03,holiday,劳动节
2026-05-04,holiday,劳动节
2026-05-05,holiday,劳动节
2026-05-09,workday,劳动节
2026-06-19,holiday,端午
2026-06-20,holiday,端午
2026-06-21,holiday,端午
2026-09-20,workday,国庆节
2026-09-25,holiday,中秋
2026-09-26,holiday,中秋
2026-09-27,holiday,中秋
2026-10-01,holiday,国庆节
2026-10-02,holiday,国庆节
2026-10-03,holiday,国庆节
2026-10-04,holiday,国庆节
2026-10-05,holiday,国庆节
2026-10-06,holiday,国庆节
2026-10-07,holiday,国庆节
2026-10-10,workday,国庆节
`;

export const SEED_DAYS: readonly SeedDay[] = rows
  .trim()
  .split('\n')
  .map((line) => {
    const [date = '', kind = '', note = ''] = line.split(',');
    return { date, kind: kind as SeedDay['kind'], note };
  });
