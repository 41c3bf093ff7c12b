/**
 * Once in a real terminal: tmux runs `hall case register` with no flags, and the test
 * types into the prompts (send-keys) and reads the screen (capture-pane).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dump, fixture, freshDb, hall, ROOT } from './helpers.js';

const hasTmux = spawnSync('sh', ['-c', 'command -v tmux']).status === 0;
const session = `hall-test-${process.pid}`;

function screen(): string {
  return execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
}

async function waitFor(textOnScreen: string, timeoutMs = 10_000): Promise<string> {
  return waitUntil((current) => current.includes(textOnScreen), `"${textOnScreen}" never appeared`, timeoutMs);
}

async function waitUntil(done: (current: string) => boolean, failure: string, timeoutMs: number): Promise<string> {
  const started = Date.now();
  for (;;) {
    const current = screen();
    if (done(current)) return current;
    if (Date.now() - started > timeoutMs) throw new Error(`${failure}; screen:\n${current}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const keys = (...input: string[]) => execFileSync('tmux', ['send-keys', '-t', session, ...input]);

afterEach(() => {
  spawnSync('tmux', ['kill-session', '-t', session]);
});

/** Starts `hall case register` (with `flags`) in a 120×30 tmux pane on a database holding the test catalog. */
async function startRegister(...flags: string[]): Promise<string> {
  const db = await freshDb();
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
  const command = `HALL_NOW=2025-09-30T10:00:00+08:00 HALL_OPERATOR=tester ${process.execPath} ${join(ROOT, 'bin', 'hall.js')} --db ${db} case register ${flags.join(' ')}; echo "EXIT=$?"; sleep 60`;
  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '30', command]);
  return db;
}

/** Types `search` at the item prompt, takes XK10003000 普通护照签发 and waits for the applicant question. */
async function choosePassport(search: string): Promise<void> {
  await waitFor('事项（输入编码或名称搜索）');
  keys(search);
  await waitFor('XK10003000 普通护照签发');
  keys('Enter');
  await waitFor('申请人');
}

describe.runIf(hasTmux)('register at a real terminal', () => {
  it('searches the item list and asks for the applicant', async () => {
    await startRegister();
    await waitFor('事项（输入编码或名称搜索）');
    // The prompts' own words are Chinese too: the key help, no match, an empty answer.
    await waitFor('↑↓ 移动 • ⏎ 选择');
    keys('驾驶证');
    await waitFor('没有匹配的事项');
    keys('BSpace', 'BSpace', 'BSpace', '护照');
    await waitFor('XK10003000 普通护照签发');
    keys('Enter');
    await waitFor('申请人');
    keys('Enter');
    await waitFor('申请人不能为空');
    keys('李四', 'Enter');
    await waitFor('证件号码（可空）');
    keys('11010519491231002X', 'Enter');
    const final = await waitFor('EXIT=');
    expect(final).toContain('已受理：20250930-0001，承诺期限 2025-10-16，法定期限 2025-10-28');
    expect(final).toContain('申请人 李四（110105********002X）');
    expect(final).toContain('EXIT=0');
  });
  it('Ctrl-C at a prompt cancels: one line, exit 130, nothing written', async () => {
    const db = await startRegister();
    // Nothing is written before the last answer: the file as the prompts found it.
    const before = dump(db);
    await choosePassport('护照');
    keys('C-c');
    const final = await waitFor('EXIT=');
    expect(final).toContain('已取消，未登记');
    expect(final).toContain('EXIT=130');
    expect(final).not.toMatch(/ExitPromptError|\bat /);
    expect(dump(db)).toBe(before);
  });

  it('asks again, keeping what was typed, when the ID number fails its check digit', async () => {
    const db = await startRegister();
    await choosePassport('xk10003'); // codes match whatever the case
    keys('李四', 'Enter');
    await waitFor('证件号码（可空）');
    keys('110105194912310021', 'Enter');
    const refused = await waitFor('居民身份证号码校验位错误（GB 11643），请核对证件');
    expect(refused).toContain('证件号码（可空） 110105194912310021');
    expect(refused).not.toContain('EXIT=');
    keys('BSpace', 'X', 'Enter');
    const final = await waitFor('EXIT=');
    expect(final).toContain('已受理：20250930-0001，承诺期限 2025-10-16');
    expect(final).toContain('申请人 李四（110105********002X）');
    expect(final).toContain('EXIT=0');
    const raw = new BetterSqlite3(db, { readonly: true });
    expect(raw.prepare('SELECT applicant_id, id_type FROM cases_text').all()).toEqual([{ applicant_id: '11010519491231002X', id_type: 'resident' }]);
    raw.close();
  });

  it('offers the other documents for a number that is no resident ID, and a retype', async () => {
    const db = await startRegister();
    await choosePassport('护照');
    keys('John Smith', 'Enter');
    await waitFor('证件号码（可空）');
    keys('E1234567', 'Enter');
    const asked = await waitFor('其他证件');
    expect(asked).toContain('E1234567 不是居民身份证号码或统一社会信用代码；证件类型是：');
    expect(asked).toContain('❯ 重新输入号码');
    expect(asked).toContain('护照');
    keys('Enter'); // 重新输入号码: the number comes back for correcting
    // The input first paints its default as "(E1234567)" and puts it on the editable
    // line a frame later: wait for that frame rather than reading the first one.
    const lastLine = (current: string) => current.trimEnd().split('\n').at(-1);
    const retyping = await waitUntil(
      (current) => !current.includes('其他证件') && lastLine(current) === '? 证件号码（可空） E1234567',
      'the number never came back on the editable line',
      10_000,
    );
    expect(lastLine(retyping)).toBe('? 证件号码（可空） E1234567');
    keys('8', 'Enter');
    await waitFor('E12345678 不是居民身份证号码或统一社会信用代码');
    keys('Down', 'Enter'); // 护照
    const final = await waitFor('EXIT=');
    expect(final).toContain('申请人 John Smith（E1*****78）');
    expect(final).toContain('EXIT=0');
    const raw = new BetterSqlite3(db, { readonly: true });
    expect(raw.prepare('SELECT applicant_id, id_type FROM cases_text').all()).toEqual([{ applicant_id: 'E12345678', id_type: 'other' }]);
    raw.close();
  });

  it('asks for the window of an item not in the hall, and warns when it is of another department', async () => {
    await startRegister();
    await waitFor('事项（输入编码或名称搜索）');
    keys('qt10006');
    const found = await waitFor('未进驻大厅：选定后再选受理窗口'); // the description of the only match
    expect(found).toContain('❯ QT10006000 清真食品标识牌核发');
    keys('Enter');
    await waitFor('受理窗口（该事项未进驻，输入编码或名称搜索）');
    keys('w001');
    await waitFor('❯ W001 市场监管窗口');
    keys('Enter');
    await waitFor('申请人');
    keys('马六', 'Enter');
    await waitFor('证件号码（可空）');
    keys('Enter');
    const final = await waitFor('EXIT=');
    expect(final).toContain('窗口 W001 属于市场监管局，事项 QT10006000 属于民宗局；已照常受理');
    expect(final).toContain('已受理：20250930-0001');
    expect(final).toContain('EXIT=0');
  });

  it('Ctrl-C at the document question after a wrong number: exit 130, nothing written', async () => {
    const db = await startRegister();
    const before = dump(db);
    await choosePassport('护照');
    keys('李四', 'Enter');
    await waitFor('证件号码（可空）');
    keys('110105194912310021', 'Enter');
    await waitFor('校验位错误');
    keys('C-u', 'G1234567', 'Enter');
    await waitFor('证件类型是');
    keys('C-c');
    const final = await waitFor('EXIT=');
    expect(final).toContain('已取消，未登记');
    expect(final).toContain('EXIT=130');
    expect(dump(db)).toBe(before);
  });
  it('finds a bundle in the same search and asks which optional members the applicant wants', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('demo-catalog.csv')]);
    await hall(db, ['bundles', 'import', fixture('bundles.csv')]);
    const command = `HALL_NOW=2025-09-30T10:00:00+08:00 HALL_OPERATOR=tester ${process.execPath} ${join(ROOT, 'bin', 'hall.js')} --db ${db} case register; echo "EXIT=$?"; sleep 60`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '30', command]);
    await waitFor('事项（输入编码或名称搜索）');
    keys('开办企业');
    await waitFor('一件事：开办企业一件事');
    keys('Enter');
    await waitFor('可选事项');
    await waitFor('⏎ 确定');
    // Both optional members come ticked; untick the first (就业登记).
    keys('Space', 'Enter');
    await waitFor('申请人');
    keys('某某公司', 'Enter');
    await waitFor('证件号码（可空）');
    keys('Enter');
    const final = await waitFor('EXIT=');
    expect(final).toContain('已受理一件事 J20250930-0001（开办企业一件事），共 4 件');
    expect(final).toContain('EXIT=0');
  });
});
