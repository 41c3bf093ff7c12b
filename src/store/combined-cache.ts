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
import { replayCombinedRows, type StoredCombinedRules, type StoredPartRow } from '../core/combined-replay.js';
import { prepared } from '../db/statements.js';
import { nameOf } from './case-codes.js';
import { EVENT_COLUMNS_SQL, type EventColumns, storedEvent } from './event-row.js';

const PART_ROWS_SQL = `SELECT c.id, c.number, i.code AS item, l.stages, l.authorized, c.promised_days, c.limit_unit, c.legal_days,
       c.legal_unit, c.closing_minutes FROM cases c JOIN rule_lists l ON l.id = c.lists_id JOIN items i ON i.id = c.item_id
       WHERE c.combined_id = ? ORDER BY c.id`;
const EVENT_ROWS_SQL = `SELECT ${EVENT_COLUMNS_SQL} WHERE e.case_id = ? ORDER BY e.id`;

/** The combined case derived from its parts' events as they stand, or null for an unknown id. */
export function replayCombined(db: Database, calendar: WorkCalendar, combinedId: number): DerivedCombined | null {
  const rules = prepared(db, 'SELECT promised_days, legal_days, accepted_date FROM combined_cases WHERE id = ?').get(combinedId) as
    | StoredCombinedRules
    | undefined;
  if (!rules) return null;
  const partRows = (prepared(db, PART_ROWS_SQL).all(combinedId) as StoredPartRow[]).map((row) => ({
    ...row,
    limit_unit: nameOf<'workday' | 'calendar'>('unit', row.limit_unit)!,
    legal_unit: nameOf<'workday' | 'calendar'>('unit', row.legal_unit),
  }));
  const events = prepared(db, EVENT_ROWS_SQL);
  return replayCombinedRows(rules, partRows, (caseId) => (events.raw().all(caseId) as EventColumns[]).map(storedEvent), calendar);
}

const UPDATE = `UPDATE combined_cases SET ${COMBINED_CACHE_COLUMNS.map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id`;

/** The merged pauses as stored, `from–to` joined (an open one ends in `…`), to compare with a replay's. */
function pauseText(pauses: readonly { from: string; to: string | null }[]): string {
  return pauses.map((pause) => `${pause.from}–${pause.to ?? '…'}`).join(', ');
}

function storedPauses(db: Database, combinedId: number): { from: string; to: string | null }[] {
  return prepared(db, 'SELECT from_date AS "from", to_date AS "to" FROM combined_pauses WHERE combined_id = ? ORDER BY seq').all(combinedId) as {
    from: string;
    to: string | null;
  }[];
}

/** Rewrites the cached figures and merged pauses of these combined cases from their parts' events. The caller holds the write transaction. */
export function refreshCombinedCaches(db: Database, calendar: WorkCalendar, combinedIds: Iterable<number>): void {
  for (const id of new Set(combinedIds)) {
    const derived = replayCombined(db, calendar, id);
    if (derived) writeCombinedCaches(db, id, derived);
  }
}

/** Stores a combined case's figures and merged pauses as derived (`refreshCombinedCaches`, or an import from the parts it has just written). */
export function writeCombinedCaches(db: Database, id: number, derived: DerivedCombined): void {
  prepared(db, UPDATE).run({ ...combinedCaches(derived), id });
  // A step rarely changes the pauses; rewriting the few rows of one combined case is simpler than diffing them.
  prepared(db, 'DELETE FROM combined_pauses WHERE combined_id = ?').run(id);
  const insert = prepared(db, 'INSERT INTO combined_pauses (combined_id, seq, from_date, to_date) VALUES (?, ?, ?, ?)');
  derived.pauses.forEach((pause, index) => {
    insert.run(id, index + 1, pause.from, pause.to);
  });
}

/** One cached figure of one combined case that is not what its parts' events give (`pauses`: the merged pauses). */
export interface CombinedDisagreement {
  number: string;
  column: keyof CombinedCaches | 'pauses';
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
    const wrong: CombinedDisagreement[] = COMBINED_CACHE_COLUMNS.filter((column) => row[column] !== expected[column]).map((column) => ({
      number: row.number,
      column,
      stored: row[column],
      expected: expected[column],
    }));
    const [stored, replayed] = [pauseText(storedPauses(db, row.id)), pauseText(derived.pauses)];
    if (stored !== replayed) wrong.push({ number: row.number, column: 'pauses', stored, expected: replayed });
    if (wrong.length === 0) continue;
    staleIds.push(row.id);
    if (staleIds.length <= detailLimit) disagreements.push(...wrong);
  }
  return { checked: rows.length, staleIds, disagreements };
}
