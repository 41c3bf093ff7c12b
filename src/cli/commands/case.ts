/** `hall case …`: what clerks do all day (SPEC §3.2, §4). */
import type { Command } from 'commander';
import { formatFeeYuan, parseFeeFen, STAGE_NAMES } from '../../core/catalog.js';
import { isValidDate, localDateTime, parseTimestamp, isoWithOffset, type IsoDate } from '../../core/dates.js';
import { InputError, UsageError, text, type LocalText } from '../../core/errors.js';
import { STATE_NAMES, type CaseCommand, type CaseEvent, type Location } from '../../core/lifecycle.js';
import { writeTransaction } from '../../db/database.js';
import { caseRules, checkApplicantId, intakeItem, intakeWindow } from '../../store/case-intake.js';
import {
  appendCaseEvent,
  caseView,
  CHANNEL_NAMES,
  createCase,
  explainDeadline,
  findCase,
  listCases,
  parseChannel,
  parseStage,
  type CaseFilter,
  type CaseView,
  type EventTime,
} from '../../store/cases.js';
import { LEVEL_NAMES, rateCase } from '../../store/evaluations.js';
import { parseClockTime } from '../../core/dates.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import type { View } from '../render.js';

interface CommonOptions {
  at?: string;
  showPii?: boolean;
}

/** The time of the event: `--at` (back-dating), else the clock (HALL_NOW or now). */
export function eventTime(ctx: Context, at: string | undefined): EventTime {
  const zone = ctx.settings().timeZone;
  let instant = ctx.now;
  if (at !== undefined) {
    const parsed = parseTimestamp(at, zone);
    if (!parsed) {
      throw new InputError(text(`--at "${at}" 不是有效时间；应为 2025-10-09 14:30 或 2025-10-09T14:30:00+08:00`, `--at "${at}" is not a valid time; use 2025-10-09 14:30 or 2025-10-09T14:30:00+08:00`));
    }
    // Back-dating fills in what happened; a time still to come has not happened.
    if (parsed.getTime() > ctx.now.getTime() + 60_000) {
      throw new InputError(text(`--at "${at}" 晚于当前时间，事件不能预先登记`, `--at "${at}" is in the future; events are recorded after they happen`));
    }
    instant = parsed;
  }
  const local = localDateTime(instant, zone);
  return { at: isoWithOffset(instant, zone), date: local.date, minutes: local.minutes };
}

function event(ctx: Context, time: EventTime, kind: CaseEvent['kind'], location: Location | null, details: Record<string, unknown>): CaseEvent {
  return { kind, ...time, operator: ctx.operator, location, details };
}

function closingMinutes(ctx: Context): number {
  return parseClockTime(ctx.settings().closingTime) ?? 17 * 60 + 30;
}

function locationFlag(options: { backoffice?: boolean; atWindow?: boolean }): Location | null {
  if (options.backoffice && options.atWindow) {
    throw new InputError(text('--backoffice 和 --at-window 只能选一个', '--backoffice and --at-window exclude each other'));
  }
  return options.backoffice ? 'backoffice' : options.atWindow ? 'window' : null;
}

function limitText(days: number | null, unit: string): LocalText {
  if (days === null) return text('无', 'none');
  if (days === 0) return text('即办', 'immediate');
  return unit === 'calendar' ? text(`${days}个自然日`, `${days} calendar days`) : text(`${days}个工作日`, `${days} working days`);
}

/** The case as a view: the JSON contract plus the lines a clerk reads. */
function caseOutput(ctx: Context, view: CaseView, headline?: LocalText): View {
  const state = STATE_NAMES[view.state];
  const deadline = view.deadline ?? ctx.t(text('暂停中', 'paused'));
  const legal = view.legal_days === null ? ctx.t(text('无法定时限', 'no legal limit')) : (view.legal_deadline ?? ctx.t(text('暂停中', 'paused')));
  const lines: LocalText[] = [];
  if (headline) lines.push(headline);
  lines.push(
    text(`办件 ${view.number}：${view.item} ${view.item_name}；申请人 ${view.applicant}${view.applicant_id ? `（${view.applicant_id}）` : ''}`, `case ${view.number}: ${view.item} ${view.item_name}; applicant ${view.applicant}${view.applicant_id ? ` (${view.applicant_id})` : ''}`),
    text(
      `状态：${state.zh}${view.delivered ? '，已送达' : ''}；环节：${view.stage ? STAGE_NAMES[view.stage] : '—'}；窗口：${view.window ?? '—'}；渠道：${CHANNEL_NAMES[view.channel]}；收费：${formatFeeYuan(view.fee_fen)} 元`,
      `state: ${state.en}${view.delivered ? ', delivered' : ''}; stage: ${view.stage ?? '—'}; window: ${view.window ?? '—'}; channel: ${view.channel}; fee: ${formatFeeYuan(view.fee_fen)} yuan`,
    ),
  );
  if (view.accepted_at) {
    lines.push(
      text(
        `承诺期限：${deadline}（${limitText(view.promised_days, view.limit_unit).zh}）；法定期限：${legal}${view.days_used !== null ? `；已用 ${view.days_used} 个工作日` : ''}${view.days_left !== null ? `；${view.days_left >= 0 ? `剩余 ${view.days_left} 个工作日` : `已超期 ${-view.days_left} 个工作日`}` : ''}`,
        `promised deadline: ${deadline} (${limitText(view.promised_days, view.limit_unit).en}); legal deadline: ${legal}${view.days_used !== null ? `; ${view.days_used} days used` : ''}${view.days_left !== null ? `; ${view.days_left >= 0 ? `${view.days_left} days left` : `${-view.days_left} days overdue`}` : ''}`,
      ),
    );
  }
  if (view.outcome) {
    lines.push(
      text(`办结：${view.outcome === 'approved' ? '准予' : '不予许可'}，${view.concluded_at}${view.on_site ? '，现场办结' : ''}`, `concluded: ${view.outcome}, ${view.concluded_at}${view.on_site ? ', on site' : ''}`),
    );
  }
  return { json: view, lines };
}

function shownCase(ctx: Context, number: string, showPii: boolean | undefined, headline?: LocalText): View {
  const db = ctx.db();
  const row = findCase(db, number);
  return caseOutput(ctx, caseView(db, ctx.calendar(), row, ctx.today(), showPii === true), headline);
}

interface RegisterOptions extends CommonOptions {
  item?: string;
  applicant?: string;
  applicantId?: string;
  idType?: string;
  window?: string;
  channel?: string;
  fee?: string;
  conclude?: string;
}

export async function registerCase(ctx: Context, options: RegisterOptions): Promise<View> {
  let { item: itemCode, applicant, applicantId } = options;
  if (itemCode === undefined || applicant === undefined) {
    const interactive = ctx.io.stdin.isTTY === true && ctx.io.stdout.isTTY === true;
    if (!interactive) {
      const missing = [itemCode === undefined ? '--item' : null, applicant === undefined ? '--applicant' : null].filter(Boolean).join('、');
      throw new UsageError(text(`缺少 ${missing}（不在终端上运行时不会提示输入）`, `missing ${missing.replace('、', ', ')} (no prompts when not on a terminal)`));
    }
    const { askRegistration } = await import('../prompt.js');
    const choices = ctx
      .db()
      .prepare("SELECT i.code, i.name, w.name AS window FROM items i LEFT JOIN windows w ON w.id = i.window_id WHERE i.status = 'active' ORDER BY i.code")
      .all() as { code: string; name: string; window: string | null }[];
    const answers = await askRegistration(choices, { item: itemCode, applicant, applicantId }, ctx.lang);
    itemCode = answers.item;
    applicant = answers.applicant;
    applicantId = answers.applicantId === '' ? undefined : answers.applicantId;
  }
  if (applicant.trim() === '') throw new InputError(text('申请人不能为空（--applicant）', 'the applicant cannot be empty (--applicant)'));
  const channel = parseChannel(options.channel ?? 'window');
  if (!channel) {
    throw new InputError(text(`--channel "${options.channel}" 无效；应为 窗口、网上、自助、代办、预约（或 window、online、kiosk、proxy、appointment）`, `--channel "${options.channel}" is invalid; use window, online, kiosk, proxy or appointment`));
  }
  if (options.conclude !== undefined && options.conclude !== 'approved' && options.conclude !== 'denied') {
    throw new InputError(text(`--conclude "${options.conclude}" 无效；应为 approved 或 denied`, `--conclude "${options.conclude}" is invalid; use approved or denied`));
  }
  const checkedId = checkApplicantId(applicantId, options.idType);
  const time = eventTime(ctx, options.at);
  const db = ctx.db();
  const calendar = ctx.calendar();
  const number = writeTransaction(db, () => {
    const item = intakeItem(db, itemCode!, true);
    const windowId = intakeWindow(db, item, options.window);
    let feeFen = item.fee_fen;
    if (options.fee !== undefined) {
      const parsed = parseFeeFen(options.fee);
      if (typeof parsed !== 'number') throw new InputError(text(`--fee "${options.fee}"：${parsed.zh}`, `--fee "${options.fee}": ${parsed.en}`));
      feeFen = parsed;
    }
    if (options.conclude !== undefined && item.promised_days !== 0) {
      throw new InputError(text(`--conclude 只用于即办件；事项 ${item.code} 承诺 ${item.promised_days} 日，请受理后用 hall case conclude 办结`, `--conclude is for 即办件 only; item ${item.code} promises ${item.promised_days} days — conclude it later with hall case conclude`));
    }
    const row = createCase(
      db,
      calendar,
      {
        itemId: item.id,
        windowId,
        departmentId: item.department_id,
        itemType: item.type,
        applicant: applicant!.trim(),
        applicantId: checkedId.id,
        idType: checkedId.type,
        channel,
        feeFen,
        rules: caseRules(item, closingMinutes(ctx)),
      },
      [event(ctx, time, 'register', 'window', { channel })],
    );
    if (options.conclude) appendCaseEvent(db, calendar, row, 'conclude', event(ctx, time, 'conclude', null, { outcome: options.conclude }));
    return row.number;
  });
  if (checkedId.warning) ctx.warn(checkedId.warning);
  const view = caseView(db, calendar, findCase(db, number), ctx.today(), options.showPii === true);
  const legal = view.legal_deadline ? `，法定期限 ${view.legal_deadline}` : '';
  return caseOutput(
    ctx,
    view,
    options.conclude
      ? text(`已受理并当场办结：${number}`, `accepted and concluded on the spot: ${number}`)
      : text(`已受理：${number}，承诺期限 ${view.deadline}${legal}`, `accepted: ${number}, due ${view.deadline}${view.legal_deadline ? `, legal deadline ${view.legal_deadline}` : ''}`),
  );
}

export function refuse(ctx: Context, options: CommonOptions & { item: string; applicant: string; applicantId?: string; idType?: string; window?: string; reason: string }): View {
  if (options.reason.trim() === '') throw new InputError(text('不予受理必须写明理由（--reason）', 'a refusal needs a reason (--reason)'));
  if (options.applicant.trim() === '') throw new InputError(text('申请人不能为空（--applicant）', 'the applicant cannot be empty (--applicant)'));
  const checkedId = checkApplicantId(options.applicantId, options.idType);
  const time = eventTime(ctx, options.at);
  const db = ctx.db();
  const calendar = ctx.calendar();
  const number = writeTransaction(db, () => {
    const item = intakeItem(db, options.item, false);
    const windowId = intakeWindow(db, item, options.window);
    return createCase(
      db,
      calendar,
      {
        itemId: item.id,
        windowId,
        departmentId: item.department_id,
        itemType: item.type,
        applicant: options.applicant.trim(),
        applicantId: checkedId.id,
        idType: checkedId.type,
        channel: 'window',
        feeFen: 0,
        rules: caseRules(item, closingMinutes(ctx)),
      },
      [event(ctx, time, 'refuse', 'window', { reason: options.reason.trim() })],
    ).number;
  });
  if (checkedId.warning) ctx.warn(checkedId.warning);
  return shownCase(ctx, number, options.showPii, text(`已登记不予受理：${number}`, `refusal recorded: ${number}`));
}

/** Runs one lifecycle command on a case in a write transaction and prints the case. */
function step(ctx: Context, number: string, command: CaseCommand, options: CommonOptions, location: Location | null, details: Record<string, unknown>, done: LocalText): View {
  const time = eventTime(ctx, options.at);
  const db = ctx.db();
  const calendar = ctx.calendar();
  writeTransaction(db, () => appendCaseEvent(db, calendar, findCase(db, number), command, event(ctx, time, command, location, details)));
  return shownCase(ctx, number, options.showPii, done);
}

function requireText(value: string, flag: string): string {
  if (value.trim() === '') throw new InputError(text(`${flag} 不能为空`, `${flag} cannot be empty`));
  return value.trim();
}

export function advance(ctx: Context, number: string, options: CommonOptions & { to?: string; backoffice?: boolean; atWindow?: boolean; note?: string }): View {
  const details: Record<string, unknown> = {};
  if (options.to !== undefined) {
    const stage = parseStage(options.to);
    if (!stage) throw new InputError(text(`--to "${options.to}" 不是办理环节；可用：受理、审查、现场勘察、审批、制证、送达`, `--to "${options.to}" is not a stage; use accept, review, inspect, decide, certify or deliver`));
    details.to = stage;
  }
  if (options.note) details.note = options.note;
  return step(ctx, number, 'advance', options, locationFlag(options), details, text(`办件 ${number} 已推进`, `case ${number} advanced`));
}

export function supplement(ctx: Context, number: string, options: CommonOptions & { materials: string }): View {
  return step(ctx, number, 'supplement', options, null, { materials: requireText(options.materials, '--materials') }, text(`办件 ${number} 已暂停，等待补正材料`, `case ${number} paused for supplementary materials`));
}

export function suspend(ctx: Context, number: string, options: CommonOptions & { reason: string }): View {
  // 行政许可法 Art. 45: inspection, testing, hearing, expert review and public notice are not counted.
  return step(ctx, number, 'suspend', options, null, { reason: requireText(options.reason, '--reason') }, text(`办件 ${number} 已暂停（特别程序，不计入时限）`, `case ${number} suspended (special procedure, not counted)`));
}

export function resume(ctx: Context, number: string, options: CommonOptions): View {
  return step(ctx, number, 'resume', options, null, {}, text(`办件 ${number} 已恢复办理`, `case ${number} resumed`));
}

export function conclude(ctx: Context, number: string, options: CommonOptions & { outcome: string; reason?: string; backoffice?: boolean; atWindow?: boolean }): View {
  if (options.outcome !== 'approved' && options.outcome !== 'denied') {
    throw new InputError(text(`--outcome "${options.outcome}" 无效；应为 approved（准予）或 denied（不予许可）`, `--outcome "${options.outcome}" is invalid; use approved or denied`));
  }
  const details: Record<string, unknown> = { outcome: options.outcome };
  if (options.reason) details.reason = options.reason;
  return step(ctx, number, 'conclude', options, locationFlag(options), details, text(`办件 ${number} 已办结`, `case ${number} concluded`));
}

export function deliver(ctx: Context, number: string, options: CommonOptions): View {
  return step(ctx, number, 'deliver', options, null, {}, text(`办件 ${number} 已送达`, `case ${number} delivered`));
}

export function withdraw(ctx: Context, number: string, options: CommonOptions & { reason?: string }): View {
  return step(ctx, number, 'withdraw', options, null, options.reason ? { reason: options.reason } : {}, text(`办件 ${number} 已撤回`, `case ${number} withdrawn`));
}

const EVENT_NAMES: Record<string, LocalText> = {
  register: text('受理', 'register'),
  refuse: text('不予受理', 'refuse'),
  advance: text('推进', 'advance'),
  supplement: text('补正', 'supplement'),
  suspend: text('特别程序', 'suspend'),
  resume: text('恢复', 'resume'),
  conclude: text('办结', 'conclude'),
  deliver: text('送达', 'deliver'),
  withdraw: text('撤回', 'withdraw'),
  rate: text('评价', 'rate'),
};

function detailText(ctx: Context, details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([key, value]) => value !== '' && value !== null && key !== 'date')
    .map(([key, value]) => {
      if (key === 'imported') return ctx.t(text('导入', 'imported'));
      if (key === 'level') return `${value} ${ctx.lang === 'zh' ? (LEVEL_NAMES[Number(value)] ?? '') : ''}`.trim();
      if (key === 'on_site') return ctx.t(value ? text('现场办结', 'on site') : text('非现场办结', 'not on site'));
      if (key === 'to' && typeof value === 'string') return ctx.lang === 'zh' ? `→ ${STAGE_NAMES[value as keyof typeof STAGE_NAMES] ?? value}` : `→ ${value}`;
      if (key === 'channel' && typeof value === 'string') return ctx.lang === 'zh' ? `渠道 ${CHANNEL_NAMES[value as keyof typeof CHANNEL_NAMES] ?? value}` : `channel ${value}`;
      if (key === 'outcome') return ctx.t(value === 'approved' ? text('准予', 'approved') : text('不予许可', 'denied'));
      return String(value);
    })
    .join('；');
}

const ROLE_NAMES = {
  working: text('工作日', 'working day'),
  makeup: text('调休上班', 'make-up working day'),
  holiday: text('节假日', 'holiday'),
  weekend: text('周末', 'weekend'),
};

export function show(ctx: Context, number: string, options: { showPii?: boolean; explain?: boolean }): View {
  const db = ctx.db();
  const calendar = ctx.calendar();
  const row = findCase(db, number);
  const view = caseView(db, calendar, row, ctx.today(), options.showPii === true);
  const output = caseOutput(ctx, view);
  output.tables = [
    {
      title: text('办理记录', 'history'),
      columns: [
        { key: 'at', title: text('时间', 'at') },
        { key: 'kind', title: text('事件', 'event') },
        { key: 'operator', title: text('操作人', 'operator') },
        { key: 'location', title: text('地点', 'location') },
        { key: 'details', title: text('说明', 'details') },
      ],
      rows: view.events.map((item) => ({
        ...item,
        kind: ctx.t(EVENT_NAMES[item.kind] ?? text(item.kind, item.kind)),
        location: item.location === null ? '' : item.location === 'window' ? ctx.t(text('窗口', 'window')) : ctx.t(text('后台', 'backoffice')),
        details: detailText(ctx, item.details),
      })),
    },
  ];
  if (!options.explain) return output;
  const explanation = explainDeadline(db, calendar, row, ctx.today());
  output.json = { ...view, explain: explanation };
  if (explanation) {
    output.lines!.push(
      text(`期限计算：${explanation.accepted_date} ${explanation.accepted_time} 受理，起始日不计入；${explanation.rule}`, `how the deadline was reached: accepted ${explanation.accepted_date} ${explanation.accepted_time}, start day not counted; ${explanation.rule}`),
    );
    for (const pause of explanation.pauses) {
      output.lines!.push(
        text(`暂停（${pause.kind === 'supplement' ? '补正' : '特别程序'}：${pause.reason}）${pause.from} 至 ${pause.to ?? '今天'}，不计 ${pause.days} 天`, `pause (${pause.kind}: ${pause.reason}) ${pause.from} to ${pause.to ?? 'today'}: ${pause.days} days not counted`),
      );
    }
    let counted = 0;
    output.tables.push({
      title: text(`逐日计算（期限 ${explanation.deadline}）`, `day by day (deadline ${explanation.deadline})`),
      columns: [
        { key: 'date', title: text('日期', 'date') },
        { key: 'role', title: text('类型', 'kind') },
        { key: 'note', title: text('说明', 'note') },
        { key: 'count', title: text('计入', 'counted'), align: 'right' },
      ],
      rows: explanation.days.map((day) => ({
        date: day.date,
        role: ctx.t(ROLE_NAMES[day.role]),
        note: day.paused ? `${day.note}${day.note ? ' ' : ''}${ctx.t(text('暂停期间', 'paused'))}` : day.note,
        count: day.counted ? `第 ${++counted} 天`.replace(/^第 (\d+) 天$/, ctx.lang === 'zh' ? '第 $1 天' : 'day $1') : '—',
      })),
    });
  }
  return output;
}

export function list(ctx: Context, options: { window?: string; status?: string; from?: string; to?: string; showPii?: boolean }): View {
  const statuses = ['open', 'paused', 'overdue', 'due-soon', 'concluded'];
  if (options.status !== undefined && !statuses.includes(options.status)) {
    throw new InputError(text(`--status "${options.status}" 无效；应为 ${statuses.join('、')}`, `--status "${options.status}" is invalid; use ${statuses.join(', ')}`));
  }
  for (const [flag, value] of [['--from', options.from], ['--to', options.to]] as const) {
    if (value !== undefined && !isValidDate(value)) throw new InputError(text(`${flag} "${value}" 不是有效日期（YYYY-MM-DD）`, `${flag} "${value}" is not a valid date (YYYY-MM-DD)`));
  }
  const rows = listCases(ctx.db(), ctx.calendar(), { window: options.window, status: options.status as CaseFilter['status'], from: options.from as IsoDate, to: options.to as IsoDate }, ctx.today(), ctx.settings().warningDays, options.showPii === true);
  return {
    json: rows,
    lines: [text(`共 ${rows.length} 件`, `${rows.length} cases`)],
    tables: [
      {
        columns: [
          { key: 'number', title: text('办件编号', 'number') },
          { key: 'item_name', title: text('事项', 'item') },
          { key: 'applicant', title: text('申请人', 'applicant') },
          { key: 'window', title: text('窗口', 'window') },
          { key: 'state', title: text('状态', 'state') },
          { key: 'accepted_date', title: text('受理日期', 'accepted') },
          { key: 'deadline', title: text('承诺期限', 'deadline') },
          { key: 'days_left', title: text('剩余工作日', 'days left'), align: 'right' },
        ],
        rows: rows.map((row) => ({ ...row, state: ctx.t(STATE_NAMES[row.state]), deadline: row.deadline ?? (row.state === 'paused' ? ctx.t(text('暂停中', 'paused')) : null) })),
      },
    ],
  };
}

export function rate(ctx: Context, number: string, options: { level: string; comment?: string; replace?: boolean; date?: string; at?: string }): View {
  const time = eventTime(ctx, options.at);
  const db = ctx.db();
  const evaluation = writeTransaction(db, () => rateCase(db, findCase(db, number), { level: options.level, comment: options.comment ?? '', replace: options.replace === true, date: options.date, time, operator: ctx.operator }));
  return {
    json: { number, ...evaluation },
    lines: [text(`办件 ${number} 评价：${evaluation.level} ${evaluation.level_name}`, `case ${number} rated ${evaluation.level}`)],
  };
}

export function register(program: Command, app: App): void {
  const command = program.command('case').description(app.t('办件：受理、推进、暂停、办结、查询、评价', 'cases: register, advance, pause, conclude, show, rate'));
  const at = (cmd: Command) => cmd.option('--at <timestamp>', app.t('补记事件时间（不得早于上一事件）', 'back-date the event (never before the previous one)'));
  const pii = (cmd: Command) => cmd.option('--show-pii', app.t('显示完整证件号码', 'show full id numbers'));
  const where = (cmd: Command) =>
    cmd.option('--backoffice', app.t('本环节在后台办理', 'this stage was handled in the back office')).option('--at-window', app.t('本环节在窗口办理', 'this stage was handled at the window'));

  pii(at(command
    .command('register')
    .description(app.t('受理办件；在终端上缺少必填项时会提示输入', 'accept a case; prompts at a terminal for missing flags'))
    .option('--item <code>', app.t('事项编码', 'item code'))
    .option('--applicant <name>', app.t('申请人', 'applicant'))
    .option('--applicant-id <id>', app.t('证件号码（身份证或统一社会信用代码）', 'resident ID or credit code'))
    .option('--id-type <type>', 'resident | credit | other')
    .option('--window <code>', app.t('受理窗口（默认事项的进驻窗口）', "accepting window (default: the item's)"))
    .option('--channel <channel>', app.t('渠道：窗口、网上、自助、代办、预约', 'channel: window, online, kiosk, proxy, appointment'))
    .option('--fee <yuan>', app.t('收费金额（元，默认事项标准；0 为减免）', "fee in yuan (default: the item's; 0 waives)"))
    .option('--conclude <outcome>', app.t('即办件当场办结：approved | denied', 'conclude a 即办件 at once: approved | denied'))))
    .action(app.action(registerCase));
  pii(at(command
    .command('refuse')
    .description(app.t('登记不予受理', 'record a refusal at intake (不予受理)'))
    .requiredOption('--item <code>', app.t('事项编码', 'item code'))
    .requiredOption('--applicant <name>', app.t('申请人', 'applicant'))
    .requiredOption('--reason <text>', app.t('不予受理理由', 'reason'))
    .option('--applicant-id <id>', app.t('证件号码', 'applicant id'))
    .option('--id-type <type>', 'resident | credit | other')
    .option('--window <code>', app.t('窗口', 'window'))))
    .action(app.action(refuse));
  pii(at(where(command
    .command('advance')
    .description(app.t('推进到下一环节（或 --to 指定的后续环节）', 'move to the next stage (or the later one named by --to)'))
    .argument('<number>', app.t('办件编号', 'case number'))
    .option('--to <stage>', app.t('目标环节', 'target stage'))
    .option('--note <text>', app.t('备注', 'note')))))
    .action(app.action(advance));
  pii(at(command
    .command('supplement')
    .description(app.t('一次性告知补正，暂停计时', 'pause for supplementary materials (补正)'))
    .argument('<number>', app.t('办件编号', 'case number'))
    .requiredOption('--materials <text>', app.t('需补正的材料', 'materials required'))))
    .action(app.action(supplement));
  pii(at(command
    .command('suspend')
    .description(app.t('特别程序（检验、检测、听证、专家评审、公示），暂停计时', 'pause for a special procedure (inspection, hearing, expert review, notice)'))
    .argument('<number>', app.t('办件编号', 'case number'))
    .requiredOption('--reason <text>', app.t('原因', 'reason'))))
    .action(app.action(suspend));
  pii(at(command.command('resume').description(app.t('恢复计时', 'resume the clock')).argument('<number>', app.t('办件编号', 'case number'))))
    .action(app.action(resume));
  pii(at(where(command
    .command('conclude')
    .description(app.t('办结：准予或不予许可', 'conclude: approved or denied'))
    .argument('<number>', app.t('办件编号', 'case number'))
    .requiredOption('--outcome <outcome>', 'approved | denied')
    .option('--reason <text>', app.t('理由', 'reason')))))
    .action(app.action(conclude));
  pii(at(command.command('deliver').description(app.t('送达', 'deliver the result')).argument('<number>', app.t('办件编号', 'case number'))))
    .action(app.action(deliver));
  pii(at(command
    .command('withdraw')
    .description(app.t('申请人撤回', 'the applicant withdraws'))
    .argument('<number>', app.t('办件编号', 'case number'))
    .option('--reason <text>', app.t('理由', 'reason'))))
    .action(app.action(withdraw));
  pii(command
    .command('show')
    .description(app.t('查看办件：记录、承诺与法定期限、已用和剩余工作日', 'show a case: history, promised and legal deadlines, days used and left'))
    .argument('<number>', app.t('办件编号', 'case number'))
    .option('--explain', app.t('逐日说明期限是怎样算出的', 'explain day by day how the deadline was reached')))
    .action(app.action(show));
  pii(command
    .command('list')
    .description(app.t('列出办件', 'list cases'))
    .option('--window <code>', app.t('窗口', 'window'))
    .option('--status <status>', 'open | paused | overdue | due-soon | concluded')
    .option('--from <date>', app.t('受理日期起', 'accepted from'))
    .option('--to <date>', app.t('受理日期止', 'accepted to')))
    .action(app.action(list));
  at(command
    .command('rate')
    .description(app.t('好差评：5 非常满意 … 1 非常不满意', 'evaluation: 5 very satisfied … 1 very dissatisfied'))
    .argument('<number>', app.t('办件编号', 'case number'))
    .requiredOption('--level <level>', '1..5')
    .option('--comment <text>', app.t('评价内容', 'comment'))
    .option('--replace', app.t('改评', 'replace an earlier evaluation'))
    .option('--date <date>', app.t('评价日期（默认今天）', 'evaluation date (default today)')))
    .action(app.action(rate));
}

