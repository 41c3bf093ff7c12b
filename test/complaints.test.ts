/**
 * Complaints with deadlines (12345 工单, SPEC §7.3): the category and its working days,
 * the due date on the calendar as stored (National Day 2025 with its 调休 Saturday, the
 * 2026 Spring Festival), closing dated or by the clock and on time, the setting
 * `complaint_days`, a calendar change moving due dates, and every bad input refused
 * with the database unchanged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import stringWidth from 'string-width';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/app.js';
import { BACK_TO_SCHEMA_14, dump, fixture, freshDb, hall, tempDir } from './helpers.js';

/** After National Day 2025 (1–8 October holidays, Saturday 11 October a working day). */
const OCTOBER = { HALL_NOW: '2025-10-15T10:00:00+08:00' };
/** After the 2026 Spring Festival (15–23 February holidays, Saturdays 14 and 28 February working days). */
const MARCH = { HALL_NOW: '2026-03-20T10:00:00+08:00' };

let db: string;
beforeEach(async () => {
  db = await freshDb();
  // W001 市场监管窗口, W002 出入境窗口 …
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
});

async function ok(args: string[], env = OCTOBER) {
  const result = await hall(db, [...args, '--format', 'json'], env);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function add(category: string | null, date: string, env = OCTOBER) {
  const args = ['complaint', 'add', '--window', 'W001', '--channel', '12345', '--summary', '排队太久', '--date', date];
  return ok(category === null ? args : [...args, '--category', category], env);
}

function file(name: string, content: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/** Refused with exit 1, the words given, and nothing changed. */
async function refused(args: string[], says: string, env = OCTOBER) {
  const before = dump(db);
  const result = await hall(db, args, env);
  expect(result.stderr).toContain(says);
  expect(result.code, result.stderr).toBe(1);
  expect(dump(db)).toBe(before);
}

describe('the due date of each category', () => {
  it('counts 2, 10, 10, 15 and 15 working days from the day received across National Day 2025 and its 调休 Saturday', async () => {
    // Received Tuesday 30 September: 9, 10 and Saturday 11 October are the first three working days.
    const due = {
      consult: '2025-10-10',
      help: '2025-10-21',
      suggest: '2025-10-21',
      complaint: '2025-10-28',
      report: '2025-10-28',
    };
    for (const [category, date] of Object.entries(due)) {
      const complaint = await add(category, '2025-09-30');
      expect(complaint).toMatchObject({ category, received_at: '2025-09-30', due: date, status: 'open', closed_at: null, on_time: null });
    }
  });

  it('takes the Chinese words and defaults to 投诉', async () => {
    const words = { 咨询: 'consult', 求助: 'help', 建议: 'suggest', 投诉: 'complaint', 举报: 'report' };
    for (const [word, category] of Object.entries(words)) expect((await add(word, '2025-09-30')).category).toBe(category);
    expect(await add(null, '2025-09-30')).toMatchObject({ category: 'complaint', due: '2025-10-28' });
  });

  it('counts across the 2026 Spring Festival and both its 调休 Saturdays', async () => {
    // Received Friday 13 February: Saturday the 14th is working day 1, the 24th day 2, Saturday the 28th day 6.
    const due = { 咨询: '2026-02-24', 求助: '2026-03-05', 建议: '2026-03-05', 投诉: '2026-03-12', 举报: '2026-03-12' };
    for (const [word, date] of Object.entries(due)) expect((await add(word, '2026-02-13', MARCH)).due).toBe(date);
  });

  it('stores the days with the complaint, so a later setting does not move it', async () => {
    await add('consult', '2025-09-30');
    await ok(['init', '--complaint-days', file('days.json', '{"consult": 5}')]);
    const stored = new BetterSqlite3(db, { readonly: true });
    try {
      expect(stored.prepare('SELECT category, due, due_days FROM complaints').get()).toEqual({ category: 'consult', due: '2025-10-10', due_days: 2 });
    } finally {
      stored.close();
    }
    expect((await ok(['complaint', 'list']))[0].due).toBe('2025-10-10');
  });
});

describe('the setting complaint_days', () => {
  it('takes any subset in either language, keeps the defaults for the rest, and init shows it', async () => {
    const days = file('工单时限.json', '\uFEFF{"咨询": 3, "report": 20, "建议": 1}');
    const init = await ok(['init', '--complaint-days', days]);
    expect(init.complaint_days).toEqual({ consult: 3, help: 10, suggest: 1, complaint: 15, report: 20 });
    // Three working days after 30 September is the 调休 Saturday.
    expect((await add('咨询', '2025-09-30')).due).toBe('2025-10-11');
    expect((await add('suggest', '2025-09-30')).due).toBe('2025-10-09');
    expect((await add('举报', '2025-09-30')).due).toBe('2025-11-04');
    expect((await add('help', '2025-09-30')).due).toBe('2025-10-21');
    expect((await add('complaint', '2025-09-30')).due).toBe('2025-10-28');
    const shown = await hall(db, ['init'], OCTOBER);
    expect(shown.stdout).toContain('工单办理时限（工作日）：咨询 3，求助 10，建议 1，投诉 15，举报 20');
    // A second file replaces the first whole: what it does not give is the default again.
    expect((await ok(['init', '--complaint-days', file('again.json', '{"投诉": 20}')])).complaint_days).toEqual({
      consult: 2,
      help: 10,
      suggest: 10,
      complaint: 20,
      report: 15,
    });
  });

  it('shows the defaults on a new database', async () => {
    expect((await ok(['init'])).complaint_days).toEqual({ consult: 2, help: 10, suggest: 10, complaint: 15, report: 15 });
  });

  it.each([
    ['an unknown category', '{"投诉": 15, "表扬": 5}', 'days.json 的 "表扬" 不是工单类别；可用：咨询、求助、建议、投诉、举报'],
    ['a category twice, in two languages', '{"投诉": 15, "complaint": 10}', 'days.json 的 "complaint" 与 "投诉" 是同一类别，只能给一次'],
    ['a negative number', '{"consult": -1}', 'days.json 的 "consult" 应为 1–365 的整数（工作日），实为 -1'],
    ['zero', '{"consult": 0}', '"consult" 应为 1–365 的整数（工作日），实为 0'],
    ['a fraction', '{"help": 2.5}', '"help" 应为 1–365 的整数（工作日），实为 2.5'],
    ['a number in quotes', '{"help": "3"}', '"help" 应为 1–365 的整数（工作日），实为 "3"'],
    ['more than a year of working days', '{"report": 366}', '"report" 应为 1–365 的整数（工作日），实为 366'],
    ['broken JSON', '{"consult": 2,', 'days.json 不是有效的 JSON'],
    ['an array', '[2, 10, 10, 15, 15]', 'days.json 应为 JSON 对象，如 {"咨询": 2, "投诉": 15}，实为 [2,10,10,15,15]'],
    ['a bare number', '15', 'days.json 应为 JSON 对象'],
  ])('refuses %s, naming the file, the key and what is allowed, and changes nothing', async (_name, content, says) => {
    await ok(['init', '--complaint-days', file('days.json', '{"consult": 4}')]);
    await refused(['init', '--complaint-days', file('days.json', content), '--warning-days', '3'], says);
    expect((await ok(['init'])).complaint_days.consult).toBe(4);
  });

  it('refuses a file that is missing or cannot be read, in both languages', async () => {
    await refused(['init', '--complaint-days', '/不存在/days.json'], '找不到文件 /不存在/days.json');
    const directory = join(tempDir(), 'days.json');
    mkdirSync(directory);
    await refused(['init', '--complaint-days', directory], `工单办理时限文件 ${directory} 无法读取：是一个目录（EISDIR）；未作任何改动`);
    await refused(['--lang', 'en', 'init', '--complaint-days', file('d.json', '{"report": 2.5}')], 'complaint days "report" in');
  });

  it('a stored value hall cannot use is named by doctor and by complaint add, and init stores a good one over it', async () => {
    const edit = new BetterSqlite3(db);
    edit.prepare("INSERT INTO settings (key, value) VALUES ('complaint_days', '{\"consult\": 0}')").run();
    edit.close();
    const doctor = await hall(db, ['doctor'], OCTOBER);
    expect(doctor.stdout).toMatch(/complaint_days +│ value +│ \{"consult": 0\} +│ 不是可用的工单办理时限/);
    expect(doctor.code).toBe(1);
    await refused(
      ['complaint', 'add', '--window', 'W001', '--channel', '12345', '--summary', '态度'],
      '中心设置 complaint_days 的值 "{"consult": 0}" 不是可用的工单办理时限，无法使用，未作任何改动；可用 hall init --complaint-days 工单时限.json 重新设置',
    );
    // Cases go on: the days are read only where a complaint is received.
    expect((await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '张三'], OCTOBER)).code).toBe(0);
    await refused(['init', '--warning-days', '3'], 'complaint_days');
    expect((await ok(['init', '--complaint-days', file('days.json', '{"consult": 3}')])).complaint_days.consult).toBe(3);
  });
});

describe('closing', () => {
  it('is on time on or before due, late after it, null while open', async () => {
    await add('consult', '2025-09-30'); // due 10 October
    await add('consult', '2025-09-30');
    await add('consult', '2025-09-30');
    const onDue = await ok(['complaint', 'close', '1', '--substantiated', 'yes', '--date', '2025-10-10']);
    expect(onDue).toMatchObject({ status: 'closed', substantiated: true, closed_at: '2025-10-10', due: '2025-10-10', on_time: true });
    const late = await ok(['complaint', 'close', '2', '--substantiated', 'no', '--date', '2025-10-11']);
    expect(late).toMatchObject({ closed_at: '2025-10-11', on_time: false });
    const list = await ok(['complaint', 'list']);
    expect(list.map((row: { on_time: boolean | null }) => row.on_time)).toEqual([true, false, null]);
  });

  it('is dated by the clock without --date, and a closing on the day received is on time', async () => {
    await add('complaint', '2025-10-15');
    const closed = await ok(['complaint', 'close', '1', '--substantiated', 'no']);
    expect(closed).toMatchObject({ received_at: '2025-10-15', closed_at: '2025-10-15', on_time: true });
    const stored = new BetterSqlite3(db, { readonly: true });
    try {
      // The clock's closing keeps its timestamp, as closing always stored it.
      expect(stored.prepare('SELECT closed_at FROM complaints').pluck().get()).toBe('2025-10-15T10:00:00+08:00');
    } finally {
      stored.close();
    }
  });

  it('prints the JSON of SPEC §3.3 and §7.3', async () => {
    const { number } = await ok(['case', 'register', '--item', 'XK10001000', '--applicant', '张三'], { HALL_NOW: '2025-09-30T09:00:00+08:00' });
    const complaint = await ok(['complaint', 'add', '--window', 'W001', '--case', number, '--channel', '电话', '--category', '求助', '--summary', '不会填表']);
    expect(complaint).toEqual({
      id: 1,
      window: 'W001',
      case: number,
      channel: '电话',
      category: 'help',
      received_at: '2025-10-15',
      due: '2025-10-29',
      summary: '不会填表',
      status: 'open',
      substantiated: null,
      closed_at: null,
      on_time: null,
    });
  });

  it('refuses --date before the complaint was received, or in the future', async () => {
    await add('consult', '2025-10-09');
    await refused(['complaint', 'close', '1', '--substantiated', 'no', '--date', '2025-10-08'], '--date "2025-10-08" 无效：早于投诉收到日期');
    await refused(['complaint', 'close', '1', '--substantiated', 'no', '--date', '2025-10-16'], '--date "2025-10-16" 无效：晚于当前时间');
    await refused(['complaint', 'close', '1', '--substantiated', 'no', '--date', '2025-10-32'], '--date "2025-10-32" 无效');
    expect((await ok(['complaint', 'close', '1', '--substantiated', 'no', '--date', '2025-10-09'])).on_time).toBe(true);
  });
});

describe('complaint add and list', () => {
  it('refuses an unknown --category, naming the allowed ones', async () => {
    await refused(
      ['complaint', 'add', '--window', 'W001', '--channel', '12345', '--summary', '态度', '--category', '表扬'],
      '--category "表扬" 无效：应为 咨询、求助、建议、投诉 或 举报（或 consult、help、suggest、complaint、report）',
    );
    await refused(['complaint', 'list', '--category', 'praise'], '--category "praise" 无效');
  });

  it('lists by category', async () => {
    await add('consult', '2025-09-30');
    await add('举报', '2025-09-30');
    await add('consult', '2025-10-09');
    expect((await ok(['complaint', 'list', '--category', '咨询'])).map((row: { id: number }) => row.id)).toEqual([1, 3]);
    expect((await ok(['complaint', 'list', '--category', 'report', '--status', 'open'])).map((row: { id: number }) => row.id)).toEqual([2]);
  });

  it('shows the category in Chinese and the due date, within 80 columns, and the rest at 120', async () => {
    await add('consult', '2025-09-30');
    const { number } = await ok(['case', 'register', '--item', 'XK10001000', '--applicant', '张三']);
    const long = '窗口工作人员多次推诿，要求补充与事项无关的材料，群众往返三次仍未受理';
    await ok(['complaint', 'add', '--window', 'W002', '--case', number, '--channel', '12345', '--category', 'report', '--summary', long]);
    await ok(['complaint', 'close', '1', '--substantiated', 'yes', '--date', '2025-10-13']);
    const atTerminal = async (columns: number) => {
      let out = '';
      const code = await run(['--db', db, 'complaint', 'list'], {
        stdout: { write: (chunk: string) => (out += chunk), isTTY: true, columns },
        stderr: { write: () => true },
        stdin: process.stdin,
        env: { ...OCTOBER, HALL_OPERATOR: 'tester' },
      });
      expect(code).toBe(0);
      const plain = stripVTControlCharacters(out);
      expect(Math.max(...plain.split('\n').map((line) => stringWidth(line))), plain).toBeLessThanOrEqual(columns);
      return plain;
    };
    const narrow = await atTerminal(80);
    expect(narrow).toMatch(/│ +1 │ W001 │ 咨询 │ 2025-09-30 │ 2025-10-10 │ 排队太久 +│ 超期，查实 +│/);
    expect(narrow).toMatch(/│ +2 │ W002 │ 举报 │ 2025-10-15 │ 2025-11-05 │ 窗口工作\S*… *│ 待处理 +│/);
    const wide = await atTerminal(120);
    expect(wide).toMatch(/│ +1 │ W001 │ — +│ 咨询 │ 12345 │ 2025-09-30 │ 2025-10-10 │ 2025-10-13 │ 排队太久 +│ 超期，查实 +│/);
    expect(wide).toContain(number);
    const english = await hall(db, ['--lang', 'en', 'complaint', 'list', '--format', 'csv'], OCTOBER);
    expect(english.stdout).toContain('1,W001,,consult,12345,2025-09-30,2025-10-10,2025-10-13,排队太久,"late, substantiated"');
    expect(english.stdout).toContain(long);
  });

  it('says the due date when a complaint is added and closed', async () => {
    const added = await hall(
      db,
      ['complaint', 'add', '--window', 'W001', '--channel', '12345', '--category', '咨询', '--summary', '办事指南', '--date', '2025-09-30'],
      OCTOBER,
    );
    expect(added.stdout).toBe('已登记咨询 1（窗口 W001），应于 2025-10-10 前办结\n');
    const closed = await hall(db, ['complaint', 'close', '1', '--substantiated', 'no', '--date', '2025-10-13'], OCTOBER);
    expect(closed.stdout).toBe('咨询 1 已于 2025-10-13 办结：未查实；超期（期限 2025-10-10）\n');
  });
});

describe('a calendar change', () => {
  it('moves the due date of open and closed complaints whose span it touches, counted from their own days', async () => {
    await add('consult', '2025-09-30'); // due 10 October
    await add('complaint', '2025-09-30'); // due 28 October
    await add('consult', '2025-10-13'); // due 15 October: after the change
    await ok(['complaint', 'close', '2', '--substantiated', 'no', '--date', '2025-10-14']);
    // A later setting does not change the days a calendar change counts.
    await ok(['init', '--complaint-days', file('days.json', '{"consult": 9}')]);
    await ok(['calendar', 'set', '2025-10-09', 'holiday', '--note', '补休']);
    const dues = async () => (await ok(['complaint', 'list'])).map((row: { due: string }) => row.due);
    expect(await dues()).toEqual(['2025-10-11', '2025-10-29', '2025-10-15']);
    await ok(['calendar', 'unset', '2025-10-09']);
    expect(await dues()).toEqual(['2025-10-10', '2025-10-28', '2025-10-15']);
    // A schedule file moves them too: Monday 13 October a holiday, which is no day of the third's span (13, 15].
    const schedule = file('schedule.csv', 'date,kind,note\n2025-10-13,holiday,测试\n');
    expect((await hall(db, ['calendar', 'import', schedule], OCTOBER)).code).toBe(0);
    expect(await dues()).toEqual(['2025-10-10', '2025-10-29', '2025-10-15']);
    const closed = (await ok(['complaint', 'list']))[1];
    expect(closed).toMatchObject({ closed_at: '2025-10-14', on_time: true });
  });
});

describe('complaints stored before categories', () => {
  it('are 投诉 due 15 working days after they were received once the database is migrated', async () => {
    await add(null, '2025-09-30');
    await ok(['complaint', 'close', '1', '--substantiated', 'yes', '--date', '2025-10-29'], MARCH);
    await add(null, '2025-10-09');
    // Back to version 11: migration 15's tables as 14 had them, 13's tables, then 12's table, index and columns dropped.
    const edit = new BetterSqlite3(db);
    edit.exec(`${BACK_TO_SCHEMA_14}
      DROP TABLE frozen_reports; DROP TABLE export_watermarks;
      DROP TABLE reviews; DROP INDEX complaints_open_by_due;
      ALTER TABLE complaints DROP COLUMN category; ALTER TABLE complaints DROP COLUMN due; ALTER TABLE complaints DROP COLUMN due_days;
      PRAGMA user_version = 11;`);
    edit.close();
    const list = await ok(['complaint', 'list']);
    expect(list).toMatchObject([
      { category: 'complaint', due: '2025-10-28', closed_at: '2025-10-29', on_time: false },
      { category: 'complaint', due: '2025-10-29', closed_at: null, on_time: null },
    ]);
  });
});

describe('window merge', () => {
  it('moves complaints with their category and due date', async () => {
    await ok(['complaint', 'add', '--window', 'W002', '--channel', '12345', '--category', '建议', '--summary', '增加座椅', '--date', '2025-09-30']);
    await ok(['window', 'merge', 'W002', 'W001']);
    expect((await ok(['complaint', 'list', '--window', 'W001']))[0]).toMatchObject({ window: 'W001', category: 'suggest', due: '2025-10-21' });
  });
});
