/**
 * The network report of SPEC §7.4: the monthly packs of a county's centers (its own,
 * its towns', its villages') checked and summed into one report, and the centers ranked
 * within their level by the §6.3 rubric.
 *
 * Every count is the sum over the packs and every rate is recomputed from the summed
 * counts by the same functions the monthly pack uses (never an average of rates), so
 * that one database split in two sums back to its own pack.
 */
import { type Components, type Rubric, scoreWindow } from './assessment.js';
import { reportDigest } from './canonical.js';
import { CENTER_LEVELS, type CenterLevel, centerCodeOf, defaultLevel, storedLevelOf } from './center.js';
import { PackRejected } from './errors.js';
import {
  type BundleFigures,
  COUNT_FIELDS,
  type CombinedCounts,
  type CombinedFigures,
  combinedFigures,
  type DepartmentFigures,
  type GroupCounts,
  type GroupFigures,
  groupFigures,
  type ItemFigures,
  type MonthlyReport,
  type ReviewCounts,
  type ReviewFigures,
  reviewFigures,
  type TotalFigures,
  type TypeFigures,
  type YearToDate,
  yearToDateFigures,
} from './metrics.js';

/** A monthly pack as a center sends it: the §6.2 report with the §7.4 envelope. */
export type MonthlyPack = MonthlyReport & {
  kind: 'monthly';
  schema: number;
  center_code: string;
  center_level: CenterLevel | null;
  digest: string;
};

/** A pack read and checked, with the file it came from (every refusal names it). */
export interface CheckedPack {
  file: string;
  code: string;
  level: CenterLevel;
  report: MonthlyPack;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The lists and objects the sums read: a file without them is not a monthly pack, whatever its `kind` says. */
const PACK_LISTS = ['items', 'types', 'departments', 'bundles'] as const;

/**
 * One file's text as a pack, or a refusal naming the file. Checked in the order a person
 * would look: is it JSON, is it a monthly pack (not an assessment, not a network report),
 * was it edited since it was sealed, is it of the schema this hall reads (`schema`, the
 * monthly pack's schema this hall writes), whose is it.
 */
export function readPack(file: string, content: string, schema: number): CheckedPack {
  let parsed: unknown;
  try {
    // A pack saved by an editor on Windows may begin with a byte-order mark.
    parsed = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PackRejected(file, 'json', error instanceof Error ? error.message : String(error));
  }
  if (!isObject(parsed)) throw new PackRejected(file, 'not_monthly', Array.isArray(parsed) ? 'array' : typeof parsed);
  const kind = parsed.kind;
  if (kind === 'assessment') throw new PackRejected(file, 'assessment');
  // A pack written before packs carried their kind (schema 0) still looks like one: an older schema, not a stranger.
  const looksMonthly = isObject(parsed.totals) && isObject(parsed.period) && Array.isArray(parsed.windows);
  if (kind === undefined && looksMonthly) throw new PackRejected(file, 'schema', 'none', null, String(schema));
  if (kind !== 'monthly') throw new PackRejected(file, 'not_monthly', typeof kind === 'string' ? kind : '');
  if (typeof parsed.digest !== 'string' || parsed.digest !== reportDigest(parsed)) throw new PackRejected(file, 'digest');
  if (parsed.schema !== schema) throw new PackRejected(file, 'schema', JSON.stringify(parsed.schema ?? null), null, String(schema));
  const code = typeof parsed.center_code === 'string' ? centerCodeOf(parsed.center_code) : null;
  if (code === null) throw new PackRejected(file, 'no_center_code', typeof parsed.center_code === 'string' ? parsed.center_code : '');
  const period = parsed.period;
  const whole =
    looksMonthly &&
    isObject(period) &&
    typeof period.from === 'string' &&
    typeof period.to === 'string' &&
    PACK_LISTS.every((list) => Array.isArray(parsed[list])) &&
    isObject(parsed.totals) &&
    ['reviews', 'ytd', 'previous', 'combined'].every((part) => isObject((parsed.totals as Record<string, unknown>)[part]));
  if (!whole) throw new PackRejected(file, 'not_monthly', '');
  // A level that does not fit the code (or none) is the code's own, as `init` defaults it.
  const level = storedLevelOf(String(parsed.center_level ?? ''), code) ?? defaultLevel(code);
  return { file, code, level, report: parsed as unknown as MonthlyPack };
}

const periodText = (pack: CheckedPack) => `${pack.report.period.from}–${pack.report.period.to}`;

/** The packs as one set: one period, each center once. The later file of a clash is the one named. */
export function checkPackSet(packs: readonly CheckedPack[]): void {
  const first = packs[0];
  if (first === undefined) throw new PackRejected(null, 'no_files');
  const seen = new Map<string, CheckedPack>();
  for (const pack of packs) {
    const { from, to } = pack.report.period;
    if (from !== first.report.period.from || to !== first.report.period.to) {
      throw new PackRejected(pack.file, 'period', periodText(pack), first.file, periodText(first));
    }
    const earlier = seen.get(pack.code);
    if (earlier !== undefined) throw new PackRejected(pack.file, 'same_center', pack.code, earlier.file);
    seen.set(pack.code, pack);
  }
}

/** Code-point order: the same on every machine whatever its locale (SPEC §7.4: codes as strings). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A count summed over the packs: null only when null (or absent) in every one. */
function sumField(values: readonly unknown[], file: (index: number) => string, path: string): number | null {
  let sum: number | null = null;
  values.forEach((value, index) => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new PackRejected(file(index), 'not_monthly', path);
    sum = (sum ?? 0) + value;
  });
  return sum;
}

/** One entry of a list (or the totals) in each pack that has it, with its file. */
interface Part<T> {
  file: string;
  entry: T;
}

function sumCounts<K extends string>(parts: readonly Part<unknown>[], fields: readonly K[], path: string): Record<K, number | null> {
  const file = (index: number) => parts[index]!.file;
  return Object.fromEntries(
    fields.map((field) => [
      field,
      sumField(
        parts.map((part) => (part.entry as Record<string, unknown>)[field]),
        file,
        `${path}.${field}`,
      ),
    ]),
  ) as Record<K, number | null>;
}

/** What the SQL counts: every §6.1 count but open_at_end, which follows from them. */
const GROUP_COUNT_FIELDS = COUNT_FIELDS.filter((field) => field !== 'open_at_end');
const REVIEW_COUNT_FIELDS = [
  'opened',
  'invalid',
  'rectified',
  'rectified_on_time',
  'overdue',
  'visited',
  'visit_satisfied',
] as const satisfies readonly (keyof ReviewCounts)[];
const COMBINED_COUNT_FIELDS = [
  'carried_over',
  'accepted',
  'concluded',
  'withdrawn',
  'on_time',
  'overdue',
  'used_days',
] as const satisfies readonly (keyof CombinedCounts)[];

/**
 * The §6.1 figures of a group summed over the packs. A count null in every pack stays
 * null (complaints of items, departments and types); open_at_end and every rate are
 * computed by groupFigures from the sums, as the monthly pack computes them.
 */
function summedGroup(parts: readonly Part<unknown>[], workingDays: number, path: string): GroupFigures {
  const counts = sumCounts(parts, GROUP_COUNT_FIELDS, path);
  // Only the complaint figures may be null in a pack (SPEC §6.2); a null elsewhere is no §6.1 figure.
  for (const field of GROUP_COUNT_FIELDS) {
    if (counts[field] === null && !field.startsWith('complaints') && field !== 'substantiated') {
      throw new PackRejected(parts[0]!.file, 'not_monthly', `${path}.${field}`);
    }
  }
  return groupFigures(counts as unknown as GroupCounts, workingDays);
}

function summedReviews(parts: readonly Part<unknown>[], path: string): ReviewFigures {
  return reviewFigures(zeroed(sumCounts(parts, REVIEW_COUNT_FIELDS, path)));
}

function summedCombined(parts: readonly Part<unknown>[], path: string): CombinedFigures {
  return combinedFigures(zeroed(sumCounts(parts, COMBINED_COUNT_FIELDS, path)));
}

/** Review and combined counts are never null in a pack; a list absent from every pack counts 0. */
function zeroed<K extends string>(counts: Record<K, number | null>): Record<K, number> {
  return Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, value ?? 0])) as Record<K, number>;
}

function summedTotals(packs: readonly CheckedPack[], workingDays: number): TotalFigures {
  const parts = <T>(pick: (report: MonthlyPack) => T): Part<T>[] => packs.map((pack) => ({ file: pack.file, entry: pick(pack.report) }));
  const figures = summedGroup(
    parts((report) => report.totals),
    workingDays,
    'totals',
  );
  const first = packs[0]!.report.totals;
  // The year to date's own daily_accepted is not part of it (SPEC §6.2): its rates are all it takes from groupFigures.
  const ytdCounts = sumCounts(
    parts((report) => report.totals.ytd),
    GROUP_COUNT_FIELDS,
    'totals.ytd',
  );
  const ytd: YearToDate = yearToDateFigures(groupFigures(ytdCounts as unknown as GroupCounts, 0));
  const previous = zeroed(
    sumCounts(
      parts((report) => report.totals.previous),
      ['accepted', 'concluded'] as const,
      'totals.previous',
    ),
  );
  return {
    ...figures,
    reviews: summedReviews(
      parts((report) => report.totals.reviews),
      'totals.reviews',
    ),
    ytd: { from: first.ytd.from, to: first.ytd.to, ...ytd },
    previous: { from: first.previous.from, to: first.previous.to, ...previous },
    combined: summedCombined(
      parts((report) => report.totals.combined),
      'totals.combined',
    ),
  };
}

/**
 * The entries of one list across the packs, grouped by key, each group's parts in the
 * packs' order (by center code), so the first part is the lowest code's: its name is the one kept.
 */
function grouped<T>(packs: readonly CheckedPack[], list: (typeof PACK_LISTS)[number], key: (entry: T) => unknown): Map<string, Part<T>[]> {
  const groups = new Map<string, Part<T>[]>();
  for (const pack of packs) {
    (pack.report[list] as unknown[]).forEach((entry, index) => {
      const value = isObject(entry) ? key(entry as T) : undefined;
      if (typeof value !== 'string') throw new PackRejected(pack.file, 'not_monthly', `${list}[${index}]`);
      const parts = groups.get(value);
      if (parts === undefined) groups.set(value, [{ file: pack.file, entry: entry as T }]);
      else parts.push({ file: pack.file, entry: entry as T });
    });
  }
  return new Map([...groups].sort(([a], [b]) => byText(a, b)));
}

const textOf = (value: unknown) => (typeof value === 'string' ? value : '');

export interface NetworkCenter extends TotalFigures {
  code: string;
  name: string;
  level: CenterLevel;
}

/** A center's place among its peers; discipline and bonus are null, as no pack carries their records. */
export interface RankedCenter {
  code: string;
  name: string;
  level: CenterLevel;
  rank: number | null;
  score: number | null;
  components: Omit<Components, 'discipline' | 'bonus'> & { discipline: null; bonus: null };
  not_ranked_reason: 'no_concluded_cases' | null;
}

export interface NetworkReport {
  kind: 'network';
  period: { from: string; to: string };
  centers: NetworkCenter[];
  totals: TotalFigures;
  items: ItemFigures[];
  types: TypeFigures[];
  departments: DepartmentFigures[];
  bundles: BundleFigures[];
  ranking: RankedCenter[];
}

/**
 * The centers ranked within their level by the §6.3 rubric applied to each one's totals,
 * as §6.3 ranks windows: its open overdue cases (overdue − concluded late) count as late
 * ones for on_time, and it is unranked with neither a concluded nor an open overdue case.
 * Discipline and bonus rest on records no pack carries: they are given no points, so the
 * remaining components are rescaled to the whole score.
 */
export function rankCenters(centers: readonly NetworkCenter[], rubric: Rubric): RankedCenter[] {
  const withoutRecords: Rubric = { ...rubric, discipline: 0, bonus_cap: 0 };
  const scored = centers.map((center) => {
    const concludedLate = center.concluded - center.on_time;
    const window = scoreWindow(
      {
        code: center.code,
        name: center.name,
        figures: center,
        overdue_open: Math.max(0, center.overdue - concludedLate),
        overdue_reviews: 0,
        deduction_points: 0,
        commendation_points: 0,
      },
      withoutRecords,
    );
    return { center, window };
  });
  const ranking: RankedCenter[] = [];
  for (const level of CENTER_LEVELS) {
    const peers = scored.filter(({ center }) => center.level === level);
    const ranked = peers
      .filter(({ window }) => window.score !== null)
      .sort((a, b) => b.window.score! - a.window.score! || byText(a.center.code, b.center.code));
    const unranked = peers.filter(({ window }) => window.score === null).sort((a, b) => byText(a.center.code, b.center.code));
    // Equal scores share a rank (1, 2, 2, 4), as windows do.
    ranked.forEach(({ center, window }, index) => {
      const previous = ranked[index - 1];
      const rank = previous !== undefined && previous.window.score === window.score ? ranking[ranking.length - 1]!.rank : index + 1;
      ranking.push(entry(center, window, rank));
    });
    for (const { center, window } of unranked) ranking.push(entry(center, window, null));
  }
  return ranking;
}

function entry(center: NetworkCenter, window: ReturnType<typeof scoreWindow>, rank: number | null): RankedCenter {
  const { on_time, on_site, satisfaction, complaints } = window.components;
  return {
    code: center.code,
    name: center.name,
    level: center.level,
    rank,
    score: window.score,
    components: { on_time, on_site, satisfaction, complaints, discipline: null, bonus: null },
    not_ranked_reason: window.not_ranked_reason,
  };
}

/**
 * The network report of checked packs (SPEC §7.4). `workingDays` is the running
 * database's working days of the period, the denominator of every daily_accepted.
 */
export function networkReport(given: readonly CheckedPack[], workingDays: number, rubric: Rubric): NetworkReport {
  checkPackSet(given);
  const packs = [...given].sort((a, b) => byText(a.code, b.code));
  const centers: NetworkCenter[] = packs.map((pack) => ({ code: pack.code, name: pack.report.center, level: pack.level, ...pack.report.totals }));
  const items = [...grouped<ItemFigures>(packs, 'items', (item) => item.code)].map(([code, parts]) => {
    const named = parts[0]!.entry;
    return {
      code,
      name: textOf(named.name),
      department: textOf(named.department),
      type: textOf(named.type),
      ...summedGroup(parts, workingDays, `items.${code}`),
    };
  });
  const types = [...grouped<TypeFigures>(packs, 'types', (type) => type.type)].map(([type, parts]) => ({
    type,
    ...summedGroup(parts, workingDays, `types.${type}`),
  }));
  const departments = [...grouped<DepartmentFigures>(packs, 'departments', (department) => department.name)].map(([name, parts]) => ({
    name,
    ...summedGroup(parts, workingDays, `departments.${name}`),
  }));
  const bundles = [...grouped<BundleFigures>(packs, 'bundles', (bundle) => bundle.code)].map(([code, parts]) => {
    const named = parts[0]!.entry;
    return { code, name: textOf(named.name), lead_department: textOf(named.lead_department), ...summedCombined(parts, `bundles.${code}`) };
  });
  const { from, to } = packs[0]!.report.period;
  return {
    kind: 'network',
    period: { from, to },
    centers,
    totals: summedTotals(packs, workingDays),
    items,
    types,
    departments,
    bundles,
    ranking: rankCenters(centers, rubric),
  };
}
