#!/usr/bin/env node
/**
 * Case import benchmark (SPEC §8): `hall cases import` of generated historical case files
 * (10k, 50k, 100k rows by default) — time and peak RSS, beside the sqlite3 shell's
 * `.import` and `sqlite-utils insert --csv` of the same file when they are installed.
 * Memory must stay flat as the file grows.
 *
 *   node bench/case-import.mjs [rows …]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const rowsList = sizes.length > 0 ? sizes : [10_000, 50_000, 100_000];
const ITEMS = ['XK10001000', 'XK10001001', 'QT10002000', 'XK10003000', 'XK10004000', 'GG10005000'];
const pad = (n) => String(n).padStart(2, '0');

async function generate(rows) {
  const file = join(out, `cases-${rows}.csv`);
  const stream = createWriteStream(file);
  stream.write('事项编码,申请人,证件号码,受理时间,办结时间,办理结果,评价,暂停开始,暂停结束\n');
  for (let index = 0; index < rows; index++) {
    const day = 1 + (index % 28);
    const month = 1 + (Math.floor(index / 28) % 9);
    const accepted = `2025-${pad(month)}-${pad(day)} ${pad(9 + (index % 8))}:${pad(index % 60)}`;
    const concluded = index % 3 === 0 ? '' : `2025-${pad(month + 1)}-${pad(day)} 10:00`;
    const outcome = concluded ? (index % 17 === 0 ? '不予许可' : '准予') : '';
    const pause = concluded && index % 5 === 0 ? [`2025-${pad(month)}-${pad(day)} 17:20`, `2025-${pad(month + 1)}-01 09:00`] : ['', ''];
    const line = `${ITEMS[index % ITEMS.length]},申请人${index},,${accepted},${concluded},${outcome},${concluded ? 1 + (index % 5) : ''},${pause[0]},${pause[1]}\n`;
    if (!stream.write(line)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  await new Promise((resolve) => stream.end(resolve));
  return file;
}

function measure(command, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) return { error: (result.stderr || '').trim().split('\n').slice(-2).join(' ') };
  return { seconds, rssMb: Number(result.stderr.trim().split('\n').pop()) / 1024 };
}
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const cell = (run, rows) =>
  run.error ? `— (${run.error})` : `${run.seconds.toFixed(2)} s, ${Math.round(rows / run.seconds).toLocaleString('en')} rows/s, ${run.rssMb.toFixed(0)} MB RSS`;

const hall = join(root, 'bin', 'hall.js');
const results = [];
for (const rows of rowsList) {
  const file = await generate(rows);
  const db = join(out, `cases-${rows}.db`);
  rmSync(db, { force: true });
  spawnSync(process.execPath, [hall, '--db', db, 'init']);
  spawnSync(process.execPath, [hall, '--db', db, 'items', 'import', join(root, 'fixtures', 'catalog-gb18030.csv')]);
  const hallRun = measure(process.execPath, [hall, '--db', db, 'cases', 'import', file]);
  const sqliteDb = join(out, `cases-sqlite3-${rows}.db`);
  rmSync(sqliteDb, { force: true });
  const sqliteRun = has('sqlite3') ? measure('sqlite3', [sqliteDb, '-cmd', '.mode csv', `.import ${file} cases`]) : { error: 'sqlite3 not installed' };
  const utilsDb = join(out, `cases-utils-${rows}.db`);
  rmSync(utilsDb, { force: true });
  const utilsRun = has('sqlite-utils') ? measure('sqlite-utils', ['insert', utilsDb, 'cases', file, '--csv']) : { error: 'sqlite-utils not installed' };
  results.push({ rows, mb: statSync(file).size / 1e6, hallRun, sqliteRun, utilsRun });
}
console.log('\nCase import: hall (validate, number, build events, derive caches) vs raw CSV loaders\n');
console.log('| rows | file | hall cases import | sqlite3 .import | sqlite-utils insert --csv |');
console.log('|---:|---:|---|---|---|');
for (const r of results)
  console.log(
    `| ${r.rows.toLocaleString('en')} | ${r.mb.toFixed(1)} MB | ${cell(r.hallRun, r.rows)} | ${cell(r.sqliteRun, r.rows)} | ${cell(r.utilsRun, r.rows)} |`,
  );
const rss = results.filter((r) => !r.hallRun.error).map((r) => r.hallRun.rssMb);
if (rss.length > 1)
  console.log(`\nhall peak RSS grew ${(rss.at(-1) / rss[0]).toFixed(2)}× while the file grew ${(results.at(-1).rows / results[0].rows).toFixed(0)}×.`);
