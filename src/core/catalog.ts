/**
 * The item catalog's rules (SPEC §3.1): which CSV headers name which field, and how
 * the cells departments really send (`20个工作日`, `二十`, `３`, `即办`, `120元`,
 * `01`) become one clean item. Pure: no database, no terminal.
 */
import type { LimitUnit } from './calendar.js';
import { type FieldError, headerKey, headerLookup, type ImportColumns, normalizeCell, type RowCells } from './columns.js';
import { isProblem, type Problem } from './errors.js';

export { headerKey, normalizeCell } from './columns.js';

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

/** What a new item cannot do without (SPEC §3.1). */
export const REQUIRED_ITEM_FIELDS: readonly ItemField[] = ['code', 'name', 'department', 'type', 'promised_days'];

/**
 * The item import's column table (SPEC §3.1, §5). Only the code is required in the
 * header: a file may carry just the columns it updates (`事项编码,承诺时限`), and whether
 * it needs the other required columns depends on each row's code being new, which is
 * known only row by row (`new_item_needs`).
 */
export const ITEM_IMPORT_COLUMNS: ImportColumns<ItemField> = { fields: ITEM_FIELDS, headers: ITEM_HEADERS, required: ['code'] };

const HEADER_LOOKUP = headerLookup(ITEM_IMPORT_COLUMNS);

export function itemFieldForHeader(header: string): ItemField | undefined {
  return HEADER_LOOKUP.get(headerKey(header));
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

/** A fee in yuan (`50`, `50元`, `50.00`; `不收费`, `免费`, empty = 0) as integer fen. */
/** The longest time limit hall accepts, in days (working or calendar). */
export const MAX_LIMIT_DAYS = 999;

/** The largest fee hall accepts, in yuan (one hundred million). */
export const MAX_FEE_YUAN = 100_000_000;

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

export type ItemFieldError = FieldError<ItemField>;

function parseSmallInt(raw: string, min: number, max: number): number | null | Problem {
  const value = normalizeCell(raw);
  if (value === '') return null;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) return { rule: 'integer_range', min, max };
  return Number(value);
}

/**
 * Validates one row into an item, or every error it has. `cells` holds the fields the
 * file has columns for (a field without a column is undefined, a blank cell is '').
 *
 * `stored` is the item already in the catalog under the row's code. A field the file
 * has no column for keeps its stored value, and the rules between fields (promised ≤
 * legal, kind, stages and their authorization) are checked on the item as it will be
 * — so a file that only lowers 承诺时限 is held to the stored 法定时限. Without `stored`
 * the row is a new item: it needs every required column, and the optional ones it
 * lacks take their blank meaning. Cross-row rules (duplicate codes, parents) are the
 * importer's.
 */
export function parseItemRow(cells: RowCells<ItemField>, stored?: Item | null): { item: Item } | { errors: ItemFieldError[] } {
  const errors: ItemFieldError[] = [];
  const normalized = new Map<ItemField, string>();
  for (const field of ITEM_FIELDS) normalized.set(field, normalizeCell(cells[field] ?? ''));
  const cell = (field: ItemField) => normalized.get(field)!;
  const fail = (field: ItemField, problem: Problem) => errors.push({ field, value: cell(field), problem });
  /** The value comes from the file: it has the column, or there is no stored item to keep. */
  const fromFile = (field: ItemField) => cells[field] !== undefined || !stored;

  for (const field of REQUIRED_ITEM_FIELDS) {
    if ((cells[field] !== undefined || field === 'code') && cell(field) === '') fail(field, { rule: 'required' });
  }
  const missing = REQUIRED_ITEM_FIELDS.filter((field) => field !== 'code' && cells[field] === undefined);
  if (!stored && missing.length > 0 && cell('code') !== '') {
    fail('code', { rule: 'new_item_needs', columns: missing.map((field) => ITEM_HEADERS[field][0]!) });
  }

  const type = fromFile('type') ? parseItemType(cell('type')) : stored!.type;
  if (isProblem(type) && cell('type') !== '') fail('type', type);

  const legal = fromFile('legal_days')
    ? parseDayLimit(cell('legal_days'))
    : stored!.legalDays === null
      ? null
      : { days: stored!.legalDays, unit: stored!.legalUnit };
  if (isProblem(legal)) fail('legal_days', legal);
  // The stored promised limit keeps its unit explicitly, so a new 法定时限 in another unit cannot reinterpret it.
  const promised = fromFile('promised_days') ? parseDayLimit(cell('promised_days')) : { days: stored!.promisedDays, unit: stored!.limitUnit };
  if (isProblem(promised)) fail('promised_days', promised);
  else if (promised === null && cell('promised_days') !== '') fail('promised_days', { rule: 'days' }); // `无`: the limit is required
  const legalLimit = isProblem(legal) ? null : legal;
  const promisedLimit = isProblem(promised) ? null : promised;
  const legalUnit: LimitUnit | null = legalLimit ? (legalLimit.unit ?? 'workday') : null;
  // A bare promised number beside `60个自然日` is read in the legal limit's unit.
  const limitUnit: LimitUnit = promisedLimit?.unit ?? legalLimit?.unit ?? 'workday';
  if (legalLimit && promisedLimit && legalUnit === limitUnit && promisedLimit.days > legalLimit.days) {
    // Blame the column the file changed: a new 法定时限 below the stored 承诺时限 is the legal cell's fault.
    if (cells.promised_days === undefined && cells.legal_days !== undefined) {
      fail('legal_days', { rule: 'legal_under_promised', promised: promisedLimit.days });
    } else fail('promised_days', { rule: 'promised_over_legal', legal: legalLimit.days });
  }

  // Not stored (it follows from the limit), so only a 办件类型 the file gives is checked.
  const kind = parseKind(cell('kind'));
  if (isProblem(kind)) fail('kind', kind);
  else if (kind && promisedLimit) {
    const expected = kindOfLimit(promisedLimit.days);
    if (kind !== expected) fail('kind', { rule: 'kind_contradicts_limit', promised: promisedLimit.days });
  }

  const fee = fromFile('fee') ? parseFeeFen(cell('fee')) : stored!.feeFen;
  if (isProblem(fee)) fail('fee', fee);

  let stages: Stage[] = fromFile('stages') ? defaultStages(promisedLimit?.days ?? 1) : stored!.stages;
  if (cell('stages') !== '') {
    const parsed = parseStageList(cell('stages'));
    if (isProblem(parsed)) fail('stages', parsed);
    else if (parsed.length > 0) stages = parsed;
  }

  let authorized: Stage[] = [...stages];
  let authorizationDeclared: boolean;
  if (fromFile('authorized')) {
    authorizationDeclared = cell('authorized') !== '';
    if (authorizationDeclared && !['全部', '完全授权', 'all'].includes(cell('authorized').toLowerCase())) {
      const parsed = parseStageList(cell('authorized'));
      if (isProblem(parsed)) fail('authorized', parsed);
      else {
        const foreign = parsed.filter((stage) => !stages.includes(stage));
        if (foreign.length > 0) fail('authorized', { rule: 'stage_not_in_item', foreign, stages });
        authorized = stages.filter((stage) => parsed.includes(stage));
      }
    }
  } else {
    // The stored authorization, over the stages as they will be. An undeclared one and
    // one covering every stage (what export writes as 全部) cover the new stages too; a
    // partial one must not name a stage the file takes away.
    authorizationDeclared = stored!.authorizationDeclared;
    if (authorizationDeclared && stored!.authorized.length < stored!.stages.length) {
      const dropped = stored!.authorized.filter((stage) => !stages.includes(stage));
      if (dropped.length > 0) fail('stages', { rule: 'drops_authorized_stage', dropped });
      authorized = stages.filter((stage) => stored!.authorized.includes(stage));
    }
  }

  const onlineDepth = fromFile('online_depth') ? parseSmallInt(cell('online_depth'), 1, 4) : stored!.onlineDepth;
  if (isProblem(onlineDepth)) fail('online_depth', onlineDepth);
  const visits = fromFile('visits') ? parseSmallInt(cell('visits'), 0, 2) : stored!.visits;
  if (isProblem(visits)) fail('visits', visits);
  const status = fromFile('status') ? parseStatus(cell('status')) : stored!.status;
  if (isProblem(status)) fail('status', status);

  if (errors.length > 0 || isProblem(type) || !promisedLimit) return { errors };
  const words = (field: 'name' | 'department' | 'fee_basis' | 'legal_basis', kept: string) => (fromFile(field) ? cell(field) : kept);
  const optional = (field: 'window' | 'parent', kept: string | null) => (fromFile(field) ? cell(field) || null : kept);
  return {
    item: {
      code: cell('code'),
      name: words('name', stored?.name ?? ''),
      department: words('department', stored?.department ?? ''),
      type,
      legalDays: legalLimit?.days ?? null,
      legalUnit,
      promisedDays: promisedLimit.days,
      limitUnit,
      kind: kindOfLimit(promisedLimit.days),
      feeFen: fee as number,
      feeBasis: words('fee_basis', stored?.feeBasis ?? ''),
      legalBasis: words('legal_basis', stored?.legalBasis ?? ''),
      window: optional('window', stored?.window ?? null),
      stages,
      authorized,
      authorizationDeclared,
      onlineDepth: onlineDepth as number | null,
      visits: visits as number | null,
      status: status as ItemStatus,
      parent: optional('parent', stored?.parent ?? null),
    },
  };
}

/** A limit as written on export, so that import reads it back unchanged. */
export function formatDayLimit(days: number | null, unit: LimitUnit | null): string {
  if (days === null) return '';
  return unit === 'calendar' ? `${days}个自然日` : String(days);
}

/** An item as `items list|show --format json` prints it. */
export interface ItemView {
  code: string;
  name: string;
  department: string;
  type: string;
  legal_days: number | null;
  legal_unit: LimitUnit | null;
  promised_days: number;
  limit_unit: LimitUnit;
  kind: ItemKind;
  fee_fen: number;
  fee_basis: string;
  legal_basis: string;
  window: string | null;
  window_name: string | null;
  stages: Stage[];
  authorized: Stage[];
  authorization_declared: boolean;
  fully_authorized: boolean;
  online_depth: number | null;
  visits: number | null;
  status: ItemStatus;
  parent: string | null;
}

/** The export columns: the first Chinese header of every field, which import reads back. */
export const EXPORT_HEADER: readonly string[] = ITEM_FIELDS.map((field) => ITEM_HEADERS[field][0]!);

/** One exported row, in the forms `items import` reads back to the same item. */
export function exportRow(item: ItemView): string[] {
  const allStages = item.authorized.length === item.stages.length;
  const cells: Record<ItemField, string> = {
    code: item.code,
    name: item.name,
    department: item.department,
    type: item.type,
    legal_days: formatDayLimit(item.legal_days, item.legal_unit),
    promised_days: formatDayLimit(item.promised_days, item.limit_unit),
    kind: KIND_NAMES[item.kind],
    fee: formatFeeYuan(item.fee_fen),
    fee_basis: item.fee_basis,
    legal_basis: item.legal_basis,
    window: item.window_name ?? '',
    stages: formatStages(item.stages),
    authorized: !item.authorization_declared ? '' : allStages ? '全部' : formatStages(item.authorized, '、'),
    online_depth: item.online_depth === null ? '' : String(item.online_depth),
    visits: item.visits === null ? '' : String(item.visits),
    status: STATUS_NAMES[item.status],
    parent: item.parent ?? '',
  };
  return ITEM_FIELDS.map((field) => cells[field]);
}
