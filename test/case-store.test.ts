/** The store side of a case command: one read of the case, one of its events, one event written, one cached row updated. */
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventTimeOf } from '../src/core/case-values.js';
import { writeTransaction } from '../src/db/database.js';
import { loadCalendar } from '../src/store/calendar.js';
import { applyCaseAction } from '../src/store/cases.js';
import { fixture, freshDb, hall } from './helpers.js';

let path: string;
beforeEach(async () => {
  path = await freshDb();
  await hall(path, ['items', 'import', fixture('catalog-gb18030.csv')]);
  const registered = await hall(path, ['case', 'register', '--item', 'XK10001000', '--applicant', '张三'], { HALL_NOW: '2025-09-30T10:00:00+08:00' });
  expect(registered.code).toBe(0);
});

/** Opens the database recording every statement SQLite runs. */
function recordingDb() {
  const statements: string[] = [];
  const db = new BetterSqlite3(path, { verbose: (sql) => statements.push(String(sql).replace(/\s+/g, ' ').trim()) });
  return { db, statements };
}

describe('a case command at the store', () => {
  it('advance reads the case and its events once and writes one event and one cache update', () => {
    const { db, statements } = recordingDb();
    const calendar = loadCalendar(db);
    statements.length = 0;
    const actor = { time: eventTimeOf(new Date('2025-10-09T09:00:00+08:00'), 'Asia/Shanghai'), operator: 'tester' };
    writeTransaction(db, () => applyCaseAction(db, calendar, '20250930-0001', { command: 'advance', to: null, location: null }, actor));
    db.close();
    const kinds = statements.map((sql) => sql.split(' ').slice(0, 3).join(' '));
    // The operator's id is looked up on its unique name (migration 15 stores it once).
    expect(kinds).toEqual([
      'BEGIN IMMEDIATE',
      'SELECT c.*, l.stages,',
      'SELECT e.kind, e.at,',
      'SELECT id FROM',
      'INSERT INTO case_events',
      'UPDATE cases SET',
      'COMMIT',
    ]);
  });

  it('a pause writes its row once, and resuming it updates that row', () => {
    const { db, statements } = recordingDb();
    const calendar = loadCalendar(db);
    const actorAt = (iso: string) => ({ time: eventTimeOf(new Date(iso), 'Asia/Shanghai'), operator: 'tester' });
    writeTransaction(db, () =>
      applyCaseAction(db, calendar, '20250930-0001', { command: 'supplement', materials: '营业执照' }, actorAt('2025-10-09T09:00:00+08:00')),
    );
    statements.length = 0;
    writeTransaction(db, () => applyCaseAction(db, calendar, '20250930-0001', { command: 'resume' }, actorAt('2025-10-13T09:00:00+08:00')));
    const pauseWrites = statements.filter((sql) => /case_pauses/.test(sql));
    const pauses = db
      .prepare("SELECT seq, date(from_date * 86400, 'unixepoch') AS from_date, date(to_date * 86400, 'unixepoch') AS to_date FROM case_pauses")
      .all();
    db.close();
    expect(pauseWrites).toHaveLength(1);
    // The day number of 2025-10-13 (migration 16 stores dates so).
    expect(pauseWrites[0]).toMatch(new RegExp(`^UPDATE case_pauses SET to_date = ${Date.UTC(2025, 9, 13) / 86_400_000}`));
    expect(pauses).toEqual([{ seq: 1, from_date: '2025-10-09', to_date: '2025-10-13' }]);
  });
});
