/**
 * 一件事 — the combined case of SPEC §7.1, derived from its parts. Pure: given each
 * part's events and its derived case (lifecycle.ts), the bundle's limits, the shared
 * acceptance date, the calendar and a reference date, everything the combined case
 * shows — its merged pauses, deadlines, state, ending, outcome, days used and left —
 * follows, and so do "open at t" and "overdue at t" for a report. Counting is the
 * calendar's own (countDays, addWorkingDays): a combined case is counted exactly as a
 * case whose pauses are the union of its parts' pauses.
 */
import { addWorkingDays, countDays, type DayRole, explainSpan, type WorkCalendar } from './calendar.js';
import { daysLeft } from './case-view.js';
import { dayNumber, type IsoDate } from './dates.js';
import type { CaseEvent, DerivedCase } from './lifecycle.js';

/** One part (an ordinary case) of a combined case, as the store reads it. */
export interface CombinedPart {
  number: string;
  item: string;
  events: readonly CaseEvent[];
  derived: DerivedCase;
}

/** What the combined case takes from its bundle and its registration. */
export interface CombinedRules {
  /** The bundle's promised limit P, in working days (bundles have no 自然日 limits). */
  promisedDays: number;
  /** The bundle's legal limit L, in working days, or null. */
  legalDays: number | null;
  /** d0: the acceptance date every part shares. */
  acceptedDate: IsoDate;
}

export type CombinedState = 'open' | 'paused' | 'concluded' | 'withdrawn' | 'voided';
export type CombinedOutcome = 'approved' | 'denied' | 'partial';

/** One part's pause, with a withdrawal while paused ending it on the withdrawal date. */
export interface PartPause {
  part: string;
  from: IsoDate;
  to: IsoDate | null;
}

/** The parts' pauses merged where they overlap or touch; `to` null while one is open. */
export interface CombinedPause {
  from: IsoDate;
  to: IsoDate | null;
  /** The parts whose pauses were merged into this one, in part order. */
  parts: string[];
}

export interface DerivedCombined {
  accepted_date: IsoDate;
  promised_days: number;
  legal_days: number | null;
  state: CombinedState;
  pauses: CombinedPause[];
  /** Every part's own pauses (withdrawal-closed), for the explanation and the store's cache. */
  part_pauses: PartPause[];
  /** E: working days paused for the combined case, an open pause counting to the reference date. */
  paused_days: number;
  /** W(d0, D) = P + E; null while an unfinished part is paused. */
  deadline: IsoDate | null;
  legal_deadline: IsoDate | null;
  /** The deadline as of the reference date, paused or not (an open pause counting to it): what an alert compares. */
  deadline_now: IsoDate | null;
  concluded_at: string | null;
  concluded_date: IsoDate | null;
  withdrawn_at: string | null;
  /** The date its last unfinished part ended (concluded or withdrawn); null while it runs. */
  ended_date: IsoDate | null;
  outcome: CombinedOutcome | null;
  /** W(d0, dc) − E (never below 0) when concluded; null otherwise. */
  days_used: number | null;
  /** As case-view shows a case's: to the deadline from today when open, frozen at the start of the pause when paused. */
  days_left: number | null;
  /** dc ≤ deadline when concluded; null otherwise. */
  on_time: boolean | null;
  parts_done: number;
  parts_total: number;
}

const FINISHED = new Set(['concluded', 'withdrawn']);

function instant(at: string): number {
  const parsed = Date.parse(at);
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** The event that ended a finished part (its last conclude or withdraw), or null. */
function endingEvent(part: CombinedPart): CaseEvent | null {
  const kind = part.derived.state === 'concluded' ? 'conclude' : part.derived.state === 'withdrawn' ? 'withdraw' : null;
  if (!kind) return null;
  for (let i = part.events.length - 1; i >= 0; i--) if (part.events[i]!.kind === kind) return part.events[i]!;
  return null;
}

/** The later of two moments; a tie goes to the later local date (same instant, same date in one zone). */
function later(a: CaseEvent | null, b: CaseEvent): CaseEvent {
  if (!a) return b;
  const [ta, tb] = [instant(a.at), instant(b.at)];
  if (tb !== ta) return tb > ta ? b : a;
  return b.date > a.date ? b : a;
}

/**
 * Each part's pauses. lifecycle.ts already ends a pause open at a withdrawal on the
 * withdrawal date (§7.1: "a part withdrawn while paused ends its pause on that date");
 * this repeats it for a part whose derived case was cached without that rule.
 */
export function partPauses(parts: readonly CombinedPart[]): PartPause[] {
  const out: PartPause[] = [];
  for (const part of parts) {
    if (part.derived.state === 'voided') continue;
    for (const pause of part.derived.pauses) {
      const closedByEnd = pause.to === null && part.derived.state !== 'paused' && part.derived.state !== 'open' ? part.derived.endedDate : null;
      out.push({ part: part.number, from: pause.from, to: pause.to ?? closedByEnd });
    }
  }
  return out;
}

/**
 * Merges pauses where they overlap or touch (one ends on the day another begins):
 * (s1, e1] ∪ (s2, e2] with s1 ≤ s2 ≤ e1 is (s1, max(e1, e2)]; an open pause runs on
 * without end. The merged intervals are disjoint as sets of days, so E is the sum of
 * W(from, to) over them and every paused day counts once.
 */
export function mergePauses(pauses: readonly PartPause[], partOrder: readonly string[] = []): CombinedPause[] {
  const order = (part: string) => {
    const index = partOrder.indexOf(part);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  const sorted = [...pauses].sort(
    (a, b) => dayNumber(a.from) - dayNumber(b.from) || (a.to === null ? 1 : 0) - (b.to === null ? 1 : 0) || (a.to ?? '').localeCompare(b.to ?? ''),
  );
  const merged: CombinedPause[] = [];
  for (const pause of sorted) {
    const last = merged[merged.length - 1];
    if (last && (last.to === null || dayNumber(pause.from) <= dayNumber(last.to))) {
      if (last.to !== null) last.to = pause.to === null ? null : dayNumber(pause.to) > dayNumber(last.to) ? pause.to : last.to;
      if (!last.parts.includes(pause.part)) last.parts.push(pause.part);
    } else {
      merged.push({ from: pause.from, to: pause.to, parts: [pause.part] });
    }
  }
  for (const pause of merged) pause.parts.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  return merged;
}

/**
 * E as of date t: the working days d ≤ t paused for the combined case, an open pause
 * counting to t and a pause begun on or after t counting nothing yet (as the report's
 * "overdue at t" treats a case's pauses: what had not happened at t does not count).
 */
export function pausedDaysAt(calendar: WorkCalendar, pauses: readonly CombinedPause[], t: IsoDate): number {
  let total = 0;
  for (const pause of pauses) {
    if (dayNumber(pause.from) >= dayNumber(t)) continue;
    const to = pause.to === null || dayNumber(pause.to) > dayNumber(t) ? t : pause.to;
    total += countDays(calendar, pause.from, to);
  }
  return total;
}

/** The working day D with W(d0, D) = limit + E(t). */
function deadlineWith(calendar: WorkCalendar, combined: Pick<DerivedCombined, 'accepted_date' | 'pauses'>, limit: number, t: IsoDate): IsoDate {
  return addWorkingDays(calendar, combined.accepted_date, limit + pausedDaysAt(calendar, combined.pauses, t));
}

/** The promised deadline as of date t, paused or not: E counts the pauses up to t. */
export function combinedDeadlineAt(calendar: WorkCalendar, combined: Pick<DerivedCombined, 'accepted_date' | 'pauses' | 'promised_days'>, t: IsoDate): IsoDate {
  return deadlineWith(calendar, combined, combined.promised_days, t);
}

/**
 * Open at t (paused included), as for a case: accepted by t and not ended by t. A
 * combined case ended on t is no longer open at t (its last part ended that day).
 */
export function combinedOpenAt(combined: Pick<DerivedCombined, 'state' | 'accepted_date' | 'ended_date'>, t: IsoDate): boolean {
  if (combined.state === 'voided') return false;
  if (dayNumber(combined.accepted_date) > dayNumber(t)) return false;
  return combined.ended_date === null || dayNumber(combined.ended_date) > dayNumber(t);
}

/** Overdue at t ⇔ open at t and t > the deadline it had at t (an open pause counting to t). */
export function combinedOverdueAt(calendar: WorkCalendar, combined: DerivedCombined, t: IsoDate): boolean {
  if (!combinedOpenAt(combined, t)) return false;
  return dayNumber(t) > dayNumber(combinedDeadlineAt(calendar, combined, t));
}

/**
 * The combined case of SPEC §7.1 as of `today` (the reference date: today, or t for a
 * report). `parts` in member order; events of each part up to `today`.
 */
export function deriveCombined(parts: readonly CombinedPart[], rules: CombinedRules, calendar: WorkCalendar, today: IsoDate): DerivedCombined {
  const d0 = rules.acceptedDate;
  const order = parts.map((part) => part.number);
  const live = parts.filter((part) => part.derived.state !== 'voided');
  const states = live.map((part) => part.derived.state);
  const unfinished = live.filter((part) => !FINISHED.has(part.derived.state));
  const anyConcluded = states.includes('concluded');

  // A combined case is voided whole (§3.2); a part voided alone by force is left out.
  let state: CombinedState;
  if (live.length === 0) state = 'voided';
  else if (unfinished.length === 0) state = anyConcluded ? 'concluded' : 'withdrawn';
  else state = unfinished.some((part) => part.derived.state === 'paused') ? 'paused' : 'open';

  const part_pauses = partPauses(parts);
  const pauses = mergePauses(part_pauses, order);
  const combined = { accepted_date: d0, pauses, promised_days: rules.promisedDays };

  // It ends when its last part ends: the latest conclusion or withdrawal of all parts.
  let last: CaseEvent | null = null;
  let lastWithdrawal: CaseEvent | null = null;
  if (unfinished.length === 0) {
    for (const part of live) {
      const ending = endingEvent(part);
      if (!ending) continue;
      last = later(last, ending);
      if (ending.kind === 'withdraw') lastWithdrawal = later(lastWithdrawal, ending);
    }
  }
  const concludedEvent = state === 'concluded' ? last : null;
  const withdrawnEvent = state === 'withdrawn' ? lastWithdrawal : null;
  const ended_date = state === 'concluded' || state === 'withdrawn' ? (last?.date ?? null) : null;

  // Once ended, every pause is closed (a part cannot conclude while paused, and a
  // withdrawal ends its pause), so E is the same at any later date: count it to the end.
  const reference = ended_date ?? today;
  const paused_days = pausedDaysAt(calendar, pauses, reference);
  const paused = state === 'paused';
  const voided = state === 'voided';
  const deadline = paused || voided ? null : combinedDeadlineAt(calendar, combined, reference);
  const legal_deadline = paused || voided || rules.legalDays === null ? null : deadlineWith(calendar, combined, rules.legalDays, reference);
  const deadline_now = voided ? null : combinedDeadlineAt(calendar, combined, reference);

  let outcome: CombinedOutcome | null = null;
  if (state === 'concluded') {
    const outcomes = live.filter((part) => part.derived.state === 'concluded').map((part) => part.derived.outcome);
    outcome = outcomes.every((o) => o === 'approved') ? 'approved' : outcomes.every((o) => o === 'denied') ? 'denied' : 'partial';
  }

  const concluded_date = concludedEvent?.date ?? null;
  const days_used = concluded_date === null ? null : Math.max(0, countDays(calendar, d0, concluded_date) - paused_days);
  const on_time = concluded_date === null || deadline === null ? null : dayNumber(concluded_date) <= dayNumber(deadline);

  // days_left as case-view shows a case's: open — from today to the deadline; paused —
  // frozen at the start of the pause now running (the clock stopped there), i.e. from
  // s to the deadline the case had at s.
  let days_left: number | null = null;
  if (state === 'open' && deadline) days_left = daysLeft(calendar, today, deadline, 'workday');
  if (paused) {
    const running = pauses.find((pause) => pause.to === null);
    if (running) days_left = daysLeft(calendar, running.from, combinedDeadlineAt(calendar, combined, running.from), 'workday');
  }

  return {
    accepted_date: d0,
    promised_days: rules.promisedDays,
    legal_days: rules.legalDays,
    state,
    pauses,
    part_pauses,
    paused_days,
    deadline,
    legal_deadline,
    deadline_now,
    concluded_at: concludedEvent?.at ?? null,
    concluded_date,
    withdrawn_at: withdrawnEvent?.at ?? null,
    ended_date,
    outcome,
    days_used,
    days_left,
    on_time,
    parts_done: live.length - unfinished.length,
    parts_total: live.length,
  };
}

export interface CombinedExplainedDay {
  date: IsoDate;
  role: DayRole;
  note: string;
  counted: boolean;
  paused: boolean;
  /** The parts whose pause stopped the clock on this day (empty when not paused). */
  parts: string[];
}

export interface CombinedExplanation {
  accepted_date: IsoDate;
  limit_days: number;
  paused_days: number;
  days: CombinedExplainedDay[];
  pauses: (CombinedPause & { days: number })[];
  deadline: IsoDate;
}

/**
 * How the combined deadline was reached, day by day, naming for each paused working day
 * the parts whose pause stopped the clock — the combined counterpart of
 * `explainDeadline`. As of `today` (an open pause counting to it).
 */
export function explainCombined(combined: DerivedCombined, calendar: WorkCalendar, today: IsoDate): CombinedExplanation | null {
  if (combined.state === 'voided') return null;
  const reference = combined.ended_date ?? today;
  const deadline = combinedDeadlineAt(calendar, combined, reference);
  const stoppedBy = (date: IsoDate) => {
    const day = dayNumber(date);
    const parts = combined.part_pauses
      .filter((pause) => day > dayNumber(pause.from) && day <= dayNumber(pause.to ?? reference) && day <= dayNumber(reference))
      .map((pause) => pause.part);
    return [...new Set(parts)];
  };
  const days = explainSpan(calendar, combined.accepted_date, deadline).map((day) => {
    // As explainDeadline marks a case's days: a rest day inside a pause shows as paused
    // too, though only working days are ever counted or paused for E.
    const working = day.role === 'working' || day.role === 'makeup';
    const parts = stoppedBy(day.date);
    return { ...day, paused: parts.length > 0, parts, counted: working && parts.length === 0 };
  });
  return {
    accepted_date: combined.accepted_date,
    limit_days: combined.promised_days,
    paused_days: pausedDaysAt(calendar, combined.pauses, reference),
    days,
    pauses: combined.pauses.map((pause) => ({ ...pause, parts: [...pause.parts], days: pausedDaysAt(calendar, [pause], reference) })),
    deadline,
  };
}

/**
 * What the store keeps of a derived combined case so that a report counts combined
 * cases with one GROUP BY, as it counts cases (SPEC §7.1, monthly pack `bundles`). None
 * of it depends on the reference date: while a part is paused the deadline is null (an
 * alert or a report derives that case again), and otherwise every pause is closed and
 * counted whole. doctor replays the parts and compares.
 */
export interface CombinedCaches {
  state: CombinedState;
  deadline: IsoDate | null;
  concluded_date: IsoDate | null;
  ended_date: IsoDate | null;
  outcome: CombinedOutcome | null;
  days_used: number | null;
  on_time: 0 | 1 | null;
}

export function combinedCaches(derived: DerivedCombined): CombinedCaches {
  return {
    state: derived.state,
    deadline: derived.deadline,
    concluded_date: derived.concluded_date,
    ended_date: derived.ended_date,
    outcome: derived.outcome,
    days_used: derived.days_used,
    on_time: derived.on_time === null ? null : derived.on_time ? 1 : 0,
  };
}

// Written as a record so that the compiler insists on every cached column.
export const COMBINED_CACHE_COLUMNS = Object.keys({
  state: true,
  deadline: true,
  concluded_date: true,
  ended_date: true,
  outcome: true,
  days_used: true,
  on_time: true,
} satisfies Record<keyof CombinedCaches, true>) as (keyof CombinedCaches)[];
