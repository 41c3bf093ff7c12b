/** `hall report`: periods, rubrics and outputs as a user meets them, every refusal with its message and exit code. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import stringWidth from 'string-width';
import { beforeEach, describe, expect, it } from 'vitest';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

let db: string;
const NOW = { HALL_NOW: '2025-11-05T09:00:00+08:00' };
const run = (args: string[], tty = false) => hall(db, args, NOW, tty);

beforeEach(async () => {
  db = await freshDb();
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')], { HALL_NOW: '2025-09-01T08:00:00+08:00' });
  // A window name that a spreadsheet would run as a formula.
  await hall(db, ['window', 'add', 'W009', '--name', '=HYPERLINK("x")'], { HALL_NOW: '2025-09-01T08:00:00+08:00' });
  for (const [item, at] of [
    ['XK10001000', '2025-10-09T10:00:00+08:00'],
    ['XK10003000', '2025-10-13T10:00:00+08:00'],
  ]) {
    await hall(db, ['case', 'register', '--item', item!, '--applicant', '申请人'], { HALL_NOW: at! });
  }
  await hall(db, ['case', 'conclude', '20251009-0001', '--outcome', 'approved'], { HALL_NOW: '2025-10-10T10:00:00+08:00' });
});

describe('report periods', () => {
  it.each([
    [['report', 'monthly', '--month', '2026-13'], 1, '--month "2026-13" 无效：应为 YYYY-MM（月份 01–12），或 last（上月）、this（本月）'],
    [['report', 'assessment', '--quarter', '2026Q5'], 1, '--quarter "2026Q5" 无效：应为 YYYYQn（n 为 1–4，如 2026Q3），或 last、this'],
    [['report', 'monthly', '--from', '2025-10-31', '--to', '2025-10-01'], 1, '--from "2025-10-31" 无效：晚于 --to'],
    [['report', 'monthly', '--from', '2025-10-01'], 2, '缺少 --to'],
    [['report', 'monthly'], 2, '缺少 --month、--from/--to'],
    [['report', 'assessment', '--month', '2025-10', '--quarter', '2025Q4'], 2, '--month、--quarter、--from/--to 只能选一个'],
    [['report', 'monthly', '--month', '2025-10', '--section', '天气'], 1, '（或 summary、rates、catalog、windows'],
    [
      ['report', 'monthly', '--month', '2025-10', '--section', '天气'],
      1,
      '--section "天气" 无效：未知的报表部分；可用：办件总体情况、主要指标、事项目录指标、窗口办件统计表',
    ],
  ])('%j exits %i: %s', async (args, code, message) => {
    const before = dump(db);
    const result = await run(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
    expect(dump(db)).toBe(before);
  });

  it('warns once about a year the calendar has no schedule for, and still reports', async () => {
    const result = await hall(db, ['report', 'monthly', '--month', '2027-02', '--format', 'json'], { HALL_NOW: '2027-03-02T09:00:00+08:00' });
    expect(result.code).toBe(0);
    expect(result.stderr.match(/2027/g)).toHaveLength(1);
    // February 2027 counted on weekends only: 20 weekdays.
    expect(JSON.parse(result.stdout).working_days).toBe(20);
  });

  it('takes last and this months and quarters for cron', async () => {
    const json = async (args: string[]) => JSON.parse((await run([...args, '--format', 'json'])).stdout).period;
    expect(await json(['report', 'monthly', '--month', 'last'])).toEqual({ from: '2025-10-01', to: '2025-10-31' });
    expect(await json(['report', 'monthly', '--month', 'this'])).toEqual({ from: '2025-11-01', to: '2025-11-30' });
    expect(await json(['report', 'assessment', '--quarter', 'last'])).toEqual({ from: '2025-07-01', to: '2025-09-30' });
    expect(await json(['report', 'assessment', '--quarter', '2025Q4'])).toEqual({ from: '2025-10-01', to: '2025-12-31' });
  });
});

describe('rubrics', () => {
  const rubricFile = (content: string) => {
    const path = join(tempDir(), 'rubric.json');
    writeFileSync(path, content);
    return path;
  };

  it.each([
    ['{"ontime": 40}', 'rubric.json 的 "ontime" 不是考核细则的项目；可用：on_time, on_site'],
    ['{"discipline": -10}', 'rubric.json 的 "discipline" 不能为负数（-10）'],
    ['{"on_time": 40,', '不是有效的 JSON'],
    ['{"red_flag_min_cases": -1}', 'rubric.json 的 "red_flag_min_cases" 不能为负数（-1）'],
    ['{"red_flag_min_cases": 2.5}', 'rubric.json 的 "red_flag_min_cases" 应为整数（2.5）'],
    ['{"red_flag_min_cases": "十"}', 'rubric.json 的 "red_flag_min_cases" 应为数字，实为 "十"'],
    // Finite, but 1e308 + 1e308 points would add up to Infinity and leave a ranked window without a score.
    ['{"on_time": 1e308, "on_site": 1e308}', 'rubric.json 的 "on_time" 不能大于 1000（实为 1e+308）'],
    ['{"red_flag_min_cases": 1e6}', 'rubric.json 的 "red_flag_min_cases" 不能大于 100000（实为 1000000）'],
  ])('refuses %s in --rubric and in init --rubric, changing nothing', async (content, message) => {
    const path = rubricFile(content);
    const before = dump(db);
    const assessed = await run(['report', 'assessment', '--month', '2025-10', '--rubric', path]);
    expect(assessed.code).toBe(1);
    expect(assessed.stderr).toContain(message);
    const stored = await run(['init', '--rubric', path]);
    expect(stored.code).toBe(1);
    expect(stored.stderr).toContain(message);
    expect(dump(db)).toBe(before);
  });

  it('uses a rubric file, or the one init stored', async () => {
    const path = rubricFile('{"on_time": 45, "on_site": 15}');
    const score = async (...args: string[]) => {
      const result = await run(['report', 'assessment', '--month', '2025-10', '--format', 'json', ...args]);
      return JSON.parse(result.stdout);
    };
    expect((await score()).rubric.on_time).toBe(35);
    expect((await score('--rubric', path)).rubric).toMatchObject({ on_time: 45, on_site: 15, satisfaction: 20 });
    expect((await run(['init', '--rubric', path])).code).toBe(0);
    const stored = await score();
    expect(stored.rubric).toMatchObject({ on_time: 45, on_site: 15 });
    // W001 concluded one case on time and on site, nobody rated it: 45 + 15 + 10 + 10 of 80.
    expect(stored.windows[0]).toMatchObject({ code: 'W001', rank: 1, score: 100 });
    const missing = await run(['report', 'assessment', '--month', '2025-10', '--rubric', join(tempDir(), 'none.json')]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('找不到文件') });
  });
});

describe('the assessment cannot be gamed (SPEC §6.3 as revised)', () => {
  const assess = async (...args: string[]) => {
    const result = await run(['report', 'assessment', '--month', '2025-10', '--format', 'json', ...args]);
    expect(result.code).toBe(0);
    return (JSON.parse(result.stdout) as { windows: Record<string, unknown>[] }).windows;
  };
  const byCode = (windows: Record<string, unknown>[], code: string) => windows.find((window) => window.code === code)!;
  const rubricFile = (content: string) => {
    const path = join(tempDir(), 'rubric.json');
    writeFileSync(path, content);
    return path;
  };

  it('ranks a window that concluded nothing but keeps a late case open, and shows its late cases in hand', async () => {
    // W002 took one 7-day case on 10-13 (due 10-22) and has not concluded it.
    const windows = await assess();
    expect(byCode(windows, 'W002')).toMatchObject({
      rank: 2,
      not_ranked_reason: null,
      concluded: 0,
      overdue: 1,
      overdue_open: 1,
      // 0 + 10 + 10 of 35 + 10 + 10.
      score: 36.36,
      components: { on_time: 0, on_site: null, satisfaction: null, complaints: 10, discipline: 10, bonus: 0 },
    });
    expect(byCode(windows, 'W003')).toMatchObject({ rank: null, score: null, not_ranked_reason: 'no_concluded_cases', overdue_open: 0 });
    const table = await run(['report', 'assessment', '--month', '2025-10']);
    expect(table.stdout).toContain('在办超期');
    expect(table.stdout).toMatch(/│ W002 │ 出入境窗口 *│ +0 │ +1 │ +0\.00 │/);
    expect(table.stdout).toContain('按时 = 按时办结 ÷（办结 + 在办超期）');
    // The note the table leaves out for width is in the CSV.
    const csv = await run(['report', 'assessment', '--month', '2025-10', '--format', 'csv', '--section', 'scores']);
    expect(csv.stdout).toContain('无办结件，在办超期 1 件，按 55 分折算');
    const english = await run(['report', 'assessment', '--month', '2025-10', '--lang', 'en', '--format', 'csv', '--section', 'scores']);
    expect(english.stdout).toContain('late open');
    expect(english.stdout).toContain('nothing concluded, 1 late in hand; rescaled to 55');
  });

  it('counts a late case in hand against 按时 of a window that concluded others', async () => {
    // A second W001 case, due 10-16, still open at the month end: 35 × 1 / (1 + 1).
    await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '申请人乙'], { HALL_NOW: '2025-10-09T11:00:00+08:00' });
    const w001 = byCode(await assess(), 'W001');
    // Nobody rated it: 17.5 + 25 + 10 + 10 of 80.
    expect(w001).toMatchObject({ concluded: 1, overdue_open: 1, components: { on_time: 17.5 }, score: 78.13, red_flag: false });
    // The §6.1 rate keeps its meaning: one concluded, on time.
    const monthly = JSON.parse((await run(['report', 'monthly', '--month', '2025-10', '--format', 'json'])).stdout);
    expect(monthly.windows.find((window: { code: string }) => window.code === 'W001').rates.on_time).toBe(1);
  });

  it('flags red only from red_flag_min_cases concluded cases, from a rubric file or the stored rubric', async () => {
    // W001 scores 100 on one case: not enough for the default minimum of 10.
    expect(byCode(await assess(), 'W001')).toMatchObject({ score: 100, red_flag: false });
    const one = rubricFile('{"red_flag_min_cases": 1}');
    expect(byCode(await assess('--rubric', one), 'W001')).toMatchObject({ red_flag: true });
    const stored = await run(['init', '--rubric', one, '--format', 'json']);
    expect(JSON.parse(stored.stdout).rubric.red_flag_min_cases).toBe(1);
    expect(byCode(await assess(), 'W001')).toMatchObject({ red_flag: true });
    const table = await run(['report', 'assessment', '--month', '2025-10']);
    expect(table.stdout).toContain('办结 ≥ 1 件');
    // A file named on the command line wins over the stored rubric.
    expect(byCode(await assess('--rubric', rubricFile('{"red_flag_min_cases": 2}')), 'W001')).toMatchObject({ red_flag: false });
  });
});

describe('report output', () => {
  it('prints every section as a table that fits the terminal, CJK aligned', async () => {
    for (const [tty, width] of [
      [false, 120],
      [true, 80],
    ] as const) {
      const stdout = { ...NOW };
      const result = await hall(db, ['report', 'monthly', '--month', '2025-10'], stdout, tty);
      expect(result.code).toBe(0);
      for (const title of [
        '窗口办件统计表',
        '部门办件统计表',
        '事项办件统计表',
        '事项类型汇总表',
        '收费统计表',
        '超期办件明细表',
        '评价统计表',
        '差评整改统计表',
        '投诉统计表',
      ]) {
        expect(result.stdout).toContain(title);
      }
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's colour codes
      const lines = result.stdout.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
      expect(Math.max(...lines.map((line) => stringWidth(line)))).toBeLessThanOrEqual(width);
      // Every row of a table is as wide as its border.
      for (let index = 0; index < lines.length; index++) {
        if (lines[index]!.startsWith('│')) expect(stringWidth(lines[index]!)).toBe(stringWidth(lines[index - 1]!));
      }
    }
    const assessment = await run(['report', 'assessment', '--month', '2025-10']);
    expect(assessment.stdout).toContain('效能指标公示');
    expect(assessment.stdout).toContain('效能排位表');
    expect(assessment.stdout).toContain('零办件窗口');
    const english = await run(['report', 'monthly', '--month', '2025-10', '--lang', 'en']);
    expect(english.stdout).toContain('cases by window');
  });

  it('refuses xlsx to the terminal and a multi-table CSV to stdout, and other commands refuse xlsx', async () => {
    const xlsx = await run(['report', 'monthly', '--month', '2025-10', '--format', 'xlsx'], true);
    expect(xlsx).toMatchObject({ code: 2, stdout: '' });
    expect(xlsx.stderr).toContain('--format xlsx 是文件格式，不能输出到终端；请用 --out 指定文件或目录');
    const csv = await run(['report', 'monthly', '--month', '2025-10', '--format', 'csv']);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('CSV 一次只写一张统计表');
    const items = await run(['items', 'list', '--format', 'xlsx']);
    expect(items.code).toBe(2);
    expect(items.stderr).toContain('此命令不支持 --format xlsx');
  });

  it('prints one section as CSV, rates as percentages, — for a zero denominator, formulas guarded', async () => {
    const result = await run(['report', 'monthly', '--month', '2025-10', '--format', 'csv', '--section', '窗口办件统计表']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\r\n');
    expect(lines[0]).toMatch(/^窗口,窗口名称,上期结转,受理,不予受理,办结,/);
    expect(lines[1]).toMatch(/^W001,市场监管窗口,0,1,0,1,1,0,0,0,0,0,100\.00%,100\.00%,100\.00%,0\.06,/);
    expect(lines.find((line) => line.startsWith('W009'))).toContain(`"'=HYPERLINK(""x"")",0,0,0,0,0,0,0,0,0,0,—,—,—,0.00`);
  });

  it('writes a named workbook into a directory, never overwriting it without --force', async () => {
    const reports = join(tempDir(), 'reports');
    const first = await run(['report', 'monthly', '--month', 'last', '--format', 'xlsx', '--out', `${reports}/`]);
    expect(first).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const file = join(reports, '2025-10-月度统计.xlsx');
    expect(readdirSync(reports)).toEqual(['2025-10-月度统计.xlsx']);
    const written = readFileSync(file);
    const again = await run(['report', 'monthly', '--month', 'last', '--format', 'xlsx', '--out', `${reports}/`]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${file} 已存在；覆盖请加 --force`);
    expect(readFileSync(file)).toEqual(written);
    const forced = await run(['report', 'monthly', '--month', 'last', '--out', reports, '--force']);
    expect(forced.code).toBe(0);
    const assessment = await run(['report', 'assessment', '--quarter', '2025Q4', '--out', reports]);
    expect(assessment.code).toBe(0);
    expect(readdirSync(reports).sort()).toEqual(['2025-10-月度统计.xlsx', '2025Q4-窗口考核.xlsx']);
  });

  it('writes a workbook that reads back with numbers, percentages and 元 in their cells', async () => {
    const file = join(tempDir(), 'october.xlsx');
    expect((await run(['report', 'monthly', '--month', '2025-10', '--out', file])).code).toBe(0);
    const sheets = await readXlsxFile(file);
    expect(sheets.map((sheet) => sheet.sheet)).toEqual([
      '办件总体情况',
      '主要指标',
      '事项目录指标',
      '窗口办件统计表',
      '部门办件统计表',
      '事项办件统计表',
      '事项类型汇总表',
      '一件事办理统计表',
      '收费统计表',
      '超期办件明细表',
      '评价统计表',
      '差评整改统计表',
      '投诉统计表',
    ]);
    const windows = await readSheet(file, '窗口办件统计表');
    expect(windows[0]![0]).toBe('测试市政务服务中心 月度统计 窗口办件统计表（2025-10-01 至 2025-10-31）');
    expect(windows[1]!.slice(0, 4)).toEqual(['窗口', '窗口名称', '上期结转', '受理']);
    const w001 = windows.find((row) => row[0] === 'W001')!;
    expect(w001.slice(0, 6)).toEqual(['W001', '市场监管窗口', 0, 1, 0, 1]);
    // 按时办结率 is a number (1 = 100%), not the text "100.00%".
    expect(w001[12]).toBe(1);
    const w002 = windows.find((row) => row[0] === 'W002')!;
    expect(w002[12]).toBe('—');
    const fees = await readSheet(file, '收费统计表');
    // The passport fee: 120 元 as the number 120, from 12000 fen.
    expect(fees.find((row) => row[0] === 'XK10003000')).toEqual(['XK10003000', '普通护照签发', 'W002', 1, 120]);
    const catalog = await readSheet(file, '事项目录指标');
    expect(catalog.find((row) => row[0] === '进驻大厅（项目进驻率）')![2]).toBeCloseTo(6 / 7, 12);
  });

  it('writes one CSV per section into a directory, with a BOM, or one section to a file', async () => {
    const dir = join(tempDir(), 'csv');
    mkdirSync(dir);
    expect((await run(['report', 'monthly', '--month', '2025-10', '--format', 'csv', '--out', dir])).code).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(13);
    expect(files).toContain('2025-10-月度统计-窗口办件统计表.csv');
    const bytes = readFileSync(join(dir, '2025-10-月度统计-超期办件明细表.csv'));
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const single = join(dir, 'windows.csv');
    const noSection = await run(['report', 'monthly', '--month', '2025-10', '--out', single]);
    expect(noSection.code).toBe(2);
    expect(existsSync(single)).toBe(false);
    expect((await run(['report', 'monthly', '--month', '2025-10', '--out', single, '--section', 'windows'])).code).toBe(0);
    expect(readFileSync(single, 'utf8')).toMatch(/^\uFEFF窗口,窗口名称/);
  });

  it('refuses an unwritable --out before computing anything, and writes nothing', async () => {
    const dir = tempDir();
    const missing = await run(['report', 'monthly', '--month', '2025-10', '--out', join(dir, 'no', 'such', 'r.xlsx')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('所在目录不存在');
    const nested = await run(['report', 'monthly', '--month', '2025-10', '--out', join(dir, 'no', 'such/')]);
    expect(nested.code).toBe(1);
    expect(existsSync(join(dir, 'no'))).toBe(false);
    const clash = join(dir, 'clash');
    mkdirSync(clash);
    mkdirSync(join(clash, '2025-10-月度统计.xlsx'));
    const onDirectory = await run(['report', 'monthly', '--month', '2025-10', '--out', clash]);
    expect(onDirectory.code).toBe(1);
    expect(statSync(join(clash, '2025-10-月度统计.xlsx')).isDirectory()).toBe(true);
  });
});
