/** `hall complaint add|close|list` (SPEC §3.3). */
import type { Command } from 'commander';
import { parseYesNo, requireText } from '../../core/case-values.js';
import { parsePastDate } from '../../core/dates.js';
import { InvalidValue } from '../../core/errors.js';
import { COMPLAINT_CHANNELS, parseComplaintChannel, parseComplaintStatus } from '../../core/oversight.js';
import { text } from '../../core/text.js';
import { writeTransaction } from '../../db/database.js';
import { addComplaint, type ComplaintView, closeComplaint, listComplaints } from '../../store/oversight.js';
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
  const date = options.date === undefined ? ctx.today() : parsePastDate('date', options.date, ctx.today());
  const channel = parseComplaintChannel('channel', options.channel);
  const summary = requireText('summary', options.summary);
  const db = ctx.db();
  const complaint = writeTransaction(db, () =>
    addComplaint(db, { window: options.window, caseNumber: options.case, channel, summary, date, operator: ctx.operator }),
  );
  return {
    json: complaint,
    lines: [text(`已登记投诉 ${complaint.id}（窗口 ${complaint.window}）`, `complaint ${complaint.id} recorded (window ${complaint.window})`)],
  };
}

export function close(ctx: Context, idArg: string, options: { substantiated: string }): View {
  if (!/^\d+$/.test(idArg.trim())) throw new InvalidValue('complaint_id', idArg, { rule: 'whole_number' });
  const yes = parseYesNo('substantiated', options.substantiated);
  const db = ctx.db();
  const complaint = writeTransaction(db, () => closeComplaint(db, Number(idArg), yes, ctx.timestamp()));
  return {
    json: complaint,
    lines: [
      text(`投诉 ${complaint.id} 已办结：${yes ? '查实' : '未查实'}`, `complaint ${complaint.id} closed: ${yes ? 'substantiated' : 'not substantiated'}`),
    ],
  };
}

export function list(ctx: Context, options: { window?: string; status?: string }): View {
  const status = options.status === undefined ? undefined : parseComplaintStatus('status', options.status);
  const complaints = listComplaints(ctx.db(), { window: options.window, status });
  return { json: complaints, tables: [{ columns: COLUMNS, rows: rows(ctx, complaints) }] };
}

export function register(program: Command, app: App): void {
  const complaint = program.command('complaint').description(app.t('投诉', 'complaints'));
  complaint
    .command('add')
    .description(app.t('登记投诉', 'record a complaint'))
    .requiredOption('--window <window>', app.t('被投诉窗口（编码或名称）', 'window complained about (code or name)'))
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
    .option('--window <window>', app.t('窗口（编码或名称）', 'window (code or name)'))
    .option('--status <status>', app.t('待处理 | 已办结（或 open、closed）', 'open | closed'))
    .action(app.action(list));
}
