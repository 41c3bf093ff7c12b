/** The window assessment rules of SPEC §6.3 as pure functions: rubric, rescaling, shared ranks, 红旗窗口. */
import { describe, expect, it } from 'vitest';
import {
  type AssessmentInput,
  type AssessmentReport,
  DEFAULT_RUBRIC,
  parseRubric,
  RUBRIC_MAX_COUNT,
  RUBRIC_MAX_POINTS,
  rankWindows,
} from '../src/core/assessment.js';
import { RubricRejected } from '../src/core/errors.js';
import { emptyCounts, groupFigures } from '../src/core/metrics.js';
import { assessmentSections } from '../src/report/assessment.js';
import { localValue } from '../src/report/section.js';

/** A window with `concluded` cases of which the given numbers were on time and on site, and its ratings and complaints. */
function windowOf(
  code: string,
  figures: {
    concluded: number;
    onTime: number;
    onSite: number;
    good?: number;
    neutral?: number;
    bad?: number;
    substantiated?: number;
    /** Cases open and past their deadline at t. */
    overdueOpen?: number;
  },
  records: { deduction?: number; commendation?: number; overdueReviews?: number } = {},
): AssessmentInput {
  const counts = {
    ...emptyCounts(true),
    accepted: figures.concluded,
    concluded: figures.concluded,
    on_time: figures.onTime,
    on_site: figures.onSite,
    good: figures.good ?? 0,
    neutral: figures.neutral ?? 0,
    bad: figures.bad ?? 0,
    evaluations: (figures.good ?? 0) + (figures.neutral ?? 0) + (figures.bad ?? 0),
    complaints: figures.substantiated ?? 0,
    substantiated: figures.substantiated ?? 0,
    // §6.1: concluded late plus open and late at t.
    overdue: figures.concluded - figures.onTime + (figures.overdueOpen ?? 0),
  };
  return {
    code,
    name: `${code}窗口`,
    figures: groupFigures(counts, 20),
    overdue_open: figures.overdueOpen ?? 0,
    overdue_reviews: records.overdueReviews ?? 0,
    deduction_points: records.deduction ?? 0,
    commendation_points: records.commendation ?? 0,
  };
}

const WINDOWS = [
  // 35 × 0.5 + 25 × 1 + 20 × 1 + 10 + 10 = 82.5
  windowOf('W004', { concluded: 4, onTime: 2, onSite: 4, good: 2 }),
  // Nobody rated it: satisfaction is left out and 80 of 80 points are 100.
  windowOf('W002', { concluded: 2, onTime: 2, onSite: 2 }),
  // 35 + 25 + 20 × 0.5 + 10 + (10 − 2.5 deduction points) = 87.5
  windowOf('W003', { concluded: 2, onTime: 2, onSite: 2, good: 1, bad: 1 }, { deduction: 2.5 }),
  // Unrated too: 35 + 25 × 0.6 + 10 + 10 = 70 of 80 = 87.5, equal to W003.
  windowOf('W005', { concluded: 5, onTime: 5, onSite: 3 }),
  // 100 of 100 plus a 7-point commendation: the bonus stops at 5 and the score at 100.
  windowOf('W001', { concluded: 3, onTime: 3, onSite: 3, good: 3 }, { commendation: 7 }),
  // No concluded case (a rating alone does not rank a window).
  windowOf('W009', { concluded: 0, onTime: 0, onSite: 0, good: 1 }),
  windowOf('W000', { concluded: 0, onTime: 0, onSite: 0 }),
];

describe('rankWindows', () => {
  it('scores by the rubric, rescales a null component, shares equal ranks and lists 零办件窗口 last', () => {
    const ranked = rankWindows(WINDOWS, DEFAULT_RUBRIC);
    expect(ranked.map((window) => [window.code, window.rank, window.score])).toEqual([
      ['W001', 1, 100],
      ['W002', 1, 100],
      ['W003', 3, 87.5],
      ['W005', 3, 87.5],
      ['W004', 5, 82.5],
      ['W000', null, null],
      ['W009', null, null],
    ]);
    const w005 = ranked[3]!;
    expect(w005.components).toEqual({ on_time: 35, on_site: 15, satisfaction: null, complaints: 10, discipline: 10, bonus: 0 });
    expect([w005.earned, w005.available]).toEqual([70, 80]);
    expect(ranked[0]!.components.bonus).toBe(5);
    expect(ranked[5]).toMatchObject({ not_ranked_reason: 'no_concluded_cases', red_flag: false, rank: null });
    expect(Object.keys(ranked[0]!).slice(0, 7)).toEqual(['code', 'name', 'rank', 'score', 'components', 'red_flag', 'not_ranked_reason']);
    // W001 and W002 reach 90 but concluded fewer than the 10 cases a red flag needs.
    expect(ranked.some((window) => window.red_flag)).toBe(false);
    const flagged = rankWindows(WINDOWS, { ...DEFAULT_RUBRIC, red_flag_min_cases: 2 }).filter((window) => window.red_flag);
    expect(flagged.map((window) => window.code)).toEqual(['W001', 'W002']);
  });

  it('flags the best N red, every window tied at the cut-off included, never one with an overdue case or a substantiated complaint', () => {
    // No minimum of concluded cases here: these windows conclude only a handful.
    const rubric = { ...DEFAULT_RUBRIC, red_flag_min_score: 80, red_flag_count: 3, red_flag_min_cases: 0 };
    const flagged = (inputs: AssessmentInput[]) =>
      rankWindows(inputs, rubric)
        .filter((window) => window.red_flag)
        .map((window) => window.code);
    // W003 is third and W005 ties with it: four red flags.
    expect(flagged(WINDOWS)).toEqual(['W001', 'W002', 'W003', 'W005']);
    // With an overdue case W003 drops out and W005 alone is third; W004 stays out.
    const late = WINDOWS.map((input) => (input.code === 'W003' ? { ...input, figures: { ...input.figures, overdue: 1 } } : input));
    expect(flagged(late)).toEqual(['W001', 'W002', 'W005']);
    const complained = WINDOWS.map((input) => (input.code === 'W001' ? { ...input, figures: { ...input.figures, substantiated: 1 } } : input));
    expect(flagged(complained)).not.toContain('W001');
    expect(rankWindows(WINDOWS, { ...rubric, red_flag_count: 0 }).some((window) => window.red_flag)).toBe(false);
  });
});

describe('the 说明 of 窗口考核评分表', () => {
  const notes = (inputs: AssessmentInput[], rubric = DEFAULT_RUBRIC, lang: 'zh' | 'en' = 'zh') => {
    const report = {
      center: '中心',
      period: { from: '2025-07-01', to: '2025-09-30' },
      evaluated_at: '2025-09-30',
      generated_at: '',
      rubric,
      windows: rankWindows(inputs, rubric),
    };
    const [scores] = assessmentSections({ ...report, bulletin: {} as AssessmentReport['bulletin'] });
    const note = scores!.columns.find((column) => column.key === 'reason')!;
    return Object.fromEntries(scores!.rows.map((row) => [row.code, localValue(note, row.reason, row, lang)]));
  };

  it('says which condition of the rubric keeps a window at the red-flag score off the flags', () => {
    const full = { concluded: 20, onTime: 20, onSite: 20, good: 20 };
    const inputs = [
      windowOf('W001', full),
      windowOf('W002', full),
      // 35 + 23.75 + 20 + 10 + 10 = 98.75, third.
      windowOf('W003', { ...full, onSite: 19 }),
      // One late: 33.25 + 25 + 20 + 10 + 10 = 98.25, yet no flag.
      windowOf('W004', { ...full, onTime: 19 }),
      windowOf('W005', { ...full, substantiated: 1, overdueOpen: 1 }),
      windowOf('W006', { concluded: 5, onTime: 5, onSite: 5, good: 5 }),
      // Below the red-flag score: its score says why.
      windowOf('W007', { concluded: 20, onTime: 10, onSite: 0, good: 20 }),
      windowOf('W008', { concluded: 0, onTime: 0, onSite: 0 }),
    ];
    const ranked = rankWindows(inputs, DEFAULT_RUBRIC);
    expect(ranked.filter((window) => window.red_flag).map((window) => window.code)).toEqual(['W001', 'W002', 'W003']);
    expect(notes(inputs)).toEqual({
      W001: '',
      W002: '',
      W003: '',
      W004: '有超期办件 1 件',
      W005: '有超期办件 1 件；有查实投诉 1 件',
      W006: '办结不足 10 件',
      W007: '',
      W008: '零办件窗口（本期无办结件、无在办超期件，不排名）',
    });
    // Every condition met, and three windows scored higher.
    const fourth = [...inputs.slice(0, 3), windowOf('W009', { ...full, onSite: 18 })];
    expect(notes(fourth).W009).toBe('未进前 3 名');
    expect(notes(fourth, DEFAULT_RUBRIC, 'en').W009).toBe('not in the best 3');
    expect(notes(inputs, DEFAULT_RUBRIC, 'en').W005).toBe('overdue: 1; substantiated complaints: 1');
    // A rescaled score keeps its note before the reasons.
    expect(notes([windowOf('W010', { concluded: 5, onTime: 5, onSite: 5 })]).W010).toBe('缺项按 80 分折算；办结不足 10 件');
  });
});

describe('the assessment cannot be gamed (SPEC §6.3 as revised)', () => {
  it('ranks a window that concluded nothing but keeps late cases open, with 按时 0 and the rate-less parts left out', () => {
    const [hoarder] = rankWindows([windowOf('W001', { concluded: 0, onTime: 0, onSite: 0, overdueOpen: 2 })], DEFAULT_RUBRIC);
    expect(hoarder).toMatchObject({ rank: 1, not_ranked_reason: null, overdue_open: 2, overdue: 2, red_flag: false });
    expect(hoarder!.components).toEqual({ on_time: 0, on_site: null, satisfaction: null, complaints: 10, discipline: 10, bonus: 0 });
    // 0 + 10 + 10 of 35 + 10 + 10 = 36.36.
    expect([hoarder!.earned, hoarder!.available, hoarder!.score]).toEqual([20, 55, 36.36]);
  });

  it('counts a late case in hand against 按时: one of four late is 35 × 3 / 4', () => {
    const [window] = rankWindows([windowOf('W001', { concluded: 3, onTime: 3, onSite: 3, good: 3, overdueOpen: 1 })], DEFAULT_RUBRIC);
    expect(window!.components.on_time).toBe(26.25);
    // 26.25 + 25 + 20 + 10 + 10; the §6.1 rate keeps its meaning (3 of 3 concluded on time).
    expect(window).toMatchObject({ score: 91.25, overdue_open: 1, overdue: 1, rates: { on_time: 1 } });
  });

  it('gives no red flag for a single 即办件, only from red_flag_min_cases concluded cases on', () => {
    const one = windowOf('W001', { concluded: 1, onTime: 1, onSite: 1, good: 1 });
    const ten = windowOf('W002', { concluded: 10, onTime: 10, onSite: 10, good: 10 });
    const nine = windowOf('W003', { concluded: 9, onTime: 9, onSite: 9, good: 9 });
    const ranked = rankWindows([one, ten, nine], DEFAULT_RUBRIC);
    expect(ranked.map((window) => [window.code, window.rank, window.score, window.red_flag])).toEqual([
      ['W001', 1, 100, false],
      ['W002', 1, 100, true],
      ['W003', 1, 100, false],
    ]);
    expect(rankWindows([one, ten, nine], { ...DEFAULT_RUBRIC, red_flag_min_cases: 9 }).filter((window) => window.red_flag)).toHaveLength(2);
  });

  it('includes every window tied at the red-flag cut-off, and none below it', () => {
    const full = { concluded: 12, onTime: 12, onSite: 12, good: 12 };
    const inputs = [
      windowOf('W001', full),
      windowOf('W002', { ...full, onSite: 11 }),
      // W003 and W004 tie for third at 35 + 25 × 10/12 + 20 + 10 + 10 = 95.83.
      windowOf('W003', { ...full, onSite: 10 }),
      windowOf('W004', { ...full, onSite: 10 }),
      windowOf('W005', { ...full, onSite: 9 }),
    ];
    const ranked = rankWindows(inputs, DEFAULT_RUBRIC);
    expect(ranked.map((window) => [window.code, window.rank, window.score, window.red_flag])).toEqual([
      ['W001', 1, 100, true],
      ['W002', 2, 97.92, true],
      ['W003', 3, 95.83, true],
      ['W004', 3, 95.83, true],
      ['W005', 5, 93.75, false],
    ]);
  });

  it('never gives a ranked window a score that is not a finite number, whatever the allowed rubric', () => {
    // Every key at the largest value parseRubric lets through.
    const extreme = parseRubric(
      JSON.stringify(
        Object.fromEntries(
          Object.keys(DEFAULT_RUBRIC).map((key) => [key, ['red_flag_count', 'red_flag_min_cases'].includes(key) ? RUBRIC_MAX_COUNT : RUBRIC_MAX_POINTS]),
        ),
      ),
      'r.json',
    );
    const tiny = { ...DEFAULT_RUBRIC, on_time: Number.MIN_VALUE, on_site: 0, satisfaction: 0, complaints: 0, discipline: 0 };
    for (const rubric of [extreme, tiny, { ...DEFAULT_RUBRIC, on_time: 0, complaints: 0, discipline: 0 }]) {
      for (const window of rankWindows([...WINDOWS, windowOf('W010', { concluded: 0, onTime: 0, onSite: 0, overdueOpen: 3, substantiated: 4 })], rubric)) {
        if (window.rank !== null) expect(Number.isFinite(window.score), `${window.code} ${JSON.stringify(rubric)}`).toBe(true);
      }
    }
  });
});

describe('review_overdue_penalty (SPEC §7.2)', () => {
  it('takes points from discipline per overdue review, after the deductions, never below 0; at 0 nothing moves', () => {
    const inputs = [
      windowOf('W001', { concluded: 4, onTime: 4, onSite: 4, good: 4 }, { overdueReviews: 3 }),
      windowOf('W002', { concluded: 4, onTime: 4, onSite: 4, good: 4 }, { deduction: 2, overdueReviews: 1 }),
      windowOf('W003', { concluded: 4, onTime: 4, onSite: 4, good: 4 }, { deduction: 9, overdueReviews: 2 }),
    ];
    // The default (0): every window 100 whatever its reviews; W002 10 − 2 = 8, W003 10 − 9 = 1.
    const plain = rankWindows(inputs, DEFAULT_RUBRIC);
    expect(plain.map((window) => [window.code, window.components.discipline, window.overdue_reviews])).toEqual([
      ['W001', 10, 3],
      ['W002', 8, 1],
      ['W003', 1, 2],
    ]);
    // 1.5 a review: W001 10 − 4.5 = 5.5 (95.5); W002 10 − 2 − 1.5 = 6.5 (96.5); W003 10 − 9 − 3 < 0, so 0 (90).
    const penalised = rankWindows(inputs, { ...DEFAULT_RUBRIC, review_overdue_penalty: 1.5 });
    expect(penalised.map((window) => [window.code, window.components.discipline, window.score])).toEqual([
      ['W002', 6.5, 96.5],
      ['W001', 5.5, 95.5],
      ['W003', 0, 90],
    ]);
  });
});

describe('parseRubric', () => {
  it('takes any subset of the keys, the rest from SPEC §6.3', () => {
    expect(parseRubric('{"on_time": 40, "on_site": 20}', 'r.json')).toEqual({ ...DEFAULT_RUBRIC, on_time: 40, on_site: 20 });
    expect(parseRubric('\n{}\n', 'r.json')).toEqual(DEFAULT_RUBRIC);
    expect(DEFAULT_RUBRIC.red_flag_min_cases).toBe(10);
    // Reviews cost nothing until a center chooses a penalty: its scores stay as they were.
    expect(DEFAULT_RUBRIC.review_overdue_penalty).toBe(0);
    expect(parseRubric('{"review_overdue_penalty": 0.5}', 'r.json')).toEqual({ ...DEFAULT_RUBRIC, review_overdue_penalty: 0.5 });
    expect(parseRubric('{"red_flag_min_cases": 0, "on_time": 1000}', 'r.json')).toMatchObject({ red_flag_min_cases: 0, on_time: 1000 });
  });

  it.each([
    ['{"on_time": 35,', null, 'json'],
    ['[1, 2]', null, 'not_object'],
    ['{"ontime": 35}', 'ontime', 'unknown_key'],
    ['{"on_site": "25"}', 'on_site', 'not_number'],
    ['{"discipline": -10}', 'discipline', 'negative'],
    ['{"review_overdue_penalty": -1}', 'review_overdue_penalty', 'negative'],
    ['{"review_overdue_penalty": "2"}', 'review_overdue_penalty', 'not_number'],
    ['{"review_overdue_penalty": 1000.5}', 'review_overdue_penalty', 'too_large'],
    ['{"review_overdue": 2}', 'review_overdue', 'unknown_key'],
    ['{"red_flag_count": 2.5}', 'red_flag_count', 'not_whole'],
    ['{"red_flag_min_cases": -1}', 'red_flag_min_cases', 'negative'],
    ['{"red_flag_min_cases": 9.5}', 'red_flag_min_cases', 'not_whole'],
    ['{"red_flag_min_cases": "10"}', 'red_flag_min_cases', 'not_number'],
    ['{"red_flag_min_cases": null}', 'red_flag_min_cases', 'not_number'],
    ['{"red_flag_min_cases": 100001}', 'red_flag_min_cases', 'too_large'],
    ['{"on_time": 1e308, "on_site": 1e308}', 'on_time', 'too_large'],
    ['{"bonus_cap": 1e999}', 'bonus_cap', 'too_large'],
    ['{"max_score": 1000.5}', 'max_score', 'too_large'],
    ['{"on_time": 0, "on_site": 0, "satisfaction": 0, "complaints": 0, "discipline": 0}', null, 'no_points'],
  ])('refuses %s, naming the key', (json, key, reason) => {
    let caught: unknown;
    try {
      parseRubric(json, 'rubric.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RubricRejected);
    expect(caught).toMatchObject({ source: 'rubric.json', key, reason });
  });
});
