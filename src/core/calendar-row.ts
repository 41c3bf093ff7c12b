/**
 * A published holiday schedule as a CSV (`hall calendar import`, SPEC §2): one dated
 * override per row. The State Council's notice is usually retyped by hand, in Chinese
 * (`日期,类型,说明` with 放假/补班) or English (`date,kind,note`).
 */
import type { DayKind } from './calendar.js';
import { cellValue, type FieldError, type ImportColumns, normalizeCell, type RowCells } from './columns.js';
import { type IsoDate, parseDate } from './dates.js';
import { InvalidValue } from './errors.js';

/** The words schedules and clerks use for the two kinds of override. */
export const DAY_KIND_WORDS: Record<string, DayKind> = {
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

export function parseDayKind(field: string, value: string): DayKind {
  const kind = DAY_KIND_WORDS[normalizeCell(value).toLowerCase()];
  if (!kind) throw new InvalidValue(field, value, { rule: 'day_kind' });
  return kind;
}

export const CALENDAR_FIELDS = ['date', 'kind', 'note'] as const;
export type CalendarField = (typeof CALENDAR_FIELDS)[number];

export const CALENDAR_IMPORT_COLUMNS: ImportColumns<CalendarField> = {
  fields: CALENDAR_FIELDS,
  headers: { date: ['日期', 'date'], kind: ['类型', 'kind'], note: ['说明', '备注', 'note'] },
  required: ['date', 'kind'],
};

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
  else date = cellValue(errors, 'date', dateCell, () => parseDate('date', dateCell));
  if (kindCell === '') errors.push({ field: 'kind', value: '', problem: { rule: 'required' } });
  else kind = cellValue(errors, 'kind', kindCell, () => parseDayKind('kind', kindCell));
  if (date === undefined || kind === undefined) return { errors };
  return { day: { date, kind, note: normalizeCell(cells.note ?? '') } };
}
