/**
 * A case's life (SPEC §3.2), derived from its events. Pure: the state, pauses,
 * deadline, on-site flag and outcome are a function of the events, the item's rules
 * and the calendar. The database stores these as caches, written in the same
 * transaction as the event that changed them.
 */
import { computeDeadline, daysUsed, type LimitUnit, type Pause, type WorkCalendar } from './calendar.js';
import { type Stage, stagesUpToDecision } from './catalog.js';
import type { IsoDate } from './dates.js';
import { IllegalTransition } from './errors.js';

export type CaseState = 'open' | 'paused' | 'concluded' | 'withdrawn' | 'refused' | 'voided';
export type Location = 'window' | 'backoffice';
export type Outcome = 'approved' | 'denied';
export type PauseKind = 'supplement' | 'special';

/**
 * The commands that move a case once it exists. `void` (作废) corrects a registration
 * made by mistake: it is no step of the case's life, so `allowedCommands` never offers
 * it, and `stepCase` checks it by its own rule.
 */
export const CASE_COMMANDS = ['advance', 'supplement', 'suspend', 'resume', 'conclude', 'deliver', 'withdraw', 'void'] as const;
export type CaseCommand = (typeof CASE_COMMANDS)[number];
/** `rate` records an evaluation in the case's history; it does not move the case. */
export type EventKind = 'register' | 'refuse' | 'rate' | CaseCommand;

export interface CaseEvent {
  kind: EventKind;
  /** ISO timestamp with offset. */
  at: string;
  /** Local date of `at` in the center's zone. */
  date: IsoDate;
  /** Minutes past local midnight of `at`. */
  minutes: number;
  operator: string;
  location: Location | null;
  details: Record<string, unknown>;
}

/** What a case needs to know of its item; copied onto the case at acceptance. */
export interface CaseRules {
  stages: Stage[];
  authorized: Stage[];
  promisedDays: number;
  limitUnit: LimitUnit;
  legalDays: number | null;
  legalUnit: LimitUnit | null;
  closingMinutes: number;
}

export interface PauseRecord extends Pause {
  kind: PauseKind;
  reason: string;
}

export interface DerivedCase {
  state: CaseState;
  stage: Stage | null;
  delivered: boolean;
  outcome: Outcome | null;
  acceptedDate: IsoDate | null;
  acceptedMinutes: number;
  concludedDate: IsoDate | null;
  endedDate: IsoDate | null;
  pauses: PauseRecord[];
  stageLocations: Partial<Record<Stage, Location>>;
  onSite: boolean | null;
  /** The deadline with an open pause counted as nothing yet (add W(s, t) for a date t). */
  deadline: IsoDate | null;
  legalDeadline: IsoDate | null;
  /** W(d0, dc) − E for a concluded case. */
  daysUsed: number | null;
}

export function allowedCommands(state: CaseState, delivered: boolean): CaseCommand[] {
  switch (state) {
    case 'open':
      return ['advance', 'supplement', 'suspend', 'conclude', 'withdraw'];
    case 'paused':
      return ['resume', 'withdraw'];
    case 'concluded':
      return delivered ? [] : ['deliver'];
    default:
      return [];
  }
}

/** Refuses a command the case's state does not allow, naming the case, its state and what is allowed. */
export function assertAllowed(number: string, state: CaseState, delivered: boolean, command: CaseCommand): void {
  const allowed = allowedCommands(state, delivered);
  if (!allowed.includes(command)) throw new IllegalTransition(number, state, delivered, command, allowed);
}

/** Where a stage is handled by default: at the window when the item authorises it there. */
export function defaultLocation(rules: CaseRules, stage: Stage): Location {
  return rules.authorized.includes(stage) ? 'window' : 'backoffice';
}

function closedPauses(pauses: readonly PauseRecord[]): Pause[] {
  // An open pause counts nothing yet: its W(s, t) depends on the date it is looked at.
  return pauses.map((pause) => ({ from: pause.from, to: pause.to ?? pause.from }));
}

function emptyCase(): DerivedCase {
  return {
    state: 'open',
    stage: null,
    delivered: false,
    outcome: null,
    acceptedDate: null,
    acceptedMinutes: 0,
    concludedDate: null,
    endedDate: null,
    pauses: [],
    stageLocations: {},
    onSite: null,
    deadline: null,
    legalDeadline: null,
    daysUsed: null,
  };
}

/** Folds one event into the case's state (not its dates: see `settleDates`). */
export function applyEvent(derived: DerivedCase, event: CaseEvent, rules: CaseRules): void {
  const decisionStages = stagesUpToDecision(rules.stages);
  const fillSkipped = (upTo: number) => {
    for (const stage of rules.stages.slice(0, upTo)) derived.stageLocations[stage] ??= defaultLocation(rules, stage);
  };
  switch (event.kind) {
    case 'refuse':
      derived.state = 'refused';
      derived.endedDate = event.date;
      break;
    case 'register':
      derived.state = 'open';
      derived.acceptedDate = event.date;
      derived.acceptedMinutes = event.minutes;
      derived.stage = rules.stages[0] ?? 'accept';
      derived.stageLocations[derived.stage] = 'window'; // 受理 is always at the window
      break;
    case 'advance': {
      const to = event.details.to as Stage;
      const index = rules.stages.indexOf(to);
      fillSkipped(index);
      derived.stageLocations[to] = event.location ?? defaultLocation(rules, to);
      derived.stage = to;
      break;
    }
    case 'supplement':
    case 'suspend':
      derived.state = 'paused';
      derived.pauses.push({
        kind: event.kind === 'supplement' ? 'supplement' : 'special',
        reason: String(event.details.materials ?? event.details.reason ?? ''),
        from: event.date,
        to: null,
      });
      break;
    case 'resume': {
      const open = derived.pauses[derived.pauses.length - 1];
      if (open) open.to = event.date;
      derived.state = 'open';
      break;
    }
    case 'conclude': {
      const decide = rules.stages.indexOf('decide');
      fillSkipped(decide === -1 ? rules.stages.length : decide);
      if (decide !== -1) {
        // conclude handles 审批: its flag wins, else where an earlier advance put it, else the default.
        derived.stageLocations.decide = event.location ?? derived.stageLocations.decide ?? defaultLocation(rules, 'decide');
        derived.stage = 'decide';
      }
      for (const stage of decisionStages) derived.stageLocations[stage] ??= defaultLocation(rules, stage);
      // An imported case may say outright whether it was concluded on site (现场办结 是/否).
      if (typeof event.details.on_site === 'boolean') {
        for (const stage of decisionStages) {
          if (event.details.on_site) derived.stageLocations[stage] = 'window';
        }
        const last = decisionStages[decisionStages.length - 1];
        if (!event.details.on_site && last) derived.stageLocations[last] = 'backoffice';
      }
      derived.state = 'concluded';
      derived.outcome = event.details.outcome as Outcome;
      derived.concludedDate = event.date;
      derived.endedDate = event.date;
      derived.onSite = decisionStages.every((stage) => derived.stageLocations[stage] === 'window');
      break;
    }
    case 'deliver':
      derived.delivered = true;
      if (rules.stages.includes('deliver')) derived.stage = 'deliver';
      break;
    case 'withdraw': {
      const open = derived.pauses[derived.pauses.length - 1];
      if (open && open.to === null) open.to = event.date;
      derived.state = 'withdrawn';
      derived.endedDate = event.date;
      break;
    }
    case 'void': {
      // A voided case was registered by mistake: it counts in no figure and no alert
      // (SPEC §3.2). Its dates are derived as none, so the caches every report measure
      // and list is keyed on (accepted, concluded, deadline …) leave it out without a
      // condition of their own; the history keeps the registration and what followed.
      const open = derived.pauses[derived.pauses.length - 1];
      if (open && open.to === null) open.to = event.date;
      derived.state = 'voided';
      derived.acceptedDate = null;
      derived.concludedDate = null;
      derived.outcome = null;
      derived.onSite = null;
      derived.endedDate = event.date;
      break;
    }
  }
}

/** Replays events into the case's state, without its dates. */
export function replayEvents(events: readonly CaseEvent[], rules: CaseRules): DerivedCase {
  const derived = emptyCase();
  for (const event of events) applyEvent(derived, event, rules);
  return derived;
}

/** The deadlines and days used that the state implies, on this calendar. */
export function settleDates(derived: DerivedCase, rules: CaseRules, calendar: WorkCalendar): DerivedCase {
  derived.deadline = null;
  derived.legalDeadline = null;
  derived.daysUsed = null;
  if (derived.acceptedDate !== null) {
    // Literals of one shape rather than a base spread into two: an import settles a million cases.
    const acceptedDate = derived.acceptedDate;
    const pauses = derived.pauses.length === 0 ? [] : closedPauses(derived.pauses);
    const input = (limitDays: number, unit: LimitUnit) => ({
      acceptedDate,
      acceptedMinutes: derived.acceptedMinutes,
      closingMinutes: rules.closingMinutes,
      pauses,
      today: acceptedDate,
      limitDays,
      unit,
    });
    derived.deadline = computeDeadline(calendar, input(rules.promisedDays, rules.limitUnit));
    if (rules.legalDays !== null) {
      derived.legalDeadline = computeDeadline(calendar, input(rules.legalDays, rules.legalUnit ?? 'workday'));
    }
    if (derived.concludedDate !== null) {
      derived.daysUsed = daysUsed(calendar, derived.acceptedDate, derived.concludedDate, derived.pauses, rules.limitUnit);
    }
  }
  return derived;
}

/** Replays a case's events into its state and derived values. */
export function deriveCase(events: readonly CaseEvent[], rules: CaseRules, calendar: WorkCalendar): DerivedCase {
  return settleDates(replayEvents(events, rules), rules, calendar);
}
