/**
 * The values a case is made of, as clerks type them and as historical files write
 * them: channels, stages, outcomes, evaluation levels, applicant ids, event times.
 * One parser per value, shared by the commands and the case import; each returns the
 * value or throws `InvalidValue` naming the field and the rule it broke.
 */
import { STAGE_NAMES, STAGES, type Stage } from './catalog.js';
import { normalizeCell } from './columns.js';
import {
  dayNumber,
  FIRST_DATE,
  fixedOffsetOn,
  type IsoDate,
  isoWithOffset,
  isValidDate,
  LAST_DATE,
  localDateTime,
  offsetText,
  parseTimestamp,
} from './dates.js';
import { InvalidValue } from './errors.js';
import { type IdType, isValidCreditCode, isValidResidentId, looksLikeCreditCode } from './ids.js';
import type { Outcome } from './lifecycle.js';
import type { Notice } from './notices.js';
import type { Problem } from './problems.js';

export const CHANNELS = ['window', 'online', 'kiosk', 'proxy', 'appointment'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The words a clerk uses for each channel (SPEC §3.2). */
export const CHANNEL_WORDS: Record<Channel, string> = { window: '窗口', online: '网上', kiosk: '自助', proxy: '代办', appointment: '预约' };

export function parseChannel(field: string, value: string): Channel {
  const trimmed = value.trim().toLowerCase();
  if ((CHANNELS as readonly string[]).includes(trimmed)) return trimmed as Channel;
  const found = CHANNELS.find((channel) => CHANNEL_WORDS[channel] === trimmed);
  if (!found) throw new InvalidValue(field, value, { rule: 'channel' });
  return found;
}

export function parseStage(field: string, value: string): Stage {
  const trimmed = value.trim();
  const found = STAGES.find((stage) => stage === trimmed || STAGE_NAMES[stage] === trimmed);
  if (!found) throw new InvalidValue(field, value, { rule: 'stage', name: trimmed });
  return found;
}

/**
 * The value of an enumerated option, by its English name (in any case) or by one of
 * the Chinese words a clerk would write for it; `undefined` when it is neither.
 */
export function pickValue<T extends string>(values: readonly T[], words: Record<T, readonly string[]>, raw: string): T | undefined {
  const wanted = raw.trim();
  const english = wanted.toLowerCase();
  return values.find((value) => value === english || words[value].includes(wanted));
}

export const OUTCOMES = ['approved', 'denied'] as const satisfies readonly Outcome[];
/** The decision as 行政许可法 words it; the first word is the one messages show. */
export const OUTCOME_WORDS: Record<Outcome, readonly string[]> = { approved: ['准予', '准予许可'], denied: ['不予许可'] };

/** A decision: approved (准予) or denied (不予许可). */
export function parseOutcome(field: string, value: string): Outcome {
  const outcome = pickValue(OUTCOMES, OUTCOME_WORDS, value);
  if (!outcome) throw new InvalidValue(field, value, { rule: 'outcome' });
  return outcome;
}

/**
 * What a case list filters by (SPEC §3.2): a case's state, or how its open
 * clock stands today (overdue, due within the warning days).
 */
export const CASE_STATUSES = ['open', 'paused', 'overdue', 'due-soon', 'concluded', 'withdrawn', 'refused', 'voided'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** The words of the case list and of 电子监察 for each status; the first is the one messages show. */
export const CASE_STATUS_WORDS: Record<CaseStatus, readonly string[]> = {
  open: ['办理中', '在办'],
  paused: ['已暂停', '暂停'],
  overdue: ['超期', '已超期', '红灯'],
  'due-soon': ['临期', '即将到期', '黄灯'],
  concluded: ['已办结', '办结'],
  withdrawn: ['已撤回', '撤回'],
  refused: ['不予受理'],
  voided: ['已作废', '作废'],
};

export function parseCaseStatus(field: string, value: string): CaseStatus {
  const status = pickValue(CASE_STATUSES, CASE_STATUS_WORDS, value);
  if (!status) throw new InvalidValue(field, value, { rule: 'case_status' });
  return status;
}

export type ImportOutcome = Outcome | 'withdrawn' | 'refused';

const IMPORT_OUTCOME_WORDS: Record<string, ImportOutcome> = {
  approved: 'approved',
  准予: 'approved',
  准予许可: 'approved',
  denied: 'denied',
  不予许可: 'denied',
  办结: 'approved',
  不予批准: 'denied',
  撤回: 'withdrawn',
  withdrawn: 'withdrawn',
  不予受理: 'refused',
  refused: 'refused',
};

/** How a historical case ended, as a department's export writes it. */
export function parseImportOutcome(field: string, value: string): ImportOutcome {
  const outcome = IMPORT_OUTCOME_WORDS[value.trim().toLowerCase()];
  if (!outcome) throw new InvalidValue(field, value, { rule: 'import_outcome' });
  return outcome;
}

/** GB/T 39735 evaluation levels (好差评). */
export const LEVEL_WORDS: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

export function parseLevel(field: string, value: string): number {
  const trimmed = normalizeCell(value);
  if (/^[1-5]$/.test(trimmed)) return Number(trimmed);
  const found = Object.entries(LEVEL_WORDS).find(([, word]) => word === trimmed);
  if (!found) throw new InvalidValue(field, value, { rule: 'level' });
  return Number(found[0]);
}

export function parseYesNo(field: string, value: string): boolean {
  const answer = value.trim().toLowerCase();
  if (['是', 'yes', 'y', '1', 'true', '查实'].includes(answer)) return true;
  if (['否', 'no', 'n', '0', 'false', '未查实'].includes(answer)) return false;
  throw new InvalidValue(field, value, { rule: 'yes_no' });
}

export const ID_TYPES = ['resident', 'credit', 'other'] as const satisfies readonly IdType[];
/** The document's name; the first word is the one messages show. */
export const ID_TYPE_WORDS: Record<IdType, readonly string[]> = {
  resident: ['居民身份证', '身份证'],
  credit: ['统一社会信用代码', '信用代码'],
  other: ['其他证件', '其他'],
};

export function parseIdType(field: string, value: string): IdType {
  const type = pickValue(ID_TYPES, ID_TYPE_WORDS, value);
  if (!type) throw new InvalidValue(field, value, { rule: 'id_type' });
  return type;
}

export interface CheckedId {
  id: string | null;
  type: IdType | null;
  notice: Notice | null;
}

/**
 * An 18-character resident ID must pass the GB 11643 check digit (refused otherwise); an
 * 18-character credit code is checked against GB 32100 but only noticed, since some
 * real codes fail it; anything else (passport, 港澳通行证) needs the type `other`.
 */
export function checkApplicantId(field: string, raw: string | undefined, idType: IdType | undefined): CheckedId {
  const value = normalizeCell(raw ?? '')
    .toUpperCase()
    .replace(/\s+/g, '');
  if (value === '') return { id: null, type: null, notice: null };
  if (idType === 'other') return { id: value, type: 'other', notice: null };
  if ((idType === undefined || idType === 'resident') && /^\d{17}[\dX]$/.test(value)) {
    if (!isValidResidentId(value)) throw new InvalidValue(field, value, { rule: 'resident_id_check' });
    return { id: value, type: 'resident', notice: null };
  }
  if ((idType === undefined || idType === 'credit') && (looksLikeCreditCode(value) || (idType === 'credit' && value.length === 18))) {
    return { id: value, type: 'credit', notice: isValidCreditCode(value) ? null : { notice: 'credit_code_check', id: value } };
  }
  throw new InvalidValue(field, value, { rule: 'id_form' });
}

/** When an event happens: the instant as stored, and its local date and time of day. */
export interface EventTime {
  at: string;
  date: IsoDate;
  minutes: number;
}

export function eventTimeOf(instant: Date, timeZone: string): EventTime {
  const local = localDateTime(instant, timeZone);
  return { at: isoWithOffset(instant, timeZone), date: local.date, minutes: local.minutes };
}

/**
 * A written time (`2025-10-09 14:30`, Excel's `2025/10/9 14:30`, ISO with offset).
 * Back-dating fills in what happened; a time still to come has not happened, so a
 * time more than a minute after `now` is refused (SPEC §4).
 */
export function parseEventTime(field: string, value: string, timeZone: string, now: Date): EventTime {
  const written = writtenLocalTime(field, value, timeZone, now);
  if (written) return written;
  const instant = parseTimestamp(value, timeZone);
  if (!instant) throw new InvalidValue(field, value, { rule: 'timestamp' });
  if (instant.getTime() > now.getTime() + 60_000) throw new InvalidValue(field, value, { rule: 'in_future' });
  const time = eventTimeOf(instant, timeZone);
  // SPEC §4's range, as for a date typed alone: doctor names an event outside it as damage,
  // and before 1901 a zone's offset had seconds (+08:05:43), which no stored time keeps.
  if (time.date < FIRST_DATE || time.date > LAST_DATE) throw new InvalidValue(field, value, { rule: 'date_range' });
  return time;
}

/** `2025-10-09 14:30` (or `14:30:05`, or with a `T`): how exports and clerks write a time. */
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The usual written time in a zone of one fixed offset, read straight from its text: a
 * case import reads millions of them, and the round trip through Date and back was the
 * largest part of checking a row. Gives exactly what `parseTimestamp` + `eventTimeOf`
 * give; anything else (Excel's `2025/9/5 9:05`, an explicit offset, another zone) is
 * left to them (null).
 */
function writtenLocalTime(field: string, value: string, timeZone: string, now: Date): EventTime | null {
  const match = LOCAL_TIME.exec(value);
  if (!match) return null;
  const [, date, hh, mm, ss = '00'] = match as unknown as [string, IsoDate, string, string, string | undefined];
  const offset = fixedOffsetOn(date, timeZone);
  const hours = Number(hh);
  const minutes = Number(mm);
  const seconds = Number(ss);
  if (offset === undefined || hours > 23 || minutes > 59 || seconds > 59 || !isValidDate(date)) return null;
  const instant = dayNumber(date) * 86_400_000 + ((hours * 60 + minutes - offset) * 60 + seconds) * 1000;
  if (instant > now.getTime() + 60_000) throw new InvalidValue(field, value, { rule: 'in_future' });
  return { at: `${date}T${hh}:${mm}:${ss}${offsetText(offset)}`, date, minutes: hours * 60 + minutes };
}

/**
 * A whole number typed as an option (a count of months, a list limit): digits only, within
 * [min, max]; anything else is refused naming the flag, under `problem` when the flag
 * has words of its own.
 */
export function wholeNumber(field: string, value: string, min: number, max: number, problem: Problem = { rule: 'integer_range', min, max }): number {
  const trimmed = value.trim();
  const number = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || number < min || number > max) throw new InvalidValue(field, value, problem);
  return number;
}

/** A required text (an applicant's name, a reason): trimmed, and not empty. */
export function requireText(field: string, value: string | undefined): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') throw new InvalidValue(field, value ?? '', { rule: 'required' });
  return trimmed;
}
