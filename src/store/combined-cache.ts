/**
 * The cached figures of each combined case (SPEC §7.1), kept so the monthly pack counts
 * combined cases with one GROUP BY over combined_cases, as it counts cases. They are
 * rewritten from the parts' events in the same transaction as every step of a part (a
 * case command, a combined command, an import, a calendar change), and doctor replays
 * them. This module reads the parts itself, without the case row's joins: it runs on
 * every step of a part, and cases.ts calls it.
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import { COMBINED_CACHE_COLUMNS, type CombinedCaches, combinedCaches, type DerivedCombined } from '../core/combined.js';
import { replayCombinedRows, type StoredCombinedRules, type StoredEventRow, type StoredPartRow } from '../core/combined-replay.js';
import { prepared } from '../db/statements.js';

const PART_ROWS_SQL = `SELECT c.id, c.number, i.code AS item, c.stages, c.authorized, c.promised_days, c.limit_unit, c.legal_days,
       c.legal_unit, c.closing_minutes FROM cases c JOIN items i ON i.id = c.item_id WHERE c.combined_id = ? ORDER BY c.id`;
const EVENT_ROWS_SQL = 'SELECT kind, at, date, minutes, operator, location, details FROM case_events WHERE case_id = ? ORDER BY id';

/** The combined case derived from its parts' events as they stand, or null for an unknown id. */
export function replayCombined(db: Database, calendar: WorkCalendar, combinedId: number): DerivedCombined | null {
  const rules = prepared(db, 'SELECT promised_days, legal_days, accepted_date FROM combined_cases WHERE id = ?').get(combinedId) as
    | StoredCombinedRules
    | undefined;
  if (!rules) return null;
  const partRows = prepared(db, PART_ROWS_SQL).all(combinedId) as StoredPartRow[];
  const events = prepared(db, EVENT_ROWS_SQL);
  return replayCombinedRows(rules, partRows, (caseId) => events.all(caseId) as StoredEventRow[], calendar);
}

const UPDATE = `UPDATE combined_cases SET ${COMBINED_CACHE_COLUMNS.map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id`;

/** Rewrites the cached figures of these combined cases from their parts' events. The caller holds the write transaction. */
export function refreshCombinedCaches(db: Database, calendar: WorkCalendar, combinedIds: Iterable<number>): void {
  for (const id of new Set(combinedIds)) {
    const derived = replayCombined(db, calendar, id);
    if (derived) prepared(db, UPDATE).run({ ...combinedCaches(derived), id });
  }
}

/** One cached figure of one combined case that is not what its parts' events give. */
export interface CombinedDisagreement {
  number: string;
  column: keyof CombinedCaches;
  stored: string | number | null;
  expected: string | number | null;
}

export interface CombinedCacheCheck {
  checked: number;
  staleIds: number[];
  disagreements: CombinedDisagreement[];
}

/**
 * Replays combined cases and compares their cached figures. Only the running ones by
 * default, as for cases: a finished combined case changes only with the calendar,
 * which refreshes it. A part whose own history cannot be read is named by the case
 * check; the combined case above it is skipped here rather than failing the whole run.
 */
export function checkCombinedCaches(db: Database, calendar: WorkCalendar, all: boolean, detailLimit = 100): CombinedCacheCheck {
  const rows = prepared(
    db,
    `SELECT id, number, ${COMBINED_CACHE_COLUMNS.join(', ')} FROM combined_cases ${all ? '' : "WHERE state IS NULL OR state IN ('open', 'paused')"} ORDER BY id`,
  ).all() as (CombinedCaches & { id: number; number: string })[];
  const staleIds: number[] = [];
  const disagreements: CombinedDisagreement[] = [];
  for (const row of rows) {
    let derived: DerivedCombined | null;
    try {
      derived = replayCombined(db, calendar, row.id);
    } catch {
      continue;
    }
    if (!derived) continue;
    const expected = combinedCaches(derived);
    const wrong = COMBINED_CACHE_COLUMNS.filter((column) => row[column] !== expected[column]);
    if (wrong.length === 0) continue;
    staleIds.push(row.id);
    if (staleIds.length <= detailLimit) {
      for (const column of wrong) disagreements.push({ number: row.number, column, stored: row[column], expected: expected[column] });
    }
  }
  return { checked: rows.length, staleIds, disagreements };
}
