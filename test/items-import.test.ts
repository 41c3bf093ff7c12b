/** `hall items import|list|show|export|check` in-process on a temp database: every import rule and error of SPEC §5. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ITEM_IMPORT_COLUMNS } from '../src/core/item-table.js';
import { openCsv } from '../src/io/csv-source.js';
import { openImport } from '../src/io/import-pipeline.js';
import { importCatalog } from '../src/store/catalog-import.js';
import { dump, fixture, freshDb, hall, SHARED, tempDir } from './helpers.js';

const sample = join(SHARED, 'data', 'catalog-sample.gb18030.csv');

async function importJson(db: string, file: string, ...flags: string[]) {
  const result = await hall(db, ['items', 'import', file, '--format', 'json', ...flags]);
  return { ...result, json: result.code === 0 ? JSON.parse(result.stdout) : null };
}

describe('importing the shared 48-item catalog', () => {
  it.runIf(existsSync(sample))('imports every row cleanly and prints the summary', async () => {
    const db = await freshDb();
    const result = await hall(db, ['items', 'import', sample]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('数据行 48：新增 48，更新 0，未变 0，拒绝 0');
    expect(result.stdout).toContain('新建部门 15 个');
    const items = JSON.parse((await hall(db, ['items', 'list', '--format', 'json'])).stdout);
    expect(items).toHaveLength(48);
    const byCode = Object.fromEntries(items.map((item: { code: string }) => [item.code, item]));
    expect(byCode.XK00101003).toMatchObject({ legal_days: 20, promised_days: 5, kind: 'promised' }); // 二十
    expect(byCode.XK00101002).toMatchObject({ type: '行政许可', promised_days: 3, parent: 'XK00101000' }); // 01, ３
    expect(byCode.XK00301000).toMatchObject({ fee_fen: 12000, authorized: ['accept', 'deliver'], fully_authorized: false });
    expect(byCode.XK00601000).toMatchObject({ legal_days: 60, promised_days: 30, limit_unit: 'calendar' });
    expect(byCode.QR00303000).toMatchObject({ promised_days: 0, kind: 'immediate', legal_days: null });
    expect(byCode.JF00702000).toMatchObject({ type: '行政给付' });
    expect(byCode.XK01401000).toMatchObject({ window: null, authorization_declared: false });
    expect(byCode.XK01402000.status).toBe('suspended');
    expect(byCode.XK00306000.status).toBe('cancelled');
    expect(byCode.XK00201000.legal_basis).toContain('\n'); // the quoted multi-line cell
  });
});

describe('encodings and shapes', () => {
  it('reads a GB18030 file with full-width digits, Chinese numerals and blank Excel rows', async () => {
    const db = await freshDb();
    const { json } = await importJson(db, fixture('catalog-gb18030.csv'));
    expect(json).toMatchObject({ rows: 8, inserted: 8, rejected: 0, encoding: 'gb18030' });
    expect(json.created_windows).toEqual([
      { code: 'W001', name: '市场监管窗口' },
      { code: 'W002', name: '出入境窗口' },
      { code: 'W003', name: '生态环境窗口' },
      { code: 'W004', name: '人社窗口' },
    ]);
    const item = JSON.parse((await hall(db, ['items', 'show', 'XK10001001', '--format', 'json'])).stdout);
    expect(item).toMatchObject({ name: '食品经营许可（新办）', legal_days: 20, promised_days: 3, online_depth: 4, window: 'W001', parent: 'XK10001000' });
    const employment = JSON.parse((await hall(db, ['items', 'show', 'GG10005000', '--format', 'json'])).stdout);
    expect(employment).toMatchObject({ type: '公共服务', promised_days: 0, kind: 'immediate', stages: ['accept', 'decide'] });
  });

  it('reads UTF-8 with a BOM and English headers, warning once about an unknown column', async () => {
    const db = await freshDb();
    const result = await importJson(db, fixture('catalog-utf8-bom.csv'));
    expect(result.json).toMatchObject({ inserted: 2, encoding: 'utf-8-bom' });
    expect(result.stderr).toBe('hall: 警告: 忽略未知列"remark"\n');
  });

  it("reads Excel's UTF-16LE tab-delimited Unicode text", async () => {
    const db = await freshDb();
    const { json } = await importJson(db, fixture('catalog-utf16le.txt'));
    expect(json).toMatchObject({ inserted: 2, encoding: 'utf-16le' });
  });

  it('honours --encoding utf8 by refusing GB18030 bytes with the offset', async () => {
    const db = await freshDb();
    const result = await hall(db, ['items', 'import', fixture('catalog-gb18030.csv'), '--encoding', 'utf8']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/无法解码：按 UTF-8 在字节偏移 \d+（第 1 行）处无效/);
  });
});

describe('bad input: exit 1, a message naming row, line, column, value and reason, and nothing written', () => {
  const cases: [string, string, string[]][] = [
    // Only the code is required in the header (a file may update some columns); a new code needs them all.
    [
      'errors/missing-column.csv',
      'a new item in a file without a required column',
      ['第 1 行（文件第 2 行），列 事项编码 = "XK50001000"：目录中没有此事项，新增事项需要列：承诺时限'],
    ],
    [
      'errors/duplicate-code.csv',
      'a duplicate code',
      ['第 3 行（文件第 4 行），列 事项编码 = "XK50001000"：文件中的事项编码重复，首次出现在第 1 行（文件第 2 行）'],
    ],
    ['errors/promised-over-legal.csv', 'promised longer than legal', ['第 2 行（文件第 3 行），列 承诺时限 = "10个工作日"：承诺时限不能长于法定时限（7 日）']],
    ['errors/unknown-type.csv', 'an unknown type', ['第 1 行（文件第 2 行），列 事项类型 = "行政审批"：未知的事项类型']],
    ['errors/negative-fee.csv', 'a negative fee', ['第 1 行（文件第 2 行），列 收费标准 = "-120元"：收费不能为负数']],
    ['errors/non-numeric-fee.csv', 'a non-numeric fee', ['第 1 行（文件第 2 行），列 收费标准 = "按标准收取"：应为金额（元）']],
    ['errors/text-days.csv', 'text where days belong', ['第 1 行（文件第 2 行），列 法定时限 = "视情况而定"：应为天数']],
    ['errors/kind-contradiction.csv', 'a 办件类型 contradicting the limit', ['第 1 行（文件第 2 行），列 办件类型 = "即办件"：与承诺时限 5 日矛盾']],
    [
      'errors/parent-cycle.csv',
      'a cycle in parent codes',
      ['第 1 行（文件第 2 行），列 上级事项编码 = "XK50001002"：上级事项编码形成循环：XK50001000 → XK50001002 → XK50001001 → XK50001000'],
    ],
    ['catalog-bad-bytes.csv', 'bytes valid in neither encoding', ['无法解码：按 UTF-8 在字节偏移 254（第 2 行）处无效，按 GB18030 在字节偏移']],
    ['empty.csv', 'an empty file', ['是空文件：没有表头，也没有数据行']],
    ['catalog-header-only.csv', 'a header-only file', ['只有表头，没有数据行']],
  ];
  it.each(cases)('%s (%s)', async (file, _what, messages) => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const before = dump(db);
    const result = await hall(db, ['items', 'import', fixture(file)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    for (const message of messages) expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(file.replace('errors/', ''));
    expect(dump(db)).toBe(before);
  });

  it('prints errors in English with --lang en in the SPEC §5 form', async () => {
    const db = await freshDb();
    const result = await hall(db, ['--lang', 'en', 'items', 'import', fixture('errors/negative-fee.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('row 1 (line 2), column 收费标准 = "-120元": a fee cannot be negative');
  });

  it('prints at most the first 20 errors', async () => {
    const dir = tempDir();
    const file = join(dir, 'many.csv');
    const rows = Array.from({ length: 30 }, (_, index) => `XK${index},事项${index},市场监管局,未知类型,20,5`);
    writeFileSync(file, ['事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限', ...rows].join('\n'));
    const db = await freshDb();
    const result = await hall(db, ['items', 'import', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('30 行无效');
    expect(result.stderr.trim().split('\n')).toHaveLength(21);
  });

  it('refuses an unknown --encoding', async () => {
    const db = await freshDb();
    const result = await hall(db, ['items', 'import', fixture('catalog-gb18030.csv'), '--encoding', 'big5']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--encoding "big5" 无效：应为 auto、utf8 或 gb18030');
  });

  it('refuses a file that does not exist', async () => {
    const db = await freshDb();
    const result = await hall(db, ['items', 'import', fixture('nope.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('找不到文件');
  });
});

describe('--skip-invalid, --dry-run, --sync, --strict', () => {
  it('writes the valid rows and a rejects file with a reason column, cascading to orphaned children', async () => {
    const dir = tempDir();
    const rejects = join(dir, 'rejects.csv');
    const db = await freshDb();
    const { json } = await importJson(db, fixture('errors/mixed.csv'), '--skip-invalid', '--rejects', rejects);
    expect(json).toMatchObject({ rows: 5, inserted: 2, rejected: 3, rejects_file: rejects });
    const content = readFileSync(rejects, 'utf8');
    expect(content.startsWith('\uFEFF')).toBe(true);
    const lines = content.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限,办件类型,收费标准,上级事项编码,错误原因');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^XK60002000,.*事项类型：未知的事项类型/);
    expect(lines[3]).toMatch(/^XK60004001,.*上级事项编码：上级事项编码不存在/);
  });

  it('defaults the rejects file to <input>.rejects.csv', async () => {
    const dir = tempDir();
    const input = join(dir, 'catalog.csv');
    writeFileSync(input, readFileSync(fixture('errors/mixed.csv')));
    const db = await freshDb();
    const { json } = await importJson(db, input, '--skip-invalid');
    expect(json.rejects_file).toBe(`${input}.rejects.csv`);
    expect(existsSync(`${input}.rejects.csv`)).toBe(true);
  });

  it('--dry-run validates and counts without writing', async () => {
    const db = await freshDb();
    const before = dump(db);
    const { json, stdout } = await importJson(db, fixture('catalog-gb18030.csv'), '--dry-run');
    expect(json).toMatchObject({ dry_run: true, inserted: 8, created_departments: ['人社局', '公安局', '市场监管局', '民宗局', '气象局', '生态环境局'] });
    expect(stdout).not.toContain('试运行'); // JSON only
    expect(dump(db)).toBe(before);
  });

  it('upserts by code: a second import reports unchanged and updated rows', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const dir = tempDir();
    const changed = join(dir, 'changed.csv');
    writeFileSync(changed, 'code,name,department,type,legal_days,promised_days\nXK10001000,食品经营许可,市场监管局,行政许可,20,3\n');
    const { json } = await importJson(db, changed);
    expect(json).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const again = await importJson(db, fixture('catalog-gb18030.csv'));
    expect(again.json).toMatchObject({ inserted: 0, updated: 1, unchanged: 7 });
  });

  it('--sync cancels the items absent from the file', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const { json } = await importJson(db, fixture('catalog-utf8-bom.csv'), '--sync');
    expect(json.cancelled).toBe(8);
    const cancelled = JSON.parse((await hall(db, ['items', 'list', '--status', 'cancelled', '--format', 'json'])).stdout);
    expect(cancelled).toHaveLength(8);
  });

  it('--strict refuses unknown departments and windows', async () => {
    const db = await freshDb();
    const before = dump(db);
    const result = await hall(db, ['items', 'import', fixture('catalog-utf8-bom.csv'), '--strict']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('列 department = "交通运输局"：未知部门（--strict 不自动创建');
    expect(result.stderr).toContain('列 window = "交通窗口"：未知窗口');
    expect(dump(db)).toBe(before);
    await hall(db, ['dept', 'add', '交通运输局']);
    await hall(db, ['dept', 'add', '税务局']);
    await hall(db, ['window', 'add', 'JT01', '--name', '交通窗口', '--dept', '交通运输局']);
    await hall(db, ['window', 'add', 'SW01', '--name', '税务窗口', '--dept', '税务局']);
    const { json } = await importJson(db, fixture('catalog-utf8-bom.csv'), '--strict');
    expect(json).toMatchObject({ inserted: 2, created_departments: [], created_windows: [] });
  });

  it('accepts a parent already in the catalog', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const dir = tempDir();
    const child = join(dir, 'child.csv');
    writeFileSync(child, 'code,name,department,type,promised_days,parent\nXK10001002,食品经营许可（变更）,市场监管局,行政许可,3,XK10001000\n');
    const { json } = await importJson(db, child);
    expect(json.inserted).toBe(1);
  });

  it('draws no progress bar when stderr is not a terminal, and one when it is', async () => {
    const db = await freshDb();
    const piped = await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    expect(piped.stderr).toBe('');
    const dir = tempDir();
    const big = join(dir, 'big.csv');
    const rows = Array.from({ length: 20_000 }, (_, index) => `XK${index},事项${index},市场监管局,行政许可,20,5`);
    writeFileSync(big, ['事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限', ...rows].join('\n'));
    const terminal = await hall(db, ['items', 'import', big], {}, true);
    expect(terminal.code).toBe(0);
    expect(terminal.stderr).toContain('100%');
  });
});

describe('a file larger than one write of the items table', () => {
  // The items are written 5,000 staged rows at a time, by row number; blank records keep their numbers.
  const ROWS = 12_345;
  function largeCatalog(): string {
    const lines = ['事项编码,事项名称,实施部门,事项类型,承诺时限,上级事项编码'];
    for (let index = 0; index < ROWS; index++) {
      if (index === 4_999 || index === 10_000) lines.push(',,,,,', ',,,,,');
      // The last item's parent comes first in the file, two writes earlier.
      const parent = index === ROWS - 1 ? 'XK00000000' : '';
      lines.push(`XK${String(index).padStart(8, '0')},第${index}号事项,市场监管局,行政许可,${index % 5},${parent}`);
    }
    const path = join(tempDir(), 'large.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  }

  it('writes every row once, across the writes and the blank records between them', async () => {
    const db = await freshDb();
    const { code, json } = await importJson(db, largeCatalog());
    expect(code).toBe(0);
    expect(json).toMatchObject({ rows: ROWS, inserted: ROWS, rejected: 0 });
    const connection = new BetterSqlite3(db, { readonly: true });
    try {
      expect(connection.prepare('SELECT count(*) AS items, count(DISTINCT code) AS codes, min(code) AS first, max(code) AS last FROM items').get()).toEqual({
        items: ROWS,
        codes: ROWS,
        first: 'XK00000000',
        last: `XK${String(ROWS - 1).padStart(8, '0')}`,
      });
      expect(connection.prepare('SELECT count(*) FROM item_versions').pluck().get()).toBe(ROWS);
      expect(
        connection
          .prepare(`SELECT parent_code FROM items WHERE code = 'XK${String(ROWS - 1).padStart(8, '0')}'`)
          .pluck()
          .get(),
      ).toBe('XK00000000');
    } finally {
      connection.close();
    }
    const again = await importJson(db, largeCatalog());
    expect(again.json).toMatchObject({ rows: ROWS, inserted: 0, updated: 0, unchanged: ROWS });
  });

  it('gives the connection its page cache back, after an import and after a refused one', async () => {
    const db = await freshDb();
    const good = join(tempDir(), 'good.csv');
    writeFileSync(good, '事项编码,事项名称,实施部门,事项类型,承诺时限\nXK1,户口迁移,公安局,行政确认,5\n');
    const bad = join(tempDir(), 'bad.csv');
    writeFileSync(bad, '事项编码,事项名称,实施部门,事项类型,承诺时限\nXK2,户口迁移,公安局,行政确认,五天半\n');
    const connection = new BetterSqlite3(db);
    try {
      connection.pragma('cache_size = -12345');
      await importCatalog(connection, await openImport(openCsv(good), ITEM_IMPORT_COLUMNS), { now: '2025-10-09T09:30:00+08:00' });
      expect(connection.pragma('cache_size', { simple: true })).toBe(-12345);
      await expect(importCatalog(connection, await openImport(openCsv(bad), ITEM_IMPORT_COLUMNS), { now: '2025-10-09T09:30:00+08:00' })).rejects.toThrow();
      expect(connection.pragma('cache_size', { simple: true })).toBe(-12345);
    } finally {
      connection.close();
    }
  });
});

describe('list, show, export, check', () => {
  it('export writes a CSV that import reads back unchanged, into the same or a new database', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    await hall(db, ['items', 'import', fixture('catalog-utf16le.txt')]);
    const dir = tempDir();
    const exported = join(dir, 'export.csv');
    expect((await hall(db, ['items', 'export', '--out', exported])).code).toBe(0);
    expect(readFileSync(exported, 'utf8').startsWith('\uFEFF事项编码,事项名称,实施部门')).toBe(true);
    const same = await importJson(db, exported);
    expect(same.json).toMatchObject({ inserted: 0, updated: 0, unchanged: 10 });
    const other = join(dir, 'other.db');
    await hall(other, ['init', '--center', '另一中心']);
    const fresh = await importJson(other, exported);
    expect(fresh.json).toMatchObject({ inserted: 10, rejected: 0 });
    const first = (await hall(db, ['items', 'export'])).stdout;
    const second = (await hall(other, ['items', 'export'])).stdout;
    expect(second).toBe(first);
    expect(first.startsWith('\uFEFF')).toBe(false);
  });

  it('guards formula-looking cells in CSV output', async () => {
    const dir = tempDir();
    const file = join(dir, 'formula.csv');
    writeFileSync(file, 'code,name,department,type,promised_days,fee_basis\nXK1,=HYPERLINK("http://x"),市场监管局,行政许可,5,@SUM(A1)\n');
    const db = await freshDb();
    await hall(db, ['items', 'import', file]);
    const csv = (await hall(db, ['items', 'list', '--format', 'csv'])).stdout;
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    const exported = (await hall(db, ['items', 'export'])).stdout;
    expect(exported).toContain("'@SUM(A1)");
    const roundTrip = join(dir, 'again.csv');
    writeFileSync(roundTrip, exported);
    expect((await importJson(db, roundTrip)).json.unchanged).toBe(1);
  });

  it('filters the list', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const codes = async (...args: string[]) =>
      JSON.parse((await hall(db, ['items', 'list', '--format', 'json', ...args])).stdout).map((item: { code: string }) => item.code);
    expect(await codes('--dept', '公安局')).toEqual(['XK10003000']);
    expect(await codes('--window', 'W001')).toEqual(['QT10002000', 'XK10001000', 'XK10001001']);
    expect(await codes('--window', '人社窗口')).toEqual(['GG10005000']);
    expect(await codes('--type', '10')).toEqual(['QT10006000']);
    expect(await codes('--search', '护照')).toEqual(['XK10003000']);
    expect(await codes('--status', '暂停')).toEqual(['XK10007000']);
    const table = (await hall(db, ['items', 'list', '--dept', '公安局'])).stdout;
    expect(table).toContain('│ XK10003000 │ 普通护照签发 │ 公安局 │ 行政许可 │ 15个工作日 │ 7个工作日 │      120 │ 出入境窗口 │ 在用 │');
  });

  it('refuses bad filters and unknown codes', async () => {
    const db = await freshDb();
    expect((await hall(db, ['items', 'list', '--status', 'gone'])).stderr).toContain('--status "gone" 无效');
    expect((await hall(db, ['items', 'list', '--type', '行政审批'])).stderr).toContain('--type "行政审批" 无效：未知的事项类型');
    const missing = await hall(db, ['items', 'show', 'XK404']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('hall: 错误: 未知事项编码 XK404；hall items list --search 可查找事项\n');
  });

  it('check lists the findings an assessment would penalise', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const result = await hall(db, ['items', 'check', '--format', 'json']);
    expect(result.code).toBe(0);
    const rules = JSON.parse(result.stdout).findings.map((finding: { code: string; rule: string }) => `${finding.code} ${finding.rule}`);
    expect(rules).toEqual([
      'GG10005000 authorization_not_declared',
      'QT10006000 authorization_not_declared',
      'QT10006000 no_window',
      'XK10007000 authorization_not_declared',
      'XK10007000 no_window',
    ]);
    const dir = tempDir();
    const lax = join(dir, 'lax.csv');
    writeFileSync(
      lax,
      'code,name,department,type,legal_days,promised_days,window,authorized\n' +
        'XK90001000,食品经营许可,市场监管局,行政许可,20,15,市场监管窗口,全部\n' +
        'XK90002000,普通护照签发,公安局,行政许可,15,10,出入境窗口,全部\n' +
        'XK90003000,环评报告表审批,生态环境局,行政许可,30个自然日,15个工作日,生态环境窗口,全部\n',
    );
    await hall(db, ['items', 'import', lax]);
    const more = JSON.parse((await hall(db, ['items', 'check', '--format', 'json'])).stdout)
      .findings.filter((finding: { code: string }) => finding.code.startsWith('XK9') || finding.code === 'XK10001000')
      .map((finding: { code: string; rule: string }) => `${finding.code} ${finding.rule}`);
    expect(more).toEqual([
      'XK10001000 duplicate_name',
      'XK90001000 compression_under_30',
      'XK90001000 duplicate_name',
      'XK90002000 duplicate_name', // 15 → 10 days is exactly 1/3 shorter: no compression finding
      'XK90003000 mixed_units',
    ]);
  });
});
