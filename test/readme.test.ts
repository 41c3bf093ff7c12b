/** The README's command reference cannot drift from `--help`: every command, argument and flag must be in it, row by row. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { App, buildProgram, registerCommands } from '../src/cli/app.js';
import { ROOT } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

async function loadProgram(): Promise<Command> {
  const sink = { write: () => true };
  const app = new App({ stdout: sink, stderr: sink, stdin: process.stdin, env: {} }, 'zh');
  const program = buildProgram(app);
  await registerCommands(program, app, []);
  return program;
}

async function allCommands(): Promise<Command[]> {
  const leaves: Command[] = [];
  const walk = (command: Command) => {
    if (command.commands.length === 0) leaves.push(command);
    command.commands.forEach(walk);
  };
  walk(await loadProgram());
  return leaves.filter((command) => command.name() !== 'help');
}

function path(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/** The long flags a command defines itself (not inherited from the program), without --help. */
function ownFlags(command: Command): string[] {
  return command.options.map((option) => option.long ?? option.flags).filter((flag) => flag !== '--help');
}

const flagsIn = (text: string): string[] => [...new Set(text.match(/--[a-z][a-z0-9-]*/g) ?? [])];

/** The "## 命令参考" section up to the next heading: the global-options paragraph, then the table. */
function reference(): { preamble: string; rows: Map<string, string[]> } {
  const start = readme.indexOf('\n## 命令参考\n');
  expect(start, 'README has no "## 命令参考" section').toBeGreaterThanOrEqual(0);
  const body = readme.slice(start + '\n## 命令参考\n'.length);
  const end = body.search(/^#/m);
  const section = end === -1 ? body : body.slice(0, end);
  const lines = section.split('\n');
  const tableStart = lines.findIndex((line) => line.startsWith('|'));
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(tableStart)) {
    // | `hall case advance <number>` | description — `--to <stage>` …；`--note <text>` … |
    const row = /^\| `hall ([^`]+)` \|(.*)\|\s*$/.exec(line);
    if (row) rows.set(row[1]!, [...(rows.get(row[1]!) ?? []), row[2]!]);
  }
  return { preamble: lines.slice(0, tableStart).join('\n'), rows };
}

describe('README command reference', () => {
  it('lists every command with its arguments', async () => {
    for (const command of await allCommands()) {
      const args = command.registeredArguments.map((argument) => (argument.required ? `<${argument.name()}>` : `[${argument.name()}]`));
      expect(readme, `README lacks "hall ${path(command)}"`).toContain(`hall ${[path(command), ...args].join(' ')}`);
    }
  });

  it('documents the global options once, above the table', async () => {
    const program = await loadProgram();
    const globals = ownFlags(program);
    expect(globals.length).toBeGreaterThan(0);
    const { preamble } = reference();
    for (const flag of globals) expect(flagsIn(preamble), `the global-options paragraph lacks ${flag}`).toContain(flag);
  });

  it('gives every command one row naming exactly its own flags', async () => {
    const globals = new Set(ownFlags(await loadProgram()));
    const { rows } = reference();
    for (const command of await allCommands()) {
      const args = command.registeredArguments.map((argument) => (argument.required ? `<${argument.name()}>` : `[${argument.name()}]`));
      const signature = [path(command), ...args].join(' ');
      const found = rows.get(signature);
      expect(found, `README table has no row for "hall ${signature}"`).toBeDefined();
      expect(found, `README table has ${found?.length} rows for "hall ${signature}"`).toHaveLength(1);
      const own = ownFlags(command);
      // A row may mention a global option in passing; it must name every flag of its own and no other.
      const documented = flagsIn(found![0]!).filter((flag) => !globals.has(flag) || own.includes(flag));
      const missing = own.filter((flag) => !documented.includes(flag));
      const extra = documented.filter((flag) => !own.includes(flag));
      expect({ missing, extra }, `README row for "hall ${signature}" vs hall ${path(command)} --help`).toEqual({ missing: [], extra: [] });
    }
  });

  it('has no row for a command that does not exist', async () => {
    const signatures = new Set(
      (await allCommands()).map((command) =>
        [path(command), ...command.registeredArguments.map((argument) => (argument.required ? `<${argument.name()}>` : `[${argument.name()}]`))].join(' '),
      ),
    );
    const { rows } = reference();
    expect(rows.size).toBeGreaterThan(0);
    for (const signature of rows.keys()) expect(signatures, `README documents "hall ${signature}", which is not a command`).toContain(signature);
  });

  it('gives the two set-up commands first', () => {
    const firstBlock = /```(?:sh|bash)?\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm test');
  });
});
