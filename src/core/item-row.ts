/**
 * An item as a row of a catalog file (SPEC §3.1, §5): the row parser that makes one
 * item of it, and the row export writes, which import reads back to the same item.
 * The fields whose value is read from its own cell (`read` in the column table) are
 * handled alike; the ones the rules between fields bind are written out here.
 */
import type { LimitUnit } from './calendar.js';
import {
  defaultStages,
  formatDayLimit,
  formatStages,
  KIND_NAMES,
  kindOfLimit,
  looksScientific,
  parseDayLimit,
  parseKind,
  parseStageList,
  type Stage,
} from './catalog.js';
import { type FieldError, normalizeCell, type RowCells } from './columns.js';
import {
  type CatalogItem,
  FIELD_VALUES,
  ITEM_FIELDS,
  ITEM_HEADERS,
  ITEM_VALUE_KEYS,
  type Item,
  type ItemField,
  type PlainField,
  type PlainValueKey,
  REQUIRED_ITEM_FIELDS,
  valueSpec,
} from './item-table.js';
import { isProblem, type Problem } from './problems.js';

export type ItemFieldError = FieldError<ItemField>;

const PLAIN_VALUES = ITEM_VALUE_KEYS.filter((key) => valueSpec(key).read) as PlainValueKey[];
// Looked up once, not from the spec objects on every row: each has a shape of its own.
const PLAIN_FIELDS = PLAIN_VALUES.map((key) => valueSpec(key).field);
const PLAIN_READS = PLAIN_VALUES.map((key) => valueSpec(key).read!);
const FIELD_ORDER = new Map(ITEM_FIELDS.map((field, index) => [field, index]));

/**
 * Validates one row into an item, or every error it has, in the table's field order.
 * `cells` holds the fields the file has columns for (a field without a column is
 * undefined, a blank cell is '').
 *
 * `stored` is the item already in the catalog under the row's code. A field the file
 * has no column for keeps its stored value, and the rules between fields (promised ≤
 * legal, kind, stages and their authorization) are checked on the item as it will be
 * — so a file that only lowers 承诺时限 is held to the stored 法定时限. Without `stored`
 * the row is a new item: it needs every required column, and the optional ones it
 * lacks take their blank meaning. Cross-row rules (duplicate codes, parents) are the
 * importer's.
 */
export function parseItemRow(cells: RowCells<ItemField>, stored?: Item | null): { item: Item } | { errors: ItemFieldError[] } {
  const errors: ItemFieldError[] = [];
  const normalized = new Map<ItemField, string>();
  for (const field of ITEM_FIELDS) normalized.set(field, normalizeCell(cells[field] ?? ''));
  const cell = (field: ItemField) => normalized.get(field)!;
  const fail = (field: ItemField, problem: Problem) => errors.push({ field, value: cell(field), problem });
  /** The value comes from the file: it has the column, or there is no stored item to keep. */
  const fromFile = (field: ItemField) => cells[field] !== undefined || !stored;

  for (const field of REQUIRED_ITEM_FIELDS) {
    if ((cells[field] !== undefined || field === 'code') && cell(field) === '') fail(field, { rule: 'required' });
  }
  for (const field of ['code', 'parent'] as const) {
    if (looksScientific(cell(field))) fail(field, { rule: 'scientific_code' });
  }
  const missing = REQUIRED_ITEM_FIELDS.filter((field) => field !== 'code' && cells[field] === undefined);
  if (!stored && missing.length > 0 && cell('code') !== '') {
    fail('code', { rule: 'new_item_needs', columns: missing.map((field) => ITEM_HEADERS[field][0]!) });
  }

  const legal = fromFile('legal_days')
    ? parseDayLimit(cell('legal_days'))
    : stored!.legalDays === null
      ? null
      : { days: stored!.legalDays, unit: stored!.legalUnit };
  if (isProblem(legal)) fail('legal_days', legal);
  // The stored promised limit keeps its unit explicitly, so a new 法定时限 in another unit cannot reinterpret it.
  const promised = fromFile('promised_days') ? parseDayLimit(cell('promised_days')) : { days: stored!.promisedDays, unit: stored!.limitUnit };
  if (isProblem(promised)) fail('promised_days', promised);
  else if (promised === null && cell('promised_days') !== '') fail('promised_days', { rule: 'days' }); // `无`: the limit is required
  const legalLimit = isProblem(legal) ? null : legal;
  const promisedLimit = isProblem(promised) ? null : promised;
  const legalUnit: LimitUnit | null = legalLimit ? (legalLimit.unit ?? 'workday') : null;
  // A bare promised number beside `60个自然日` is read in the legal limit's unit.
  const limitUnit: LimitUnit = promisedLimit?.unit ?? legalLimit?.unit ?? 'workday';
  if (legalLimit && promisedLimit && legalUnit === limitUnit && promisedLimit.days > legalLimit.days) {
    // Blame the column the file changed: a new 法定时限 below the stored 承诺时限 is the legal cell's fault.
    if (cells.promised_days === undefined && cells.legal_days !== undefined) {
      fail('legal_days', { rule: 'legal_under_promised', promised: promisedLimit.days });
    } else fail('promised_days', { rule: 'promised_over_legal', legal: legalLimit.days });
  }

  // Not stored (it follows from the limit), so only a 办件类型 the file gives is checked.
  const kind = parseKind(cell('kind'));
  if (isProblem(kind)) fail('kind', kind);
  else if (kind && promisedLimit) {
    const expected = kindOfLimit(promisedLimit.days);
    if (kind !== expected) fail('kind', { rule: 'kind_contradicts_limit', promised: promisedLimit.days });
  }

  let stages: Stage[] = fromFile('stages') ? defaultStages(promisedLimit?.days ?? 1) : stored!.stages;
  if (cell('stages') !== '') {
    const parsed = parseStageList(cell('stages'));
    if (isProblem(parsed)) fail('stages', parsed);
    else if (parsed.length > 0) stages = parsed;
  }

  let authorized: Stage[] = [...stages];
  let authorizationDeclared: boolean;
  if (fromFile('authorized')) {
    authorizationDeclared = cell('authorized') !== '';
    if (authorizationDeclared && !['全部', '完全授权', 'all'].includes(cell('authorized').toLowerCase())) {
      const parsed = parseStageList(cell('authorized'));
      if (isProblem(parsed)) fail('authorized', parsed);
      else {
        const foreign = parsed.filter((stage) => !stages.includes(stage));
        if (foreign.length > 0) fail('authorized', { rule: 'stage_not_in_item', foreign, stages });
        authorized = stages.filter((stage) => parsed.includes(stage));
      }
    }
  } else {
    // The stored authorization, over the stages as they will be. An undeclared one and
    // one covering every stage (what export writes as 全部) cover the new stages too; a
    // partial one must not name a stage the file takes away.
    authorizationDeclared = stored!.authorizationDeclared;
    if (authorizationDeclared && stored!.authorized.length < stored!.stages.length) {
      const dropped = stored!.authorized.filter((stage) => !stages.includes(stage));
      if (dropped.length > 0) fail('stages', { rule: 'drops_authorized_stage', dropped });
      authorized = stages.filter((stage) => stored!.authorized.includes(stage));
    }
  }

  const plainValues: unknown[] = [];
  let plainRefused = false;
  for (let index = 0; index < PLAIN_VALUES.length; index++) {
    const field = PLAIN_FIELDS[index]!;
    const value = fromFile(field) ? PLAIN_READS[index]!(cell(field)) : stored![PLAIN_VALUES[index]!];
    plainValues.push(value);
    if (isProblem(value)) {
      plainRefused = true;
      // A blank required cell was refused as required already.
      if (!(REQUIRED_ITEM_FIELDS.includes(field) && cell(field) === '')) fail(field, value);
    }
  }

  if (errors.length > 0 || plainRefused || !promisedLimit) {
    if (errors.length > 1) errors.sort((a, b) => FIELD_ORDER.get(a.field)! - FIELD_ORDER.get(b.field)!);
    return { errors };
  }
  const item: Omit<Item, PlainValueKey> = {
    code: cell('code'),
    legalDays: legalLimit?.days ?? null,
    legalUnit,
    promisedDays: promisedLimit.days,
    limitUnit,
    kind: kindOfLimit(promisedLimit.days),
    stages,
    authorized,
    authorizationDeclared,
  };
  // Assigned one by one, not spread from an object of them: an item built by spreading
  // one made parsing five times slower (measured on the 100,000-row catalog bench).
  const plain = item as Partial<Record<PlainValueKey, unknown>>;
  for (let index = 0; index < PLAIN_VALUES.length; index++) plain[PLAIN_VALUES[index]!] = plainValues[index];
  return { item: item as Item };
}

type CellWriter = (item: CatalogItem) => string;

/**
 * The export cells of the fields the row parser reads by hand, and of the window (by
 * its name), in the forms the parser reads back to the same item. Any other field is
 * written by its value's `write`, or as its plain text.
 */
const EXPORT_CELLS: Record<Exclude<ItemField, PlainField | 'code'>, CellWriter> & Partial<Record<ItemField, CellWriter>> = {
  legal_days: (item) => formatDayLimit(item.legalDays, item.legalUnit),
  promised_days: (item) => formatDayLimit(item.promisedDays, item.limitUnit),
  kind: (item) => KIND_NAMES[item.kind],
  window: (item) => item.windowName ?? '',
  stages: (item) => formatStages(item.stages),
  authorized: (item) => (!item.authorizationDeclared ? '' : item.authorized.length === item.stages.length ? '全部' : formatStages(item.authorized, '、')),
};

function plainCell(item: CatalogItem, field: ItemField): string {
  const key = FIELD_VALUES[field][0]!;
  const value = item[key];
  const { write } = valueSpec(key);
  if (write) return write(value);
  return value === null ? '' : String(value);
}

/** One exported row, in the forms `items import` reads back to the same item. */
export function exportRow(item: CatalogItem): string[] {
  return ITEM_FIELDS.map((field) => EXPORT_CELLS[field]?.(item) ?? plainCell(item, field));
}
