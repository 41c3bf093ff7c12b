/**
 * 一件事 combined cases (SPEC §7.1), derived from their parts on the official
 * schedules. Every expected date is worked out by hand from the State Council notices
 * (the working days are listed in each comment; * marks a 调休 weekend working day),
 * not by the code under test.
 */
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../src/core/calendar.js';
import {
  type CombinedPart,
  type CombinedRules,
  combinedDeadlineAt,
  combinedOpenAt,
  combinedOverdueAt,
  deriveCombined,
  explainCombined,
  mergePauses,
} from '../src/core/combined.js';
import { OFFICIAL_SCHEDULE } from '../src/core/holidays-official.js';
import { type CaseEvent, type CaseRules, deriveCase } from '../src/core/lifecycle.js';

const calendar = () => createCalendar(OFFICIAL_SCHEDULE);
const partRules: CaseRules = {
  stages: ['accept', 'review', 'decide', 'deliver'],
  authorized: ['accept', 'review', 'decide', 'deliver'],
  promisedDays: 3,
  limitUnit: 'workday',
  legalDays: 20,
  legalUnit: 'workday',
  closingMinutes: 17 * 60 + 30,
};

function ev(kind: CaseEvent['kind'], date: string, details: Record<string, unknown> = {}, time = '10:00'): CaseEvent {
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return {
    kind,
    at: `${date}T${time}:00+08:00`,
    date,
    minutes: hh * 60 + mm,
    operator: 'tester',
    location: kind === 'register' ? 'window' : null,
    details,
  };
}
const approved = { outcome: 'approved' };
const denied = { outcome: 'denied' };

function part(number: string, events: CaseEvent[]): CombinedPart {
  return { number, item: `ITEM-${number.slice(-1)}`, events, derived: deriveCase(events, partRules, calendar()) };
}
const rules = (acceptedDate: string, promisedDays: number, legalDays: number | null = null): CombinedRules => ({ acceptedDate, promisedDays, legalDays });

describe('deriveCombined: deadlines over the holidays', () => {
  it('National Day 2025: P = 5 and L = 20 from 2025-09-29, both parts approved on time', () => {
    // P=5 from 2025-09-29: 9/30, 10/9, 10/10, 10/11*, 10/13 → 2025-10-13.
    // L=20: … 10/13 (5), 10/14–10/17 (9), 10/20–24 (14), 10/27–31 (19), 11/03 (20) → 2025-11-03.
    const d0 = '2025-09-29';
    const parts = [
      part('20250929-0001', [ev('register', d0), ev('conclude', '2025-10-10', approved)]),
      part('20250929-0002', [ev('register', d0), ev('conclude', '2025-10-13', approved, '16:00')]),
    ];
    const combined = deriveCombined(parts, rules(d0, 5, 20), calendar(), '2025-10-20');
    expect(combined).toMatchObject({
      state: 'concluded',
      pauses: [],
      paused_days: 0,
      deadline: '2025-10-13',
      legal_deadline: '2025-11-03',
      concluded_at: '2025-10-13T16:00:00+08:00',
      concluded_date: '2025-10-13',
      ended_date: '2025-10-13',
      withdrawn_at: null,
      outcome: 'approved',
      // W(9/29, 10/13) = 5, E = 0.
      days_used: 5,
      on_time: true,
      days_left: null,
      parts_done: 2,
      parts_total: 2,
    });
  });

  it('Spring Festival 2025: overlapping pauses on two parts merge and each paused day counts once; partial outcome', () => {
    // A paused (1/23, 2/6], B paused (2/5, 2/10]: they overlap, merged (1/23, 2/10].
    // Paused working days: 1/24, 1/26*, 1/27, 2/5, 2/6, 2/7, 2/8*, 2/10 → E = 8
    // (A alone 5 + B alone 4 = 9 would count 2/6 twice).
    // P=5: W(1/22, D) = 13: 1/23, 1/24, 1/26*, 1/27, 2/5, 2/6, 2/7, 2/8*, 2/10, 2/11, 2/12, 2/13, 2/14 → 2025-02-14
    // (unpaused: 1/23, then 2/11, 2/12, 2/13, 2/14).
    // L=10: W = 18: 2/17, 2/18, 2/19, 2/20, 2/21 → 2025-02-21.
    const d0 = '2025-01-22';
    const a = part('20250122-0001', [
      ev('register', d0),
      ev('supplement', '2025-01-23', { materials: '户口簿' }),
      ev('resume', '2025-02-06'),
      ev('conclude', '2025-02-13', approved),
    ]);
    const b = part('20250122-0002', [
      ev('register', d0),
      ev('suspend', '2025-02-05', { reason: '现场勘察' }),
      ev('resume', '2025-02-10'),
      ev('conclude', '2025-02-14', denied),
    ]);
    const combined = deriveCombined([a, b], rules(d0, 5, 10), calendar(), '2025-02-20');
    expect(combined.pauses).toEqual([{ from: '2025-01-23', to: '2025-02-10', parts: ['20250122-0001', '20250122-0002'] }]);
    expect(combined).toMatchObject({
      state: 'concluded',
      paused_days: 8,
      deadline: '2025-02-14',
      legal_deadline: '2025-02-21',
      concluded_date: '2025-02-14',
      outcome: 'partial',
      // W(1/22, 2/14) = 13, minus E = 8.
      days_used: 5,
      on_time: true,
    });
  });

  it('Spring Festival 2026: touching pauses merge, a later one apart stays apart; explanation names the parts', () => {
    // A (2/11, 2/13], B (2/13, 2/25] touch at 2/13 → merged (2/11, 2/25]; C (2/26, 2/27] does not touch it.
    // Paused working days: 2/12, 2/13 (A); 2/14*, 2/24, 2/25 (B); 2/27 (C) → E = 6.
    // P=3: W(2/10, D) = 9: 2/11, 2/12, 2/13, 2/14*, 2/24, 2/25, 2/26, 2/27, 2/28* → 2026-02-28 (调休 Saturday);
    // unpaused: 2/11, 2/26, 2/28.
    const d0 = '2026-02-10';
    const parts = [
      part('20260210-0001', [ev('register', d0), ev('supplement', '2026-02-11'), ev('resume', '2026-02-13')]),
      part('20260210-0002', [ev('register', d0), ev('suspend', '2026-02-13', { reason: '公示' }), ev('resume', '2026-02-25')]),
      part('20260210-0003', [ev('register', d0), ev('supplement', '2026-02-26'), ev('resume', '2026-02-27')]),
    ];
    const combined = deriveCombined(parts, rules(d0, 3), calendar(), '2026-02-27');
    expect(combined.pauses).toEqual([
      { from: '2026-02-11', to: '2026-02-25', parts: ['20260210-0001', '20260210-0002'] },
      { from: '2026-02-26', to: '2026-02-27', parts: ['20260210-0003'] },
    ]);
    expect(combined).toMatchObject({
      state: 'open',
      paused_days: 6,
      deadline: '2026-02-28',
      legal_deadline: null,
      concluded_at: null,
      outcome: null,
      days_used: null,
      on_time: null,
      // From 2/27 to 2/28*: one working day left.
      days_left: 1,
      parts_done: 0,
    });
    const explanation = explainCombined(combined, calendar(), '2026-02-27')!;
    expect(explanation.deadline).toBe('2026-02-28');
    expect(explanation.paused_days).toBe(6);
    const working = explanation.days.filter((day) => day.role === 'working' || day.role === 'makeup');
    expect(working.map((day) => [day.date, day.counted, day.parts])).toEqual([
      ['2026-02-11', true, []],
      ['2026-02-12', false, ['20260210-0001']],
      ['2026-02-13', false, ['20260210-0001']], // A's pause ends on 2/13; B's (2/13, …] starts after it
      ['2026-02-14', false, ['20260210-0002']],
      ['2026-02-24', false, ['20260210-0002']],
      ['2026-02-25', false, ['20260210-0002']],
      ['2026-02-26', true, []],
      ['2026-02-27', false, ['20260210-0003']],
      ['2026-02-28', true, []],
    ]);
    expect(explanation.pauses.map((pause) => pause.days)).toEqual([5, 1]);
  });
});

describe('deriveCombined: pauses, withdrawals and the ending', () => {
  it('a part paused while the other concluded: paused, deadline null, days left frozen; then late', () => {
    // d0 = 2025-09-26 (Fri), P=4. B paused from 9/29, still open on 10/10.
    // Deadline as of 9/29 (E = 0): 9/28*, 9/29, 9/30, 10/9 → 10/9; days left frozen at 9/29: W(9/29, 10/9) = 2.
    // E as of 10/10: W(9/29, 10/10) = 9/30, 10/9, 10/10 = 3; deadline then W = 7: … 10/9, 10/10, 10/11*, 10/13 → 10/13.
    const d0 = '2025-09-26';
    const a = part('20250926-0001', [ev('register', d0), ev('conclude', '2025-09-30', approved)]);
    const bEvents = [ev('register', d0), ev('supplement', '2025-09-29')];
    const paused = deriveCombined([a, part('20250926-0002', bEvents)], rules(d0, 4, 20), calendar(), '2025-10-10');
    expect(paused).toMatchObject({
      state: 'paused',
      deadline: null,
      legal_deadline: null,
      deadline_now: '2025-10-13',
      paused_days: 3,
      days_left: 2,
      concluded_at: null,
      parts_done: 1,
      parts_total: 2,
    });
    expect(paused.pauses).toEqual([{ from: '2025-09-29', to: null, parts: ['20250926-0002'] }]);
    expect(combinedOverdueAt(calendar(), paused, '2025-10-10')).toBe(false);
    expect(combinedOpenAt(paused, '2025-10-10')).toBe(true);

    // B resumes 10/13 and concludes 10/20. E = W(9/29, 10/13) = 9/30, 10/9, 10/10, 10/11*, 10/13 = 5.
    // Deadline W = 9: 9/28*, 9/29, 9/30, 10/9, 10/10, 10/11*, 10/13, 10/14, 10/15 → 10/15.
    // Used: W(9/26, 10/20) = 12 (9/28* … 10/17, 10/20) − 5 = 7; late.
    const done = deriveCombined(
      [a, part('20250926-0002', [...bEvents, ev('resume', '2025-10-13'), ev('conclude', '2025-10-20', approved)])],
      rules(d0, 4),
      calendar(),
      '2025-10-31',
    );
    expect(done).toMatchObject({ state: 'concluded', deadline: '2025-10-15', paused_days: 5, days_used: 7, on_time: false, concluded_date: '2025-10-20' });
    expect(combinedOverdueAt(calendar(), done, '2025-10-15')).toBe(false);
    expect(combinedOverdueAt(calendar(), done, '2025-10-16')).toBe(true);
    // Ended on 10/20: no longer open at 10/20, so not "open and overdue" then (it counts as concluded late).
    expect(combinedOpenAt(done, '2025-10-20')).toBe(false);
    expect(combinedOverdueAt(calendar(), done, '2025-10-20')).toBe(false);
    // As of 10/10 the pause had run (9/29, 10/10]: E = 3, deadline then 10/13 (as above).
    expect(combinedDeadlineAt(calendar(), done, '2025-10-10')).toBe('2025-10-13');
  });

  it('overdue before a pause stays overdue: a pause begun after t does not count at t', () => {
    // d0 = 2025-09-26, P=1: 9/28* → deadline 2025-09-28. B paused from 10/9, open on 10/13.
    // At 9/30 no pause had begun: deadline 9/28 < 9/30 → overdue.
    // At 10/13: E = W(10/9, 10/13) = 10/10, 10/11*, 10/13 = 3; W = 4: 9/28*, 9/29, 9/30, 10/9 → 10/9 < 10/13 → overdue.
    // Days left frozen at 10/9 with the deadline then (9/28): −W(9/28, 10/9) = −(9/29, 9/30, 10/9) = −3.
    const d0 = '2025-09-26';
    const combined = deriveCombined(
      [part('20250926-0001', [ev('register', d0)]), part('20250926-0002', [ev('register', d0), ev('suspend', '2025-10-09')])],
      rules(d0, 1),
      calendar(),
      '2025-10-13',
    );
    expect(combined).toMatchObject({ state: 'paused', deadline: null, deadline_now: '2025-10-09', days_left: -3 });
    expect(combinedOverdueAt(calendar(), combined, '2025-09-28')).toBe(false);
    expect(combinedOverdueAt(calendar(), combined, '2025-09-30')).toBe(true);
    expect(combinedOverdueAt(calendar(), combined, '2025-10-13')).toBe(true);
  });

  it('a part withdrawn while paused ends its pause on the withdrawal date', () => {
    // d0 = 2025-10-09, P=5. A paused from 10/10, withdrawn 10/14 while paused → its pause is (10/10, 10/14]:
    // 10/11*, 10/13, 10/14 → E = 3. Deadline W(10/9, D) = 8: 10/10, 10/11*, 10/13, 10/14, 10/15, 10/16, 10/17, 10/20 → 10/20.
    const d0 = '2025-10-09';
    const a = part('20251009-0001', [ev('register', d0), ev('supplement', '2025-10-10'), ev('withdraw', '2025-10-14')]);
    const bOpen = [ev('register', d0)];
    const running = deriveCombined([a, part('20251009-0002', bOpen)], rules(d0, 5), calendar(), '2025-10-15');
    expect(running).toMatchObject({ state: 'open', deadline: '2025-10-20', paused_days: 3, parts_done: 1, ended_date: null });
    expect(running.pauses).toEqual([{ from: '2025-10-10', to: '2025-10-14', parts: ['20251009-0001'] }]);
    // From 10/15 to 10/20: 10/16, 10/17, 10/20.
    expect(running.days_left).toBe(3);

    // B concludes 10/17: concluded (one part concluded, the other withdrawn), approved, used W(10/9, 10/17) = 7 − 3 = 4.
    const done = deriveCombined([a, part('20251009-0002', [...bOpen, ev('conclude', '2025-10-17', approved)])], rules(d0, 5), calendar(), '2025-10-31');
    expect(done).toMatchObject({ state: 'concluded', outcome: 'approved', concluded_date: '2025-10-17', days_used: 4, on_time: true, withdrawn_at: null });
  });

  it('every part withdrawn: withdrawn at the latest withdrawal, no conclusion', () => {
    // d0 = 2025-09-30, P=5: 10/9, 10/10, 10/11*, 10/13, 10/14 would give 10/14 without a pause; the deadline is shown (nothing is paused).
    const d0 = '2025-09-30';
    const combined = deriveCombined(
      [
        part('20250930-0001', [ev('register', d0), ev('withdraw', '2025-10-10', {}, '16:00')]),
        part('20250930-0002', [ev('register', d0), ev('supplement', '2025-10-09'), ev('withdraw', '2025-10-10', {}, '09:00')]),
      ],
      rules(d0, 5, 20),
      calendar(),
      '2025-10-20',
    );
    expect(combined).toMatchObject({
      state: 'withdrawn',
      withdrawn_at: '2025-10-10T16:00:00+08:00',
      ended_date: '2025-10-10',
      concluded_at: null,
      concluded_date: null,
      outcome: null,
      days_used: null,
      on_time: null,
      days_left: null,
      parts_done: 2,
    });
    // B's pause (10/9, 10/10] closed by its withdrawal: E = 1 (10/10); W = 6 → … 10/14, 10/15.
    expect(combined.pauses).toEqual([{ from: '2025-10-09', to: '2025-10-10', parts: ['20250930-0002'] }]);
    expect(combined.deadline).toBe('2025-10-15');
    expect(combinedOpenAt(combined, '2025-10-09')).toBe(true);
    expect(combinedOpenAt(combined, '2025-10-10')).toBe(false);
  });

  it('the last part withdrawn after the others concluded: concluded, ended on the withdrawal (across the year end)', () => {
    // d0 = 2025-12-29 (Mon), P=5: 12/30, 12/31, 1/4* (元旦调休 Sunday), 1/5, 1/6 → 2026-01-06 (1/1–1/3 are 元旦).
    // L=10: 1/7, 1/8, 1/9, 1/12, 1/13 → 2026-01-13.
    // A denied 12/31; B withdrawn 2026-01-07 → concluded at B's withdrawal, outcome denied,
    // used W(12/29, 1/7) = 12/30, 12/31, 1/4*, 1/5, 1/6, 1/7 = 6, late (1/7 > 1/6).
    const d0 = '2025-12-29';
    const combined = deriveCombined(
      [
        part('20251229-0001', [ev('register', d0), ev('conclude', '2025-12-31', denied)]),
        part('20251229-0002', [ev('register', d0), ev('withdraw', '2026-01-07', {}, '11:20')]),
      ],
      rules(d0, 5, 10),
      calendar(),
      '2026-01-20',
    );
    expect(combined).toMatchObject({
      state: 'concluded',
      deadline: '2026-01-06',
      legal_deadline: '2026-01-13',
      concluded_at: '2026-01-07T11:20:00+08:00',
      concluded_date: '2026-01-07',
      ended_date: '2026-01-07',
      withdrawn_at: null,
      outcome: 'denied',
      days_used: 6,
      on_time: false,
    });
    expect(combinedOverdueAt(calendar(), combined, '2026-01-06')).toBe(false);
    expect(combinedOverdueAt(calendar(), combined, '2025-12-31')).toBe(false);
  });

  it('National Day 2026: open across the holiday, overdue only after the 调休 Saturday deadline', () => {
    // d0 = 2026-09-30, P=3: 10/8, 10/9, 10/10* → 2026-10-10 (10/1–10/7 国庆).
    const d0 = '2026-09-30';
    const parts = [part('20260930-0001', [ev('register', d0)]), part('20260930-0002', [ev('register', d0), ev('conclude', '2026-10-09', approved)])];
    const combined = deriveCombined(parts, rules(d0, 3), calendar(), '2026-10-09');
    expect(combined).toMatchObject({ state: 'open', deadline: '2026-10-10', legal_deadline: null, days_left: 1, parts_done: 1 });
    expect(combinedOpenAt(combined, '2026-09-29')).toBe(false);
    expect(combinedOverdueAt(calendar(), combined, '2026-10-10')).toBe(false);
    expect(combinedOverdueAt(calendar(), combined, '2026-10-11')).toBe(true);
    // Today 10/12: 10/10* to 10/12 is one working day past.
    expect(deriveCombined(parts, rules(d0, 3), calendar(), '2026-10-12').days_left).toBe(-1);
  });
});

describe('mergePauses', () => {
  it('an open pause swallows every later one; disjoint ones stay apart', () => {
    const merged = mergePauses(
      [
        { part: 'B', from: '2025-03-10', to: '2025-03-12' },
        { part: 'A', from: '2025-03-03', to: '2025-03-05' },
        { part: 'C', from: '2025-03-05', to: null },
        { part: 'A', from: '2025-02-20', to: '2025-02-21' },
      ],
      ['A', 'B', 'C'],
    );
    expect(merged).toEqual([
      { from: '2025-02-20', to: '2025-02-21', parts: ['A'] },
      { from: '2025-03-03', to: null, parts: ['A', 'B', 'C'] },
    ]);
  });
});
