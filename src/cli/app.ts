/**
 * The command frame: builds the commander program, runs one command, and is the only
 * place that turns errors into exit codes (SPEC §4: 1 refused input, 2 usage, 3 storage).
 */
import { Chalk } from 'chalk';
import { Command, CommanderError, Option } from 'commander';
import { HallError } from '../core/errors.js';
import { storageErrorFrom } from '../db/database.js';
import { Context, type GlobalOptions, type Io, type OutputHandling } from './context.js';
import { type Lang, langFromArgv } from './i18n.js';
import { renderError } from './messages.js';
import { COMMANDS, type CommandEntry } from './registry.js';
import type { View } from './render.js';

export type Handler<A extends unknown[]> = (ctx: Context, ...args: A) => Promise<View | void> | View | void;

export class App {
  constructor(
    readonly io: Io,
    readonly lang: Lang,
  ) {}

  /** Text in the language of this run (help descriptions). */
  t(zh: string, en: string): string {
    return this.lang === 'zh' ? zh : en;
  }

  /**
   * Wraps a command handler: builds the context from the global options, renders what
   * the handler returns, and closes the database afterwards.
   */
  action<A extends unknown[]>(handler: Handler<A>, handling: OutputHandling = {}): (...args: unknown[]) => Promise<void> {
    return async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const ctx = new Context(this.io, command.optsWithGlobals() as GlobalOptions, handling);
      try {
        const view = await handler(ctx, ...(args.slice(0, -1) as A));
        if (view) await ctx.emit(view);
      } catch (error) {
        if (ctx.settleOutputFailure(error)) return;
        throw storageErrorFrom(error, ctx.dbPath) ?? error;
      } finally {
        ctx.finish();
      }
    };
  }
}

/** The first word that names a command, skipping the global options and their values. */
function commandWord(argv: readonly string[]): string | undefined {
  const withValue = new Set(['--db', '--format', '--out', '--lang', '--operator']);
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (withValue.has(arg)) index++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

export function buildProgram(app: App): Command {
  const program = new Command('hall');
  program
    .description(
      app.t(
        '政务服务中心办件管理：事项目录、办件、工作日时限、月度统计与窗口考核',
        'government service center toolkit: catalog, cases, working-day deadlines, reports and window assessment',
      ),
    )
    .addOption(new Option('--db <path>', app.t('数据库文件（默认 $HALL_DB，否则 ./hall.db）', 'database file (default $HALL_DB, else ./hall.db)')))
    .addOption(
      new Option('--format <format>', app.t('输出格式（xlsx 仅用于报表）', 'output format (xlsx for reports only)')).choices(['table', 'csv', 'json', 'xlsx']),
    )
    .addOption(new Option('--out <path>', app.t('写入文件而不是标准输出', 'write to a file instead of stdout')))
    .addOption(new Option('--lang <lang>', app.t('语言（默认 zh）', 'language (default zh)')).choices(['zh', 'en']))
    .addOption(new Option('--operator <name>', app.t('操作人（默认 $HALL_OPERATOR，否则系统用户）', 'operator (default $HALL_OPERATOR, else the OS user)')))
    .helpOption('-h, --help', app.t('显示帮助', 'display help'))
    .helpCommand('help [command]', app.t('显示某个命令的帮助', 'display help for a command'))
    .showHelpAfterError()
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (line) => app.io.stdout.write(line),
      writeErr: (line) => app.io.stderr.write(line),
      outputError: (line, write) => write(line),
    });
  return program;
}

/** Registers the commands: the one named in argv, or all of them (for help and suggestions). */
export async function registerCommands(program: Command, app: App, argv: readonly string[]): Promise<void> {
  const word = commandWord(argv);
  const named = COMMANDS.filter((entry) => entry.name === word);
  const entries: readonly CommandEntry[] = named.length > 0 ? named : COMMANDS;
  const loaded = new Set<unknown>();
  for (const entry of entries) {
    const module = await entry.load();
    if (loaded.has(module)) continue;
    loaded.add(module);
    module.register(program, app);
  }
  // Every subcommand inherits exit handling and output routing from the program.
  const configure = (command: Command) => {
    command
      .exitOverride()
      .showHelpAfterError()
      .configureOutput({
        writeOut: (line) => app.io.stdout.write(line),
        writeErr: (line) => app.io.stderr.write(line),
      });
    command.helpOption('-h, --help', app.t('显示帮助', 'display help'));
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
}

function printError(io: Io, message: string, details: readonly string[], lang: Lang): void {
  // Red only on a terminal: a cron log or a pipe gets plain text.
  const paint = new Chalk({ level: io.stderr.isTTY ? 1 : 0 });
  io.stderr.write(`hall: ${paint.red(lang === 'zh' ? '错误' : 'error')}: ${message}\n`);
  for (const detail of details) io.stderr.write(`  ${detail}\n`);
}

/** Runs `hall` with `argv` (without node and script) and returns the exit code. Nothing else exits. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const lang = langFromArgv(argv);
  const app = new App(io, lang);
  const program = buildProgram(app);
  try {
    await registerCommands(program, app, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help asked for is success; help shown because a command group was given
      // without its subcommand ('commander.help') is a usage error, like any other.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      // commander already printed the message and the usage.
      return 2;
    }
    const known = error instanceof HallError ? error : storageErrorFrom(error, '');
    if (known) {
      const { message, details } = renderError(known, lang);
      printError(io, message, details, lang);
      return known.exitCode;
    }
    return reportUnexpected(io, lang, error);
  }
}

/**
 * The last resort for a defect of hall, inside a command or outside one (an error no
 * command awaited): one line and exit 3, a stack only with HALL_DEBUG=1 (SPEC §4).
 */
export function reportUnexpected(io: Io, lang: Lang, error: unknown): 3 {
  const message = error instanceof Error ? error.message : String(error);
  const debug = io.env.HALL_DEBUG === '1';
  const details = debug && error instanceof Error && error.stack ? [error.stack] : [];
  printError(
    io,
    lang === 'zh'
      ? `内部错误：${message}；这是 hall 的缺陷，请把所用命令和这条信息报告给维护人员${debug ? '' : '（设 HALL_DEBUG=1 可看详细信息）'}`
      : `internal error: ${message}; this is a defect in hall: please report the command and this message${debug ? '' : ' (HALL_DEBUG=1 shows details)'}`,
    details,
    lang,
  );
  return 3;
}
