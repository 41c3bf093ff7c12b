/**
 * Issue 21's "done when": 差评整改 reviews (SPEC §7.2) and complaints with deadlines (§7.3),
 * driven through the hall command (in process, test/helpers.ts) with HALL_NOW, agree with
 * test/oversight-oracle.ts — an independent computation of §7.2–7.3 from the SPEC's words —
 * for every review (`review list|show --format json`), every complaint (`complaint add|close|
 * list --format json`) and the monthly packs' new figures, at a today inside the month and
 * after it.
 *
 * Run 1 (default settings, review_days 5, complaint days 2/10/10/15/15), October 2025 around
 * National Day (1–8 October a holiday, Saturday 11 October a 调休 working day) and February
 * 2026 around the Spring Festival (Saturday 14 and 28 February working days, 15–23 a holiday):
 * bad ratings by `case rate` (one on a holiday, one backdated with --date) and by `cases
 * import` (a level number and a level name); reviews rectified on their due date, early, late,
 * late after the month's end and never, rectified on the 调休 Saturday and on a Sunday;
 * invalidated inside the month and after it; revised by a --replace raising the rating; a
 * --replace to another bad level while open (the review kept); a --replace to a bad level
 * after the review was rectified (a new review) and a good --replace after rectification (the
 * review kept as it is); visits satisfied and unsatisfied, one after the month's end;
 * complaints of every category (English codes, Chinese words, and none), received on a
 * holiday, closed on time, on the due date, late, after the month's end, never; at the end a
 * calendar correction that moves due dates and turns two late complaints on time.
 *
 * Run 2: `hall init --review-days 3 --complaint-days FILE.json` (a subset of categories, in
 * both languages), then `--review-days 7` halfway (it applies to reviews opened afterwards).
 *
 * The packs are compared for every window and the totals (reviews, complaints_on_time,
 * complaints_overdue, rates.complaint_on_time) and for every window, department, item, type,
 * the totals and totals.ytd (the §6.1 evaluation figures, invalid-at-t evaluations left out);
 * the assessment's satisfaction and discipline components with the default rubric and with
 * `review_overdue_penalty`.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hall } from './helpers.js';
import {
  type CaseGroups,
  type Category,
  ComplaintLedger,
  complaintDays,
  currentState,
  expectedAlerts,
  expectedComplaint,
  expectedComponents,
  expectedPack,
  expectedReview,
  type IsoDate,
  OracleCalendar,
  OversightLedger,
  type ReviewRecord,
  reviewsWithStatus,
  type VisitResult,
} from './oversight-oracle.js';

// The official schedule (../shared/data/holidays-cn.csv, copied; test/holidays-data.test.ts checks the copy), so it runs in CI.
const OFFICIAL = OracleCalendar.fromFile(fixture('holidays-cn-2024-2026.csv'));

/** The items used, from fixtures/demo-catalog.csv (window, department, type; promised limit). */
const ITEMS: Record<string, CaseGroups & { promised: number }> = {
  XK01004000: { item: 'XK01004000', window: 'A01', department: '市场监督管理局', type: '行政许可', promised: 0 },
  XK01001000: { item: 'XK01001000', window: 'A01', department: '市场监督管理局', type: '行政许可', promised: 1 },
  QT02003000: { item: 'QT02003000', window: 'A02', department: '市场监督管理局', type: '其他行政权力', promised: 0 },
  QR03003000: { item: 'QR03003000', window: 'B01', department: '公安局', type: '行政确认', promised: 0 },
  XK03008000: { item: 'XK03008000', window: 'B03', department: '公安局', type: '行政许可', promised: 0 },
  GG04001000: { item: 'GG04001000', window: 'C01', department: '人力资源和社会保障局', type: '公共服务', promised: 0 },
  GG05001000: { item: 'GG05001000', window: 'C02', department: '医疗保障局', type: '公共服务', promised: 0 },
  GG06004000: { item: 'GG06004000', window: 'D01', department: '自然资源和规划局', type: '公共服务', promised: 0 },
};

const REVIEW_FIELDS = [
  'id',
  'case',
  'window',
  'level',
  'opened',
  'due',
  'state',
  'rectified_at',
  'rectify_note',
  'visited_at',
  'visit_result',
  'visit_note',
  'invalidated_at',
  'invalid_reason',
] as const;
const COMPLAINT_FIELDS = [
  'id',
  'window',
  'case',
  'channel',
  'received_at',
  'summary',
  'status',
  'substantiated',
  'category',
  'due',
  'closed_at',
  'on_time',
] as const;

const pick = (row: Record<string, unknown> | undefined, fields: readonly string[]) =>
  row === undefined ? undefined : Object.fromEntries(fields.map((field) => [field, row[field]]));

/** Rates compared to 1e-12 (a fraction computed in SQL or JS may differ in the last bit). */
function rounded<T>(value: T): T {
  if (typeof value === 'number') return (Number.isInteger(value) ? value : Math.round(value * 1e12) / 1e12) as T;
  if (Array.isArray(value)) return value.map(rounded) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rounded(inner)])) as T;
  return value;
}

const stamp = (when: string) => `${when.slice(0, 10)}T${when.slice(11, 16)}:00+08:00`;

// ---------------------------------------------------------------------------------------
// A run: one database driven in time order, with the oracle's record kept beside it

type CheckKind = 'reviews' | 'review-status' | 'complaints' | 'pack-reviews' | 'pack-complaints' | 'pack-evaluations' | 'assessment' | 'alerts';

interface Check {
  kind: CheckKind;
  label: string;
  actual: unknown;
  expected: unknown;
}

type Action = (run: Run, at: string) => Promise<void>;

class Run {
  db = '';
  dir = '';
  calendar = OFFICIAL;
  readonly ledger: OversightLedger;
  readonly complaints: ComplaintLedger;
  /** Scenario key → case number. */
  readonly cases = new Map<string, string>();
  /** Case number → its groups. */
  readonly groups = new Map<string, CaseGroups>();
  readonly complaintIds = new Map<string, number>();
  readonly checks: Check[] = [];
  private readonly steps: { at: string; order: number; label: string; act: Action }[] = [];
  commands = 0;

  constructor(
    readonly name: string,
    readonly initArgs: string[],
    reviewDays: number,
    days: Record<Category, number>,
  ) {
    this.ledger = new OversightLedger(reviewDays);
    this.complaints = new ComplaintLedger(days);
  }

  at(when: string, label: string, act: Action): this {
    this.steps.push({ at: stamp(when), order: this.steps.length, label, act });
    return this;
  }

  async cli(args: string[], at: string): Promise<string> {
    this.commands++;
    const result = await hall(this.db, args, { HALL_NOW: at });
    if (result.code !== 0) throw new Error(`${this.name}: hall ${args.join(' ')} at ${at}: exit ${result.code}\n${result.stderr}`);
    return result.stdout;
  }

  async json(args: string[], at: string): Promise<unknown> {
    return JSON.parse(await this.cli([...args, '--format', 'json'], at));
  }

  check(kind: CheckKind, label: string, actual: unknown, expected: unknown): void {
    this.checks.push({ kind, label: `${this.name}: ${label}`, actual, expected });
  }

  number(key: string): string {
    const number = this.cases.get(key);
    if (!number) throw new Error(`${this.name}: no case ${key} yet`);
    return number;
  }

  /** The latest review of a case (the one the scenario acts on). */
  review(key: string): ReviewRecord {
    const number = this.number(key);
    const review = this.ledger.reviews.filter((candidate) => candidate.case === number).at(-1);
    if (!review) throw new Error(`${this.name}: case ${key} has no review`);
    return review;
  }

  async drive(): Promise<void> {
    this.dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hall-oversight-'));
    this.db = join(this.dir, 'hall.db');
    const first = stamp('2025-09-22 08:30');
    await this.cli(['init', '--center', '测试市政务服务中心', ...this.initArgs], first);
    await this.cli(['items', 'import', fixture('demo-catalog.csv')], first);
    const steps = [...this.steps].sort((x, y) => Date.parse(x.at) - Date.parse(y.at) || x.order - y.order);
    for (const step of steps) await step.act(this, step.at);
  }

  cleanup(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
// The actions

const dateOf = (at: string): IsoDate => at.slice(0, 10);

/** Registers a case of `item` (a 即办件 concluded at once; a promised one left open) under `key`. */
const register =
  (key: string, item: string, window?: string): Action =>
  async (run, at) => {
    const spec = ITEMS[item]!;
    const args = ['case', 'register', '--item', item, '--applicant', `申请人${key}`];
    if (window) args.push('--window', window);
    if (spec.promised === 0) args.push('--conclude', 'approved');
    const out = (await run.json(args, at)) as { number: string };
    run.cases.set(key, out.number);
    run.groups.set(out.number, { ...spec, window: window ?? spec.window });
  };

const conclude =
  (key: string): Action =>
  async (run, at) => {
    await run.cli(['case', 'conclude', run.number(key), '--outcome', 'approved'], at);
  };

/** `case rate` (with --replace, with --date): the oracle records the evaluation and any review it opens or closes. */
const rate =
  (key: string, level: number, options: { replace?: boolean; date?: IsoDate } = {}): Action =>
  async (run, at) => {
    const number = run.number(key);
    const args = ['case', 'rate', number, '--level', String(level)];
    if (options.replace) args.push('--replace');
    if (options.date) args.push('--date', options.date);
    await run.cli(args, at);
    run.ledger.rate(number, run.groups.get(number)!.window, level, options.date ?? dateOf(at));
  };

const rectify =
  (key: string, note: string, date?: IsoDate): Action =>
  async (run, at) => {
    const review = run.review(key);
    await run.cli(['review', 'rectify', String(review.id), '--note', note, ...(date ? ['--date', date] : [])], at);
    run.ledger.rectify(review.id, date ?? dateOf(at), note);
  };

const visit =
  (key: string, result: VisitResult, note: string, date?: IsoDate): Action =>
  async (run, at) => {
    const review = run.review(key);
    await run.cli(['review', 'visit', String(review.id), '--result', result, '--note', note, ...(date ? ['--date', date] : [])], at);
    run.ledger.visit(review.id, date ?? dateOf(at), result, note);
  };

const invalidate =
  (key: string, reason: string, date?: IsoDate): Action =>
  async (run, at) => {
    const review = run.review(key);
    await run.cli(['review', 'invalidate', String(review.id), '--reason', reason, ...(date ? ['--date', date] : [])], at);
    run.ledger.invalidate(review.id, date ?? dateOf(at), reason);
  };

const CATEGORY_OF: Record<string, Category> = {
  consult: 'consult',
  help: 'help',
  suggest: 'suggest',
  complaint: 'complaint',
  report: 'report',
  咨询: 'consult',
  求助: 'help',
  建议: 'suggest',
  投诉: 'complaint',
  举报: 'report',
};

interface ComplaintOptions {
  /** As typed after --category (English or Chinese); none = the default 投诉. */
  category?: string;
  caseKey?: string;
  date?: IsoDate;
  channel?: string;
}

/** `complaint add`: what it prints is compared at once with the oracle's complaint. */
const complain =
  (key: string, window: string, summary: string, options: ComplaintOptions = {}): Action =>
  async (run, at) => {
    const channel = options.channel ?? '12345';
    const caseNo = options.caseKey ? run.number(options.caseKey) : null;
    const args = ['complaint', 'add', '--window', window, '--channel', channel, '--summary', summary];
    if (options.category) args.push('--category', options.category);
    if (caseNo) args.push('--case', caseNo);
    if (options.date) args.push('--date', options.date);
    const printed = (await run.json(args, at)) as Record<string, unknown>;
    const category = options.category ? CATEGORY_OF[options.category]! : 'complaint';
    const complaint = run.complaints.add(window, caseNo, channel, category, options.date ?? dateOf(at), summary);
    run.complaintIds.set(key, complaint.id);
    run.check(
      'complaints',
      `complaint add ${key} (${options.category ?? 'no --category'})`,
      pick(printed, COMPLAINT_FIELDS),
      expectedComplaint(run.calendar, complaint),
    );
  };

const closeComplaint =
  (key: string, substantiated: boolean, date?: IsoDate): Action =>
  async (run, at) => {
    const id = run.complaintIds.get(key)!;
    const args = ['complaint', 'close', String(id), '--substantiated', substantiated ? 'yes' : 'no'];
    if (date) args.push('--date', date);
    const printed = (await run.json(args, at)) as Record<string, unknown>;
    run.complaints.close(id, date ?? dateOf(at), substantiated);
    run.check('complaints', `complaint close ${key}`, pick(printed, COMPLAINT_FIELDS), expectedComplaint(run.calendar, run.complaints.complaints[id - 1]!));
  };

/**
 * `cases import` with a 评价 column: [key, item, accepted "YYYY-MM-DD HH:MM", concluded (null: left open),
 * rating cell]. Rows are numbered 09xx on their acceptance day, a range the scenario registers nothing in.
 */
const importCases =
  (name: string, rows: [string, string, string, string | null, string][]): Action =>
  async (run, at) => {
    const file = join(run.dir, name);
    const lines = ['办件编号,事项编码,申请人,受理时间,办结时间,办理结果,评价'];
    const sequence = new Map<string, number>();
    const numbers: string[] = [];
    for (const [key, item, accepted, concluded, rating] of rows) {
      const day = accepted.slice(0, 10).replaceAll('-', '');
      const next = (sequence.get(day) ?? 900) + 1;
      sequence.set(day, next);
      const number = `${day}-${String(next).padStart(4, '0')}`;
      numbers.push(number);
      lines.push(`${number},${item},导入${key},${accepted},${concluded ?? ''},${concluded ? '准予' : ''},${rating}`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    await run.cli(['cases', 'import', file], at);
    const LEVELS: Record<string, number> = { 非常满意: 5, 满意: 4, 基本满意: 3, 不满意: 2, 非常不满意: 1 };
    for (const [i, [key, item, accepted, concluded, rating]] of rows.entries()) {
      const number = numbers[i]!;
      run.cases.set(key, number);
      run.groups.set(number, ITEMS[item]!);
      // An imported evaluation is dated at the case's conclusion, or its acceptance if it is open (SPEC §6.2), in row order.
      run.ledger.rate(number, ITEMS[item]!.window, LEVELS[rating] ?? Number(rating), (concluded ?? accepted).slice(0, 10));
    }
  };

/** `case void --force` (the case has events past its registration): an open review closes as voided (SPEC §3.2). */
const voidCase =
  (key: string): Action =>
  async (run, at) => {
    await run.cli(['case', 'void', run.number(key), '--reason', '登记错误', '--force'], at);
    run.ledger.voidCase(run.number(key), dateOf(at));
  };

/** `window merge FROM INTO`: cases, reviews and complaints move to INTO (SPEC §4). */
const mergeWindow =
  (from: string, into: string): Action =>
  async (run, at) => {
    await run.cli(['window', 'merge', from, into], at);
    run.ledger.mergeWindow(from, into);
    run.complaints.mergeWindow(from, into);
    for (const groups of run.groups.values()) if (groups.window === from) groups.window = into;
  };

const windowRecord =
  (window: string, points: number): Action =>
  async (run, at) => {
    await run.cli(['window', 'record', window, '--kind', 'deduction', '--points', String(points), '--reason', '脱岗'], at);
  };

const setReviewDays =
  (days: number): Action =>
  async (run, at) => {
    await run.cli(['init', '--review-days', String(days)], at);
    run.ledger.setReviewDays(days);
  };

const calendarSet =
  (date: IsoDate, kind: 'holiday' | 'workday'): Action =>
  async (run, at) => {
    await run.cli(['calendar', 'set', date, kind, '--note', '更正'], at);
    run.calendar = run.calendar.withDay(date, kind);
  };

/** A read-only step: if hall fails it (a command or field not built yet), one failed check of `kind` says so and the drive goes on. */
const guarded =
  (kind: CheckKind, label: string, act: Action): Action =>
  async (run, at) => {
    try {
      await act(run, at);
    } catch (error) {
      run.check(kind, `${label} at ${at}`, { failed: (error as Error).message }, 'succeeds');
    }
  };

/** Every review and complaint as hall lists them, and each `review list --status`, against the oracle. */
const readout = (label: string): Action =>
  guarded('reviews', `readout ${label}`, async (run, at) => {
    const today = dateOf(at);
    const where = `${label} (today ${today})`;
    const reviews = (await run.json(['review', 'list'], at)) as Record<string, unknown>[];
    const byId = new Map(reviews.map((row) => [row.id as number, row]));
    run.check(
      'reviews',
      `${where} review ids`,
      reviews.map((row) => row.id as number).sort((a, b) => a - b),
      run.ledger.reviews.map((review) => review.id),
    );
    for (const review of run.ledger.reviews) {
      const expected = expectedReview(run.calendar, review);
      run.check('reviews', `${where} review ${review.id} (case ${review.case}, ${expected.state})`, pick(byId.get(review.id), REVIEW_FIELDS), expected);
    }
    for (const status of ['open', 'overdue', 'rectified', 'visited', 'invalid', 'revised'] as const) {
      const listed = (await run.json(['review', 'list', '--status', status], at)) as { id: number }[];
      run.check(
        'review-status',
        `${where} review list --status ${status}`,
        listed.map((row) => row.id).sort((a, b) => a - b),
        reviewsWithStatus(run.calendar, run.ledger, status, today),
      );
    }
    for (const window of ['A01', 'C01']) {
      const listed = (await run.json(['review', 'list', '--window', window], at)) as { id: number }[];
      run.check(
        'review-status',
        `${where} review list --window ${window}`,
        listed.map((row) => row.id).sort((a, b) => a - b),
        run.ledger.reviews.filter((review) => review.window === window).map((review) => review.id),
      );
    }
    const complaints = (await run.json(['complaint', 'list'], at)) as Record<string, unknown>[];
    const complaintsById = new Map(complaints.map((row) => [row.id as number, row]));
    run.check(
      'complaints',
      `${where} complaint ids`,
      complaints.map((row) => row.id).sort((a, b) => (a as number) - (b as number)),
      run.complaints.complaints.map((complaint) => complaint.id),
    );
    for (const complaint of run.complaints.complaints)
      run.check(
        'complaints',
        `${where} complaint ${complaint.id} (${complaint.category})`,
        pick(complaintsById.get(complaint.id), COMPLAINT_FIELDS),
        expectedComplaint(run.calendar, complaint),
      );
  });

/** Every object in hall's JSON carrying `kind` K, wherever the layout puts it (SPEC §7.1: every alert in JSON carries `kind`). */
function alertsOfKind(json: unknown, kind: string): { id: unknown; level: unknown; due: unknown }[] {
  const found: { id: unknown; level: unknown; due: unknown }[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) for (const inner of value) walk(inner);
    else if (value !== null && typeof value === 'object') {
      const row = value as Record<string, unknown>;
      if (row.kind === kind) found.push({ id: row.id, level: row.level, due: row.due });
      else for (const inner of Object.values(row)) walk(inner);
    }
  };
  walk(json);
  return found.sort((a, b) => Number(a.id) - Number(b.id));
}

/** `alerts`, `alerts --kind review` and `alerts --kind complaint` at today: the reviews and complaints red and yellow. */
const alerts = (label: string): Action =>
  guarded('alerts', `alerts ${label}`, async (run, at) => {
    const today = dateOf(at);
    const expected = expectedAlerts(run.calendar, run.ledger, run.complaints, today);
    const where = `${label} (today ${today})`;
    const all = await run.json(['alerts'], at);
    run.check('alerts', `${where} alerts: reviews`, alertsOfKind(all, 'review'), expected.review);
    run.check('alerts', `${where} alerts: complaints`, alertsOfKind(all, 'complaint'), expected.complaint);
    const reviews = await run.json(['alerts', '--kind', 'review'], at);
    run.check('alerts', `${where} alerts --kind review`, [alertsOfKind(reviews, 'review'), alertsOfKind(reviews, 'complaint')], [expected.review, []]);
    const complaints = await run.json(['alerts', '--kind', 'complaint'], at);
    run.check(
      'alerts',
      `${where} alerts --kind complaint`,
      [alertsOfKind(complaints, 'review'), alertsOfKind(complaints, 'complaint')],
      [[], expected.complaint],
    );
  });

/** `review show` of every review, against the oracle. */
const showEvery = (label: string): Action =>
  guarded('reviews', `review show ${label}`, async (run, at) => {
    for (const review of run.ledger.reviews) {
      const shown = (await run.json(['review', 'show', String(review.id)], at)) as Record<string, unknown>;
      run.check('reviews', `${label}: review show ${review.id}`, pick(shown, REVIEW_FIELDS), expectedReview(run.calendar, review));
    }
  });

type Row = Record<string, unknown> & { rates?: Record<string, unknown> };

const reviewsOf = (row: Row | undefined) => row?.reviews;
const complaintFiguresOf = (row: Row | undefined) =>
  row && {
    complaints: row.complaints,
    substantiated: row.substantiated,
    complaints_on_time: row.complaints_on_time,
    complaints_overdue: row.complaints_overdue,
    rates: { complaint_on_time: row.rates?.complaint_on_time },
  };
const evaluationFiguresOf = (row: Row | undefined) =>
  row && {
    evaluations: row.evaluations,
    good: row.good,
    neutral: row.neutral,
    bad: row.bad,
    rates: { good: row.rates?.good, satisfied: row.rates?.satisfied, bad: row.rates?.bad },
  };
const ZERO_EVALUATIONS = { evaluations: 0, good: 0, neutral: 0, bad: 0, rates: { good: null, satisfied: null, bad: null } };

/** The monthly pack's new figures against the oracle's, window by window and in total. */
const pack = (month: string, label: string): Action =>
  guarded('pack-reviews', `report monthly --month ${month} ${label}`, async (run, at) => {
    const today = dateOf(at);
    const json = (await run.json(['report', 'monthly', '--month', month], at)) as {
      period: { from: IsoDate; to: IsoDate };
      windows: Row[];
      departments: Row[];
      items: Row[];
      types: Row[];
      totals: Row & { ytd: Row };
    };
    const codes = json.windows.map((row) => row.code as string);
    const expected = expectedPack(run.calendar, run.ledger, run.complaints, run.groups, codes, json.period, today);
    const where = `report monthly --month ${month} ${label} (today ${today}, t ${expected.t})`;
    run.check('pack-reviews', `${where}: windows listed`, codes, [...expected.windows.keys()]);
    const rows = new Map(json.windows.map((row) => [row.code as string, row]));
    for (const [code, figures] of expected.windows) {
      run.check('pack-reviews', `${where} window ${code} reviews`, reviewsOf(rows.get(code)), figures.reviews);
      run.check('pack-complaints', `${where} window ${code} complaints`, complaintFiguresOf(rows.get(code)), figures.complaints);
      run.check('pack-evaluations', `${where} window ${code} evaluations`, evaluationFiguresOf(rows.get(code)), figures.evaluations);
    }
    run.check('pack-reviews', `${where} totals reviews`, reviewsOf(json.totals), expected.totals.reviews);
    run.check('pack-complaints', `${where} totals complaints`, complaintFiguresOf(json.totals), expected.totals.complaints);
    run.check('pack-evaluations', `${where} totals evaluations`, evaluationFiguresOf(json.totals), expected.totals.evaluations);
    run.check('pack-evaluations', `${where} totals.ytd evaluations`, evaluationFiguresOf(json.totals.ytd), expected.ytd);
    // §7.3 puts the complaint deadline figures on windows and totals; hall shows them in totals.ytd as well, so they are checked there too.
    if (json.totals.ytd.complaints_on_time !== undefined)
      run.check('pack-complaints', `${where} totals.ytd complaints`, complaintFiguresOf(json.totals.ytd), expected.ytdComplaints);
    const groups: [string, Row[], string, Map<string, unknown>][] = [
      ['department', json.departments, 'name', expected.departments],
      ['item', json.items, 'code', expected.items],
      ['type', json.types, 'type', expected.types],
    ];
    for (const [kind, list, key, figures] of groups) {
      const listed = new Map(list.map((row) => [row[key] as string, row]));
      for (const [name, row] of listed)
        run.check('pack-evaluations', `${where} ${kind} ${name} evaluations`, evaluationFiguresOf(row), figures.get(name) ?? ZERO_EVALUATIONS);
      for (const [name, value] of figures)
        if ((value as { evaluations: number }).evaluations > 0)
          run.check('pack-evaluations', `${where} ${kind} ${name} evaluations (listed)`, evaluationFiguresOf(listed.get(name)), value);
    }
  });

/** The assessment's satisfaction and discipline components (§6.3 with §7.2's penalty) and the bulletin's two evaluation rates. */
const assessment = (month: string, penalty: number | null, deductions: Record<string, number>): Action =>
  guarded('assessment', `report assessment ${month} penalty ${penalty}`, async (run, at) => {
    const today = dateOf(at);
    // "2025Q4" is a quarter (SPEC §6.3: the three months taken as one period).
    const args = ['report', 'assessment', month.includes('Q') ? '--quarter' : '--month', month];
    if (penalty !== null) {
      const file = join(run.dir, `rubric-${penalty}.json`);
      writeFileSync(file, JSON.stringify({ review_overdue_penalty: penalty }));
      args.push('--rubric', file);
    }
    const json = (await run.json(args, at)) as {
      period: { from: IsoDate; to: IsoDate };
      windows: { code: string; rank: number | null; components: Record<string, number | null> }[];
      bulletin: Record<string, number | null>;
    };
    const codes = json.windows.map((row) => row.code);
    const expected = expectedPack(run.calendar, run.ledger, run.complaints, run.groups, codes, json.period, today);
    const where = `report assessment ${month} ${penalty === null ? 'default rubric' : `review_overdue_penalty ${penalty}`} (today ${today})`;
    for (const row of json.windows) {
      if (row.rank === null) continue;
      const want = expectedComponents(expected.windows.get(row.code)!, deductions[row.code] ?? 0, {
        satisfaction: 20,
        discipline: 10,
        review_overdue_penalty: penalty ?? 0,
      });
      run.check(
        'assessment',
        `${where} window ${row.code} components`,
        { satisfaction: row.components.satisfaction, discipline: row.components.discipline },
        want,
      );
    }
    run.check(
      'assessment',
      `${where} bulletin`,
      { satisfied_rate: json.bulletin.satisfied_rate, bad_rate: json.bulletin.bad_rate },
      { satisfied_rate: expected.totals.evaluations.rates.satisfied, bad_rate: expected.totals.evaluations.rates.bad },
    );
  });

// ---------------------------------------------------------------------------------------
// Run 1: the default settings, October 2025 and February 2026

function runOne(): Run {
  const run = new Run('run 1 (defaults)', [], 5, complaintDays());
  run
    // September: reviews opened before the month (never in October's reviews).
    .at('2025-09-26 10:00', 'register s3', register('s3', 'GG04001000'))
    .at('2025-09-26 10:30', 'rate s3', rate('s3', 5))
    .at('2025-09-29 10:00', 'register s1', register('s1', 'XK01004000'))
    .at('2025-09-29 14:00', 'rate s1', rate('s1', 2)) // due 13 Oct (9, 10, 11 调休, 13)
    .at('2025-09-30 09:00', 'register s2', register('s2', 'QR03003000'))
    .at('2025-09-30 09:30', 'rate s2', rate('s2', 1)) // due 14 Oct
    .at('2025-09-30 16:00', 'register o1', register('o1', 'XK03008000'))
    // National Day: rated online on a holiday, opened 1 Oct, due 14 Oct.
    .at('2025-10-01 20:00', 'rate o1', rate('o1', 2))
    .at('2025-10-09 09:30', 'register o2', register('o2', 'GG05001000'))
    .at('2025-10-09 09:40', 'rate o2', rate('o2', 1)) // due 15 Oct, never rectified
    // A September review's rating replaced by another bad one while open: kept, level 1, dated in September.
    .at('2025-10-09 10:00', 'replace s1', rate('s1', 1, { replace: true }))
    .at('2025-10-10 10:00', 'register o3', register('o3', 'GG06004000'))
    .at('2025-10-10 10:10', 'rate o3', rate('o3', 2)) // due 16 Oct (11 调休, 13–16)
    .at('2025-10-10 11:00', 'register o4', register('o4', 'QT02003000'))
    .at('2025-10-10 11:10', 'rate o4', rate('o4', 1)) // due 16 Oct
    // Rectified on the 调休 Saturday, visited unsatisfied on Monday.
    .at('2025-10-11 15:00', 'rectify o3', rectify('o3', '已当面致歉并补办'))
    .at('2025-10-11 09:00', 'register o5', register('o5', 'XK01004000'))
    .at('2025-10-11 09:20', 'rate o5', rate('o5', 2)) // opened on the 调休 Saturday, due 17 Oct
    .at('2025-10-13 09:00', 'register o6', register('o6', 'QR03003000'))
    .at('2025-10-13 09:10', 'rate o6', rate('o6', 1))
    .at('2025-10-13 11:00', 'visit o3', visit('o3', 'unsatisfied', '仍不满意'))
    .at('2025-10-13 16:00', 'rectify s1', rectify('s1', '窗口人员已培训')) // on its due date
    .at('2025-10-14 09:00', 'register o7', register('o7', 'GG04001000'))
    .at('2025-10-14 09:10', 'rate o7', rate('o7', 2)) // due 21 Oct
    .at('2025-10-14 10:00', 'invalidate o5', invalidate('o5', '误评：申请人点错'))
    .at('2025-10-14 16:30', 'rectify o1', rectify('o1', '补发材料清单')) // on its due date
    .at('2025-10-15 09:00', 'register o8', register('o8', 'XK03008000'))
    .at('2025-10-15 10:00', 'raise o6', rate('o6', 4, { replace: true })) // revised
    .at('2025-10-15 11:00', 'rectify s2', rectify('s2', '流程已优化')) // a day late
    .at('2025-10-16 09:00', 'rate o8 backdated', rate('o8', 1, { date: '2025-10-15' })) // due 22 Oct
    .at('2025-10-16 09:00', 'register o9', register('o9', 'GG05001000', 'C01'))
    .at('2025-10-16 09:30', 'rate o9', rate('o9', 2)) // at window C01; due 23 Oct
    .at('2025-10-16 10:00', 'register o10', register('o10', 'XK01001000'))
    .at('2025-10-16 10:05', 'visit o1', visit('o1', 'satisfied', '表示满意'))
    .at('2025-10-16 10:30', 'register o11', register('o11', 'QT02003000'))
    .at('2025-10-16 10:40', 'rate o11', rate('o11', 3))
    .at('2025-10-16 12:00', 'mid-October readout', readout('mid-October'))
    .at('2025-10-16 12:10', 'mid-October pack', pack('2025-10', 'mid-month'))
    .at('2025-10-16 12:20', 'mid-October alerts', alerts('mid-October'))
    // Alerts read on a Sunday and in the Spring Festival: due soon counts working days from a day off.
    .at('2025-10-12 12:00', 'alerts on a Sunday', alerts('Sunday 12 October'))
    .at('2026-02-20 12:00', 'alerts in the Spring Festival', alerts('20 February, a holiday'))
    .at('2025-10-17 09:00', 'rectify o4 late', rectify('o4', '已整改'))
    .at('2025-10-17 10:00', 'register o16', register('o16', 'QT02003000'))
    .at('2025-10-17 10:10', 'rate o16', rate('o16', 2)) // due 24 Oct
    .at('2025-10-17 15:00', 'conclude o10', conclude('o10'))
    .at('2025-10-17 15:30', 'rate o10', rate('o10', 2)) // due 24 Oct, rectified 3 Nov
    .at('2025-10-20 09:00', 'register o17', register('o17', 'GG06004000'))
    .at('2025-10-20 09:10', 'rate o17', rate('o17', 1)) // due 27 Oct
    .at('2025-10-20 09:30', 'o9 rectified on Sunday', rectify('o9', '周日上门整改', '2025-10-19'))
    .at('2025-10-20 10:00', 'replace o7 to 1 while open', rate('o7', 1, { replace: true }))
    .at('2025-10-20 11:00', 'rectify o16 early', rectify('o16', '当日整改'))
    .at('2025-10-20 14:00', 'deduction A01', windowRecord('A01', 3))
    .at('2025-10-20 15:00', 'register o20', register('o20', 'QR03003000'))
    .at('2025-10-20 15:10', 'rate o20', rate('o20', 1))
    .at('2025-10-21 09:00', 'invalidate o20', invalidate('o20', '误评：点错'))
    // The 误评 corrected: a level-5 evaluation with no review of its own, counted as any other.
    .at('2025-10-22 09:00', 'o20 corrected', rate('o20', 5, { replace: true }))
    .at('2025-10-21 10:00', 'rectify o7', rectify('o7', '已整改'))
    .at('2025-10-21 11:00', 'rectify o17', rectify('o17', '已整改'))
    .at(
      '2025-10-22 10:00',
      'import',
      importCases('october.csv', [
        ['i1', 'XK01004000', '2025-10-21 09:00', '2025-10-21 09:00', '1'],
        ['i2', 'QR03003000', '2025-10-21 10:00', '2025-10-21 10:00', '不满意'],
        ['i3', 'GG04001000', '2025-10-20 09:00', '2025-10-20 09:00', '5'],
        ['i4', 'GG05001000', '2025-09-29 09:00', '2025-09-29 09:00', '2'],
        // Concluded two days after acceptance: the review opens on the conclusion date, 22 Oct (due 29 Oct).
        ['i5', 'XK01001000', '2025-10-20 10:00', '2025-10-22 09:30', '非常不满意'],
        // Left open: the review opens on the acceptance date, 21 Oct (due 28 Oct).
        ['i6', 'XK01001000', '2025-10-21 11:00', null, '2'],
      ]),
    )
    .at('2025-10-22 11:00', 'good after rectification', rate('o16', 5, { replace: true })) // the rectified review stays
    .at('2025-10-23 09:00', 'visit o7', visit('o7', 'satisfied', '满意'))
    .at('2025-10-23 10:00', 'bad again after rectification', rate('o17', 2, { replace: true })) // a new review, due 30 Oct
    .at('2025-10-24 09:00', 'register o12', register('o12', 'GG06004000'))
    .at('2025-10-24 09:10', 'rate o12', rate('o12', 1)) // due 31 Oct, rectified 3 Nov
    .at('2025-10-24 09:30', 'visit o9', visit('o9', 'unsatisfied', '未接通后再访不满意'))
    .at('2025-10-24 10:00', 'invalidate o17 second', invalidate('o17', '恶意差评'))
    .at('2025-10-27 09:00', 'register o13', register('o13', 'QR03003000'))
    .at('2025-10-27 09:10', 'rate o13', rate('o13', 2)) // due 3 Nov
    .at('2025-10-28 10:00', 'rectify o13', rectify('o13', '已整改'))
    .at('2025-10-28 11:00', 'bad again after revision', rate('o6', 1, { replace: true })) // a new review, due 4 Nov
    .at('2025-10-29 11:00', 'bad again after invalidation', rate('o5', 2, { replace: true })) // a new review, due 5 Nov
    .at('2025-10-30 11:00', 'rectify i5', rectify('i5', '已整改'))
    .at('2025-10-28 15:00', 'rectify i1', rectify('i1', '已整改')) // on its due date
    .at('2025-10-29 09:00', 'register o14', register('o14', 'XK03008000'))
    .at('2025-10-29 09:10', 'rate o14', rate('o14', 1)) // due 5 Nov, never
    .at('2025-10-30 09:00', 'register o18', register('o18', 'GG04001000'))
    .at('2025-10-30 09:10', 'rate o18', rate('o18', 4))
    .at('2025-10-24 11:00', 'register o19', register('o19', 'GG05001000'))
    .at('2025-10-26 20:00', 'rate o19 on a Sunday', rate('o19', 1)) // opened on a Sunday, due 31 Oct, never
    .at('2025-10-27 11:00', 'o11 neutral to bad', rate('o11', 2, { replace: true })) // a review opened by --replace, due 3 Nov
    .at('2025-10-31 09:00', 'register o15', register('o15', 'GG04001000'))
    .at('2025-10-31 09:10', 'rate o15', rate('o15', 2)) // due 7 Nov
    .at('2025-10-31 16:00', 'rectify o15', rectify('o15', '当日整改'))
    .at('2025-11-03 10:00', 'rectify o10 after the month', rectify('o10', '整改'))
    .at('2025-11-03 10:30', 'rectify o12 after the month', rectify('o12', '整改'))
    .at('2025-11-04 10:00', 'invalidate o8 after the month', invalidate('o8', '申诉成立'))
    .at('2025-11-05 10:00', 'visit o13 after the month', visit('o13', 'satisfied', '满意'))
    // Complaints, October.
    .at('2025-09-30 10:00', 'complaint c7', complain('c7', 'A01', '排队时间长', { caseKey: 's1' })) // 投诉 by default, due 28 Oct
    .at('2025-10-09 08:40', 'complaint c3 on a holiday', complain('c3', 'C01', '咨询社保转移', { category: 'consult', date: '2025-10-04', channel: '网络' })) // due 10 Oct
    .at('2025-10-09 09:00', 'close c3', closeComplaint('c3', false))
    .at('2025-10-09 10:30', 'complaint c4', complain('c4', 'A02', '求助办理进度', { category: 'help' })) // due 22 Oct
    .at('2025-10-09 11:00', 'complaint c8', complain('c8', 'C02', '办理超时', { category: 'complaint', caseKey: 'o2' })) // due 29 Oct, never closed
    .at('2025-10-10 11:00', 'complaint c1', complain('c1', 'A01', '咨询营业执照', { category: 'consult', channel: '电话' })) // due 13 Oct
    .at('2025-10-10 11:30', 'complaint c2', complain('c2', 'B01', '咨询户口迁移', { category: '咨询', channel: '现场' })) // due 13 Oct
    .at('2025-10-13 10:00', 'close c1 on its due date', closeComplaint('c1', false))
    .at('2025-10-13 10:30', 'complaint c5', complain('c5', 'D01', '求助查询资料', { category: '求助' })) // due 27 Oct
    .at('2025-10-13 11:00', 'complaint c10', complain('c10', 'D01', '举报代办收费', { category: 'report', channel: '信箱' })) // due 3 Nov, never
    .at('2025-10-14 09:00', 'close c2 late', closeComplaint('c2', true))
    .at('2025-10-11 10:00', 'complaint c14 on the 调休 Saturday', complain('c14', 'B03', '咨询通行证', { category: 'consult', channel: '现场' })) // due 14 Oct
    .at('2025-10-14 09:20', 'close c14', closeComplaint('c14', false))
    .at('2025-10-14 09:30', 'complaint c13', complain('c13', 'D01', '咨询查档', { category: 'consult' })) // due 16 Oct
    .at('2025-10-15 10:00', 'complaint c9', complain('c9', 'A01', '态度生硬', { category: '投诉', channel: '现场' })) // due 5 Nov
    .at('2025-10-16 09:00', 'complaint c12', complain('c12', 'A02', '咨询备案', { category: 'consult' })) // due 20 Oct
    .at('2025-10-17 09:00', 'close c13 late', closeComplaint('c13', false))
    .at('2025-10-20 10:00', 'close c12', closeComplaint('c12', false))
    .at('2025-10-20 11:00', 'complaint c6', complain('c6', 'B03', '建议增设自助机', { category: '建议' })) // due 3 Nov
    .at('2025-10-22 16:00', 'close c4 on its due date', closeComplaint('c4', false))
    .at('2025-10-29 10:00', 'close c7 late', closeComplaint('c7', true))
    .at('2025-10-29 11:00', 'close c5 late, backdated', closeComplaint('c5', false, '2025-10-28'))
    .at('2025-10-30 10:00', 'close c9', closeComplaint('c9', true))
    .at('2025-10-31 10:00', 'complaint c11', complain('c11', 'B01', '举报黄牛', { category: '举报' })) // due 21 Nov
    .at('2025-11-04 10:00', 'close c6 after the month', closeComplaint('c6', false))
    .at('2025-11-10 10:00', 'close c11 after the month', closeComplaint('c11', true))
    .at('2025-11-12 10:00', 'November readout', readout('after October'))
    .at('2025-11-12 10:05', 'November shows', showEvery('after October'))
    .at('2025-11-03 12:00', 'alerts on 3 November', alerts('3 November'))
    .at('2025-11-12 10:06', 'November alerts', alerts('after October'))
    .at('2025-11-12 10:10', 'October pack after', pack('2025-10', 'after the month'))
    .at('2025-11-12 10:15', 'September pack after', pack('2025-09', 'the month before'))
    .at('2025-11-12 10:20', 'assessment default', assessment('2025-10', null, { A01: 3 }))
    .at('2025-11-12 10:25', 'assessment with penalty', assessment('2025-10', 2, { A01: 3 }))
    // February 2026, the Spring Festival (14 and 28 Feb working Saturdays, 15–23 a holiday).
    .at('2026-02-10 09:00', 'register f6', register('f6', 'GG06004000'))
    .at('2026-02-10 09:10', 'rate f6', rate('f6', 2)) // due 24 Feb, never
    .at('2026-02-12 09:00', 'register f1', register('f1', 'XK01004000'))
    .at('2026-02-12 09:10', 'rate f1', rate('f1', 1)) // due 26 Feb
    .at('2026-02-12 10:00', 'register f7', register('f7', 'QT02003000'))
    .at('2026-02-12 10:10', 'rate f7', rate('f7', 2)) // due 26 Feb; 27 Feb after the correction
    .at('2026-02-27 11:00', 'rectify f7', rectify('f7', '已整改')) // late, then on time after the correction
    .at('2026-02-13 09:00', 'register f2', register('f2', 'QR03003000'))
    .at('2026-02-13 09:10', 'rate f2', rate('f2', 2)) // due 27 Feb
    .at('2026-02-13 10:00', 'register f4', register('f4', 'GG05001000'))
    .at('2026-02-14 09:00', 'register f3', register('f3', 'GG04001000'))
    .at('2026-02-14 09:10', 'rate f3', rate('f3', 1)) // opened on the working Saturday, due 28 Feb
    .at('2026-02-16 20:00', 'rate f4 on a holiday', rate('f4', 2)) // due 28 Feb
    .at('2026-02-24 09:00', 'register f5', register('f5', 'GG06004000'))
    .at('2026-02-24 09:10', 'rate f5', rate('f5', 1)) // due 2 Mar
    .at('2026-02-25 10:00', 'invalidate f4', invalidate('f4', '误评'))
    .at('2026-02-25 12:00', 'February readout', readout('late February'))
    .at('2026-02-25 12:10', 'February pack mid', pack('2026-02', 'mid-month'))
    .at('2026-02-25 12:20', 'February alerts', alerts('late February'))
    .at('2026-02-13 12:00', 'alerts before the Spring Festival', alerts('before the Spring Festival'))
    .at('2026-02-26 16:00', 'rectify f1', rectify('f1', '已整改'))
    .at('2026-02-27 10:00', 'rectify f5', rectify('f5', '已整改'))
    .at('2026-03-02 10:00', 'rectify f2 late', rectify('f2', '已整改'))
    .at('2026-03-03 10:00', 'visit f5', visit('f5', 'satisfied', '满意'))
    .at('2026-02-05 10:00', 'complaint cf4', complain('cf4', 'D01', '举报违规收费', { category: 'report' })) // due 4 Mar
    .at('2026-02-09 10:00', 'complaint cf5', complain('cf5', 'A02', '建议延长午间服务', { category: 'suggest' })) // due 28 Feb (Sat)
    .at('2026-02-12 10:00', 'complaint cf3', complain('cf3', 'C01', '求助社保卡', { category: 'help' })) // due 4 Mar
    .at('2026-02-13 10:00', 'complaint cf1', complain('cf1', 'A01', '咨询年报', { category: 'consult' })) // due 24 Feb
    .at('2026-02-16 11:00', 'complaint cf2 on a holiday', complain('cf2', 'B01', '咨询落户', { category: 'consult', channel: '网络' })) // due 25 Feb
    .at('2026-02-24 15:00', 'close cf1', closeComplaint('cf1', false))
    .at('2026-02-26 10:00', 'close cf2 late', closeComplaint('cf2', false))
    .at('2026-03-02 10:00', 'close cf5', closeComplaint('cf5', false))
    .at('2026-03-05 10:00', 'close cf4', closeComplaint('cf4', true))
    .at('2026-03-10 10:00', 'March readout', readout('after February'))
    .at('2026-03-10 10:10', 'February pack after', pack('2026-02', 'after the month'))
    // The fourth quarter at t = 31 December: A01's deductions and overdue reviews take discipline below 0, held at 0.
    .at('2026-03-10 10:20', 'assessment 2025Q4', assessment('2025Q4', null, { A01: 3 }))
    .at('2026-03-10 10:25', 'assessment 2025Q4 with penalty', assessment('2025Q4', 4, { A01: 3 }))
    // A correction: Thursday 26 February 2026 declared a holiday moves every due date across it.
    .at('2026-03-10 11:00', 'calendar correction', calendarSet('2026-02-26', 'holiday'))
    .at('2026-03-10 11:10', 'readout after correction', readout('after the correction'))
    .at('2026-03-10 11:15', 'shows after correction', showEvery('after the correction'))
    .at('2026-02-27 12:00', 'alerts on 27 February', alerts('27 February'))
    .at('2026-03-02 12:00', 'alerts on 2 March', alerts('2 March'))
    .at('2026-03-10 11:20', 'February pack after correction', pack('2026-02', 'after the correction'));
  return run;
}

// ---------------------------------------------------------------------------------------
// Run 2: --review-days 3 and a complaint-days file, then --review-days 7

const DAYS_FILE = { 咨询: 1, complaint: 20, 举报: 7, suggest: 12 };

function runTwo(): Run {
  const run = new Run('run 2 (--review-days 3, --complaint-days)', ['--review-days', '3', '--complaint-days', 'DAYS_FILE'], 3, complaintDays(DAYS_FILE));
  run
    .at('2025-10-09 09:00', 'register r2', register('r2', 'GG04001000'))
    .at('2025-10-09 09:10', 'rate r2', rate('r2', 2)) // due 13 Oct (10, 11 调休, 13)
    .at('2025-10-09 10:00', 'complaint k2', complain('k2', 'B01', '投诉办事慢')) // 20 days: due 5 Nov
    .at('2025-10-10 09:00', 'register r1', register('r1', 'QR03003000'))
    .at('2025-10-10 09:10', 'rate r1', rate('r1', 1)) // due 14 Oct
    .at('2025-10-10 10:00', 'register r3', register('r3', 'XK01004000'))
    .at('2025-10-10 10:10', 'rate r3', rate('r3', 2)) // due 14 Oct
    .at('2025-10-10 11:00', 'complaint k1', complain('k1', 'A01', '咨询', { category: 'consult' })) // 1 day: due Saturday 11 Oct
    .at('2025-10-13 09:00', 'invalidate r3', invalidate('r3', '误评'))
    .at('2025-10-13 10:00', 'close k1 late', closeComplaint('k1', false))
    .at('2025-10-13 11:00', 'complaint k3', complain('k3', 'C01', '举报', { category: 'report' })) // 7 days: due 22 Oct
    .at('2025-10-14 10:00', 'rectify r1', rectify('r1', '已整改'))
    .at('2025-10-14 11:00', 'register r7', register('r7', 'QT02003000'))
    .at('2025-10-14 11:10', 'rate r7', rate('r7', 2)) // 3 days: due 17 Oct
    // After the change to 7 days: the review is kept with its dates, still due 17 Oct.
    .at('2025-10-16 11:00', 'replace r7 while open', rate('r7', 1, { replace: true }))
    .at('2025-10-15 08:00', 'review days 7', setReviewDays(7))
    .at('2025-10-15 10:00', 'visit r1', visit('r1', 'satisfied', '满意'))
    .at('2025-10-16 09:00', 'register r4', register('r4', 'GG05001000'))
    .at('2025-10-16 09:10', 'rate r4', rate('r4', 1)) // 7 days: due 27 Oct
    .at('2025-10-17 09:00', 'register r5', register('r5', 'GG06004000'))
    .at('2025-10-17 09:10', 'rate r5', rate('r5', 2))
    .at('2025-10-20 09:00', 'raise r5', rate('r5', 5, { replace: true }))
    .at('2025-10-20 10:00', 'complaint k4', complain('k4', 'D01', '建议', { category: '建议' })) // 12 days: due 5 Nov
    .at('2025-10-20 11:00', 'complaint k5', complain('k5', 'A02', '求助', { category: 'help' })) // 10 days (default): due 3 Nov
    .at('2025-10-22 16:00', 'close k3', closeComplaint('k3', true))
    .at('2025-10-28 10:00', 'rectify r4 late', rectify('r4', '已整改'))
    .at('2025-10-30 10:00', 'complaint k6', complain('k6', 'B03', '咨询', { category: '咨询' })) // due 31 Oct
    .at('2025-11-04 10:00', 'close k5 late', closeComplaint('k5', false))
    .at('2025-11-12 10:00', 'readout', readout('after October'))
    .at('2025-10-14 12:00', 'alerts on 14 October', alerts('14 October'))
    .at('2025-10-30 12:00', 'alerts on 30 October', alerts('30 October'))
    .at('2025-11-12 10:10', 'October pack', pack('2025-10', 'after the month'))
    // A case registered by mistake, rated 1 and voided: its open review closes as voided.
    .at('2025-11-12 10:20', 'register r6', register('r6', 'XK01004000'))
    .at('2025-11-12 10:25', 'rate r6', rate('r6', 1))
    .at('2025-11-12 10:30', 'void r6', voidCase('r6'))
    .at('2025-11-12 10:40', 'readout after the void', readout('after a void'))
    .at('2025-11-12 10:45', 'November pack after the void', pack('2025-11', 'after a void'))
    // Windows merged: their reviews and complaints move, and past packs read them as the window merged into.
    .at('2025-11-12 11:00', 'merge C02 into C01', mergeWindow('C02', 'C01'))
    .at('2025-11-12 11:05', 'merge B03 into B01', mergeWindow('B03', 'B01'))
    .at('2025-11-12 11:10', 'readout after the merges', readout('after two merges'))
    .at('2025-11-12 11:15', 'October pack after the merges', pack('2025-10', 'after two merges'))
    // Monday 13 October declared a holiday: each review and complaint moves by its own days (3, 7; 1, 7, 12, 20).
    .at('2025-11-12 11:20', 'calendar correction', calendarSet('2025-10-13', 'holiday'))
    .at('2025-11-12 11:25', 'readout after the correction', readout('after a correction'))
    .at('2025-11-12 11:30', 'October pack after the correction', pack('2025-10', 'after a correction'));
  return run;
}

// ---------------------------------------------------------------------------------------

const runs = [runOne(), runTwo()];

async function driveAll(): Promise<void> {
  for (const run of runs) {
    const fileAt = run.initArgs.indexOf('DAYS_FILE');
    if (fileAt >= 0) {
      const dir = mkdtempSync(join(tmpdir(), 'hall-oversight-days-'));
      const file = join(dir, 'complaint-days.json');
      writeFileSync(file, JSON.stringify(DAYS_FILE));
      run.initArgs[fileAt] = file;
    }
    await run.drive();
  }
}

function compare(kind: CheckKind): void {
  const checks = runs.flatMap((run) => run.checks.filter((check) => check.kind === kind));
  expect(checks.length, `no ${kind} checks were made`).toBeGreaterThan(0);
  const differences = checks.filter((check) => JSON.stringify(rounded(check.actual)) !== JSON.stringify(rounded(check.expected)));
  // Every difference is reported, not only the first.
  for (const check of differences) expect.soft(rounded(check.actual), check.label).toEqual(rounded(check.expected));
}

describe('差评整改 reviews and complaints with deadlines agree with SPEC §7.2–7.3', () => {
  beforeAll(driveAll, 120_000);
  afterAll(() => {
    for (const run of runs) run.cleanup();
  });

  it('covers what the issue names (the scenario is not vacuous)', () => {
    const [one, two] = runs as [Run, Run];
    const states = new Set(one.ledger.reviews.map(currentState));
    expect([...states].sort()).toEqual(['invalid', 'open', 'rectified', 'revised', 'visited']);
    const due = (review: ReviewRecord) => expectedReview(OFFICIAL, review).due;
    const rectified = one.ledger.reviews.filter((review) => review.rectified);
    expect(rectified.some((review) => review.rectified!.date === due(review))).toBe(true);
    expect(rectified.some((review) => review.rectified!.date < due(review))).toBe(true);
    expect(rectified.some((review) => review.rectified!.date > due(review))).toBe(true);
    expect(one.ledger.reviews.some((review) => review.rectified?.date === '2025-10-11')).toBe(true); // the 调休 Saturday
    expect(new Set(one.ledger.reviews.flatMap((review) => (review.visited ? [review.visited.result] : []))).size).toBe(2);
    expect(new Set(one.complaints.complaints.map((complaint) => complaint.category)).size).toBe(5);
    expect(new Set(two.complaints.complaints.map((complaint) => complaint.days)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(two.ledger.reviews.map((review) => review.days))).toEqual(new Set([3, 7]));
    expect(two.ledger.reviews.map(currentState)).toContain('voided');
    // Alerts of both kinds at both levels were expected somewhere.
    const levels = (label: string) =>
      new Set(
        one.checks
          .filter((check) => check.kind === 'alerts' && check.label.endsWith(label))
          .flatMap((check) => (check.expected as { level: string }[]).map((alert) => alert.level)),
      );
    expect([...levels('alerts: reviews')].sort()).toEqual(['red', 'yellow']);
    expect([...levels('alerts: complaints')].sort()).toEqual(['red', 'yellow']);
    const counts: Record<string, number> = {};
    for (const check of [...one.checks, ...two.checks]) counts[check.kind] = (counts[check.kind] ?? 0) + 1;
    console.info(
      `oversight scenario: ${one.commands + two.commands} hall commands, ${one.ledger.reviews.length + two.ledger.reviews.length} reviews, ${one.complaints.complaints.length + two.complaints.complaints.length} complaints; checks`,
      counts,
    );
  });

  it('lists every review field by field as the oracle computes it (review list and show)', () => compare('reviews'));
  it('filters review list --status as the oracle (overdue = open with today past due)', () => compare('review-status'));
  it('prints every complaint field by field as the oracle computes it (complaint add, close, list)', () => compare('complaints'));
  it("counts the monthly pack's reviews per window and in total, each review judged at t", () => compare('pack-reviews'));
  it("counts the monthly pack's complaints_on_time, complaints_overdue and rates.complaint_on_time", () => compare('pack-complaints'));
  it('leaves evaluations whose review is invalid at t out of every §6.1 evaluation figure', () => compare('pack-evaluations'));
  it('takes review_overdue_penalty from the discipline component per overdue review', () => compare('assessment'));
  it('alerts open reviews and open complaints red when overdue and yellow when due soon, and --kind filters them', () => compare('alerts'));
});
