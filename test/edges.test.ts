/** Calm at the edges: an empty file taken for a database, periods at the ends of the date range. */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

const NOW = { HALL_NOW: '2025-10-20T10:00:00+08:00' };
const CALM = /\n\s+at |内部错误|internal error/;

describe('an empty (0-byte) file as the database', () => {
  it('is not a hall database to any command but init, which writes nothing to it', async () => {
    const path = join(tempDir(), 'touched.db');
    writeFileSync(path, '');
    for (const args of [['items', 'list'], ['doctor'], ['case', 'register', '--item', 'XK10001000', '--applicant', '张三'], ['backup', `${path}.bak`]]) {
      const result = await hall(path, args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toBe(`hall: 错误: ${path} 是空文件（0 字节），不是 hall 数据库，未作任何改动；在此新建请运行 hall init\n`);
      expect(result.stdout).toBe('');
    }
    expect(statSync(path).size).toBe(0);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}.bak`)).toBe(false);
    const english = await hall(path, ['--lang', 'en', 'items', 'list']);
    expect(english.stderr).toBe(`hall: error: ${path} is an empty file (0 bytes), not a hall database; nothing was changed; hall init creates one there\n`);
  });

  it('init makes the empty file a database, as it would a missing one', async () => {
    const path = join(tempDir(), 'touched.db');
    writeFileSync(path, '');
    const made = await hall(path, ['init', '--center', '测试中心']);
    expect(made.code, made.stderr).toBe(0);
    expect(statSync(path).size).toBeGreaterThan(0);
    const listed = await hall(path, ['items', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).not.toMatch(CALM);
  });
});

describe('report periods at the ends of the date range (1949-10-01 … 2199-12-31)', () => {
  const RANGE = '无效：日期应在 1949-10-01 至 2199-12-31 之间';
  const early = { HALL_NOW: '1949-10-15T10:00:00+08:00' };
  const late = { HALL_NOW: '2199-12-31T10:00:00+08:00' };
  it.each<[string, string[], Record<string, string>]>([
    ['a month past the range', ['monthly', '--month', '9999-12'], {}],
    ['a month before it', ['monthly', '--month', '1949-09'], {}],
    ['year 0', ['monthly', '--month', '0000-01'], {}],
    ['a quarter past the range', ['assessment', '--quarter', '9999Q4'], {}],
    ['a quarter reaching before it', ['assessment', '--quarter', '1949Q3'], {}],
    ['last month on a clock in October 1949', ['monthly', '--month', 'last'], early],
    ['last quarter on a clock in October 1949', ['assessment', '--quarter', 'last'], early],
    ['a span past the range', ['monthly', '--from', '2199-12-01', '--to', '2200-01-31'], {}],
  ])('%s is refused (1) in words, and nothing changes', async (_name, args, env) => {
    const db = await freshDb();
    const before = dump(db);
    const result = await hall(db, ['report', ...args], env);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(RANGE);
    expect(result.stderr).not.toMatch(CALM);
    expect(dump(db)).toBe(before);
  });

  it('the months and quarters at the very ends are reported', async () => {
    const db = await freshDb();
    for (const [args, env, from, to] of [
      [['monthly', '--month', '2199-12'], {}, '2199-12-01', '2199-12-31'],
      [['monthly', '--month', 'this'], early, '1949-10-01', '1949-10-31'],
      [['monthly', '--month', 'last'], late, '2199-11-01', '2199-11-30'],
      [['assessment', '--quarter', 'this'], late, '2199-10-01', '2199-12-31'],
    ] as const) {
      const result = await hall(db, ['report', ...args, '--format', 'json'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).period).toMatchObject({ from, to });
    }
  });
});

describe('Chinese words where the system speaks English', () => {
  it('a rubric file that is not JSON is told where, in Chinese, for init and the assessment, and nothing changes', async () => {
    const db = await freshDb();
    const rubric = join(tempDir(), 'rubric.json');
    writeFileSync(rubric, '{"on_time": 40,}');
    const before = dump(db);
    for (const args of [
      ['init', '--rubric', rubric],
      ['report', 'assessment', '--month', '2025-09', '--rubric', rubric],
    ]) {
      const result = await hall(db, args);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toBe(`hall: 错误: 考核细则 ${rubric} 不是有效的 JSON：第 16 个字符处有误\n`);
    }
    expect(dump(db)).toBe(before);
    writeFileSync(rubric, '{"on_time": 40');
    expect((await hall(db, ['init', '--rubric', rubric])).stderr).toBe(`hall: 错误: 考核细则 ${rubric} 不是有效的 JSON：第 15 个字符处有误\n`);
    const english = await hall(db, ['--lang', 'en', 'init', '--rubric', rubric]);
    expect(english.stderr).toMatch(/^hall: error: rubric .* is not valid JSON: .*position 14/);
  });

  it('--id-type is explained in Chinese in the help (values.test.ts: 其他证件 is taken)', async () => {
    const help = await hall(null, ['case', 'register', '--help']);
    expect(help.stdout).toContain('证件类型：居民身份证、统一社会信用代码、其他证件（或 resident、credit、other）');
    expect(help.stdout).not.toContain('resident | credit | other');
    expect((await hall(null, ['--lang', 'en', 'case', 'refuse', '--help'])).stdout).toContain('document type: resident | credit | other');
  });
});

describe('a rating imported with a case (the 评价 column)', () => {
  it('is in the case’s history as case rate would write it, in text and JSON, for a concluded and an open case', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const file = join(tempDir(), 'cases.csv');
    writeFileSync(
      file,
      '办件编号,事项编码,申请人,受理时间,办结时间,办理结果,评价\n' +
        '20251009-0001,XK10001000,某公司,2025-10-09 09:00,2025-10-10 10:00,准予,5\n' +
        '20251009-0002,XK10001000,某某,2025-10-09 09:30,,,不满意\n',
    );
    const imported = await hall(db, ['cases', 'import', file], NOW);
    expect(imported.code, imported.stderr).toBe(0);
    const concluded = JSON.parse((await hall(db, ['case', 'show', '20251009-0001', '--format', 'json'], NOW)).stdout);
    expect(concluded.evaluation).toMatchObject({ level: 5, date: '2025-10-10' });
    expect(concluded.events.map((event: { kind: string }) => event.kind)).toEqual(['register', 'conclude', 'rate']);
    expect(concluded.events[2]).toMatchObject({ at: '2025-10-10T10:00:00+08:00', details: { level: 5, date: '2025-10-10', imported: true } });
    const open = JSON.parse((await hall(db, ['case', 'show', '20251009-0002', '--format', 'json'], NOW)).stdout);
    expect(open.events.map((event: { kind: string }) => event.kind)).toEqual(['register', 'rate']);
    expect(open.evaluation).toMatchObject({ level: 2, date: '2025-10-09' });
    const shown = await hall(db, ['case', 'show', '20251009-0001'], NOW);
    expect(shown.stdout).toMatch(/│ 2025-10-10 10:00 │ 评价 │ .*│ 5 非常满意/);
    // Rated once: a second rating needs --replace, as after case rate.
    expect((await hall(db, ['case', 'rate', '20251009-0001', '--level', '4'], NOW)).stderr).toContain('已有评价（5 非常满意，2025-10-10）');
    expect((await hall(db, ['doctor', '--all-cases'], NOW)).code).toBe(0);
  });
});

describe('a code Excel turned into scientific notation', () => {
  const EXCEL = 'Excel 把这个数字样的编码变成了科学计数法，后面的数字已丢失；请在 Excel 中把该列设为"文本"格式，重新填入完整编码后另存为 CSV';

  it('is refused in items import, naming the row and the value, and nothing is written', async () => {
    const db = await freshDb();
    const file = join(tempDir(), 'items.csv');
    writeFileSync(
      file,
      '事项编码,事项名称,实施部门,事项类型,承诺时限,上级事项编码\n' +
        '330100001234,数字编码事项,市场监管局,行政许可,5,\n' +
        '3.30100001E+11,被 Excel 改过的事项,市场监管局,行政许可,5,\n' +
        '330100001235,子项,市场监管局,行政许可,5,3.301E+11\n',
    );
    const before = dump(db);
    const result = await hall(db, ['items', 'import', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`  第 2 行（文件第 3 行），列 事项编码 = "3.30100001E+11"：${EXCEL}`);
    expect(result.stderr).toContain(`  第 3 行（文件第 4 行），列 上级事项编码 = "3.301E+11"：${EXCEL}`);
    expect(result.stderr).not.toContain('第 1 行');
    expect(dump(db)).toBe(before);
    const english = await hall(db, ['--lang', 'en', 'items', 'import', file]);
    expect(english.stderr).toContain('Excel turned this number-like code into scientific notation');
  });

  it('is refused in the case import’s 事项编码 column', async () => {
    const db = await freshDb();
    const file = join(tempDir(), 'cases.csv');
    writeFileSync(file, '事项编码,申请人,受理时间\n3.30100001e+11,张三,2025-10-09 09:00\n');
    const before = dump(db);
    const result = await hall(db, ['cases', 'import', file], NOW);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`  第 1 行（文件第 2 行），列 事项编码 = "3.30100001e+11"：${EXCEL}`);
    expect(dump(db)).toBe(before);
  });
});

describe('items import --sync names what it cancels', () => {
  it('lists the cancelled items in the summary and JSON, and warns for each that still has running cases', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    for (const applicant of ['张三', '李四']) {
      const registered = await hall(db, ['case', 'register', '--item', 'XK10004000', '--applicant', applicant], NOW);
      expect(registered.code, registered.stderr).toBe(0);
    }
    const file = join(tempDir(), 'catalog.csv');
    // Everything but 建设项目环境影响报告表审批 (two running cases) and 就业登记 (none).
    const kept = ['XK10001000', 'XK10001001', 'QT10002000', 'XK10003000', 'QT10006000', 'XK10007000'];
    writeFileSync(file, `事项编码\n${kept.join('\n')}\n`);
    const dry = await hall(db, ['items', 'import', file, '--sync', '--dry-run'], NOW);
    expect(dry.stdout).toContain('将取消事项 2 项：GG10005000 就业登记、XK10004000 建设项目环境影响报告表审批');
    const result = await hall(db, ['items', 'import', file, '--sync', '--format', 'json'], NOW);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      'hall: 警告: 同步取消的事项 XK10004000（建设项目环境影响报告表审批）仍有 2 件在办办件（办理中或暂停）；这些办件照常办理，但该事项不能再受理新办件\n',
    );
    const summary = JSON.parse(result.stdout);
    expect(summary.cancelled).toBe(2);
    expect(summary.cancelled_items).toEqual([
      { code: 'GG10005000', name: '就业登记', running_cases: 0 },
      { code: 'XK10004000', name: '建设项目环境影响报告表审批', running_cases: 2 },
    ]);
    const again = await hall(db, ['items', 'import', file, '--sync'], NOW);
    expect(again.stdout).not.toContain('已取消事项');
    expect(again.stderr).toBe('');
  });
});
