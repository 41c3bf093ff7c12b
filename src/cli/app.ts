/**
 * The command frame: builds the commander program, runs one command, and is the only
 * place that turns errors into exit codes (SPEC §4: 1 refused input, 2 usage, 3 storage).
 */
import { readFileSync } from 'node:fs';
import { type Argument, Command, CommanderError, Help, type HelpConfiguration, Option } from 'commander';
import { HallError, PeriodUnclear, UsageError } from '../core/errors.js';
import { storageErrorFrom } from '../db/database.js';
import { Context, type GlobalOptions, type Io, type OutputHandling } from './context.js';
import { helpDisplayWidth, helpWidthOf, wrapHelp } from './help-layout.js';
import { type Lang, langFromArgv } from './i18n.js';
import { type CommandLineProblem, describeOption, HELP_TITLES, helpHint, renderCommandLine } from './messages/commander.js';
import { ERROR_LABELS, periodUsage, renderError } from './messages/errors.js';
import { COMMANDS, type CommandEntry } from './registry.js';
import { FORMATS, type View } from './render.js';
import { tint } from './tint.js';

export type Handler<A extends unknown[]> = (ctx: Context, ...args: A) => Promise<View | void> | View | void;

export class App {
  /** The command commander stopped in, or the one running: a usage error names its help. */
  activeCommand: Command | undefined;

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
      this.activeCommand = command;
      const ctx = new Context(this.io, command.optsWithGlobals() as GlobalOptions, handling);
      try {
        const view = await handler(ctx, ...(args.slice(0, -1) as A));
        if (view) await ctx.emit(view);
        if (view?.failure) throw view.failure;
      } catch (error) {
        if (ctx.settleOutputFailure(error)) return;
        throw storageErrorFrom(error, ctx.dbPath) ?? error;
      } finally {
        ctx.finish();
      }
    };
  }
}

/** Where the first word that names a command is, skipping the global options and their values; -1 if none. */
function commandWordIndex(argv: readonly string[]): number {
  const withValue = new Set(['--db', '--format', '--out', '--lang', '--operator']);
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (withValue.has(arg)) index++;
    else if (!arg.startsWith('-')) return index;
  }
  return -1;
}

function commandWord(argv: readonly string[]): string | undefined {
  return argv[commandWordIndex(argv)];
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
    .addOption(new Option('--format <format>', app.t('输出格式（xlsx、html 仅用于报表）', 'output format (xlsx and html for reports only)')).choices(FORMATS))
    .addOption(new Option('--out <path>', app.t('写入文件而不是标准输出', 'write to a file instead of stdout')))
    .addOption(new Option('--lang <lang>', app.t('语言（默认 zh）', 'language (default zh)')).choices(['zh', 'en']))
    .addOption(new Option('--operator <name>', app.t('操作人（默认 $HALL_OPERATOR，否则系统用户）', 'operator (default $HALL_OPERATOR, else the OS user)')))
    .addOption(new Option('-V, --version', app.t('显示版本号', 'display the version number')))
    .helpOption('-h, --help', app.t('显示帮助', 'display help'))
    .helpCommand('help [command]', app.t('显示某个命令的帮助', 'display help for a command'))
    .showSuggestionAfterError();
  // package.json is read only when the version is asked for: every other run starts without it.
  program.on('option:version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    app.io.stdout.write(`${version}\n`);
    throw new CommanderError(0, 'commander.version', version);
  });
  configureFrame(program, app);
  return program;
}

/**
 * What every command shares: help in the run's language with the global options listed,
 * and errors left to run(), which prints them in one line with a hint to the help.
 */
function configureFrame(command: Command, app: App): void {
  command
    .exitOverride((error) => {
      app.activeCommand = command;
      throw error;
    })
    .showHelpAfterError(false)
    .configureHelp(helpConfiguration(app))
    .configureOutput({
      writeOut: (line) => app.io.stdout.write(line),
      writeErr: (line) => app.io.stderr.write(line),
      getOutHelpWidth: () => helpWidthOf(app.io.stdout),
      getErrHelpWidth: () => helpWidthOf(app.io.stderr),
      outputError: () => {},
    });
}

function helpConfiguration(app: App): HelpConfiguration {
  // commander shows a default only for an option that takes a value, as here.
  const shownDefault = (option: Option | Argument) =>
    option.defaultValue === undefined || (option instanceof Option && !option.required && !option.optional)
      ? undefined
      : (option.defaultValueDescription ?? String(option.defaultValue));
  const describe = (option: Option | Argument) => describeOption(option.description, option.argChoices, shownDefault(option), app.lang);
  return {
    showGlobalOptions: true,
    styleTitle: (title) => HELP_TITLES[title]?.[app.lang] ?? title,
    optionDescription: describe,
    argumentDescription: describe,
    // Wrapped by display width, at spaces and between Chinese characters, never inside
    // a word or a flag; commander would leave a description unwrapped below 40 columns.
    displayWidth: helpDisplayWidth,
    boxWrap: wrapHelp,
    minWidthToWrap: 12,
    // `hall case list --help` lists the options a command takes, not the program's --version.
    visibleGlobalOptions(this: Help, command: Command) {
      return Help.prototype.visibleGlobalOptions.call(this, command).filter((option) => option.long !== '--version');
    },
  };
}

/**
 * `hall help case list` as `hall case list --help`: commander's help command reads one
 * word, so it would show the help of `case`.
 */
function helpAsOption(argv: readonly string[]): readonly string[] {
  const index = commandWordIndex(argv);
  if (index === -1 || argv[index] !== 'help') return argv;
  return [...argv.slice(0, index), ...argv.slice(index + 1), '--help'];
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
  // Every subcommand shares exit handling, output routing and help with the program.
  const configure = (command: Command) => {
    configureFrame(command, app);
    command.helpOption('-h, --help', app.t('显示帮助', 'display help'));
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
}

/** A command as the user types it after `hall`: `case list`. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

function suggestionsIn(message: string): string[] {
  const match = /\(Did you mean (?:one of )?(.+)\?\)/.exec(message);
  return match ? match[1]!.split(', ') : [];
}

/**
 * Reads what commander refused from its error. commander carries only an English
 * sentence, so each code's sentence is matched here; one this does not know is shown
 * as commander wrote it rather than lost.
 */
export function commandLineProblem(error: CommanderError, command: Command): CommandLineProblem {
  const message = error.message;
  const prefix = commandPath(command);
  const within = (name: string) => (prefix === '' ? name : `${prefix} ${name}`);
  const choices = (rest: string | undefined) => /Allowed choices are (.*)\.$/.exec(rest ?? '')?.[1]?.split(', ') ?? [];
  const read = (pattern: RegExp) => pattern.exec(message) ?? undefined;
  switch (error.code) {
    case 'commander.unknownCommand': {
      const match = read(/^error: unknown command '(.*?)'/);
      if (match) return { problem: 'unknown_command', command: within(match[1]!), suggestions: suggestionsIn(message).map(within) };
      break;
    }
    case 'commander.unknownOption': {
      const match = read(/^error: unknown option '(.*?)'/);
      if (match) return { problem: 'unknown_option', option: match[1]!, suggestions: suggestionsIn(message) };
      break;
    }
    case 'commander.missingMandatoryOptionValue': {
      const match = read(/^error: required option '(.*)' not specified$/);
      if (match) return { problem: 'missing_option', option: match[1]! };
      break;
    }
    case 'commander.optionMissingArgument': {
      const match = read(/^error: option '(.*)' argument missing$/);
      if (match) return { problem: 'option_without_value', option: match[1]! };
      break;
    }
    case 'commander.missingArgument': {
      const match = read(/^error: missing required argument '(.*)'$/);
      if (match) {
        const description = command.registeredArguments.find((argument) => argument.name() === match[1])?.description ?? '';
        return { problem: 'missing_argument', argument: match[1]!, description };
      }
      break;
    }
    case 'commander.invalidArgument': {
      const option = read(/^error: option '(.*?)(?: <.*>)?' argument '(.*)' is invalid\.\s*([\s\S]*)$/);
      if (option) return { problem: 'invalid_option_value', option: option[1]!, value: option[2]!, choices: choices(option[3]) };
      const argument = read(/^error: command-argument value '(.*)' is invalid for argument '(.*?)'\.\s*([\s\S]*)$/);
      if (argument) return { problem: 'invalid_argument_value', argument: argument[2]!, value: argument[1]!, choices: choices(argument[3]) };
      break;
    }
    case 'commander.excessArguments': {
      const expected = command.registeredArguments.length;
      return { problem: 'excess_arguments', extra: command.args.slice(expected), expected };
    }
    case 'commander.conflictingOption': {
      const match = read(/^error: (?:option|environment variable) '(.*)' cannot be used with (?:option|environment variable) '(.*)'$/);
      if (match) return { problem: 'conflicting_options', option: match[1]!, other: match[2]! };
      break;
    }
  }
  return { problem: 'other', message: message.replace(/^error: /, '') };
}

/**
 * `hall cases list`: no such subcommand, but the group with the name the clerk probably
 * meant (case, cases) has one. Only the typed group was loaded, so all are loaded here.
 */
async function otherGroupSuggestion(app: App, group: Command, word: string): Promise<string | undefined> {
  const sink = { write: () => true };
  const everything = new App({ ...app.io, stdout: sink, stderr: sink }, app.lang);
  const program = buildProgram(everything);
  await registerCommands(program, everything, []);
  const name = group.name();
  const near = program.commands.find(
    (other) => other.name() !== name && (other.name().startsWith(name) || name.startsWith(other.name())) && other.commands.some((sub) => sub.name() === word),
  );
  return near ? `${near.name()} ${word}` : undefined;
}

async function usageProblem(app: App, error: CommanderError, command: Command): Promise<CommandLineProblem> {
  const problem = commandLineProblem(error, command);
  if (problem.problem === 'unknown_command' && problem.suggestions.length === 0 && command.parent) {
    const suggestion = await otherGroupSuggestion(app, command, command.args[0] ?? '');
    if (suggestion) return { ...problem, suggestions: [suggestion] };
  }
  return problem;
}

function printError(io: Io, message: string, details: readonly string[], lang: Lang, label: keyof typeof ERROR_LABELS = 'error'): void {
  // Red only on a terminal: a cron log or a pipe gets plain text.
  io.stderr.write(`hall: ${tint(ERROR_LABELS[label][lang], 'red', io.stderr.isTTY === true)}: ${message}\n`);
  for (const detail of details) io.stderr.write(`  ${detail}\n`);
}

function helpOf(command: Command | undefined): string {
  const path = command ? commandPath(command) : '';
  return path === '' ? 'hall' : `hall ${path}`;
}

/** Runs `hall` with `argv` (without node and script) and returns the exit code. Nothing else exits. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const lang = langFromArgv(argv);
  const app = new App(io, lang);
  const program = buildProgram(app);
  try {
    const words = helpAsOption(argv);
    await registerCommands(program, app, words);
    await program.parseAsync([...words], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help asked for is success; help shown because a command group was given
      // without its subcommand ('commander.help') is a usage error, like any other:
      // that help, on stderr, is what the clerk needs to pick the subcommand.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 2;
      const command = app.activeCommand ?? program;
      printError(io, renderCommandLine(await usageProblem(app, error, command), lang), [helpHint(helpOf(command), lang)], lang, 'usage');
      return 2;
    }
    const known = error instanceof HallError ? error : storageErrorFrom(error, '');
    const usage = known instanceof PeriodUnclear ? periodUsage(known) : known;
    if (usage instanceof UsageError) {
      const { message } = renderError(usage, lang);
      // A bad environment variable (HALL_NOW, HALL_DB) is not mended by reading a command's help.
      const aboutOptions = usage.names.some((name) => name.startsWith('--'));
      const hint = aboutOptions ? [helpHint(helpOf(app.activeCommand), lang)] : [];
      printError(io, message, hint, lang, 'usage');
      return usage.exitCode;
    }
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
