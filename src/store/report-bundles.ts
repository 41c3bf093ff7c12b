/**
 * The combined cases (一件事) of the monthly pack (SPEC §7.1): the §6.1 figures of each
 * bundle, counted over combined_cases by its cached dates and merged pauses
 * (combined-cache.ts), one GROUP BY per measure over an index, as the cases are. A
 * voided combined case counts nowhere.
 */
import type { Database } from 'better-sqlite3';
import type { IsoDate } from '../core/dates.js';
import { type BundleFigures, type CombinedCounts, type CombinedFigures, combinedFigures, emptyCombinedCounts } from '../core/metrics.js';
import type { Period } from '../core/period.js';
import { countDaysSql } from './calendar.js';

type Counted = Partial<CombinedCounts> & { bundle_id: number };

/**
 * The combined cases whose cached deadline may be wrong at @t: a merged pause still
 * running at @t or begun after it (as PAUSES_AFTER_T in report-measures.ts for a case).
 */
const PAUSED_AFTER_T = 'SELECT combined_id FROM combined_pauses WHERE to_date IS NULL OR to_date > @t';

/** Running at @t: accepted by then, not ended by then, not voided. */
const OPEN_AT_T = "accepted_date <= @t AND (ended_date > @t OR ended_date IS NULL) AND state <> 'voided'";

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
  // Open at @t and past a deadline that stands at @t: no pause ran past @t.
  `SELECT bundle_id, count(*) AS overdue FROM combined_cases
    WHERE ${OPEN_AT_T} AND deadline < @t AND id NOT IN (${PAUSED_AFTER_T}) GROUP BY bundle_id`,
  // Open at @t with a pause running past it: the deadline as of @t, D = the working date
  // with W(d0, D) = P + E(t), each merged pause begun before @t counting W(from, min(to, @t)).
  `SELECT bundle_id, count(*) AS overdue FROM (
     SELECT j.bundle_id, (
       SELECT date FROM calendar_ordinals WHERE working = 1 AND ordinal = (SELECT ordinal FROM calendar_ordinals WHERE date = j.accepted_date)
         + j.promised_days + coalesce((
           SELECT sum(${countDaysSql('p.from_date', 'min(coalesce(p.to_date, @t), @t)', "'workday'")})
             FROM combined_pauses p WHERE p.combined_id = j.id AND p.from_date < @t), 0)) AS deadline_at_t
       FROM combined_cases j WHERE j.id IN (${PAUSED_AFTER_T}) AND ${OPEN_AT_T})
    WHERE @t > deadline_at_t GROUP BY bundle_id`,
];

export interface CombinedReport {
  bundles: BundleFigures[];
  totals: CombinedFigures;
}

/** The pack's `bundles` and `totals.combined` for the period, open cases judged at `t`. */
export function combinedFiguresOf(db: Database, period: Period, t: IsoDate): CombinedReport {
  const counts = new Map<number, CombinedCounts>();
  const entry = (bundleId: number) => {
    const found = counts.get(bundleId) ?? emptyCombinedCounts();
    counts.set(bundleId, found);
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
