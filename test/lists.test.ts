/** Long lists page: `case list` and `items list` show a page in a table and say how many more there are; filters by applicant and id. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/app.js';
import { dump, fixture, freshDb, hall } from './helpers.js';

/** GB 11643 check character, so that generated resident ids pass the import's check. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}

const SEPTEMBER_WORKDAYS = [1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19, 22, 23, 24, 25, 26, 29, 30];
const CASES = 130;
const SPECIAL_APPLICANTS: Record<number, string> = {
  0: '张三',
  1: '张三丰',
  2: '李张三',
  4: '百分之百%餐饮有限公司',
  6: 'A_B 商行',
  8: 'AXB 商行',
};
const IDS: Record<number, string> = {
  0: '11010519491231002X',
  1: residentId('11010119900101123'),
  2: residentId('44030419900101123'),
  10: residentId('11010219850505432'),
};

/**
 * 130 cases over September 2025: every tenth from the fourth withdrawn, every tenth from
 * the eighth refused at intake, every tenth from the sixth approved, the rest open.
 */
function casesCsv(): string {
  const lines = ['事项编码,申请人,证件号码,受理时间,办结时间,办理结果'];
  for (let index = 0; index < CASES; index++) {
    const day = String(SEPTEMBER_WORKDAYS[index % SEPTEMBER_WORKDAYS.length]).padStart(2, '0');
    const minute = String(index % 60).padStart(2, '0');
    const accepted = `2025-09-${day} 09:${minute}`;
    const ended = `2025-09-${day} 15:${minute}`;
    const [concluded, outcome] = index % 10 === 3 ? [ended, '撤回'] : index % 10 === 7 ? ['', '不予受理'] : index % 10 === 5 ? [ended, '准予'] : ['', ''];
    lines.push(['XK10001000', SPECIAL_APPLICANTS[index] ?? `申请人${index}`, IDS[index] ?? '', accepted, concluded, outcome].join(','));
  }
  return `${lines.join('\n')}\n`;
}

let dir: string;
let db: string;
let allNumbers: string[];

beforeAll(async () => {
  // One database for every test here: they only read it (the helpers' temp dirs go after each test).
  dir = mkdtempSync(join(tmpdir(), 'hall-lists-'));
  db = join(dir, 'hall.db');
  expect((await hall(db, ['init'])).code).toBe(0);
  expect((await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')])).code).toBe(0);
  writeFileSync(join(dir, 'cases.csv'), casesCsv());
  const imported = await hall(db, ['cases', 'import', join(dir, 'cases.csv')]);
  expect(imported.code, imported.stderr).toBe(0);
  allNumbers = (await json(['case', 'list'])).map((row) => row.number);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ListedCase {
  number: string;
  applicant: string;
  applicant_id: string | null;
  state: string;
}

async function json(args: string[]): Promise<ListedCase[]> {
  const result = await hall(db, [...args, '--format', 'json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

async function atTerminal(args: string[], columns: number): Promise<string> {
  let out = '';
  const code = await run(['--db', db, ...args], {
    stdout: { write: (chunk: string) => (out += chunk), isTTY: true, columns },
    stderr: { write: () => true },
    stdin: process.stdin,
    env: { HALL_NOW: '2025-10-09T10:00:00+08:00', HALL_OPERATOR: 'tester' },
  });
  expect(code).toBe(0);
  return stripVTControlCharacters(out);
}

const numbersIn = (table: string) => table.match(/\b\d{8}-\d{4}\b/g) ?? [];
const lastLine = (output: string) => output.trimEnd().split('\n').at(-1);

describe('case list pages a table', () => {
  it('has more than a page of cases to list, newest by case number', () => {
    expect(allNumbers).toHaveLength(CASES);
    expect([...allNumbers].sort()).toEqual(allNumbers);
  });

  it.each([80, 120])('shows the newest 50 at a %s-column terminal, within its width, and says how many more', async (columns) => {
    const table = await atTerminal(['case', 'list'], columns);
    expect(numbersIn(table)).toEqual(allNumbers.slice(-50));
    expect(lastLine(table)).toBe('共 130 件，显示最新 50 件；--limit N 或 --all 查看更多');
    expect(Math.max(...table.split('\n').map((line) => stringWidth(line)))).toBeLessThanOrEqual(columns);
  });

  it('pages in a pipe too, and says so in English', async () => {
    const piped = await hall(db, ['case', 'list']);
    expect(numbersIn(piped.stdout)).toEqual(allNumbers.slice(-50));
    expect(lastLine(piped.stdout)).toBe('共 130 件，显示最新 50 件；--limit N 或 --all 查看更多');
    const english = await hall(db, ['case', 'list', '--lang', 'en']);
    expect(lastLine(english.stdout)).toBe('130 cases, showing the newest 50; --limit N or --all to see more');
  });

  it('--limit N shows the newest N, --all every case', async () => {
    const ten = (await hall(db, ['case', 'list', '--limit', '10'])).stdout;
    expect(numbersIn(ten)).toEqual(allNumbers.slice(-10));
    expect(lastLine(ten)).toBe('共 130 件，显示最新 10 件；--limit N 或 --all 查看更多');
    const all = (await hall(db, ['case', 'list', '--all'])).stdout;
    expect(numbersIn(all)).toEqual(allNumbers);
    expect(lastLine(all)).toBe('共 130 件');
    const roomy = (await hall(db, ['case', 'list', '--limit', '500', '--lang', 'en'])).stdout;
    expect(numbersIn(roomy)).toHaveLength(CASES);
    expect(lastLine(roomy)).toBe('130 cases');
  });

  it('prints every case in csv and json unless --limit is given', async () => {
    const csv = (await hall(db, ['case', 'list', '--format', 'csv'])).stdout;
    expect(numbersIn(csv)).toEqual(allNumbers);
    expect(csv).not.toContain('--limit');
    const limitedCsv = (await hall(db, ['case', 'list', '--format', 'csv', '--limit', '5'])).stdout;
    expect(numbersIn(limitedCsv)).toEqual(allNumbers.slice(-5));
    expect((await json(['case', 'list', '--limit', '3'])).map((row) => row.number)).toEqual(allNumbers.slice(-3));
  });

  it('counts only the cases the filters select', async () => {
    const open = await json(['case', 'list', '--status', 'open']);
    expect(open.length).toBeGreaterThan(50);
    const table = (await hall(db, ['case', 'list', '--status', 'open'])).stdout;
    expect(numbersIn(table)).toEqual(open.slice(-50).map((row) => row.number));
    expect(lastLine(table)).toBe(`共 ${open.length} 件，显示最新 50 件；--limit N 或 --all 查看更多`);
  });

  it('refuses a --limit that is not a whole number of rows (exit 1), and --limit with --all (exit 2)', async () => {
    const before = dump(db);
    for (const value of ['0', 'abc', '-3', '2.5']) {
      const result = await hall(db, ['case', 'list', '--limit', value]);
      expect(result, value).toMatchObject({ code: 1, stdout: '', stderr: `hall: 错误: --limit "${value}" 无效：应为正整数（显示的行数）\n` });
    }
    expect((await hall(db, ['items', 'list', '--limit', '0', '--lang', 'en'])).stderr).toBe(
      'hall: error: --limit "0" is invalid: must be a whole number of rows, 1 or more\n',
    );
    expect(await hall(db, ['case', 'list', '--limit', '5', '--all'])).toMatchObject({
      code: 2,
      stderr: 'hall: 用法错误: --limit、--all 只能选一个\n  查看帮助：hall case list --help\n',
    });
    expect(dump(db)).toBe(before);
  });
});

describe('case list finds a case by applicant, id and state', () => {
  const applicants = async (args: string[]) => (await json(['case', 'list', ...args])).map((row) => row.applicant);

  it('--applicant matches part of the name', async () => {
    expect(await applicants(['--applicant', '张三'])).toEqual(['张三', '张三丰', '李张三']);
    expect(await applicants(['--applicant', ' 三丰 '])).toEqual(['张三丰']);
    expect(await applicants(['--applicant', '王五'])).toEqual([]);
  });

  it('takes % and _ in the search as characters, not wildcards', async () => {
    expect(await applicants(['--applicant', '%'])).toEqual(['百分之百%餐饮有限公司']);
    expect(await applicants(['--applicant', 'A_B'])).toEqual(['A_B 商行']);
    expect(await applicants(['--applicant', '_'])).toEqual(['A_B 商行']);
    expect(await json(['case', 'list', '--id', '%'])).toEqual([]);
    expect(await json(['case', 'list', '--id', '_1'])).toEqual([]);
  });

  it('--id matches the beginning of the full stored id, and the list still shows it masked', async () => {
    const found = await json(['case', 'list', '--id', '1101']);
    expect(found.map((row) => row.applicant)).toEqual(['张三', '张三丰', '申请人10']);
    expect(found.map((row) => row.applicant_id)).toEqual(['110105********002X', `110101********${IDS[1]!.slice(-4)}`, `110102********${IDS[10]!.slice(-4)}`]);
    // Beyond the six characters a listing shows: the search reads the stored id.
    expect(await applicants(['--id', '1101051949'])).toEqual(['张三']);
    // Typed as a clerk might: a small x, full-width digits.
    expect(await applicants(['--id', '11010519491231002x'])).toEqual(['张三']);
    expect(await applicants(['--id', '４４０３'])).toEqual(['李张三']);
    // A prefix, not any part.
    expect(await applicants(['--id', '0105'])).toEqual([]);
    const table = (await hall(db, ['case', 'list', '--id', '1101051949'])).stdout;
    expect(table).not.toContain('11010519491231002X');
    expect((await json(['case', 'list', '--id', '1101051949', '--show-pii']))[0]!.applicant_id).toBe('11010519491231002X');
  });

  it('--status withdrawn and --status refused list those cases; they combine with the other filters', async () => {
    const withdrawn = await json(['case', 'list', '--status', 'withdrawn']);
    expect(withdrawn).toHaveLength(13);
    expect(new Set(withdrawn.map((row) => row.state))).toEqual(new Set(['withdrawn']));
    const refused = await json(['case', 'list', '--status', 'refused']);
    expect(refused).toHaveLength(13);
    expect(new Set(refused.map((row) => row.state))).toEqual(new Set(['refused']));
    expect((await applicants(['--status', 'refused', '--applicant', '申请人1'])).sort()).toEqual(['申请人107', '申请人117', '申请人127', '申请人17']);
    const table = (await hall(db, ['case', 'list', '--status', 'refused'])).stdout;
    expect(table).toContain('不予受理');
    expect(lastLine(table)).toBe('共 13 件');
  });

  it('refuses an empty search (exit 2) and names the states allowed', async () => {
    expect(await hall(db, ['case', 'list', '--applicant', ' '])).toMatchObject({
      code: 2,
      stderr: 'hall: 用法错误: --applicant 不能为空\n  查看帮助：hall case list --help\n',
    });
    expect(await hall(db, ['case', 'list', '--id', ''])).toMatchObject({
      code: 2,
      stderr: 'hall: 用法错误: --id 不能为空\n  查看帮助：hall case list --help\n',
    });
    expect((await hall(db, ['case', 'list', '--status', 'gone', '--lang', 'en'])).stderr).toBe(
      'hall: error: --status "gone" is invalid: use open, paused, overdue, due-soon, concluded, withdrawn, refused or voided (or 办理中, 已暂停, 超期, 临期, 已办结, 已撤回, 不予受理, 已作废)\n',
    );
  });
});

describe('overdue and due-soon pages include paused cases judged as of today', () => {
  it('counts the paused cases late or due soon as of today, and pages them in number order', async () => {
    const small = await freshDb();
    await hall(small, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const register = async (when: string) => {
      const result = await hall(small, ['case', 'register', '--item', 'XK10001000', '--applicant', '王五', '--format', 'json'], { HALL_NOW: when });
      return JSON.parse(result.stdout).number as string;
    };
    // Due 2025-09-29 (5 working days): overdue on 10-13 while open.
    const lateOpen = await register('2025-09-22T10:00:00+08:00');
    // Paused on 09-23 and still paused: the open pause keeps moving its deadline, never overdue.
    const pausedEarly = await register('2025-09-22T11:00:00+08:00');
    await hall(small, ['case', 'supplement', pausedEarly, '--materials', '营业执照'], { HALL_NOW: '2025-09-23T09:00:00+08:00' });
    // Paused on 10-10, after its deadline of 09-30 had passed: still overdue while paused.
    const pausedLate = await register('2025-09-23T10:00:00+08:00');
    await hall(small, ['case', 'supplement', pausedLate, '--materials', '营业执照'], { HALL_NOW: '2025-10-10T09:00:00+08:00' });
    const lateOpen2 = await register('2025-09-24T10:00:00+08:00');
    // Due 10-11 (a make-up working Saturday), paused on 10-10 with one day left: due soon while paused.
    const pausedNearDeadline = await register('2025-09-26T10:00:00+08:00');
    await hall(small, ['case', 'supplement', pausedNearDeadline, '--materials', '营业执照'], { HALL_NOW: '2025-10-10T09:00:00+08:00' });
    const today = { HALL_NOW: '2025-10-13T09:00:00+08:00' };
    const dueSoon = JSON.parse((await hall(small, ['case', 'list', '--status', 'due-soon', '--format', 'json'], today)).stdout);
    expect(dueSoon.map((row: { number: string }) => row.number)).toEqual([pausedNearDeadline]);
    expect(lastLine((await hall(small, ['case', 'list', '--status', 'due-soon'], today)).stdout)).toBe('共 1 件');
    const all = JSON.parse((await hall(small, ['case', 'list', '--status', 'overdue', '--format', 'json'], today)).stdout);
    expect(all.map((row: { number: string }) => row.number)).toEqual([lateOpen, pausedLate, lateOpen2]);
    const page = (await hall(small, ['case', 'list', '--status', 'overdue', '--limit', '2'], today)).stdout;
    expect(numbersIn(page)).toEqual([pausedLate, lateOpen2]);
    expect(lastLine(page)).toBe('共 3 件，显示最新 2 件；--limit N 或 --all 查看更多');
    const one = (await hall(small, ['case', 'list', '--status', 'overdue', '--limit', '1'], today)).stdout;
    expect(numbersIn(one)).toEqual([lateOpen2]);
  });
});

describe('a page of a large list', () => {
  it('is the same newest page whether the matches are sorted or met walking the case numbers', async () => {
    // More than 5,000 matches make the list walk the number index instead of sorting them;
    // the rows are copies of one registered case, written directly for speed (state 1 concluded, 0 open: codes 'state').
    const large = await freshDb();
    await hall(large, ['items', 'import', fixture('catalog-gb18030.csv')]);
    await hall(large, ['case', 'register', '--item', 'XK10001000', '--applicant', '模板'], { HALL_NOW: '2023-12-29T10:00:00+08:00' });
    const sqlite = new BetterSqlite3(large);
    const columns = (sqlite.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('cases') as string[]).filter(
      (name) => !['id', 'number', 'window_id', 'state', 'applicant'].includes(name),
    );
    sqlite.exec(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 7799)
      INSERT INTO cases (number, window_id, state, applicant, ${columns.join(', ')})
      SELECT strftime('%Y%m%d', date('2024-01-01', '+' || (i / 100) || ' days')) || '-' || printf('%04d', i % 100 + 1),
             (SELECT id FROM windows WHERE code = CASE WHEN i % 3 = 0 THEN 'W001' ELSE 'W002' END),
             CASE WHEN i % 4 = 0 THEN 1 ELSE 0 END, '申请人' || i, ${columns.map((name) => `t.${name}`).join(', ')}
        FROM n, (SELECT * FROM cases) AS t`);
    sqlite.close();
    for (const filter of [[], ['--window', 'W002'], ['--window', 'W001'], ['--status', 'open'], ['--window', 'W001', '--status', 'concluded']]) {
      const everything = JSON.parse((await hall(large, ['case', 'list', ...filter, '--format', 'json'])).stdout) as ListedCase[];
      const table = (await hall(large, ['case', 'list', ...filter])).stdout;
      expect(numbersIn(table), filter.join(' ')).toEqual(everything.slice(-50).map((row) => row.number));
      expect(lastLine(table)).toBe(`共 ${everything.length.toLocaleString('en-US')} 件，显示最新 50 件；--limit N 或 --all 查看更多`);
    }
  });
});

describe('items list pages a table, first by code', () => {
  it('shows the first 50 items by code, says how many more, and prints every item in csv and json', async () => {
    const catalog = await freshDb();
    const lines = ['事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限'];
    // Written out of order: the page is by code, not by the order of the file.
    for (let index = 119; index >= 0; index--) lines.push(`XK${String(30_000_000 + index)},测试事项${index},市场监督管理局,行政许可,20,5`);
    const file = join(dir, 'catalog-120.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect((await hall(catalog, ['items', 'import', file])).code).toBe(0);
    const codes = Array.from({ length: 120 }, (_, index) => `XK${30_000_000 + index}`);
    const codesIn = (output: string) => output.match(/XK3\d{7}/g) ?? [];

    for (const columns of [80, 120]) {
      let out = '';
      await run(['--db', catalog, 'items', 'list'], {
        stdout: { write: (chunk: string) => (out += chunk), isTTY: true, columns },
        stderr: { write: () => true },
        stdin: process.stdin,
        env: { HALL_NOW: '2025-10-09T10:00:00+08:00' },
      });
      const table = stripVTControlCharacters(out);
      expect(codesIn(table)).toEqual(codes.slice(0, 50));
      expect(lastLine(table)).toBe('共 120 项，按编码显示前 50 项；--limit N 或 --all 查看更多');
      expect(Math.max(...table.split('\n').map((line) => stringWidth(line)))).toBeLessThanOrEqual(columns);
    }
    expect(lastLine((await hall(catalog, ['items', 'list', '--lang', 'en'])).stdout)).toBe(
      '120 items, showing the first 50 by code; --limit N or --all to see more',
    );
    const three = (await hall(catalog, ['items', 'list', '--limit', '3'])).stdout;
    expect(codesIn(three)).toEqual(codes.slice(0, 3));
    const all = (await hall(catalog, ['items', 'list', '--all'])).stdout;
    expect(codesIn(all)).toEqual(codes);
    expect(lastLine(all)).toBe('共 120 项');
    expect(codesIn((await hall(catalog, ['items', 'list', '--format', 'csv'])).stdout)).toEqual(codes);
    expect(JSON.parse((await hall(catalog, ['items', 'list', '--format', 'json'])).stdout)).toHaveLength(120);
    expect(JSON.parse((await hall(catalog, ['items', 'list', '--format', 'json', '--limit', '7'])).stdout)).toHaveLength(7);
    // The count follows the filter: 测试事项1, 1x and 1xx.
    const search = (await hall(catalog, ['items', 'list', '--search', '测试事项1'])).stdout;
    expect(lastLine(search)).toBe('共 31 项');
    const searchPage = (await hall(catalog, ['items', 'list', '--search', '测试事项1', '--limit', '30'])).stdout;
    expect(lastLine(searchPage)).toBe('共 31 项，按编码显示前 30 项；--limit N 或 --all 查看更多');
  });
});
