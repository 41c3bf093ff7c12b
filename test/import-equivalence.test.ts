/**
 * The case import is a bulk path beside the commands, so it must write what they
 * write: one history, typed in command by command (in time order, cases interleaved,
 * as a hall's day goes) into one database and imported with `hall cases import` into
 * another, leaves the same rows — compared with SQL EXCEPT both ways over every column
 * of cases, case_events, case_pauses and evaluations.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CASE_IMPORT_COLUMNS, type CaseField } from '../src/core/case-row.js';
import { StorageFailure } from '../src/core/file-errors.js';
import { openCsv } from '../src/io/csv-source.js';
import { type ImportFile, openImport } from '../src/io/import-pipeline.js';
import { loadCalendar } from '../src/store/calendar.js';
import { importCases } from '../src/store/case-import.js';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

const tz = (local: string) => `${local.replace(' ', 'T')}:00+08:00`;

/** One case of the history: its CSV row and the commands a clerk would have typed for it, each at its time. */
interface HistoryCase {
  row: string;
  steps: [local: string, args: string[]][];
}

const HISTORY: HistoryCase[] = [
  {
    row: 'XK10001000,某某餐饮管理有限公司,91350100M000100Y43,,2025-09-15 09:12,2025-09-19 16:40,准予,,5,,',
    steps: [
      ['2025-09-15 09:12', ['case', 'register', '--item', 'XK10001000', '--applicant', '某某餐饮管理有限公司', '--applicant-id', '91350100M000100Y43']],
      ['2025-09-19 16:40', ['case', 'conclude', '20250915-0001', '--outcome', 'approved']],
      ['2025-09-19 16:40', ['case', 'rate', '20250915-0001', '--level', '5']],
    ],
  },
  {
    // A 补正 pause, a fee other than the item's.
    row: 'XK10003000,李四,11010519491231002X,,2025-09-15 10:03,2025-09-24 11:00,准予,60,4,2025-09-17 09:00,2025-09-18 15:00',
    steps: [
      ['2025-09-15 10:03', ['case', 'register', '--item', 'XK10003000', '--applicant', '李四', '--applicant-id', '11010519491231002X', '--fee', '60']],
      ['2025-09-17 09:00', ['case', 'supplement', '20250915-0002', '--materials', '补正（导入）']],
      ['2025-09-18 15:00', ['case', 'resume', '20250915-0002']],
      ['2025-09-24 11:00', ['case', 'conclude', '20250915-0002', '--outcome', 'approved']],
      ['2025-09-24 11:00', ['case', 'rate', '20250915-0002', '--level', '4']],
    ],
  },
  {
    // A 即办件 concluded the same day.
    row: 'QT10002000,王五,440304199001011233,,2025-09-16 14:20,2025-09-16 14:35,准予,,,,',
    steps: [
      ['2025-09-16 14:20', ['case', 'register', '--item', 'QT10002000', '--applicant', '王五', '--applicant-id', '440304199001011233']],
      ['2025-09-16 14:35', ['case', 'conclude', '20250916-0001', '--outcome', 'approved']],
    ],
  },
  {
    // Still open, on a limit in natural days.
    row: 'XK10004000,某某化工有限公司,,,2025-09-18 09:30,,,,,,',
    steps: [['2025-09-18 09:30', ['case', 'register', '--item', 'XK10004000', '--applicant', '某某化工有限公司']]],
  },
  {
    row: 'XK10001001,赵六,E12345678,,2025-09-19 09:00,2025-09-22 10:00,撤回,,,,',
    steps: [
      ['2025-09-19 09:00', ['case', 'register', '--item', 'XK10001001', '--applicant', '赵六', '--applicant-id', 'E12345678', '--id-type', 'other']],
      ['2025-09-22 10:00', ['case', 'withdraw', '20250919-0001']],
    ],
  },
  {
    // 不予受理: numbered on the day like any case, no clock, no fee.
    row: 'XK10001000,钱七,,,2025-09-19 11:00,,不予受理,,,,',
    steps: [['2025-09-19 11:00', ['case', 'refuse', '--item', 'XK10001000', '--applicant', '钱七', '--reason', '不予受理']]],
  },
  {
    // Accepted at a named window, paused, denied after the National Day holidays.
    row: 'QT10006000,孙八,,W001,2025-09-22 09:00,2025-10-09 17:00,不予许可,,2,2025-09-23 09:00,2025-09-26 09:00',
    steps: [
      ['2025-09-22 09:00', ['case', 'register', '--item', 'QT10006000', '--applicant', '孙八', '--window', 'W001']],
      ['2025-09-23 09:00', ['case', 'supplement', '20250922-0001', '--materials', '补正（导入）']],
      ['2025-09-26 09:00', ['case', 'resume', '20250922-0001']],
      ['2025-10-09 17:00', ['case', 'conclude', '20250922-0001', '--outcome', 'denied']],
      ['2025-10-09 17:00', ['case', 'rate', '20250922-0001', '--level', '2']],
    ],
  },
  {
    // Accepted after closing time, still waiting for the applicant's materials.
    row: 'XK10001000,周九,,,2025-09-30 17:45,,,,,2025-10-10 09:00,',
    steps: [
      ['2025-09-30 17:45', ['case', 'register', '--item', 'XK10001000', '--applicant', '周九']],
      ['2025-10-10 09:00', ['case', 'supplement', '20250930-0001', '--materials', '补正（导入）']],
    ],
  },
  {
    // Withdrawn while paused: the withdrawal ends the pause.
    row: 'XK10001000,吴十,,,2025-10-13 09:00,2025-10-15 10:00,撤回,,,2025-10-14 09:00,',
    steps: [
      ['2025-10-13 09:00', ['case', 'register', '--item', 'XK10001000', '--applicant', '吴十']],
      ['2025-10-14 09:00', ['case', 'supplement', '20251013-0001', '--materials', '补正（导入）']],
      ['2025-10-15 10:00', ['case', 'withdraw', '20251013-0001']],
    ],
  },
  {
    // Two cases of one day, the second one rated while still open (dated at its acceptance).
    row: 'XK10001000,郑一,,,2025-10-16 09:00,2025-10-17 09:30,准予,,,,',
    steps: [
      ['2025-10-16 09:00', ['case', 'register', '--item', 'XK10001000', '--applicant', '郑一']],
      ['2025-10-17 09:30', ['case', 'conclude', '20251016-0001', '--outcome', 'approved']],
    ],
  },
  {
    row: 'XK10004000,王二,,,2025-10-16 10:00,,,,3,,',
    steps: [
      ['2025-10-16 10:00', ['case', 'register', '--item', 'XK10004000', '--applicant', '王二']],
      ['2025-10-16 10:00', ['case', 'rate', '20251016-0002', '--level', '3']],
    ],
  },
];

const HEADER = '事项编码,申请人,证件号码,受理窗口,受理时间,办结时间,办理结果,收费金额,评价,暂停开始,暂停结束';

async function centerWithCatalog(): Promise<string> {
  const db = await freshDb();
  const imported = await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
  if (imported.code !== 0) throw new Error(imported.stderr);
  return db;
}

/**
 * Rows of both databases that the other lacks, by table. What legitimately differs is
 * left out, and each omission says why:
 * - `case_events.id`: the commands interleave the cases' steps in time order, the import
 *   writes each case's events together; the order within a case (by id) is compared.
 * - `details.imported`: the import marks each event it wrote (checked separately).
 * - `rate` events: the import records an evaluation in `evaluations` only, the history
 *   file having no rating time of its own; the rated evaluations are compared.
 */
function differences(commandsDb: string, importDb: string): Record<string, unknown[]> {
  const handle = new BetterSqlite3(commandsDb, { readonly: true });
  try {
    handle.prepare('ATTACH ? AS imported').run(importDb);
    const columns = (table: string) => (handle.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).join(', ');
    const events = (schema: string) =>
      `SELECT case_id, row_number() OVER (PARTITION BY case_id ORDER BY id) AS step, kind, at, date, minutes, operator, location,
              json_remove(details, '$.imported') AS details
         FROM ${schema}.case_events_text WHERE kind <> 'rate'`;
    // A case's lists by their text: each database numbers the pairs of lists as it meets them.
    const caseRows = (schema: string) =>
      `SELECT ${(handle.prepare(`SELECT name FROM pragma_table_info('cases') WHERE name <> 'lists_id'`).pluck().all() as string[]).map((name) => `c.${name}`).join(', ')},
              l.stages, l.authorized FROM ${schema}.cases c JOIN ${schema}.rule_lists l ON l.id = c.lists_id`;
    const queries: Record<string, [string, string]> = {
      cases: [caseRows('main'), caseRows('imported')],
      case_events: [events('main'), events('imported')],
      case_pauses: [`SELECT ${columns('case_pauses')} FROM main.case_pauses`, `SELECT ${columns('case_pauses')} FROM imported.case_pauses`],
      evaluations: [`SELECT ${columns('evaluations')} FROM main.evaluations`, `SELECT ${columns('evaluations')} FROM imported.evaluations`],
    };
    const out: Record<string, unknown[]> = {};
    for (const [table, [byCommands, byImport]] of Object.entries(queries)) {
      out[`${table} only by the commands`] = handle.prepare(`${byCommands} EXCEPT ${byImport}`).all();
      out[`${table} only by the import`] = handle.prepare(`${byImport} EXCEPT ${byCommands}`).all();
    }
    return out;
  } finally {
    handle.close();
  }
}

describe('the case import writes what the commands write', () => {
  it('the same history, typed in or imported, leaves the same rows in every case table', async () => {
    const commandsDb = await centerWithCatalog();
    const steps = HISTORY.flatMap((history) => history.steps).sort((a, b) => a[0].localeCompare(b[0]));
    for (const [local, args] of steps) {
      const result = await hall(commandsDb, args, { HALL_NOW: tz(local) });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }

    const importDb = await centerWithCatalog();
    const file = join(tempDir(), 'history.csv');
    writeFileSync(file, `${[HEADER, ...HISTORY.map((history) => history.row)].join('\n')}\n`);
    const imported = await hall(importDb, ['cases', 'import', file, '--format', 'json'], { HALL_NOW: '2025-10-20T10:00:00+08:00' });
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: HISTORY.length, imported: HISTORY.length, rejected: 0 });

    const empty = Object.fromEntries(Object.keys(differences(commandsDb, importDb)).map((key) => [key, []]));
    expect(differences(commandsDb, importDb)).toEqual(empty);

    // The comparison compared something: every case, event, pause and evaluation is there.
    const counts = (path: string) => {
      const handle = new BetterSqlite3(path, { readonly: true });
      try {
        return handle
          .prepare(
            `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events_text WHERE kind <> 'rate') AS events,
                    (SELECT count(*) FROM case_pauses) AS pauses, (SELECT count(*) FROM evaluations) AS evaluations,
                    (SELECT count(*) FROM case_events_text WHERE details ->> 'imported' IS NOT 1) AS unmarked`,
          )
          .get();
      } finally {
        handle.close();
      }
    };
    expect(counts(commandsDb)).toEqual({ cases: 11, events: 24, pauses: 4, evaluations: 4, unmarked: 28 });
    expect(counts(importDb)).toEqual({ cases: 11, events: 24, pauses: 4, evaluations: 4, unmarked: 0 });
  });
});

/** A few hundred cases of every kind, cycling through the rows of the history above, on other days of the year. */
function manyCases(count: number): string {
  const rows = Array.from({ length: count }, (_, index) => {
    // Months with a 30th; the history's October moves to the month after.
    const month = String([1, 3, 4, 5, 6, 7, 8][index % 7]).padStart(2, '0');
    // The history's rows, moved to another month: every time in a row moves by the same months.
    return HISTORY[index % HISTORY.length]!.row.replaceAll('2025-09-', `2025-${month}-`).replaceAll(
      '2025-10-',
      `2025-${String(Number(month) + 1).padStart(2, '0')}-`,
    );
  });
  const file = join(tempDir(), 'many.csv');
  writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
  return file;
}

async function importWith(
  db: string,
  file: string,
  rebuildIndexesFrom: number,
  onConnection?: (handle: BetterSqlite3.Database) => void,
  sizeUnknown = false,
  beforeCommit?: (handle: BetterSqlite3.Database) => void,
) {
  const handle = new BetterSqlite3(db);
  try {
    handle.pragma('foreign_keys = ON');
    const opened = await openImport(openCsv(file), CASE_IMPORT_COLUMNS);
    // Without a judged size the indexes go only once the threshold is reached, part-way through.
    const source: ImportFile<CaseField> = sizeUnknown
      ? {
          file: opened.file,
          header: opened.header,
          expectedRows: null,
          batches: () => opened.batches(),
          get rows() {
            return opened.rows;
          },
        }
      : opened;
    const options = { timeZone: 'Asia/Shanghai', closingMinutes: 17 * 60 + 30, operator: 'tester', now: new Date('2025-12-20T10:00:00+08:00') };
    return await importCases(handle, loadCalendar(handle), source, { ...options, testHooks: { rebuildIndexesFrom, beforeCommit } });
  } finally {
    onConnection?.(handle);
    handle.close();
  }
}

const schemaOf = (db: string) => {
  const handle = new BetterSqlite3(db, { readonly: true });
  try {
    return handle.prepare("SELECT type, name, sql FROM sqlite_schema WHERE type IN ('index', 'table') ORDER BY name").all();
  } finally {
    handle.close();
  }
};

describe('a large import rebuilds the indexes instead of keeping them up', () => {
  it.each([
    ['judged from the file before the first row', false],
    ['at the threshold, for a file of unknown size', true],
  ])('writes the same rows as a small import does, and leaves every index as it was (dropped %s)', async (_when, sizeUnknown) => {
    const file = manyCases(330);
    const kept = await centerWithCatalog();
    const rebuilt = await centerWithCatalog();
    // 100 cases already there: the rebuild starts only once the import has written more than the table held.
    const earlier = manyCases(100);
    for (const db of [kept, rebuilt]) await importWith(db, earlier, Number.MAX_SAFE_INTEGER);
    const schema = schemaOf(rebuilt);
    expect(await importWith(kept, file, Number.MAX_SAFE_INTEGER)).toMatchObject({ imported: 330 });
    expect(await importWith(rebuilt, file, 100, undefined, sizeUnknown)).toMatchObject({ imported: 330 });
    const empty = Object.fromEntries(Object.keys(differences(kept, rebuilt)).map((key) => [key, []]));
    expect(differences(kept, rebuilt)).toEqual(empty);
    // The rows compared are every row: event ids and case ids too.
    expect(dump(rebuilt)).toBe(dump(kept));
    expect(schemaOf(rebuilt)).toEqual(schema);
    const handle = new BetterSqlite3(rebuilt, { readonly: true });
    try {
      // Every index holds exactly the rows of its table.
      expect(handle.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      handle.close();
    }
  });

  it('is still all or nothing: a bad last row leaves the rows, the indexes and the schema as they were', async () => {
    const file = manyCases(330);
    writeFileSync(file, 'XK10001000,错行,,,2025-13-01 09:00,,,,,,\n', { flag: 'a' });
    const db = await centerWithCatalog();
    const before = dump(db);
    const schema = schemaOf(db);
    await expect(importWith(db, file, 100)).rejects.toMatchObject({ name: 'ImportRejected', rejected: 1 });
    expect(dump(db)).toBe(before);
    expect(schemaOf(db)).toEqual(schema);
  });

  it('writes with a small page cache and gives the connection its own back, committed or refused', async () => {
    const cacheSizes: unknown[] = [];
    const cacheSize = (handle: BetterSqlite3.Database) => cacheSizes.push(handle.pragma('cache_size', { simple: true }));
    const file = manyCases(330);
    const db = await centerWithCatalog();
    await importWith(db, file, 100, cacheSize);
    writeFileSync(file, 'XK10001000,错行,,,2025-13-01 09:00,,,,,,\n', { flag: 'a' });
    await expect(importWith(db, file, 100, cacheSize)).rejects.toMatchObject({ name: 'ImportRejected' });
    expect(cacheSizes).toEqual([-16000, -16000]);
  });

  it('writes without checking foreign keys row by row, gives the connection its enforcement back, and leaves no reference unmet', async () => {
    const enforced: unknown[] = [];
    const foreignKeys = (handle: BetterSqlite3.Database) => enforced.push(handle.pragma('foreign_keys', { simple: true }));
    const file = manyCases(330);
    const db = await centerWithCatalog();
    await importWith(db, file, 100, foreignKeys);
    writeFileSync(file, 'XK10001000,错行,,,2025-13-01 09:00,,,,,,\n', { flag: 'a' });
    await expect(importWith(db, file, 100, foreignKeys)).rejects.toMatchObject({ name: 'ImportRejected' });
    expect(enforced).toEqual([1, 1]);
    const handle = new BetterSqlite3(db, { readonly: true });
    try {
      expect(handle.pragma('foreign_key_check')).toEqual([]);
      expect(handle.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(330);
    } finally {
      handle.close();
    }
  });

  it('keeps up the indexes an ordered file adds at their end, drops them too once the file is seen out of order, and leaves the same rows and indexes either way', async () => {
    const shuffled = manyCases(2_500);
    const [header, ...rows] = readFileSync(shuffled, 'utf8').trim().split('\n');
    // By acceptance time (the fifth column), as history exports list their cases.
    const ordered = join(tempDir(), 'ordered.csv');
    writeFileSync(ordered, `${[header, ...[...rows].sort((a, b) => a.split(',')[4]!.localeCompare(b.split(',')[4]!))].join('\n')}\n`);
    const indexesAtCommit = (into: string[][]) => (handle: BetterSqlite3.Database) =>
      into.push(
        handle
          .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('cases', 'evaluations', 'case_pauses') AND sql IS NOT NULL ORDER BY name",
          )
          .pluck()
          .all() as string[],
      );
    const seen: string[][] = [];
    const [inOrder, outOfOrder, inOrderSmall, outOfOrderSmall] = [
      await centerWithCatalog(),
      await centerWithCatalog(),
      await centerWithCatalog(),
      await centerWithCatalog(),
    ];
    const schema = schemaOf(inOrder);
    await importWith(inOrder, ordered, 100, undefined, false, indexesAtCommit(seen));
    await importWith(outOfOrder, shuffled, 100, undefined, false, indexesAtCommit(seen));
    // Every index kept up row by row, as a small import writes.
    await importWith(inOrderSmall, ordered, Number.POSITIVE_INFINITY);
    await importWith(outOfOrderSmall, shuffled, Number.POSITIVE_INFINITY);
    // Before the commit builds the others again: in order, the six kept up; out of order (a month back every seventh row), none.
    expect(seen[0]).toEqual([
      'case_pauses_by_end',
      'cases_by_combined',
      'cases_by_refused',
      'cases_by_window',
      'cases_report_accepted',
      'cases_report_other_unit',
    ]);
    expect(seen[1]).toEqual([]);
    for (const db of [inOrder, outOfOrder]) expect(schemaOf(db)).toEqual(schema);
    expect(dump(inOrder) === dump(inOrderSmall)).toBe(true);
    expect(dump(outOfOrder) === dump(outOfOrderSmall)).toBe(true);
  });

  it('refuses the whole import when a window its rows refer to was removed while it ran (catalog_changed), writing nothing', async () => {
    const file = manyCases(330);
    const db = await centerWithCatalog();
    const before = dump(db);
    // As a window merge by another process would, between the checks that found the window and the commit.
    const removeWindow = (handle: BetterSqlite3.Database) => {
      const id = handle.prepare('SELECT window_id FROM cases ORDER BY id DESC LIMIT 1').pluck().get() as number;
      handle.prepare('DELETE FROM windows WHERE id = ?').run(id);
    };
    const refused = await importWith(db, file, 100, undefined, false, removeWindow).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StorageFailure);
    expect(refused).toMatchObject({ problem: 'catalog_changed', exitCode: 3, detail: { findings: [expect.stringMatching(/^windows\.id \d+$/)] } });
    expect(dump(db)).toBe(before);
  });
});
