#!/usr/bin/env node
/**
 * Case export benchmark (SPEC §7.6, §8): `hall export cases --format parquet` of a whole
 * database (the bar: 1,000,000 cases within 30 s at ≤ 200 MB peak RSS), a second run with
 * nothing changed, and an incremental run after one new case (the bar: well under a second
 * plus the one month it rewrites). Then DuckDB reads the export as a province would —
 * `read_parquet('DIR/**\/*.parquet', hive_partitioning = true)` — and its column types and
 * its count per month are checked against hall's.
 *
 *   node bench/export.mjs [SIZE]      (default 1000000; BENCH_QUICK=1 in run.mjs passes 10000)
 *
 * Data: bench/report.mjs's generated database of SIZE cases (bench/out/report-SIZE.db),
 * built by running that benchmark once when it is missing, copied to
 * bench/out/export-SIZE.db and given a center code with `hall init --center-code`.
 *
 * DuckDB is installed (npm install @duckdb/node-api) in a scratch directory outside the
 * repository ($TMPDIR/hall-bench-duckdb), never as a dependency of hall; without the
 * network the check is skipped and says so.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'out');
const bin = join(root, 'bin', 'hall.js');
const size = Number(process.argv[2] ?? 1_000_000);
const CODE = '330681';
mkdirSync(out, { recursive: true });

/** hall in a child process, with its peak RSS (the child reports its own: no `time` binary needed). */
function hall(args, env = {}) {
  const code = `process.argv.splice(1, 0, 'hall'); process.on('exit', () => process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n')); await import(${JSON.stringify(bin)});`;
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code, '--', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, HALL_OPERATOR: 'bench', ...env },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`hall ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const rss = Number(/MAXRSS (\d+)/.exec(result.stderr)?.[1] ?? 0) / 1024;
  return { seconds, rss, stdout: result.stdout };
}

// The database: report.mjs's, built by it once if missing.
const source = join(out, `report-${size}.db`);
if (!existsSync(source)) {
  console.log(`building ${source} with bench/report.mjs ${size} (once) …`);
  const built = spawnSync(process.execPath, [join(root, 'bench', 'report.mjs'), String(size)], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0 || !existsSync(source)) throw new Error('bench/report.mjs could not build the database');
}
const file = join(out, `export-${size}.db`);
for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
copyFileSync(source, file);
hall(['--db', file, 'init', '--center-code', CODE]);
const directory = join(out, `export-${size}`);
rmSync(directory, { recursive: true, force: true });

const db = new Database(file, { readonly: true });
const hallCounts = new Map(
  db
    // Dates are day numbers since 1970 (migration 16): the shell's date() reads them as text.
    .prepare("SELECT strftime('%Y-%m', accepted_date * 86400, 'unixepoch') AS month, count(*) AS n FROM cases WHERE accepted_date IS NOT NULL GROUP BY month")
    .all()
    .map((row) => [row.month, row.n]),
);
const lastMonth = [...hallCounts.keys()].sort().at(-1);
const lastDay = db.prepare("SELECT date(max(accepted_date) * 86400, 'unixepoch') FROM cases").pluck().get();
const item = db.prepare("SELECT code FROM items WHERE status = 'active' AND window_id IS NOT NULL ORDER BY code LIMIT 1").pluck().get();
db.close();
const now = { HALL_NOW: `${lastDay}T16:00:00+08:00` };

const full = hall(['--db', file, 'export', 'cases', '--out', directory, '--format', 'parquet'], now);
const files = readdirSync(join(directory, `center=${CODE}`));
const bytes = files.reduce((sum, month) => sum + statSync(join(directory, `center=${CODE}`, month, 'cases.parquet')).size, 0);
const same = hall(['--db', file, 'export', 'cases', '--out', directory], now);
hall(['--db', file, 'case', 'register', '--item', item, '--applicant', '基准测试'], now);
const oneMonth = hall(['--db', file, 'export', 'cases', '--out', directory], now);
const exported = [...hallCounts.values()].reduce((a, b) => a + b, 0) + 1;
hallCounts.set(lastMonth, hallCounts.get(lastMonth) + 1);

console.log(
  `\nCase export (\`hall export cases --format parquet\`) of ${size.toLocaleString('en')} generated cases (${exported.toLocaleString('en')} accepted)\n`,
);
console.log('| run | seconds | peak RSS MB | bar |');
console.log('|---|---:|---:|---|');
console.log(
  `| full: ${files.length} months, ${(bytes / 1e6).toFixed(1)} MB of Parquet | ${full.seconds.toFixed(2)} | ${full.rss.toFixed(0)} | ≤ 30 s, ≤ 200 MB at 1M |`,
);
console.log(`| nothing changed | ${same.seconds.toFixed(2)} | ${same.rss.toFixed(0)} | well under 1 s |`);
console.log(
  `| one new case (rewrites ${lastMonth}, ${hallCounts.get(lastMonth).toLocaleString('en')} cases) | ${oneMonth.seconds.toFixed(2)} | ${oneMonth.rss.toFixed(0)} | under 1 s + one month |`,
);

// DuckDB, as a province reads the export.
const scratch = join(tmpdir(), 'hall-bench-duckdb');
let duck = 'skipped';
if (!existsSync(join(scratch, 'node_modules', '@duckdb', 'node-api'))) {
  mkdirSync(scratch, { recursive: true });
  if (!existsSync(join(scratch, 'package.json'))) writeFileSync(join(scratch, 'package.json'), '{"name":"hall-bench-duckdb","private":true}\n');
  spawnSync('npm', ['install', '--no-audit', '--no-fund', '@duckdb/node-api@latest'], { cwd: scratch, stdio: 'ignore', timeout: 300_000 });
}
if (existsSync(join(scratch, 'node_modules', '@duckdb', 'node-api'))) {
  const glob = join(directory, '**', '*.parquet').replaceAll("'", "''");
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const from = "read_parquet('${glob}', hive_partitioning = true)";
    const types = (await connection.runAndReadAll('DESCRIBE SELECT * FROM ' + from)).getRowObjects().map((row) => [row.column_name, row.column_type]);
    const counts = (await connection.runAndReadAll('SELECT month, count(*) AS n FROM ' + from + ' GROUP BY month ORDER BY month')).getRowObjects().map((row) => [row.month, Number(row.n)]);
    console.log(JSON.stringify({ types, counts }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: scratch, encoding: 'utf8' });
  if (result.status === 0) {
    const { types, counts } = JSON.parse(result.stdout);
    const type = Object.fromEntries(types);
    const expected = {
      accepted_at: 'TIMESTAMP WITH TIME ZONE',
      concluded_at: 'TIMESTAMP WITH TIME ZONE',
      deadline: 'DATE',
      legal_deadline: 'DATE',
      days_used: 'INTEGER',
      on_time: 'BOOLEAN',
      on_site: 'BOOLEAN',
      fee_fen: 'BIGINT',
      last_event_id: 'BIGINT',
      number: 'VARCHAR',
      month: 'VARCHAR',
    };
    const wrongTypes = Object.entries(expected).filter(([name, want]) => type[name] !== want);
    const wrongCounts = counts.filter(([month, n]) => hallCounts.get(month) !== n);
    const missing = [...hallCounts.keys()].filter((month) => !counts.some(([m]) => m === month));
    duck =
      wrongTypes.length === 0 && wrongCounts.length === 0 && missing.length === 0
        ? `agrees: ${counts.length} months, ${counts.reduce((a, [, n]) => a + n, 0).toLocaleString('en')} rows, count(*) per month equal to hall's; types ${Object.entries(
            expected,
          )
            .map(([name, want]) => `${name} ${want}`)
            .join(', ')}`
        : `DISAGREES: types ${JSON.stringify(wrongTypes.map(([name]) => [name, type[name]]))}, counts ${JSON.stringify(wrongCounts)}, missing months ${missing.join(', ')}`;
  } else {
    duck = `failed: ${result.stderr.trim().split('\n')[0]}`;
  }
}
console.log(`\nDuckDB (\`read_parquet('…/**/*.parquet', hive_partitioning = true)\`): ${duck}`);
if (duck.startsWith('DISAGREES') || duck.startsWith('failed')) process.exitCode = 1;
