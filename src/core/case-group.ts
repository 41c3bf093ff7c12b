/**
 * The rows of a case import that form one combined case (一件事, SPEC §7.1): the
 * consecutive rows sharing a 联办编号. They must share the bundle, the applicant (and
 * applicant id) and the acceptance time, and cover every required member of the bundle
 * once, with no repeated item; otherwise every row of the group is refused, and a group
 * with one row refused for a reason of its own is refused whole. Pure: the store hands
 * over the checked rows and the bundle's members.
 */
import type { CaseFieldError } from './case-row.js';
import type { Problem } from './problems.js';

/** The cells of a part that its group compares, as the file gives them (for the messages). */
export interface PartCells {
  key: string;
  bundle: string;
  applicant: string;
  applicant_id: string;
  accepted_at: string;
  item: string;
}

/** A row of a group as its check needs it. Plain data: a worker thread builds it. */
export interface GroupedRow {
  row: number;
  line: number;
  cells: PartCells;
  /** The values compared, when the row's cells parsed; null when they did not (the row is refused on its own). */
  parsed: { applicant: string; applicantId: string | null; acceptedAt: string } | null;
  /** The item's catalog code, when the catalog has the item. */
  item: string | null;
}

/** A member of the group's bundle. */
export interface GroupMember {
  item: string;
  itemName: string;
  required: boolean;
}

export interface GroupInput {
  rows: readonly (GroupedRow & { /** Refused for a reason of its own: its cells, its item, its number. */ refused: boolean })[];
  /** The members of the first row's bundle; null when the catalog has no such bundle (each row says so). */
  members: readonly GroupMember[] | null;
  /** The row where the group's 联办编号 first started a block, when this block is a second one. */
  split: { row: number; line: number } | null;
}

/**
 * The errors the group adds to its rows, by row number, when it is refused (every row
 * refused gets at least one unless refused on its own); null when it may be written.
 */
export function checkCombinedGroup({ rows, members, split }: GroupInput): Map<number, CaseFieldError[]> | null {
  const added = new Map<number, CaseFieldError[]>(rows.map((row) => [row.row, []]));
  const add = (row: GroupedRow, field: keyof PartCells, problem: Problem) =>
    added.get(row.row)!.push({ field: field === 'key' ? 'combined_no' : field, value: row.cells[field], problem });

  // A key met again after other rows names rows already written as another combined case.
  if (split) for (const row of rows) add(row, 'key', { rule: 'combined_split', firstRow: split.row, firstLine: split.line });

  // The first row that parsed is what the others must agree with.
  const first = rows.find((row) => row.parsed !== null);
  let bundlesAgree = true;
  if (first?.parsed) {
    const disagrees = (row: GroupedRow, field: keyof PartCells) =>
      add(row, field, { rule: 'combined_disagrees', firstRow: first.row, firstLine: first.line, first: first.cells[field] });
    for (const row of rows) {
      if (row === first || row.parsed === null) continue;
      if (row.cells.bundle !== first.cells.bundle) {
        bundlesAgree = false;
        disagrees(row, 'bundle');
      }
      if (row.parsed.applicant !== first.parsed.applicant) disagrees(row, 'applicant');
      if (row.parsed.applicantId !== first.parsed.applicantId) disagrees(row, 'applicant_id');
      // Compared as instants: 2025/9/29 10:00 and 2025-09-29 10:00 are the same acceptance.
      if (row.parsed.acceptedAt !== first.parsed.acceptedAt) disagrees(row, 'accepted_at');
    }
  }

  const parts = new Map<string, GroupedRow>();
  for (const row of rows) {
    if (row.item === null) continue;
    const earlier = parts.get(row.item);
    if (earlier) add(row, 'item', { rule: 'combined_repeated_item', firstRow: earlier.row, firstLine: earlier.line });
    else parts.set(row.item, row);
  }
  // Only when every row's item is known: a row with an unknown code may be meant as the missing member.
  if (members && bundlesAgree && rows.every((row) => row.item !== null)) {
    const missing = members.filter((member) => member.required && !parts.has(member.item)).map((member) => ({ item: member.item, name: member.itemName }));
    if (missing.length > 0) for (const row of rows) add(row, 'bundle', { rule: 'combined_missing_members', bundle: rows[0]!.cells.bundle, missing });
  }

  const bad = rows.find((row) => row.refused || added.get(row.row)!.length > 0);
  if (!bad) return null;
  // The rows with nothing wrong of their own are refused because of the first one that has.
  for (const row of rows) {
    if (!row.refused && added.get(row.row)!.length === 0) add(row, 'key', { rule: 'combined_row_invalid', row: bad.row, line: bad.line });
  }
  return added;
}
