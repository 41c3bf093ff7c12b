/**
 * The interactive questions of `case register`, in one module so that tests replace it.
 * @inquirer/prompts is loaded only when a clerk actually left a flag out at a terminal.
 */
import { Cancelled } from '../core/errors.js';

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

async function ask(
  items: readonly ItemChoice[],
  known: { item?: string; applicant?: string; applicantId?: string },
  lang: 'zh' | 'en',
): Promise<RegistrationAnswers> {
  const { search, input } = await import('@inquirer/prompts');
  const zh = lang === 'zh';
  const item =
    known.item ??
    (await search<string>({
      message: zh ? '事项（输入编码或名称搜索）' : 'item (type to search code or name)',
      source: async (term) => {
        const needle = (term ?? '').trim();
        return items
          .filter((choice) => needle === '' || choice.code.includes(needle) || choice.name.includes(needle))
          .slice(0, 30)
          .map((choice) => ({ name: `${choice.code} ${choice.name}`, value: choice.code, description: choice.window ?? undefined }));
      },
    }));
  const applicant =
    known.applicant ??
    (await input({ message: zh ? '申请人' : 'applicant', required: true, validate: (value) => value.trim() !== '' || (zh ? '申请人不能为空' : 'required') }));
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
