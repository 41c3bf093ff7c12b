import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import readExcelFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { type Sheet, writeWorkbook } from '../src/io/report-xlsx.js';
import { tempDir } from './helpers.js';

const TITLE = '示范市政务服务中心 2026年10月 窗口办件统计表（2026-10-01 至 2026-10-31）';

const windows: Sheet = {
  name: '窗口办件统计表',
  title: TITLE,
  columns: [
    { title: '窗口', kind: 'text' },
    { title: '受理数', kind: 'count' },
    { title: '按时办结率', kind: 'rate' },
    { title: '平均用时（工作日）', kind: 'decimal' },
    { title: '收费金额（元）', kind: 'money' },
    { title: '最近办结日期', kind: 'date' },
  ],
  rows: [
    ['市场监管综合窗口', 1234, 0.9428, 3.456, 1234567, '2026-10-31'],
    ['=HYPERLINK("http://x")', 0, null, null, 0, null],
  ],
  notes: ['还有 28 项未列出'],
};

// An illegal, over-long name: the writer must fix it rather than let write-excel-file throw.
const empty: Sheet = {
  name: '窗口考核/评分:2026年10月[第一版]*最终?稿\\附表说明及其他补充材料',
  title: '示范市政务服务中心 2026年10月 窗口考核表',
  columns: [
    { title: '窗口', kind: 'text' },
    { title: '得分', kind: 'decimal' },
  ],
  rows: [],
};

/** The unzipped parts of an xlsx file, as text. */
function parts(path: string): Record<string, string> {
  const files = unzipSync(readFileSync(path));
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

/** The number format code and boldness of one cell, resolved through styles.xml. */
function style(files: Record<string, string>, sheetXml: string, ref: string): { format: string | undefined; bold: boolean } {
  const styles = files['xl/styles.xml']!;
  const index = Number(new RegExp(`<c r="${ref}"(?: s="(\\d+)")?`).exec(files[sheetXml]!)?.[1] ?? 0);
  const xf = [...styles.split('<cellXfs')[1]!.matchAll(/<xf\b[^>]*>/g)][index]![0];
  const formatId = /numFmtId="(\d+)"/.exec(xf)?.[1];
  const format = formatId === undefined ? undefined : new RegExp(`<numFmt numFmtId="${formatId}" formatCode="([^"]*)"`).exec(styles)?.[1];
  const fontId = Number(/fontId="(\d+)"/.exec(xf)?.[1] ?? 0);
  const font = [...styles.matchAll(/<font>.*?<\/font>/g)][fontId]![0];
  return { format: format?.replaceAll('&amp;', '&'), bold: font.includes('<b/>') };
}

describe('writeWorkbook', () => {
  it('writes one sheet per section with title, headers, typed cells and notes', async () => {
    const path = join(tempDir(), 'report.xlsx');
    await writeWorkbook(path, [windows, empty]);
    const book = await readExcelFile(path);

    expect(book.map((sheet) => sheet.sheet)).toEqual(['窗口办件统计表', '窗口考核_评分_2026年10月_第一版__最终_稿_附表说明']);
    expect(book[1]!.sheet.length).toBeLessThanOrEqual(31);

    const [title, header, full, sparse, blank, note] = book[0]!.data;
    expect(title![0]).toBe(TITLE);
    expect(header).toEqual(['窗口', '受理数', '按时办结率', '平均用时（工作日）', '收费金额（元）', '最近办结日期']);
    expect(full).toEqual(['市场监管综合窗口', 1234, 0.9428, 3.456, 12345.67, '2026-10-31']);
    expect(typeof full![1]).toBe('number');
    expect(typeof full![2]).toBe('number');
    expect(typeof full![4]).toBe('number');
    // A formula-looking string is plain text: shown as typed, never evaluated.
    expect(sparse![0]).toBe('=HYPERLINK("http://x")');
    // Null rate and decimal (no denominator) read back as the dash; null date stays empty; zero money is a 0.
    expect(sparse!.slice(1)).toEqual([0, '—', '—', 0, null]);
    expect(blank!.every((value) => value === null)).toBe(true);
    expect(note![0]).toBe('还有 28 项未列出');
    expect(book[0]!.data).toHaveLength(6);

    // A month with no cases: title and header only.
    expect(book[1]!.data).toEqual([
      ['示范市政务服务中心 2026年10月 窗口考核表', null],
      ['窗口', '得分'],
    ]);
  });

  it('sets number formats, bold title and headers, a merged title, frozen rows and column widths', async () => {
    const path = join(tempDir(), 'report.xlsx');
    await writeWorkbook(path, [windows, empty]);
    const files = parts(path);
    const first = 'xl/worksheets/sheet1.xml';
    const second = 'xl/worksheets/sheet2.xml';

    expect(style(files, first, 'B3').format).toBeUndefined();
    expect(style(files, first, 'C3').format).toBe('0.00%');
    expect(style(files, first, 'D3').format).toBe('0.00');
    expect(style(files, first, 'E3').format).toBe('#,##0.00');
    expect(style(files, first, 'E4').format).toBe('#,##0.00');
    expect(style(files, first, 'F3').format).toBeUndefined();
    for (const ref of ['A1', 'A2', 'C2', 'F2']) expect(style(files, first, ref).bold).toBe(true);
    expect(style(files, first, 'A3').bold).toBe(false);

    // Strings are shared strings (t="s"); the writer emits no formulas at all.
    expect(files[first]).toMatch(/<c r="A4"[^>]* t="s">/);
    expect(files[first]).not.toContain('<f>');
    expect(files[first]).toMatch(/<c r="F3"[^>]* t="s">/);

    expect(files[first]).toContain('<mergeCell ref="A1:F1"/>');
    expect(files[second]).toContain('<mergeCell ref="A1:B1"/>');
    for (const sheet of [first, second]) expect(files[sheet]).toMatch(/<pane [^>]*ySplit="2"[^>]*state="frozen"/);

    const widths = [...files[first]!.matchAll(/<col min="(\d+)" max="\d+" width="(\d+)"/g)].map((match) => Number(match[2]));
    // The widest value sets the width, not the header: '=HYPERLINK("http://x")' is 22, plus 2 of padding.
    expect(widths[0]).toBe(24);
    // A CJK character counts 2: 受理数 is 6 + 2 = 8, 按时办结率 10 + 2, 平均用时（工作日） 18 + 2,
    // '12,345.67' is narrower than 收费金额（元） (14 + 2), '2026-10-31' narrower than 最近办结日期 (12 + 2).
    expect(widths.slice(1)).toEqual([8, 12, 20, 16, 14]);
    for (const width of widths) expect(width).toBeGreaterThanOrEqual(6);
    for (const width of widths) expect(width).toBeLessThanOrEqual(40);
  });

  it('keeps sheet names unique ignoring case, within 31 characters and off the reserved History', async () => {
    const path = join(tempDir(), 'names.xlsx');
    const sheet = (name: string): Sheet => ({ name, title: name, columns: [{ title: '项', kind: 'text' }], rows: [['x']] });
    const long = '统'.repeat(40);
    await writeWorkbook(path, [sheet('Stats'), sheet('stats'), sheet(''), sheet(long), sheet(long), sheet('history'), sheet("'引号'"), sheet(" 附表' ")]);
    const names = (await readExcelFile(path)).map((read) => read.sheet);
    expect(names).toEqual(['Stats', 'stats(2)', 'Sheet3', '统'.repeat(31), `${'统'.repeat(28)}(2)`, 'history(2)', '引号', '附表']);
  });

  it('refuses a string in a numeric column', async () => {
    const path = join(tempDir(), 'bad.xlsx');
    const bad: Sheet = { name: 'x', title: 't', columns: [{ title: '受理数', kind: 'count' }], rows: [['12']] };
    await expect(writeWorkbook(path, [bad])).rejects.toThrow(/受理数 \(count\) expects a number/);
  });
});
