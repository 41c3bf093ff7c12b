/**
 * A case event as `case_events` stores it (migration 15) and as the core reads it. The
 * stored row says each fact once: the local wall-clock time as seconds with its offset
 * in minutes (SPEC §2: a timestamp keeps its offset), the kind and location as small
 * codes, the operator by reference. Its local date and minutes are not stored: they are
 * the timestamp's own. Two endings every imported or rated event repeated are taken off
 * the details text and put back exactly on reading (`cut`). Measured on a 1,000,000-case
 * import: 359 → 146 bytes of events a case, with the events index.
 *
 * Only this module knows the encoding: the store's readers and writers go through it.
 */
import type { Database } from 'better-sqlite3';
import { civilDayNumber, fromDayNumber } from '../core/dates.js';
import { CASE_COMMANDS, type CaseEvent, type EventKind, type Location } from '../core/lifecycle.js';
import { prepared } from '../db/statements.js';

/**
 * The kinds' codes, by position: the commonest kinds first, because SQLite stores 0 and 1
 * in no byte of the row. Frozen: the `codes` table (migration 15) names them for people at
 * the sqlite3 shell, and a test holds this list to it. A new kind is appended (and a
 * migration widens the CHECK).
 */
export const EVENT_KIND_CODES: readonly EventKind[] = [
  'register',
  'conclude',
  'rate',
  'refuse',
  'advance',
  'supplement',
  'suspend',
  'resume',
  'deliver',
  'withdraw',
  'void',
];
/** Where an event happened: 1 window, 2 backoffice (no location: NULL). */
export const LOCATION_CODES: readonly (Location | null)[] = [null, 'window', 'backoffice'];

const KIND_CODE = new Map(EVENT_KIND_CODES.map((kind, code) => [kind, code]));
// Every kind of event must have a code: a new command without one fails here, at start-up of the tests.
for (const kind of [...CASE_COMMANDS, 'register', 'refuse', 'rate'] as const) {
  if (!KIND_CODE.has(kind)) throw new Error(`event kind ${kind} has no code`);
}

export function kindCode(kind: EventKind): number {
  return KIND_CODE.get(kind)!;
}

/** The kind a code stands for, or null for a code hall never wrote (a hand edit). */
export function kindOfCode(code: unknown): EventKind | null {
  return typeof code === 'number' ? (EVENT_KIND_CODES[code] ?? null) : null;
}

/**
 * The endings taken off a details text (bits of `cut`): the import's `"imported":true`,
 * always written last; a rating's `"date"` when it is the event's own local date, written
 * last before it (`case rate` and the import both write level, comment, date).
 */
const CUT_IMPORTED = 1;
const CUT_RATE_DATE = 2;
const IMPORTED_ENDING = ',"imported":true}';
const ONLY_IMPORTED = '{"imported":true}';

/** The row `case_events` stores for an event, in the order of INSERT_EVENT's columns after case_id. */
export type StoredEventValues = [kind: number, at: number, tz: number, operatorId: number, location: number | null, cut: number, details: string];

export const INSERT_EVENT = 'INSERT INTO case_events (case_id, kind, at, tz, operator_id, location, cut, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

const digit = (text: string, at: number) => text.charCodeAt(at) - 48;
const two = (text: string, at: number) => digit(text, at) * 10 + digit(text, at + 1);

/** Whether the character at `at` is a digit. */
const isDigit = (text: string, at: number) => {
  const code = text.charCodeAt(at);
  return code >= 48 && code <= 57;
};
/** The digit positions of `2026-01-04T09:03:20+08:00`. */
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24];

/**
 * `2026-01-04T09:03:20+08:00` → local seconds since 1970 and the offset in minutes. Every
 * event's time is written in this one form (`isoWithOffset`, and the import's parse of a
 * file's times); any other text is a fault of the writer, refused before it is stored.
 * Read by character codes: the import encodes three a row, on its checking thread.
 */
export function encodeTimestamp(at: string): { seconds: number; tz: number } {
  const sign = at.charCodeAt(19);
  let wellFormed = at.length === 25 && at[4] === '-' && at[7] === '-' && at[10] === 'T' && at[13] === ':' && at[16] === ':' && at[22] === ':';
  wellFormed &&= sign === 43 || sign === 45;
  for (let index = 0; wellFormed && index < DIGITS.length; index++) wellFormed = isDigit(at, DIGITS[index]!);
  const year = two(at, 0) * 100 + two(at, 2);
  const month = two(at, 5);
  const dayOfMonth = two(at, 8);
  const hours = two(at, 11);
  const minutes = two(at, 14);
  const seconds = two(at, 17);
  const day = civilDayNumber(year, month, dayOfMonth);
  // A day that does not exist (2025-02-30) is refused with the rest.
  if (!wellFormed || day === null || hours > 23 || minutes > 59 || seconds > 59) {
    throw new Error(`not a stored timestamp: ${at}`);
  }
  return { seconds: day * 86_400 + hours * 3600 + minutes * 60 + seconds, tz: (sign === 45 ? -1 : 1) * (two(at, 20) * 60 + two(at, 23)) };
}

const pad2 = (value: number) => (value < 10 ? `0${value}` : String(value));

/** `+08:00` for 480, `-03:30` for −210. */
function offsetOf(tz: number): string {
  const magnitude = Math.abs(tz);
  return `${tz < 0 ? '-' : '+'}${pad2(Math.floor(magnitude / 60))}:${pad2(magnitude % 60)}`;
}

/** The local date, minutes past midnight and ISO text of stored seconds and offset (floor division: times before 1970 are negative). */
export function decodeTimestamp(seconds: number, tz: number): { at: string; date: string; minutes: number } {
  const day = Math.floor(seconds / 86_400);
  const within = seconds - day * 86_400;
  const minutes = Math.floor(within / 60);
  const date = fromDayNumber(day);
  return { at: `${date}T${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}:${pad2(within % 60)}${offsetOf(tz)}`, date, minutes };
}

/** The details text as stored, and which endings were taken off it. */
export function cutDetails(kind: EventKind, date: string, text: string): { details: string; cut: number } {
  let cut = 0;
  let details = text;
  if (details === ONLY_IMPORTED) {
    details = '{}';
    cut = CUT_IMPORTED;
  } else if (details.endsWith(IMPORTED_ENDING)) {
    details = `${details.slice(0, -IMPORTED_ENDING.length)}}`;
    cut = CUT_IMPORTED;
  }
  if (kind === 'rate') {
    const ending = `,"date":"${date}"}`;
    if (details.endsWith(ending)) {
      details = `${details.slice(0, -ending.length)}}`;
      cut |= CUT_RATE_DATE;
    }
  }
  return { details, cut };
}

/** The details text as it was written: `cutDetails` undone, byte for byte. */
export function restoreDetails(details: string, cut: number, date: string): string {
  if (cut === 0) return details;
  let ending = '}';
  if (cut & CUT_IMPORTED) ending = IMPORTED_ENDING.slice(1);
  if (cut & CUT_RATE_DATE) ending = `"date":"${date}"${ending === '}' ? '}' : `,${ending}`}`;
  return details === '{}' ? `{${ending}` : `${details.slice(0, -1)},${ending}`;
}

/**
 * An event as stored, but for its operator, which only the writer knows: kind, local
 * seconds, offset, location, cut, details. The import's checking thread makes these, so
 * that its writing thread, the import's bottleneck, only binds them.
 */
export type StoredEvent = [kind: number, at: number, tz: number, location: number | null, cut: number, details: string];

export function storedEventOf(event: CaseEvent): StoredEvent {
  const { seconds, tz } = encodeTimestamp(event.at);
  // The core computes an event's date and minutes from the same instant as its text: a
  // writer that let them differ would lose them here, so it fails loudly instead.
  const minutes = two(event.at, 11) * 60 + two(event.at, 14);
  if (!event.at.startsWith(event.date) || minutes !== event.minutes) {
    throw new Error(`event at ${event.at} says ${event.date} ${event.minutes}: its own time says ${event.at.slice(0, 10)} ${minutes}`);
  }
  const { details, cut } = cutDetails(event.kind, event.date, JSON.stringify(event.details));
  return [kindCode(event.kind), seconds, tz, event.location === null ? null : LOCATION_CODES.indexOf(event.location), cut, details];
}

/** The values to store for an event of this operator (`operatorId`), in INSERT_EVENT's order after case_id. */
export function eventValues(event: CaseEvent, operatorId: number): StoredEventValues {
  const [kind, at, tz, location, cut, details] = storedEventOf(event);
  return [kind, at, tz, operatorId, location, cut, details];
}

/** An event row as read: `SELECT kind, at, tz, operator, location, cut, details` (operator's name joined). */
export type EventColumns = [kind: number, at: number, tz: number, operator: string, location: number | null, cut: number, details: string];

/** The columns `EventColumns` reads, joined with the operator's name. */
export const EVENT_COLUMNS_SQL = 'e.kind, e.at, e.tz, o.name, e.location, e.cut, e.details FROM case_events e JOIN operators o ON o.id = e.operator_id';

/** An event as the core reads it, its details still text. Throws on a code hall never wrote: readers that must name damage check first (`eventColumnsDamage`). */
export function storedEvent(columns: EventColumns): Omit<CaseEvent, 'details'> & { details: string } {
  const [kind, seconds, tz, operator, location, cut, details] = columns;
  const { at, date, minutes } = decodeTimestamp(seconds, tz);
  return {
    kind: EVENT_KIND_CODES[kind]!,
    at,
    date,
    minutes,
    operator,
    location: location === null ? null : (LOCATION_CODES[location] ?? null),
    details: restoreDetails(details, cut, date),
  };
}

/**
 * The id of an operator's name, added the first time the name writes an event. Call
 * inside the write transaction.
 */
export function operatorId(db: Database, name: string): number {
  const found = prepared(db, 'SELECT id FROM operators WHERE name = ?').pluck().get(name) as number | undefined;
  if (found !== undefined) return found;
  return Number(prepared(db, 'INSERT INTO operators (name) VALUES (?)').run(name).lastInsertRowid);
}

/**
 * The id of an item's stage and authorization lists as a case copies them (JSON text, as
 * the item holds them), added the first time a case copies that pair. Call inside the
 * write transaction.
 */
export function ruleListsId(db: Database, stages: string, authorized: string): number {
  const found = prepared(db, 'SELECT id FROM rule_lists WHERE stages = ? AND authorized = ?').pluck().get(stages, authorized) as number | undefined;
  if (found !== undefined) return found;
  return Number(prepared(db, 'INSERT INTO rule_lists (stages, authorized) VALUES (?, ?)').run(stages, authorized).lastInsertRowid);
}
