/**
 * What `hall doctor` checks beyond SQLite's own structure: that the cached columns of
 * every case still follow from its events on the current calendar. They always do
 * after a hall command (one transaction writes the event and the caches); a manual
 * edit of the file, or a tool that wrote only half of it, is what this finds.
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import { CACHE_COLUMNS, type CaseCaches, caseCaches } from '../core/case-record.js';
import type { Stage } from '../core/catalog.js';
import { caseRuleDamage, type DamageReason, eventColumnDamage, readEventDetails, readStageList, type StoredDamage } from '../core/damage.js';
import { type CaseEvent, type CaseRules, type CaseState, deriveCase } from '../core/lifecycle.js';
import { refreshCase } from './cases.js';

/** SQLite's verdict on the file: `quick_check` (linear in the file) or the full `integrity_check` (also every index's content). */
export function integrityFindings(db: Database, full: boolean): string[] {
  const pragma = full ? 'integrity_check' : 'quick_check';
  const rows = db.pragma(pragma, { simple: false }) as Record<string, string>[];
  const problems = rows.map((row) => row[pragma]!).filter((line) => line !== 'ok');
  const foreignKeys = db.pragma('foreign_key_check') as unknown[];
  return [...problems.slice(0, 5), ...(foreignKeys.length ? [`foreign_key_check: ${foreignKeys.length}`] : [])];
}

export type CacheColumn = keyof CaseCaches;

/** One cached column of one case that is not what the case's events give. */
export interface CacheDisagreement {
  number: string;
  column: CacheColumn;
  stored: string | number | null;
  expected: string | number | null;
}

export interface CacheCheck {
  /** Cases replayed. */
  checked: number;
  /** The ids of every case with at least one disagreeing column, for `--fix`. */
  staleCaseIds: number[];
  /** The disagreeing columns of the first `detailLimit` such cases. */
  disagreements: CacheDisagreement[];
  /** Cases that cannot be replayed, for a stored value hall cannot read: the first `detailLimit` of them. */
  damage: StoredDamage[];
  /** How many such values were found in all. */
  damaged: number;
}

/** The columns of an event row as the replay reads them, to name the one that is damaged. */
const RAW_EVENT_COLUMNS = ['case_id', 'kind', 'at', 'date', 'minutes', 'operator', 'location', 'details'];
const RULE_COLUMNS = ['stages', 'authorized', 'promised_days', 'limit_unit', 'legal_days', 'legal_unit', 'closing_minutes'] as const;
type Cell = string | number | null;

/**
 * Replays every case (or those in `states`) from its events and compares the result
 * with the stored cached columns. Reads only. Two streams, the cases in id order and
 * the events in (case, event) order — the order of the events index — are merged
 * here: a million cases are read in one pass each, without a query per case and
 * without a join that would repeat the case's columns on every event row. Rows come
 * as arrays (`raw`): building an object per row was most of the time.
 */
export function checkCaseCaches(db: Database, calendar: WorkCalendar, states?: readonly CaseState[], detailLimit = 100): CacheCheck {
  const only = states ? `WHERE state IN (${states.map(() => '?').join(', ')})` : '';
  const cases = db
    .prepare(`SELECT id, number, ${[...RULE_COLUMNS, ...CACHE_COLUMNS].join(', ')} FROM cases ${only} ORDER BY id`)
    .raw()
    .iterate(...(states ?? [])) as IterableIterator<Cell[]>;
  const ofCases = states ? `WHERE case_id IN (SELECT id FROM cases ${only})` : '';
  const events = db
    .prepare(`SELECT ${RAW_EVENT_COLUMNS.join(', ')} FROM case_events ${ofCases} ORDER BY case_id, id`)
    .raw()
    .iterate(...(states ?? [])) as IterableIterator<Cell[]>;
  const firstCache = 2 + RULE_COLUMNS.length;
  // Items are few and cases many: each item's stage list is parsed once.
  const parsedStages = new Map<string, Stage[] | DamageReason>();
  const stagesOf = (json: string) => {
    let stages = parsedStages.get(json);
    if (!stages) {
      stages = readStageList(json);
      parsedStages.set(json, stages);
    }
    return stages;
  };
  const result: CacheCheck = { checked: 0, staleCaseIds: [], disagreements: [], damage: [], damaged: 0 };
  const damaged = (entry: StoredDamage) => {
    if (result.damage.length < detailLimit) result.damage.push(entry);
    result.damaged++;
  };
  let event = events.next();
  try {
    for (const row of cases) {
      const id = row[0] as number;
      const number = row[1] as string;
      // An event of no case (only a manual edit leaves one) is skipped; foreign_key_check reports it.
      while (!event.done && (event.value[0] as number) < id) event = events.next();
      const history: CaseEvent[] = [];
      // A case with a value hall cannot read is named, not replayed: its caches cannot be judged.
      let readable = true;
      while (!event.done && event.value[0] === id) {
        const [, kind, at, date, minutes, operator, location, details] = event.value;
        const parsed = readEventDetails(details as string);
        const column = eventColumnDamage(kind as string, at as string, date as string, minutes as number);
        if (column)
          damaged({
            table: 'case_events',
            row: number,
            column: column.column,
            value: event.value[RAW_EVENT_COLUMNS.indexOf(column.column)]!,
            reason: column.reason,
          });
        if (typeof parsed === 'string') damaged({ table: 'case_events', row: number, column: 'details', value: details as string, reason: parsed });
        readable &&= column === null && typeof parsed !== 'string';
        if (readable) {
          history.push({
            kind: kind as CaseEvent['kind'],
            at: at as string,
            date: date as string,
            minutes: minutes as number,
            operator: operator as string,
            location: location as CaseEvent['location'],
            details: parsed as Record<string, unknown>,
          });
        }
        event = events.next();
      }
      const stages = stagesOf(row[2] as string);
      const authorized = stagesOf(row[3] as string);
      if (typeof stages === 'string') damaged({ table: 'cases', row: number, column: 'stages', value: row[2]!, reason: stages });
      if (typeof authorized === 'string') damaged({ table: 'cases', row: number, column: 'authorized', value: row[3]!, reason: authorized });
      const [promised_days, limit_unit, legal_days, legal_unit, closing_minutes] = row.slice(4, 9);
      const stored = { promised_days, limit_unit, legal_days, legal_unit, closing_minutes };
      for (const { column, reason } of caseRuleDamage(stored)) {
        damaged({ table: 'cases', row: number, column, value: stored[column] ?? null, reason });
        readable = false;
      }
      // A case is written with its first event in one transaction: one without any is not replayable.
      if (!readable || typeof stages === 'string' || typeof authorized === 'string' || history.length === 0) continue;
      const rules: CaseRules = {
        stages,
        authorized,
        promisedDays: row[4] as number,
        limitUnit: row[5] as CaseRules['limitUnit'],
        legalDays: row[6] as number | null,
        legalUnit: row[7] as CaseRules['legalUnit'],
        closingMinutes: row[8] as number,
      };
      const expected = caseCaches(deriveCase(history, rules, calendar), history);
      result.checked++;
      let stale = false;
      CACHE_COLUMNS.forEach((column, index) => {
        const stored = row[firstCache + index]!;
        if (stored === expected[column]) return;
        stale = true;
        if (result.staleCaseIds.length < detailLimit) result.disagreements.push({ number, column, stored, expected: expected[column] });
      });
      if (stale) result.staleCaseIds.push(id);
    }
  } finally {
    // A statement still being iterated keeps the connection busy for every later query.
    cases.return?.();
    events.return?.();
  }
  return result;
}

/** The stage lists of the catalog's items that hall cannot read (a hand edit): registering a case copies them. */
export function itemDamage(db: Database): StoredDamage[] {
  const rows = db.prepare('SELECT code, stages, authorized FROM items ORDER BY code').all() as { code: string; stages: string; authorized: string }[];
  const damage: StoredDamage[] = [];
  for (const row of rows) {
    for (const column of ['stages', 'authorized'] as const) {
      const read = readStageList(row[column]);
      if (typeof read === 'string') damage.push({ table: 'items', row: row.code, column, value: row[column], reason: read });
    }
  }
  return damage;
}

/** Rewrites the caches of these cases from their events as they are now. The caller holds the write transaction. */
export function refreshCaseCaches(db: Database, calendar: WorkCalendar, caseIds: readonly number[]): void {
  for (const id of caseIds) refreshCase(db, calendar, id);
}

export interface OrganisationCounts {
  departments: number;
  windows: number;
  items: number;
}

/** What the catalog holds, for `doctor`'s summary. */
export function organisationCounts(db: Database): OrganisationCounts {
  return db
    .prepare('SELECT (SELECT count(*) FROM departments) AS departments, (SELECT count(*) FROM windows) AS windows, (SELECT count(*) FROM items) AS items')
    .get() as OrganisationCounts;
}
