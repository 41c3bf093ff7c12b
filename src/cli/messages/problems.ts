/**
 * Why a value was refused, in the run's language: the rule it broke and what is
 * allowed, for an option of a command or a cell of an imported file.
 */

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
} from '../../core/case-values.js';
import { ITEM_TYPES, STAGE_NAMES, STAGES } from '../../core/catalog.js';
import { CENTER_LEVEL_WORDS, CENTER_LEVELS } from '../../core/center.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_WORDS } from '../../core/complaint.js';
import type { RowRejected } from '../../core/import-errors.js';
import { COMPLAINT_STATUS_WORDS, COMPLAINT_STATUSES, RECORD_KIND_WORDS, RECORD_KINDS } from '../../core/oversight.js';
import type { Problem, Rule } from '../../core/problems.js';
import { REVIEW_STATUS_WORDS, REVIEW_STATUSES, VISIT_RESULT_WORDS, VISIT_RESULTS } from '../../core/review.js';
import { type LocalText, text } from '../../core/text.js';
import type { Lang } from '../i18n.js';
import { errorText } from './errors.js';
import { stageList } from './words.js';

/** Fields given as a command's argument rather than an option, by what they name. */
const ARGUMENT_WORDS: Record<string, LocalText> = {
  department: text('部门名称', 'department name'),
  window_code: text('窗口编码', 'window code'),
  complaint_id: text('投诉编号', 'complaint id'),
  review_id: text('整改单编号', 'review id'),
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
  received_at: text('投诉收到日期', 'the date the complaint was received'),
  to: text(' --to', '--to'),
  center_code: text('--center-code', '--center-code'),
};

function otherField(other: string): LocalText {
  return COMPARED_FIELD_WORDS[other] ?? text(other, other);
}

/** How a field is named to the user: its argument, or the option it is given with (`applicant_id` → `--applicant-id`). */
export function fieldName(field: string, lang: Lang): string {
  return ARGUMENT_WORDS[field]?.[lang] ?? `--${field.replaceAll('_', '-')}`;
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
const PROBLEMS: { [R in Rule]: (problem: ProblemOf<R>) => LocalText } = {
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
      `去掉了已授权给窗口的环节 ${stageList(dropped, 'zh')}；请同时给出窗口授权列`,
      `removes ${stageList(dropped, 'en')}, which the window is authorized for; give the 窗口授权 column too`,
    ),
  new_item_needs: ({ columns }) =>
    text(`目录中没有此事项，新增事项需要列：${columns.join('、')}`, `not in the catalog; a new item needs the column(s) ${columns.join(', ')}`),
  scientific_code: () =>
    text(
      'Excel 把这个数字样的编码变成了科学计数法，后面的数字已丢失；请在 Excel 中把该列设为"文本"格式，重新填入完整编码后另存为 CSV',
      'Excel turned this number-like code into scientific notation and its last digits are lost; format the column as Text in Excel, enter the full codes again and save as CSV',
    ),
  error_cell: () =>
    text(
      '是 Excel 的错误值（公式出错或引用失效），不是数据；请在 Excel 中改正该单元格（或把公式替换为值）后重新导入',
      "is Excel's error value (a failed formula or a broken reference), not data; correct the cell in Excel (or paste the values) and import again",
    ),
  number_as_code: () =>
    text(
      '是存为数字的号码：Excel 以科学计数法显示它，且只保留 15 位有效数字，完整号码无法确认；请在 Excel 中把该列设为"文本"格式，重新填入完整号码后再导入',
      'is a code stored as a number, which Excel shows in scientific notation and keeps to 15 digits, so the full code cannot be trusted; format the column as Text in Excel, enter the full codes again and import',
    ),
  item_status: () =>
    text('状态应为 在用、暂停 或 取消（或 active、suspended、cancelled）', 'status must be 在用, 暂停 or 取消 (or active, suspended, cancelled)'),
  stage: ({ name }) =>
    text(
      `未知的办理环节"${name}"；可用：${STAGES.map((s) => STAGE_NAMES[s]).join('、')}`,
      `unknown stage "${name}"; allowed: ${STAGES.join(', ')} (or ${STAGES.map((s) => STAGE_NAMES[s]).join(', ')})`,
    ),
  stage_not_in_item: ({ foreign, stages: own }) =>
    text(
      `${stageList(foreign, 'zh')} 不在本事项的办理环节（${own.map((s) => STAGE_NAMES[s]).join('>')}）中`,
      `${stageList(foreign, 'en')} is not one of the item's stages (${own.join('>')})`,
    ),
  integer_range: ({ min, max }) => text(`应为 ${min}–${max} 的整数`, `expected a whole number from ${min} to ${max}`),
  date: () => text('不是有效日期（应为 YYYY-MM-DD）', 'not a valid date (expected YYYY-MM-DD)'),
  date_range: () => text('日期应在 1949-10-01 至 2199-12-31 之间', 'dates must lie between 1949-10-01 and 2199-12-31'),
  schedule_date: () =>
    text('不是有效日期（可写 2027-01-01、2027-1-1、2027/1/1 或 2027年1月1日）', 'not a valid date (write 2027-01-01, 2027-1-1, 2027/1/1 or 2027年1月1日)'),
  timestamp: () =>
    text('不是有效时间（如 2025-10-09 14:30 或 2025-10-09T14:30:00+08:00）', 'not a valid time (e.g. 2025-10-09 14:30 or 2025-10-09T14:30:00+08:00)'),
  in_future: () => text('晚于当前时间；事件发生后才能登记', 'lies in the future; events are recorded after they happen'),
  day_kind: () =>
    text('应为 holiday（放假）或 workday（调休上班）；也可写 休、假日 或 班、补班', 'must be holiday or workday (or 放假, 休, 假日 / 调休上班, 班, 补班)'),
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
  review_status: () => allowedValues(REVIEW_STATUSES, REVIEW_STATUS_WORDS),
  visit_result: () => allowedValues(VISIT_RESULTS, VISIT_RESULT_WORDS),
  complaint_category: () => allowedValues(COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_WORDS),
  encoding: () => text('应为 auto、utf8 或 gb18030', 'use auto, utf8 or gb18030'),
  clock_time: () => text('应为 HH:MM（如 17:30）', 'must be HH:MM (e.g. 17:30)'),
  time_zone: () => text('不是有效的时区（如 Asia/Shanghai）', 'not a valid time zone (e.g. Asia/Shanghai)'),
  warning_days: () => text('应为 0–99 的整数', 'must be a whole number from 0 to 99'),
  center_code: () =>
    text(
      '行政区划代码应为 6 位（县、市）、9 位（乡镇、街道）或 12 位（村、社区）数字，如 330681、330681101',
      'an administrative division code is 6 digits (county or city), 9 (town or street) or 12 (village), e.g. 330681 or 330681101',
    ),
  center_level: () => allowedValues(CENTER_LEVELS, CENTER_LEVEL_WORDS),
  center_level_contradicts: ({ code, allowed }) =>
    text(
      `与 ${code.length} 位中心代码 ${code} 矛盾；${code.length} 位代码只能是 ${oneOf(
        allowed.map((level) => `${CENTER_LEVEL_WORDS[level][0]}（${level}）`),
        'zh',
      )}`,
      `contradicts the ${code.length}-digit center code ${code}; a ${code.length}-digit code is ${oneOf(
        allowed.map((level) => `${level} (${CENTER_LEVEL_WORDS[level][0]})`),
        'en',
      )}`,
    ),
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
  duplicate_date: ({ firstRow, firstLine, firstKind, firstNote }) =>
    text(
      `同一日期在第 ${firstRow} 行（文件第 ${firstLine} 行）已写为${firstKind === 'holiday' ? '放假' : '调休上班'}${firstNote === '' ? '' : `（${firstNote}）`}，两行不一致；请删去其中一行`,
      `the same date is already a ${firstKind === 'holiday' ? 'holiday' : 'working day'}${firstNote === '' ? '' : ` (${firstNote})`} in row ${firstRow} (line ${firstLine}) and the two rows disagree; delete one of them`,
    ),
  duplicate_case_number: ({ firstRow, firstLine }) =>
    text(
      `文件中的办件编号重复，首次出现在第 ${firstRow} 行（文件第 ${firstLine} 行）`,
      `duplicate case number in the file; first seen in row ${firstRow} (line ${firstLine})`,
    ),
  bundle_continuation_first: () =>
    text(
      '一件事编码为空的行是上一个一件事的续行，但它前面没有一件事；请在首行填写一件事编码',
      'a blank bundle code continues the bundle above, but no bundle starts before this row; give the bundle code on its first row',
    ),
  bundle_split: ({ firstRow, firstLine }) =>
    text(
      `该一件事已在第 ${firstRow} 行（文件第 ${firstLine} 行）起的另一段出现；同一个一件事的各行须连在一起`,
      `this bundle already has rows from row ${firstRow} (line ${firstLine}) on; the rows of one bundle must be together`,
    ),
  bundle_cell_disagrees: ({ firstRow, firstLine, first }) =>
    text(
      `与本一件事第 ${firstRow} 行（文件第 ${firstLine} 行）的${first === '' ? '空值（无）' : `"${first}"`}不一致；续行的一件事各列应留空或与首行相同`,
      `disagrees with ${first === '' ? 'the blank (none)' : `"${first}"`} in row ${firstRow} (line ${firstLine}) of this bundle; leave it blank on later rows or repeat it exactly`,
    ),
  bundle_calendar_days: () =>
    text('一件事的时限按工作日计，不接受自然日；请写如 5 或 5个工作日', "a bundle's limits are in working days, not calendar days; write e.g. 5 or 5个工作日"),
  bundle_limit_zero: () => text('一件事的承诺时限至少 1 个工作日，不能为即办', "a bundle's promised limit is at least 1 working day, not immediate"),
  bundle_too_few_members: ({ members }) => text(`一件事至少要有 2 个事项，这里只有 ${members} 个`, `a bundle needs at least 2 items; this one has ${members}`),
  duplicate_member: ({ firstRow, firstLine }) =>
    text(
      `事项在本一件事中重复，首次出现在第 ${firstRow} 行（文件第 ${firstLine} 行）`,
      `the item is already a member of this bundle in row ${firstRow} (line ${firstLine})`,
    ),
  lead_not_member: ({ departments }) =>
    text(
      `牵头部门须是本一件事某个事项的实施部门（${departments.join('、') || '无有效事项'}）`,
      `the lead department must be the department of one of the bundle's items (${departments.join(', ') || 'no valid item'})`,
    ),
  bundle_row_invalid: ({ row, line }) =>
    text(
      `同一个一件事的第 ${row} 行（文件第 ${line} 行）无效，整个一件事不导入`,
      `row ${row} (line ${line}) of the same bundle is invalid, so the whole bundle is refused`,
    ),
  combined_refusal: () =>
    text(
      '不予受理的办件未被受理，不能作为一件事的一部分；请清空该行的联办编号和一件事编码',
      'a 不予受理 (refused) case was never accepted, so it cannot be part of a combined case; clear its 联办编号 and 一件事编码',
    ),
  not_bundle_member: ({ bundle, members }) =>
    text(`不是一件事 ${bundle} 的事项（其事项：${members.join('、')}）`, `not an item of bundle ${bundle} (its items: ${members.join(', ')})`),
  combined_disagrees: ({ firstRow, firstLine, first }) =>
    text(
      `与同一联办编号第 ${firstRow} 行（文件第 ${firstLine} 行）的${first === '' ? '空值' : `"${first}"`}不一致；一件事的各件须是同一一件事、同一申请人（及证件号码）、同一受理时间`,
      `differs from ${first === '' ? 'the blank' : `"${first}"`} in row ${firstRow} (line ${firstLine}) of the same 联办编号; the parts of one combined case share the bundle, the applicant (and id) and the acceptance time`,
    ),
  combined_repeated_item: ({ firstRow, firstLine }) =>
    text(
      `同一联办编号中该事项已在第 ${firstRow} 行（文件第 ${firstLine} 行）出现；一件事的每个事项只有一件`,
      `this 联办编号 already has a part for the item in row ${firstRow} (line ${firstLine}); a combined case has one part per item`,
    ),
  combined_missing_members: ({ bundle, missing }) => {
    const named = (lang: 'zh' | 'en') =>
      missing.map(({ item, name }) => (lang === 'zh' ? `${item}（${name}）` : `${item} (${name})`)).join(lang === 'zh' ? '、' : ', ');
    return text(
      `该联办编号的各行缺少一件事 ${bundle} 的必选事项 ${named('zh')}；必选事项各须一行`,
      `the rows of this 联办编号 lack the required item(s) ${named('en')} of bundle ${bundle}; each required item needs a row`,
    );
  },
  combined_row_invalid: ({ row, line }) =>
    text(
      `同一联办编号的第 ${row} 行（文件第 ${line} 行）无效，整件一件事不导入`,
      `row ${row} (line ${line}) of the same 联办编号 is invalid, so the whole combined case is refused`,
    ),
  combined_split: ({ firstRow, firstLine }) =>
    text(
      `该联办编号已用于第 ${firstRow} 行（文件第 ${firstLine} 行）起的另一段；同一件一件事的各行须连在一起`,
      `this 联办编号 already names the rows from row ${firstRow} (line ${firstLine}) on; the rows of one combined case must be together`,
    ),
  refused: ({ error }) => errorText(error, false),
};

/** What to type instead, where the command line offers a way out of the problem. */
export const FLAG_HINTS: Partial<Record<Rule, LocalText>> = {
  resident_id_check: text('外国护照等其他证件请加 --id-type 其他证件', 'use --id-type other for other documents'),
  id_form: text('护照、港澳通行证等请加 --id-type 其他证件', 'use --id-type other for passports and permits'),
};

export function problemText(problem: Problem): LocalText {
  return (PROBLEMS[problem.rule] as (problem: Problem) => LocalText)(problem);
}

export function renderProblem(problem: Problem, lang: Lang): string {
  return problemText(problem)[lang];
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
