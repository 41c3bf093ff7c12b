/** Complaints (投诉) and window assessment records (考核记录), SPEC §3.3: their vocabularies. */
import { InvalidValue } from './errors.js';

export const COMPLAINT_CHANNELS = ['现场', '电话', '12345', '信箱', '网络'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export function parseComplaintChannel(field: string, value: string): ComplaintChannel {
  const trimmed = value.trim();
  if (!(COMPLAINT_CHANNELS as readonly string[]).includes(trimmed)) throw new InvalidValue(field, value, { rule: 'complaint_channel' });
  return trimmed as ComplaintChannel;
}

export type RecordKind = 'deduction' | 'commendation';
const RECORD_KIND_WORDS: Record<string, RecordKind> = {
  deduction: 'deduction',
  扣分: 'deduction',
  巡查扣分: 'deduction',
  commendation: 'commendation',
  表扬: 'commendation',
  加分: 'commendation',
};

export function parseRecordKind(field: string, value: string): RecordKind {
  const kind = RECORD_KIND_WORDS[value.trim().toLowerCase()];
  if (!kind) throw new InvalidValue(field, value, { rule: 'record_kind' });
  return kind;
}

/** Assessment points: positive, at most 100 (a whole rubric), decimals allowed (0.5 分). */
export function parsePoints(field: string, value: string): number {
  const points = Number(value.trim());
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(points > 0) || points > 100) throw new InvalidValue(field, value, { rule: 'points' });
  return points;
}
