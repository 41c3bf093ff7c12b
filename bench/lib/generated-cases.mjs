/**
 * The generated year of a large county center that report.mjs, case-size.mjs,
 * busiest-month.mjs and import-shapes.mjs share: one set-up database (`hall init`, the
 * GB18030 catalog fixture, 16 综合受理窗口, two 一件事), the cases as a `hall cases import`
 * CSV in two shapes, and the report databases built from them (bench/out/report-SIZE.db).
 *
 * Shapes of the same cases (same seeds, same rows, same outcomes):
 * - `bench`: report.mjs's file since GENERATOR 2 — `2026-01-05 09:12`, no 办件编号, an
 *   empty 证件号码, a rating on ~70 % of the concluded rows.
 * - `iso`: as a provincial system exports them — `2026-01-04T09:03:20+08:00` (seconds from
 *   a second seeded generator, so the first one draws the same cases), a 办件编号 on every
 *   row (`YYYYMMDD-NNNN`, the day's sequence by acceptance), a valid GB 11643 resident id
 *   on every row, and a rating on every row but the 不予受理 ones (a refused case has no
 *   clock, and no rate event to carry an evaluation).
 *
 * Caching. Everything here is reused across benches and runs while it is current: the
 * set-up database and the report databases carry a fingerprint of the build that wrote
 * them — the schema a fresh `hall init` leaves (user_version and every CREATE) and a hash
 * of the dist/ files that can change what an import writes (all of dist/ but the report,
 * page, workbook, export and network code) — and are rebuilt when it differs. So a
 * migration, or a change to how a row is validated or stored, never leaves a bench
 * measuring a database an older build wrote, or one a migration converted. The CSVs depend
 * only on the generator and the calendar, and carry those.
 *
 * Nothing here reads a case table's columns: the schema is hall's to change. Counts come
 * from the generator itself (it knows every row it wrote) and sizes from `dbstat`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { mulberry32 } from '../../dist/demo/dice.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const out = join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });
export const hall = join(root, 'bin', 'hall.js');

/**
 * Bump when the generated data or the sidecars change: cached files of another version are
 * rebuilt. 3: the `iso` shape, and the counts (by month too) from the generator, not SQL.
 * The `bench` shape's rows are byte for byte those of version 2.
 */
export const GENERATOR = 3;
export const FIRST_DAY = '2026-01-01';
export const LAST_DAY = '2026-11-20';
/** After the last event: no history may lie in the future. */
export const NOW = '2026-11-23T09:00:00+08:00';
/** The catalog and windows exist before the year begins. */
export const SETUP_NOW = '2025-12-31T09:00:00+08:00';

/** The catalog's items (fixtures/catalog-gb18030.csv): share of the cases and the working days they usually take. */
const ITEMS = [
  { code: 'XK10001000', share: 0.2, days: 5 },
  { code: 'XK10001001', share: 0.15, days: 3 },
  { code: 'QT10002000', share: 0.25, days: 0 },
  { code: 'XK10003000', share: 0.15, days: 7 },
  { code: 'XK10004000', share: 0.05, days: 10 }, // 15 自然日
  { code: 'GG10005000', share: 0.15, days: 0 },
  { code: 'QT10006000', share: 0.04, days: 5, noWindow: true },
  { code: 'XK10007000', share: 0.01, days: 3, noWindow: true },
];
const ITEM_WINDOWS = { XK10001000: 'W001', XK10001001: 'W001', QT10002000: 'W001', XK10003000: 'W002', XK10004000: 'W003', GG10005000: 'W004' };
/**
 * 一件事 (issue 20: the pack on 1M cases of which 100,000 are parts stays within 1 s): two
 * bundles over the catalog's items, and every 30th case opens a combined case of three
 * parts (rows k, k+1, k+2 of each 30: 10 % of all cases are parts), imported with the
 * file's 一件事编码 and 联办编号 columns.
 */
const BUNDLES = [
  { code: 'BJ01', name: '开办餐饮店一件事', lead: '市场监管局', days: 3, items: ['QT10002000', 'XK10001001', 'GG10005000'] },
  { code: 'BJ02', name: '开办护理站一件事', lead: '市场监管局', days: 8, items: ['XK10001000', 'XK10003000', 'GG10005000'] },
];
const GROUP_EVERY = 30;
const GROUP_SIZE = 3;
const GENERAL_WINDOWS = Array.from({ length: 16 }, (_, index) => `Z${String(index + 1).padStart(2, '0')}`);
const pad = (n) => String(n).padStart(2, '0');

/** The demo's seeded generator (src/demo/dice.ts): the same file on every run. */
const random = mulberry32;

export function hallSync(args, now) {
  const result = spawnSync(process.execPath, [hall, ...args], {
    env: { ...process.env, HALL_NOW: now, HALL_OPERATOR: 'bench' },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0) throw new Error(`hall ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

const removeDb = (file) => {
  for (const suffix of ['', '-wal', '-shm', '.json']) rmSync(`${file}${suffix}`, { force: true });
};
const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

// Code that only reads or renders (reports, pages, workbooks, the Parquet export, the
// network roll-up) cannot change what an import writes: a change there keeps the cache.
const READ_ONLY_CODE = /(^|\/)(report[-.]|case-export|frozen|network|demo)|html|xlsx|chart|parquet|zip-entries|(^|\/)messages/;
let memo = null;
/** The build's fingerprint: the schema a fresh `hall init` leaves and the hash of the dist/ code an import runs. */
export function fingerprint({ fresh = false } = {}) {
  if (memo && !fresh) return memo;
  const file = join(out, 'fingerprint.db');
  removeDb(file);
  hallSync(['--db', file, 'init'], SETUP_NOW);
  const db = new Database(file, { readonly: true });
  const version = db.pragma('user_version', { simple: true });
  const schema = db
    .prepare("SELECT type, name, tbl_name, coalesce(sql, '') AS sql FROM sqlite_schema ORDER BY type, name")
    .all()
    .map((row) => `${row.type} ${row.name} ${row.tbl_name} ${row.sql}`)
    .join('\n');
  db.close();
  removeDb(file);
  const code = createHash('sha256');
  const dist = join(root, 'dist');
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  for (const path of walk(dist)) {
    const name = relative(dist, path);
    if (!name.endsWith('.js') || READ_ONLY_CODE.test(name)) continue;
    code.update(name).update('\0').update(readFileSync(path)).update('\0');
  }
  const schemaHash = createHash('sha256').update(schema).digest('hex').slice(0, 12);
  const codeHash = code.digest('hex').slice(0, 12);
  const current = { key: `${version}:${schemaHash}:${codeHash}`, version, schemaHash, codeHash };
  // A fresh look (is dist/ still the build the run began with?) leaves the run's own fingerprint alone.
  if (!memo) memo = current;
  return current;
}

/** The working days of 2026 as hall's calendar says (`calendar show`: weekends, holidays and 调休 workdays). */
function workingDays(file) {
  const shown = JSON.parse(hallSync(['--db', file, '--format', 'json', 'calendar', 'show', '--year', '2026'], SETUP_NOW));
  const kinds = new Map(shown.days.map((day) => [day.date, day.kind]));
  const days = [];
  for (let t = Date.parse(`${FIRST_DAY}T00:00:00Z`); t <= Date.parse('2026-12-31T00:00:00Z'); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const weekend = [0, 6].includes(new Date(t).getUTCDay());
    const kind = kinds.get(date);
    if (kind === 'workday' || (!weekend && kind !== 'holiday')) days.push(date);
  }
  return days;
}

/**
 * The set-up database every import starts from, a copy each time (bench/out/setup.db):
 * `hall init`, the catalog fixture, the 综合 windows and the bundles, as of SETUP_NOW.
 * Returns its path and the year's working days.
 */
export function setupDatabase() {
  const file = join(out, 'setup.db');
  const metaFile = `${file}.json`;
  const meta = readJson(metaFile);
  if (meta?.fingerprint === fingerprint().key && existsSync(file)) return { file, workingDays: meta.workingDays, seconds: meta.seconds, cached: true };
  removeDb(file);
  const started = process.hrtime.bigint();
  hallSync(['--db', file, 'init', '--center', '测试中心'], SETUP_NOW);
  hallSync(['--db', file, 'items', 'import', join(root, 'fixtures', 'catalog-gb18030.csv')], SETUP_NOW);
  for (const code of GENERAL_WINDOWS) hallSync(['--db', file, 'window', 'add', code, '--name', `综合受理窗口${code.slice(1)}`], SETUP_NOW);
  const bundles = join(out, 'report-bundles.csv');
  writeFileSync(
    bundles,
    `一件事编码,一件事名称,牵头部门,承诺时限,事项编码,是否必选\n${BUNDLES.flatMap((bundle) =>
      bundle.items.map((item, index) => (index === 0 ? `${bundle.code},${bundle.name},${bundle.lead},${bundle.days},${item},是` : `,,,,${item},是`)),
    ).join('\n')}\n`,
  );
  hallSync(['--db', file, 'bundles', 'import', bundles], SETUP_NOW);
  const days = workingDays(file);
  // One file to copy: the WAL folded in and gone.
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  writeFileSync(metaFile, `${JSON.stringify({ fingerprint: fingerprint().key, seconds, workingDays: days })}\n`);
  return { file, workingDays: days, seconds, cached: false };
}

/** A fresh copy of the set-up database at `file`. */
export function copySetup(file) {
  const setup = setupDatabase();
  removeDb(file);
  copyFileSync(setup.file, file);
  return setup;
}

/** GB 11643: a valid 18-character resident id from a running number. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function residentId(n) {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const body = `330681${birth}${String(n % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i];
  return body + '10X98765432'[sum % 11];
}

const ratingOf = (level) => (level < 0.7 ? '5' : level < 0.88 ? '4' : level < 0.95 ? '3' : level < 0.98 ? '2' : '1');

/**
 * Writes the year's cases as a `hall cases import` CSV: accepted on every working day in
 * date order, over all eight catalog items and 20 windows (70 % at the item's own window,
 * the rest at a 综合 window); 1.5 % 不予受理, 1.5 % 撤回, 3 % never concluded (half of them
 * in an open 补正 pause), 12 % of the time-limited cases paused for 1–5 working days,
 * about a third late or still open, 4 % 不予许可. Returns what it wrote: row counts by
 * kind and by month of 受理时间 (the busiest month is found from these).
 */
async function writeCases(file, size, days, shape) {
  const iso = shape === 'iso';
  const rnd = random(20261123 + size);
  const int = (n) => Math.floor(rnd() * n);
  const lastIndex = days.findLastIndex((day) => day <= LAST_DAY);
  const dayCount = lastIndex + 1;
  // The iso shape draws its seconds and extra ratings from a second generator, so both shapes hold the same cases.
  const extra = random(424242 + size);
  const sep = iso ? 'T' : ' ';
  const at = (index, from, to) =>
    `${days[index]}${sep}${pad(from + int(to - from + 1))}:${pad(int(60))}${iso ? `:${pad(Math.floor(extra() * 60))}+08:00` : ''}`;
  const fixed = (index, hhmm) => `${days[index]}${sep}${hhmm}${iso ? ':00+08:00' : ''}`;
  const cumulative = [];
  let sum = 0;
  for (const item of ITEMS) {
    sum += item.share;
    cumulative.push(sum);
  }
  const stats = { shape, cases: size, parts: 0, combined: 0, refused: 0, withdrawn: 0, open: 0, rated: 0, months: {} };
  const seqOfDay = new Map();
  const stream = createWriteStream(file);
  stream.write(`${iso ? '办件编号,' : ''}事项编码,申请人,证件号码,受理窗口,受理时间,办结时间,办理结果,评价,暂停开始,暂停结束,一件事编码,联办编号\n`);
  let group = null;
  for (let k = 0; k < size; k++) {
    const i = Math.floor((k * dayCount) / size);
    const slot = k % GROUP_EVERY;
    // A group's rows share the applicant, the acceptance time and the day; each part is at its item's window.
    if (slot === 0 && k + GROUP_SIZE <= size) {
      group = { bundle: BUNDLES[int(BUNDLES.length)], first: k, accepted: at(i, 9, 11) };
      stats.combined++;
    }
    const part = group !== null && slot < GROUP_SIZE && k - group.first === slot ? group : null;
    const pick = rnd() * sum;
    const item = part ? ITEMS.find((entry) => entry.code === part.bundle.items[slot]) : (ITEMS[cumulative.findIndex((edge) => pick < edge)] ?? ITEMS[0]);
    const window = !part && (item.noWindow || rnd() < 0.3) ? GENERAL_WINDOWS[int(GENERAL_WINDOWS.length)] : ITEM_WINDOWS[item.code];
    const accepted = part ? part.accepted : at(i, 9, 11);
    let concluded = '';
    let outcome = '';
    let rating = '';
    let pauseFrom = '';
    let pauseTo = '';
    // A combined case's parts are accepted together: none of them is 不予受理.
    const r = part ? 0.015 + rnd() * 0.985 : rnd();
    if (r < 0.015) outcome = '不予受理';
    else if (r < 0.03) {
      const j = i + 1 + int(5);
      if (j <= lastIndex) [concluded, outcome] = [at(j, 10, 16), '撤回'];
    } else if (r < 0.06) {
      if (rnd() < 0.5 && i + 1 <= lastIndex) pauseFrom = fixed(i + 1, '10:00');
    } else {
      let pause = null;
      if (item.days > 0 && rnd() < 0.12) {
        const from = i + 1;
        pause = { from, to: from + 1 + int(5) };
      }
      const shift = pause ? pause.to - i : 0;
      let j;
      if (item.days === 0) j = rnd() < 0.85 ? i : i + 1 + int(3);
      else if (rnd() < 0.4) j = i + item.days + shift + 1 + int(10);
      else j = i + shift + int(item.days + 1);
      if (pause && pause.from <= lastIndex) {
        pauseFrom = fixed(pause.from, '10:00');
        if (pause.to <= lastIndex) pauseTo = fixed(pause.to, '09:30');
      }
      if (j <= lastIndex && (pause === null || pauseTo !== '')) {
        concluded = j === i ? at(j, 14, 16) : at(j, 10, 16);
        outcome = rnd() < 0.04 ? '不予许可' : '准予';
        if (rnd() < 0.7) rating = ratingOf(rnd());
      }
    }
    const applicant = part ? `申请人${part.first + 1}` : `申请人${k + 1}`;
    const combined = part ? `${part.bundle.code},L${part.first + 1}` : ',';
    let number = '';
    let id = '';
    if (iso) {
      const day = accepted.slice(0, 10).replaceAll('-', '');
      const seq = (seqOfDay.get(day) ?? 0) + 1;
      seqOfDay.set(day, seq);
      number = `${day}-${String(seq).padStart(4, '0')},`;
      id = residentId(part ? part.first : k);
      if (rating === '' && outcome !== '不予受理') rating = ratingOf(extra());
    }
    if (part) stats.parts++;
    if (outcome === '不予受理') stats.refused++;
    else if (outcome === '撤回') stats.withdrawn++;
    else if (concluded === '') stats.open++;
    if (rating !== '') stats.rated++;
    const month = accepted.slice(0, 7);
    stats.months[month] = (stats.months[month] ?? 0) + 1;
    const line = `${number}${item.code},${applicant},${id},${window},${accepted},${concluded},${outcome},${rating},${pauseFrom},${pauseTo},${combined}\n`;
    if (!stream.write(line)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  await new Promise((resolve) => stream.end(resolve));
  return stats;
}

/**
 * The CSV of `size` cases in `shape` (bench/out/cases-SHAPE-SIZE.csv), reused while the
 * generator and the calendar are the same; returns its path, what it holds and how long it
 * took to write (its first writing, when cached).
 */
export async function casesCsv(size, shape = 'bench') {
  const { workingDays: days } = setupDatabase();
  const file = join(out, `cases-${shape}-${size}.csv`);
  const metaFile = `${file}.json`;
  const calendar = createHash('sha256').update(days.join(',')).digest('hex').slice(0, 12);
  const meta = readJson(metaFile);
  if (meta?.generator === GENERATOR && meta.calendar === calendar && existsSync(file) && statSync(file).size === meta.bytes) {
    return { file, stats: meta.stats, seconds: meta.seconds, cached: true };
  }
  rmSync(metaFile, { force: true });
  const started = process.hrtime.bigint();
  const stats = await writeCases(file, size, days, shape);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  writeFileSync(metaFile, `${JSON.stringify({ generator: GENERATOR, calendar, bytes: statSync(file).size, seconds, stats })}\n`);
  return { file, stats, seconds, cached: false };
}

/** Complaints (one per 2,000 cases) and window records (two per window and month): plain INSERTs, as the benches only need rows to count. */
function addRecords(db, size, days) {
  const rnd = random(7 + size);
  const int = (n) => Math.floor(rnd() * n);
  const windows = db.prepare('SELECT id FROM windows ORDER BY id').pluck().all();
  const upTo = days.filter((day) => day <= LAST_DAY);
  const complaint = db.prepare(
    `INSERT INTO complaints (window_id, case_id, channel, received_date, summary, status, substantiated, closed_at, operator)
     VALUES (?, NULL, '12345热线', ?, '服务态度', ?, ?, ?, 'bench')`,
  );
  const record = db.prepare(`INSERT INTO window_records (window_id, date, kind, points, reason, operator, created_at) VALUES (?, ?, ?, ?, '巡查', 'bench', ?)`);
  db.transaction(() => {
    for (let n = 0; n < Math.max(10, Math.round(size / 2000)); n++) {
      const day = upTo[int(upTo.length)];
      const closed = rnd() < 0.8;
      complaint.run(
        windows[int(windows.length)],
        day,
        closed ? 'closed' : 'open',
        closed ? Number(rnd() < 0.35) : null,
        closed ? `${day}T16:00:00+08:00` : null,
      );
    }
    for (const window of windows) {
      for (let month = 1; month <= 11; month++) {
        for (let n = 0; n < 2; n++) {
          const day = `2026-${pad(month)}-${pad(1 + int(month === 11 ? 20 : 28))}`;
          record.run(window, day, rnd() < 0.6 ? 'deduction' : 'commendation', 1 + int(2), `${day}T12:00:00+08:00`);
        }
      }
    }
  })();
}

export const reportDatabasePath = (size) => join(out, `report-${size}.db`);
/** The sidecar of the cached report database of `size` cases when it is current, else null. */
export function currentReportMeta(size) {
  const file = reportDatabasePath(size);
  const meta = readJson(`${file}.json`);
  return meta?.generator === GENERATOR && meta.fingerprint === fingerprint().key && existsSync(file) ? meta : null;
}

/**
 * The report database of `size` cases (bench/out/report-SIZE.db): the set-up database,
 * one `hall cases import` of the bench-shape CSV at NOW, then complaints and window
 * records — the cached one while its fingerprint and generator are current, else a new
 * one. Nothing runs ANALYZE or VACUUM: the planner and the pages are as hall leaves them.
 */
export async function reportDatabase(size) {
  const file = reportDatabasePath(size);
  const meta = currentReportMeta(size);
  if (meta) return { file, meta, cached: true };
  removeDb(file);
  const setup = copySetup(file);
  const csv = await casesCsv(size, 'bench');
  // Progress on stderr: the benches' stdout is what BENCHMARKS.md carries.
  process.stderr.write(`  importing ${size.toLocaleString('en')} cases … `);
  const started = process.hrtime.bigint();
  hallSync(['--db', file, 'cases', 'import', csv.file], NOW);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.error(`${seconds.toFixed(1)} s`);
  return { file, meta: finishReportDatabase(file, size, { setup_s: setup.seconds, csv_s: csv.seconds, import_s: seconds }, csv.stats), cached: false };
}

/**
 * Makes `file`, a copy of the set-up database into which the bench-shape CSV of `size`
 * rows was just imported at NOW, the report database of that size (moved there):
 * import-shapes.mjs hands over its last import this way, so a full `npm run bench` imports
 * the million once less.
 */
export function finishReportDatabase(file, size, times, stats) {
  const started = process.hrtime.bigint();
  const db = new Database(file);
  addRecords(db, size, setupDatabase().workingDays);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const records = Number(process.hrtime.bigint() - started) / 1e9;
  const target = reportDatabasePath(size);
  if (file !== target) {
    removeDb(target);
    renameSync(file, target);
  }
  const generate = { ...times, records_s: records };
  generate.total_s = Object.values(generate).reduce((a, b) => a + b, 0);
  const meta = { generator: GENERATOR, fingerprint: fingerprint().key, ...stats, mb: statSync(target).size / 1e6, generate_seconds: generate };
  writeFileSync(`${target}.json`, `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

/**
 * The space of a database by object (`dbstat`: every table and index, its pages' bytes),
 * after folding the WAL in. Not VACUUMed: the file as hall and the benches left it, free
 * pages counted apart.
 */
export function databaseSpace(file) {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true });
  const pageCount = db.pragma('page_count', { simple: true });
  const freePages = db.pragma('freelist_count', { simple: true });
  const owners = new Map(
    db
      .prepare('SELECT name, type, tbl_name AS tbl FROM sqlite_schema')
      .all()
      .map((row) => [row.name, row]),
  );
  const objects = db
    .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name')
    .all()
    .map((row) => {
      const owner = owners.get(row.name);
      // sqlite_schema itself is not listed in itself; autoindexes are (type index, tbl_name their table).
      return { name: row.name, bytes: row.bytes, type: owner?.type ?? 'table', table: owner?.tbl ?? row.name };
    });
  db.close();
  return { fileBytes: pageSize * pageCount, pageSize, pageCount, freePages, objects };
}

/**
 * Wall time and peak RSS of one child, from the kernel's accounting of it (GNU time's %M),
 * as case-import.mjs measures; and its CPU time (user + system), which other work on a
 * shared machine disturbs much less than the wall time.
 */
export function measure(command, args, env = process.env) {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M %U %S', command, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) return { error: (result.stderr || result.stdout || `exit ${result.status}`).trim().split('\n').slice(-2).join(' ') };
  const [kb, user, system] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, rssMb: kb / 1024, cpuSeconds: user + system, stdout: result.stdout };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
export const mark = (ok) => (ok ? '✅' : '❌');

const perCase = (bytes, cases) => bytes / cases;
const fmt = (value) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
/** The calendar's objects: a fixed few MB whatever the number of cases (2024–2026 and beyond, day by day). */
const isCalendar = (object) => object.table.startsWith('calendar');

/**
 * A Markdown table of bytes per case by object, one column per database (`{ label, cases,
 * space }`, space from databaseSpace): every object of at least 1 B a case in the last
 * column, each index under its table, the rest summed; then the free pages and the file.
 * `bar` (bytes a case) is judged on the last column's file.
 */
export function spaceTable(columns, bar) {
  const last = columns.at(-1);
  const bytesOf = (column, name) => column.space.objects.find((object) => object.name === name)?.bytes ?? 0;
  const groups = new Map();
  for (const object of last.space.objects) {
    if (!groups.has(object.table)) groups.set(object.table, []);
    groups.get(object.table).push(object);
  }
  const groupBytes = (objects) => objects.reduce((sum, object) => sum + object.bytes, 0);
  const order = [...groups.values()].sort((a, b) => groupBytes(b) - groupBytes(a));
  const lines = [
    `| object | kind | ${columns.map((column) => `${column.label} (B/case)`).join(' | ')} | MB, ${last.label} |`,
    `|---|---|${columns.map(() => '---:|').join('')}---:|`,
  ];
  const shown = new Set();
  for (const objects of order) {
    objects.sort((a, b) => (a.type === 'table' ? -1 : b.type === 'table' ? 1 : b.bytes - a.bytes));
    for (const object of objects) {
      if (perCase(object.bytes, last.cases) < 1) continue;
      shown.add(object.name);
      const kind = object.type === 'index' ? `index on ${object.table}` : object.type;
      const cells = columns.map((column) => fmt(perCase(bytesOf(column, object.name), column.cases)));
      lines.push(`| ${object.name} | ${kind} | ${cells.join(' | ')} | ${(object.bytes / 1e6).toFixed(1)} |`);
    }
  }
  const rest = (column) => column.space.objects.filter((object) => !shown.has(object.name));
  const restCount = rest(last).length;
  const row = (label, bytes, bold = false) => {
    const cells = columns.map((column) => fmt(perCase(bytes(column), column.cases)));
    const b = (text) => (bold ? `**${text}**` : text);
    return `| ${b(label[0])} | ${label[1]} | ${cells.map(b).join(' | ')} | ${b((bytes(last) / 1e6).toFixed(1))} |`;
  };
  if (restCount > 0) lines.push(row([`the other ${restCount} objects`, 'under 1 B/case each'], (column) => groupBytes(rest(column))));
  lines.push(row(['all objects (dbstat)', ''], (column) => groupBytes(column.space.objects)));
  lines.push(row(['free pages', 'not VACUUMed'], (column) => column.space.freePages * column.space.pageSize));
  lines.push(row(['file', 'page_count × page_size'], (column) => column.space.fileBytes, true));
  const calendar = groupBytes(last.space.objects.filter(isCalendar));
  const verdict =
    bar === undefined
      ? ''
      : `${last.label}: ${fmt(perCase(last.space.fileBytes, last.cases))} B a case (file ÷ cases) against the bar of ≤ ${bar} B: ${mark(perCase(last.space.fileBytes, last.cases) <= bar)}. `;
  return `${lines.join('\n')}\n\n${verdict}Of that, the calendar's objects (${(calendar / 1e6).toFixed(1)} MB whatever the number of cases) are ${fmt(perCase(calendar, last.cases))} B a case at ${last.cases.toLocaleString('en')} cases.`;
}

/**
 * Median wall time of `runs` runs of hall after one warm-up, stdout to a file as `> pack.json`
 * would; each run must print as many bytes as the warm-up (a run that fails or differs is
 * an error, not a time). Returns the warm-up's stdout for the checks.
 */
export function timeHall(args, runs) {
  const env = { ...process.env, HALL_NOW: NOW, HALL_OPERATOR: 'bench' };
  const warm = spawnSync(process.execPath, [hall, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (warm.status !== 0) return { error: (warm.stderr || `exit ${warm.status}`).trim().split('\n').slice(-2).join(' ') };
  const sink = join(out, 'time-hall.out');
  const times = [];
  const cpu = [];
  for (let n = 0; n < runs; n++) {
    const output = openSync(sink, 'w');
    const started = process.hrtime.bigint();
    // Under GNU time for the child's CPU time (user + system, the report's worker included), which other work disturbs less than the wall time.
    const result = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, hall, ...args], { env, stdio: ['ignore', output, 'pipe'] });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
    closeSync(output);
    if (result.status !== 0 || statSync(sink).size !== Buffer.byteLength(warm.stdout)) {
      return {
        error: result.status !== 0 ? String(result.stderr).trim() : `printed ${statSync(sink).size} bytes, the warm-up ${Buffer.byteLength(warm.stdout)}`,
      };
    }
    const [user, system] = String(result.stderr).trim().split('\n').pop().split(' ').map(Number);
    cpu.push(user + system);
  }
  rmSync(sink, { force: true });
  return { seconds: median(times), min: Math.min(...times), max: Math.max(...times), cpuSeconds: median(cpu), output: warm.stdout };
}
