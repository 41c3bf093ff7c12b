/**
 * The item catalog's column table is the one place a column is named: the export's
 * header, the import's staging columns, the items table's columns and the JSON keys
 * all come from it, and every field of it goes out through export and comes back
 * through import unchanged.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  EXPORT_HEADER,
  ITEM_FIELDS,
  ITEM_HEADERS,
  ITEM_IMPORT_COLUMNS,
  ITEM_VALUE_KEYS,
  ITEM_VALUES,
  type ItemField,
  itemFieldForHeader,
  jsonKey,
} from '../src/core/item-table.js';
import { openCsv } from '../src/io/csv-source.js';
import { openImport } from '../src/io/import-pipeline.js';
import { importCatalog } from '../src/store/catalog-import.js';
import { itemColumn, WRITTEN_VALUES } from '../src/store/item-columns.js';
import { freshDb, hall, tempDir } from './helpers.js';

/**
 * A cell for every field, none of them its blank default, so that a field export or
 * import dropped would show. A field added to the table needs one here.
 */
const EVERY_FIELD: Record<ItemField, string> = {
  code: 'XK90000001',
  name: '全字段测试事项',
  department: '测试局',
  type: '行政确认',
  legal_days: '30个自然日',
  promised_days: '12个自然日',
  kind: '承诺件',
  fee: '12.5',
  fee_basis: '测试收费依据',
  legal_basis: '测试设定依据',
  window: 'T01',
  stages: '受理>现场勘察>审批>制证',
  authorized: '受理、现场勘察',
  online_depth: '3',
  visits: '2',
  status: '暂停',
  parent: 'XK90000000',
};

function csvFile(lines: string[]): string {
  const path = join(tempDir(), 'every-field.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('the item column table', () => {
  it('heads the export with the first header of every field, which import maps back to that field', () => {
    expect(EXPORT_HEADER).toEqual(ITEM_FIELDS.map((field) => ITEM_HEADERS[field][0]));
    expect(EXPORT_HEADER.map(itemFieldForHeader)).toEqual(ITEM_FIELDS);
    for (const field of ITEM_FIELDS) for (const header of ITEM_HEADERS[field]) expect(itemFieldForHeader(header)).toBe(field);
  });

  it('names every column of the items table, as the migrations made it', async () => {
    const db = new BetterSqlite3(await freshDb(), { readonly: true });
    try {
      const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('items') as string[]).filter(
        (name) => name !== 'id' && name !== 'updated_at',
      );
      expect(['code', ...WRITTEN_VALUES.map(itemColumn)].sort()).toEqual(columns.sort());
    } finally {
      db.close();
    }
  });

  it('gives the JSON of list, show and export its keys, in its order', async () => {
    const db = await freshDb();
    const parent = ['事项编码,事项名称,实施部门,事项类型,承诺时限', 'XK90000000,上级事项,测试局,行政确认,5'];
    expect((await hall(db, ['items', 'import', csvFile(parent)])).code).toBe(0);
    const keys = ITEM_VALUE_KEYS.map(jsonKey);
    const shown = JSON.parse((await hall(db, ['items', 'show', 'XK90000000', '--format', 'json'])).stdout);
    expect(Object.keys(shown)).toEqual(keys);
    const [listed] = JSON.parse((await hall(db, ['items', 'list', '--format', 'json'])).stdout);
    expect(Object.keys(listed)).toEqual(keys);
    const [exported] = JSON.parse((await hall(db, ['items', 'export', '--format', 'json'])).stdout);
    expect(Object.keys(exported)).toEqual(keys);
  });

  it('stages every value it writes, each under its key', async () => {
    const db = await freshDb();
    const file = csvFile([EXPORT_HEADER.join(','), ITEM_FIELDS.map((field) => EVERY_FIELD[field]).join(',')]);
    // The staging table is a TEMP table of the importing connection: read it on that one.
    const connection = new BetterSqlite3(db);
    try {
      await importCatalog(connection, await openImport(openCsv(file), ITEM_IMPORT_COLUMNS), {
        now: '2025-10-09T09:30:00+08:00',
        dryRun: true,
        skipInvalid: true,
      });
      const staged = connection.prepare('SELECT name FROM pragma_table_info(?, ?)').pluck().all('item_import', 'temp') as string[];
      for (const key of WRITTEN_VALUES) expect(staged).toContain(key);
    } finally {
      connection.close();
    }
  });

  it('takes every field out through export and back through import unchanged', async () => {
    const first = await freshDb();
    const parent = ['事项编码,事项名称,实施部门,事项类型,承诺时限', 'XK90000000,上级事项,测试局,行政确认,5'];
    expect((await hall(first, ['items', 'import', csvFile(parent)])).code).toBe(0);
    const every = csvFile([EXPORT_HEADER.join(','), ITEM_FIELDS.map((field) => EVERY_FIELD[field]).join(',')]);
    expect((await hall(first, ['items', 'import', every])).code).toBe(0);
    const item = JSON.parse((await hall(first, ['items', 'show', EVERY_FIELD.code, '--format', 'json'])).stdout);
    // Every value the file gave is kept, none left at its blank meaning.
    for (const key of ITEM_VALUE_KEYS) expect(item[jsonKey(key)], key).not.toBeNull();
    expect(item).toMatchObject({ legal_unit: 'calendar', limit_unit: 'calendar', fee_fen: 1250, authorized: ['accept', 'inspect'], status: 'suspended' });

    const exported = join(tempDir(), 'export.csv');
    expect((await hall(first, ['items', 'export', '--out', exported])).code).toBe(0);
    const second = await freshDb();
    // The window exists under the code the first import gave it.
    expect((await hall(second, ['items', 'import', exported])).code).toBe(0);
    const back = JSON.parse((await hall(second, ['items', 'show', EVERY_FIELD.code, '--format', 'json'])).stdout);
    expect(back).toEqual(item);
    const again = join(tempDir(), 'again.csv');
    expect((await hall(second, ['items', 'export', '--out', again])).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(exported, 'utf8'));
    // And an import of the export into the first catalog changes nothing.
    expect((await hall(first, ['items', 'import', exported, '--format', 'json'])).stdout).toContain('"updated": 0');
  });

  it('keeps each value under the field that decides it', () => {
    for (const key of ITEM_VALUE_KEYS) expect(ITEM_FIELDS).toContain(ITEM_VALUES[key].field);
  });
});
