/**
 * Frozen reports (SPEC §7.5), driven through hall on a real database: October frozen in
 * November, re-run unchanged and after a back-filled case, printed back byte for byte,
 * refrozen; a quarter's assessment; every refusal with the database unchanged; doctor
 * on a frozen report edited by hand. The diff itself (src/core/report-diff.ts) first.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { reportDigest } from '../src/core/canonical.js';
import { reportChanges } from '../src/core/report-diff.js';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

describe('reportChanges', () => {
  it('names list entries by their key, sorted by path, and ignores the run-only members', () => {
    const frozen = {
      generated_at: '2025-11-01T08:00:00+08:00',
      evaluated_at: '2025-10-31',
      digest: 'aaa',
      totals: { accepted: 3, rates: { on_time: 0.5 } },
      windows: [
        { code: 'W002', name: '出入境窗口', accepted: 1 },
        { code: 'W001', name: '市场监管窗口', accepted: 3 },
      ],
      departments: [{ name: '公安局', accepted: 1 }],
      types: [{ type: '行政许可', accepted: 4 }],
      fees: [{ item: 'XK1', window: 'W001', fees_fen: 100 }],
      overdue_cases: [{ number: '20251009-0001', days_over: 2 }],
    };
    const now = {
      generated_at: '2025-11-20T08:00:00+08:00',
      evaluated_at: '2025-10-31',
      digest: 'bbb',
      frozen: { at: 'x' },
      totals: { accepted: 4, rates: { on_time: 0.5 } },
      // The order of a list does not matter: entries are matched by key.
      windows: [
        { code: 'W001', name: '市场监管窗口', accepted: 4 },
        { code: 'W002', name: '出入境窗口', accepted: 1 },
      ],
      departments: [{ name: '公安局', accepted: 1 }],
      types: [{ type: '行政许可', accepted: 5 }],
      fees: [
        { item: 'XK1', window: 'W001', fees_fen: 100 },
        { item: 'XK2', window: null, fees_fen: 50 },
      ],
      overdue_cases: [],
    };
    expect(reportChanges(frozen, now)).toEqual([
      // An entry on one side only is one change, whole, against null.
      { path: 'fees.XK2/', frozen: null, now: { item: 'XK2', window: null, fees_fen: 50 } },
      { path: 'overdue_cases.20251009-0001', frozen: { number: '20251009-0001', days_over: 2 }, now: null },
      { path: 'totals.accepted', frozen: 3, now: 4 },
      { path: 'types.行政许可.accepted', frozen: 4, now: 5 },
      { path: 'windows.W001.accepted', frozen: 3, now: 4 },
    ]);
  });

  it('finds nothing in a report compared with itself, and a rate that became null', () => {
    const report = { windows: [{ code: 'W001', rates: { on_time: 1 } }], catalog: { entry_rate: 0.5 } };
    expect(reportChanges(report, structuredClone(report))).toEqual([]);
    expect(reportChanges(report, { ...report, catalog: { entry_rate: null } })).toEqual([{ path: 'catalog.entry_rate', frozen: 0.5, now: null }]);
    // Entries without a key of their own are named by position; a key met twice keeps both.
    expect(reportChanges({ list: [1, 2] }, { list: [1, 3] })).toEqual([{ path: 'list.1', frozen: 2, now: 3 }]);
    expect(
      reportChanges(
        {
          windows: [
            { code: 'W1', n: 1 },
            { code: 'W1', n: 2 },
          ],
        },
        {
          windows: [
            { code: 'W1', n: 1 },
            { code: 'W1', n: 5 },
          ],
        },
      ),
    ).toEqual([{ path: 'windows.W1#2.n', frozen: 2, now: 5 }]);
  });
});

let db: string;
const NOVEMBER = { HALL_NOW: '2025-11-05T09:00:00+08:00' };
const run = (args: string[], env = NOVEMBER) => hall(db, args, env);
const json = async (args: string[], env = NOVEMBER) => {
  const result = await run([...args, '--format', 'json'], env);
  expect(result.code, result.stderr).toBe(0);
  return { report: JSON.parse(result.stdout) as Record<string, unknown> & { frozen?: Frozen }, stdout: result.stdout, stderr: result.stderr };
};

interface Frozen {
  at: string;
  digest: string;
  differs: boolean;
  changes: { path: string; frozen: unknown; now: unknown }[];
}

function storedRows(): { kind: string; label: string; json: string; digest: string; frozen_at: string; operator: string }[] {
  const sql = new BetterSqlite3(db, { readonly: true });
  try {
    return sql.prepare('SELECT kind, label, json, digest, frozen_at, operator FROM frozen_reports ORDER BY id').all() as never;
  } finally {
    sql.close();
  }
}

/** W001 (市场监管窗口) accepts three cases in October and concludes one on time. */
beforeEach(async () => {
  db = await freshDb();
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')], { HALL_NOW: '2025-09-01T08:00:00+08:00' });
  for (const day of ['09', '13', '14']) {
    const result = await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '申请人'], { HALL_NOW: `2025-10-${day}T10:00:00+08:00` });
    expect(result.code, result.stderr).toBe(0);
  }
  await hall(db, ['case', 'conclude', '20251009-0001', '--outcome', 'approved'], { HALL_NOW: '2025-10-10T10:00:00+08:00' });
});

const windowOf = (report: Record<string, unknown>, code: string) => (report.windows as { code: string; accepted: number }[]).find((w) => w.code === code)!;

describe('freezing a month', () => {
  it('stores the report as printed, re-runs it quietly while unchanged, and names what a back-filled case changed', async () => {
    const frozen = await json(['report', 'monthly', '--month', '2025-10', '--freeze']);
    // The freezing run prints what it stores: no `frozen` member, its own digest.
    expect(frozen.report.frozen).toBeUndefined();
    expect(windowOf(frozen.report, 'W001').accepted).toBe(3);
    const [row] = storedRows();
    expect(row).toMatchObject({ kind: 'monthly', label: '2025-10', frozen_at: '2025-11-05T09:00:00+08:00', operator: 'tester' });
    expect(`${row!.json}\n`).toBe(frozen.stdout);
    expect(row!.digest).toBe(reportDigest(frozen.report));
    if ('digest' in frozen.report) expect(frozen.report.digest).toBe(row!.digest);

    // A re-run a week later: computed afresh, the same figures, nothing said.
    const later = { HALL_NOW: '2025-11-12T09:00:00+08:00' };
    const same = await json(['report', 'monthly', '--month', '2025-10'], later);
    expect(same.stderr).toBe('');
    expect(same.report.frozen).toEqual({ at: '2025-11-05T09:00:00+08:00', digest: row!.digest, differs: false, changes: [] });
    if ('digest' in same.report) expect(same.report.digest).toBe(reportDigest(same.report));
    const table = await run(['report', 'monthly', '--month', '2025-10'], later);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('');

    // A case back-filled into October.
    const backfill = await run(['case', 'register', '--item', 'XK10001000', '--applicant', '补录', '--at', '2025-10-20 10:00'], later);
    expect(backfill.code, backfill.stderr).toBe(0);
    const changed = await run(['report', 'monthly', '--month', '2025-10', '--format', 'json'], later);
    expect(changed.code, changed.stderr).toBe(0);
    const report = JSON.parse(changed.stdout) as { frozen: Frozen; digest?: string };
    expect(report.frozen.differs).toBe(true);
    expect(report.frozen.digest).toBe(row!.digest);
    expect(report.frozen.changes).toContainEqual({ path: 'windows.W001.accepted', frozen: 3, now: 4 });
    expect(report.frozen.changes).toContainEqual({ path: 'totals.accepted', frozen: 3, now: 4 });
    const paths = report.frozen.changes.map((change) => change.path);
    expect(paths).toEqual([...paths].sort());
    expect(paths.some((path) => /generated_at|evaluated_at|digest/.test(path))).toBe(false);
    // The re-run's digest covers `frozen` too.
    if (report.digest !== undefined) expect(report.digest).toBe(reportDigest(report as never));
    expect(changed.stderr).toContain('2025-10 的月度统计已于 2025-11-05 09:00 封存，现在重算有');
    expect(changed.stderr).toContain('\n  overdue_cases.20251020-0001: null → {"number":"20251020-0001"');
    expect(report.frozen.changes).toContainEqual(expect.objectContaining({ path: 'overdue_cases.20251020-0001', frozen: null }));
    expect(changed.stderr).toContain('\n  totals.accepted: 3 → 4');
    expect(changed.stderr).toContain('--refreeze');

    // In English, and in a table: the warning after the report, exit 0.
    const english = await run(['--lang', 'en', 'report', 'monthly', '--month', '2025-10'], later);
    expect(english.code).toBe(0);
    expect(english.stdout).not.toBe('');
    expect(english.stderr).toContain('the monthly pack of 2025-10 was frozen at 2025-11-05 09:00; computed now,');
    expect(english.stderr).toContain('totals.accepted: 3 → 4');

    // --frozen prints the stored report, byte for byte, its digest still valid.
    const printed = await run(['report', 'monthly', '--month', '2025-10', '--frozen', '--format', 'json'], later);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toBe(`${row!.json}\n`);
    expect(reportDigest(JSON.parse(printed.stdout))).toBe(row!.digest);
    // …laid out as the report's tables too: W001 with its three cases of the time.
    const frozenTable = await run(['report', 'monthly', '--month', '2025-10', '--frozen', '--section', 'windows', '--format', 'csv'], later);
    expect(frozenTable.code, frozenTable.stderr).toBe(0);
    expect(frozenTable.stdout).toMatch(/W001,[^\n]*,3,/);

    // --refreeze replaces it with today's figures; a re-run then says nothing.
    const refrozen = await json(['report', 'monthly', '--month', '2025-10', '--refreeze'], later);
    expect(windowOf(refrozen.report, 'W001').accepted).toBe(4);
    const rows = storedRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.frozen_at).toBe('2025-11-12T09:00:00+08:00');
    expect(`${rows[0]!.json}\n`).toBe(refrozen.stdout);
    const quiet = await json(['report', 'monthly', '--month', '2025-10'], later);
    expect(quiet.stderr).toBe('');
    expect(quiet.report.frozen?.differs).toBe(false);
  });

  it('shows the first 20 changed figures and how many more', async () => {
    await json(['report', 'monthly', '--month', '2025-10', '--freeze']);
    // Four more items, windows and departments: every figure of each new entry is a change.
    for (const item of ['XK10003000', 'QT10002000', 'XK10001001']) {
      await run(['case', 'register', '--item', item, '--applicant', '补录', '--at', '2025-10-21 10:00']);
    }
    const result = await run(['report', 'monthly', '--month', '2025-10', '--format', 'json']);
    const { changes } = (JSON.parse(result.stdout) as { frozen: Frozen }).frozen;
    expect(changes.length).toBeGreaterThan(20);
    expect(result.stderr.match(/\n {2}\S+: .* → /g)).toHaveLength(20);
    expect(result.stderr).toContain(`另有 ${changes.length - 20} 项`);
  });

  it('freezes while writing the pack to a directory, the file being the stored JSON', async () => {
    const dir = join(tempDir(), '报表');
    const result = await run(['report', 'monthly', '--month', '2025-10', '--freeze', '--format', 'json', '--out', `${dir}/`]);
    expect(result.code, result.stderr).toBe(0);
    const [file] = readdirSync(dir);
    expect(readFileSync(join(dir, file!), 'utf8')).toBe(`${storedRows()[0]!.json}\n`);
  });

  it('freezes a quarter of the assessment, and names a window that changed', async () => {
    const frozen = await json(['report', 'assessment', '--quarter', '2025Q3', '--freeze']);
    expect(frozen.report.frozen).toBeUndefined();
    expect(storedRows()).toMatchObject([{ kind: 'assessment', label: '2025Q3' }]);
    expect((await json(['report', 'assessment', '--quarter', '2025Q3'])).report.frozen?.differs).toBe(false);
    // A monthly pack of the same months is not frozen by it.
    expect((await json(['report', 'monthly', '--month', '2025-09'])).report.frozen).toBeUndefined();
    // A September case back-filled, still open and overdue at the quarter's end.
    const backfill = await run(['case', 'register', '--item', 'XK10001000', '--applicant', '补录', '--at', '2025-09-15 10:00']);
    expect(backfill.code, backfill.stderr).toBe(0);
    const changed = await json(['report', 'assessment', '--quarter', '2025Q3']);
    expect(changed.report.frozen?.changes).toContainEqual({ path: 'windows.W001.overdue_open', frozen: 0, now: 1 });
    expect(changed.stderr).toContain('2025Q3 的窗口考核已于 2025-11-05 09:00 封存');
    expect(changed.stderr).toContain('windows.W001.overdue_open: 0 → 1');
    expect(changed.stderr).toContain('hall report assessment --quarter 2025Q3 --frozen');
    // A month of the assessment can be frozen on its own.
    expect((await run(['report', 'assessment', '--month', '2025-10', '--freeze', '--format', 'json'])).code).toBe(0);
  });

  it('lists the frozen reports as a table, JSON and CSV', async () => {
    expect((await run(['report', 'frozen'])).stdout).toContain('尚无封存的报表');
    expect((await json(['report', 'frozen'])).report).toEqual([]);
    await run(['report', 'monthly', '--month', '2025-10', '--freeze', '--format', 'json']);
    await run(['report', 'assessment', '--quarter', '2025Q3', '--freeze', '--format', 'json']);
    const [october, quarter] = storedRows();
    const listed = (await json(['report', 'frozen'])).report as unknown as Record<string, unknown>[];
    expect(listed).toEqual([
      {
        kind: 'assessment',
        label: '2025Q3',
        period: { from: '2025-07-01', to: '2025-09-30' },
        digest: quarter!.digest,
        frozen_at: '2025-11-05T09:00:00+08:00',
        operator: 'tester',
      },
      {
        kind: 'monthly',
        label: '2025-10',
        period: { from: '2025-10-01', to: '2025-10-31' },
        digest: october!.digest,
        frozen_at: '2025-11-05T09:00:00+08:00',
        operator: 'tester',
      },
    ]);
    const table = await run(['report', 'frozen']);
    expect(table.stdout).toContain('窗口考核');
    expect(table.stdout).toContain(october!.digest);
    // On an 80-column terminal the digest is shortened to fit.
    const narrow = await hall(db, ['report', 'frozen'], NOVEMBER, true);
    expect(narrow.stdout).not.toContain(october!.digest);
    expect(narrow.stdout).toContain(october!.digest.slice(0, 8));
    const csv = await run(['report', 'frozen', '--format', 'csv']);
    expect(csv.stdout).toContain(`monthly,2025-10,2025-10-01,2025-10-31,${october!.digest},2025-11-05T09:00:00+08:00,tester`);
  });
});

describe('refusals change nothing', () => {
  it.each([
    {
      name: 'freezing a month twice without --refreeze',
      args: ['report', 'monthly', '--month', '2025-10', '--freeze'],
      code: 1,
      says: '2025-10 的月度统计已于 2025-11-05 09:00 由 tester 封存，未作任何改动；要用现在的数据替换它请用 hall report monthly --month 2025-10 --refreeze',
    },
    {
      name: 'freezing the current month',
      args: ['report', 'monthly', '--month', 'this', '--freeze'],
      code: 1,
      says: '2025-11 还没有结束（最后一天 2025-11-30，今天 2025-11-05），其月度统计不能封存：只能封存已经过去的整月（--month）',
    },
    {
      name: 'freezing a quarter not ended',
      args: ['report', 'assessment', '--quarter', '2025Q4', '--freeze'],
      code: 1,
      says: '2025Q4 还没有结束（最后一天 2025-12-31，今天 2025-11-05），其窗口考核不能封存：只能封存已经过去的整月（--month）或整季（--quarter）',
    },
    {
      name: 'freezing a span of dates',
      args: ['report', 'monthly', '--from', '2025-10-01', '--to', '2025-10-15', '--freeze'],
      code: 1,
      says: '2025-10-01_2025-10-15 不是整月（--month），其月度统计不能封存',
    },
    {
      name: '--frozen when that month is not frozen',
      args: ['report', 'monthly', '--month', '2025-09', '--frozen'],
      code: 1,
      says: '2025-09 的月度统计没有封存；hall report frozen 列出已封存的报表，--freeze 封存',
    },
    {
      name: '--frozen with --refreeze',
      args: ['report', 'monthly', '--month', '2025-10', '--frozen', '--refreeze'],
      code: 2,
      says: '--frozen、--refreeze 只能选一个',
    },
    {
      name: '--frozen with a rubric',
      args: ['report', 'assessment', '--month', '2025-10', '--frozen', '--rubric', 'RUBRIC'],
      code: 2,
      says: '--frozen、--rubric 只能选一个',
    },
  ])('$name: exit $code', async ({ args, code, says }) => {
    await json(['report', 'monthly', '--month', '2025-10', '--freeze']);
    const rubric = join(tempDir(), 'rubric.json');
    writeFileSync(rubric, '{"on_time": 40}');
    const before = dump(db);
    const result = await run(args.map((arg) => (arg === 'RUBRIC' ? rubric : arg)));
    expect(result.stderr).toContain(says);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(dump(db)).toBe(before);
  });

  it('--frozen on a database where nothing is frozen', async () => {
    const before = dump(db);
    const result = await run(['--lang', 'en', 'report', 'monthly', '--month', '2025-10', '--frozen']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the monthly pack of 2025-10 is not frozen; hall report frozen lists the frozen reports');
    expect(dump(db)).toBe(before);
  });
});

describe('a frozen report edited by hand', () => {
  it('is named by doctor (exit 1) and refused by --frozen and a re-run, until refrozen', async () => {
    await json(['report', 'monthly', '--month', '2025-10', '--freeze']);
    const sql = new BetterSqlite3(db);
    sql.prepare(`UPDATE frozen_reports SET json = replace(json, '"accepted": 3', '"accepted": 2')`).run();
    sql.close();
    const doctor = await run(['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('封存报表（frozen_reports）');
    expect(doctor.stderr).toContain('数据库中封存报表 monthly 2025-10 的 frozen_reports.digest 值');
    expect(doctor.stderr).toContain('与存储的报表 JSON 不符（封存后被改动过）');
    expect(doctor.stderr).toContain('hall report monthly --month 2025-10 --refreeze');
    const doctorJson = JSON.parse((await run(['doctor', '--format', 'json'])).stdout) as { damage: { table: string; reason: string }[] };
    expect(doctorJson.damage).toContainEqual(expect.objectContaining({ table: 'frozen_reports', row: 'monthly 2025-10', reason: 'digest_mismatch' }));

    const before = dump(db);
    for (const args of [
      ['report', 'monthly', '--month', '2025-10', '--frozen'],
      ['report', 'monthly', '--month', '2025-10'],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('与存储的报表 JSON 不符');
    }
    expect(dump(db)).toBe(before);

    // JSON that no longer parses is named too.
    const broken = new BetterSqlite3(db);
    broken.prepare(`UPDATE frozen_reports SET json = '{"windows": ['`).run();
    broken.close();
    expect((await run(['doctor'])).stderr).toContain('frozen_reports.json 值 "{"windows": [" 不是有效的 JSON');

    expect((await run(['report', 'monthly', '--month', '2025-10', '--refreeze', '--format', 'json'])).code).toBe(0);
    expect((await run(['doctor'])).code).toBe(0);
  });
});
