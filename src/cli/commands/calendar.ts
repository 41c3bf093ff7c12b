/** `hall calendar show|set|import|workdays|add` (SPEC §2). */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { addWorkingDays, countDays, type DayKind } from '../../core/calendar.js';
import { isValidDate, weekday } from '../../core/dates.js';
import { ImportRejected, InputError, text, type RowError } from '../../core/errors.js';
import { writeTransaction } from '../../db/database.js';
import { openCsv } from '../../io/csv-source.js';
import { coveredYears, listDays, loadCalendar, upsertDays, type DayChange } from '../../store/calendar.js';
import { recomputeCases } from '../../store/cases.js';
import type { Database } from 'better-sqlite3';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import type { View } from '../render.js';

const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAY_NAMES_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const KIND_WORDS: Record<string, DayKind> = {
  holiday: 'holiday',
  放假: 'holiday',
  休: 'holiday',
  假: 'holiday',
  节假日: 'holiday',
  workday: 'workday',
  班: 'workday',
  上班: 'workday',
  补班: 'workday',
  调休上班: 'workday',
};

function requireDate(value: string, what: string): string {
  const trimmed = value.trim();
  if (!isValidDate(trimmed)) {
    throw new InputError(text(`${what} "${value}" 不是有效日期（应为 YYYY-MM-DD）`, `${what} "${value}" is not a valid date (expected YYYY-MM-DD)`));
  }
  return trimmed;
}

function parseKind(value: string): DayKind | undefined {
  return KIND_WORDS[value.trim().toLowerCase()];
}

export function show(ctx: Context, options: { year?: string }): View {
  const year = options.year === undefined ? Number(ctx.today().slice(0, 4)) : Number(options.year);
  if (!Number.isInteger(year) || year < 1949 || year > 2200) {
    throw new InputError(text(`--year "${options.year}" 不是有效年份`, `--year "${options.year}" is not a valid year`));
  }
  const db = ctx.db();
  const covered = coveredYears(db).includes(year);
  if (!covered) ctx.warn(text(`日历中没有 ${year} 年的节假日安排，该年只按周末计算`, `the calendar has no holiday schedule for ${year}; it counts weekends only`));
  const days = listDays(db, year).map((day) => ({ ...day, weekday: weekday(day.date) }));
  return {
    json: { year, covered, days: days.map(({ date, kind, note, source }) => ({ date, kind, note, source })) },
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
          weekday: ctx.lang === 'zh' ? WEEKDAY_NAMES[day.weekday] : WEEKDAY_NAMES_EN[day.weekday],
          kind: day.kind === 'holiday' ? ctx.t(text('放假', 'holiday')) : ctx.t(text('调休上班', 'make-up workday')),
        })),
      },
    ],
  };
}

export function set(ctx: Context, dateArg: string, kindArg: string, options: { note?: string }): View {
  const date = requireDate(dateArg, text('日期', 'date')[ctx.lang]);
  const kind = parseKind(kindArg);
  if (!kind) {
    throw new InputError(text(`类型 "${kindArg}" 无效；应为 holiday（放假）或 workday（调休上班）`, `kind "${kindArg}" is invalid; use holiday or workday`));
  }
  const db = ctx.db();
  const change: DayChange = { date, kind, note: options.note?.trim() ?? '', source: `calendar set (${ctx.operator})` };
  const recomputed = writeTransaction(db, () => applyDays(db, [change], false).recomputed);
  ctx.reloadCalendar();
  return {
    json: { ...change, recomputed_cases: recomputed },
    lines: [text(`${date} 已设为${kind === 'holiday' ? '放假' : '调休上班'}`, `${date} is now a ${kind === 'holiday' ? 'holiday' : 'working day'}`)],
  };
}

export async function importFile(ctx: Context, file: string): Promise<View> {
  const source = openCsv(file);
  const changes: DayChange[] = [];
  const errors: RowError[] = [];
  let header: string[] | null = null;
  let row = 0;
  let rejected = 0;
  const sourceName = `calendar import ${basename(file)}`;
  for await (const chunk of source.records()) for (const record of chunk) {
    if (record.cells.every((cell) => cell.trim() === '')) {
      if (header) row++;
      continue;
    }
    if (!header) {
      header = record.cells.map((cell) => cell.trim().toLowerCase());
      const missing = ['date', 'kind'].filter((name) => !header!.includes(name));
      if (missing.length > 0) {
        throw new InputError(text(`${file} 第 0 行（文件第 1 行，表头）缺少必需列：${missing.join('、')}（列应为 date,kind,note）`, `${file} row 0 (line 1, the header): missing column(s) ${missing.join(', ')} (expected date,kind,note)`));
      }
      continue;
    }
    row++;
    const cell = (name: string) => (record.cells[header!.indexOf(name)] ?? '').trim();
    const date = cell('date');
    const kind = parseKind(cell('kind'));
    const rowErrors: RowError[] = [];
    if (!isValidDate(date)) rowErrors.push({ row, line: record.line, column: 'date', value: date, reason: text('不是有效日期（应为 YYYY-MM-DD）', 'not a valid date (expected YYYY-MM-DD)') });
    if (!kind) rowErrors.push({ row, line: record.line, column: 'kind', value: cell('kind'), reason: text('应为 holiday 或 workday', 'must be holiday or workday') });
    if (rowErrors.length > 0) {
      rejected++;
      errors.push(...rowErrors);
    } else changes.push({ date, kind: kind!, note: header.includes('note') ? cell('note') : '', source: sourceName });
  }
  if (!header) throw new InputError(text(`${file} 没有表头，也没有数据行`, `${file} has no header and no rows`));
  if (rejected > 0) throw new ImportRejected(file, errors, rejected, false);
  if (changes.length === 0) throw new InputError(text(`${file} 只有表头（文件第 1 行），没有数据行`, `${file} has a header (line 1) but no data rows`));
  const db = ctx.db();
  const { changed, recomputed } = writeTransaction(db, () => applyDays(db, changes, true));
  ctx.reloadCalendar();
  const years = [...new Set(changes.map((change) => Number(change.date.slice(0, 4))))].sort();
  return {
    json: { file, days: changes.length, changed: changed.length, years, recomputed_cases: recomputed },
    lines: [
      text(`已导入 ${changes.length} 天（其中 ${changed.length} 天有变化），覆盖年份：${years.join('、')}`, `imported ${changes.length} days (${changed.length} changed), years: ${years.join(', ')}`),
    ],
  };
}

/** Writes days and, in the same transaction, recomputes the deadlines of every case they touch. */
function applyDays(db: Database, changes: DayChange[], coverYears: boolean): { changed: string[]; recomputed: number } {
  const changed = upsertDays(db, changes, coverYears);
  return { changed, recomputed: recomputeCases(db, loadCalendar(db), changed) };
}

export function workdays(ctx: Context, fromArg: string, toArg: string): View {
  const from = requireDate(fromArg, 'FROM');
  const to = requireDate(toArg, 'TO');
  const count = countDays(ctx.calendar(), from, to);
  return { json: { from, to, workdays: count }, plain: String(count) };
}

export function add(ctx: Context, dateArg: string, daysArg: string): View {
  const date = requireDate(dateArg, 'DATE');
  if (!/^\d+$/.test(daysArg.trim()) || Number(daysArg) > 100_000) {
    throw new InputError(text(`N "${daysArg}" 应为非负整数个工作日`, `N "${daysArg}" must be a non-negative whole number of working days`));
  }
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
    .command('import')
    .description(app.t('导入节假日安排 CSV（列 date,kind,note）', 'import a holiday schedule CSV (columns date,kind,note)'))
    .argument('<file>', app.t('CSV 文件', 'CSV file'))
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
