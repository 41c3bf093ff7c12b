/**
 * The monthly pack's SQL (src/store/report-*.ts) against a plain replay of the events
 * (test/report-oracle.ts) on a generated quarter around the National Day holiday
 * (2025-10-01 … 08 off, 2025-09-28 and 2025-10-11 make-up working days).
 *
 * The data is written the way a center writes it: a history imported with `cases import`,
 * then a few hundred cases typed in command by command through the in-process CLI, the
 * clock (HALL_NOW) moving forward so that no event is ever in the future. A seeded
 * generator makes the bulk; hand-written scenarios make sure the paths where the SQL
 * takes shortcuts (pauses running over the month end, pauses begun after it on cases
 * already late, 自然日 deadlines moved off rest days, 即办件 after closing time …) are
 * there whatever the generator draws.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC } from '../src/core/assessment.js';
import { addWorkingDays, countDays, isWorkingDay, type WorkCalendar, workingDayOnOrAfter } from '../src/core/calendar.js';
import { addDays, dayNumber, fromDayNumber, type IsoDate } from '../src/core/dates.js';
import type { MonthlyReport } from '../src/core/metrics.js';
import { mulberry32 } from '../src/demo/dice.js';
import { loadCalendar } from '../src/store/calendar.js';
import { assessmentReport } from '../src/store/report-assessment.js';
import { MEASURES } from '../src/store/report-measures.js';
import { monthlyReport } from '../src/store/report-monthly.js';
import { countCells } from '../src/store/report-rollup.js';
import { expectedAssessment, loadRecords } from './assessment-oracle.js';
import { fixture, hall } from './helpers.js';
import { deadlineAt, endedOn, expectedReport, type Facts, finalDeadline, loadFacts, openAt, type Period, pausedAt } from './report-oracle.js';

const SEED = 20251001;
const RANDOM_CASES = 360;
const RANDOM_COMPLAINTS = 30;
const FIRST_DAY: IsoDate = '2025-08-15';
const LAST_ACCEPTANCE: IsoDate = '2025-11-07';
/** The simulation's clock stops here; anything a plan schedules later never happens, leaving cases open or paused. */
const END = { day: dayNumber('2025-11-10'), minute: 18 * 60 };
const END_STAMP = { ...END, second: 0 };
/** A copy of the database is taken at the end of this day, to report on October as it was then. */
const SNAPSHOT_DAY: IsoDate = '2025-10-20';

const OCTOBER: Period = { from: '2025-10-01', to: '2025-10-31' };
const SEPTEMBER: Period = { from: '2025-09-01', to: '2025-09-30' };
const NOVEMBER: Period = { from: '2025-11-01', to: '2025-11-30' };
const QUARTER: Period = { from: '2025-08-01', to: '2025-10-31' };

/** The catalog fixture's items that take cases: promised days, the stages before 审批, the item's fee, its window. */
const ITEMS = {
  XK10001000: { promised: 5, before: 2, fee: 0, window: 'W001', weight: 20 },
  XK10001001: { promised: 3, before: 1, fee: 0, window: 'W001', weight: 20 },
  QT10002000: { promised: 0, before: 0, fee: 0, window: 'W001', weight: 14 },
  XK10003000: { promised: 7, before: 1, fee: 12000, window: 'W002', weight: 14 },
  XK10004000: { promised: 15, before: 1, fee: 0, window: 'W003', weight: 10 },
  GG10005000: { promised: 0, before: 0, fee: 0, window: 'W004', weight: 10 },
  QT10006000: { promised: 5, before: 1, fee: 5000, window: null, weight: 8 },
  XK10008000: { promised: 10, before: 1, fee: 0, window: 'W008', weight: 5 },
  XK10009000: { promised: 12, before: 1, fee: 0, window: 'W005', weight: 5 },
} as const;
type ItemCode = keyof typeof ITEMS;

interface Step {
  day: number;
  minute: number;
  second: number;
  args: () => string[];
  done?: (output: Record<string, unknown>) => void;
}

const pad = (value: number) => String(value).padStart(2, '0');
const stamp = (step: Pick<Step, 'day' | 'minute' | 'second'>) =>
  `${fromDayNumber(step.day)}T${pad(Math.floor(step.minute / 60))}:${pad(step.minute % 60)}:${pad(step.second)}+08:00`;

let applicants = 0;

/**
 * One case's (or one complaint's) history as a list of timed commands. The clock only
 * moves forward within a plan, so the events of a case are in order whatever else runs
 * between them.
 */
class Plan {
  ref = '';
  readonly steps: Step[] = [];
  private day = 0;
  private minute = 0;
  private second = 0;
  private readonly applicant = `申请人${++applicants}`;

  constructor(
    private readonly calendar: WorkCalendar,
    private readonly random: () => number,
  ) {}

  at(date: IsoDate, time: string): this {
    const [hours, minutes, seconds] = time.split(':').map(Number);
    const next = { day: dayNumber(date), minute: hours! * 60 + minutes!, second: seconds ?? 0 };
    if (next.day * 86_400 + next.minute * 60 + next.second < this.day * 86_400 + this.minute * 60 + this.second) throw new Error(`plan goes back to ${date}`);
    Object.assign(this, next);
    return this;
  }

  /** `days` later in office hours (usually a working day), or a little later the same day. */
  later(days: number): this {
    if (days === 0) this.minute += 5 + Math.floor(this.random() * 50);
    else {
      this.day += days;
      this.minute = 8 * 60 + 40 + Math.floor(this.random() * 520);
    }
    if (this.minute >= 18 * 60 + 30) {
      this.day += 1;
      this.minute = 9 * 60 + Math.floor(this.random() * 60);
    }
    this.second = 0;
    if (this.random() < 0.85) this.day = dayNumber(workingDayOnOrAfter(this.calendar, fromDayNumber(this.day)));
    return this;
  }

  get date(): IsoDate {
    return fromDayNumber(this.day);
  }

  private push(args: () => string[], done?: Step['done']): this {
    this.steps.push({ day: this.day, minute: this.minute, second: this.second, args, done });
    return this;
  }

  register(item: string, ...flags: string[]): this {
    return this.push(
      () => ['case', 'register', '--item', item, '--applicant', this.applicant, ...flags],
      (output) => {
        this.ref = String(output.number);
      },
    );
  }

  refuse(item: string, ...flags: string[]): this {
    return this.push(
      () => ['case', 'refuse', '--item', item, '--applicant', this.applicant, '--reason', '申请材料不齐全且无法当场补正', ...flags],
      (output) => {
        this.ref = String(output.number);
      },
    );
  }

  act(command: string, ...args: string[]): this {
    return this.push(() => ['case', command, this.ref, ...args]);
  }

  complaint(window: string, channel: string, ...flags: string[]): this {
    return this.push(
      () => ['complaint', 'add', '--window', window, '--channel', channel, '--summary', '窗口人员态度生硬', ...flags],
      (output) => {
        this.ref = String(output.id);
      },
    );
  }

  close(substantiated: boolean): this {
    return this.push(() => ['complaint', 'close', this.ref, '--substantiated', substantiated ? 'yes' : 'no']);
  }

  /** An assessment record (巡查扣分, 锦旗) for a window, dated today. */
  record(window: string, kind: 'deduction' | 'commendation', points: string): this {
    return this.push(() => ['window', 'record', window, '--kind', kind, '--points', points, '--reason', kind === 'deduction' ? '脱岗' : '锦旗']);
  }
}

function pick<T>(random: () => number, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random() * total;
  for (const [value, weight] of choices) {
    draw -= weight;
    if (draw < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

const between = (random: () => number, low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const level = (random: () => number) =>
  String(
    pick(random, [
      [5, 40],
      [4, 25],
      [3, 15],
      [2, 10],
      [1, 10],
    ]),
  );
const SUSPEND_REASONS = ['检验', '检测', '专家评审', '听证', '鉴定'];
const MATERIALS = ['营业执照副本', '身份证明', '场所平面图', '委托书'];

/** One case drawn at random: the mix of paths a month at a real hall has. */
function randomCase(plan: Plan, calendar: WorkCalendar, random: () => number): void {
  const code = pick(
    random,
    Object.entries(ITEMS).map(([item, rules]) => [item as ItemCode, rules.weight] as const),
  );
  const item = ITEMS[code];
  let date = fromDayNumber(between(random, dayNumber(FIRST_DAY), dayNumber(LAST_ACCEPTANCE)));
  if (random() < 0.9) date = workingDayOnOrAfter(calendar, date);
  const afterHours = random() < 0.08;
  const minute = afterHours ? between(random, 17 * 60 + 31, 19 * 60 + 30) : between(random, 8 * 60 + 40, 17 * 60 + 20);
  plan.at(date, `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`);

  const window =
    item.window === null
      ? pick(random, [
          ['W005', 2],
          ['W006', 1],
        ])
      : random() < 0.1
        ? 'W005'
        : item.window === 'W001' && random() < 0.15
          ? 'W006'
          : null;
  const windowFlags = window === null ? [] : ['--window', window];

  if (random() < 0.06) {
    const refused = random() < 0.3 ? 'XK10007000' : code;
    const needsWindow = refused === 'XK10007000' || item.window === null;
    plan.refuse(refused, ...(needsWindow ? ['--window', window ?? 'W005'] : windowFlags));
    if (random() < 0.3) plan.later(0).act('rate', '--level', level(random));
    return;
  }

  const channel = isWorkingDay(calendar, date)
    ? pick(random, [
        ['窗口', 6],
        ['网上', 2],
        ['预约', 1],
        ['代办', 1],
        ['自助', 1],
      ])
    : '网上';
  const feeFlags = item.fee > 0 && random() < 0.3 ? ['--fee', random() < 0.65 ? '0' : '60.5'] : [];
  const flags = ['--channel', channel, ...windowFlags, ...feeFlags];
  const outcome = () => (random() < 0.85 ? 'approved' : 'denied');
  const location = () => (random() < 0.1 ? ['--backoffice'] : random() < 0.05 ? ['--at-window'] : []);
  let concludedOn: IsoDate | null = null;
  let ended = false;

  if (item.promised === 0) {
    const path = random();
    if (path < 0.55) {
      plan.register(code, ...flags, '--conclude', outcome());
      concludedOn = plan.date;
    } else {
      plan.register(code, ...flags);
      if (path < 0.8) {
        plan.later(random() < 0.6 ? 0 : between(random, 1, 4)).act('conclude', '--outcome', outcome());
        concludedOn = plan.date;
      } else if (path < 0.9) plan.later(between(random, 0, 3)).act('withdraw');
    }
  } else {
    plan.register(code, ...flags);
    const advances = between(random, 0, item.before);
    const draw = random();
    const pauses = draw < 0.55 ? 0 : draw < 0.88 ? 1 : 2;
    const tokens = [...Array<string>(advances).fill('advance'), ...Array<string>(pauses).fill('pause')];
    // Fisher–Yates rather than sort(random): the data must not depend on the engine's sort.
    for (let index = tokens.length - 1; index > 0; index--) {
      const other = between(random, 0, index);
      [tokens[index], tokens[other]] = [tokens[other]!, tokens[index]!];
    }
    for (const token of tokens) {
      if (token === 'advance') {
        plan.later(between(random, 0, 3)).act('advance', ...location());
        continue;
      }
      plan.later(between(random, 0, 6));
      if (random() < 0.6) plan.act('supplement', '--materials', MATERIALS[between(random, 0, MATERIALS.length - 1)]!);
      else plan.act('suspend', '--reason', SUSPEND_REASONS[between(random, 0, SUSPEND_REASONS.length - 1)]!);
      if (random() < 0.1) {
        // The applicant never comes back: the case stays paused, or is withdrawn while paused.
        if (random() < 0.4) plan.later(between(random, 1, 12)).act('withdraw');
        ended = true;
        break;
      }
      plan.later(between(random, 0, 14)).act('resume');
    }
    if (!ended) {
      const path = random();
      if (path < 0.78) {
        plan.later(between(random, 0, Math.ceil(item.promised * 1.7) + 2)).act('conclude', '--outcome', outcome(), ...location());
        concludedOn = plan.date;
      } else if (path < 0.88) plan.later(between(random, 0, 10)).act('withdraw');
    }
  }

  if (concludedOn !== null && random() < 0.05) plan.later(between(random, 0, 3)).act('deliver');
  if ((concludedOn !== null && random() < 0.5) || (concludedOn === null && random() < 0.05)) {
    plan.later(between(random, 0, 6));
    // An evaluation collected later but dated when it was given.
    if (concludedOn !== null && random() < 0.25) plan.act('rate', '--level', level(random), '--date', concludedOn);
    else plan.act('rate', '--level', level(random));
    if (random() < 0.08) plan.later(between(random, 1, 20)).act('rate', '--level', level(random), '--replace');
  }
}

function randomComplaint(plan: Plan, calendar: WorkCalendar, random: () => number): void {
  const received = workingDayOnOrAfter(calendar, fromDayNumber(between(random, dayNumber('2025-08-20'), dayNumber('2025-11-08'))));
  plan.at(received, `${pad(between(random, 9, 16))}:${pad(between(random, 0, 59))}`);
  const window = pick(random, [
    ['W001', 5],
    ['W002', 3],
    ['W003', 2],
    ['W004', 2],
    ['W005', 2],
    ['W006', 1],
    ['W007', 1],
  ]);
  const channel = pick(random, [
    ['现场', 2],
    ['电话', 2],
    ['12345', 3],
    ['信箱', 1],
    ['网络', 2],
  ]);
  // Some complaints are entered a few days after they arrived, dated when received.
  if (random() < 0.2) plan.later(between(random, 1, 4)).complaint(window, channel, '--date', received);
  else plan.complaint(window, channel);
  if (random() < 0.7) plan.later(between(random, 0, 12)).close(random() < 0.4);
}

/** Cases written by hand, so each path the SQL treats specially exists whatever the generator draws. */
function scenarios(make: () => Plan): void {
  // Open and late at the month end: due 2025-10-13 (10-11 is a make-up Saturday).
  make().at('2025-10-09', '10:00').register('XK10001001').at('2025-10-10', '09:30').act('advance');
  // Paused over the month end, resumed and concluded in November.
  make()
    .at('2025-10-20', '09:00')
    .register('XK10001000')
    .at('2025-10-21', '10:00')
    .act('advance')
    .at('2025-10-27', '10:00')
    .act('supplement', '--materials', '场所平面图')
    .at('2025-11-04', '10:00')
    .act('resume')
    .at('2025-11-06', '15:00')
    .act('conclude', '--outcome', 'approved');
  // Late at the month end, paused only after it: still late in October's report.
  make().at('2025-10-09', '11:00').register('XK10001001').at('2025-11-03', '10:00').act('supplement', '--materials', '营业执照副本');
  make()
    .at('2025-10-10', '09:00')
    .register('XK10001001')
    .at('2025-11-03', '10:30')
    .act('suspend', '--reason', '检验')
    .at('2025-11-06', '10:00')
    .act('resume')
    .at('2025-11-07', '16:00')
    .act('conclude', '--outcome', 'denied');
  // Concluded late in the period.
  make().at('2025-10-09', '14:00').register('XK10001001').at('2025-10-20', '16:00').act('conclude', '--outcome', 'approved');
  // Withdrawn while paused, in the period; and after the period while paused over its end.
  make()
    .at('2025-10-13', '09:30')
    .register('XK10003000')
    .at('2025-10-15', '10:00')
    .act('supplement', '--materials', '照片')
    .at('2025-10-22', '11:00')
    .act('withdraw', '--reason', '申请人主动撤回');
  make()
    .at('2025-10-22', '10:00')
    .register('XK10001000')
    .at('2025-10-28', '10:00')
    .act('supplement', '--materials', '设备清单')
    .at('2025-11-05', '10:00')
    .act('withdraw');
  // Refused (an item suspended in the catalog can still be refused), and rated badly.
  make().at('2025-10-14', '10:00').refuse('XK10007000', '--window', 'W005').at('2025-10-14', '10:05').act('rate', '--level', '1');
  // 即办件: on the spot; after closing (due the next working day); 17:30:40 still counts as 17:30; on a holiday; left open; late.
  make().at('2025-10-09', '10:00').register('QT10002000', '--conclude', 'approved');
  make().at('2025-10-09', '17:45').register('QT10002000').at('2025-10-10', '09:10').act('conclude', '--outcome', 'approved');
  make().at('2025-10-09', '17:30:40').register('QT10002000').at('2025-10-10', '09:00').act('conclude', '--outcome', 'approved');
  make().at('2025-10-03', '10:00').register('GG10005000', '--channel', '网上').at('2025-10-09', '09:30').act('conclude', '--outcome', 'approved');
  make().at('2025-10-16', '10:00').register('GG10005000');
  make().at('2025-10-15', '10:00').register('QT10002000').at('2025-10-17', '10:00').act('conclude', '--outcome', 'approved');
  // A paused 即办件: the pause does not move a limit of 0.
  make().at('2025-10-28', '10:00').register('GG10005000').at('2025-10-28', '10:30').act('supplement', '--materials', '劳动合同');
  // 自然日: 09-16 + 15 = 10-01, a holiday, due 10-09; 09-12 + 15 = 09-27, a Saturday, due the make-up Sunday 09-28.
  make().at('2025-09-16', '10:00').register('XK10004000').at('2025-10-09', '11:00').act('conclude', '--outcome', 'approved');
  make().at('2025-09-12', '10:00').register('XK10004000').at('2025-09-29', '11:00').act('conclude', '--outcome', 'approved');
  make()
    .at('2025-10-10', '10:00')
    .register('XK10004000')
    .at('2025-10-15', '10:00')
    .act('suspend', '--reason', '专家评审')
    .at('2025-10-20', '10:00')
    .act('resume')
    .at('2025-10-31', '10:00')
    .act('conclude', '--outcome', 'approved');
  make().at('2025-10-20', '10:00').register('XK10004000').at('2025-10-29', '10:00').act('supplement', '--materials', '环评报告表');
  // Carried over while paused since September.
  make()
    .at('2025-09-24', '10:00')
    .register('XK10003000')
    .at('2025-09-26', '10:00')
    .act('supplement', '--materials', '户口簿')
    .at('2025-10-20', '10:00')
    .act('resume')
    .at('2025-10-28', '10:00')
    .act('conclude', '--outcome', 'approved');
  // Two pauses of both kinds.
  make()
    .at('2025-10-09', '09:00')
    .register('XK10001000')
    .at('2025-10-10', '10:00')
    .act('supplement', '--materials', '健康证明')
    .at('2025-10-14', '10:00')
    .act('resume')
    .at('2025-10-16', '10:00')
    .act('suspend', '--reason', '专家评审')
    .at('2025-10-22', '10:00')
    .act('resume')
    .at('2025-10-24', '10:00')
    .act('conclude', '--outcome', 'approved');
  // Paused since September and never resumed.
  make().at('2025-09-22', '10:00').register('XK10001001').at('2025-09-23', '10:00').act('supplement', '--materials', '租赁合同');
  // Fees: waived, reduced.
  make().at('2025-10-13', '10:00').register('XK10003000', '--fee', '0');
  make().at('2025-10-13', '10:10').register('XK10003000', '--fee', '60.5');
  // Decided in the back office although the window is authorised: not on site.
  make().at('2025-10-14', '10:00').register('XK10001001').at('2025-10-15', '10:00').act('conclude', '--outcome', 'approved', '--backoffice');
  // At another window; rated in November for a service given in October.
  make()
    .at('2025-10-27', '10:00')
    .register('XK10001001', '--window', 'W006')
    .at('2025-10-30', '10:00')
    .act('conclude', '--outcome', 'approved')
    .at('2025-11-03', '10:00')
    .act('rate', '--level', '4', '--date', '2025-10-30');
  // Rated in September, the rating replaced in October: it counts once, in October.
  make()
    .at('2025-09-25', '10:00')
    .register('GG10005000', '--window', 'W005', '--conclude', 'approved')
    .at('2025-09-25', '10:05')
    .act('rate', '--level', '2')
    .at('2025-10-15', '10:00')
    .act('rate', '--level', '5', '--replace');
  make().at('2025-10-16', '10:00').register('QT10006000', '--window', 'W005').at('2025-10-24', '10:00').act('conclude', '--outcome', 'approved');
  // Accepted online on a holiday; concluded on a holiday after being carried over; ended just before the period.
  make().at('2025-10-01', '09:00').register('XK10001001', '--channel', '网上').at('2025-10-10', '10:00').act('conclude', '--outcome', 'approved');
  make().at('2025-09-29', '10:00').register('XK10001001').at('2025-10-01', '10:00').act('conclude', '--outcome', 'denied');
  make().at('2025-09-30', '10:00').register('XK10001001').at('2025-09-30', '16:00').act('conclude', '--outcome', 'approved');
  make().at('2025-09-26', '10:00').register('XK10001000').at('2025-09-30', '10:00').act('withdraw');
  // A window that concludes nothing in October and keeps its late cases open (SPEC §6.3
  // as revised): ranked, 按时 0. One case due 10-13, one concluded in September.
  make().at('2025-10-09', '10:30').register('XK10001001', '--window', 'W009');
  make().at('2025-10-20', '10:30').register('XK10001000', '--window', 'W009');
  make().at('2025-09-15', '10:00').register('QT10002000', '--window', 'W009', '--conclude', 'approved');
  // Two windows that conclude every case on the spot: four cases, and two (too few for a red flag).
  for (const [window, cases] of [
    ['W010', 4],
    ['W011', 2],
  ] as const) {
    for (let n = 0; n < cases; n++)
      make()
        .at('2025-10-14', `14:${10 + n}`)
        .register('QT10002000', '--window', window, '--conclude', 'approved');
  }
  // Deductions and commendations, in the period and outside it.
  make().at('2025-10-16', '11:00').record('W001', 'deduction', '2.5').at('2025-10-20', '11:00').record('W002', 'commendation', '3');
  make().at('2025-09-16', '11:00').record('W002', 'deduction', '4').at('2025-10-22', '11:00').record('W004', 'commendation', '8');
  // Complaints: substantiated, not substantiated, still open.
  make().at('2025-10-15', '10:00').complaint('W001', '12345').at('2025-10-20', '10:00').close(true);
  make().at('2025-10-16', '10:00').complaint('W002', '电话').at('2025-10-17', '10:00').close(false);
  make().at('2025-10-30', '10:00').complaint('W004', '现场');
}

/** Cases as a department's export lists them (SPEC §5), accepted between `first` and `last` and nothing later than `until`. */
function historyCsv(calendar: WorkCalendar, random: () => number, rows: number, first: IsoDate, last: IsoDate, until: IsoDate): string {
  const lines = ['item,applicant,window,accepted_at,concluded_at,outcome,fee,rating,pause_from,pause_to,on_site'];
  const time = (date: IsoDate, minute: number) => `${date} ${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
  const end = dayNumber(until);
  for (let row = 0; row < rows; row++) {
    const code = pick(
      random,
      Object.entries(ITEMS).map(([item, rules]) => [item as ItemCode, rules.weight] as const),
    );
    const item = ITEMS[code];
    const accepted = workingDayOnOrAfter(calendar, fromDayNumber(between(random, dayNumber(first), dayNumber(last))));
    const cells = {
      window: item.window === null || random() < 0.1 ? 'W005' : '',
      concluded: '',
      outcome: '',
      fee: '',
      rating: '',
      from: '',
      to: '',
      onSite: '',
    };
    const path = random();
    let cursor = dayNumber(accepted);
    const step = (days: number) => {
      cursor = Math.min(end, dayNumber(workingDayOnOrAfter(calendar, fromDayNumber(cursor + days))));
      return fromDayNumber(cursor);
    };
    if (path < 0.07) cells.outcome = '不予受理';
    else {
      if (random() < 0.25 && item.promised > 0) {
        cells.from = time(step(between(random, 0, 4)), 11 * 60);
        // A pause left open in the summer runs through October.
        if (path < 0.9 || random() < 0.5) cells.to = time(step(between(random, 1, 12)), 14 * 60);
      }
      if (path < 0.8 && (cells.from === '' || cells.to !== '')) {
        cells.concluded = time(step(between(random, 0, item.promised + 4)), 16 * 60);
        cells.outcome = random() < 0.85 ? '准予' : '不予许可';
        if (random() < 0.2) cells.onSite = random() < 0.5 ? '是' : '否';
      } else if (path < 0.9) {
        cells.concluded = time(step(between(random, 0, 5)), 16 * 60 + 30);
        cells.outcome = '撤回';
      }
      if (item.fee > 0 && random() < 0.2) cells.fee = '0';
    }
    if (random() < 0.4) cells.rating = String(between(random, 1, 5));
    lines.push(
      [
        code,
        `${first.slice(0, 7)}导入申请人${row + 1}`,
        cells.window,
        time(accepted, between(random, 9 * 60, 10 * 60 + 30)),
        cells.concluded,
        cells.outcome,
        cells.fee,
        cells.rating,
      ]
        .concat([cells.from, cells.to, cells.onSite])
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

let dir: string;
let finalPath: string;
let snapshotPath: string;
let commands = 0;
let generationMs = 0;

async function run(db: string, args: string[], now: string): Promise<Record<string, unknown>> {
  const result = await hall(db, [...args, '--format', 'json'], { HALL_NOW: now });
  commands++;
  if (result.code !== 0) throw new Error(`hall ${args.join(' ')} at ${now} → ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

beforeAll(async () => {
  const started = performance.now();
  dir = mkdtempSync(join(tmpdir(), 'hall-replay-'));
  finalPath = join(dir, 'hall.db');
  snapshotPath = join(dir, 'as-of-2025-10-20.db');
  const setup = '2025-08-15T07:00:00+08:00';
  expect((await hall(finalPath, ['init', '--center', '回放市政务服务中心'], { HALL_NOW: setup })).code).toBe(0);
  await run(finalPath, ['items', 'import', fixture('catalog-gb18030.csv')], setup);
  await run(finalPath, ['window', 'add', 'W005', '--name', '综合窗口'], setup);
  await run(finalPath, ['window', 'add', 'W006', '--name', '市场监管二号窗口', '--dept', '市场监管局'], setup);
  // A window that takes no case at all: every rate of it is null.
  await run(finalPath, ['window', 'add', 'W007', '--name', '气象服务窗口', '--dept', '气象局'], setup);
  // A window whose scenario cases are left open past their deadline (see scenarios).
  await run(finalPath, ['window', 'add', 'W009', '--name', '档案查询窗口'], setup);
  await run(finalPath, ['window', 'add', 'W010', '--name', '社保即办窗口'], setup);
  await run(finalPath, ['window', 'add', 'W011', '--name', '医保即办窗口'], setup);
  // Limits whose legal and promised units differ, which the fixture lacks: saved days are then counted in the legal unit.
  const mixed = join(dir, 'catalog-mixed-units.csv');
  writeFileSync(
    mixed,
    [
      '事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限,收费标准,进驻窗口,办理环节,窗口授权',
      'XK10008000,取水许可,水利局,行政许可,45个自然日,10个工作日,不收费,水利窗口,受理>审查>审批>送达,全部',
      'XK10009000,建筑工程施工许可,住建局,行政许可,15个工作日,12个自然日,不收费,W005,受理>审查>审批>送达,受理、审查',
      '',
    ].join('\n'),
  );
  await run(finalPath, ['items', 'import', mixed], setup);
  const windows = (await run(finalPath, ['window', 'list'], setup)) as unknown as { code: string; name: string }[];
  expect(windows.find((window) => window.name === '水利窗口')?.code).toBe('W008');

  const random = mulberry32(SEED);
  const probe = new BetterSqlite3(finalPath, { readonly: true });
  const calendar = loadCalendar(probe);
  probe.close();

  const history = join(dir, 'history.csv');
  writeFileSync(history, historyCsv(calendar, random, 70, '2025-03-03', '2025-08-08', '2025-08-14'));
  await run(finalPath, ['cases', 'import', history], '2025-08-15T08:00:00+08:00');

  const plans: Plan[] = [];
  const make = () => {
    const plan = new Plan(calendar, random);
    plans.push(plan);
    return plan;
  };
  scenarios(make);
  for (let n = 0; n < RANDOM_CASES; n++) randomCase(make(), calendar, random);
  for (let n = 0; n < RANDOM_COMPLAINTS; n++) randomComplaint(make(), calendar, random);

  const steps = plans
    .flatMap((plan, planIndex) => plan.steps.map((step, stepIndex) => ({ ...step, planIndex, stepIndex })))
    .filter((step) => step.day < END.day || (step.day === END.day && step.minute <= END.minute))
    .sort((a, b) => a.day - b.day || a.minute - b.minute || a.second - b.second || a.planIndex - b.planIndex || a.stepIndex - b.stepIndex);
  let snapshotTaken = false;
  for (const step of steps) {
    if (!snapshotTaken && step.day > dayNumber(SNAPSHOT_DAY)) {
      const live = new BetterSqlite3(finalPath);
      live.exec(`VACUUM INTO '${snapshotPath}'`);
      live.close();
      snapshotTaken = true;
    }
    const output = await run(finalPath, step.args(), stamp(step));
    step.done?.(output);
  }
  // Paper records typed in afterwards: imported cases of the reported months, numbered after the ones already taken.
  const backfill = join(dir, 'backfill.csv');
  writeFileSync(backfill, historyCsv(calendar, random, 40, '2025-09-01', '2025-11-07', '2025-11-10'));
  await run(finalPath, ['cases', 'import', backfill], stamp(END_STAMP));
  generationMs = performance.now() - started;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Rates are fractions; the SQL and the replay may divide in another order. */
function rounded<T>(value: T): T {
  if (typeof value === 'number') return (Number.isInteger(value) ? value : Math.round(value * 1e12) / 1e12) as T;
  if (Array.isArray(value)) return value.map(rounded) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rounded(inner)])) as T;
  return value;
}

/**
 * The replay counts §6 as it stood before reviews of bad ratings and complaint deadlines
 * (SPEC §7.2, §7.3): their fields (reviews, complaints_on_time, complaints_overdue,
 * rates.complaint_on_time) are left out of the comparison here and checked by
 * test/report-oversight.test.ts. This history invalidates no review, so every §6.1
 * evaluation figure is still the replay's.
 */
function withoutOversight<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutOversight) as T;
  if (value === null || typeof value !== 'object') return value;
  const { reviews, complaints_on_time, complaints_overdue, complaint_on_time, ...rest } = value as Record<string, unknown>;
  return Object.fromEntries(Object.entries(rest).map(([key, inner]) => [key, withoutOversight(inner)])) as T;
}

async function withDatabase<T>(path: string, use: (db: Database) => T | Promise<T>): Promise<T> {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return await use(db);
  } finally {
    db.close();
  }
}

/** The compiled store, as `hall` runs it: only there is the year-to-date worker a script Node can start. */
const shippedStore = async () => {
  const shipped = (file: string) => import(['..', 'dist', 'store', file].join('/'));
  return {
    ...((await shipped('report-monthly.js')) as typeof import('../src/store/report-monthly.js')),
    ...((await shipped('report-assessment.js')) as typeof import('../src/store/report-assessment.js')),
    ...((await shipped('report-rollup.js')) as typeof import('../src/store/report-rollup.js')),
  };
};

const RUNS = [
  { name: 'October, judged at the month end (today in November)', db: () => finalPath, period: OCTOBER, today: '2025-11-10' },
  { name: 'October, judged mid-month (today 2025-10-20) on the whole history', db: () => finalPath, period: OCTOBER, today: '2025-10-20' },
  { name: 'October on the database as it stood on 2025-10-20', db: () => snapshotPath, period: OCTOBER, today: '2025-10-20' },
  { name: 'September (carried over from August, the make-up Sunday)', db: () => finalPath, period: SEPTEMBER, today: '2025-11-10' },
  { name: 'November so far (today 2025-11-10)', db: () => finalPath, period: NOVEMBER, today: '2025-11-10' },
];

describe('monthly report SQL against a replay of the events', () => {
  for (const { name, db, period, today } of RUNS) {
    it(name, async () => {
      const shipped = await shippedStore();
      const { actual, expected, inWorker } = await withDatabase(db(), async (handle) => ({
        actual: await monthlyReport(handle, period, today, '2025-11-10T18:00:00+08:00'),
        expected: expectedReport(loadFacts(handle), loadCalendar(handle), period, today),
        // The same pack with the year to date counted in the worker thread, as on a large database.
        inWorker: await shipped.monthlyReport(handle, period, today, '2025-11-10T18:00:00+08:00', { parallelFromCases: 0 }),
      }));
      expect(inWorker).toEqual(actual);
      expect(actual.period).toEqual(expected.period);
      expect(actual.evaluated_at).toBe(expected.evaluated_at);
      expect(actual.working_days).toBe(expected.working_days);
      // This history has no combined case (test/combined-scenario.test.ts checks those).
      const { combined, ...totals } = actual.totals;
      expect(combined).toMatchObject({ accepted: 0, carried_over: 0, concluded: 0, overdue: 0 });
      expect(actual.bundles).toEqual([]);
      expect(rounded(withoutOversight(totals))).toEqual(rounded(expected.totals));
      expect(rounded(withoutOversight(actual.windows))).toEqual(rounded(expected.windows));
      expect(rounded(withoutOversight(actual.departments))).toEqual(rounded(expected.departments));
      expect(rounded(withoutOversight(actual.items))).toEqual(rounded(expected.items));
      expect(rounded(withoutOversight(actual.types))).toEqual(rounded(expected.types));
      expect(actual.fees).toEqual(expected.fees);
      const numbers = actual.overdue_cases.map((entry) => entry.number);
      expect(numbers).toEqual([...numbers].sort());
      // The SPEC orders by number only; a case both concluded late and open-and-late at an earlier t appears twice, in either order.
      const tied = (list: MonthlyReport['overdue_cases']) =>
        [...list].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : (a.concluded ?? '') < (b.concluded ?? '') ? -1 : 1));
      expect(tied(actual.overdue_cases)).toEqual(expected.overdue_cases);
    });
  }

  it('ran on data that goes through every path the figures distinguish', async () => {
    const coverage = await withDatabase(finalPath, (handle) => {
      const facts: Facts = loadFacts(handle);
      const calendar = loadCalendar(handle);
      const t = OCTOBER.to;
      const inOctober = (date: IsoDate | null) => date !== null && date >= OCTOBER.from && date <= OCTOBER.to;
      const code = (itemId: number) => facts.items.get(itemId)!.code;
      const lateAtT = (c: Facts['cases'][number]) => openAt(c, t) && t > deadlineAt(calendar, c, t);
      const concludedInOctober = facts.cases.filter((c) => inOctober(c.concluded));
      const ratedInOctober = facts.evaluations.filter((evaluation) => inOctober(evaluation.date));
      const complainedInOctober = facts.complaints.filter((complaint) => inOctober(complaint.received));
      return {
        cases: facts.cases.length,
        carriedOver: facts.cases.filter((c) => c.accepted !== null && c.accepted < OCTOBER.from && (endedOn(c) ?? '9999') >= OCTOBER.from).length,
        acceptedInOctober: facts.cases.filter((c) => inOctober(c.accepted)).length,
        openLateAtT: facts.cases.filter(lateAtT).length,
        pausedAtT: facts.cases.filter((c) => pausedAt(c, t)).length,
        pauseOverMonthEndClosedLater: facts.cases.filter((c) => openAt(c, t) && c.pauses.some((p) => p.from <= t && p.to !== null && p.to > t)).length,
        pauseAfterTOnLateCase: facts.cases.filter((c) => lateAtT(c) && c.pauses.some((p) => p.from > t)).length,
        concludedLate: concludedInOctober.filter((c) => c.concluded! > finalDeadline(calendar, c)).length,
        concludedOnTime: concludedInOctober.filter((c) => c.concluded! <= finalDeadline(calendar, c)).length,
        sameDay: concludedInOctober.filter((c) => c.concluded === c.accepted).length,
        immediateNotSameDay: concludedInOctober.filter((c) => c.promisedDays === 0 && c.concluded !== c.accepted).length,
        twoPauses: concludedInOctober.filter((c) => c.pauses.length >= 2).length,
        calendarDays: concludedInOctober.filter((c) => c.limitUnit === 'calendar').length,
        calendarDeadlineMoved: facts.cases.filter(
          (c) => c.limitUnit === 'calendar' && c.accepted !== null && !isWorkingDay(calendar, addDays(c.accepted, c.promisedDays)),
        ).length,
        withdrawn: facts.cases.filter((c) => inOctober(c.withdrawn)).length,
        withdrawnWhilePaused: facts.cases.filter((c) => inOctober(c.withdrawn) && c.pauses.some((p) => p.to === c.withdrawn)).length,
        refused: facts.cases.filter((c) => inOctober(c.refused)).length,
        waived: facts.cases.filter((c) => inOctober(c.accepted) && c.feeFen === 0 && ['XK10003000', 'QT10006000'].includes(code(c.itemId))).length,
        notOnSite: concludedInOctober.filter((c) => !c.onSite).length,
        mixedUnits: concludedInOctober.filter((c) => c.legalUnit !== null && c.legalUnit !== c.limitUnit).length,
        importedInOctober: handle
          .prepare(
            `SELECT count(DISTINCT case_id) FROM case_events_text
              WHERE kind IN ('register', 'refuse') AND details ->> 'imported' AND date BETWEEN ? AND ?`,
          )
          .pluck()
          .get(OCTOBER.from, OCTOBER.to) as number,
        windowsWithCases: new Set(facts.cases.filter((c) => inOctober(c.accepted)).map((c) => c.windowId)).size,
        good: ratedInOctober.filter((e) => e.level >= 4).length,
        neutral: ratedInOctober.filter((e) => e.level === 3).length,
        bad: ratedInOctober.filter((e) => e.level <= 2).length,
        complaints: complainedInOctober.length,
        substantiated: complainedInOctober.filter((c) => c.substantiated).length,
        // The counting spans the holiday: a workday count differs from the calendar one.
        holidaySpan: countDays(calendar, '2025-09-30', '2025-10-09') === 1 && addWorkingDays(calendar, '2025-09-26', 1) === '2025-09-28',
      };
    });
    console.info(`report replay: ${commands} hall commands in ${Math.round(generationMs)} ms`, coverage);
    expect(coverage.cases).toBeGreaterThan(400);
    expect(coverage.holidaySpan).toBe(true);
    for (const [path, count] of Object.entries(coverage)) {
      if (typeof count === 'number') expect(count, path).toBeGreaterThanOrEqual(path === 'twoPauses' || path === 'calendarDeadlineMoved' ? 1 : 2);
    }
    expect(coverage.windowsWithCases).toBeGreaterThanOrEqual(6);
  });
});

describe('window assessment SQL against a replay of the events (SPEC §6.3)', () => {
  const runs = [...RUNS, { name: 'the quarter August–October', db: () => finalPath, period: QUARTER, today: '2025-11-10' }];
  for (const { name, db, period, today } of runs) {
    it(name, async () => {
      const rubrics = [DEFAULT_RUBRIC, { ...DEFAULT_RUBRIC, red_flag_min_score: 60, red_flag_min_cases: 3, red_flag_count: 2 }];
      for (const rubric of rubrics) {
        const { actual, expected } = await withDatabase(db(), async (handle) => ({
          actual: await assessmentReport(handle, period, today, 'now', rubric),
          expected: expectedAssessment(loadFacts(handle), loadRecords(handle), loadCalendar(handle), period, today, rubric),
        }));
        const shown = actual.windows.map(({ code, name, rank, score, components, red_flag, not_ranked_reason, concluded, overdue, overdue_open }) => ({
          code,
          name,
          rank,
          score,
          components,
          red_flag,
          not_ranked_reason,
          concluded,
          overdue,
          overdue_open,
        }));
        expect(rounded(shown)).toEqual(rounded(expected));
        for (const window of actual.windows) if (window.rank !== null) expect(Number.isFinite(window.score)).toBe(true);
      }
    });
  }

  it('ran on a window that concluded nothing in October but holds late cases, and on assessment records', async () => {
    const report = await withDatabase(finalPath, (handle) => assessmentReport(handle, OCTOBER, '2025-11-10', 'now', DEFAULT_RUBRIC));
    const w009 = report.windows.find((window) => window.code === 'W009')!;
    expect(w009).toMatchObject({ concluded: 0, overdue_open: 2, not_ranked_reason: null, components: { on_time: 0, on_site: null } });
    expect(w009.rank).not.toBeNull();
    expect(report.windows.find((window) => window.code === 'W001')!.components.discipline).toBe(7.5);
    expect(report.windows.find((window) => window.code === 'W004')!.components.bonus).toBe(5);
    expect(report.windows.filter((window) => window.rank === null).map((window) => window.code)).toContain('W007');
    // The lenient rubric of the runs above flags W010 (four cases) and not W011 (two, below its minimum of three).
    const lenient = { ...DEFAULT_RUBRIC, red_flag_min_score: 60, red_flag_min_cases: 3, red_flag_count: 2 };
    const quarter = await withDatabase(finalPath, (handle) => assessmentReport(handle, QUARTER, '2025-11-10', 'now', lenient));
    const flags = Object.fromEntries(quarter.windows.map((window) => [window.code, [window.score, window.red_flag]]));
    expect(flags).toMatchObject({ W010: [100, true], W011: [100, false] });
  });
});

describe('the year to date counted in a worker thread (large databases)', () => {
  const ytd = { period: { from: '2025-01-01', to: OCTOBER.to }, t: OCTOBER.to, grouped: false, measures: MEASURES };
  const quarter = { period: QUARTER, t: QUARTER.to, grouped: true, measures: ['concluded', 'evaluations'] as const };

  it('counts in the worker what the main thread counts', async () => {
    const shipped = await shippedStore();
    await withDatabase(finalPath, async (handle) => {
      for (const job of [ytd, quarter]) {
        const counted = await shipped.countInWorker(handle, job, 0);
        expect(counted).not.toBeNull();
        expect(counted).toEqual(countCells(handle, job));
      }
    });
  });

  it('gives the same assessment with half of its measures counted in the worker', async () => {
    const shipped = await shippedStore();
    await withDatabase(finalPath, async (handle) => {
      const here = await assessmentReport(handle, QUARTER, '2025-11-10', 'now', DEFAULT_RUBRIC);
      expect(here.windows.length).toBeGreaterThan(5);
      expect(await shipped.assessmentReport(handle, QUARTER, '2025-11-10', 'now', DEFAULT_RUBRIC, { parallelFromCases: 0 })).toEqual(here);
    });
  });

  it('gives one state of the file when a clerk commits while the worker counts', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'hall-ytd-')), 'hall.db');
    await withDatabase(finalPath, (handle) => handle.exec(`VACUUM INTO '${copy}'`));
    const reader = new BetterSqlite3(copy);
    const clerk = new BetterSqlite3(copy);
    try {
      const shipped = await shippedStore();
      const before = await monthlyReport(reader, OCTOBER, '2025-11-10', 'now');
      // Lands while the pack waits for the worker: a case accepted in October, in both the month and the year.
      const landed = new Promise<void>((resolve) =>
        setImmediate(() => {
          clerk.exec(`CREATE TEMP TABLE late AS SELECT * FROM cases WHERE accepted_date = ${Date.parse('2025-10-20T00:00:00Z') / 86_400_000} LIMIT 1;
                      UPDATE late SET id = NULL, number = number || 'B';
                      INSERT INTO cases SELECT * FROM late;`);
          resolve();
        }),
      );
      const during = await shipped.monthlyReport(reader, OCTOBER, '2025-11-10', 'now', { parallelFromCases: 0 });
      // On a busy machine the worker may answer before the commit lands: either way the pack is one state.
      await landed;
      const after = await monthlyReport(reader, OCTOBER, '2025-11-10', 'now');
      expect(after.totals.accepted).toBe(before.totals.accepted + 1);
      expect([before, after]).toContainEqual(during);
    } finally {
      reader.close();
      clerk.close();
      rmSync(dirname(copy), { recursive: true, force: true });
    }
  });
});
