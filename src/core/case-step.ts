/**
 * One step of a case: "apply this command to this case's events at this time" →
 * the new event and the case it leaves (or a typed refusal). Pure. Every case command
 * calls it once, and it replays the history once: the events are folded into the
 * state, the command is checked against that state, its event is folded in, and only
 * then are the dates computed.
 */
import type { WorkCalendar } from './calendar.js';
import { type CaseCaches, caseCaches } from './case-record.js';
import type { Channel, EventTime } from './case-values.js';
import type { Stage } from './catalog.js';
import type { IsoDate } from './dates.js';
import { AlreadyRated, EventBeforeLast, IllegalAdvance, IllegalTransition, InvalidValue, NotImmediate, VoidNeedsForce } from './errors.js';
import {
  applyEvent,
  assertAllowed,
  type CaseCommand,
  type CaseEvent,
  type CaseRules,
  type DerivedCase,
  type Location,
  type Outcome,
  type PauseRecord,
  replayEvents,
  settleDates,
} from './lifecycle.js';

export type CaseAction =
  | { command: 'advance'; to: Stage | null; location: Location | null; note?: string }
  | { command: 'supplement'; materials: string }
  | { command: 'suspend'; reason: string }
  | { command: 'resume' }
  | { command: 'conclude'; outcome: Outcome; reason?: string; location: Location | null }
  | { command: 'deliver' }
  | { command: 'withdraw'; reason?: string }
  /**
   * 作废: a registration made by mistake; `force` lifts the same-day, nothing-since rule.
   * `today` is the clock's date, not the event's: a back-dated void is still judged on
   * the day it is typed.
   */
  | { command: 'void'; reason: string; force: boolean; today: IsoDate }
  /** An evaluation: allowed in any state, kept in the history like every other change. */
  | { command: 'rate'; level: number; comment: string; date: IsoDate; replace: boolean };

export interface Evaluation {
  level: number;
  comment: string;
  date: IsoDate;
}

/** What the step needs to know of a case: its number, rules, history and current evaluation. */
export interface CaseHistory {
  number: string;
  rules: CaseRules;
  events: readonly CaseEvent[];
  evaluation: Evaluation | null;
}

/** Who acts, and when. */
export interface Actor {
  time: EventTime;
  operator: string;
}

/** How the step changed the case's pauses, so the store writes only that. */
export type PauseChange = { change: 'opened'; seq: number; pause: PauseRecord } | { change: 'closed'; seq: number; to: IsoDate } | null;

export interface StepResult {
  event: CaseEvent;
  events: CaseEvent[];
  derived: DerivedCase;
  caches: CaseCaches;
  pauseChange: PauseChange;
  /** The evaluation after a `rate`, and whether it replaced one. */
  evaluation: Evaluation | null;
  replaced: boolean;
}

function eventOf(kind: CaseEvent['kind'], actor: Actor, location: Location | null, details: Record<string, unknown>): CaseEvent {
  return { kind, ...actor.time, operator: actor.operator, location, details };
}

/** `advance` moves to the next stage, or to a named later one, up to 审批 (conclude decides). */
function advanceTarget(number: string, rules: CaseRules, state: DerivedCase, requested: Stage | null): Stage {
  const decide = rules.stages.indexOf('decide');
  const last = decide === -1 ? rules.stages.length - 1 : decide;
  const current = state.stage ? rules.stages.indexOf(state.stage) : 0;
  const target = requested ?? rules.stages[current + 1];
  const index = target ? rules.stages.indexOf(target) : -1;
  if (!target || index <= current || index > last) {
    throw new IllegalAdvance(number, state.stage ?? 'accept', requested, rules.stages.slice(current + 1, last + 1));
  }
  return target;
}

function eventFor(history: CaseHistory, state: DerivedCase, action: CaseAction, actor: Actor): CaseEvent {
  switch (action.command) {
    case 'advance': {
      const details: Record<string, unknown> = { to: advanceTarget(history.number, history.rules, state, action.to) };
      if (action.note) details.note = action.note;
      return eventOf('advance', actor, action.location, details);
    }
    case 'supplement':
      return eventOf('supplement', actor, null, { materials: action.materials });
    case 'suspend':
      return eventOf('suspend', actor, null, { reason: action.reason });
    case 'resume':
      return eventOf('resume', actor, null, {});
    case 'conclude':
      return eventOf('conclude', actor, action.location, action.reason ? { outcome: action.outcome, reason: action.reason } : { outcome: action.outcome });
    case 'deliver':
      return eventOf('deliver', actor, null, {});
    case 'withdraw':
      return eventOf('withdraw', actor, null, action.reason ? { reason: action.reason } : {});
    case 'void': {
      // A void the rule would have refused is marked, so that doctor can list it for review.
      const details: Record<string, unknown> = { reason: action.reason, state_before: state.state };
      if (voidNeedsForce(history.events, action.today) !== null) details.forced = true;
      return eventOf('void', actor, null, details);
    }
    case 'rate':
      return eventOf('rate', actor, null, { level: action.level, comment: action.comment, date: action.date });
  }
}

function pauseChange(before: { count: number; lastOpen: boolean }, after: DerivedCase): PauseChange {
  if (after.pauses.length > before.count) return { change: 'opened', seq: after.pauses.length, pause: after.pauses[after.pauses.length - 1]! };
  const last = after.pauses[after.pauses.length - 1];
  if (before.lastOpen && last && last.to !== null) return { change: 'closed', seq: after.pauses.length, to: last.to };
  return null;
}

/**
 * Why a void needs `force`, or null when the plain rule allows it (SPEC §3.2): a mistake is
 * put right on the day it was registered, before anything else happened to the case.
 * Later, or after a step, the case may already be in figures sent upward or in the
 * applicant's hands, so only a deliberate, listed correction may remove it.
 */
function voidNeedsForce(events: readonly CaseEvent[], today: IsoDate): 'later_day' | 'later_events' | null {
  if (events.length > 1) return 'later_events';
  if (events[0]?.date !== today) return 'later_day';
  return null;
}

/**
 * A void is refused for a case that is voided already, or that never counted as
 * accepted work of the window (不予受理) or ended by the applicant's own act (撤回):
 * both are figures of their own. Any other state needs `force` past the plain rule.
 */
function checkVoid(history: CaseHistory, state: DerivedCase, action: Extract<CaseAction, { command: 'void' }>): void {
  if (state.state === 'voided' || state.state === 'refused' || state.state === 'withdrawn') {
    throw new IllegalTransition(history.number, state.state, state.delivered, 'void', []);
  }
  const reason = voidNeedsForce(history.events, action.today);
  if (reason !== null && !action.force) {
    const later = history.events.slice(1).map((event) => event.kind);
    throw new VoidNeedsForce(history.number, state.state, history.events[0]!.date, action.today, reason, later);
  }
}

/** Applies one command to a case (SPEC §3.2), or refuses it naming the case, its state and what is allowed. */
export function stepCase(history: CaseHistory, action: CaseAction, actor: Actor, calendar: WorkCalendar): StepResult {
  const { number, rules, events } = history;
  const state = replayEvents(events, rules);
  // A voided case counts nowhere, so not even an evaluation may be added to it.
  if (action.command === 'rate' && state.state === 'voided') throw new IllegalTransition(number, state.state, state.delivered, 'rate', []);
  if (action.command === 'void') checkVoid(history, state, action);
  else if (action.command !== 'rate') assertAllowed(number, state.state, state.delivered, action.command satisfies CaseCommand);
  const last = events[events.length - 1];
  // An event may be back-dated, but never before the case's previous one.
  if (last && Date.parse(actor.time.at) < Date.parse(last.at)) throw new EventBeforeLast(number, last.at, actor.time.at);
  let evaluation = history.evaluation;
  let replaced = false;
  if (action.command === 'rate') {
    if (evaluation && !action.replace) throw new AlreadyRated(number, evaluation.level, evaluation.date);
    // An evaluation is given after the service, never later than it is recorded (SPEC §4: no record in the future).
    if (action.date > actor.time.date) throw new InvalidValue('date', action.date, { rule: 'in_future' });
    if (state.acceptedDate !== null && action.date < state.acceptedDate) {
      throw new InvalidValue('date', action.date, { rule: 'before', other: 'accepted_at' });
    }
    replaced = evaluation !== null;
    evaluation = { level: action.level, comment: action.comment, date: action.date };
  }
  // A voided case's evaluation leaves the figures with it; the history keeps the rating.
  if (action.command === 'void') evaluation = null;
  const event = eventFor(history, state, action, actor);
  const before = { count: state.pauses.length, lastOpen: state.pauses[state.pauses.length - 1]?.to === null };
  applyEvent(state, event, rules);
  settleDates(state, rules, calendar);
  const all = [...events, event];
  return { event, events: all, derived: state, caches: caseCaches(state, all), pauseChange: pauseChange(before, state), evaluation, replaced };
}

export interface Intake {
  itemCode: string;
  rules: CaseRules;
  channel: Channel;
  /** Conclude a 即办件 in the same step as its acceptance. */
  conclude?: Outcome;
}

export interface OpenedCase {
  events: CaseEvent[];
  derived: DerivedCase;
  caches: CaseCaches;
}

/** `register`: the acceptance event (受理 is always at the window), and for a 即办件 its conclusion at once. */
export function acceptCase(intake: Intake, actor: Actor, calendar: WorkCalendar): OpenedCase {
  if (intake.conclude && intake.rules.promisedDays !== 0) throw new NotImmediate(intake.itemCode, intake.rules.promisedDays);
  const events = [eventOf('register', actor, 'window', { channel: intake.channel })];
  const state = replayEvents(events, intake.rules);
  if (intake.conclude) {
    const conclusion = eventOf('conclude', actor, null, { outcome: intake.conclude });
    applyEvent(state, conclusion, intake.rules);
    events.push(conclusion);
  }
  settleDates(state, intake.rules, calendar);
  return { events, derived: state, caches: caseCaches(state, events) };
}

/** `refuse` (不予受理): never accepted, so no clock starts. */
export function refuseCase(rules: CaseRules, reason: string, actor: Actor, calendar: WorkCalendar): OpenedCase {
  const events = [eventOf('refuse', actor, 'window', { reason })];
  const derived = settleDates(replayEvents(events, rules), rules, calendar);
  return { events, derived, caches: caseCaches(derived, events) };
}
