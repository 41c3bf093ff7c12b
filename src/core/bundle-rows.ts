/**
 * The rows of a bundle file made into bundles (SPEC §7.1): one row per member, a
 * blank 一件事编码 continuing the bundle above (Excel leaves merged cells blank), the
 * bundle's own cells given on its first row and, if repeated, the same on the others.
 * Pure: the store hands over the rows and the catalog's items they name.
 *
 * A bundle is refused whole: when only the valid rows are imported, importing the valid rows of a
 * bundle would replace its stored member list with a part of it.
 */
import { BUNDLE_FIELDS, BUNDLE_LEVEL_FIELDS, type Bundle, type BundleField } from './bundle-table.js';
import { looksScientific, parseDayLimit } from './catalog.js';
import { type FieldError, normalizeCell, type RowCells } from './columns.js';
import { UnknownItem } from './errors.js';
import { isProblem, type Problem } from './problems.js';

export type BundleFieldError = FieldError<BundleField>;

export interface BundleRowInput {
  row: number;
  line: number;
  cells: RowCells<BundleField>;
  /** Cells refused as read (a workbook's error cell, a code stored as a number): not checked again. */
  refused?: readonly BundleFieldError[];
}

export interface ParsedBundleFile {
  /** The valid bundles in the order the file starts them, with their rows. */
  bundles: { bundle: Bundle; rows: number[] }[];
  /** Every refused row (a whole bundle's rows when one is bad), in row order. */
  rejected: { row: number; errors: BundleFieldError[] }[];
  /** Every bundle code the file names, valid or not (the sync keeps them). */
  codes: Set<string>;
}

/** The catalog's view of a member: whether its code is an item, and the item's department. */
export type MemberLookup = ReadonlyMap<string, { department: string }>;

interface Group {
  code: string;
  start: BundleRowInput;
  rows: BundleRowInput[];
}

// TRUE and FALSE as Excel writes a logical cell, in a CSV it saves or a workbook.
const YES = new Set(['是', 'yes', 'y', 'true']);
const NO = new Set(['否', 'no', 'n', 'false']);

/** 是否必选: blank means 是 (SPEC §7.1); only 是/否, yes/no or Excel's TRUE/FALSE. */
function parseRequired(raw: string): boolean | Problem {
  const value = raw.toLowerCase();
  if (value === '' || YES.has(value)) return true;
  if (NO.has(value)) return false;
  return { rule: 'yes_no' };
}

/** A bundle limit: working days only, the promised one at least 1. */
function parseBundleDays(raw: string, promised: boolean): number | null | Problem {
  const limit = parseDayLimit(raw);
  if (isProblem(limit)) return limit;
  if (limit === null) return promised ? { rule: raw === '' ? 'required' : 'days' } : null;
  if (limit.unit === 'calendar') return { rule: 'bundle_calendar_days' };
  if (promised && limit.days === 0) return { rule: 'bundle_limit_zero' };
  return limit.days;
}

/** Two spellings of one bundle cell agree when they mean the same: `5` and `5个工作日` do. */
function sameCell(field: BundleField, a: string, b: string): boolean {
  if (a === b) return true;
  if (field !== 'promised_days' && field !== 'legal_days') return false;
  const [x, y] = [parseDayLimit(a), parseDayLimit(b)];
  if (isProblem(x) || isProblem(y) || x === null || y === null) return false;
  return x.days === y.days && (x.unit ?? 'workday') === (y.unit ?? 'workday');
}

export function parseBundleRows(rows: readonly BundleRowInput[], catalog: MemberLookup): ParsedBundleFile {
  const errors = new Map<number, BundleFieldError[]>();
  for (const row of rows) if (row.refused && row.refused.length > 0) errors.set(row.row, [...row.refused]);
  const cell = (row: BundleRowInput, field: BundleField) => normalizeCell(row.cells[field] ?? '');
  const fail = (row: BundleRowInput, field: BundleField, problem: Problem) => {
    if (row.refused?.some((error) => error.field === field)) return;
    const list = errors.get(row.row) ?? [];
    list.push({ field, value: cell(row, field), problem });
    errors.set(row.row, list);
  };

  // Blocks of adjacent rows, gathered by code: a code met again after another bundle is
  // refused at the row it comes back, and its bundle is one group, refused whole.
  const groups = new Map<string, Group>();
  let current = null as Group | null;
  for (const row of rows) {
    const code = cell(row, 'bundle');
    if (code === '' || code === current?.code) {
      if (current) current.rows.push(row);
      else fail(row, 'bundle', { rule: 'bundle_continuation_first' });
      continue;
    }
    const earlier = groups.get(code);
    if (earlier) {
      fail(row, 'bundle', { rule: 'bundle_split', firstRow: earlier.start.row, firstLine: earlier.start.line });
      earlier.rows.push(row);
      current = earlier;
    } else {
      current = { code, start: row, rows: [row] };
      groups.set(code, current);
    }
  }

  const bundles: ParsedBundleFile['bundles'] = [];
  for (const group of groups.values()) {
    const bundle = checkGroup(group, catalog, cell, fail);
    const bad = group.rows.find((row) => errors.has(row.row));
    if (bad) {
      for (const row of group.rows) if (!errors.has(row.row)) fail(row, 'bundle', { rule: 'bundle_row_invalid', row: bad.row, line: bad.line });
    } else if (bundle) {
      bundles.push({ bundle, rows: group.rows.map((row) => row.row) });
    }
  }
  const order = new Map(BUNDLE_FIELDS.map((field, index) => [field, index]));
  const rejected = [...errors]
    .sort(([a], [b]) => a - b)
    .map(([row, list]) => ({ row, errors: list.sort((a, b) => order.get(a.field)! - order.get(b.field)!) }));
  return { bundles, rejected, codes: new Set(groups.keys()) };
}

/** The rules of one bundle's rows; the bundle, or null when a row of it is refused. */
function checkGroup(
  group: Group,
  catalog: MemberLookup,
  cell: (row: BundleRowInput, field: BundleField) => string,
  fail: (row: BundleRowInput, field: BundleField, problem: Problem) => void,
): Bundle | null {
  const { start } = group;
  let refused = false;
  const refuse = (row: BundleRowInput, field: BundleField, problem: Problem) => {
    refused = true;
    fail(row, field, problem);
  };

  if (looksScientific(group.code)) refuse(start, 'bundle', { rule: 'scientific_code' });
  const name = cell(start, 'bundle_name');
  if (name === '') refuse(start, 'bundle_name', { rule: 'required' });
  const lead = cell(start, 'lead_department');
  if (lead === '') refuse(start, 'lead_department', { rule: 'required' });
  const promised = parseBundleDays(cell(start, 'promised_days'), true);
  if (isProblem(promised)) refuse(start, 'promised_days', promised);
  const legal = parseBundleDays(cell(start, 'legal_days'), false);
  if (isProblem(legal)) refuse(start, 'legal_days', legal);
  if (typeof promised === 'number' && typeof legal === 'number' && promised > legal) {
    refuse(start, 'promised_days', { rule: 'promised_over_legal', legal });
  }

  // On the rows after the first, a bundle cell is blank (merged) or repeats the first.
  for (const row of group.rows) {
    if (row === start) continue;
    for (const field of BUNDLE_LEVEL_FIELDS) {
      if (field === 'bundle') continue;
      const value = cell(row, field);
      if (value !== '' && !sameCell(field, value, cell(start, field))) {
        refuse(row, field, { rule: 'bundle_cell_disagrees', firstRow: start.row, firstLine: start.line, first: cell(start, field) });
      }
    }
  }

  const members: Bundle['members'] = [];
  const seen = new Map<string, BundleRowInput>();
  const departments: string[] = [];
  let everyItemKnown = true;
  for (const row of group.rows) {
    const item = cell(row, 'item');
    const required = parseRequired(cell(row, 'required'));
    if (isProblem(required)) refuse(row, 'required', required);
    if (item === '') {
      refuse(row, 'item', { rule: 'required' });
      everyItemKnown = false;
      continue;
    }
    if (looksScientific(item)) refuse(row, 'item', { rule: 'scientific_code' });
    const first = seen.get(item);
    if (first) {
      refuse(row, 'item', { rule: 'duplicate_member', firstRow: first.row, firstLine: first.line });
      continue;
    }
    seen.set(item, row);
    const known = catalog.get(item);
    if (!known) {
      refuse(row, 'item', { rule: 'refused', error: new UnknownItem(item) });
      everyItemKnown = false;
    } else if (!departments.includes(known.department)) departments.push(known.department);
    if (!isProblem(required)) members.push({ item, required });
  }
  if (group.rows.length < 2) refuse(start, 'bundle', { rule: 'bundle_too_few_members', members: group.rows.length });
  // Judged only over a complete member list: an unknown item may be the lead's own.
  if (lead !== '' && everyItemKnown && !departments.includes(lead)) refuse(start, 'lead_department', { rule: 'lead_not_member', departments });

  if (refused || isProblem(promised) || promised === null || isProblem(legal)) return null;
  return { code: group.code, name, leadDepartment: lead, promisedDays: promised, legalDays: legal, members };
}
