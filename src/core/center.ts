/**
 * Who a center is (SPEC §7.4): its 行政区划代码 and its level in the county–town–village
 * network. The code says where a report came from; the level says which centers a
 * network report ranks it with (towns with towns).
 */
import { pickValue } from './case-values.js';
import { InvalidValue } from './errors.js';

export const CENTER_LEVELS = ['city', 'county', 'town', 'village'] as const;
export type CenterLevel = (typeof CENTER_LEVELS)[number];

/** The words a center uses for its level; the first is the one messages show. */
export const CENTER_LEVEL_WORDS: Record<CenterLevel, readonly string[]> = {
  city: ['市', '市级', '地市'],
  county: ['县', '县级', '区', '县级市'],
  town: ['乡镇', '乡', '镇', '街道'],
  village: ['村', '社区', '村（社区）'],
};

/** A center as its reports name it; both null for a center that set no code. */
export interface CenterIdentity {
  code: string | null;
  level: CenterLevel | null;
}

/**
 * The levels a code of each length can be: 6 digits a city or a county (both are
 * 县级以上 codes; which one only the center knows, so the default reads the `00` ending),
 * 9 a town or street, 12 a village or community.
 */
const LEVELS_BY_LENGTH: Record<number, readonly CenterLevel[]> = { 6: ['city', 'county'], 9: ['town'], 12: ['village'] };

/** A stored or typed code: 6, 9 or 12 ASCII digits, or null. */
export function centerCodeOf(value: string): string | null {
  const trimmed = value.trim();
  return /^(\d{6}|\d{9}|\d{12})$/.test(trimmed) ? trimmed : null;
}

export function parseCenterCode(field: string, value: string): string {
  const code = centerCodeOf(value);
  if (code === null) throw new InvalidValue(field, value, { rule: 'center_code' });
  return code;
}

/** The levels a code's length allows. */
export function levelsOfCode(code: string): readonly CenterLevel[] {
  return LEVELS_BY_LENGTH[code.length] ?? [];
}

/** The level a code has when none is given: 6 digits ending in 00 a city, other 6 a county, 9 a town, 12 a village. */
export function defaultLevel(code: string): CenterLevel {
  if (code.length === 6) return code.endsWith('00') ? 'city' : 'county';
  return code.length === 9 ? 'town' : 'village';
}

/**
 * A typed level (English or Chinese), checked against the code it goes with: the one given
 * with it, or the stored one (null when the center has none, which a level cannot go without).
 */
export function parseCenterLevel(field: string, value: string, code: string | null): CenterLevel {
  const level = pickValue(CENTER_LEVELS, CENTER_LEVEL_WORDS, value);
  if (level === undefined) throw new InvalidValue(field, value, { rule: 'center_level' });
  if (code === null) throw new InvalidValue(field, value, { rule: 'needs', other: 'center_code' });
  const allowed = levelsOfCode(code);
  if (!allowed.includes(level)) throw new InvalidValue(field, value, { rule: 'center_level_contradicts', code, allowed: [...allowed] });
  return level;
}

/** A stored level, in English as `init` stores it, that fits the stored code; null otherwise. */
export function storedLevelOf(value: string, code: string | null): CenterLevel | null {
  if (code === null || !(CENTER_LEVELS as readonly string[]).includes(value)) return null;
  return levelsOfCode(code).includes(value as CenterLevel) ? (value as CenterLevel) : null;
}
