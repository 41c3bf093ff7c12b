/**
 * Once in a real terminal: tmux runs `hall case register` with no flags, and the test
 * types into the prompts (send-keys) and reads the screen (capture-pane).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dump, fixture, freshDb, hall, ROOT } from './helpers.js';

const hasTmux = spawnSync('sh', ['-c', 'command -v tmux']).status === 0;
const session = `hall-test-${process.pid}`;

function screen(): string {
  return execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
}

async function waitFor(textOnScreen: string, timeoutMs = 10_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const current = screen();
    if (current.includes(textOnScreen)) return current;
    if (Date.now() - started > timeoutMs) throw new Error(`"${textOnScreen}" never appeared; screen:\n${current}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const keys = (...input: string[]) => execFileSync('tmux', ['send-keys', '-t', session, ...input]);

afterEach(() => {
  spawnSync('tmux', ['kill-session', '-t', session]);
});

describe.runIf(hasTmux)('register at a real terminal', () => {
  it('searches the item list and asks for the applicant', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const command = `HALL_NOW=2025-09-30T10:00:00+08:00 HALL_OPERATOR=tester ${process.execPath} ${join(ROOT, 'bin', 'hall.js')} --db ${db} case register; echo "EXIT=$?"; sleep 60`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '30', command]);
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
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const before = dump(db);
    const command = `HALL_NOW=2025-09-30T10:00:00+08:00 HALL_OPERATOR=tester ${process.execPath} ${join(ROOT, 'bin', 'hall.js')} --db ${db} case register; echo "EXIT=$?"; sleep 60`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '30', command]);
    await waitFor('事项（输入编码或名称搜索）');
    keys('护照');
    await waitFor('XK10003000 普通护照签发');
    keys('Enter');
    await waitFor('申请人');
    keys('C-c');
    const final = await waitFor('EXIT=');
    expect(final).toContain('已取消，未登记');
    expect(final).toContain('EXIT=130');
    expect(final).not.toMatch(/ExitPromptError|\bat /);
    expect(dump(db)).toBe(before);
  });
});
