/**
 * Cases and their events as stored. SQL only: the rules are `src/core/case-step.ts`.
 * A command reads the case row and its events once, asks the core for the step, and
 * writes one event and one update of the cached columns, in the caller's write
 * transaction, so the caches can never disagree with the history.
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import { type CaseCaches, caseCaches, type RuleColumns, rulesFromColumns } from '../core/case-record.js';
import { type Actor, type CaseAction, type Evaluation, type OpenedCase, type StepResult, stepCase } from '../core/case-step.js';
import type { Channel } from '../core/case-values.js';
import type { CaseFacts } from '../core/case-view.js';
import type { IsoDate } from '../core/dates.js';
import { CaseNotFound } from '../core/errors.js';
import type { IdType } from '../core/ids.js';
import { type CaseEvent, type CaseRules, type CaseState, deriveCase, type PauseRecord } from '../core/lifecycle.js';
import { prepared } from '../db/statements.js';
import { code, dateOf, decodedCase, STORED_CACHE_COLUMNS, storedCaches, storedDay } from './case-codes.js';
import { refreshCombinedCaches } from './combined-cache.js';
import { EVENT_COLUMNS_SQL, type EventColumns, eventValues, INSERT_EVENT, operatorId, ruleListsId, storedEvent } from './event-row.js';
import { type ReviewOutcome, reviewRating, reviewVoid } from './reviews.js';

export interface CaseRow extends RuleColumns {
  id: number;
  number: string;
  item_id: number;
  item_code: string;
  item_name: string;
  window_code: string | null;
  window_name: string | null;
  applicant: string;
  applicant_id: string | null;
  id_type: IdType | null;
  channel: Channel;
  fee_fen: number;
  closing_minutes: number;
  state: CaseState;
  deadline: string | null;
  /** The item's stage and authorization lists the case copied (rule_lists, migration 15). */
  lists_id: number;
  evaluation_level: number | null;
  evaluation_comment: string | null;
  evaluation_date: string | null;
  /** The combined case (一件事) this case is a part of, or null for a lone case. */
  combined_id: number | null;
  combined_number: string | null;
}

export const CASE_SELECT = `
  SELECT c.*, l.stages, l.authorized, i.code AS item_code, i.name AS item_name, w.code AS window_code, w.name AS window_name,
         e.level AS evaluation_level, e.comment AS evaluation_comment, e.date AS evaluation_date,
         cc.number AS combined_number
    FROM cases c JOIN rule_lists l ON l.id = c.lists_id JOIN items i ON i.id = c.item_id LEFT JOIN windows w ON w.id = c.window_id
    LEFT JOIN evaluations e ON e.case_id = c.id
    LEFT JOIN combined_cases cc ON cc.id = c.combined_id`;

/** A row of CASE_SELECT as hall reads it: codes, days and times as text (case-codes.ts). */
export function caseRowFrom<T extends CaseRow = CaseRow>(raw: unknown): T {
  const row = decodedCase<T & { evaluation_date: unknown }>(raw as Record<string, unknown>);
  row.evaluation_date = dateOf(row.evaluation_date);
  return row;
}

/** The case of this id, as CASE_SELECT reads it. */
function caseById(db: Database, caseId: number): CaseRow {
  return caseRowFrom(prepared(db, `${CASE_SELECT} WHERE c.id = ?`).get(caseId));
}

/** The rule columns an item has and a case copies from it at acceptance. */
export function rulesOf(row: CaseRow): CaseRules {
  return rulesFromColumns(row, row.closing_minutes);
}

export function evaluationOf(row: CaseRow): Evaluation | null {
  if (row.evaluation_level === null) return null;
  return { level: row.evaluation_level, comment: row.evaluation_comment ?? '', date: row.evaluation_date! };
}

export function factsOf(row: CaseRow): CaseFacts {
  return {
    number: row.number,
    item: row.item_code,
    item_name: row.item_name,
    window: row.window_code,
    window_name: row.window_name,
    applicant: row.applicant,
    applicant_id: row.applicant_id,
    channel: row.channel,
    fee_fen: row.fee_fen,
    combined: row.combined_number,
  };
}

export function findCase(db: Database, number: string): CaseRow {
  const row = prepared(db, `${CASE_SELECT} WHERE c.number = ?`).get(number.trim());
  if (!row) throw new CaseNotFound(number.trim());
  return caseRowFrom(row);
}

export function eventsOf(db: Database, caseId: number): CaseEvent[] {
  const rows = prepared(db, `SELECT ${EVENT_COLUMNS_SQL} WHERE e.case_id = ? ORDER BY e.id`).raw().all(caseId) as EventColumns[];
  return rows.map((row) => {
    const event = storedEvent(row);
    return { ...event, details: JSON.parse(event.details) as Record<string, unknown> };
  });
}

/**
 * The next number of a day: `YYYYMMDD-NNNN`, after the highest already used that day
 * (imported ones included), widening past 9999. Call inside the write transaction.
 */
export function nextCaseNumber(db: Database, date: IsoDate): string {
  const prefix = date.replaceAll('-', '');
  // '-' < '.', so this range holds exactly the numbers of that day and uses the unique index.
  const highest = prepared(db, 'SELECT max(CAST(substr(number, 10) AS INTEGER)) FROM cases WHERE number > ? AND number < ?')
    .pluck()
    .get(`${prefix}-`, `${prefix}.`) as number | null;
  return `${prefix}-${String((highest ?? 0) + 1).padStart(4, '0')}`;
}

function insertEvent(db: Database, caseId: number, event: CaseEvent): void {
  prepared(db, INSERT_EVENT).run(caseId, ...eventValues(event, operatorId(db, event.operator)));
}

function insertPause(db: Database, caseId: number, seq: number, pause: PauseRecord): void {
  prepared(db, 'INSERT INTO case_pauses (case_id, seq, kind, reason, from_date, to_date) VALUES (?, ?, ?, ?, ?, ?)').run(
    caseId,
    seq,
    code('pause', pause.kind),
    pause.reason,
    storedDay(pause.from),
    storedDay(pause.to),
  );
}

const UPDATE_CACHES = `UPDATE cases SET ${STORED_CACHE_COLUMNS.map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id`;

function writeCaches(db: Database, caseId: number, caches: CaseCaches): void {
  prepared(db, UPDATE_CACHES).run({ ...storedCaches(caches), id: caseId });
}

export interface NewCase {
  itemId: number;
  windowId: number | null;
  departmentId: number;
  itemType: string;
  applicant: string;
  applicantId: string | null;
  idType: IdType | null;
  channel: Channel;
  feeFen: number;
  rules: CaseRules;
  /** The combined case this one is a part of, written in the same INSERT; absent for a lone case. */
  combinedId?: number;
}

/**
 * Creates a case with the events the core opened it with, numbering it in this
 * transaction. The caches were derived before the insert, so the row is written once.
 */
export function insertCase(db: Database, input: NewCase, opened: OpenedCase): CaseRow {
  const first = opened.events[0]!;
  const statics = {
    number: nextCaseNumber(db, first.date),
    item_id: input.itemId,
    window_id: input.windowId,
    department_id: input.departmentId,
    item_type: code('item_type', input.itemType),
    applicant: input.applicant,
    applicant_id: input.applicantId,
    id_type: code('id_type', input.idType),
    channel: code('channel', input.channel),
    fee_fen: input.feeFen,
    lists_id: ruleListsId(db, JSON.stringify(input.rules.stages), JSON.stringify(input.rules.authorized)),
    promised_days: input.rules.promisedDays,
    limit_unit: code('unit', input.rules.limitUnit),
    legal_days: input.rules.legalDays,
    legal_unit: code('unit', input.rules.legalUnit),
    closing_minutes: input.rules.closingMinutes,
    combined_id: input.combinedId ?? null,
  };
  const columns = [...Object.keys(statics), ...STORED_CACHE_COLUMNS];
  const { lastInsertRowid } = prepared(db, `INSERT INTO cases (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`).run({
    ...statics,
    ...storedCaches(opened.caches),
  });
  const caseId = Number(lastInsertRowid);
  for (const event of opened.events) insertEvent(db, caseId, event);
  opened.derived.pauses.forEach((pause, index) => {
    insertPause(db, caseId, index + 1, pause);
  });
  return caseById(db, caseId);
}

/** Writes what one step changed: its event, the cached columns, a pause, an evaluation. */
function recordStep(db: Database, row: CaseRow, step: StepResult): void {
  insertEvent(db, row.id, step.event);
  writeCaches(db, row.id, step.caches);
  const change = step.pauseChange;
  if (change?.change === 'opened') insertPause(db, row.id, change.seq, change.pause);
  if (change?.change === 'closed')
    prepared(db, 'UPDATE case_pauses SET to_date = ? WHERE case_id = ? AND seq = ?').run(storedDay(change.to), row.id, change.seq);
  if (step.event.kind === 'rate' && step.evaluation) {
    // The history keeps every evaluation; the table only the current one.
    prepared(
      db,
      `INSERT INTO evaluations (case_id, level, comment, date, window_id, department_id, item_id, item_type)
         SELECT id, ?, ?, ?, window_id, department_id, item_id, item_type FROM cases WHERE id = ?
       ON CONFLICT (case_id) DO UPDATE SET level = excluded.level, comment = excluded.comment, date = excluded.date`,
    ).run(step.evaluation.level, step.evaluation.comment, storedDay(step.evaluation.date), row.id);
  }
  // The evaluations table holds the ratings that count (SPEC §6.1); a voided case counts in
  // no figure, so its rating leaves the table and stays in the case's history.
  if (step.event.kind === 'void') prepared(db, 'DELETE FROM evaluations WHERE case_id = ?').run(row.id);
}

export interface AppliedStep {
  row: CaseRow;
  step: StepResult;
  /** What a rating did to the case's review (差评整改); null for every other step. */
  review: ReviewOutcome | null;
}

/**
 * A rating opens, keeps or closes the case's review (SPEC §7.2), and a void closes its
 * open one, in the step's transaction.
 */
function reviewAfterStep(db: Database, calendar: WorkCalendar, row: CaseRow, step: StepResult): ReviewOutcome | null {
  const { event } = step;
  if (event.kind === 'rate' && step.evaluation) return reviewRating(db, calendar, row.id, step.evaluation, event.at, event.operator);
  if (event.kind === 'void') reviewVoid(db, row.id, event.date, event.at, event.operator);
  return null;
}

/**
 * One case command: reads the case and its events once, lets the core decide, and
 * writes the result. The caller holds the write transaction.
 */
export function applyCaseAction(db: Database, calendar: WorkCalendar, number: string, action: CaseAction, actor: Actor): AppliedStep {
  const row = findCase(db, number);
  const step = stepCase({ number: row.number, rules: rulesOf(row), events: eventsOf(db, row.id), evaluation: evaluationOf(row) }, action, actor, calendar);
  recordStep(db, row, step);
  const review = reviewAfterStep(db, calendar, row, step);
  // A part's step moves its combined case: the cached figures follow in the same transaction.
  if (row.combined_id !== null) refreshCombinedCaches(db, calendar, [row.combined_id]);
  return { row, step, review };
}

/** Replays a case and rewrites its caches: after a calendar change its dates may move, its pauses never. */
function refreshCaches(db: Database, calendar: WorkCalendar, row: CaseRow): void {
  const events = eventsOf(db, row.id);
  writeCaches(db, row.id, caseCaches(deriveCase(events, rulesOf(row), calendar), events));
}

/** The combined cases these cases are parts of, each once, to refresh after the parts. */
function combinedOf(rows: readonly CaseRow[]): number[] {
  return [...new Set(rows.flatMap((row) => (row.combined_id === null ? [] : [row.combined_id])))];
}

/** Replays one case and rewrites its caches (hall doctor --fix, after a manual edit of the file). */
export function refreshCase(db: Database, calendar: WorkCalendar, caseId: number): void {
  const row = caseById(db, caseId);
  refreshCaches(db, calendar, row);
  refreshCombinedCaches(db, calendar, combinedOf([row]));
}

/**
 * After a calendar change, recomputes every case whose span includes a changed date,
 * so stored deadlines always agree with the current calendar (SPEC §2).
 */
export function recomputeCases(db: Database, calendar: WorkCalendar, changedDates: readonly IsoDate[]): number {
  if (changedDates.length === 0) return 0;
  const sorted = [...changedDates].sort();
  const rows = prepared(
    db,
    `${CASE_SELECT} WHERE c.accepted_date IS NOT NULL AND c.accepted_date < @latest
       AND (c.ended_date IS NULL OR c.ended_date >= @earliest OR c.deadline >= @earliest OR c.legal_deadline >= @earliest)`,
  )
    .all({ earliest: storedDay(sorted[0]!), latest: storedDay(sorted.at(-1)!) })
    .map((raw) => caseRowFrom(raw));
  for (const row of rows) refreshCaches(db, calendar, row);
  // A combined deadline is counted on the same calendar: its parts' combined cases follow.
  refreshCombinedCaches(db, calendar, combinedOf(rows));
  return rows.length;
}
