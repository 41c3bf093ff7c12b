/**
 * The bundle catalog's column table (一件事目录, SPEC §7.1), where each column is named
 * once: the import's headers, the export's header and cells, and the JSON keys of a
 * bundle and of its members are derived from it.
 *
 * A bundle file has one row per member. The bundle's own columns (`level: 'bundle'`)
 * are given on the row that starts a bundle and are blank on the rows that continue it,
 * as Excel leaves merged cells; the member's columns are given on every row.
 */
import type { LimitUnit } from './calendar.js';
import { formatDayLimit, type ItemStatus } from './catalog.js';
import type { ImportColumns } from './columns.js';

interface BundleFieldSpec {
  /** Accepted headers, the Chinese one export writes first. */
  readonly headers: readonly [string, ...string[]];
  /** The field in English where a message names it (in Chinese it goes by its first header). */
  readonly en: string;
  /** A column of the bundle (merged over its rows) or of one member. */
  readonly level: 'bundle' | 'member';
  /** Its key in the JSON of a bundle (level bundle) or of a member (level member). */
  readonly json: string;
  /** The header must have this column: a bundle in the file is complete (SPEC §7.1). */
  readonly required?: true;
  /** For the reader of the file only: export writes it, import takes it and keeps nothing of it. */
  readonly shownOnly?: true;
}

export const BUNDLE_FIELD_TABLE = {
  bundle: { headers: ['一件事编码', 'bundle'], en: 'bundle code', level: 'bundle', json: 'code', required: true },
  bundle_name: { headers: ['一件事名称', 'bundle_name'], en: 'bundle name', level: 'bundle', json: 'name', required: true },
  lead_department: { headers: ['牵头部门', 'lead_department'], en: 'lead department', level: 'bundle', json: 'lead_department', required: true },
  promised_days: { headers: ['承诺时限', '承诺办结时限', 'promised_days'], en: 'promised limit', level: 'bundle', json: 'promised_days', required: true },
  legal_days: { headers: ['法定时限', '法定办结时限', 'legal_days'], en: 'legal limit', level: 'bundle', json: 'legal_days' },
  item: { headers: ['事项编码', '实施编码', 'item'], en: 'item code', level: 'member', json: 'item', required: true },
  // A clerk reads a member list by its names; the catalog's name is what is kept and shown.
  item_name: { headers: ['事项名称', 'item_name'], en: 'item name', level: 'member', json: 'item_name', shownOnly: true },
  required: { headers: ['是否必选', 'required'], en: 'required', level: 'member', json: 'required' },
} as const satisfies Record<string, BundleFieldSpec>;

export type BundleField = keyof typeof BUNDLE_FIELD_TABLE;

export const BUNDLE_FIELDS = Object.keys(BUNDLE_FIELD_TABLE) as BundleField[];

function spec(field: BundleField): BundleFieldSpec {
  return BUNDLE_FIELD_TABLE[field];
}

/** The bundle's own columns, which continuation rows leave blank. */
export const BUNDLE_LEVEL_FIELDS: readonly BundleField[] = BUNDLE_FIELDS.filter((field) => spec(field).level === 'bundle');

export const BUNDLE_HEADERS = Object.fromEntries(BUNDLE_FIELDS.map((field) => [field, spec(field).headers])) as unknown as Record<
  BundleField,
  readonly string[]
>;

export const BUNDLE_IMPORT_COLUMNS: ImportColumns<BundleField> = {
  fields: BUNDLE_FIELDS,
  headers: BUNDLE_HEADERS,
  required: BUNDLE_FIELDS.filter((field) => spec(field).required),
  identifiers: ['bundle', 'item'],
};

/** The export columns: the first Chinese header of every field, which import reads back. */
export const BUNDLE_EXPORT_HEADER: readonly string[] = BUNDLE_FIELDS.map((field) => BUNDLE_HEADERS[field][0]!);

/** The field's name in the run's language, for the words of a summary or a table. */
export function bundleFieldWords(field: BundleField): { zh: string; en: string } {
  return { zh: BUNDLE_HEADERS[field][0]!, en: spec(field).en };
}

/** A bundle as an import makes it: members by item code, in the file's order. */
export interface Bundle {
  code: string;
  name: string;
  leadDepartment: string;
  promisedDays: number;
  legalDays: number | null;
  members: { item: string; required: boolean }[];
}

export type BundleStatus = 'active' | 'cancelled';

/** A member as the catalog holds it, with its item's department, window and limit. */
export interface StoredMember {
  item: string;
  itemName: string;
  department: string;
  window: string | null;
  windowName: string | null;
  promisedDays: number;
  limitUnit: LimitUnit;
  itemStatus: ItemStatus;
  required: boolean;
}

export interface StoredBundle {
  code: string;
  name: string;
  leadDepartment: string;
  promisedDays: number;
  legalDays: number | null;
  status: BundleStatus;
  members: StoredMember[];
}

/** A member in its JSON form. */
export interface MemberView {
  item: string;
  item_name: string;
  department: string;
  window: string | null;
  window_name: string | null;
  promised_days: number;
  limit_unit: LimitUnit;
  item_status: ItemStatus;
  required: boolean;
}

/** A bundle in its JSON form (as the list and show commands print it). */
export interface BundleView {
  code: string;
  name: string;
  lead_department: string;
  promised_days: number;
  legal_days: number | null;
  status: BundleStatus;
  members: MemberView[];
  required_days_sum: number;
  required_calendar_days_sum: number;
}

/**
 * The time a sequential application of the required members would be promised: their
 * promised limits added up. Working days and calendar days (社会保障卡申领 counts 自然日)
 * cannot be added to each other, so each unit is summed on its own.
 */
export function requiredDaysSum(members: readonly StoredMember[]): { workdays: number; calendarDays: number } {
  let workdays = 0;
  let calendarDays = 0;
  for (const member of members) {
    if (!member.required) continue;
    if (member.limitUnit === 'calendar') calendarDays += member.promisedDays;
    else workdays += member.promisedDays;
  }
  return { workdays, calendarDays };
}

const json = (field: BundleField) => spec(field).json;

export function bundleView(bundle: StoredBundle): BundleView {
  const sum = requiredDaysSum(bundle.members);
  return {
    [json('bundle')]: bundle.code,
    [json('bundle_name')]: bundle.name,
    [json('lead_department')]: bundle.leadDepartment,
    [json('promised_days')]: bundle.promisedDays,
    [json('legal_days')]: bundle.legalDays,
    status: bundle.status,
    members: bundle.members.map((member) => ({
      [json('item')]: member.item,
      [json('item_name')]: member.itemName,
      department: member.department,
      window: member.window,
      window_name: member.windowName,
      promised_days: member.promisedDays,
      limit_unit: member.limitUnit,
      item_status: member.itemStatus,
      [json('required')]: member.required,
    })),
    required_days_sum: sum.workdays,
    required_calendar_days_sum: sum.calendarDays,
  } as unknown as BundleView;
}

/**
 * The rows export writes for a bundle, in the form `bundles import` reads back to the
 * same bundle: the bundle's cells on its first row only, as a merged cell looks.
 */
export function bundleExportRows(bundle: StoredBundle): string[][] {
  return bundle.members.map((member, index) => {
    const cells: Record<BundleField, string> = {
      bundle: bundle.code,
      bundle_name: bundle.name,
      lead_department: bundle.leadDepartment,
      promised_days: formatDayLimit(bundle.promisedDays, 'workday'),
      legal_days: formatDayLimit(bundle.legalDays, 'workday'),
      item: member.item,
      item_name: member.itemName,
      required: member.required ? '是' : '否',
    };
    return BUNDLE_FIELDS.map((field) => (index > 0 && spec(field).level === 'bundle' ? '' : cells[field]));
  });
}
