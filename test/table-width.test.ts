/** Tables fit the terminal (80 or 120 columns, 120 in a pipe); csv and json keep every character. */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/app.js';
import { fixture, freshDb, hall, ROOT, tempDir } from './helpers.js';

let db: string;
beforeEach(async () => {
  db = await freshDb();
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
  await hall(db, ['items', 'import', fixture('items-long-names.csv')]);
});

async function atTerminal(args: string[], columns: number | undefined, isTTY = true): Promise<string> {
  let out = '';
  const code = await run(['--db', db, ...args], {
    stdout: { write: (chunk: string) => (out += chunk), isTTY, columns },
    stderr: { write: () => true },
    stdin: process.stdin,
    env: { HALL_NOW: '2025-10-09T10:00:00+08:00', HALL_OPERATOR: 'tester' },
  });
  expect(code).toBe(0);
  return out;
}

const widest = (text: string) => Math.max(...text.split('\n').map((line) => stringWidth(line)));

describe('tables fit the terminal', () => {
  it.each([
    [80, true],
    [120, true],
    [undefined, false],
  ])('items list and items check at %s columns (terminal: %s)', async (columns, tty) => {
    const limit = columns ?? 120;
    for (const args of [
      ['items', 'list'],
      ['items', 'check'],
      ['items', 'show', 'XK20001000'],
    ]) {
      const out = await atTerminal(args, columns, tty);
      expect(widest(out), `${args.join(' ')}\n${out}`).toBeLessThanOrEqual(limit);
    }
    const list = stripVTControlCharacters(await atTerminal(['items', 'list'], columns, tty));
    expect(list).toContain('…');
    expect(list).toMatch(/│ XK20001000 │ 城镇污水\S*…/);
  });

  it('keeps every character in csv and json, and in a table written to a file', async () => {
    const csv = await atTerminal(['items', 'list', '--format', 'csv'], 80);
    expect(csv).toContain('城镇污水排入排水管网许可证核发（含变更、延续、注销及遗失补办）');
    const json = JSON.parse(await atTerminal(['items', 'show', 'XK20001000', '--format', 'json'], 80));
    expect(json.name).toBe('城镇污水排入排水管网许可证核发（含变更、延续、注销及遗失补办）');
  });

  it('draws every row of a long list on one line, however narrow the terminal', async () => {
    // Its speed is measured in bench/items-list.mjs, not here.
    const { renderTable } = await import('../src/cli/render.js');
    const rows = Array.from({ length: 2000 }, (_, index) => ({ code: `XK${index}`, name: `事项${index}` }));
    const table = await renderTable(
      {
        columns: [
          { key: 'code', title: { zh: '编码', en: 'code' } },
          { key: 'name', title: { zh: '名称', en: 'name' } },
        ],
        rows,
      },
      'zh',
      false,
      80,
    );
    expect(table.split('\n')).toHaveLength(2000 + 5);
  });
});

/**
 * A county's catalog: one item for each of 15 departments, each at its own window (the
 * import creates them all), with the long department and window names real ones have.
 */
function countyCatalog(): string {
  const departments = [
    ['市场监管局', '市场监管窗口'],
    ['卫健委', '卫生健康窗口'],
    ['公安局', '出入境窗口'],
    ['住建局', '住建窗口'],
    ['自然资源局', '自然资源窗口'],
    ['不动产登记中心', '不动产登记窗口'],
    ['生态环境局', '生态环境窗口'],
    ['人社局', '人社窗口'],
    ['民政局', '民政窗口'],
    ['交通运输局', '交通窗口'],
    ['城管局', '城管窗口'],
    ['发改局', '投资项目窗口'],
    ['税务局', '税务窗口'],
    ['文旅局', '文旅窗口'],
    ['气象局', '气象窗口'],
  ];
  const rows = departments.map(
    ([department, window], index) => `XK0${String(index + 1).padStart(2, '0')}01000,${department}许可事项,${department},行政许可,20,5,${window}`,
  );
  const file = join(tempDir(), '事项目录.csv');
  writeFileSync(file, ['事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限,进驻窗口', ...rows].join('\n'));
  return file;
}

describe('sentences fit the terminal too', () => {
  it('folds a long list of new departments and windows at a list mark, indenting the rest', async () => {
    const fresh = await freshDb();
    let out = '';
    const code = await run(['--db', fresh, 'items', 'import', countyCatalog()], {
      stdout: { write: (chunk: string) => (out += chunk), isTTY: true, columns: 80 },
      stderr: { write: () => true },
      stdin: process.stdin,
      env: { HALL_NOW: '2025-10-09T10:00:00+08:00', HALL_OPERATOR: 'tester' },
    });
    expect(code).toBe(0);
    expect(widest(out), out).toBeLessThanOrEqual(80);
    const lines = out.split('\n');
    const departments = lines.findIndex((line) => line.startsWith('新建部门 15 个：'));
    expect(lines[departments]).toMatch(/、$/);
    expect(lines[departments + 1]).toMatch(/^ {2}\S/);
    // A window's code stays with its name.
    expect(out).not.toMatch(/W0\d\d\n/);
  });

  it('leaves a line that fits alone, and cuts a run without any break where it must', async () => {
    const { foldLines } = await import('../src/cli/render.js');
    expect(await foldLines(['短句'], 10)).toEqual(['短句']);
    expect(await foldLines(['甲乙丙、丁戊己、庚辛'], 12)).toEqual(['甲乙丙、', '  丁戊己、', '  庚辛']);
    expect(await foldLines(['一二三四五六七八九十'], 10)).toEqual(['一二三四五', '  六七八九', '  十']);
  });
});

describe('reports fit the terminal with every window of a real catalog', () => {
  it('the assessment at 80 columns, with 零办件窗口 among the ranked', async () => {
    const fresh = await freshDb();
    await hall(fresh, ['items', 'import', countyCatalog()]);
    const october = { HALL_NOW: '2025-10-09T09:30:00+08:00' };
    await hall(fresh, ['case', 'register', '--item', 'XK00101000', '--applicant', '张三'], october);
    await hall(fresh, ['case', 'conclude', '20251009-0001', '--outcome', 'approved'], { HALL_NOW: '2025-10-10T10:00:00+08:00' });
    await hall(fresh, ['window', 'record', 'W001', '--kind', 'deduction', '--points', '2', '--reason', '脱岗', '--date', '2025-10-10']);
    let out = '';
    const code = await run(['--db', fresh, 'report', 'assessment', '--month', '2025-10'], {
      stdout: { write: (chunk: string) => (out += chunk), isTTY: true, columns: 80 },
      stderr: { write: () => true },
      stdin: process.stdin,
      env: { HALL_NOW: '2025-11-03T08:30:00+08:00', HALL_OPERATOR: 'tester' },
    });
    expect(code).toBe(0);
    expect(out).toContain('零办件窗口');
    expect(widest(out), out).toBeLessThanOrEqual(80);
  });
});

describe('the width shortcut for common text', () => {
  it('gives what string-width gives for every character it claims, so string-width need not load', async () => {
    const { isPlain, plainWidth } = await import('../src/cli/render.js');
    const samples = [
      '办件 20251009-0001：XK10001000 食品经营许可；申请人 张三',
      '→ 审查',
      '— … × ★ · “引号” ‘单’ ← ↑ ↓ ° – ¥',
      '《中华人民共和国行政许可法》第四十五条',
      '１２３，ＡＢＣ（全角）',
      '超 11 个自然日',
    ];
    for (const sample of samples) {
      expect(isPlain(sample), sample).toBe(true);
      expect(plainWidth(sample), sample).toBe(stringWidth(sample));
    }
    // Not claimed: emoji and other scripts go to string-width.
    expect(isPlain('👍 好评')).toBe(false);
    expect(isPlain('Ünïcödé')).toBe(false);
  });
});

/** The cells of a table's column by its title, every row after the heading. */
function columnCells(table: string, title: string): string[] {
  const rows = stripVTControlCharacters(table)
    .split('\n')
    .filter((line) => line.startsWith('│'))
    .map((line) =>
      line
        .split('│')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const index = rows[0]!.indexOf(title);
  expect(index, `no column ${title} in\n${table}`).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((cells) => cells[index]!);
}

describe('a narrow terminal never cuts what matters', () => {
  const late = { HALL_NOW: '2025-09-01T09:30:00+08:00' };
  beforeEach(async () => {
    await hall(db, ['items', 'import', fixture('items-long-codes.csv')]);
    // Overdue in working days and in calendar days, open and in hand, with long names.
    for (const [item, applicant] of [
      ['511F0036800000-511602000000-000-115113010086172566-1-00', '广安市广安区恒达建筑工程有限责任公司'],
      ['XK10004000', '广安市广安区绿源环保科技有限公司'],
      ['511F0045400001-511602000000-000-11511301452259996u-1-00', '张三'],
    ]) {
      expect((await hall(db, ['case', 'register', '--item', item!, '--applicant', applicant!], late)).code).toBe(0);
    }
    await hall(db, ['case', 'register', '--item', '511C0112100000-511602000000-000-11511301008617147T-1-00', '--applicant', '李四']);
    await hall(db, ['case', 'register', '--item', 'XK10004000', '--applicant', '王五']);
  });

  it.each([
    [80, 'zh'],
    [60, 'zh'],
    [80, 'en'],
    [60, 'en'],
  ])('case list at %s columns (%s) fits, every days-left cell with its whole unit', async (columns, lang) => {
    const out = await atTerminal(['--lang', lang, 'case', 'list'], columns);
    expect(widest(out), out).toBeLessThanOrEqual(columns);
    const cells = columnCells(out, lang === 'zh' ? '剩余' : 'left');
    const whole = lang === 'zh' ? /^(—|[剩超]\d+(工作日|自然日)|超期办结)$/ : /^(—|\d+ (workdays?|cal\. days?) (left|over)|late)$/;
    for (const cell of cells) expect(cell, out).toMatch(whole);
    // Both units are there, counting forward and overdue: the check above has something to hold.
    const units = lang === 'zh' ? ['剩', '超', '工作日', '自然日'] : ['left', 'over', 'workday', 'cal. day'];
    for (const word of units)
      expect(
        cells.some((cell) => cell.includes(word)),
        `${word}\n${out}`,
      ).toBe(true);
  });

  it('keeps the deadline at 80 columns and names the columns it left out, in either language', async () => {
    const zh = stripVTControlCharacters(await atTerminal(['case', 'list'], 80));
    expect(zh).toContain('承诺期限');
    expect(zh).toContain('已省略：窗口、受理日期（加宽终端或 --format csv 查看）');
    const en = stripVTControlCharacters(await atTerminal(['--lang', 'en', 'case', 'list'], 60));
    expect(en.replace(/\n {2}/g, ' ')).toMatch(/^Omitted: applicant, window, accepted, deadline \(widen the terminal or use --format csv\)$/m);
    // A table that fits says nothing of the kind.
    expect(await atTerminal(['case', 'list'], 200)).not.toContain('已省略');
  });

  it('names the figures a monthly table leaves out, and gives each overdue count its unit', async () => {
    const november = { ...{ HALL_NOW: '2025-11-03T08:30:00+08:00' } };
    let out = '';
    const report = async (args: string[]) => {
      out = '';
      const code = await run(['--db', db, 'report', 'monthly', '--month', '2025-10', ...args], {
        stdout: { write: (chunk: string) => (out += chunk), isTTY: true, columns: 80 },
        stderr: { write: () => true },
        stdin: process.stdin,
        env: { ...november, HALL_OPERATOR: 'tester' },
      });
      expect(code).toBe(0);
      return stripVTControlCharacters(out);
    };
    const zh = await report(['--section', 'windows']);
    expect(widest(zh), zh).toBeLessThanOrEqual(80);
    expect(zh.replace(/\n {2}/g, '')).toMatch(/已省略：上期结转、.*期末在办、即办、日均受理.*（加宽终端或 --format csv 查看）/);
    const en = await report(['--lang', 'en', '--section', 'windows']);
    expect(en.replace(/\n {2}/g, ' ')).toMatch(/Omitted: carried, .*open, same day, .*per day.* \(widen the terminal or use --format csv\)/);

    const overdue = await report(['--section', 'overdue']);
    expect(widest(overdue), overdue).toBeLessThanOrEqual(80);
    const days = columnCells(overdue, '超期天数');
    expect(days.length).toBeGreaterThanOrEqual(3);
    for (const cell of days) expect(cell, overdue).toMatch(/^\d+ (工作日|自然日)$/);
    expect(days.some((cell) => cell.endsWith('自然日')) && days.some((cell) => cell.endsWith('工作日')), overdue).toBe(true);
    // JSON keeps the number, its unit beside it.
    const json = JSON.parse((await hall(db, ['report', 'monthly', '--month', '2025-10', '--format', 'json'], november)).stdout);
    for (const overdueCase of json.overdue_cases) {
      expect(typeof overdueCase.days_over).toBe('number');
      expect(['workday', 'calendar']).toContain(overdueCase.limit_unit);
    }

    // A 55-character 实施编码 in the items table: its middle goes, both ends stay.
    const items = await report(['--section', 'items']);
    expect(widest(items), items).toBeLessThanOrEqual(80);
    expect(items).toContain('│ 511F0036800000…-1-00 │');
  });

  it.each([120, 80])('shortens a long 实施编码 in its middle before the item name at %s columns', async (columns) => {
    const out = stripVTControlCharacters(await atTerminal(['items', 'list', '--all'], columns));
    expect(widest(out), out).toBeLessThanOrEqual(columns);
    const row = out.split('\n').find((line) => line.includes('511F0036800000'));
    const [code, name] = row!
      .split('│')
      .slice(1, 3)
      .map((cell) => cell.trim());
    expect(code).toMatch(/^511F0036800000.*….*-1-00$/);
    // The name keeps at least 10 characters: the code gave up its width first.
    expect(name!.replace('…', '').length, out).toBeGreaterThanOrEqual(10);
    expect(stringWidth(code!)).toBeLessThan(55);
    // csv keeps the code whole.
    expect(await atTerminal(['items', 'list', '--all', '--format', 'csv'], columns)).toContain('511F0036800000-511602000000-000-115113010086172566-1-00');
  });
});

describe('help and the version', () => {
  async function help(args: string[], columns: number): Promise<string> {
    let out = '';
    const code = await run(args, {
      stdout: { write: (chunk: string) => (out += chunk), isTTY: true, columns },
      stderr: { write: () => true },
      stdin: process.stdin,
      env: {},
    });
    expect(code).toBe(0);
    return out;
  }
  // Latin words, flags, paths and variables, as the help writes them.
  const words = (text: string) => (text.match(/[A-Za-z0-9$_./<>[\]|-]+/g) ?? []).sort();

  it.each([60, 80])('wraps at %s columns by display width, never inside a word or a flag', async (columns) => {
    let narrowLines = 0;
    let wideLines = 0;
    for (const lang of ['zh', 'en']) {
      for (const args of [
        ['--help'],
        ['case', 'list', '--help'],
        ['case', 'register', '--help'],
        ['report', 'monthly', '--help'],
        ['items', 'import', '--help'],
      ]) {
        const narrow = await help(['--lang', lang, ...args], columns);
        const wide = await help(['--lang', lang, ...args], 1000);
        for (const line of narrow.split('\n')) expect(stringWidth(line), `${args.join(' ')}\n${narrow}`).toBeLessThanOrEqual(columns);
        // The same words in the same order: a word split across lines would be two words here.
        expect(words(narrow), `${args.join(' ')}\n${narrow}`).toEqual(words(wide));
        narrowLines += narrow.split('\n').length;
        wideLines += wide.split('\n').length;
      }
    }
    // Something was wrapped at all.
    expect(narrowLines).toBeGreaterThan(wideLines);
  });

  it('prints the version of package.json and exits 0, as --version and -V', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await help(['--version'], 80)).toBe(`${version}\n`);
    expect(await help(['-V'], 80)).toBe(`${version}\n`);
    expect(await help(['--help'], 80)).toMatch(/-V, --version +显示版本号/);
    // A command's help lists the options it takes, not the program's version.
    expect(await help(['case', 'list', '--help'], 80)).not.toContain('--version');
  });
});
