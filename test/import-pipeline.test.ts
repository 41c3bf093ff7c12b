/**
 * The one import pipeline (SPEC §5) seen through its three imports — items, cases and
 * the holiday calendar: the same header, the same blank rows and the same mistakes get
 * the same words and the same row and line numbers in each; and an imported case is
 * stored exactly as the commands would have stored it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { CASE_IMPORT_COLUMNS } from '../src/core/case-row.js';
import type { Undecodable } from '../src/core/import-errors.js';
import { openCsv } from '../src/io/csv-source.js';
import { openImport } from '../src/io/import-pipeline.js';
import { loadCalendar } from '../src/store/calendar.js';
import { importCases } from '../src/store/case-import.js';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

let db: string;
beforeEach(async () => {
  db = await freshDb();
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
});

function file(name: string, lines: string[]): string {
  const path = join(tempDir(), name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** For each import: its Chinese header, a good row, and a bad one whose quoted cell spans two lines. */
const IMPORTS = {
  items: {
    args: ['items', 'import'],
    header: ['事项编码', '事项名称', '实施部门', '事项类型', '承诺时限'],
    row: 'XK70001000,测试事项,市场监管局,行政许可,5',
    bad: ['XK70002000,"多行\n名称",市场监管局,行政审批,5', '事项类型 = "行政审批"'],
  },
  cases: {
    args: ['cases', 'import'],
    header: ['事项编码', '申请人', '受理时间'],
    row: 'XK10001000,张三,2025-09-15 09:00',
    bad: ['XK10001000,"张\n三",9月15日', '受理时间 = "9月15日"'],
  },
  calendar: {
    args: ['calendar', 'import'],
    header: ['日期', '类型', '说明'],
    row: '2027-01-01,放假,元旦',
    bad: ['2027-02-30,放假,"春节\n调休"', '日期 = "2027-02-30"'],
  },
} as const;
type ImportName = keyof typeof IMPORTS;
const NAMES = Object.keys(IMPORTS) as ImportName[];

describe('the same file shape gets the same answer from every import', () => {
  it.each(NAMES)('%s: an unknown column is ignored with one warning, and empty Excel columns silently', async (name) => {
    const { args, header, row } = IMPORTS[name];
    const path = file(`${name}.csv`, [[...header, '经办人', '', ''].join(','), `${row},王五,,`]);
    const result = await hall(db, [...args, path]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('hall: 警告: 忽略未知列"经办人"\n');
  });

  it.each(NAMES)('%s: a repeated column is ignored with a warning naming the one used', async (name) => {
    const { args, header, row } = IMPORTS[name];
    const first = header[0]!;
    const path = file(`${name}.csv`, [[...header, `  ${first.toUpperCase()} `].join(','), `${row},${row.split(',')[0]}`]);
    const result = await hall(db, ['--lang', 'en', ...args, path]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`hall: warning: ignored column "${first.toUpperCase()}" (already read "${first}")\n`);
  });

  it.each(NAMES)('%s: a missing required column fails before any row is read, naming the header line', async (name) => {
    const { args, header, row } = IMPORTS[name];
    const path = file(`${name}.csv`, [header.slice(1).join(','), row.split(',').slice(1).join(',')]);
    const before = dump(db);
    const result = await hall(db, [...args, path]);
    expect(result.code).toBe(1);
    const aliases = { items: '事项编码 / 实施编码 / code', cases: '事项编码 / item', calendar: '日期 / date' }[name];
    expect(result.stderr).toBe(`hall: 错误: ${path} 表头（文件第 1 行）缺少必需列：${aliases}；未读取任何数据行\n`);
    expect(dump(db)).toBe(before);
  });

  it.each(NAMES)('%s: an empty file, blank lines only, and a header without rows', async (name) => {
    const { args, header } = IMPORTS[name];
    const empty = file('empty.csv', []);
    expect((await hall(db, [...args, empty])).stderr).toBe(`hall: 错误: ${empty} 是空文件：没有表头，也没有数据行\n`);
    const blank = file('blank.csv', [',,', '', ' , ']);
    expect((await hall(db, [...args, blank])).stderr).toBe(`hall: 错误: ${blank} 是空文件：没有表头，也没有数据行\n`);
    const headerOnly = file('header.csv', [header.join(','), ',,,', '']);
    expect((await hall(db, [...args, headerOnly])).stderr).toBe(`hall: 错误: ${headerOnly} 只有表头，没有数据行\n`);
  });

  it.each(NAMES)('%s: numbers rows after the header, counting blank rows, and lines as the file has them', async (name) => {
    const { args, header, row, bad } = IMPORTS[name];
    // line 1 blank, header on line 2, row 1 good (line 3), row 2 blank (line 4), row 3 bad (lines 5–6: a quoted cell spans them)
    const path = file(`${name}.csv`, ['', header.join(','), row, ',,', bad[0]]);
    const result = await hall(db, [...args, path]);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toContain('：1 行无效，未写入任何数据');
    expect(lines[1]!.startsWith(`  第 3 行（文件第 5 行），列 ${bad[1]}：`)).toBe(true);
    expect(lines).toHaveLength(3);
  });

  it.each(NAMES)('%s: a CRLF inside a quoted cell is one line break, as Excel shows it, for the rows after it too', async (name) => {
    const { args, header, bad } = IMPORTS[name];
    // Excel writes CRLF everywhere: row 1 spans lines 2–3, row 2 lines 4–5.
    const path = join(tempDir(), `${name}-crlf.csv`);
    writeFileSync(path, `${[header.join(','), bad[0].replace('\n', '\r\n'), bad[0].replace('\n', '\r\n')].join('\r\n')}\r\n`);
    const result = await hall(db, [...args, path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`\n  第 1 行（文件第 2 行），列 ${bad[1]}：`);
    expect(result.stderr).toContain(`\n  第 2 行（文件第 4 行），列 ${bad[1]}：`);
  });
});

describe('the encoding check of a large file', () => {
  /** A file of `lines` (UTF-8), with one byte replaced by 0xFF at the start of line `badLine` (1-based); returns its path and the bad offset. */
  const withBadByte = (lines: string[], badLine: number) => {
    const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    const offset = Buffer.byteLength(
      lines
        .slice(0, badLine - 1)
        .map((line) => `${line}\n`)
        .join(''),
      'utf8',
    );
    bytes[offset] = 0xff;
    const path = join(tempDir(), 'bad.csv');
    writeFileSync(path, bytes);
    return { path, offset };
  };
  const refusal = (path: string) => {
    try {
      openCsv(path, 'utf8');
      return null;
    } catch (error) {
      return (error as Undecodable).attempts;
    }
  };

  it('names the offset and line of a bad byte megabytes into the file, past lines cut by the reads', () => {
    // 40,000 lines of about 60 bytes: 2.4 MB, read in 1 MB pieces that end inside a line (and inside a character).
    const lines = [
      '事项编码,申请人,证件号码,受理时间',
      ...Array.from({ length: 40_000 }, (_, index) => `XK10001000,申请人${index}号张三李四王五,,2025-09-15 10:00`),
    ];
    const { path, offset } = withBadByte(lines, 35_001);
    expect(offset).toBeGreaterThan(2 * 1024 * 1024);
    expect(refusal(path)).toEqual([{ encoding: 'UTF-8', offset, line: 35_001 }]);
  });

  it('reads a line longer than its buffer whole, and a clean file is no refusal', () => {
    const long = `XK10001000,${'长'.repeat(700_000)},,2025-09-15 10:00`; // 2.1 MB in one line
    const lines = ['事项编码,申请人,证件号码,受理时间', long, 'XK10001000,乙,,2025-09-15 10:00'];
    const clean = join(tempDir(), 'long.csv');
    writeFileSync(clean, `${lines.join('\n')}\n`);
    expect(refusal(clean)).toBeNull();
    const { path, offset } = withBadByte(lines, 3);
    expect(refusal(path)).toEqual([{ encoding: 'UTF-8', offset, line: 3 }]);
  });
});

describe('the size of a file', () => {
  it('is judged from the bytes read, low rather than high, and exactly once the file is read', async () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => `XK10001000,申请人${index},,2025-09-15 10:00`);
    const source = await openImport(openCsv(file('big.csv', ['事项编码,申请人,证件号码,受理时间', ...rows])), CASE_IMPORT_COLUMNS);
    expect(source.expectedRows).toBeNull();
    const judged: (number | null | undefined)[] = [];
    for await (const _batch of source.batches()) judged.push(source.expectedRows);
    expect(judged[0]).toBeGreaterThan(1_000);
    expect(judged[0]).toBeLessThanOrEqual(20_000);
    expect(judged.at(-1)).toBe(20_000);
  });
});

describe('the calendar import', () => {
  it('reads a schedule written with Chinese headers and words (日期,类型,说明)', async () => {
    const path = file('2027.csv', ['日期,类型,说明', '2027-02-06,放假,春节', '2027-02-14,补班,春节调休', '2027-10-01,休,国庆节']);
    const result = await hall(db, ['calendar', 'import', path, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ days: 3, changed: 3, years: [2027] });
    const shown = JSON.parse((await hall(db, ['calendar', 'show', '--year', '2027', '--format', 'json'])).stdout);
    expect(shown.days.map((day: { date: string; kind: string; note: string }) => [day.date, day.kind, day.note])).toEqual([
      ['2027-02-06', 'holiday', '春节'],
      ['2027-02-14', 'workday', '春节调休'],
      ['2027-10-01', 'holiday', '国庆节'],
    ]);
  });

  it('accepts 备注 for the note, and refuses every bad row at once, offering no --skip-invalid', async () => {
    const path = file('bad.csv', ['date,kind,备注', '2027-01-01,holiday,元旦', '2027-02-30,holiday,', '2027-02-14,上课,', ',,']);
    const before = dump(db);
    const result = await hall(db, ['calendar', 'import', path]);
    expect(result.stderr).toBe(
      `hall: 错误: ${path}：2 行无效，未写入任何数据\n` +
        '  第 2 行（文件第 3 行），列 date = "2027-02-30"：不是有效日期（可写 2027-01-01、2027-1-1、2027/1/1 或 2027年1月1日）\n' +
        '  第 3 行（文件第 4 行），列 kind = "上课"：应为 holiday（放假）或 workday（调休上班）；也可写 休、假日 或 班、补班\n',
    );
    expect(dump(db)).toBe(before);
  });
});

describe('the case import', () => {
  async function importJson(path: string, ...flags: string[]) {
    const result = await hall(db, ['cases', 'import', path, '--format', 'json', ...flags], { HALL_NOW: '2025-10-10T10:00:00+08:00' });
    return { ...result, json: result.code === 0 ? JSON.parse(result.stdout) : null };
  }

  it('stores a case exactly as register, supplement, resume and conclude would', async () => {
    const byCommand = async (args: string[], now: string) => {
      const result = await hall(db, args, { HALL_NOW: now });
      if (result.code !== 0) throw new Error(result.stderr);
    };
    await byCommand(['case', 'register', '--item', 'XK10003000', '--applicant', '李四', '--applicant-id', '11010519491231002X'], '2025-09-15T10:03:00+08:00');
    await byCommand(['case', 'supplement', '20250915-0001', '--materials', '补正（导入）'], '2025-09-17T09:00:00+08:00');
    await byCommand(['case', 'resume', '20250915-0001'], '2025-09-18T15:00:00+08:00');
    await byCommand(['case', 'conclude', '20250915-0001', '--outcome', 'approved'], '2025-09-24T11:00:00+08:00');
    const path = file('one.csv', [
      '事项编码,申请人,证件号码,受理时间,办结时间,办理结果,暂停开始,暂停结束',
      'XK10003000,李四,11010519491231002X,2025-09-15 10:03,2025-09-24 11:00,准予,2025-09-17 09:00,2025-09-18 15:00',
    ]);
    expect((await importJson(path)).json).toMatchObject({ imported: 1, rejected: 0 });

    const raw = new BetterSqlite3(db, { readonly: true });
    try {
      const cases = raw.prepare('SELECT * FROM cases ORDER BY id').all() as Record<string, unknown>[];
      expect(cases.map((row) => row.number)).toEqual(['20250915-0001', '20250915-0002']);
      const strip = ({ id: _id, number: _number, ...rest }: Record<string, unknown>) => rest;
      expect(strip(cases[1]!)).toEqual(strip(cases[0]!));
      const events = (caseId: unknown) =>
        (
          raw.prepare('SELECT kind, at, date, minutes, operator, location, details FROM case_events_text WHERE case_id = ? ORDER BY id').all(caseId) as {
            details: string;
          }[]
        ).map((event) => {
          const { imported, ...details } = JSON.parse(event.details) as Record<string, unknown>;
          return { ...event, details, imported };
        });
      const typed = events(cases[0]!.id);
      const imported = events(cases[1]!.id);
      expect(imported.map(({ imported: flag, ...event }) => [event, flag])).toEqual(typed.map(({ imported: _flag, ...event }) => [event, true]));
      const pauses = raw.prepare('SELECT kind, reason, from_date, to_date FROM case_pauses_text WHERE case_id = ?');
      expect(pauses.all(cases[1]!.id)).toEqual(pauses.all(cases[0]!.id));
    } finally {
      raw.close();
    }
  });

  it('numbers new cases after the highest number of their day, in the database or in the file', async () => {
    await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '甲'], { HALL_NOW: '2025-09-15T09:00:00+08:00' });
    const path = file('numbers.csv', [
      '办件编号,事项编码,申请人,受理时间',
      ',XK10001000,乙,2025-09-15 10:00',
      '20250915-0005,XK10001000,丙,2025-09-15 11:00',
      ',XK10001000,丁,2025-09-15 12:00',
      ',XK10001000,戊,2025-09-16 09:00',
      '20250914-0003,XK10001000,己,2025-09-15 13:00',
    ]);
    expect((await importJson(path)).json).toMatchObject({ imported: 5 });
    const list = JSON.parse((await hall(db, ['case', 'list', '--format', 'json'])).stdout) as { number: string; applicant: string }[];
    expect(list.map((row) => `${row.number} ${row.applicant}`)).toEqual([
      '20250914-0003 己',
      '20250915-0001 甲',
      '20250915-0005 丙',
      '20250915-0006 乙',
      '20250915-0007 丁',
      '20250916-0001 戊',
    ]);
  });

  it('numbers after a number given further down the file, past the rows already written before it', async () => {
    // Several thousand rows: the file is read and written in batches, so the rows without a
    // number are written before the import reaches the numbers given at the end.
    const unnumbered = Array.from({ length: 2500 }, (_, index) => `,XK10001000,甲${index},2025-09-15 09:00`);
    const path = file('late-numbers.csv', [
      '办件编号,事项编码,申请人,受理时间',
      ...unnumbered,
      '20250915-0100,XK10001000,乙,2025-09-15 10:00',
      '20250915-2600,XK10001000,丙,2025-09-15 11:00',
      ',XK10001000,丁,2025-09-15 12:00',
    ]);
    expect((await importJson(path)).json).toMatchObject({ imported: 2503 });
    const raw = new BetterSqlite3(db, { readonly: true });
    try {
      const number = raw.prepare('SELECT id, number FROM cases WHERE applicant = ?');
      expect(number.get('甲0')).toEqual({ id: 1, number: '20250915-2601' });
      expect(number.get('甲2499')).toEqual({ id: 2500, number: '20250915-5100' });
      expect(number.get('乙')).toEqual({ id: 2501, number: '20250915-0100' });
      expect(number.get('丙')).toEqual({ id: 2502, number: '20250915-2600' });
      expect(number.get('丁')).toEqual({ id: 2503, number: '20250915-5101' });
      // The rows without a number kept their file order in their numbers.
      expect(raw.prepare("SELECT count(*) FROM cases WHERE id <= 2500 AND number <> printf('20250915-%04d', 2600 + id)").pluck().get()).toBe(0);
    } finally {
      raw.close();
    }
  });

  it('finds a number repeated thousands of rows further down, naming the first row', async () => {
    const rows = Array.from({ length: 3000 }, (_, index) => `,XK10001000,甲${index},2025-09-15 09:00`);
    rows[0] = '20250915-0001,XK10001000,乙,2025-09-15 10:00';
    rows[2999] = '20250915-0001,XK10001000,丙,2025-09-15 11:00';
    const path = file('far-repeat.csv', ['办件编号,事项编码,申请人,受理时间', ...rows]);
    const before = dump(db);
    const result = await hall(db, ['cases', 'import', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `hall: 错误: ${path}：1 行无效，未写入任何数据（可用 --skip-invalid 只导入有效行）\n` +
        '  第 3000 行（文件第 3001 行），列 办件编号 = "20250915-0001"：文件中的办件编号重复，首次出现在第 1 行（文件第 2 行）\n',
    );
    expect(dump(db)).toBe(before);
  });

  it('refuses a number given twice in the file or already used, and warns about unknown columns', async () => {
    await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '甲'], { HALL_NOW: '2025-09-15T09:00:00+08:00' });
    const path = file('dupes.csv', [
      '办件编号,事项编码,申请人,受理时间,经办人',
      '20250915-0001,XK10001000,乙,2025-09-15 10:00,王',
      '20250915-0009,XK10001000,丙,2025-09-15 11:00,王',
      '20250915-0009,XK10001000,丁,2025-09-15 12:00,王',
    ]);
    const result = await hall(db, ['cases', 'import', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'hall: 警告: 忽略未知列"经办人"\n' +
        `hall: 错误: ${path}：2 行无效，未写入任何数据（可用 --skip-invalid 只导入有效行）\n` +
        '  第 1 行（文件第 2 行），列 办件编号 = "20250915-0001"：办件编号已存在\n' +
        '  第 3 行（文件第 4 行），列 办件编号 = "20250915-0009"：文件中的办件编号重复，首次出现在第 2 行（文件第 3 行）\n',
    );
  });

  it('writes the rejects file with the reasons in the words of the run', async () => {
    const rejects = join(tempDir(), 'rejects.csv');
    const path = file('mixed.csv', ['事项编码,申请人,受理时间,办结时间', 'XK10001000,张三,2025-09-15 09:00,', 'XK404,李四,2025-09-15 09:00,2025-09-16 09:00']);
    const { json } = await importJson(path, '--skip-invalid', '--rejects', rejects);
    expect(json).toMatchObject({ rows: 2, imported: 1, rejected: 1, rejects_file: rejects });
    expect(readFileSync(rejects, 'utf8')).toBe(
      '\uFEFF事项编码,申请人,受理时间,办结时间,错误原因\r\n' +
        'XK404,李四,2025-09-15 09:00,2025-09-16 09:00,事项编码：未知事项编码 XK404；hall items list --search 可查找事项；办结时间：需要同时填写 办理结果\r\n',
    );
  });

  it.each([false, true])('checks a number from the file again under the write lock (--skip-invalid: %s)', async (skipInvalid) => {
    const path = file('late.csv', ['办件编号,事项编码,申请人,受理时间', '20250915-0003,XK10001000,乙,2025-09-15 10:00', ',XK10001000,丙,2025-09-15 11:00']);
    const handle = new BetterSqlite3(db);
    try {
      const source = await openImport(openCsv(path), CASE_IMPORT_COLUMNS);
      // Another clerk registers 20250915-0003 after the rows were read, before they are written.
      const raced = {
        file: source.file,
        header: source.header,
        get rows() {
          return source.rows;
        },
        async *batches() {
          yield* source.batches();
          handle.exec(
            `INSERT OR IGNORE INTO rule_lists (stages, authorized) SELECT stages, authorized FROM items WHERE code = 'XK10001000';
             INSERT INTO cases (number, item_id, window_id, department_id, item_type, applicant, channel, lists_id, promised_days,
               limit_unit, closing_minutes, state)
             SELECT '20250915-0003', i.id, i.window_id, i.department_id, t.code, '抢先', 0, l.id, i.promised_days, u.code, 1050, 0
               FROM items i JOIN rule_lists l ON l.stages = i.stages AND l.authorized = i.authorized
               JOIN codes t ON t.domain = 'item_type' AND t.name = i.type JOIN codes u ON u.domain = 'unit' AND u.name = i.limit_unit
              WHERE i.code = 'XK10001000'`,
          );
        },
      };
      const sunk: unknown[] = [];
      const options = {
        timeZone: 'Asia/Shanghai',
        closingMinutes: 1050,
        operator: 'tester',
        now: new Date('2025-10-10T10:00:00+08:00'),
        skipInvalid,
        onRejected: (rejected: { row: number }) => sunk.push(rejected.row),
      };
      const imported = importCases(handle, loadCalendar(handle), raced, options);
      if (!skipInvalid) {
        await expect(imported).rejects.toMatchObject({
          name: 'ImportRejected',
          rejected: 1,
          rows: [{ row: 1, line: 2, problem: { rule: 'case_number_taken' } }],
        });
        expect(handle.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(1);
      } else {
        expect(await imported).toMatchObject({ rows: 2, imported: 1, rejected: 1 });
        // The refused row leaves no gap: the next case takes the next id, and the next number of its day.
        expect(handle.prepare('SELECT id, number, applicant FROM cases ORDER BY id').all()).toEqual([
          { id: 1, number: '20250915-0003', applicant: '抢先' },
          { id: 2, number: '20250915-0004', applicant: '丙' },
        ]);
        expect(handle.prepare('SELECT DISTINCT case_id FROM case_events').pluck().all()).toEqual([2]);
      }
      expect(sunk).toEqual([1]);
    } finally {
      handle.close();
    }
  });
});
