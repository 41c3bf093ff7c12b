/** In-process command tests on a temp database: init, dept, window, calendar, doctor, backup, the frame. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC } from '../src/core/assessment.js';
import { SCHEMA_VERSION } from '../src/db/migrations.js';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

describe('init', () => {
  it('creates, seeds the calendar and stores settings, idempotently', async () => {
    const db = join(tempDir(), 'center.db');
    const first = await hall(db, ['init', '--center', '示范区政务服务中心', '--format', 'json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      database: db,
      schema_version: SCHEMA_VERSION,
      center: '示范区政务服务中心',
      timezone: 'Asia/Shanghai',
      closing_time: '17:30',
      warning_days: 2,
      review_days: 5,
      // SPEC §7.3: the Guangdong 12345 defaults, working days by category.
      complaint_days: { consult: 2, help: 10, suggest: 10, complaint: 15, report: 15 },
      calendar_years: [2024, 2025, 2026],
      rubric: DEFAULT_RUBRIC,
      // SPEC §7.4: no 行政区划代码 until init --center-code gives one.
      center_code: null,
      center_level: null,
    });
    const before = dump(db);
    expect((await hall(db, ['init'])).code).toBe(0);
    expect(dump(db)).toBe(before);
    const changed = JSON.parse((await hall(db, ['init', '--closing-time', '17:00', '--warning-days', '3', '--format', 'json'])).stdout);
    expect(changed).toMatchObject({ center: '示范区政务服务中心', closing_time: '17:00', warning_days: 3 });
  });

  it('uses WAL', async () => {
    const db = await freshDb();
    const raw = new BetterSqlite3(db);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it.each([
    [['--timezone', 'Mars/Olympus'], '--timezone "Mars/Olympus" 无效：不是有效的时区'],
    [['--closing-time', '25:00'], '--closing-time "25:00" 无效：应为 HH:MM'],
    [['--warning-days', 'two'], '--warning-days "two" 无效：应为 0–99 的整数'],
    [['--center', ' '], '--center " " 无效：必填项为空'],
  ])('refuses init %j', async (flags, message) => {
    const db = await freshDb();
    const before = dump(db);
    const result = await hall(db, ['init', ...flags]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(dump(db)).toBe(before);
  });
});

describe('departments and windows', () => {
  it('adds and lists them, aligned in a table', async () => {
    const db = await freshDb();
    expect((await hall(db, ['dept', 'add', '市场监管局'])).stdout).toBe('已添加部门"市场监管局"\n');
    await hall(db, ['dept', 'add', '公安局']);
    await hall(db, ['window', 'add', 'A01', '--name', '市场监管窗口', '--dept', '市场监管局']);
    await hall(db, ['window', 'add', 'Z01', '--name', '综合受理窗口']);
    const departments = JSON.parse((await hall(db, ['dept', 'list', '--format', 'json'])).stdout);
    expect(departments).toEqual([
      { name: '公安局', windows: 0, items: 0 },
      { name: '市场监管局', windows: 1, items: 0 },
    ]);
    const table = (await hall(db, ['window', 'list'])).stdout.split('\n');
    expect(table[1]).toBe('│ 窗口编码 │ 窗口名称     │ 部门       │ 进驻事项 │');
    expect(table[3]).toBe('│ A01      │ 市场监管窗口 │ 市场监管局 │        0 │');
    expect(table[4]).toBe('│ Z01      │ 综合受理窗口 │ —          │        0 │');
    const english = (await hall(db, ['window', 'list', '--lang', 'en'])).stdout;
    expect(english).toContain('│ code │ name');
  });

  it('shows a window with its items', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const shown = JSON.parse((await hall(db, ['window', 'show', 'W001', '--format', 'json'])).stdout);
    expect(shown).toMatchObject({ code: 'W001', name: '市场监管窗口', department: '市场监管局', items: 3 });
    expect(shown.item_list.map((item: { code: string }) => item.code)).toEqual(['QT10002000', 'XK10001000', 'XK10001001']);
  });

  it("shows the window's assessment records in the table, as the month's assessment counts them", async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const before = (await hall(db, ['window', 'show', 'W001'])).stdout;
    // No records: one line under the items, not an empty box; limits in words (即办, 5个工作日).
    expect(before).toContain('┘\n考核记录：暂无\n');
    expect(before).not.toContain('考核记录\n┌');
    expect(before).toMatch(/│ QT10002000 │ 个体工商户设立登记 +│ 即办 +│ 在用 │/);
    expect(before).toMatch(/│ XK10001000 │ 食品经营许可 +│ 5个工作日 │ 在用 │/);
    await hall(db, ['window', 'record', 'W001', '--kind', 'deduction', '--points', '2', '--reason', '脱岗', '--date', '2025-10-09']);
    await hall(db, ['window', 'record', 'W001', '--kind', 'commendation', '--points', '1', '--reason', '锦旗', '--date', '2025-09-12']);
    const table = (await hall(db, ['window', 'show', 'W001'])).stdout.split('\n');
    const title = table.indexOf('考核记录');
    expect(table.slice(title + 1, title + 7)).toEqual([
      '┌────────────┬──────┬──────┬──────┐',
      '│ 日期       │ 类型 │ 分值 │ 事由 │',
      '├────────────┼──────┼──────┼──────┤',
      '│ 2025-09-12 │ 加分 │   +1 │ 锦旗 │',
      '│ 2025-10-09 │ 扣分 │   -2 │ 脱岗 │',
      '└────────────┴──────┴──────┴──────┘',
    ]);
    expect((await hall(db, ['window', 'show', 'W001', '--lang', 'en'])).stdout).toMatch(/assessment records\n[\s\S]*│ 2025-10-09 │ deduction +│ +-2 │ 脱岗 +│/);
  });

  it.each([
    [['dept', 'add', '公安局'], '部门"公安局"已存在'],
    [['window', 'add', 'A01', '--name', '重复'], '窗口 A01 已存在'],
    [['window', 'add', '窗口一', '--name', '第一窗口'], '窗口编码 "窗口一" 无效：窗口编码只能使用字母、数字、- 和 _'],
    [
      ['window', 'add', 'B01', '--name', '不动产窗口', '--dept', '不动产中心'],
      '未知部门"不动产中心"；hall dept list 列出全部部门，新部门请先用 hall dept add 添加',
    ],
    [['window', 'show', 'X99'], '未知窗口 X99'],
    [['window', 'add', 'B02', '--name', ' '], '--name " " 无效：必填项为空'],
    [['dept', 'add', ' '], '部门名称 " " 无效：必填项为空'],
  ])('refuses %j', async (args, message) => {
    const db = await freshDb();
    await hall(db, ['dept', 'add', '公安局']);
    await hall(db, ['window', 'add', 'A01', '--name', '户政窗口', '--dept', '公安局']);
    const before = dump(db);
    const result = await hall(db, args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(dump(db)).toBe(before);
  });
});

describe('calendar', () => {
  it('adds working days and counts them, plain for scripts and JSON on request', async () => {
    const db = await freshDb();
    expect((await hall(db, ['calendar', 'add', '2025-09-30', '1'])).stdout).toBe('2025-10-09\n');
    expect(JSON.parse((await hall(db, ['calendar', 'add', '2026-02-13', '2', '--format', 'json'])).stdout)).toEqual({
      date: '2026-02-13',
      days: 2,
      result: '2026-02-24',
    });
    expect((await hall(db, ['calendar', 'workdays', '2025-09-30', '2025-10-12'])).stdout).toBe('3\n');
  });

  it('warns once, naming the year, when a computation leaves the covered years', async () => {
    const db = await freshDb();
    const result = await hall(db, ['calendar', 'add', '2026-12-25', '10']);
    expect(result.stdout).toBe('2027-01-08\n');
    expect(result.stderr).toBe('hall: 警告: 日历中没有 2027 年的节假日安排，该年只按周末计算；请用 hall calendar import 导入\n');
  });

  it('imports a published schedule, after which the year counts holidays and no warning is printed', async () => {
    const db = await freshDb();
    const imported = JSON.parse((await hall(db, ['calendar', 'import', fixture('calendar-2027.csv'), '--format', 'json'])).stdout);
    expect(imported).toMatchObject({ file: fixture('calendar-2027.csv'), days: 11, changed: 11, years: [2027], recomputed_cases: 0 });
    expect(imported).toMatchObject({ dry_run: false, kept_manual: [], deadlines_moved: 0, moved_deadlines: [] });
    expect(imported.changed_days).toHaveLength(11);
    const result = await hall(db, ['calendar', 'add', '2027-02-05', '1']);
    expect(result).toMatchObject({ stdout: '2027-02-14\n', stderr: '' }); // the 调休 Sunday
    const shown = JSON.parse((await hall(db, ['calendar', 'show', '--year', '2027', '--format', 'json'])).stdout);
    expect(shown.covered).toBe(true);
    expect(shown.days).toHaveLength(11);
  });

  it('sets a single day', async () => {
    const db = await freshDb();
    await hall(db, ['calendar', 'set', '2025-10-10', 'holiday', '--note', '地方调休']);
    expect((await hall(db, ['calendar', 'add', '2025-09-30', '1'])).stdout).toBe('2025-10-09\n');
    expect((await hall(db, ['calendar', 'add', '2025-09-30', '2'])).stdout).toBe('2025-10-11\n');
    const shown = JSON.parse((await hall(db, ['calendar', 'show', '--year', '2025', '--format', 'json'])).stdout);
    expect(shown.days).toContainEqual({ date: '2025-10-10', kind: 'holiday', note: '地方调休', source: 'calendar set (tester)' });
  });

  it('records nothing when the day already is what calendar set asks for', async () => {
    const db = await freshDb();
    const before = dump(db);
    const monday = await hall(db, ['calendar', 'set', '2026-10-12', 'workday', '--note', '调休']);
    expect(monday).toEqual({ code: 0, stdout: '2026-10-12 是周一，本来就是工作日，未作改动\n', stderr: '' });
    const sunday = await hall(db, ['calendar', 'set', '2025-10-19', 'holiday', '--lang', 'en']);
    expect(sunday).toEqual({ code: 0, stdout: '2025-10-19 is a Sun, already a day off; nothing recorded\n', stderr: '' });
    const holiday = await hall(db, ['calendar', 'set', '2025-10-01', 'holiday', '--format', 'json']);
    expect(JSON.parse(holiday.stdout)).toEqual({
      date: '2025-10-01',
      kind: 'holiday',
      note: '国庆节',
      source: '国务院办公厅通知',
      recorded: false,
      recomputed_cases: 0,
    });
    expect((await hall(db, ['calendar', 'set', '2025-10-11', 'workday'])).stdout).toBe('2025-10-11（周六）已是调休上班日（国庆节），未作改动\n');
    expect(dump(db)).toBe(before);
    const recorded = JSON.parse((await hall(db, ['calendar', 'set', '2025-10-11', 'holiday', '--format', 'json'])).stdout);
    expect(recorded).toMatchObject({ date: '2025-10-11', kind: 'holiday', recorded: true });
  });

  it('unsets a day set with calendar set, and gives an official day back its official kind', async () => {
    const db = await freshDb();
    const before = dump(db);
    await hall(db, ['calendar', 'set', '2025-10-10', 'holiday', '--note', '地方调休']);
    const unset = await hall(db, ['calendar', 'unset', '2025-10-10']);
    expect(unset).toEqual({ code: 0, stdout: '已撤销 2025-10-10 的放假设定，恢复为工作日（周五）\n', stderr: '' });
    expect((await hall(db, ['calendar', 'add', '2025-09-30', '2'])).stdout).toBe('2025-10-10\n');
    expect(dump(db)).toBe(before); // calendar_ordinals too
    // 10-08 is an official holiday: set as a working day and unset, it is the official holiday again
    await hall(db, ['calendar', 'set', '2025-10-08', 'workday']);
    const restored = JSON.parse((await hall(db, ['calendar', 'unset', '2025-10-08', '--format', 'json'])).stdout);
    expect(restored).toEqual({
      date: '2025-10-08',
      removed: { kind: 'workday', note: '', source: 'calendar set (tester)' },
      restored: { kind: 'holiday', note: '国庆节', source: '国务院办公厅通知' },
      working_day: false,
      recomputed_cases: 0,
    });
    expect(dump(db)).toBe(before);
    const english = await hall(db, ['calendar', 'unset', '2025-10-08', '--lang', 'en']);
    expect(english.stderr).toBe(
      'hall: error: 2025-10-08 is a holiday of a published schedule ("国务院办公厅通知") and cannot be unset; correct it with hall calendar set\n',
    );
  });

  it('shows the current year by default, in Chinese', async () => {
    const db = await freshDb();
    const table = (await hall(db, ['calendar', 'show'])).stdout;
    expect(table).toContain('2025 年节假日与调休安排');
    expect(table).toContain('│ 2025-10-11 │ 周六 │ 调休上班 │ 国庆节 │');
  });

  it.each([
    [['calendar', 'add', '2025-02-30', '1'], '日期 "2025-02-30" 无效：不是有效日期（应为 YYYY-MM-DD）'],
    [['calendar', 'add', '2025-10-09', '-1'], '工作日数 "-1" 无效：应为非负整数个工作日'],
    [['calendar', 'workdays', '2025/10/01', '2025-10-09'], '日期 "2025/10/01" 无效：不是有效日期'],
    [['calendar', 'set', '2025-10-10', 'rest'], '类型 "rest" 无效：应为 holiday（放假）或 workday（调休上班）'],
    [['calendar', 'unset', '2025-10-13'], '2025-10-13 没有用 hall calendar set 设定过，无可撤销'],
    [['calendar', 'unset', '2025-10-01'], '2025-10-01 的放假安排来自"国务院办公厅通知"，是公布的节假日安排，不能撤销；如需更正请用 hall calendar set'],
    [['calendar', 'unset', '2025-02-30'], '日期 "2025-02-30" 无效：不是有效日期'],
    [['calendar', 'show', '--year', 'next'], '--year "next" 无效：不是有效年份'],
    [['calendar', 'import', fixture('calendar-bad.csv')], '第 2 行（文件第 3 行），列 date = "2027-02-30"：不是有效日期'],
    [['calendar', 'import', fixture('empty.csv')], '是空文件'],
    [['calendar', 'import', fixture('catalog-utf8-bom.csv')], '表头（文件第 1 行）缺少必需列：日期 / date；类型 / kind'],
  ])('refuses %j', async (args, message) => {
    const db = await freshDb();
    const before = dump(db);
    const result = await hall(db, args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(dump(db)).toBe(before);
  });
});

describe('doctor and backup', () => {
  it('doctor reports integrity, schema version and calendar years', async () => {
    const db = await freshDb();
    const report = JSON.parse((await hall(db, ['doctor', '--format', 'json'])).stdout);
    expect(report).toMatchObject({
      integrity: 'ok',
      schema_version: SCHEMA_VERSION,
      code_schema_version: SCHEMA_VERSION,
      journal_mode: 'wal',
      calendar_years: [2024, 2025, 2026],
      current_year_covered: true,
      next_year_covered: true,
    });
    const late = await hall(db, ['doctor'], { HALL_NOW: '2026-11-22T10:00:00+08:00' });
    expect(late.stderr).toContain('2027 年节假日安排尚未导入');
  });

  it('backup copies a consistent database and never overwrites', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const target = join(tempDir(), 'backup.db');
    const result = await hall(db, ['backup', target]);
    expect(result.code).toBe(0);
    expect(existsSync(target)).toBe(true);
    const copy = JSON.parse((await hall(target, ['items', 'list', '--format', 'json'])).stdout);
    expect(copy).toHaveLength(8);
    const again = await hall(db, ['backup', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('已存在；备份不会覆盖已有文件');
  });
});

describe('the frame', () => {
  it('writes CSV to a file with a BOM, to stdout without', async () => {
    const db = await freshDb();
    await hall(db, ['dept', 'add', '公安局']);
    const out = join(tempDir(), 'depts.csv');
    await hall(db, ['dept', 'list', '--out', out]);
    expect(readFileSync(out, 'utf8')).toBe('\uFEFF部门,窗口数,事项数\r\n公安局,0,0\r\n');
    expect((await hall(db, ['dept', 'list', '--format', 'csv'])).stdout).toBe('部门,窗口数,事项数\r\n公安局,0,0\r\n');
  });

  it('takes the format from the --out extension', async () => {
    const db = await freshDb();
    const out = join(tempDir(), 'windows.json');
    await hall(db, ['window', 'list', '--out', out]);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([]);
  });

  it('reads the database path from $HALL_DB', async () => {
    const path = join(tempDir(), 'env.db');
    const result = await hall(null, ['init', '--format', 'json'], { HALL_DB: path });
    expect(JSON.parse(result.stdout).database).toBe(path);
  });

  it('speaks English with --lang en', async () => {
    const db = await freshDb();
    const result = await hall(db, ['--lang', 'en', 'window', 'show', 'X1']);
    expect(result.stderr).toBe('hall: error: unknown window X1; hall window list shows them all\n');
  });

  it('colours the error label on a terminal only', async () => {
    const db = await freshDb();
    const terminal = await hall(db, ['window', 'show', 'X1'], {}, true);
    expect(terminal.stderr).toBe('hall: \u001b[31m错误\u001b[39m: 未知窗口 X1；hall window list 列出全部窗口\n');
    const piped = await hall(db, ['window', 'show', 'X1']);
    expect(piped.stderr).toBe('hall: 错误: 未知窗口 X1；hall window list 列出全部窗口\n');
  });

  it('refuses a bad HALL_NOW as a usage error', async () => {
    const db = await freshDb();
    const result = await hall(db, ['dept', 'list'], { HALL_NOW: 'tomorrow' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('HALL_NOW="tomorrow" 不是 1949–2199 年间的 ISO 时间');
  });

  it('exits 2 on an unknown flag, a missing argument or an unknown command', async () => {
    const db = await freshDb();
    const flag = await hall(db, ['dept', 'list', '--colour']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('hall: 用法错误: 未知选项 --colour\n  查看帮助：hall dept list --help\n');
    const argument = await hall(db, ['calendar', 'add', '2025-10-09']);
    expect(argument.code).toBe(2);
    expect(argument.stderr).toContain('缺少参数 <n>（工作日数）');
    const option = await hall(db, ['window', 'add', 'A1']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('缺少必填选项 --name <name>');
    const command = await hall(db, ['dept', 'remove', 'x']);
    expect(command.code).toBe(2);
    const format = await hall(db, ['dept', 'list', '--format', 'xml']);
    expect(format.code).toBe(2);
    const group = await hall(db, ['dept']);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('用法： hall dept [options] [command]');
    const help = await hall(db, ['dept', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('add <name>');
  });

  it('exits 3 on a file that is not SQLite, and on a newer schema, changing nothing', async () => {
    const notDb = join(tempDir(), 'notes.db');
    writeFileSync(notDb, readFileSync(fixture('not-a-database.sqlite')));
    const result = await hall(notDb, ['doctor']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`hall: 错误: ${notDb} 不是 SQLite 数据库（文件头不符），未作任何改动\n`);
    expect(readFileSync(notDb)).toEqual(readFileSync(fixture('not-a-database.sqlite')));

    const db = await freshDb();
    const raw = new BetterSqlite3(db);
    raw.pragma('user_version = 99');
    raw.close();
    const newer = await hall(db, ['items', 'list']);
    expect(newer.code).toBe(3);
    expect(newer.stderr).toContain(`结构版本为 99，比本程序支持的 ${SCHEMA_VERSION} 新；请升级 hall`);
  });

  it('exits 3 on a corrupt database', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const raw = new BetterSqlite3(db);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const bytes = readFileSync(db);
    bytes.fill(0xa5, 4096, bytes.length); // everything after the first page
    writeFileSync(db, bytes);
    const result = await hall(db, ['doctor']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/hall: 错误: 数据库 .* (已损坏|完整性检查失败)/);
  });
});
