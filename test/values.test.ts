/**
 * What a clerk types for a window, a department or an enumerated option: a window by
 * code or by name, a department by a unique prefix, and the Chinese words of every
 * enumerated value, in every command that takes them. Refusals change nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

// The catalog fixture creates W001 市场监管窗口 (市场监管局), W002 出入境窗口 (公安局),
// W003 生态环境窗口 and W004 人社窗口, and the departments 市场监管局, 公安局, 生态环境局,
// 人社局, 民宗局 and 气象局.
let db: string;
beforeEach(async () => {
  db = await freshDb();
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
});

const NOW = '2025-09-30T10:00:00+08:00';
async function run(args: string[], now = NOW, lang: 'zh' | 'en' = 'zh') {
  return hall(db, lang === 'en' ? [...args, '--lang', 'en'] : args, { HALL_NOW: now });
}
async function json(args: string[], now = NOW) {
  const result = await run([...args, '--format', 'json'], now);
  if (result.code !== 0) throw new Error(`${args.join(' ')} → ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}
async function register(item: string, ...flags: string[]): Promise<string> {
  return (await json(['case', 'register', '--item', item, '--applicant', '张三', ...flags])).number;
}
/** Runs a command that must be refused: exit 1, the message, and the database as it was. */
async function refused(args: string[], message: string, lang: 'zh' | 'en' = 'zh') {
  const before = dump(db);
  const result = await run(args, NOW, lang);
  expect(result.stdout).toBe('');
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toContain(message);
  expect(dump(db)).toBe(before);
}

describe('a window by code or by name', () => {
  it('registers and refuses at a window named by its name', async () => {
    // 清真食品标识牌核发 is not in the hall: the window named is the one used.
    expect((await json(['case', 'register', '--item', 'QT10006000', '--applicant', '张三', '--window', '出入境窗口'])).window).toBe('W002');
    const refusal = await json(['case', 'refuse', '--item', 'XK10001000', '--applicant', '李四', '--reason', '材料不全', '--window', '人社窗口']);
    expect(refusal.window).toBe('W004');
  });

  it('lists cases and alerts for a window named by its name', async () => {
    await register('XK10001000'); // W001, due 2025-10-14
    const atPassport = await register('XK10003000'); // W002
    expect((await json(['case', 'list', '--window', '出入境窗口'])).map((row: { number: string }) => row.number)).toEqual([atPassport]);
    const alerts = await json(['alerts', '--window', '市场监管窗口'], '2025-10-15T09:00:00+08:00');
    expect(alerts.windows.map((window: { window: string }) => window.window)).toEqual(['W001']);
    expect(alerts.red).toBe(1);
  });

  it('records complaints and assessment records against a window named by its name', async () => {
    const complaint = await json(['complaint', 'add', '--window', '市场监管窗口', '--channel', '12345', '--summary', '态度生硬']);
    expect(complaint.window).toBe('W001');
    await json(['complaint', 'add', '--window', 'W002', '--channel', '电话', '--summary', '排队太久']);
    expect((await json(['complaint', 'list', '--window', '市场监管窗口'])).map((row: { id: number }) => row.id)).toEqual([complaint.id]);
    const record = await json(['window', 'record', '出入境窗口', '--kind', 'deduction', '--points', '2', '--reason', '脱岗']);
    expect(record).toMatchObject({ window: 'W002', kind: 'deduction' });
    const shown = await json(['window', 'show', '出入境窗口']);
    expect(shown).toMatchObject({ code: 'W002', name: '出入境窗口', department: '公安局', items: 1 });
    expect(shown.records).toHaveLength(1);
  });

  it('lists the items of a window named by its name or its code', async () => {
    const byName = await json(['items', 'list', '--window', '出入境窗口']);
    expect(byName.map((item: { code: string }) => item.code)).toEqual(['XK10003000']);
    expect(await json(['items', 'list', '--window', 'W002'])).toEqual(byName);
  });

  it('accepts a window by its name in a case import', async () => {
    const file = join(tempDir(), 'cases.csv');
    writeFileSync(file, '事项编码,申请人,受理窗口,受理时间\nQT10006000,王五,人社窗口,2025-09-29 09:00\n');
    expect((await run(['cases', 'import', file])).code).toBe(0);
    expect((await json(['case', 'list', '--window', 'W004'])).map((row: { applicant: string }) => row.applicant)).toEqual(['王五']);
  });

  it('takes the code before a name', async () => {
    // A window whose name is another window's code: the code names the other window.
    await json(['window', 'add', 'Q1', '--name', 'W001']);
    expect((await json(['window', 'show', 'W001'])).name).toBe('市场监管窗口');
    expect((await json(['window', 'show', 'Q1'])).name).toBe('W001');
  });

  const everywhere = (window: string): [string, string[]][] => [
    ['case register', ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--window', window]],
    ['case refuse', ['case', 'refuse', '--item', 'XK10001000', '--applicant', '张三', '--reason', '材料不全', '--window', window]],
    ['case list', ['case', 'list', '--window', window]],
    ['alerts', ['alerts', '--window', window]],
    ['complaint add', ['complaint', 'add', '--window', window, '--channel', '12345', '--summary', '态度']],
    ['complaint list', ['complaint', 'list', '--window', window]],
    ['items list', ['items', 'list', '--window', window]],
    ['window show', ['window', 'show', window]],
    ['window record', ['window', 'record', window, '--kind', 'deduction', '--points', '1', '--reason', '迟到']],
  ];

  it.each([...everywhere('W999'), ...everywhere('不动产窗口')])('refuses an unknown window in %s', async (_command, args) => {
    const window = args.includes('W999') ? 'W999' : '不动产窗口';
    await refused(args, `未知窗口 ${window}；hall window list 列出全部窗口`);
  });

  // Window names are unique (SPEC §4), so a name never leaves a command to pick one of two windows.
  it.each(everywhere('出入境窗口'))('takes a window name in %s once a second window is refused that name', async (_command, args) => {
    await refused(['window', 'add', 'W009', '--name', '出入境窗口'], '窗口 W002 已名为"出入境窗口"；窗口名称不能重复');
    expect(await run(args)).toMatchObject({ code: 0 });
  });

  it('says so in English', async () => {
    await refused(['items', 'list', '--window', 'W999'], 'unknown window W999; hall window list shows them all', 'en');
  });
});

describe('a department by its name or a unique prefix', () => {
  it('lists the items of a department named by a prefix', async () => {
    const byPrefix = await json(['items', 'list', '--dept', '公安']);
    expect(byPrefix.map((item: { code: string }) => item.code)).toEqual(['XK10003000']);
    expect(await json(['items', 'list', '--dept', '公安局'])).toEqual(byPrefix);
  });

  it('adds a window to a department named by a prefix', async () => {
    expect((await json(['window', 'add', 'G01', '--name', '户籍窗口', '--dept', '公安'])).department).toBe('公安局');
  });

  it('refuses a prefix of several departments, listing them', async () => {
    await json(['dept', 'add', '公积金中心']);
    await refused(['items', 'list', '--dept', '公'], '"公"可指 2 个部门：公安局、公积金中心；请写出更多名称');
    await refused(['window', 'add', 'G01', '--name', '户籍窗口', '--dept', '公'], '"公"可指 2 个部门：公安局、公积金中心；请写出更多名称');
    await refused(['items', 'list', '--dept', '公'], '"公" begins 2 departments: 公安局, 公积金中心; give more of the name', 'en');
  });

  it('takes the exact name even when it begins another', async () => {
    await json(['dept', 'add', '公安局交警支队']);
    expect((await json(['items', 'list', '--dept', '公安局'])).map((item: { code: string }) => item.code)).toEqual(['XK10003000']);
    expect((await json(['window', 'add', 'G01', '--name', '户籍窗口', '--dept', '公安局'])).department).toBe('公安局');
    await refused(['items', 'list', '--dept', '公安'], '"公安"可指 2 个部门：公安局、公安局交警支队');
  });

  it('refuses an unknown department', async () => {
    await refused(['items', 'list', '--dept', '不动产'], '未知部门"不动产"；hall dept list 列出全部部门');
    await refused(['window', 'add', 'B01', '--name', '不动产窗口', '--dept', '不动产'], '未知部门"不动产"');
  });

  it('still adds a department whose name begins an existing one', async () => {
    expect((await run(['dept', 'add', '公安'])).code).toBe(0);
    expect((await json(['items', 'list', '--dept', '公安'])).map((item: { code: string }) => item.code)).toEqual([]);
  });
});

describe('enumerated values in Chinese as in English', () => {
  it('concludes with 准予 and 不予许可', async () => {
    const first = await register('XK10001000');
    const second = await register('XK10001000');
    expect((await json(['case', 'conclude', first, '--outcome', '准予'], '2025-09-30T11:00:00+08:00')).outcome).toBe('approved');
    expect((await json(['case', 'conclude', second, '--outcome', '不予许可'], '2025-09-30T11:00:00+08:00')).outcome).toBe('denied');
    const immediate = await json(['case', 'register', '--item', 'QT10002000', '--applicant', '张三', '--conclude', '准予']);
    expect(immediate).toMatchObject({ state: 'concluded', outcome: 'approved' });
  });

  it('records 扣分 and 表扬', async () => {
    expect((await json(['window', 'record', 'W001', '--kind', '扣分', '--points', '2', '--reason', '脱岗'])).kind).toBe('deduction');
    expect((await json(['window', 'record', 'W001', '--kind', '表扬', '--points', '1', '--reason', '锦旗'])).kind).toBe('commendation');
  });

  it('takes the document type by its name', async () => {
    // A passport number needs the type 其他 (other); as a 身份证 (resident) it is refused.
    const passport = ['case', 'register', '--item', 'XK10001000', '--applicant', 'John', '--applicant-id', 'E12345678', '--show-pii'];
    expect((await json([...passport, '--id-type', '其他'])).applicant_id).toBe('E12345678');
    expect((await json([...passport, '--id-type', '其他证件'])).applicant_id).toBe('E12345678');
    await refused([...passport, '--id-type', '身份证'], '--applicant-id "E12345678" 无效：既不是 18 位居民身份证号码');
    await register('XK10001000', '--applicant-id', '11010519491231002X', '--id-type', '居民身份证');
  });

  it('filters complaints by 待处理 and 已办结', async () => {
    await json(['complaint', 'add', '--window', 'W001', '--channel', '12345', '--summary', '态度']);
    await json(['complaint', 'add', '--window', 'W001', '--channel', '12345', '--summary', '排队']);
    await json(['complaint', 'close', '2', '--substantiated', '否']);
    expect((await json(['complaint', 'list', '--status', '待处理'])).map((row: { id: number }) => row.id)).toEqual([1]);
    expect((await json(['complaint', 'list', '--status', '已办结'])).map((row: { id: number }) => row.id)).toEqual([2]);
  });

  it('filters cases by every status, in Chinese as in English', async () => {
    const overdue = await register('XK10001000'); // due 2025-10-14
    const paused = await register('XK10001000');
    const concluded = await register('XK10001000');
    const withdrawn = await register('XK10001000');
    const refusal = await json(['case', 'refuse', '--item', 'XK10001000', '--applicant', '李四', '--reason', '材料不全']);
    await json(['case', 'supplement', paused, '--materials', '营业执照'], '2025-09-30T11:00:00+08:00');
    await json(['case', 'conclude', concluded, '--outcome', 'approved'], '2025-09-30T11:00:00+08:00');
    await json(['case', 'withdraw', withdrawn], '2025-09-30T11:00:00+08:00');
    const dueSoon = await json(['case', 'register', '--item', 'XK10003000', '--applicant', '王五'], '2025-10-09T09:30:00+08:00'); // due 2025-10-17
    const today = '2025-10-15T09:00:00+08:00';
    const numbers = async (status: string) => (await json(['case', 'list', '--status', status], today)).map((row: { number: string }) => row.number);
    const expected: [string, string, string[]][] = [
      ['办理中', 'open', [overdue, dueSoon.number]],
      ['已暂停', 'paused', [paused]],
      ['超期', 'overdue', [overdue]],
      ['临期', 'due-soon', [dueSoon.number]],
      ['已办结', 'concluded', [concluded]],
      ['已撤回', 'withdrawn', [withdrawn]],
      ['不予受理', 'refused', [refusal.number]],
    ];
    for (const [chinese, english, cases] of expected) {
      expect(await numbers(chinese), chinese).toEqual(cases);
      expect(await numbers(english), english).toEqual(cases);
    }
  });

  it.each<[string, string[], string, string]>([
    [
      '--outcome',
      ['case', 'conclude', '20250930-0001', '--outcome', '驳回'],
      '--outcome "驳回" 无效：应为 准予 或 不予许可（或 approved、denied）',
      '--outcome "驳回" is invalid: use approved or denied (or 准予, 不予许可)',
    ],
    [
      '--conclude',
      ['case', 'register', '--item', 'QT10002000', '--applicant', '张三', '--conclude', '同意'],
      '--conclude "同意" 无效：应为 准予 或 不予许可',
      '--conclude "同意" is invalid: use approved or denied',
    ],
    [
      '--kind',
      ['window', 'record', 'W001', '--kind', '警告', '--points', '1', '--reason', '迟到'],
      '--kind "警告" 无效：应为 扣分 或 表扬（或 deduction、commendation）',
      '--kind "警告" is invalid: use deduction or commendation (or 扣分, 表扬)',
    ],
    [
      'case list --status',
      ['case', 'list', '--status', '过期'],
      '--status "过期" 无效：应为 办理中、已暂停、超期、临期、已办结、已撤回、不予受理 或 已作废（或 open、paused、overdue、due-soon、concluded、withdrawn、refused、voided）',
      '--status "过期" is invalid: use open, paused, overdue, due-soon, concluded, withdrawn, refused or voided (or 办理中, 已暂停, 超期, 临期, 已办结, 已撤回, 不予受理, 已作废)',
    ],
    [
      'complaint list --status',
      ['complaint', 'list', '--status', '处理中'],
      '--status "处理中" 无效：应为 待处理 或 已办结（或 open、closed）',
      '--status "处理中" is invalid: use open or closed (or 待处理, 已办结)',
    ],
    [
      '--id-type',
      ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--applicant-id', 'E12345678', '--id-type', '护照'],
      '--id-type "护照" 无效：应为 居民身份证、统一社会信用代码 或 其他证件（或 resident、credit、other）',
      '--id-type "护照" is invalid: use resident, credit or other (or 居民身份证, 统一社会信用代码, 其他证件)',
    ],
  ])('refuses an unknown %s, listing the allowed values in the run’s language', async (_option, args, zh, en) => {
    await register('XK10001000');
    await refused(args, zh);
    await refused(args, en, 'en');
  });
});
