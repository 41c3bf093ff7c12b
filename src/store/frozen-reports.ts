/**
 * Frozen reports (SPEC §7.5): the JSON of a monthly pack or an assessment as it was sent
 * upward, and its digest, one per kind and period (migration 13). A freeze replaces one
 * only when asked to (`--refreeze`); nothing else writes here.
 */
import type { Database } from 'better-sqlite3';
import { reportDigest } from '../core/canonical.js';
import type { StoredDamage } from '../core/damage.js';
import type { Period } from '../core/period.js';
import { prepared } from '../db/statements.js';

/** The reports that can be frozen: the network report is a county's sum of packs already frozen by their towns. */
export type FrozenKind = 'monthly' | 'assessment';

export interface FrozenReport {
  kind: FrozenKind;
  period_from: string;
  period_to: string;
  label: string;
  /** The report's JSON exactly as it was printed (two-space indented, no final newline). */
  json: string;
  digest: string;
  frozen_at: string;
  operator: string;
}

const COLUMNS = 'kind, period_from, period_to, label, json, digest, frozen_at, operator';

export function findFrozenReport(db: Database, kind: FrozenKind, period: Period): FrozenReport | undefined {
  return prepared(db, `SELECT ${COLUMNS} FROM frozen_reports WHERE kind = ? AND period_from = ? AND period_to = ?`).get(kind, period.from, period.to) as
    | FrozenReport
    | undefined;
}

/** Stores a frozen report, replacing the one of its kind and period (the caller has checked that --refreeze allows it). */
export function storeFrozenReport(db: Database, report: FrozenReport): void {
  prepared(
    db,
    `INSERT INTO frozen_reports (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (kind, period_from, period_to) DO UPDATE SET
       label = excluded.label, json = excluded.json, digest = excluded.digest, frozen_at = excluded.frozen_at, operator = excluded.operator`,
  ).run(report.kind, report.period_from, report.period_to, report.label, report.json, report.digest, report.frozen_at, report.operator);
}

/** Every frozen report, by period, then kind (monthly before assessment, as the reports are listed). */
export function listFrozenReports(db: Database): FrozenReport[] {
  return prepared(db, `SELECT ${COLUMNS} FROM frozen_reports ORDER BY period_from, period_to, kind DESC`).all() as FrozenReport[];
}

/**
 * Why a stored frozen report cannot be trusted, or null: JSON that does not parse to an
 * object, or a digest (the column, or the `digest` member the report carries) that is not
 * the digest of its JSON — a hand edit after it was frozen.
 */
export function frozenReportFault(report: Pick<FrozenReport, 'json' | 'digest'>): 'not_json' | 'not_object' | 'digest_mismatch' | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(report.json);
  } catch {
    return 'not_json';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'not_object';
  const content = parsed as Record<string, unknown>;
  if (reportDigest(content) !== report.digest) return 'digest_mismatch';
  if ('digest' in content && content.digest !== report.digest) return 'digest_mismatch';
  return null;
}

/** One damage entry for a frozen report hall cannot trust: named by kind and period, as `hall report frozen` lists it. */
export function frozenReportDamage(report: FrozenReport): StoredDamage | null {
  const reason = frozenReportFault(report);
  if (reason === null) return null;
  const row = `${report.kind} ${report.label}`;
  return reason === 'digest_mismatch'
    ? { table: 'frozen_reports', row, column: 'digest', value: report.digest, reason }
    : { table: 'frozen_reports', row, column: 'json', value: report.json, reason };
}

/** Every frozen report whose JSON and digest disagree (`hall doctor`). */
export function frozenReportsDamage(db: Database): StoredDamage[] {
  return listFrozenReports(db).flatMap((report) => frozenReportDamage(report) ?? []);
}
