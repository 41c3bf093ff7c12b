/**
 * `hall items import` of a file that carries only some columns (SPEC §5): it updates
 * exactly the fields it has columns for, holds every rule between fields to the item as
 * it will be (its own cells over the stored values), and still needs every required
 * column for a code the catalog does not have.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseItemRow } from '../src/core/item-row.js';
import { ITEM_IMPORT_COLUMNS, type Item, type ItemField } from '../src/core/item-table.js';
import { openCsv } from '../src/io/csv-source.js';
import { type ImportFile, openImport } from '../src/io/import-pipeline.js';
import { importCatalog } from '../src/store/catalog-import.js';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

let db: string;
beforeEach(async () => {
  db = await freshDb();
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
});

function csv(lines: string[]): string {
  const path = join(tempDir(), 'partial.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function show(code: string) {
  return JSON.parse((await hall(db, ['items', 'show', code, '--format', 'json'])).stdout);
}

async function importJson(file: string, ...flags: string[]) {
  const result = await hall(db, ['items', 'import', file, '--format', 'json', ...flags]);
  return { ...result, json: result.code === 0 ? JSON.parse(result.stdout) : null };
}

describe('a file with only some columns', () => {
  const partial = fixture('catalog-partial-limits.csv');

  it('changes the promised limit and keeps every field it has no column for', async () => {
    const passport = await show('XK10003000');
    const child = await show('XK10001001');
    const result = await hall(db, ['items', 'import', partial]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('数据行 2：新增 0，更新 1（承诺时限），未变 1，拒绝 0');
    // Legal limit, window, fee and its basis, legal basis, stages, authorization, depth, visits, status: as stored.
    expect(await show('XK10003000')).toEqual({ ...passport, promised_days: 5 });
    expect(passport).toMatchObject({ legal_days: 15, window: 'W002', fee_fen: 12000, authorized: ['accept', 'deliver'], online_depth: 2 });
    expect(await show('XK10001001')).toEqual(child);
    expect(child.parent).toBe('XK10001000');
  });

  it('names the changed fields in JSON and in English', async () => {
    const preview = await importJson(partial, '--dry-run');
    expect(preview.json).toMatchObject({ rows: 2, inserted: 0, updated: 1, unchanged: 1, rejected: 0, updated_fields: { promised_days: 1 } });
    const english = await hall(db, ['--lang', 'en', 'items', 'import', partial]);
    expect(english.stdout).toContain('2 rows: inserted 0, updated 1 (promised limit), unchanged 1, rejected 0');
    expect((await importJson(partial)).json).toMatchObject({ updated: 0, unchanged: 2, updated_fields: {} });
  });

  it('--dry-run prints the same summary and writes nothing', async () => {
    const before = dump(db);
    const result = await hall(db, ['items', 'import', partial, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('试运行（--dry-run）：未写入任何数据');
    expect(result.stdout).toContain('数据行 2：新增 0，更新 1（承诺时限），未变 1，拒绝 0');
    expect(dump(db)).toBe(before);
  });

  it('clears a field whose column is present but blank, where SPEC §3.1 allows a blank', async () => {
    const file = csv(['事项编码,收费依据,上级事项编码', 'XK10003000,,', 'XK10001001,,']);
    expect((await hall(db, ['items', 'import', file, '--dry-run'])).stdout).toContain('更新 2（收费依据 1、上级事项编码 1）');
    expect((await importJson(file)).json.updated_fields).toEqual({ fee_basis: 1, parent: 1 });
    expect(await show('XK10003000')).toMatchObject({ fee_basis: '', fee_fen: 12000, legal_days: 15 });
    expect(await show('XK10001001')).toMatchObject({ parent: null, promised_days: 3, window: 'W001' });
  });

  it('refuses a present but blank required column, as a full file does', async () => {
    const before = dump(db);
    const result = await hall(db, ['items', 'import', csv(['事项编码,事项名称', 'XK10003000,'])]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('第 1 行（文件第 2 行），列 事项名称 = ""：必填项为空');
    expect(dump(db)).toBe(before);
  });

  it('refuses a new code when the file lacks a required column, naming the columns', async () => {
    const file = csv(['事项编码,承诺时限', 'XK10003000,5', 'XK10009000,3']);
    const before = dump(db);
    const refused = await hall(db, ['items', 'import', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('1 行无效，未写入任何数据');
    expect(refused.stderr).toContain('第 2 行（文件第 3 行），列 事项编码 = "XK10009000"：目录中没有此事项，新增事项需要列：事项名称、实施部门、事项类型');
    expect(dump(db)).toBe(before);
    const english = await hall(db, ['--lang', 'en', 'items', 'import', file]);
    expect(english.stderr).toContain('column 事项编码 = "XK10009000": not in the catalog; a new item needs the column(s) 事项名称, 实施部门, 事项类型');

    const rejects = join(tempDir(), 'rejects.csv');
    const { json } = await importJson(file, '--skip-invalid', '--rejects', rejects);
    expect(json).toMatchObject({ rows: 2, inserted: 0, updated: 1, rejected: 1, updated_fields: { promised_days: 1 } });
    expect((await show('XK10003000')).promised_days).toBe(5);
    expect(readFileSync(rejects, 'utf8')).toContain('XK10009000,3,事项编码：目录中没有此事项，新增事项需要列：事项名称、实施部门、事项类型');
  });

  it('still needs the code column in the header', async () => {
    const file = csv(['事项名称,承诺时限', '普通护照签发,5']);
    const result = await hall(db, ['items', 'import', file]);
    expect(result.stderr).toBe(`hall: 错误: ${file} 表头（文件第 1 行）缺少必需列：事项编码 / 实施编码 / code；未读取任何数据行\n`);
  });

  it('keeps --sync: items absent from the file are cancelled, present ones keep their other fields', async () => {
    const { json } = await importJson(fixture('catalog-partial-limits.csv'), '--sync');
    expect(json).toMatchObject({ updated: 1, cancelled: 6 });
    expect(await show('XK10003000')).toMatchObject({ status: 'active', promised_days: 5, window: 'W002' });
    expect((await show('XK10001000')).status).toBe('cancelled');
  });
});

describe('rules between fields hold for the item as it will be', () => {
  const refuses = async (lines: string[], message: string) => {
    const before = dump(db);
    const result = await hall(db, ['items', 'import', csv(lines)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(dump(db)).toBe(before);
  };

  it('a promised limit above the stored legal limit', async () => {
    await refuses(['事项编码,承诺时限', 'XK10003000,20'], '第 1 行（文件第 2 行），列 承诺时限 = "20"：承诺时限不能长于法定时限（15 日）');
  });

  it('a legal limit below the stored promised limit', async () => {
    await refuses(['事项编码,法定时限', 'XK10003000,5'], '列 法定时限 = "5"：法定时限不能短于该事项的承诺时限（7 日）');
  });

  it('a bare promised number is read in the stored legal unit', async () => {
    await refuses(['事项编码,承诺时限', 'XK10004000,40'], '列 承诺时限 = "40"：承诺时限不能长于法定时限（30 日）');
    expect((await importJson(csv(['事项编码,承诺时限', 'XK10004000,20']))).json.updated_fields).toEqual({ promised_days: 1 });
    expect(await show('XK10004000')).toMatchObject({ promised_days: 20, limit_unit: 'calendar', legal_days: 30, legal_unit: 'calendar' });
  });

  it('a 办件类型 contradicting the stored promised limit', async () => {
    await refuses(['事项编码,办件类型', 'XK10003000,即办件'], '列 办件类型 = "即办件"：与承诺时限 7 日矛盾');
  });

  it('new stages against the stored authorization', async () => {
    // 普通护照签发 authorizes 受理 and 送达 only: stages without 送达 would leave it authorized for nothing.
    await refuses(['事项编码,办理环节', 'XK10003000,受理>审查>审批'], '列 办理环节 = "受理>审查>审批"：去掉了已授权给窗口的环节 送达；请同时给出窗口授权列');
    // 个体工商户设立登记 is authorized for all (全部): the new stages are all authorized too.
    const { json } = await importJson(csv(['事项编码,办理环节', 'QT10002000,受理>审查>审批']));
    expect(json.updated_fields).toEqual({ stages: 1, authorized: 1 });
    expect(await show('QT10002000')).toMatchObject({
      stages: ['accept', 'review', 'decide'],
      authorized: ['accept', 'review', 'decide'],
      fully_authorized: true,
    });
  });

  it('a parent cycle through a stored parent', async () => {
    await refuses(['事项编码,上级事项编码', 'XK10001000,XK10001001'], '上级事项编码形成循环：XK10001000 → XK10001001 → XK10001000');
  });
});

describe('an item changed by another import after the rows were merged', () => {
  it('is merged and validated again under the write lock', async () => {
    const path = join(tempDir(), 'limits.csv');
    writeFileSync(path, '事项编码,承诺时限\nXK10003000,12\n');
    const opened = await openImport(openCsv(path), ITEM_IMPORT_COLUMNS);
    // Another connection lowers the legal limit once every row is staged, before the write.
    const source: ImportFile<ItemField> = {
      file: opened.file,
      header: opened.header,
      get rows() {
        return opened.rows;
      },
      async *batches() {
        yield* opened.batches();
        const other = new BetterSqlite3(db);
        other.prepare("UPDATE items SET legal_days = 10 WHERE code = 'XK10003000'").run();
        other.close();
      },
    };
    const connection = new BetterSqlite3(db);
    try {
      await expect(importCatalog(connection, source, { now: '2025-10-09T09:30:00+08:00' })).rejects.toMatchObject({
        rows: [{ column: '承诺时限', value: '12', problem: { rule: 'promised_over_legal', legal: 10 } }],
      });
    } finally {
      connection.close();
    }
  });
});

describe('the row parser merges a row with the stored item', () => {
  const stored: Item = {
    code: 'XK1',
    name: '普通护照签发',
    department: '公安局',
    type: '行政许可',
    legalDays: 15,
    legalUnit: 'workday',
    promisedDays: 7,
    limitUnit: 'workday',
    kind: 'promised',
    feeFen: 12000,
    feeBasis: '发改价格〔2017〕1186号',
    legalBasis: '《中华人民共和国护照法》第五条',
    window: 'W002',
    stages: ['accept', 'review', 'decide', 'certify', 'deliver'],
    authorized: ['accept', 'deliver'],
    authorizationDeclared: true,
    onlineDepth: 2,
    visits: 1,
    status: 'active',
    parent: null,
  };

  it('keeps what the row has no cell for', () => {
    expect(parseItemRow({ code: 'XK1', promised_days: '5' }, stored)).toEqual({ item: { ...stored, promisedDays: 5 } });
  });

  it('gives a blank cell its blank meaning', () => {
    const parsed = parseItemRow({ code: 'XK1', fee: '', window: '', legal_days: '无', stages: '', authorized: '' }, stored);
    expect(parsed).toEqual({
      item: {
        ...stored,
        feeFen: 0,
        window: null,
        legalDays: null,
        legalUnit: null,
        stages: ['accept', 'review', 'decide', 'deliver'],
        authorized: ['accept', 'review', 'decide', 'deliver'],
        authorizationDeclared: false,
      },
    });
  });

  it('refuses a new item without the required cells, naming their columns once', () => {
    expect(parseItemRow({ code: 'XK2', promised_days: '5', fee: '-1' })).toEqual({
      errors: [
        { field: 'code', value: 'XK2', problem: { rule: 'new_item_needs', columns: ['事项名称', '实施部门', '事项类型'] } },
        { field: 'fee', value: '-1', problem: { rule: 'fee_negative' } },
      ],
    });
  });

  it('refuses 无 as a promised limit instead of dropping the row without a reason', () => {
    expect(parseItemRow({ code: 'XK1', promised_days: '无' }, stored)).toEqual({
      errors: [{ field: 'promised_days', value: '无', problem: { rule: 'days' } }],
    });
  });
});
