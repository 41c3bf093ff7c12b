/** `hall complaint add|close|list` (SPEC §3.3, §7.3). */
import type { Command } from 'commander';
import { parseYesNo, requireText } from '../../core/case-values.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_WORDS, parseComplaintCategory } from '../../core/complaint.js';
import { parsePastDate } from '../../core/dates.js';
import { InvalidValue } from '../../core/errors.js';
import { COMPLAINT_CHANNELS, parseComplaintChannel, parseComplaintStatus } from '../../core/oversight.js';
import { text } from '../../core/text.js';
import { writeTransaction } from '../../db/database.js';
import { addComplaint, type ComplaintView, closeComplaint, listComplaints } from '../../store/oversight.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import type { View } from '../render.js';

/**
 * At 80 columns the table keeps what a clerk acts on — id, window, category, received,
 * due, summary, status — and leaves out the closing date, the case and the channel, in
 * that order (their `drop` ranks); at 120 it shows them all. Dates are never shortened.
 */
const COLUMNS = [
  { key: 'id', title: text('编号', 'id'), align: 'right' as const, whole: true },
  { key: 'window', title: text('窗口', 'window') },
  { key: 'case', title: text('办件', 'case'), drop: 2 },
  { key: 'category', title: text('类别', 'category') },
  { key: 'channel', title: text('渠道', 'channel'), drop: 1 },
  { key: 'received_at', title: text('收到日期', 'received'), whole: true },
  { key: 'due', title: text('办理期限', 'due'), whole: true },
  { key: 'closed_at', title: text('办结日期', 'closed'), whole: true, drop: 3 },
  { key: 'summary', title: text('内容', 'summary') },
  { key: 'status', title: text('状态', 'status') },
];

const categoryWord = (category: ComplaintView['category']) => COMPLAINT_CATEGORY_WORDS[category][0]!;

/** Open, or closed on time or late and whether it was substantiated: short enough to fit 80 columns whole. */
function statusText(complaint: ComplaintView) {
  if (complaint.status === 'open') return text('待处理', 'open');
  const when = complaint.on_time ? text('按期', 'on time') : text('超期', 'late');
  const found = complaint.substantiated ? text('查实', 'substantiated') : text('未查实', 'not substantiated');
  return text(`${when.zh}，${found.zh}`, `${when.en}, ${found.en}`);
}

function rows(ctx: Context, complaints: ComplaintView[]) {
  return complaints.map((complaint) => ({
    ...complaint,
    category: ctx.lang === 'zh' ? categoryWord(complaint.category) : complaint.category,
    status: ctx.t(statusText(complaint)),
  }));
}

export function add(ctx: Context, options: { window: string; case?: string; channel: string; category?: string; summary: string; date?: string }): View {
  const date = options.date === undefined ? ctx.today() : parsePastDate('date', options.date, ctx.today());
  const channel = parseComplaintChannel('channel', options.channel);
  const category = options.category === undefined ? 'complaint' : parseComplaintCategory('category', options.category);
  const summary = requireText('summary', options.summary);
  const db = ctx.db();
  const calendar = ctx.calendar();
  const complaint = writeTransaction(db, () =>
    addComplaint(db, calendar, { window: options.window, caseNumber: options.case, channel, category, summary, date, operator: ctx.operator }),
  );
  const word = categoryWord(complaint.category);
  return {
    json: complaint,
    lines: [
      text(
        `已登记${word} ${complaint.id}（窗口 ${complaint.window}），应于 ${complaint.due} 前办结`,
        `${complaint.category} ${complaint.id} recorded (window ${complaint.window}), due ${complaint.due}`,
      ),
    ],
  };
}

export function close(ctx: Context, idArg: string, options: { substantiated: string; date?: string }): View {
  if (!/^\d+$/.test(idArg.trim())) throw new InvalidValue('complaint_id', idArg, { rule: 'whole_number' });
  const yes = parseYesNo('substantiated', options.substantiated);
  // A dated closing is stored as its date; by the clock, as the timestamp it always was.
  const at = options.date === undefined ? ctx.timestamp() : parsePastDate('date', options.date, ctx.today());
  const db = ctx.db();
  const complaint = writeTransaction(db, () => closeComplaint(db, Number(idArg), yes, at));
  const late = complaint.on_time === false;
  const word = categoryWord(complaint.category);
  return {
    json: complaint,
    lines: [
      text(
        `${word} ${complaint.id} 已于 ${complaint.closed_at} 办结：${yes ? '查实' : '未查实'}；${late ? `超期（期限 ${complaint.due}）` : `按期（期限 ${complaint.due}）`}`,
        `${complaint.category} ${complaint.id} closed ${complaint.closed_at}: ${yes ? 'substantiated' : 'not substantiated'}; ${late ? 'late' : 'on time'} (due ${complaint.due})`,
      ),
    ],
  };
}

export function list(ctx: Context, options: { window?: string; status?: string; category?: string }): View {
  const status = options.status === undefined ? undefined : parseComplaintStatus('status', options.status);
  const category = options.category === undefined ? undefined : parseComplaintCategory('category', options.category);
  const complaints = listComplaints(ctx.db(), { window: options.window, status, category });
  return { json: complaints, tables: [{ columns: COLUMNS, rows: rows(ctx, complaints) }] };
}

const CATEGORY_HELP_ZH = COMPLAINT_CATEGORIES.map((category) => categoryWord(category)).join(' | ');

export function register(program: Command, app: App): void {
  const complaint = program.command('complaint').description(app.t('投诉与 12345 工单', 'complaints and 12345 tickets'));
  complaint
    .command('add')
    .description(app.t('登记投诉（工单）', 'record a complaint (ticket)'))
    .requiredOption('--window <window>', app.t('被投诉窗口（编码或名称）', 'window complained about (code or name)'))
    .option('--case <number>', app.t('相关办件编号', 'related case number'))
    .requiredOption('--channel <channel>', COMPLAINT_CHANNELS.join(' | '))
    .option(
      '--category <category>',
      app.t(`类别：${CATEGORY_HELP_ZH}（默认 投诉；或 ${COMPLAINT_CATEGORIES.join('、')}）`, `${COMPLAINT_CATEGORIES.join(' | ')} (default complaint)`),
    )
    .requiredOption('--summary <text>', app.t('投诉内容', 'summary'))
    .option('--date <date>', app.t('收到日期（默认今天）', 'received date (default today)'))
    .action(app.action(add));
  complaint
    .command('close')
    .description(app.t('办结投诉', 'close a complaint'))
    .argument('<id>', app.t('投诉编号', 'complaint id'))
    .requiredOption('--substantiated <yes|no>', app.t('是否查实', 'substantiated'))
    .option('--date <date>', app.t('办结日期（默认今天；不早于收到日期）', 'closing date (default today; not before it was received)'))
    .action(app.action(close));
  complaint
    .command('list')
    .description(app.t('列出投诉', 'list complaints'))
    .option('--window <window>', app.t('窗口（编码或名称）', 'window (code or name)'))
    .option('--status <status>', app.t('待处理 | 已办结（或 open、closed）', 'open | closed'))
    .option('--category <category>', app.t(`类别：${CATEGORY_HELP_ZH}`, COMPLAINT_CATEGORIES.join(' | ')))
    .action(app.action(list));
}
