/**
 * The canonical JSON of a report and its digest (SPEC §7.4): what a county checks to
 * know a town's pack was not edited on the way, and what a frozen report is compared by.
 * Written once here; every writer and reader of a digest goes through it.
 *
 * Canonical form: object keys sorted by code point, no whitespace, numbers as
 * JSON.stringify writes them, strings as JSON.stringify escapes them (non-ASCII
 * characters as themselves). `undefined` members are left out, as JSON.stringify does.
 */
import { createHash } from 'node:crypto';

/**
 * Code point order (not UTF-16 order, which differs for characters beyond U+FFFF): at the
 * first unit that differs, a surrogate (part of a character above U+FFFF) is greater than
 * any unit that is not; otherwise the units compare as the code points do. Read unit by
 * unit, without splitting strings into characters: a county sums 200 packs of 100 kB each
 * and checks every digest (SPEC §8: within 1 s).
 */
function byCodePoint(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const left = a.charCodeAt(i);
    const right = b.charCodeAt(i);
    if (left === right) continue;
    const leftSurrogate = left >= 0xd800 && left <= 0xdfff;
    const rightSurrogate = right >= 0xd800 && right <= 0xdfff;
    if (leftSurrogate !== rightSurrogate) return leftSurrogate ? 1 : -1;
    return left - right;
  }
  return a.length - b.length;
}

export function canonicalJson(value: unknown): string {
  // Numbers as JSON.stringify writes them (-0 as 0, 1e+21); NaN and ±Infinity as null.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const entry: unknown = value[i];
      out += entry === undefined ? 'null' : canonicalJson(entry);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(byCodePoint);
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
    first = false;
  }
  return `${out}}`;
}

/** The SHA-256, in hex, of the UTF-8 bytes of the report's canonical JSON without its own `digest`. */
export function reportDigest(report: Readonly<Record<string, unknown>>): string {
  const { digest: _ignored, ...rest } = report;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}
