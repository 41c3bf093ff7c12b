/** Each migration from N−1 to N on an in-memory database, and the refusal of a newer schema. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StorageFailure } from '../src/core/file-errors.js';
import { OFFICIAL_SCHEDULE, OFFICIAL_SCHEDULE_SOURCE } from '../src/core/holidays-official.js';
import { migrate } from '../src/db/database.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/db/migrations.js';
import { SEED_DAYS, SEED_SOURCE } from '../src/db/seed/official-2024-2026.js';
import { CODES } from '../src/store/case-codes.js';
import { eventsOf } from '../src/store/cases.js';
import { EVENT_KIND_CODES, LOCATION_CODES } from '../src/store/event-row.js';

/** SQLite's plan for `sql`, its steps one per line; @from, @to and @t are October 2025. */
function queryPlan(db: BetterSqlite3.Database, sql: string): string {
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const october: Record<string, string> = { from: '2025-10-01', to: '2025-10-31', t: '2025-10-31' };
  const used = Object.fromEntries(Object.entries(october).filter(([name]) => sql.includes(`@${name}`)));
  return (statement.all(used) as { detail: string }[]).map((row) => row.detail).join('\n');
}

interface EventText {
  id: number;
  case_id: number;
  kind: string;
  at: string;
  date: string;
  minutes: number;
  operator: string;
  location: string | null;
  details: string;
}

/**
 * A database at schema 14 holding what hall wrote then: a case typed at the window
 * (register, supplement, resume, conclude), an imported one rated bad, an imported
 * refusal rated without its rate event (before f84d614), and a case voided with force
 * in another zone in 1950 (local seconds before 1970, a negative offset).
 */
function at14WithCases(): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:');
  migrate(
    db,
    ':memory:',
    MIGRATIONS.filter((migration) => migration.version <= 14),
  );
  db.exec(`
    INSERT INTO departments (id, name, created_at) VALUES (1, '市场监督管理局', '2025-08-01T08:00:00+08:00');
    INSERT INTO windows (id, code, name, department_id, created_at) VALUES (1, 'A01', '企业登记窗口', 1, '2025-08-01T08:00:00+08:00');
    INSERT INTO items (id, code, name, department_id, type, legal_days, legal_unit, promised_days, limit_unit, window_id, stages, authorized,
                       authorization_declared, status, updated_at)
    VALUES (1, 'XK01001000', '企业设立登记', 1, '行政许可', 20, 'workday', 5, 'workday', 1, '["accept","review","decide","deliver"]',
            '["accept","review","decide","deliver"]', 1, 'active', '2025-08-01T08:00:00+08:00');
  `);
  const insertCase = db.prepare(`INSERT INTO cases (id, number, item_id, window_id, department_id, item_type, applicant, applicant_id, id_type, channel,
      stages, authorized, promised_days, limit_unit, legal_days, legal_unit, closing_minutes, created_at, state, accepted_at, accepted_date,
      refused_date, concluded_at, concluded_date, ended_date, deadline, last_event_at)
    VALUES (?, ?, 1, 1, 1, '行政许可', ?, NULL, NULL, 'window', '["accept","review","decide","deliver"]', '["accept","review","decide","deliver"]',
      5, 'workday', 20, 'workday', 1050, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  insertCase.run(
    1,
    '20250801-0001',
    '孔磊',
    '2025-08-01T08:38:00+08:00',
    'concluded',
    '2025-08-01T08:38:00+08:00',
    '2025-08-01',
    null,
    '2025-08-06T16:05:09+08:00',
    '2025-08-06',
    '2025-08-06',
    '2025-08-11',
    '2025-08-06T16:05:09+08:00',
  );
  insertCase.run(
    2,
    '20250801-0002',
    '林小红',
    '2025-08-01T09:20:00+08:00',
    'concluded',
    '2025-08-01T09:20:00+08:00',
    '2025-08-01',
    null,
    '2025-08-01T11:24:00+08:00',
    '2025-08-01',
    '2025-08-01',
    '2025-08-08',
    '2025-08-01T11:24:00+08:00',
  );
  insertCase.run(
    3,
    '20250804-0001',
    '王强',
    '2025-08-04T10:00:00+08:00',
    'refused',
    null,
    null,
    '2025-08-04',
    null,
    null,
    '2025-08-04',
    null,
    '2025-08-04T10:00:00+08:00',
  );
  insertCase.run(4, '19500103-0001', '张三', '1950-01-03T09:00:00-05:00', 'voided', null, null, null, null, null, null, null, '1950-01-03T09:30:00-05:00');
  const insertEvent = db.prepare(
    'INSERT INTO case_events (id, case_id, kind, at, date, minutes, operator, location, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const events: [number, number, string, string, string, number, string, string | null, string][] = [
    [1, 1, 'register', '2025-08-01T08:38:00+08:00', '2025-08-01', 518, '林晓燕', 'window', '{"channel":"window"}'],
    [2, 1, 'supplement', '2025-08-04T09:00:30+08:00', '2025-08-04', 540, '林晓燕', null, '{"materials":"营业执照副本"}'],
    [3, 2, 'register', '2025-08-01T09:20:00+08:00', '2025-08-01', 560, '导入', 'window', '{"channel":"window","imported":true}'],
    [4, 1, 'resume', '2025-08-05T08:30:00+08:00', '2025-08-05', 510, '林晓燕', null, '{}'],
    [5, 2, 'conclude', '2025-08-01T11:24:00+08:00', '2025-08-01', 684, '导入', null, '{"outcome":"approved","imported":true}'],
    [6, 2, 'rate', '2025-08-01T11:24:00+08:00', '2025-08-01', 684, '导入', null, '{"level":2,"comment":"","date":"2025-08-01","imported":true}'],
    [7, 4, 'void', '1950-01-03T09:30:00-05:00', '1950-01-03', 570, '林晓燕', null, '{"forced":true,"reason":"重复登记"}'],
    [8, 1, 'conclude', '2025-08-06T16:05:09+08:00', '2025-08-06', 965, '林晓燕', null, '{"outcome":"approved"}'],
  ];
  for (const event of events) insertEvent.run(...event);
  // Case 3's refusal, then its rating without the rate event, as the import wrote them before f84d614.
  db.prepare('INSERT INTO case_events (id, case_id, kind, at, date, minutes, operator, location, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    10,
    3,
    'refuse',
    '2025-08-04T10:00:00+08:00',
    '2025-08-04',
    600,
    '导入',
    'window',
    '{"reason":"不予受理","imported":true}',
  );
  db.exec(`
    INSERT INTO evaluations (case_id, level, comment, date, at, operator, window_id, department_id, item_id, item_type)
    VALUES (2, 2, '', '2025-08-01', '2025-08-01T11:24:00+08:00', '导入', 1, 1, 1, '行政许可'),
           (3, 1, '', '2025-08-04', '2025-08-04T10:00:00+08:00', '导入', 1, 1, 1, '行政许可');
  `);
  return db;
}

describe('migrations', () => {
  it('are numbered 1, 2, … without gaps', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('0 → 1 creates the tables and seeds the official calendar', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', MIGRATIONS.slice(0, 1));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['calendar_days', 'calendar_years', 'departments', 'items', 'settings', 'windows']);
    const seeded = db.prepare('SELECT date, kind, note FROM calendar_days ORDER BY date').all();
    expect(seeded).toEqual(SEED_DAYS);
    expect(db.prepare('SELECT DISTINCT source FROM calendar_days').pluck().all()).toEqual([SEED_SOURCE]);
    expect(db.prepare('SELECT year FROM calendar_years ORDER BY year').pluck().all()).toEqual([2024, 2025, 2026]);
    db.close();
  });

  it("1's frozen seed still equals the 2024–2026 rows of the living official schedule", () => {
    // If this fails, src/core/holidays-official.ts was corrected after migration 1 was
    // released: never edit the seed, ship the correction as a new migration (or tell
    // centers to run `hall calendar set`), then update this expectation.
    const official2024to2026 = OFFICIAL_SCHEDULE.filter((day) => day.date >= '2024-01-01' && day.date <= '2026-12-31');
    expect(SEED_DAYS).toEqual(official2024to2026);
    expect(SEED_SOURCE).toBe(OFFICIAL_SCHEDULE_SOURCE);
  });

  it('1 → 2 adds cases and an append-only event table', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', MIGRATIONS.slice(0, 1));
    migrate(db, ':memory:', MIGRATIONS.slice(0, 2));
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.exec("INSERT INTO departments (name, created_at) VALUES ('公安局', 'now')");
    db.exec(
      "INSERT INTO items (code, name, department_id, type, promised_days, limit_unit, stages, authorized, authorization_declared, status, updated_at) VALUES ('X1', '户口迁移', 1, '行政确认', 0, 'workday', '[]', '[]', 1, 'active', 'now')",
    );
    db.exec(
      "INSERT INTO cases (number, item_id, department_id, item_type, applicant, channel, stages, authorized, promised_days, limit_unit, closing_minutes, created_at, state, last_event_at) VALUES ('20251009-0001', 1, 1, '行政确认', '张三', 'window', '[]', '[]', 0, 'workday', 1050, 'now', 'open', 'now')",
    );
    db.exec("INSERT INTO case_events (case_id, kind, at, date, minutes, operator) VALUES (1, 'register', 'now', '2025-10-09', 600, 'tester')");
    expect(() => db.exec("UPDATE case_events SET operator = 'someone else'")).toThrow('case_events is append-only');
    expect(() => db.exec('DELETE FROM case_events')).toThrow('case_events is append-only');
    db.close();
  });

  it('2 → 3 adds the working-day ordinals of every accepted date, from the calendar the database already has', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', MIGRATIONS.slice(0, 2));
    // A center's own correction made before the upgrade must be honoured by the fill.
    db.exec("INSERT INTO calendar_days (date, kind, note, source) VALUES ('2025-10-13', 'holiday', '', 'calendar set (tester)')");
    migrate(db, ':memory:', MIGRATIONS.slice(0, 3));
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    const range = db.prepare('SELECT count(*) AS days, min(date) AS first, max(date) AS last FROM calendar_ordinals').get();
    // 1949-09-30 (the day before the first accepted date) … 2199-12-31.
    expect(range).toEqual({ days: 91_404, first: '1949-09-30', last: '2199-12-31' });
    const row = db.prepare('SELECT day, working, ordinal FROM calendar_ordinals WHERE date = ?');
    expect(row.get('1949-09-30')).toEqual({ day: -7398, working: 1, ordinal: 1 }); // a Friday, the first row
    expect(row.get('1949-10-01')).toEqual({ day: -7397, working: 0, ordinal: 1 }); // a Saturday
    expect(row.get('1970-01-01')).toMatchObject({ day: 0, working: 1 });
    const ordinal = (date: string) => (row.get(date) as { ordinal: number }).ordinal;
    const working = (date: string) => (row.get(date) as { working: number }).working;
    expect(working('2025-10-01')).toBe(0); // 国庆 Wednesday
    expect(working('2025-10-11')).toBe(1); // 调休 Saturday
    expect(working('2025-10-13')).toBe(0); // the center's own holiday
    expect(working('2027-01-01')).toBe(1); // a Friday in a year without data: weekends only
    // 10-01 … 10-08 are holidays, 10-09 and 10-10 count; 10-11 is a make-up Saturday.
    expect(ordinal('2025-10-09') - ordinal('2025-09-30')).toBe(1);
    expect(ordinal('2025-10-11') - ordinal('2025-09-30')).toBe(3);
    expect(ordinal('2025-10-14') - ordinal('2025-09-30')).toBe(4);
    // Every row adds its own working flag to the previous one's count.
    const broken = db
      .prepare('SELECT count(*) FROM (SELECT working, ordinal - lag(ordinal, 1, 0) OVER (ORDER BY day) AS step FROM calendar_ordinals) WHERE step <> working')
      .pluck()
      .get();
    expect(broken).toBe(0);
    expect(db.prepare('SELECT max(day) - min(day) + 1 FROM calendar_ordinals').pluck().get()).toBe(91_404);
    db.close();
  });

  it('3 → 4 gives evaluations their case groups, starts the item history and keeps it from then on', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', MIGRATIONS.slice(0, 3));
    db.exec(`
      INSERT INTO departments (name, created_at) VALUES ('市场监管局', 'now');
      INSERT INTO windows (code, name, department_id, created_at) VALUES ('W001', '市场监管窗口', 1, 'now');
      INSERT INTO items (code, name, department_id, type, promised_days, legal_days, legal_unit, limit_unit, stages, authorized,
                         authorization_declared, window_id, status, updated_at)
        VALUES ('XK1', '食品经营许可', 1, '行政许可', 5, 20, 'workday', 'workday', '["accept","review","decide","deliver"]',
                '["accept","review","decide"]', 1, 1, 'active', '2025-06-01T09:00:00+08:00'),
               ('XK2', '药品零售许可', 1, '行政许可', 10, 20, 'workday', 'workday', '["accept","review","decide","deliver"]',
                '["accept"]', 1, NULL, 'active', '2025-06-01T09:00:00+08:00');
      INSERT INTO cases (number, item_id, window_id, department_id, item_type, applicant, channel, stages, authorized, promised_days,
                         limit_unit, closing_minutes, created_at, state, last_event_at)
        VALUES ('20250902-0001', 1, 1, 1, '行政许可', '张三', 'window', '[]', '[]', 5, 'workday', 1050, 'now', 'open', 'now');
      INSERT INTO evaluations (case_id, level, date, at, operator) VALUES (1, 5, '2025-09-03', 'now', 'tester');
    `);
    migrate(db, ':memory:', MIGRATIONS.slice(0, 4));
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(db.prepare('SELECT window_id, department_id, item_id, item_type FROM evaluations').get()).toEqual({
      window_id: 1,
      department_id: 1,
      item_id: 1,
      item_type: '行政许可',
    });
    const versions = () => db.prepare('SELECT item_id, valid_from, status, entered, fully_authorized, promised_days FROM item_versions ORDER BY 1, 2').all();
    // XK1 has every stage up to 审批 authorized; XK2 only 受理 and no window.
    expect(versions()).toEqual([
      { item_id: 1, valid_from: '2025-06-01', status: 'active', entered: 1, fully_authorized: 1, promised_days: 5 },
      { item_id: 2, valid_from: '2025-06-01', status: 'active', entered: 0, fully_authorized: 0, promised_days: 10 },
    ]);
    // A later change adds a version dated by the change; a second change that day replaces it; a fee alone adds none.
    db.exec("UPDATE items SET window_id = 1, updated_at = '2025-10-15T10:00:00+08:00' WHERE code = 'XK2'");
    db.exec("UPDATE items SET status = 'cancelled', updated_at = '2025-10-15T16:00:00+08:00' WHERE code = 'XK2'");
    db.exec("UPDATE items SET fee_fen = 500, updated_at = '2025-11-01T10:00:00+08:00' WHERE code = 'XK1'");
    expect(versions()).toEqual([
      { item_id: 1, valid_from: '2025-06-01', status: 'active', entered: 1, fully_authorized: 1, promised_days: 5 },
      { item_id: 2, valid_from: '2025-06-01', status: 'active', entered: 0, fully_authorized: 0, promised_days: 10 },
      { item_id: 2, valid_from: '2025-10-15', status: 'cancelled', entered: 1, fully_authorized: 0, promised_days: 10 },
    ]);
    db.close();
  });

  it('4 → 5 lets the overdue list and the deadlines at a month end read indexes only', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', MIGRATIONS.slice(0, 4));
    migrate(db, ':memory:', MIGRATIONS.slice(0, 5));
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    const plan = (sql: string) => queryPlan(db, sql);
    // The two halves of the overdue list: concluded late in the month, and open at its end past the deadline.
    expect(
      plan('SELECT number, item_id, window_id, accepted_date, deadline, limit_unit FROM cases WHERE concluded_date BETWEEN @from AND @to AND on_time = 0'),
    ).toMatch(/COVERING INDEX cases_report_late/);
    expect(plan('SELECT number, window_id, item_type, deadline FROM cases WHERE ended_date IS NULL AND accepted_date <= @t AND deadline < @t')).toMatch(
      /COVERING INDEX cases_report_ended/,
    );
    expect(plan('SELECT case_id FROM case_pauses WHERE to_date IS NULL OR to_date > @t')).toMatch(/case_pauses_by_end/);
    db.close();
  });

  it('5 → 6 drops the indexes another one begins with, and the date ranges still read an index', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', MIGRATIONS.slice(0, 5));
    migrate(db, ':memory:', MIGRATIONS.slice(0, 6));
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all();
    expect(indexes).not.toContain('cases_by_accepted');
    expect(indexes).not.toContain('cases_by_concluded');
    expect(indexes).not.toContain('evaluations_by_date');
    const plan = (sql: string) => queryPlan(db, sql);
    expect(plan('SELECT id FROM cases WHERE accepted_date BETWEEN @from AND @to')).toMatch(/USING (COVERING )?INDEX cases_report_accepted/);
    expect(plan('SELECT id, applicant FROM cases WHERE concluded_date BETWEEN @from AND @to')).toMatch(/USING INDEX cases_report_concluded/);
    expect(plan('SELECT case_id, level FROM evaluations WHERE date BETWEEN @from AND @to')).toMatch(/USING (COVERING )?INDEX evaluations_report/);
    db.close();
  });

  it('6 → 7 lets a case be voided, keeping every row, index and the table STRICT, and other connections see it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hall-migration-')), 'hall.db');
    const db = new BetterSqlite3(path);
    migrate(db, path, MIGRATIONS.slice(0, 6));
    // Bare case rows, without the item and window they would name: only the state is under test.
    db.pragma('foreign_keys = OFF');
    const insert = (number: string, state: string) =>
      db
        .prepare(
          `INSERT INTO cases (number, item_id, department_id, item_type, applicant, channel, stages, authorized, promised_days, limit_unit,
             closing_minutes, created_at, state, last_event_at)
           VALUES (?, 1, 1, '行政许可', '张三', 'window', '[]', '[]', 5, 'workday', 1050, '2025-10-09T09:30:00+08:00', ?, '2025-10-09T09:30:00+08:00')`,
        )
        .run(number, state);
    insert('20251009-0001', 'open');
    expect(() => insert('20251009-0002', 'voided')).toThrow(/CHECK constraint failed/);
    const indexesBefore = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' ORDER BY name").all();
    const other = new BetterSqlite3(path);
    other.pragma('foreign_keys = OFF');
    expect(other.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(1);

    migrate(db, path, MIGRATIONS.slice(0, 7));
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    insert('20251009-0002', 'voided');
    expect(() => insert('20251009-0003', 'closed')).toThrow(/CHECK constraint failed/);
    // Still STRICT: a number where text belongs is refused.
    expect(() => db.prepare("UPDATE cases SET applicant = x'00' WHERE number = '20251009-0001'").run()).toThrow(/cannot store BLOB/);
    expect(db.prepare('SELECT number, state FROM cases ORDER BY id').all()).toEqual([
      { number: '20251009-0001', state: 'open' },
      { number: '20251009-0002', state: 'voided' },
    ]);
    expect(db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' ORDER BY name").all()).toEqual(indexesBefore);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // A connection opened before the upgrade reads the new schema on its next statement.
    expect(() =>
      other
        .prepare(
          `INSERT INTO cases (number, item_id, department_id, item_type, applicant, channel, stages, authorized, promised_days, limit_unit,
             closing_minutes, created_at, state, last_event_at)
           VALUES ('20251009-0004', 1, 1, '行政许可', '李四', 'window', '[]', '[]', 5, 'workday', 1050, '2025-10-09T10:00:00+08:00', 'voided', '2025-10-09T10:00:00+08:00')`,
        )
        .run(),
    ).not.toThrow();
    other.close();
    // Defensive mode is back on: the schema table cannot be written outside the migration.
    expect(() => db.pragma('writable_schema = ON')).not.toThrow();
    expect(() => db.prepare("UPDATE sqlite_schema SET sql = sql WHERE name = 'cases'").run()).toThrow();
    db.close();
  });

  it('7 → 8 adds window aliases and makes window names unique, renaming the later of two windows of one name', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version < 8),
    );
    db.exec(`
      INSERT INTO windows (code, name, created_at) VALUES ('W001', '综合窗口', '2025-01-01'), ('W002', '综合窗口', '2025-01-02'),
        ('W003', '综合窗口', '2025-01-03'), ('W004', '综合窗口（W003）', '2025-01-04'), ('W005', '出入境窗口', '2025-01-05');
    `);
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version <= 8),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    expect(db.prepare('SELECT code, name FROM windows ORDER BY code').all()).toEqual([
      { code: 'W001', name: '综合窗口' },
      { code: 'W002', name: '综合窗口（W002）' },
      // The name it would get is taken by a window called so on purpose.
      { code: 'W003', name: '综合窗口（W003-2）' },
      { code: 'W004', name: '综合窗口（W003）' },
      { code: 'W005', name: '出入境窗口' },
    ]);
    expect(() => db.prepare("INSERT INTO windows (code, name, created_at) VALUES ('W006', '出入境窗口', '2025-10-01')").run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO window_aliases (code, name, window_id, merged_at) VALUES ('W009', '旧窗口', 1, '2025-10-01')").run();
    // An old code names a window that exists.
    expect(() => db.prepare("INSERT INTO window_aliases (code, name, window_id, merged_at) VALUES ('W010', '旧窗口二', 99, '2025-10-01')").run()).toThrow(
      /FOREIGN KEY/,
    );
    db.close();
  });

  it('8 → 9 adds bundles and their members, keeping working-day limits and member order', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version < 9),
    );
    db.exec(`
      INSERT INTO departments (id, name, created_at) VALUES (1, '市场监督管理局', '2025-01-01');
      INSERT INTO items (id, code, name, department_id, type, promised_days, limit_unit, stages, authorized, authorization_declared, status, updated_at)
        VALUES (1, 'XK1', '企业设立登记', 1, '行政许可', 1, 'workday', '[]', '[]', 1, 'active', '2025-01-01'),
               (2, 'XK2', '食品经营许可', 1, '行政许可', 7, 'workday', '[]', '[]', 1, 'active', '2025-01-01');
    `);
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version <= 9),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    const bundle = db.prepare(
      "INSERT INTO bundles (code, name, lead_department_id, promised_days, legal_days, status, created_at, updated_at) VALUES (?, '开办企业', ?, ?, ?, ?, 't', 't')",
    );
    bundle.run('YJS1', 1, 3, 20, 'active');
    db.exec('INSERT INTO bundle_members (bundle_id, item_id, required, position) VALUES (1, 2, 1, 1), (1, 1, 0, 2)');
    expect(db.prepare('SELECT item_id FROM bundle_members WHERE bundle_id = 1 ORDER BY position').pluck().all()).toEqual([2, 1]);
    expect(() => bundle.run('YJS2', 1, 0, null, 'active')).toThrow(/CHECK/); // at least one working day
    expect(() => bundle.run('YJS2', 1, 5, 3, 'active')).toThrow(/CHECK/); // legal below promised
    expect(() => bundle.run('YJS2', 1, 5, null, 'suspended')).toThrow(/CHECK/);
    expect(() => bundle.run('YJS2', 9, 5, null, 'active')).toThrow(/FOREIGN KEY/);
    expect(() => bundle.run('YJS1', 1, 5, null, 'active')).toThrow(/UNIQUE/);
    expect(() => db.prepare('INSERT INTO bundle_members (bundle_id, item_id, required, position) VALUES (1, 1, 1, 3)').run()).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare('INSERT INTO bundle_members (bundle_id, item_id, required, position) VALUES (1, 9, 1, 3)').run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare('INSERT INTO bundle_members (bundle_id, item_id, required, position) VALUES (1, 2, 2, 3)').run()).toThrow();
    db.close();
  });

  it('9 → 10 adds combined cases and the link from each part, with the bundle a combined case was of required', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version < 10),
    );
    db.exec(`
      INSERT INTO departments (id, name, created_at) VALUES (1, '市场监督管理局', '2025-01-01');
      INSERT INTO bundles (id, code, name, lead_department_id, promised_days, legal_days, status, created_at, updated_at)
        VALUES (1, 'YJS1', '开办企业', 1, 3, 20, 'active', 't', 't');
    `);
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version <= 10),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    const combined = db.prepare(
      `INSERT INTO combined_cases (number, bundle_id, applicant, channel, promised_days, legal_days, accepted_at, accepted_date, created_at)
       VALUES (?, ?, '某某公司', 'window', 3, 20, '2025-10-09T09:00:00+08:00', '2025-10-09', 't')`,
    );
    combined.run('J20251009-0001', 1);
    expect(() => combined.run('J20251009-0001', 1)).toThrow(/UNIQUE/);
    expect(() => combined.run('J20251009-0002', 9)).toThrow(/FOREIGN KEY/);
    const columns = db.prepare("SELECT name FROM pragma_table_info('cases')").pluck().all();
    expect(columns).toContain('combined_id');
    expect(queryPlan(db, 'SELECT id FROM cases WHERE combined_id = 1')).toMatch(/cases_by_combined/);
    expect(queryPlan(db, "SELECT id FROM combined_cases WHERE accepted_date = '2025-10-09'")).toMatch(/combined_cases_by_date/);
    db.close();
  });

  it('11 → 12 opens a review of every bad rating already stored, due 5 working days after it, and gives complaints a category and a due date', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version < 12),
    );
    // Two rated cases (a 差评 on Thursday 30 September 2025, the day before National Day;
    // a 好评), a voided case whose rating the void removed, and a complaint received that day.
    db.exec(`
      INSERT INTO departments (id, name, created_at) VALUES (1, '市场监督管理局', '2025-01-01');
      INSERT INTO windows (id, code, name, department_id, created_at) VALUES (1, 'W001', '市场监管窗口', 1, '2025-01-01');
      INSERT INTO items (id, code, name, department_id, type, promised_days, limit_unit, stages, authorized, authorization_declared, status, updated_at)
        VALUES (1, 'XK1', '企业设立登记', 1, '行政许可', 1, 'workday', '[]', '[]', 1, 'active', '2025-01-01');
    `);
    const insertCase = db.prepare(
      `INSERT INTO cases (id, number, item_id, window_id, department_id, item_type, applicant, channel, fee_fen, stages, authorized,
         promised_days, limit_unit, closing_minutes, created_at, state, accepted_at, accepted_date, last_event_at)
       VALUES (?, ?, 1, 1, 1, '行政许可', '某某', 'window', 0, '[]', '[]', 1, 'workday', 1050, 't', ?, 't', '2025-09-29', 't')`,
    );
    insertCase.run(1, '20250929-0001', 'concluded');
    insertCase.run(2, '20250929-0002', 'concluded');
    insertCase.run(3, '20250929-0003', 'voided');
    db.exec(`
      INSERT INTO evaluations (case_id, level, comment, date, at, operator, window_id, department_id, item_id, item_type)
        VALUES (1, 2, '等太久', '2025-09-30', '2025-09-30T10:00:00+08:00', '张三', 1, 1, 1, '行政许可'),
               (2, 5, '', '2025-09-30', '2025-09-30T11:00:00+08:00', '张三', 1, 1, 1, '行政许可');
      INSERT INTO complaints (window_id, channel, received_date, summary, status, operator) VALUES (1, '12345热线', '2025-09-30', '态度差', 'open', '李四');
    `);
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version <= 12),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(12);
    // Five working days after 30 September, National Day (1–8 October) and Sunday 12 October aside: 9, 10, 11 (调休), 13, 14 October.
    expect(db.prepare('SELECT case_id, window_id, level, opened, days, due, state, created_at, operator FROM reviews').all()).toEqual([
      {
        case_id: 1,
        window_id: 1,
        level: 2,
        opened: '2025-09-30',
        days: 5,
        due: '2025-10-14',
        state: 'open',
        created_at: '2025-09-30T10:00:00+08:00',
        operator: '张三',
      },
    ]);
    // Fifteen working days: 9–11, 13–17, 20–24, 27 and 28 October.
    expect(db.prepare('SELECT category, due, due_days FROM complaints').get()).toEqual({ category: 'complaint', due: '2025-10-28', due_days: 15 });
    const review = db.prepare(
      "INSERT INTO reviews (case_id, level, opened, days, due, state, created_at, operator) VALUES (?, 1, '2025-10-09', 5, '2025-10-16', ?, 't', 'x')",
    );
    expect(() => review.run(1, 'open')).toThrow(/UNIQUE/); // one open review per case
    review.run(1, 'invalid');
    expect(() => review.run(2, 'pending')).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE complaints SET category = 'other'").run()).toThrow(/CHECK/);
    expect(queryPlan(db, "SELECT count(*) FROM reviews WHERE opened BETWEEN '2025-10-01' AND '2025-10-31'")).toMatch(/reviews_by_opened/);
    db.close();
  });

  it('12 → 13 adds frozen reports, one per kind and period, and the export watermarks, one per directory', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version <= 13),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(13);
    const freeze = db.prepare(
      "INSERT INTO frozen_reports (kind, period_from, period_to, label, json, digest, frozen_at, operator) VALUES (?, '2025-10-01', '2025-10-31', '2025-10', '{}', 'd', 't', 'x')",
    );
    freeze.run('monthly');
    freeze.run('assessment');
    expect(() => freeze.run('monthly')).toThrow(/UNIQUE/);
    expect(() => freeze.run('network')).toThrow(/CHECK/);
    const mark = db.prepare("INSERT INTO export_watermarks (directory, format, center_code, last_event_id, exported_at) VALUES (?, ?, '330681', 0, 't')");
    mark.run('/srv/export', 'parquet');
    expect(() => mark.run('/srv/export', 'csv')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => mark.run('/srv/other', 'xlsx')).toThrow(/CHECK/);
    db.close();
  });

  it('13 → 14 narrows the case indexes, and the queries that used the dropped ones find the narrower ones', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version <= 13),
    );
    const columns = (index: string) => (db.prepare(`SELECT name FROM pragma_index_info('${index}')`).pluck().all() as string[]).join(',');
    expect(columns('cases_report_ended')).toContain('number');
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version <= 14),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(14);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases'").pluck().all() as string[];
    expect(indexes).not.toContain('cases_by_item');
    expect(indexes).not.toContain('cases_by_department');
    expect(columns('cases_report_ended')).toBe('ended_date,accepted_date,state,window_id,department_id,item_id,item_type,deadline,promised_days,limit_unit');
    expect(columns('cases_by_state')).toBe('state,deadline,item_id');
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'cases_by_refused'").pluck().get()).toMatch(/WHERE refused_date IS NOT NULL/);
    // The refusals of a period, catalog --sync's running cases of an item, and the overdue list's first branch.
    expect(
      queryPlan(db, 'SELECT window_id, count(*) FROM cases WHERE refused_date BETWEEN @from AND @to GROUP BY window_id, department_id, item_id, item_type'),
    ).toMatch(/COVERING INDEX cases_by_refused/);
    expect(queryPlan(db, "SELECT count(*) FROM cases WHERE item_id = 7 AND state IN ('open', 'paused')")).toMatch(/cases_by_state/);
    expect(queryPlan(db, 'SELECT number FROM cases WHERE ended_date > @t AND +accepted_date <= @t AND deadline < @t')).toMatch(/cases_report_ended/);
    // Run again from 13 (a test that winds a database back does): the dropped indexes are not there to drop.
    db.pragma('user_version = 13');
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version <= 14),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(14);
    db.close();
  });

  it('14 → 15 stores each event fact once and every event reads back as it was written, a rated refusal gaining its rate event', () => {
    const db = at14WithCases();
    const before = db.prepare('SELECT id, case_id, kind, at, date, minutes, operator, location, details FROM case_events ORDER BY id').all() as EventText[];
    const cases = db.prepare('SELECT * FROM cases ORDER BY id').all() as Record<string, unknown>[];
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version <= 15),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(15);
    // Every event, decoded by the store and printed by the shell's view, is the row it was; the refused case gains its rate event last.
    const repaired = { id: 11, case_id: 3, kind: 'rate', at: '2025-08-04T10:00:00+08:00', date: '2025-08-04', minutes: 600, operator: '导入', location: null };
    const expected = [...before, { ...repaired, details: '{"level":1,"comment":"","date":"2025-08-04","imported":true}' }];
    expect(db.prepare('SELECT * FROM case_events_text ORDER BY id').all()).toEqual(expected);
    const decoded = [1, 2, 3, 4].flatMap((caseId) => eventsOf(db, caseId));
    const byCase = [...expected].sort((a, b) => a.case_id - b.case_id || a.id - b.id);
    expect(decoded).toEqual(byCase.map(({ id: _id, case_id: _case, details, ...event }) => ({ ...event, details: JSON.parse(details) })));
    // What the row keeps: the cut endings and the codes, each operator and pair of lists once.
    expect(db.prepare('SELECT kind, at, tz, location, cut, details FROM case_events WHERE id IN (1, 6, 7) ORDER BY id').raw().all()).toEqual([
      [0, 1754037480, 480, 1, 0, '{"channel":"window"}'],
      [2, 1754047440, 480, null, 3, '{"level":2,"comment":""}'],
      [10, -630945000, -300, null, 0, '{"forced":true,"reason":"重复登记"}'],
    ]);
    expect(db.prepare('SELECT name FROM operators ORDER BY id').pluck().all()).toEqual(['林晓燕', '导入']);
    // The codes the store writes are the ones the table names for people at the shell.
    expect(db.prepare("SELECT name FROM codes WHERE domain = 'event' ORDER BY code").pluck().all()).toEqual(EVENT_KIND_CODES);
    expect([null, ...db.prepare("SELECT name FROM codes WHERE domain = 'location' ORDER BY code").pluck().all()]).toEqual(LOCATION_CODES);
    expect(db.prepare('SELECT count(*) FROM rule_lists').pluck().get()).toBe(1);
    // The case rows keep every column but the copies; doctor's foreign key check is clean.
    const after = db.prepare('SELECT c.*, l.stages, l.authorized FROM cases c JOIN rule_lists l ON l.id = c.lists_id ORDER BY c.id').all() as Record<
      string,
      unknown
    >[];
    expect(after).toEqual(cases.map(({ created_at: _c, last_event_at: _l, ...row }) => ({ ...row, lists_id: 1 })));
    expect(db.prepare('SELECT case_id, level, comment, date FROM evaluations ORDER BY case_id').raw().all()).toEqual([
      [2, 2, '', '2025-08-01'],
      [3, 1, '', '2025-08-04'],
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // The indexes of migration 14 are there again, on the new tables.
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('cases', 'case_events', 'evaluations') AND sql IS NOT NULL")
      .pluck()
      .all();
    expect(indexes).toEqual(expect.arrayContaining(['cases_report_ended', 'cases_by_refused', 'case_events_by_case', 'evaluations_report']));
    expect(() => db.prepare("UPDATE rule_lists SET stages = '[]'").run()).toThrow(/append-only/);
    db.close();
  });

  it('15 → 16 keeps every case, pause and evaluation value as integers and codes that read back as they were', () => {
    const db = at14WithCases();
    db.exec(`INSERT INTO case_pauses (case_id, seq, kind, reason, from_date, to_date) VALUES (1, 1, 'supplement', '营业执照副本', '2025-08-04', '2025-08-05')`);
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version <= 15),
    );
    const rows = (table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
    const [cases, pauses, evaluations] = [rows('cases'), rows('case_pauses'), rows('evaluations')];
    migrate(db, ':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(16);
    // The shell's views print every value as migration 15 held it.
    expect(rows('cases_text')).toEqual(cases);
    expect(rows('case_pauses_text')).toEqual(pauses);
    expect(rows('evaluations_text')).toEqual(evaluations);
    // What is stored: codes, day numbers, local seconds and offsets; the 1950 case's time before 1970.
    const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
    expect(
      db.prepare('SELECT item_type, channel, limit_unit, state, accepted_at, accepted_tz, accepted_date, deadline FROM cases WHERE id = 1').raw().get(),
    ).toEqual([0, 0, 0, 1, 1754037480, 480, day('2025-08-01'), day('2025-08-11')]);
    expect(db.prepare('SELECT kind, from_date, to_date FROM case_pauses').raw().get()).toEqual([0, day('2025-08-04'), day('2025-08-05')]);
    // The store's codes are the table's, domain by domain.
    for (const [domain, names] of Object.entries(CODES)) {
      expect(db.prepare('SELECT name FROM codes WHERE domain = ? ORDER BY code').pluck().all(domain), domain).toEqual(names);
    }
    // Every report index is on the new table, and the pack's ranges still read them alone.
    expect(
      queryPlan(
        db,
        'SELECT window_id, count(*), sum(fee_fen) FROM cases WHERE accepted_date BETWEEN @from AND @to GROUP BY window_id, department_id, item_id, item_type',
      ),
    ).toMatch(/COVERING INDEX cases_report_accepted/);
    expect(
      queryPlan(
        db,
        'SELECT window_id, count(*) FROM cases WHERE concluded_date BETWEEN @from AND @to AND legal_days IS NOT NULL AND coalesce(legal_unit, 0) <> limit_unit GROUP BY window_id',
      ),
    ).toMatch(/cases_report_other_unit/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('15 → 16 refuses a date hall never wrote, naming its case and changing nothing', () => {
    const db = at14WithCases();
    migrate(
      db,
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version <= 15),
    );
    db.exec("UPDATE cases SET deadline = '2025-02-30' WHERE id = 2");
    expect(() => migrate(db, '/srv/hall.db')).toThrow(
      expect.objectContaining({ problem: 'upgrade_refused', detail: { version: 16, findings: ['20250801-0002: cases.deadline "2025-02-30"'] } }),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(15);
    expect(db.prepare('SELECT deadline FROM cases WHERE id = 2').pluck().get()).toBe('2025-02-30');
    db.close();
  });

  it('14 → 15 refuses an event time not in the form hall writes, naming it and changing nothing', () => {
    const db = at14WithCases();
    db.prepare(
      "INSERT INTO case_events (case_id, kind, at, date, minutes, operator, details) VALUES (1, 'advance', '2025-08-01 09:00', '2025-08-01', 540, '林晓燕', '{}')",
    ).run();
    const tables = () => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    const before = tables();
    let refused: unknown;
    try {
      migrate(db, '/srv/hall.db');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(StorageFailure);
    expect(refused).toMatchObject({ problem: 'upgrade_refused', detail: { version: 15, findings: ['20250801-0001: 2025-08-01 09:00 (2025-08-01 540)'] } });
    expect(db.pragma('user_version', { simple: true })).toBe(14);
    expect(tables()).toEqual(before);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('is a no-op on an up-to-date database', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:');
    const count = db.prepare('SELECT count(*) FROM calendar_days').pluck().get();
    migrate(db, ':memory:');
    expect(db.prepare('SELECT count(*) FROM calendar_days').pluck().get()).toBe(count);
    db.close();
  });

  it('rolls a failing step back entirely', () => {
    const db = new BetterSqlite3(':memory:');
    const broken = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 1,
        description: 'fails half-way',
        up(target: BetterSqlite3.Database) {
          target.exec('CREATE TABLE half (id INTEGER)');
          target.exec('INSERT INTO no_such_table VALUES (1)');
        },
      },
    ];
    expect(() => migrate(db, ':memory:', broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database newer than the code', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db, 'center.db')).toThrow(StorageFailure);
    db.close();
  });
});
