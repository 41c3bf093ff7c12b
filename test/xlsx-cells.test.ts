/** A workbook's typed cells as the CSV forms give them (SPEC §7.7), and where its error cells are. */

import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cellText, columnNumber, dateText, errorCells, exponentForm, numberText } from '../src/io/xlsx-cells.js';
import { sheetErrorCells } from '../src/io/xlsx-source.js';
import { zipEntries } from '../src/io/zip-entries.js';
import { type Cell, columnLetters, workbook } from './xlsx-workbook.js';

describe('numbers as their digits', () => {
  it.each([
    [20, '20'],
    [0.5, '0.5'],
    [0.1 + 0.2, '0.3'],
    [5.000000000000001, '5'],
    [1200.75, '1200.75'],
    [-3, '-3'],
    [0, '0'],
    [-0, '0'],
    [123456789012345, '123456789012345'],
  ])('%s → %s', (value, text) => {
    expect(numberText(value)).toBe(text);
  });

  it('writes the exponent form as Excel does, to the 15 digits it keeps', () => {
    expect(exponentForm(330681199001011000)).toBe('3.30681199001011E+17');
    expect(exponentForm(123456789012)).toBe('1.23456789012E+11');
    expect(exponentForm(1e-7)).toBe('1E-7');
  });
});

describe('dates as the local date and time', () => {
  const serial = (days: number) => new Date(Math.floor((days - 25569) * 86_400_000));

  it('reads an Excel serial as the wall clock it holds, without a time zone, rounding the floored milliseconds', () => {
    expect(dateText(serial(45915))).toBe('2025-09-15');
    // 09:05 is 0.378472… of a day: floored, it would read 09:04:59.999.
    expect(dateText(serial(45915 + (9 * 60 + 5) / 1440))).toBe('2025-09-15 09:05');
    expect(dateText(serial(45915 + (14 * 3600 + 30 * 60 + 15) / 86_400))).toBe('2025-09-15 14:30:15');
  });

  it('gives every kind of cell its CSV form, and refuses a code Excel shows in exponent form', () => {
    expect(cellText(null, false)).toEqual({ text: '' });
    expect(cellText(' 张三 ', true)).toEqual({ text: ' 张三 ' });
    expect(cellText(true, false)).toEqual({ text: 'TRUE' });
    expect(cellText(false, true)).toEqual({ text: 'FALSE' });
    expect(cellText(20, false)).toEqual({ text: '20' });
    expect(cellText(99999999999, true)).toEqual({ text: '99999999999' });
    expect(cellText(330100001234, false)).toEqual({ text: '330100001234' });
    expect(cellText(330100001234, true)).toEqual({ text: '3.30100001234E+11', problem: { rule: 'number_as_code' } });
  });
});

describe('error cells in a sheet’s XML', () => {
  it('are found by reference, with the value Excel shows, however the tag is written', () => {
    const xml = [
      '<row r="7"><c r="A7" s="2"><v>1</v></c><c r="B7" t="e"><f>VLOOKUP(A7,B:C,2,0)</f><v>#N/A</v></c></row>',
      "<x:row r='8'><x:c r='AB8' s='1' t='e'><x:v>#DIV/0!</x:v></x:c></x:row>",
      '<row r="9"><c r="C9" t="e"/><c r="D9" t="s"><v>3</v></c></row>',
      // A formula's text result that reads like the attribute is not one.
      '<row r="10"><c r="E10" t="str"><v> t="e"</v></c></row>',
    ].join('');
    const found = errorCells(new TextEncoder().encode(xml));
    expect([...found].map(([row, columns]) => [row, [...columns]])).toEqual([
      [7, [[2, '#N/A']]],
      [9, [[3, '#N/A']]],
      [8, [[28, '#DIV/0!']]],
    ]);
  });

  it('are all found in a large sheet, inflated as a stream, as in the whole of its XML', async () => {
    const rows: Cell[][] = [['事项编码', '申请人', '受理时间']];
    for (let index = 1; index < 40_000; index++) {
      const error = index % 97 === 0 ? ({ error: '#N/A' } as const) : null;
      rows.push([
        `XK${(index * 7919) % 100_003}`,
        error ?? `申请人${(index * 104_729) % 99_991}`,
        index % 89 === 0 ? { error: '#REF!' } : { date: '2025-09-15 09:12' },
      ]);
    }
    const bytes = workbook([{ name: 'A', rows }]);
    const sheet = 'xl/worksheets/sheet1.xml';
    const streamed = await sheetErrorCells(zipEntries(bytes).get(sheet)!);
    const whole = errorCells(unzipSync(bytes, { filter: (entry) => entry.name === sheet })[sheet]!);
    // Several of zlib's 16 KB chunks, rows cut between them.
    expect(bytes.length).toBeGreaterThan(4 * 64 * 1024);
    expect(streamed).toEqual(whole);
    expect([...streamed.values()].reduce((sum, columns) => sum + columns.size, 0)).toBe(Math.floor(39_999 / 97) + Math.floor(39_999 / 89));
  });

  it('numbers columns as Excel letters them', () => {
    for (const column of [1, 26, 27, 52, 703, 16384]) expect(columnNumber(columnLetters(column))).toBe(column);
  });
});
