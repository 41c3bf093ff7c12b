/**
 * The cached columns of a case row, as its events imply them. Pure, so that the
 * commands (one case at a time) and the case import (staged in bulk) write exactly
 * the same values, and a report can aggregate columns instead of replaying events.
 * And the rule columns a case copies from its item, read back into the core's rules.
 */
import type { Stage } from './catalog.js';
import type { CaseEvent, CaseRules, DerivedCase } from './lifecycle.js';

export interface CaseCaches {
  state: DerivedCase['state'];
  stage: DerivedCase['stage'];
  delivered: 0 | 1;
  outcome: DerivedCase['outcome'];
  accepted_at: string | null;
  accepted_date: string | null;
  refused_date: string | null;
  concluded_at: string | null;
  concluded_date: string | null;
  ended_date: string | null;
  paused_since: string | null;
  deadline: string | null;
  legal_deadline: string | null;
  days_used: number | null;
  on_time: 0 | 1 | null;
  same_day: 0 | 1 | null;
  on_site: 0 | 1 | null;
}

const flag = (value: boolean | null): 0 | 1 | null => (value === null ? null : value ? 1 : 0);

export function caseCaches(derived: DerivedCase, events: readonly CaseEvent[]): CaseCaches {
  const openPause = derived.state === 'paused' ? derived.pauses[derived.pauses.length - 1] : undefined;
  const concluded = derived.concludedDate;
  return {
    state: derived.state,
    stage: derived.stage,
    delivered: derived.delivered ? 1 : 0,
    outcome: derived.outcome,
    accepted_at: events.find((event) => event.kind === 'register')?.at ?? null,
    accepted_date: derived.acceptedDate,
    refused_date: events[0]?.kind === 'refuse' ? events[0].date : null,
    concluded_at: events.find((event) => event.kind === 'conclude')?.at ?? null,
    concluded_date: concluded,
    ended_date: derived.endedDate,
    paused_since: openPause?.from ?? null,
    deadline: derived.deadline,
    legal_deadline: derived.legalDeadline,
    days_used: derived.daysUsed,
    // SPEC §2: on time ⇔ dc ≤ deadline; same day ⇔ dc = d0.
    on_time: concluded && derived.deadline ? flag(concluded <= derived.deadline) : null,
    same_day: concluded ? flag(concluded === derived.acceptedDate) : null,
    on_site: flag(derived.onSite),
  };
}

// Written as a record so that the compiler insists on every cached column.
export const CACHE_COLUMNS = Object.keys({
  state: true,
  stage: true,
  delivered: true,
  outcome: true,
  accepted_at: true,
  accepted_date: true,
  refused_date: true,
  concluded_at: true,
  concluded_date: true,
  ended_date: true,
  paused_since: true,
  deadline: true,
  legal_deadline: true,
  days_used: true,
  on_time: true,
  same_day: true,
  on_site: true,
} satisfies Record<keyof CaseCaches, true>) as (keyof CaseCaches)[];

/**
 * The rules a case copied from its item at acceptance, as its row stores them (the
 * stage lists as JSON text); the store's readers and the combined case's replay read
 * them through this one function.
 */
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
