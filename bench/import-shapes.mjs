#!/usr/bin/env node
/**
 * Both import shapes beside the raw loaders (issue 24, SPEC §8): `hall cases import` of
 * ROWS generated cases (default 1,000,000) in the bench's shape and in the ISO 8601 shape a
 * provincial system exports (bench/lib/generated-cases.mjs: the same cases, with
 * `2026-01-04T09:03:20+08:00` timestamps, a 办件编号 and a resident id on every row, a
 * rating on every row but the 不予受理 ones), beside the sqlite3 shell's `.import --csv`
 * and `sqlite-utils insert --csv` of the same file.
 *
 * Three rounds (BENCH_IMPORT_RUNS), each running every loader once on each shape, one after
 * the other, so drift in the machine's speed falls on all of them alike; the figures are
 * the medians of the rounds. hall imports each time into a fresh copy of the same set-up
 * database (catalog, windows, bundles), at HALL_NOW after the year; the raw loaders into a
 * fresh empty file. Wall time is from spawn to exit; peak RSS is the kernel's accounting of
 * the child (GNU time's %M), as case-import.mjs measures it.
 *
 * Bars (at 1,000,000 rows, both shapes): hall faster than sqlite-utils, and at most 150 MB
 * peak RSS. The last round's hall databases are then measured (`dbstat`, file ÷ cases, not
 * VACUUMed); the bench-shape one becomes bench/out/report-ROWS.db when the cached one is not
 * current, so a full `npm run bench` does not import it again for report.mjs.
 *
 *   node bench/import-shapes.mjs [rows]
 */
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  casesCsv,
  copySetup,
  currentReportMeta,
  databaseSpace,
  fingerprint,
  finishReportDatabase,
  hall,
  mark,
  measure,
  median,
  NOW,
  out,
  setupDatabase,
  spaceTable,
} from './lib/generated-cases.mjs';

const BAR_RSS_MB = 150;
const BAR_BYTES = 600;
const rows = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.env.BENCH_IMPORT_RUNS ?? 3);
const SHAPES = [
  { shape: 'bench', label: 'bench shape (`2026-01-05 09:12`, no 办件编号, no id, ~70 % of the concluded rated)' },
  { shape: 'iso', label: 'ISO 8601 shape (`2026-01-04T09:03:20+08:00`, 办件编号, resident id and a rating on every row)' },
];
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const tools = { sqlite3: has('sqlite3'), utils: has('sqlite-utils') };
const removeDb = (file) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
};

const inputs = [];
for (const { shape, label } of SHAPES) {
  const csv = await casesCsv(rows, shape);
  inputs.push({ shape, label, csv, runs: { hall: [], sqlite3: [], utils: [] } });
}
const env = { ...process.env, HALL_NOW: NOW, HALL_OPERATOR: 'bench' };
const loadBefore = loadavg()[0];
for (let round = 1; round <= rounds; round++) {
  for (const input of inputs) {
    const target = join(out, `import-${input.shape}-${rows}.db`);
    copySetup(target);
    const hallRun = measure(process.execPath, [hall, '--db', target, 'cases', 'import', input.csv.file], env);
    input.runs.hall.push(hallRun);
    // The last round's database is kept for its size (and, for the bench shape, handed to report.mjs).
    if (round < rounds || hallRun.error) removeDb(target);
    else input.db = target;
    const raw = join(out, `import-raw-${rows}.db`);
    removeDb(raw);
    input.runs.sqlite3.push(tools.sqlite3 ? measure('sqlite3', [raw, `.import --csv ${input.csv.file} cases`]) : { error: 'sqlite3 not installed' });
    removeDb(raw);
    input.runs.utils.push(tools.utils ? measure('sqlite-utils', ['insert', raw, 'cases', input.csv.file, '--csv']) : { error: 'sqlite-utils not installed' });
    removeDb(raw);
    const s = (run) => (run.error ? 'failed' : `${run.seconds.toFixed(1)} s`);
    console.error(
      `  round ${round}, ${input.shape}: hall ${s(hallRun)}${hallRun.error ? ` (${hallRun.error})` : `, ${hallRun.rssMb.toFixed(0)} MB`}; sqlite3 ${s(input.runs.sqlite3.at(-1))}; sqlite-utils ${s(input.runs.utils.at(-1))}`,
    );
  }
}
const loadAfter = loadavg()[0];
// Other work may rebuild dist/ meanwhile: then the rounds ran two builds, and the medians mean little.
const rebuilt = fingerprint({ fresh: true }).key !== fingerprint().key;

/** Median time and median peak RSS of a loader's runs, or its first error. */
function summary(runs) {
  const failed = runs.find((run) => run.error);
  if (failed) return { error: failed.error };
  return {
    seconds: median(runs.map((run) => run.seconds)),
    rssMb: median(runs.map((run) => run.rssMb)),
    cpuSeconds: median(runs.map((run) => run.cpuSeconds)),
    min: Math.min(...runs.map((run) => run.seconds)),
    max: Math.max(...runs.map((run) => run.seconds)),
  };
}
const cell = (s) =>
  s.error
    ? `— (${s.error})`
    : `${s.seconds.toFixed(2)} s (${s.min.toFixed(1)}–${s.max.toFixed(1)}), ${Math.round(rows / s.seconds).toLocaleString('en')} rows/s, ${s.rssMb.toFixed(0)} MB`;

const n = rows.toLocaleString('en');
console.log(
  `\`hall cases import\` of ${n} generated cases in two shapes, beside raw CSV loaders of the same file: median of ${rounds} run${rounds === 1 ? '' : 's'} each (fastest–slowest), interleaved in the same run; peak RSS the median of the runs'. hall validates every row, numbers the cases, computes every deadline, writes the events and derives the caches, all or nothing; the others store text.\n`,
);
console.log(
  `| shape | file | hall cases import | sqlite3 .import --csv | sqlite-utils insert --csv | hall faster than sqlite-utils | hall peak RSS ≤ ${BAR_RSS_MB} MB |`,
);
console.log('|---|---:|---|---|---|:---|:---|');
for (const input of inputs) {
  input.summary = { hall: summary(input.runs.hall), sqlite3: summary(input.runs.sqlite3), utils: summary(input.runs.utils) };
  const { hall: h, sqlite3: q, utils: u } = input.summary;
  const faster = h.error || u.error ? '—' : `${mark(h.seconds < u.seconds)} ${(h.seconds / u.seconds).toFixed(2)}× its time`;
  const lean = h.error ? '—' : `${mark(h.rssMb <= BAR_RSS_MB)} ${h.rssMb.toFixed(0)} MB`;
  console.log(`| ${input.label} | ${(statSync(input.csv.file).size / 1e6).toFixed(1)} MB | ${cell(h)} | ${cell(q)} | ${cell(u)} | ${faster} | ${lean} |`);
}
console.log('');
for (const input of inputs) {
  const cpu = (s) => (s.error ? '—' : `${s.cpuSeconds.toFixed(1)} s`);
  const { hall: h, sqlite3: q, utils: u } = input.summary;
  const ratio = h.error || u.error ? '' : ` — hall used ${(h.cpuSeconds / u.cpuSeconds).toFixed(1)}× the CPU of sqlite-utils`;
  console.log(`CPU time (user + system, median), ${input.shape} shape: hall ${cpu(h)}, sqlite3 ${cpu(q)}, sqlite-utils ${cpu(u)}${ratio}.`);
}
console.log(
  '(On a shared machine wall times swing with other work, the disk included: a loader whose wall time is far above its CPU time spent it waiting. The CPU ratio is the steadier figure; the bars are judged on wall time.)',
);
if (rebuilt) console.log('\n❌ dist/ was rebuilt during these runs (its fingerprint changed): the rounds mix two builds; run again.');
if (rows !== 1_000_000) console.log(`\nThe bars are set at 1,000,000 rows; these are ${n}.`);
console.log(`\nLoad average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on 2 shared cores.`);

// The databases the last round's imports left: their size by object, before anything else is added.
const measured = inputs.filter((input) => input.db);
if (measured.length > 0) {
  const columns = measured.map((input) => ({ label: `${input.shape} shape`, cases: rows, space: databaseSpace(input.db) }));
  console.log(
    `\nThe database each shape's import leaves (last round; schema ${fingerprint().version}, WAL checkpointed, not VACUUMed), bytes a case by object:\n`,
  );
  console.log(spaceTable(columns));
  console.log('');
  for (const column of columns) {
    const perCase = column.space.fileBytes / rows;
    console.log(
      `${column.label}: ${(column.space.fileBytes / 1e6).toFixed(0)} MB, ${perCase.toFixed(0)} B a case${rows === 1_000_000 ? ` (bar ≤ ${BAR_BYTES} B: ${mark(perCase <= BAR_BYTES)})` : ''}.`,
    );
  }
}
for (const input of measured) {
  if (input.shape === 'bench' && !rebuilt && currentReportMeta(rows) === null) {
    const h = input.runs.hall.at(-1);
    finishReportDatabase(input.db, rows, { setup_s: setupDatabase().seconds, csv_s: input.csv.seconds, import_s: h.seconds }, input.csv.stats);
    console.error(`  handed the bench-shape database over as bench/out/report-${rows}.db`);
  } else removeDb(input.db);
}
