/**
 * `hall export cases` (SPEC §7.6) driven through hall on a real database: the Hive
 * partitions, every column's value and Parquet type read back with hyparquet, masked ids,
 * the CSV and JSON-lines forms, the incremental runs, and every refusal with nothing written.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../src/core/case-export.js';
import { fixture, hall, tempDir } from './helpers.js';

const SEPT = { HALL_NOW: '2025-09-10T09:00:00+08:00' };
const SEPT_LATER = { HALL_NOW: '2025-09-12T15:20:00+08:00' };
const OCT = { HALL_NOW: '2025-10-15T10:00:00+08:00' };
const OCT_LATER = { HALL_NOW: '2025-10-16T11:00:00+08:00' };
const CODE = '330681';
const RESIDENT_ID = '11010519491231002X';

/** A directory that lasts the file (helpers' tempDir is removed after each test, and a beforeAll's database outlives one). */
const kept: string[] = [];
afterAll(() => {
  for (const dir of kept) rmSync(dir, { recursive: true, force: true });
});
function keptDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hall-export-'));
  kept.push(dir);
  return dir;
}

async function step(db: string, args: string[], env: Record<string, string>): Promise<string> {
  const result = await hall(db, args, env);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

async function register(db: string, applicant: string, env: Record<string, string>, extra: string[] = []): Promise<string> {
  const out = await step(db, ['case', 'register', '--item', 'XK10001000', '--applicant', applicant, '--format', 'json', ...extra], env);
  return (JSON.parse(out) as { number: string }).number;
}

interface Built {
  db: string;
  concluded: string;
  rated: string;
  open: string;
  paused: string;
}

/**
 * Two months: in September a case concluded and rated 5 (with a resident ID), one rated 1
 * while open (its review open), one refused and one voided (neither exported); in October
 * one open (its applicant a formula) and one paused.
 */
async function build(withCode = true): Promise<Built> {
  const db = join(keptDir(), 'hall.db');
  await step(db, ['init', '--center', '测试中心', ...(withCode ? ['--center-code', CODE] : [])], SEPT);
  await step(db, ['items', 'import', fixture('catalog-gb18030.csv')], SEPT);
  const concluded = await register(db, '张三', SEPT, ['--applicant-id', RESIDENT_ID]);
  const rated = await register(db, '李四', SEPT);
  await step(db, ['case', 'refuse', '--item', 'XK10001000', '--applicant', '王五', '--reason', '材料不齐'], SEPT);
  const voided = await register(db, '赵六', SEPT);
  await step(db, ['case', 'void', voided, '--reason', '重复登记'], SEPT);
  await step(db, ['case', 'conclude', concluded, '--outcome', 'approved'], SEPT_LATER);
  await step(db, ['case', 'rate', concluded, '--level', '5'], SEPT_LATER);
  await step(db, ['case', 'rate', rated, '--level', '1'], SEPT_LATER);
  const open = await register(db, '=1+1', OCT);
  const paused = await register(db, '周八', OCT);
  await step(db, ['case', 'supplement', paused, '--materials', '营业执照'], OCT);
  return { db, concluded, rated, open, paused };
}

const partition = (out: string, month: string, extension = 'parquet') => join(out, `center=${CODE}`, `month=${month}`, `cases.${extension}`);

async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  return (await parquetReadObjects({ file: await asyncBufferFromFile(path) })) as Record<string, unknown>[];
}

function watermarks(db: string): number {
  const handle = new BetterSqlite3(db, { readonly: true });
  try {
    return handle.prepare('SELECT count(*) FROM export_watermarks').pluck().get() as number;
  } finally {
    handle.close();
  }
}

function lastEventId(db: string, number: string): number {
  const handle = new BetterSqlite3(db, { readonly: true });
  try {
    return handle.prepare('SELECT max(ev.id) FROM case_events ev JOIN cases c ON c.id = ev.case_id WHERE c.number = ?').pluck().get(number) as number;
  } finally {
    handle.close();
  }
}

/** Every file under a directory with its inode and modification time: a rewrite renames a new file in. */
function snapshot(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const stats = statSync(full);
      if (stats.isDirectory()) walk(full);
      else files.set(full.slice(directory.length), `${stats.ino}:${stats.mtimeMs}`);
    }
  };
  // /proc is read-only for all and walks into processes: nothing there is hall's.
  if (existsSync(directory) && statSync(directory).isDirectory() && directory !== '/proc') walk(directory);
  return files;
}

describe('the export of two months', () => {
  let built: Built;
  let out: string;

  beforeAll(async () => {
    built = await build();
    out = join(keptDir(), 'export');
    const result = await hall(built.db, ['export', 'cases', '--out', out], OCT_LATER, true);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 个月份（2025-09、2025-10），共 4 件');
  });

  it('writes one Hive partition per month of acceptance, refused and voided cases left out', async () => {
    expect(readdirSync(out)).toEqual([`center=${CODE}`]);
    expect(readdirSync(join(out, `center=${CODE}`)).sort()).toEqual(['month=2025-09', 'month=2025-10']);
    expect(readdirSync(join(out, `center=${CODE}`, 'month=2025-09'))).toEqual(['cases.parquet']);
    expect((await readParquet(partition(out, '2025-09'))).map((row) => row.number)).toEqual([built.concluded, built.rated]);
    expect((await readParquet(partition(out, '2025-10'))).map((row) => row.number)).toEqual([built.open, built.paused]);
  });

  it('types every column so an engine needs no schema: DATE, TIMESTAMP (UTC), INT32, INT64, BOOLEAN, UTF8', async () => {
    const { schema } = await parquetMetadataAsync(await asyncBufferFromFile(partition(out, '2025-09')));
    const byName = new Map(schema.slice(1).map((element) => [element.name, element]));
    expect([...byName.keys()]).toEqual(EXPORT_COLUMNS.map((column) => column.name));
    expect(byName.get('number')).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' });
    expect(byName.get('deadline')).toMatchObject({ type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } });
    expect(byName.get('accepted_at')).toMatchObject({
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    });
    expect(byName.get('concluded_at')).toMatchObject({ type: 'INT64', repetition_type: 'OPTIONAL' });
    expect(byName.get('days_used')).toMatchObject({ type: 'INT32' });
    expect(byName.get('evaluation_level')).toMatchObject({ type: 'INT32' });
    expect(byName.get('fee_fen')).toMatchObject({ type: 'INT64', repetition_type: 'REQUIRED' });
    expect(byName.get('last_event_id')).toMatchObject({ type: 'INT64' });
    for (const flag of ['on_time', 'same_day', 'on_site']) expect(byName.get(flag)).toMatchObject({ type: 'BOOLEAN' });
  });

  it("carries each column's value as the case's JSON has it", async () => {
    const shown = JSON.parse(await step(built.db, ['case', 'show', built.concluded, '--format', 'json'], OCT_LATER));
    const [row] = await readParquet(partition(out, '2025-09'));
    expect(row).toEqual({
      center_code: CODE,
      number: built.concluded,
      combined: null,
      item: 'XK10001000',
      item_name: shown.item_name,
      item_type: '行政许可',
      department: '市场监管局',
      window: shown.window,
      channel: 'window',
      applicant: '张三',
      applicant_id: '110105********002X',
      state: 'concluded',
      outcome: 'approved',
      accepted_at: new Date('2025-09-10T09:00:00+08:00'),
      deadline: new Date(`${shown.deadline}T00:00:00Z`),
      legal_deadline: new Date(`${shown.legal_deadline}T00:00:00Z`),
      concluded_at: new Date('2025-09-12T15:20:00+08:00'),
      days_used: shown.days_used,
      on_time: true,
      same_day: false,
      on_site: shown.on_site,
      fee_fen: BigInt(shown.fee_fen),
      evaluation_level: 5,
      review_state: null,
      last_event_id: BigInt(lastEventId(built.db, built.concluded)),
    });
    expect(shown.days_used).toBe(2);
  });

  it('leaves null what would go stale without an event: the days of a running case, the deadlines of a paused one', async () => {
    const [, rated] = await readParquet(partition(out, '2025-09'));
    expect(rated).toMatchObject({ state: 'open', evaluation_level: 1, review_state: 'open', days_used: null, on_time: null, same_day: null });
    expect(rated!.deadline).toBeInstanceOf(Date);
    const [open, paused] = await readParquet(partition(out, '2025-10'));
    expect(open).toMatchObject({ applicant: '=1+1', state: 'open', outcome: null, concluded_at: null, applicant_id: null });
    expect(paused).toMatchObject({ state: 'paused', deadline: null, legal_deadline: null, days_used: null, on_time: null });
  });

  it('writes the whole ID only with --show-pii', async () => {
    const pii = join(tempDir(), 'pii');
    expect((await hall(built.db, ['export', 'cases', '--out', pii, '--show-pii'], OCT_LATER)).code).toBe(0);
    expect((await readParquet(partition(pii, '2025-09')))[0]!.applicant_id).toBe(RESIDENT_ID);
  });

  it('writes CSV as hall writes CSV: a BOM, the column names, CRLF, formulas guarded', async () => {
    const csvOut = join(tempDir(), 'csv');
    const result = await hall(built.db, ['export', 'cases', '--out', csvOut, '--format', 'csv'], OCT_LATER);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    const text = readFileSync(partition(csvOut, '2025-10', 'csv'), 'utf8');
    expect(text.startsWith(`\uFEFF${EXPORT_COLUMNS.map((column) => column.name).join(',')}\r\n`)).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`${CODE},${built.open},,XK10001000,`);
    expect(lines[1]).toContain(",'=1+1,,open,,2025-10-15T10:00:00+08:00,");
    const september = readFileSync(partition(csvOut, '2025-09', 'csv'), 'utf8');
    expect(september).toContain(',110105********002X,concluded,approved,2025-09-10T09:00:00+08:00,');
    expect(september).toContain(',true,false,');
  });

  it('writes JSON lines with the columns in order and JSON values', async () => {
    const jsonlOut = join(tempDir(), 'jsonl');
    expect((await hall(built.db, ['export', 'cases', '--out', jsonlOut, '--format', 'jsonl'], OCT_LATER)).code).toBe(0);
    const rows = readFileSync(partition(jsonlOut, '2025-09', 'jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0])).toEqual(EXPORT_COLUMNS.map((column) => column.name));
    expect(rows[0]).toMatchObject({
      number: built.concluded,
      on_time: true,
      fee_fen: 0,
      deadline: expect.stringMatching(/^2025-09-\d\d$/),
      evaluation_level: 5,
    });
    expect(rows[1]).toMatchObject({ number: built.rated, review_state: 'open', days_used: null });
  });
});

describe('incremental runs', () => {
  it('rewrite only what changed: nothing, then October, then a deleted month, then all with --full', async () => {
    const built = await build();
    const out = join(tempDir(), 'export');
    const run = async (env: Record<string, string>, extra: string[] = []) => {
      const result = await hall(built.db, ['export', 'cases', '--out', out, ...extra], env, true);
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    };
    await run(OCT_LATER);
    const first = snapshot(out);
    expect(first.size).toBe(2);

    expect(await run(OCT_LATER)).toContain('已是最新：2 个月份均无变化');
    expect(snapshot(out)).toEqual(first);

    // A new event on an October case: October is written again, September is not.
    await step(built.db, ['case', 'advance', built.open], OCT_LATER);
    expect(await run(OCT_LATER)).toContain('1 个月份（2025-10），共 2 件；1 个月份未变');
    const second = snapshot(out);
    expect(second.get(`/center=${CODE}/month=2025-09/cases.parquet`)).toBe(first.get(`/center=${CODE}/month=2025-09/cases.parquet`));
    expect(second.get(`/center=${CODE}/month=2025-10/cases.parquet`)).not.toBe(first.get(`/center=${CODE}/month=2025-10/cases.parquet`));

    // A month file deleted by hand is written again, and only it.
    rmSync(partition(out, '2025-09'));
    expect(await run(OCT_LATER)).toContain('1 个月份（2025-09）');
    const third = snapshot(out);
    expect(third.get(`/center=${CODE}/month=2025-10/cases.parquet`)).toBe(second.get(`/center=${CODE}/month=2025-10/cases.parquet`));
    expect((await readParquet(partition(out, '2025-09'))).length).toBe(2);

    expect(await run(OCT_LATER, ['--full'])).toContain('2 个月份（2025-09、2025-10）');
    const fourth = snapshot(out);
    for (const [file, stamp] of third) expect(fourth.get(file)).not.toBe(stamp);
    expect(watermarks(built.db)).toBe(1);
  });

  it('a review step (no event of its case) rewrites its month; a void removes the case from its month', async () => {
    const built = await build();
    const out = join(tempDir(), 'export');
    expect((await hall(built.db, ['export', 'cases', '--out', out], OCT_LATER)).code).toBe(0);
    await step(built.db, ['review', 'rectify', '1', '--note', '已约谈'], OCT_LATER);
    expect((await hall(built.db, ['export', 'cases', '--out', out], OCT_LATER)).code).toBe(0);
    expect((await readParquet(partition(out, '2025-09')))[1]).toMatchObject({ number: built.rated, review_state: 'rectified' });

    await step(built.db, ['case', 'void', built.paused, '--reason', '事项选错', '--force'], OCT_LATER);
    await step(built.db, ['case', 'void', built.open, '--reason', '重复登记', '--force'], OCT_LATER);
    const result = await hall(built.db, ['export', 'cases', '--out', out], OCT_LATER, true);
    expect(result.stdout).toContain('已删除不再有办件的月份：2025-10');
    expect(readdirSync(join(out, `center=${CODE}`))).toEqual(['month=2025-09']);
  });

  it('a run in another format replaces the month files rather than adding to them', async () => {
    const built = await build();
    const out = join(tempDir(), 'export');
    expect((await hall(built.db, ['export', 'cases', '--out', out], OCT_LATER)).code).toBe(0);
    expect((await hall(built.db, ['export', 'cases', '--out', out, '--format', 'csv'], OCT_LATER)).code).toBe(0);
    expect(readdirSync(join(out, `center=${CODE}`, 'month=2025-10'))).toEqual(['cases.csv']);
  });
});

describe('refusals, with nothing written', () => {
  let built: Built;
  beforeAll(async () => {
    built = await build();
  });

  const refused = async (db: string, out: string, extra: string[], code: number, says: string) => {
    const before = snapshot(out);
    const result = await hall(db, ['export', 'cases', '--out', out, ...extra], OCT_LATER);
    expect(result.stderr).toContain(says);
    expect(result.code, result.stderr).toBe(code);
    expect(snapshot(out)).toEqual(before);
    expect(watermarks(db)).toBe(0);
  };

  it('--out naming a file', async () => {
    const file = join(tempDir(), 'cases.parquet');
    writeFileSync(file, 'x');
    await refused(built.db, file, [], 1, `${file} 是一个文件；--out 要给出导出目录；未写入任何文件`);
  });

  it('a directory nothing can be written in', async () => {
    // Root writes through a directory's mode bits: /proc takes no file from anyone.
    await refused(built.db, '/proc', [], 1, '无法写入目录 /proc：没有写权限或只读');
    if (process.getuid?.() !== 0) {
      const locked = join(tempDir(), 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o555);
      await refused(built.db, locked, [], 1, '没有写权限或只读');
      chmodSync(locked, 0o755);
    }
  });

  it('a directory whose parent does not exist', async () => {
    await refused(built.db, join(tempDir(), 'no', 'such'), [], 1, '其上级目录不存在');
  });

  it("a directory holding another center's export", async () => {
    const out = tempDir();
    mkdirSync(join(out, 'center=330682', 'month=2025-09'), { recursive: true });
    await refused(built.db, out, [], 1, '里已有其他中心的导出（center=330682/），本中心代码为 330681，不能混放');
  });

  it('a center without a code, saying how to set one', async () => {
    const without = await build(false);
    await refused(without.db, join(tempDir(), 'export'), [], 1, '请先运行 hall init --center-code 代码');
  });

  it('a format the export does not write', async () => {
    const out = join(tempDir(), 'export');
    await refused(built.db, out, ['--format', 'json'], 1, '导出办件的格式只能是 parquet、csv、jsonl，不能是 json');
    await refused(built.db, out, ['--format', 'xml'], 2, 'xml');
  });

  it('no --out', async () => {
    const result = await hall(built.db, ['export', 'cases'], OCT_LATER);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('缺少 --out');
  });

  it('offers parquet and jsonl to the export only', async () => {
    const result = await hall(built.db, ['case', 'list', '--format', 'parquet'], OCT_LATER);
    expect(result.code).toBe(2);
  });
});
