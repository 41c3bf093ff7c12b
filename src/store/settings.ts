/** Center settings (SPEC §3.3, §7.4): name, time zone, closing time, warning threshold, the center's code and level. */
import type { Database } from 'better-sqlite3';
import { parseRubric } from '../core/assessment.js';
import { type CenterIdentity, type CenterLevel, centerCodeOf, storedLevelOf } from '../core/center.js';
import { type ComplaintDays, DEFAULT_COMPLAINT_DAYS, parseComplaintDays } from '../core/complaint.js';
import { DamagedData, type DamageReason, type StoredDamage } from '../core/damage.js';
import { isValidTimeZone, parseClockTime } from '../core/dates.js';
import { DEFAULT_REVIEW_DAYS, reviewDaysOf } from '../core/review.js';

export interface Settings {
  centerName: string;
  timeZone: string;
  /** Office closing time, `HH:MM`: a 即办件 accepted later is due the next working day. */
  closingTime: string;
  /** Days before the deadline at which an open case turns yellow. */
  warningDays: number;
  /** 差评整改时限 (SPEC §7.2): working days from a bad rating to its review's due date. */
  reviewDays: number;
  /** 行政区划代码 (SPEC §7.4), or null before `init --center-code`: reports then carry none. */
  centerCode: string | null;
  /** Stored with the code, checked against its length; null without a code. */
  centerLevel: CenterLevel | null;
}

export const DEFAULT_SETTINGS: Settings = {
  centerName: '政务服务中心',
  timeZone: 'Asia/Shanghai',
  closingTime: '17:30',
  warningDays: 2,
  reviewDays: DEFAULT_REVIEW_DAYS,
  centerCode: null,
  centerLevel: null,
};

/** The key of the assessment rubric `init --rubric` stores. */
export const RUBRIC_KEY = 'assessment_rubric';

/** The key of the working days per complaint category `init --complaint-days` stores (SPEC §7.3). */
export const COMPLAINT_DAYS_KEY = 'complaint_days';

const KEYS: Record<keyof Settings, string> = {
  centerName: 'center_name',
  timeZone: 'time_zone',
  closingTime: 'closing_time',
  warningDays: 'warning_days',
  reviewDays: 'review_days',
  centerCode: 'center_code',
  centerLevel: 'center_level',
};

/**
 * The settings, with the default in place of any stored value hall cannot use, and the
 * damage found (a hand edit: every value `init` stores was checked first). `doctor`
 * lists the damage; `init` checks it before it writes.
 */
export function readSettingsLeniently(db: Database): { settings: Settings; damage: StoredDamage[] } {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  const damage: StoredDamage[] = [];
  const read = <T>(key: string, fallback: T, parse: (value: string) => T | null, reason: DamageReason): T => {
    const value = stored.get(key);
    if (value === undefined) return fallback;
    const parsed = parse(value);
    if (parsed !== null) return parsed;
    damage.push({ table: 'settings', row: key, column: 'value', value, reason });
    return fallback;
  };
  const settings: Settings = {
    centerName: read(KEYS.centerName, DEFAULT_SETTINGS.centerName, (value) => value, 'not_json'),
    timeZone: read(KEYS.timeZone, DEFAULT_SETTINGS.timeZone, (value) => (isValidTimeZone(value) ? value : null), 'time_zone'),
    closingTime: read(KEYS.closingTime, DEFAULT_SETTINGS.closingTime, (value) => (parseClockTime(value) === null ? null : value), 'clock_time'),
    warningDays: read(KEYS.warningDays, DEFAULT_SETTINGS.warningDays, (value) => (/^\d{1,2}$/.test(value) ? Number(value) : null), 'warning_days'),
    reviewDays: read(KEYS.reviewDays, DEFAULT_SETTINGS.reviewDays, reviewDaysOf, 'review_days'),
    centerCode: read<string | null>(KEYS.centerCode, null, centerCodeOf, 'center_code'),
    centerLevel: null,
  };
  // The level is read against the code (a 9-digit code is a town): a level the code does not
  // allow, or a level without a code, is damage too; a damaged code leaves the level unjudged.
  const codeDamaged = damage.some((entry) => entry.row === KEYS.centerCode);
  settings.centerLevel = codeDamaged
    ? null
    : read<CenterLevel | null>(KEYS.centerLevel, null, (value) => storedLevelOf(value, settings.centerCode), 'center_level');
  read(RUBRIC_KEY, null, (value) => (rubricProblem(value) ? null : value), 'rubric');
  read(COMPLAINT_DAYS_KEY, null, (value) => (complaintDaysProblem(value) ? null : value), 'complaint_days');
  return { settings, damage };
}

/** The settings; a stored value hall cannot use is refused by name (DamagedData) rather than met inside a computation. */
export function readSettings(db: Database): Settings {
  const { settings, damage } = readSettingsLeniently(db);
  // The rubric is read where it is used (the assessment), which names its own fault;
  // so are the complaint days (a complaint being received): neither stops a case.
  const blocking = damage.filter((entry) => entry.row !== RUBRIC_KEY && entry.row !== COMPLAINT_DAYS_KEY);
  if (blocking.length > 0) throw new DamagedData(blocking);
  return settings;
}

function rubricProblem(json: string): boolean {
  try {
    parseRubric(json, RUBRIC_KEY);
    return false;
  } catch {
    return true;
  }
}

function complaintDaysProblem(json: string): boolean {
  try {
    parseComplaintDays(json, COMPLAINT_DAYS_KEY);
    return false;
  } catch {
    return true;
  }
}

/**
 * The damaged settings that writing `changes` (and a rubric, when `rubric`; the complaint
 * days, when `complaintDays`) would leave as they are: `init` refuses them before it
 * writes, and stores a good value over one.
 */
export function damageLeftBy(db: Database, changes: Partial<Settings>, rubric: boolean, complaintDays = false): StoredDamage[] {
  const written = new Set<string>((Object.keys(changes) as (keyof Settings)[]).map((field) => KEYS[field]));
  if (rubric) written.add(RUBRIC_KEY);
  if (complaintDays) written.add(COMPLAINT_DAYS_KEY);
  return readSettingsLeniently(db).damage.filter((entry) => !written.has(entry.row));
}

export function writeSettings(db: Database, changes: Partial<Settings>): void {
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  for (const [field, value] of Object.entries(changes) as [keyof Settings, string | number | null][]) {
    // No command unsets a setting: null (a center without a code) is the absence of the row.
    if (value !== undefined && value !== null) upsert.run(KEYS[field], String(value));
  }
}

/** The center's code and level as its reports carry them. */
export function readCenterIdentity(db: Database): CenterIdentity {
  const { centerCode, centerLevel } = readSettings(db);
  return { code: centerCode, level: centerLevel };
}

/**
 * What already carries the center code (SPEC §7.4): frozen reports (sent upward under it)
 * and the case export's watermarks (one per output directory, whose folders are named by it).
 */
export function centerCodeHolders(db: Database): { frozen: number; exports: number } {
  return {
    frozen: db.prepare('SELECT count(*) FROM frozen_reports').pluck().get() as number,
    exports: db.prepare('SELECT count(*) FROM export_watermarks').pluck().get() as number,
  };
}

/** The assessment rubric stored by `hall init --rubric FILE` (JSON text, checked when stored), or null for the standard one. */
export function readStoredRubric(db: Database): string | null {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(RUBRIC_KEY) as string | undefined) ?? null;
}

export function writeStoredRubric(db: Database, json: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(RUBRIC_KEY, json);
}

/**
 * The working days per complaint category: the stored setting (every category, as
 * `init` stored it), or the defaults. A stored value hall cannot use is refused by name.
 */
export function readComplaintDays(db: Database): ComplaintDays {
  const stored = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(COMPLAINT_DAYS_KEY) as string | undefined;
  if (stored === undefined) return { ...DEFAULT_COMPLAINT_DAYS };
  if (complaintDaysProblem(stored)) {
    throw new DamagedData([{ table: 'settings', row: COMPLAINT_DAYS_KEY, column: 'value', value: stored, reason: 'complaint_days' }]);
  }
  return parseComplaintDays(stored, COMPLAINT_DAYS_KEY);
}

/** Stores every category's days, so that a later change of the defaults does not move what a center chose. */
export function writeComplaintDays(db: Database, days: ComplaintDays): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    COMPLAINT_DAYS_KEY,
    JSON.stringify(days),
  );
}
