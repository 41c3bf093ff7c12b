/**
 * The demo center of `hall demo`: its windows, and what happens there over a few months —
 * which cases arrive on which working day and what becomes of each, the complaints and
 * the assessment records. Pure and seeded: no database, no terminal, no clock, so the
 * same seed on the same calendar plans the same center, and a test can read the plan.
 * The store writes it through the same steps the case commands take.
 */
import { addWorkingDays, countDays, isWorkingDay, type LimitUnit, type WorkCalendar, workingDayOnOrAfter } from './calendar.js';
import type { CaseAction } from './case-step.js';
import type { Channel } from './case-values.js';
import type { Stage } from './catalog.js';
import { addDays, dayNumber, type IsoDate, weekday } from './dates.js';
import { CREDIT_ALPHABET, creditCheckCharacter, residentCheckCharacter } from './ids.js';
import type { ComplaintChannel, RecordKind } from './oversight.js';
import { monthPeriod, type Period } from './period.js';

/** mulberry32: a tiny 32-bit PRNG, good enough for believable data and the same on every platform. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoWindow {
  code: string;
  name: string;
  /** null: a 综合窗口, accepting items of several departments. */
  department: string | null;
  /** The clerks at the counter, recorded as the operators of its events. */
  clerks: readonly string[];
}

/** The counters of the demo hall; `fixtures/demo-catalog.csv` enters its items at these codes. */
export const DEMO_WINDOWS: readonly DemoWindow[] = [
  { code: 'A01', name: '企业登记窗口', department: '市场监督管理局', clerks: ['林晓燕', '陈志强'] },
  { code: 'A02', name: '食品药品许可窗口', department: '市场监督管理局', clerks: ['黄丽娟', '吴建平'] },
  { code: 'B01', name: '户政窗口', department: '公安局', clerks: ['郑美玲', '刘洋'] },
  { code: 'B02', name: '出入境窗口', department: '公安局', clerks: ['张婷', '王磊'] },
  { code: 'B03', name: '车驾管窗口', department: '公安局', clerks: ['李俊杰', '周敏'] },
  { code: 'C01', name: '社保就业窗口', department: '人力资源和社会保障局', clerks: ['许文静', '何斌'] },
  { code: 'C02', name: '医保窗口', department: '医疗保障局', clerks: ['杨雪', '蔡明辉'] },
  { code: 'D01', name: '不动产登记窗口', department: '自然资源和规划局', clerks: ['邱海燕', '方志刚'] },
  { code: 'D02', name: '建设工程窗口', department: '住房和城乡建设局', clerks: ['潘立新', '谢娜'] },
  { code: 'D03', name: '生态环境窗口', department: '生态环境局', clerks: ['曾凡'] },
  { code: 'E01', name: '卫生健康窗口', department: '卫生健康委员会', clerks: ['罗佳', '江涛'] },
  { code: 'E02', name: '交通运输窗口', department: '交通运输局', clerks: ['彭宇'] },
  { code: 'F01', name: '税务窗口', department: '税务局', clerks: ['高晓红', '叶青', '徐凯'] },
  { code: 'G01', name: '综合受理窗口', department: null, clerks: ['沈丹', '钟国华'] },
];

/** Who reviews and decides in the departments' back offices. */
const BACKOFFICE_STAFF = ['审批科 赵卫东', '审批科 孙红梅', '业务科 马俊', '业务科 冯静'];

type Applicant = 'person' | 'company' | 'either';

/**
 * How a center's items differ in real life: a few items make most of the cases (户政,
 * 出入境, 企业登记, 不动产), most are rare. `late` is the share of cases concluded after
 * the deadline; `special` lists the 行政许可法 Art. 45 procedures an item may need.
 */
interface ItemProfile {
  weight: number;
  applicant: Applicant;
  late?: number;
  supplement?: number;
  special?: readonly string[];
}

export const DEMO_ITEM_PROFILES: Readonly<Record<string, ItemProfile>> = {
  XK01001000: { weight: 28, applicant: 'company', supplement: 0.12 },
  XK01002000: { weight: 20, applicant: 'company' },
  XK01003000: { weight: 7, applicant: 'company' },
  XK01004000: { weight: 34, applicant: 'person' },
  XK01005000: { weight: 10, applicant: 'person' },
  XK02001001: { weight: 13, applicant: 'either', supplement: 0.15 },
  XK02001002: { weight: 5, applicant: 'either' },
  XK02001003: { weight: 4, applicant: 'either' },
  XK02002000: { weight: 2, applicant: 'company', special: ['检验'], supplement: 0.2 },
  QT02003000: { weight: 3, applicant: 'company' },
  XK02004000: { weight: 2, applicant: 'company', special: ['检验'] },
  QR03001000: { weight: 30, applicant: 'person' },
  QR03002000: { weight: 11, applicant: 'person', supplement: 0.1 },
  QR03003000: { weight: 8, applicant: 'person' },
  GG03004000: { weight: 9, applicant: 'person' },
  XK03005000: { weight: 14, applicant: 'person' },
  XK03006000: { weight: 16, applicant: 'person' },
  XK03007000: { weight: 2, applicant: 'person' },
  XK03008000: { weight: 18, applicant: 'person' },
  XK03009000: { weight: 8, applicant: 'either' },
  QR03010000: { weight: 6, applicant: 'either' },
  GG04001000: { weight: 10, applicant: 'person' },
  GG04002000: { weight: 5, applicant: 'person' },
  JF04003000: { weight: 6, applicant: 'person', supplement: 0.1 },
  GG04004000: { weight: 10, applicant: 'person' },
  JF04005000: { weight: 4, applicant: 'person', late: 0.03 },
  GG05001000: { weight: 12, applicant: 'person' },
  JF05002000: { weight: 4, applicant: 'person', supplement: 0.2, late: 0.04 },
  QR05003000: { weight: 3, applicant: 'person', special: ['专家评审', '鉴定'] },
  QR06001000: { weight: 6, applicant: 'either', late: 0.08, special: ['检测'] },
  QR06002000: { weight: 16, applicant: 'either', late: 0.04, supplement: 0.12 },
  QR06003000: { weight: 10, applicant: 'either', late: 0.03 },
  GG06004000: { weight: 8, applicant: 'person' },
  XK07001000: { weight: 3, applicant: 'company', late: 0.06, supplement: 0.2 },
  XK07002000: { weight: 1, applicant: 'company', special: ['检测', '专家评审'] },
  XK07003000: { weight: 1, applicant: 'company', late: 0.1, special: ['专家评审'] },
  QT07004000: { weight: 2, applicant: 'company' },
  XK08001000: { weight: 2, applicant: 'company', special: ['专家评审', '听证'] },
  XK08002000: { weight: 1, applicant: 'company', special: ['检测'] },
  XK09001000: { weight: 5, applicant: 'either', special: ['检测'] },
  XK09002000: { weight: 1, applicant: 'company', special: ['检验', '专家评审'] },
  GG09003000: { weight: 2, applicant: 'person' },
  XK10001000: { weight: 2, applicant: 'company' },
  XK10002000: { weight: 4, applicant: 'person' },
  QT10003000: { weight: 4, applicant: 'either' },
  GG11001000: { weight: 18, applicant: 'company' },
  QR11002000: { weight: 8, applicant: 'company' },
  GG11003000: { weight: 8, applicant: 'person' },
  JF12001000: { weight: 2, applicant: 'person', supplement: 0.2 },
  QR12002000: { weight: 3, applicant: 'person' },
  XK13001000: { weight: 1, applicant: 'company', special: ['听证', '招标', '拍卖', '检疫'] },
  XK14001000: { weight: 1, applicant: 'company', special: ['专家评审'] },
};

const DEFAULT_PROFILE: ItemProfile = { weight: 1, applicant: 'either' };

/** What the plan needs to know of a catalog item. */
export interface DemoItem {
  code: string;
  window: string | null;
  status: 'active' | 'suspended' | 'cancelled';
  parent: string | null;
  promisedDays: number;
  limitUnit: LimitUnit;
  stages: readonly Stage[];
}

/** A moment in the center's local time: a date and minutes past midnight. */
export interface LocalMoment {
  date: IsoDate;
  minutes: number;
}

export interface PlannedStep {
  at: LocalMoment;
  operator: string;
  action: CaseAction;
}

export interface PlannedCase {
  item: string;
  window: string;
  applicant: string;
  applicantId: string;
  channel: Channel;
  at: LocalMoment;
  operator: string;
  /** 不予受理 at intake, with its reason; no steps follow. */
  refusal: string | null;
  /** A 即办件 concluded in the acceptance step, as `case register --conclude approved` does. */
  concludeAtOnce: boolean;
  steps: PlannedStep[];
}

export interface PlannedComplaint {
  window: string;
  /** Index into the plan's cases, when the complaint names a case. */
  caseIndex: number | null;
  channel: ComplaintChannel;
  date: IsoDate;
  summary: string;
  closed: { at: LocalMoment; substantiated: boolean } | null;
}

export interface PlannedRecord {
  window: string;
  date: IsoDate;
  kind: RecordKind;
  points: number;
  reason: string;
}

export interface DemoPlan {
  period: Period;
  cases: PlannedCase[];
  complaints: PlannedComplaint[];
  records: PlannedRecord[];
}

export interface DemoPlanInput {
  seed: number;
  /** The months planned, oldest first, as [year, month]. */
  months: readonly [number, number][];
  /** The mean number of cases on an ordinary working day. */
  casesPerDay: number;
  items: readonly DemoItem[];
  calendar: WorkCalendar;
}

/** The months `count` back from the one before `today`'s (the last full month), oldest first. */
export function demoMonths(today: IsoDate, count: number): [number, number][] {
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  const months: [number, number][] = [];
  for (let index = 0; index < count; index++) {
    month--;
    if (month === 0) [year, month] = [year - 1, 12];
    months.unshift([year, month]);
  }
  return months;
}

// Office hours: 08:30–12:00 and 13:30–17:30 (the default closing time).
const MORNING = [8 * 60 + 30, 12 * 60] as const;
const AFTERNOON = [13 * 60 + 30, 17 * 60 + 15] as const;
const LAST_MINUTE = 17 * 60 + 25;

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴孔汤庞',
];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲建国志红文辉鹏飞云峰海燕晓梅婷雪琳欣怡子涵宇浩然梓轩诗雨佳一鑫博嘉'];
const COMPANY_WORDS = [
  '鑫源',
  '恒达',
  '华兴',
  '宏图',
  '天润',
  '嘉禾',
  '瑞丰',
  '金诚',
  '海峡',
  '闽江',
  '新锐',
  '永盛',
  '博雅',
  '安泰',
  '聚福',
  '德信',
  '长青',
  '启航',
  '明途',
  '榕城',
];
const INDUSTRIES = ['餐饮管理', '商贸', '建筑工程', '信息科技', '物流', '食品', '医疗器械', '装饰工程', '文化传媒', '农业开发', '房地产开发', '汽车服务'];
/** County codes (GB/T 2260) of the demo city's districts: the first six characters of residents' ids. */
const REGIONS = ['350102', '350103', '350104', '350105', '350111', '350121', '350122', '350181'];

const SUPPLEMENT_MATERIALS = [
  '营业执照副本复印件',
  '法定代表人身份证明',
  '经营场所使用证明',
  '房屋产权证明',
  '申请表签字页',
  '委托书原件',
  '户口簿原件',
  '婚姻状况证明',
  '社保缴费明细',
  '近期免冠照片',
  '竣工验收报告',
  '平面布局图',
];
const REFUSAL_REASONS = [
  '申请事项不属于本机关职权范围，已告知向有关行政机关申请',
  '申请人不具备申请资格',
  '申请事项依法不需要取得行政许可',
  '申请材料涉及事项已由其他机关受理',
];
const WITHDRAWAL_REASONS = ['申请人主动撤回申请', '经营计划变更，申请撤回', '材料无法按期补齐，申请人撤回', '已通过网上办理，撤回窗口申请'];
const DENIAL_REASONS = ['现场核查不符合法定条件', '申请材料与实际情况不符', '不符合规划要求', '未通过专家评审'];
const BAD_COMMENTS = ['等候时间太长', '窗口人员态度生硬', '材料要求前后不一致，跑了两趟', '办理进度没人告知', '预约后仍排队一个多小时'];
const GOOD_COMMENTS = ['办事效率高', '工作人员耐心细致', '一次就办好了', '', '', ''];
const COMPLAINT_SUMMARIES = [
  '窗口工作人员午休前提前停止受理',
  '同一材料被要求反复提交',
  '工作人员服务态度差，言语生硬',
  '办件超过承诺时限未办结也未告知',
  '叫号后窗口无人',
  '咨询电话长期无人接听',
];
const COMPLAINT_CHANNELS: readonly ComplaintChannel[] = ['现场', '电话', '12345', '12345', '信箱', '网络'];
const DEDUCTIONS: readonly [string, number][] = [
  ['巡查发现工作时间脱岗', 2],
  ['迟到', 1],
  ['工作时间玩手机游戏', 2],
  ['未按规定着装、佩戴工作牌', 1],
  ['窗口吸烟', 2],
];
const COMMENDATIONS: readonly [string, number][] = [
  ['群众赠送锦旗', 3],
  ['收到群众表扬信', 1],
];

/** The seeded dice of one plan. */
class Dice {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  unit(): number {
    return this.next();
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  /** A whole number from `min` to `max`, both included. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)]!;
  }
  /** An index drawn in proportion to `weights`, given as running totals. */
  weighted(cumulative: readonly number[]): number {
    const target = this.next() * cumulative[cumulative.length - 1]!;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
  /** A time of day inside office hours, mornings busier than afternoons. */
  officeMinute(): number {
    const [from, to] = this.chance(0.6) ? MORNING : AFTERNOON;
    return this.between(from, to - 1);
  }
}

function personName(dice: Dice): string {
  const given = dice.chance(0.7) ? dice.pick(GIVEN) + dice.pick(GIVEN) : dice.pick(GIVEN);
  return dice.pick(SURNAMES) + given;
}

function residentId(dice: Dice): string {
  const birth = addDays('1950-01-01', dice.between(0, 20_000));
  const first17 = `${dice.pick(REGIONS)}${birth.replaceAll('-', '')}${String(dice.between(1, 999)).padStart(3, '0')}`;
  return first17 + residentCheckCharacter(first17);
}

function creditCode(dice: Dice): string {
  let organisation = 'MA';
  for (let index = 0; index < 7; index++) organisation += dice.pick([...CREDIT_ALPHABET]);
  const first17 = `91${dice.pick(REGIONS)}${organisation}`;
  return first17 + creditCheckCharacter(first17);
}

function channelOf(dice: Dice, company: boolean): Channel {
  const roll = dice.unit();
  if (roll < 0.66) return 'window';
  if (roll < 0.78) return 'appointment';
  if (roll < 0.88) return 'online';
  if (roll < 0.97) return company ? 'proxy' : 'kiosk';
  return 'proxy';
}

/** The next moment on `date`, not before `previous` (events of a case never go back in time). */
function after(dice: Dice, previous: LocalMoment, date: IsoDate): LocalMoment {
  if (date > previous.date) return { date, minutes: dice.officeMinute() };
  let minutes = previous.minutes + dice.between(3, 80);
  if (minutes > MORNING[1] && minutes < AFTERNOON[0]) minutes += AFTERNOON[0] - MORNING[1];
  return { date: previous.date, minutes: Math.max(previous.minutes, Math.min(minutes, LAST_MINUTE)) };
}

/** Daily volume: Mondays are busier, and busiest the first working day after a holiday. */
function volumeFactor(calendar: WorkCalendar, date: IsoDate, previousWorkingDay: IsoDate | null): number {
  if (previousWorkingDay !== null) {
    for (let day = addDays(previousWorkingDay, 1); day < date; day = addDays(day, 1)) {
      if (calendar.overrides.get(day)?.kind === 'holiday') return 1.6;
    }
  }
  const dayOfWeek = weekday(date);
  if (dayOfWeek === 1) return 1.3;
  if (dayOfWeek === 5) return 0.85;
  return 1;
}

/** A level of 好差评, mostly 非常满意, with a few bad ones; a late case is rated worse. */
function ratingLevel(dice: Dice, late: boolean): number {
  const roll = dice.unit() - (late ? 0.35 : 0);
  if (roll < 0.012) return 1;
  if (roll < 0.03) return 2;
  if (roll < 0.075) return 3;
  if (roll < 0.23) return 4;
  return 5;
}

interface CaseContext {
  dice: Dice;
  calendar: WorkCalendar;
  window: DemoWindow;
  item: DemoItem;
  profile: ItemProfile;
  accepted: LocalMoment;
  clerk: string;
}

/** The steps of a 即办件 (promised limit 0) after its acceptance. */
function immediateSteps(context: CaseContext): { steps: PlannedStep[]; concludeAtOnce: boolean } {
  const { dice, calendar, accepted, clerk } = context;
  if (dice.chance(0.86)) return { steps: withRating(context, [], accepted, false), concludeAtOnce: true };
  // Some take a while, a few go to the back office, and now and then one slips to the next day (overdue).
  const late = dice.chance(0.04);
  const date = late ? addWorkingDays(calendar, accepted.date, 1) : accepted.date;
  const at = after(dice, accepted, date);
  const backoffice = dice.chance(0.3);
  const conclusion: PlannedStep = {
    at,
    operator: backoffice ? dice.pick(BACKOFFICE_STAFF) : clerk,
    action: { command: 'conclude', outcome: 'approved', location: backoffice ? 'backoffice' : null },
  };
  return { steps: withRating(context, [conclusion], at, late), concludeAtOnce: false };
}

/** A rating after the service for about two in three concluded cases. */
function withRating(context: CaseContext, steps: PlannedStep[], last: LocalMoment, late: boolean): PlannedStep[] {
  const { dice } = context;
  if (!dice.chance(0.65)) return steps;
  const level = ratingLevel(dice, late);
  const at = after(dice, last, last.date);
  const comment = level <= 2 ? dice.pick(BAD_COMMENTS) : dice.pick(GOOD_COMMENTS);
  return [...steps, { at, operator: context.clerk, action: { command: 'rate', level, comment, date: at.date, replace: false } }];
}

/**
 * The steps of a 承诺件 after its acceptance. Offsets count days of the item's unit
 * while the clock runs: a case concluded at offset k has used k days, so it is late
 * exactly when k exceeds the promised limit, whatever its pause (the pause moves the
 * deadline and the later dates alike).
 */
function promisedSteps(context: CaseContext): PlannedStep[] {
  const { dice, calendar, item, profile, accepted, clerk } = context;
  const promised = item.promisedDays;
  const unit = item.limitUnit;
  const late = dice.chance(profile.late ?? 0.004);
  const used = late ? promised + dice.between(1, 3) : dice.between(Math.max(1, Math.ceil(promised * 0.2)), promised);
  const dateAt = (offset: number): IsoDate =>
    unit === 'calendar' ? workingDayOnOrAfter(calendar, addDays(accepted.date, offset)) : addWorkingDays(calendar, accepted.date, offset);

  const decide = item.stages.indexOf('decide');
  const before = item.stages.slice(1, decide === -1 ? item.stages.length : decide);
  // The review usually starts the day of acceptance; later stages spread toward the decision.
  const offsets: number[] = [];
  before.forEach((_, index) => {
    const spread = Math.floor((used * (index + 1)) / (before.length + 1));
    offsets.push(index === 0 ? (dice.chance(0.6) ? 0 : Math.min(1, spread)) : Math.max(offsets[index - 1]!, spread));
  });

  const special = profile.special && dice.chance(0.3) ? dice.pick(profile.special) : null;
  const supplement = !special && dice.chance(profile.supplement ?? 0.07) ? dice.pick(SUPPLEMENT_MATERIALS) : null;
  // 补正 comes with the review (一次性告知); an Art. 45 procedure once the file is examined.
  const pauseAfter = special ? before.length - 1 : 0;
  const pauseOffset = offsets[pauseAfter] ?? 0;
  const pauseLength = special ? dice.between(5, 15) : dice.between(1, 6);
  const backoffice = dice.chance(0.12);

  type Planned = { offset: number; action: CaseAction; backoffice: boolean; pause?: 'start' | 'end' };
  const sequence: Planned[] = [];
  before.forEach((stage, index) => {
    sequence.push({ offset: offsets[index]!, action: { command: 'advance', to: stage, location: backoffice ? 'backoffice' : null }, backoffice });
    if (index === pauseAfter && (special || supplement)) {
      sequence.push({
        offset: pauseOffset,
        action: special ? { command: 'suspend', reason: special } : { command: 'supplement', materials: supplement! },
        backoffice: false,
        pause: 'start',
      });
      sequence.push({ offset: pauseOffset, action: { command: 'resume' }, backoffice: false, pause: 'end' });
    }
  });
  if (before.length === 0 && supplement) {
    sequence.push({ offset: 0, action: { command: 'supplement', materials: supplement }, backoffice: false, pause: 'start' });
    sequence.push({ offset: 0, action: { command: 'resume' }, backoffice: false, pause: 'end' });
  }
  const denied = dice.chance(0.03);
  sequence.push({
    offset: used,
    action: { command: 'conclude', outcome: denied ? 'denied' : 'approved', reason: denied ? dice.pick(DENIAL_REASONS) : undefined, location: null },
    backoffice,
  });

  // An applicant may withdraw before the decision, often while asked for more materials.
  const withdrawAt = dice.chance(0.025) ? dice.between(1, sequence.length - 1) : -1;

  const steps: PlannedStep[] = [];
  let last = accepted;
  let pauseStart: IsoDate | null = null;
  let pausedDays = 0;
  for (const [index, planned] of sequence.entries()) {
    let date: IsoDate;
    if (planned.pause === 'end') {
      const resumed =
        unit === 'calendar' ? workingDayOnOrAfter(calendar, addDays(pauseStart!, pauseLength)) : addWorkingDays(calendar, pauseStart!, pauseLength);
      pausedDays = countDays(calendar, pauseStart!, resumed, unit);
      date = resumed;
    } else {
      date = dateAt(planned.offset + pausedDays);
    }
    if (date < last.date) date = last.date;
    const at = after(dice, last, date);
    if (index === withdrawAt) {
      steps.push({ at, operator: clerk, action: { command: 'withdraw', reason: dice.pick(WITHDRAWAL_REASONS) } });
      return steps;
    }
    if (planned.pause === 'start') pauseStart = at.date;
    steps.push({ at, operator: planned.backoffice ? dice.pick(BACKOFFICE_STAFF) : clerk, action: planned.action });
    last = at;
  }
  // 送达: the certificate handed over or posted, the same day or within two working days.
  if (item.stages.includes('deliver') && !denied) {
    const at = after(dice, last, dice.chance(0.5) ? last.date : addWorkingDays(calendar, last.date, dice.between(1, 2)));
    steps.push({ at, operator: clerk, action: { command: 'deliver' } });
    last = at;
  }
  return withRating(context, steps, last, late);
}

function monthsOf(months: readonly [number, number][]): Period[] {
  return months.map(([year, month]) => monthPeriod(year, month));
}

/** Plans the demo center's months. Events later than the last planned day are left out: those cases are still open. */
export function planDemo(input: DemoPlanInput): DemoPlan {
  const dice = new Dice(input.seed);
  const { calendar } = input;
  const periods = monthsOf(input.months);
  const period: Period = { from: periods[0]!.from, to: periods[periods.length - 1]!.to };
  const windows = new Map(DEMO_WINDOWS.map((window) => [window.code, window]));
  const parents = new Set(input.items.map((item) => item.parent).filter((code): code is string => code !== null));
  // Cases are filed under an active item with a window; a parent item is filed under its sub-items.
  const items = input.items.filter((item) => item.status === 'active' && item.window !== null && windows.has(item.window) && !parents.has(item.code));
  const profiles = items.map((item) => DEMO_ITEM_PROFILES[item.code] ?? DEFAULT_PROFILE);
  const cumulative: number[] = [];
  profiles.reduce((total, profile) => {
    cumulative.push(total + profile.weight);
    return total + profile.weight;
  }, 0);

  const cases: PlannedCase[] = [];
  let previousWorkingDay: IsoDate | null = null;
  for (let date = period.from; date <= period.to; date = addDays(date, 1)) {
    if (!isWorkingDay(calendar, date)) continue;
    const volume = Math.round(input.casesPerDay * volumeFactor(calendar, date, previousWorkingDay) * (0.85 + 0.3 * dice.unit()));
    previousWorkingDay = date;
    const times = Array.from({ length: volume }, () => dice.officeMinute()).sort((a, b) => a - b);
    for (const minutes of times) cases.push(planCase(dice, calendar, items, profiles, cumulative, windows, { date, minutes }));
  }
  for (const planned of cases) {
    const kept = planned.steps.findIndex((step) => step.at.date > period.to);
    if (kept !== -1) planned.steps = planned.steps.slice(0, kept);
  }
  return { period, cases, complaints: planComplaints(dice, calendar, cases, periods), records: planRecords(dice, calendar, periods) };
}

function planCase(
  dice: Dice,
  calendar: WorkCalendar,
  items: readonly DemoItem[],
  profiles: readonly ItemProfile[],
  cumulative: readonly number[],
  windows: ReadonlyMap<string, DemoWindow>,
  accepted: LocalMoment,
): PlannedCase {
  const index = dice.weighted(cumulative);
  const item = items[index]!;
  const profile = profiles[index]!;
  const window = windows.get(item.window!)!;
  const company = profile.applicant === 'company' || (profile.applicant === 'either' && dice.chance(0.4));
  const applicant = company ? `示范市${dice.pick(COMPANY_WORDS)}${dice.pick(INDUSTRIES)}有限公司` : personName(dice);
  const applicantId = company ? creditCode(dice) : residentId(dice);
  const clerk = dice.pick(window.clerks);
  const base = { item: item.code, window: window.code, applicant, applicantId, channel: channelOf(dice, company), at: accepted, operator: clerk };
  if (dice.chance(item.promisedDays === 0 ? 0.012 : 0.02)) {
    return { ...base, refusal: dice.pick(REFUSAL_REASONS), concludeAtOnce: false, steps: [] };
  }
  const context: CaseContext = { dice, calendar, window, item, profile, accepted, clerk };
  if (item.promisedDays === 0) return { ...base, refusal: null, ...immediateSteps(context) };
  return { ...base, refusal: null, concludeAtOnce: false, steps: promisedSteps(context) };
}

/**
 * Complaints are rare: one to three a month, about a case accepted that month (named
 * in most), closed within two weeks unless received at the very end. The first one of
 * the last month is found substantiated, so the assessment shows what that costs.
 */
function planComplaints(dice: Dice, calendar: WorkCalendar, cases: readonly PlannedCase[], periods: readonly Period[]): PlannedComplaint[] {
  const complaints: PlannedComplaint[] = [];
  const end = periods[periods.length - 1]!.to;
  periods.forEach((month, monthIndex) => {
    const candidates = cases.flatMap((planned, index) =>
      planned.refusal === null && planned.at.date >= month.from && planned.at.date <= month.to ? [index] : [],
    );
    if (candidates.length === 0) return;
    const count = dice.between(1, 3);
    for (let number = 0; number < count; number++) {
      const caseIndex = dice.pick(candidates);
      const planned = cases[caseIndex]!;
      let date = addWorkingDays(calendar, planned.at.date, dice.between(0, 4));
      if (date > month.to) date = planned.at.date;
      const forced = monthIndex === periods.length - 1 && number === 0;
      let closedOn = addWorkingDays(calendar, date, dice.between(3, 10));
      if (forced && closedOn > end) closedOn = date;
      const substantiated = forced || dice.chance(0.3);
      complaints.push({
        window: planned.window,
        caseIndex: dice.chance(0.7) ? caseIndex : null,
        channel: dice.pick(COMPLAINT_CHANNELS),
        date,
        summary: dice.pick(COMPLAINT_SUMMARIES),
        closed: closedOn <= end ? { at: { date: closedOn, minutes: dice.officeMinute() }, substantiated } : null,
      });
    }
  });
  return complaints;
}

/** Each month: one or two 巡查扣分 and a 锦旗, sometimes a letter of thanks as well. */
function planRecords(dice: Dice, calendar: WorkCalendar, periods: readonly Period[]): PlannedRecord[] {
  const records: PlannedRecord[] = [];
  for (const month of periods) {
    const days: IsoDate[] = [];
    for (let date = month.from; date <= month.to; date = addDays(date, 1)) if (isWorkingDay(calendar, date)) days.push(date);
    if (days.length === 0) continue;
    const monthRecords: PlannedRecord[] = [];
    const deductions = dice.between(1, 2);
    for (let index = 0; index < deductions; index++) {
      const [reason, points] = dice.pick(DEDUCTIONS);
      monthRecords.push({ window: dice.pick(DEMO_WINDOWS).code, date: dice.pick(days), kind: 'deduction', points, reason });
    }
    const commendations = dice.chance(0.5) ? COMMENDATIONS : COMMENDATIONS.slice(0, 1);
    for (const [reason, points] of commendations) {
      monthRecords.push({ window: dice.pick(DEMO_WINDOWS).code, date: dice.pick(days), kind: 'commendation', points, reason });
    }
    records.push(...monthRecords.sort((a, b) => dayNumber(a.date) - dayNumber(b.date)));
  }
  return records;
}
