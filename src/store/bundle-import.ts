/**
 * `hall bundles import` (SPEC §7.1, §5): read the rows of a bundle file, make them into
 * bundles over the catalog (`core/bundle-rows.ts`) and write them in one `BEGIN
 * IMMEDIATE` transaction — or nothing at all. A bundle file holds tens of bundles, so
 * its rows are kept in memory rather than staged; the items they name are looked up
 * inside the transaction, so no other import changes them in between.
 */
import type { Database } from 'better-sqlite3';
import { parseBundleRows } from '../core/bundle-rows.js';
import type { Bundle, BundleField } from '../core/bundle-table.js';
import { type ImportFile, type ImportRow, RejectCollector, type RejectSink } from '../io/import-pipeline.js';

export interface BundleImportOptions {
  now: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  sync?: boolean;
  onRejected?: RejectSink;
}

/** What an update of a bundle can change, as the summary counts them. */
export type BundleChange = 'name' | 'lead_department' | 'promised_days' | 'legal_days' | 'status' | 'members';

export interface BundleImportSummary {
  file: string;
  /** Non-blank data rows. */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Bundles refused (each with every row of it), and the rows refused (a continuation row before any bundle has none). */
  rejected: number;
  rejected_rows: number;
  cancelled: number;
  /** The bundles `--sync` cancelled. */
  cancelled_bundles: { code: string; name: string }[];
  /** For each change an update made, in how many bundles. */
  updated_fields: Partial<Record<BundleChange, number>>;
  dry_run: boolean;
}

interface StoredRow {
  id: number;
  name: string;
  lead_department_id: number;
  promised_days: number;
  legal_days: number | null;
  status: string;
}

export async function importBundles(db: Database, source: ImportFile<BundleField>, options: BundleImportOptions): Promise<BundleImportSummary> {
  const rows: ImportRow<BundleField>[] = [];
  for await (const batch of source.batches()) rows.push(...batch);
  const byRow = new Map(rows.map((row) => [row.row, row]));
  const summary: BundleImportSummary = {
    file: source.file,
    rows: source.rows,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejected_rows: 0,
    cancelled: 0,
    cancelled_bundles: [],
    updated_fields: {},
    dry_run: options.dryRun === true,
  };
  const rollback = Symbol('dry run');
  try {
    db.transaction(() => {
      const codes = [...new Set(rows.map((row) => row.cells.item ?? '').filter((code) => code !== ''))];
      const items = db
        .prepare(
          'SELECT i.id, i.code, d.name AS department FROM items i JOIN departments d ON d.id = i.department_id WHERE i.code IN (SELECT value FROM json_each(?))',
        )
        .all(JSON.stringify(codes)) as { id: number; code: string; department: string }[];
      const catalog = new Map(items.map((item) => [item.code, item]));
      const parsed = parseBundleRows(rows, catalog);

      const rejects = new RejectCollector(source, options.onRejected);
      for (const { row, errors } of parsed.rejected) rejects.reject(byRow.get(row)!, errors);
      summary.rejected_rows = rejects.rejected;
      summary.rejected = parsed.codes.size - parsed.bundles.length;
      if (summary.rejected_rows > 0 && !options.skipInvalid) throw rejects.failure(true);

      const write = writer(db, options.now, (code) => catalog.get(code)!.id);
      for (const { bundle } of parsed.bundles) {
        const changes = write(bundle);
        if (changes === null) summary.inserted++;
        else if (changes.length === 0) summary.unchanged++;
        else {
          summary.updated++;
          for (const change of changes) summary.updated_fields[change] = (summary.updated_fields[change] ?? 0) + 1;
        }
      }

      if (options.sync) {
        // A refused bundle of the file is still in the file: it keeps what it has.
        const absent = `status = 'active' AND code NOT IN (SELECT value FROM json_each(@codes))`;
        const params = { codes: JSON.stringify([...parsed.codes]), now: options.now };
        summary.cancelled_bundles = db.prepare(`SELECT code, name FROM bundles WHERE ${absent} ORDER BY code`).all(params) as { code: string; name: string }[];
        summary.cancelled = db.prepare(`UPDATE bundles SET status = 'cancelled', updated_at = @now WHERE ${absent}`).run(params).changes;
      }
      if (options.dryRun) throw rollback;
    }).immediate();
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return summary;
}

/**
 * Writes one bundle: a new one (returns null), or the stored one updated to it (returns
 * what changed). A bundle in the file is complete: its members replace the stored ones,
 * and a cancelled bundle is active again.
 */
function writer(db: Database, now: string, itemId: (code: string) => number): (bundle: Bundle) => BundleChange[] | null {
  const stored = db.prepare('SELECT id, name, lead_department_id, promised_days, legal_days, status FROM bundles WHERE code = ?');
  // The lead is a member's department (core/bundle-rows.ts), so it exists.
  const department = db.prepare('SELECT id FROM departments WHERE name = ?').pluck();
  const storedMembers = db.prepare('SELECT item_id, required FROM bundle_members WHERE bundle_id = ? ORDER BY position');
  const insert = db.prepare(
    `INSERT INTO bundles (code, name, lead_department_id, promised_days, legal_days, status, created_at, updated_at)
     VALUES (@code, @name, @lead, @promised, @legal, 'active', @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE bundles SET name = @name, lead_department_id = @lead, promised_days = @promised, legal_days = @legal, status = 'active', updated_at = @now
      WHERE id = @id`,
  );
  const dropMembers = db.prepare('DELETE FROM bundle_members WHERE bundle_id = ?');
  const addMember = db.prepare('INSERT INTO bundle_members (bundle_id, item_id, required, position) VALUES (?, ?, ?, ?)');

  return (bundle) => {
    const lead = department.get(bundle.leadDepartment) as number;
    const values = { code: bundle.code, name: bundle.name, lead, promised: bundle.promisedDays, legal: bundle.legalDays, now };
    const members = bundle.members.map((member) => ({ item_id: itemId(member.item), required: member.required ? 1 : 0 }));
    const writeMembers = (id: number) => {
      dropMembers.run(id);
      for (const [index, member] of members.entries()) addMember.run(id, member.item_id, member.required, index + 1);
    };
    const row = stored.get(bundle.code) as StoredRow | undefined;
    if (!row) {
      writeMembers(Number(insert.run(values).lastInsertRowid));
      return null;
    }
    const changes: BundleChange[] = [];
    if (row.name !== bundle.name) changes.push('name');
    if (row.lead_department_id !== lead) changes.push('lead_department');
    if (row.promised_days !== bundle.promisedDays) changes.push('promised_days');
    if (row.legal_days !== bundle.legalDays) changes.push('legal_days');
    if (row.status !== 'active') changes.push('status');
    const before = storedMembers.all(row.id) as { item_id: number; required: number }[];
    const sameMembers =
      before.length === members.length &&
      before.every((member, index) => member.item_id === members[index]!.item_id && member.required === members[index]!.required);
    if (!sameMembers) changes.push('members');
    if (changes.length === 0) return changes;
    update.run({ ...values, id: row.id });
    if (!sameMembers) writeMembers(row.id);
    return changes;
  };
}
