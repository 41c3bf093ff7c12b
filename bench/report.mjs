#!/usr/bin/env node
/**
 * Report benchmark (SPEC §6, §8): `hall report monthly --month 2026-10 --format json` and
 * `hall report assessment --quarter 2026Q3 --format json` on a generated year of a large
 * county center — 10k, 100k and 1M cases over 2026-01-01 … 2026-11-20 by default — beside
 * the sqlite3 shell running the equivalent raw GROUP BYs on the same file in the same run.
 *
 * Bars (the issue): on 1M cases the monthly pack takes at most 1 s and at most 2× the
 * sqlite3 shell; the quarter's assessment likewise; and a month's report time stays nearly
 * flat from 10k to 1M cases.
 *
 * Data: `hall init`, `items import fixtures/catalog-gb18030.csv`, 16 综合受理窗口 added with
 * `hall window add`, then one `hall cases import` of a generated CSV (seeded, so every run
 * makes the same file): cases accepted on every working day in date order, over all eight
 * catalog items and 20 windows (70 % at the item's own window, the rest at a 综合 window);
 * 1.5 % 不予受理, 1.5 % 撤回, 3 % never concluded (half of them in an open 补正 pause), 12 %
 * of the time-limited cases paused for 1–5 working days, about a third of all cases late or
 * still open, 4 % 不予许可, 70 % of the concluded rated. Complaints (one per 2,000 cases) and
 * window records (two per window and month) are plain INSERTs. Nothing runs ANALYZE: the
 * planner sees the file as hall leaves it. The builder is bench/lib/generated-cases.mjs,
 * shared with case-size.mjs, busiest-month.mjs and import-shapes.mjs: the databases are
 * cached in bench/out as report-<size>.db and reused while their sidecar
 * report-<size>.db.json names the same generator version and the same build fingerprint
 * (the schema a fresh `hall init` leaves, and the dist/ code an import runs) — a cached
 * database is never migrated into the schema under test, it is built again.
 *
 * The raw side (bench/out/report-monthly.sql, report-quarter.sql; the period written in as
 * day numbers and codes for the case tables, as dates for the text ones — schema 16) is the
 * store's own measure queries (src/store/report-measures.ts) grouped by window only: accepted and
 * fees by accepted_date, the concluded measures by concluded_date (with the other-unit
 * saved days), refused, withdrawn, carried over, open and overdue at the period's end
 * with the deadline each case had then (the same pause correction), evaluations and
 * complaints; the quarter adds the window records: the assessment's ratio bar is measured
 * against that. The monthly pack counts more — the year to date, the previous month, fees
 * and the overdue list — so its equivalent, report-monthly-pack.sql, adds the SQL of those
 * (the store's text), and the pack's ratio bar is measured against the whole of it; the
 * month's per-window file alone is timed for reference. The raw side judges the open cases
 * again for the year to date, as a plain script would. Every raw output is checked against hall's JSON (per window: accepted,
 * concluded, overdue …; for the pack also the year to date, the fee rows and the overdue
 * list row by row, its dates decoded from day numbers), so both sides count the same cases.
 *
 * Timing: one warm-up run (its output kept for the checks), then the median of N runs
 * (default 5; BENCH_RUNS), stdout to a file; the load average is recorded, as other work on
 * the machine shows in the figures. When `hall report` is not built yet, a
 * stand-in `node -e` calls monthlyReport / assessmentReport from dist/ and prints the same
 * JSON, and the table says so.
 *
 *   node bench/report.mjs [sizes …]        (default 10000 100000 1000000)
 *
 * Writes bench/out/report.json and prints a markdown table for the README.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hall, NOW, out, reportDatabase, root } from './lib/generated-cases.mjs';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const sizeList = sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000];
const runs = Number(process.env.BENCH_RUNS ?? 5);

const TODAY = NOW.slice(0, 10);
const MONTH = { label: '2026-10', from: '2026-10-01', to: '2026-10-31' };
const QUARTER = { label: '2026Q3', from: '2026-07-01', to: '2026-09-30' };
const BAR_SECONDS = 1;
const BAR_RATIO = 2;

/**
 * Since migration 16 `cases`, `case_pauses` and `evaluations` store every date as its day
 * number since 1970-01-01 (calendar_ordinals' key) and each enumerated value as a code
 * (the `codes` table; src/store/case-codes.ts). The raw SQL reads them as hall's does: the
 * codes below as literals, the period's ends and @t bound as day numbers, and the text
 * dates only where a table keeps text (complaints, window records, reviews).
 */
const WORKDAY = 0; // codes 'unit'
const CALENDAR = 1;
const APPROVED = 0; // codes 'outcome'
const DENIED = 1;
const WITHDRAWN = 3; // codes 'state'

/** A `YYYY-MM-DD` date as its day number since 1970-01-01, as cases store it. */
const dayNumber = (date) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
/** SQL for a stored day number as its `YYYY-MM-DD` date (NULL for NULL), as the *_text views print it. */
const dateSql = (day) => `date(${day} * 86400, 'unixepoch')`;

/** W(from, to) over stored day numbers and a unit code, as src/store/calendar.ts countStoredDaysSql writes it. */
function countDays(from, to, unit) {
  const column = (end, name) => `(SELECT ${name} FROM calendar_ordinals WHERE day = ${end})`;
  return `(CASE WHEN ${unit} = ${CALENDAR}
    THEN max(0, ${column(to, 'day')} - ${column(from, 'day')})
    ELSE max(0, ${column(to, 'ordinal')} - ${column(from, 'ordinal')}) END)`;
}

/**
 * Cases open at @t and past the deadline each had then (OVERDUE_AT_T in
 * src/store/report-measures.ts), with only the columns asked for: the stored deadline unless a
 * pause was running at @t or began after it, else the deadline counted again as of @t.
 */
function overdueAtT(columns) {
  const list = columns.join(', ');
  const pausesAfterT = 'SELECT case_id FROM case_pauses WHERE to_date IS NULL OR to_date > @t';
  // `+accepted_date` as in the store: it keeps the planner on cases_report_ended's range for the
  // first branch (the overdue list, which reads the case number, went to cases_report_accepted
  // without it and read every case accepted by @t).
  return `
  SELECT ${list}, deadline AS deadline_at_t FROM cases
   WHERE ended_date > @t AND +accepted_date <= @t AND deadline < @t AND NOT (promised_days > 0 AND id IN (${pausesAfterT}))
  UNION ALL
  SELECT ${list}, deadline AS deadline_at_t FROM cases
   WHERE ended_date IS NULL AND accepted_date <= @t AND deadline < @t AND NOT (promised_days > 0 AND id IN (${pausesAfterT}))
  UNION ALL
  SELECT ${list}, deadline_at_t FROM (
    SELECT c.*, CASE
      WHEN c.limit_unit = ${CALENDAR} THEN (
        SELECT day FROM calendar_ordinals WHERE working = 1 AND day >= c.accepted_date + c.span
         ORDER BY day LIMIT 1)
      ELSE (
        SELECT day FROM calendar_ordinals WHERE working = 1 AND ordinal = (SELECT ordinal FROM calendar_ordinals WHERE day = c.accepted_date) + c.span)
      END AS deadline_at_t
    FROM (
      SELECT o.*, o.promised_days + coalesce((
               SELECT sum(${countDays('p.from_date', 'min(coalesce(p.to_date, @t), @t)', 'o.limit_unit')})
                 FROM case_pauses p WHERE p.case_id = o.id AND p.from_date < @t), 0) AS span
        FROM cases o
       WHERE o.id IN (${pausesAfterT}) AND o.promised_days > 0
         AND o.accepted_date <= @t AND (o.ended_date IS NULL OR o.ended_date > @t)) AS c)
   WHERE @t > deadline_at_t`;
}

/** The store's measures over one period, grouped by window (name = the measure's) or not at all (name = ytd_…). */
function measures(prefix, grouped) {
  const select = (name) => (grouped ? `'${name}', window_id` : `'${prefix}${name}', NULL`);
  const groupBy = grouped ? 'GROUP BY window_id' : '';
  return `SELECT ${select('accepted')}, count(*), sum(fee_fen) FROM cases WHERE accepted_date BETWEEN @from AND @to ${groupBy};
SELECT ${select('concluded')}, count(*), sum(outcome = ${APPROVED}), sum(outcome = ${DENIED}), sum(same_day), sum(on_time), sum(on_site),
       sum(on_time = 0), sum(days_used),
       sum(CASE WHEN legal_days IS NOT NULL AND coalesce(legal_unit, ${WORKDAY}) = limit_unit THEN legal_days - days_used END)
  FROM cases WHERE concluded_date BETWEEN @from AND @to ${groupBy};
SELECT ${select('saved_other_unit')}, sum(legal_days - max(0, ${countDays('accepted_date', 'concluded_date', `coalesce(legal_unit, ${WORKDAY})`)} - coalesce((
         SELECT sum(${countDays('p.from_date', 'p.to_date', `coalesce(cases.legal_unit, ${WORKDAY})`)}) FROM case_pauses p WHERE p.case_id = cases.id), 0)))
  FROM cases WHERE concluded_date BETWEEN @from AND @to AND legal_days IS NOT NULL AND coalesce(legal_unit, ${WORKDAY}) <> limit_unit ${groupBy};
SELECT ${select('refused')}, count(*) FROM cases WHERE refused_date BETWEEN @from AND @to ${groupBy};
SELECT ${select('withdrawn')}, count(*) FROM cases WHERE ended_date BETWEEN @from AND @to AND +state = ${WITHDRAWN} ${groupBy};
SELECT ${select('carried_over')}, count(*) FROM (
  SELECT window_id FROM cases WHERE ended_date >= @from AND accepted_date < @from
  UNION ALL
  SELECT window_id FROM cases WHERE ended_date IS NULL AND accepted_date < @from) ${groupBy};
SELECT ${select('open_overdue')}, count(*) FROM (${overdueAtT(['window_id'])}) ${groupBy};
SELECT ${select('evaluations')}, count(*), sum(level >= 4), sum(level = 3), sum(level <= 2) FROM evaluations e WHERE date BETWEEN @from AND @to
   AND NOT (level <= 2 AND coalesce((
     SELECT r.state = 'invalid' AND r.invalidated_at <= @tDate FROM reviews r WHERE r.case_id = e.case_id ORDER BY r.id DESC LIMIT 1), 0)) ${groupBy};
SELECT ${select('complaints')}, count(*), coalesce(sum(substantiated = 1), 0) FROM complaints WHERE received_date BETWEEN @fromDate AND @toDate ${groupBy};
`;
}

/** Writes named parameters in as literals for the sqlite3 shell: day numbers bare, dates quoted. */
function literal(sql, values) {
  return sql.replace(/@(\w+)\b/g, (name) => (name in values ? (typeof values[name] === 'number' ? String(values[name]) : `'${values[name]}'`) : name));
}

/**
 * The parameters of a period, as measureParams (src/store/report-measures.ts) binds them:
 * @from, @to and @t as day numbers for the case tables, and as text (@fromDate, @toDate,
 * @tDate) for the tables that keep text dates — complaints and reviews.
 */
function params(from, to, t) {
  const values = { '@from': dayNumber(from), '@to': dayNumber(to), '@fromDate': from, '@toDate': to };
  return t === undefined ? values : { ...values, '@t': dayNumber(t), '@tDate': t };
}

/**
 * The raw side: the per-window figures of the period (plus the window records for the
 * assessment); with `pack`, also what else the monthly pack counts — year-to-date totals,
 * the previous month, fees per item and window, and the overdue list.
 */
function rawSql(period, t, { records = false, pack = false } = {}) {
  let sql = `-- Generated by bench/report.mjs: ${period.from} … ${period.to}, open cases judged at ${t}.\n`;
  sql += literal(measures('', true), params(period.from, period.to, t));
  if (records) {
    sql += literal(
      `SELECT 'records', window_id, coalesce(sum(CASE WHEN kind = 'deduction' THEN points END), 0), coalesce(sum(CASE WHEN kind = 'commendation' THEN points END), 0)
  FROM window_records WHERE date BETWEEN @fromDate AND @toDate GROUP BY window_id;\n`,
      params(period.from, period.to),
    );
  }
  if (pack) {
    const previousTo = new Date(Date.parse(`${period.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    sql += `-- The rest of the pack: year to date (totals only), the previous month, fees, the overdue list.\n`;
    sql += literal(measures('ytd_', false), params(`${period.from.slice(0, 4)}-01-01`, period.to, t));
    sql += literal(
      `SELECT 'previous', NULL, (SELECT count(*) FROM cases WHERE accepted_date BETWEEN @from AND @to), (SELECT count(*) FROM cases WHERE concluded_date BETWEEN @from AND @to);\n`,
      params(`${previousTo.slice(0, 7)}-01`, previousTo),
    );
    sql += literal(
      `SELECT 'fees', window_id, item_id, count(*), sum(fee_fen) FROM cases WHERE accepted_date BETWEEN @from AND @to AND fee_fen > 0 GROUP BY item_id, window_id;
SELECT 'overdue', o.window_id, o.number, i.code, i.name, w.code, ${dateSql('o.accepted_date')}, ${dateSql('o.deadline')}, ${dateSql('o.concluded')},
       ${countDays('o.deadline', 'coalesce(o.concluded, @t)', 'o.limit_unit')}, CASE o.limit_unit WHEN ${CALENDAR} THEN 'calendar' ELSE 'workday' END
  FROM (
    SELECT number, item_id, window_id, accepted_date, deadline, concluded_date AS concluded, limit_unit
      FROM cases WHERE concluded_date BETWEEN @from AND @to AND on_time = 0
    UNION ALL
    SELECT number, item_id, window_id, accepted_date, deadline_at_t, NULL, limit_unit
      FROM (${overdueAtT(['number', 'item_id', 'window_id', 'accepted_date', 'limit_unit'])})
  ) AS o
  JOIN items i ON i.id = o.item_id LEFT JOIN windows w ON w.id = o.window_id
 ORDER BY o.number;
`,
      params(period.from, period.to, t),
    );
  }
  return sql;
}

/**
 * The raw output: per window id the counts by measure, the totals by measure, how many rows
 * each measure printed, and the overdue list's rows as printed (number, item, window,
 * accepted, deadline, concluded, days over, unit).
 */
function parseRaw(text) {
  const byWindow = new Map();
  const totals = {};
  const rows = {};
  const overdueList = [];
  for (const line of text.trim().split('\n')) {
    const [measure, id, ...cells] = line.split('|');
    if (measure === 'overdue') overdueList.push([cells[0], cells[1], cells[3], ...cells.slice(4)].join('|'));
    const values = cells.map((value) => (value === '' ? null : Number(value)));
    rows[measure] = (rows[measure] ?? 0) + 1;
    if (id === '') totals[measure] = values;
    else {
      if (!byWindow.has(id)) byWindow.set(id, {});
      byWindow.get(id)[measure] = values;
    }
  }
  return { byWindow, totals, rows, overdueList };
}

/** The counts hall's JSON should agree with, from one window's (or the totals') raw rows. */
function expected(raw, prefix = '') {
  const first = (measure, index = 0) => raw[prefix + measure]?.[index] ?? 0;
  return {
    accepted: first('accepted'),
    concluded: first('concluded'),
    on_time: first('concluded', 4),
    overdue: first('concluded', 6) + first('open_overdue'),
    refused: first('refused'),
    withdrawn: first('withdrawn'),
    carried_over: first('carried_over'),
    evaluations: first('evaluations'),
    complaints: first('complaints'),
    substantiated: first('complaints', 1),
  };
}

/** Compares hall's JSON with the raw counts; returns the mismatches as text. */
function crossCheck(kind, hallJson, rawText, windowIds) {
  let report;
  try {
    report = JSON.parse(hallJson);
  } catch {
    return ['hall output is not JSON'];
  }
  const raw = parseRaw(rawText);
  const problems = [];
  const compare = (what, got, want) => {
    if (got !== undefined && got !== want) problems.push(`${what}: hall ${got}, raw ${want}`);
  };
  const windows = Array.isArray(report.windows) ? report.windows : [];
  if (windows.length === 0) return ['no windows in hall output'];
  for (const window of windows) {
    const want = expected(raw.byWindow.get(String(windowIds.get(window.code))) ?? {});
    const fields = kind === 'monthly' ? Object.keys(want) : ['concluded', 'overdue', 'substantiated'];
    for (const field of fields) compare(`${window.code}.${field}`, window[field], want[field]);
  }
  if (raw.rows.ytd_accepted) {
    const want = expected(raw.totals, 'ytd_');
    for (const field of Object.keys(want)) compare(`ytd.${field}`, report.totals?.ytd?.[field], want[field]);
    compare('overdue_cases', report.overdue_cases?.length, raw.rows.overdue ?? 0);
    // Row by row, dates and units as hall prints them: the raw side decodes its day numbers and codes in SQL.
    const listed = new Set(raw.overdueList);
    const unlisted = (report.overdue_cases ?? [])
      .map((c) => [c.number, c.item, c.window ?? '', c.accepted, c.deadline, c.concluded ?? '', c.days_over ?? '', c.limit_unit].join('|'))
      .filter((row) => !listed.has(row));
    if (unlisted.length > 0) problems.push(`overdue_cases: ${unlisted.length} rows of hall's not in the raw list, e.g. ${unlisted[0]}`);
    compare('fees', report.fees?.length, raw.rows.fees ?? 0);
    compare('previous.accepted', report.totals?.previous?.accepted, raw.totals.previous?.[0]);
  }
  return problems;
}

/**
 * Median of `runs` wall times after one warm-up, whose stdout is returned for the checks.
 * Each timed run writes its stdout to a file (as `> pack.json` would) and must print as
 * many bytes as the warm-up: a run that fails or differs (dist/ rebuilt meanwhile, say)
 * is retried a few times instead of being timed.
 */
function time(command, args, options = {}) {
  const env = { ...process.env, HALL_NOW: NOW, HALL_OPERATOR: 'bench' };
  const failure = (result) => (String(result.stderr || result.stdout || '') || `exit ${result.status}`).trim().split('\n').slice(-2).join(' ');
  const warm = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 1 << 30, input: options.input });
  if (warm.status !== 0) return { error: failure(warm) };
  const bytes = Buffer.byteLength(warm.stdout);
  const sink = join(out, 'report-run.out');
  const times = [];
  let retries = 0;
  while (times.length < runs) {
    const input = options.inputFile ? openSync(options.inputFile, 'r') : 'ignore';
    const output = openSync(sink, 'w');
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { env, stdio: [input, output, 'pipe'] });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    closeSync(output);
    if (typeof input === 'number') closeSync(input);
    if (result.status === 0 && statSync(sink).size === bytes) times.push(seconds);
    else if (++retries > 3) return { error: result.status === 0 ? `printed ${statSync(sink).size} bytes, the warm-up ${bytes}` : failure(result) };
    else spawnSync('sleep', ['2']);
  }
  rmSync(sink, { force: true });
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1), retries, output: warm.stdout, bytes };
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const cliReady = spawnSync(process.execPath, [hall, 'report', 'monthly', '--help'], { encoding: 'utf8' }).status === 0;
const modified = (path) => statSync(join(root, path)).mtimeMs;
const distStale = [
  'store/report-measures',
  'store/report-rollup',
  'store/report-monthly',
  'store/report-assessment',
  'core/assessment',
  'core/metrics',
  'core/period',
].filter((name) => !existsSync(join(root, 'dist', `${name}.js`)) || modified(`dist/${name}.js`) < modified(`src/${name}.ts`));

/** The command that prints the report as JSON: hall's, or the stand-in over dist/ until it is built. */
function reportArgs(db, kind) {
  if (cliReady) {
    return kind === 'monthly'
      ? [hall, '--db', db, 'report', 'monthly', '--month', MONTH.label, '--format', 'json']
      : [hall, '--db', db, 'report', 'assessment', '--quarter', QUARTER.label, '--format', 'json'];
  }
  const period = kind === 'monthly' ? MONTH : QUARTER;
  const call =
    kind === 'monthly'
      ? `await r.monthlyReport(db, { from: '${period.from}', to: '${period.to}' }, '${TODAY}', '${NOW}')`
      : `await r.assessmentReport(db, { from: '${period.from}', to: '${period.to}' }, '${TODAY}', '${NOW}', a.DEFAULT_RUBRIC)`;
  const script = `const [{ openDatabase }, monthly, assessment, a] = await Promise.all([import('./dist/db/database.js'), import('./dist/store/report-monthly.js'), import('./dist/store/report-assessment.js'), import('./dist/core/assessment.js')]);
const r = { ...monthly, ...assessment };
const db = openDatabase(${JSON.stringify(db)});
process.stdout.write(JSON.stringify(${call}, null, 2) + '\\n');
db.close();`;
  return ['--input-type=module', '-e', script];
}

const sqlite = has('sqlite3');
const judgedAt = (period) => (period.to < TODAY ? period.to : TODAY);
const rawFiles = {
  monthly: join(out, 'report-monthly.sql'),
  assessment: join(out, 'report-quarter.sql'),
  pack: join(out, 'report-monthly-pack.sql'),
};
writeFileSync(rawFiles.monthly, rawSql(MONTH, judgedAt(MONTH)));
writeFileSync(rawFiles.assessment, rawSql(QUARTER, judgedAt(QUARTER), { records: true }));
writeFileSync(rawFiles.pack, rawSql(MONTH, judgedAt(MONTH), { pack: true }));
const rawRun = (file, kind) =>
  sqlite ? time('sqlite3', [file], { input: readFileSync(rawFiles[kind]), inputFile: rawFiles[kind] }) : { error: 'sqlite3 not installed' };

console.log(`\nReport benchmark: ${cliReady ? 'hall report' : 'stand-in over dist/ (hall report is not built yet)'}, median of ${runs} runs after 1 warm-up`);
if (distStale.length > 0) console.log(`warning: dist/ is older than src/ for ${distStale.join(', ')} — run npm run build first`);
if (!sqlite) console.log('sqlite3 not installed: the raw columns are skipped');
const loadBefore = loadavg()[0];
const baseline = time(process.execPath, ['-e', '0']);
const results = [];
for (const size of sizeList) {
  const { file, meta, cached } = await reportDatabase(size);
  const db = new Database(file, { readonly: true });
  const windowIds = new Map(
    db
      .prepare('SELECT code, id FROM windows')
      .all()
      .map((row) => [row.code, row.id]),
  );
  db.close();
  const row = { size, cached, data: meta, checks: {} };
  for (const kind of ['monthly', 'assessment']) {
    const run = time(process.execPath, reportArgs(file, kind), {});
    const raw = rawRun(file, kind);
    row.checks[kind] = run.error || raw.error ? null : crossCheck(kind, run.output, raw.output, windowIds);
    if (kind === 'monthly') {
      // The month's 一件事 as the pack counts them, to show the combined figures were in the timed work.
      if (!run.error) row.combined = JSON.parse(run.output).totals.combined;
      row.monthly_pack_sqlite3 = rawRun(file, 'pack');
      row.checks.pack = run.error || row.monthly_pack_sqlite3.error ? null : crossCheck(kind, run.output, row.monthly_pack_sqlite3.output, windowIds);
      delete row.monthly_pack_sqlite3.output;
    }
    for (const r of [run, raw]) delete r.output;
    row[kind] = run;
    row[`${kind}_sqlite3`] = raw;
  }
  results.push(row);
  const s = (r) => (r.error ? `failed: ${r.error}` : `${r.seconds.toFixed(3)} s`);
  console.log(
    `  ${size.toLocaleString('en')}: monthly ${s(row.monthly)} (raw ${s(row.monthly_sqlite3)}, whole pack raw ${s(row.monthly_pack_sqlite3)}), assessment ${s(row.assessment)} (raw ${s(row.assessment_sqlite3)})`,
  );
}

const ms = (r) => (r?.error ? '—' : `${Math.round(r.seconds * 1000)}`);
const ratio = (a, b) => (a.error || b.error ? null : a.seconds / b.seconds);
const mark = (ok) => (ok === null ? '' : ok ? ' ✅' : ' ❌');
const lines = [
  `Report time, median of ${runs} runs (ms; ${cliReady ? '`hall report … --format json`' : 'stand-in over dist/'}; \`node -e 0\` = ${ms(baseline)} ms). Bars at 1M cases: ≤ ${BAR_SECONDS * 1000} ms and ≤ ${BAR_RATIO}× sqlite3.`,
  '',
  `| cases | monthly ${MONTH.label} | sqlite3 raw | ratio | assessment ${QUARTER.label} | sqlite3 raw | ratio | sqlite3 raw, month's per-window figures only | node -e 0 |`,
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const r of results) {
  const cells = [r.size.toLocaleString('en')];
  for (const kind of ['monthly', 'assessment']) {
    const run = r[kind];
    // The monthly pack is measured against the raw SQL of the whole pack, the assessment against its own figures.
    const raw = kind === 'monthly' ? r.monthly_pack_sqlite3 : r[`${kind}_sqlite3`];
    const x = ratio(run, raw);
    // The bars are set for a year of a large center: marked at 1M cases and above.
    const barred = r.size >= 1_000_000;
    const fast = barred && !run.error ? run.seconds <= BAR_SECONDS : null;
    cells.push(`${ms(run)}${mark(fast)}`, ms(raw), x === null ? '—' : `${x.toFixed(2)}×${mark(barred ? x <= BAR_RATIO : null)}`);
  }
  cells.push(ms(r.monthly_sqlite3), ms(baseline));
  lines.push(`| ${cells.join(' | ')} |`);
}
lines.push(
  '',
  '“sqlite3 raw” is the same figures in plain SQL run by the sqlite3 shell: for the monthly pack everything the pack counts (the month by window, the year to date, the previous month, fees and the overdue list), for the assessment the quarter’s per-window figures and window records. The last column, the month’s per-window figures alone, is for reference.',
);
lines.push('', `Load average (1 min) ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} cores.`);
const timed = results.filter((r) => !r.monthly.error);
if (timed.length > 1) {
  const [a, b] = [timed[0], timed.at(-1)];
  lines.push(
    '',
    `From ${a.size.toLocaleString('en')} to ${b.size.toLocaleString('en')} cases (${(b.size / a.size).toFixed(0)}×) the monthly pack went ${(b.monthly.seconds / a.monthly.seconds).toFixed(2)}×` +
      (b.assessment.error || a.assessment.error ? '.' : `, the quarter's assessment ${(b.assessment.seconds / a.assessment.seconds).toFixed(2)}×.`),
  );
}
for (const r of results) {
  if (r.combined && r.data.parts !== undefined) {
    lines.push(
      '',
      `${r.size.toLocaleString('en')} cases, of which ${r.data.parts.toLocaleString('en')} parts of ${r.data.combined.toLocaleString('en')} combined cases (一件事); the month's pack counted ${r.combined.accepted.toLocaleString('en')} accepted, ${r.combined.concluded.toLocaleString('en')} concluded, ${r.combined.overdue.toLocaleString('en')} overdue of them.`,
    );
  }
}
const mismatches = results.flatMap((r) => Object.entries(r.checks).flatMap(([kind, problems]) => (problems ?? []).map((p) => `${r.size} ${kind}: ${p}`)));
const checked = results.some((r) => Object.values(r.checks).some((problems) => problems !== null));
if (checked)
  lines.push(
    '',
    mismatches.length === 0
      ? 'hall and the raw SQL agree on every window’s counts, and on the whole pack’s year to date, previous month, fee rows and overdue list.'
      : `Mismatches:\n${mismatches.slice(0, 20).join('\n')}`,
  );
console.log(`\n${lines.join('\n')}`);

const generation = results.map((r) => ({ size: r.size, cached: r.cached, ...r.data }));
console.log('\nGenerated databases (seconds; cached ones show the time of their first build)\n');
console.log('| cases | setup | CSV | hall cases import | complaints, records | total | file |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const g of generation) {
  const t = g.generate_seconds;
  console.log(
    `| ${g.size.toLocaleString('en')}${g.cached ? ' (cached)' : ''} | ${t.setup_s.toFixed(1)} | ${t.csv_s.toFixed(1)} | ${t.import_s.toFixed(1)} | ${t.records_s.toFixed(1)} | ${t.total_s.toFixed(1)} | ${g.mb.toFixed(0)} MB |`,
  );
}
writeFileSync(
  join(out, 'report.json'),
  `${JSON.stringify(
    {
      when: new Date().toISOString(),
      command: cliReady ? 'hall report' : 'stand-in over dist/',
      dist_stale: distStale,
      runs,
      load_average: { before: loadBefore, after: loadavg()[0] },
      node_e_0: baseline,
      month: MONTH,
      quarter: QUARTER,
      now: NOW,
      bars: { seconds_at_1m: BAR_SECONDS, ratio: BAR_RATIO },
      results,
      markdown: lines.join('\n'),
    },
    null,
    2,
  )}\n`,
);
console.log(`\nWrote ${join('bench', 'out', 'report.json')}`);
