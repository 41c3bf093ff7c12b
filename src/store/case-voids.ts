/** The voided cases doctor lists for review (SPEC §3.2): those voided past the plain rule, with `force`. */
import type { Database } from 'better-sqlite3';
import type { CaseState } from '../core/lifecycle.js';

export interface ForcedVoid {
  number: string;
  /** When it was voided (ISO with offset), and by whom. */
  at: string;
  operator: string;
  reason: string;
  /** The state the case was in when it was voided. */
  state_before: CaseState | null;
}

/**
 * Every void that needed `force`, oldest first. Found from the voided cases (cases_by_state)
 * and their events (case_events_by_case), not by reading every event. A details text that
 * is not JSON (only a manual edit leaves one) is doctor's damage report's to name, so it
 * is read as empty here rather than failing the query.
 */
export function forcedVoids(db: Database): ForcedVoid[] {
  const rows = db
    .prepare(
      `SELECT c.number, e.at, e.operator, CASE WHEN json_valid(e.details) THEN e.details ELSE '{}' END AS details
         FROM cases c JOIN case_events e ON e.case_id = c.id AND e.kind = 'void'
        WHERE c.state = 'voided'
        ORDER BY e.id`,
    )
    .all() as { number: string; at: string; operator: string; details: string }[];
  return rows.flatMap((row) => {
    const details = JSON.parse(row.details) as Record<string, unknown>;
    if (details.forced !== true) return [];
    const before = typeof details.state_before === 'string' ? (details.state_before as CaseState) : null;
    return [{ number: row.number, at: row.at, operator: row.operator, reason: String(details.reason ?? ''), state_before: before }];
  });
}
