#!/usr/bin/env node
/**
 * Case import benchmark (SPEC §8): `hall cases import` of generated historical case files
 * (10k, 50k, 100k rows by default), each in UTF-8 and in GB18030 — time and peak RSS, beside the sqlite3 shell's
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

/** The same rows as an Excel export in GB18030 writes them, through iconv (glibc's, on every Debian). */
function toGb18030(file) {
  const gbFile = file.replace(/\.csv$/, '-gb18030.csv');
  const converted = spawnSync('sh', ['-c', `iconv -f UTF-8 -t GB18030 "${file}" > "${gbFile}"`]);
  return converted.status === 0 ? gbFile : null;
}

const hall = join(root, 'bin', 'hall.js');
const results = [];
for (const rows of rowsList) {
  const utf8File = await generate(rows);
  const gbFile = has('iconv') ? toGb18030(utf8File) : null;
  for (const [encoding, file] of [
    ['UTF-8', utf8File],
    ['GB18030', gbFile],
  ]) {
    if (file === null) {
      console.log(`(${rows} rows in GB18030 skipped: iconv is not installed)`);
      continue;
    }
    results.push(await importBoth(rows, encoding, file));
  }
}

async function importBoth(rows, encoding, file) {
  const tag = encoding === 'UTF-8' ? `${rows}` : `${rows}-gb18030`;
  const db = join(out, `cases-${tag}.db`);
  rmSync(db, { force: true });
  spawnSync(process.execPath, [hall, '--db', db, 'init']);
  spawnSync(process.execPath, [hall, '--db', db, 'items', 'import', join(root, 'fixtures', 'catalog-gb18030.csv')]);
  const hallRun = measure(process.execPath, [hall, '--db', db, 'cases', 'import', file]);
  const sqliteDb = join(out, `cases-sqlite3-${tag}.db`);
  rmSync(sqliteDb, { force: true });
  // The sqlite3 shell stores the bytes as they are (GB18030 stays undecoded); sqlite-utils is told the encoding.
  const sqliteRun = has('sqlite3') ? measure('sqlite3', [sqliteDb, '-cmd', '.mode csv', `.import ${file} cases`]) : { error: 'sqlite3 not installed' };
  const utilsDb = join(out, `cases-utils-${tag}.db`);
  rmSync(utilsDb, { force: true });
  const encodingFlag = encoding === 'UTF-8' ? [] : ['--encoding', 'gb18030'];
  const utilsRun = has('sqlite-utils')
    ? measure('sqlite-utils', ['insert', utilsDb, 'cases', file, '--csv', ...encodingFlag])
    : { error: 'sqlite-utils not installed' };
  for (const path of [sqliteDb, utilsDb]) rmSync(path, { force: true });
  return { rows, encoding, mb: statSync(file).size / 1e6, hallRun, sqliteRun, utilsRun };
}
console.log('\nCase import: hall (validate, number, build events, derive caches) vs raw CSV loaders\n');
console.log('| rows | encoding | file | hall cases import | sqlite3 .import | sqlite-utils insert --csv |');
console.log('|---:|---|---:|---|---|---|');
for (const r of results)
  console.log(
    `| ${r.rows.toLocaleString('en')} | ${r.encoding} | ${r.mb.toFixed(1)} MB | ${cell(r.hallRun, r.rows)} | ${cell(r.sqliteRun, r.rows)} | ${cell(r.utilsRun, r.rows)} |`,
  );
for (const encoding of ['UTF-8', 'GB18030']) {
  const runs = results.filter((r) => r.encoding === encoding && !r.hallRun.error);
  if (runs.length > 1) {
    const [first, last] = [runs[0], runs.at(-1)];
    console.log(
      `\n${encoding}: hall peak RSS grew ${(last.hallRun.rssMb / first.hallRun.rssMb).toFixed(2)}× while the file grew ${(last.rows / first.rows).toFixed(0)}×.`,
    );
  }
  const largest = runs.at(-1);
  if (largest && !largest.utilsRun.error)
    console.log(
      `${encoding}, ${largest.rows.toLocaleString('en')} rows: hall took ${(largest.hallRun.seconds / largest.utilsRun.seconds).toFixed(1)}× as long as sqlite-utils (which neither validates nor computes deadlines).`,
    );
}
