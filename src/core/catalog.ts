/**
 * The item catalog's rules (SPEC §3.1): which CSV headers name which field, and how
 * the cells departments really send (`20个工作日`, `二十`, `３`, `即办`, `120元`,
 * `01`) become one clean item. Pure: no database, no terminal.
 */
import type { LimitUnit } from './calendar.js';
import { text, type LocalText } from './errors.js';

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

/** Cells that need more than a trim: most do not, and imports run this on every cell. */
const NEEDS_NORMALIZING = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u3000']/;

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

export const ITEM_FIELDS = [
  'code',
  'name',
  'department',
  'type',
  'legal_days',
  'promised_days',
  'kind',
  'fee',
  'fee_basis',
  'legal_basis',
  'window',
  'stages',
  'authorized',
  'online_depth',
  'visits',
  'status',
  'parent',
] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

/** Accepted headers per field, the Chinese one used on export first. */
export const ITEM_HEADERS: Record<ItemField, readonly string[]> = {
  code: ['事项编码', '实施编码', 'code'],
  name: ['事项名称', 'name'],
  department: ['实施部门', '实施主体', '部门', 'department'],
  type: ['事项类型', 'type'],
  legal_days: ['法定时限', '法定办结时限', 'legal_days'],
  promised_days: ['承诺时限', '承诺办结时限', 'promised_days'],
  kind: ['办件类型', 'kind'],
  fee: ['收费标准', 'fee'],
  fee_basis: ['收费依据', 'fee_basis'],
  legal_basis: ['设定依据', 'legal_basis'],
  window: ['进驻窗口', '受理窗口', 'window'],
  stages: ['办理环节', 'stages'],
  authorized: ['窗口授权', 'authorized'],
  online_depth: ['网上办理深度', 'online_depth'],
  visits: ['到办事现场次数', '跑动次数', 'visits'],
  status: ['状态', 'status'],
  parent: ['上级事项编码', 'parent'],
};

export const REQUIRED_ITEM_FIELDS: readonly ItemField[] = ['code', 'name', 'department', 'type', 'promised_days'];

/** Header comparison: case-insensitive, trimmed, every kind of space removed (Excel keeps full-width ones). */
export function headerKey(header: string): string {
  return normalizeCell(header).replace(/\s+/g, '').toLowerCase();
}

const HEADER_LOOKUP = new Map<string, ItemField>(
  ITEM_FIELDS.flatMap((field) => ITEM_HEADERS[field].map((header) => [headerKey(header), field] as const)),
);

export function itemFieldForHeader(header: string): ItemField | undefined {
  return HEADER_LOOKUP.get(headerKey(header));
}

/**
 * Trims and turns full-width digits and letters (`２０`, `ＡＢ`) and the ideographic
 * space into their plain forms. Full-width punctuation stays: `（新办）` is part of a name.
 */
export function normalizeCell(value: string): string {
  if (!NEEDS_NORMALIZING.test(value)) return value.trim();
  return value
    // A leading ' before = + - @ is the formula guard our own CSV export adds.
    .replace(/^'(?=[=+\-@])/, '')
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
}

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

export const DAYS_EXPECTED = text(
  '应为天数，如 20、20个工作日、二十、30个自然日、即办',
  'expected a number of days such as 20, 20个工作日, 二十, 30个自然日 or 即办',
);

/** A time limit cell: `20`, `20个工作日`, `二十`, `20日`, `30个自然日`, `即办` (0). Empty or `无` → null. */
export function parseDayLimit(raw: string): DayLimit | null | LocalText {
  const value = normalizeCell(raw);
  if (NONE_WORDS.has(value)) return null;
  if (IMMEDIATE_WORDS.has(value)) return { days: 0, unit: null };
  const match = DAYS_PATTERN.exec(value);
  if (!match) return DAYS_EXPECTED;
  const number = /^[0-9]+$/.test(match[1]!) ? Number(match[1]) : parseChineseNumber(match[1]!);
  if (number === null || !Number.isSafeInteger(number)) return DAYS_EXPECTED;
  // 行政许可法 Art. 82: limits "in days" are working days; only 自然日 says otherwise.
  const unit: LimitUnit | null = match[2] === '自然日' ? 'calendar' : match[2] ? 'workday' : null;
  return { days: number, unit };
}

/** A fee in yuan (`50`, `50元`, `50.00`; `不收费`, `免费`, empty = 0) as integer fen. */
export function parseFeeFen(raw: string): number | LocalText {
  const value = normalizeCell(raw).replace(/^[¥￥]/, '').replace(/．/g, '.').replace(/^－/, '-');
  if (['', '不收费', '免费', '无', '0'].includes(value)) return 0;
  if (/^-\s*\d/.test(value)) return text('收费不能为负数', 'a fee cannot be negative');
  const match = /^(\d+)(?:\.(\d{1,2}))?\s*元?$/.exec(value);
  if (!match) return text('应为金额（元），如 50、50元、50.00 或 不收费', 'expected an amount in yuan such as 50, 50元, 50.00 or 不收费');
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function formatFeeYuan(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(yuan) : `${yuan}.${String(cents).padStart(2, '0')}`;
}

export function parseItemType(raw: string): ItemType | LocalText {
  const value = normalizeCell(raw);
  if ((ITEM_TYPES as readonly string[]).includes(value)) return value as ItemType;
  if (value in TYPE_ALIASES) return TYPE_ALIASES[value]!;
  if (/^\d{1,2}$/.test(value) && TYPE_CODES[Number(value)]) return TYPE_CODES[Number(value)]!;
  return text(
    `未知的事项类型；可用：${ITEM_TYPES.join('、')}，或编码 01–10、20`,
    `unknown item type; allowed: ${ITEM_TYPES.join(', ')}, or the codes 01–10 and 20`,
  );
}

export function parseKind(raw: string): ItemKind | null | LocalText {
  const value = normalizeCell(raw);
  if (value === '') return null;
  if (['即办件', '即办', '1', 'immediate'].includes(value)) return 'immediate';
  if (['承诺件', '承诺', '2', 'promised'].includes(value)) return 'promised';
  return text('办件类型应为 即办件 或 承诺件（或 1、2）', 'kind must be 即办件 or 承诺件 (or 1, 2)');
}

export function parseStatus(raw: string): ItemStatus | LocalText {
  const value = normalizeCell(raw);
  if (value === '') return 'active';
  const status = STATUS_ALIASES[value.toLowerCase()] ?? STATUS_ALIASES[value];
  return status ?? text('状态应为 在用、暂停 或 取消', 'status must be 在用, 暂停 or 取消');
}

const STAGE_LOOKUP = new Map<string, Stage>(
  STAGES.flatMap((stage) => [
    [STAGE_NAMES[stage], stage] as const,
    [stage, stage] as const,
  ]),
);

/** Stage lists are written `受理>审查>审批` or with `,` `，` `、` between the names. */
export function parseStageList(raw: string): Stage[] | LocalText {
  const names = normalizeCell(raw)
    .split(/[>,、，＞]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const stages: Stage[] = [];
  for (const name of names) {
    const stage = STAGE_LOOKUP.get(name);
    if (!stage) {
      return text(
        `未知的办理环节"${name}"；可用：${STAGES.map((s) => STAGE_NAMES[s]).join('、')}`,
        `unknown stage "${name}"; allowed: ${STAGES.map((s) => STAGE_NAMES[s]).join(', ')}`,
      );
    }
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

export function isFullyAuthorized(stages: readonly Stage[], authorized: readonly Stage[]): boolean {
  return stagesUpToDecision(stages).every((stage) => authorized.includes(stage));
}

export function formatStages(stages: readonly Stage[], separator = '>'): string {
  return stages.map((stage) => STAGE_NAMES[stage]).join(separator);
}

/** One catalog item as stored. */
export interface Item {
  code: string;
  name: string;
  department: string;
  type: ItemType;
  legalDays: number | null;
  legalUnit: LimitUnit | null;
  promisedDays: number;
  limitUnit: LimitUnit;
  kind: ItemKind;
  feeFen: number;
  feeBasis: string;
  legalBasis: string;
  /** Window code or name as given; null = not entered in the hall (未进驻). */
  window: string | null;
  stages: Stage[];
  authorized: Stage[];
  authorizationDeclared: boolean;
  onlineDepth: number | null;
  visits: number | null;
  status: ItemStatus;
  parent: string | null;
}

export interface FieldError {
  field: ItemField;
  value: string;
  reason: LocalText;
}

function isText(value: unknown): value is LocalText {
  return typeof value === 'object' && value !== null && 'zh' in value && 'en' in value;
}

function parseSmallInt(raw: string, min: number, max: number): number | null | LocalText {
  const value = normalizeCell(raw);
  if (value === '') return null;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    return text(`应为 ${min}–${max} 的整数`, `expected a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/**
 * Validates one row (cells keyed by field, absent fields undefined) into an item, or
 * every error it has. Cross-row rules (duplicate codes, parents) are the importer's.
 */
export function parseItemRow(cells: Partial<Record<ItemField, string>>): { item: Item } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const normalized = new Map<ItemField, string>();
  for (const field of ITEM_FIELDS) normalized.set(field, normalizeCell(cells[field] ?? ''));
  const cell = (field: ItemField) => normalized.get(field)!;
  const fail = (field: ItemField, reason: LocalText) => errors.push({ field, value: cell(field), reason });

  for (const field of REQUIRED_ITEM_FIELDS) {
    if (cell(field) === '') fail(field, text('必填项为空', 'required value is empty'));
  }

  const type = parseItemType(cell('type'));
  if (isText(type) && cell('type') !== '') fail('type', type);

  const legal = parseDayLimit(cell('legal_days'));
  if (isText(legal)) fail('legal_days', legal);
  const promised = parseDayLimit(cell('promised_days'));
  if (isText(promised)) {
    if (cell('promised_days') !== '') fail('promised_days', promised);
  }
  const legalLimit = isText(legal) ? null : legal;
  const promisedLimit = isText(promised) ? null : promised;
  const legalUnit: LimitUnit | null = legalLimit ? (legalLimit.unit ?? 'workday') : null;
  // A bare promised number beside `60个自然日` is read in the legal limit's unit.
  const limitUnit: LimitUnit = promisedLimit?.unit ?? legalLimit?.unit ?? 'workday';
  if (legalLimit && promisedLimit && legalUnit === limitUnit && promisedLimit.days > legalLimit.days) {
    fail(
      'promised_days',
      text(`承诺时限不能长于法定时限（${legalLimit.days} 日）`, `the promised limit exceeds the legal limit (${legalLimit.days} days)`),
    );
  }

  const kind = parseKind(cell('kind'));
  if (isText(kind)) fail('kind', kind);
  else if (kind && promisedLimit) {
    const expected: ItemKind = promisedLimit.days === 0 ? 'immediate' : 'promised';
    if (kind !== expected) {
      fail(
        'kind',
        text(
          `与承诺时限 ${promisedLimit.days} 日矛盾：承诺时限为 0 的是即办件，其余是承诺件`,
          `contradicts the promised limit of ${promisedLimit.days} days: 即办件 has limit 0, 承诺件 more`,
        ),
      );
    }
  }

  const fee = parseFeeFen(cell('fee'));
  if (isText(fee)) fail('fee', fee);

  let stages: Stage[] = defaultStages(promisedLimit?.days ?? 1);
  if (cell('stages') !== '') {
    const parsed = parseStageList(cell('stages'));
    if (isText(parsed)) fail('stages', parsed);
    else if (parsed.length > 0) stages = parsed;
  }

  let authorized: Stage[] = [...stages];
  const authorizationDeclared = cell('authorized') !== '';
  if (authorizationDeclared && !['全部', '完全授权', 'all'].includes(cell('authorized').toLowerCase())) {
    const parsed = parseStageList(cell('authorized'));
    if (isText(parsed)) fail('authorized', parsed);
    else {
      const foreign = parsed.filter((stage) => !stages.includes(stage));
      if (foreign.length > 0) {
        fail(
          'authorized',
          text(
            `${formatStages(foreign, '、')} 不在本事项的办理环节（${formatStages(stages)}）中`,
            `${formatStages(foreign, ', ')} is not one of the item's stages (${formatStages(stages)})`,
          ),
        );
      }
      authorized = stages.filter((stage) => parsed.includes(stage));
    }
  }

  const onlineDepth = parseSmallInt(cell('online_depth'), 1, 4);
  if (isText(onlineDepth)) fail('online_depth', onlineDepth);
  const visits = parseSmallInt(cell('visits'), 0, 2);
  if (isText(visits)) fail('visits', visits);
  const status = parseStatus(cell('status'));
  if (isText(status)) fail('status', status);

  if (errors.length > 0 || isText(type) || !promisedLimit) return { errors };
  return {
    item: {
      code: cell('code'),
      name: cell('name'),
      department: cell('department'),
      type,
      legalDays: legalLimit?.days ?? null,
      legalUnit,
      promisedDays: promisedLimit.days,
      limitUnit,
      kind: promisedLimit.days === 0 ? 'immediate' : 'promised',
      feeFen: fee as number,
      feeBasis: cell('fee_basis'),
      legalBasis: cell('legal_basis'),
      window: cell('window') === '' ? null : cell('window'),
      stages,
      authorized,
      authorizationDeclared,
      onlineDepth: onlineDepth as number | null,
      visits: visits as number | null,
      status: status as ItemStatus,
      parent: cell('parent') === '' ? null : cell('parent'),
    },
  };
}

/** A limit as written on export, so that import reads it back unchanged. */
export function formatDayLimit(days: number | null, unit: LimitUnit | null): string {
  if (days === null) return '';
  return unit === 'calendar' ? `${days}个自然日` : String(days);
}
