/**
 * `hall cases import` (SPEC §5): historical cases from a CSV, building the same events
 * the commands would. Rows stream straight into one `BEGIN IMMEDIATE` transaction,
 * each in its own savepoint; an invalid row in the default all-or-nothing mode rolls
 * the whole import back at the end, after up to 20 errors were collected.
 */
import type { Database } from 'better-sqlite3';
import { prepared } from '../db/statements.js';
import type { WorkCalendar } from '../core/calendar.js';
import { headerKey, normalizeCell, parseFeeFen } from '../core/catalog.js';
import { localDateTime, isoWithOffset, parseTimestamp } from '../core/dates.js';
import { ImportRejected, InputError, MAX_PRINTED_ROW_ERRORS, text, type LocalText, type RowError } from '../core/errors.js';
import type { CaseEvent } from '../core/lifecycle.js';
import type { CsvRecord } from '../io/csv-source.js';
import { caseRules, checkApplicantId, intakeItem, intakeWindow, type IntakeItem } from './case-intake.js';
import { createCase, nextCaseNumber, type EventTime } from './cases.js';
import { LEVEL_NAMES, parseLevel } from './evaluations.js';

const CASE_FIELDS = ['case_no', 'item', 'applicant', 'applicant_id', 'window', 'accepted_at', 'concluded_at', 'outcome', 'fee', 'rating', 'pause_from', 'pause_to', 'on_site'] as const;
type CaseField = (typeof CASE_FIELDS)[number];

const CASE_HEADERS: Record<CaseField, readonly string[]> = {
  case_no: ['办件编号', 'case_no'],
  item: ['事项编码', 'item'],
  applicant: ['申请人', 'applicant'],
  applicant_id: ['证件号码', 'applicant_id'],
  window: ['受理窗口', 'window'],
  accepted_at: ['受理时间', 'accepted_at'],
  concluded_at: ['办结时间', 'concluded_at'],
  outcome: ['办理结果', 'outcome'],
  fee: ['收费金额', 'fee'],
  rating: ['评价', 'rating'],
  pause_from: ['暂停开始', 'pause_from'],
  pause_to: ['暂停结束', 'pause_to'],
  on_site: ['现场办结', 'on_site'],
};
const REQUIRED: readonly CaseField[] = ['item', 'applicant', 'accepted_at'];
const LOOKUP = new Map(CASE_FIELDS.flatMap((field) => CASE_HEADERS[field].map((header) => [headerKey(header), field] as const)));

const OUTCOMES: Record<string, 'approved' | 'denied' | 'withdrawn' | 'refused'> = {
  准予: 'approved', 准予许可: 'approved', approved: 'approved', 办结: 'approved',
  不予许可: 'denied', 不予批准: 'denied', denied: 'denied',
  撤回: 'withdrawn', withdrawn: 'withdrawn',
  不予受理: 'refused', refused: 'refused',
};

export interface CaseImportOptions {
  file: string;
  timeZone: string;
  closingMinutes: number;
  operator: string;
  skipInvalid?: boolean;
  onRejected?: (cells: string[], reasons: LocalText[], header: readonly string[]) => void;
}

export interface CaseImportSummary {
  file: string;
  rows: number;
  imported: number;
  rejected: number;
  warnings: number;
  header: string[];
}

class RowRejected extends Error {
  constructor(readonly column: string, readonly value: string, readonly reason: LocalText) {
    super(reason.en);
  }
}

export async function importCases(db: Database, calendar: WorkCalendar, records: AsyncIterable<CsvRecord[]>, options: CaseImportOptions): Promise<CaseImportSummary> {
  const summary: CaseImportSummary = { file: options.file, rows: 0, imported: 0, rejected: 0, warnings: 0, header: [] };
  const errors: RowError[] = [];
  let columns: Map<number, CaseField> | null = null;
  const headerOf = new Map<CaseField, string>();
  const items = new Map<string, IntakeItem>();
  let row = 0;
  // Each row in a savepoint: a row that fails half-way leaves nothing behind.
  const highestOfDay = new Map<string, number>();
  const importOne = db.transaction((cells: Partial<Record<CaseField, string>>) => importRow(db, calendar, cells, headerOf, items, options, summary, highestOfDay));
  db.exec('BEGIN IMMEDIATE');
  try {
    for await (const chunk of records) {
      for (const record of chunk) {
        if (!columns) {
          if (record.cells.every((cell) => cell.trim() === '')) continue;
          summary.header = record.cells.map((cell) => cell.trim());
          columns = new Map();
          summary.header.forEach((header, index) => {
            const field = LOOKUP.get(headerKey(header));
            if (field && !headerOf.has(field)) {
              columns!.set(index, field);
              headerOf.set(field, header);
            }
          });
          const missing = REQUIRED.filter((field) => !headerOf.has(field));
          if (missing.length > 0) {
            throw new InputError(
              text(
                `${options.file} 第 0 行（文件第 1 行，表头），缺少必需列：${missing.map((field) => CASE_HEADERS[field].join(' / ')).join('；')}`,
                `${options.file} row 0 (line 1, the header): missing required column(s): ${missing.map((field) => CASE_HEADERS[field].join(' / ')).join('; ')}`,
              ),
            );
          }
          continue;
        }
        row++;
        if (record.cells.every((cell) => cell.trim() === '')) continue;
        summary.rows++;
        const cells: Partial<Record<CaseField, string>> = {};
        for (const [index, field] of columns) cells[field] = normalizeCell(record.cells[index] ?? '');
        try {
          importOne(cells);
          summary.imported++;
        } catch (error) {
          if (!(error instanceof RowRejected) && !(error instanceof InputError)) throw error;
          const rowError: RowError =
            error instanceof RowRejected
              ? { row, line: record.line, column: error.column, value: error.value, reason: error.reason }
              : { row, line: record.line, column: '—', value: '', reason: error.text };
          summary.rejected++;
          if (errors.length < MAX_PRINTED_ROW_ERRORS) errors.push(rowError);
          options.onRejected?.(record.cells, [
            { zh: `${rowError.column}：${rowError.reason.zh}`, en: `${rowError.column}: ${rowError.reason.en}` },
          ], summary.header);
        }
      }
    }
    if (!columns) throw new InputError(text(`${options.file} 没有表头，也没有数据行`, `${options.file} has no header and no rows`));
    if (summary.rows === 0) throw new InputError(text(`${options.file} 只有表头（文件第 1 行），没有数据行`, `${options.file} has a header (line 1) but no data rows`));
    if (summary.rejected > 0 && !options.skipInvalid) throw new ImportRejected(options.file, errors, summary.rejected);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return summary;
}

function importRow(
  db: Database,
  calendar: WorkCalendar,
  cells: Partial<Record<CaseField, string>>,
  headerOf: Map<CaseField, string>,
  items: Map<string, IntakeItem>,
  options: CaseImportOptions,
  summary: CaseImportSummary,
  highestOfDay: Map<string, number>,
): void {
  const cell = (field: CaseField) => cells[field] ?? '';
  const reject = (field: CaseField, reason: LocalText): never => {
    throw new RowRejected(headerOf.get(field) ?? field, cell(field), reason);
  };
  const time = (field: CaseField): EventTime | null => {
    if (cell(field) === '') return null;
    const instant = parseTimestamp(cell(field), options.timeZone);
    if (!instant) return reject(field, text('不是有效时间（如 2025-10-09 14:30）', 'not a valid time (e.g. 2025-10-09 14:30)'));
    const local = localDateTime(instant, options.timeZone);
    return { at: isoWithOffset(instant, options.timeZone), date: local.date, minutes: local.minutes };
  };
  const event = (at: EventTime, kind: CaseEvent['kind'], location: CaseEvent['location'], details: Record<string, unknown>): CaseEvent => ({
    kind,
    ...at,
    operator: options.operator,
    location,
    details: { ...details, imported: true },
  });

  if (cell('item') === '') reject('item', text('必填项为空', 'required value is empty'));
  if (cell('applicant') === '') reject('applicant', text('必填项为空', 'required value is empty'));
  let item = items.get(cell('item'));
  if (!item) {
    try {
      item = intakeItem(db, cell('item'), false);
    } catch (error) {
      return reject('item', (error as InputError).text);
    }
    items.set(item.code, item);
  }
  let windowId: number;
  try {
    windowId = intakeWindow(db, item, cell('window') || undefined);
  } catch (error) {
    return reject(cell('window') ? 'window' : 'item', (error as InputError).text);
  }
  let checked;
  try {
    // Historical records carry passports and permits too: anything not 18 characters long is "other".
    checked = checkApplicantId(cell('applicant_id'), cell('applicant_id').length === 18 ? undefined : 'other');
  } catch (error) {
    return reject('applicant_id', (error as InputError).text);
  }
  if (checked.warning) summary.warnings++;
  const accepted = time('accepted_at')!;
  if (!accepted) reject('accepted_at', text('必填项为空', 'required value is empty'));
  const concluded = time('concluded_at');
  const outcome = cell('outcome') === '' ? null : OUTCOMES[cell('outcome')];
  if (outcome === undefined) reject('outcome', text('办理结果应为 准予、不予许可、撤回 或 不予受理', 'outcome must be 准予, 不予许可, 撤回 or 不予受理'));
  if (concluded && Date.parse(concluded.at) < Date.parse(accepted.at)) reject('concluded_at', text('办结时间早于受理时间', 'concluded before it was accepted'));
  if (outcome && outcome !== 'refused' && !concluded) reject('concluded_at', text('有办理结果时必须填写办结时间', 'an outcome needs a conclusion time'));
  if (concluded && !outcome) reject('outcome', text('有办结时间时必须填写办理结果', 'a conclusion time needs an outcome'));
  let feeFen = item.fee_fen;
  if (cell('fee') !== '') {
    const fee = parseFeeFen(cell('fee'));
    if (typeof fee !== 'number') reject('fee', fee as LocalText);
    feeFen = fee as number;
  }
  let rating: number | undefined;
  if (cell('rating') !== '') {
    rating = parseLevel(cell('rating'));
    if (rating === undefined) reject('rating', text(`评价应为 1–5 或 ${Object.values(LEVEL_NAMES).join('、')}`, 'rating must be 1–5 or a level name'));
  }
  const pauseFrom = time('pause_from');
  const pauseTo = time('pause_to');
  if (pauseTo && !pauseFrom) reject('pause_from', text('有暂停结束时间时必须填写暂停开始时间', 'a pause end needs a pause start'));
  if (pauseFrom && Date.parse(pauseFrom.at) < Date.parse(accepted.at)) reject('pause_from', text('暂停开始早于受理时间', 'the pause starts before acceptance'));
  if (pauseFrom && pauseTo && Date.parse(pauseTo.at) < Date.parse(pauseFrom.at)) reject('pause_to', text('暂停结束早于暂停开始', 'the pause ends before it starts'));
  if (pauseFrom && concluded && outcome !== 'withdrawn') {
    if (!pauseTo) reject('pause_to', text('已办结的办件必须填写暂停结束时间', 'a concluded case needs the pause end'));
    if (pauseTo && Date.parse(pauseTo.at) > Date.parse(concluded.at)) reject('pause_to', text('暂停结束晚于办结时间', 'the pause ends after the conclusion'));
  }
  let onSite: boolean | undefined;
  if (cell('on_site') !== '') {
    if (['是', 'yes', 'y', '1', 'true'].includes(cell('on_site').toLowerCase())) onSite = true;
    else if (['否', 'no', 'n', '0', 'false'].includes(cell('on_site').toLowerCase())) onSite = false;
    else reject('on_site', text('现场办结应为 是 或 否', 'on_site must be 是 or 否'));
  }
  let number: string | undefined;
  if (cell('case_no') !== '') {
    if (!/^\d{8}-\d{4,}$/.test(cell('case_no'))) reject('case_no', text('办件编号应为 YYYYMMDD-NNNN', 'the case number must look like YYYYMMDD-NNNN'));
    if (prepared(db, 'SELECT 1 FROM cases WHERE number = ?').get(cell('case_no'))) reject('case_no', text('办件编号已存在', 'the case number already exists'));
    number = cell('case_no');
  }
  // The import holds the write lock throughout, so each day's highest number can be
  // counted here instead of searched for on every row.
  const prefix = accepted.date.replaceAll('-', '');
  const numberPrefix = number ? number.slice(0, 8) : prefix;
  if (!highestOfDay.has(numberPrefix)) highestOfDay.set(numberPrefix, Number(nextCaseNumber(db, `${numberPrefix.slice(0, 4)}-${numberPrefix.slice(4, 6)}-${numberPrefix.slice(6)}`).slice(9)) - 1);
  if (number) highestOfDay.set(numberPrefix, Math.max(highestOfDay.get(numberPrefix)!, Number(number.slice(9))));
  else {
    const next = highestOfDay.get(prefix)! + 1;
    number = `${prefix}-${String(next).padStart(4, '0')}`;
    highestOfDay.set(prefix, next);
  }

  const base = {
    itemId: item.id,
    windowId,
    departmentId: item.department_id,
    itemType: item.type,
    applicant: cell('applicant'),
    applicantId: checked.id,
    idType: checked.type,
    channel: 'window' as const,
    feeFen: outcome === 'refused' ? 0 : feeFen,
    rules: caseRules(item, options.closingMinutes),
    number,
  };
  // The same events the commands would record, written at once.
  const events: CaseEvent[] = [];
  if (outcome === 'refused') events.push(event(accepted, 'refuse', 'window', { reason: '不予受理' }));
  else {
    events.push(event(accepted, 'register', 'window', { channel: 'window' }));
    if (pauseFrom) events.push(event(pauseFrom, 'supplement', null, { materials: '补正（导入）' }));
    if (pauseFrom && pauseTo) events.push(event(pauseTo, 'resume', null, {}));
    if (concluded && outcome === 'withdrawn') events.push(event(concluded, 'withdraw', null, {}));
    else if (concluded && (outcome === 'approved' || outcome === 'denied')) {
      events.push(event(concluded, 'conclude', null, onSite === undefined ? { outcome } : { outcome, on_site: onSite }));
    }
  }
  const row = createCase(db, calendar, base, events);
  if (rating !== undefined) {
    // An imported evaluation is dated at the conclusion, or the acceptance if still open (SPEC §6.2).
    const at = concluded ?? accepted;
    prepared(db, 'INSERT INTO evaluations (case_id, level, comment, date, at, operator) VALUES (?, ?, ?, ?, ?, ?)').run(row.id, rating, '', at.date, at.at, options.operator);
  }
}
