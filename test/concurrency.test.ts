/** Several clerk processes writing one database at once lose nothing and never collide (SPEC §8). */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture, freshDb, hall, ROOT } from './helpers.js';

const PROCESSES = 4;
const CASES_EACH = 150;

function clerk(db: string, name: string): Promise<{ numbers: string[]; failures: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'test', 'concurrency-worker.mjs'), db, name, String(CASES_EACH)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`${name} exited ${code}`))));
  });
}

describe('concurrency', () => {
  it(`${PROCESSES} processes registering and advancing ${CASES_EACH} cases each`, async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const results = await Promise.all(Array.from({ length: PROCESSES }, (_, index) => clerk(db, `clerk${index + 1}`)));
    expect(results.flatMap((result) => result.failures)).toEqual([]);
    const numbers = results.flatMap((result) => result.numbers);
    expect(numbers).toHaveLength(PROCESSES * CASES_EACH);
    expect(new Set(numbers).size).toBe(numbers.length);
    const raw = new BetterSqlite3(db, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(PROCESSES * CASES_EACH);
    expect(raw.prepare("SELECT count(*) FROM case_events_text WHERE kind = 'register'").pluck().get()).toBe(PROCESSES * CASES_EACH);
    expect(raw.prepare("SELECT count(*) FROM case_events_text WHERE kind = 'advance'").pluck().get()).toBe(PROCESSES * CASES_EACH);
    expect(raw.prepare("SELECT count(*) FROM cases_text WHERE stage = 'review' AND state = 'open'").pluck().get()).toBe(PROCESSES * CASES_EACH);
    // the numbers of the day run 0001 … 0600 without a gap
    const sequence = (raw.prepare('SELECT number FROM cases ORDER BY number').pluck().all() as string[]).map((number) => Number(number.slice(9)));
    expect(sequence).toEqual(Array.from({ length: PROCESSES * CASES_EACH }, (_, index) => index + 1));
    raw.close();
  });
});
