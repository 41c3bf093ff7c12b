/** The case step as a pure function: command + history + time → the new event and the case it leaves, or a typed refusal. */
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../src/core/calendar.js';
import { acceptCase, type CaseAction, type CaseHistory, refuseCase, stepCase } from '../src/core/case-step.js';
import { eventTimeOf } from '../src/core/case-values.js';
import { caseView, explainDeadline, pausedDeadline } from '../src/core/case-view.js';
import { AlreadyRated, EventBeforeLast, IllegalAdvance, IllegalTransition, InvalidValue, NotImmediate, VoidNeedsForce } from '../src/core/errors.js';
import { OFFICIAL_SCHEDULE } from '../src/core/holidays-official.js';
import { type CaseEvent, type CaseRules, deriveCase } from '../src/core/lifecycle.js';

const calendar = () => createCalendar(OFFICIAL_SCHEDULE);
const rules: CaseRules = {
  stages: ['accept', 'review', 'decide', 'deliver'],
  authorized: ['accept', 'decide', 'deliver'],
  promisedDays: 5,
  limitUnit: 'workday',
  legalDays: 20,
  legalUnit: 'workday',
  closingMinutes: 17 * 60 + 30,
};
const actorAt = (iso: string) => ({ time: eventTimeOf(new Date(iso), 'Asia/Shanghai'), operator: '窗口一' });

/** Runs a sequence of actions through the step, as the commands would, one at a time. */
function run(actions: [CaseAction, string][], caseRules = rules): CaseHistory {
  const opened = acceptCase({ itemCode: 'XK1', rules: caseRules, channel: 'window' }, actorAt('2025-09-30T10:00:00+08:00'), calendar());
  let history: CaseHistory = { number: '20250930-0001', rules: caseRules, events: opened.events, evaluation: null };
  for (const [action, at] of actions) {
    const result = stepCase(history, action, actorAt(at), calendar());
    history = { ...history, events: result.events, evaluation: result.evaluation };
  }
  return history;
}

function refusal(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('stepCase', () => {
  it('accepts on 30 September and, paused over the National Day week for 补正, is due on 17 October', () => {
    const history = run([
      [{ command: 'advance', to: null, location: null }, '2025-10-09T09:00:00+08:00'],
      [{ command: 'supplement', materials: '营业执照副本' }, '2025-10-09T09:30:00+08:00'],
      [{ command: 'resume' }, '2025-10-13T14:00:00+08:00'],
    ]);
    const derived = deriveCase(history.events, rules, calendar());
    expect(derived).toMatchObject({ state: 'open', stage: 'review', deadline: '2025-10-17', legalDeadline: '2025-11-07' });
    const result = stepCase(history, { command: 'conclude', outcome: 'approved', location: null }, actorAt('2025-10-16T16:00:00+08:00'), calendar());
    expect(result.event).toMatchObject({ kind: 'conclude', date: '2025-10-16', minutes: 960, operator: '窗口一', details: { outcome: 'approved' } });
    // 审查 is not authorised at the window, so it defaulted to the back office: not on site.
    expect(result.caches).toMatchObject({ state: 'concluded', concluded_date: '2025-10-16', days_used: 4, on_time: 1, same_day: 0, on_site: 0 });
  });

  it('returns the same case a full replay derives, so a step never disagrees with the history', () => {
    const history = run([[{ command: 'suspend', reason: '专家评审' }, '2025-10-10T10:00:00+08:00']]);
    const result = stepCase(history, { command: 'resume' }, actorAt('2025-10-20T10:00:00+08:00'), calendar());
    expect(result.derived).toEqual(deriveCase(result.events, rules, calendar()));
    expect(result.pauseChange).toEqual({ change: 'closed', seq: 1, to: '2025-10-20' });
  });

  it('names the pause it opened, so the store writes only that', () => {
    const result = stepCase(run([]), { command: 'supplement', materials: '身份证复印件' }, actorAt('2025-10-09T10:00:00+08:00'), calendar());
    expect(result.pauseChange).toEqual({ change: 'opened', seq: 1, pause: { kind: 'supplement', reason: '身份证复印件', from: '2025-10-09', to: null } });
    expect(result.caches.paused_since).toBe('2025-10-09');
  });

  it('voids on the day of registration by the clock, not by the event time, and a void leaves no dated cache', () => {
    const opened = run([]);
    const voidOn = (today: string, force = false): CaseAction => ({ command: 'void', reason: '重复登记', force, today });
    const sameDay = stepCase(opened, voidOn('2025-09-30'), actorAt('2025-09-30T11:00:00+08:00'), calendar());
    expect(sameDay.event.details).toEqual({ reason: '重复登记', state_before: 'open' });
    expect(sameDay.caches).toMatchObject({
      state: 'voided',
      accepted_date: null,
      deadline: null,
      legal_deadline: null,
      concluded_date: null,
      ended_date: '2025-09-30',
    });
    expect(sameDay.derived).toEqual(deriveCase(sameDay.events, rules, calendar()));
    // Typed the next day but back-dated to the day of registration: still past the plain rule.
    const backDated = refusal(() => stepCase(opened, voidOn('2025-10-09'), actorAt('2025-09-30T16:00:00+08:00'), calendar()));
    expect(backDated).toBeInstanceOf(VoidNeedsForce);
    expect(backDated).toMatchObject({ reason: 'later_day', registered: '2025-09-30', today: '2025-10-09' });
    const concluded = run([[{ command: 'conclude', outcome: 'approved', location: null }, '2025-10-09T10:00:00+08:00']]);
    expect(refusal(() => stepCase(concluded, voidOn('2025-10-09'), actorAt('2025-10-09T11:00:00+08:00'), calendar()))).toMatchObject({
      reason: 'later_events',
      later: ['conclude'],
    });
    const forced = stepCase(concluded, voidOn('2025-10-09', true), actorAt('2025-10-09T11:00:00+08:00'), calendar());
    expect(forced.event.details).toEqual({ reason: '重复登记', state_before: 'concluded', forced: true });
    expect(forced.caches).toMatchObject({ state: 'voided', outcome: null, on_time: null, same_day: null, on_site: null, days_used: null });
  });

  it('refuses a command the state does not allow, with the allowed ones', () => {
    const paused = run([[{ command: 'supplement', materials: '材料' }, '2025-10-09T10:00:00+08:00']]);
    const error = refusal(() =>
      stepCase(paused, { command: 'conclude', outcome: 'approved', location: null }, actorAt('2025-10-10T10:00:00+08:00'), calendar()),
    );
    expect(error).toBeInstanceOf(IllegalTransition);
    expect(error).toMatchObject({ number: '20250930-0001', state: 'paused', command: 'conclude', allowed: ['resume', 'withdraw'] });
  });

  it('refuses an advance backwards or past 审批, listing the stages it may go to', () => {
    const atReview = run([[{ command: 'advance', to: null, location: null }, '2025-10-09T09:00:00+08:00']]);
    const error = refusal(() => stepCase(atReview, { command: 'advance', to: 'deliver', location: null }, actorAt('2025-10-09T10:00:00+08:00'), calendar()));
    expect(error).toBeInstanceOf(IllegalAdvance);
    expect(error).toMatchObject({ stage: 'review', requested: 'deliver', allowed: ['decide'] });
  });

  it('refuses an event dated before the previous one', () => {
    const history = run([[{ command: 'advance', to: null, location: null }, '2025-10-09T09:00:00+08:00']]);
    expect(refusal(() => stepCase(history, { command: 'withdraw' }, actorAt('2025-10-08T09:00:00+08:00'), calendar()))).toBeInstanceOf(EventBeforeLast);
  });

  it('rates through the same step: a second rating needs replace', () => {
    const rated = run([[{ command: 'rate', level: 5, comment: '', date: '2025-10-09', replace: false }, '2025-10-09T10:00:00+08:00']]);
    expect(rated.evaluation).toEqual({ level: 5, comment: '', date: '2025-10-09' });
    expect(rated.events.at(-1)).toMatchObject({ kind: 'rate', details: { level: 5, comment: '', date: '2025-10-09' } });
    const again: CaseAction = { command: 'rate', level: 2, comment: '态度差', date: '2025-10-10', replace: false };
    expect(refusal(() => stepCase(rated, again, actorAt('2025-10-10T10:00:00+08:00'), calendar()))).toBeInstanceOf(AlreadyRated);
    const replaced = stepCase(rated, { ...again, replace: true }, actorAt('2025-10-10T10:00:00+08:00'), calendar());
    expect(replaced).toMatchObject({ replaced: true, evaluation: { level: 2 } });
  });

  it('refuses an evaluation dated after it is recorded or before the case was accepted', () => {
    const history = run([]);
    const rate = (date: string): CaseAction => ({ command: 'rate', level: 4, comment: '', date, replace: false });
    const later = refusal(() => stepCase(history, rate('2025-10-11'), actorAt('2025-10-10T10:00:00+08:00'), calendar()));
    expect(later).toBeInstanceOf(InvalidValue);
    expect(later).toMatchObject({ field: 'date', value: '2025-10-11', problem: { rule: 'in_future' } });
    const earlier = refusal(() => stepCase(history, rate('2025-09-29'), actorAt('2025-10-10T10:00:00+08:00'), calendar()));
    expect(earlier).toMatchObject({ field: 'date', value: '2025-09-29', problem: { rule: 'before', other: 'accepted_at' } });
    expect(stepCase(history, rate('2025-09-30'), actorAt('2025-10-10T10:00:00+08:00'), calendar()).evaluation).toMatchObject({ date: '2025-09-30' });
  });

  it('concludes a 即办件 at acceptance, and refuses to for a promised item', () => {
    const immediate: CaseRules = {
      ...rules,
      stages: ['accept', 'decide'],
      authorized: ['accept', 'decide'],
      promisedDays: 0,
      legalDays: null,
      legalUnit: null,
    };
    // 17:31 is after closing: due the next working day, but concluded today it is still on time.
    const opened = acceptCase({ itemCode: 'QT1', rules: immediate, channel: 'window', conclude: 'approved' }, actorAt('2025-09-30T17:31:00+08:00'), calendar());
    expect(opened.caches).toMatchObject({ state: 'concluded', deadline: '2025-10-09', same_day: 1, on_time: 1, on_site: 1 });
    const error = refusal(() =>
      acceptCase({ itemCode: 'XK1', rules, channel: 'window', conclude: 'approved' }, actorAt('2025-09-30T10:00:00+08:00'), calendar()),
    );
    expect(error).toMatchObject({ code: 'XK1', promisedDays: 5 });
    expect(error).toBeInstanceOf(NotImmediate);
  });

  it('refuses at intake without starting a clock', () => {
    const refused = refuseCase(rules, '不属于本机关职权范围', actorAt('2025-10-09T10:00:00+08:00'), calendar());
    expect(refused.caches).toMatchObject({ state: 'refused', refused_date: '2025-10-09', accepted_date: null, deadline: null });
  });
});

describe('the case view and the explanation', () => {
  it('freezes days left at the pause start and computes the live deadline from stored pauses alone', () => {
    const history = run([[{ command: 'suspend', reason: '听证' }, '2025-10-10T10:00:00+08:00']]);
    const derived = deriveCase(history.events, rules, calendar());
    const facts = {
      number: '20250930-0001',
      item: 'XK1',
      item_name: '食品经营许可',
      window: 'W001',
      window_name: '市场监管窗口',
      applicant: '张三',
      applicant_id: '11010519491231002X',
      channel: 'window' as const,
      fee_fen: 0,
      combined: null,
    };
    const view = caseView(facts, rules, history.events as CaseEvent[], derived, null, calendar(), '2025-10-20', false);
    // Paused on Friday 10 October: 9 and 10 October were used; 11 (调休 Saturday), 13 and 14 October are left.
    expect(view).toMatchObject({ state: 'paused', deadline: null, applicant_id: '110105********002X', days_used: 2, days_left: 3 });
    // Paused 10 October, looked at on 20 October: seven working days (the 调休 Saturday, 13–17 and 20 October) move the 14 October deadline.
    expect(pausedDeadline(calendar(), rules, '2025-09-30', derived.deadline, derived.pauses, '2025-10-20')).toBe('2025-10-23');
    const explained = explainDeadline(rules, derived, calendar(), '2025-10-20')!;
    expect(explained.rule).toEqual({ kind: 'workday', promised_days: 5, paused_days: 7 });
    expect(explained.deadline).toBe('2025-10-23');
    expect(explained.days.filter((day) => day.counted).length).toBe(5);
  });
});
