/**
 * The item catalog's vocabulary and value rules (SPEC §3.1): stages, types, statuses,
 * and how the cells departments really send (`20个工作日`, `二十`, `３`, `即办`,
 * `120元`, `01`) become clean values. Which columns an item has is `item-table.ts`;
 * how a whole row becomes an item is `item-row.ts`. Pure: no database, no terminal.
 */
import type { LimitUnit } from './calendar.js';
import { normalizeCell } from './columns.js';
import type { Problem } from './problems.js';

/**
 * Whether a code is what Excel makes of a long number-like code in a General column
 * (`330100001234` shown and saved as `3.30100001E+11`): the digits past the shown ones
 * are gone, so no item can be found or made from it.
 */
export function looksScientific(code: string): boolean {
  return /^\d+(\.\d+)?E\+?\d+$/i.test(code);
}

export const STAGES = ['accept', 'review', 'inspect', 'decide', 'certify', 'deliver'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_NAMES: Record<Stage, string> = {
  accept: '受理',
  review: '审查',
  inspect: '现场勘察',
  decide: '审批',
  certify: '制证',
  deliver: '送达',
};

export const ITEM_TYPES = [
  '行政许可',
  '行政处罚',
  '行政强制',
  '行政征收',
  '行政给付',
  '行政检查',
  '行政确认',
  '行政奖励',
  '行政裁决',
  '其他行政权力',
  '公共服务',
  '非行政许可',
  '初审',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** The national platform's numeric type codes (政务服务事项基本目录). */
const TYPE_CODES: Record<number, ItemType> = {
  1: '行政许可',
  2: '行政处罚',
  3: '行政强制',
  4: '行政征收',
  5: '行政给付',
  6: '行政检查',
  7: '行政确认',
  8: '行政奖励',
  9: '行政裁决',
  10: '其他行政权力',
  20: '公共服务',
};

const TYPE_ALIASES: Record<string, ItemType> = {
  许可: '行政许可',
  非许可: '非行政许可',
  服务: '公共服务',
  便民服务: '公共服务',
};

export type ItemStatus = 'active' | 'suspended' | 'cancelled';
export const STATUS_NAMES: Record<ItemStatus, string> = { active: '在用', suspended: '暂停', cancelled: '取消' };
const STATUS_ALIASES: Record<string, ItemStatus> = {
  在用: 'active',
  有效: 'active',
  active: 'active',
  暂停: 'suspended',
  suspended: 'suspended',
  取消: 'cancelled',
  已取消: 'cancelled',
  cancelled: 'cancelled',
};

export type ItemKind = 'immediate' | 'promised';
export const KIND_NAMES: Record<ItemKind, string> = { immediate: '即办件', promised: '承诺件' };

const CHINESE_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** `二十` → 20, `十五` → 15, `一百二十` → 120; null when it is not a Chinese numeral. */
export function parseChineseNumber(value: string): number | null {
  if (value === '') return null;
  let section = 0;
  let digit = 0;
  for (const ch of value) {
    if (ch in CHINESE_DIGITS) digit = CHINESE_DIGITS[ch]!;
    else if (ch === '十') {
      section += (digit || 1) * 10;
      digit = 0;
    } else if (ch === '百') {
      section += (digit || 1) * 100;
      digit = 0;
    } else return null;
  }
  return section + digit;
}

export interface DayLimit {
  days: number;
  /** null when the cell gave no unit (a bare number). */
  unit: LimitUnit | null;
}

const IMMEDIATE_WORDS = new Set(['即办', '即办件', '当场办结', '当场', '即时办结']);
const NONE_WORDS = new Set(['', '无', '-', '—', '/']);
const DAYS_PATTERN = /^([0-9]+|[零〇一二两三四五六七八九十百]+)\s*个?\s*(工作日|自然日|日|天)?$/;

/** A time limit cell: `20`, `20个工作日`, `二十`, `20日`, `30个自然日`, `即办` (0). Empty or `无` → null. */
export function parseDayLimit(raw: string): DayLimit | null | Problem {
  const value = normalizeCell(raw);
  if (NONE_WORDS.has(value)) return null;
  if (IMMEDIATE_WORDS.has(value)) return { days: 0, unit: null };
  const match = DAYS_PATTERN.exec(value);
  if (!match) return { rule: 'days' };
  const number = /^[0-9]+$/.test(match[1]!) ? Number(match[1]) : parseChineseNumber(match[1]!);
  if (number === null || !Number.isSafeInteger(number)) return { rule: 'days' };
  // No approval runs for years; a longer limit is a typo, and would walk the calendar past its range.
  if (number > MAX_LIMIT_DAYS) return { rule: 'days_too_large', max: MAX_LIMIT_DAYS };
  // 行政许可法 Art. 82: limits "in days" are working days; only 自然日 says otherwise.
  const unit: LimitUnit | null = match[2] === '自然日' ? 'calendar' : match[2] ? 'workday' : null;
  return { days: number, unit };
}

/** The longest time limit hall accepts, in days (working or calendar). */
export const MAX_LIMIT_DAYS = 999;

/** The largest fee hall accepts, in yuan (one hundred million). */
export const MAX_FEE_YUAN = 100_000_000;

/** A fee in yuan (`50`, `50元`, `50.00`; `不收费`, `免费`, empty = 0) as integer fen. */
export function parseFeeFen(raw: string): number | Problem {
  const value = normalizeCell(raw)
    .replace(/^[¥￥]/, '')
    .replace(/．/g, '.')
    .replace(/^－/, '-');
  if (['', '不收费', '免费', '无', '0'].includes(value)) return 0;
  if (/^-\s*\d/.test(value)) return { rule: 'fee_negative' };
  const match = /^(\d+)(?:\.(\d{1,2}))?\s*元?$/.exec(value);
  if (!match) return { rule: 'fee' };
  // Far above any administrative fee, and far inside exact integer arithmetic: a typo of
  // twenty nines is refused instead of being stored as a rounded float.
  if (Number(match[1]) > MAX_FEE_YUAN) return { rule: 'fee_too_large', maxYuan: MAX_FEE_YUAN };
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function formatFeeYuan(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(yuan) : `${yuan}.${String(cents).padStart(2, '0')}`;
}

export function parseItemType(raw: string): ItemType | Problem {
  const value = normalizeCell(raw);
  if ((ITEM_TYPES as readonly string[]).includes(value)) return value as ItemType;
  if (value in TYPE_ALIASES) return TYPE_ALIASES[value]!;
  if (/^\d{1,2}$/.test(value) && TYPE_CODES[Number(value)]) return TYPE_CODES[Number(value)]!;
  return { rule: 'item_type' };
}

export function parseKind(raw: string): ItemKind | null | Problem {
  const value = normalizeCell(raw);
  if (value === '') return null;
  if (['即办件', '即办', '1', 'immediate'].includes(value)) return 'immediate';
  if (['承诺件', '承诺', '2', 'promised'].includes(value)) return 'promised';
  return { rule: 'item_kind' };
}

export function parseStatus(raw: string): ItemStatus | Problem {
  const value = normalizeCell(raw);
  if (value === '') return 'active';
  const status = STATUS_ALIASES[value.toLowerCase()] ?? STATUS_ALIASES[value];
  return status ?? { rule: 'item_status' };
}

/** A small whole number in a range (网上办理深度 1–4, 跑动次数 0–2); empty → null. */
export function parseSmallInt(raw: string, min: number, max: number): number | null | Problem {
  const value = normalizeCell(raw);
  if (value === '') return null;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) return { rule: 'integer_range', min, max };
  return Number(value);
}

const STAGE_LOOKUP = new Map<string, Stage>(STAGES.flatMap((stage) => [[STAGE_NAMES[stage], stage] as const, [stage, stage] as const]));

/** Stage lists are written `受理>审查>审批` or with `,` `，` `、` between the names. */
export function parseStageList(raw: string): Stage[] | Problem {
  const names = normalizeCell(raw)
    .split(/[>,、，＞]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const stages: Stage[] = [];
  for (const name of names) {
    const stage = STAGE_LOOKUP.get(name);
    if (!stage) return { rule: 'stage', name };
    if (!stages.includes(stage)) stages.push(stage);
  }
  return stages;
}

export function defaultStages(promisedDays: number): Stage[] {
  return promisedDays === 0 ? ['accept', 'decide'] : ['accept', 'review', 'decide', 'deliver'];
}

/** The stages whose location decides "on site": every stage up to and including 审批. */
export function stagesUpToDecision(stages: readonly Stage[]): Stage[] {
  const decide = stages.indexOf('decide');
  return decide === -1 ? [...stages] : stages.slice(0, decide + 1);
}

/** 即办件 are the items promised in zero days (SPEC §3.1): the kind follows from the limit. */
export function kindOfLimit(promisedDays: number): ItemKind {
  return promisedDays === 0 ? 'immediate' : 'promised';
}

export function isFullyAuthorized(stages: readonly Stage[], authorized: readonly Stage[]): boolean {
  return stagesUpToDecision(stages).every((stage) => authorized.includes(stage));
}

export function formatStages(stages: readonly Stage[], separator = '>'): string {
  return stages.map((stage) => STAGE_NAMES[stage]).join(separator);
}

/** A limit as written on export, so that import reads it back unchanged. */
export function formatDayLimit(days: number | null, unit: LimitUnit | null): string {
  if (days === null) return '';
  return unit === 'calendar' ? `${days}个自然日` : String(days);
}
