/**
 * The combined cases (一件事) of the monthly pack (SPEC §7.1): the §6.1 figures of each
 * bundle, counted over combined_cases by its cached dates (combined-cache.ts), one
 * GROUP BY per measure over an index, as the cases are. A voided combined case counts
 * nowhere.
 */
import type { Database } from 'better-sqlite3';
import { combinedOverdueAt } from '../core/combined.js';
import type { IsoDate } from '../core/dates.js';
import { type BundleFigures, type CombinedCounts, type CombinedFigures, combinedFigures, emptyCombinedCounts } from '../core/metrics.js';
import type { Period } from '../core/period.js';
import { loadCalendar } from './calendar.js';
import { replayCombined } from './combined-cache.js';

type Counted = Partial<CombinedCounts> & { bundle_id: number };

/**
 * The combined cases whose cached deadline may be wrong at @t: one of their parts has a
 * pause still running at @t or begun after it (as for a case, PAUSES_AFTER_T in
 * report-measures.ts). Few; they are replayed as of @t.
 */
const PAUSED_AFTER_T = `SELECT c.combined_id FROM case_pauses p JOIN cases c ON c.id = p.case_id
  WHERE (p.to_date IS NULL OR p.to_date > @t) AND c.combined_id IS NOT NULL`;

const MEASURES: readonly string[] = [
  `SELECT bundle_id, count(*) AS accepted FROM combined_cases
    WHERE accepted_date BETWEEN @from AND @to AND state <> 'voided' GROUP BY bundle_id`,
  // Concluded late counts in overdue (§6.1): after the deadline it had when it ended.
  `SELECT bundle_id, count(*) AS concluded, sum(on_time) AS on_time, sum(on_time = 0) AS overdue, sum(days_used) AS used_days
     FROM combined_cases WHERE concluded_date BETWEEN @from AND @to GROUP BY bundle_id`,
  `SELECT bundle_id, count(*) AS withdrawn FROM combined_cases
    WHERE ended_date BETWEEN @from AND @to AND state = 'withdrawn' GROUP BY bundle_id`,
  // Accepted before the period and still running at its start: ended since, or not ended.
  `SELECT bundle_id, count(*) AS carried_over FROM combined_cases
    WHERE accepted_date < @from AND (ended_date >= @from OR ended_date IS NULL) AND state <> 'voided' GROUP BY bundle_id`,
  // Open at @t and past a deadline that stands at @t.
  `SELECT bundle_id, count(*) AS overdue FROM combined_cases
    WHERE accepted_date <= @t AND (ended_date > @t OR ended_date IS NULL) AND state <> 'voided' AND deadline < @t
      AND id NOT IN (${PAUSED_AFTER_T}) GROUP BY bundle_id`,
];

/** The combined cases open at @t whose deadline at @t must be counted again, each with its bundle. */
function pausedAroundT(db: Database, t: IsoDate): { id: number; bundle_id: number }[] {
  return db
    .prepare(
      `SELECT id, bundle_id FROM combined_cases
        WHERE id IN (${PAUSED_AFTER_T}) AND accepted_date <= @t AND (ended_date > @t OR ended_date IS NULL) AND state <> 'voided'`,
    )
    .all({ t }) as { id: number; bundle_id: number }[];
}

export interface CombinedReport {
  bundles: BundleFigures[];
  totals: CombinedFigures;
}

/** The pack's `bundles` and `totals.combined` for the period, open cases judged at `t`. */
export function combinedFiguresOf(db: Database, period: Period, t: IsoDate): CombinedReport {
  const counts = new Map<number, CombinedCounts>();
  const entry = (bundleId: number) => {
    let found = counts.get(bundleId);
    if (!found) counts.set(bundleId, (found = emptyCombinedCounts()));
    return found;
  };
  const params = { from: period.from, to: period.to, t };
  for (const sql of MEASURES) {
    const statement = db.prepare(sql);
    const used = Object.fromEntries(Object.entries(params).filter(([name]) => sql.includes(`@${name}`)));
    for (const row of statement.all(used) as Counted[]) {
      const into = entry(row.bundle_id);
      for (const [key, value] of Object.entries(row)) if (key !== 'bundle_id') into[key as keyof CombinedCounts] += (value as number | null) ?? 0;
    }
  }
  const around = pausedAroundT(db, t);
  if (around.length > 0) {
    const calendar = loadCalendar(db);
    for (const { id, bundle_id } of around) {
      const derived = replayCombined(db, calendar, id);
      if (derived && combinedOverdueAt(calendar, derived, t)) entry(bundle_id).overdue += 1;
    }
  }
  const named = db.prepare(
    'SELECT b.id, b.code, b.name, d.name AS lead_department FROM bundles b JOIN departments d ON d.id = b.lead_department_id ORDER BY b.code',
  );
  const total = emptyCombinedCounts();
  const bundles: BundleFigures[] = [];
  for (const bundle of named.all() as { id: number; code: string; name: string; lead_department: string }[]) {
    const bundleCounts = counts.get(bundle.id);
    if (!bundleCounts || Object.values(bundleCounts).every((value) => value === 0)) continue;
    for (const key of Object.keys(total) as (keyof CombinedCounts)[]) total[key] += bundleCounts[key];
    bundles.push({ code: bundle.code, name: bundle.name, lead_department: bundle.lead_department, ...combinedFigures(bundleCounts) });
  }
  return { bundles, totals: combinedFigures(total) };
}

/** Bundles active now (catalog.bundles_active). */
export function activeBundles(db: Database): number {
  return db.prepare("SELECT count(*) FROM bundles WHERE status = 'active'").pluck().get() as number;
}
