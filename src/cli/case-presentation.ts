/**
 * How a case reads: the lines a clerk reads at the window, its history table, the
 * day-by-day explanation of its deadline, and the rows of a case list. One module
 * for every case command, serving table, csv and json alike (json is the
 * `CaseView` contract itself; tables and lines are words in the run's language).
 */

import type { LimitUnit } from '../core/calendar.js';
import { CHANNEL_WORDS, LEVEL_WORDS } from '../core/case-values.js';
import type { CaseView, Explanation } from '../core/case-view.js';
import { formatFeeYuan, STAGE_NAMES } from '../core/catalog.js';
import type { IsoDate } from '../core/dates.js';
import type { EventKind } from '../core/lifecycle.js';
import { type LocalText, text } from '../core/text.js';
import type { CaseListRow } from '../store/case-list.js';
import type { Lang } from './i18n.js';
import { COMMAND_WORDS, localMinute, STATE_WORDS } from './messages/words.js';
import type { Column, TableSpec, View } from './render.js';

const EVENT_WORDS: Record<EventKind, LocalText> = {
  register: text('受理', 'register'),
  refuse: text('不予受理', 'refuse'),
  ...COMMAND_WORDS,
  rate: text('评价', 'rate'),
};

const ROLE_WORDS = {
  working: text('工作日', 'working day'),
  makeup: text('调休上班', 'make-up working day'),
  holiday: text('节假日', 'holiday'),
  weekend: text('周末', 'weekend'),
};

const PAUSE_WORDS = { supplement: text('补正', 'supplement'), special: text('特别程序', 'special procedure') };

/** A limit in its own unit: `即办`, `5个工作日`, `15个自然日`. */
export function limitWords(days: number | null, unit: LimitUnit | null): LocalText {
  if (days === null) return text('无', 'none');
  if (days === 0) return text('即办', 'immediate');
  return unit === 'calendar' ? text(`${days}个自然日`, englishDays(days, 'calendar')) : text(`${days}个工作日`, englishDays(days, 'working'));
}

function englishDays(days: number, kind: 'calendar' | 'working'): string {
  return `${days} ${kind} day${days === 1 ? '' : 's'}`;
}

/** A count of days in the case's unit: `3 个工作日`, `3 个自然日`. */
function dayCount(days: number, unit: LimitUnit): LocalText {
  return unit === 'calendar' ? text(`${days} 个自然日`, englishDays(days, 'calendar')) : text(`${days} 个工作日`, englishDays(days, 'working'));
}

function join(parts: LocalText[], zh: string, en: string): LocalText {
  return text(parts.map((part) => part.zh).join(zh), parts.map((part) => part.en).join(en));
}

/** The lines a clerk reads about a case, after an optional headline. */
export function caseLines(view: CaseView, headline?: LocalText): LocalText[] {
  const state = STATE_WORDS[view.state];
  const lines: LocalText[] = [];
  if (headline) lines.push(headline);
  const id = view.applicant_id ? text(`（${view.applicant_id}）`, ` (${view.applicant_id})`) : text('', '');
  lines.push(
    text(
      `办件 ${view.number}：${view.item} ${view.item_name}；申请人 ${view.applicant}${id.zh}`,
      `case ${view.number}: ${view.item} ${view.item_name}; applicant ${view.applicant}${id.en}`,
    ),
    text(
      `状态：${state.zh}${view.delivered ? '，已送达' : ''}；环节：${view.stage ? STAGE_NAMES[view.stage] : '—'}；窗口：${view.window ?? '—'}；渠道：${CHANNEL_WORDS[view.channel]}；收费：${formatFeeYuan(view.fee_fen)} 元`,
      `state: ${state.en}${view.delivered ? ', delivered' : ''}; stage: ${view.stage ?? '—'}; window: ${view.window ?? '—'}; channel: ${view.channel}; fee: ${formatFeeYuan(view.fee_fen)} yuan`,
    ),
  );
  const voided = view.events.find((event) => event.kind === 'void');
  if (voided) {
    // A voided case has no clock: what a clerk needs is when, why, and whether it was forced.
    const forced = voided.details.forced === true ? text('（强制作废）', ' (forced)') : text('', '');
    const reason = String(voided.details.reason ?? '');
    lines.push(
      text(
        `已作废：${localMinute(voided.at)}，原因：${reason}${forced.zh}；不计入任何统计`,
        `voided: ${localMinute(voided.at)}, reason: ${reason}${forced.en}; counts in no figure`,
      ),
    );
  } else if (view.accepted_at) {
    const paused = text('暂停中', 'paused');
    const deadline = view.deadline ? text(view.deadline, view.deadline) : paused;
    const legal =
      view.legal_days === null ? text('无法定时限', 'no legal limit') : view.legal_deadline ? text(view.legal_deadline, view.legal_deadline) : paused;
    const parts: LocalText[] = [
      text(
        `承诺期限：${deadline.zh}（${limitWords(view.promised_days, view.limit_unit).zh}）`,
        `promised deadline: ${deadline.en} (${limitWords(view.promised_days, view.limit_unit).en})`,
      ),
      text(`法定期限：${legal.zh}`, `legal deadline: ${legal.en}`),
    ];
    lines.push(join(parts, '；', '; '));
    // Two lines rather than one, so that a case fits an 80-column terminal.
    const counts: LocalText[] = [];
    if (view.days_used !== null) {
      const used = dayCount(view.days_used, view.limit_unit);
      counts.push(text(`已用 ${used.zh}`, `${used.en} used`));
    }
    if (view.days_left !== null) {
      const count = dayCount(Math.abs(view.days_left), view.limit_unit);
      counts.push(view.days_left >= 0 ? text(`剩余 ${count.zh}`, `${count.en} left`) : text(`已超期 ${count.zh}`, `${count.en} overdue`));
    }
    if (counts.length > 0) lines.push(join(counts, '；', '; '));
  }
  if (view.outcome) {
    const late = concludedLate(view.concluded_at!.slice(0, 10), view.deadline);
    lines.push(
      text(
        `办结：${view.outcome === 'approved' ? '准予' : '不予许可'}，${localMinute(view.concluded_at!)}${view.on_site ? '，现场办结' : ''}${late ? '，超期办结' : ''}`,
        `concluded: ${view.outcome}, ${localMinute(view.concluded_at!)}${view.on_site ? ', on site' : ''}${late ? ', late' : ''}`,
      ),
    );
  }
  return lines;
}

/** Concluded after the deadline (the one counting its pauses): the 超期办结 the monthly pack counts as overdue. */
function concludedLate(concludedOn: IsoDate | null, deadline: IsoDate | null): boolean {
  return concludedOn !== null && deadline !== null && concludedOn > deadline;
}

/** The case as a command's answer: the JSON contract plus the lines a clerk reads. */
export function presentCase(view: CaseView, headline?: LocalText): View {
  return { json: view, lines: caseLines(view, headline) };
}

function detailWords(details: Record<string, unknown>, lang: Lang): string {
  const say = (words: LocalText) => words[lang];
  return Object.entries(details)
    .filter(([key, value]) => value !== '' && value !== null && key !== 'date')
    .map(([key, value]) => {
      if (key === 'imported') return say(text('导入', 'imported'));
      if (key === 'level') return lang === 'zh' ? `${value} ${LEVEL_WORDS[Number(value)] ?? ''}`.trim() : String(value);
      if (key === 'on_site') return say(value ? text('现场办结', 'on site') : text('非现场办结', 'not on site'));
      if (key === 'to' && typeof value === 'string') return lang === 'zh' ? `→ ${STAGE_NAMES[value as keyof typeof STAGE_NAMES] ?? value}` : `→ ${value}`;
      if (key === 'channel' && typeof value === 'string')
        return lang === 'zh' ? `渠道 ${CHANNEL_WORDS[value as keyof typeof CHANNEL_WORDS] ?? value}` : `channel ${value}`;
      if (key === 'outcome') return say(value === 'approved' ? text('准予', 'approved') : text('不予许可', 'denied'));
      if (key === 'forced') return say(text('强制作废', 'forced'));
      if (key === 'state_before' && typeof value === 'string')
        return say(text('作废前：', 'was ')) + (STATE_WORDS[value as keyof typeof STATE_WORDS]?.[lang] ?? value);
      return String(value);
    })
    .join('；');
}

export function historyTable(view: CaseView, lang: Lang): TableSpec {
  return {
    title: text('办理记录', 'history'),
    columns: [
      { key: 'at', title: text('时间', 'at') },
      { key: 'kind', title: text('事件', 'event') },
      { key: 'operator', title: text('操作人', 'operator') },
      { key: 'location', title: text('地点', 'location') },
      { key: 'details', title: text('说明', 'details') },
    ],
    rows: view.events.map((event) => ({
      at: localMinute(event.at),
      kind: EVENT_WORDS[event.kind][lang],
      operator: event.operator,
      location: event.location === null ? '' : (event.location === 'window' ? text('窗口', 'window') : text('后台', 'backoffice'))[lang],
      details: detailWords(event.details, lang),
    })),
  };
}

/** The case's own fields in `case show --format csv`, repeated on every event row. */
const CASE_CSV_COLUMNS: Column[] = [
  { key: 'number', title: text('办件编号', 'number') },
  { key: 'item', title: text('事项编码', 'item') },
  { key: 'item_name', title: text('事项名称', 'item_name') },
  { key: 'window', title: text('窗口', 'window') },
  { key: 'window_name', title: text('窗口名称', 'window_name') },
  { key: 'applicant', title: text('申请人', 'applicant') },
  { key: 'applicant_id', title: text('证件号码', 'applicant_id') },
  { key: 'channel', title: text('渠道', 'channel') },
  { key: 'state', title: text('状态', 'state') },
  { key: 'stage', title: text('环节', 'stage') },
  { key: 'accepted_at', title: text('受理时间', 'accepted_at') },
  { key: 'deadline', title: text('承诺期限', 'deadline') },
  { key: 'legal_deadline', title: text('法定期限', 'legal_deadline') },
  { key: 'promised_days', title: text('承诺时限', 'promised_days') },
  { key: 'legal_days', title: text('法定时限', 'legal_days') },
  { key: 'limit_unit', title: text('时限单位', 'limit_unit') },
  { key: 'days_used', title: text('已用天数', 'days_used') },
  { key: 'days_left', title: text('剩余天数', 'days_left') },
  { key: 'concluded_at', title: text('办结时间', 'concluded_at') },
  { key: 'outcome', title: text('办理结果', 'outcome') },
  { key: 'delivered', title: text('已送达', 'delivered') },
  { key: 'on_site', title: text('现场办结', 'on_site') },
  { key: 'fee_fen', title: text('收费(分)', 'fee_fen') },
];

const EVENT_CSV_COLUMNS: Column[] = [
  { key: 'event', title: text('事件', 'event') },
  { key: 'event_at', title: text('事件时间', 'event_at') },
  { key: 'operator', title: text('操作人', 'operator') },
  { key: 'location', title: text('地点', 'location') },
  { key: 'details', title: text('说明', 'details') },
];

/**
 * `case show --format csv`: one RFC 4180 table, a row per event with the case's fields
 * repeated in the leading columns, so that a spreadsheet filters the history and still
 * knows the case (key,value rows would need a second table for the events). Values as
 * JSON carries them: codes, ISO timestamps, numbers, blanks for nothing; an event's
 * details as their JSON object.
 */
export function caseCsvTable(view: CaseView): TableSpec {
  return {
    columns: [...CASE_CSV_COLUMNS, ...EVENT_CSV_COLUMNS],
    rows: view.events.map((event) => ({
      ...view,
      event: event.kind,
      event_at: event.at,
      operator: event.operator,
      location: event.location,
      details: Object.keys(event.details).length === 0 ? null : event.details,
    })),
  };
}

/** The counting rule in words, one short line each: which rule of SPEC §2 gave the deadline, with its numbers. */
function ruleWords(explanation: Explanation): LocalText[] {
  const rule = explanation.rule;
  switch (rule.kind) {
    case 'immediate':
      return [
        text(
          `即办件：${rule.accepted_time} 受理，下班时间 ${rule.closing_time}`,
          `immediate item: accepted at ${rule.accepted_time}, closing time ${rule.closing_time}`,
        ),
        text('工作日下班前受理则当天到期，否则顺延到下一个工作日', 'due that day if accepted on a working day before closing, else the next working day'),
      ];
    case 'calendar':
      return [
        text(
          `承诺 ${rule.promised_days} 个自然日，加暂停 ${rule.paused_days} 天`,
          `${englishDays(rule.promised_days, 'calendar')} promised, plus ${rule.paused_days} paused`,
        ),
        text('期满日如逢节假日或周末，顺延到下一个工作日', 'a deadline on a rest day moves to the next working day'),
      ];
    case 'workday':
      return [
        text(
          `从受理次日起数：承诺 ${rule.promised_days} 个工作日 + 暂停 ${rule.paused_days} 个工作日 = 第 ${rule.promised_days + rule.paused_days} 个工作日`,
          `working days from the next day: ${rule.promised_days} promised + ${rule.paused_days} paused = working day ${rule.promised_days + rule.paused_days}`,
        ),
      ];
  }
}

/** `--explain`: sentences and a day-by-day table in the run's language. */
export function explainOutput(explanation: Explanation, lang: Lang): { lines: LocalText[]; table: TableSpec } {
  const lines: LocalText[] = [
    text(
      `期限计算：${explanation.accepted_date} ${explanation.accepted_time} 受理，受理当天不计入`,
      `deadline: accepted ${explanation.accepted_date} ${explanation.accepted_time}, the day of acceptance not counted`,
    ),
    ...ruleWords(explanation).map((line) => text(`  ${line.zh}`, `  ${line.en}`)),
  ];
  for (const pause of explanation.pauses) {
    const days = dayCount(pause.days, explanation.unit);
    const kind = PAUSE_WORDS[pause.kind];
    lines.push(
      text(
        `暂停（${kind.zh}：${pause.reason}）${pause.from} 至 ${pause.to ?? '今天'}，不计 ${days.zh}`,
        `pause (${kind.en}: ${pause.reason}) ${pause.from} to ${pause.to ?? 'today'}: ${days.en} excluded`,
      ),
    );
  }
  let counted = 0;
  const table: TableSpec = {
    title: text(`逐日计算（期限 ${explanation.deadline}）`, `day by day (deadline ${explanation.deadline})`),
    columns: [
      { key: 'date', title: text('日期', 'date') },
      { key: 'role', title: text('类型', 'kind') },
      { key: 'note', title: text('说明', 'note') },
      { key: 'count', title: text('计入', 'counted'), align: 'right' },
    ],
    rows: explanation.days.map((day) => {
      const pausedNote = day.paused ? `${day.note}${day.note ? ' ' : ''}${text('暂停期间', 'paused')[lang]}` : day.note;
      const count = day.counted ? (lang === 'zh' ? `第 ${++counted} 天` : `day ${++counted}`) : '—';
      return { date: day.date, role: ROLE_WORDS[day.role][lang], note: pausedNote, count };
    }),
  };
  return { lines, table };
}

/**
 * `case show --explain --format csv`: the day-by-day count alone, as values (the role
 * as a code, whether the day counted, its ordinal), since that is what --explain asks for.
 */
export function explainCsvTable(number: string, explanation: Explanation): TableSpec {
  let counted = 0;
  return {
    columns: [
      { key: 'number', title: text('办件编号', 'number') },
      { key: 'date', title: text('日期', 'date') },
      { key: 'role', title: text('类型', 'role') },
      { key: 'note', title: text('说明', 'note') },
      { key: 'paused', title: text('暂停期间', 'paused') },
      { key: 'counted', title: text('计入', 'counted') },
      { key: 'day', title: text('第几天', 'day') },
    ],
    rows: explanation.days.map((day) => ({ number, ...day, day: day.counted ? ++counted : null })),
  };
}

/**
 * `case list` as a table: days left in each case's own unit, never shortened. On a
 * narrow terminal the accepted date goes first, then the window, the deadline (the days
 * left say how urgent) and at 60 columns the applicant; names shrink to 8 columns
 * before a column goes, so that 80 columns keep the deadline.
 */
export function caseListTable(rows: readonly CaseListRow[], lang: Lang): TableSpec {
  return {
    columns: [
      { key: 'number', title: text('办件编号', 'number'), whole: true },
      { key: 'item_name', title: text('事项', 'item'), least: 8 },
      { key: 'applicant', title: text('申请人', 'applicant'), least: 8, drop: 2 },
      { key: 'window', title: text('窗口', 'window'), drop: 4 },
      { key: 'state', title: text('状态', 'state'), whole: true, drop: 1 },
      { key: 'accepted_date', title: text('受理日期', 'accepted'), drop: 5, whole: true },
      { key: 'deadline', title: text('承诺期限', 'deadline'), whole: true, drop: 3 },
      { key: 'days_left', title: text('剩余', 'left'), align: 'right', whole: true },
    ],
    rows: rows.map((row) => ({
      ...row,
      state: STATE_WORDS[row.state][lang],
      deadline: row.deadline ?? (row.state === 'paused' ? text('暂停中', 'paused')[lang] : null),
      days_left:
        row.days_left !== null
          ? daysLeftWords(row.days_left, row.limit_unit)[lang]
          : row.state === 'concluded' && concludedLate(row.concluded_date, row.deadline)
            ? text('超期办结', 'late')[lang]
            : null,
    })),
  };
}

/**
 * `剩3工作日` / `超2自然日`: a signed count in its own unit, short by design (a list
 * column, never cut: the unit is what tells 3 working days from 3 calendar days).
 */
export function daysLeftWords(daysLeft: number, unit: LimitUnit): LocalText {
  const days = Math.abs(daysLeft);
  const zh = `${days}${unit === 'calendar' ? '自然日' : '工作日'}`;
  const en = unit === 'calendar' ? `${days} cal. day${days === 1 ? '' : 's'}` : `${days} workday${days === 1 ? '' : 's'}`;
  return daysLeft < 0 ? text(`超${zh}`, `${en} over`) : text(`剩${zh}`, `${en} left`);
}
