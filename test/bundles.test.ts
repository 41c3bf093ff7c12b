/** `hall bundles import|list|show|export|check` on a temp database: the 一件事 catalog of SPEC §7.1. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/app.js';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

async function catalogDb(): Promise<string> {
  const db = await freshDb();
  const result = await hall(db, ['items', 'import', fixture('demo-catalog.csv')]);
  if (result.code !== 0) throw new Error(result.stderr);
  return db;
}

async function json(db: string, args: string[]): Promise<ReturnType<typeof JSON.parse>> {
  const result = await hall(db, [...args, '--format', 'json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

function csvFile(name: string, content: string, bom = true): string {
  const path = join(tempDir(), name);
  writeFileSync(path, `${bom ? '\uFEFF' : ''}${content}`);
  return path;
}

const HEADER = '一件事编码,一件事名称,牵头部门,承诺时限,法定时限,事项编码,是否必选\n';

describe('bundles import', () => {
  it('reads the GB18030 fixture with merged-cell blanks: nine bundles, members in file order', async () => {
    const db = await catalogDb();
    const summary = await json(db, ['bundles', 'import', fixture('bundles.csv')]);
    expect(summary).toMatchObject({ rows: 32, inserted: 9, updated: 0, unchanged: 0, rejected: 0, rejected_rows: 0, encoding: 'gb18030', dry_run: false });
    const list = await json(db, ['bundles', 'list']);
    expect(list.map((bundle: { code: string }) => bundle.code)).toEqual([
      'YJS001',
      'YJS002',
      'YJS003',
      'YJS004',
      'YJS005',
      'YJS006',
      'YJS007',
      'YJS008',
      'YJS009',
    ]);
    const shop = await json(db, ['bundles', 'show', 'YJS005']);
    expect(shop).toMatchObject({
      code: 'YJS005',
      name: '开办餐饮店一件事',
      lead_department: '市场监督管理局',
      promised_days: 7,
      legal_days: 20,
      status: 'active',
    });
    expect(shop.members.map((member: { item: string; required: boolean }) => `${member.item} ${member.required}`)).toEqual([
      'XK01004000 true',
      'XK02001001 true',
      'QR11002000 true',
      'XK09001000 false',
    ]);
    expect(shop.members[1]).toEqual({
      item: 'XK02001001',
      item_name: '食品经营许可（新办）',
      department: '市场监督管理局',
      window: 'A02',
      window_name: 'A02',
      promised_days: 7,
      limit_unit: 'workday',
      item_status: 'active',
      required: true,
    });
    // 0 + 7 + 0 working days; the optional 公共场所卫生许可 (5) is not counted.
    expect(shop.required_days_sum).toBe(7);
    expect(shop.required_calendar_days_sum).toBe(0);
    // 社会保障卡申领 counts calendar days: summed apart from the working days.
    const newborn = await json(db, ['bundles', 'show', 'YJS002']);
    expect([newborn.required_days_sum, newborn.required_calendar_days_sum]).toEqual([0, 10]);
    const again = await json(db, ['bundles', 'import', fixture('bundles.csv')]);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 9 });
  });

  it('shows a bundle to a clerk: members, departments, windows, limits and the required sum beside its own', async () => {
    const db = await catalogDb();
    await hall(db, ['bundles', 'import', fixture('bundles.csv')]);
    const shown = await hall(db, ['bundles', 'show', 'YJS005']);
    expect(shown.stdout).toContain('承诺时限 7个工作日，法定时限 20个工作日；必选事项分别办理的承诺时限合计 7个工作日');
    expect(shown.stdout).toContain('│    2 │ XK02001001 │ 食品经营许可（新办）');
    expect(shown.stdout).toContain('│ 否   │');
    const english = await hall(db, ['--lang', 'en', 'bundles', 'show', 'YJS002']);
    expect(english.stdout).toContain('the required items one after another are promised immediate + 10 calendar days');
  });

  it('takes English headers, every row repeating the bundle cells in other spellings, 二十-style limits and yes/no', async () => {
    const db = await catalogDb();
    const file = csvFile(
      'english.csv',
      'bundle,bundle_name,lead_department,promised_days,legal_days,item,required\n' +
        'B1,开办企业一件事,市场监督管理局,二,２０个工作日,XK01001000,yes\n' +
        'B1,开办企业一件事,市场监督管理局,2个工作日,20,GG11001000,NO\n',
      false,
    );
    const summary = await json(db, ['bundles', 'import', file]);
    expect(summary).toMatchObject({ inserted: 1, encoding: 'utf-8' });
    const bundle = await json(db, ['bundles', 'show', 'B1']);
    expect([bundle.promised_days, bundle.legal_days]).toEqual([2, 20]);
    expect(bundle.members.map((member: { required: boolean }) => member.required)).toEqual([true, false]);
  });

  it('replaces a stored bundle whole, names what changed, brings a cancelled one back, and --sync cancels the absent', async () => {
    const db = await catalogDb();
    await hall(db, ['bundles', 'import', fixture('bundles.csv')]);
    const file = csvFile(
      'two.csv',
      `${HEADER}YJS001,开办企业一件事,市场监督管理局,2,,XK01001000,是\n,,,,,GG11001000,是\nYJS003,企业注销一件事,市场监督管理局,3个工作日,,XK01003000,是\n,,,,,GG11003000,是\n,,,,,GG04002000,否\n`,
    );
    const before = dump(db);
    const dry = await json(db, ['bundles', 'import', file, '--sync', '--dry-run']);
    expect(dry).toMatchObject({ dry_run: true, updated: 1, unchanged: 1, cancelled: 7 });
    expect(dump(db)).toBe(before);
    const result = await hall(db, ['bundles', 'import', file, '--sync']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('一件事新增 0，更新 1（承诺时限、成员事项），未变 1，拒绝 0（0 行），取消 7');
    expect(result.stdout).toContain('已取消一件事 7 个：YJS002 新生儿出生一件事、YJS004 二手房交易登记一件事');
    const start = await json(db, ['bundles', 'show', 'YJS001']);
    expect(start.promised_days).toBe(2);
    expect(start.members.map((member: { item: string }) => member.item)).toEqual(['XK01001000', 'GG11001000']);
    expect((await json(db, ['bundles', 'list', '--status', 'cancelled'])).length).toBe(7);
    const back = await json(db, ['bundles', 'import', fixture('bundles.csv')]);
    expect(back).toMatchObject({ inserted: 0, updated: 8, unchanged: 1, updated_fields: { promised_days: 1, members: 1, status: 7 } });
    expect((await json(db, ['bundles', 'list', '--status', 'active'])).length).toBe(9);
  });

  it('export writes the import format with a BOM, merged cells blank, and reads back unchanged', async () => {
    const db = await catalogDb();
    await hall(db, ['bundles', 'import', fixture('bundles.csv')]);
    const out = join(tempDir(), 'bundles.csv');
    expect((await hall(db, ['bundles', 'export', '--out', out])).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF一件事编码,一件事名称,牵头部门,承诺时限,法定时限,事项编码,事项名称,是否必选\r\n')).toBe(true);
    expect(text).toContain('YJS002,新生儿出生一件事,公安局,5,,QR03003000,出生登记,是\r\n,,,,,GG05001000,基本医疗保险参保登记,是\r\n');
    const before = dump(db);
    expect(await json(db, ['bundles', 'import', out, '--sync'])).toMatchObject({ unchanged: 9, cancelled: 0 });
    expect(dump(db)).toBe(before);
    const exported = await json(db, ['bundles', 'export']);
    expect(exported).toEqual(await json(db, ['bundles', 'list']));
  });
});

describe('bundles import refuses', () => {
  it('every bad row of the ugly fixture, naming row, column and value, and writes nothing', async () => {
    const db = await catalogDb();
    const before = dump(db);
    const result = await hall(db, ['bundles', 'import', fixture('bundles-bad.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    for (const line of [
      '19 行无效，未写入任何数据（可用 --skip-invalid 只导入有效行）',
      '第 1 行（文件第 2 行），列 一件事编码 = ""：一件事编码为空的行是上一个一件事的续行，但它前面没有一件事',
      '第 2 行（文件第 3 行），列 一件事编码 = "YJS101"：一件事至少要有 2 个事项，这里只有 1 个',
      '第 5 行（文件第 6 行），列 事项编码 = "XK01003000"：事项在本一件事中重复，首次出现在第 3 行（文件第 4 行）',
      '第 7 行（文件第 8 行），列 事项编码 = "XK02009999"：未知事项编码 XK02009999',
      '第 8 行（文件第 9 行），列 牵头部门 = "税务局"：牵头部门须是本一件事某个事项的实施部门（自然资源和规划局）',
      '第 10 行（文件第 11 行），列 承诺时限 = "10个自然日"：一件事的时限按工作日计，不接受自然日',
      '第 13 行（文件第 14 行），列 一件事名称 = "失业保险一件事"：与本一件事第 12 行（文件第 13 行）的"失业一件事"不一致',
      '第 16 行（文件第 17 行），列 是否必选 = "必须"：应为 是 或 否（yes 或 no）',
      '第 17 行（文件第 18 行），列 一件事编码 = "YJS107"：该一件事已在第 14 行（文件第 15 行）起的另一段出现；同一个一件事的各行须连在一起',
      '第 18 行（文件第 19 行），列 承诺时限 = "40个工作日"：承诺时限不能长于法定时限（30 日）',
      // The good rows of a bad bundle are refused with it, naming the bad row.
      '第 4 行（文件第 5 行），列 一件事编码 = ""：同一个一件事的第 5 行（文件第 6 行）无效，整个一件事不导入',
    ]) {
      expect(result.stderr).toContain(line);
    }
    expect(dump(db)).toBe(before);
    const english = await hall(db, ['--lang', 'en', 'bundles', 'import', fixture('bundles-bad.csv')]);
    expect(english.stderr).toContain('row 10 (line 11), column 承诺时限 = "10个自然日": a bundle\'s limits are in working days, not calendar days');
  });

  it('with --skip-invalid writes the valid bundle and every row of each bad bundle to the rejects file', async () => {
    const db = await catalogDb();
    const rejects = join(tempDir(), 'rejects.csv');
    const summary = await json(db, ['bundles', 'import', fixture('bundles-bad.csv'), '--skip-invalid', '--rejects', rejects]);
    expect(summary).toMatchObject({ inserted: 1, rejected: 9, rejected_rows: 19, rejects_file: rejects });
    expect((await json(db, ['bundles', 'list'])).map((bundle: { code: string }) => bundle.code)).toEqual(['YJS110']);
    const lines = readFileSync(rejects, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFF一件事编码,一件事名称,牵头部门,承诺时限,法定时限,事项编码,事项名称,是否必选,错误原因');
    expect(lines.length - 2).toBe(19);
    expect(lines[3]).toBe(
      'YJS102,企业注销一件事,市场监督管理局,3,,XK01003000,企业注销登记,是,一件事编码：同一个一件事的第 5 行（文件第 6 行）无效，整个一件事不导入',
    );
    // A dry run writes no rejects file.
    const dry = join(tempDir(), 'dry.csv');
    await hall(db, ['bundles', 'import', fixture('bundles-bad.csv'), '--skip-invalid', '--rejects', dry, '--dry-run']);
    expect(existsSync(dry)).toBe(false);
  });

  it('a promised limit of 即办, a blank one, and a file without a required column', async () => {
    const db = await catalogDb();
    const before = dump(db);
    const zero = csvFile(
      'zero.csv',
      `${HEADER}B1,开办企业一件事,市场监督管理局,即办,,XK01001000,是\n,,,,,GG11001000,是\nB2,企业注销一件事,市场监督管理局,,,XK01003000,是\n,,,,,GG11003000,是\n`,
    );
    const result = await hall(db, ['bundles', 'import', zero]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('第 1 行（文件第 2 行），列 承诺时限 = "即办"：一件事的承诺时限至少 1 个工作日，不能为即办');
    expect(result.stderr).toContain('第 3 行（文件第 4 行），列 承诺时限 = ""：必填项为空');
    const noLead = csvFile('nolead.csv', '一件事编码,一件事名称,承诺时限,事项编码\nB1,开办企业一件事,1,XK01001000\n');
    const missing = await hall(db, ['bundles', 'import', noLead]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('牵头部门');
    expect(dump(db)).toBe(before);
  });

  it('show of an unknown code', async () => {
    const db = await catalogDb();
    const result = await hall(db, ['bundles', 'show', 'YJS404']);
    expect(result).toMatchObject({ code: 1, stderr: 'hall: 错误: 未知一件事编码 YJS404；hall bundles list 列出全部一件事\n' });
    expect((await hall(db, ['bundles', 'list', '--status', 'gone'])).code).toBe(1);
  });
});

describe('bundles check', () => {
  it('finds required members slower than the bundle, members not active or not in the hall, and a lead without a window', async () => {
    const db = await catalogDb();
    await hall(db, ['bundles', 'import', fixture('bundles.csv')]);
    const clean = await json(db, ['bundles', 'check']);
    // The fixture's one finding: 社会保障卡申领 counts 10 calendar days against 5 working days.
    expect(clean.findings.map((finding: { code: string; item: string; rule: string }) => `${finding.code} ${finding.item} ${finding.rule}`)).toEqual([
      'YJS002 GG04004000 member_slower',
    ]);
    // 药品零售企业经营许可 suspended; 应急管理局's 烟花爆竹 item has no window and no counter of its own.
    await hall(db, ['items', 'import', csvFile('suspend.csv', '事项编码,状态\nXK02002000,暂停\n')]);
    const file = csvFile(
      'more.csv',
      `${HEADER}B1,烟花爆竹零售一件事,应急管理局,5,,XK15001000,是\n,,,,,XK01004000,是\nB2,开办药店一件事,市场监督管理局,10,,XK02002000,是\n,,,,,QR11002000,否\n`,
    );
    await hall(db, ['bundles', 'import', file]);
    const result = await hall(db, ['bundles', 'check', '--format', 'json']);
    expect(result.code).toBe(0);
    const found = JSON.parse(result.stdout);
    expect(found.bundles).toBe(11);
    expect(found.findings.filter((finding: { code: string }) => finding.code.startsWith('B'))).toEqual([
      {
        code: 'B1',
        name: '烟花爆竹零售一件事',
        item: null,
        item_name: null,
        rule: 'lead_no_window',
        department: '应急管理局',
        detail: '牵头部门 应急管理局 在大厅没有窗口，无法一窗受理',
      },
      {
        code: 'B1',
        name: '烟花爆竹零售一件事',
        item: 'XK15001000',
        item_name: '烟花爆竹经营（零售）许可',
        rule: 'member_slower',
        promised: 10,
        unit: 'workday',
        bundle_promised: 5,
        detail: '必选事项承诺 10个工作日，长于一件事的 5个工作日',
      },
      {
        code: 'B1',
        name: '烟花爆竹零售一件事',
        item: 'XK15001000',
        item_name: '烟花爆竹经营（零售）许可',
        rule: 'member_not_in_hall',
        detail: '事项未进驻大厅（没有受理窗口）',
      },
      {
        code: 'B2',
        name: '开办药店一件事',
        item: 'XK02002000',
        item_name: '药品零售企业经营许可',
        rule: 'member_slower',
        promised: 15,
        unit: 'workday',
        bundle_promised: 10,
        detail: '必选事项承诺 15个工作日，长于一件事的 10个工作日',
      },
      {
        code: 'B2',
        name: '开办药店一件事',
        item: 'XK02002000',
        item_name: '药品零售企业经营许可',
        rule: 'member_not_active',
        status: 'suspended',
        detail: '事项已暂停',
      },
    ]);
    // The suspended item is in YJS009 too.
    expect(found.findings.map((finding: { code: string; rule: string }) => `${finding.code} ${finding.rule}`)).toContain('YJS009 member_not_active');
    const table = await hall(db, ['bundles', 'check']);
    expect(table.stdout).toContain('检查在用一件事 11 个，发现 7 个问题');
    expect(table.stdout).toContain('牵头部门无窗口');
  });
});

describe('bundles tables', () => {
  it('fit an 80-column terminal', async () => {
    const db = await catalogDb();
    await hall(db, ['bundles', 'import', fixture('bundles.csv')]);
    for (const args of [
      ['bundles', 'list'],
      ['bundles', 'show', 'YJS002'],
      ['bundles', 'check'],
      ['--lang', 'en', 'bundles', 'list'],
    ]) {
      let out = '';
      const code = await run(['--db', db, ...args], {
        stdout: { write: (chunk: string) => (out += chunk), isTTY: true, columns: 80 },
        stderr: { write: () => true },
        stdin: process.stdin,
        env: { HALL_NOW: '2025-10-09T10:00:00+08:00', HALL_OPERATOR: 'tester' },
      });
      expect(code).toBe(0);
      const text = stripVTControlCharacters(out);
      expect(Math.max(...text.split('\n').map((line) => stringWidth(line))), `${args.join(' ')}\n${text}`).toBeLessThanOrEqual(80);
      expect(text).toContain(args.includes('check') ? 'YJS002' : 'YJS00');
    }
  });
});
