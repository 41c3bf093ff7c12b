/**
 * The item catalog's column table (SPEC §3.1), where each column is named once: the
 * fields a catalog file can carry, and the values an item keeps. The import's header
 * mapping and staging, the store's select and writes, the export's header and cells,
 * the JSON keys and the summary's words are all derived from these two tables.
 *
 * A field is a column of the file (`收费标准`); a value is what an item keeps (the fee
 * in fen). Most fields decide one value; 法定时限 decides a limit and its unit, a window
 * is kept by id and read back with its name, and the kind and the full authorization
 * are derived, never stored.
 */
import type { LimitUnit } from './calendar.js';
import {
  formatFeeYuan,
  type ItemKind,
  type ItemStatus,
  type ItemType,
  isFullyAuthorized,
  kindOfLimit,
  parseFeeFen,
  parseItemType,
  parseSmallInt,
  parseStatus,
  STATUS_NAMES,
  type Stage,
} from './catalog.js';
import { headerKey, headerLookup, type ImportColumns } from './columns.js';
import type { Problem } from './problems.js';

interface FieldSpec {
  /** Accepted headers, the Chinese one export writes first. */
  readonly headers: readonly [string, ...string[]];
  /** The field in English where a message names it (in Chinese it goes by its first header). */
  readonly en: string;
  /** A new item cannot do without it; an update may leave it out. */
  readonly required?: true;
  /** A file with this other column rewrites this field's values too, as they are a part of that one. */
  readonly follows?: string;
}

export const ITEM_FIELD_TABLE = {
  code: { headers: ['事项编码', '实施编码', 'code'], en: 'code', required: true },
  name: { headers: ['事项名称', 'name'], en: 'name', required: true },
  department: { headers: ['实施部门', '实施主体', '部门', 'department'], en: 'department', required: true },
  type: { headers: ['事项类型', 'type'], en: 'type', required: true },
  legal_days: { headers: ['法定时限', '法定办结时限', 'legal_days'], en: 'legal limit' },
  promised_days: { headers: ['承诺时限', '承诺办结时限', 'promised_days'], en: 'promised limit', required: true },
  kind: { headers: ['办件类型', 'kind'], en: 'kind' },
  fee: { headers: ['收费标准', 'fee'], en: 'fee' },
  fee_basis: { headers: ['收费依据', 'fee_basis'], en: 'fee basis' },
  legal_basis: { headers: ['设定依据', 'legal_basis'], en: 'legal basis' },
  window: { headers: ['进驻窗口', '受理窗口', 'window'], en: 'window' },
  stages: { headers: ['办理环节', 'stages'], en: 'stages' },
  // An authorization is a subset of the stages (SPEC §3.1), so new stages reshape it.
  authorized: { headers: ['窗口授权', 'authorized'], en: 'authorization', follows: 'stages' },
  online_depth: { headers: ['网上办理深度', 'online_depth'], en: 'online depth' },
  visits: { headers: ['到办事现场次数', '跑动次数', 'visits'], en: 'visits' },
  status: { headers: ['状态', 'status'], en: 'status' },
  parent: { headers: ['上级事项编码', 'parent'], en: 'parent' },
} as const satisfies Record<string, FieldSpec>;

export type ItemField = keyof typeof ITEM_FIELD_TABLE;

/** One catalog item as a row of a file makes it (merged with the stored item of its code). */
export interface Item {
  code: string;
  name: string;
  department: string;
  type: ItemType;
  legalDays: number | null;
  legalUnit: LimitUnit | null;
  promisedDays: number;
  limitUnit: LimitUnit;
  kind: ItemKind;
  feeFen: number;
  feeBasis: string;
  legalBasis: string;
  /** Window code or name as given; null = not entered in the hall (未进驻). */
  window: string | null;
  stages: Stage[];
  authorized: Stage[];
  authorizationDeclared: boolean;
  onlineDepth: number | null;
  visits: number | null;
  status: ItemStatus;
  parent: string | null;
}

/** An item as the catalog holds it: its window by code, beside the window's name. */
export interface CatalogItem extends Item {
  windowName: string | null;
  fullyAuthorized: boolean;
}

/**
 * How the items table keeps a value: the upsert's key, a column of its own, a JSON list
 * of stages, a 0/1 flag, or the id of the department (named by name) or the window
 * (named by code or name). A `window_name` is read beside its window; a `derived`
 * value follows from the others. Neither is written.
 */
export type ItemStorage = 'key' | 'text' | 'integer' | 'stages' | 'flag' | 'department' | 'window' | 'window_name' | 'derived';

interface ValueSpec<T> {
  readonly field: ItemField;
  /** Its JSON key, and the name of its column, when not the field's name. */
  readonly json?: string;
  /** Its column in the items table, when not its JSON key. */
  readonly column?: string;
  readonly storage: ItemStorage;
  /** A value read from its own cell alone: the cell's rule. The row parser reads the others. */
  read?(cell: string): T | Problem;
  /** How export writes it, when not as its plain text. */
  write?(value: T): string;
  derive?(item: Item): T;
  /** The item list in CSV has it as a column: its Chinese title (true: the field's first header). */
  readonly listed?: true | string;
}

const words = (cell: string) => cell;
/** Blank means none: an item not in the hall, an item without a parent. */
const wordsOrNone = (cell: string) => cell || null;

/** Every value of an item, in the order of its JSON. */
export const ITEM_VALUES = {
  code: { field: 'code', storage: 'key', listed: true },
  name: { field: 'name', storage: 'text', read: words, listed: true },
  department: { field: 'department', column: 'department_id', storage: 'department', read: words, listed: true },
  type: { field: 'type', storage: 'text', read: parseItemType, listed: true },
  legalDays: { field: 'legal_days', storage: 'integer', listed: true },
  legalUnit: { field: 'legal_days', json: 'legal_unit', storage: 'text', listed: '法定时限单位' },
  promisedDays: { field: 'promised_days', storage: 'integer', listed: true },
  limitUnit: { field: 'promised_days', json: 'limit_unit', storage: 'text', listed: '承诺时限单位' },
  kind: { field: 'kind', storage: 'derived', derive: (item) => kindOfLimit(item.promisedDays), listed: true },
  feeFen: { field: 'fee', json: 'fee_fen', storage: 'integer', read: parseFeeFen, write: formatFeeYuan, listed: '收费(分)' },
  feeBasis: { field: 'fee_basis', storage: 'text', read: words },
  legalBasis: { field: 'legal_basis', storage: 'text', read: words },
  window: { field: 'window', column: 'window_id', storage: 'window', read: wordsOrNone, listed: true },
  windowName: { field: 'window', json: 'window_name', storage: 'window_name' },
  stages: { field: 'stages', storage: 'stages' },
  authorized: { field: 'authorized', storage: 'stages' },
  authorizationDeclared: { field: 'authorized', json: 'authorization_declared', storage: 'flag' },
  fullyAuthorized: { field: 'authorized', json: 'fully_authorized', storage: 'derived', derive: (item) => isFullyAuthorized(item.stages, item.authorized) },
  onlineDepth: { field: 'online_depth', storage: 'integer', read: (cell) => parseSmallInt(cell, 1, 4) },
  visits: { field: 'visits', storage: 'integer', read: (cell) => parseSmallInt(cell, 0, 2) },
  status: { field: 'status', storage: 'text', read: parseStatus, write: (status) => STATUS_NAMES[status], listed: true },
  parent: { field: 'parent', column: 'parent_code', storage: 'text', read: wordsOrNone, listed: true },
} as const satisfies { [K in keyof CatalogItem]: ValueSpec<CatalogItem[K]> };

type Values = typeof ITEM_VALUES;
export type ItemValueKey = keyof Values;

/** The values read from their own cell, and the fields they are read from. */
export type PlainValueKey = { [K in ItemValueKey]: Values[K] extends { read: unknown } ? K : never }[ItemValueKey];
export type PlainField = Values[PlainValueKey]['field'];

export type ItemJsonKey<K extends ItemValueKey> = Values[K] extends { json: infer J extends string } ? J : Values[K]['field'];

/** An item in its JSON form (SPEC §3.1), the form list and show print. */
export type ItemView = { [K in ItemValueKey as ItemJsonKey<K>]: CatalogItem[K] };

/** A field no value keeps would be read from the file and dropped. */
type UnkeptField = Exclude<ItemField, Values[ItemValueKey]['field']>;
const everyFieldIsKept: [UnkeptField] extends [never] ? true : UnkeptField = true;
void everyFieldIsKept;

export const ITEM_FIELDS = Object.keys(ITEM_FIELD_TABLE) as ItemField[];
export const ITEM_VALUE_KEYS = Object.keys(ITEM_VALUES) as ItemValueKey[];

/** A value's spec, for code that handles every value alike. */
export function valueSpec(key: ItemValueKey): ValueSpec<unknown> {
  return ITEM_VALUES[key] as ValueSpec<unknown>;
}

export function jsonKey(key: ItemValueKey): string {
  const spec = valueSpec(key);
  return spec.json ?? spec.field;
}

function byField<T>(value: (field: ItemField) => T): Record<ItemField, T> {
  return Object.fromEntries(ITEM_FIELDS.map((field) => [field, value(field)])) as Record<ItemField, T>;
}

/** The values each field decides, in table order. */
export const FIELD_VALUES = byField((field) => ITEM_VALUE_KEYS.filter((key) => ITEM_VALUES[key].field === field));

/** Accepted headers per field, the Chinese one used on export first. */
export const ITEM_HEADERS = byField((field): readonly string[] => ITEM_FIELD_TABLE[field].headers);

/** What a new item cannot do without (SPEC §3.1). */
export const REQUIRED_ITEM_FIELDS: readonly ItemField[] = ITEM_FIELDS.filter((field) => (ITEM_FIELD_TABLE[field] as FieldSpec).required);

/** The field another field's values follow, if any. */
export function followedField(field: ItemField): ItemField | undefined {
  return (ITEM_FIELD_TABLE[field] as FieldSpec).follows as ItemField | undefined;
}

/**
 * The item import's columns (SPEC §3.1, §5). Only the code is required in the header: a
 * file may carry just the columns it updates (`事项编码,承诺时限`), and whether it needs
 * the other required columns depends on each row's code being new, which is known only
 * row by row (`new_item_needs`).
 */
export const ITEM_IMPORT_COLUMNS: ImportColumns<ItemField> = {
  fields: ITEM_FIELDS,
  headers: ITEM_HEADERS,
  required: ['code'],
  // 实施编码 run to 20 and more characters; a window is named by its code.
  identifiers: ['code', 'parent', 'window'],
};

const HEADER_LOOKUP = headerLookup(ITEM_IMPORT_COLUMNS);

export function itemFieldForHeader(header: string): ItemField | undefined {
  return HEADER_LOOKUP.get(headerKey(header));
}

/** The export columns: the first Chinese header of every field, which import reads back. */
export const EXPORT_HEADER: readonly string[] = ITEM_FIELDS.map((field) => ITEM_HEADERS[field][0]!);

/** An item in its JSON form. */
export function itemView(item: CatalogItem): ItemView {
  const view: Record<string, unknown> = {};
  for (const key of ITEM_VALUE_KEYS) view[jsonKey(key)] = item[key];
  return view as ItemView;
}

/** The values the item list writes in CSV, by JSON key, with their Chinese titles. */
export const LISTED_VALUES: readonly { key: string; zh: string }[] = ITEM_VALUE_KEYS.flatMap((key) => {
  const { listed, field } = valueSpec(key);
  return listed ? [{ key: jsonKey(key), zh: listed === true ? ITEM_HEADERS[field][0]! : listed }] : [];
});
