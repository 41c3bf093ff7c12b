/** What `case register` and `case refuse` check before a case exists: the item, the window, the applicant's id. */
import { prepared } from '../db/statements.js';
import type { Database } from 'better-sqlite3';
import type { LimitUnit } from '../core/calendar.js';
import { InputError, text, type LocalText } from '../core/errors.js';
import { unknownItem } from './items.js';
import { windowId } from './organisation.js';
import { rulesFromColumns } from './cases.js';
import { isValidCreditCode, isValidResidentId, looksLikeCreditCode, type IdType } from '../core/ids.js';
import type { CaseRules } from '../core/lifecycle.js';
import { normalizeCell } from '../core/catalog.js';

export interface IntakeItem {
  id: number;
  code: string;
  name: string;
  department_id: number;
  type: string;
  status: 'active' | 'suspended' | 'cancelled';
  promised_days: number;
  limit_unit: LimitUnit;
  legal_days: number | null;
  legal_unit: LimitUnit | null;
  fee_fen: number;
  stages: string;
  authorized: string;
  window_id: number | null;
}

export function intakeItem(db: Database, code: string, requireActive: boolean): IntakeItem {
  const item = prepared(db, 'SELECT * FROM items WHERE code = ?').get(code.trim()) as IntakeItem | undefined;
  if (!item) throw unknownItem(code);
  if (requireActive && item.status !== 'active') {
    const status = item.status === 'suspended' ? text('已暂停', 'suspended') : text('已取消', 'cancelled');
    throw new InputError(
      text(`事项 ${item.code}（${item.name}）${status.zh}，不能受理；只有在用事项可以登记`, `item ${item.code} (${item.name}) is ${status.en}; only active items can be registered`),
    );
  }
  return item;
}

export function caseRules(item: IntakeItem, closingMinutes: number): CaseRules {
  return rulesFromColumns(item, closingMinutes);
}

/** The window a case is accepted at: `--window`, else the item's; an item not in the hall needs one. */
export function intakeWindow(db: Database, item: IntakeItem, windowCode: string | undefined): number {
  if (windowCode !== undefined && windowCode.trim() !== '') {
    return windowId(db, windowCode);
  }
  if (item.window_id === null) {
    throw new InputError(
      text(`事项 ${item.code}（${item.name}）未进驻大厅，没有默认窗口；请用 --window 指定受理窗口`, `item ${item.code} (${item.name}) is not entered in the hall; give the accepting window with --window`),
    );
  }
  return item.window_id;
}

export interface CheckedId {
  id: string | null;
  type: IdType | null;
  warning: LocalText | null;
}

/**
 * An 18-character resident ID must pass the GB 11643 check digit (refused otherwise); an
 * 18-character credit code is checked against GB 32100 but only warned about, since some
 * real codes fail it; anything else (passport, 港澳通行证) needs `--id-type other`.
 */
export function checkApplicantId(raw: string | undefined, idType: string | undefined): CheckedId {
  const value = normalizeCell(raw ?? '').toUpperCase().replace(/\s+/g, '');
  if (idType !== undefined && !['resident', 'credit', 'other'].includes(idType)) {
    throw new InputError(text(`--id-type "${idType}" 无效；应为 resident（居民身份证）、credit（统一社会信用代码）或 other`, `--id-type "${idType}" is invalid; use resident, credit or other`));
  }
  if (value === '') return { id: null, type: null, warning: null };
  if (idType === 'other') return { id: value, type: 'other', warning: null };
  if ((idType === undefined || idType === 'resident') && /^\d{17}[\dX]$/.test(value)) {
    if (!isValidResidentId(value)) {
      throw new InputError(
        text(`居民身份证号码 ${value} 校验位错误（GB 11643），请核对证件；外国护照等请加 --id-type other`, `resident ID ${value} fails the GB 11643 check digit; check the document (use --id-type other for other documents)`),
      );
    }
    return { id: value, type: 'resident', warning: null };
  }
  if ((idType === undefined || idType === 'credit') && (looksLikeCreditCode(value) || (idType === 'credit' && value.length === 18))) {
    const warning = isValidCreditCode(value)
      ? null
      : text(`统一社会信用代码 ${value} 未通过 GB 32100 校验，已照常登记，请核对营业执照`, `credit code ${value} fails the GB 32100 check; registered anyway — check the licence`);
    return { id: value, type: 'credit', warning };
  }
  throw new InputError(
    text(
      `证件号码 ${value} 既不是 18 位居民身份证号码，也不是统一社会信用代码；护照、港澳通行证等请加 --id-type other`,
      `applicant id ${value} is neither an 18-character resident ID nor a credit code; use --id-type other for passports and permits`,
    ),
  );
}
