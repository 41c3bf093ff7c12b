/**
 * How a page sets its tables on A4 (src/io/report-layout.ts) and scales its charts'
 * axes (src/io/report-charts.ts), as data: no browser here (npm run check:html opens the
 * demo's pages in one and checks that every table fits its page).
 */
import { describe, expect, it } from 'vitest';
import { countAxis, rateAxis } from '../src/io/report-charts.js';
import { layoutSections, type TableText, textEms } from '../src/io/report-layout.js';

const WINDOWS = ['企业登记窗口', '食品药品许可窗口', '户政窗口', '出入境窗口', '车驾管窗口', '社保就业窗口', '医保窗口'];

/** A table of `rows` windows: code, name, then the counts and rates given as header → a cell. */
function table(rows: number, figures: Record<string, string>, lang: 'zh' | 'en' = 'zh'): TableText {
  const head = ['窗口', '窗口名称', ...Object.keys(figures)];
  return {
    head,
    rows: Array.from({ length: rows }, (_, at) => [`A${String(at + 1).padStart(2, '0')}`, WINDOWS[at % WINDOWS.length]!, ...Object.values(figures)]),
    numeric: head.map((_, at) => at >= 2),
    notes: [],
    lang,
  };
}

/** The monthly pack's 16 figures of a window (窗口办件统计表). */
const SIXTEEN = Object.fromEntries(
  [
    '上期结转',
    '受理',
    '不予受理',
    '办结',
    '准予',
    '不予办理',
    '撤回',
    '期末在办',
    '即办',
    '超期',
    '按时办结率',
    '现场办结率',
    '办结率',
    '日均受理',
    '办理用时',
    '节约时限',
  ].map((title) => [title, title.endsWith('率') ? '100.00%' : '1938']),
);
/** 差评整改统计表's eleven: narrow counts, so the table fits a portrait page in the smaller type. */
const ELEVEN = Object.fromEntries(
  ['差评', '申诉成立', '已整改', '按期整改', '超期', '已回访', '回访满意', '整改率', '按期整改率', '回访率', '回访满意率'].map((title) => [
    title,
    title.endsWith('率') ? '100.00%' : '3',
  ]),
);

const narrow = (rows: number) => table(rows, { 受理: '776', 按时办结率: '99.60%' });

describe('the tables of a page', () => {
  it('sets a table on a landscape page by the width its columns need, not by how many there are', () => {
    const [few] = layoutSections([narrow(5)]);
    const [wide] = layoutSections([table(14, SIXTEEN)]);
    const [reviews] = layoutSections([table(14, ELEVEN)]);
    expect(few).toMatchObject({ wide: false, small: false, orientation: 'portrait' });
    expect(wide).toMatchObject({ wide: true, orientation: 'landscape' });
    // Thirteen columns of short numbers fit a portrait page in the smaller type.
    expect(reviews).toMatchObject({ wide: false, small: true, orientation: 'portrait' });
  });

  it('begins each table on a page, a short one sharing the page of the one before while both fit', () => {
    expect(layoutSections([narrow(20), narrow(8), narrow(5)]).map((layout) => layout.newPage)).toEqual([true, false, false]);
    // Four take two pages either way: the fuller of the two is left the more room.
    const layouts = layoutSections([narrow(20), narrow(8), narrow(5), narrow(30)]);
    expect(layouts.map((layout) => layout.newPage)).toEqual([true, false, true, false]);
    expect(layouts.every((layout) => layout.short && layout.orientation === 'portrait')).toBe(true);
  });

  it('splits a run of short tables over as few pages as they fit, and never joins a long one', () => {
    const layouts = layoutSections([narrow(5), narrow(120), narrow(5), narrow(5)]);
    expect(layouts.map((layout) => layout.newPage)).toEqual([true, true, true, false]);
    // A table longer than a page may break between its rows; the others are kept whole.
    expect(layouts.map((layout) => layout.short)).toEqual([true, false, true, true]);
  });

  it('sets a short portrait table on the landscape page of the wide one after it when that saves a page', () => {
    // 办件总体情况 and 主要指标 fill a portrait page; 事项目录指标 would be alone on the next.
    const layouts = layoutSections([narrow(22), narrow(16), narrow(6), table(14, SIXTEEN), table(17, SIXTEEN)]);
    expect(layouts.map((layout) => [layout.orientation, layout.newPage])).toEqual([
      ['portrait', true],
      ['portrait', false],
      ['landscape', true],
      ['landscape', false],
      ['landscape', true],
    ]);
    expect(layouts[2]!.wide).toBe(false);
  });

  it('keeps a column of short names on one line, and lets long ones wrap', () => {
    const items = table(3, { 受理: '1' });
    items.rows[1]![1] = '城镇污水排入排水管网许可证核发（含变更、延续、注销及遗失补办）';
    expect(layoutSections([table(3, { 受理: '1' }), items]).map((layout) => layout.unbroken)).toEqual([
      [true, true, false],
      [true, false, false],
    ]);
  });

  it('measures text as Noto Sans CJK sets it: a CJK character 1 em, a digit a little over half', () => {
    expect(textEms('窗口名称')).toBe(4);
    expect(textEms('1938')).toBeCloseTo(2.24);
    expect(textEms('100.00%')).toBeGreaterThan(3.5);
  });
});

describe('the axes of a chart of counts and a rate', () => {
  it('starts the rate axis at the lowest rate rounded down, low enough to keep the line above the bars', () => {
    expect(rateAxis([97.1, 100, null])).toEqual({ min: 90, interval: 2 });
    expect(rateAxis([100])).toEqual({ min: 90, interval: 2 });
    // 90% on 90–100% would sit on the bars: 50–100%.
    expect(rateAxis([90, 99])).toEqual({ min: 50, interval: 10 });
    expect(rateAxis([42.5])).toEqual({ min: 0, interval: 20 });
    expect(rateAxis([null, null])).toEqual({ min: 0, interval: 20 });
  });

  it('cuts the counts in as many whole steps, the tallest bar at about three fifths of the height', () => {
    for (const tallest of [0, 1, 3, 14, 22, 194, 960, 12_345]) {
      const { max, interval } = countAxis(tallest);
      expect(max / interval).toBe(5);
      expect(Number.isInteger(interval)).toBe(true);
      expect(tallest / max).toBeLessThanOrEqual(0.63);
      if (tallest >= 10) expect(tallest / max).toBeGreaterThanOrEqual(0.4);
    }
  });
});
