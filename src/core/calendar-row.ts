/**
 * A published holiday schedule as a CSV (`hall calendar import`, SPEC §2): one dated
 * override per row. The State Council's notice is usually retyped by hand, in Chinese
 * (`日期,类型,说明` with 放假/补班, or the 休/班 a wall calendar prints) or English
 * (`date,kind,note`), and often saved from Excel, which writes its own date forms.
 */
import type { DayKind } from './calendar.js';
import { cellValue, type FieldError, type ImportColumns, normalizeCell, type RowCells } from './columns.js';
import { FIRST_DATE, type IsoDate, isValidDate, LAST_DATE } from './dates.js';
import { InvalidValue } from './errors.js';

/**
 * The words schedules and clerks use for the two kinds of override. 调休 alone is left
 * out on purpose: people say it of the day off and of the Saturday worked in exchange.
 */
export const DAY_KIND_WORDS: Record<string, DayKind> = {
  holiday: 'holiday',
  放假: 'holiday',
  休: 'holiday',
  假: 'holiday',
  假日: 'holiday',
  节假日: 'holiday',
  法定节假日: 'holiday',
  休息: 'holiday',
  休息日: 'holiday',
  workday: 'workday',
  班: 'workday',
  上班: 'workday',
  补班: 'workday',
  调休上班: 'workday',
  调休补班: 'workday',
  工作日: 'workday',
};

export function parseDayKind(field: string, value: string): DayKind {
  const kind = DAY_KIND_WORDS[normalizeCell(value).toLowerCase()];
  if (!kind) throw new InvalidValue(field, value, { rule: 'day_kind' });
  return kind;
}

// Excel shows and saves a date cell as 2027/1/1 (2027/1/1 0:00 when the cell holds a
// time too); people type 2027-1-1 or 2027.1.1; a Chinese locale writes 2027年1月1日.
const NUMERIC_DATE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?$/;
const CHINESE_DATE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;

/**
 * A date of a schedule file in any of the forms above, as `YYYY-MM-DD`. Only the
 * calendar import reads these: a command's date argument stays `YYYY-MM-DD`, and the
 * case import reads Excel's forms as timestamps (parseTimestamp).
 */
export function parseScheduleDate(field: string, value: string): IsoDate {
  const cell = normalizeCell(value);
  const numeric = NUMERIC_DATE.exec(cell);
  const chinese = numeric ? null : CHINESE_DATE.exec(cell);
  const parts: [string, string, string] | null = numeric ? [numeric[1]!, numeric[3]!, numeric[4]!] : chinese ? [chinese[1]!, chinese[2]!, chinese[3]!] : null;
  const date = parts && `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}`;
  if (!date || !isValidDate(date)) throw new InvalidValue(field, value, { rule: 'schedule_date' });
  if (date < FIRST_DATE || date > LAST_DATE) throw new InvalidValue(field, value, { rule: 'date_range' });
  return date;
}

export const CALENDAR_FIELDS = ['date', 'kind', 'note'] as const;
export type CalendarField = (typeof CALENDAR_FIELDS)[number];

export const CALENDAR_IMPORT_COLUMNS: ImportColumns<CalendarField> = {
  fields: CALENDAR_FIELDS,
  headers: { date: ['日期', 'date'], kind: ['类型', 'kind'], note: ['说明', '备注', 'note'] },
  required: ['date', 'kind'],
};

/** The header `calendar show` offers for a year that has no schedule yet: the first name of each column. */
export const CALENDAR_IMPORT_HEADER = CALENDAR_FIELDS.map((field) => CALENDAR_IMPORT_COLUMNS.headers[field][0]).join(',');

export interface CalendarDay {
  date: IsoDate;
  kind: DayKind;
  note: string;
}

export function parseCalendarRow(cells: RowCells<CalendarField>): { day: CalendarDay } | { errors: FieldError<CalendarField>[] } {
  const errors: FieldError<CalendarField>[] = [];
  const dateCell = normalizeCell(cells.date ?? '');
  const kindCell = normalizeCell(cells.kind ?? '');
  let date: IsoDate | undefined;
  let kind: DayKind | undefined;
  if (dateCell === '') errors.push({ field: 'date', value: '', problem: { rule: 'required' } });
  else date = cellValue(errors, 'date', dateCell, () => parseScheduleDate('date', dateCell));
  if (kindCell === '') errors.push({ field: 'kind', value: '', problem: { rule: 'required' } });
  else kind = cellValue(errors, 'kind', kindCell, () => parseDayKind('kind', kindCell));
  if (date === undefined || kind === undefined) return { errors };
  return { day: { date, kind, note: normalizeCell(cells.note ?? '') } };
}

/** A parsed row of a schedule, with where the file has it. */
export interface ScheduleRow {
  row: number;
  line: number;
  day: CalendarDay;
  /** The date cell as the file wrote it (`2027/1/1`), for the message. */
  dateCell: string;
}

/**
 * One day per date. A file that gives a date twice is usually two notices pasted
 * together, or a row typed twice: the same kind and note twice is harmless and counts
 * once (`repeats`, for a warning); two rows that disagree are refused (`conflicts`,
 * the later row naming the first), since which one the center means cannot be known
 * and taking the last one silently would hide a wrong holiday.
 */
export function oneDayPerDate<R extends ScheduleRow>(
  rows: readonly R[],
): { days: CalendarDay[]; conflicts: { row: R; error: FieldError<CalendarField> }[]; repeats: { row: R; first: R }[] } {
  const firstOf = new Map<IsoDate, R>();
  const days: CalendarDay[] = [];
  const conflicts: { row: R; error: FieldError<CalendarField> }[] = [];
  const repeats: { row: R; first: R }[] = [];
  for (const row of rows) {
    const first = firstOf.get(row.day.date);
    if (!first) {
      firstOf.set(row.day.date, row);
      days.push(row.day);
    } else if (first.day.kind === row.day.kind && first.day.note === row.day.note) {
      repeats.push({ row, first });
    } else {
      const problem = { rule: 'duplicate_date', firstRow: first.row, firstLine: first.line, firstKind: first.day.kind, firstNote: first.day.note } as const;
      conflicts.push({ row, error: { field: 'date', value: row.dateCell, problem } });
    }
  }
  return { days, conflicts, repeats };
}
