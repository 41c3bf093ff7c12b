/**
 * CSV and JSON carry values, not the words of the screen: limits as numbers with their
 * unit beside them, codes, blanks (CSV) and null (JSON) for nothing, one RFC 4180 table
 * per answer. Every CSV here is read back with csv-parse, as a script would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixture, freshDb, hall, tempDir } from './helpers.js';

let db: string;
beforeEach(async () => {
  db = await freshDb();
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
});

const at = (iso: string) => ({ HALL_NOW: iso });

async function ok(args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await hall(db, args, env);
  if (result.code !== 0) throw new Error(`${args.join(' ')} → ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** The rows of a CSV as records keyed by its header, and the header itself. */
function readCsv(csv: string): { header: string[]; rows: Record<string, string>[] } {
  const records = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: false }) as string[][];
  const [header, ...body] = records;
  return { header: header!, rows: body.map((cells) => Object.fromEntries(header!.map((name, index) => [name, cells[index]!]))) };
}

describe('items list', () => {
  it('writes each limit as a number with its unit, the window code, the status value and blanks for nothing', async () => {
    const { header, rows } = readCsv(await ok(['items', 'list', '--format', 'csv', '--lang', 'en']));
    // In English the headings are the JSON field names (SPEC §3.1).
    expect(header).toEqual([
      'code',
      'name',
      'department',
      'type',
      'legal_days',
      'legal_unit',
      'promised_days',
      'limit_unit',
      'kind',
      'fee_fen',
      'window',
      'status',
      'parent',
    ]);
    const byCode = new Map(rows.map((row) => [row.code, row]));
    expect(byCode.get('XK10001000')).toMatchObject({ legal_days: '20', legal_unit: 'workday', promised_days: '5', limit_unit: 'workday', window: 'W001' });
    expect(byCode.get('XK10004000')).toMatchObject({ legal_days: '30', legal_unit: 'calendar', promised_days: '15', limit_unit: 'calendar' });
    expect(byCode.get('QT10002000')).toMatchObject({ promised_days: '0', kind: 'immediate' });
    // No legal limit and not in the hall: empty cells, not — or 未进驻.
    expect(byCode.get('QT10006000')).toMatchObject({ legal_days: '', legal_unit: '', window: '', fee_fen: '5000', status: 'active', parent: '' });
    expect(byCode.get('XK10007000')).toMatchObject({ window: '', status: 'suspended' });
    expect(byCode.get('XK10001001')!.parent).toBe('XK10001000');
    expect(Number(byCode.get('XK10003000')!.fee_fen)).toBe(12000);
  });

  it('heads the Chinese CSV like items export, and keeps the words on screen', async () => {
    const csv = await ok(['items', 'list', '--format', 'csv']);
    const { header, rows } = readCsv(csv);
    expect(header.slice(0, 8)).toEqual(['事项编码', '事项名称', '实施部门', '事项类型', '法定时限', '法定时限单位', '承诺时限', '承诺时限单位']);
    expect(csv).not.toMatch(/个工作日|个自然日|未进驻|—|在用/);
    expect(rows.find((row) => row.事项编码 === 'XK10004000')).toMatchObject({ 法定时限: '30', 法定时限单位: 'calendar' });
    const table = await ok(['items', 'list']);
    expect(table).toContain('20个工作日');
    expect(table).toContain('30个自然日');
    expect(table).toContain('未进驻');
  });

  it('gives typed values in JSON: numbers, null for nothing, the window code', async () => {
    const items = JSON.parse(await ok(['items', 'list', '--format', 'json'])) as Record<string, unknown>[];
    const byCode = new Map(items.map((item) => [item.code, item]));
    expect(byCode.get('XK10004000')).toMatchObject({ legal_days: 30, legal_unit: 'calendar', promised_days: 15, limit_unit: 'calendar' });
    expect(byCode.get('QT10006000')).toMatchObject({ legal_days: null, legal_unit: null, window: null, fee_fen: 5000, parent: null });
    expect(byCode.get('XK10007000')).toMatchObject({ window: null, status: 'suspended' });
  });

  it('writes the CSV to a file with a BOM and formula-looking cells guarded', async () => {
    const file = join(tempDir(), 'items.csv');
    const withFormula = join(tempDir(), 'formula.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(withFormula, 'code,name,department,type,promised_days\nXK9,=1+1,市场监管局,行政许可,5\n');
    await ok(['items', 'import', withFormula]);
    await ok(['items', 'list', '--out', file]);
    const written = readFileSync(file, 'utf8');
    expect(written.startsWith('\uFEFF事项编码,')).toBe(true);
    expect(readCsv(written).rows.find((row) => row.事项编码 === 'XK9')!.事项名称).toBe("'=1+1");
  });
});

describe('alerts', () => {
  async function twoWindows() {
    const register = (item: string, now: string, applicant = '张三') => ok(['case', 'register', '--item', item, '--applicant', applicant], at(now));
    await register('XK10001000', '2025-09-22T10:00:00+08:00', '=SUM(A1)'); // W001, due 2025-09-28 (a make-up Sunday)
    await register('XK10001000', '2025-09-30T10:00:00+08:00'); // W001, due 2025-10-14
    await register('XK10003000', '2025-09-30T10:00:00+08:00'); // W002, due 2025-10-16
  }
  const today = at('2025-10-14T09:00:00+08:00');

  it('prints one CSV table, its header once, a row per alert with its window, level and days as numbers', async () => {
    await twoWindows();
    const csv = await ok(['alerts', '--format', 'csv', '--lang', 'en'], today);
    expect(csv).not.toContain('\r\n\r\n');
    const { header, rows } = readCsv(csv);
    expect(header).toEqual([
      'window',
      'window_name',
      'level',
      'number',
      'item',
      'item_name',
      'applicant',
      'applicant_id',
      'state',
      'accepted_date',
      'deadline',
      'days_left',
      'limit_unit',
      'kind',
      'parts_done',
      'parts_total',
      'id',
      'rating',
      'category',
      'summary',
      'opened',
    ]);
    expect(rows.map((row) => [row.window, row.level, row.number, row.days_left, row.limit_unit])).toEqual([
      ['W001', 'red', '20250922-0001', '-7', 'workday'],
      ['W001', 'yellow', '20250930-0001', '0', 'workday'],
      ['W002', 'yellow', '20250930-0002', '2', 'workday'],
    ]);
    expect(rows[0]).toMatchObject({
      window_name: '市场监管窗口',
      applicant: "'=SUM(A1)",
      applicant_id: '',
      deadline: '2025-09-28',
      kind: 'case',
      parts_done: '',
    });
    const zh = readCsv(await ok(['alerts', '--format', 'csv'], today));
    expect(zh.header.slice(0, 3)).toEqual(['窗口', '窗口名称', '预警']);
    expect(zh.rows).toHaveLength(3);
  });

  it('gives the same values in JSON, grouped by window', async () => {
    await twoWindows();
    const alerts = JSON.parse(await ok(['alerts', '--format', 'json'], today));
    expect(alerts).toMatchObject({ red: 1, yellow: 2 });
    expect(alerts.windows.map((group: { window: string }) => group.window)).toEqual(['W001', 'W002']);
    const cases = alerts.windows.flatMap((group: { window: string; name: string; cases: object[] }) =>
      group.cases.map((alert) => ({ window_name: group.name, ...alert })),
    );
    expect(cases).toHaveLength(3);
    expect(cases[0]).toMatchObject({ kind: 'case', window: 'W001', window_name: '市场监管窗口', level: 'red', number: '20250922-0001', days_left: -7 });
    expect(cases[2]).toMatchObject({ window: 'W002', level: 'yellow', days_left: 2, limit_unit: 'workday' });
  });

  it('prints only the header when nothing is due', async () => {
    const csv = await ok(['alerts', '--format', 'csv'], today);
    expect(csv.split('\r\n')).toEqual([
      '窗口,窗口名称,预警,办件编号,事项编码,事项名称,申请人,证件号码,状态,受理日期,承诺期限,剩余天数,时限单位,预警类别,已完成件数,件数,整改单/工单编号,评价,工单类别,工单内容,开立/收到日期',
      '',
    ]);
  });
});

describe('case show', () => {
  beforeEach(async () => {
    await ok(['case', 'register', '--item', 'XK10001000', '--applicant', '张三'], at('2025-09-22T10:00:00+08:00'));
    await ok(['case', 'supplement', '20250922-0001', '--materials', '营业执照副本'], at('2025-09-23T10:00:00+08:00'));
    await ok(['case', 'resume', '20250922-0001'], at('2025-09-24T10:00:00+08:00'));
  });
  const now = at('2025-09-25T10:00:00+08:00');

  it('prints one CSV row per event with the case fields in the leading columns', async () => {
    const { header, rows } = readCsv(await ok(['case', 'show', '20250922-0001', '--format', 'csv', '--lang', 'en'], now));
    expect(header.slice(0, 5)).toEqual(['number', 'item', 'item_name', 'window', 'window_name']);
    expect(header.slice(-5)).toEqual(['event', 'event_at', 'operator', 'location', 'details']);
    const view = JSON.parse(await ok(['case', 'show', '20250922-0001', '--format', 'json'], now));
    expect(rows).toHaveLength(view.events.length);
    for (const row of rows) {
      expect(row).toMatchObject({
        number: '20250922-0001',
        item: 'XK10001000',
        state: 'open',
        stage: 'accept',
        channel: 'window',
        accepted_at: '2025-09-22T10:00:00+08:00',
        deadline: view.deadline,
        legal_deadline: view.legal_deadline,
        promised_days: '5',
        legal_days: '20',
        limit_unit: 'workday',
        days_used: String(view.days_used),
        days_left: String(view.days_left),
        concluded_at: '',
        outcome: '',
        on_site: '',
        fee_fen: '0',
      });
    }
    expect(rows.map((row) => [row.event, row.event_at, row.location])).toEqual([
      ['register', '2025-09-22T10:00:00+08:00', 'window'],
      ['supplement', '2025-09-23T10:00:00+08:00', ''],
      ['resume', '2025-09-24T10:00:00+08:00', ''],
    ]);
    expect(JSON.parse(rows[1]!.details!)).toEqual(view.events[1].details);
    expect(rows[2]!.details).toBe('');
  });

  it('prints the day-by-day count as values with --explain', async () => {
    const { header, rows } = readCsv(await ok(['case', 'show', '20250922-0001', '--explain', '--format', 'csv', '--lang', 'en'], now));
    expect(header).toEqual(['number', 'date', 'role', 'note', 'paused', 'counted', 'day']);
    expect(rows.slice(0, 2)).toEqual([
      { number: '20250922-0001', date: '2025-09-23', role: 'working', note: '', paused: 'false', counted: 'true', day: '1' },
      { number: '20250922-0001', date: '2025-09-24', role: 'working', note: '', paused: 'true', counted: 'false', day: '' },
    ]);
    // 调休: Sunday 2025-09-28 is a make-up working day before National Day.
    expect(rows.find((row) => row.date === '2025-09-28')).toMatchObject({ role: 'makeup', counted: 'true' });
    expect(rows.at(-1)).toMatchObject({ date: '2025-09-29', day: '5' });
  });
});

describe('items export', () => {
  it('writes a JSON array of the items with --format json, the same as items list', async () => {
    const exported = await ok(['items', 'export', '--format', 'json']);
    expect(exported).toBe(await ok(['items', 'list', '--format', 'json']));
    const items = JSON.parse(exported);
    expect(items).toHaveLength(8);
    expect(items[0]).toMatchObject({ code: 'GG10005000', legal_days: null, promised_days: 0, limit_unit: 'workday', window: 'W004' });
  });

  it('infers JSON from an --out file ending in .json, without a BOM; .csv stays the import format', async () => {
    const dir = tempDir();
    await ok(['items', 'export', '--out', join(dir, 'catalog.json')]);
    const json = readFileSync(join(dir, 'catalog.json'), 'utf8');
    expect(json.startsWith('[')).toBe(true);
    expect(JSON.parse(json)).toEqual(JSON.parse(await ok(['items', 'list', '--format', 'json'])));
    await ok(['items', 'export', '--out', join(dir, 'catalog.csv')]);
    expect(readFileSync(join(dir, 'catalog.csv'), 'utf8').startsWith('\uFEFF事项编码,事项名称,')).toBe(true);
  });

  it('writes an empty array for an empty catalog', async () => {
    const empty = await freshDb();
    expect((await hall(empty, ['items', 'export', '--format', 'json'])).stdout).toBe('[]\n');
  });
});

describe('case list --format csv', () => {
  it('gives state codes and days left as a signed number with its unit, not the table words', async () => {
    await ok(['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--applicant-id', '11010519491231002X'], at('2025-09-01T10:00:00+08:00'));
    await ok(['case', 'register', '--item', 'XK10004000', '--applicant', '某某化工有限公司'], at('2025-09-18T09:30:00+08:00'));
    const { header, rows } = readCsv(await ok(['case', 'list', '--format', 'csv', '--lang', 'en'], at('2025-10-20T10:00:00+08:00')));
    expect(header).toEqual([
      'number',
      'item',
      'item_name',
      'applicant',
      'applicant_id',
      'window',
      'state',
      'accepted_date',
      'deadline',
      'days_left',
      'limit_unit',
      'concluded_date',
      'outcome',
    ]);
    // Due 2025-09-08 (5 working days); 2025-10-09 (15 calendar days, moved past the National Day holiday).
    expect(rows[0]).toMatchObject({
      number: '20250901-0001',
      applicant_id: '110105********002X',
      state: 'open',
      deadline: '2025-09-08',
      limit_unit: 'workday',
    });
    expect(Number(rows[0]!.days_left)).toBeLessThan(0);
    expect(rows[1]).toMatchObject({ number: '20250918-0001', state: 'open', deadline: '2025-10-09', days_left: '-11', limit_unit: 'calendar', outcome: '' });
    const zh = readCsv(await ok(['case', 'list', '--format', 'csv'], at('2025-10-20T10:00:00+08:00')));
    expect(zh.header.slice(0, 3)).toEqual(['办件编号', '事项编码', '事项名称']);
    expect(zh.rows[1]!.状态).toBe('open');
  });
});
