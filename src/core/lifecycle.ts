/**
 * A case's life (SPEC §3.2), derived from its events. Pure: the state, pauses,
 * deadline, on-site flag and outcome are a function of the events, the item's rules
 * and the calendar. The database stores these as caches, written in the same
 * transaction as the event that changed them.
 */
import {
  computeDeadline,
  countDays,
  daysUsed,
  type LimitUnit,
  type Pause,
  type WorkCalendar,
} from './calendar.js';
import { stagesUpToDecision, STAGE_NAMES, type Stage } from './catalog.js';
import { InputError, text, type LocalText } from './errors.js';
import type { IsoDate } from './dates.js';

export type CaseState = 'open' | 'paused' | 'concluded' | 'withdrawn' | 'refused';
export type Location = 'window' | 'backoffice';
export type Outcome = 'approved' | 'denied';
export type PauseKind = 'supplement' | 'special';

export const STATE_NAMES: Record<CaseState, LocalText> = {
  open: text('办理中', 'open'),
  paused: text('已暂停', 'paused'),
  concluded: text('已办结', 'concluded'),
  withdrawn: text('已撤回', 'withdrawn'),
  refused: text('不予受理', 'refused'),
};

/** The commands that move a case once it exists. */
export const CASE_COMMANDS = ['advance', 'supplement', 'suspend', 'resume', 'conclude', 'deliver', 'withdraw'] as const;
export type CaseCommand = (typeof CASE_COMMANDS)[number];
/** `rate` records an evaluation in the case's history; it does not move the case. */
export type EventKind = 'register' | 'refuse' | 'rate' | CaseCommand;

export const COMMAND_NAMES: Record<CaseCommand, string> = {
  advance: '推进',
  supplement: '补正',
  suspend: '特别程序',
  resume: '恢复',
  conclude: '办结',
  deliver: '送达',
  withdraw: '撤回',
};

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
  if (allowed.includes(command)) return;
  const stateText = delivered ? text('已办结并送达', 'concluded and delivered') : STATE_NAMES[state];
  const zhAllowed = allowed.length > 0 ? `可执行：${allowed.map((name) => `${name}（${COMMAND_NAMES[name]}）`).join('、')}` : '该办件已终结，不能再变更';
  const enAllowed = allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : 'the case is closed; nothing more can change';
  throw new InputError(
    text(
      `办件 ${number} 当前状态为"${stateText.zh}"，不能${COMMAND_NAMES[command]}（${command}）；${zhAllowed}`,
      `case ${number} is ${stateText.en}; ${command} is not allowed (${enAllowed})`,
    ),
  );
}

/** Where a stage is handled by default: at the window when the item authorises it there. */
export function defaultLocation(rules: CaseRules, stage: Stage): Location {
  return rules.authorized.includes(stage) ? 'window' : 'backoffice';
}

function closedPauses(pauses: readonly PauseRecord[]): Pause[] {
  // An open pause counts nothing yet: its W(s, t) depends on the date it is looked at.
  return pauses.map((pause) => ({ from: pause.from, to: pause.to ?? pause.from }));
}

/** Replays a case's events into its state and derived values. */
export function deriveCase(events: readonly CaseEvent[], rules: CaseRules, calendar: WorkCalendar): DerivedCase {
  const derived: DerivedCase = {
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
  const decisionStages = stagesUpToDecision(rules.stages);
  const fillSkipped = (upTo: number) => {
    for (const stage of rules.stages.slice(0, upTo)) derived.stageLocations[stage] ??= defaultLocation(rules, stage);
  };
  for (const event of events) {
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
    }
  }
  if (derived.acceptedDate !== null) {
    const base = {
      acceptedDate: derived.acceptedDate,
      acceptedMinutes: derived.acceptedMinutes,
      closingMinutes: rules.closingMinutes,
      pauses: closedPauses(derived.pauses),
      today: derived.acceptedDate,
    };
    derived.deadline = computeDeadline(calendar, { ...base, limitDays: rules.promisedDays, unit: rules.limitUnit });
    if (rules.legalDays !== null) {
      derived.legalDeadline = computeDeadline(calendar, { ...base, limitDays: rules.legalDays, unit: rules.legalUnit ?? 'workday' });
    }
    if (derived.concludedDate !== null) {
      derived.daysUsed = daysUsed(calendar, derived.acceptedDate, derived.concludedDate, derived.pauses, rules.limitUnit);
    }
  }
  return derived;
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

/** Signed working days from `today` to `deadline`: negative when overdue. */
export function daysLeft(calendar: WorkCalendar, today: IsoDate, deadline: IsoDate, unit: LimitUnit): number {
  return today <= deadline ? countDays(calendar, today, deadline, unit) : -countDays(calendar, deadline, today, unit);
}

export function stageName(stage: Stage | null): string {
  return stage ? STAGE_NAMES[stage] : '—';
}
