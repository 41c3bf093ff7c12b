/**
 * SIGKILL during each large import, at several points: reading, validating, writing.
 * Whatever the moment, the database passes its integrity check and holds either none
 * or all of the file's rows; a run after the kill succeeds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture, freshDb, hall, ROOT, tempDir } from './helpers.js';

const BIN = join(ROOT, 'bin', 'hall.js');
const ROWS = 20_000;
const ENV = { ...process.env, HALL_NOW: '2025-12-31T18:00:00+08:00', HALL_OPERATOR: 'tester' };

function catalogFile(dir: string): string {
  const lines = ['事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限,办件类型,收费标准,进驻窗口'];
  for (let index = 0; index < ROWS; index++) lines.push(`XK${String(50_000_000 + index)},批量事项${index},市场监管局,行政许可,20,5,承诺件,0,市场监管窗口`);
  const path = join(dir, 'catalog.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function caseFile(dir: string): string {
  const lines = ['事项编码,申请人,受理时间,办结时间,办理结果'];
  for (let index = 0; index < ROWS; index++) {
    const day = String(1 + (index % 28)).padStart(2, '0');
    lines.push(`XK10001000,申请人${index},2025-11-${day} 09:30,2025-12-${day} 10:00,准予`);
  }
  const path = join(dir, 'cases.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function counts(db: string): { integrity: string; items: number; cases: number } {
  const handle = new BetterSqlite3(db);
  try {
    return {
      integrity: handle.pragma('integrity_check', { simple: true }) as string,
      items: handle.prepare('SELECT count(*) FROM items').pluck().get() as number,
      cases: handle.prepare('SELECT count(*) FROM cases').pluck().get() as number,
    };
  } finally {
    handle.close();
  }
}

/** Starts the import and kills it after `afterMs`; resolves once it is gone. */
function killedImport(db: string, args: string[], afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--db', db, ...args], { env: ENV, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe.each([
  { name: 'items import', file: catalogFile, args: (path: string) => ['items', 'import', path], key: 'items' as const },
  { name: 'cases import', file: caseFile, args: (path: string) => ['cases', 'import', path], key: 'cases' as const },
])('SIGKILL during $name', ({ file, args, key }) => {
  it('leaves all or nothing at every point, and a later run succeeds', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const path = file(tempDir());
    const before = counts(db);
    for (const afterMs of [150, 500, 1000]) {
      await killedImport(db, args(path), afterMs);
      const now = counts(db);
      expect(now.integrity, `killed after ${afterMs} ms`).toBe('ok');
      expect([before[key], before[key] + ROWS], `killed after ${afterMs} ms`).toContain(now[key]);
      // The first kill lands long before a 20,000-row import can finish (about 1.4 s here).
      if (afterMs === 150) expect(now[key], 'the import was killed part-way').toBe(before[key]);
      if (now[key] !== before[key]) return; // it finished before a later kill: nothing more to prove here
    }
    const rerun = spawnSync(process.execPath, [BIN, '--db', db, ...args(path)], { env: ENV, encoding: 'utf8' });
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(counts(db)[key]).toBe(before[key] + ROWS);
  });
});

describe('a clerk during a large import', () => {
  it('registers a case while the case import runs, and both are kept', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const path = caseFile(tempDir());
    const importing = new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [BIN, '--db', db, 'cases', 'import', path], { env: ENV, stdio: 'ignore' });
      child.on('exit', resolve);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const register = spawnSync(process.execPath, [BIN, '--db', db, 'case', 'register', '--item', 'XK10001000', '--applicant', '窗口来人'], {
      env: ENV,
      encoding: 'utf8',
    });
    expect(register.status, register.stderr).toBe(0);
    expect(await importing).toBe(0);
    expect(counts(db).cases).toBe(ROWS + 1);
  });
});
