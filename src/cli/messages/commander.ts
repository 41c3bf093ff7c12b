/** What commander says — refused command lines, help headings, option descriptions — in the run's language. */

import { type LocalText, text } from '../../core/text.js';
import type { Lang } from '../i18n.js';

/** The line under a usage error that says where to read more. */
export function helpHint(command: string, lang: Lang): string {
  return lang === 'zh' ? `查看帮助：${command} --help` : `for help: ${command} --help`;
}

/**
 * What commander refused, as data read from its error (src/cli/app.ts). Commands are
 * named by their path after `hall` (`case list`); options by their flags as the help
 * shows them (`--name <name>`).
 */
export type CommandLineProblem =
  | { problem: 'unknown_command'; command: string; suggestions: readonly string[] }
  | { problem: 'unknown_option'; option: string; suggestions: readonly string[] }
  | { problem: 'missing_option'; option: string }
  | { problem: 'option_without_value'; option: string }
  | { problem: 'missing_argument'; argument: string; description: string }
  | { problem: 'invalid_option_value'; option: string; value: string; choices: readonly string[] }
  | { problem: 'invalid_argument_value'; argument: string; value: string; choices: readonly string[] }
  | { problem: 'excess_arguments'; extra: readonly string[]; expected: number }
  | { problem: 'conflicting_options'; option: string; other: string }
  /** A message commander phrased in a way this catalogue does not know: shown as commander wrote it. */
  | { problem: 'other'; message: string };

function alternatives(suggestions: readonly string[], lang: Lang): string {
  if (suggestions.length === 0) return '';
  return lang === 'zh' ? `（是否想用 ${suggestions.join(' 或 ')}？）` : ` (did you mean ${suggestions.join(' or ')}?)`;
}

function allowed(choices: readonly string[], lang: Lang): string {
  if (choices.length === 0) return '';
  return lang === 'zh' ? `；可用：${choices.join('、')}` : `; allowed: ${choices.join(', ')}`;
}

export function renderCommandLine(problem: CommandLineProblem, lang: Lang): string {
  const zh = lang === 'zh';
  switch (problem.problem) {
    case 'unknown_command':
      return `${zh ? `未知命令 ${problem.command}` : `unknown command ${problem.command}`}${alternatives(problem.suggestions, lang)}`;
    case 'unknown_option':
      return `${zh ? `未知选项 ${problem.option}` : `unknown option ${problem.option}`}${alternatives(problem.suggestions, lang)}`;
    case 'missing_option':
      return zh ? `缺少必填选项 ${problem.option}` : `required option ${problem.option} is missing`;
    case 'option_without_value':
      return zh ? `选项 ${problem.option} 缺少值` : `option ${problem.option} needs a value`;
    case 'missing_argument': {
      const what = problem.description === '' ? '' : zh ? `（${problem.description}）` : ` (${problem.description})`;
      return zh ? `缺少参数 <${problem.argument}>${what}` : `missing argument <${problem.argument}>${what}`;
    }
    case 'invalid_option_value':
      return `${zh ? `${problem.option} 的值"${problem.value}"无效` : `${problem.option}: invalid value "${problem.value}"`}${allowed(problem.choices, lang)}`;
    case 'invalid_argument_value':
      return `${zh ? `参数 <${problem.argument}> 的值"${problem.value}"无效` : `<${problem.argument}>: invalid value "${problem.value}"`}${allowed(problem.choices, lang)}`;
    case 'excess_arguments':
      return zh
        ? `多余的参数 ${problem.extra.join(' ')}（此命令${problem.expected === 0 ? '不带参数' : `只有 ${problem.expected} 个参数`}）`
        : `unexpected argument${problem.extra.length === 1 ? '' : 's'} ${problem.extra.join(' ')} (the command takes ${problem.expected === 0 ? 'none' : problem.expected})`;
    case 'conflicting_options':
      return zh ? `${problem.option} 与 ${problem.other} 不能同时使用` : `${problem.option} cannot be used with ${problem.other}`;
    case 'other':
      return problem.message;
  }
}

/** commander's help headings, by the English title it passes to `styleTitle`. */
export const HELP_TITLES: Record<string, LocalText> = {
  'Usage:': text('用法：', 'Usage:'),
  'Arguments:': text('参数：', 'Arguments:'),
  'Options:': text('选项：', 'Options:'),
  'Global Options:': text('全局选项：', 'Global options:'),
  'Commands:': text('命令：', 'Commands:'),
};

/**
 * An option's description in the help with its allowed values and its default, inside
 * the description's own closing bracket when it has one: `输出格式（xlsx 仅用于报表；可用：table、csv…）`.
 */
export function describeOption(description: string, choices: readonly string[] | undefined, defaultValue: string | undefined, lang: Lang): string {
  const zh = lang === 'zh';
  const parts: string[] = [];
  if (choices) parts.push(zh ? `可用：${choices.join('、')}` : `choices: ${choices.join(', ')}`);
  if (defaultValue !== undefined) parts.push(zh ? `默认：${defaultValue}` : `default: ${defaultValue}`);
  if (parts.length === 0) return description;
  const [open, close, separator] = zh ? ['（', '）', '；'] : [' (', ')', '; '];
  if (description.endsWith(close)) return `${description.slice(0, -close.length)}${separator}${parts.join(separator)}${close}`;
  return `${description}${open}${parts.join(separator)}${close}`;
}
