/**
 * The interactive questions of `case register`, in one module so that tests replace it.
 * @inquirer/prompts is loaded only when a clerk actually left a flag out at a terminal.
 */
import { styleText } from 'node:util';
import type { Separator } from '@inquirer/prompts';
import { Cancelled } from '../core/errors.js';
import { PROMPT_KEY_WORDS, PROMPT_NO_MATCH } from './messages.js';

export interface ItemChoice {
  code: string;
  name: string;
  window: string | null;
}

export interface RegistrationAnswers {
  item: string;
  applicant: string;
  applicantId: string;
}

export async function askRegistration(
  items: readonly ItemChoice[],
  known: { item?: string; applicant?: string; applicantId?: string },
  lang: 'zh' | 'en',
): Promise<RegistrationAnswers> {
  try {
    return await ask(items, known, lang);
  } catch (error) {
    // Ctrl-C at a prompt: @inquirer rejects with ExitPromptError. Nothing was written yet.
    if (error instanceof Error && error.name === 'ExitPromptError') throw new Cancelled();
    throw error;
  }
}

/**
 * The search prompt's theme: its key help (`↑↓ navigate • ⏎ select`) in the run's
 * language, styled as @inquirer/search styles it.
 */
export function searchTheme(lang: 'zh' | 'en') {
  return {
    style: {
      keysHelpTip: (keys: [key: string, action: string][]) =>
        keys.map(([key, action]) => `${styleText('bold', key)} ${styleText('dim', PROMPT_KEY_WORDS[action]?.[lang] ?? action)}`).join(styleText('dim', ' • ')),
    },
  };
}

/**
 * The items matching what the clerk typed. When none does, one line says so in the
 * run's language: an empty list would make @inquirer/search print "No results found".
 */
export function matchingItems(
  items: readonly ItemChoice[],
  term: string | undefined,
  lang: 'zh' | 'en',
  separator: (text: string) => Separator,
): ({ name: string; value: string; description: string | undefined } | Separator)[] {
  const needle = (term ?? '').trim();
  const found = items
    .filter((choice) => needle === '' || choice.code.includes(needle) || choice.name.includes(needle))
    .slice(0, 30)
    .map((choice) => ({ name: `${choice.code} ${choice.name}`, value: choice.code, description: choice.window ?? undefined }));
  return found.length === 0 && needle !== '' ? [separator(PROMPT_NO_MATCH[lang])] : found;
}

async function ask(
  items: readonly ItemChoice[],
  known: { item?: string; applicant?: string; applicantId?: string },
  lang: 'zh' | 'en',
): Promise<RegistrationAnswers> {
  const { search, input, Separator } = await import('@inquirer/prompts');
  const zh = lang === 'zh';
  const item =
    known.item ??
    (await search<string>({
      message: zh ? '事项（输入编码或名称搜索）' : 'item (type to search code or name)',
      source: async (term) => matchingItems(items, term, lang, (text) => new Separator(text)),
      theme: searchTheme(lang),
    }));
  // No `required: true`: @inquirer/input would answer an empty value in English; the
  // validation says it in the run's language instead.
  const applicant =
    known.applicant ??
    (await input({ message: zh ? '申请人' : 'applicant', validate: (value) => value.trim() !== '' || (zh ? '申请人不能为空' : 'the applicant is required') }));
  const applicantId = known.applicantId ?? (known.applicant !== undefined ? '' : await input({ message: zh ? '证件号码（可空）' : 'applicant id (optional)' }));
  return { item, applicant: applicant.trim(), applicantId: applicantId.trim() };
}

/** The month of a report, asked at a terminal when no period was given; last month by default. */
export async function askMonth(today: string, lang: 'zh' | 'en'): Promise<string> {
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const last = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  try {
    const { input } = await import('@inquirer/prompts');
    return await input({ message: lang === 'zh' ? '统计月份（YYYY-MM）' : 'month (YYYY-MM)', default: last });
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new Cancelled();
    throw error;
  }
}
