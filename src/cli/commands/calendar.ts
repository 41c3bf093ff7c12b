/** `hall calendar show|set|unset|import|workdays|add` (SPEC §2). */
import { basename } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Command } from 'commander';
import { addWorkingDays, countDays } from '../../core/calendar.js';
import { CALENDAR_IMPORT_COLUMNS, type CalendarField, oneDayPerDate, parseCalendarRow, parseDayKind, type ScheduleRow } from '../../core/calendar-row.js';
import { type FieldError, withSourceRefusals } from '../../core/columns.js';
import { isWeekend, parseDate } from '../../core/dates.js';
import { InvalidValue } from '../../core/errors.js';
import { OFFICIAL_SCHEDULE, OFFICIAL_SCHEDULE_SOURCE } from '../../core/holidays-official.js';
import { type LocalText, text } from '../../core/text.js';
import { writeTransaction } from '../../db/database.js';
import { SEED_SOURCE } from '../../db/seed/official-2024-2026.js';
import { type ImportRow, RejectCollector } from '../../io/import-pipeline.js';
import {
  coveredYears,
  type DayChange,
  listDays,
  loadCalendar,
  manualSource,
  removeManualDay,
  type StoredDay,
  storedDay,
  upsertDays,
} from '../../store/calendar.js';
import { importSchedule } from '../../store/calendar-import.js';
import { recomputeCases } from '../../store/cases.js';
import { recomputeComplaintDue } from '../../store/oversight.js';
import { recomputeReviewDue } from '../../store/reviews.js';
import type { App } from '../app.js';
import { missingYearLines, movedDeadlinesTable, scheduleImportLines, weekdayName } from '../calendar-presentation.js';
import type { Context } from '../context.js';
import { openImportFile } from '../import-files.js';
import { CALENDAR_SOURCE_WORDS, DAY_KIND_WORDS } from '../messages/words.js';
import type { View } from '../render.js';

/** What `calendar import` records as a day's source (`calendar set` records manualSource); the tables show it in words. */
const importSource = (file: string) => `calendar import ${file}`;

function sourceWords(source: string): LocalText {
  if (source === SEED_SOURCE) return CALENDAR_SOURCE_WORDS.official;
  const set = /^calendar set \((.*)\)$/.exec(source);
  if (set) return CALENDAR_SOURCE_WORDS.set(set[1]!);
  const imported = /^calendar import (.*)$/.exec(source);
  if (imported) return CALENDAR_SOURCE_WORDS.imported(imported[1]!);
  return text(source, source);
}

export function show(ctx: Context, options: { year?: string }): View {
  const year = options.year === undefined ? Number(ctx.today().slice(0, 4)) : Number(options.year);
  if (!Number.isInteger(year) || year < 1949 || year > 2199) throw new InvalidValue('year', options.year ?? '', { rule: 'year' });
  const db = ctx.db();
  const covered = coveredYears(db).includes(year);
  const days = listDays(db, year);
  // On screen a year without a schedule says how to import one (that covers the
  // warning); a script reading JSON or CSV gets the warning on stderr.
  const hint = !covered && ctx.format === 'table';
  if (!covered && !hint) ctx.warn({ notice: 'calendar_year_missing', year });
  const json = { year, covered, days: days.map(({ date, kind, note, source }) => ({ date, kind, note, source })) };
  if (hint && days.length === 0) return { json, lines: missingYearLines(year) };
  return {
    json,
    lines: hint ? missingYearLines(year) : undefined,
    tables: [
      {
        title: text(`${year} 年节假日与调休安排`, `${year} holidays and make-up working days`),
        columns: [
          { key: 'date', title: text('日期', 'date') },
          { key: 'weekday', title: text('星期', 'weekday') },
          { key: 'kind', title: text('类型', 'kind') },
          { key: 'note', title: text('说明', 'note') },
          { key: 'source', title: text('来源', 'source') },
        ],
        rows: days.map((day) => ({
          ...day,
          weekday: weekdayName(ctx.lang, day.date),
          kind: day.kind === 'holiday' ? ctx.t(text('放假', 'holiday')) : ctx.t(text('调休上班', 'make-up workday')),
          source: ctx.t(sourceWords(day.source)),
        })),
      },
    ],
  };
}

export function set(ctx: Context, dateArg: string, kindArg: string, options: { note?: string }): View {
  const date = parseDate('day', dateArg);
  const kind = parseDayKind('day_kind', kindArg);
  const db = ctx.db();
  const current = storedDay(db, date);
  // A 调休 on a day that already works (or a holiday on one already off) changes no
  // deadline and would only clutter the year's list: say so and record nothing.
  const working = current ? current.kind === 'workday' : !isWeekend(date);
  if (working === (kind === 'workday')) {
    return {
      json: { date, kind, note: current?.note ?? '', source: current?.source ?? null, recorded: false, recomputed_cases: 0 },
      lines: [alreadyThatDay(ctx, date, current)],
    };
  }
  const change: DayChange = { date, kind, note: options.note?.trim() ?? '', source: manualSource(ctx.operator) };
  const recomputed = writeTransaction(db, () => applyDays(db, [change], false).recomputed);
  ctx.reloadCalendar();
  return {
    json: { ...change, recorded: true, recomputed_cases: recomputed },
    lines: [text(`${date} 已设为${kind === 'holiday' ? '放假' : '调休上班'}`, `${date} is now a ${kind === 'holiday' ? 'holiday' : 'working day'}`)],
  };
}

function dayName(ctx: Context, date: string): string {
  return weekdayName(ctx.lang, date);
}

function alreadyThatDay(ctx: Context, date: string, current: StoredDay | undefined): LocalText {
  const day = dayName(ctx, date);
  if (current) {
    const kind = DAY_KIND_WORDS[current.kind];
    const note = current.note === '' ? '' : `（${current.note}）`;
    const noteEn = current.note === '' ? '' : ` (${current.note})`;
    return text(`${date}（${day}）已是${kind.zh}日${note}，未作改动`, `${date} (${day}) is already a ${kind.en}${noteEn}; nothing recorded`);
  }
  return isWeekend(date)
    ? text(`${date} 是${day}，本来就不上班，未作改动`, `${date} is a ${day}, already a day off; nothing recorded`)
    : text(`${date} 是${day}，本来就是工作日，未作改动`, `${date} is a ${day}, already a working day; nothing recorded`);
}

/**
 * Takes back a day set with `calendar set`, and recomputes the deadlines that spanned
 * it in the same transaction. A date of the bundled official schedule gets the
 * official day back, since the set day had replaced it.
 */
export function unset(ctx: Context, dateArg: string): View {
  const date = parseDate('day', dateArg);
  const entry = OFFICIAL_SCHEDULE.find((day) => day.date === date);
  const official: DayChange | undefined = entry && { ...entry, source: OFFICIAL_SCHEDULE_SOURCE };
  const db = ctx.db();
  const { removed, restored, recomputed } = writeTransaction(db, () => {
    const result = removeManualDay(db, date, official);
    const calendar = loadCalendar(db);
    // Complaints' due dates are counted on the same calendar (SPEC §7.3).
    recomputeComplaintDue(db, calendar, result.changed);
    // The reviews of bad ratings are due on the same calendar (SPEC §7.2).
    recomputeReviewDue(db, calendar, result.changed);
    return { ...result, recomputed: recomputeCases(db, calendar, result.changed) };
  });
  ctx.reloadCalendar();
  const working = restored ? restored.kind === 'workday' : !isWeekend(date);
  const day = dayName(ctx, date);
  const now = restored
    ? text(
        `恢复为${restored.source}的${DAY_KIND_WORDS[restored.kind].zh}安排（${restored.note}）`,
        `it is again a ${DAY_KIND_WORDS[restored.kind].en} of the official schedule (${restored.note})`,
      )
    : working
      ? text(`恢复为工作日（${day}）`, `it is again a working day (${day})`)
      : text(`恢复为休息日（${day}）`, `it is again a day off (${day})`);
  const removedKind = DAY_KIND_WORDS[removed.kind];
  return {
    json: {
      date,
      removed: { kind: removed.kind, note: removed.note, source: removed.source },
      restored: restored && { kind: restored.kind, note: restored.note, source: restored.source },
      working_day: working,
      recomputed_cases: recomputed,
    },
    lines: [
      text(`已撤销 ${date} 的${removedKind.zh}设定，${now.zh}`, `unset the ${removedKind.en} on ${date}; ${now.en}`),
      ...(recomputed > 0 ? [text(`已重新计算 ${recomputed} 件办件的期限`, `recomputed the deadlines of ${recomputed} case(s)`)] : []),
    ],
  };
}

/**
 * A published schedule: every row is checked before anything is written, and the days
 * are written with the deadlines they move in one transaction (or tried and rolled
 * back with --dry-run). A schedule is a few dozen rows, so it is held in memory; there
 * is no --skip-invalid, since half a holiday schedule would be wrong. Days set with
 * `calendar set` are a center's own corrections and outrank the file unless
 * --replace-manual.
 */
export async function importFile(ctx: Context, file: string, options: { dryRun?: boolean; replaceManual?: boolean } = {}): Promise<View> {
  const { source, progress } = await openImportFile(ctx, file, CALENDAR_IMPORT_COLUMNS, { label: ctx.t(text('导入日历', 'importing the calendar')) });
  const refused: { row: ImportRow<CalendarField>; errors: FieldError<CalendarField>[] }[] = [];
  const parsed: (ScheduleRow & { source: ImportRow<CalendarField> })[] = [];
  try {
    for await (const rows of source.batches()) {
      for (const row of rows) {
        const read = parseCalendarRow(row.cells);
        // A workbook's error cell is refused as read, and not again for what it then looked like.
        const result = row.refused ? { errors: withSourceRefusals(row.refused, 'errors' in read ? read.errors : []) } : read;
        if ('errors' in result) refused.push({ row, errors: result.errors });
        else parsed.push({ row: row.row, line: row.line, day: result.day, dateCell: row.cells.date ?? '', source: row });
      }
    }
  } finally {
    progress.finish();
  }
  const { days, conflicts, repeats } = oneDayPerDate(parsed);
  refused.push(...conflicts.map(({ row, error }) => ({ row: row.source, errors: [error] })));
  if (refused.length > 0) {
    const rejects = new RejectCollector(source);
    for (const { row, errors } of refused.sort((a, b) => a.row.row - b.row.row)) rejects.reject(row, errors);
    throw rejects.failure(false);
  }
  for (const { row, first } of repeats) {
    ctx.warn(
      text(`第 ${row.row} 行与第 ${first.row} 行相同（${row.day.date}），只计一次`, `row ${row.row} repeats row ${first.row} (${row.day.date}); counted once`),
    );
  }
  const sourceName = importSource(basename(file));
  const db = ctx.db();
  const dryRun = options.dryRun === true;
  const result = importSchedule(
    db,
    days.map((day) => ({ ...day, source: sourceName })),
    { dryRun, replaceManual: options.replaceManual === true },
  );
  if (!dryRun) ctx.reloadCalendar();
  const years = [...new Set(days.map((day) => Number(day.date.slice(0, 4))))].sort();
  return {
    json: {
      file,
      days: days.length,
      changed: result.changed.length,
      years,
      recomputed_cases: result.recomputed,
      dry_run: dryRun,
      changed_days: result.changed,
      kept_manual: result.kept_manual,
      deadlines_moved: result.moved.length,
      moved_deadlines: result.moved,
    },
    lines: scheduleImportLines(result, file, days.length, years),
    tables: result.moved.length > 0 ? [movedDeadlinesTable(result.moved, dryRun)] : undefined,
  };
}

/** Writes days and, in the same transaction, recomputes the deadlines of every case they touch. */
function applyDays(db: Database, changes: DayChange[], coverYears: boolean): { changed: string[]; recomputed: number } {
  const changed = upsertDays(db, changes, coverYears);
  const calendar = loadCalendar(db);
  // Complaints' due dates are counted on the same calendar (SPEC §7.3).
  recomputeComplaintDue(db, calendar, changed);
  // The reviews of bad ratings are due on the same calendar (SPEC §7.2).
  recomputeReviewDue(db, calendar, changed);
  return { changed, recomputed: recomputeCases(db, calendar, changed) };
}

export function workdays(ctx: Context, fromArg: string, toArg: string): View {
  const from = parseDate('day', fromArg);
  const to = parseDate('day', toArg);
  const count = countDays(ctx.calendar(), from, to);
  return { json: { from, to, workdays: count }, plain: String(count) };
}

export function add(ctx: Context, dateArg: string, daysArg: string): View {
  const date = parseDate('day', dateArg);
  if (!/^\d+$/.test(daysArg.trim()) || Number(daysArg) > 100_000) throw new InvalidValue('working_days', daysArg, { rule: 'working_days_count' });
  const days = Number(daysArg);
  const result = addWorkingDays(ctx.calendar(), date, days);
  return { json: { date, days, result }, plain: result };
}

export function register(program: Command, app: App): void {
  const calendar = program.command('calendar').description(app.t('工作日日历', 'working-day calendar'));
  calendar
    .command('show')
    .description(app.t('列出某年的放假和调休上班日', "list a year's holidays and make-up working days"))
    .option('--year <year>', app.t('年份（默认今年）', 'year (default this year)'))
    .action(app.action(show));
  calendar
    .command('set')
    .description(app.t('设定或更正某一天：holiday 放假 | workday 调休上班', 'set or correct one day: holiday | workday'))
    .argument('<date>', 'YYYY-MM-DD')
    .argument('<kind>', 'holiday | workday')
    .option('--note <text>', app.t('说明（如 春节）', 'note (e.g. 春节)'))
    .action(app.action(set));
  calendar
    .command('unset')
    .description(app.t('撤销 calendar set 的设定（公布的节假日安排不能撤销）', 'take back a day set with calendar set (a published schedule stays)'))
    .argument('<date>', 'YYYY-MM-DD')
    .action(app.action(unset));
  calendar
    .command('import')
    .description(app.t('导入节假日安排 CSV（列 日期,类型,说明 或 date,kind,note）', 'import a holiday schedule CSV (columns date,kind,note or 日期,类型,说明)'))
    .argument('<file>', app.t('CSV 文件', 'CSV file'))
    .option('--dry-run', app.t('只校验并列出会变化的日期和期限，不写入', 'check, and list the days and deadlines that would change, without writing'))
    .option(
      '--replace-manual',
      app.t('文件与 calendar set 手工设置的日子不同时以文件为准（默认保留手工设置）', 'let the file overwrite days set with calendar set (kept by default)'),
    )
    .action(app.action(importFile));
  calendar
    .command('workdays')
    .description(app.t('FROM 之后到 TO（含）之间的工作日数', 'working days after FROM up to and including TO'))
    .argument('<from>', 'YYYY-MM-DD')
    .argument('<to>', 'YYYY-MM-DD')
    .action(app.action(workdays));
  calendar
    .command('add')
    .description(app.t('DATE 之后第 N 个工作日（不含起始日）', 'the date N working days after DATE (start day not counted)'))
    .argument('<date>', 'YYYY-MM-DD')
    .argument('<n>', app.t('工作日数', 'working days'))
    .action(app.action(add));
}
