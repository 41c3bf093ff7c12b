#!/usr/bin/env node
/**
 * `npm run bench`: every benchmark in bench/, one after the other, and BENCHMARKS.md
 * written from what they print — the method, the machine (cores, memory, Node, SQLite),
 * the tools compared against and which of them were found, and each benchmark's tables
 * (medians, with the ratios taken in the same run). Not part of `npm test`.
 *
 * The comparison tools are Debian packages: when sqlite3 or sqlite-utils is missing this
 * tries `apt-get install -y sqlite3 sqlite-utils` once (it needs root and the network) and
 * says in BENCHMARKS.md what it used; a benchmark skips the column of a tool it lacks.
 *
 *   node bench/run.mjs            (npm run bench)
 *   BENCH_QUICK=1 node bench/run.mjs   small sizes only, to check the harness
 *   BENCH_OUT=/tmp/b.md node bench/run.mjs   write there instead of BENCHMARKS.md (a trial run)
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.env.BENCH_QUICK === '1';
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const version = (command, args = ['--version']) => {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split('\n')[0] : null;
};

const tools = ['sqlite3', 'sqlite-utils'];
const missing = tools.filter((tool) => !has(tool));
let installNote = 'all were already installed';
if (missing.length > 0) {
  console.log(`installing ${missing.join(', ')} (apt-get) …`);
  const update = spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq sqlite3 sqlite-utils'], { stdio: 'ignore', timeout: 300_000 });
  const still = tools.filter((tool) => !has(tool));
  installNote =
    still.length === 0
      ? `${missing.join(' and ')} installed with apt-get for this run`
      : `${still.join(' and ')} could not be installed (apt-get exit ${update.status ?? 'timeout'}): their columns are skipped`;
}

const sqliteVersion = new Database(':memory:').prepare('SELECT sqlite_version()').pluck().get();
const machine = [
  `- CPU: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  `- Node ${process.version}; SQLite ${sqliteVersion} (better-sqlite3, bundled with hall)`,
  `- sqlite3 shell: ${version('sqlite3') ?? 'not installed'}`,
  `- sqlite-utils: ${version('sqlite-utils') ?? 'not installed'}`,
  `- tools: ${installNote}`,
];

/**
 * Each benchmark: what it measures, and its command line (sizes kept so the whole run stays
 * within about half an hour on 2 cores). The generated year of bench/lib/generated-cases.mjs
 * (its set-up database, CSVs and report databases, cached in bench/out while the build's
 * fingerprint holds) is shared by import-shapes, report, case-size, busiest-month, export and
 * html, in that order: import-shapes hands its last bench-shape import over as the 1M report
 * database, so the million is imported for the report only when that one fails.
 */
const BENCHES = [
  { title: 'Start-up of the commands a clerk waits for', script: 'startup.mjs', args: quick ? ['5'] : ['15'] },
  { title: 'Catalog import (`hall items import`)', script: 'catalog-import.mjs', args: quick ? ['2000'] : ['10000', '100000'] },
  // 10k and 100k only: import-shapes.mjs now imports 1M cases in both shapes (and hands its
  // import over as the report's 1M database), so case-import's own 1M — imported twice, UTF-8
  // and GB18030, about 130 of its 153 s in the last BENCHMARKS.md — repeated that figure.
  { title: 'Case import (`hall cases import`)', script: 'case-import.mjs', args: quick ? ['2000'] : ['10000', '100000'] },
  { title: 'Excel import (`.xlsx`, SPEC §7.7)', script: 'xlsx-import.mjs', args: quick ? ['2000'] : ['100000'] },
  { title: '`items list` on a 60,000-item catalog', script: 'items-list.mjs', args: quick ? ['2000'] : ['60000'] },
  {
    title: 'Both case import shapes beside sqlite3 and sqlite-utils (issue 24)',
    script: 'import-shapes.mjs',
    args: quick ? ['10000'] : ['1000000'],
  },
  { title: 'Monthly pack and quarterly assessment', script: 'report.mjs', args: quick ? ['10000'] : ['10000', '100000', '1000000'] },
  // After report.mjs: both measure and time the databases it built (bench/out/report-SIZE.db).
  { title: 'Bytes per case, by table and index (issue 24)', script: 'case-size.mjs', args: quick ? ['10000'] : ['10000', '100000', '1000000'] },
  { title: 'The busiest month beside an average one (issue 24)', script: 'busiest-month.mjs', args: quick ? ['10000'] : ['10000', '100000', '1000000'] },
  { title: '`report network` over town packs (SPEC §7.4)', script: 'network.mjs', args: quick ? ['20'] : ['200'] },
  // After report.mjs: it reuses the database that one built (bench/out/report-SIZE.db).
  { title: 'Case export for a province (`hall export cases`)', script: 'export.mjs', args: quick ? ['10000'] : ['1000000'] },
  // After report.mjs too: the page of the 1M-case pack beside the demo center's.
  { title: 'The report as a page (`--format html`, SPEC §7.7)', script: 'html.mjs', args: quick ? ['10000'] : ['1000000'] },
];

const sections = [];
for (const bench of BENCHES) {
  console.log(`\n== ${bench.script} ${bench.args.join(' ')}`);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(root, 'bench', bench.script), ...bench.args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(result.stdout ?? '');
  const body = result.status === 0 ? (result.stdout ?? '').trim() : `failed (exit ${result.status}):\n\n${(result.stdout ?? '').trim()}`;
  sections.push(`## ${bench.title}\n\n\`node bench/${bench.script} ${bench.args.join(' ')}\` — ${seconds.toFixed(0)} s\n\n${body}\n`);
}

const markdown = `# Benchmarks

Written by \`npm run bench\` (bench/run.mjs) on ${new Date().toISOString().slice(0, 10)}${quick ? ' with BENCH_QUICK=1 (small sizes only)' : ''}.

## Method

Each benchmark runs the built \`hall\` (bin/hall.js, dist/) as a separate process, as a clerk
or a cron job does, and times it from spawn to exit; peak RSS comes from the kernel's
accounting of the child. Figures are medians of several runs unless a table says otherwise,
and every ratio compares runs made in the same session, one after the other, on the same
files: the machine's speed drifts from hour to hour, the ratios much less. The comparison
tools do less than hall — the sqlite3 shell's \`.import\` and \`sqlite-utils insert --csv\` load
text without validating, decoding GB18030 or computing deadlines — and are there to show
how far hall is from the floor, not to claim parity.

## Machine

${machine.join('\n')}

${sections.join('\n')}`;
const target = process.env.BENCH_OUT || join(root, 'BENCHMARKS.md');
writeFileSync(target, markdown);
console.log(`\nWrote ${target}`);
