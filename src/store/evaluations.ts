/** Evaluations (好差评, GB/T 39735): one per case, five levels, `--replace` to change it. */
import { prepared } from '../db/statements.js';
import type { Database } from 'better-sqlite3';
import { isValidDate } from '../core/dates.js';
import { InputError, text } from '../core/errors.js';
import type { CaseRow, EventTime } from './cases.js';

export const LEVEL_NAMES: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

export function parseLevel(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^[1-5]$/.test(trimmed)) return Number(trimmed);
  const found = Object.entries(LEVEL_NAMES).find(([, name]) => name === trimmed);
  return found ? Number(found[0]) : undefined;
}

export interface RateInput {
  level: string;
  comment: string;
  replace: boolean;
  date?: string;
  time: EventTime;
  operator: string;
}

export interface Evaluation {
  level: number;
  level_name: string;
  comment: string;
  date: string;
  replaced: boolean;
}

export function rateCase(db: Database, row: CaseRow, input: RateInput): Evaluation {
  const level = parseLevel(input.level);
  if (level === undefined) {
    throw new InputError(text(`--level "${input.level}" 无效；应为 1–5（5 非常满意、4 满意、3 基本满意、2 不满意、1 非常不满意）`, `--level "${input.level}" is invalid; use 1–5 (5 very satisfied … 1 very dissatisfied)`));
  }
  if (input.date !== undefined && !isValidDate(input.date)) {
    throw new InputError(text(`--date "${input.date}" 不是有效日期（YYYY-MM-DD）`, `--date "${input.date}" is not a valid date (YYYY-MM-DD)`));
  }
  const date = input.date ?? input.time.date;
  const existing = prepared(db, 'SELECT level, date FROM evaluations WHERE case_id = ?').get(row.id) as { level: number; date: string } | undefined;
  if (existing && !input.replace) {
    throw new InputError(
      text(
        `办件 ${row.number} 已有评价（${existing.level} ${LEVEL_NAMES[existing.level]}，${existing.date}）；改评请加 --replace`,
        `case ${row.number} was already rated ${existing.level} on ${existing.date}; use --replace to change it`,
      ),
    );
  }
  prepared(db, 
    `INSERT INTO evaluations (case_id, level, comment, date, at, operator) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (case_id) DO UPDATE SET level = excluded.level, comment = excluded.comment, date = excluded.date,
       at = excluded.at, operator = excluded.operator`,
  ).run(row.id, level, input.comment, date, input.time.at, input.operator);
  // The history keeps every evaluation, the table only the current one.
  prepared(db, 
    `INSERT INTO case_events (case_id, kind, at, date, minutes, operator, location, details) VALUES (?, 'rate', ?, ?, ?, ?, NULL, ?)`,
  ).run(row.id, input.time.at, input.time.date, input.time.minutes, input.operator, JSON.stringify({ level, comment: input.comment, date }));
  return { level, level_name: LEVEL_NAMES[level]!, comment: input.comment, date, replaced: existing !== undefined };
}
