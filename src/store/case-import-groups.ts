/**
 * The combined cases of a case import (一件事, SPEC §7.1): rows that share a 联办编号
 * form one combined case of their bundle. A group is the run of consecutive rows with
 * the same 联办编号 — provincial exports list a combined case's parts together, at the
 * one acceptance they share — so only the group being read is held, however large the
 * file, in either thread's order. A 联办编号 met again after other rows is refused (as a
 * bundle file refuses one code in two blocks); the block before it was checked and
 * written on its own.
 *
 * A group is checked once its last row is read, under the lock (its rows' numbers are
 * checked as a lone row's are), and then written whole — the combined case, then its
 * parts in member order, as a registration numbers them — or refused whole.
 */
import { checkCombinedGroup } from '../core/case-group.js';
import type { CaseField, CaseFieldError } from '../core/case-row.js';
import { RefusedError } from '../core/errors.js';
import type { ImportRow } from '../io/import-pipeline.js';
import type { CheckedRow, Lookups, ReadyCase } from './case-import-rows.js';
import type { CaseWriter } from './case-import-writer.js';

type Where = Pick<ImportRow<CaseField>, 'row' | 'line' | 'raw'>;

/** What the import does with a row the groups hand back. */
export interface GroupSteps {
  /** A row that is no part of a combined case: written or refused as always. */
  lone: (checked: CheckedRow) => void;
  reject: (row: Where, errors: readonly CaseFieldError[]) => void;
  /** A part just written. */
  written: (ready: ReadyCase) => void;
}

interface Group {
  key: string;
  rows: CheckedRow[];
  /** Where the key started its first block, when this is a second one. */
  split: { row: number; line: number } | null;
}

export class CombinedGroups {
  private current: Group | null = null;
  /** Where each 联办编号 of the file started: a few bytes per combined case, not per row. */
  private readonly started = new Map<string, { row: number; line: number }>();

  constructor(
    private readonly writer: CaseWriter,
    private readonly lookups: Lookups,
    private readonly steps: GroupSteps,
  ) {}

  /** Takes the rows in file order. */
  take(checked: CheckedRow): void {
    const key = checked.part?.cells.key ?? null;
    if (key !== null && key === this.current?.key) {
      this.current.rows.push(checked);
      return;
    }
    this.end();
    if (key === null) {
      this.steps.lone(checked);
      return;
    }
    const earlier = this.started.get(key) ?? null;
    if (!earlier) this.started.set(key, { row: checked.row.row, line: checked.row.line });
    this.current = { key, rows: [checked], split: earlier };
  }

  /** The file's rows are all taken, or the next one is not of the group being read: it is checked and written or refused. */
  end(): void {
    const group = this.current;
    if (!group) return;
    this.current = null;
    const own = this.ownErrors(group.rows);
    const first = group.rows[0]!.part!;
    const bundle = first.cells.bundle === '' ? null : this.lookups.bundle(first.cells.bundle);
    const known = bundle instanceof RefusedError ? null : bundle;
    const added = checkCombinedGroup({
      rows: group.rows.map((checked, index) => ({ ...checked.part!, refused: own[index]!.length > 0 || checked.ready === null })),
      members: known?.members ?? null,
      split: group.split,
    });
    if (added || !known) {
      for (const [index, checked] of group.rows.entries()) this.steps.reject(checked.row, [...own[index]!, ...(added?.get(checked.row.row) ?? [])]);
      return;
    }
    // Member order, as a registration opens the parts and numbers them from the day's sequence.
    const position = new Map(known.members.map((member, index) => [member.item, index]));
    const parts = [...group.rows].sort((a, b) => position.get(a.part!.item!)! - position.get(b.part!.item!)!);
    this.writer.writeCombinedCase(
      known,
      parts.map((part) => ({ row: part.row, ready: part.ready!, item: part.part!.item! })),
    );
    for (const part of parts) this.steps.written(part.ready!);
  }

  /** Each row's own errors: its cells', and its number's under the lock — taken, or given twice in the file or the group. */
  private ownErrors(rows: readonly CheckedRow[]): CaseFieldError[][] {
    const numbers = new Map<string, CheckedRow>();
    return rows.map((checked) => {
      if (checked.caseNo === null) return checked.errors;
      const errors = [...checked.errors, ...this.writer.numberErrors(checked.caseNo)];
      const earlier = numbers.get(checked.caseNo);
      if (earlier) {
        errors.push({
          field: 'case_no',
          value: checked.caseNo,
          problem: { rule: 'duplicate_case_number', firstRow: earlier.row.row, firstLine: earlier.row.line },
        });
      } else numbers.set(checked.caseNo, checked);
      return errors;
    });
  }
}
