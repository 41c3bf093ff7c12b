/**
 * The fast paths of a large case import (issue 24) give what the general ways give: a
 * written time read character by character is what parseEventTime makes of it, a file
 * without quotes split at its line ends is what csv-parse makes of it, and rows packed
 * to cross between threads come back as they left.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type CaseField, parseCaseRow } from '../src/core/case-row.js';
import { parseEventTime } from '../src/core/case-values.js';
import { InvalidValue } from '../src/core/errors.js';
import { reopenCsv } from '../src/io/csv-source.js';
import { RowPacker, RowUnpacker } from '../src/store/case-check-thread.js';
import { tempDir } from './helpers.js';

const now = new Date('2026-11-23T09:00:00+08:00');

/** What parseEventTime makes of a time, or the rule it refuses it by. */
function slow(value: string, timeZone: string): unknown {
  try {
    return parseEventTime('accepted_at', value, timeZone, now);
  } catch (error) {
    if (error instanceof InvalidValue) return error.problem;
    throw error;
  }
}

/** What a case row makes of the same time. */
function fast(value: string, timeZone: string): unknown {
  const parsed = parseCaseRow({ item: 'XK10001000', applicant: '张三', accepted_at: value } as Record<CaseField, string>, { timeZone, now });
  return 'row' in parsed ? parsed.row.accepted : parsed.errors[0]!.problem;
}

describe('a written time', () => {
  const times = [
    '2026-01-04 09:03',
    '2026-01-04T09:03',
    '2026-01-04 09:03:20',
    '2026-01-04T09:03:20+08:00',
    '2026-01-04 09:03:20+08:00',
    '2026-01-04T09:03+08:00',
    '2026-01-04T09:03:20+0800',
    '2026-01-04T09:03:20+09:00',
    '2026-01-04T23:59:59-05:00',
    '2026-01-04T09:03:20Z',
    '2026-01-04T09:03:20.5+08:00',
    '2026-01-04T09:03:20 +08:00',
    '2026/1/4 9:03',
    '2026-02-29 09:00',
    '2024-02-29 09:00',
    '2026-01-04 24:00',
    '2026-01-04 09:60',
    '2026-01-04 09:03:60',
    '2026-01-04 9:03',
    '2026-01-04 09:03:2',
    '2026-01-04 09:03x',
    '2026-01-04T09:03:20+8:00',
    '2026-01-04T09:03:20+08:0',
    '2026-11-23 09:01',
    '2026-11-23 09:02',
    '2026-11-23T10:00:00+08:00',
    '1991-06-01 10:00',
    '１９９９-01-04 09:03',
  ];
  for (const timeZone of ['Asia/Shanghai', 'Europe/Berlin']) {
    it(`is read as parseEventTime reads it, refusals included (${timeZone})`, () => {
      for (const value of times) expect(fast(value, timeZone), value).toEqual(slow(value.replace('１９９９', '1999'), timeZone));
    });
  }
});

/** csv-parse's records of a text with the import's options, and the line each starts on (a CRLF in a cell counted once, as the reader counts it). */
function csvParse(text: string): { cells: string[]; line: number }[] {
  const records = parse(text, { relax_column_count: true, relax_quotes: true, info: true, bom: false }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  let line = 1;
  let twice = 0;
  return records.map(({ record, info }) => {
    const out = { cells: record, line };
    for (const cell of record) twice += cell.split('\r\n').length - 1;
    line = info.lines + 1 - twice;
    return out;
  });
}

async function read(text: string): Promise<{ cells: string[]; line: number }[]> {
  const file = join(tempDir(), 'cases.csv');
  writeFileSync(file, text);
  const out: { cells: string[]; line: number }[] = [];
  for await (const batch of reopenCsv(file, 'utf-8').records()) for (const { cells, line } of batch) out.push({ cells, line });
  return out;
}

describe('a file without quotes', () => {
  const long = (ending: string) => Array.from({ length: 5_000 }, (_, index) => `XK10001000,申请人${index},,2026-01-04 09:03`).join(ending);
  const files: [string, string][] = [
    ['LF', `${long('\n')}\n`],
    ['CRLF, no last line end', long('\r\n')],
    ['blank lines and empty cells', 'a,b\n\n,\n\n,,x\n'],
    ['a quote far down', `${long('\n')}\n"申请人,甲",b\nc,d\n`],
    ['a quoted line end far down', `${long('\r\n')}\r\n"一\r\n二",b\r\nc,d\r\n`],
    ['a carriage return in a cell of an LF file', `${long('\n')}\na\rb,c\nd\n`],
    ['a bare line feed in a CRLF file', `${long('\r\n')}\r\na\nb,c\r\nd\r\n`],
    ['a quote before the first line end', '"a\r\nb"\nc,d\n'],
    ['classic Mac line ends', 'a,b\rc,d\r'],
  ];
  for (const [name, text] of files) {
    it(`is read as csv-parse reads it: ${name}`, async () => {
      expect(await read(text)).toEqual(csvParse(text));
    });
  }
});

describe('rows packed between the threads', () => {
  it('come back as checked rows: a ready case with its events, a part, a row to check again', () => {
    // An event as stored but for its operator (event-row.ts): kind, seconds, offset, location, cut, details.
    const event = (kind: number, at: number, details: string) => [kind, at, 480, kind === 0 ? 1 : null, 1, details];
    const ready = {
      caseNo: '20260104-0001',
      day: '20260104',
      values: [0, null, 3, 1, 3, '行政许可', '申请人1', null, null, 'window', 0, 5, 'workday', null, 1050, 'open', 'accept', 0.5],
      events: [event(0, 1767517400, '{"channel":"window"}'), event(2, 1767517400, '{"level":5,"comment":""}')],
      pauses: [{ kind: 'supplement', reason: '补正（导入）', from: '2026-01-05', to: null }],
      rating: { level: 5, date: '2026-01-04', at: '2026-01-04T09:03:20+08:00' },
      groups: { windowId: 1, departmentId: 3, itemId: 3, itemType: '行政许可' },
      noticed: false,
      stages: '["accept","decide"]',
    };
    const part = {
      row: 2,
      line: 3,
      cells: { key: 'L1', bundle: 'BJ01' },
      parsed: { applicant: '甲', applicantId: null, acceptedAt: '2026-01-04T09:03:20+08:00' },
      item: 'XK1',
    };
    const rows = [
      { row: { row: 1, line: 2, raw: [] }, errors: [], caseNo: '20260104-0001', ready, part: null },
      { row: { row: 2, line: 3, raw: ['a', 'b'] }, errors: [], caseNo: null, ready: { ...ready, rating: null, pauses: [] }, part },
      { recheck: { row: 3, line: 4, cells: { item: 'X' }, raw: ['X'] } },
      { row: { row: 4, line: 5, raw: ['c'] }, errors: [{ field: 'item', value: 'c', problem: { rule: 'required' } }], caseNo: null, ready: null, part: null },
    ] as unknown as Parameters<RowPacker['addRow']>[0][];
    const packer = new RowPacker();
    const unpacker = new RowUnpacker();
    for (const round of [0, 1]) {
      for (const row of rows) packer.addRow(row);
      expect(unpacker.unpackRows(structuredClone(packer.take())), `round ${round}`).toEqual(rows);
    }
  });

  it('come back with the same values, keys in the same order', () => {
    class Refusal extends Error {}
    const rows = [
      {
        row: { row: 1, line: 2, raw: [] },
        errors: [],
        caseNo: null,
        ready: { values: [0, null, 'a', 1.5, true, undefined], details: { level: 5, imported: true } },
        part: null,
      },
      { recheck: { row: 2, line: 3, cells: { item: 'X' }, raw: ['X', '\u0000'] } },
      { row: { row: 3, line: 4, raw: ['甲'] }, errors: [{ problem: { rule: 'refused', error: new Refusal('no') } }], nested: [[{ a: 1 }, { b: 2 }], []] },
    ];
    const packer = new RowPacker();
    const unpacker = new RowUnpacker();
    for (const round of [0, 1]) {
      for (const row of rows) packer.add(row);
      const back = unpacker.unpack(structuredClone(packer.take()));
      expect(back, `round ${round}`).toEqual(rows);
      expect(JSON.stringify(back)).toBe(JSON.stringify(rows));
      expect(Object.keys(back[0] as object)).toEqual(Object.keys(rows[0]!));
    }
  });
});
