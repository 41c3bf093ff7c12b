/**
 * Values in the database that hall wrote checked and can no longer read: a hand edit
 * with sqlite3, a tool that wrote half a row. Each is named by its table, its row (a
 * setting's key, an item's code, a case's number), its column and the value itself, so
 * that `hall doctor` can list them all and any other command can refuse in words
 * instead of failing inside.
 */
import { MAX_LIMIT_DAYS, STAGES, type Stage } from './catalog.js';
import { dayNumber, FIRST_DATE, LAST_DATE } from './dates.js';
import { RefusedError } from './errors.js';
import { CASE_COMMANDS, type CaseCommand, type EventKind } from './lifecycle.js';

export type DamagedTable = 'settings' | 'items' | 'cases' | 'case_events' | 'frozen_reports';

/** What is wrong with the value. */
export type DamageReason =
  | 'not_json'
  | 'not_object'
  | 'stage_list'
  | 'time_zone'
  | 'clock_time'
  | 'warning_days'
  | 'review_days'
  | 'rubric'
  | 'complaint_days'
  | 'center_code'
  | 'center_level'
  | 'event_kind'
  | 'date'
  | 'minutes'
  | 'limit_unit'
  | 'limit_days'
  /** An id that names no row of the table it refers to (a hand edit with foreign keys off). */
  | 'reference'
  /** A frozen report whose stored digest no longer matches its stored JSON (SPEC §7.5): edited after it was frozen. */
  | 'digest_mismatch';

export interface StoredDamage {
  table: DamagedTable;
  /** The row as a person finds it: a setting's key, an item's code, a case's number. */
  row: string;
  column: string;
  value: string | number | null;
  reason: DamageReason;
}

/**
 * Every kind of event a case can hold: the case commands, and the others in a record
 * keyed by the type, so that a new kind of event does not compile until it is listed
 * (else doctor would call it damage).
 */
const OTHER_EVENTS: Record<Exclude<EventKind, CaseCommand>, true> = { register: true, refuse: true, rate: true };
const EVENT_KINDS = new Set<string>([...Object.keys(OTHER_EVENTS), ...CASE_COMMANDS]);

/** A stored stage list (`["accept","decide"]`): the stages, or why it cannot be read. */
export function readStageList(json: string): Stage[] | DamageReason {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return 'not_json';
  }
  if (!Array.isArray(parsed) || !parsed.every((stage) => STAGES.includes(stage))) return 'stage_list';
  return parsed as Stage[];
}

/** A stored event's details: the object, or why it cannot be read. */
export function readEventDetails(json: string): Record<string, unknown> | DamageReason {
  if (json === '{}') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return 'not_json';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'not_object';
  return parsed as Record<string, unknown>;
}

/** A case's copy of its item's limits, which every deadline is counted from: the columns that cannot be. */
export function caseRuleDamage(rules: {
  promised_days: unknown;
  limit_unit: unknown;
  legal_days: unknown;
  legal_unit: unknown;
  closing_minutes: unknown;
}): { column: keyof typeof rules; reason: DamageReason }[] {
  const found: { column: keyof typeof rules; reason: DamageReason }[] = [];
  const isUnit = (unit: unknown) => unit === 'workday' || unit === 'calendar';
  const isDays = (days: unknown) => Number.isInteger(days) && (days as number) >= 0 && (days as number) <= MAX_LIMIT_DAYS;
  if (!isDays(rules.promised_days)) found.push({ column: 'promised_days', reason: 'limit_days' });
  if (!isUnit(rules.limit_unit)) found.push({ column: 'limit_unit', reason: 'limit_unit' });
  if (rules.legal_days !== null && !isDays(rules.legal_days)) found.push({ column: 'legal_days', reason: 'limit_days' });
  if (rules.legal_unit !== null && !isUnit(rules.legal_unit)) found.push({ column: 'legal_unit', reason: 'limit_unit' });
  const minutes = rules.closing_minutes;
  if (!Number.isInteger(minutes) || (minutes as number) < 0 || (minutes as number) >= 24 * 60) found.push({ column: 'closing_minutes', reason: 'minutes' });
  return found;
}

/** The first and after the last second of the dates hall accepts, as an event's local seconds (migration 15). */
const FIRST_SECOND = dayNumber(FIRST_DATE) * 86_400;
const AFTER_LAST_SECOND = (dayNumber(LAST_DATE) + 1) * 86_400;
/** The widest offset of any zone (UTC+14 and −12) with room to spare. */
const MAX_OFFSET_MINUTES = 18 * 60;

/**
 * The columns of a stored event other than its details that a replay relies on: its kind
 * (null for a code hall never wrote), its local seconds and offset, its operator's name
 * (null when its id names none).
 */
export function eventColumnDamage(kind: string | null, seconds: number, tz: number, operator: string | null): { column: string; reason: DamageReason } | null {
  if (kind === null || !EVENT_KINDS.has(kind)) return { column: 'kind', reason: 'event_kind' };
  // A date past the range would send the working-day walks past every calendar.
  if (!Number.isInteger(seconds) || seconds < FIRST_SECOND || seconds >= AFTER_LAST_SECOND) return { column: 'at', reason: 'date' };
  if (!Number.isInteger(tz) || Math.abs(tz) > MAX_OFFSET_MINUTES) return { column: 'tz', reason: 'time_zone' };
  if (operator === null) return { column: 'operator_id', reason: 'reference' };
  return null;
}

/**
 * Stored values hall cannot read: `doctor` lists them all (`damage`
 * holds the first ones, `count` all of them); any other command names the one it met.
 * Nothing was changed. (Kept here with the damage it names: errors.ts is at its size.)
 */
export class DamagedData extends RefusedError {
  readonly kind = 'damaged_data';

  constructor(
    readonly damage: readonly StoredDamage[],
    readonly count: number = damage.length,
  ) {
    super({ damage, count });
  }
}
