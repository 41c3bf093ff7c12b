/**
 * Excel in (SPEC §7.7): `items import`, `cases import` and `bundles import` of an .xlsx read
 * the same as the same rows in CSV — the same database, the same refusals and messages, row
 * numbers as Excel shows them — and refuse what only a workbook can hold: error cells,
 * codes stored as numbers, and files that are not workbooks at all.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { numberText } from '../src/io/xlsx-cells.js';
import { dump, fixture, freshDb, hall, ROOT, SHARED, tempDir } from './helpers.js';
import { type Cell, columnLetters, encryptedWorkbook, type Sheet, workbook } from './xlsx-workbook.js';

const NOW = { HALL_NOW: '2025-10-15T10:00:00+08:00' };

/** A file's cells as the CSV import reads them (GB18030 or UTF-8). */
function csvCells(path: string): string[][] {
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
}

/** A cell a clerk typed as a number, which Excel then holds as one: a plain decimal, no leading zero, no full-width digit. */
const typedAsNumber = (value: string) => /^(0|[1-9]\d{0,9})(\.\d+)?$/.test(value) && numberText(Number(value)) === value;

/**
 * The CSV's rows as Excel would hold them once typed in: numbers as numbers (every fifth
 * with the float noise Excel's arithmetic leaves, 5.000000000000001), the columns `codes`
 * names as Text cells, a merged title row and a blank row above the header.
 */
function asWorkbook(
  name: string,
  rows: string[][],
  title: string,
  codes: number[],
  extra: (row: number, column: number, value: string) => Cell | undefined = () => undefined,
): Sheet {
  let numbers = 0;
  const width = rows[0]!.length;
  const body = rows.map((row, rowIndex) =>
    row.map((value, column): Cell => {
      const chosen = rowIndex === 0 ? undefined : extra(rowIndex, column, value);
      if (chosen !== undefined) return chosen;
      if (value === '') return null;
      if (rowIndex > 0 && codes.includes(column)) return { text: value };
      if (rowIndex > 0 && typedAsNumber(value))
        return ++numbers % 5 === 0 && Number.isInteger(Number(value)) ? Number(value) * (1 + Number.EPSILON) : Number(value);
      return value;
    }),
  );
  return { name, rows: [[title], [], ...body], merges: [`A1:${columnLetters(width)}1`] };
}

function write(name: string, sheets: Sheet[] | Buffer, options?: Parameters<typeof workbook>[1]): string {
  const path = join(tempDir(), name);
  writeFileSync(path, Buffer.isBuffer(sheets) ? sheets : workbook(sheets, options));
  return path;
}

/** Every table but the settings (they hold nothing an import writes), as `dump` gives them. */
const tables = (db: string) => {
  const all = JSON.parse(dump(db)) as Record<string, unknown>;
  delete all.settings;
  return all;
};

const sample = join(SHARED, 'data', 'catalog-sample.gb18030.csv');

describe('a workbook imports as the same rows in CSV do', () => {
  it.runIf(existsSync(sample))('the shared 48-item catalog, saved as .xlsx with a title row, numbers typed as numbers and codes as text', async () => {
    const rows = csvCells(sample);
    const xlsx = write('事项目录.xlsx', [asWorkbook('事项目录', rows, '某某县政务服务事项目录', [0, 16])]);
    const [fromCsv, fromXlsx] = [await freshDb(), await freshDb()];
    const csvRun = await hall(fromCsv, ['items', 'import', sample, '--format', 'json']);
    const xlsxRun = await hall(fromXlsx, ['items', 'import', xlsx, '--format', 'json']);
    expect(xlsxRun.stderr).toBe('');
    expect(xlsxRun.code).toBe(0);
    const { file: _a, encoding, ...csvSummary } = JSON.parse(csvRun.stdout);
    const { file: _b, encoding: none, sheet, ...xlsxSummary } = JSON.parse(xlsxRun.stdout);
    expect([encoding, none, sheet]).toEqual(['gb18030', null, '事项目录']);
    expect(xlsxSummary).toEqual(csvSummary);
    expect(tables(fromXlsx)).toEqual(tables(fromCsv));
    expect((await hall(fromXlsx, ['items', 'import', xlsx])).stdout).toContain(`已导入 ${xlsx}（工作表"事项目录"）\n数据行 48：新增 0，更新 0，未变 48`);
  });

  it('historical cases, with dates as date cells, ratings as numbers and ids as text, in the 1900 and the 1904 date systems', async () => {
    const rows = csvCells(fixture('cases-history.csv'));
    const header = rows[0]!;
    const dates = ['受理时间', '办结时间', '暂停开始', '暂停结束'].map((name) => header.indexOf(name));
    // The CSV writes 2025/9/15 9:12 as Excel does; the workbook holds the date itself.
    const asDate = (_row: number, column: number, value: string): Cell | undefined => {
      const parts = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2}) (\d{1,2}):(\d{2})$/.exec(value);
      if (!dates.includes(column) || !parts) return undefined;
      const [, year, month, day, hours, minutes] = parts.map((part) => part.padStart(2, '0'));
      return { date: `${year}-${month}-${day} ${hours}:${minutes}` };
    };
    const codes = ['办件编号', '事项编码', '证件号码', '受理窗口'].map((name) => header.indexOf(name));
    const csvDb = await freshDb();
    await hall(csvDb, ['items', 'import', fixture('catalog-gb18030.csv')], NOW);
    expect((await hall(csvDb, ['cases', 'import', fixture('cases-history.csv')], NOW)).code).toBe(0);
    for (const date1904 of [false, true]) {
      const xlsx = write('办件.xlsx', [asWorkbook('办件登记表', rows, '历史办件登记表', codes, asDate)], { date1904, inlineStrings: date1904 });
      const db = await freshDb();
      await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')], NOW);
      const result = await hall(db, ['cases', 'import', xlsx], NOW);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(`已导入 ${xlsx}（工作表"办件登记表"）：数据行 7，导入 7，拒绝 0\n`);
      expect(tables(db)).toEqual(tables(csvDb));
    }
  });

  it('a bundle catalog whose bundle columns are merged down their rows, 是否必选 as TRUE/FALSE', async () => {
    const rows = csvCells(fixture('bundles.csv'));
    const required = rows[0]!.indexOf('是否必选');
    const logical = (_row: number, column: number, value: string): Cell | undefined => (column === required ? value === '是' : undefined);
    const sheet = asWorkbook('一件事目录', rows, '某某县一件事目录', [0, 5], logical);
    // Each bundle's own five columns merged over its member rows, as a clerk lays it out (Excel keeps only the top cell).
    for (let start = 3; start < sheet.rows.length; ) {
      let end = start;
      while (end + 1 < sheet.rows.length && sheet.rows[end + 1]![0] === null) end++;
      if (end > start) for (const letter of 'ABCDE') sheet.merges!.push(`${letter}${start + 1}:${letter}${end + 1}`);
      start = end + 1;
    }
    const xlsx = write('一件事.xlsx', [sheet]);
    const [fromCsv, fromXlsx] = [await freshDb(), await freshDb()];
    for (const db of [fromCsv, fromXlsx]) await hall(db, ['items', 'import', fixture('demo-catalog.csv')], NOW);
    expect((await hall(fromCsv, ['bundles', 'import', fixture('bundles.csv')], NOW)).code).toBe(0);
    const result = await hall(fromXlsx, ['bundles', 'import', xlsx], NOW);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(tables(fromXlsx)).toEqual(tables(fromCsv));
  });

  it('a holiday schedule with its dates as date cells (2027/1/1 and 2027年1月1日), and an error cell refused there too', async () => {
    const rows = csvCells(fixture('calendar-2027.csv'));
    const xlsx = write('2027.xlsx', [
      asWorkbook('安排', rows, '2027年节假日安排', [], (row, column, value) =>
        column === 0 ? (row % 2 === 0 ? { date: value, chinese: true } : { date: value }) : undefined,
      ),
    ]);
    const [fromCsv, fromXlsx] = [await freshDb(), await freshDb()];
    expect((await hall(fromCsv, ['calendar', 'import', fixture('calendar-2027.csv')])).code).toBe(0);
    const result = await hall(fromXlsx, ['calendar', 'import', xlsx]);
    expect(result.stderr).toBe('');
    // The days keep the name of the file they came from.
    expect(JSON.stringify(tables(fromXlsx)).replaceAll('2027.xlsx', 'calendar-2027.csv')).toBe(JSON.stringify(tables(fromCsv)));
    const broken = write('错.xlsx', [
      {
        name: '安排',
        rows: [
          ['日期', '类型', '说明'],
          [{ date: '2027-10-01' }, { error: '#N/A' }, '国庆节'],
        ],
      },
    ]);
    expect((await hall(fromXlsx, ['calendar', 'import', broken])).stderr).toContain('第 1 行（文件第 2 行），列 类型 = "#N/A"：是 Excel 的错误值');
  });

  it('reads the sheet --sheet names, and a dry run writes nothing', async () => {
    const xlsx = write('两表.xlsx', [
      { name: '说明', rows: [['本工作簿第二张表为事项目录']] },
      {
        name: '事项',
        rows: [
          ['事项编码', '事项名称', '实施部门', '事项类型', '承诺时限'],
          ['XK30001000', '测试许可', '市场监管局', '行政许可', 5],
        ],
      },
    ]);
    const db = await freshDb();
    const before = dump(db);
    const dry = await hall(db, ['items', 'import', xlsx, '--sheet', '事项', '--dry-run']);
    expect(dry.stdout).toContain('数据行 1：新增 1');
    expect(dump(db)).toBe(before);
    expect((await hall(db, ['items', 'import', xlsx, '--sheet', ' 事项 '])).code).toBe(0);
    expect(JSON.parse((await hall(db, ['items', 'show', 'XK30001000', '--format', 'json'])).stdout)).toMatchObject({ promised_days: 5 });
  });
});

describe('what only a workbook can hold', () => {
  const CASE_HEADER = ['办件编号', '事项编码', '申请人', '证件号码', '受理时间', '办结时间', '办理结果', '备注'];
  const cases = (...rows: Cell[][]): Sheet => ({ name: 'Sheet1', merges: ['A1:H1'], rows: [['2025年9月办件台账'], CASE_HEADER, ...rows] });
  const good: Cell[] = [null, 'XK10001000', '张三', { text: '11010519491231002X' }, { date: '2025-09-15 09:12' }, null, null, null];

  it('refuses error cells and ids stored as numbers by row and column, as Excel numbers its rows, and writes nothing', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')], NOW);
    const xlsx = write('台账.xlsx', [
      cases(
        good,
        [null, 'XK10001000', '李四', 330681199001011000, { date: '2025-09-15 10:00' }, null, null, null],
        [null, 'XK10001000', { error: '#N/A' }, null, { error: '#VALUE!' }, null, null, { error: '#REF!' }],
        [],
        [20250915, 'XK10001000', '王五', null, { date: '2025-09-16' }, null, null, null],
      ),
    ]);
    const before = dump(db);
    const result = await hall(db, ['cases', 'import', xlsx], NOW);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('3 行无效，未写入任何数据');
    expect(result.stderr).toContain(
      '  第 2 行（文件第 4 行），列 证件号码 = "3.30681199001011E+17"：是存为数字的号码：Excel 以科学计数法显示它，且只保留 15 位有效数字，完整号码无法确认；请在 Excel 中把该列设为"文本"格式，重新填入完整号码后再导入',
    );
    expect(result.stderr).toContain('  第 3 行（文件第 5 行），列 申请人 = "#N/A"：是 Excel 的错误值（公式出错或引用失效），不是数据');
    expect(result.stderr).toContain('  第 3 行（文件第 5 行），列 受理时间 = "#VALUE!"：是 Excel 的错误值');
    // 备注 is no column of the import: its #REF! is ignored with it. A short number is its digits (and not a case number).
    expect(result.stderr).not.toContain('#REF!');
    expect(result.stderr).toContain('  第 5 行（文件第 7 行），列 办件编号 = "20250915"：办件编号应为 YYYYMMDD-NNNN');
    expect(dump(db)).toBe(before);

    const skipped = await hall(db, ['cases', 'import', xlsx, '--skip-invalid', '--format', 'json'], NOW);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ rows: 4, imported: 1, rejected: 3, sheet: 'Sheet1' });
    const rejects = readFileSync(`${xlsx}.rejects.csv`, 'utf8');
    expect(rejects).toContain('办件编号,事项编码,申请人,证件号码,受理时间,办结时间,办理结果,备注,错误原因');
    expect(rejects).toContain(',XK10001000,李四,3.30681199001011E+17,2025-09-15 10:00,,,,"证件号码：是存为数字的号码');
    expect(rejects).toContain(',XK10001000,#N/A,,#VALUE!,,,#REF!,申请人：是 Excel 的错误值');
  });

  it('refuses a code Excel shows in exponent form in every import, and takes a short one as its digits', async () => {
    const db = await freshDb();
    const items = write('目录.xlsx', [
      {
        name: '目录',
        rows: [
          ['事项编码', '事项名称', '实施部门', '事项类型', '承诺时限', '收费标准'],
          [330100001234, '数字编码事项', '市场监管局', '行政许可', 5, 0.1 + 0.2],
          [1234, '短编码事项', '市场监管局', '行政许可', 5, 120.5],
        ],
      },
    ]);
    const refused = await hall(db, ['items', 'import', items]);
    expect(refused.stderr).toContain('第 1 行（文件第 2 行），列 事项编码 = "3.30100001234E+11"：是存为数字的号码');
    expect((await hall(db, ['items', 'import', items, '--skip-invalid'])).code).toBe(0);
    expect(JSON.parse((await hall(db, ['items', 'show', '1234', '--format', 'json'])).stdout)).toMatchObject({ fee_fen: 12050 });
  });

  it('reads TRUE and FALSE as the CSV form gives them, and an error in a header-less column is no refusal', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')], NOW);
    const xlsx = write('现场.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['事项编码', '申请人', '受理时间', '办结时间', '办理结果', '现场办结', null],
          ['QT10002000', '王五', { date: '2025-09-16 14:20' }, { date: '2025-09-16 14:35' }, '准予', false, { error: '#DIV/0!' }],
        ],
      },
    ]);
    const result = await hall(db, ['cases', 'import', xlsx, '--format', 'json'], NOW);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ imported: 1 });
    // A 即办件 concluded is on site unless the file says otherwise (SPEC §3.2): FALSE said so.
    const shown = JSON.parse((await hall(db, ['case', 'show', '20250916-0001', '--format', 'json'], NOW)).stdout);
    expect(shown).toMatchObject({ on_site: false });
  });
});

describe('a file that is not a workbook, a sheet or header not found', () => {
  const refusal = async (file: string, args: string[] = [], command = ['items', 'import']) => {
    const db = await freshDb();
    const before = dump(db);
    const result = await hall(db, [...command, file, ...args]);
    expect(result.stderr).not.toMatch(/\n\s+at |Error\b/);
    expect(dump(db)).toBe(before);
    return result;
  };
  const ITEM = [
    ['事项编码', '事项名称', '实施部门', '事项类型', '承诺时限'],
    ['XK30001000', '测试许可', '市场监管局', '行政许可', 5],
  ];

  it.each([
    [
      'a CSV renamed .xlsx',
      () => write('目录.xlsx', Buffer.from('事项编码,事项名称\nXK1,许可\n')),
      '不是 Excel 工作簿（.xlsx）；如果它是 CSV 文件，请把扩展名改为 .csv；未读取任何数据行',
    ],
    // The zip's names are stored as they are: renaming its workbook part leaves a zip of other files.
    [
      'a zip that is no workbook',
      () =>
        write(
          '目录.xlsx',
          Buffer.from(
            workbook([{ name: 'A', rows: ITEM }])
              .toString('latin1')
              .replaceAll('xl/workbook.xml', 'xl/document.xml'),
            'latin1',
          ),
        ),
      '不是 Excel 工作簿',
    ],
    [
      'a copy cut short',
      () => write('目录.xlsx', workbook([{ name: 'A', rows: ITEM }]).subarray(0, 600)),
      '不完整（文件在复制或下载时被截断），无法读取；请重新复制该文件',
    ],
    ['a password-protected workbook', () => write('目录.xlsx', encryptedWorkbook()), '设有打开密码（已加密），或是改了扩展名的旧版 .xls 文件'],
    [
      'an old .xls',
      () => write('目录.XLS', encryptedWorkbook()),
      '是旧版 Excel 97–2003 工作簿（.xls），无法直接读取；请在 Excel 中"另存为" .xlsx 或 CSV 后导入',
    ],
    ['an empty .xlsx', () => write('目录.xlsx', Buffer.alloc(0)), '是空文件'],
  ])('%s: exit 1 with a clear message', async (_name, make, says) => {
    const result = await refusal(make());
    expect(result.stderr).toContain(says);
    expect(result.code).toBe(1);
  });

  it('a damaged sheet: exit 1, with what the reader could not read', async () => {
    const rows = '<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>';
    const xml = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
    const file = write('坏.xlsx', [{ name: 'A', rows: [], xml }]);
    const result = await refusal(file);
    expect(result.stderr).toBe(
      `hall: 错误: ${file} 已损坏，无法作为工作簿读取（Out-of-place <c/> at row 1 col 1 follows <c/> at row 2 col 1）；请在 Excel 中打开并重新保存；未读取任何数据行\n`,
    );
    expect(result.code).toBe(1);
  });

  it('a sheet that does not exist: the sheets listed', async () => {
    const file = write('目录.xlsx', [
      { name: '说明', rows: [['说明']] },
      { name: '事项目录 & 附表', rows: ITEM },
    ]);
    const result = await refusal(file, ['--sheet', '办件']);
    expect(result.stderr).toBe(`hall: 错误: ${file} 中没有名为"办件"的工作表；现有工作表："说明"、"事项目录 & 附表"\n`);
    expect(result.code).toBe(1);
  });

  it('no header near the top: the known column names listed', async () => {
    const file = write('目录.xlsx', [{ name: '目录', rows: [['某某县政务服务事项目录'], ['编码', '名称'], ['XK30001000', '测试许可']] }]);
    const result = await refusal(file, [], ['cases', 'import']);
    expect(result.stderr).toContain(
      `${file} 的工作表"目录"前 30 行中找不到表头：表头行应至少有两列用以下列名。必需列：事项编码、申请人、受理时间；可选列：办件编号、证件号码、受理窗口`,
    );
    expect(result.code).toBe(1);
  });

  it('a header found below a title but lacking a required column: its row named', async () => {
    const file = write('目录.xlsx', [{ name: '目录', rows: [['历史办件'], [], ['事项编码', '申请人'], ['XK10001000', '张三']] }]);
    const result = await refusal(file, [], ['cases', 'import']);
    expect(result.stderr).toContain('表头（文件第 3 行）缺少必需列：受理时间 / accepted_at');
    expect(result.code).toBe(1);
  });

  it('--sheet on a CSV and --encoding on a workbook are usage errors (2)', async () => {
    const csv = await refusal(fixture('catalog-gb18030.csv'), ['--sheet', '事项']);
    expect(csv.stderr).toContain(`hall: 用法错误: --sheet 只用于 Excel 工作簿（.xlsx），${fixture('catalog-gb18030.csv')} 不是`);
    expect(csv.code).toBe(2);
    const xlsx = write('目录.xlsx', [{ name: 'A', rows: ITEM }]);
    const encoding = await refusal(xlsx, ['--encoding', 'gb18030'], ['cases', 'import']);
    expect(encoding.stderr).toContain(`hall: 用法错误: --encoding 只用于 CSV 文件；${xlsx} 是 Excel 工作簿，不需要指定编码`);
    expect(encoding.code).toBe(2);
    const english = await hall(await freshDb(), ['--lang', 'en', 'bundles', 'import', xlsx, '--encoding', 'auto']);
    expect(english.stderr).toContain(`--encoding is for CSV files only; ${xlsx} is an Excel workbook, which needs no encoding`);
  });
});

describe('a case sheet large enough that its CSV is checked in a second thread', () => {
  it('imports as the CSV does with the checking thread: the same cases and the same rejects file, row for row', async () => {
    const header = ['事项编码', '申请人', '证件号码', '受理时间', '办结时间', '办理结果', '评价'];
    const items = ['XK10001000', 'QT10002000', 'XK10003000', 'XK10004000', 'XK99999999'];
    const rows: string[][] = [header];
    // 3.3 MB: judged from its first rows, the CSV holds some 12,700 rows, past CHECK_IN_WORKER_FROM.
    for (let index = 0; index < 30_000; index++) {
      const day = String(1 + (index % 28)).padStart(2, '0');
      const month = String(1 + (index % 8)).padStart(2, '0');
      const concluded = index % 3 === 0 ? '' : `2025-${String(2 + (index % 8)).padStart(2, '0')}-${day} 16:00`;
      const id = index % 11 === 0 ? '11010519491231002X' : '';
      rows.push([
        items[index % items.length]!,
        `某某市某某区第${index}号科技发展有限公司（筹）`,
        id,
        `2025-${month}-${day} 09:30`,
        concluded,
        concluded ? '准予' : '',
        concluded ? String(1 + (index % 5)) : '',
      ]);
    }
    const dir = tempDir();
    const csv = join(dir, '办件.csv');
    writeFileSync(csv, `${rows.map((row) => row.join(',')).join('\n')}\n`);
    const asCells = rows.map((row, index) =>
      index === 0
        ? row
        : row.map((value, column): Cell => (value === '' ? null : column === 3 || column === 4 ? { date: value } : column === 6 ? Number(value) : value)),
    );
    const xlsx = join(dir, '办件.xlsx');
    writeFileSync(xlsx, workbook([{ name: '办件', rows: asCells }]));
    const bin = (db: string, file: string) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'hall.js'), '--db', db, 'cases', 'import', file, '--skip-invalid', '--format', 'json'], {
        encoding: 'utf8',
        env: { ...process.env, HALL_NOW: '2025-12-01T10:00:00+08:00', HALL_OPERATOR: 'tester' },
      });
    const [fromCsv, fromXlsx] = [await freshDb(), await freshDb()];
    for (const db of [fromCsv, fromXlsx]) await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')], NOW);
    const [csvRun, xlsxRun] = [bin(fromCsv, csv), bin(fromXlsx, xlsx)];
    expect(xlsxRun.stderr).toBe(csvRun.stderr);
    const { file: _a, encoding: _b, rejects_file: _c, ...csvSummary } = JSON.parse(csvRun.stdout);
    const { file: _d, encoding: _e, sheet: _f, rejects_file: _g, ...xlsxSummary } = JSON.parse(xlsxRun.stdout);
    expect(xlsxSummary).toEqual({ ...csvSummary, rows: 30_000, rejected: 6000 });
    expect(tables(fromXlsx)).toEqual(tables(fromCsv));
    // No title row here, so each row is on the same line in both: the rejects files agree byte for byte.
    expect(readFileSync(`${xlsx}.rejects.csv`, 'utf8')).toBe(readFileSync(`${csv}.rejects.csv`, 'utf8'));
  });
});

describe('the workbook reader is loaded only for a workbook', () => {
  /** The modules the built `hall` loads for `args`, as a loader hook sees them (the start-up bar of SPEC §8 counts them). */
  function modulesLoaded(args: string[]): string[] {
    const dir = tempDir();
    const log = join(dir, 'modules.log');
    writeFileSync(
      join(dir, 'hooks.mjs'),
      [
        "import { appendFileSync } from 'node:fs';",
        "export async function load(url, context, next) { appendFileSync(process.env.MODULE_LOG, url + '\\n'); return next(url, context); }",
      ].join('\n'),
    );
    writeFileSync(join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    writeFileSync(log, '');
    const run = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), join(ROOT, 'bin', 'hall.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, MODULE_LOG: log, HALL_NOW: NOW.HALL_NOW, HALL_OPERATOR: 'tester' },
    });
    expect(run.status, run.stderr).toBe(0);
    return readFileSync(log, 'utf8').split('\n');
  }
  const reader = (modules: string[]) => modules.filter((url) => /read-excel-file|xlsx-source|xlsx-cells/.test(url));

  it('case show and a CSV import do not load it; an .xlsx import does', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')], NOW);
    await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '张三'], NOW);
    const show = modulesLoaded(['--db', db, 'case', 'show', '20251015-0001']);
    expect(show.some((url) => url.endsWith('/dist/cli/commands/case.js'))).toBe(true);
    expect(reader(show)).toEqual([]);
    expect(reader(modulesLoaded(['--db', db, 'items', 'import', fixture('catalog-gb18030.csv')]))).toEqual([]);
    const xlsx = write('目录.xlsx', [
      {
        name: 'A',
        rows: [
          ['事项编码', '事项名称'],
          ['XK10001000', '食品经营许可'],
        ],
      },
    ]);
    expect(reader(modulesLoaded(['--db', db, 'items', 'import', xlsx])).length).toBeGreaterThan(2);
  });
});
