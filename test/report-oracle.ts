/**
 * The oracle of test/report-replay.test.ts: the monthly pack of SPEC §6.1–6.2 computed
 * again, case by case, in plain loops over a replay of the raw events.
 *
 * It reads only what a case cannot derive from its events — the rules copied from the
 * item at acceptance, the groups it counts for, its fee, and on_site (which is a matter
 * of stage locations, not of dates) — and rebuilds acceptance, pauses, conclusion and
 * withdrawal from `case_events`. The cached columns the SQL in src/store/report-measures.ts
 * aggregates (state, ended_date, deadline, on_time, same_day, days_used, case_pauses …)
 * are deliberately never read, so a stale or wrongly derived cache shows up as a
 * difference. Counting uses the pure functions of src/core/calendar.ts, the reference
 * that test/calendar.test.ts pins to the SPEC.
 */
import type { Database } from 'better-sqlite3';
import { computeDeadline, countDays, daysUsed, type LimitUnit, type Pause, type WorkCalendar } from '../src/core/calendar.js';
import { addDays, type IsoDate } from '../src/core/dates.js';

export interface ReplayedCase {
  id: number;
  number: string;
  itemId: number;
  windowId: number | null;
  departmentId: number;
  itemType: string;
  feeFen: number;
  promisedDays: number;
  limitUnit: LimitUnit;
  legalDays: number | null;
  legalUnit: LimitUnit | null;
  closingMinutes: number;
  onSite: boolean;
  refused: IsoDate | null;
  accepted: IsoDate | null;
  acceptedMinutes: number;
  concluded: IsoDate | null;
  outcome: 'approved' | 'denied' | null;
  withdrawn: IsoDate | null;
  /** In event order; `to` is null while the pause is still running. */
  pauses: Pause[];
}

export interface Facts {
  cases: ReplayedCase[];
  evaluations: { caseId: number; level: number; date: IsoDate }[];
  complaints: { windowId: number; received: IsoDate; substantiated: boolean }[];
  windows: { id: number; code: string; name: string; department: string | null }[];
  departments: { id: number; name: string }[];
  items: Map<number, { code: string; name: string; department: string; type: string }>;
}

interface EventRow {
  case_id: number;
  kind: string;
  date: IsoDate;
  minutes: number;
  details: string;
}

/** Folds one case's events into the dates a report needs. */
function replay(target: ReplayedCase, events: readonly EventRow[]): void {
  const running = () => target.pauses.find((pause) => pause.to === null);
  for (const event of events) {
    switch (event.kind) {
      case 'refuse':
        target.refused = event.date;
        break;
      case 'register':
        target.accepted = event.date;
        target.acceptedMinutes = event.minutes;
        break;
      case 'supplement':
      case 'suspend':
        target.pauses.push({ from: event.date, to: null });
        break;
      case 'resume': {
        const pause = running();
        if (!pause) throw new Error(`case ${target.number}: resume without a pause`);
        pause.to = event.date;
        break;
      }
      case 'conclude':
        target.concluded = event.date;
        target.outcome = (JSON.parse(event.details) as { outcome: 'approved' | 'denied' }).outcome;
        break;
      case 'withdraw': {
        // A withdrawal ends the pause it interrupts (SPEC §3.2: open or paused ──withdraw──▶ withdrawn).
        const pause = running();
        if (pause) pause.to = event.date;
        target.withdrawn = event.date;
        break;
      }
      default:
        // advance, deliver and rate move no date a report counts.
        break;
    }
  }
}

export function loadFacts(db: Database): Facts {
  const rows = db
    .prepare(
      `SELECT id, number, item_id, window_id, department_id, item_type, fee_fen, promised_days, limit_unit, legal_days, legal_unit,
              closing_minutes, on_site FROM cases_text ORDER BY id`,
    )
    .all() as {
    id: number;
    number: string;
    item_id: number;
    window_id: number | null;
    department_id: number;
    item_type: string;
    fee_fen: number;
    promised_days: number;
    limit_unit: LimitUnit;
    legal_days: number | null;
    legal_unit: LimitUnit | null;
    closing_minutes: number;
    on_site: number | null;
  }[];
  const events = new Map<number, EventRow[]>();
  for (const event of db.prepare('SELECT case_id, kind, date, minutes, details FROM case_events_text ORDER BY case_id, id').all() as EventRow[]) {
    if (!events.has(event.case_id)) events.set(event.case_id, []);
    events.get(event.case_id)!.push(event);
  }
  const cases = rows.map((row) => {
    const replayed: ReplayedCase = {
      id: row.id,
      number: row.number,
      itemId: row.item_id,
      windowId: row.window_id,
      departmentId: row.department_id,
      itemType: row.item_type,
      feeFen: row.fee_fen,
      promisedDays: row.promised_days,
      limitUnit: row.limit_unit,
      legalDays: row.legal_days,
      legalUnit: row.legal_unit,
      closingMinutes: row.closing_minutes,
      onSite: row.on_site === 1,
      refused: null,
      accepted: null,
      acceptedMinutes: 0,
      concluded: null,
      outcome: null,
      withdrawn: null,
      pauses: [],
    };
    replay(replayed, events.get(row.id) ?? []);
    return replayed;
  });
  const evaluations = (db.prepare('SELECT case_id, level, date FROM evaluations_text').all() as { case_id: number; level: number; date: IsoDate }[]).map(
    (row) => ({
      caseId: row.case_id,
      level: row.level,
      date: row.date,
    }),
  );
  const complaints = (
    db.prepare('SELECT window_id, received_date, substantiated FROM complaints').all() as {
      window_id: number;
      received_date: IsoDate;
      substantiated: number | null;
    }[]
  ).map((row) => ({ windowId: row.window_id, received: row.received_date, substantiated: row.substantiated === 1 }));
  const windows = db
    .prepare('SELECT w.id, w.code, w.name, d.name AS department FROM windows w LEFT JOIN departments d ON d.id = w.department_id')
    .all() as Facts['windows'];
  const departments = db.prepare('SELECT id, name FROM departments').all() as Facts['departments'];
  const items = new Map(
    (
      db.prepare('SELECT i.id, i.code, i.name, d.name AS department, i.type FROM items i JOIN departments d ON d.id = i.department_id').all() as {
        id: number;
        code: string;
        name: string;
        department: string;
        type: string;
      }[]
    ).map((item) => [item.id, { code: item.code, name: item.name, department: item.department, type: item.type }]),
  );
  return { cases, evaluations, complaints, windows, departments, items };
}

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

const within = (date: IsoDate | null, period: Period): date is IsoDate => date !== null && date >= period.from && date <= period.to;

/** When the case stopped running (concluded or withdrawn), or null while it runs. */
export const endedOn = (replayed: ReplayedCase): IsoDate | null => replayed.concluded ?? replayed.withdrawn;

/** Accepted by `date` and not yet concluded or withdrawn on it. */
export const openAt = (replayed: ReplayedCase, date: IsoDate): boolean => {
  const ended = endedOn(replayed);
  return replayed.accepted !== null && replayed.accepted <= date && (ended === null || ended > date);
};

/** Paused at the end of `date`: a pause begun by then and not ended by then. */
export const pausedAt = (replayed: ReplayedCase, date: IsoDate): boolean =>
  openAt(replayed, date) && replayed.pauses.some((pause) => pause.from <= date && (pause.to === null || pause.to > date));

/**
 * The deadline as it stood at `t` (SPEC §2, §6.1): pauses begun by `t` count up to their
 * end or to `t`, whichever comes first; a pause begun after `t` did not exist yet.
 */
export function deadlineAt(calendar: WorkCalendar, replayed: ReplayedCase, t: IsoDate): IsoDate {
  const pauses = replayed.pauses
    .filter((pause) => pause.from <= t)
    .map((pause) => ({ from: pause.from, to: pause.to !== null && pause.to < t ? pause.to : t }));
  return computeDeadline(calendar, {
    acceptedDate: replayed.accepted!,
    acceptedMinutes: replayed.acceptedMinutes,
    closingMinutes: replayed.closingMinutes,
    limitDays: replayed.promisedDays,
    unit: replayed.limitUnit,
    pauses,
    today: t,
  });
}

/** The deadline of a concluded case: every pause closed before the decision. */
export function finalDeadline(calendar: WorkCalendar, replayed: ReplayedCase): IsoDate {
  if (replayed.pauses.some((pause) => pause.to === null)) throw new Error(`case ${replayed.number}: concluded while paused`);
  return deadlineAt(calendar, replayed, replayed.concluded!);
}

const COUNTS = [
  'carried_over',
  'accepted',
  'refused',
  'concluded',
  'approved',
  'denied',
  'withdrawn',
  'open_at_end',
  'same_day',
  'on_time',
  'on_site',
  'overdue',
  'fees_fen',
  'saved_days',
  'used_days',
  'evaluations',
  'good',
  'neutral',
  'bad',
  'complaints',
  'substantiated',
] as const;
type CountName = (typeof COUNTS)[number];
type Counts = Record<CountName, number>;

const zero = (): Counts => Object.fromEntries(COUNTS.map((name) => [name, 0])) as Counts;

export interface OverdueEntry {
  number: string;
  item: string;
  item_name: string;
  window: string | null;
  accepted: IsoDate;
  deadline: IsoDate;
  concluded: IsoDate | null;
  days_over: number;
  limit_unit: LimitUnit;
}

interface Tally {
  total: Counts;
  windows: Map<number, Counts>;
  departments: Map<number, Counts>;
  items: Map<number, Counts>;
  types: Map<string, Counts>;
  overdue: OverdueEntry[];
}

/** Every §6.1 count of every group for one period, open cases judged at `t`. */
function tally(facts: Facts, calendar: WorkCalendar, period: Period, t: IsoDate): Tally {
  const result: Tally = { total: zero(), windows: new Map(), departments: new Map(), items: new Map(), types: new Map(), overdue: [] };
  const groupsOf = (replayed: ReplayedCase): Counts[] => {
    const of = <K>(map: Map<K, Counts>, key: K) => {
      if (!map.has(key)) map.set(key, zero());
      return map.get(key)!;
    };
    const groups = [result.total, of(result.departments, replayed.departmentId), of(result.items, replayed.itemId), of(result.types, replayed.itemType)];
    if (replayed.windowId !== null) groups.push(of(result.windows, replayed.windowId));
    return groups;
  };
  const bump = (replayed: ReplayedCase, name: CountName, by = 1) => {
    for (const counts of groupsOf(replayed)) counts[name] += by;
  };
  const windowCode = (id: number | null) => (id === null ? null : facts.windows.find((window) => window.id === id)!.code);
  const listOverdue = (replayed: ReplayedCase, deadline: IsoDate, concluded: IsoDate | null) => {
    const item = facts.items.get(replayed.itemId)!;
    result.overdue.push({
      number: replayed.number,
      item: item.code,
      item_name: item.name,
      window: windowCode(replayed.windowId),
      accepted: replayed.accepted!,
      deadline,
      concluded,
      days_over: countDays(calendar, deadline, concluded ?? t, replayed.limitUnit),
      limit_unit: replayed.limitUnit,
    });
  };

  const byId = new Map(facts.cases.map((replayed) => [replayed.id, replayed]));
  for (const replayed of facts.cases) {
    if (within(replayed.refused, period)) bump(replayed, 'refused');
    const accepted = replayed.accepted;
    if (accepted === null) continue;
    const ended = endedOn(replayed);
    if (accepted < period.from && (ended === null || ended >= period.from)) bump(replayed, 'carried_over');
    if (within(accepted, period)) {
      bump(replayed, 'accepted');
      bump(replayed, 'fees_fen', replayed.feeFen);
    }
    // Counted directly rather than as carried_over + accepted − concluded − withdrawn, so the identity is checked too.
    if (accepted <= period.to && (ended === null || ended > period.to)) bump(replayed, 'open_at_end');
    if (within(replayed.concluded, period)) {
      const concluded = replayed.concluded;
      bump(replayed, 'concluded');
      bump(replayed, replayed.outcome!);
      if (concluded === accepted) bump(replayed, 'same_day');
      const deadline = finalDeadline(calendar, replayed);
      if (concluded <= deadline) bump(replayed, 'on_time');
      else {
        bump(replayed, 'overdue');
        listOverdue(replayed, deadline, concluded);
      }
      if (replayed.onSite) bump(replayed, 'on_site');
      const closed = replayed.pauses;
      bump(replayed, 'used_days', daysUsed(calendar, accepted, concluded, closed, replayed.limitUnit));
      if (replayed.legalDays !== null) {
        // Saved days are counted in the legal limit's own unit.
        bump(replayed, 'saved_days', replayed.legalDays - daysUsed(calendar, accepted, concluded, closed, replayed.legalUnit ?? 'workday'));
      }
    }
    if (within(replayed.withdrawn, period)) bump(replayed, 'withdrawn');
    if (openAt(replayed, t)) {
      const deadline = deadlineAt(calendar, replayed, t);
      if (t > deadline) {
        bump(replayed, 'overdue');
        listOverdue(replayed, deadline, null);
      }
    }
  }
  for (const evaluation of facts.evaluations) {
    if (!within(evaluation.date, period)) continue;
    const replayed = byId.get(evaluation.caseId)!;
    bump(replayed, 'evaluations');
    bump(replayed, evaluation.level >= 4 ? 'good' : evaluation.level === 3 ? 'neutral' : 'bad');
  }
  for (const complaint of facts.complaints) {
    if (!within(complaint.received, period)) continue;
    if (!result.windows.has(complaint.windowId)) result.windows.set(complaint.windowId, zero());
    for (const counts of [result.total, result.windows.get(complaint.windowId)!]) {
      counts.complaints++;
      if (complaint.substantiated) counts.substantiated++;
    }
  }
  return result;
}

const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

/** The figures of one group; complaints belong to windows and the totals only (SPEC §6.2). */
function figures(counts: Counts, workingDays: number, withComplaints: boolean) {
  const complaints = withComplaints ? counts.complaints : null;
  return {
    ...counts,
    complaints,
    substantiated: withComplaints ? counts.substantiated : null,
    rates: {
      on_time: ratio(counts.on_time, counts.concluded),
      same_day: ratio(counts.same_day, counts.concluded),
      on_site: ratio(counts.on_site, counts.concluded),
      completion: ratio(counts.concluded, counts.carried_over + counts.accepted),
      good: ratio(counts.good, counts.evaluations),
      satisfied: ratio(counts.good + counts.neutral, counts.evaluations),
      bad: ratio(counts.bad, counts.evaluations),
      complaint: complaints === null ? null : ratio(complaints, counts.accepted),
    },
    daily_accepted: ratio(counts.accepted, workingDays),
  };
}

const active = (counts: Counts) => COUNTS.some((name) => counts[name] !== 0);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function monthBefore(period: Period): Period {
  const [year, month] = [Number(period.from.slice(0, 4)), Number(period.from.slice(5, 7))];
  const from = month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, '0')}-01`;
  return { from, to: addDays(period.from, -1) };
}

/** The monthly pack of SPEC §6.2, less the center's name, the generation time and the catalog. */
export function expectedReport(facts: Facts, calendar: WorkCalendar, period: Period, today: IsoDate) {
  const t = period.to < today ? period.to : today;
  const workingDays = countDays(calendar, addDays(period.from, -1), period.to);
  const month = tally(facts, calendar, period, t);

  const ytdPeriod = { from: `${period.to.slice(0, 4)}-01-01`, to: period.to };
  const ytd = tally(facts, calendar, ytdPeriod, t).total;
  const previous = monthBefore(period);
  const previousCounts = {
    accepted: facts.cases.filter((replayed) => within(replayed.accepted, previous)).length,
    concluded: facts.cases.filter((replayed) => within(replayed.concluded, previous)).length,
  };

  const fees = new Map<string, { item: string; item_name: string; window: string | null; window_name: string | null; cases: number; fees_fen: number }>();
  for (const replayed of facts.cases) {
    if (!within(replayed.accepted, period) || replayed.feeFen <= 0) continue;
    const item = facts.items.get(replayed.itemId)!;
    const window = facts.windows.find((candidate) => candidate.id === replayed.windowId) ?? null;
    const key = `${item.code}\u0000${window?.code ?? ''}`;
    const row = fees.get(key) ?? {
      item: item.code,
      item_name: item.name,
      window: window?.code ?? null,
      window_name: window?.name ?? null,
      cases: 0,
      fees_fen: 0,
    };
    row.cases++;
    row.fees_fen += replayed.feeFen;
    fees.set(key, row);
  }

  return {
    period: { from: period.from, to: period.to },
    evaluated_at: t,
    working_days: workingDays,
    totals: {
      ...figures(month.total, workingDays, true),
      ytd: { from: ytdPeriod.from, to: ytdPeriod.to, ...ytd, rates: figures(ytd, 0, true).rates },
      previous: { ...previous, ...previousCounts },
    },
    windows: facts.windows
      .map((window) => ({
        code: window.code,
        name: window.name,
        department: window.department,
        ...figures(month.windows.get(window.id) ?? zero(), workingDays, true),
      }))
      .sort((a, b) => byText(a.code, b.code)),
    departments: facts.departments
      .map((department) => ({ name: department.name, ...figures(month.departments.get(department.id) ?? zero(), workingDays, false) }))
      .sort((a, b) => byText(a.name, b.name)),
    items: [...month.items.entries()]
      .filter(([, counts]) => active(counts))
      .map(([id, counts]) => {
        const item = facts.items.get(id)!;
        return { code: item.code, name: item.name, department: item.department, type: item.type, ...figures(counts, workingDays, false) };
      })
      .sort((a, b) => byText(a.code, b.code)),
    types: [...month.types.entries()]
      .filter(([, counts]) => active(counts))
      .map(([type, counts]) => ({ type, ...figures(counts, workingDays, false) }))
      .sort((a, b) => byText(a.type, b.type)),
    fees: [...fees.values()].sort((a, b) => byText(a.item, b.item) || byText(a.window ?? '', b.window ?? '')),
    overdue_cases: month.overdue.sort((a, b) => byText(a.number, b.number) || byText(a.concluded ?? '', b.concluded ?? '')),
  };
}
