/**
 * The case export for a province's engines (SPEC §7.6): its columns with their types,
 * one row per case as the export carries it, and the month partitions. Pure: the store
 * reads the rows, io writes them as Parquet, CSV or JSON lines.
 */
import type { Channel } from './case-values.js';
import { maskId } from './ids.js';
import type { CaseState, Outcome } from './lifecycle.js';
import type { ReviewState } from './review.js';

export const EXPORT_FORMATS = ['parquet', 'csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an engine reads each column as: Parquet types it DATE, TIMESTAMP (UTC), INT32, INT64, BOOLEAN or UTF8. */
export type ExportColumnKind = 'string' | 'date' | 'timestamp' | 'int32' | 'int64' | 'boolean';

/** A case as the export carries it: codes and dates as in its JSON (SPEC §3.2). */
export interface ExportRow {
  center_code: string;
  number: string;
  combined: string | null;
  item: string;
  item_name: string;
  item_type: string;
  department: string;
  window: string | null;
  channel: Channel;
  applicant: string;
  applicant_id: string | null;
  state: CaseState;
  outcome: Outcome | null;
  /** ISO 8601 with the center's offset, as stored. */
  accepted_at: string;
  deadline: string | null;
  legal_deadline: string | null;
  concluded_at: string | null;
  days_used: number | null;
  on_time: boolean | null;
  same_day: boolean | null;
  on_site: boolean | null;
  fee_fen: number;
  evaluation_level: number | null;
  review_state: ReviewState | null;
  last_event_id: number;
}

export interface ExportColumn {
  name: keyof ExportRow;
  kind: ExportColumnKind;
  /** Never null, so Parquet marks it REQUIRED. */
  required: boolean;
}

const column = (name: keyof ExportRow, kind: ExportColumnKind, required = false): ExportColumn => ({ name, kind, required });

/** SPEC §7.6's columns, in its order: a CSV header, a JSON line's keys and the Parquet schema all follow it. */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  column('center_code', 'string', true),
  column('number', 'string', true),
  column('combined', 'string'),
  column('item', 'string', true),
  column('item_name', 'string', true),
  column('item_type', 'string', true),
  column('department', 'string', true),
  column('window', 'string'),
  column('channel', 'string', true),
  column('applicant', 'string', true),
  column('applicant_id', 'string'),
  column('state', 'string', true),
  column('outcome', 'string'),
  column('accepted_at', 'timestamp', true),
  column('deadline', 'date'),
  column('legal_deadline', 'date'),
  column('concluded_at', 'timestamp'),
  column('days_used', 'int32'),
  column('on_time', 'boolean'),
  column('same_day', 'boolean'),
  column('on_site', 'boolean'),
  // Fen of one case fit INT32 today; INT64 leaves a sum-minded engine no overflow to meet.
  column('fee_fen', 'int64', true),
  column('evaluation_level', 'int32'),
  column('review_state', 'string'),
  column('last_event_id', 'int64', true),
];

/** A case row as the store reads it: the exported row before the center code is added, its flags still SQLite's 0/1. */
export type StoredExportRow = Omit<ExportRow, 'center_code' | 'on_time' | 'same_day' | 'on_site'> & {
  on_time: 0 | 1 | null;
  same_day: 0 | 1 | null;
  on_site: 0 | 1 | null;
};

const flag = (value: 0 | 1 | null): boolean | null => (value === null ? null : value === 1);

/**
 * The exported row. A value that would change without an event is null rather than
 * stale, since a month's file is rewritten only when one of its cases has a new event:
 * the days used, on time and same day of a case still running, and the deadlines of a
 * paused one (they move with the open pause, SPEC §3.2's JSON says null too).
 */
export function exportRow(stored: StoredExportRow, centerCode: string, showPii: boolean): ExportRow {
  const running = stored.state === 'open' || stored.state === 'paused';
  const paused = stored.state === 'paused';
  return {
    center_code: centerCode,
    number: stored.number,
    combined: stored.combined,
    item: stored.item,
    item_name: stored.item_name,
    item_type: stored.item_type,
    department: stored.department,
    window: stored.window,
    channel: stored.channel,
    applicant: stored.applicant,
    applicant_id: showPii ? stored.applicant_id : maskId(stored.applicant_id),
    state: stored.state,
    outcome: stored.outcome,
    accepted_at: stored.accepted_at,
    deadline: paused ? null : stored.deadline,
    legal_deadline: paused ? null : stored.legal_deadline,
    concluded_at: stored.concluded_at,
    days_used: running ? null : stored.days_used,
    on_time: running ? null : flag(stored.on_time),
    same_day: running ? null : flag(stored.same_day),
    on_site: flag(stored.on_site),
    fee_fen: stored.fee_fen,
    evaluation_level: stored.evaluation_level,
    review_state: stored.review_state,
    last_event_id: stored.last_event_id,
  };
}

/** A month `YYYY-MM` and the one after it: the half-open range of acceptance dates it partitions. */
export function monthBounds(month: string): { from: string; to: string } {
  const year = Number(month.slice(0, 4));
  const next = Number(month.slice(5, 7)) + 1;
  const to = next > 12 ? `${year + 1}-01` : `${year}-${String(next).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${to}-01` };
}
