/** Tables fit the terminal (80 or 120 columns, 120 in a pipe); csv and json keep every character. */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/app.js';
import { fixture, freshDb, hall, tempDir } from './helpers.js';

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
