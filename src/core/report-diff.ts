/**
 * What changed in a report since it was frozen (SPEC §7.5): every figure whose value
 * differs between the frozen JSON and a fresh run, by a dotted path that names list
 * entries by their key (`windows.W01.accepted`, `fees.XK001/W01.fees_fen`) rather than
 * by position, so that a window added in between does not shift every path after it.
 */

/** One changed figure: `null` on the side where the entry (or member) does not exist. */
export interface ReportChange {
  path: string;
  frozen: unknown;
  now: unknown;
}

/**
 * Members that differ on every run or describe the run itself, not its figures: when it
 * ran, the day open cases were judged at (today, for a month not yet over), the digest
 * (which covers everything else) and the frozen block a re-run adds.
 */
const IGNORED = new Set(['generated_at', 'evaluated_at', 'digest', 'frozen']);

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The key of a list entry, as a person names it: a case by its number, a window, item or
 * bundle by its code, a fee row by item and window, a department by its name, an item
 * type by the type. An entry with none of these (or a list of plain values) is named by
 * its position.
 */
function entryKey(entry: unknown): string | undefined {
  if (!isObject(entry)) return undefined;
  if (typeof entry.number === 'string') return entry.number;
  if (typeof entry.code === 'string') return entry.code;
  if (typeof entry.item === 'string' && 'window' in entry) return `${entry.item}/${entry.window ?? ''}`;
  if (typeof entry.name === 'string') return entry.name;
  if (typeof entry.type === 'string') return entry.type;
  return undefined;
}

/** A list as key → entry; a key met twice keeps both, the second as `KEY#2` and so on. */
function keyed(list: readonly unknown[]): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  list.forEach((entry, index) => {
    const key = entryKey(entry) ?? String(index);
    let unique = key;
    for (let n = 2; entries.has(unique); n++) unique = `${key}#${n}`;
    entries.set(unique, entry);
  });
  return entries;
}

function children(value: unknown): Map<string, unknown> | undefined {
  if (Array.isArray(value)) return keyed(value);
  if (isObject(value)) return new Map(Object.entries(value).filter(([key, member]) => !IGNORED.has(key) && member !== undefined));
  return undefined;
}

/** Code point order, as the canonical JSON sorts keys (src/core/canonical.ts). */
function byCodePoint(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

function walk(path: string, frozen: unknown, now: unknown, changes: ReportChange[]): void {
  const frozenChildren = children(frozen);
  const nowChildren = children(now);
  if (frozenChildren === undefined && nowChildren === undefined) {
    // Two plain values (or a value and a missing one, both read as null).
    const left = frozen === undefined ? null : frozen;
    const right = now === undefined ? null : now;
    if (left !== right) changes.push({ path, frozen: left, now: right });
    return;
  }
  if (frozenChildren === undefined || nowChildren === undefined) {
    // A value that became a list or an object (or the reverse, or null): named once, whole.
    changes.push({ path, frozen: frozen ?? null, now: now ?? null });
    return;
  }
  const keys = new Set([...frozenChildren.keys(), ...nowChildren.keys()]);
  for (const key of keys) {
    const at = path === '' ? key : `${path}.${key}`;
    const [left, right] = [frozenChildren.get(key), nowChildren.get(key)];
    // An entry on one side only (a window added, an overdue case back-filled) is one change, whole, against null.
    if (left === undefined || right === undefined) {
      if ((left ?? null) !== (right ?? null)) changes.push({ path: at, frozen: left ?? null, now: right ?? null });
      continue;
    }
    walk(at, left, right, changes);
  }
}

/** Every figure that differs between the frozen report and a fresh run of it, sorted by path. */
export function reportChanges(frozen: unknown, now: unknown): ReportChange[] {
  const changes: ReportChange[] = [];
  walk('', frozen, now, changes);
  return changes.sort((a, b) => byCodePoint(a.path, b.path));
}
