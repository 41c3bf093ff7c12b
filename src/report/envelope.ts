/**
 * The envelope of every report JSON (SPEC §7.4): what the report is (`kind`, `schema`),
 * whose it is (`center_code`, `center_level`) and its `digest`, the SHA-256 of everything
 * else it prints, so that a county can tell a town's pack was not edited on the way.
 */

import { reportDigest } from '../core/canonical.js';
import type { CenterIdentity, CenterLevel } from '../core/center.js';

export type EnvelopeKind = 'monthly' | 'assessment' | 'network';

/**
 * The schema of each kind's JSON: raised when a field changes meaning, so that a reader
 * (the network report, a province's script) refuses what it would misread.
 */
export const REPORT_SCHEMAS: Record<EnvelopeKind, number> = { monthly: 1, assessment: 1, network: 1 };

export interface Envelope {
  kind: EnvelopeKind;
  schema: number;
  center_code: string | null;
  center_level: CenterLevel | null;
}

export type Sealed<T> = Envelope & T & { digest: string };

/**
 * The report with its envelope: the envelope's fields first (a reader sees what it holds
 * before the figures), the body's members, and `digest` last, over all of them.
 */
export function sealReport<T extends object>(kind: EnvelopeKind, body: T, identity: CenterIdentity): Sealed<T> {
  const envelope: Envelope = { kind, schema: REPORT_SCHEMAS[kind], center_code: identity.code, center_level: identity.level };
  return reseal({ ...envelope, ...body });
}

/**
 * The report with its `digest` recomputed over every other member and put last. For a
 * member added after sealing (the `frozen` of SPEC §7.5), which the digest must cover.
 */
export function reseal<T extends object>(report: T): T & { digest: string } {
  const { digest: _old, ...rest } = report as T & { digest?: string };
  return { ...rest, digest: reportDigest(rest) } as T & { digest: string };
}
