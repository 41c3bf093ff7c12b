/** Each migration from N−1 to N on an in-memory database, and the refusal of a newer schema. */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/db/database.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/db/migrations.js';
import { StorageError } from '../src/core/errors.js';
import { OFFICIAL_SCHEDULE } from '../src/core/holidays-official.js';

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
    expect(db.prepare('SELECT count(*) FROM calendar_days').pluck().get()).toBe(OFFICIAL_SCHEDULE.length);
    expect(db.prepare('SELECT year FROM calendar_years ORDER BY year').pluck().all()).toEqual([2024, 2025, 2026]);
    db.close();
  });

  it('1 → 2 adds cases and an append-only event table', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ':memory:', MIGRATIONS.slice(0, 1));
    migrate(db, ':memory:', MIGRATIONS.slice(0, 2));
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.exec("INSERT INTO departments (name, created_at) VALUES ('公安局', 'now')");
    db.exec("INSERT INTO items (code, name, department_id, type, promised_days, limit_unit, stages, authorized, authorization_declared, status, updated_at) VALUES ('X1', '户口迁移', 1, '行政确认', 0, 'workday', '[]', '[]', 1, 'active', 'now')");
    db.exec("INSERT INTO cases (number, item_id, department_id, item_type, applicant, channel, stages, authorized, promised_days, limit_unit, closing_minutes, created_at, state, last_event_at) VALUES ('20251009-0001', 1, 1, '行政确认', '张三', 'window', '[]', '[]', 0, 'workday', 1050, 'now', 'open', 'now')");
    db.exec("INSERT INTO case_events (case_id, kind, at, date, minutes, operator) VALUES (1, 'register', 'now', '2025-10-09', 600, 'tester')");
    expect(() => db.exec("UPDATE case_events SET operator = 'someone else'")).toThrow('case_events is append-only');
    expect(() => db.exec('DELETE FROM case_events')).toThrow('case_events is append-only');
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
    expect(() => migrate(db, 'center.db')).toThrow(StorageError);
    db.close();
  });
});
