/**
 * What a row of a case import must satisfy before it is written (SPEC §5): its cells
 * parsed, its item and window found, its events built and its caches derived. None of
 * it needs the write lock, so either thread of a large import can do it (see
 * case-check-thread.ts); only the checks of its number wait for the writer.
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import type { GroupedRow, GroupMember } from '../core/case-group.js';
import { type CaseCaches, caseCaches, rulesFromColumns } from '../core/case-record.js';
import { type CaseField, type CaseFieldError, evaluationTime, type ImportedCase, importedEvents, importedFee, parseCaseRow } from '../core/case-row.js';
import { withSourceRefusals } from '../core/columns.js';
import { RefusedError } from '../core/errors.js';
import { type CaseRules, deriveCase, type PauseRecord } from '../core/lifecycle.js';
import type { ImportRow } from '../io/import-pipeline.js';
import { getBundle } from './bundles.js';
import { code, putStoredCaches, STORED_CACHE_COLUMNS } from './case-codes.js';
import { type IntakeItem, intakeItem, intakeWindow } from './case-intake.js';
import { type StoredEvent, storedEventOf } from './event-row.js';

/** What checking a row needs besides the database. */
export interface RowContext {
  timeZone: string;
  closingMinutes: number;
  /** Who the imported events name. */
  operator: string;
  /** The clock: a time after it is refused. */
  now: Date;
}

/** The columns of a case row, in the order `readyCase` lists its values and `CaseWriter` binds them. */
export const CASE_COLUMNS = [
  'id',
  'number',
  'item_id',
  'window_id',
  'department_id',
  'item_type',
  'applicant',
  'applicant_id',
  'id_type',
  'channel',
  'fee_fen',
  // Set as the row is written: the id of the item's lists in rule_lists, known under the lock.
  'lists_id',
  'promised_days',
  'limit_unit',
  'legal_days',
  'legal_unit',
  'closing_minutes',
  ...STORED_CACHE_COLUMNS,
  // Set as the row is written: the combined case it is a part of, which is written just before it.
  'combined_id',
] as const;

/** Where `combined_id` sits in a ready case's values. */
export const COMBINED_ID_INDEX = CASE_COLUMNS.indexOf('combined_id');
/** Where `lists_id` sits in a ready case's values. */
export const LISTS_ID_INDEX = CASE_COLUMNS.indexOf('lists_id');

/** An item as the rows of an import use it: its rules parsed once, not once per row. */
interface ImportItem {
  item: IntakeItem;
  rules: CaseRules;
  stages: string;
  authorized: string;
}

/** A bundle as the parts of an import use it: what its combined case copies, and its members in order. */
export interface ImportBundle {
  id: number;
  code: string;
  promisedDays: number;
  legalDays: number | null;
  members: GroupMember[];
}

/** What a row needs from the database, looked up once per item, window and bundle. */
export class Lookups {
  private readonly items = new Map<string, ImportItem | RefusedError>();
  private readonly windows = new Map<string, number | RefusedError>();
  private readonly bundles = new Map<string, ImportBundle | RefusedError>();

  constructor(
    private readonly db: Database,
    private readonly closingMinutes: number,
  ) {}

  item(code: string): ImportItem | RefusedError {
    let found = this.items.get(code);
    if (found === undefined) {
      found = attempt(() => {
        const item = intakeItem(this.db, code, false);
        const rules = rulesFromColumns(item, this.closingMinutes);
        return { item, rules, stages: JSON.stringify(rules.stages), authorized: JSON.stringify(rules.authorized) };
      });
      this.items.set(code, found);
    }
    return found;
  }

  /**
   * A bundle by code, cancelled or not: history may hold combined cases of a bundle
   * cancelled since, as it holds cases of items cancelled since (`intakeItem`).
   */
  bundle(code: string): ImportBundle | RefusedError {
    let found = this.bundles.get(code);
    if (found === undefined) {
      found = attempt(() => {
        const bundle = getBundle(this.db, code);
        const id = this.db.prepare('SELECT id FROM bundles WHERE code = ?').pluck().get(bundle.code) as number;
        const members = bundle.members.map(({ item, itemName, required }) => ({ item, itemName, required }));
        return { id, code: bundle.code, promisedDays: bundle.promisedDays, legalDays: bundle.legalDays, members };
      });
      this.bundles.set(code, found);
    }
    return found;
  }

  window(item: IntakeItem, code: string | null): number | RefusedError {
    const key = `${item.id}\u0000${code ?? ''}`;
    let window = this.windows.get(key);
    if (window === undefined) {
      window = attempt(() => intakeWindow(this.db, item, code ?? undefined));
      this.windows.set(key, window);
    }
    return window;
  }
}

function attempt<T>(lookup: () => T): T | RefusedError {
  try {
    return lookup();
  } catch (error) {
    if (error instanceof RefusedError) return error;
    throw error;
  }
}

/**
 * A row as checked without the database's lock: either ready to write but for its number,
 * or refused. Plain data, so that a worker thread can check rows and hand them over.
 */
export interface CheckedRow {
  /** Where the row is; `raw` (for the rejects file) only when a number check may still refuse it. */
  row: Pick<ImportRow<CaseField>, 'row' | 'line' | 'raw'>;
  /** Refused cells found so far; the number checks under the lock may add more. */
  errors: CaseFieldError[];
  /** The number the file gives, when the row parsed. */
  caseNo: string | null;
  ready: ReadyCase | null;
  /** What the row's group checks of it, when it gives a 联办编号 (a part of a combined case); null for a lone row. */
  part: GroupedRow | null;
}

/** A valid row, with everything its inserts need except its id and number. */
export interface ReadyCase {
  /** The number the file gives; null = numbered on import. */
  caseNo: string | null;
  /** The day whose numbers the case takes when the file gives it none: its acceptance (or refusal) day. */
  day: string;
  /** The `cases` row in `CASE_COLUMNS` order; its id, number, lists and combined case are set as it is written. */
  values: unknown[];
  /** The item's stage and authorization lists (JSON text), which `lists_id` refers to. */
  stages: string;
  authorized: string;
  /** Its events as stored (event-row.ts), made here so that the writing thread only binds them. */
  events: StoredEvent[];
  pauses: PauseRecord[];
  /** The applicant's rating, at the time the import dates it. */
  rating: { level: number; date: string; at: string } | null;
  /** The groups the evaluation is counted in (the case's own). */
  groups: { windowId: number; departmentId: number; itemId: number; itemType: string };
  /** A credit code that failed its check digit: imported, and counted as a warning. */
  noticed: boolean;
}

export function checkRow(row: ImportRow<CaseField>, lookups: Lookups, calendar: WorkCalendar, context: RowContext): CheckedRow {
  const parsed = parseCaseRow(row.cells, { timeZone: context.timeZone, now: context.now });
  const errors: CaseFieldError[] = 'errors' in parsed ? [...parsed.errors] : [];
  // The lookups run even for a row already refused, so that one pass reports everything wrong with it.
  const itemCode = row.cells.item ?? '';
  let item: ImportItem | undefined;
  let windowId: number | undefined;
  if (itemCode !== '') {
    const found = lookups.item(itemCode);
    if (found instanceof RefusedError) errors.push({ field: 'item', value: itemCode, problem: { rule: 'refused', error: found } });
    else {
      item = found;
      const windowCode = row.cells.window ?? '';
      const window = lookups.window(found.item, windowCode === '' ? null : windowCode);
      if (window instanceof RefusedError) {
        errors.push({
          field: windowCode === '' ? 'item' : 'window',
          value: windowCode === '' ? itemCode : windowCode,
          problem: { rule: 'refused', error: window },
        });
      } else windowId = window;
    }
  }
  const bundleCode = row.cells.bundle ?? '';
  if (bundleCode !== '') {
    const bundle = lookups.bundle(bundleCode);
    if (bundle instanceof RefusedError) errors.push({ field: 'bundle', value: bundleCode, problem: { rule: 'refused', error: bundle } });
    else if (item && !bundle.members.some((member) => member.item === item.item.code)) {
      const members = bundle.members.map((member) => member.item);
      errors.push({ field: 'item', value: itemCode, problem: { rule: 'not_bundle_member', bundle: bundle.code, members } });
    }
  }
  // A cell refused as read (a workbook's error cell) is not refused again for what a lookup made of it.
  if (row.refused) errors.splice(0, errors.length, ...withSourceRefusals(row.refused, errors));
  const part = partOf(row, 'row' in parsed ? parsed.row : null, item);
  if (!('row' in parsed)) return { row, errors, caseNo: null, ready: null, part };
  const caseNo = parsed.row.caseNo;
  if (errors.length > 0 || !item || windowId === undefined) return { row, errors, caseNo, ready: null, part };
  return { row, errors, caseNo, ready: readyCase(parsed.row, item, windowId, calendar, context), part };
}

/** What the group of a row with a 联办编号 compares; null for a lone row. */
function partOf(row: ImportRow<CaseField>, parsed: ImportedCase | null, item: ImportItem | undefined): GroupedRow | null {
  const key = row.cells.combined_no ?? '';
  if (key === '') return null;
  const { cells } = row;
  return {
    row: row.row,
    line: row.line,
    cells: {
      key,
      bundle: cells.bundle ?? '',
      applicant: cells.applicant ?? '',
      applicant_id: cells.applicant_id ?? '',
      accepted_at: cells.accepted_at ?? '',
      item: cells.item ?? '',
    },
    parsed: parsed && { applicant: parsed.applicant, applicantId: parsed.applicantId, acceptedAt: parsed.accepted.at },
    item: item?.item.code ?? null,
  };
}

/** An imported case was accepted at the window (SPEC §5: the file has no channel column). */
const WINDOW_CHANNEL = code('channel', 'window');

function readyCase(parsed: ImportedCase, found: ImportItem, windowId: number, calendar: WorkCalendar, context: RowContext): ReadyCase {
  const { item, rules } = found;
  const events = importedEvents(parsed, context.operator);
  const derived = deriveCase(events, rules, calendar);
  const caches: CaseCaches = caseCaches(derived, events);
  // Made at its full length: the cached values are put after these (putStoredCaches), and
  // an array grown by push was copied three times a row.
  const values: unknown[] = new Array(CASE_COLUMNS.length);
  const copied = [
    0,
    null,
    item.id,
    windowId,
    item.department_id,
    code('item_type', item.type),
    parsed.applicant,
    parsed.applicantId,
    code('id_type', parsed.idType),
    WINDOW_CHANNEL,
    importedFee(parsed, item.fee_fen),
    null,
    rules.promisedDays,
    code('unit', rules.limitUnit),
    rules.legalDays,
    code('unit', rules.legalUnit),
    rules.closingMinutes,
  ] as const;
  for (let index = 0; index < copied.length; index++) values[index] = copied[index];
  putStoredCaches(caches, values, copied.length);
  values[COMBINED_ID_INDEX] = null;
  const rated = parsed.rating === null ? null : evaluationTime(parsed);
  return {
    caseNo: parsed.caseNo,
    day: parsed.accepted.date.replaceAll('-', ''),
    values,
    stages: found.stages,
    authorized: found.authorized,
    events: events.map(storedEventOf),
    pauses: derived.pauses,
    rating: rated && parsed.rating !== null ? { level: parsed.rating, date: rated.date, at: rated.at } : null,
    groups: { windowId, departmentId: item.department_id, itemId: item.id, itemType: item.type },
    noticed: parsed.idNotice !== null,
  };
}
