/**
 * The one message catalogue. The core and the store throw errors that carry data;
 * here each becomes a sentence in the run's language, naming the case, the value and
 * what is allowed, and — because only the command line knows its flags — the flag
 * to use. The compiler checks that every error class, rule and notice has words.
 */

import type { CaseCaches } from '../core/case-record.js';
import {
  CASE_STATUS_WORDS,
  CASE_STATUSES,
  CHANNEL_WORDS,
  CHANNELS,
  ID_TYPE_WORDS,
  ID_TYPES,
  LEVEL_WORDS,
  OUTCOME_WORDS,
  OUTCOMES,
} from '../core/case-values.js';
import { ITEM_TYPES, type ItemStatus, STAGE_NAMES, STAGES, STATUS_NAMES, type Stage } from '../core/catalog.js';
import {
  AlreadyExists,
  AlreadyRated,
  AmbiguousName,
  Cancelled,
  CannotUnsetDay,
  CaseNotFound,
  ComplaintClosed,
  ComplaintNotFound,
  DatabaseMissing,
  DatabaseNotEmpty,
  EmptyImport,
  EventBeforeLast,
  FileNotFound,
  type HallError,
  IllegalAdvance,
  IllegalTransition,
  ImportRejected,
  InvalidValue,
  ItemNotActive,
  ItemNotInHall,
  MalformedCsv,
  MissingColumns,
  NotImmediate,
  type Notice,
  OutputExists,
  OutputUnwritable,
  type Problem,
  RowRejected,
  RubricRejected,
  type Rule,
  StaleCaches,
  StorageFailure,
  Undecodable,
  UnknownDepartment,
  UnknownItem,
  UnknownWindow,
  UsageError,
} from '../core/errors.js';
import type { CaseCommand, CaseState } from '../core/lifecycle.js';
import { COMPLAINT_STATUS_WORDS, COMPLAINT_STATUSES, RECORD_KIND_WORDS, RECORD_KINDS } from '../core/oversight.js';
import { type LocalText, text } from '../core/text.js';
import type { Lang } from './i18n.js';

/** Fields given as a command's argument rather than an option, by what they name. */
const ARGUMENT_WORDS: Record<string, LocalText> = {
  department: text('部门名称', 'department name'),
  window_code: text('窗口编码', 'window code'),
  complaint_id: text('投诉编号', 'complaint id'),
  day: text('日期', 'date'),
  day_kind: text('类型', 'kind'),
  working_days: text('工作日数', 'working days'),
};

/**
 * The field a `before` / `after` / `needs` problem compares with, outside an import
 * (an import names the file's own column instead, in src/io/import-pipeline.ts).
 */
const COMPARED_FIELD_WORDS: Record<string, LocalText> = {
  accepted_at: text('受理时间', 'the acceptance'),
  to: text(' --to', '--to'),
};

function otherField(other: string): LocalText {
  return COMPARED_FIELD_WORDS[other] ?? text(other, other);
}

/** How a field is named to the user: its argument, or the option it is given with (`applicant_id` → `--applicant-id`). */
export function fieldName(field: string, lang: Lang): string {
  return ARGUMENT_WORDS[field]?.[lang] ?? `--${field.replaceAll('_', '-')}`;
}

/**
 * A stored timestamp (always in the center's offset) as a clerk writes it and Excel
 * reads it: `2025-10-09 14:30`. JSON output keeps the full timestamp with its offset.
 */
export function localMinute(at: string): string {
  return at.slice(0, 16).replace('T', ' ');
}

export const STATE_WORDS: Record<CaseState, LocalText> = {
  open: text('办理中', 'open'),
  paused: text('已暂停', 'paused'),
  concluded: text('已办结', 'concluded'),
  withdrawn: text('已撤回', 'withdrawn'),
  refused: text('不予受理', 'refused'),
};

export const DAY_KIND_WORDS: Record<'holiday' | 'workday', LocalText> = {
  holiday: text('放假', 'holiday'),
  workday: text('调休上班', 'make-up working day'),
};

/**
 * Under a list: how many rows match and, when the table shows only some of them, which
 * (the newest cases; the first items by code) and how to see the rest.
 */
export function listFooter(what: 'cases' | 'items', total: number, shown: number): LocalText {
  const count = total.toLocaleString('en-US');
  const unit = what === 'cases' ? '件' : '项';
  const noun = `${what === 'cases' ? 'case' : 'item'}${total === 1 ? '' : 's'}`;
  if (shown >= total) return text(`共 ${count} ${unit}`, `${count} ${noun}`);
  const more = text('--limit N 或 --all 查看更多', '--limit N or --all to see more');
  return what === 'cases'
    ? text(`共 ${count} 件，显示最新 ${shown} 件；${more.zh}`, `${count} cases, showing the newest ${shown}; ${more.en}`)
    : text(`共 ${count} 项，按编码显示前 ${shown} 项；${more.zh}`, `${count} items, showing the first ${shown} by code; ${more.en}`);
}

export const COMMAND_WORDS: Record<CaseCommand, LocalText> = {
  advance: text('推进', 'advance'),
  supplement: text('补正', 'supplement'),
  suspend: text('特别程序', 'suspend'),
  resume: text('恢复', 'resume'),
  conclude: text('办结', 'conclude'),
  deliver: text('送达', 'deliver'),
  withdraw: text('撤回', 'withdraw'),
};

export function stageWord(stage: Stage, lang: Lang): string {
  return lang === 'zh' ? STAGE_NAMES[stage] : stage;
}

/** An item's status as `items list` shows it: 在用 in Chinese, the stored word in English. */
export function itemStatusWord(status: ItemStatus, lang: Lang): string {
  return lang === 'zh' ? STATUS_NAMES[status] : status;
}

/** The findings of `items check` by rule: the table shows these words, csv and json keep the rule id for scripts. */
export const CHECK_RULE_WORDS = {
  promised_over_legal: text('承诺超法定', 'promised > legal'),
  compression_under_30: text('压缩不足 30%', 'under 30% compression'),
  mixed_units: text('时限单位不同', 'mixed units'),
  no_window: text('未进驻', 'no window'),
  authorization_not_declared: text('未申报授权', 'no authorization'),
  duplicate_name: text('名称重复', 'duplicate name'),
} satisfies Record<string, LocalText>;

export type CheckRule = keyof typeof CHECK_RULE_WORDS;

/** The cached columns of a case as `hall doctor` names them when one disagrees with the events. */
export const CACHE_COLUMN_WORDS: Record<keyof CaseCaches, LocalText> = {
  state: text('状态', 'state'),
  stage: text('环节', 'stage'),
  delivered: text('已送达', 'delivered'),
  outcome: text('办理结果', 'outcome'),
  accepted_at: text('受理时间', 'accepted at'),
  accepted_date: text('受理日期', 'accepted on'),
  refused_date: text('不予受理日期', 'refused on'),
  concluded_at: text('办结时间', 'concluded at'),
  concluded_date: text('办结日期', 'concluded on'),
  ended_date: text('终结日期', 'ended on'),
  paused_since: text('暂停起始日', 'paused since'),
  deadline: text('承诺期限', 'deadline'),
  legal_deadline: text('法定期限', 'legal deadline'),
  days_used: text('已用工作日', 'days used'),
  on_time: text('按时办结', 'on time'),
  same_day: text('当日办结', 'same day'),
  on_site: text('现场办结', 'on site'),
  last_event_at: text('最后事件时间', 'last event at'),
};

/** Where a calendar day came from, as the calendar tables show it (json keeps the stored source). */
export const CALENDAR_SOURCE_WORDS = {
  official: text('国务院办公厅通知', 'State Council notice'),
  set: (operator: string) => text(`手工设置（${operator}）`, `set by ${operator}`),
  imported: (file: string) => text(`导入 ${file}`, `imported from ${file}`),
};

/**
 * The words @inquirer/prompts would say in English: the key help of a search
 * (`↑↓ navigate • ⏎ select`, by the action it names) and its empty result.
 */
export const PROMPT_KEY_WORDS: Record<string, LocalText> = {
  navigate: text('移动', 'navigate'),
  select: text('选择', 'select'),
};
export const PROMPT_NO_MATCH = { item: text('没有匹配的事项', 'no matching item'), window: text('没有匹配的窗口', 'no matching window') };

function stages(list: readonly Stage[], lang: Lang): string {
  return list.map((stage) => stageWord(stage, lang)).join(lang === 'zh' ? '、' : ', ');
}

/** `a、b 或 c` / `a, b or c`. */
function oneOf(values: readonly string[], lang: Lang): string {
  const last = values.at(-1) ?? '';
  if (values.length < 2) return last;
  const rest = values.slice(0, -1).join(lang === 'zh' ? '、' : ', ');
  return lang === 'zh' ? `${rest} 或 ${last}` : `${rest} or ${last}`;
}

/**
 * The values an enumerated option accepts, in the run's language first: the Chinese
 * word (the first of each value's words) for zh, the English name for en.
 */
function allowedValues<T extends string>(values: readonly T[], words: Record<T, readonly string[]>): LocalText {
  const chinese = values.map((value) => words[value][0]!);
  return text(`应为 ${oneOf(chinese, 'zh')}（或 ${values.join('、')}）`, `use ${oneOf(values, 'en')} (or ${chinese.join(', ')})`);
}

type ProblemOf<R extends Rule> = Extract<Problem, { rule: R }>;

/** Why a value was refused, without the value itself (the caller names it). */
const PROBLEMS: { [R in Rule]: (problem: ProblemOf<R>, lang: Lang) => LocalText } = {
  required: () => text('必填项为空', 'required value is empty'),
  days: () => text('应为天数，如 20、20个工作日、二十、30个自然日、即办', 'expected a number of days such as 20, 20个工作日, 二十, 30个自然日 or 即办'),
  fee: () => text('应为金额（元），如 50、50元、50.00 或 不收费', 'expected an amount in yuan such as 50, 50元, 50.00 or 不收费'),
  fee_negative: () => text('收费不能为负数', 'a fee cannot be negative'),
  days_too_large: ({ max }) => text(`时限过长，不能超过 ${max} 天`, `too long; at most ${max} days`),
  fee_too_large: ({ maxYuan }) => text(`金额过大，不能超过 ${maxYuan} 元`, `too large; at most ${maxYuan} yuan`),
  item_type: () =>
    text(`未知的事项类型；可用：${ITEM_TYPES.join('、')}，或编码 01–10、20`, `unknown item type; allowed: ${ITEM_TYPES.join(', ')}, or the codes 01–10 and 20`),
  item_kind: () => text('办件类型应为 即办件 或 承诺件（或 1、2）', 'kind must be 即办件 or 承诺件 (or 1, 2)'),
  kind_contradicts_limit: ({ promised }) =>
    text(
      `与承诺时限 ${promised} 日矛盾：承诺时限为 0 的是即办件，其余是承诺件`,
      `contradicts the promised limit of ${promised} days: 即办件 has limit 0, 承诺件 more`,
    ),
  promised_over_legal: ({ legal }) => text(`承诺时限不能长于法定时限（${legal} 日）`, `the promised limit exceeds the legal limit (${legal} days)`),
  legal_under_promised: ({ promised }) =>
    text(
      `法定时限不能短于该事项的承诺时限（${promised} 日）；请同时调整承诺时限`,
      `the legal limit is shorter than the item's promised limit (${promised} days); change the promised limit too`,
    ),
  drops_authorized_stage: ({ dropped }) =>
    text(
      `去掉了已授权给窗口的环节 ${stages(dropped, 'zh')}；请同时给出窗口授权列`,
      `removes ${stages(dropped, 'en')}, which the window is authorized for; give the 窗口授权 column too`,
    ),
  new_item_needs: ({ columns }) =>
    text(`目录中没有此事项，新增事项需要列：${columns.join('、')}`, `not in the catalog; a new item needs the column(s) ${columns.join(', ')}`),
  item_status: () =>
    text('状态应为 在用、暂停 或 取消（或 active、suspended、cancelled）', 'status must be 在用, 暂停 or 取消 (or active, suspended, cancelled)'),
  stage: ({ name }) =>
    text(
      `未知的办理环节"${name}"；可用：${STAGES.map((s) => STAGE_NAMES[s]).join('、')}`,
      `unknown stage "${name}"; allowed: ${STAGES.join(', ')} (or ${STAGES.map((s) => STAGE_NAMES[s]).join(', ')})`,
    ),
  stage_not_in_item: ({ foreign, stages: own }) =>
    text(
      `${stages(foreign, 'zh')} 不在本事项的办理环节（${own.map((s) => STAGE_NAMES[s]).join('>')}）中`,
      `${stages(foreign, 'en')} is not one of the item's stages (${own.join('>')})`,
    ),
  integer_range: ({ min, max }) => text(`应为 ${min}–${max} 的整数`, `expected a whole number from ${min} to ${max}`),
  date: () => text('不是有效日期（应为 YYYY-MM-DD）', 'not a valid date (expected YYYY-MM-DD)'),
  date_range: () => text('日期应在 1949-10-01 至 2199-12-31 之间', 'dates must lie between 1949-10-01 and 2199-12-31'),
  timestamp: () =>
    text('不是有效时间（如 2025-10-09 14:30 或 2025-10-09T14:30:00+08:00）', 'not a valid time (e.g. 2025-10-09 14:30 or 2025-10-09T14:30:00+08:00)'),
  in_future: () => text('晚于当前时间；事件发生后才能登记', 'lies in the future; events are recorded after they happen'),
  day_kind: () => text('应为 holiday（放假）或 workday（调休上班）', 'must be holiday or workday'),
  channel: () =>
    text(
      `应为 ${CHANNELS.map((c) => CHANNEL_WORDS[c]).join('、')}（或 ${CHANNELS.join('、')}）`,
      `use ${CHANNELS.join(', ')} (or ${CHANNELS.map((c) => CHANNEL_WORDS[c]).join(', ')})`,
    ),
  complaint_channel: () => text('应为 现场、电话、12345、信箱 或 网络', 'use 现场, 电话, 12345, 信箱 or 网络'),
  level: () =>
    text(
      `应为 1–5（${Object.entries(LEVEL_WORDS)
        .reverse()
        .map(([level, word]) => `${level} ${word}`)
        .join('、')}）`,
      'use 1–5 (5 very satisfied … 1 very dissatisfied)',
    ),
  outcome: () => allowedValues(OUTCOMES, OUTCOME_WORDS),
  import_outcome: () => text('办理结果应为 准予、不予许可、撤回 或 不予受理', 'outcome must be 准予, 不予许可, 撤回 or 不予受理'),
  yes_no: () => text('应为 是 或 否（yes 或 no）', 'use yes or no (是 or 否)'),
  id_type: () => allowedValues(ID_TYPES, ID_TYPE_WORDS),
  resident_id_check: () => text('居民身份证号码校验位错误（GB 11643），请核对证件', 'the resident ID fails the GB 11643 check digit; check the document'),
  id_form: () => text('既不是 18 位居民身份证号码，也不是统一社会信用代码', 'neither an 18-character resident ID nor a credit code'),
  case_number_form: () => text('办件编号应为 YYYYMMDD-NNNN', 'the case number must look like YYYYMMDD-NNNN'),
  case_number_taken: () => text('办件编号已存在', 'the case number already exists'),
  before: ({ other }) => text(`早于${otherField(other).zh}`, `lies before ${otherField(other).en}`),
  after: ({ other }) => text(`晚于${otherField(other).zh}`, `lies after ${otherField(other).en}`),
  needs: ({ other }) => text(`需要同时填写 ${otherField(other).zh}`, `needs ${otherField(other).en} as well`),
  window_code: () => text('窗口编码只能使用字母、数字、- 和 _', 'a window code uses letters, digits, - and _ only'),
  points: () => text('应为 0 到 100 之间的正数', 'must be a positive number up to 100'),
  year: () => text('不是有效年份（1949–2199）', 'not a valid year (1949–2199)'),
  month: () => text('应为 YYYY-MM（月份 01–12），或 last（上月）、this（本月）', 'use YYYY-MM (month 01–12), last or this'),
  quarter: () => text('应为 YYYYQn（n 为 1–4，如 2026Q3），或 last、this', 'use YYYYQn with n from 1 to 4 (e.g. 2026Q3), last or this'),
  // Both are accepted: a Chinese run is shown the tables' own titles, an English one the names.
  report_section: ({ sections }) =>
    text(
      `未知的报表部分；可用：${sections.map((section) => section.title.zh).join('、')}（或 ${sections.map((section) => section.name).join('、')}）`,
      `unknown section; use ${sections.map((section) => section.name).join(', ')}`,
    ),
  working_days_count: () => text('应为非负整数个工作日', 'must be a non-negative whole number of working days'),
  case_status: () => allowedValues(CASE_STATUSES, CASE_STATUS_WORDS),
  complaint_status: () => allowedValues(COMPLAINT_STATUSES, COMPLAINT_STATUS_WORDS),
  encoding: () => text('应为 auto、utf8 或 gb18030', 'use auto, utf8 or gb18030'),
  clock_time: () => text('应为 HH:MM（如 17:30）', 'must be HH:MM (e.g. 17:30)'),
  time_zone: () => text('不是有效的时区（如 Asia/Shanghai）', 'not a valid time zone (e.g. Asia/Shanghai)'),
  warning_days: () => text('应为 0–99 的整数', 'must be a whole number from 0 to 99'),
  record_kind: () => allowedValues(RECORD_KINDS, RECORD_KIND_WORDS),
  whole_number: () => text('应为正整数', 'must be a whole number'),
  list_limit: () => text('应为正整数（显示的行数）', 'must be a whole number of rows, 1 or more'),
  duplicate_code: ({ firstRow, firstLine }) =>
    text(
      `文件中的事项编码重复，首次出现在第 ${firstRow} 行（文件第 ${firstLine} 行）`,
      `duplicate code in the file; first seen in row ${firstRow} (line ${firstLine})`,
    ),
  unknown_department_strict: () =>
    text('未知部门（--strict 不自动创建；请先 hall dept add）', 'unknown department (--strict creates none; add it with hall dept add)'),
  unknown_window_strict: () =>
    text('未知窗口（--strict 不自动创建；请先 hall window add）', 'unknown window (--strict creates none; add it with hall window add)'),
  unknown_parent: () =>
    text('上级事项编码不存在（文件和目录中都没有，或该行无效）', 'unknown parent code (neither a valid row of the file nor an item in the catalog)'),
  parent_cycle: ({ path }) => text(`上级事项编码形成循环：${path.join(' → ')}`, `parent codes form a cycle: ${path.join(' → ')}`),
  duplicate_case_number: ({ firstRow, firstLine }) =>
    text(
      `文件中的办件编号重复，首次出现在第 ${firstRow} 行（文件第 ${firstLine} 行）`,
      `duplicate case number in the file; first seen in row ${firstRow} (line ${firstLine})`,
    ),
  refused: ({ error }, lang) => {
    const { message } = renderError(error, lang, false);
    return text(message, message);
  },
};

/** What to type instead, where the command line offers a way out of the problem. */
const FLAG_HINTS: Partial<Record<Rule, LocalText>> = {
  resident_id_check: text('外国护照等其他证件请加 --id-type other', 'use --id-type other for other documents'),
  id_form: text('护照、港澳通行证等请加 --id-type other', 'use --id-type other for passports and permits'),
};

export function renderProblem(problem: Problem, lang: Lang): string {
  const words = (PROBLEMS[problem.rule] as (problem: Problem, lang: Lang) => LocalText)(problem, lang);
  return words[lang];
}

type NoticeKind = Notice['notice'];
const NOTICES: { [K in NoticeKind]: (notice: Extract<Notice, { notice: K }>) => LocalText } = {
  credit_code_check: ({ id }) =>
    text(
      `统一社会信用代码 ${id} 未通过 GB 32100 校验，已照常登记，请核对营业执照`,
      `credit code ${id} fails the GB 32100 check; registered anyway — check the licence`,
    ),
  unknown_columns: ({ columns, count }) => {
    const zh = columns.map((column) => `"${column}"`).join('、');
    const en = columns.map((column) => `"${column}"`).join(', ');
    if (count === 1) return text(`忽略未知列${zh}`, `ignored unknown column ${en}`);
    const more = count > columns.length;
    return text(
      `忽略 ${count} 个未知列：${zh}${more ? ` 等（只列出前 ${columns.length} 个）` : ''}`,
      `ignored ${count} unknown columns: ${en}${more ? ` and more (the first ${columns.length} shown)` : ''}`,
    );
  },
  window_of_other_department: ({ window, windowDepartment, item, itemDepartment }) =>
    text(
      `窗口 ${window} 属于${windowDepartment}，事项 ${item} 属于${itemDepartment}；已照常受理，如选错窗口请撤回后重新登记`,
      `window ${window} belongs to ${windowDepartment}, item ${item} to ${itemDepartment}; registered anyway — if the window is wrong, withdraw and register again`,
    ),
  duplicate_column: ({ column, used }) => text(`忽略重复列"${column}"（已使用"${used}"）`, `ignored column "${column}" (already read "${used}")`),
  output_not_written: ({ path, code }) =>
    text(
      `已完成并保存，但输出未能写入 ${path}（${code}）；可用 hall case show 等命令再次查看`,
      `done and saved, but the output could not be written to ${path} (${code}); show it again with hall case show and the like`,
    ),
  calendar_year_missing: ({ year }) =>
    text(
      `日历中没有 ${year} 年的节假日安排，该年只按周末计算；请用 hall calendar import 导入`,
      `the calendar has no holiday schedule for ${year}; that year counts weekends only — add it with hall calendar import`,
    ),
};

export function renderNotice(notice: Notice, lang: Lang): string {
  return (NOTICES[notice.notice] as (notice: Notice) => LocalText)(notice)[lang];
}

/** `第 3 行（文件第 4 行），列 承诺时限 = "二十天"：…` — one refused cell of an import. */
export function renderRow(row: RowRejected, lang: Lang): string {
  const reason = renderProblem(row.problem, lang);
  return lang === 'zh'
    ? `第 ${row.row} 行（文件第 ${row.line} 行），列 ${row.column} = "${row.value}"：${reason}`
    : `row ${row.row} (line ${row.line}), column ${row.column} = "${row.value}": ${reason}`;
}

/** The reason column of a rejects file: `承诺时限：…`. */
export function renderRowReason(row: RowRejected, lang: Lang): string {
  return `${row.column}${lang === 'zh' ? '：' : ': '}${renderProblem(row.problem, lang)}`;
}

export interface RenderedError {
  message: string;
  details: string[];
}

function allowedCommands(allowed: readonly CaseCommand[], lang: Lang): string {
  if (allowed.length === 0) return lang === 'zh' ? '该办件已终结，不能再变更' : 'the case is closed; nothing more can change';
  return lang === 'zh' ? `可执行：${allowed.map((name) => `${name}（${COMMAND_WORDS[name].zh}）`).join('、')}` : `allowed: ${allowed.join(', ')}`;
}

/**
 * The sentence for an error in the run's language. `withFlags` is false where the
 * error is reported inside an import row, where no flag applies.
 */
export function renderError(error: HallError, lang: Lang, withFlags = true): RenderedError {
  const say = (words: LocalText, details: string[] = []): RenderedError => ({ message: words[lang], details });
  if (error instanceof InvalidValue) {
    const hint = withFlags ? FLAG_HINTS[error.problem.rule] : undefined;
    const reason = `${renderProblem(error.problem, lang)}${hint ? (lang === 'zh' ? `；${hint.zh}` : ` (${hint.en})`) : ''}`;
    const name = withFlags ? fieldName(error.field, lang) : error.field;
    return say(text(`${name} "${error.value}" 无效：${reason}`, `${name} "${error.value}" is invalid: ${reason}`));
  }
  if (error instanceof RowRejected) return say(text(`${error.file}：${renderRow(error, 'zh')}`, `${error.file}: ${renderRow(error, 'en')}`));
  if (error instanceof ImportRejected) {
    const skip = error.canSkipInvalid ? text('（可用 --skip-invalid 只导入有效行）', ' (--skip-invalid imports the valid rows only)') : text('', '');
    return say(
      text(
        `${error.file}：${error.rejected} 行无效，未写入任何数据${skip.zh}`,
        `${error.file}: ${error.rejected} invalid row(s); nothing was written${skip.en}`,
      ),
      error.rows.map((row) => renderRow(row, lang)),
    );
  }
  if (error instanceof CaseNotFound) {
    return say(text(`未知办件编号 ${error.number}；hall case list 可查找办件`, `unknown case number ${error.number}; hall case list finds cases`));
  }
  if (error instanceof UnknownItem) {
    return say(
      text(`未知事项编码 ${error.code}；hall items list --search 可查找事项`, `unknown item code ${error.code}; hall items list --search finds items`),
    );
  }
  if (error instanceof UnknownWindow) {
    return say(text(`未知窗口 ${error.code}；hall window list 列出全部窗口`, `unknown window ${error.code}; hall window list shows them all`));
  }
  if (error instanceof UnknownDepartment) {
    return say(
      text(
        `未知部门"${error.department}"；hall dept list 列出全部部门，新部门请先用 hall dept add 添加`,
        `unknown department "${error.department}"; hall dept list shows them all, hall dept add adds a new one`,
      ),
    );
  }
  if (error instanceof AmbiguousName) {
    const matches = error.matches.join(lang === 'zh' ? '、' : ', ');
    return error.entity === 'window'
      ? say(
          text(
            `有 ${error.matches.length} 个窗口名为"${error.value}"：${matches}；请用窗口编码`,
            `${error.matches.length} windows are named "${error.value}": ${matches}; give the window code`,
          ),
        )
      : say(
          text(
            `"${error.value}"可指 ${error.matches.length} 个部门：${matches}；请写出更多名称`,
            `"${error.value}" begins ${error.matches.length} departments: ${matches}; give more of the name`,
          ),
        );
  }
  if (error instanceof ComplaintNotFound) {
    return say(text(`未知投诉编号 ${error.id}；hall complaint list 列出投诉`, `unknown complaint ${error.id}; hall complaint list shows them`));
  }
  if (error instanceof AlreadyExists) {
    return error.entity === 'department'
      ? say(text(`部门"${error.key}"已存在`, `department "${error.key}" already exists`))
      : say(text(`窗口 ${error.key} 已存在`, `window ${error.key} already exists`));
  }
  if (error instanceof IllegalTransition) {
    const state = error.delivered ? text('已办结并送达', 'concluded and delivered') : STATE_WORDS[error.state];
    const command = COMMAND_WORDS[error.command];
    return say(
      text(
        `办件 ${error.number} 当前状态为"${state.zh}"，不能${command.zh}（${error.command}）；${allowedCommands(error.allowed, 'zh')}`,
        `case ${error.number} is ${state.en}; ${error.command} is not allowed (${allowedCommands(error.allowed, 'en')})`,
      ),
    );
  }
  if (error instanceof IllegalAdvance) {
    const zhAllowed = error.allowed.length > 0 ? `可推进到：${stages(error.allowed, 'zh')}` : '请用 conclude 办结';
    const enAllowed = error.allowed.length > 0 ? `allowed: ${stages(error.allowed, 'en')}` : 'conclude it instead';
    return say(
      text(
        `办件 ${error.number} 当前环节为"${STAGE_NAMES[error.stage]}"，${error.requested ? `不能推进到"${STAGE_NAMES[error.requested]}"` : '没有下一个环节'}；${zhAllowed}`,
        `case ${error.number} is at stage ${error.stage}; ${error.requested ? `cannot advance to ${error.requested}` : 'there is no next stage'} (${enAllowed})`,
      ),
    );
  }
  if (error instanceof EventBeforeLast) {
    return say(
      text(
        `办件 ${error.number} 的上一事件时间为 ${localMinute(error.last)}，新事件（${localMinute(error.at)}）不能早于它`,
        `case ${error.number}: the new event (${localMinute(error.at)}) cannot precede its last event (${localMinute(error.last)})`,
      ),
    );
  }
  if (error instanceof ItemNotActive) {
    const status = error.status === 'suspended' ? text('已暂停', 'suspended') : text('已取消', 'cancelled');
    return say(
      text(
        `事项 ${error.code}（${error.itemName}）${status.zh}，不能受理；只有在用事项可以登记`,
        `item ${error.code} (${error.itemName}) is ${status.en}; only active items can be registered`,
      ),
    );
  }
  if (error instanceof ItemNotInHall) {
    const hint = withFlags
      ? text('请用 --window 指定受理窗口', 'give the accepting window with --window')
      : text('请填写受理窗口', 'fill in the accepting window');
    return say(
      text(
        `事项 ${error.code}（${error.itemName}）未进驻大厅，没有默认窗口；${hint.zh}`,
        `item ${error.code} (${error.itemName}) is not entered in the hall; ${hint.en}`,
      ),
    );
  }
  if (error instanceof NotImmediate) {
    return say(
      text(
        `--conclude 只用于即办件；事项 ${error.code} 承诺 ${error.promisedDays} 日，请受理后用 hall case conclude 办结`,
        `--conclude is for 即办件 only; item ${error.code} promises ${error.promisedDays} days — conclude it later with hall case conclude`,
      ),
    );
  }
  if (error instanceof CannotUnsetDay) {
    if (error.stored === null) {
      return say(text(`${error.date} 没有用 hall calendar set 设定过，无可撤销`, `nothing was set on ${error.date} with hall calendar set; nothing to unset`));
    }
    const kind = DAY_KIND_WORDS[error.stored.kind];
    return say(
      text(
        `${error.date} 的${kind.zh}安排来自"${error.stored.source}"，是公布的节假日安排，不能撤销；如需更正请用 hall calendar set`,
        `${error.date} is a ${kind.en} of a published schedule ("${error.stored.source}") and cannot be unset; correct it with hall calendar set`,
      ),
    );
  }
  if (error instanceof AlreadyRated) {
    return say(
      text(
        `办件 ${error.number} 已有评价（${error.level} ${LEVEL_WORDS[error.level]}，${error.date}）；改评请加 --replace`,
        `case ${error.number} was already rated ${error.level} on ${error.date}; use --replace to change it`,
      ),
    );
  }
  if (error instanceof ComplaintClosed) {
    return say(
      text(
        `投诉 ${error.id} 已经办结（${error.substantiated ? '查实' : '未查实'}），不能再次办结`,
        `complaint ${error.id} is already closed (${error.substantiated ? 'substantiated' : 'not substantiated'})`,
      ),
    );
  }
  if (error instanceof OutputUnwritable) {
    const why: Record<OutputUnwritable['reason'], LocalText> = {
      directory: text(`${error.path} 是一个目录；请给出文件名`, `${error.path} is a directory; name a file`),
      missing_directory: text(`无法写入 ${error.path}：所在目录不存在`, `cannot write ${error.path}: its directory does not exist`),
      not_writable: text(`无法写入 ${error.path}：没有写权限`, `cannot write ${error.path}: permission denied`),
    };
    return say(text(`${why[error.reason].zh}；未作任何改动`, `${why[error.reason].en}; nothing was changed`));
  }
  if (error instanceof DatabaseMissing) {
    return say(text(`数据库 ${error.path} 不存在；新建请运行 hall init`, `database ${error.path} does not exist; create it with hall init`));
  }
  if (error instanceof DatabaseNotEmpty) {
    const held = [
      error.cases > 0 ? text(`办件 ${error.cases} 件`, `${error.cases} cases`) : null,
      error.items > 0 ? text(`事项 ${error.items} 项`, `${error.items} items`) : null,
      error.windows > 0 ? text(`窗口 ${error.windows} 个`, `${error.windows} windows`) : null,
    ].filter((part): part is LocalText => part !== null);
    return say(
      text(
        `数据库 ${error.path} 已有数据（${held.map((part) => part.zh).join('、')}），示范中心只建在新建的空库里，未写入任何数据；例如 hall --db demo.db init 后运行 hall --db demo.db demo`,
        `database ${error.path} already holds data (${held.map((part) => part.en).join(', ')}); the demo center is built only in a new, empty database, and nothing was written; e.g. hall --db demo.db init, then hall --db demo.db demo`,
      ),
    );
  }
  if (error instanceof Cancelled) return say(text('已取消，未登记', 'cancelled; nothing was registered'));
  if (error instanceof OutputExists) {
    return error.overwrite === 'with_force'
      ? say(text(`${error.path} 已存在；覆盖请加 --force`, `${error.path} already exists; add --force to overwrite it`))
      : say(text(`${error.path} 已存在；备份不会覆盖已有文件`, `${error.path} already exists; a backup never overwrites a file`));
  }
  if (error instanceof RubricRejected) {
    const where = error.key === null ? error.source : `${error.source} 的 "${error.key}"`;
    const whereEn = error.key === null ? error.source : `"${error.key}" in ${error.source}`;
    const why: Record<RubricRejected['reason'], LocalText> = {
      json: text(`不是有效的 JSON：${error.detail}`, `is not valid JSON: ${error.detail}`),
      not_object: text('应为 JSON 对象，如 {"on_time": 40}', 'must be a JSON object such as {"on_time": 40}'),
      unknown_key: text(`不是考核细则的项目；可用：${error.detail}`, `is not a rubric key; use ${error.detail}`),
      not_number: text(`应为数字，实为 ${error.detail}`, `must be a number, not ${error.detail}`),
      negative: text(`不能为负数（${error.detail}）`, `must not be negative (${error.detail})`),
      not_whole: text(`应为整数（${error.detail}）`, `must be a whole number (${error.detail})`),
      no_points: text('各项分值全为 0，无法评分', 'gives no points to any component'),
    };
    return say(text(`考核细则 ${where} ${why[error.reason].zh}`, `rubric ${whereEn} ${why[error.reason].en}`));
  }
  if (error instanceof FileNotFound) return say(text(`找不到文件 ${error.path}`, `file not found: ${error.path}`));
  if (error instanceof EmptyImport) {
    return error.reason === 'empty'
      ? say(text(`${error.file} 是空文件：没有表头，也没有数据行`, `${error.file} is empty: no header and no rows`))
      : say(text(`${error.file} 只有表头，没有数据行`, `${error.file} has a header but no data rows`));
  }
  if (error instanceof MissingColumns) {
    const names = error.columns.map((aliases) => aliases.join(' / '));
    return say(
      text(
        `${error.file} 表头（文件第 1 行）缺少必需列：${names.join('；')}；未读取任何数据行`,
        `${error.file}: the header (line 1) lacks required column(s): ${names.join('; ')}; no row was read`,
      ),
    );
  }
  if (error instanceof Undecodable) {
    const zh = error.attempts.map((bad) => `按 ${bad.encoding} 在字节偏移 ${bad.offset}（第 ${bad.line} 行）处无效`).join('，');
    const en = error.attempts.map((bad) => `as ${bad.encoding}: invalid byte at offset ${bad.offset} (line ${bad.line})`).join('; ');
    return say(
      text(`${error.file} 无法解码：${zh}；请另存为 UTF-8 或 GB18030 后重试`, `${error.file} cannot be decoded (${en}); save it as UTF-8 or GB18030 and retry`),
    );
  }
  if (error instanceof MalformedCsv) {
    return say(
      text(
        `${error.file} 不是有效的 CSV（第 ${error.line} 行附近）：${error.detail}`,
        `${error.file} is not valid CSV (near line ${error.line}): ${error.detail}`,
      ),
    );
  }
  if (error instanceof StaleCaches) {
    const fix = error.scope === 'all' ? 'hall doctor --all-cases --fix' : 'hall doctor --fix';
    return say(
      text(
        `${error.cases} 件办件的缓存列与其事件记录不一致（见上文），未作任何改动；${fix} 按事件重新计算`,
        `${error.cases} case(s) have cached columns that disagree with their events (listed above); nothing was changed; ${fix} recomputes them from the events`,
      ),
    );
  }
  if (error instanceof UsageError) return renderUsage(error, lang);
  if (error instanceof StorageFailure) return renderStorage(error, lang);
  return say(text(`内部错误：${error.name}`, `internal error: ${error.name}`));
}

/** The label after `hall:` on stderr: a refused command, or a command line that is not one (exit 2). */
export const ERROR_LABELS = {
  error: text('错误', 'error'),
  usage: text('用法错误', 'usage error'),
};

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

function renderUsage(error: UsageError, lang: Lang): RenderedError {
  const names = error.names.join(lang === 'zh' ? '、' : ', ');
  switch (error.reason) {
    case 'missing_options':
      return { message: lang === 'zh' ? `缺少 ${names}（不在终端上运行时不会提示输入）` : `missing ${names} (no prompts when not on a terminal)`, details: [] };
    case 'conflicting_options':
      return { message: lang === 'zh' ? `${names} 只能选一个` : `${names} exclude each other`, details: [] };
    case 'bad_option':
      return { message: lang === 'zh' ? `${names} 的值"${error.value}"无效` : `${names}: invalid value "${error.value}"`, details: [] };
    case 'needs_out':
      return {
        message:
          lang === 'zh'
            ? `${names} 是文件格式，不能输出到终端；请用 --out 指定文件或目录`
            : `${names} is a file format and cannot go to a terminal; name a file or directory with --out`,
        details: [],
      };
    case 'csv_needs_section':
      return {
        message:
          lang === 'zh'
            ? 'CSV 一次只写一张统计表：加 --section 指定哪一张，或用 --out 目录/ 每张表写一个文件'
            : 'a CSV holds one table: name it with --section, or give --out a directory for one file per table',
        details: [],
      };
    case 'format_unsupported':
      return {
        message: lang === 'zh' ? `此命令不支持 ${names}；可用 table、csv、json` : `this command does not support ${names}; use table, csv or json`,
        details: [],
      };
    case 'empty_option':
      return { message: lang === 'zh' ? `${names} 不能为空` : `${names} must not be empty`, details: [] };
    case 'bad_environment':
      return {
        message:
          lang === 'zh'
            ? `环境变量 ${names}="${error.value}" 不是 1949–2199 年间的 ISO 时间（如 2025-10-09T09:30:00+08:00）`
            : `${names}="${error.value}" is not an ISO timestamp within 1949–2199 (e.g. 2025-10-09T09:30:00+08:00)`,
        details: [],
      };
  }
}

function renderStorage(error: StorageFailure, lang: Lang): RenderedError {
  const { path, detail } = error;
  const words: Record<StorageFailure['problem'], LocalText> = {
    directory: text(`${path} 是一个目录，不是数据库文件`, `${path} is a directory, not a database file`),
    missing_directory: text(
      `数据库 ${path} 所在的目录不存在；请先建立目录或改用 --db`,
      `the directory of database ${path} does not exist; create it or use --db`,
    ),
    output_failed: text(`无法写入 ${path}（${detail.code}）`, `cannot write ${path} (${detail.code})`),
    not_sqlite: text(`${path} 不是 SQLite 数据库（文件头不符），未作任何改动`, `${path} is not a SQLite database (bad file header); nothing was changed`),
    newer_schema: text(
      `数据库 ${path} 的结构版本为 ${detail.version}，比本程序支持的 ${detail.supported} 新；请升级 hall`,
      `database ${path} has schema version ${detail.version}, newer than this hall supports (${detail.supported}); upgrade hall`,
    ),
    locked: text(`数据库 ${path} 被其他进程锁定过久，请稍后重试`, `database ${path} stayed locked by another process too long; try again`),
    corrupt: text(`数据库 ${path} 已损坏或不是 SQLite 数据库（${detail.code}）`, `database ${path} is corrupt or not a SQLite database (${detail.code})`),
    unwritable: text(`无法写入数据库 ${path}（${detail.code}）`, `cannot use database ${path} (${detail.code})`),
    integrity: text(
      `数据库 ${path} 完整性检查失败：${(detail.findings ?? []).join('；')}；请用最近的备份恢复`,
      `database ${path} failed the integrity check: ${(detail.findings ?? []).join('; ')}; restore the latest backup`,
    ),
  };
  return { message: words[error.problem][lang], details: [] };
}
