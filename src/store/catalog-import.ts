/**
 * `hall items import` (SPEC §5): stream the rows into a staging table
 * (`catalog-staging.ts`), check the rules that span rows in SQL, then write everything
 * in one `BEGIN IMMEDIATE` transaction — or nothing at all.
 *
 * A file may carry only some columns (SPEC §5). Which ones is a property of the file,
 * not of a cell: NULL is a real value for several fields (no legal limit, no window, no
 * parent), so presence comes from the header. Each row is merged with the stored item
 * of its code (looked up as the row streams) and validated whole; the upsert then
 * writes only the columns the file has, plus the values their fields reshape.
 */
import type { Database } from 'better-sqlite3';
import type { ItemFieldError } from '../core/item-row.js';
import { followedField, ITEM_FIELDS, type ItemField, type ItemValueKey } from '../core/item-table.js';
import { type ImportFile, RejectCollector, type RejectSink } from '../io/import-pipeline.js';
import { code } from './case-codes.js';
import { changedSinceStaged, checkAcrossRows, createStaging, IMPORT_CACHE_KIB, stager } from './catalog-staging.js';
import { itemColumn, readyColumn, WRITTEN_VALUES, writtenBy } from './item-columns.js';

export interface CatalogImportOptions {
  now: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  sync?: boolean;
  strict?: boolean;
  /** Receives every rejected row (`--skip-invalid`'s rejects file). */
  onRejected?: RejectSink;
}

export interface CancelledItem {
  code: string;
  name: string;
  running_cases: number;
}

export interface CatalogImportSummary {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  cancelled: number;
  /** The items `sync` cancelled, by code, with how many of their cases are still running (open or paused). */
  cancelled_items: CancelledItem[];
  /** For each field an update changed, in how many items (fields nothing changed are left out). */
  updated_fields: Partial<Record<ItemField, number>>;
  created_departments: string[];
  created_windows: { code: string; name: string }[];
  dry_run: boolean;
}

/**
 * The fields an import of a file with these columns writes to an existing item: its
 * own, and those that follow one of them (an authorization is a subset of the stages,
 * see `parseItemRow`).
 */
function writtenFields(present: ReadonlySet<ItemField>): ItemField[] {
  return ITEM_FIELDS.filter((field) => {
    const followed = followedField(field);
    return writtenBy(field).length > 0 && (present.has(field) || (followed !== undefined && present.has(followed)));
  });
}

export async function importCatalog(db: Database, source: ImportFile<ItemField>, options: CatalogImportOptions): Promise<CatalogImportSummary> {
  const { file, header } = source;
  const present = new Set(header.indexes.keys());
  createStaging(db);
  const stageRows = stager(db);
  const stageBatch = db.transaction(stageRows);
  for await (const rows of source.batches()) stageBatch(rows);

  const summary: CatalogImportSummary = {
    file,
    rows: source.rows,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    cancelled: 0,
    cancelled_items: [],
    updated_fields: {},
    created_departments: [],
    created_windows: [],
    dry_run: options.dryRun === true,
  };

  const rollback = Symbol('dry run');
  // The write goes through the items table and its indexes once, in order: a large page
  // cache would hold copies of pages already written (the WAL keeps them) and grow the
  // import's memory by the cache's size for nothing.
  const cacheSize = db.pragma('main.cache_size', { simple: true }) as number;
  db.pragma(`main.cache_size = ${IMPORT_CACHE_KIB}`);
  try {
    db.transaction(() => {
      // The rows were merged before this transaction took the write lock. Another import
      // may have changed one of their items since: merge and validate those rows again.
      stageRows(changedSinceStaged(db, header.indexes));
      checkAcrossRows(db, options.strict === true);
      // Every refusal is known only now, after the cross-row rules: hand them over in row order.
      const rejects = new RejectCollector(source, options.onRejected);
      const rejected = db.prepare('SELECT row_no, line_no, raw, errors FROM item_import WHERE errors IS NOT NULL ORDER BY row_no');
      for (const row of rejected.iterate() as IterableIterator<{ row_no: number; line_no: number; raw: string; errors: string }>) {
        rejects.reject({ row: row.row_no, line: row.line_no, raw: JSON.parse(row.raw) as string[] }, JSON.parse(row.errors) as ItemFieldError[]);
      }
      summary.rejected = rejects.rejected;
      if (summary.rejected > 0 && !options.skipInvalid) throw rejects.failure(true);
      apply(db, options, present, summary);
      if (options.dryRun) throw rollback;
    }).immediate();
  } catch (error) {
    if (error !== rollback) throw error;
  } finally {
    db.pragma(`main.cache_size = ${cacheSize}`);
  }
  return summary;
}

/** Staged rows written to the items table per statement. */
const UPSERT_SLICE = 5000;

/** Writes departments, windows and items; the caller holds the IMMEDIATE transaction. */
function apply(db: Database, options: CatalogImportOptions, present: ReadonlySet<ItemField>, summary: CatalogImportSummary): void {
  const { now } = options;
  summary.created_departments = db
    .prepare(
      `SELECT DISTINCT department FROM item_import
        WHERE errors IS NULL AND department NOT IN (SELECT name FROM departments) ORDER BY department`,
    )
    .pluck()
    .all() as string[];
  const addDepartment = db.prepare('INSERT INTO departments (name, created_at) VALUES (?, ?)');
  for (const name of summary.created_departments) addDepartment.run(name, now);

  // A window is named by code or by name. An unknown one is created: a code-like value
  // becomes its code; a name gets the next free W-number and the department of the
  // first item that names it.
  const unknownWindows = db
    .prepare(
      // SQLite takes the bare department id from the row that min() picked: the first one.
      `SELECT window, ${itemColumn('department')} AS department_id, min(row_no) AS first_row FROM item_ready
        WHERE window IS NOT NULL
          AND window NOT IN (SELECT code FROM windows) AND window NOT IN (SELECT name FROM windows)
          AND window NOT IN (SELECT code FROM window_aliases) AND window NOT IN (SELECT name FROM window_aliases)
        GROUP BY window ORDER BY first_row`,
    )
    .all() as { window: string; department_id: number }[];
  const addWindow = db.prepare('INSERT INTO windows (code, name, department_id, created_at) VALUES (?, ?, ?, ?)');
  // A merged window's old code still names the window it went into: never a new one's.
  const codeTaken = db.prepare('SELECT 1 FROM windows WHERE code = @code UNION ALL SELECT 1 FROM window_aliases WHERE code = @code').pluck();
  let sequence = 0;
  for (const { window: ref, department_id: departmentId } of unknownWindows) {
    let code = ref;
    if (!/^[A-Za-z0-9_-]+$/.test(ref)) {
      do code = `W${String(++sequence).padStart(3, '0')}`;
      while (codeTaken.get({ code }));
    }
    addWindow.run(code, ref, departmentId, now);
    summary.created_windows.push({ code, name: ref });
  }

  // A new item gets every column; an existing one only those its file decides.
  const fields = writtenFields(present);
  const written = fields.flatMap(writtenBy);
  const differs = (keys: readonly ItemValueKey[]) =>
    keys.length === 0 ? '0' : `NOT (${keys.map((key) => `i.${itemColumn(key)} IS s.${readyColumn(key)}`).join(' AND ')})`;
  const counts = db
    .prepare(
      `SELECT coalesce(sum(i.id IS NULL), 0) AS inserted,
              coalesce(sum(i.id IS NOT NULL AND ${differs(written)}), 0) AS updated,
              coalesce(sum(i.id IS NOT NULL AND NOT ${differs(written)}), 0) AS unchanged
              ${fields.map((field) => `, coalesce(sum(i.id IS NOT NULL AND ${differs(writtenBy(field))}), 0) AS "${field}"`).join('')}
         FROM item_ready s LEFT JOIN items i ON i.code = s.code`,
    )
    .get() as Record<string, number>;
  summary.inserted = counts.inserted!;
  summary.updated = counts.updated!;
  summary.unchanged = counts.unchanged!;
  for (const field of fields) if (counts[field]! > 0) summary.updated_fields[field] = counts[field]!;

  const writtenColumns = written.map(itemColumn);
  const update =
    written.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${writtenColumns.map((name) => `${name} = excluded.${name}`).join(', ')}, updated_at = excluded.updated_at
         WHERE ${writtenColumns.map((name) => `items.${name} IS NOT excluded.${name}`).join(' OR ')}`;
  // The triggers on items make SQLite copy an INSERT … SELECT's whole result into a
  // temporary table before writing: in slices of rows, that copy stays small.
  const upsert = db.prepare(
    `INSERT INTO items (code, ${WRITTEN_VALUES.map(itemColumn).join(', ')}, updated_at)
       SELECT code, ${WRITTEN_VALUES.map(readyColumn).join(', ')}, @now FROM item_ready WHERE row_no > @after AND row_no <= @after + ${UPSERT_SLICE} ORDER BY row_no
     ON CONFLICT (code) ${update}`,
  );
  const last = db.prepare('SELECT coalesce(max(row_no), 0) FROM item_import').pluck().get() as number;
  for (let after = 0; after < last; after += UPSERT_SLICE) upsert.run({ now, after });

  if (options.sync) {
    const absent = `status <> 'cancelled' AND code NOT IN (SELECT code FROM item_import WHERE code IS NOT NULL)`;
    // Named before they change: a cancelled item's running cases go on, but no new case can be
    // registered for it, which whoever runs the sync should know item by item.
    summary.cancelled_items = db
      .prepare(
        `SELECT code, name, (SELECT count(*) FROM cases WHERE cases.item_id = items.id AND state IN (${code('state', 'open')}, ${code('state', 'paused')})) AS running_cases
           FROM items WHERE ${absent} ORDER BY code`,
      )
      .all() as CancelledItem[];
    summary.cancelled = db.prepare(`UPDATE items SET status = 'cancelled', updated_at = @now WHERE ${absent}`).run({ now }).changes;
  }
}
