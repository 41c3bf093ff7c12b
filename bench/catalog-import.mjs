#!/usr/bin/env node
/**
 * Catalog import benchmark (SPEC §8): memory must stay flat as the file grows, and the
 * import must be one transaction. Generates catalogs of 10k, 50k and 100k rows, imports
 * each into a fresh database with `hall items import`, and reports time and peak RSS
 * beside the sqlite3 shell's `.import` and `sqlite-utils insert --csv` of the same file
 * (each skipped with a note when not installed). Then kills an import half-way and checks
 * that the database holds either nothing or everything.
 *
 *   npm run bench            # or: node bench/catalog-import.mjs 10000 100000
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'out');
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const rowsList = sizes.length > 0 ? sizes : [10_000, 50_000, 100_000];
mkdirSync(out, { recursive: true });

const DEPARTMENTS = ['市场监管局', '公安局', '住建局', '自然资源局', '生态环境局', '人社局', '民政局', '交通运输局', '卫健委', '税务局'];
const TYPES = ['行政许可', '01', '行政确认', '公共服务', '20', '其他行政权力'];
const LIMITS = [
  ['20个工作日', '5'],
  ['二十', '３'],
  ['15', '即办'],
  ['60个自然日', '30个自然日'],
  ['', '10'],
];

async function generate(rows) {
  const file = join(out, `catalog-${rows}.csv`);
  const stream = createWriteStream(file);
  stream.write('事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限,收费标准,进驻窗口,办理环节,窗口授权,状态,上级事项编码\n');
  for (let index = 0; index < rows; index++) {
    const [legal, promised] = LIMITS[index % LIMITS.length];
    const department = DEPARTMENTS[index % DEPARTMENTS.length];
    const parent = index % 10 === 9 ? `XK${String(index - 9).padStart(8, '0')}` : '';
    const line = `XK${String(index).padStart(8, '0')},${department}第${index}号审批事项（"一网通办"）,${department},${TYPES[index % TYPES.length]},${legal},${promised},${index % 7 === 0 ? '120元' : '不收费'},${department}窗口,受理>审查>审批>送达,全部,在用,${parent}\n`;
    if (!stream.write(line)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  await new Promise((resolve) => stream.end(resolve));
  return file;
}

/** Runs a command under GNU time and returns seconds and peak RSS in MB. */
function measure(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8', ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) return { error: (result.stderr || result.error?.message || '').trim().split('\n').slice(-3).join(' ') };
  const kb = Number(result.stderr.trim().split('\n').pop());
  return { seconds, rssMb: kb / 1024 };
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

const hall = join(root, 'bin', 'hall.js');
const results = [];
for (const rows of rowsList) {
  const file = await generate(rows);
  const mb = statSync(file).size / 1e6;
  const db = join(out, `hall-${rows}.db`);
  rmSync(db, { force: true });
  spawnSync(process.execPath, [hall, '--db', db, 'init']);
  const hallRun = measure(process.execPath, [hall, '--db', db, 'items', 'import', file]);
  const sqliteDb = join(out, `sqlite3-${rows}.db`);
  rmSync(sqliteDb, { force: true });
  const sqliteRun = has('sqlite3') ? measure('sqlite3', [sqliteDb, '-cmd', '.mode csv', `.import ${file} items`]) : { error: 'sqlite3 not installed' };
  const utilsDb = join(out, `sqlite-utils-${rows}.db`);
  rmSync(utilsDb, { force: true });
  const utilsRun = has('sqlite-utils')
    ? measure('sqlite-utils', ['insert', utilsDb, 'items', file, '--csv'])
    : { error: 'sqlite-utils not installed (pip install sqlite-utils)' };
  results.push({ rows, mb, hallRun, sqliteRun, utilsRun });
}

const cell = (run, rows) =>
  run.error ? `— (${run.error})` : `${run.seconds.toFixed(2)} s, ${Math.round(rows / run.seconds).toLocaleString('en')} rows/s, ${run.rssMb.toFixed(0)} MB RSS`;
console.log('\nCatalog import: hall (validate + normalise + upsert) vs raw CSV loaders of the same file\n');
console.log('| rows | file | hall items import | sqlite3 .import | sqlite-utils insert --csv |');
console.log('|---:|---:|---|---|---|');
for (const result of results) {
  console.log(
    `| ${result.rows.toLocaleString('en')} | ${result.mb.toFixed(1)} MB | ${cell(result.hallRun, result.rows)} | ${cell(result.sqliteRun, result.rows)} | ${cell(result.utilsRun, result.rows)} |`,
  );
}
const rss = results.filter((result) => !result.hallRun.error).map((result) => result.hallRun.rssMb);
if (rss.length > 1) {
  const growth = rss[rss.length - 1] / rss[0];
  console.log(
    `\nhall peak RSS grew ${growth.toFixed(2)}× while the file grew ${(results.at(-1).rows / results[0].rows).toFixed(0)}× (flat memory: rows are staged in SQLite, not held in JavaScript).`,
  );
}

// One transaction: kill an import half-way; the catalog must be empty or complete, and intact.
const biggest = results.at(-1);
const killDb = join(out, 'killed.db');
rmSync(killDb, { force: true });
spawnSync(process.execPath, [hall, '--db', killDb, 'init']);
const child = spawn(process.execPath, [hall, '--db', killDb, 'items', 'import', join(out, `catalog-${biggest.rows}.csv`)], { stdio: 'ignore' });
// Listened for at once: a small import may end before the kill, and its exit must not be missed.
const exited = new Promise((resolve) => child.once('exit', resolve));
const killAfterMs = Math.max(200, (biggest.hallRun.seconds ?? 2) * 1000 * 0.8);
await new Promise((resolve) => setTimeout(resolve, killAfterMs));
child.kill('SIGKILL');
await exited;
const check = spawnSync(process.execPath, [hall, '--db', killDb, 'doctor', '--format', 'json'], { encoding: 'utf8' });
const doctor = JSON.parse(check.stdout);
const verdict = doctor.items === 0 || doctor.items === biggest.rows ? 'all or nothing: OK' : 'PARTIAL IMPORT: FAILED';
console.log(
  `\nKilled an import of ${biggest.rows.toLocaleString('en')} rows after ${killAfterMs.toFixed(0)} ms: integrity ${doctor.integrity}, items ${doctor.items} → ${verdict}`,
);
writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2));
if (verdict !== 'all or nothing: OK') process.exitCode = 1;
