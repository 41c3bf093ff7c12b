/**
 * The interactive questions of `case register`, in one module so that tests replace it.
 * @inquirer/prompts is loaded only when a clerk actually left a flag out at a terminal.
 */
import type { Separator } from '@inquirer/prompts';
import chalk from 'chalk';
import { Cancelled, InvalidValue } from '../core/errors.js';
import type { IdType } from '../core/ids.js';
import { PROMPT_KEY_WORDS, PROMPT_NO_MATCH } from './messages/words.js';

export interface ItemChoice {
  code: string;
  name: string;
  /** The item's window, by name; null when the item is not in the hall (未进驻). */
  window: string | null;
}

/** An active bundle (一件事), offered in the same search as the items. */
export interface BundleChoice {
  code: string;
  name: string;
  /** The members a clerk may leave out, in member order. */
  optional: { code: string; name: string }[];
  members: number;
}

/** The search's value for a bundle: item codes never contain a colon. */
const BUNDLE_VALUE = 'bundle:';

export interface WindowChoice {
  code: string;
  name: string;
  department: string | null;
}

export interface KnownAnswers {
  item?: string;
  applicant?: string;
  applicantId?: string;
  /** `--window`: asked for only when the item has none and no flag named one. */
  window?: string;
  /** `--id-type`, already checked: the id is then validated as that type. */
  idType?: IdType;
}

export interface RegistrationAnswers {
  item: string;
  applicant: string;
  applicantId: string;
  /** The window chosen for an item not in the hall; undefined when the item's own (or --window) applies. */
  window?: string;
  /** The document type chosen after an id that is neither a resident ID nor a credit code. */
  idType?: IdType;
  /** A bundle chosen in the search instead of an item (`item` is then empty), and the optional members left out. */
  bundle?: string;
  without?: string[];
}

export async function askRegistration(
  items: readonly ItemChoice[],
  known: KnownAnswers,
  lang: 'zh' | 'en',
  windows: readonly WindowChoice[] = [],
  bundles: readonly BundleChoice[] = [],
): Promise<RegistrationAnswers> {
  try {
    return await ask(items, windows, known, lang, bundles);
  } catch (error) {
    // Ctrl-C at a prompt: @inquirer rejects with ExitPromptError. Nothing was written yet.
    if (error instanceof Error && error.name === 'ExitPromptError') throw new Cancelled('registration');
    throw error;
  }
}

/**
 * What a search term finds: codes are typed in lower case as often as not (`xk0030`
 * for XK00302000), so every field matches regardless of case.
 */
export function matches(term: string | undefined, ...fields: (string | null)[]): boolean {
  const needle = (term ?? '').trim().toLowerCase();
  return needle === '' || fields.some((field) => field?.toLowerCase().includes(needle));
}

/**
 * The theme of the search and select prompts: their key help (`↑↓ navigate • ⏎ select`)
 * in the run's language, styled as @inquirer styles it.
 */
export function searchTheme(lang: 'zh' | 'en') {
  return {
    style: {
      keysHelpTip: (keys: [key: string, action: string][]) =>
        keys.map(([key, action]) => `${chalk.bold(key)} ${chalk.dim(PROMPT_KEY_WORDS[action]?.[lang] ?? action)}`).join(chalk.dim(' • ')),
    },
  };
}

/**
 * The first 30 choices matching what the clerk typed. When none does, one line says so
 * in the run's language: an empty list would make @inquirer/search print "No results found".
 */
export function firstMatches<T>(found: readonly T[], term: string | undefined, none: string, separator: (text: string) => Separator): (T | Separator)[] {
  const shown = found.slice(0, 30);
  return shown.length === 0 && (term ?? '').trim() !== '' ? [separator(none)] : shown;
}

async function ask(
  items: readonly ItemChoice[],
  windows: readonly WindowChoice[],
  known: KnownAnswers,
  lang: 'zh' | 'en',
  bundles: readonly BundleChoice[],
): Promise<RegistrationAnswers> {
  const { search, input, checkbox, Separator } = await import('@inquirer/prompts');
  const separator = (text: string) => new Separator(text);
  const zh = lang === 'zh';
  const bundleWord = zh ? '一件事' : 'bundle';
  const picked =
    known.item ??
    (await search<string>({
      message: zh ? '事项（输入编码或名称搜索）' : 'item (type to search code or name)',
      source: async (term) =>
        firstMatches(
          [
            ...items
              .filter((choice) => matches(term, choice.code, choice.name))
              .map((choice) => ({
                name: `${choice.code} ${choice.name}`,
                value: choice.code,
                description: choice.window ?? (zh ? '未进驻大厅：选定后再选受理窗口' : 'not in the hall: the window is asked next'),
              })),
            // After the items, so that the list a clerk knows starts as it always did; 一件事 or a name finds them.
            ...bundles
              .filter((choice) => matches(term, choice.code, choice.name, '一件事', 'bundle'))
              .map((choice) => ({
                name: `${bundleWord}：${choice.name}`,
                value: `${BUNDLE_VALUE}${choice.code}`,
                description: zh ? `${choice.code}，${choice.members} 个事项一次受理` : `${choice.code}: ${choice.members} items accepted at once`,
              })),
          ],
          term,
          PROMPT_NO_MATCH.item[lang],
          separator,
        ),
      theme: searchTheme(lang),
    }));
  const bundle = picked.startsWith(BUNDLE_VALUE) ? bundles.find((choice) => `${BUNDLE_VALUE}${choice.code}` === picked) : undefined;
  const item = bundle ? '' : picked;
  // The optional members of a bundle, all ticked: the clerk unticks what the applicant does not want.
  const kept =
    bundle && bundle.optional.length > 0
      ? await checkbox<string>({
          message: zh ? '可选事项（空格勾选或取消）' : 'optional members (space to tick or untick)',
          choices: bundle.optional.map((member) => ({ name: `${member.code} ${member.name}`, value: member.code, checked: true })),
          theme: searchTheme(lang),
        })
      : [];
  const without = bundle ? bundle.optional.map((member) => member.code).filter((code) => !kept.includes(code)) : undefined;
  // An item not in the hall has no default window (SPEC §3.2): ask for it here rather
  // than fail after everything else was typed.
  const notInHall = known.window === undefined && items.some((choice) => choice.code === item && choice.window === null);
  const window = notInHall
    ? await search<string>({
        message: zh ? '受理窗口（该事项未进驻，输入编码或名称搜索）' : 'accepting window (the item is not in the hall; type to search)',
        source: async (term) =>
          firstMatches(
            windows
              .filter((choice) => matches(term, choice.code, choice.name, choice.department))
              .map((choice) => ({
                name: `${choice.code} ${choice.name}`,
                value: choice.code,
                description: choice.department ?? (zh ? '综合窗口' : 'general window'),
              })),
            term,
            PROMPT_NO_MATCH.window[lang],
            separator,
          ),
        theme: searchTheme(lang),
      })
    : undefined;
  // No `required: true`: @inquirer/input would answer an empty value in English; the
  // validation says it in the run's language instead.
  const applicant =
    known.applicant ??
    (await input({ message: zh ? '申请人' : 'applicant', validate: (value) => value.trim() !== '' || (zh ? '申请人不能为空' : 'the applicant is required') }));
  // With --applicant given a script-like call is meant: the id is not asked for.
  const id =
    known.applicantId !== undefined || known.applicant !== undefined
      ? { applicantId: known.applicantId ?? '', idType: known.idType }
      : await askApplicantId(known.idType, lang);
  const chosen = bundle ? { bundle: bundle.code, without } : {};
  return { item, window, applicant: applicant.trim(), applicantId: id.applicantId.trim(), idType: id.idType, ...chosen };
}

/**
 * `case register --bundle CODE` without `--applicant` at a terminal: the applicant and
 * their id only, asked as for an item (the bundle and its members came as flags).
 */
export async function askApplicant(
  known: { applicantId?: string; idType?: IdType },
  lang: 'zh' | 'en',
): Promise<{ applicant: string; applicantId: string; idType?: IdType }> {
  try {
    const { input } = await import('@inquirer/prompts');
    const zh = lang === 'zh';
    const applicant = await input({
      message: zh ? '申请人' : 'applicant',
      validate: (value) => value.trim() !== '' || (zh ? '申请人不能为空' : 'the applicant is required'),
    });
    const id = known.applicantId !== undefined ? { applicantId: known.applicantId, idType: known.idType } : await askApplicantId(known.idType, lang);
    return { applicant: applicant.trim(), applicantId: id.applicantId.trim(), idType: id.idType };
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new Cancelled('registration');
    throw error;
  }
}

/**
 * The applicant's document number, checked as it is typed in by the same rules as
 * `--applicant-id` (src/core/case-values.ts): a resident ID with a wrong check digit is
 * refused in the prompt, which keeps the text for correcting; a number that is neither a
 * resident ID nor a credit code is asked about — a passport, a 港澳通行证, another
 * document, or a typo to correct — instead of ending the registration with an error.
 */
async function askApplicantId(idType: IdType | undefined, lang: 'zh' | 'en'): Promise<{ applicantId: string; idType?: IdType }> {
  const { input, select } = await import('@inquirer/prompts');
  const { checkApplicantId } = await import('../core/case-values.js');
  const { renderProblem } = await import('./messages/problems.js');
  const zh = lang === 'zh';
  const problemOf = (value: string) => {
    try {
      checkApplicantId('applicant_id', value, idType);
      return null;
    } catch (error) {
      if (error instanceof InvalidValue) return error.problem;
      throw error;
    }
  };
  let typed = '';
  for (;;) {
    const value = await input({
      message: zh ? '证件号码（可空）' : 'applicant id (optional)',
      default: typed,
      prefill: 'editable',
      validate: (answer) => {
        const problem = problemOf(answer);
        // A form nothing recognises may be another document: that is asked next.
        if (problem === null || (problem.rule === 'id_form' && idType === undefined)) return true;
        return renderProblem(problem, lang);
      },
    });
    if (problemOf(value) === null) return { applicantId: value, idType };
    const choice = await select<'retype' | 'other'>({
      theme: searchTheme(lang),
      message: zh ? `${value} 不是居民身份证号码或统一社会信用代码；证件类型是：` : `${value} is neither a resident ID nor a credit code; the document is:`,
      choices: [
        { name: zh ? '重新输入号码' : 'retype the number', value: 'retype' },
        { name: zh ? '护照' : 'passport', value: 'other' },
        { name: zh ? '港澳居民来往内地通行证 / 往来港澳通行证' : 'Hong Kong / Macao travel permit', value: 'other' },
        { name: zh ? '其他证件' : 'another document', value: 'other' },
      ],
    });
    if (choice === 'other') return { applicantId: value, idType: 'other' };
    typed = value;
  }
}

/** The month of a report, asked at a terminal when no period was given; last month by default. */
export async function askMonth(today: string, lang: 'zh' | 'en'): Promise<string> {
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const last = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  try {
    const { input } = await import('@inquirer/prompts');
    return await input({ message: lang === 'zh' ? '统计月份（YYYY-MM）' : 'month (YYYY-MM)', default: last });
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new Cancelled('report_month');
    throw error;
  }
}
