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
