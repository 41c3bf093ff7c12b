#!/usr/bin/env node
/**
 * `items list` on a 60,000-item catalog: the aligned table against `--format csv` and
 * against the sqlite3 shell's own box output of the same rows, when it is installed.
 * The table is drawn in one pass; it should cost little more than the CSV. A table shows
 * the first 50 items unless `--all`: the whole table is timed with `--all`, and the default
 * page beside it (a COUNT and a LIMIT, whatever the catalog's size).
 *
 *   node bench/items-list.mjs [items]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });
const count = Number(process.argv[2] ?? 60_000);
const db = join(out, 'items-list.db');
const csv = join(out, 'items-list.csv');
rmSync(db, { force: true });
const hall = join(root, 'bin', 'hall.js');
const env = { ...process.env, HALL_NOW: '2025-10-09T10:00:00+08:00', HALL_OPERATOR: 'bench' };

const lines = ['事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限,办件类型,收费标准,进驻窗口'];
for (let index = 0; index < count; index++) {
  lines.push(`XK${String(60_000_000 + index)},城镇污水排入排水管网许可证核发（第${index}号）,住房和城乡建设局,行政许可,20,5,承诺件,0,住建窗口`);
}
writeFileSync(csv, `${lines.join('\n')}\n`);
spawnSync(process.execPath, [hall, '--db', db, 'init'], { env });
const load = spawnSync(process.execPath, [hall, '--db', db, 'items', 'import', csv], { env, encoding: 'utf8' });
if (load.status !== 0) throw new Error(load.stderr);

function timed(label, command, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error || result.status !== 0) return [label, 'skipped (not installed or failed)'];
  return [label, `${(ms / 1000).toFixed(2)} s, ${result.stdout.split('\n').length - 1} lines`];
}

const rows = [
  timed('hall items list --all (table, 120 columns)', process.execPath, [hall, '--db', db, 'items', 'list', '--all']),
  timed('hall items list (first 50)', process.execPath, [hall, '--db', db, 'items', 'list']),
  timed('hall items list --format csv', process.execPath, [hall, '--db', db, 'items', 'list', '--format', 'csv']),
  timed('sqlite3 -box (same rows)', 'sqlite3', [db, '-box', 'SELECT code, name, promised_days, status FROM items ORDER BY code']),
];
console.log(`items list, ${count} items`);
for (const [label, result] of rows) console.log(`  ${label.padEnd(40)} ${result}`);
