/**
 * One row of a historical case file (`hall cases import`, SPEC §5): the cells a
 * department's export writes, checked one by one and against each other, and the
 * events the commands would have recorded for that history. Pure: whether the item,
 * the window or the case number exist is the store's question.
 */
import { checkApplicantId, type EventTime, type ImportOutcome, parseEventTime, parseImportOutcome, parseLevel, parseYesNo } from './case-values.js';
import { looksScientific, parseFeeFen } from './catalog.js';
import { cellValue, type FieldError, type ImportColumns, normalizeCell, type RowCells } from './columns.js';
import { dayNumber, fixedOffsetOn, isValidDate, offsetText } from './dates.js';
import { InvalidValue } from './errors.js';
import type { IdType } from './ids.js';
import type { CaseEvent, Location } from './lifecycle.js';
import type { Notice } from './notices.js';
import { isProblem, type Problem } from './problems.js';

export const CASE_FIELDS = [
  'case_no',
  'item',
  'applicant',
  'applicant_id',
  'window',
  'accepted_at',
  'concluded_at',
  'outcome',
  'fee',
  'rating',
  'pause_from',
  'pause_to',
  'on_site',
  'bundle',
  'combined_no',
] as const;
export type CaseField = (typeof CASE_FIELDS)[number];

export const CASE_IMPORT_COLUMNS: ImportColumns<CaseField> = {
  fields: CASE_FIELDS,
  headers: {
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
    bundle: ['一件事编码', 'bundle'],
    combined_no: ['联办编号', 'combined_no'],
  },
  required: ['item', 'applicant', 'accepted_at'],
  // An 18-digit 身份证号 or 统一社会信用代码 typed into a General column is the usual loss.
  identifiers: ['case_no', 'item', 'applicant_id', 'window', 'bundle', 'combined_no'],
};

export type CaseFieldError = FieldError<CaseField>;

export interface CaseRowContext {
  timeZone: string;
  /** The clock: a history cannot hold a time still to come (SPEC §4). */
  now: Date;
}

/** One historical case as its row describes it. */
export interface ImportedCase {
  /** The number the file gives, kept as it is; null = numbered on import. */
  caseNo: string | null;
  item: string;
  /** The accepting window's code; null = the item's. */
  window: string | null;
  applicant: string;
  applicantId: string | null;
  idType: IdType | null;
  /** A credit code that failed its check digit: imported, but worth a look. */
  idNotice: Notice | null;
  accepted: EventTime;
  concluded: EventTime | null;
  outcome: ImportOutcome | null;
  /** null = the item's fee. */
  feeFen: number | null;
  rating: number | null;
  /** One 补正 pause at most; `to` is null while the case still waits for the applicant. */
  pause: { from: EventTime; to: EventTime | null } | null;
  /** 现场办结 as the file states it; null = the default of SPEC §3.2. */
  onSite: boolean | null;
  /** The combined case (一件事, SPEC §7.1) the row is a part of; null for a lone case. */
  combined: CombinedOfRow | null;
}

/** A part's two cells: the file's own grouping key (联办编号, any text) and the bundle's code. */
export interface CombinedOfRow {
  key: string;
  bundle: string;
}

const CASE_NUMBER = /^\d{8}-\d{4,}$/;

/**
 * Whether one time is before another. Two times of one offset written the same way (as the
 * fast path writes every time of a fixed-offset zone) compare as text, which orders them as
 * instants; Date.parse, twice a comparison and up to six comparisons a row, was 2 % of
 * checking a row.
 */
function earlier(a: EventTime, b: EventTime): boolean {
  if (a.at.length === 25 && b.at.length === 25 && a.at.endsWith(b.at.slice(19))) return a.at < b.at;
  return Date.parse(a.at) < Date.parse(b.at);
}

/** The digit at `index` of `text`, or −1. */
function digit(text: string, index: number): number {
  const code = text.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

/** Two digits at `index`, or −1. */
function twoDigits(text: string, index: number): number {
  const tens = digit(text, index);
  const ones = digit(text, index + 1);
  return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
}

const offsetTexts = new Map<number, string>();

/**
 * The times a case file holds by the million — `2026-01-04 09:03`, `2026-01-04 09:03:20`,
 * `2026-01-04T09:03:20+08:00` (with `T` or a space, seconds optional, an offset `±HH:MM`,
 * `±HHMM` or none) in a zone of one fixed offset — read character by character, without a
 * regular expression or a Date. The offset, when written, must be the zone's: the time is
 * then the local time as written. Gives exactly what `parseEventTime` gives, `in_future`
 * included; anything else (Excel's `2026/1/4 9:03`, fractions of a second, another offset,
 * a zone with daylight saving) is left to it (undefined). On the ISO file of issue 24 the
 * way through parseTimestamp, a Date and isoWithOffset was 13 % of checking a row.
 */
function writtenTime(field: CaseField, value: string, timeZone: string, now: Date): EventTime | undefined {
  const length = value.length;
  if (length < 16 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(13) !== 58) return undefined;
  const separator = value.charCodeAt(10);
  if (separator !== 84 && separator !== 32) return undefined; // T or a space
  const hours = twoDigits(value, 11);
  const minutes = twoDigits(value, 14);
  let seconds = 0;
  let at = 16;
  if (length > 16 && value.charCodeAt(16) === 58) {
    seconds = twoDigits(value, 17);
    at = 19;
  }
  let written: number | null = null;
  if (at < length) {
    const sign = value.charCodeAt(at);
    if (sign !== 43 && sign !== 45) return undefined; // + or -
    const offsetHours = twoDigits(value, at + 1);
    const colon = value.charCodeAt(at + 3) === 58 ? 1 : 0;
    const offsetMinutes = twoDigits(value, at + 3 + colon);
    if (offsetHours < 0 || offsetMinutes < 0 || at + 5 + colon !== length) return undefined;
    written = (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  }
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return undefined;
  const date = value.slice(0, 10);
  if (!isValidDate(date)) return undefined;
  const offset = fixedOffsetOn(date, timeZone);
  if (offset === undefined || (written !== null && written !== offset)) return undefined;
  const instant = dayNumber(date) * 86_400_000 + ((hours * 60 + minutes - offset) * 60 + seconds) * 1000;
  if (instant > now.getTime() + 60_000) throw new InvalidValue(field, value, { rule: 'in_future' });
  let zone = offsetTexts.get(offset);
  if (zone === undefined) {
    zone = offsetText(offset);
    offsetTexts.set(offset, zone);
  }
  // As stored (SPEC §2): `T`, seconds, the zone's offset; the cell itself when written so.
  const canonical = separator === 84 && at === 19 && length === 25 && value.endsWith(zone);
  const stored = canonical ? value : `${date}T${value.slice(11, 16)}:${at === 19 ? value.slice(17, 19) : '00'}${zone}`;
  return { at: stored, date, minutes: hours * 60 + minutes };
}

/**
 * Checks every cell of a row, then the rules between cells (a conclusion needs an
 * outcome and may not precede the acceptance, a pause lies between the two …), and
 * returns the case or every refused cell. A cross-cell rule is only checked when the
 * cells it compares were readable, so one bad time is reported once.
 */
export function parseCaseRow(cells: RowCells<CaseField>, context: CaseRowContext): { row: ImportedCase } | { errors: CaseFieldError[] } {
  const errors: CaseFieldError[] = [];
  // Each cell is read once: normalizing one again at each use was a tenth of parsing a row.
  const read: Partial<Record<CaseField, string>> = {};
  const cell = (field: CaseField) => (read[field] ??= normalizeCell(cells[field] ?? ''));
  const fail = (field: CaseField, problem: Problem) => errors.push({ field, value: cell(field), problem });
  const required = (field: CaseField) => {
    if (cell(field) === '') fail(field, { rule: 'required' });
    return cell(field);
  };
  // undefined: refused (already reported); null: the cell is empty.
  const time = (field: CaseField): EventTime | null | undefined => {
    const value = cell(field);
    if (value === '') return null;
    return cellValue(
      errors,
      field,
      value,
      () => writtenTime(field, value, context.timeZone, context.now) ?? parseEventTime(field, value, context.timeZone, context.now),
    );
  };
  const optional = <T>(field: CaseField, parse: (field: CaseField, value: string) => T): T | null | undefined => {
    const value = cell(field);
    if (value === '') return null;
    return cellValue(errors, field, value, () => parse(field, value));
  };

  const caseNo = cell('case_no');
  if (caseNo !== '' && !CASE_NUMBER.test(caseNo)) fail('case_no', { rule: 'case_number_form' });
  const item = required('item');
  if (looksScientific(item)) fail('item', { rule: 'scientific_code' });
  const applicant = required('applicant');
  // Historical records carry passports and permits too: anything not 18 characters long is "other".
  const id = optional('applicant_id', (field, value) => checkApplicantId(field, value, value.length === 18 ? undefined : 'other'));
  const accepted = required('accepted_at') === '' ? undefined : time('accepted_at');
  const concluded = time('concluded_at');
  const outcome = optional('outcome', parseImportOutcome);
  if (accepted && concluded && earlier(concluded, accepted)) fail('concluded_at', { rule: 'before', other: 'accepted_at' });
  if (outcome && outcome !== 'refused' && concluded === null) fail('outcome', { rule: 'needs', other: 'concluded_at' });
  if (concluded && outcome === null) fail('concluded_at', { rule: 'needs', other: 'outcome' });

  let feeFen: number | null = null;
  if (cell('fee') !== '') {
    const fee = parseFeeFen(cell('fee'));
    if (isProblem(fee)) fail('fee', fee);
    else feeFen = fee;
  }
  const rating = optional('rating', parseLevel);

  const pauseFrom = time('pause_from');
  const pauseTo = time('pause_to');
  if (pauseTo && pauseFrom === null) fail('pause_to', { rule: 'needs', other: 'pause_from' });
  if (pauseFrom && accepted && earlier(pauseFrom, accepted)) fail('pause_from', { rule: 'before', other: 'accepted_at' });
  if (pauseFrom && pauseTo && earlier(pauseTo, pauseFrom)) fail('pause_to', { rule: 'before', other: 'pause_from' });
  // A 不予受理 row never started a clock, so a pause on it is ignored, as the commands would ignore it.
  if (pauseFrom && concluded && outcome && outcome !== 'refused') {
    // A decided case has resumed before its decision; a withdrawal may end a pause.
    if (pauseTo === null && outcome !== 'withdrawn') fail('concluded_at', { rule: 'needs', other: 'pause_to' });
    if (earlier(concluded, pauseFrom)) fail('pause_from', { rule: 'after', other: 'concluded_at' });
    if (pauseTo && earlier(concluded, pauseTo)) fail('pause_to', { rule: 'after', other: 'concluded_at' });
  }
  const onSite = optional('on_site', parseYesNo);

  // A part names both its group and its bundle; one without the other says nothing usable.
  const key = cell('combined_no');
  const bundle = cell('bundle');
  if (key !== '' && bundle === '') fail('combined_no', { rule: 'needs', other: 'bundle' });
  if (bundle !== '' && key === '') fail('bundle', { rule: 'needs', other: 'combined_no' });
  // A 不予受理 was never accepted, so it cannot be part of an accepted combined case.
  if (key !== '' && outcome === 'refused') fail('outcome', { rule: 'combined_refusal' });

  if (errors.length > 0 || !accepted || id === undefined || outcome === undefined || concluded === undefined) return { errors };
  if (rating === undefined || onSite === undefined || pauseFrom === undefined || pauseTo === undefined) return { errors };
  return {
    row: {
      caseNo: caseNo === '' ? null : caseNo,
      item,
      window: cell('window') === '' ? null : cell('window'),
      applicant,
      applicantId: id?.id ?? null,
      idType: id?.type ?? null,
      idNotice: id?.notice ?? null,
      accepted,
      concluded,
      outcome,
      feeFen,
      rating,
      pause: pauseFrom ? { from: pauseFrom, to: pauseTo } : null,
      onSite,
      combined: key === '' ? null : { key, bundle },
    },
  };
}

/** The fee recorded: none for a refusal, else the row's, else the item's. */
export function importedFee(row: ImportedCase, itemFeeFen: number): number {
  if (row.outcome === 'refused') return 0;
  return row.feeFen ?? itemFeeFen;
}

/**
 * The events the commands would have recorded for this history, in order, each marked
 * `imported` so the record shows where it came from.
 */
export function importedEvents(row: ImportedCase, operator: string): CaseEvent[] {
  // Built field by field rather than spread: the same objects, in the same key order, without copying (4 % of checking a row).
  const event = (time: EventTime, kind: CaseEvent['kind'], location: Location | null, details: Record<string, unknown>): CaseEvent => {
    details.imported = true;
    return { kind, at: time.at, date: time.date, minutes: time.minutes, operator, location, details };
  };
  const { accepted, concluded, outcome, pause } = row;
  // A 不予受理 can be rated, as `case rate` rates one: its rating is an event after the refusal.
  if (outcome === 'refused') {
    const refusal = [event(accepted, 'refuse', 'window', { reason: '不予受理' })];
    if (row.rating === null) return refusal;
    const time = evaluationTime(row);
    return [...refusal, event(time, 'rate', null, { level: row.rating, comment: '', date: time.date })];
  }
  const events = [event(accepted, 'register', 'window', { channel: 'window' })];
  if (pause) events.push(event(pause.from, 'supplement', null, { materials: '补正（导入）' }));
  if (pause?.to) events.push(event(pause.to, 'resume', null, {}));
  if (concluded && outcome === 'withdrawn') events.push(event(concluded, 'withdraw', null, {}));
  else if (concluded && (outcome === 'approved' || outcome === 'denied')) {
    events.push(event(concluded, 'conclude', null, row.onSite === null ? { outcome } : { outcome, on_site: row.onSite }));
  }
  // The rating is an event as `case rate` writes one, so the case's history shows it; it is
  // dated with the conclusion (last) or, on a case still open, with the acceptance (second).
  if (row.rating !== null) {
    const time = evaluationTime(row);
    const rate = event(time, 'rate', null, { level: row.rating, comment: '', date: time.date });
    if (concluded) events.push(rate);
    else events.splice(1, 0, rate);
  }
  return events;
}

/** An imported evaluation is dated at the conclusion, or at the acceptance if the case is still open (SPEC §6.2). */
export function evaluationTime(row: ImportedCase): EventTime {
  return row.concluded ?? row.accepted;
}
