#!/usr/bin/env node
/**
 * Network report benchmark (SPEC §7.4, §8): `hall report network DIR` over N town packs,
 * 200 by default, within 1 s.
 *
 * Data: one demo database (`hall init --center-code 330681101`, `hall demo` at
 * 2025-11-03) and its October 2025 pack (`report monthly --format json`, about 100 kB:
 * 14 windows, 50 items, the overdue list). The N packs are that pack with the center code
 * rewritten (330681001 …) and re-sealed by hall's own canonical digest
 * (dist/core/canonical.js), so each is a valid pack of a different town; the county's
 * database (`init --center-code 330681`) runs the report. Every pack is read, parsed,
 * checked against its digest and summed on every run.
 *
 * Timing: one warm-up run, then the median of N runs (default 5; BENCH_RUNS) of
 * `--format json` (stdout to a file) and of the table as a terminal of 120 columns would
 * get it; the load average is recorded.
 *
 *   node bench/network.mjs [packs …]        (default 200)
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportDigest } from '../dist/core/canonical.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'out', 'network');
const counts = process.argv.slice(2).map(Number);
const sizes = counts.length > 0 ? counts : [200];
const runs = Number(process.env.BENCH_RUNS ?? 5);
const hallBin = join(root, 'bin', 'hall.js');
const env = { ...process.env, HALL_NOW: '2025-11-03T08:30:00+08:00', HALL_OPERATOR: 'bench' };

function hall(db, args, stdout = 'pipe') {
  const result = spawnSync(process.execPath, [hallBin, '--db', db, ...args], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', stdout, 'pipe'],
    maxBuffer: 256 * 2 ** 20,
  });
  if (result.status !== 0) throw new Error(`hall ${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
  return result;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const town = join(out, 'town.db');
hall(town, ['init', '--center', '示范镇便民服务中心', '--center-code', '330681101']);
hall(town, ['demo']);
const packFile = join(out, 'pack.json');
hall(town, ['report', 'monthly', '--month', '2025-10', '--format', 'json', '--out', packFile]);
const pack = JSON.parse(readFileSync(packFile, 'utf8'));
const county = join(out, 'county.db');
hall(county, ['init', '--center', '示范县政务服务中心', '--center-code', '330681']);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function time(args, target) {
  const fd = openSync(target, 'w');
  try {
    const started = process.hrtime.bigint();
    hall(county, args, fd);
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    closeSync(fd);
  }
}

const rows = [];
for (const size of sizes) {
  const inbox = join(out, `inbox-${size}`);
  mkdirSync(inbox, { recursive: true });
  let bytes = 0;
  for (let index = 1; index <= size; index++) {
    const code = `330681${String(index).padStart(3, '0')}`;
    const { digest: _old, ...rest } = { ...pack, center_code: code, center: `第${index}镇便民服务中心` };
    const file = join(inbox, `${code}-2025-10-月度统计.json`);
    writeFileSync(file, `${JSON.stringify({ ...rest, digest: reportDigest(rest) }, null, 2)}\n`);
    bytes += statSync(file).size;
  }
  const json = ['report', 'network', inbox, '--format', 'json'];
  const table = ['report', 'network', inbox];
  time(json, join(out, 'network.json'));
  const network = JSON.parse(readFileSync(join(out, 'network.json'), 'utf8'));
  // Every pack counted: the sum is N times the one pack's.
  if (network.centers.length !== size || network.totals.accepted !== size * pack.totals.accepted) throw new Error('the network report did not sum every pack');
  const jsonTimes = Array.from({ length: runs }, () => time(json, join(out, 'network.json')));
  const tableTimes = Array.from({ length: runs }, () => time(table, join(out, 'network.txt')));
  rows.push({ size, megabytes: bytes / 2 ** 20, json: median(jsonTimes), table: median(tableTimes) });
}

console.log(
  `load average at the end: ${loadavg()
    .map((value) => value.toFixed(2))
    .join(', ')} (2 cores are shared with other work)`,
);
console.log('');
console.log('| packs | files (MB) | `report network --format json` (s) | table (s) | bar: ≤ 1 s |');
console.log('|---:|---:|---:|---:|:---|');
for (const row of rows) {
  const worst = Math.max(row.json, row.table);
  console.log(`| ${row.size} | ${row.megabytes.toFixed(1)} | ${row.json.toFixed(3)} | ${row.table.toFixed(3)} | ${worst <= 1 ? 'met' : 'missed'} |`);
}
writeFileSync(join(root, 'bench', 'out', 'network.json'), `${JSON.stringify(rows, null, 2)}\n`);
