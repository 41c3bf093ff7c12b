/** `hall complaint add|close|list` (SPEC §3.3). */
import type { Command } from 'commander';
import { InputError, text } from '../../core/errors.js';
import { writeTransaction } from '../../db/database.js';
import { addComplaint, closeComplaint, COMPLAINT_CHANNELS, listComplaints, requireDate, type ComplaintView } from '../../store/oversight.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import type { View } from '../render.js';

const COLUMNS = [
  { key: 'id', title: text('编号', 'id'), align: 'right' as const },
  { key: 'window', title: text('窗口', 'window') },
  { key: 'case', title: text('办件', 'case') },
  { key: 'channel', title: text('渠道', 'channel') },
  { key: 'received_at', title: text('收到日期', 'received') },
  { key: 'summary', title: text('内容', 'summary') },
  { key: 'status', title: text('状态', 'status') },
];

function rows(ctx: Context, complaints: ComplaintView[]) {
  return complaints.map((complaint) => ({
    ...complaint,
    status:
      complaint.status === 'open'
        ? ctx.t(text('待处理', 'open'))
        : ctx.t(complaint.substantiated ? text('已办结（查实）', 'closed, substantiated') : text('已办结（未查实）', 'closed, not substantiated')),
  }));
}

export function add(ctx: Context, options: { window: string; case?: string; channel: string; summary: string; date?: string }): View {
  const date = requireDate(options.date, ctx.today());
  const db = ctx.db();
  const complaint = writeTransaction(db, () =>
    addComplaint(db, { window: options.window, caseNumber: options.case, channel: options.channel, summary: options.summary, date, operator: ctx.operator }),
  );
  return { json: complaint, lines: [text(`已登记投诉 ${complaint.id}（窗口 ${complaint.window}）`, `complaint ${complaint.id} recorded (window ${complaint.window})`)] };
}

export function close(ctx: Context, idArg: string, options: { substantiated: string }): View {
  if (!/^\d+$/.test(idArg)) throw new InputError(text(`投诉编号 "${idArg}" 应为数字`, `complaint id "${idArg}" must be a number`));
  const answer = options.substantiated.trim().toLowerCase();
  const yes = ['yes', 'y', '是', '查实'].includes(answer);
  const no = ['no', 'n', '否', '未查实'].includes(answer);
  if (!yes && !no) throw new InputError(text(`--substantiated "${options.substantiated}" 应为 yes 或 no`, `--substantiated "${options.substantiated}" must be yes or no`));
  const db = ctx.db();
  const complaint = writeTransaction(db, () => closeComplaint(db, Number(idArg), yes, ctx.timestamp()));
  return { json: complaint, lines: [text(`投诉 ${complaint.id} 已办结：${yes ? '查实' : '未查实'}`, `complaint ${complaint.id} closed: ${yes ? 'substantiated' : 'not substantiated'}`)] };
}

export function list(ctx: Context, options: { window?: string; status?: string }): View {
  if (options.status !== undefined && options.status !== 'open' && options.status !== 'closed') {
    throw new InputError(text(`--status "${options.status}" 应为 open 或 closed`, `--status "${options.status}" must be open or closed`));
  }
  const complaints = listComplaints(ctx.db(), { window: options.window, status: options.status as 'open' | 'closed' | undefined });
  return { json: complaints, tables: [{ columns: COLUMNS, rows: rows(ctx, complaints) }] };
}

export function register(program: Command, app: App): void {
  const complaint = program.command('complaint').description(app.t('投诉', 'complaints'));
  complaint
    .command('add')
    .description(app.t('登记投诉', 'record a complaint'))
    .requiredOption('--window <code>', app.t('被投诉窗口', 'window complained about'))
    .option('--case <number>', app.t('相关办件编号', 'related case number'))
    .requiredOption('--channel <channel>', COMPLAINT_CHANNELS.join(' | '))
    .requiredOption('--summary <text>', app.t('投诉内容', 'summary'))
    .option('--date <date>', app.t('收到日期（默认今天）', 'received date (default today)'))
    .action(app.action(add));
  complaint
    .command('close')
    .description(app.t('办结投诉', 'close a complaint'))
    .argument('<id>', app.t('投诉编号', 'complaint id'))
    .requiredOption('--substantiated <yes|no>', app.t('是否查实', 'substantiated'))
    .action(app.action(close));
  complaint
    .command('list')
    .description(app.t('列出投诉', 'list complaints'))
    .option('--window <code>', app.t('窗口', 'window'))
    .option('--status <status>', 'open | closed')
    .action(app.action(list));
}
