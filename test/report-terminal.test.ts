/**
 * Once in a real terminal: tmux runs `hall report monthly` without a month, which asks
 * for one; Ctrl-C there says the report was not made (not a registration's words).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dump, freshDb, ROOT } from './helpers.js';

const hasTmux = spawnSync('sh', ['-c', 'command -v tmux']).status === 0;
const session = `hall-report-test-${process.pid}`;

const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });

async function waitFor(textOnScreen: string, timeoutMs = 10_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const current = screen();
    if (current.includes(textOnScreen)) return current;
    if (Date.now() - started > timeoutMs) throw new Error(`"${textOnScreen}" never appeared; screen:\n${current}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterEach(() => {
  spawnSync('tmux', ['kill-session', '-t', session]);
});

describe.runIf(hasTmux)('the report month prompt at a real terminal', () => {
  it.each([
    ['zh', '统计月份（YYYY-MM）', '已取消，未生成报表，未作任何改动'],
    ['en', 'month (YYYY-MM)', 'cancelled; no report was made and nothing was changed'],
  ])('Ctrl-C at the month prompt (%s) says no report was made, exits 130 and writes nothing', async (lang, question, words) => {
    const db = await freshDb();
    const before = dump(db);
    const command = `HALL_NOW=2025-10-09T10:00:00+08:00 ${process.execPath} ${join(ROOT, 'bin', 'hall.js')} --db ${db} --lang ${lang} report monthly; echo "EXIT=$?"; sleep 60`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '30', command]);
    await waitFor(question);
    execFileSync('tmux', ['send-keys', '-t', session, 'C-c']);
    const final = await waitFor('EXIT=');
    expect(final).toContain(words);
    expect(final).not.toContain(lang === 'zh' ? '未登记' : 'registered');
    expect(final).toContain('EXIT=130');
    expect(final).not.toMatch(/ExitPromptError|\bat /);
    expect(dump(db)).toBe(before);
  });
});
