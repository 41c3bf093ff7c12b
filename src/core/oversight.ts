/** Complaints (投诉) and window assessment records (考核记录), SPEC §3.3: their vocabularies. */
import { pickValue } from './case-values.js';
import { InvalidValue } from './errors.js';

export const COMPLAINT_CHANNELS = ['现场', '电话', '12345', '信箱', '网络'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export function parseComplaintChannel(field: string, value: string): ComplaintChannel {
  const trimmed = value.trim();
  if (!(COMPLAINT_CHANNELS as readonly string[]).includes(trimmed)) throw new InvalidValue(field, value, { rule: 'complaint_channel' });
  return trimmed as ComplaintChannel;
}

export const RECORD_KINDS = ['deduction', 'commendation'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
/** The words of the assessment sheet; the first is the one messages show. */
export const RECORD_KIND_WORDS: Record<RecordKind, readonly string[]> = { deduction: ['扣分', '巡查扣分'], commendation: ['表扬', '加分', '表扬加分'] };

export function parseRecordKind(field: string, value: string): RecordKind {
  const kind = pickValue(RECORD_KINDS, RECORD_KIND_WORDS, value);
  if (!kind) throw new InvalidValue(field, value, { rule: 'record_kind' });
  return kind;
}

export const COMPLAINT_STATUSES = ['open', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
/** The words `complaint list` shows for each status; the first is the one messages show. */
export const COMPLAINT_STATUS_WORDS: Record<ComplaintStatus, readonly string[]> = { open: ['待处理', '未办结'], closed: ['已办结', '办结'] };

export function parseComplaintStatus(field: string, value: string): ComplaintStatus {
  const status = pickValue(COMPLAINT_STATUSES, COMPLAINT_STATUS_WORDS, value);
  if (!status) throw new InvalidValue(field, value, { rule: 'complaint_status' });
  return status;
}

/** Assessment points: positive, at most 100 (a whole rubric), decimals allowed (0.5 分). */
export function parsePoints(field: string, value: string): number {
  const points = Number(value.trim());
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(points > 0) || points > 100) throw new InvalidValue(field, value, { rule: 'points' });
  return points;
}
