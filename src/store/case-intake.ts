/** Opening a case: the item and window looked up, the core's first step, the row written (SPEC §3.2). */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import { rulesFromColumns } from '../core/case-record.js';
import { type Actor, acceptCase, type OpenedCase, refuseCase } from '../core/case-step.js';
import type { Channel, CheckedId } from '../core/case-values.js';
import { ItemNotActive, ItemNotInHall, UnknownItem } from '../core/errors.js';
import type { CaseRules, Outcome } from '../core/lifecycle.js';
import type { Notice } from '../core/notices.js';
import { prepared } from '../db/statements.js';
import { type CaseRow, insertCase } from './cases.js';
import type { ItemRow } from './item-columns.js';
import { windowId } from './organisation.js';

/** The item a case is opened for, as its row is stored. */
export type IntakeItem = ItemRow;

/** The item by code; registering needs an active one, recording history does not. */
export function intakeItem(db: Database, code: string, requireActive: boolean): IntakeItem {
  const item = prepared(db, 'SELECT * FROM items WHERE code = ?').get(code.trim()) as IntakeItem | undefined;
  if (!item) throw new UnknownItem(code.trim());
  if (requireActive && item.status !== 'active') throw new ItemNotActive(item.code, item.name, item.status);
  return item;
}

function caseRules(item: IntakeItem, closingMinutes: number): CaseRules {
  return rulesFromColumns(item, closingMinutes);
}

/** The window a case is accepted at: the one named, else the item's; an item not in the hall needs one named. */
export function intakeWindow(db: Database, item: IntakeItem, windowCode: string | undefined): number {
  if (windowCode !== undefined && windowCode.trim() !== '') return windowId(db, windowCode);
  if (item.window_id === null) throw new ItemNotInHall(item.code, item.name);
  return item.window_id;
}

/**
 * A window belongs to one department (SPEC §1); accepting another department's item
 * there is usually a clerk's slip, though not forbidden. A 综合窗口 has no department
 * and accepts any item.
 */
export function departmentMismatch(db: Database, item: IntakeItem, windowId: number): Notice | null {
  const found = prepared(
    db,
    `SELECT w.code AS window, wd.name AS windowDepartment, id.name AS itemDepartment
       FROM windows w JOIN departments wd ON wd.id = w.department_id, departments id
      WHERE w.id = ? AND id.id = ? AND w.department_id <> id.id`,
  ).get(windowId, item.department_id) as { window: string; windowDepartment: string; itemDepartment: string } | undefined;
  return found ? { notice: 'window_of_other_department', item: item.code, ...found } : null;
}

/**
 * What opening a case needs besides the item: who applies, where, how. `refusal` set
 * makes it a 不予受理 record instead of an accepted case (SPEC §3.2).
 */
export interface IntakeInput {
  itemCode: string;
  applicant: string;
  applicantId: CheckedId;
  /** The window named by the clerk (or the import row); empty or absent: the item's own window. */
  window?: string;
  channel: Channel;
  /** The fee in fen; absent: the item's standard fee. Ignored for a refusal. */
  feeFen?: number;
  /** Conclude a 即办件 in the same step as its acceptance. */
  conclude?: Outcome;
  /** The reason for a 不予受理: the case is refused at intake rather than accepted. */
  refusal?: string;
  /** The combined case (一件事) this case is opened as a part of. */
  combinedId?: number;
}

export interface OpenedIntake {
  row: CaseRow;
  opened: OpenedCase;
  /** A warning for the clerk: the named window belongs to another department. */
  slip: Notice | null;
}

/**
 * Opens a case: `case register`, `case refuse`, the demo and (next) a bundle's parts all
 * come through here, so a case is assembled one way. The caller holds the write
 * transaction. A refused application can be recorded against an item that is no longer
 * active (the applicant was turned away, perhaps because of that); acceptance needs an
 * active one.
 *
 * The accepting window is a stored column, not derived from the events: every report
 * groups by it over an index, and deriving it would put a scan of case_events under
 * each of them. It is written here once and no step changes it. A transfer command,
 * when it comes, appends an event naming the new window and rewrites the column in the
 * same transaction, as each step rewrites the state caches; `doctor`'s replay then
 * checks the column against the last such event, as it checks the caches today.
 */
export function openCase(db: Database, calendar: WorkCalendar, input: IntakeInput, actor: Actor, closingMinutes: number): OpenedIntake {
  const refused = input.refusal !== undefined;
  const item = intakeItem(db, input.itemCode, !refused);
  const rules = caseRules(item, closingMinutes);
  const opened = refused
    ? refuseCase(rules, input.refusal!, actor, calendar)
    : acceptCase({ itemCode: item.code, rules, channel: input.channel, conclude: input.conclude }, actor, calendar);
  const windowId = intakeWindow(db, item, input.window);
  const row = insertCase(
    db,
    {
      itemId: item.id,
      windowId,
      departmentId: item.department_id,
      itemType: item.type,
      applicant: input.applicant,
      applicantId: input.applicantId.id,
      idType: input.applicantId.type,
      channel: input.channel,
      // SPEC §3.2: a refusal charges nothing; an accepted case the fee given, else the item's.
      feeFen: refused ? 0 : (input.feeFen ?? item.fee_fen),
      rules,
      combinedId: input.combinedId,
    },
    opened,
  );
  return { row, opened, slip: namedWindowSlip(db, item, windowId, input.window) };
}

/**
 * Only a window the clerk named can be a slip: the item's own window is the catalog's
 * choice, and warning about it at every registration would teach clerks to ignore warnings.
 */
function namedWindowSlip(db: Database, item: IntakeItem, accepting: number, named: string | undefined): Notice | null {
  return named === undefined || named.trim() === '' ? null : departmentMismatch(db, item, accepting);
}

export interface ItemChoice {
  code: string;
  name: string;
  window: string | null;
}

/** The items a clerk can register, for the terminal's searchable list. */
export function registrableItems(db: Database): ItemChoice[] {
  return db
    .prepare("SELECT i.code, i.name, w.name AS window FROM items i LEFT JOIN windows w ON w.id = i.window_id WHERE i.status = 'active' ORDER BY i.code")
    .all() as ItemChoice[];
}
