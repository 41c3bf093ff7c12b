/**
 * `hall cases import` with 一件事编码 and 联办编号 (SPEC §7.1): consecutive rows sharing a
 * 联办编号 are the parts of one combined case of their bundle. On a temp database with the
 * demo catalog and the nine bundles of fixtures/bundles.csv.
 *
 * The bundles these tests use: YJS001 开办企业 (XK01001000, QR11002000, GG11001000 required;
 * GG04001000, GG05001000 optional), YJS002 新生儿出生 (QR03003000, GG05001000, GG04004000),
 * YJS004 二手房交易 (QR06002000, GG11003000 required; GG06004000, QR06003000 optional),
 * YJS007 失业 (GG04002000, JF04003000 required; GG05001000 optional).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dump, fixture, freshDb, hall, ROOT, tempDir } from './helpers.js';

const NOW = { HALL_NOW: '2025-10-20T10:00:00+08:00' };

async function centerDb(): Promise<string> {
  const db = await freshDb();
  for (const args of [
    ['items', 'import', fixture('demo-catalog.csv')],
    ['bundles', 'import', fixture('bundles.csv')],
  ]) {
    const result = await hall(db, args);
    if (result.code !== 0) throw new Error(result.stderr);
  }
  return db;
}

// The helpers remove every temp directory after each test: the template lives in one of its own.
const templateDir = mkdtempSync(join(tmpdir(), 'hall-combined-'));
const template = join(templateDir, 'center.db');
beforeAll(async () => {
  copyFileSync(await centerDb(), template);
});
afterAll(() => rmSync(templateDir, { recursive: true, force: true }));

/** A copy of the center, so that each test starts from the same database. */
function center(): string {
  const db = join(tempDir(), 'hall.db');
  copyFileSync(template, db);
  return db;
}

function csv(lines: string[]): string {
  const file = join(tempDir(), 'cases.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function json(db: string, args: string[], env: Record<string, string> = NOW): Promise<ReturnType<typeof JSON.parse>> {
  const result = await hall(db, [...args, '--format', 'json'], env);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout);
}

const HEADER = '事项编码,申请人,证件号码,受理时间,办结时间,办理结果,一件事编码,联办编号';

describe('cases import of combined cases', () => {
  it('imports the fixture: four combined cases beside lone cases, counted in the summary, and doctor passes', async () => {
    const db = center();
    const text = await hall(db, ['cases', 'import', fixture('cases-combined.csv')], NOW);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('数据行 13，导入 13，拒绝 0');
    expect(text.stdout).toContain('其中一件事 4 件');
    const list = await json(db, ['case', 'list', '--combined']);
    expect(list).toEqual([
      {
        number: 'J20250915-0001',
        bundle: 'YJS001',
        bundle_name: '开办企业一件事',
        applicant: '某某科技有限公司',
        state: 'concluded',
        deadline: '2025-09-16',
        parts_done: 4,
        parts_total: 4,
      },
      {
        number: 'J20250922-0001',
        bundle: 'YJS002',
        bundle_name: '新生儿出生一件事',
        applicant: '王芳',
        state: 'concluded',
        deadline: '2025-09-30',
        parts_done: 3,
        parts_total: 3,
      },
      {
        number: 'J20250929-0001',
        bundle: 'YJS007',
        bundle_name: '失业一件事',
        applicant: '李四',
        state: 'open',
        deadline: '2025-10-13',
        parts_done: 1,
        parts_total: 2,
      },
      {
        number: 'J20251009-0001',
        bundle: 'YJS004',
        bundle_name: '二手房交易登记一件事',
        applicant: '赵六',
        state: 'concluded',
        deadline: '2025-10-13',
        parts_done: 2,
        parts_total: 2,
      },
    ]);
    // The file lists 完税证明开具 first; the parts are numbered in member order, as a registration numbers them.
    const house = await json(db, ['case', 'show', 'J20251009-0001']);
    expect(house.parts.map((part: { number: string; item: string }) => `${part.number} ${part.item}`)).toEqual([
      '20251009-0001 QR06002000',
      '20251009-0002 GG11003000',
    ]);
    expect(house).toMatchObject({ outcome: 'partial', promised_days: 3, legal_days: 30, on_time: false });
    // The lone case between two groups keeps its place in the day's sequence, after the group's parts.
    expect(await json(db, ['case', 'show', '20250915-0005'])).toMatchObject({ item: 'XK02001000', combined: null });
    expect((await json(db, ['case', 'show', '20250915-0002'])).combined).toBe('J20250915-0001');
    const doctor = await hall(db, ['doctor', '--all-cases'], NOW);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });

  it('reads the English headers bundle and combined_no, and 2025/9/29 14:00 as the same acceptance as 2025-09-29 14:00', async () => {
    const db = center();
    const file = csv([
      'item,applicant,accepted_at,bundle,combined_no',
      'GG04002000,李四,2025-09-29 14:00,YJS007,x',
      'JF04003000,李四,2025/9/29 14:00,YJS007,x',
    ]);
    expect(await json(db, ['cases', 'import', file])).toMatchObject({ rows: 2, imported: 2, rejected: 0, combined: 1 });
    expect(await json(db, ['case', 'show', 'J20250929-0001'])).toMatchObject({ bundle: 'YJS007', accepted_at: '2025-09-29T14:00:00+08:00', parts_total: 2 });
  });

  it('numbers the combined cases of a day after those already registered, as a registration would', async () => {
    const db = center();
    await json(db, ['case', 'register', '--bundle', 'YJS007', '--applicant', '先来'], { HALL_NOW: '2025-09-29T09:00:00+08:00' });
    const file = csv([HEADER, 'GG04002000,李四,,2025-09-29 14:00,,,YJS007,A', 'JF04003000,李四,,2025-09-29 14:00,,,YJS007,A']);
    await json(db, ['cases', 'import', file]);
    const numbers = (await json(db, ['case', 'list', '--combined'])).map((combined: { number: string }) => combined.number);
    expect(numbers).toEqual(['J20250929-0001', 'J20250929-0002']);
    // The registration's three parts took 0001–0003.
    expect((await json(db, ['case', 'show', 'J20250929-0002'])).parts.map((part: { number: string }) => part.number)).toEqual([
      '20250929-0004',
      '20250929-0005',
    ]);
  });

  it('accepts the history of a bundle cancelled since, as it accepts cases of an item cancelled since', async () => {
    const db = center();
    // Only YJS001 in the file: --sync cancels the other eight.
    const kept = join(tempDir(), 'bundles.csv');
    writeFileSync(kept, '一件事编码,一件事名称,牵头部门,承诺时限,事项编码,是否必选\nYJS001,开办企业一件事,市场监督管理局,1,XK01001000,是\n,,,,QR11002000,是\n');
    expect((await hall(db, ['bundles', 'import', kept, '--sync'])).code).toBe(0);
    const registered = await hall(db, ['case', 'register', '--bundle', 'YJS007', '--applicant', '李四']);
    expect(registered.code).toBe(1);
    const file = csv([HEADER, 'GG04002000,李四,,2025-09-29 14:00,,,YJS007,A', 'JF04003000,李四,,2025-09-29 14:00,,,YJS007,A']);
    expect(await json(db, ['cases', 'import', file])).toMatchObject({ imported: 2, combined: 1 });
  });
});

/**
 * One history, typed in command by command and imported from fixtures/cases-combined.csv,
 * leaves the same rows: every column of cases and combined_cases, the pauses, the
 * evaluations and each case's events in order (without the import's `imported` mark; rate
 * events aside, as test/import-equivalence.test.ts explains), and the same `case show J…`.
 */
describe('an imported combined case is the one the commands register and advance', () => {
  const STEPS: [local: string, args: string[]][] = [
    [
      '2025-09-15 09:30',
      ['case', 'register', '--bundle', 'YJS001', '--applicant', '某某科技有限公司', '--applicant-id', '91350100M000100Y43', '--without', 'GG05001000'],
    ],
    ['2025-09-15 10:05', ['case', 'register', '--item', 'XK02001000', '--applicant', '某某餐饮管理有限公司']],
    ['2025-09-15 10:10', ['case', 'conclude', '20250915-0002', '--outcome', 'approved']],
    ['2025-09-15 10:20', ['case', 'conclude', '20250915-0003', '--outcome', 'approved']],
    ['2025-09-15 11:00', ['case', 'conclude', '20250915-0004', '--outcome', 'approved']],
    ['2025-09-16 15:00', ['case', 'conclude', '20250915-0001', '--outcome', 'approved']],
    ['2025-09-16 15:00', ['case', 'rate', '20250915-0001', '--level', '5']],
    ['2025-09-22 09:00', ['case', 'register', '--bundle', 'YJS002', '--applicant', '王芳', '--applicant-id', '440304199001011233']],
    ['2025-09-22 09:40', ['case', 'conclude', '20250922-0001', '--outcome', 'approved']],
    ['2025-09-22 09:50', ['case', 'conclude', '20250922-0002', '--outcome', 'approved']],
    ['2025-09-23 09:00', ['case', 'supplement', '20250922-0003', '--materials', '补正（导入）']],
    ['2025-09-23 14:00', ['case', 'refuse', '--item', 'XK01002000', '--applicant', '某某商贸有限公司', '--reason', '不予受理']],
    ['2025-09-25 09:00', ['case', 'resume', '20250922-0003']],
    ['2025-09-26 16:00', ['case', 'conclude', '20250915-0005', '--outcome', 'approved']],
    ['2025-09-26 16:00', ['case', 'rate', '20250915-0005', '--level', '4']],
    ['2025-09-29 14:00', ['case', 'register', '--bundle', 'YJS007', '--applicant', '李四', '--applicant-id', '11010519491231002X', '--without', 'GG05001000']],
    ['2025-09-29 14:20', ['case', 'conclude', '20250929-0001', '--outcome', 'approved']],
    ['2025-09-30 16:00', ['case', 'conclude', '20250922-0003', '--outcome', 'approved']],
    ['2025-09-30 16:00', ['case', 'rate', '20250922-0003', '--level', '5']],
    [
      '2025-10-09 10:00',
      [
        'case',
        'register',
        '--bundle',
        'YJS004',
        '--applicant',
        '赵六',
        '--applicant-id',
        'E12345678',
        '--id-type',
        'other',
        '--without',
        'GG06004000,QR06003000',
      ],
    ],
    ['2025-10-09 10:30', ['case', 'conclude', '20251009-0002', '--outcome', 'approved']],
    ['2025-10-14 16:00', ['case', 'conclude', '20251009-0001', '--outcome', 'denied']],
    ['2025-10-14 16:00', ['case', 'rate', '20251009-0001', '--level', '2']],
  ];
  const tz = (local: string) => `${local.replace(' ', 'T')}:00+08:00`;

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
      const whole = (table: string): [string, string] => [`SELECT ${columns(table)} FROM main.${table}`, `SELECT ${columns(table)} FROM imported.${table}`];
      const queries: Record<string, [string, string]> = {
        cases: [caseRows('main'), caseRows('imported')],
        combined_cases: whole('combined_cases'),
        case_events: [events('main'), events('imported')],
        case_pauses: whole('case_pauses'),
        evaluations: whole('evaluations'),
      };
      const out: Record<string, unknown[]> = {};
      for (const [table, [byCommands, byImport]] of Object.entries(queries)) {
        out[`${table} only by the commands`] = handle.prepare(`${byCommands} EXCEPT ${byImport}`).all();
        out[`${table} only by the import`] = handle.prepare(`${byImport} EXCEPT ${byCommands}`).all();
      }
      out.counts = [
        handle
          .prepare(
            'SELECT (SELECT count(*) FROM main.cases) AS cases, (SELECT count(*) FROM main.combined_cases) AS combined, (SELECT count(*) FROM imported.combined_cases) AS imported',
          )
          .get(),
      ];
      return out;
    } finally {
      handle.close();
    }
  }

  it('leaves the same rows and shows the same combined cases (state, deadline, outcome, parts)', async () => {
    const commandsDb = center();
    for (const [local, args] of STEPS) {
      const result = await hall(commandsDb, args, { HALL_NOW: tz(local) });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const importDb = center();
    expect(await json(importDb, ['cases', 'import', fixture('cases-combined.csv')])).toMatchObject({ imported: 13, combined: 4 });

    const found = differences(commandsDb, importDb);
    const { counts, ...rest } = found;
    expect(counts).toEqual([{ cases: 13, combined: 4, imported: 4 }]);
    expect(rest).toEqual(Object.fromEntries(Object.keys(rest).map((key) => [key, []])));
    for (const number of ['J20250915-0001', 'J20250922-0001', 'J20250929-0001', 'J20251009-0001']) {
      expect(await json(importDb, ['case', 'show', number]), number).toEqual(await json(commandsDb, ['case', 'show', number]));
    }
    expect(await json(importDb, ['case', 'show', 'J20250922-0001'])).toMatchObject({
      state: 'concluded',
      outcome: 'approved',
      deadline: '2025-09-30',
      pauses: [{ from: '2025-09-23', to: '2025-09-25', parts: ['20250922-0003'] }],
    });
  });
});

/** A refused import: exit 1, every line expected in the message, nothing written. */
async function refused(lines: string[], expected: string[], rejectedRows: number): Promise<string> {
  const db = center();
  const before = dump(db);
  const result = await hall(db, ['cases', 'import', csv(lines)], NOW);
  expect(result.code, result.stdout).toBe(1);
  expect(result.stderr).toContain(`${rejectedRows} 行无效，未写入任何数据`);
  for (const line of expected) expect(result.stderr).toContain(line);
  expect(dump(db)).toBe(before);
  return result.stderr;
}

describe('a combined case refused whole', () => {
  it('two applicants: the row that differs names the first, the others name it', async () => {
    await refused(
      [HEADER, 'GG04002000,李四,,2025-09-29 14:00,,,YJS007,L1', 'JF04003000,李五,,2025-09-29 14:00,,,YJS007,L1'],
      [
        '第 2 行（文件第 3 行），列 申请人 = "李五"：与同一联办编号第 1 行（文件第 2 行）的"李四"不一致',
        '第 1 行（文件第 2 行），列 联办编号 = "L1"：同一联办编号的第 2 行（文件第 3 行）无效，整件一件事不导入',
      ],
      2,
    );
  });

  it('two applicant ids, one of them blank', async () => {
    await refused(
      [HEADER, 'GG04002000,李四,11010519491231002X,2025-09-29 14:00,,,YJS007,L1', 'JF04003000,李四,,2025-09-29 14:00,,,YJS007,L1'],
      ['第 2 行（文件第 3 行），列 证件号码 = ""：与同一联办编号第 1 行（文件第 2 行）的"11010519491231002X"不一致'],
      2,
    );
  });

  it('two acceptance times', async () => {
    await refused(
      [HEADER, 'GG04002000,李四,,2025-09-29 14:00,,,YJS007,L1', 'JF04003000,李四,,2025-09-29 15:00,,,YJS007,L1'],
      ['第 2 行（文件第 3 行），列 受理时间 = "2025-09-29 15:00"：与同一联办编号第 1 行（文件第 2 行）的"2025-09-29 14:00"不一致'],
      2,
    );
  });

  it('two bundles under one 联办编号', async () => {
    await refused(
      [HEADER, 'GG04002000,李四,,2025-09-29 14:00,,,YJS007,L1', 'JF04003000,李四,,2025-09-29 14:00,,,YJS003,L1'],
      ['第 2 行（文件第 3 行），列 一件事编码 = "YJS003"：与同一联办编号第 1 行（文件第 2 行）的"YJS007"不一致'],
      2,
    );
  });

  it('a missing required member, named on every row with its item name', async () => {
    await refused(
      [HEADER, 'XK01001000,某某公司,,2025-09-15 09:30,,,YJS001,L2', 'QR11002000,某某公司,,2025-09-15 09:30,,,YJS001,L2'],
      [
        '第 1 行（文件第 2 行），列 一件事编码 = "YJS001"：该联办编号的各行缺少一件事 YJS001 的必选事项 GG11001000（发票领用）',
        '第 2 行（文件第 3 行），列 一件事编码 = "YJS001"：该联办编号的各行缺少一件事 YJS001 的必选事项 GG11001000（发票领用）',
      ],
      2,
    );
  });

  it('a repeated item', async () => {
    await refused(
      [
        HEADER,
        'GG04002000,李四,,2025-09-29 14:00,,,YJS007,L3',
        'JF04003000,李四,,2025-09-29 14:00,,,YJS007,L3',
        'GG04002000,李四,,2025-09-29 14:00,,,YJS007,L3',
      ],
      [
        '第 3 行（文件第 4 行），列 事项编码 = "GG04002000"：同一联办编号中该事项已在第 1 行（文件第 2 行）出现',
        '第 2 行（文件第 3 行），列 联办编号 = "L3"：同一联办编号的第 3 行（文件第 4 行）无效',
      ],
      3,
    );
  });

  it('an item that is no member of the bundle', async () => {
    await refused(
      [
        HEADER,
        'GG04002000,李四,,2025-09-29 14:00,,,YJS007,L4',
        'JF04003000,李四,,2025-09-29 14:00,,,YJS007,L4',
        'XK01001000,李四,,2025-09-29 14:00,,,YJS007,L4',
      ],
      ['第 3 行（文件第 4 行），列 事项编码 = "XK01001000"：不是一件事 YJS007 的事项（其事项：GG04002000、JF04003000、GG05001000）'],
      3,
    );
  });

  it('a 不予受理 row in a group', async () => {
    await refused(
      [HEADER, 'GG04002000,李四,,2025-09-29 14:00,,不予受理,YJS007,L5', 'JF04003000,李四,,2025-09-29 14:00,,,YJS007,L5'],
      [
        '第 1 行（文件第 2 行），列 办理结果 = "不予受理"：不予受理的办件未被受理，不能作为一件事的一部分',
        '第 2 行（文件第 3 行），列 联办编号 = "L5"：同一联办编号的第 1 行（文件第 2 行）无效',
      ],
      2,
    );
  });

  it('a group with one row invalid for its own reason is refused whole', async () => {
    await refused(
      [HEADER, 'GG04002000,李四,,2025-09-29 14:00,,,YJS007,L6', 'JF04003000,李四,,2025-09-29 14:00,2025-09-28 10:00,准予,YJS007,L6'],
      [
        '第 2 行（文件第 3 行），列 办结时间 = "2025-09-28 10:00"：早于受理时间',
        '第 1 行（文件第 2 行），列 联办编号 = "L6"：同一联办编号的第 2 行（文件第 3 行）无效，整件一件事不导入',
      ],
      2,
    );
  });

  it('an unknown bundle', async () => {
    await refused(
      [HEADER, 'GG04002000,李四,,2025-09-29 14:00,,,YJS999,L7', 'JF04003000,李四,,2025-09-29 14:00,,,YJS999,L7'],
      ['第 1 行（文件第 2 行），列 一件事编码 = "YJS999"：未知一件事编码 YJS999'],
      2,
    );
  });

  it('one of the two columns without the other, in either direction and without the other column at all', async () => {
    await refused(
      [HEADER, 'GG04002000,李四,,2025-09-29 14:00,,,YJS007,', 'JF04003000,李四,,2025-09-29 14:00,,,,L8'],
      ['第 1 行（文件第 2 行），列 一件事编码 = "YJS007"：需要同时填写 联办编号', '第 2 行（文件第 3 行），列 联办编号 = "L8"：需要同时填写 一件事编码'],
      2,
    );
    await refused(
      ['事项编码,申请人,受理时间,一件事编码', 'GG04002000,李四,2025-09-29 14:00,YJS007'],
      ['第 1 行（文件第 2 行），列 一件事编码 = "YJS007"：需要同时填写 联办编号'],
      1,
    );
  });

  it('a 联办编号 in two separate blocks: the second is refused, naming where the first began', async () => {
    const lines = [
      HEADER,
      'GG04002000,李四,,2025-09-29 14:00,,,YJS007,L9',
      'JF04003000,李四,,2025-09-29 14:00,,,YJS007,L9',
      'XK01001000,王五,,2025-09-29 15:00,,,,',
      'GG05001000,李四,,2025-09-29 14:00,,,YJS007,L9',
    ];
    await refused(lines, ['第 4 行（文件第 5 行），列 联办编号 = "L9"：该联办编号已用于第 1 行（文件第 2 行）起的另一段；同一件一件事的各行须连在一起'], 1);
    // With --skip-invalid the first block is a combined case of its own; the second is in the rejects file.
    const db = center();
    const rejects = join(tempDir(), 'rejects.csv');
    expect(await json(db, ['cases', 'import', csv(lines), '--skip-invalid', '--rejects', rejects])).toMatchObject({ imported: 3, rejected: 1, combined: 1 });
    expect(readFileSync(rejects, 'utf8')).toContain('GG05001000,李四,,2025-09-29 14:00,,,YJS007,L9,');
  });

  it('a case number given twice inside one group', async () => {
    await refused(
      [
        '办件编号,事项编码,申请人,受理时间,一件事编码,联办编号',
        '20250929-0100,GG04002000,李四,2025-09-29 14:00,YJS007,L10',
        '20250929-0100,JF04003000,李四,2025-09-29 14:00,YJS007,L10',
      ],
      ['第 2 行（文件第 3 行），列 办件编号 = "20250929-0100"：文件中的办件编号重复，首次出现在第 1 行（文件第 2 行）'],
      2,
    );
  });

  it('the ugly fixture: every row of a bad group in the rejects file with its reason, the good ones imported, doctor passing', async () => {
    const db = center();
    const before = dump(db);
    const all = await hall(db, ['cases', 'import', fixture('cases-combined-bad.csv')], NOW);
    expect(all.code).toBe(1);
    expect(dump(db)).toBe(before);
    const rejects = join(tempDir(), 'rejects.csv');
    const summary = await json(db, ['cases', 'import', fixture('cases-combined-bad.csv'), '--skip-invalid', '--rejects', rejects]);
    expect(summary).toMatchObject({ rows: 21, imported: 6, rejected: 15, combined: 2 });
    const lines = readFileSync(rejects, 'utf8').replace('\uFEFF', '').trim().split('\r\n');
    // The header and its reason column, then each refused row as the file had it.
    expect(lines[0]).toBe('事项编码,申请人,证件号码,受理时间,办结时间,办理结果,一件事编码,联办编号,错误原因');
    expect(lines).toHaveLength(16);
    const keys = lines.slice(1).map((line) => line.split(',')[7]);
    expect(keys).toEqual(['LB-A', 'LB-A', 'LB-B', 'LB-B', 'LB-C', 'LB-C', 'LB-C', 'LB-D', 'LB-D', 'LB-D', '', 'LB-F', 'LB-G', 'LB-H', 'LB-H']);
    expect(lines[1]).toContain('同一联办编号的第 2 行（文件第 3 行）无效');
    // The reason cell is quoted, its quotes doubled (RFC 4180).
    expect(lines[2]).toContain('"申请人：与同一联办编号第 1 行（文件第 2 行）的""张三""不一致');
    const doctor = await hall(db, ['doctor', '--all-cases'], NOW);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });
});

/**
 * A large import checks its rows in a worker thread (test/import-worker.test.ts); the groups
 * are gathered on the writing side, so the worker, one thread and a worker that stops
 * part-way must write and refuse the same. Run from the compiled code (dist/), as only it
 * starts the worker.
 */
describe('combined cases in a large import checked in a worker thread', () => {
  type Store = typeof import('../src/store/case-import.js');
  type Pipeline = typeof import('../src/io/import-pipeline.js');
  type Csv = typeof import('../src/io/csv-source.js');
  type CaseRows = typeof import('../src/core/case-row.js');
  type Calendar = typeof import('../src/store/calendar.js');
  const shipped = async <T>(...path: string[]) => (await import(['..', 'dist', ...path].join('/'))) as T;
  const LONE_ITEMS = ['XK01001000', 'XK02001000', 'QR03001000', 'GG03004000', 'JF05002000'];

  /**
   * 2,600 rows: lone cases, and a 失业一件事 group of three rows every 20 rows from row 19 on,
   * so that groups straddle the worker's messages of 100 rows (rows 99–101), the point where
   * the stopping worker gives up (199–201) and the reader's first batch (499–501); some are bad.
   */
  function bigFile(): string {
    const lines = [HEADER];
    for (let index = 0; index < 2_600; index++) {
      const day = String(1 + (index % 28)).padStart(2, '0');
      const month = String(1 + (index % 8)).padStart(2, '0');
      const accepted = `2025-${month}-${day} ${String(9 + (index % 7)).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}`;
      const concluded = index % 3 === 0 ? '' : `2025-${String(2 + (index % 8)).padStart(2, '0')}-${day} 10:00`;
      lines.push([LONE_ITEMS[index % LONE_ITEMS.length], `申请人${index}`, '', accepted, concluded, concluded ? '准予' : '', '', ''].join(','));
    }
    for (let start = 18; start + 3 <= 2_600; start += 20) {
      const accepted = `2025-0${1 + (start % 8)}-1${start % 9} 09:15`;
      const key = `LB${start}`;
      const rows = [
        ['GG04002000', `联办${start}`, '', accepted, `${accepted.slice(0, 10)} 09:40`, '准予', 'YJS007', key],
        ['JF04003000', `联办${start}`, '', accepted, '', '', 'YJS007', key],
        ['GG05001000', `联办${start}`, '', accepted, '', '', 'YJS007', key],
      ];
      if (start % 200 === 58) rows[1]![1] = '别人'; // two applicants
      if (start % 200 === 138) rows[1]![0] = 'GG05001000'; // a repeated item, and a required member missing
      if (start % 400 === 178) rows[2]![7] = 'LB18'; // a key already used far above: that row alone is refused
      rows.forEach((row, offset) => {
        lines[start + offset + 1] = row.join(',');
      });
    }
    const file = join(tempDir(), 'big.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  async function importWith(db: string, file: string, how: 'one thread' | 'worker' | 'worker that stops', skipInvalid: boolean) {
    const [store, pipeline, csvSource, caseRows, calendars] = await Promise.all([
      shipped<Store>('store', 'case-import.js'),
      shipped<Pipeline>('io', 'import-pipeline.js'),
      shipped<Csv>('io', 'csv-source.js'),
      shipped<CaseRows>('core', 'case-row.js'),
      shipped<Calendar>('store', 'calendar.js'),
    ]);
    const handle = new BetterSqlite3(db);
    const rejects: unknown[] = [];
    let opened = 0;
    let handedOver = 0;
    const open = () => {
      opened++;
      return pipeline.openImport(opened === 1 ? csvSource.openCsv(file) : csvSource.reopenCsv(file, 'utf-8'), caseRows.CASE_IMPORT_COLUMNS);
    };
    let summary: unknown = null;
    let failure: unknown = null;
    try {
      summary = await store.importCases(handle, calendars.loadCalendar(handle), await open(), {
        timeZone: 'Asia/Shanghai',
        closingMinutes: 17 * 60 + 30,
        operator: 'tester',
        now: new Date('2025-12-01T10:00:00+08:00'),
        skipInvalid,
        onRejected: (rejected) => rejects.push({ ...rejected, errors: rejected.errors.map((error) => ({ ...error })) }),
        reread: { encoding: 'utf-8', reopen: open, onProgress: () => handedOver++ },
        testHooks: {
          rebuildIndexesFrom: 1_000,
          checkInWorkerFrom: how === 'one thread' ? Number.POSITIVE_INFINITY : 0,
          checkerStopsAfter: how === 'worker that stops' ? 2 : undefined,
        },
      });
    } catch (error) {
      failure = { name: (error as Error).name, ...(error as object) };
    } finally {
      handle.close();
    }
    return { summary, failure, rejects, handedOver, opened, dump: dump(db) };
  }

  it('writes and refuses the same groups with the worker, one thread, or a worker that stops mid-group', async () => {
    const file = bigFile();
    const alone = await importWith(center(), file, 'one thread', true);
    expect(alone.failure).toBeNull();
    // 129 groups: 13 with two applicants and 13 with a repeated item (three rows refused each), 7 written
    // without their last row, which reuses LB18's key.
    expect(alone.summary).toMatchObject({ rows: 2_600, rejected: 85, combined: 103, imported: 2_600 - 85 });
    const inWorker = await importWith(center(), file, 'worker', true);
    expect(inWorker).toMatchObject({ handedOver: 6, opened: 1 });
    // Two messages (499 and 500 rows) and then this thread: row 999 starts a group (LB998).
    const stopping = await importWith(center(), file, 'worker that stops', true);
    expect(stopping).toMatchObject({ handedOver: 2, opened: 2 });
    for (const [how, run] of [
      ['worker', inWorker],
      ['worker that stops', stopping],
    ] as const) {
      expect(run.summary, how).toEqual(alone.summary);
      expect(run.rejects, how).toEqual(alone.rejects);
      expect(run.dump === alone.dump, how).toBe(true);
    }
    // All or nothing, the same way.
    const target = center();
    const before = dump(target);
    const refusedAlone = await importWith(target, file, 'one thread', false);
    expect(refusedAlone.failure).toMatchObject({ name: 'ImportRejected', rejected: 85 });
    const refusedInWorker = await importWith(target, file, 'worker', false);
    expect(refusedInWorker.failure).toEqual(refusedAlone.failure);
    expect(refusedInWorker.dump === before).toBe(true);
  });

  it('the binary imports a file above the worker threshold with its groups, and doctor replays every combined case', () => {
    const lines = [HEADER];
    for (let index = 0; index < 4_000; index++) {
      const accepted = `2025-0${1 + (index % 8)}-${String(1 + (index % 28)).padStart(2, '0')} 10:${String(index % 60).padStart(2, '0')}`;
      for (const item of ['GG04002000', 'JF04003000', 'GG05001000'])
        lines.push([item, `申请人${index}`, '', accepted, '', '', 'YJS007', `K${index}`].join(','));
    }
    const file = join(tempDir(), '联办.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const db = center();
    const bin = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'hall.js'), '--db', db, ...args], {
        encoding: 'utf8',
        env: { ...process.env, HALL_NOW: '2025-12-01T10:00:00+08:00', HALL_OPERATOR: 'tester' },
      });
    const imported = bin('cases', 'import', file, '--format', 'json');
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 12_000, imported: 12_000, rejected: 0, combined: 4_000 });
    const doctor = bin('doctor', '--all-cases');
    expect(doctor.status, doctor.stdout + doctor.stderr).toBe(0);
  });
});
