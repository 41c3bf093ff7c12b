/**
 * An independent computation of SPEC §7.4 (`hall report network`), written from the SPEC's
 * words only (§6.1 figures and rates, §6.3 rubric and ranking, §7.1 bundle figures, §7.2
 * review figures, §7.3 complaint figures, §7.4) — nothing here is imported from src/.
 *
 * Input: the monthly packs as `hall report monthly --format json` prints them, and the
 * working days of the period in the database that runs the network report. Output: the
 * report's `period`, `centers`, `totals`, `items`, `types`, `departments`, `bundles` and
 * `ranking`, and, separately, which file a set of inputs is refused for and why.
 */
import { createHash } from 'node:crypto';

// biome-ignore lint/suspicious/noExplicitAny: packs are JSON read back as a county reads them
export type Json = any;

// ---------------------------------------------------------------------------------------
// Field lists (§6.1, §7.3, §7.2, §7.1, §6.2)

/** §6.1 count fields, plus §7.3's complaint deadline counts (windows and totals). */
export const GROUP_COUNTS = [
  'carried_over',
  'accepted',
  'refused',
  'concluded',
  'approved',
  'denied',
  'withdrawn',
  'open_at_end',
  'same_day',
  'on_time',
  'on_site',
  'overdue',
  'fees_fen',
  'saved_days',
  'used_days',
  'evaluations',
  'good',
  'neutral',
  'bad',
  'complaints',
  'substantiated',
  'complaints_on_time',
  'complaints_overdue',
] as const;

/** §7.2 review counts. */
export const REVIEW_COUNTS = ['opened', 'invalid', 'rectified', 'rectified_on_time', 'overdue', 'visited', 'visit_satisfied'] as const;

/** §7.1 bundle counts (`totals.combined` and each `bundles` entry). */
export const COMBINED_COUNTS = ['carried_over', 'accepted', 'concluded', 'withdrawn', 'open_at_end', 'on_time', 'overdue', 'used_days'] as const;

type Counts = Record<string, number | null>;

/** A count summed over entries: `null` only when it is `null` (or absent) in every one. */
function sum(entries: Json[], field: string): number | null {
  let total: number | null = null;
  for (const entry of entries) {
    const value = entry?.[field];
    if (typeof value === 'number') total = (total ?? 0) + value;
  }
  return total;
}

function sumAll(entries: Json[], fields: readonly string[]): Counts {
  const out: Counts = {};
  for (const field of fields) out[field] = sum(entries, field);
  return out;
}

/** §6.1: a rate with a zero (or missing) denominator is null. */
function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

const plus = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);

/** §6.1 rates (and §7.3's complaint_on_time) from counts. */
export function groupRates(c: Counts): Record<string, number | null> {
  return {
    on_time: ratio(c.on_time!, c.concluded!),
    same_day: ratio(c.same_day!, c.concluded!),
    on_site: ratio(c.on_site!, c.concluded!),
    completion: ratio(c.concluded!, plus(c.carried_over!, c.accepted!)),
    good: ratio(c.good!, c.evaluations!),
    satisfied: ratio(plus(c.good!, c.neutral!), c.evaluations!),
    bad: ratio(c.bad!, c.evaluations!),
    complaint: ratio(c.complaints!, c.accepted!),
    complaint_on_time: ratio(c.complaints_on_time!, c.complaints!),
  };
}

/** §7.2 review rates. */
export function reviewRates(c: Counts): Record<string, number | null> {
  const judged = c.opened === null || c.invalid === null ? null : c.opened! - c.invalid!;
  return {
    rectified: ratio(c.rectified!, judged),
    on_time: ratio(c.rectified_on_time!, judged),
    visited: ratio(c.visited!, c.rectified!),
    visit_satisfied: ratio(c.visit_satisfied!, c.visited!),
  };
}

/** §7.1 bundle figures from counts. */
export function combinedFigures(c: Counts): Json {
  return {
    ...c,
    rates: { on_time: ratio(c.on_time!, c.concluded!), completion: ratio(c.concluded!, plus(c.carried_over!, c.accepted!)) },
    avg_used_days: ratio(c.used_days!, c.concluded!),
  };
}

/** A §6.1 group summed over entries: counts, rates, daily_accepted on `workingDays`. */
function groupSum(entries: Json[], workingDays: number): Json {
  const counts = sumAll(entries, GROUP_COUNTS);
  return { ...counts, rates: groupRates(counts), daily_accepted: ratio(counts.accepted!, workingDays) };
}

function reviewSum(entries: Json[]): Json {
  const counts = sumAll(entries, REVIEW_COUNTS);
  return { ...counts, rates: reviewRates(counts) };
}

// ---------------------------------------------------------------------------------------
// The network report

/** Orders strings by code point (not UTF-16 unit): a surrogate pair sorts above U+FFFF. */
export function byCodePoint(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The packs ordered by center code, as strings: the first holding an entry names it. */
const byCode = (packs: Json[]) => [...packs].sort((a, b) => byCodePoint(a.center_code, b.center_code));

/** Entries of a list keyed by `key`, summed across packs; `names` fields from the lowest center code. */
function keyed(packs: Json[], list: string, key: string, names: string[], figures: (entries: Json[]) => Json): Json[] {
  const groups = new Map<string, { first: Json; entries: Json[] }>();
  for (const pack of byCode(packs)) {
    for (const entry of pack[list] ?? []) {
      const k = entry[key] as string;
      const group = groups.get(k);
      if (group === undefined) groups.set(k, { first: entry, entries: [entry] });
      else group.entries.push(entry);
    }
  }
  return [...groups.keys()].sort(byCodePoint).map((k) => {
    const { first, entries } = groups.get(k)!;
    const out: Json = { [key]: k };
    for (const name of names) out[name] = first[name];
    return { ...out, ...figures(entries) };
  });
}

export function networkTotals(packs: Json[], workingDays: number): Json {
  const totals = packs.map((pack) => pack.totals);
  const first = totals[0];
  const ytdCounts = sumAll(
    totals.map((t) => t.ytd),
    GROUP_COUNTS,
  );
  const previous = totals.map((t) => t.previous);
  return {
    ...groupSum(totals, workingDays),
    reviews: reviewSum(totals.map((t) => t.reviews)),
    ytd: { from: first.ytd.from, to: first.ytd.to, ...ytdCounts, rates: groupRates(ytdCounts) },
    previous: { from: first.previous.from, to: first.previous.to, accepted: sum(previous, 'accepted'), concluded: sum(previous, 'concluded') },
    combined: combinedFigures(
      sumAll(
        totals.map((t) => t.combined),
        COMBINED_COUNTS,
      ),
    ),
  };
}

export const LEVELS = ['city', 'county', 'town', 'village'] as const;

/** §6.3 default rubric, without discipline and bonus (no data across centers, §7.4). */
export const RUBRIC = { on_time: 35, on_site: 25, satisfaction: 20, complaints: 10, complaint_penalty: 5 };

export const UNRANKED = 'unranked';

export interface RankEntry {
  code: string;
  name: string;
  level: string;
  rank: number | null;
  score: number | null;
  components: Record<'on_time' | 'on_site' | 'satisfaction' | 'complaints' | 'discipline' | 'bonus', number | null>;
  not_ranked_reason: string | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** §6.3 scoring of one center's totals, §7.4's way. */
export function scoreCenter(pack: Json): RankEntry {
  const t = pack.totals;
  // A case concluded late is concluded and not on time; the rest of `overdue` is open past its deadline.
  const openOverdue = t.overdue - (t.concluded - t.on_time);
  const denominator = t.concluded + openOverdue;
  const components = {
    on_time: denominator > 0 ? (RUBRIC.on_time * t.on_time) / denominator : null,
    on_site: t.rates.on_site === null ? null : RUBRIC.on_site * t.rates.on_site,
    satisfaction: t.rates.satisfied === null ? null : RUBRIC.satisfaction * t.rates.satisfied,
    complaints: Math.max(0, RUBRIC.complaints - RUBRIC.complaint_penalty * t.substantiated),
    discipline: null,
    bonus: null,
  };
  const maxima = { on_time: RUBRIC.on_time, on_site: RUBRIC.on_site, satisfaction: RUBRIC.satisfaction, complaints: RUBRIC.complaints };
  let earned = 0;
  let available = 0;
  for (const [name, max] of Object.entries(maxima)) {
    const value = components[name as keyof typeof maxima];
    if (value === null) continue;
    earned += value;
    available += max;
  }
  const ranked = t.concluded > 0 || openOverdue > 0;
  return {
    code: pack.center_code,
    name: pack.center,
    level: pack.center_level,
    rank: null,
    score: ranked && available > 0 ? Math.min(100, round2((earned / available) * 100)) : null,
    components,
    not_ranked_reason: ranked ? null : UNRANKED,
  };
}

export function networkRanking(packs: Json[]): RankEntry[] {
  const entries = packs.map(scoreCenter);
  for (const entry of entries) {
    if (entry.not_ranked_reason !== null) continue;
    const peers = entries.filter((other) => other.level === entry.level && other.not_ranked_reason === null);
    entry.rank = 1 + peers.filter((other) => other.score! > entry.score!).length;
  }
  const level = (entry: RankEntry) => LEVELS.indexOf(entry.level as (typeof LEVELS)[number]);
  return entries.sort(
    (a, b) => level(a) - level(b) || (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) || byCodePoint(a.code, b.code),
  );
}

export function networkReport(packs: Json[], workingDays: number): Json {
  const groupFigures = (entries: Json[]) => groupSum(entries, workingDays);
  return {
    kind: 'network',
    period: packs[0].period,
    centers: byCode(packs).map((pack) => ({ code: pack.center_code, name: pack.center, level: pack.center_level, ...pack.totals })),
    totals: networkTotals(packs, workingDays),
    items: keyed(packs, 'items', 'code', ['name', 'department', 'type'], groupFigures),
    types: keyed(packs, 'types', 'type', [], groupFigures),
    departments: keyed(packs, 'departments', 'name', [], groupFigures),
    bundles: keyed(packs, 'bundles', 'code', ['name', 'lead_department'], (entries) => combinedFigures(sumAll(entries, COMBINED_COUNTS))),
    ranking: networkRanking(packs),
  };
}

// ---------------------------------------------------------------------------------------
// The digest (§7.4) and the refusals

/** Canonical JSON: keys sorted by code point, no whitespace, numbers and strings as JSON.stringify writes them. */
export function canonical(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort(byCodePoint);
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
}

export function digestOf(report: Json): string {
  const { digest: _ignored, ...rest } = report;
  return createHash('sha256').update(canonical(rest), 'utf8').digest('hex');
}

export type RefusalReason =
  | 'no_file'
  | 'empty_directory'
  | 'not_json'
  | 'not_monthly'
  | 'assessment'
  | 'schema'
  | 'digest'
  | 'no_center_code'
  | 'period'
  | 'duplicate_center';

/** One argument of `hall report network`: a file with its text, or a directory with its `.json` files (in name order). */
export type NetworkInput = { kind: 'file'; path: string; text: string } | { kind: 'dir'; path: string; files: { path: string; text: string }[] };

export const SCHEMA = 1;

/** The first refusal of §7.4 for these inputs (the file it names), or the packs when none. */
export function networkRefusal(inputs: NetworkInput[]): { file: string; reason: RefusalReason } | { packs: Json[] } {
  if (inputs.length === 0) return { file: '', reason: 'no_file' };
  const files: { path: string; text: string }[] = [];
  for (const input of inputs) {
    if (input.kind === 'dir') {
      if (input.files.length === 0) return { file: input.path, reason: 'empty_directory' };
      files.push(...input.files);
    } else files.push(input);
  }
  const packs: Json[] = [];
  const paths: string[] = [];
  for (const { path, text } of files) {
    let pack: Json;
    try {
      pack = JSON.parse(text);
    } catch {
      return { file: path, reason: 'not_json' };
    }
    if (pack === null || typeof pack !== 'object' || Array.isArray(pack)) return { file: path, reason: 'not_monthly' };
    if (pack.kind === 'assessment') return { file: path, reason: 'assessment' };
    // A pack from before the envelope has no kind or schema: its schema is not this one.
    if (pack.schema !== SCHEMA && (pack.kind === undefined || pack.kind === 'monthly')) return { file: path, reason: 'schema' };
    if (pack.kind !== 'monthly') return { file: path, reason: 'not_monthly' };
    if (typeof pack.digest !== 'string' || digestOf(pack) !== pack.digest) return { file: path, reason: 'digest' };
    if (typeof pack.center_code !== 'string' || pack.center_code === '') return { file: path, reason: 'no_center_code' };
    const first = packs[0];
    if (first !== undefined && (first.period.from !== pack.period.from || first.period.to !== pack.period.to)) return { file: path, reason: 'period' };
    if (packs.some((other) => other.center_code === pack.center_code)) return { file: path, reason: 'duplicate_center' };
    packs.push(pack);
    paths.push(path);
  }
  return { packs };
}

// ---------------------------------------------------------------------------------------
// Comparison: every field, integers exact, other numbers within a tolerance

/** Every difference between `actual` and `expected`, by dotted path (list entries by index). */
export function differences(actual: Json, expected: Json, tolerance = 1e-12, path = ''): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isInteger(expected) && Number.isInteger(actual)) return actual === expected ? [] : [`${path}: ${actual} ≠ ${expected}`];
    return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)) ? [] : [`${path}: ${actual} ≠ ${expected}`];
  }
  if (expected === null || actual === null || typeof expected !== 'object' || typeof actual !== 'object') {
    return actual === expected ? [] : [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
  }
  if (Array.isArray(expected) !== Array.isArray(actual)) return [`${path}: array vs object`];
  const out: string[] = [];
  if (Array.isArray(expected)) {
    if (actual.length !== expected.length) out.push(`${path}: length ${actual.length} ≠ ${expected.length}`);
    for (let i = 0; i < Math.min(actual.length, expected.length); i++) out.push(...differences(actual[i], expected[i], tolerance, `${path}[${i}]`));
    return out;
  }
  for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const at = path === '' ? key : `${path}.${key}`;
    if (!(key in actual)) out.push(`${at}: missing`);
    else if (!(key in expected)) out.push(`${at}: unexpected (${JSON.stringify(actual[key])})`);
    else out.push(...differences(actual[key], expected[key], tolerance, at));
  }
  return out;
}
