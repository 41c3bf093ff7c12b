/**
 * A large case import checks its rows in a worker thread while the main thread writes.
 * Run from the compiled code (dist/, built by the global setup), as the worker only is:
 * the same file imported in one thread, with the worker, and with a worker that stops
 * half-way (the main thread checks the rest) leaves the same rows, refuses the same
 * rows for the same reasons, and fails the same way on a broken file.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { dump, fixture, freshDb, hall, ROOT, tempDir } from './helpers.js';

type Store = typeof import('../src/store/case-import.js');
type Pipeline = typeof import('../src/io/import-pipeline.js');
type Csv = typeof import('../src/io/csv-source.js');
type CaseRows = typeof import('../src/core/case-row.js');
type Calendar = typeof import('../src/store/calendar.js');
const shipped = async <T>(...path: string[]) => (await import(['..', 'dist', ...path].join('/'))) as T;

let template = '';
beforeEach(async () => {
  template = await freshDb();
  const imported = await hall(template, ['items', 'import', fixture('catalog-gb18030.csv')]);
  if (imported.code !== 0) throw new Error(imported.stderr);
  // A case already there: a row of the file that gives its number is refused.
  const registered = await hall(template, ['case', 'register', '--item', 'XK10001000', '--applicant', '先来'], { HALL_NOW: '2025-03-03T09:00:00+08:00' });
  if (registered.code !== 0) throw new Error(registered.stderr);
});

function database(): string {
  const db = join(tempDir(), 'hall.db');
  copyFileSync(template, db);
  return db;
}

const HEADER = '办件编号,事项编码,申请人,证件号码,受理时间,办结时间,办理结果,评价,暂停开始,暂停结束';
const ITEMS = ['XK10001000', 'XK10001001', 'QT10002000', 'XK10003000', 'XK10004000'];

/** 2,600 rows (six batches): cases of every shape, five refused rows, numbers given (one taken, one repeated), a case in 2027, a year without a holiday schedule. */
function bigFile(extra: (lines: string[]) => void = () => {}): string {
  const lines = [HEADER];
  for (let index = 0; index < 2_600; index++) {
    const day = String(3 + (index % 25)).padStart(2, '0');
    const month = String(3 + (index % 6)).padStart(2, '0');
    const concludedMonth = String(4 + (index % 6)).padStart(2, '0');
    const accepted = `2025-${month}-${day} ${String(9 + (index % 7)).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}`;
    const concluded = index % 3 === 0 ? '' : `2025-${concludedMonth}-${day} 10:00`;
    const outcome = concluded === '' ? '' : index % 11 === 0 ? '不予许可' : '准予';
    const rating = concluded === '' ? '' : String(1 + (index % 5));
    const pause = concluded !== '' && index % 7 === 0 ? [`2025-${month}-${day} 16:00`, `2025-${concludedMonth}-01 09:00`] : ['', ''];
    lines.push(['', ITEMS[index % ITEMS.length], `申请人${index}`, '', accepted, concluded, outcome, rating, ...pause].join(','));
  }
  lines[700] = ',XK99999999,无此事项,,2025-05-06 10:00,,,,,'; // an unknown item
  lines[1300] = ',XK10001000,错时间,,2025-13-01 10:00,,,,,'; // no such month
  lines[1900] = ',XK10001000,未来,,2027-12-01 10:00,,,,,'; // after the clock
  lines[2000] = '20250303-0001,XK10001000,号已占用,,2025-03-03 10:00,,,,,'; // the registered case's number
  lines[2100] = '20250304-0050,XK10001000,给号,,2025-03-04 10:00,,,,,';
  lines[2500] = '20250304-0050,XK10001000,重号,,2025-03-04 11:00,,,,,'; // repeats row 2100's number
  lines[2550] = ',XK10001000,明年,,2027-03-01 10:00,,,,,'; // imported, with a deadline counted on weekends alone
  extra(lines);
  const file = join(tempDir(), 'big.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

interface Run {
  /** Batches the worker handed over (each moves the progress bar), and how often the file was opened. */
  handedOver: number;
  opened: number;
  summary: unknown;
  failure: unknown;
  rejects: unknown[];
  missingYears: number[];
  dump: string;
}

/** `rejectsFile`: whether the import keeps the refused rows (`--rejects`); without it the worker hands over no row's cells. */
async function importWith(file: string, how: 'one thread' | 'worker' | 'worker that stops', skipInvalid = true, rejectsFile = true): Promise<Run> {
  const [store, pipeline, csv, caseRows, calendars] = await Promise.all([
    shipped<Store>('store', 'case-import.js'),
    shipped<Pipeline>('io', 'import-pipeline.js'),
    shipped<Csv>('io', 'csv-source.js'),
    shipped<CaseRows>('core', 'case-row.js'),
    shipped<Calendar>('store', 'calendar.js'),
  ]);
  const db = database();
  const handle = new BetterSqlite3(db);
  const rejects: unknown[] = [];
  const calendar = calendars.loadCalendar(handle);
  let opened = 0;
  let handedOver = 0;
  const open = () => {
    opened++;
    return pipeline.openImport(opened === 1 ? csv.openCsv(file) : csv.reopenCsv(file, 'utf-8'), caseRows.CASE_IMPORT_COLUMNS);
  };
  let summary: unknown = null;
  let failure: unknown = null;
  try {
    summary = await store.importCases(handle, calendar, await open(), {
      timeZone: 'Asia/Shanghai',
      closingMinutes: 17 * 60 + 30,
      operator: 'tester',
      now: new Date('2027-06-01T10:00:00+08:00'),
      skipInvalid,
      onRejected: rejectsFile ? (rejected) => rejects.push({ ...rejected, errors: rejected.errors.map((error) => ({ ...error })) }) : undefined,
      reread: { encoding: 'utf-8', reopen: open, onProgress: () => handedOver++ },
      testHooks: {
        rebuildIndexesFrom: 1_000,
        checkInWorkerFrom: how === 'one thread' ? Number.POSITIVE_INFINITY : 0,
        checkerStopsAfter: how === 'worker that stops' ? 2 : undefined,
      },
    });
  } catch (error) {
    failure = { name: (error as Error).name, ...(error as object) };
  } finally {
    handle.close();
  }
  return { handedOver, opened, summary, failure, rejects, missingYears: [...calendar.missingYears], dump: dump(db) };
}

describe('a large case import checked in a worker thread', () => {
  it('writes the same rows and refuses the same rows as one thread, and so does a worker that stops half-way', async () => {
    const file = bigFile();
    const alone = await importWith(file, 'one thread');
    expect(alone.failure).toBeNull();
    expect(alone.summary).toMatchObject({ rows: 2_600, imported: 2_595, rejected: 5 });
    expect(alone.rejects.map((rejected) => (rejected as { row: number }).row)).toEqual([700, 1300, 1900, 2000, 2500]);
    expect(alone.missingYears).toEqual([2027]);
    expect(alone).toMatchObject({ handedOver: 0, opened: 1 });
    const inWorker = await importWith(file, 'worker');
    // Every row from the worker, in messages of at most 500 rows from batches of 500 records
    // (499 rows under the header, four of 500, 101): 6. The file opened here once, for its header.
    expect(inWorker).toMatchObject({ handedOver: 6, opened: 1 });
    const stopping = await importWith(file, 'worker that stops');
    // Two messages from the worker, then the file opened again and the rest checked here.
    expect(stopping).toMatchObject({ handedOver: 2, opened: 2 });
    for (const [how, run] of [
      ['worker', inWorker],
      ['worker that stops', stopping],
    ] as const) {
      expect(run.summary, how).toEqual(alone.summary);
      expect(run.rejects, how).toEqual(alone.rejects);
      expect(run.missingYears, how).toEqual(alone.missingYears);
      expect(run.dump === alone.dump, how).toBe(true);
    }
  });

  it('is all or nothing in the same way: the same refusal, nothing written', async () => {
    const file = bigFile();
    const before = dump(database());
    const alone = await importWith(file, 'one thread', false);
    expect(alone.failure).toMatchObject({ name: 'ImportRejected', rejected: 5 });
    expect(alone.dump).toBe(before);
    for (const how of ['worker', 'worker that stops'] as const) {
      for (const rejectsFile of [true, false]) {
        const run = await importWith(file, how, false, rejectsFile);
        expect(run.handedOver, how).toBeGreaterThan(0);
        expect(run.failure, how).toEqual(alone.failure);
        expect(run.dump === before, how).toBe(true);
      }
    }
  });

  it('stops at a broken line with the same error, writing nothing', async () => {
    const file = bigFile((lines) => {
      lines[1800] = ',XK10001000,"没有收尾的引号,,2025-05-06 10:00,,,,,';
    });
    const before = dump(database());
    const alone = await importWith(file, 'one thread');
    expect(alone.failure).toMatchObject({ name: 'MalformedCsv', line: 1801 });
    const run = await importWith(file, 'worker');
    expect(run.handedOver).toBe(3); // the batches of 500 records before the broken line's, a message each
    expect(run.failure).toEqual(alone.failure);
    expect(run.dump === before).toBe(true);
  });
});

describe('hall cases import of a file large enough for the worker', () => {
  it('imports 60,000 rows of a file with a BOM, every case as its events make it', () => {
    const lines = [HEADER];
    for (let index = 0; index < 60_000; index++) {
      const day = String(1 + (index % 28)).padStart(2, '0');
      const month = String(1 + (index % 9)).padStart(2, '0');
      const concluded = index % 4 === 0 ? '' : `2025-${String(2 + (index % 9)).padStart(2, '0')}-${day} 10:00`;
      lines.push(
        ['', ITEMS[index % ITEMS.length], `申请人${index}`, '', `2025-${month}-${day} 09:30`, concluded, concluded ? '准予' : '', '', '', ''].join(','),
      );
    }
    const file = join(tempDir(), '历史办件.csv');
    writeFileSync(file, `\uFEFF${lines.join('\n')}\n`);
    const db = database();
    const bin = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'hall.js'), '--db', db, ...args], {
        encoding: 'utf8',
        env: { ...process.env, HALL_NOW: '2025-12-01T10:00:00+08:00', HALL_OPERATOR: 'tester' },
      });
    const imported = bin('cases', 'import', file, '--format', 'json');
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 60_000, imported: 60_000, rejected: 0, encoding: 'utf-8-bom' });
    // Every case's cached state and deadlines agree with a replay of its events.
    const doctor = bin('doctor', '--all-cases', '--format', 'json');
    expect(doctor.status, doctor.stdout).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ cases_scope: 'all', cases_checked: 60_001, stale_cases: 0 });
  });
});
