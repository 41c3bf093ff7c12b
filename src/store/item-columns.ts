/**
 * The items table's SQL, derived from the column table (`core/item-table.ts`) once, when
 * the module loads: the select that reads an item back, and the columns the import
 * stages and writes. In SQL a value goes by its key (`promisedDays`), in the items table
 * by its column.
 */
import {
  type CatalogItem,
  FIELD_VALUES,
  followedField,
  ITEM_VALUE_KEYS,
  type ITEM_VALUES,
  type Item,
  type ItemField,
  type ItemJsonKey,
  type ItemStorage,
  type ItemValueKey,
  jsonKey,
  valueSpec,
} from '../core/item-table.js';

type Values = typeof ITEM_VALUES;
type StoredKey = { [K in ItemValueKey]: Values[K]['storage'] extends 'window_name' | 'derived' ? never : K }[ItemValueKey];
type ColumnOf<K extends StoredKey> = Values[K] extends { column: infer C extends string } ? C : ItemJsonKey<K>;
type ColumnValue<K extends StoredKey> = Values[K]['storage'] extends 'stages'
  ? string
  : Values[K]['storage'] extends 'flag' | 'department'
    ? number
    : Values[K]['storage'] extends 'window'
      ? number | null
      : CatalogItem[K];

/** A row of the items table as `SELECT *` reads it: stage lists as JSON, flags as 0/1, references by id. */
export type ItemRow = { id: number; updated_at: string } & { [K in StoredKey as ColumnOf<K>]: ColumnValue<K> };

function storageOf(key: ItemValueKey): ItemStorage {
  return valueSpec(key).storage;
}

/** A value's column in the items table. */
export function itemColumn(key: ItemValueKey): string {
  return valueSpec(key).column ?? jsonKey(key);
}

const WRITTEN_STORAGE: ReadonlySet<ItemStorage> = new Set(['text', 'integer', 'stages', 'flag', 'department', 'window']);

/** The values an import writes: every value with a column but the code, the key it upserts by. */
export const WRITTEN_VALUES: readonly ItemValueKey[] = ITEM_VALUE_KEYS.filter((key) => WRITTEN_STORAGE.has(storageOf(key)));

/** The values a field of the file writes (办件类型 writes none: it follows from the limit). */
export function writtenBy(field: ItemField): ItemValueKey[] {
  return FIELD_VALUES[field].filter((key) => WRITTEN_STORAGE.has(storageOf(key)));
}

function selected(key: ItemValueKey): string | null {
  switch (storageOf(key)) {
    case 'department':
      return `d.name AS ${key}`;
    case 'window':
      return `w.code AS ${key}`;
    case 'window_name':
      return `w.name AS ${key}`;
    case 'derived':
      return null;
    default:
      return `i.${itemColumn(key)} AS ${key}`;
  }
}

function selectOf(keys: readonly ItemValueKey[]): string {
  return `
  SELECT ${keys.flatMap((key) => selected(key) ?? []).join(', ')}
    FROM items i
    JOIN departments d ON d.id = i.department_id
    LEFT JOIN windows w ON w.id = i.window_id`;
}

/** Every stored value of an item under its key, its department by name and its window by code and name. */
export const ITEM_SELECT = selectOf(ITEM_VALUE_KEYS);

/** The stored item an imported row is merged with: its window by code alone, the way a file names it. */
export const MERGED_ITEM_SELECT = selectOf(ITEM_VALUE_KEYS.filter((key) => storageOf(key) !== 'window_name'));

const STAGE_LISTS = ITEM_VALUE_KEYS.filter((key) => storageOf(key) === 'stages');
const FLAGS = ITEM_VALUE_KEYS.filter((key) => storageOf(key) === 'flag');
const DERIVED = ITEM_VALUE_KEYS.filter((key) => storageOf(key) === 'derived');

/** A row of `ITEM_SELECT` as the item it holds (the row object becomes the item). */
export function readItem(row: object): CatalogItem {
  return readMergedItem(row) as CatalogItem;
}

/** A row of `MERGED_ITEM_SELECT` as the item it holds. */
export function readMergedItem(row: object): Item {
  const values = row as Record<string, unknown>;
  for (const key of STAGE_LISTS) values[key] = JSON.parse(values[key] as string);
  for (const key of FLAGS) values[key] = values[key] === 1;
  for (const key of DERIVED) values[key] = valueSpec(key).derive!(values as unknown as Item);
  return values as unknown as Item;
}

export type SqlValue = string | number | null;

function encoded(storage: ItemStorage, value: unknown): SqlValue {
  if (storage === 'stages') return JSON.stringify(value);
  if (storage === 'flag') return value ? 1 : 0;
  return value as SqlValue;
}

const WRITTEN_STORAGE_OF = WRITTEN_VALUES.map(storageOf);

/**
 * Puts an item's written values, as the staging table holds them, into `row` from `at`
 * on, in `WRITTEN_VALUES` order: the import binds a row's values positionally, with no
 * object per row.
 */
export function putStagedValues(item: Item, row: SqlValue[], at: number): void {
  const values = item as unknown as Record<ItemValueKey, unknown>;
  for (let index = 0; index < WRITTEN_VALUES.length; index++) row[at + index] = encoded(WRITTEN_STORAGE_OF[index]!, values[WRITTEN_VALUES[index]!]);
}

/**
 * The values another field reshapes (an authorization follows the stages): the staging
 * table keeps them as stored too, in `base_` columns, to tell later whether the stored
 * item changed since it was read.
 */
export const BASE_VALUES: readonly ItemValueKey[] = WRITTEN_VALUES.filter((key) => followedField(valueSpec(key).field) !== undefined);

export function baseColumn(key: ItemValueKey): string {
  return `base_${key}`;
}

/** Puts the stored item's reshaped values into `row` from `at` on, in `BASE_VALUES` order; nulls for a new item. */
export function putBaseValues(stored: Item | null | undefined, row: SqlValue[], at: number): void {
  const values = stored as unknown as Record<ItemValueKey, unknown> | null | undefined;
  for (let index = 0; index < BASE_VALUES.length; index++) {
    const key = BASE_VALUES[index]!;
    row[at + index] = values ? encoded(storageOf(key), values[key]) : null;
  }
}

/** The staging table's value columns and their types; a department is staged by name, a window by the reference the file gave. */
export const STAGED_COLUMNS_SQL = [
  ...BASE_VALUES.map((key) => `${baseColumn(key)} ${columnType(key)}`),
  ...WRITTEN_VALUES.map((key) => `${key} ${columnType(key)}`),
].join(', ');

function columnType(key: ItemValueKey): 'INTEGER' | 'TEXT' {
  const storage = storageOf(key);
  return storage === 'integer' || storage === 'flag' ? 'INTEGER' : 'TEXT';
}

/**
 * The staged references resolved to ids, named as the items table names them. A
 * window is named as findWindow (store/organisation.ts) takes it: by its code, else an
 * old code merged into it, else its name, which is unique (migration 8).
 */
export const RESOLVED_REFERENCES_SQL = WRITTEN_VALUES.flatMap((key) => {
  switch (storageOf(key)) {
    case 'department':
      return [`(SELECT id FROM departments WHERE name = s.${key}) AS ${itemColumn(key)}`];
    case 'window':
      return [
        `CASE WHEN s.${key} IS NOT NULL
              THEN coalesce((SELECT id FROM windows WHERE code = s.${key}), (SELECT window_id FROM window_aliases WHERE code = s.${key}),
                            (SELECT id FROM windows WHERE name = s.${key}),
                            (SELECT window_id FROM window_aliases WHERE name = s.${key} ORDER BY merged_at DESC LIMIT 1))
         END AS ${itemColumn(key)}`,
      ];
    default:
      return [];
  }
}).join(',\n             ');

/** A written value in the view of ready rows: a reference by its resolved id's column, any other by its key. */
export function readyColumn(key: ItemValueKey): string {
  const storage = storageOf(key);
  return storage === 'department' || storage === 'window' ? itemColumn(key) : key;
}

/**
 * Whether a staged field (`s`) still holds what the items table (`i`) holds. A reshaped
 * field compares the stored values as read; a reference compares by what the file names.
 */
export function stillStoredSql(field: ItemField): string | null {
  const keys = writtenBy(field);
  if (keys.length === 0) return null;
  const reshaped = followedField(field) !== undefined;
  return keys
    .map((key) => {
      const staged = reshaped ? `s.${baseColumn(key)}` : `s.${key}`;
      const stored = `i.${itemColumn(key)}`;
      switch (storageOf(key)) {
        case 'department':
          return `${staged} IS (SELECT name FROM departments WHERE id = ${stored})`;
        case 'window':
          return `${staged} IS (SELECT code FROM windows WHERE id = ${stored})`;
        default:
          return `${staged} IS ${stored}`;
      }
    })
    .join(' AND ');
}
