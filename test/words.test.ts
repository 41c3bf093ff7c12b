/**
 * Chinese mode speaks Chinese: commander's errors and help headings, rule names in
 * `items check`, item statuses in `window show`, calendar sources, and the prompts'
 * own texts; `--lang en` says the same in English.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { Argument, Command, CommanderError, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandLineProblem } from '../src/cli/app.js';
import { renderCommandLine } from '../src/cli/messages/commander.js';
import { firstMatches, matches, searchTheme } from '../src/cli/prompt.js';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

describe('usage errors: one line and a hint to the help, exit 2', () => {
  it.each([
    [['item'], 'hall: 用法错误: 未知命令 item（是否想用 items？）\n  查看帮助：hall --help\n'],
    [['dept', 'lst'], 'hall: 用法错误: 未知命令 dept lst（是否想用 dept list？）\n  查看帮助：hall dept --help\n'],
    [['cases', 'list'], 'hall: 用法错误: 未知命令 cases list（是否想用 case list？）\n  查看帮助：hall cases --help\n'],
    [['case', 'import', 'x.csv'], 'hall: 用法错误: 未知命令 case import（是否想用 cases import？）\n  查看帮助：hall case --help\n'],
    [['dept', 'list', '--colour'], 'hall: 用法错误: 未知选项 --colour\n  查看帮助：hall dept list --help\n'],
    [['dept', 'list', '--lnag', 'en'], 'hall: 用法错误: 未知选项 --lnag（是否想用 --lang？）\n  查看帮助：hall dept list --help\n'],
    [
      ['complaint', 'add', '--window', 'W001', '--summary', '态度差'],
      'hall: 用法错误: 缺少必填选项 --channel <channel>\n  查看帮助：hall complaint add --help\n',
    ],
    [['calendar', 'add', '2025-10-09'], 'hall: 用法错误: 缺少参数 <n>（工作日数）\n  查看帮助：hall calendar add --help\n'],
    [['dept', 'add', '民政局', '人社局'], 'hall: 用法错误: 多余的参数 人社局（此命令只有 1 个参数）\n  查看帮助：hall dept add --help\n'],
    [['dept', 'list', '--format', 'xml'], 'hall: 用法错误: --format 的值"xml"无效；可用：table、csv、json、xlsx、html\n  查看帮助：hall --help\n'],
    [['dept', 'list', '--operator'], 'hall: 用法错误: 选项 --operator <name> 缺少值\n  查看帮助：hall --help\n'],
  ])('hall %j', async (args, stderr) => {
    const db = await freshDb();
    const before = dump(db);
    expect(await hall(db, args)).toEqual({ code: 2, stdout: '', stderr });
    expect(dump(db)).toBe(before);
  });

  it.each([
    [['item'], 'hall: usage error: unknown command item (did you mean items?)\n  for help: hall --help\n'],
    [['cases', 'list'], 'hall: usage error: unknown command cases list (did you mean case list?)\n  for help: hall cases --help\n'],
    [['dept', 'list', '--colour'], 'hall: usage error: unknown option --colour\n  for help: hall dept list --help\n'],
    [
      ['complaint', 'add', '--window', 'W001', '--summary', 'rude'],
      'hall: usage error: required option --channel <channel> is missing\n  for help: hall complaint add --help\n',
    ],
    [['dept', 'list', 'all'], 'hall: usage error: unexpected argument all (the command takes none)\n  for help: hall dept list --help\n'],
  ])('hall --lang en %j', async (args, stderr) => {
    const db = await freshDb();
    expect(await hall(db, ['--lang', 'en', ...args])).toEqual({ code: 2, stdout: '', stderr });
  });

  it('says the usage errors hall finds itself the same way', async () => {
    const db = await freshDb();
    const result = await hall(db, ['case', 'register', '--item', 'XK10003000']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hall: 用法错误: 缺少 --applicant（不在终端上运行时不会提示输入）\n  查看帮助：hall case register --help\n',
    });
    // A bad HALL_NOW is mended in the environment, not by reading a command's help.
    expect((await hall(db, ['dept', 'list'], { HALL_NOW: 'tomorrow' })).stderr).not.toContain('--help');
  });
});

describe("commander's sentences no hall command meets today", () => {
  /** Parses `args` with a real commander command and reads its refusal as hall does. */
  function refusal(args: string[]): string {
    const program = new Command('hall').exitOverride().configureOutput({ writeErr: () => {}, outputError: () => {} });
    const day = program
      .command('day')
      .exitOverride()
      .addArgument(new Argument('<kind>').choices(['holiday', 'workday']))
      .addOption(new Option('--backoffice').conflicts('atWindow'))
      .addOption(new Option('--at-window'))
      .action(() => {});
    try {
      program.parse(args, { from: 'user' });
    } catch (error) {
      if (!(error instanceof CommanderError)) throw error;
      const problem = commandLineProblem(error, day);
      return `${renderCommandLine(problem, 'zh')} | ${renderCommandLine(problem, 'en')}`;
    }
    throw new Error('commander accepted the arguments');
  }

  it('an argument outside its choices, and two options that exclude each other', () => {
    expect(refusal(['day', 'rest'])).toBe('参数 <kind> 的值"rest"无效；可用：holiday、workday | <kind>: invalid value "rest"; allowed: holiday, workday');
    expect(refusal(['day', 'holiday', '--backoffice', '--at-window'])).toBe(
      '--backoffice 与 --at-window 不能同时使用 | --backoffice cannot be used with --at-window',
    );
  });

  it('a sentence it does not know is shown as commander wrote it', () => {
    const problem = commandLineProblem(new CommanderError(1, 'commander.someday', 'error: something new'), new Command('hall'));
    expect(renderCommandLine(problem, 'zh')).toBe('something new');
  });
});

describe('help in the run language', () => {
  it('titles the sections in Chinese and lists the global options on every command', async () => {
    const help = await hall(null, ['case', 'list', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^用法： hall case list \[options\]\n/);
    expect(help.stdout).toContain('\n选项：\n  --window <code>');
    expect(help.stdout).toContain('\n全局选项：\n  --db <path>');
    for (const flag of ['--format', '--out', '--lang', '--operator']) expect(help.stdout).toContain(`  ${flag} <`);
    expect(help.stdout).toContain('输出格式（xlsx、html 仅用于报表；可用：table、csv、json、xlsx、html）');
    expect(help.stdout).not.toMatch(/Usage|Options|choices/);
  });

  it('titles arguments, commands and defaults in Chinese', async () => {
    const help = (await hall(null, ['items', 'import', '--help'])).stdout;
    expect(help).toContain('\n参数：\n  file');
    expect(help).toContain('auto | utf8 | gb18030（默认：auto）');
    expect((await hall(null, ['--help'])).stdout).toContain('\n命令：\n  init');
  });

  it('keeps English headings with --lang en', async () => {
    const help = (await hall(null, ['--lang', 'en', 'case', 'list', '--help'])).stdout;
    expect(help).toMatch(/^Usage: hall case list \[options\]\n/);
    expect(help).toContain('\nGlobal options:\n  --db <path>');
  });

  it('hall help case list shows the help of case list, not of case', async () => {
    const help = await hall(null, ['help', 'case', 'list']);
    expect(help).toEqual(await hall(null, ['case', 'list', '--help']));
    expect(help.stdout).toContain('用法： hall case list [options]');
    expect((await hall(null, ['--lang', 'en', 'help', 'case', 'list'])).stdout).toContain('Usage: hall case list [options]');
    expect((await hall(null, ['help'])).stdout).toContain('用法： hall [options] [command]');
  });

  it('a command group without its subcommand shows its help on stderr, exit 2', async () => {
    const group = await hall(null, ['dept']);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('用法： hall dept [options] [command]');
    expect(group.stderr).toContain('\n命令：\n  add <name>');
  });
});

describe('words instead of codes in tables', () => {
  it('items check names its rules in words; csv and json keep the rule id', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const table = (await hall(db, ['items', 'check'])).stdout;
    expect(table).toContain('│ QT10006000 │ 清真食品标识牌核发       │ 未进驻     │');
    expect(table).toContain('│ GG10005000 │ 就业登记                 │ 未申报授权 │');
    expect(table).not.toMatch(/no_window|authorization_not_declared/);
    expect((await hall(db, ['--lang', 'en', 'items', 'check'])).stdout).toContain('│ no window        │');
    const csv = (await hall(db, ['items', 'check', '--format', 'csv'])).stdout;
    expect(csv).toContain('QT10006000,清真食品标识牌核发,no_window,未进驻大厅（没有受理窗口）');
    expect(JSON.parse((await hall(db, ['items', 'check', '--format', 'json'])).stdout).findings[0]).toMatchObject({
      rule: 'authorization_not_declared',
    });
  });

  it('items check says how far a promised limit falls short of the 30% compression', async () => {
    const db = await freshDb();
    const file = join(tempDir(), 'compression.csv');
    writeFileSync(
      file,
      [
        '事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限',
        'XK20001000,印章刻制许可,公安局,行政许可,20,15',
        'XK20002000,典当业特种行业许可,公安局,行政许可,20,20',
      ].join('\n'),
    );
    await hall(db, ['items', 'import', file]);
    const findings = JSON.parse((await hall(db, ['items', 'check', '--format', 'json'])).stdout).findings as { code: string; rule: string; detail: string }[];
    const compression = findings.filter((finding) => finding.rule === 'compression_under_30');
    expect(compression.map((finding) => finding.detail)).toEqual([
      '承诺时限 15 日，比法定 20 日仅压缩 25%（要求至少 30%）',
      '承诺时限 20 日，与法定 20 日相同，未压缩（要求至少 30%）',
    ]);
    const english = JSON.parse((await hall(db, ['--lang', 'en', 'items', 'check', '--format', 'json'])).stdout).findings as { rule: string; detail: string }[];
    expect(english.find((finding) => finding.rule === 'compression_under_30')!.detail).toBe('promised 15 days is only 25% below the legal 20 (30% required)');
  });

  it('window show gives the item status as items list does', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    const table = (await hall(db, ['window', 'show', 'W001'])).stdout;
    expect(table).toContain('│ XK10001000 │ 食品经营许可         │ 5个工作日 │ 在用 │');
    expect(table).not.toContain('active');
    expect((await hall(db, ['--lang', 'en', 'window', 'show', 'W001'])).stdout).toMatch(/│ XK10001000 .* │ active │/);
    const json = JSON.parse((await hall(db, ['window', 'show', 'W001', '--format', 'json'])).stdout);
    expect(json.item_list[0].status).toBe('active');
  });

  it('calendar show says where a day came from in words; json keeps the stored source', async () => {
    const db = await freshDb();
    await hall(db, ['--operator', 'root', 'calendar', 'set', '2025-12-31', 'holiday', '--note', '地方假日']);
    await hall(db, ['calendar', 'import', fixture('calendar-2027.csv')]);
    const table = (await hall(db, ['calendar', 'show', '--year', '2025'])).stdout;
    expect(table).toContain('│ 2025-12-31 │ 周三 │ 放假     │ 地方假日 │ 手工设置（root） │');
    expect(table).toContain('│ 2025-10-11 │ 周六 │ 调休上班 │ 国庆节   │ 国务院办公厅通知 │');
    expect(table).not.toContain('calendar set');
    const english = (await hall(db, ['--lang', 'en', 'calendar', 'show', '--year', '2025'])).stdout;
    expect(english).toContain('│ set by root          │');
    expect(english).toContain('│ State Council notice │');
    expect((await hall(db, ['calendar', 'show', '--year', '2027'])).stdout).toContain('导入 calendar-2027.csv');
    const json = JSON.parse((await hall(db, ['calendar', 'show', '--year', '2025', '--format', 'json'])).stdout);
    expect(json.days).toContainEqual({ date: '2025-12-31', kind: 'holiday', note: '地方假日', source: 'calendar set (root)' });
  });
});

describe('the prompts speak the run language', () => {
  it('the item search names its keys in Chinese, in English with --lang en', () => {
    const keys: [string, string][] = [
      ['↑↓', 'navigate'],
      ['⏎', 'select'],
    ];
    expect(stripVTControlCharacters(searchTheme('zh').style.keysHelpTip(keys))).toBe('↑↓ 移动 • ⏎ 选择');
    expect(stripVTControlCharacters(searchTheme('en').style.keysHelpTip(keys))).toBe('↑↓ navigate • ⏎ select');
  });

  it('an item search without a match says so in words, not with an empty list', () => {
    const items = [{ code: 'XK10003000', name: '普通护照签发', window: '出入境窗口' }];
    const separator = (text: string) => ({ separator: text }) as never;
    const found = (term: string) => items.filter((item) => matches(term, item.code, item.name));
    expect(firstMatches(found('驾驶证'), '驾驶证', '没有匹配的事项', separator)).toEqual([{ separator: '没有匹配的事项' }]);
    expect(firstMatches(found('护照'), '护照', '没有匹配的事项', separator)).toEqual(items);
    expect(firstMatches(found('xk1000'), 'xk1000', '没有匹配的事项', separator)).toEqual(items);
  });
});
