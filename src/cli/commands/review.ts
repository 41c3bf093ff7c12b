/** `hall review list|show|rectify|visit|invalidate`: 差评整改 (SPEC §7.2), the ledger of every bad rating. */
import type { Command } from 'commander';
import { LEVEL_WORDS, requireText } from '../../core/case-values.js';
import { type IsoDate, parsePastDate } from '../../core/dates.js';
import { InvalidValue } from '../../core/errors.js';
import { parseReviewStatus, parseVisitResult, REVIEW_STATUS_WORDS, REVIEW_STATUSES, VISIT_RESULT_WORDS, type VisitResult } from '../../core/review.js';
import { type LocalText, text } from '../../core/text.js';
import { writeTransaction } from '../../db/database.js';
import { getReview, listReviews, type ReviewAction, type ReviewView, stepReview } from '../../store/reviews.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import { REVIEW_STATE_WORDS } from '../messages/words.js';
import type { Column, View } from '../render.js';

/** A review as printed: the stored one, and whether it is overdue today (open, today past due). */
type ShownReview = ReviewView & { overdue: boolean };

function shown(ctx: Context, review: ReviewView): ShownReview {
  return { ...review, overdue: review.state === 'open' && ctx.today() > review.due };
}

/** An id as typed: digits only, so that `abc` or `-1` is named as a bad id, not as an unknown one. */
function reviewId(value: string): string {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed)) throw new InvalidValue('review_id', value, { rule: 'whole_number' });
  return trimmed;
}

/** `--date`: the clock's date unless given; never in the future (the review's own dates are the store's to check). */
function stepDate(ctx: Context, date: string | undefined): IsoDate {
  return date === undefined ? ctx.today() : parsePastDate('date', date, ctx.today());
}

/** An open review past its due date is shown as overdue (已超期), the list's own status. */
function stateText(review: ShownReview): LocalText {
  return review.overdue ? text(REVIEW_STATUS_WORDS.overdue[0]!, 'overdue') : REVIEW_STATE_WORDS[review.state];
}

function visitText(result: VisitResult): LocalText {
  return text(VISIT_RESULT_WORDS[result][0]!, result);
}

const LIST_COLUMNS: Column[] = [
  { key: 'id', title: text('编号', 'id'), align: 'right', whole: true },
  { key: 'case', title: text('办件编号', 'case'), whole: true },
  { key: 'window', title: text('窗口', 'window'), whole: true },
  { key: 'level', title: text('评价', 'level'), align: 'right', drop: 2 },
  { key: 'opened', title: text('开立', 'opened'), whole: true },
  { key: 'due', title: text('整改期限', 'due'), whole: true },
  { key: 'state', title: text('状态', 'state') },
  { key: 'last', title: text('最近办理', 'last step'), whole: true, drop: 1 },
];

/** `--format csv`: the values of the JSON (state and result codes, blanks as they are), headed in the run's language. */
const CSV_COLUMNS: Column[] = [
  { key: 'id', title: text('整改单编号', 'id') },
  { key: 'case', title: text('办件编号', 'case') },
  { key: 'window', title: text('窗口', 'window') },
  { key: 'level', title: text('评价', 'level') },
  { key: 'opened', title: text('开立日期', 'opened') },
  { key: 'due', title: text('整改期限', 'due') },
  { key: 'state', title: text('状态', 'state') },
  { key: 'overdue', title: text('超期', 'overdue') },
  { key: 'rectified_at', title: text('整改日期', 'rectified_at') },
  { key: 'rectify_note', title: text('整改情况', 'rectify_note') },
  { key: 'visited_at', title: text('回访日期', 'visited_at') },
  { key: 'visit_result', title: text('回访结果', 'visit_result') },
  { key: 'visit_note', title: text('回访情况', 'visit_note') },
  { key: 'invalidated_at', title: text('申诉成立日期', 'invalidated_at') },
  { key: 'invalid_reason', title: text('申诉理由', 'invalid_reason') },
  { key: 'closed_at', title: text('关闭日期', 'closed_at') },
  { key: 'days', title: text('整改时限（工作日）', 'days') },
];

/** The date of the review's latest step, or '' while it is open. */
function lastStep(review: ReviewView): string {
  return review.visited_at ?? review.invalidated_at ?? review.closed_at ?? review.rectified_at ?? '';
}

function listRows(ctx: Context, reviews: readonly ShownReview[]) {
  return reviews.map((review) => ({
    id: review.id,
    case: review.case,
    window: review.window ?? '',
    level: review.level,
    opened: review.opened,
    due: review.due,
    state: ctx.t(stateText(review)),
    last: lastStep(review),
    overdue: review.overdue,
  }));
}

export function list(ctx: Context, options: { status?: string; window?: string }): View {
  const status = options.status === undefined ? undefined : parseReviewStatus('status', options.status);
  const reviews = listReviews(ctx.db(), { window: options.window, status, today: ctx.today() }).map((review) => shown(ctx, review));
  const count = reviews.length;
  return {
    json: reviews,
    tables: [
      {
        columns: LIST_COLUMNS,
        rows: listRows(ctx, reviews),
        tone: (row) => ((row as { overdue: boolean }).overdue ? 'red' : null),
        footer: [text(`共 ${count} 张整改单`, `${count} review${count === 1 ? '' : 's'}`)],
      },
    ],
    csv: { columns: CSV_COLUMNS, rows: reviews },
  };
}

/** The review in a few lines: what was rated, when it is due, each step taken. */
function reviewLines(review: ShownReview): LocalText[] {
  const level = `${review.level} ${LEVEL_WORDS[review.level]}`;
  const window = review.window ?? '—';
  const state = stateText(review);
  const lines = [
    text(
      `整改单 ${review.id}：办件 ${review.case}（窗口 ${window}），评价 ${level}`,
      `review ${review.id}: case ${review.case} (window ${window}), rated ${review.level}`,
    ),
    text(
      `开立 ${review.opened}，整改期限 ${review.due}（${review.days} 个工作日），状态：${state.zh}`,
      `opened ${review.opened}, due ${review.due} (${review.days} working days), state: ${state.en}`,
    ),
  ];
  if (review.rectified_at !== null) {
    lines.push(text(`整改：${review.rectified_at}，${review.rectify_note ?? ''}`, `rectified ${review.rectified_at}: ${review.rectify_note ?? ''}`));
  }
  if (review.visited_at !== null && review.visit_result !== null) {
    const result = visitText(review.visit_result);
    const note = review.visit_note ? `，${review.visit_note}` : '';
    const noteEn = review.visit_note ? `: ${review.visit_note}` : '';
    lines.push(text(`回访：${review.visited_at}，${result.zh}${note}`, `visited ${review.visited_at}, ${result.en}${noteEn}`));
  }
  if (review.invalidated_at !== null) {
    lines.push(
      text(`申诉成立：${review.invalidated_at}，${review.invalid_reason ?? ''}`, `appeal upheld ${review.invalidated_at}: ${review.invalid_reason ?? ''}`),
    );
  }
  if (review.closed_at !== null) {
    lines.push(
      review.state === 'revised'
        ? text(`群众改评：${review.closed_at}，整改单关闭，不计入统计`, `rating raised ${review.closed_at}: closed, counts nowhere`)
        : text(`办件作废：${review.closed_at}，整改单随之关闭`, `case voided ${review.closed_at}: the review closed with it`),
    );
  }
  return lines;
}

function reviewView(ctx: Context, review: ReviewView, done?: LocalText): View {
  const printed = shown(ctx, review);
  return {
    json: printed,
    lines: done ? [done, ...reviewLines(printed)] : reviewLines(printed),
    csv: { columns: CSV_COLUMNS, rows: [printed] },
  };
}

export function show(ctx: Context, id: string): View {
  return reviewView(ctx, getReview(ctx.db(), reviewId(id)));
}

/** One step in a write transaction; the store checks it against the review's state and dates. */
function step(ctx: Context, idArg: string, action: ReviewAction, dateArg: string | undefined, done: (review: ReviewView) => LocalText): View {
  const id = reviewId(idArg);
  const date = stepDate(ctx, dateArg);
  const db = ctx.db();
  const review = writeTransaction(db, () => stepReview(db, id, action, date));
  return reviewView(ctx, review, done(review));
}

export function rectify(ctx: Context, id: string, options: { note?: string; date?: string }): View {
  const action: ReviewAction = { step: 'rectify', note: requireText('note', options.note) };
  return step(ctx, id, action, options.date, (review) =>
    text(`整改单 ${review.id} 已整改（${review.rectified_at}）`, `review ${review.id} rectified (${review.rectified_at})`),
  );
}

export function visit(ctx: Context, id: string, options: { result: string; note?: string; date?: string }): View {
  const result = parseVisitResult('result', options.result);
  const note = options.note === undefined || options.note.trim() === '' ? null : options.note.trim();
  return step(ctx, id, { step: 'visit', result, note }, options.date, (review) =>
    text(`整改单 ${review.id} 已回访（${review.visited_at}）：${visitText(result).zh}`, `review ${review.id} visited (${review.visited_at}): ${result}`),
  );
}

export function invalidate(ctx: Context, id: string, options: { reason?: string; date?: string }): View {
  const action: ReviewAction = { step: 'invalidate', reason: requireText('reason', options.reason) };
  return step(ctx, id, action, options.date, (review) =>
    text(`整改单 ${review.id} 申诉成立（${review.invalidated_at}）`, `review ${review.id} invalidated: the appeal holds (${review.invalidated_at})`),
  );
}

const DATE_OPTION: [string, LocalText] = ['--date <date>', text('办理日期 YYYY-MM-DD（默认今天）', 'date of the step, YYYY-MM-DD (default today)')];

export function register(program: Command, app: App): void {
  const review = program.command('review').description(app.t('差评整改：整改单的整改、回访、申诉', 'bad-rating reviews: rectify, follow up, appeals'));
  const zhStatuses = REVIEW_STATUSES.map((status) => REVIEW_STATUS_WORDS[status][0]).join(' | ');
  review
    .command('list')
    .description(app.t('列出整改单（默认全部状态）', 'list reviews (every state unless --status)'))
    .option('--status <status>', app.t(`${zhStatuses}（或 ${REVIEW_STATUSES.join('、')}）`, REVIEW_STATUSES.join(' | ')))
    .option('--window <window>', app.t('窗口（编码或名称）', 'window (code or name)'))
    .action(app.action(list));
  review.command('show').description(app.t('查看整改单', 'show a review')).argument('<id>', app.t('整改单编号', 'review id')).action(app.action(show));
  review
    .command('rectify')
    .description(app.t('登记整改（只对待整改的整改单）', 'record the rectification (an open review only)'))
    .argument('<id>', app.t('整改单编号', 'review id'))
    .requiredOption('--note <text>', app.t('整改情况', 'what was put right'))
    .option(DATE_OPTION[0], app.t(DATE_OPTION[1].zh, DATE_OPTION[1].en))
    .action(app.action(rectify));
  review
    .command('visit')
    .description(app.t('登记回访（只对已整改的整改单）', 'record the follow-up visit (a rectified review only)'))
    .argument('<id>', app.t('整改单编号', 'review id'))
    .requiredOption('--result <result>', app.t('满意 | 不满意（或 satisfied、unsatisfied）', 'satisfied | unsatisfied'))
    .option('--note <text>', app.t('回访情况', 'notes of the visit'))
    .option(DATE_OPTION[0], app.t(DATE_OPTION[1].zh, DATE_OPTION[1].en))
    .action(app.action(visit));
  review
    .command('invalidate')
    .description(app.t('申诉成立：误评、恶意差评（只对待整改的整改单）', 'an appeal upheld: a mistaken or malicious rating (an open review only)'))
    .argument('<id>', app.t('整改单编号', 'review id'))
    .requiredOption('--reason <text>', app.t('申诉成立的理由', 'why the appeal holds'))
    .option(DATE_OPTION[0], app.t(DATE_OPTION[1].zh, DATE_OPTION[1].en))
    .action(app.action(invalidate));
}
