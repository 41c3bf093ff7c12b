/**
 * The hostile-input suite: a generated corpus of bad, strange and malicious inputs for
 * the three imports and the command line. For every input: an exit code of SPEC §4
 * (0, 1, 2, 3), no stack trace, and — unless the input was accepted — the database
 * exactly as it was. Valid but strange text is stored and shown back exactly, and
 * guarded in CSV. Longer soaks (large files, kills) live in bench/ and frame.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_KINDS, type ErrorKind } from '../src/core/error-kinds.js';
import { dump, fixture, hall, tempDir } from './helpers.js';
import { HOSTILE_WORKBOOKS, workbook } from './xlsx-workbook.js';

const NOW = { HALL_NOW: '2025-10-15T10:00:00+08:00' };
const STACK = /\n\s+at |node:internal|\b(Type|Range|Reference|Syntax)Error\b|SqliteError|内部错误/;

const ITEM_HEADER = '事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限,办件类型,收费标准,进驻窗口';
const ITEM_ROW = 'XK30001000,测试许可,市场监管局,行政许可,20,5,承诺件,0,市场监管窗口';
const CASE_HEADER = '办件编号,事项编码,申请人,证件号码,受理窗口,受理时间,办结时间,办理结果';
const CASE_ROW = ',XK10001000,某某公司,,,2025-10-09 09:00,,';
const DAY_HEADER = '日期,类型,说明';
const DAY_ROW = '2027-10-01,holiday,国庆节';
const BUNDLE_HEADER = '一件事编码,一件事名称,牵头部门,承诺时限,法定时限,事项编码,是否必选';
// Two members, the second a continuation row with the merged cells blank.
const BUNDLE_ROW = 'YJS1,开办餐饮店一件事,市场监管局,7,20,QT10002000,是\n,,,,,XK10001001,是';

type Target = 'items' | 'cases' | 'calendar' | 'bundles';
const SHAPES: Record<Target, { header: string; row: string; command: string[] }> = {
  items: { header: ITEM_HEADER, row: ITEM_ROW, command: ['items', 'import'] },
  cases: { header: CASE_HEADER, row: CASE_ROW, command: ['cases', 'import'] },
  calendar: { header: DAY_HEADER, row: DAY_ROW, command: ['calendar', 'import'] },
  bundles: { header: BUNDLE_HEADER, row: BUNDLE_ROW, command: ['bundles', 'import'] },
};

/** One generated file: its name and bytes, from the target's own header and a good row. */
interface FileCase {
  name: string;
  bytes: (shape: { header: string; row: string }) => Buffer | string;
}

const utf16be = (text: string) => {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  for (let index = 0; index + 1 < le.length; index += 2) [le[index], le[index + 1]] = [le[index + 1]!, le[index]!];
  return le;
};
const GB_BYTES = Buffer.from([0xca, 0xc2, 0xcf, 0xee]); // 事项 in GB18030

const FILES: FileCase[] = [
  { name: 'UTF-16BE with BOM', bytes: ({ header, row }) => utf16be(`${header}\n${row}\n`) },
  { name: 'Latin-1 bytes', bytes: ({ header }) => Buffer.concat([Buffer.from(`${header}\n`), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c, 0xe9, 0x0a])]) },
  { name: 'GB18030 cut mid-character', bytes: () => Buffer.concat([GB_BYTES, Buffer.from([0xb1])]) },
  { name: 'ragged rows', bytes: ({ header, row }) => `${header}\n${row.split(',').slice(0, 2).join(',')}\n${row},多,余,的\n` },
  { name: 'unbalanced quotes', bytes: ({ header, row }) => `${header}\n"${row}\n${row}\n` },
  { name: 'NUL bytes', bytes: ({ header, row }) => `${header}\n${row.replace(',', '\u0000,')}\n` },
  { name: 'a 10 MB cell', bytes: ({ header, row }) => `${header}\n${row.replace(/,/, `${'字'.repeat(3_500_000)},`)}\n` },
  { name: '10,000 columns', bytes: ({ header, row }) => `${header}${',多余'.repeat(10_000)}\n${row}\n` },
  { name: 'an empty file', bytes: () => '' },
  { name: 'blank lines only', bytes: () => '\r\n\r\n,,,\r\n' },
  { name: 'a header only', bytes: ({ header }) => `\uFEFF${header}\r\n` },
  { name: 'a duplicated header', bytes: ({ header, row }) => `${header},${header}\n${row}\n` },
  { name: 'no header at all', bytes: ({ row }) => `${row}\n${row}\n` },
  { name: 'binary garbage', bytes: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe, 0x00]) },
  { name: 'a PDF renamed .csv', bytes: () => '%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n' },
  { name: 'semicolon-separated', bytes: ({ header, row }) => `${header.replaceAll(',', ';')}\n${row.replaceAll(',', ';')}\n` },
  { name: 'CR-only line ends', bytes: ({ header, row }) => `${header}\r${row}\r` },
  {
    name: 'SQL in every cell',
    bytes: ({ header }) =>
      `${header}\n${header
        .split(',')
        .map(() => "'); DROP TABLE items;--")
        .join(',')}\n`,
  },
  {
    name: 'formula in every cell',
    bytes: ({ header }) =>
      `${header}\n${header
        .split(',')
        .map(() => '=cmd|" /C calc"!A0')
        .join(',')}\n`,
  },
  { name: 'GB18030 header with UTF-8 rows', bytes: ({ header, row }) => Buffer.concat([GB_BYTES, Buffer.from(`${header.slice(2)}\n${row}\n`)]) },
];

/** Rows with a bad value in one column, per target. */
const BAD_ROWS: Record<Target, [string, string][]> = {
  items: [
    ['an impossible limit', 'XK30002000,测试许可,市场监管局,行政许可,二十天半,5,承诺件,0,市场监管窗口'],
    ['an absurd limit', 'XK30003000,测试许可,市场监管局,行政许可,20,99999999999999,承诺件,0,市场监管窗口'],
    ['an absurd fee', 'XK30004000,测试许可,市场监管局,行政许可,20,5,承诺件,99999999999999999999,市场监管窗口'],
    ['a fee of 1e20', 'XK30005000,测试许可,市场监管局,行政许可,20,5,承诺件,1e20,市场监管窗口'],
    ['a negative fee', 'XK30006000,测试许可,市场监管局,行政许可,20,5,承诺件,-1,市场监管窗口'],
    ['a promised limit over the legal one', 'XK30007000,测试许可,市场监管局,行政许可,5,20,承诺件,0,市场监管窗口'],
    ['an unknown item type', 'XK30008000,测试许可,市场监管局,行政审批,20,5,承诺件,0,市场监管窗口'],
    ['an empty code', ',测试许可,市场监管局,行政许可,20,5,承诺件,0,市场监管窗口'],
  ],
  cases: [
    ['an impossible date', ',XK10001000,某某公司,,,2026-02-30 09:00,,'],
    ['a date in the future', ',XK10001000,某某公司,,,2030-01-01 09:00,,'],
    ['a date before 1949', ',XK10001000,某某公司,,,1900-01-01 09:00,,'],
    ['an unknown item', ',XK99999999,某某公司,,,2025-10-09 09:00,,'],
    ['an unknown window', ',XK10001000,某某公司,,W999,2025-10-09 09:00,,'],
    ['a bad resident id', ',XK10001000,张三,110105194912310021,,2025-10-09 09:00,,'],
    ['a bad case number', 'ABC,XK10001000,某某公司,,,2025-10-09 09:00,,'],
    ['an outcome without a conclusion', ',XK10001000,某某公司,,,2025-10-09 09:00,,准予'],
  ],
  calendar: [
    ['an impossible date', '2026-02-30,holiday,春节'],
    ['a year 9999 date', '9999-12-31,holiday,'],
    ['an unknown kind', '2027-10-02,rest,国庆节'],
    ['an empty date', ',holiday,国庆节'],
    ['one date given twice, differently', '2027/10/2,休,国庆节\n2027-10-02,班,国庆节'],
    ['an Excel date with a time of day', '2027/10/2 9:00,休,国庆节'],
  ],
  bundles: [
    ['an absurd limit', 'YJS2,开办企业一件事,市场监管局,99999999999999,,QT10002000,是\n,,,,,GG10005000,是'],
    ['a promised limit over the legal one', 'YJS2,开办企业一件事,市场监管局,20,5,QT10002000,是\n,,,,,GG10005000,是'],
    ['a continuation row first', ',,,,,QT10002000,是\nYJS2,开办企业一件事,市场监管局,2,,QT10002000,是\n,,,,,GG10005000,是'],
    ['an unknown item in SQL', "YJS2,开办企业一件事,市场监管局,2,,'); DROP TABLE bundles;--,是\n,,,,,GG10005000,是"],
    ['a lead department of no member', 'YJS2,开办企业一件事,公安局,2,,QT10002000,是\n,,,,,GG10005000,是'],
    ['repeated bundle cells that disagree', 'YJS2,开办企业一件事,市场监管局,2,,QT10002000,是\n,,,3,,GG10005000,是'],
  ],
};

/** Inputs no import may accept, whatever else it does with the file. */
const ALWAYS_REFUSED = new Set([
  'an impossible date',
  'one date given twice, differently',
  'a date in the future',
  'an absurd fee',
  'an absurd limit',
  'a missing file',
  'a directory',
]);

const expectCalm = (label: string, result: { code: number; stderr: string }) => {
  expect([0, 1, 2, 3], `${label}: exit ${result.code}\n${result.stderr}`).toContain(result.code);
  expect(result.stderr, label).not.toMatch(STACK);
};

let db: string;
let dir: string;
// One database and one folder for the whole corpus (the helpers' temp folders last one test).
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hall-hostile-'));
  db = join(dir, 'hall.db');
  await hall(db, ['init', '--center', '测试中心']);
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(Object.keys(SHAPES) as Target[])('%s import', (target) => {
  const shape = SHAPES[target];
  const inputs: [string, () => string][] = [
    ...FILES.map((file): [string, () => string] => [
      file.name,
      () => {
        const path = join(dir, `${target}-${file.name.replace(/\W+/g, '-')}.csv`);
        writeFileSync(path, file.bytes(shape));
        return path;
      },
    ]),
    ...BAD_ROWS[target].map(([name, row]): [string, () => string] => [
      name,
      () => {
        const path = join(dir, `${target}-bad-${name.replace(/\W+/g, '-')}.csv`);
        writeFileSync(path, `${shape.header}\n${row}\n`);
        return path;
      },
    ]),
    ...HOSTILE_WORKBOOKS.map((file): [string, () => string] => [
      file.name,
      () => {
        const path = join(dir, `${target}-${file.name.replace(/\W+/g, '-')}.${file.extension ?? 'xlsx'}`);
        writeFileSync(path, file.bytes(shape));
        return path;
      },
    ]),
    ['a directory', () => dir],
    ['a missing file', () => join(dir, '不存在.csv')],
  ];

  it.each(inputs)('%s: exits 0–3 without a stack, and changes nothing unless accepted', async (name, make) => {
    const path = make();
    const before = dump(db);
    const result = await hall(db, [...shape.command, path], NOW);
    expectCalm(name, result);
    if (result.code !== 0) expect(dump(db), name).toBe(before);
    if (ALWAYS_REFUSED.has(name)) expect(result.code, `${name}: ${result.stderr}`).toBe(1);
  });
});

describe('the command line', () => {
  const at = ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--at'];
  const inputs: [string, string[], Record<string, string>?][] = [
    ['--at on an impossible day', [...at, '2026-02-30 09:00']],
    ['--at in the year 9999', [...at, '9999-12-20 09:00']],
    ['--at in the future', [...at, '2025-10-16 09:00']],
    ['--at as text', [...at, '昨天下午']],
    ['HALL_NOW in the year 9999', ['case', 'register', '--item', 'XK10001000', '--applicant', '张三'], { HALL_NOW: '9999-12-20T10:00:00+08:00' }],
    ['HALL_NOW as text', ['case', 'list'], { HALL_NOW: 'soon' }],
    ['a case number in SQL', ['case', 'show', "1' OR '1'='1"]],
    ['a case number of 10,000 characters', ['case', 'show', '9'.repeat(10_000)]],
    ['an unknown item code in SQL', ['case', 'register', '--item', "'; DROP TABLE cases;--", '--applicant', '张三']],
    ['a level of 6', ['case', 'rate', '20251015-0001', '--level', '6']],
    ['a level of 1e308', ['case', 'rate', '20251015-0001', '--level', '1e308']],
    ['points of -5', ['window', 'record', 'W001', '--kind', 'deduction', '--points', '-5', '--reason', '脱岗']],
    ['points of 1e400', ['window', 'record', 'W001', '--kind', 'deduction', '--points', '1e400', '--reason', '脱岗']],
    ['an unknown window', ['complaint', 'add', '--window', 'W999', '--channel', '12345', '--summary', '态度']],
    ['a complaint id of text', ['complaint', 'close', 'abc', '--substantiated', 'no']],
    ['a complaint id of 2^64', ['complaint', 'close', '18446744073709551616', '--substantiated', 'no']],
    ['calendar add of a huge count', ['calendar', 'add', '2025-10-09', '99999999999']],
    ['a fee of 99999999999999999999', ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--fee', '99999999999999999999']],
    ['an unknown flag', ['case', 'list', '--colour']],
    ['an unknown command', ['cases', 'lst']],
    ['an unknown --format', ['items', 'list', '--format', 'xml']],
    ['an empty --db', ['--db', '', 'items', 'list']],
    ['--out to a directory', ['items', 'list', '--out', '/']],
    ['--out into a missing directory', ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--out', '/不存在/r.json']],
    ['a rejects file in a missing directory', ['items', 'import', fixture('errors/mixed.csv'), '--skip-invalid', '--rejects', '/不存在/r.csv']],
    ['--lang as a number', ['items', 'list', '--lang', '1']],
  ];

  it.each(inputs)('%s: exits 0–3 without a stack and changes nothing', async (name, args, env) => {
    const before = dump(db);
    const result = await hall(db, args, { ...NOW, ...env });
    expectCalm(name, result);
    expect(result.code, `${name}\n${result.stdout}`).not.toBe(0);
    expect(dump(db), name).toBe(before);
  });

  it('counts at the ends of the accepted range and answers at once', async () => {
    expect(await hall(db, ['calendar', 'add', '2199-12-31', '5'])).toMatchObject({ code: 0, stdout: '2200-01-07\n' });
    expect(await hall(db, ['calendar', 'workdays', '2199-12-31', '1949-10-01'])).toMatchObject({ code: 0, stdout: '0\n' });
  });

  it('a directory as the database is a storage error (3)', async () => {
    const folder = join(tempDir(), 'db');
    mkdirSync(folder);
    const result = await hall(folder, ['items', 'list']);
    expect(result.code).toBe(3);
    expect(result.stderr).not.toMatch(STACK);
  });
});

/**
 * A command that meets one kind of error on the database of `every kind of error`: its
 * exit code and what stderr says. `db` names another database (a missing file, a folder).
 */
interface Trigger {
  args: string[];
  code: 1 | 2 | 3;
  says: string;
  db?: () => string;
}

const CONCLUDED = '20251015-0001';
const OPEN = '20251015-0002';
const fileIn = (name: string, content: string | Buffer) => () => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/**
 * Every kind of error, met through the command line (SPEC §4: every message has a test
 * that triggers it). The compiler checks that no kind is left out; a kind that needs a
 * terminal or a hand-edited database is met in the test file named, which expects its words.
 */
const TRIGGERS: { [K in ErrorKind]: Trigger | { metIn: string; says: string } } = {
  invalid_value: { args: ['case', 'rate', OPEN, '--level', '6'], code: 1, says: '--level "6" 无效' },
  case_not_found: { args: ['case', 'show', '20250101-0099'], code: 1, says: '未知办件编号 20250101-0099' },
  unknown_item: { args: ['case', 'register', '--item', 'XK99999999', '--applicant', '张三'], code: 1, says: '未知事项编码 XK99999999' },
  unknown_bundle: { args: ['bundles', 'show', 'YJS404'], code: 1, says: '未知一件事编码 YJS404；hall bundles list 列出全部一件事' },
  bad_without: {
    args: ['case', 'register', '--bundle', 'YJS1', '--applicant', '张三', '--without', 'QT10002000'],
    code: 1,
    says: '--without QT10002000：该事项是一件事 YJS1 的必选事项，不能不选；该一件事没有可不选的事项',
  },
  bundle_cancelled: { args: ['case', 'register', '--bundle', 'YJS2', '--applicant', '张三'], code: 1, says: '一件事 YJS2（开办餐饮店一件事）已取消，不能受理' },
  combined_command: {
    args: ['case', 'advance', 'J20251015-0001'],
    code: 1,
    says: 'J20251015-0001 是一件事联办编号，不能直接 advance；请对各件办理：20251015-0003、20251015-0004',
  },
  combined_nothing_to_do: { args: ['case', 'deliver', 'J20251015-0001'], code: 1, says: '一件事 J20251015-0001 没有已办结且未送达的件，无可送达' },
  part_of_combined: {
    args: ['case', 'void', '20251015-0003', '--reason', '登记错误'],
    code: 1,
    says: '办件 20251015-0003 是一件事 J20251015-0001 的一件，不能单独作废',
  },
  unknown_window: { args: ['complaint', 'add', '--window', 'W999', '--channel', '12345', '--summary', '态度'], code: 1, says: '未知窗口 W999' },
  unknown_department: { args: ['items', 'list', '--dept', '税务局'], code: 1, says: '未知部门"税务局"' },
  ambiguous_name: { args: ['items', 'list', '--dept', '公'], code: 1, says: '"公"可指 2 个部门：公安局、公积金中心' },
  complaint_not_found: { args: ['complaint', 'close', '99', '--substantiated', 'no'], code: 1, says: '未知投诉编号 99' },
  already_exists: { args: ['dept', 'add', '公安局'], code: 1, says: '部门"公安局"已存在' },
  window_name_taken: { args: ['window', 'rename', 'W002', '--name', '市场监管窗口'], code: 1, says: '窗口 W001 已名为"市场监管窗口"；窗口名称不能重复' },
  window_code_retired: { args: ['window', 'add', 'W900', '--name', '新窗口'], code: 1, says: '窗口编码 W900 已随合并并入窗口 W001' },
  merge_into_itself: { args: ['window', 'merge', 'W900', 'W001'], code: 1, says: '"W900"与"W001"是同一个窗口（W001），不能并入自身' },
  illegal_transition: { args: ['case', 'resume', CONCLUDED], code: 1, says: `办件 ${CONCLUDED} 当前状态为"已办结"，不能恢复（resume）` },
  illegal_advance: { args: ['case', 'advance', OPEN, '--to', 'accept'], code: 1, says: `办件 ${OPEN} 当前环节为"受理"，不能推进到"受理"` },
  void_needs_force: {
    args: ['case', 'void', CONCLUDED, '--reason', '重复登记'],
    code: 1,
    says: `办件 ${CONCLUDED}（已办结）不能直接作废：只有受理当天、尚无后续操作的办件可以作废`,
  },
  event_before_last: { args: ['case', 'advance', OPEN, '--at', '2025-10-14 09:00'], code: 1, says: '新事件（2025-10-14 09:00）不能早于它' },
  item_not_active: { args: ['case', 'register', '--item', 'XK10007000', '--applicant', '张三'], code: 1, says: '已暂停，不能受理' },
  item_not_in_hall: { args: ['case', 'register', '--item', 'QT10006000', '--applicant', '张三'], code: 1, says: '未进驻大厅，没有默认窗口；请用 --window' },
  not_immediate: {
    args: ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--conclude', 'approved'],
    code: 1,
    says: '--conclude 只用于即办件',
  },
  cannot_unset_day: { args: ['calendar', 'unset', '2025-10-13'], code: 1, says: '2025-10-13 没有用 hall calendar set 设定过，无可撤销' },
  already_rated: { args: ['case', 'rate', CONCLUDED, '--level', '4'], code: 1, says: `办件 ${CONCLUDED} 已有评价` },
  complaint_closed: { args: ['complaint', 'close', '1', '--substantiated', 'yes'], code: 1, says: '投诉 1 已经办结（未查实），不能再次办结' },
  review_not_found: { args: ['review', 'show', '99'], code: 1, says: '未知整改单编号 99；hall review list 列出整改单' },
  illegal_review_step: {
    args: ['review', 'visit', '1', '--result', 'satisfied'],
    code: 1,
    says: '整改单 1 待整改（2025-10-15），不能回访；可以：整改（rectify）、认定申诉成立（invalidate）',
  },
  review_step_before: {
    args: ['review', 'rectify', '1', '--note', '已约谈窗口人员', '--date', '2025-10-14'],
    code: 1,
    says: '整改单 1 于 2025-10-15 开立，整改日期 2025-10-14 不能早于它',
  },
  output_exists: { args: ['report', 'monthly', '--month', '2025-10', '--format', 'json', '--out', 'EXISTING'], code: 1, says: '已存在；覆盖请加 --force' },
  already_frozen: {
    args: ['report', 'monthly', '--month', '2025-09', '--freeze'],
    code: 1,
    says: '2025-09 的月度统计已于 2025-10-15 10:00 由 tester 封存，未作任何改动；要用现在的数据替换它请用 hall report monthly --month 2025-09 --refreeze',
  },
  not_frozen: {
    args: ['report', 'assessment', '--quarter', '2025Q3', '--frozen'],
    code: 1,
    says: '2025Q3 的窗口考核没有封存；hall report frozen 列出已封存的报表',
  },
  cannot_freeze: {
    args: ['report', 'monthly', '--month', '2025-10', '--freeze'],
    code: 1,
    says: '2025-10 还没有结束（最后一天 2025-10-31，今天 2025-10-15），其月度统计不能封存',
  },
  rubric_rejected: { args: ['report', 'assessment', '--month', '2025-10', '--rubric', 'RUBRIC'], code: 1, says: '考核细则 ' },
  // The steps below give the center the code 330681101, and an export watermark carries it.
  center_code_needs_force: { args: ['init', '--center-code', '330681102'], code: 1, says: '中心代码已是 330681101，不能直接改为 330681102：' },
  pack_rejected: { args: ['report', 'network', 'EXISTING'], code: 1, says: '不是hall report monthly --format json 写出的月度统计；未生成汇总' },
  complaint_days_rejected: {
    args: ['init', '--complaint-days', 'COMPLAINT_DAYS'],
    code: 1,
    says: '的 "complaint" 与 "投诉" 是同一类别，只能给一次；未作任何改动',
  },
  output_unwritable: { args: ['items', 'list', '--out', '/不存在/r.csv'], code: 1, says: '无法写入 /不存在/r.csv：所在目录不存在' },
  export_format: {
    args: ['export', 'cases', '--out', '/不存在/导出', '--format', 'json'],
    code: 1,
    says: '导出办件的格式只能是 parquet、csv、jsonl，不能是 json',
  },
  // Met where the database has a center code (or none), which the export checks first.
  export_directory: { metIn: 'export-cases.test.ts', says: '是一个文件；--out 要给出导出目录；未写入任何文件' },
  export_needs_center_code: { metIn: 'export-cases.test.ts', says: '请先运行 hall init --center-code 代码' },
  export_other_center: { metIn: 'export-cases.test.ts', says: '里已有其他中心的导出（center=330682/），本中心代码为 330681，不能混放' },
  database_missing: { args: ['items', 'list'], code: 1, says: '不存在；新建请运行 hall init', db: () => join(dir, '没有.db') },
  stale_caches: { metIn: 'doctor.test.ts', says: '件办件的缓存列与其事件记录不一致' },
  damaged_data: { metIn: 'damage.test.ts', says: '不是有效的 JSON，无法使用，未作任何改动' },
  database_not_empty: { args: ['demo'], code: 1, says: '示范中心只建在新建的空库里' },
  cancelled: { metIn: 'register-terminal.test.ts', says: '已取消，未登记' },
  file_not_found: { args: ['items', 'import', '/不存在.csv'], code: 1, says: '找不到文件 /不存在.csv' },
  empty_import: { args: ['items', 'import', fixture('catalog-header-only.csv')], code: 1, says: '只有表头，没有数据行' },
  missing_columns: { args: ['calendar', 'import', fixture('catalog-utf8-bom.csv')], code: 1, says: '缺少必需列' },
  undecodable: { args: ['items', 'import', fixture('catalog-bad-bytes.csv')], code: 1, says: '无法解码' },
  malformed_csv: { args: ['items', 'import', 'UNBALANCED'], code: 1, says: '不是有效的 CSV' },
  not_a_workbook: {
    args: ['items', 'import', 'CSV_AS_XLSX'],
    code: 1,
    says: '不是 Excel 工作簿（.xlsx）；如果它是 CSV 文件，请把扩展名改为 .csv；未读取任何数据行',
  },
  sheet_not_found: { args: ['cases', 'import', 'WORKBOOK', '--sheet', '办件'], code: 1, says: '中没有名为"办件"的工作表；现有工作表："事项"、"说明"' },
  header_not_found: {
    args: ['bundles', 'import', 'TITLE_ONLY'],
    code: 1,
    says: '的工作表"Sheet1"前 30 行中找不到表头：表头行应至少有两列用以下列名。必需列：一件事编码、',
  },
  // A refused row is told under the import's refusal, one line per row.
  row_rejected: { args: ['items', 'import', fixture('errors/negative-fee.csv')], code: 1, says: '\n  第 ' },
  import_rejected: { args: ['items', 'import', fixture('errors/negative-fee.csv')], code: 1, says: '行无效，未写入任何数据' },
  usage: { args: ['case', 'list', '--limit', '5', '--all'], code: 2, says: 'hall: 用法错误: --limit、--all 只能选一个\n  查看帮助：hall case list --help\n' },
  period_unclear: {
    args: ['report', 'monthly', '--to', '2025-10-31'],
    code: 2,
    says: 'hall: 用法错误: 缺少 --from（不在终端上运行时不会提示输入）\n  查看帮助：hall report monthly --help\n',
  },
  storage: { args: ['items', 'list'], code: 3, says: '是一个目录，不是数据库文件', db: () => dir },
};

describe('every kind of error', () => {
  const files: Record<string, () => string> = {
    EXISTING: fileIn('existing.json', '{}'),
    RUBRIC: fileIn('rubric.json', '{"discipline": -10}'),
    COMPLAINT_DAYS: fileIn('complaint-days.json', '{"投诉": 15, "complaint": 10}'),
    UNBALANCED: fileIn('unbalanced.csv', `${ITEM_HEADER}\n"${ITEM_ROW}\n${ITEM_ROW}\n`),
    CSV_AS_XLSX: fileIn('catalog.xlsx', `${ITEM_HEADER}\n${ITEM_ROW}\n`),
    WORKBOOK: fileIn(
      'workbook.xlsx',
      workbook([
        { name: '事项', rows: [ITEM_HEADER.split(','), ITEM_ROW.split(',')] },
        { name: '说明', rows: [['说明']] },
      ]),
    ),
    TITLE_ONLY: fileIn('title-only.xlsx', workbook([{ name: 'Sheet1', rows: [['某某县一件事目录'], [], ['YJS1', '开办餐饮店一件事']] }])),
  };
  let kinds: string;

  beforeAll(async () => {
    kinds = join(dir, 'kinds.db');
    const steps = [
      ['init', '--center', '测试中心'],
      ['items', 'import', fixture('catalog-gb18030.csv')],
      ['dept', 'add', '公积金中心'],
      ['case', 'register', '--item', 'XK10001000', '--applicant', '张三'],
      ['case', 'conclude', CONCLUDED, '--outcome', 'approved'],
      ['case', 'rate', CONCLUDED, '--level', '5'],
      ['case', 'register', '--item', 'XK10001000', '--applicant', '李四'],
      // A 差评 opens review 1 (整改单), open since 2025-10-15.
      ['case', 'rate', OPEN, '--level', '1'],
      ['complaint', 'add', '--window', 'W001', '--channel', '12345', '--summary', '态度'],
      ['complaint', 'close', '1', '--substantiated', 'no'],
      ['window', 'add', 'W900', '--name', '临时窗口'],
      ['window', 'merge', 'W900', 'W001'],
      // 一件事: YJS1 active with a combined case J20251015-0001, YJS2 cancelled by --sync.
      ['bundles', 'import', fileIn('bundles-two.csv', `${BUNDLE_HEADER}\n${BUNDLE_ROW}\n${BUNDLE_ROW.replace('YJS1', 'YJS2')}\n`)()],
      ['bundles', 'import', fileIn('bundles-one.csv', `${BUNDLE_HEADER}\n${BUNDLE_ROW}\n`)(), '--sync'],
      ['case', 'register', '--bundle', 'YJS1', '--applicant', '王五'],
      // September's pack frozen (SPEC §7.5): freezing it again needs --refreeze.
      ['report', 'monthly', '--month', '2025-09', '--freeze', '--format', 'json'],
      ['init', '--center-code', '330681101'],
    ];
    for (const step of steps) {
      const result = await hall(kinds, step, NOW);
      if (result.code !== 0) throw new Error(`${step.join(' ')}: ${result.stderr}`);
    }
    // A case export's watermark (SPEC §7.6) carries the center code, so changing it needs --force.
    const sql = new BetterSqlite3(kinds);
    sql.prepare("INSERT OR IGNORE INTO export_watermarks VALUES ('/hall-hostile/导出', 'parquet', '330681101', 0, '2025-10-15T10:00:00+08:00')").run();
    sql.close();
  });

  it.each(ERROR_KINDS)('%s', async (kind) => {
    const trigger = TRIGGERS[kind];
    if ('metIn' in trigger) {
      expect(readFileSync(join(import.meta.dirname, trigger.metIn), 'utf8')).toContain(trigger.says);
      return;
    }
    const target = trigger.db?.() ?? kinds;
    const args = trigger.args.map((arg) => files[arg]?.() ?? arg);
    const before = trigger.db ? '' : dump(kinds);
    const result = await hall(target, args, NOW);
    expect(result.stderr).toContain(trigger.says);
    expect(result.code, result.stderr).toBe(trigger.code);
    expectCalm(kind, result);
    if (!trigger.db) expect(dump(kinds)).toBe(before);
  });
});

describe('valid but strange text', () => {
  const strange = ['𠮷野家🍜许可（测试）', "'); DROP TABLE items;--", '=HYPERLINK("http://x","点我")', '+1+1', '@SUM(A1)', '"引号",逗号\n换行'];

  it.each(strange)('%j is stored and shown back exactly, and guarded in CSV', async (value) => {
    const result = await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', value, '--format', 'json'], NOW);
    expect(result.code, result.stderr).toBe(0);
    const { number } = JSON.parse(result.stdout);
    const shown = JSON.parse((await hall(db, ['case', 'show', number, '--format', 'json'], NOW)).stdout);
    expect(shown.applicant).toBe(value);
    const file = join(tempDir(), 'list.csv');
    expect((await hall(db, ['case', 'list', '--out', file], NOW)).code).toBe(0);
    const csv = readFileSync(file, 'utf8');
    if (/^[=+\-@]/.test(value)) expect(csv).toContain(`'${value.replaceAll('"', '""')}`);
    expect(csv.startsWith('\uFEFF')).toBe(true);
  });
});
