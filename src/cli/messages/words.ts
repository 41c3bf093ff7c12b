/**
 * The vocabulary of the command line: states, stages, commands and columns as tables
 * and messages name them in the run's language.
 */

import type { AlertKind } from '../../core/alerts.js';
import type { CaseCaches } from '../../core/case-record.js';
import { type ItemStatus, STAGE_NAMES, STATUS_NAMES, type Stage } from '../../core/catalog.js';
import type { CaseCommand, CaseState, EventKind } from '../../core/lifecycle.js';
import type { ReviewState, ReviewStep } from '../../core/review.js';
import { type LocalText, text } from '../../core/text.js';
import type { Lang } from '../i18n.js';

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
  voided: text('已作废', 'voided'),
};

/** A review's (整改单) state as the ledger names it. */
export const REVIEW_STATE_WORDS: Record<ReviewState, LocalText> = {
  open: text('待整改', 'open'),
  rectified: text('已整改', 'rectified'),
  visited: text('已回访', 'visited'),
  invalid: text('申诉成立', 'invalid (appeal upheld)'),
  revised: text('已改评', 'revised (rating raised)'),
  voided: text('已作废', 'voided'),
};

/** A step on a review, as a message names it (the command in brackets). */
export const REVIEW_STEP_WORDS: Record<ReviewStep, LocalText> = {
  rectify: text('整改', 'rectified'),
  visit: text('回访', 'visited'),
  invalidate: text('认定申诉成立', 'invalidated'),
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
  void: text('作废', 'void'),
};

/** Every kind of event a case's history holds, as its history table names it. */
export const EVENT_KIND_WORDS: Record<EventKind, LocalText> = {
  register: text('受理', 'register'),
  refuse: text('不予受理', 'refuse'),
  ...COMMAND_WORDS,
  rate: text('评价', 'rate'),
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

/** The cached columns of a case (and a combined case's merged pauses) as `hall doctor` names them when one disagrees with the events. */
export const CACHE_COLUMN_WORDS: Record<keyof CaseCaches | 'pauses', LocalText> = {
  pauses: text('一件事暂停区间', 'merged pauses'),
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
  all: text('全选', 'all'),
  invert: text('反选', 'invert'),
  submit: text('确定', 'submit'),
};
export const PROMPT_NO_MATCH = { item: text('没有匹配的事项', 'no matching item'), window: text('没有匹配的窗口', 'no matching window') };

export function stageList(list: readonly Stage[], lang: Lang): string {
  return list.map((stage) => stageWord(stage, lang)).join(lang === 'zh' ? '、' : ', ');
}

/** The kinds of alert of `alerts` (电子监察) as the screen names them. */
export const ALERT_KIND_WORDS: Record<AlertKind, LocalText> = {
  case: text('办件', 'case'),
  combined: text('一件事', 'combined case'),
  review: text('差评整改', 'review'),
  // A complaint alert may be of any 12345 category (咨询 … 举报), not only a 投诉.
  complaint: text('投诉工单', 'complaint'),
};

/** `alerts`: the lights, the 一件事 group's title and summary, and a window's reviews and complaints. */
export const ALERT_WORDS = {
  light: {
    red: text('红灯 超期', 'RED overdue'),
    yellow: text('黄灯 临期', 'YELLOW due soon'),
  },
  combinedTitle: (red: number, yellow: number) => text(`一件事：红灯 ${red} 件，黄灯 ${yellow} 件`, `Combined cases: ${red} red, ${yellow} yellow`),
  combinedSummary: (today: string, red: number, yellow: number, warningDays: number) =>
    text(
      `${today} 一件事：红灯（超期）${red} 件，黄灯（${warningDays} 个工作日内到期）${yellow} 件`,
      `${today}: ${red} combined case${red === 1 ? '' : 's'} overdue (red), ${yellow} due within ${warningDays} working days (yellow)`,
    ),
  /** A window's reviews (差评整改) or complaints (投诉工单), drawn under its cases. */
  oversightTitle: (kind: 'review' | 'complaint', window: string, name: string | null, red: number, yellow: number) =>
    text(
      `窗口 ${window}${name === null ? '' : ` ${name}`} ${ALERT_KIND_WORDS[kind].zh}：红灯 ${red} 件，黄灯 ${yellow} 件`,
      `window ${window}${name === null ? '' : ` ${name}`}, ${ALERT_KIND_WORDS[kind].en}s: ${red} red, ${yellow} yellow`,
    ),
  oversightSummary: (today: string, kind: 'review' | 'complaint', red: number, yellow: number, warningDays: number) =>
    text(
      `${today} ${ALERT_KIND_WORDS[kind].zh}：红灯（超期）${red} 件，黄灯（${warningDays} 个工作日内到期）${yellow} 件`,
      `${today}: ${red} ${ALERT_KIND_WORDS[kind].en}${red === 1 ? '' : 's'} overdue (red), ${yellow} due within ${warningDays} working days (yellow)`,
    ),
};
