/** `hall case …`: what clerks do all day (SPEC §3.2, §4). Flags in, the core's step, the presentation out. */
import type { Command } from 'commander';
import type { Actor, CaseAction } from '../../core/case-step.js';
import {
  checkApplicantId,
  type EventTime,
  eventTimeOf,
  LEVEL_WORDS,
  parseChannel,
  parseEventTime,
  parseIdType,
  parseLevel,
  parseOutcome,
  parseStage,
  requireText,
} from '../../core/case-values.js';
import { type CaseView, caseView } from '../../core/case-view.js';
import { parseFeeFen } from '../../core/catalog.js';
import { parseClockTime, parseDate } from '../../core/dates.js';
import { InvalidValue, UsageError } from '../../core/errors.js';
import type { Location } from '../../core/lifecycle.js';
import { isProblem } from '../../core/problems.js';
import { type LocalText, text } from '../../core/text.js';
import { writeTransaction } from '../../db/database.js';
import { type IntakeInput, openCase, registrableItems } from '../../store/case-intake.js';
import { applyCaseAction, factsOf, rulesOf } from '../../store/cases.js';
import { isCombinedNumber, refuseOnCombined, refuseVoidingPart } from '../../store/combined-cases.js';
import { listWindows, windowId } from '../../store/organisation.js';
import type { App } from '../app.js';
import { presentCase } from '../case-presentation.js';
import type { Context } from '../context.js';
import type { View } from '../render.js';
import { bundleChoices, registerChosenBundle, registerCombined, stepCombined } from './case-combined.js';
import { list, show } from './case-read.js';

interface CommonOptions {
  at?: string;
  showPii?: boolean;
}

/** The time of the event: `--at` (back-dating, never in the future), else the clock (HALL_NOW or now). */
export function eventTime(ctx: Context, at: string | undefined): EventTime {
  const zone = ctx.settings().timeZone;
  return at === undefined ? eventTimeOf(ctx.now, zone) : parseEventTime('at', at, zone, ctx.now);
}

function actor(ctx: Context, options: CommonOptions) {
  return { time: eventTime(ctx, options.at), operator: ctx.operator };
}

function closingMinutes(ctx: Context): number {
  return parseClockTime(ctx.settings().closingTime) ?? 17 * 60 + 30;
}

function locationFlag(options: { backoffice?: boolean; atWindow?: boolean }): Location | null {
  if (options.backoffice && options.atWindow) throw new UsageError('conflicting_options', ['--backoffice', '--at-window']);
  return options.backoffice ? 'backoffice' : options.atWindow ? 'window' : null;
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
  bundle?: string;
  without?: string;
}

function feeFen(value: string): number {
  const parsed = parseFeeFen(value);
  if (isProblem(parsed)) throw new InvalidValue('fee', value, parsed);
  return parsed;
}

/** Opens the case in one write transaction, warns of what the clerk may want to know, and prints it. */
function intake(ctx: Context, input: IntakeInput, who: Actor, showPii: boolean | undefined, done: (view: CaseView) => LocalText): View {
  const db = ctx.db();
  const calendar = ctx.calendar();
  const { row, opened, slip } = writeTransaction(db, () => openCase(db, calendar, input, who, closingMinutes(ctx)));
  if (input.applicantId.notice) ctx.warn(input.applicantId.notice);
  if (slip) ctx.warn(slip);
  const view = caseView(factsOf(row), rulesOf(row), opened.events, opened.derived, null, calendar, ctx.today(), showPii === true);
  return presentCase(view, done(view));
}

export async function registerCase(ctx: Context, options: RegisterOptions): Promise<View> {
  if (options.bundle !== undefined) return registerCombined(ctx, { ...options, bundle: options.bundle }, actor(ctx, options), closingMinutes(ctx));
  if (options.without !== undefined) throw new UsageError('missing_options', ['--bundle']);
  let { item: itemCode, applicant, applicantId, window: windowCode } = options;
  // The flags are checked before any question, so that nothing typed at a prompt is lost to a bad flag.
  const channel = parseChannel('channel', options.channel ?? 'window');
  const conclude = options.conclude === undefined ? undefined : parseOutcome('conclude', options.conclude);
  let idType = options.idType === undefined ? undefined : parseIdType('id_type', options.idType);
  const fee = options.fee === undefined ? undefined : feeFen(options.fee);
  const who = actor(ctx, options);
  if (itemCode === undefined || applicant === undefined) {
    const interactive = ctx.io.stdin.isTTY === true && ctx.io.stdout.isTTY === true;
    if (!interactive) {
      const missing = [itemCode === undefined ? '--item' : null, applicant === undefined ? '--applicant' : null].filter(
        (flag): flag is string => flag !== null,
      );
      throw new UsageError('missing_options', missing);
    }
    const db = ctx.db();
    if (windowCode !== undefined && windowCode.trim() !== '') windowId(db, windowCode);
    const { askRegistration } = await import('../prompt.js');
    const windows = listWindows(db).map(({ code, name, department }) => ({ code, name, department }));
    const answers = await askRegistration(
      registrableItems(db),
      { item: itemCode, applicant, applicantId, window: windowCode, idType },
      ctx.lang,
      windows,
      itemCode === undefined ? bundleChoices(db) : [],
    );
    if (answers.bundle !== undefined) {
      if (fee !== undefined || conclude !== undefined) throw new UsageError('conflicting_options', ['--bundle', fee !== undefined ? '--fee' : '--conclude']);
      const registration = { ...answers, bundle: answers.bundle, applicantId: answers.applicantId === '' ? undefined : answers.applicantId };
      return registerChosenBundle(ctx, registration, { window: windowCode, channel, idType }, who, closingMinutes(ctx), options.showPii === true);
    }
    itemCode = answers.item;
    applicant = answers.applicant;
    applicantId = answers.applicantId === '' ? undefined : answers.applicantId;
    windowCode = answers.window ?? windowCode;
    idType = answers.idType ?? idType;
  }
  const input: IntakeInput = {
    itemCode: itemCode!,
    applicant: requireText('applicant', applicant),
    applicantId: checkApplicantId('applicant_id', applicantId, idType),
    window: windowCode,
    channel,
    feeFen: fee,
    conclude,
  };
  return intake(ctx, input, who, options.showPii, (view) =>
    conclude
      ? text(`已受理并当场办结：${view.number}`, `accepted and concluded on the spot: ${view.number}`)
      : text(
          `已受理：${view.number}，承诺期限 ${view.deadline}${view.legal_deadline ? `，法定期限 ${view.legal_deadline}` : ''}`,
          `accepted: ${view.number}, due ${view.deadline}${view.legal_deadline ? `, legal deadline ${view.legal_deadline}` : ''}`,
        ),
  );
}

export function refuse(
  ctx: Context,
  options: CommonOptions & { item: string; applicant: string; applicantId?: string; idType?: string; window?: string; reason: string },
): View {
  const refusal = requireText('reason', options.reason);
  const input: IntakeInput = {
    itemCode: options.item,
    applicant: requireText('applicant', options.applicant),
    applicantId: checkApplicantId('applicant_id', options.applicantId, options.idType === undefined ? undefined : parseIdType('id_type', options.idType)),
    window: options.window,
    channel: 'window',
    refusal,
  };
  return intake(ctx, input, actor(ctx, options), options.showPii, (view) => text(`已登记不予受理：${view.number}`, `refusal recorded: ${view.number}`));
}

/** Runs one command on a case through the core's step, in a write transaction, and prints the case. */
function step(ctx: Context, number: string, action: CaseAction, options: CommonOptions, done: LocalText): View {
  const who = actor(ctx, options);
  const db = ctx.db();
  if (isCombinedNumber(number)) refuseOnCombined(db, number, action.command);
  const calendar = ctx.calendar();
  const { row, step: result } = writeTransaction(db, () => applyCaseAction(db, calendar, number, action, who));
  const view = caseView(factsOf(row), rulesOf(row), result.events, result.derived, result.evaluation, calendar, ctx.today(), options.showPii === true);
  return presentCase(view, done);
}

export function advance(ctx: Context, number: string, options: CommonOptions & { to?: string; backoffice?: boolean; atWindow?: boolean; note?: string }): View {
  const to = options.to === undefined ? null : parseStage('to', options.to);
  const action: CaseAction = { command: 'advance', to, location: locationFlag(options), note: options.note };
  return step(ctx, number, action, options, text(`办件 ${number} 已推进`, `case ${number} advanced`));
}

export function supplement(ctx: Context, number: string, options: CommonOptions & { materials: string }): View {
  const action: CaseAction = { command: 'supplement', materials: requireText('materials', options.materials) };
  return step(ctx, number, action, options, text(`办件 ${number} 已暂停，等待补正材料`, `case ${number} paused for supplementary materials`));
}

export function suspend(ctx: Context, number: string, options: CommonOptions & { reason: string }): View {
  // 行政许可法 Art. 45: inspection, testing, hearing, expert review and public notice are not counted.
  const action: CaseAction = { command: 'suspend', reason: requireText('reason', options.reason) };
  return step(ctx, number, action, options, text(`办件 ${number} 已暂停（特别程序，不计入时限）`, `case ${number} suspended (special procedure, not counted)`));
}

export function resume(ctx: Context, number: string, options: CommonOptions): View {
  return step(ctx, number, { command: 'resume' }, options, text(`办件 ${number} 已恢复办理`, `case ${number} resumed`));
}

export function conclude(
  ctx: Context,
  number: string,
  options: CommonOptions & { outcome: string; reason?: string; backoffice?: boolean; atWindow?: boolean },
): View {
  const action: CaseAction = {
    command: 'conclude',
    outcome: parseOutcome('outcome', options.outcome),
    reason: options.reason,
    location: locationFlag(options),
  };
  return step(ctx, number, action, options, text(`办件 ${number} 已办结`, `case ${number} concluded`));
}

export function deliver(ctx: Context, number: string, options: CommonOptions): View {
  if (isCombinedNumber(number)) return stepCombined(ctx, number, { command: 'deliver' }, actor(ctx, options), options.showPii === true);
  return step(ctx, number, { command: 'deliver' }, options, text(`办件 ${number} 已送达`, `case ${number} delivered`));
}

export function withdraw(ctx: Context, number: string, options: CommonOptions & { reason?: string }): View {
  if (isCombinedNumber(number))
    return stepCombined(ctx, number, { command: 'withdraw', reason: options.reason }, actor(ctx, options), options.showPii === true);
  return step(ctx, number, { command: 'withdraw', reason: options.reason }, options, text(`办件 ${number} 已撤回`, `case ${number} withdrawn`));
}

/**
 * 作废 (SPEC §3.2): a registration made by mistake leaves every figure and alert. The
 * plain rule (the day of registration, nothing done since) is the core's; `--force`
 * lifts it, and doctor lists every void that needed it.
 */
export function voidCase(ctx: Context, number: string, options: CommonOptions & { reason: string; force?: boolean }): View {
  const action = { command: 'void', reason: requireText('reason', options.reason), force: options.force === true, today: ctx.today() } as const;
  // SPEC §3.2: a combined case is voided whole (every part, same rules); a part alone is not.
  if (isCombinedNumber(number)) return stepCombined(ctx, number, action, actor(ctx, options), options.showPii === true);
  refuseVoidingPart(ctx.db(), number);
  return step(ctx, number, action, options, text(`办件 ${number} 已作废，不计入任何统计`, `case ${number} voided; it counts in no figure`));
}

export function rate(ctx: Context, number: string, options: CommonOptions & { level: string; comment?: string; replace?: boolean; date?: string }): View {
  const level = parseLevel('level', options.level);
  const who = actor(ctx, options);
  const date = options.date === undefined ? who.time.date : parseDate('date', options.date);
  const action: CaseAction = { command: 'rate', level, comment: options.comment ?? '', date, replace: options.replace === true };
  const db = ctx.db();
  if (isCombinedNumber(number)) refuseOnCombined(db, number, 'rate');
  const { row, step: result, review } = writeTransaction(db, () => applyCaseAction(db, ctx.calendar(), number, action, who));
  const evaluation = result.evaluation!;
  const levelWord = LEVEL_WORDS[evaluation.level]!;
  const lines = [text(`办件 ${row.number} 评价：${evaluation.level} ${levelWord}`, `case ${row.number} rated ${evaluation.level}`)];
  // The review the rating opened, kept or closed (差评整改, SPEC §7.2), so the clerk knows there is one to put right.
  const shown = review?.review ?? null;
  if (shown && review?.change === 'open') {
    lines.push(text(`差评：已开立整改单 ${shown.id}，整改期限 ${shown.due}`, `bad rating: review ${shown.id} opened, due ${shown.due}`));
  } else if (shown && review?.change === 'keep') {
    lines.push(text(`整改单 ${shown.id} 仍待整改，期限 ${shown.due} 不变`, `review ${shown.id} stays open, still due ${shown.due}`));
  } else if (shown && review?.change === 'revise') {
    lines.push(text(`群众改评：整改单 ${shown.id} 已关闭，不计入统计`, `rating raised: review ${shown.id} closed; it counts nowhere`));
  }
  return {
    json: {
      number: row.number,
      level: evaluation.level,
      level_name: levelWord,
      comment: evaluation.comment,
      date: evaluation.date,
      replaced: result.replaced,
      review: shown && { id: shown.id, state: shown.state, due: shown.due },
    },
    lines,
  };
}

export function register(program: Command, app: App): void {
  const command = program
    .command('case')
    .description(app.t('办件：受理、推进、暂停、办结、作废、查询、评价', 'cases: register, advance, pause, conclude, void, show, rate'));
  const at = (cmd: Command) => cmd.option('--at <timestamp>', app.t('补记事件时间（不得早于上一事件）', 'back-date the event (never before the previous one)'));
  const pii = (cmd: Command) => cmd.option('--show-pii', app.t('显示完整证件号码', 'show full id numbers'));
  const where = (cmd: Command) =>
    cmd
      .option('--backoffice', app.t('本环节在后台办理', 'this stage was handled in the back office'))
      .option('--at-window', app.t('本环节在窗口办理', 'this stage was handled at the window'));

  pii(
    at(
      command
        .command('register')
        .description(app.t('受理办件；在终端上缺少必填项时会提示输入', 'accept a case; prompts at a terminal for missing flags'))
        .option('--item <code>', app.t('事项编码', 'item code'))
        .option('--applicant <name>', app.t('申请人', 'applicant'))
        .option('--applicant-id <id>', app.t('证件号码（身份证或统一社会信用代码）', 'resident ID or credit code'))
        .option(
          '--id-type <type>',
          app.t('证件类型：居民身份证、统一社会信用代码、其他证件（或 resident、credit、other）', 'document type: resident | credit | other'),
        )
        .option('--window <code>', app.t('受理窗口（默认事项的进驻窗口）', "accepting window (default: the item's)"))
        .option('--channel <channel>', app.t('渠道：窗口、网上、自助、代办、预约', 'channel: window, online, kiosk, proxy, appointment'))
        .option('--fee <yuan>', app.t('收费金额（元，默认事项标准；0 为减免）', "fee in yuan (default: the item's; 0 waives)"))
        .option('--conclude <outcome>', app.t('即办件当场办结：approved | denied', 'conclude a 即办件 at once: approved | denied'))
        .option('--bundle <code>', app.t('一件事编码：一次受理一件事及其各件', 'bundle code: accept a combined case (一件事) and its parts'))
        .option('--without <items>', app.t('不选的可选事项编码，逗号分隔（与 --bundle 同用）', 'optional members left out, comma-separated (with --bundle)')),
    ),
  ).action(app.action(registerCase));
  pii(
    at(
      command
        .command('refuse')
        .description(app.t('登记不予受理', 'record a refusal at intake (不予受理)'))
        .requiredOption('--item <code>', app.t('事项编码', 'item code'))
        .requiredOption('--applicant <name>', app.t('申请人', 'applicant'))
        .requiredOption('--reason <text>', app.t('不予受理理由', 'reason'))
        .option('--applicant-id <id>', app.t('证件号码', 'applicant id'))
        .option(
          '--id-type <type>',
          app.t('证件类型：居民身份证、统一社会信用代码、其他证件（或 resident、credit、other）', 'document type: resident | credit | other'),
        )
        .option('--window <code>', app.t('窗口', 'window')),
    ),
  ).action(app.action(refuse));
  pii(
    at(
      where(
        command
          .command('advance')
          .description(app.t('推进到下一环节（或 --to 指定的后续环节）', 'move to the next stage (or the later one named by --to)'))
          .argument('<number>', app.t('办件编号', 'case number'))
          .option('--to <stage>', app.t('目标环节', 'target stage'))
          .option('--note <text>', app.t('备注', 'note')),
      ),
    ),
  ).action(app.action(advance));
  pii(
    at(
      command
        .command('supplement')
        .description(app.t('一次性告知补正，暂停计时', 'pause for supplementary materials (补正)'))
        .argument('<number>', app.t('办件编号', 'case number'))
        .requiredOption('--materials <text>', app.t('需补正的材料', 'materials required')),
    ),
  ).action(app.action(supplement));
  pii(
    at(
      command
        .command('suspend')
        .description(
          // 行政许可法 Art. 45 names the procedures whose time is not counted; nothing else stops the clock.
          app.t(
            '特别程序，暂停计时：听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审（行政许可法第四十五条）',
            'pause for a procedure of Administrative Licensing Law Art. 45: hearing, tender, auction, inspection, testing, quarantine, appraisal, expert review',
          ),
        )
        .argument('<number>', app.t('办件编号', 'case number'))
        .requiredOption('--reason <text>', app.t('原因', 'reason')),
    ),
  ).action(app.action(suspend));
  pii(at(command.command('resume').description(app.t('恢复计时', 'resume the clock')).argument('<number>', app.t('办件编号', 'case number')))).action(
    app.action(resume),
  );
  pii(
    at(
      where(
        command
          .command('conclude')
          .description(app.t('办结：准予或不予许可', 'conclude: approved or denied'))
          .argument('<number>', app.t('办件编号', 'case number'))
          .requiredOption('--outcome <outcome>', app.t('准予 | 不予许可（或 approved、denied）', 'approved | denied'))
          .option('--reason <text>', app.t('理由', 'reason')),
      ),
    ),
  ).action(app.action(conclude));
  pii(at(command.command('deliver').description(app.t('送达', 'deliver the result')).argument('<number>', app.t('办件编号', 'case number')))).action(
    app.action(deliver),
  );
  pii(
    at(
      command
        .command('withdraw')
        .description(app.t('申请人撤回', 'the applicant withdraws'))
        .argument('<number>', app.t('办件编号或一件事联办编号（J…：撤回全部未办结的件）', 'case number, or a combined number (J…: every unfinished part)'))
        .option('--reason <text>', app.t('理由', 'reason')),
    ),
  ).action(app.action(withdraw));
  pii(
    at(
      command
        .command('void')
        .description(
          app.t(
            '作废误登记的办件（受理当天、尚无后续操作；否则需 --force），作废后不计入任何统计',
            'void a case registered by mistake (on the day of registration, before any later step; otherwise --force); it then counts in no figure',
          ),
        )
        .argument('<number>', app.t('办件编号', 'case number'))
        .requiredOption('--reason <text>', app.t('作废原因（如：事项选错、重复登记）', 'why (wrong item, registered twice …)'))
        .option('--force', app.t('强制作废任何状态的办件（doctor 会列出）', 'void a case in any state (doctor lists it)')),
    ),
  ).action(app.action(voidCase));
  pii(
    command
      .command('show')
      .description(app.t('查看办件：记录、承诺与法定期限、已用和剩余工作日', 'show a case: history, promised and legal deadlines, days used and left'))
      .argument('<number>', app.t('办件编号', 'case number'))
      .option('--explain', app.t('逐日说明期限是怎样算出的', 'explain day by day how the deadline was reached')),
  ).action(app.action(show));
  pii(
    command
      .command('list')
      .description(app.t('列出办件', 'list cases'))
      .option('--window <code>', app.t('窗口', 'window'))
      .option(
        '--status <status>',
        app.t(
          '办理中 | 已暂停 | 超期 | 临期 | 已办结 | 已撤回 | 不予受理 | 已作废（或 open、paused、overdue、due-soon、concluded、withdrawn、refused、voided）',
          'open | paused | overdue | due-soon | concluded | withdrawn | refused | voided',
        ),
      )
      .option('--from <date>', app.t('受理日期起', 'accepted from'))
      .option('--to <date>', app.t('受理日期止', 'accepted to'))
      .option('--applicant <name>', app.t('申请人姓名或名称包含', 'applicant name contains'))
      .option(
        '--id <prefix>',
        app.t('证件号码以此开头（按完整号码查找，显示仍打码）', 'applicant id starts with (the full id is searched; it is still shown masked)'),
      )
      .option('--combined', app.t('列出一件事（联办件），而非单件', 'list combined cases (一件事) instead of cases'))
      .option('--limit <n>', app.t('最多显示 N 件（表格默认最新 50 件）', 'show at most N cases (a table shows the newest 50)'))
      .option('--all', app.t('表格也显示全部办件', 'show every case in a table too')),
  ).action(app.action(list));
  at(
    command
      .command('rate')
      .description(app.t('好差评：5 非常满意 … 1 非常不满意', 'evaluation: 5 very satisfied … 1 very dissatisfied'))
      .argument('<number>', app.t('办件编号', 'case number'))
      .requiredOption('--level <level>', '1..5')
      .option('--comment <text>', app.t('评价内容', 'comment'))
      .option('--replace', app.t('改评', 'replace an earlier evaluation'))
      .option('--date <date>', app.t('评价日期（默认今天）', 'evaluation date (default today)')),
  ).action(app.action(rate));
}
