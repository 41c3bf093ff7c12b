/** The README's command reference cannot drift from `--help`: every command, argument and flag must be in it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { App, buildProgram, registerCommands } from '../src/cli/app.js';
import { ROOT } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

async function allCommands(): Promise<Command[]> {
  const sink = { write: () => true };
  const app = new App({ stdout: sink, stderr: sink, stdin: process.stdin, env: {} }, 'zh');
  const program = buildProgram(app);
  await registerCommands(program, app, []);
  const leaves: Command[] = [];
  const walk = (command: Command) => {
    if (command.commands.length === 0) leaves.push(command);
    command.commands.forEach(walk);
  };
  walk(program);
  return leaves.filter((command) => command.name() !== 'help');
}

function path(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

describe('README command reference', () => {
  it('lists every command with its arguments', async () => {
    for (const command of await allCommands()) {
      const args = command.registeredArguments.map((argument) => (argument.required ? `<${argument.name()}>` : `[${argument.name()}]`));
      expect(readme, `README lacks "hall ${path(command)}"`).toContain(`hall ${[path(command), ...args].join(' ')}`);
    }
  });

  it('names every flag of every command', async () => {
    for (const command of await allCommands()) {
      for (const option of command.options) {
        if (option.long === '--help') continue;
        expect(readme, `README lacks ${option.long} of hall ${path(command)}`).toContain(option.long!);
      }
    }
  });

  it('gives the two set-up commands first', () => {
    const firstBlock = /```(?:sh|bash)?\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm test');
  });
});
