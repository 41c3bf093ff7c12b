#!/usr/bin/env node
/**
 * The report as a page (SPEC §7.7, §8: an HTML report within 1.5 s): `hall report monthly
 * --out FILE.html` and `report assessment --out FILE.html` beside the same report as JSON,
 * on the demo center, and on the cached databases of bench/report.mjs when they are there.
 *
 * Data: a demo center (`hall init --center-code 330681101`, `hall demo --months 12` at
 * 2025-11-03), so the page's twelve-month chart is full: its October 2025 monthly pack and
 * assessment. Then, for each SIZE given, bench/out/report-SIZE.db as report.mjs left it
 * (copied, not touched): its 2026-10 pack, whose overdue list (about 50,000 rows on 1M
 * cases) the page cuts to its first 1,000 rows. A size whose database is missing is skipped.
 *
 * What a page costs beyond the JSON: loading ECharts and the renderer (~0.35 s), the
 * previous month's bulletin, the twelve months (24 index ranges), the charts and the tables.
 *
 * Timing: one warm-up run, then the median of N runs (default 5; BENCH_RUNS); the load
 * average is recorded.
 *
 *   node bench/html.mjs [SIZE …]        (report.mjs's database sizes to include)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'out', 'html-bench');
const sizes = process.argv.slice(2).map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const hallBin = join(root, 'bin', 'hall.js');

function hall(db, args, now) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [hallBin, '--db', db, ...args], {
    env: { ...process.env, HALL_NOW: now, HALL_OPERATOR: 'bench' },
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (result.status !== 0) throw new Error(`hall ${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function timed(db, args, now) {
  hall(db, args, now);
  return median(Array.from({ length: runs }, () => hall(db, args, now)));
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const targets = [];
const demo = join(out, 'demo.db');
const demoNow = '2025-11-03T08:30:00+08:00';
hall(demo, ['init', '--center', '示范市政务服务中心', '--center-code', '330681101'], demoNow);
hall(demo, ['demo', '--months', '12', '--format', 'json'], demoNow);
targets.push({ name: 'demo center, 12 months', db: demo, month: '2025-10', now: demoNow });
for (const size of sizes) {
  const cached = join(root, 'bench', 'out', `report-${size}.db`);
  if (!existsSync(cached)) {
    console.log(`(bench/out/report-${size}.db is not there: run bench/report.mjs ${size} first; skipped)`);
    continue;
  }
  const db = join(out, `report-${size}.db`);
  copyFileSync(cached, db);
  targets.push({ name: `${size.toLocaleString('en-US')} cases (bench/report.mjs)`, db, month: '2026-10', now: '2026-11-21T09:00:00+08:00' });
}

const rows = targets.map((target) => {
  const page = join(out, 'monthly.html');
  const monthly = ['report', 'monthly', '--month', target.month];
  const assessment = ['report', 'assessment', '--month', target.month];
  return {
    name: target.name,
    json: timed(target.db, [...monthly, '--format', 'json', '--out', join(out, 'monthly.json'), '--force'], target.now),
    html: timed(target.db, [...monthly, '--out', page, '--force'], target.now),
    megabytes: statSync(page).size / 2 ** 20,
    assessment: timed(target.db, [...assessment, '--out', join(out, 'assessment.html'), '--force'], target.now),
  };
});

console.log(
  `load average at the end: ${loadavg()
    .map((value) => value.toFixed(2))
    .join(', ')} (2 cores are shared with other work)`,
);
console.log('');
console.log('| database | monthly `--format json` (s) | monthly page (s) | page (MB) | assessment page (s) | bar: page ≤ 1.5 s |');
console.log('|---|---:|---:|---:|---:|:---|');
for (const row of rows) {
  const worst = Math.max(row.html, row.assessment);
  console.log(
    `| ${row.name} | ${row.json.toFixed(3)} | ${row.html.toFixed(3)} | ${row.megabytes.toFixed(2)} | ${row.assessment.toFixed(3)} | ${worst <= 1.5 ? 'met' : 'missed'} |`,
  );
}
