/**
 * A case as every case command prints it (SPEC §3.2), live as of `today`, and how its
 * deadline was reached, day by day. Pure data: the words are the CLI's.
 */
import { computeDeadline, countDays, type DayRole, daysUsed, explainSpan, type LimitUnit, pausedDays, type WorkCalendar } from './calendar.js';
import type { Evaluation } from './case-step.js';
import type { Channel } from './case-values.js';
import type { Stage } from './catalog.js';
import { dayNumber, type IsoDate } from './dates.js';
import { maskId } from './ids.js';
import type { CaseEvent, CaseRules, CaseState, DerivedCase, EventKind, Location, Outcome, PauseKind } from './lifecycle.js';

/** The facts of a case that do not come from its events. */
export interface CaseFacts {
  number: string;
  item: string;
  item_name: string;
  window: string | null;
  window_name: string | null;
  applicant: string;
  applicant_id: string | null;
  channel: Channel;
  fee_fen: number;
  /** The combined case (一件事, SPEC §7.1) this case is a part of; null for a lone case. */
  combined: string | null;
}

/** A case as its JSON shows it (SPEC §5): its facts and what its events made of it. */
export interface CaseView extends CaseFacts {
  state: CaseState;
  stage: Stage | null;
  accepted_at: string | null;
  deadline: IsoDate | null;
  legal_deadline: IsoDate | null;
  limit_unit: LimitUnit;
  promised_days: number;
  legal_days: number | null;
  days_used: number | null;
  days_left: number | null;
  concluded_at: string | null;
  outcome: Outcome | null;
  delivered: boolean;
  on_site: boolean | null;
  pauses: { kind: PauseKind; reason: string; from: IsoDate; to: IsoDate | null }[];
  events: { kind: EventKind; at: string; operator: string; location: Location | null; details: Record<string, unknown> }[];
  evaluation: Evaluation | null;
}

/** The deadline as of date `t`: an open pause adds W(s, t). */
export function deadlineAt(derived: DerivedCase, rules: CaseRules, calendar: WorkCalendar, t: IsoDate): IsoDate | null {
  if (derived.acceptedDate === null) return null;
  const open = derived.pauses.find((pause) => pause.to === null);
  if (!open || derived.state !== 'paused') return derived.deadline;
  return computeDeadline(calendar, {
    acceptedDate: derived.acceptedDate,
    acceptedMinutes: derived.acceptedMinutes,
    closingMinutes: rules.closingMinutes,
    limitDays: rules.promisedDays,
    unit: rules.limitUnit,
    pauses: derived.pauses,
    today: t,
  });
}

/** Signed days (in the item's unit) from `today` to `deadline`: negative when overdue. */
export function daysLeft(calendar: WorkCalendar, today: IsoDate, deadline: IsoDate, unit: LimitUnit): number {
  return today <= deadline ? countDays(calendar, today, deadline, unit) : -countDays(calendar, deadline, today, unit);
}

/**
 * Days used and left as of `today`. An open case has used W(d0, today) − E so far; a
 * paused one has its remaining days frozen at the pause start, since the clock stopped.
 */
function liveDays(derived: DerivedCase, rules: CaseRules, calendar: WorkCalendar, today: IsoDate): { used: number | null; left: number | null } {
  const accepted = derived.acceptedDate;
  if (!accepted) return { used: derived.daysUsed, left: null };
  if (derived.state === 'open' || derived.state === 'paused') {
    const pauses = derived.pauses.map((pause) => ({ from: pause.from, to: pause.to ?? today }));
    const used = daysUsed(calendar, accepted, today, pauses, rules.limitUnit);
    if (!derived.deadline) return { used, left: null };
    if (derived.state === 'open') return { used, left: daysLeft(calendar, today, derived.deadline, rules.limitUnit) };
    const open = derived.pauses.find((pause) => pause.to === null);
    return { used, left: open ? daysLeft(calendar, open.from, derived.deadline, rules.limitUnit) : null };
  }
  if (derived.state === 'withdrawn' && derived.endedDate) {
    return { used: daysUsed(calendar, accepted, derived.endedDate, derived.pauses, rules.limitUnit), left: null };
  }
  return { used: derived.daysUsed, left: null };
}

export function caseView(
  facts: CaseFacts,
  rules: CaseRules,
  events: readonly CaseEvent[],
  derived: DerivedCase,
  evaluation: Evaluation | null,
  calendar: WorkCalendar,
  today: IsoDate,
  showPii: boolean,
): CaseView {
  const { used, left } = liveDays(derived, rules, calendar, today);
  const paused = derived.state === 'paused';
  return {
    number: facts.number,
    item: facts.item,
    item_name: facts.item_name,
    window: facts.window,
    window_name: facts.window_name,
    applicant: facts.applicant,
    applicant_id: showPii ? facts.applicant_id : maskId(facts.applicant_id),
    channel: facts.channel,
    state: derived.state,
    stage: derived.stage,
    accepted_at: events.find((event) => event.kind === 'register')?.at ?? null,
    // While a case is paused its deadline is not fixed yet: it moves with the open pause.
    deadline: paused ? null : derived.deadline,
    legal_deadline: paused ? null : derived.legalDeadline,
    limit_unit: rules.limitUnit,
    promised_days: rules.promisedDays,
    legal_days: rules.legalDays,
    days_used: used,
    days_left: left,
    concluded_at: events.find((event) => event.kind === 'conclude')?.at ?? null,
    outcome: derived.outcome,
    delivered: derived.delivered,
    on_site: derived.onSite,
    fee_fen: facts.fee_fen,
    combined: facts.combined,
    pauses: derived.pauses.map((pause) => ({ kind: pause.kind, reason: pause.reason, from: pause.from, to: pause.to })),
    events: events.map((event) => ({ kind: event.kind, at: event.at, operator: event.operator, location: event.location, details: event.details })),
    evaluation,
  };
}

export interface ExplainedDayView {
  date: IsoDate;
  role: DayRole;
  note: string;
  counted: boolean;
  paused: boolean;
}

/** Which counting rule of SPEC §2 gave the deadline, with its numbers. */
export type DeadlineRule =
  | { kind: 'immediate'; accepted_time: string; closing_time: string }
  | { kind: 'calendar'; promised_days: number; paused_days: number }
  | { kind: 'workday'; promised_days: number; paused_days: number };

export interface Explanation {
  accepted_date: IsoDate;
  accepted_time: string;
  limit_days: number;
  unit: LimitUnit;
  rule: DeadlineRule;
  days: ExplainedDayView[];
  pauses: { kind: PauseKind; reason: string; from: IsoDate; to: IsoDate | null; days: number }[];
  deadline: IsoDate;
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** How the promised deadline was reached, day by day, so a clerk can answer an applicant who disputes it. */
export function explainDeadline(rules: CaseRules, derived: DerivedCase, calendar: WorkCalendar, today: IsoDate): Explanation | null {
  if (!derived.acceptedDate) return null;
  const deadline = deadlineAt(derived, rules, calendar, today)!;
  const inPause = (date: IsoDate) => derived.pauses.some((pause) => dayNumber(date) > dayNumber(pause.from) && dayNumber(date) <= dayNumber(pause.to ?? today));
  const days = explainSpan(calendar, derived.acceptedDate, deadline).map((day) => {
    const paused = inPause(day.date);
    const countsAsDay = rules.limitUnit === 'calendar' || day.role === 'working' || day.role === 'makeup';
    return { ...day, paused, counted: rules.promisedDays > 0 && countsAsDay && !paused };
  });
  const pausedTotal = pausedDays(calendar, derived.pauses, today, rules.limitUnit);
  const rule: DeadlineRule =
    rules.promisedDays === 0
      ? { kind: 'immediate', accepted_time: clock(derived.acceptedMinutes), closing_time: clock(rules.closingMinutes) }
      : { kind: rules.limitUnit, promised_days: rules.promisedDays, paused_days: pausedTotal };
  return {
    accepted_date: derived.acceptedDate,
    accepted_time: clock(derived.acceptedMinutes),
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

/**
 * The deadline of a paused case as of `today`, from its stored pauses alone (no
 * replay): the open pause adds W(s, today). A 即办件's deadline never moves.
 */
export function pausedDeadline(
  calendar: WorkCalendar,
  rules: Pick<CaseRules, 'promisedDays' | 'limitUnit' | 'closingMinutes'>,
  acceptedDate: IsoDate,
  storedDeadline: IsoDate | null,
  pauses: readonly { from: IsoDate; to: IsoDate | null }[],
  today: IsoDate,
): IsoDate | null {
  if (rules.promisedDays === 0) return storedDeadline;
  return computeDeadline(calendar, {
    acceptedDate,
    // Only a limit of 0 looks at the time of day.
    acceptedMinutes: 0,
    closingMinutes: rules.closingMinutes,
    limitDays: rules.promisedDays,
    unit: rules.limitUnit,
    pauses,
    today,
  });
}
