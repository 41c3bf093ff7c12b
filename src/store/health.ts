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
import { cachesOf, code, nameOf, STORED_CACHE_COLUMNS } from './case-codes.js';
import { refreshCase } from './cases.js';
import { type EventColumns, kindOfCode, storedEvent } from './event-row.js';

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

/** The columns of an event row as the replay reads them (migration 15), to name the one that is damaged. */
const RAW_EVENT_COLUMNS = ['case_id', 'kind', 'at', 'tz', 'operator_id', 'operator', 'location', 'cut', 'details'];
const RULE_COLUMNS = ['promised_days', 'limit_unit', 'legal_days', 'legal_unit', 'closing_minutes'] as const;
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
  const stateCodes = (states ?? []).map((state) => code('state', state));
  // LEFT JOIN: a case whose lists_id names no row (a hand edit) is named, not left out.
  const cases = db
    .prepare(
      `SELECT c.id, c.number, c.lists_id, l.stages, l.authorized, ${[...RULE_COLUMNS, ...STORED_CACHE_COLUMNS].map((column) => `c.${column}`).join(', ')}
         FROM cases c LEFT JOIN rule_lists l ON l.id = c.lists_id ${only} ORDER BY c.id`,
    )
    .raw()
    .iterate(...stateCodes) as IterableIterator<Cell[]>;
  const ofCases = states ? `WHERE e.case_id IN (SELECT id FROM cases ${only})` : '';
  const events = db
    .prepare(
      `SELECT e.case_id, e.kind, e.at, e.tz, e.operator_id, o.name, e.location, e.cut, e.details
         FROM case_events e LEFT JOIN operators o ON o.id = e.operator_id ${ofCases} ORDER BY e.case_id, e.id`,
    )
    .raw()
    .iterate(...stateCodes) as IterableIterator<Cell[]>;
  const firstRule = 5;
  const firstCache = firstRule + RULE_COLUMNS.length;
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
        const [, kind, seconds, tz, , operator, location, cut, details] = event.value;
        const column = eventColumnDamage(kindOfCode(kind), seconds as number, tz as number, operator as string | null);
        if (column) {
          damaged({
            table: 'case_events',
            row: number,
            column: column.column,
            value: event.value[RAW_EVENT_COLUMNS.indexOf(column.column)]!,
            reason: column.reason,
          });
          readable = false;
        } else {
          const stored = storedEvent([kind, seconds, tz, operator, location, cut, details] as EventColumns);
          const parsed = readEventDetails(stored.details);
          if (typeof parsed === 'string') {
            damaged({ table: 'case_events', row: number, column: 'details', value: stored.details, reason: parsed });
            readable = false;
          } else if (readable) history.push({ ...stored, details: parsed });
        }
        event = events.next();
      }
      if (row[3] === null) {
        damaged({ table: 'cases', row: number, column: 'lists_id', value: row[2]!, reason: 'reference' });
        continue;
      }
      const stages = stagesOf(row[3] as string);
      const authorized = stagesOf(row[4] as string);
      if (typeof stages === 'string') damaged({ table: 'cases', row: number, column: 'stages', value: row[3]!, reason: stages });
      if (typeof authorized === 'string') damaged({ table: 'cases', row: number, column: 'authorized', value: row[4]!, reason: authorized });
      const [promised_days, limitCode, legal_days, legalCode, closing_minutes] = row.slice(firstRule, firstCache);
      // A unit's code decoded; one hall never wrote stays as stored, for the damage check to name.
      const limit_unit = nameOf('unit', limitCode) ?? limitCode;
      const legal_unit = legalCode === null ? null : (nameOf('unit', legalCode) ?? legalCode);
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
        promisedDays: promised_days as number,
        limitUnit: limit_unit as CaseRules['limitUnit'],
        legalDays: legal_days as number | null,
        legalUnit: legal_unit as CaseRules['legalUnit'],
        closingMinutes: closing_minutes as number,
      };
      const expected = caseCaches(deriveCase(history, rules, calendar), history);
      result.checked++;
      let stale = false;
      // Compared as the core derives them: the stored codes, days and times decoded.
      const storedCaches = cachesOf(Object.fromEntries(STORED_CACHE_COLUMNS.map((column, index) => [column, row[firstCache + index]])));
      CACHE_COLUMNS.forEach((column) => {
        const stored = storedCaches[column];
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
