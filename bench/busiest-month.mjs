#!/usr/bin/env node
/**
 * The busiest month beside an average one (issue 24, SPEC §8): `hall report monthly --month
 * M --format json` on bench/out/report-SIZE.db (the generated year report.mjs times, built
 * or reused by bench/lib/generated-cases.mjs) for the month with the most cases accepted
 * and for an average month — median of 5 runs after 1 warm-up each (BENCH_RUNS), stdout
 * to a file. Bar: the busiest month's pack within 1 s at 1,000,000 cases.
 *
 * The months are found from the generator's own rows (its count of rows by the month of
 * 受理时间), not from a case table: the busiest is the month with the most rows; the
 * average one, of the complete months (the last, cut at 2026-11-20, is not), the month
 * whose count is nearest their mean. hall's own count of the month's accepted cases
 * (totals.accepted of the warm-up's JSON, 不予受理 rows not counted) is shown beside it.
 *
 *   node bench/busiest-month.mjs [sizes …]        (default 10000 100000 1000000)
 */
import { loadavg } from 'node:os';
import { LAST_DAY, mark, reportDatabase, timeHall } from './lib/generated-cases.mjs';

const BAR_SECONDS = 1;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const sizeList = (sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000]).sort((a, b) => a - b);

/** The busiest month and the average one, from the generator's rows by month. */
function months(counts) {
  const entries = Object.entries(counts).sort();
  const busiest = entries.reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  const complete = entries.filter(([month]) => month !== LAST_DAY.slice(0, 7));
  const mean = complete.reduce((sum, [, count]) => sum + count, 0) / complete.length;
  const average = complete.reduce((best, entry) => (Math.abs(entry[1] - mean) < Math.abs(best[1] - mean) ? entry : best));
  return { busiest: busiest[0], average: average[0], mean };
}

const loadBefore = loadavg()[0];
const rows = [];
for (const size of sizeList) {
  const { file, meta } = await reportDatabase(size);
  const picked = months(meta.months);
  for (const [role, month] of [
    ['busiest', picked.busiest],
    ['average', picked.average],
  ]) {
    const run = timeHall(['--db', file, 'report', 'monthly', '--month', month, '--format', 'json'], runs);
    const pack = run.error ? null : JSON.parse(run.output);
    rows.push({ size, role, month, generated: meta.months[month], mean: picked.mean, run, pack });
    console.error(`  ${size.toLocaleString('en')} ${role} ${month}: ${run.error ? `failed: ${run.error}` : `${run.seconds.toFixed(3)} s`}`);
  }
}

const n = (value) => (value === undefined || value === null ? '—' : value.toLocaleString('en'));
console.log(
  `Monthly pack (\`hall report monthly --month M --format json\`), median of ${runs} runs after 1 warm-up. Bar: the busiest month within ${BAR_SECONDS} s at 1,000,000 cases.\n`,
);
console.log('| cases | month | rows accepted that month (generator) | accepted (hall) | concluded | overdue list | s | fastest–slowest | CPU s | bar |');
console.log('|---:|---|---:|---:|---:|---:|---:|---|---:|:---|');
for (const r of rows) {
  const label = `${r.role === 'busiest' ? 'busiest' : 'average'}: ${r.month}`;
  const barred = r.role === 'busiest' && r.size >= 1_000_000;
  const time = r.run.error ? `failed: ${r.run.error}` : r.run.seconds.toFixed(3);
  const spread = r.run.error ? '' : `${r.run.min.toFixed(3)}–${r.run.max.toFixed(3)}`;
  const verdict = barred && !r.run.error ? `≤ ${BAR_SECONDS} s ${mark(r.run.seconds <= BAR_SECONDS)}` : '';
  console.log(
    `| ${n(r.size)} | ${label} | ${n(r.generated)} | ${n(r.pack?.totals?.accepted)} | ${n(r.pack?.totals?.concluded)} | ${n(r.pack?.overdue_cases?.length)} | ${time} | ${spread} | ${r.run.error ? '' : r.run.cpuSeconds.toFixed(2)} | ${verdict} |`,
  );
}
console.log('');
for (const size of sizeList) {
  const [busiest, average] = ['busiest', 'average'].map((role) => rows.find((r) => r.size === size && r.role === role));
  if (busiest.run.error || average.run.error) continue;
  console.log(
    `${n(size)} cases: the busiest month (${n(busiest.generated)} rows) took ${(busiest.run.seconds / average.run.seconds).toFixed(2)}× the average one (${n(average.generated)} rows; mean of the complete months ${n(Math.round(busiest.mean))}).`,
  );
}
console.log(
  `\nCPU s: the median of the runs' user + system time (the report's worker thread included); other work on the machine lengthens the wall time far more. Load average (1 min) ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after.`,
);
