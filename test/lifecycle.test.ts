/** The case lifecycle as a pure function of events, rules and the calendar. */
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../src/core/calendar.js';
import { deadlineAt } from '../src/core/case-view.js';
import { IllegalTransition } from '../src/core/errors.js';
import { OFFICIAL_SCHEDULE } from '../src/core/holidays-official.js';
import { isValidCreditCode, isValidResidentId, maskId } from '../src/core/ids.js';
import { allowedCommands, assertAllowed, type CaseEvent, type CaseRules, deriveCase } from '../src/core/lifecycle.js';

const calendar = () => createCalendar(OFFICIAL_SCHEDULE);
const rules: CaseRules = {
  stages: ['accept', 'review', 'decide', 'deliver'],
  authorized: ['accept', 'review', 'decide', 'deliver'],
  promisedDays: 5,
  limitUnit: 'workday',
  legalDays: 20,
  legalUnit: 'workday',
  closingMinutes: 17 * 60 + 30,
};
const at = (kind: CaseEvent['kind'], date: string, details: Record<string, unknown> = {}, location: CaseEvent['location'] = null): CaseEvent => ({
  kind,
  at: `${date}T10:00:00+08:00`,
  date,
  minutes: 600,
  operator: 'tester',
  location,
  details,
});

describe('deriveCase', () => {
  it('derives state, deadline, pauses and days used from the events', () => {
    const derived = deriveCase(
      [
        at('register', '2025-09-30', {}, 'window'),
        at('supplement', '2025-10-09', { materials: '营业执照' }),
        at('resume', '2025-10-13'),
        at('conclude', '2025-10-16', { outcome: 'approved' }),
      ],
      rules,
      calendar(),
    );
    expect(derived).toMatchObject({
      state: 'concluded',
      outcome: 'approved',
      acceptedDate: '2025-09-30',
      concludedDate: '2025-10-16',
      deadline: '2025-10-17',
      legalDeadline: '2025-11-07',
      daysUsed: 4,
      onSite: true,
    });
    expect(derived.pauses).toEqual([{ kind: 'supplement', reason: '营业执照', from: '2025-10-09', to: '2025-10-13' }]);
  });

  it('a pause still open counts nothing in the stored deadline, and W(s, t) when looked at on t', () => {
    const derived = deriveCase([at('register', '2025-09-22', {}, 'window'), at('suspend', '2025-09-26', { reason: '听证' })], rules, calendar());
    expect(derived.state).toBe('paused');
    expect(derived.deadline).toBe('2025-09-28'); // the 调休 Sunday counts
    expect(deadlineAt(derived, rules, calendar(), '2025-10-09')).toBe('2025-10-10');
  });

  it('a stage skipped takes its default location: not on site when a deciding stage is back office', () => {
    const partly = { ...rules, authorized: ['accept', 'deliver'] as CaseRules['authorized'] };
    expect(deriveCase([at('register', '2025-10-09', {}, 'window'), at('conclude', '2025-10-10', { outcome: 'approved' })], partly, calendar()).onSite).toBe(
      false,
    );
    const overridden = deriveCase(
      [
        at('register', '2025-10-09', {}, 'window'),
        at('advance', '2025-10-09', { to: 'review' }, 'window'),
        at('conclude', '2025-10-10', { outcome: 'approved' }, 'window'),
      ],
      partly,
      calendar(),
    );
    expect(overridden.onSite).toBe(true);
    expect(
      deriveCase([at('register', '2025-10-09', {}, 'window'), at('conclude', '2025-10-10', { outcome: 'approved', on_site: false })], rules, calendar()).onSite,
    ).toBe(false);
  });

  it('a refusal has no clock', () => {
    expect(deriveCase([at('refuse', '2025-10-09', { reason: '不属于受理范围' })], rules, calendar())).toMatchObject({
      state: 'refused',
      deadline: null,
      acceptedDate: null,
    });
  });
});

describe('transitions', () => {
  it('lists what each state allows', () => {
    expect(allowedCommands('open', false)).toEqual(['advance', 'supplement', 'suspend', 'conclude', 'withdraw']);
    expect(allowedCommands('paused', false)).toEqual(['resume', 'withdraw']);
    expect(allowedCommands('concluded', false)).toEqual(['deliver']);
    expect(allowedCommands('concluded', true)).toEqual([]);
    expect(allowedCommands('withdrawn', false)).toEqual([]);
    expect(allowedCommands('refused', false)).toEqual([]);
  });
  it('refuses with the case, its state and what is allowed, as data', () => {
    let refusal: unknown;
    try {
      assertAllowed('20251009-0001', 'paused', false, 'conclude');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(IllegalTransition);
    expect(refusal).toMatchObject({ number: '20251009-0001', state: 'paused', command: 'conclude', allowed: ['resume', 'withdraw'] });
  });
});

describe('applicant ids', () => {
  it('checks GB 11643 and GB 32100 check characters', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('440304199001011233')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
  });
  it('masks ids', () => {
    expect(maskId('11010519491231002X')).toBe('110105********002X');
    expect(maskId('E12345678')).toBe('E1*****78');
    expect(maskId(null)).toBeNull();
  });
});
