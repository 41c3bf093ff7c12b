/**
 * Values in the database hall cannot read (a hand edit with sqlite3): `doctor` names
 * each by table, record, column and value and exits 1; `init` names a damaged setting
 * before it writes anything; any other command names the setting instead of failing
 * inside.
 */
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { damageText } from '../src/cli/messages/damage.js';
import { loadCalendar } from '../src/store/calendar.js';
import { checkCaseCaches } from '../src/store/health.js';
import { dump, fixture, freshDb, hall } from './helpers.js';

const NOW = { HALL_NOW: '2025-10-20T10:00:00+08:00' };
const CALM = /\n\s+at |内部错误|internal error/;

let db: string;
let number: string;
beforeEach(async () => {
  db = await freshDb();
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
  const registered = await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--format', 'json'], {
    HALL_NOW: '2025-10-09T10:00:00+08:00',
  });
  number = JSON.parse(registered.stdout).number;
});

/** Runs SQL on the file behind hall's back; the events' append-only triggers do not stop an INSERT. */
function edit(sql: string, ...params: unknown[]): void {
  const raw = new BetterSqlite3(db);
  raw.prepare(sql).run(...params);
  raw.close();
}

/** An event as migration 15 stores it: its local seconds and offset, by the case's first operator. */
function addEvent(kind: number, seconds: number, tz: number, details: string): void {
  edit(
    'INSERT INTO case_events (case_id, kind, at, tz, operator_id, location, details) SELECT id, ?, ?, ?, (SELECT min(id) FROM operators), 1, ? FROM cases WHERE number = ?',
    kind,
    seconds,
    tz,
    details,
    number,
  );
}

/** 2025-10-10 11:00 local, as stored. */
const OCTOBER_10 = Date.UTC(2025, 9, 10, 11) / 1000;

describe('doctor names every damaged value and exits 1', () => {
  it('an event whose details are not JSON', async () => {
    addEvent(4, OCTOBER_10, 480, 'not json');
    const before = dump(db);
    const result = await hall(db, ['doctor'], NOW);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(CALM);
    expect(result.stdout).toMatch(new RegExp(`│ 办件事件（case_events） +│ ${number} │ details +│ not json +│ 不是有效的 JSON +│`));
    expect(result.stderr).toBe(
      `hall: 错误: 数据库中办件 ${number} 的 case_events.details 值 "not json" 不是有效的 JSON，无法使用，未作任何改动；请用最近的备份恢复，或按上述位置更正\n`,
    );
    expect(dump(db)).toBe(before);
  });

  it('an unknown stored time zone, a corrupt warning threshold, an item and a case with unreadable stages, event times out of range: all listed, in JSON too', async () => {
    edit("INSERT INTO settings (key, value) VALUES ('time_zone', 'Mars/Olympus'), ('warning_days', 'abc')");
    // The catalog's history trigger reads the stage list as JSON; a hand edit past it drops it first.
    edit('DROP TRIGGER item_versions_on_update');
    edit("UPDATE items SET stages = '[bad' WHERE code = 'QT10002000'");
    // A case's lists are a shared row that refuses edits: the case is pointed at a damaged one instead.
    edit(
      `INSERT INTO rule_lists (stages, authorized) SELECT stages, '["fly"]' FROM rule_lists WHERE id = (SELECT lists_id FROM cases WHERE number = ?)`,
      number,
    );
    edit('UPDATE cases SET lists_id = (SELECT max(id) FROM rule_lists) WHERE number = ?', number);
    // The kind's CHECK refuses an unknown code; a time past 2199 and an offset of 83 hours are what a hand edit can still store.
    addEvent(4, Date.UTC(2500, 0, 1) / 1000, 480, '{}');
    addEvent(4, OCTOBER_10, 5000, '{"to":"review"}');
    const before = dump(db);
    const result = await hall(db, ['doctor', '--format', 'json'], NOW);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(CALM);
    expect(result.stderr).toContain('数据库中有 6 处存储的值无法使用（见上文），未作任何改动；第一处：中心设置 time_zone 的值 "Mars/Olympus" 不是有效的时区');
    expect(result.stderr).toContain('可用 hall init --timezone Asia/Shanghai 重新设置');
    const report = JSON.parse(result.stdout);
    expect(report.damaged_values).toBe(6);
    expect(report.damage).toEqual([
      { table: 'settings', row: 'time_zone', column: 'value', value: 'Mars/Olympus', reason: 'time_zone' },
      { table: 'settings', row: 'warning_days', column: 'value', value: 'abc', reason: 'warning_days' },
      { table: 'items', row: 'QT10002000', column: 'stages', value: '[bad', reason: 'not_json' },
      { table: 'case_events', row: number, column: 'at', value: Date.UTC(2500, 0, 1) / 1000, reason: 'date' },
      { table: 'case_events', row: number, column: 'tz', value: 5000, reason: 'time_zone' },
      { table: 'cases', row: number, column: 'authorized', value: '["fly"]', reason: 'stage_list' },
    ]);
    expect(dump(db)).toBe(before);
    const english = await hall(db, ['--lang', 'en', 'doctor'], NOW);
    expect(english.code).toBe(1);
    expect(english.stderr).toContain('6 values stored in the database cannot be used (listed above)');
    expect(english.stdout).toContain('is not a date within 1949-10-01 … 2199-12-31');
  });

  it('a case whose copied limits cannot be counted from (a negative legal limit, a closing time past midnight)', async () => {
    edit('UPDATE cases SET legal_days = -5, closing_minutes = 99999 WHERE number = ?', number);
    const result = await hall(db, ['doctor', '--format', 'json'], NOW);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(CALM);
    expect(JSON.parse(result.stdout).damage).toEqual([
      { table: 'cases', row: number, column: 'legal_days', value: -5, reason: 'limit_days' },
      { table: 'cases', row: number, column: 'closing_minutes', value: 99999, reason: 'minutes' },
    ]);
    expect(result.stderr).toContain(`第一处：办件 ${number} 的 cases.legal_days 值 "-5" 不是 0–999 的天数`);
  });

  it('a case whose lists and an event whose operator name no row (a hand edit with foreign keys off): the foreign key check names them first, exit 3', async () => {
    const raw = new BetterSqlite3(db);
    raw.pragma('foreign_keys = OFF');
    raw.prepare('UPDATE cases SET lists_id = 999 WHERE number = ?').run(number);
    raw
      .prepare("INSERT INTO case_events (case_id, kind, at, tz, operator_id, location, details) SELECT id, 4, ?, 480, 777, 1, '{}' FROM cases WHERE number = ?")
      .run(OCTOBER_10, number);
    raw.close();
    const before = dump(db);
    const result = await hall(db, ['doctor'], NOW);
    expect(result.code).toBe(3);
    expect(result.stderr).not.toMatch(CALM);
    expect(result.stderr).toContain('完整性检查失败：foreign_key_check: 2；请用最近的备份恢复');
    expect(dump(db)).toBe(before);
    // The replay behind it names both rather than failing, should it ever run without that check.
    const handle = new BetterSqlite3(db, { readonly: true });
    const { damage } = checkCaseCaches(handle, loadCalendar(handle));
    handle.close();
    expect(damage).toEqual([
      { table: 'case_events', row: number, column: 'operator_id', value: 777, reason: 'reference' },
      { table: 'cases', row: number, column: 'lists_id', value: 999, reason: 'reference' },
    ]);
    expect(damageText(damage[1]!)).toEqual({
      zh: `办件 ${number} 的 cases.lists_id 值 "999" 指向不存在的记录`,
      en: `case ${number}: cases.lists_id value "999" refers to no row`,
    });
  });

  it('the stored rubric that is not JSON is named with the init option that stores it again', async () => {
    edit("INSERT INTO settings (key, value) VALUES ('assessment_rubric', '{bad')");
    const result = await hall(db, ['doctor'], NOW);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/│ 中心设置（settings） +│ assessment_rubric │ value +│ \{bad +│ 不是可用的考核细则 +│/);
    expect(result.stderr).toContain('可用 hall init --rubric 细则.json 重新设置');
  });
});

describe('a damaged setting is named, and init writes nothing before it is replaced', () => {
  it('init without the option that replaces it refuses, naming the setting and its value, and commits nothing', async () => {
    edit("INSERT INTO settings (key, value) VALUES ('assessment_rubric', '{bad')");
    const before = dump(db);
    const result = await hall(db, ['init', '--center', '新名称'], NOW);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      'hall: 错误: 数据库中中心设置 assessment_rubric 的值 "{bad" 不是可用的考核细则，无法使用，未作任何改动；可用 hall init --rubric 细则.json 重新设置\n',
    );
    expect(dump(db)).toBe(before);
  });

  it('init with the option that replaces it repairs it', async () => {
    edit("INSERT INTO settings (key, value) VALUES ('time_zone', 'Mars/Olympus')");
    const refused = await hall(db, ['init'], NOW);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('中心设置 time_zone 的值 "Mars/Olympus" 不是有效的时区');
    const repaired = await hall(db, ['init', '--timezone', 'Asia/Shanghai'], NOW);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect((await hall(db, ['doctor'], NOW)).code).toBe(0);
  });

  it('another command names the setting instead of failing inside', async () => {
    edit("INSERT INTO settings (key, value) VALUES ('time_zone', 'Mars/Olympus')");
    const before = dump(db);
    const result = await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '李四'], NOW);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '数据库中中心设置 time_zone 的值 "Mars/Olympus" 不是有效的时区，无法使用，未作任何改动；可用 hall init --timezone Asia/Shanghai 重新设置',
    );
    expect(dump(db)).toBe(before);
  });
});
