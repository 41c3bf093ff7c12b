/**
 * The oracle of the window assessment (SPEC §6.3 as revised for issue 19), computed again
 * from the replayed events of test/report-oracle.ts in plain loops, from the SPEC's words:
 *
 * - on_time = 35 × on_time / (concluded + overdue open at t): a case still in hand past
 *   its deadline counts as a late one;
 * - a window with no concluded case and no open case overdue at t is not ranked;
 * - a component whose rate is null is left out, the rest rescaled to 100, then the bonus,
 *   capped; the score rounded to 2 decimals and ranked 1, 2, 2, 4;
 * - 红旗窗口: score ≥ 90, ≥ red_flag_min_cases concluded, no substantiated complaint,
 *   overdue = 0, the best 3 with ties at the cut-off.
 *
 * It reads no figure the SQL computes; only the rubric's numbers are shared.
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../src/core/calendar.js';
import type { IsoDate } from '../src/core/dates.js';
import { deadlineAt, type Facts, finalDeadline, openAt, type Period } from './report-oracle.js';

export interface WindowRecord {
  windowId: number;
  date: IsoDate;
  kind: 'deduction' | 'commendation';
  points: number;
}

export function loadRecords(db: Database): WindowRecord[] {
  return (
    db.prepare('SELECT window_id, date, kind, points FROM window_records').all() as {
      window_id: number;
      date: IsoDate;
      kind: WindowRecord['kind'];
      points: number;
    }[]
  ).map((row) => ({ windowId: row.window_id, date: row.date, kind: row.kind, points: row.points }));
}

export interface OracleRubric {
  on_time: number;
  on_site: number;
  satisfaction: number;
  complaints: number;
  complaint_penalty: number;
  discipline: number;
  deduction_factor: number;
  bonus_cap: number;
  max_score: number;
  red_flag_min_score: number;
  red_flag_min_cases: number;
  red_flag_count: number;
}

export interface ExpectedWindow {
  code: string;
  name: string;
  rank: number | null;
  score: number | null;
  components: { on_time: number | null; on_site: number | null; satisfaction: number | null; complaints: number; discipline: number; bonus: number };
  red_flag: boolean;
  not_ranked_reason: string | null;
  concluded: number;
  overdue: number;
  overdue_open: number;
}

const inPeriod = (date: IsoDate | null, period: Period) => date !== null && date >= period.from && date <= period.to;

/** The windows of the assessment of `period`, in the order the SPEC lists them. */
export function expectedAssessment(
  facts: Facts,
  records: readonly WindowRecord[],
  calendar: WorkCalendar,
  period: Period,
  today: IsoDate,
  rubric: OracleRubric,
): ExpectedWindow[] {
  const t = period.to < today ? period.to : today;
  const scored = facts.windows.map((window) => {
    const mine = facts.cases.filter((c) => c.windowId === window.id);
    const concludedCases = mine.filter((c) => inPeriod(c.concluded, period));
    const concluded = concludedCases.length;
    const onTime = concludedCases.filter((c) => c.concluded! <= finalDeadline(calendar, c)).length;
    const onSite = concludedCases.filter((c) => c.onSite).length;
    const overdueOpen = mine.filter((c) => openAt(c, t) && t > deadlineAt(calendar, c, t)).length;
    const ids = new Set(mine.map((c) => c.id));
    const ratings = facts.evaluations.filter((e) => ids.has(e.caseId) && inPeriod(e.date, period));
    const satisfied = ratings.filter((e) => e.level >= 3).length;
    const substantiated = facts.complaints.filter((c) => c.windowId === window.id && inPeriod(c.received, period) && c.substantiated).length;
    const points = (kind: WindowRecord['kind']) =>
      records.filter((r) => r.windowId === window.id && r.kind === kind && inPeriod(r.date, period)).reduce((sum, r) => sum + r.points, 0);

    const due = concluded + overdueOpen;
    const components = {
      on_time: due === 0 ? null : (rubric.on_time * onTime) / due,
      on_site: concluded === 0 ? null : (rubric.on_site * onSite) / concluded,
      satisfaction: ratings.length === 0 ? null : (rubric.satisfaction * satisfied) / ratings.length,
      complaints: Math.max(0, rubric.complaints - rubric.complaint_penalty * substantiated),
      discipline: Math.max(0, rubric.discipline - rubric.deduction_factor * points('deduction')),
      bonus: Math.min(rubric.bonus_cap, points('commendation')),
    };
    let earned = components.complaints + components.discipline;
    let available = rubric.complaints + rubric.discipline;
    for (const [value, max] of [
      [components.on_time, rubric.on_time],
      [components.on_site, rubric.on_site],
      [components.satisfaction, rubric.satisfaction],
    ] as const) {
      if (value === null) continue;
      earned += value;
      available += max;
    }
    const ranked = concluded > 0 || overdueOpen > 0;
    const raw = Math.min(rubric.max_score, (available === 0 ? 0 : (earned / available) * 100) + components.bonus);
    return {
      code: window.code,
      name: window.name,
      rank: null as number | null,
      score: ranked ? Math.round(raw * 100) / 100 : null,
      components,
      red_flag: false,
      not_ranked_reason: ranked ? null : 'no_concluded_cases',
      concluded,
      // §6.1: concluded late in the period, and open past the deadline at t.
      overdue: concluded - onTime + overdueOpen,
      overdue_open: overdueOpen,
      substantiated,
    };
  });

  const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const ranked = scored.filter((w) => w.score !== null).sort((a, b) => b.score! - a.score! || byCode(a, b));
  for (const window of ranked) window.rank = 1 + ranked.filter((other) => other.score! > window.score!).length;
  const eligible = ranked.filter(
    (w) => w.score! >= rubric.red_flag_min_score && w.concluded >= rubric.red_flag_min_cases && w.substantiated === 0 && w.overdue === 0,
  );
  if (rubric.red_flag_count > 0 && eligible.length > 0) {
    const cutOff = eligible[Math.min(rubric.red_flag_count, eligible.length) - 1]!.score!;
    for (const window of eligible) if (window.score! >= cutOff) window.red_flag = true;
  }
  const unranked = scored.filter((w) => w.score === null).sort(byCode);
  return [...ranked, ...unranked].map(({ substantiated: _, ...window }) => window);
}
