/**
 * Combined cases (一件事, SPEC §7.1) as stored: one row with what the registration fixed
 * (bundle, applicant, the bundle's limits copied at acceptance) and one ordinary case
 * per part, each pointing at it. Everything else is derived from the parts' events by
 * core/combined.ts; the figures the reports count are cached beside them by
 * combined-cache.ts in the same transaction as every step, and doctor replays them.
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import type { Actor, CaseAction } from '../core/case-step.js';
import type { Channel, CheckedId } from '../core/case-values.js';
import { type CombinedPart, type DerivedCombined, deriveCombined } from '../core/combined.js';
import { BadWithout, BundleCancelled, CombinedCommand, CombinedNothingToDo, PartOfCombined } from '../core/combined-errors.js';
import type { IsoDate } from '../core/dates.js';
import { CaseNotFound } from '../core/errors.js';
import type { IdType } from '../core/ids.js';
import { type DerivedCase, deriveCase } from '../core/lifecycle.js';
import { prepared } from '../db/statements.js';
import { getBundle } from './bundles.js';
import { nameOf } from './case-codes.js';
import { type OpenedIntake, openCase } from './case-intake.js';
import { type AppliedStep, applyCaseAction, CASE_SELECT, type CaseRow, caseRowFrom, eventsOf, rulesOf } from './cases.js';
import { refreshCombinedCaches } from './combined-cache.js';

export interface CombinedInput {
  bundleCode: string;
  applicant: string;
  applicantId: CheckedId;
  /** Every part at this window; absent: each part at its item's window. */
  window?: string;
  channel: Channel;
  /** Optional members left out (`--without`). */
  without: readonly string[];
}

export interface CombinedRow {
  id: number;
  number: string;
  bundle_id: number;
  bundle: string;
  bundle_name: string;
  lead_department: string;
  applicant: string;
  applicant_id: string | null;
  id_type: IdType | null;
  channel: Channel;
  promised_days: number;
  legal_days: number | null;
  accepted_at: string;
  accepted_date: IsoDate;
}

const COMBINED_SELECT = `
  SELECT cc.*, b.code AS bundle, b.name AS bundle_name, d.name AS lead_department
    FROM combined_cases cc JOIN bundles b ON b.id = cc.bundle_id JOIN departments d ON d.id = b.lead_department_id`;

/** A part as read: its case row, its department, its events and what they make of it. */
export interface StoredPart extends CombinedPart {
  row: CaseRow;
  department: string;
}

export interface StoredCombined {
  row: CombinedRow;
  parts: StoredPart[];
  derived: DerivedCombined;
}

/** A combined number: `J` + date + sequence. Case numbers begin with a digit, so the letter alone tells them apart. */
export function isCombinedNumber(number: string): boolean {
  return /^j/i.test(number.trim());
}

/** The next combined number of a day: `JYYYYMMDD-NNNN`, after the highest used that day. Call inside the write transaction. */
export function nextCombinedNumber(db: Database, date: IsoDate): string {
  const prefix = `J${date.replaceAll('-', '')}`;
  const highest = prepared(db, 'SELECT max(CAST(substr(number, 11) AS INTEGER)) FROM combined_cases WHERE number > ? AND number < ?')
    .pluck()
    .get(`${prefix}-`, `${prefix}.`) as number | null;
  return `${prefix}-${String((highest ?? 0) + 1).padStart(4, '0')}`;
}

/** The members a registration opens: every required one, every optional one not left out. */
function chosenMembers(bundle: ReturnType<typeof getBundle>, without: readonly string[]) {
  const optional = bundle.members.filter((member) => !member.required).map((member) => member.item);
  const leftOut = new Set<string>();
  for (const raw of without) {
    const code = raw.trim();
    // Codes are typed in lower case as often as not (the item search takes them so too).
    const member = bundle.members.find((candidate) => candidate.item.toUpperCase() === code.toUpperCase());
    if (!member) throw new BadWithout(bundle.code, code, 'not_member', optional);
    if (member.required) throw new BadWithout(bundle.code, member.item, 'required', optional);
    leftOut.add(member.item);
  }
  return bundle.members.filter((member) => !leftOut.has(member.item));
}

export interface OpenedCombined {
  combined: StoredCombined;
  /** Each part's intake, in member order (its notices: a window of another department). */
  intakes: OpenedIntake[];
}

/**
 * Accepts a combined case and one part per chosen member, numbered in member order
 * from the day's ordinary sequence. The caller holds the write transaction, so a part
 * refused (an item not active, or not in the hall without `--window`) writes nothing.
 */
export function openCombined(db: Database, calendar: WorkCalendar, input: CombinedInput, actor: Actor, closingMinutes: number): OpenedCombined {
  const bundle = getBundle(db, input.bundleCode);
  if (bundle.status === 'cancelled') throw new BundleCancelled(bundle.code, bundle.name);
  const members = chosenMembers(bundle, input.without);
  const bundleId = prepared(db, 'SELECT id FROM bundles WHERE code = ?').pluck().get(bundle.code) as number;
  const { lastInsertRowid } = prepared(
    db,
    `INSERT INTO combined_cases (number, bundle_id, applicant, applicant_id, id_type, channel, promised_days, legal_days, accepted_at, accepted_date, created_at)
     VALUES (@number, @bundle_id, @applicant, @applicant_id, @id_type, @channel, @promised_days, @legal_days, @at, @date, @at)`,
  ).run({
    number: nextCombinedNumber(db, actor.time.date),
    bundle_id: bundleId,
    applicant: input.applicant,
    applicant_id: input.applicantId.id,
    id_type: input.applicantId.type,
    channel: input.channel,
    promised_days: bundle.promisedDays,
    legal_days: bundle.legalDays,
    at: actor.time.at,
    date: actor.time.date,
  });
  const combinedId = Number(lastInsertRowid);
  const intakes = members.map((member) =>
    openCase(
      db,
      calendar,
      {
        itemCode: member.item,
        applicant: input.applicant,
        applicantId: input.applicantId,
        window: input.window,
        channel: input.channel,
        combinedId,
      },
      actor,
      closingMinutes,
    ),
  );
  refreshCombinedCaches(db, calendar, [combinedId]);
  return { combined: readCombinedById(db, calendar, combinedId, actor.time.date), intakes };
}

function partsOf(db: Database, calendar: WorkCalendar, combinedId: number): StoredPart[] {
  // Inserted in member order, so the ids keep it (numbers do too, until a day passes 9999).
  const rows = prepared(db, `${CASE_SELECT} WHERE c.combined_id = ? ORDER BY c.id`)
    .all(combinedId)
    .map((raw) => caseRowFrom(raw));
  const department = prepared(db, 'SELECT d.name FROM cases c JOIN departments d ON d.id = c.department_id WHERE c.id = ?').pluck();
  return rows.map((row) => {
    const events = eventsOf(db, row.id);
    const derived: DerivedCase = deriveCase(events, rulesOf(row), calendar);
    return { number: row.number, item: row.item_code, events, derived, row, department: department.get(row.id) as string };
  });
}

function derive(db: Database, calendar: WorkCalendar, row: CombinedRow, today: IsoDate): StoredCombined {
  const parts = partsOf(db, calendar, row.id);
  const derived = deriveCombined(parts, { promisedDays: row.promised_days, legalDays: row.legal_days, acceptedDate: row.accepted_date }, calendar, today);
  return { row, parts, derived };
}

function readCombinedById(db: Database, calendar: WorkCalendar, id: number, today: IsoDate): StoredCombined {
  return derive(db, calendar, prepared(db, `${COMBINED_SELECT} WHERE cc.id = ?`).get(id) as CombinedRow, today);
}

/** A combined case by number, derived as of `today`. */
export function readCombined(db: Database, calendar: WorkCalendar, number: string, today: IsoDate): StoredCombined {
  const row = prepared(db, `${COMBINED_SELECT} WHERE cc.number = ?`).get(number.trim().toUpperCase()) as CombinedRow | undefined;
  if (!row) throw new CaseNotFound(number.trim());
  return derive(db, calendar, row, today);
}

export interface CombinedFilter {
  from?: IsoDate;
  to?: IsoDate;
}

/** Combined cases accepted in the range (all of them without one), in number order, derived as of `today`. */
export function listCombined(db: Database, calendar: WorkCalendar, filter: CombinedFilter, today: IsoDate): StoredCombined[] {
  const rows = prepared(
    db,
    `${COMBINED_SELECT} WHERE (@from IS NULL OR cc.accepted_date >= @from) AND (@to IS NULL OR cc.accepted_date <= @to) ORDER BY cc.number`,
  ).all({ from: filter.from ?? null, to: filter.to ?? null }) as CombinedRow[];
  return rows.map((row) => derive(db, calendar, row, today));
}

/**
 * `case withdraw J…`, `case deliver J…` and `case void J…`: the step applied to every
 * part it applies to (unfinished parts; concluded, undelivered parts; every part, under
 * the same rules as a lone case's void, so one part that may not be voided refuses the
 * whole), each through the same step as the part's own command. The caller holds the
 * write transaction: all parts or none.
 */
export function applyToParts(
  db: Database,
  calendar: WorkCalendar,
  number: string,
  action: Extract<CaseAction, { command: 'withdraw' } | { command: 'deliver' } | { command: 'void' }>,
  actor: Actor,
): { combined: StoredCombined; steps: AppliedStep[] } {
  const before = readCombined(db, calendar, number, actor.time.date);
  const targets = before.parts.filter((part) =>
    action.command === 'void'
      ? true
      : action.command === 'withdraw'
        ? part.derived.state === 'open' || part.derived.state === 'paused'
        : part.derived.state === 'concluded' && !part.derived.delivered,
  );
  if (targets.length === 0 && action.command !== 'void') throw new CombinedNothingToDo(before.row.number, action.command);
  const steps = targets.map((part) => applyCaseAction(db, calendar, part.number, action, actor));
  return { combined: readCombinedById(db, calendar, before.row.id, actor.time.date), steps };
}

/**
 * Any other case command on a combined number is refused, naming the parts to act on:
 * the unfinished ones, or every part when none is left unfinished. An unknown J number
 * is an unknown case.
 */
export function refuseOnCombined(db: Database, number: string, command: string): never {
  const id = prepared(db, 'SELECT id FROM combined_cases WHERE number = ?').pluck().get(number.trim().toUpperCase()) as number | undefined;
  if (id === undefined) throw new CaseNotFound(number.trim());
  const parts = (prepared(db, 'SELECT number, state FROM cases WHERE combined_id = ? ORDER BY id').all(id) as { number: string; state: number }[]).map(
    (part) => ({ number: part.number, state: nameOf('state', part.state)! }),
  );
  const unfinished = parts.filter((part) => part.state === 'open' || part.state === 'paused');
  throw new CombinedCommand(
    number.trim().toUpperCase(),
    command,
    (unfinished.length > 0 ? unfinished : parts).map((part) => part.number),
  );
}

/** `case void` on a part alone is refused: the combined case it belongs to is voided whole. */
export function refuseVoidingPart(db: Database, number: string): void {
  const combined = prepared(db, 'SELECT j.number FROM cases c JOIN combined_cases j ON j.id = c.combined_id WHERE c.number = ?').pluck().get(number.trim()) as
    | string
    | undefined;
  if (combined !== undefined) throw new PartOfCombined(number.trim(), combined);
}
