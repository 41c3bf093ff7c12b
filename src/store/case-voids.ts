/** The voided cases doctor lists for review (SPEC §3.2): those voided past the plain rule, with `force`. */
import type { Database } from 'better-sqlite3';
import { readEventDetails } from '../core/damage.js';
import type { CaseState } from '../core/lifecycle.js';
import { code } from './case-codes.js';
import { EVENT_COLUMNS_SQL, type EventColumns, kindCode, storedEvent } from './event-row.js';

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
 * is read as no forced void here.
 */
export function forcedVoids(db: Database): ForcedVoid[] {
  const rows = db
    .prepare(
      `SELECT c.number, ${EVENT_COLUMNS_SQL}
        JOIN cases c ON c.id = e.case_id
        WHERE c.state = ${code('state', 'voided')} AND e.kind = ?
        ORDER BY e.id`,
    )
    .raw()
    .all(kindCode('void')) as [string, ...EventColumns][];
  return rows.flatMap(([number, ...columns]) => {
    const row = { number, ...storedEvent(columns) };
    const details = readEventDetails(row.details);
    if (typeof details === 'string') return [];
    if (details.forced !== true) return [];
    const before = typeof details.state_before === 'string' ? (details.state_before as CaseState) : null;
    return [{ number: row.number, at: row.at, operator: row.operator, reason: String(details.reason ?? ''), state_before: before }];
  });
}
