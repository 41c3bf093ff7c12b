/**
 * Cases and their events as stored. Every change appends one event and rewrites the
 * case's caches from a replay of all its events, in the same write transaction, so
 * the caches can never disagree with the history.
 */
import { prepared } from '../db/statements.js';
import { windowId } from './organisation.js';
import type { Database } from 'better-sqlite3';
import { addWorkingDays, countDays, daysUsed as usedDays, explainSpan, pausedDays, type WorkCalendar } from '../core/calendar.js';
import { STAGES, STAGE_NAMES, type Stage } from '../core/catalog.js';
import { dayNumber, type IsoDate } from '../core/dates.js';
import { InputError, NotFoundError, text } from '../core/errors.js';
import { maskId, type IdType } from '../core/ids.js';
import {
  assertAllowed,
  daysLeft,
  deadlineAt,
  deriveCase,
  type CaseCommand,
  type CaseEvent,
  type CaseRules,
  type CaseState,
  type DerivedCase,
  type EventKind,
  type Location,
  type Outcome,
} from '../core/lifecycle.js';

export const CHANNELS = ['window', 'online', 'kiosk', 'proxy', 'appointment'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_NAMES: Record<Channel, string> = { window: '窗口', online: '网上', kiosk: '自助', proxy: '代办', appointment: '预约' };

export function parseChannel(value: string): Channel | undefined {
  const trimmed = value.trim().toLowerCase();
  if ((CHANNELS as readonly string[]).includes(trimmed)) return trimmed as Channel;
  return (Object.entries(CHANNEL_NAMES).find(([, name]) => name === trimmed)?.[0] as Channel | undefined) ?? undefined;
}

export function parseStage(value: string): Stage | undefined {
  const trimmed = value.trim();
  return STAGES.find((stage) => stage === trimmed || STAGE_NAMES[stage] === trimmed);
}

/** When an event happens: the instant as stored, and its local date and time of day. */
export interface EventTime {
  at: string;
  date: IsoDate;
  minutes: number;
}

export interface CaseRow {
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
  stages: string;
  authorized: string;
  promised_days: number;
  limit_unit: CaseRules['limitUnit'];
  legal_days: number | null;
  legal_unit: CaseRules['legalUnit'];
  closing_minutes: number;
  state: CaseState;
  delivered: number;
  accepted_at: string | null;
  concluded_at: string | null;
  deadline: string | null;
  last_event_at: string;
}

const CASE_SELECT = `
  SELECT c.*, i.code AS item_code, i.name AS item_name, w.code AS window_code, w.name AS window_name
    FROM cases c JOIN items i ON i.id = c.item_id LEFT JOIN windows w ON w.id = c.window_id`;

/** The rule columns an item has and a case copies from it at acceptance. */
export interface RuleColumns {
  stages: string;
  authorized: string;
  promised_days: number;
  limit_unit: CaseRules['limitUnit'];
  legal_days: number | null;
  legal_unit: CaseRules['legalUnit'];
}

export function rulesFromColumns(columns: RuleColumns, closingMinutes: number): CaseRules {
  return {
    stages: JSON.parse(columns.stages) as Stage[],
    authorized: JSON.parse(columns.authorized) as Stage[],
    promisedDays: columns.promised_days,
    limitUnit: columns.limit_unit,
    legalDays: columns.legal_days,
    legalUnit: columns.legal_unit,
    closingMinutes,
  };
}

export function rulesOf(row: CaseRow): CaseRules {
  return rulesFromColumns(row, row.closing_minutes);
}

export function findCase(db: Database, number: string): CaseRow {
  const row = prepared(db, `${CASE_SELECT} WHERE c.number = ?`).get(number.trim()) as CaseRow | undefined;
  if (!row) {
    throw new NotFoundError(text(`未知办件编号 ${number}；hall case list 可查找办件`, `unknown case number ${number}; hall case list finds cases`));
  }
  return row;
}

interface EventRow {
  kind: EventKind;
  at: string;
  date: string;
  minutes: number;
  operator: string;
  location: Location | null;
  details: string;
}

export function eventsOf(db: Database, caseId: number): CaseEvent[] {
  const rows = prepared(db, 'SELECT kind, at, date, minutes, operator, location, details FROM case_events WHERE case_id = ? ORDER BY id')
    .all(caseId) as EventRow[];
  return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}

/**
 * The next number of a day: `YYYYMMDD-NNNN`, after the highest already used that day
 * (imported ones included), widening past 9999. Call inside the write transaction.
 */
export function nextCaseNumber(db: Database, date: IsoDate): string {
  const prefix = date.replaceAll('-', '');
  // '-' < '.', so this range holds exactly the numbers of that day and uses the unique index.
  const highest = prepared(db, `SELECT max(CAST(substr(number, 10) AS INTEGER)) FROM cases WHERE number > ? AND number < ?`)
    .pluck()
    .get(`${prefix}-`, `${prefix}.`) as number | null;
  return `${prefix}-${String((highest ?? 0) + 1).padStart(4, '0')}`;
}

function insertEvent(db: Database, caseId: number, event: CaseEvent): void {
  prepared(db, 
    `INSERT INTO case_events (case_id, kind, at, date, minutes, operator, location, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(caseId, event.kind, event.at, event.date, event.minutes, event.operator, event.location, JSON.stringify(event.details));
}

/** The cached columns of a case, as its events imply them. */
function cacheColumns(derived: DerivedCase, events: readonly CaseEvent[]) {
  const openPause = derived.state === 'paused' ? derived.pauses[derived.pauses.length - 1] : undefined;
  return {
    state: derived.state,
    stage: derived.stage,
    delivered: derived.delivered ? 1 : 0,
    outcome: derived.outcome,
    accepted_at: events.find((event) => event.kind === 'register')?.at ?? null,
    accepted_date: derived.acceptedDate,
    refused_date: events[0]?.kind === 'refuse' ? events[0].date : null,
    concluded_at: events.find((event) => event.kind === 'conclude')?.at ?? null,
    concluded_date: derived.concludedDate,
    ended_date: derived.endedDate,
    paused_since: openPause?.from ?? null,
    deadline: derived.deadline,
    legal_deadline: derived.legalDeadline,
    days_used: derived.daysUsed,
    on_time: derived.concludedDate && derived.deadline ? (derived.concludedDate <= derived.deadline ? 1 : 0) : null,
    same_day: derived.concludedDate ? (derived.concludedDate === derived.acceptedDate ? 1 : 0) : null,
    on_site: derived.onSite === null ? null : derived.onSite ? 1 : 0,
    last_event_at: events[events.length - 1]!.at,
  };
}

type CacheColumn = keyof ReturnType<typeof cacheColumns>;
// Written as a record so that the compiler insists on every cached column.
const CACHE_COLUMNS = Object.keys({
  state: true, stage: true, delivered: true, outcome: true, accepted_at: true, accepted_date: true,
  refused_date: true, concluded_at: true, concluded_date: true, ended_date: true, paused_since: true,
  deadline: true, legal_deadline: true, days_used: true, on_time: true, same_day: true, on_site: true,
  last_event_at: true,
} satisfies Record<CacheColumn, true>) as CacheColumn[];

function writePauses(db: Database, caseId: number, derived: DerivedCase, replace: boolean): void {
  if (replace) prepared(db, 'DELETE FROM case_pauses WHERE case_id = ?').run(caseId);
  const insertPause = prepared(db, 'INSERT INTO case_pauses (case_id, seq, kind, reason, from_date, to_date) VALUES (?, ?, ?, ?, ?, ?)');
  derived.pauses.forEach((pause, index) => insertPause.run(caseId, index + 1, pause.kind, pause.reason, pause.from, pause.to));
}

/** Replays every event of a case and rewrites its caches (after a new event or a calendar change). */
export function refreshCase(db: Database, calendar: WorkCalendar, row: CaseRow): DerivedCase {
  const events = eventsOf(db, row.id);
  const derived = deriveCase(events, rulesOf(row), calendar);
  prepared(db, `UPDATE cases SET ${CACHE_COLUMNS.map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id`).run({
    ...cacheColumns(derived, events),
    id: row.id,
  });
  writePauses(db, row.id, derived, true);
  return derived;
}

/** `--at` may back-date an event, but never before the case's previous event. */
export function assertNotBeforeLast(row: CaseRow, time: EventTime): void {
  if (Date.parse(time.at) < Date.parse(row.last_event_at)) {
    throw new InputError(
      text(
        `办件 ${row.number} 的上一事件时间为 ${row.last_event_at}，新事件（${time.at}）不能早于它`,
        `case ${row.number}: the new event (${time.at}) cannot precede its last event (${row.last_event_at})`,
      ),
    );
  }
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
  number?: string;
}

/**
 * Creates a case with its events (`register` or `refuse` first), numbering it in this
 * transaction. The caches are derived before the insert, so the row is written once.
 */
export function createCase(db: Database, calendar: WorkCalendar, input: NewCase, events: readonly CaseEvent[]): CaseRow {
  const first = events[0]!;
  const number = input.number ?? nextCaseNumber(db, first.date);
  const derived = deriveCase(events, input.rules, calendar);
  const caches = cacheColumns(derived, events);
  const statics = {
    number,
    item_id: input.itemId,
    window_id: input.windowId,
    department_id: input.departmentId,
    item_type: input.itemType,
    applicant: input.applicant,
    applicant_id: input.applicantId,
    id_type: input.idType,
    channel: input.channel,
    fee_fen: input.feeFen,
    stages: JSON.stringify(input.rules.stages),
    authorized: JSON.stringify(input.rules.authorized),
    promised_days: input.rules.promisedDays,
    limit_unit: input.rules.limitUnit,
    legal_days: input.rules.legalDays,
    legal_unit: input.rules.legalUnit,
    closing_minutes: input.rules.closingMinutes,
    created_at: first.at,
  };
  const columns = [...Object.keys(statics), ...CACHE_COLUMNS];
  const { lastInsertRowid } = prepared(db, `INSERT INTO cases (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`).run({
    ...statics,
    ...caches,
  });
  const caseId = Number(lastInsertRowid);
  for (const event of events) insertEvent(db, caseId, event);
  writePauses(db, caseId, derived, false);
  return prepared(db, `${CASE_SELECT} WHERE c.id = ?`).get(caseId) as CaseRow;
}

/** Appends one lifecycle event after checking that the state allows it. */
export function appendCaseEvent(db: Database, calendar: WorkCalendar, row: CaseRow, command: CaseCommand, event: CaseEvent): DerivedCase {
  const derived = deriveCase(eventsOf(db, row.id), rulesOf(row), calendar);
  assertAllowed(row.number, derived.state, derived.delivered, command);
  assertNotBeforeLast(row, event);
  if (command === 'advance') validateAdvance(row, derived, event);
  insertEvent(db, row.id, event);
  return refreshCase(db, calendar, row);
}

/** `advance` moves to the next stage, or to a named later one, up to 审批 (conclude decides). */
function validateAdvance(row: CaseRow, derived: DerivedCase, event: CaseEvent): void {
  const rules = rulesOf(row);
  const decide = rules.stages.indexOf('decide');
  const last = decide === -1 ? rules.stages.length - 1 : decide;
  const current = derived.stage ? rules.stages.indexOf(derived.stage) : 0;
  const requested = event.details.to as Stage | undefined;
  const target = requested ?? rules.stages[current + 1];
  const index = target ? rules.stages.indexOf(target) : -1;
  const later = rules.stages.slice(current + 1, last + 1);
  if (!target || index <= current || index > last) {
    const allowed = later.map((stage) => STAGE_NAMES[stage]).join('、');
    throw new InputError(
      text(
        `办件 ${row.number} 当前环节为"${STAGE_NAMES[derived.stage ?? 'accept']}"，${requested ? `不能推进到"${STAGE_NAMES[requested]}"` : '没有下一个环节'}；${later.length > 0 ? `可推进到：${allowed}` : '请用 conclude 办结'}`,
        `case ${row.number} is at stage ${derived.stage}; ${requested ? `cannot advance to ${requested}` : 'there is no next stage'} (${later.length > 0 ? `allowed: ${later.join(', ')}` : 'conclude it instead'})`,
      ),
    );
  }
  event.details.to = target;
}

export interface CaseView {
  number: string;
  item: string;
  item_name: string;
  window: string | null;
  window_name: string | null;
  applicant: string;
  applicant_id: string | null;
  channel: Channel;
  state: CaseState;
  stage: Stage | null;
  accepted_at: string | null;
  deadline: IsoDate | null;
  legal_deadline: IsoDate | null;
  limit_unit: CaseRules['limitUnit'];
  promised_days: number;
  legal_days: number | null;
  days_used: number | null;
  days_left: number | null;
  concluded_at: string | null;
  outcome: Outcome | null;
  delivered: boolean;
  on_site: boolean | null;
  fee_fen: number;
  pauses: { kind: string; reason: string; from: IsoDate; to: IsoDate | null }[];
  events: { kind: EventKind; at: string; operator: string; location: Location | null; details: Record<string, unknown> }[];
  evaluation: { level: number; comment: string; date: string } | null;
}

/** The case as every case command prints it (SPEC §3.2), live as of `today`. */
export function caseView(db: Database, calendar: WorkCalendar, row: CaseRow, today: IsoDate, showPii: boolean): CaseView {
  const events = eventsOf(db, row.id);
  const rules = rulesOf(row);
  const derived = deriveCase(events, rules, calendar);
  const accepted = derived.acceptedDate;
  let used: number | null = derived.daysUsed;
  let left: number | null = null;
  if (accepted && (derived.state === 'open' || derived.state === 'paused')) {
    used = usedDays(calendar, accepted, today, derived.pauses.map((pause) => ({ from: pause.from, to: pause.to ?? today })), rules.limitUnit);
    if (derived.state === 'open' && derived.deadline) left = daysLeft(calendar, today, derived.deadline, rules.limitUnit);
    const open = derived.pauses.find((pause) => pause.to === null);
    if (derived.state === 'paused' && open && derived.deadline) left = daysLeft(calendar, open.from, derived.deadline, rules.limitUnit);
  } else if (accepted && derived.state === 'withdrawn' && derived.endedDate) {
    used = usedDays(calendar, accepted, derived.endedDate, derived.pauses, rules.limitUnit);
  }
  const evaluation = prepared(db, 'SELECT level, comment, date FROM evaluations WHERE case_id = ?').get(row.id) as CaseView['evaluation'] | undefined;
  const paused = derived.state === 'paused';
  return {
    number: row.number,
    item: row.item_code,
    item_name: row.item_name,
    window: row.window_code,
    window_name: row.window_name,
    applicant: row.applicant,
    applicant_id: showPii ? row.applicant_id : maskId(row.applicant_id),
    channel: row.channel,
    state: derived.state,
    stage: derived.stage,
    accepted_at: row.accepted_at,
    deadline: paused ? null : derived.deadline,
    legal_deadline: paused ? null : derived.legalDeadline,
    limit_unit: rules.limitUnit,
    promised_days: rules.promisedDays,
    legal_days: rules.legalDays,
    days_used: used,
    days_left: left,
    concluded_at: row.concluded_at,
    outcome: derived.outcome,
    delivered: derived.delivered,
    on_site: derived.onSite,
    fee_fen: row.fee_fen,
    pauses: derived.pauses.map((pause) => ({ kind: pause.kind, reason: pause.reason, from: pause.from, to: pause.to })),
    events: events.map((event) => ({ kind: event.kind, at: event.at, operator: event.operator, location: event.location, details: event.details })),
    evaluation: evaluation ?? null,
  };
}

export interface ExplainedDayView {
  date: IsoDate;
  role: 'working' | 'holiday' | 'makeup' | 'weekend';
  note: string;
  counted: boolean;
  paused: boolean;
}

export interface Explanation {
  accepted_date: IsoDate;
  accepted_time: string;
  limit_days: number;
  unit: CaseRules['limitUnit'];
  rule: string;
  days: ExplainedDayView[];
  pauses: { kind: string; reason: string; from: IsoDate; to: IsoDate | null; days: number }[];
  deadline: IsoDate;
}

/** How the promised deadline was reached, day by day, so a clerk can answer an applicant who disputes it. */
export function explainDeadline(db: Database, calendar: WorkCalendar, row: CaseRow, today: IsoDate): Explanation | null {
  const rules = rulesOf(row);
  const derived = deriveCase(eventsOf(db, row.id), rules, calendar);
  if (!derived.acceptedDate) return null;
  const deadline = deadlineAt(derived, rules, calendar, today)!;
  const inPause = (date: IsoDate) =>
    derived.pauses.some((pause) => dayNumber(date) > dayNumber(pause.from) && dayNumber(date) <= dayNumber(pause.to ?? today));
  const days = explainSpan(calendar, derived.acceptedDate, deadline).map((day) => {
    const paused = inPause(day.date);
    const countsAsDay = rules.limitUnit === 'calendar' || day.role === 'working' || day.role === 'makeup';
    return { ...day, paused, counted: rules.promisedDays > 0 && countsAsDay && !paused };
  });
  const hh = String(Math.floor(derived.acceptedMinutes / 60)).padStart(2, '0');
  const mm = String(derived.acceptedMinutes % 60).padStart(2, '0');
  const closing = `${String(Math.floor(rules.closingMinutes / 60)).padStart(2, '0')}:${String(rules.closingMinutes % 60).padStart(2, '0')}`;
  let rule: string;
  if (rules.promisedDays === 0) rule = `P = 0: accepted ${hh}:${mm}, closing ${closing}`;
  else if (rules.limitUnit === 'calendar') rule = `P = ${rules.promisedDays} calendar days + pauses, moved to the next working day if it falls on a rest day`;
  else rule = `W(d0, D) = P + E = ${rules.promisedDays} + ${pausedDays(calendar, derived.pauses, today, 'workday')}`;
  return {
    accepted_date: derived.acceptedDate,
    accepted_time: `${hh}:${mm}`,
    limit_days: rules.promisedDays,
    unit: rules.limitUnit,
    rule,
    days,
    pauses: derived.pauses.map((pause) => ({
      kind: pause.kind,
      reason: pause.reason,
      from: pause.from,
      to: pause.to,
      days: countDays(calendar, pause.from, pause.to ?? today, rules.limitUnit),
    })),
    deadline,
  };
}

export interface CaseFilter {
  window?: string;
  status?: 'open' | 'paused' | 'overdue' | 'due-soon' | 'concluded';
  from?: IsoDate;
  to?: IsoDate;
}

export interface CaseListRow {
  number: string;
  item: string;
  item_name: string;
  window: string | null;
  applicant: string;
  applicant_id: string | null;
  state: CaseState;
  accepted_date: IsoDate | null;
  deadline: IsoDate | null;
  days_left: number | null;
  concluded_date: IsoDate | null;
  outcome: Outcome | null;
}

interface ListRow extends CaseRow {
  accepted_date: string | null;
  concluded_date: string | null;
  outcome: Outcome | null;
  paused_since: string | null;
}

/**
 * Cases by window, state and acceptance date. `overdue` and `due-soon` are decided by
 * the cached deadline (indexed); a paused case's deadline moves with its open pause,
 * so those are checked as of today.
 */
export function listCases(db: Database, calendar: WorkCalendar, filter: CaseFilter, today: IsoDate, warningDays: number, showPii: boolean): CaseListRow[] {
  const clauses: string[] = [];
  const params: Record<string, unknown> = { today };
  if (filter.window) {
    windowId(db, filter.window); // an unknown window is a typo, not an empty list
    clauses.push('w.code = @window');
    params.window = filter.window;
  }
  if (filter.from) {
    clauses.push('coalesce(c.accepted_date, c.refused_date) >= @from');
    params.from = filter.from;
  }
  if (filter.to) {
    clauses.push('coalesce(c.accepted_date, c.refused_date) <= @to');
    params.to = filter.to;
  }
  const dueLimit = addWorkingDays(calendar, today, warningDays);
  switch (filter.status) {
    case 'open':
    case 'paused':
    case 'concluded':
      clauses.push('c.state = @state');
      params.state = filter.status;
      break;
    case 'overdue':
      clauses.push("((c.state = 'open' AND c.deadline < @today) OR c.state = 'paused')");
      break;
    case 'due-soon':
      clauses.push("((c.state = 'open' AND c.deadline >= @today AND c.deadline <= @dueLimit) OR c.state = 'paused')");
      params.dueLimit = dueLimit;
      break;
  }
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  const rows = prepared(db, `${CASE_SELECT} ${where} ORDER BY c.number`).all(params) as ListRow[];
  const result: CaseListRow[] = [];
  for (const row of rows) {
    let deadline = row.deadline;
    if (row.state === 'paused') {
      const rules = rulesOf(row);
      deadline = deadlineAt(deriveCase(eventsOf(db, row.id), rules, calendar), rules, calendar, today);
      if (filter.status === 'overdue' && !(deadline && deadline < today)) continue;
      if (filter.status === 'due-soon' && !(deadline && deadline >= today && deadline <= dueLimit)) continue;
    }
    const live = (row.state === 'open' || row.state === 'paused') && deadline !== null;
    result.push({
      number: row.number,
      item: row.item_code,
      item_name: row.item_name,
      window: row.window_code,
      applicant: row.applicant,
      applicant_id: showPii ? row.applicant_id : maskId(row.applicant_id),
      state: row.state,
      accepted_date: row.accepted_date,
      deadline: row.state === 'paused' ? null : row.deadline,
      days_left: live ? daysLeft(calendar, today, deadline!, row.limit_unit) : null,
      concluded_date: row.concluded_date,
      outcome: row.outcome,
    });
  }
  return result;
}

/**
 * After a calendar change, recomputes every case whose span includes a changed date,
 * so stored deadlines always agree with the current calendar (SPEC §2).
 */
export function recomputeCases(db: Database, calendar: WorkCalendar, changedDates: readonly IsoDate[]): number {
  if (changedDates.length === 0) return 0;
  const earliest = [...changedDates].sort()[0]!;
  const rows = prepared(db, 
      `${CASE_SELECT} WHERE c.accepted_date IS NOT NULL AND c.accepted_date < @latest
         AND (c.ended_date IS NULL OR c.ended_date >= @earliest OR c.deadline >= @earliest OR c.legal_deadline >= @earliest)`,
    )
    .all({ earliest, latest: [...changedDates].sort().at(-1) }) as CaseRow[];
  for (const row of rows) refreshCase(db, calendar, row);
  return rows.length;
}
