/**
 * The oracle of test/combined-scenario.test.ts: the 一件事 combined case of SPEC §7.1
 * computed again from the SPEC's words, from the parts' event histories as the scenario
 * recorded them while driving hall — never from hall's own derivation.
 *
 * Nothing of src/ is imported: the working-day calendar is rebuilt here from the official
 * schedule in ../shared/data/holidays-cn.csv (copied to fixtures/holidays-cn-2024-2026.csv) (SPEC §2: Mon–Fri unless a declared holiday,
 * or a declared 调休 working day), and W(a, b), deadlines and pauses (s, e] are counted in
 * plain loops over dates.
 *
 * What it computes:
 * - `deriveCombined`: every field of `case show J… --format json` that §7.1 defines (state,
 *   merged pauses with their parts, paused days E, deadline, legal_deadline, days_left,
 *   concluded_at, withdrawn_at, outcome, days_used, on_time, parts_done, parts_total) and
 *   each part's own state and deadline as §2 defines them for a lone case;
 * - `bundleFigures`: the monthly pack's `bundles` section and `totals.combined` (§7.1 last
 *   bullet: the §6.1 definitions applied to combined cases, voided ones left out).
 */
import { readFileSync } from 'node:fs';

export type IsoDate = string;
export type LimitUnit = 'workday' | 'calendar';
export type Outcome = 'approved' | 'denied';

// ---------------------------------------------------------------------------------------
// The calendar (SPEC §2)

const DAY_MS = 86_400_000;

/** The date `n` days after `date` (n may be negative). */
export function addDays(date: IsoDate, n: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The local date (Asia/Shanghai, UTC+8 all year) of an ISO 8601 instant with its offset. */
export function localDate(instant: string): IsoDate {
  return new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Minutes after local midnight (Asia/Shanghai) of an instant, to the minute (seconds dropped). */
export function localMinutes(instant: string): number {
  const local = new Date(Date.parse(instant) + 8 * 3_600_000);
  return local.getUTCHours() * 60 + local.getUTCMinutes();
}

export class OracleCalendar {
  private readonly overrides = new Map<IsoDate, 'holiday' | 'workday'>();

  /** From a `date,kind,note` file such as ../shared/data/holidays-cn.csv. */
  static fromFile(path: string): OracleCalendar {
    const calendar = new OracleCalendar();
    for (const line of readFileSync(path, 'utf8').split(/\r?\n/).slice(1)) {
      const [date, kind] = line.split(',');
      if (date && (kind === 'holiday' || kind === 'workday')) calendar.overrides.set(date, kind);
    }
    return calendar;
  }

  /** A copy with one day declared (as `hall calendar set DATE KIND` corrects it). */
  withDay(date: IsoDate, kind: 'holiday' | 'workday'): OracleCalendar {
    const copy = new OracleCalendar();
    for (const [day, declared] of this.overrides) copy.overrides.set(day, declared);
    copy.overrides.set(date, kind);
    return copy;
  }

  /** Mon–Fri and not a declared holiday, or a declared make-up working day. */
  isWorking(date: IsoDate): boolean {
    const declared = this.overrides.get(date);
    if (declared) return declared === 'workday';
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** W(a, b): working days d with a < d ≤ b (0 when b ≤ a). */
  W(a: IsoDate, b: IsoDate): number {
    let count = 0;
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (this.isWorking(d)) count++;
    return count;
  }

  /** Days counted in `unit` in (a, b]: working days, or every date for 自然日. */
  count(a: IsoDate, b: IsoDate, unit: LimitUnit): number {
    return unit === 'workday' ? this.W(a, b) : Math.max(0, daysBetween(a, b));
  }

  /** The working day D with W(a, D) = n, n ≥ 1. */
  nthWorkingDayAfter(a: IsoDate, n: number): IsoDate {
    if (n < 1) throw new Error(`nthWorkingDayAfter(${a}, ${n}): n must be at least 1`);
    let d = a;
    for (let k = 0; k < n; ) {
      d = addDays(d, 1);
      if (this.isWorking(d)) k++;
    }
    return d;
  }

  /** The first working day after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate {
    return this.nthWorkingDayAfter(date, 1);
  }

  /** `date` if it is a working day, else the next one (民法典 Art. 203). */
  workingOnOrAfter(date: IsoDate): IsoDate {
    return this.isWorking(date) ? date : this.nextWorkingDay(date);
  }
}

// ---------------------------------------------------------------------------------------
// Histories, as the scenario records them

export type PauseKind = 'supplement' | 'suspend';

export interface PartEvent {
  kind: PauseKind | 'resume' | 'conclude' | 'withdraw' | 'void';
  /** ISO 8601 with offset, as the command was run (HALL_NOW). */
  at: string;
  outcome?: Outcome;
}

export interface PartHistory {
  number: string;
  item: string;
  /** The part's own promised limit and unit (its item's, for its own deadline of §2). */
  promisedDays: number;
  limitUnit: LimitUnit;
  /** Office closing time in minutes after midnight (setting, default 17:30). */
  closingMinutes?: number;
  acceptedAt: string;
  /** In the order they happened, registration excluded. */
  events: PartEvent[];
}

export interface CombinedHistory {
  number: string;
  bundle: string;
  promisedDays: number;
  legalDays: number | null;
  acceptedAt: string;
  parts: PartHistory[];
}

/** The history as it stood at `instant` (events after it not yet happened); null if not yet registered. */
export function historyAt(history: CombinedHistory, instant: string): CombinedHistory | null {
  const limit = Date.parse(instant);
  if (Date.parse(history.acceptedAt) > limit) return null;
  return {
    ...history,
    parts: history.parts.map((part) => ({ ...part, events: part.events.filter((event) => Date.parse(event.at) <= limit) })),
  };
}

/** The history as a report at date `t` sees it: events dated on or before `t` (SPEC §6: "the event's date"). */
export function historyOn(history: CombinedHistory, t: IsoDate): CombinedHistory | null {
  if (localDate(history.acceptedAt) > t) return null;
  return { ...history, parts: history.parts.map((part) => ({ ...part, events: part.events.filter((event) => localDate(event.at) <= t) })) };
}

// ---------------------------------------------------------------------------------------
// A part, as a lone case (SPEC §2, §3.2)

export type PartState = 'open' | 'paused' | 'concluded' | 'withdrawn' | 'voided';

interface PartPause {
  kind: PauseKind;
  from: IsoDate;
  /** null while the pause runs. */
  to: IsoDate | null;
}

export interface FoldedPart {
  number: string;
  item: string;
  state: PartState;
  pauses: PartPause[];
  concludedAt: string | null;
  outcome: Outcome | null;
  withdrawnAt: string | null;
  /** The conclusion or withdrawal instant, null while unfinished. */
  endedAt: string | null;
}

/** Folds a part's events: a pause runs from supplement/suspend to resume, and a withdrawal ends the pause it interrupts. */
export function foldPart(part: PartHistory): FoldedPart {
  const folded: FoldedPart = {
    number: part.number,
    item: part.item,
    state: 'open',
    pauses: [],
    concludedAt: null,
    outcome: null,
    withdrawnAt: null,
    endedAt: null,
  };
  const running = () => folded.pauses.find((pause) => pause.to === null);
  for (const event of part.events) {
    const date = localDate(event.at);
    switch (event.kind) {
      case 'supplement':
      case 'suspend':
        if (running()) throw new Error(`${part.number}: paused twice`);
        folded.pauses.push({ kind: event.kind, from: date, to: null });
        folded.state = 'paused';
        break;
      case 'resume': {
        const pause = running();
        if (!pause) throw new Error(`${part.number}: resume without a pause`);
        pause.to = date;
        folded.state = 'open';
        break;
      }
      case 'conclude':
        if (running()) throw new Error(`${part.number}: concluded while paused`);
        folded.state = 'concluded';
        folded.concludedAt = event.at;
        folded.outcome = event.outcome ?? null;
        folded.endedAt = event.at;
        break;
      case 'withdraw': {
        const pause = running();
        if (pause) pause.to = date;
        folded.state = 'withdrawn';
        folded.withdrawnAt = event.at;
        folded.endedAt = event.at;
        break;
      }
      case 'void':
        folded.state = 'voided';
        break;
    }
  }
  return folded;
}

/**
 * A part's own deadline as §2 defines it for a lone case, at `today` (null while paused):
 * P = 0 → d0 if a working day and accepted by closing time (to the minute), else the next
 * working day; P > 0 → the working day D with W(d0, D) = P + E (自然日: d0 + P + E days,
 * moved to the next working day when it is not one).
 */
export function partDeadline(calendar: OracleCalendar, part: PartHistory, folded: FoldedPart, today: IsoDate): IsoDate | null {
  if (folded.state === 'paused') return null;
  const d0 = localDate(part.acceptedAt);
  if (part.promisedDays === 0) {
    const closing = part.closingMinutes ?? 17 * 60 + 30;
    return calendar.isWorking(d0) && localMinutes(part.acceptedAt) <= closing ? d0 : calendar.nextWorkingDay(d0);
  }
  const E = folded.pauses.reduce((sum, pause) => sum + calendar.count(pause.from, pause.to ?? today, part.limitUnit), 0);
  return part.limitUnit === 'workday' ? calendar.nthWorkingDayAfter(d0, part.promisedDays + E) : calendar.workingOnOrAfter(addDays(d0, part.promisedDays + E));
}

// ---------------------------------------------------------------------------------------
// The combined case (SPEC §7.1)

export type CombinedState = 'open' | 'paused' | 'concluded' | 'withdrawn' | 'voided';

export interface MergedPause {
  from: IsoDate;
  to: IsoDate | null;
  parts: string[];
}

export interface ExpectedPart {
  number: string;
  item: string;
  state: PartState;
  deadline: IsoDate | null;
  concluded_at: string | null;
  outcome: Outcome | null;
}

export interface ExpectedCombined {
  number: string;
  bundle: string;
  state: CombinedState;
  accepted_at: string;
  accepted_date: IsoDate;
  promised_days: number;
  legal_days: number | null;
  deadline: IsoDate | null;
  legal_deadline: IsoDate | null;
  paused_days: number;
  days_used: number | null;
  days_left: number | null;
  concluded_at: string | null;
  withdrawn_at: string | null;
  outcome: 'approved' | 'denied' | 'partial' | null;
  on_time: boolean | null;
  parts_done: number;
  parts_total: number;
  pauses: MergedPause[];
  parts: ExpectedPart[];
}

/** The latest of some instants, as written (compared as instants). */
function latest(instants: readonly string[]): string | null {
  let best: string | null = null;
  for (const instant of instants) if (best === null || Date.parse(instant) > Date.parse(best)) best = instant;
  return best;
}

/**
 * The parts' pause intervals merged where they overlap or touch (one ends on the day
 * another begins): (s1, e1] and (s2, e2] with s1 ≤ s2 join when s2 ≤ e1; an open one
 * (`to` null) runs on and swallows every later start.
 */
export function mergePauses(intervals: readonly { from: IsoDate; to: IsoDate | null; part: string }[]): MergedPause[] {
  const sorted = [...intervals].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: { from: IsoDate; to: IsoDate | null; parts: Set<string> }[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && (last.to === null || interval.from <= last.to)) {
      if (last.to !== null && (interval.to === null || interval.to > last.to)) last.to = interval.to;
      last.parts.add(interval.part);
    } else {
      merged.push({ from: interval.from, to: interval.to, parts: new Set([interval.part]) });
    }
  }
  return merged.map((entry) => ({ from: entry.from, to: entry.to, parts: [...entry.parts].sort() }));
}

/** Every §7.1 field of the combined case as of `today` (the history holding only what happened by then). */
export function deriveCombined(calendar: OracleCalendar, history: CombinedHistory, today: IsoDate): ExpectedCombined {
  const d0 = localDate(history.acceptedAt);
  const folded = history.parts.map(foldPart);
  const P = history.promisedDays;
  const L = history.legalDays;

  // Paused days: a working day d is paused when d ∈ (s, e] of at least one pause of at least
  // one part; an open pause counts to today (a part withdrawn while paused ended it then).
  const intervals = folded.flatMap((part) => part.pauses.map((pause) => ({ from: pause.from, to: pause.to, part: part.number })));
  const pausedDays = new Set<IsoDate>();
  for (const interval of intervals) {
    const end = interval.to ?? today;
    for (let d = addDays(interval.from, 1); d <= end; d = addDays(d, 1)) if (calendar.isWorking(d)) pausedDays.add(d);
  }
  const E = pausedDays.size;

  const voided = folded.every((part) => part.state === 'voided');
  const allWithdrawn = folded.every((part) => part.state === 'withdrawn');
  const allDone = folded.every((part) => part.state === 'concluded' || part.state === 'withdrawn');
  const anyPaused = folded.some((part) => part.state === 'paused');
  const state: CombinedState = voided ? 'voided' : allWithdrawn ? 'withdrawn' : allDone ? 'concluded' : anyPaused ? 'paused' : 'open';

  const deadline = anyPaused ? null : calendar.nthWorkingDayAfter(d0, P + E);
  const legal_deadline = anyPaused || L === null ? null : calendar.nthWorkingDayAfter(d0, L + E);

  const concluded_at = state === 'concluded' ? latest(folded.map((part) => part.endedAt!)) : null;
  const withdrawn_at = state === 'withdrawn' ? latest(folded.map((part) => part.withdrawnAt!)) : null;
  let outcome: ExpectedCombined['outcome'] = null;
  if (state === 'concluded') {
    const outcomes = folded.filter((part) => part.state === 'concluded').map((part) => part.outcome);
    outcome = outcomes.every((o) => o === 'approved') ? 'approved' : outcomes.every((o) => o === 'denied') ? 'denied' : 'partial';
  }
  const dc = concluded_at === null ? null : localDate(concluded_at);
  const days_used = dc === null ? null : Math.max(0, calendar.W(d0, dc) - E);
  const on_time = dc === null || deadline === null ? null : dc <= deadline;
  // Left while it runs: P − (W(d0, today) − E), which is W(today, D) up to D and −W(D, today) past it.
  const days_left = state === 'open' || state === 'paused' ? P + E - calendar.W(d0, today) : null;

  return {
    number: history.number,
    bundle: history.bundle,
    state,
    accepted_at: history.acceptedAt,
    accepted_date: d0,
    promised_days: P,
    legal_days: L,
    deadline,
    legal_deadline,
    paused_days: E,
    days_used,
    days_left,
    concluded_at,
    withdrawn_at,
    outcome,
    on_time,
    parts_done: folded.filter((part) => part.state === 'concluded' || part.state === 'withdrawn').length,
    parts_total: folded.length,
    pauses: mergePauses(intervals),
    parts: history.parts.map((part, i) => ({
      number: part.number,
      item: part.item,
      state: folded[i]!.state,
      deadline: partDeadline(calendar, part, folded[i]!, today),
      concluded_at: folded[i]!.concludedAt,
      outcome: folded[i]!.outcome,
    })),
  };
}

// ---------------------------------------------------------------------------------------
// The monthly pack's `bundles` (SPEC §7.1 last bullet, §6.1 applied to combined cases)

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export interface BundleCounts {
  carried_over: number;
  accepted: number;
  concluded: number;
  withdrawn: number;
  open_at_end: number;
  on_time: number;
  overdue: number;
  used_days: number;
  rates: { on_time: number | null; completion: number | null };
  avg_used_days: number | null;
}

export interface BundleRow extends BundleCounts {
  code: string;
  name: string;
  lead_department: string;
}

export interface BundleCatalogEntry {
  code: string;
  name: string;
  lead_department: string;
}

const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

function emptyCounts(): Omit<BundleCounts, 'rates' | 'avg_used_days'> {
  return { carried_over: 0, accepted: 0, concluded: 0, withdrawn: 0, open_at_end: 0, on_time: 0, overdue: 0, used_days: 0 };
}

function withRates(counts: Omit<BundleCounts, 'rates' | 'avg_used_days'>): BundleCounts {
  return {
    ...counts,
    rates: { on_time: ratio(counts.on_time, counts.concluded), completion: ratio(counts.concluded, counts.carried_over + counts.accepted) },
    avg_used_days: ratio(counts.used_days, counts.concluded),
  };
}

/**
 * The `bundles` section and `totals.combined` of `report monthly` for `period`, run on
 * `today`: per bundle (sorted by code, those with a non-zero figure), §6.1 on combined cases:
 * carried_over (accepted before `from`, not concluded or withdrawn before it), accepted,
 * concluded (ended as concluded, dc in period), withdrawn (all parts withdrawn, the latest in
 * period), open_at_end, on_time (concluded in period, dc ≤ deadline), overdue (concluded in
 * period after the deadline + open at t = min(to, today) with t > its deadline, an open pause
 * counting to t), used_days (Σ days_used of those concluded in period), rates.on_time,
 * rates.completion, avg_used_days. Voided combined cases count nowhere.
 */
export function bundleFigures(
  calendar: OracleCalendar,
  histories: readonly CombinedHistory[],
  catalog: readonly BundleCatalogEntry[],
  period: Period,
  today: IsoDate,
): { bundles: BundleRow[]; combined: BundleCounts } {
  const t = period.to < today ? period.to : today;
  const perBundle = new Map<string, Omit<BundleCounts, 'rates' | 'avg_used_days'>>();
  const total = emptyCounts();
  const within = (date: IsoDate | null) => date !== null && date >= period.from && date <= period.to;
  for (const full of histories) {
    const seen = historyOn(full, today);
    if (!seen) continue;
    const final = deriveCombined(calendar, seen, today);
    if (final.state === 'voided') continue;
    const d0 = final.accepted_date;
    const ended = final.concluded_at ?? final.withdrawn_at;
    const endedDate = ended === null ? null : localDate(ended);
    const counts = emptyCounts();
    if (d0 < period.from && (endedDate === null || endedDate >= period.from)) counts.carried_over = 1;
    if (within(d0)) counts.accepted = 1;
    if (final.state === 'concluded' && within(endedDate)) {
      counts.concluded = 1;
      counts.used_days = final.days_used!;
      if (final.on_time) counts.on_time = 1;
      else counts.overdue = 1;
    }
    if (final.state === 'withdrawn' && within(endedDate)) counts.withdrawn = 1;
    if (d0 <= t && (endedDate === null || endedDate > t)) {
      // Open at t: its deadline as it stood then, a pause still running counting to t.
      const atT = deriveCombined(calendar, historyOn(full, t)!, t);
      const stillPausedDeadline = atT.deadline ?? deadlineWithOpenPauses(calendar, historyOn(full, t)!, t);
      if (t > stillPausedDeadline) counts.overdue += 1;
    }
    counts.open_at_end = counts.carried_over + counts.accepted - counts.concluded - counts.withdrawn;
    const bucket = perBundle.get(full.bundle) ?? emptyCounts();
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) {
      bucket[key] += counts[key];
      total[key] += counts[key];
    }
    perBundle.set(full.bundle, bucket);
  }
  const bundles = catalog
    .filter((entry) => {
      const counts = perBundle.get(entry.code);
      return counts !== undefined && Object.values(counts).some((value) => value !== 0);
    })
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((entry) => ({ code: entry.code, name: entry.name, lead_department: entry.lead_department, ...withRates(perBundle.get(entry.code)!) }));
  return { bundles, combined: withRates(total) };
}

/** The deadline W(d0, D) = P + E with every pause (a running one to `t`) counted: what a report uses while paused. */
export function deadlineWithOpenPauses(calendar: OracleCalendar, history: CombinedHistory, t: IsoDate): IsoDate {
  const derived = deriveCombined(calendar, history, t);
  return calendar.nthWorkingDayAfter(derived.accepted_date, history.promisedDays + derived.paused_days);
}
