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

/** Code point order (not UTF-16 order, which differs for characters beyond U+FFFF). */
function byCodePoint(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((entry) => (entry === undefined ? 'null' : canonicalJson(entry))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => byCodePoint(a, b));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

/** The SHA-256, in hex, of the UTF-8 bytes of the report's canonical JSON without its own `digest`. */
export function reportDigest(report: Readonly<Record<string, unknown>>): string {
  const { digest: _ignored, ...rest } = report;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}
