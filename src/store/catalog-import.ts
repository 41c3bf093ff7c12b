/**
 * `hall items import` (SPEC §5): stream the rows into a staging table, check the
 * rules that span rows in SQL, then write everything in one `BEGIN IMMEDIATE`
 * transaction — or nothing at all.
 *
 * Rows are validated as they stream and parked in a TEMP table, so memory does not
 * grow with the file; the cross-row checks (duplicate codes, unknown parents, parent
 * cycles, `--strict`) and the upsert are set-based SQL over that table.
 *
 * A file may carry only some columns (SPEC §5). Which ones is a property of the file,
 * not of a cell: NULL is a real value for several fields (no legal limit, no window, no
 * parent), so presence comes from the header. Each row is merged with the stored item
 * of its code (looked up as the row streams) and validated whole; the upsert then
 * writes only the columns the file has, plus the authorization its stages reshape.
 */
import type { Database } from 'better-sqlite3';
import type { LimitUnit } from '../core/calendar.js';
import {
  ITEM_FIELDS,
  type Item,
  type ItemField,
  type ItemFieldError,
  type ItemStatus,
  type ItemType,
  kindOfLimit,
  parseItemRow,
  type Stage,
} from '../core/catalog.js';
import { normalizeCell, type RowCells } from '../core/columns.js';
import type { Problem } from '../core/problems.js';
import { type ImportFile, type ImportRow, RejectCollector, type RejectSink } from '../io/import-pipeline.js';

export interface CatalogImportOptions {
  now: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  sync?: boolean;
  strict?: boolean;
  /** Receives every rejected row (`--skip-invalid`'s rejects file). */
  onRejected?: RejectSink;
}

export interface CatalogImportSummary {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  cancelled: number;
  /** For each field an update changed, in how many items (fields nothing changed are left out). */
  updated_fields: Partial<Record<ItemField, number>>;
  created_departments: string[];
  created_windows: { code: string; name: string }[];
  dry_run: boolean;
}

/** The staging columns of a valid row's values, in the order `stagedValues` gives them. */
const STAGED_COLUMNS = [
  'name',
  'department',
  'type',
  'legal_days',
  'legal_unit',
  'promised_days',
  'limit_unit',
  'fee_fen',
  'fee_basis',
  'legal_basis',
  'window_ref',
  'stages',
  'authorized',
  'authorization_declared',
  'online_depth',
  'visits',
  'status',
  'parent_code',
] as const;

/** A valid row's values as the staging table holds them, positionally: no object per row. */
function stagedValues(item: Item) {
  return [
    item.name,
    item.department,
    item.type,
    item.legalDays,
    item.legalUnit,
    item.promisedDays,
    item.limitUnit,
    item.feeFen,
    item.feeBasis,
    item.legalBasis,
    item.window,
    JSON.stringify(item.stages),
    JSON.stringify(item.authorized),
    item.authorizationDeclared ? 1 : 0,
    item.onlineDepth,
    item.visits,
    item.status,
    item.parent,
  ] as const;
}

/** The item columns written by the upsert, in one place so insert, update and "unchanged" agree. */
const ITEM_COLUMNS = [
  'name',
  'department_id',
  'type',
  'legal_days',
  'legal_unit',
  'promised_days',
  'limit_unit',
  'fee_fen',
  'fee_basis',
  'legal_basis',
  'window_id',
  'stages',
  'authorized',
  'authorization_declared',
  'online_depth',
  'visits',
  'status',
  'parent_code',
] as const;
type ItemColumn = (typeof ITEM_COLUMNS)[number];

/** The stored columns each field of the file decides (办件类型 decides none: it follows from the limit). */
const FIELD_COLUMNS: Partial<Record<ItemField, readonly ItemColumn[]>> = {
  name: ['name'],
  department: ['department_id'],
  type: ['type'],
  legal_days: ['legal_days', 'legal_unit'],
  promised_days: ['promised_days', 'limit_unit'],
  fee: ['fee_fen'],
  fee_basis: ['fee_basis'],
  legal_basis: ['legal_basis'],
  window: ['window_id'],
  stages: ['stages'],
  authorized: ['authorized', 'authorization_declared'],
  online_depth: ['online_depth'],
  visits: ['visits'],
  status: ['status'],
  parent: ['parent_code'],
};

/**
 * The fields an import of a file with these columns writes to an existing item: its
 * own, and the authorization when it has stages, since an authorization is a subset
 * of the stages and follows them (see `parseItemRow`).
 */
function writtenFields(present: ReadonlySet<ItemField>): ItemField[] {
  return ITEM_FIELDS.filter((field) => FIELD_COLUMNS[field] && (present.has(field) || (field === 'authorized' && present.has('stages'))));
}

/**
 * For a field the file lacks, whether the staged value (taken from the stored item
 * while streaming) still is the stored one. The staging table holds department and
 * window by name and reference, the items table by id.
 */
const STILL_STORED: Partial<Record<ItemField, string>> = {
  name: 's.name IS i.name',
  department: 's.department IS (SELECT name FROM departments WHERE id = i.department_id)',
  type: 's.type IS i.type',
  legal_days: 's.legal_days IS i.legal_days AND s.legal_unit IS i.legal_unit',
  promised_days: 's.promised_days IS i.promised_days AND s.limit_unit IS i.limit_unit',
  fee: 's.fee_fen IS i.fee_fen',
  fee_basis: 's.fee_basis IS i.fee_basis',
  legal_basis: 's.legal_basis IS i.legal_basis',
  window: 's.window_ref IS (SELECT code FROM windows WHERE id = i.window_id)',
  stages: 's.stages IS i.stages',
  // The staged authorization may be reshaped by new stages: compare what was read.
  authorized: 's.base_authorized IS i.authorized AND s.base_declared IS i.authorization_declared',
  online_depth: 's.online_depth IS i.online_depth',
  visits: 's.visits IS i.visits',
  status: 's.status IS i.status',
  parent: 's.parent_code IS i.parent_code',
};

interface StoredRow {
  name: string;
  department: string;
  type: ItemType;
  legal_days: number | null;
  legal_unit: LimitUnit | null;
  promised_days: number;
  limit_unit: LimitUnit;
  fee_fen: number;
  fee_basis: string;
  legal_basis: string;
  window: string | null;
  stages: string;
  authorized: string;
  authorization_declared: number;
  online_depth: number | null;
  visits: number | null;
  status: ItemStatus;
  parent_code: string | null;
}

/** The stored item as the row parser merges it; its window by code, which resolves back to the same window. */
function storedItem(code: string, row: StoredRow): Item {
  return {
    code,
    name: row.name,
    department: row.department,
    type: row.type,
    legalDays: row.legal_days,
    legalUnit: row.legal_unit,
    promisedDays: row.promised_days,
    limitUnit: row.limit_unit,
    kind: kindOfLimit(row.promised_days),
    feeFen: row.fee_fen,
    feeBasis: row.fee_basis,
    legalBasis: row.legal_basis,
    window: row.window,
    stages: JSON.parse(row.stages) as Stage[],
    authorized: JSON.parse(row.authorized) as Stage[],
    authorizationDeclared: row.authorization_declared === 1,
    onlineDepth: row.online_depth,
    visits: row.visits,
    status: row.status,
    parent: row.parent_code,
  };
}

/** Page cache of the main and the temp schema during an import, in KiB as `PRAGMA cache_size` takes a negative number. */
const IMPORT_CACHE_KIB = -2000;

function createStaging(db: Database): void {
  db.exec(`
    DROP VIEW IF EXISTS temp.item_ready;
    DROP TABLE IF EXISTS temp.item_import;
    DROP TABLE IF EXISTS temp.item_graph;
    CREATE TEMP TABLE item_import (
      row_no INTEGER PRIMARY KEY,
      line_no INTEGER NOT NULL,
      raw TEXT NOT NULL,
      code TEXT,
      errors TEXT,
      -- The stored item the row was merged with: whether there was one, and its authorization as read.
      existed INTEGER, base_authorized TEXT, base_declared INTEGER,
      name TEXT, department TEXT, type TEXT, legal_days INTEGER, legal_unit TEXT, promised_days INTEGER,
      limit_unit TEXT, fee_fen INTEGER, fee_basis TEXT, legal_basis TEXT, window_ref TEXT, stages TEXT,
      authorized TEXT, authorization_declared INTEGER, online_depth INTEGER, visits INTEGER, status TEXT,
      parent_code TEXT
    );
    CREATE INDEX temp.item_import_code ON item_import (code);
    -- The valid rows with their department and window resolved to ids. Read, not written
    -- back: an UPDATE of every staged row would rewrite the whole staging table twice.
    -- A window is named by its code or by its name (the first window of that name).
    CREATE TEMP VIEW item_ready AS
      SELECT s.*,
             (SELECT id FROM departments WHERE name = s.department) AS department_id,
             CASE WHEN s.window_ref IS NOT NULL
                  THEN coalesce((SELECT id FROM windows WHERE code = s.window_ref), (SELECT min(id) FROM windows WHERE name = s.window_ref))
             END AS window_id
        FROM item_import s
       WHERE s.errors IS NULL;
  `);
  // The staging table is written once and read a few times in order: a small page cache
  // keeps the import's memory flat (the default is 16 MB per schema).
  db.pragma(`temp.cache_size = ${IMPORT_CACHE_KIB}`);
}

/** A cross-row refusal, stored with the row's own errors as JSON in the staging table. */
function appendError(db: Database, rowNo: number, error: ItemFieldError): void {
  db.prepare(`UPDATE item_import SET errors = json_insert(coalesce(errors, '[]'), '$[#]', json(?)) WHERE row_no = ?`).run(JSON.stringify(error), rowNo);
}

type StagedRow = Pick<ImportRow<ItemField>, 'row' | 'line' | 'cells' | 'raw'>;

/**
 * Merges each row with the stored item of its code, validates it and parks it in the
 * staging table. The stored items of a batch are read in one query, and the values are
 * bound positionally: per-row statements and objects were most of the import's time.
 */
function stager(db: Database) {
  const columns = STAGED_COLUMNS.join(', ');
  const stageValid = db.prepare(
    `INSERT OR REPLACE INTO item_import (row_no, line_no, raw, code, errors, existed, base_authorized, base_declared, ${columns})
     VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ${STAGED_COLUMNS.map(() => '?').join(', ')})`,
  );
  const stageRefused = db.prepare(
    `INSERT OR REPLACE INTO item_import (row_no, line_no, raw, code, errors, existed, base_authorized, base_declared)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Indexed lookups of the batch's codes: memory stays flat, whatever the size of the file or the catalog.
  const lookup = db.prepare(
    `SELECT i.code, i.name, d.name AS department, i.type, i.legal_days, i.legal_unit, i.promised_days, i.limit_unit, i.fee_fen,
            i.fee_basis, i.legal_basis, w.code AS window, i.stages, i.authorized, i.authorization_declared,
            i.online_depth, i.visits, i.status, i.parent_code
       FROM items i JOIN departments d ON d.id = i.department_id LEFT JOIN windows w ON w.id = i.window_id
      WHERE i.code IN (SELECT value FROM json_each(?))`,
  );
  const stageRow = (row: StagedRow, stored: StoredRow | undefined) => {
    const code = row.cells.code ?? '';
    const parsed = parseItemRow(row.cells, stored ? storedItem(code, stored) : null);
    const raw = JSON.stringify(row.raw);
    const existed = stored ? 1 : 0;
    const baseAuthorized = stored?.authorized ?? null;
    const baseDeclared = stored?.authorization_declared ?? null;
    if ('errors' in parsed) {
      stageRefused.run(row.row, row.line, raw, code === '' ? null : code, JSON.stringify(parsed.errors), existed, baseAuthorized, baseDeclared);
    } else {
      stageValid.run(row.row, row.line, raw, code, existed, baseAuthorized, baseDeclared, ...stagedValues(parsed.item));
    }
  };
  return (rows: readonly StagedRow[]) => {
    const codes = rows.map((row) => row.cells.code ?? '').filter((code) => code !== '');
    const stored = new Map<string, StoredRow>();
    for (const item of lookup.iterate(JSON.stringify(codes)) as IterableIterator<StoredRow & { code: string }>) stored.set(item.code, item);
    for (const row of rows) stageRow(row, stored.get(row.cells.code ?? ''));
  };
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
      stageRows(
        changedSinceStaged(db, present).map((row) => {
          const raw = JSON.parse(row.raw) as string[];
          const cells: RowCells<ItemField> = {};
          for (const [field, index] of header.indexes) cells[field] = normalizeCell(raw[index] ?? '');
          return { row: row.row_no, line: row.line_no, cells, raw };
        }),
      );
      checkAcrossRows(db, options);
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

/**
 * Valid rows whose item is no longer what they were merged with: it was created since,
 * or a field the file lacks (so the row took it from the stored item) now differs.
 * Normally none. A refused row stays refused; it writes nothing.
 */
function changedSinceStaged(db: Database, present: ReadonlySet<ItemField>): { row_no: number; line_no: number; raw: string }[] {
  const kept = ITEM_FIELDS.filter((field) => !present.has(field) && STILL_STORED[field]).map((field) => STILL_STORED[field]!);
  const same = kept.length === 0 ? '1' : kept.join(' AND ');
  return db
    .prepare(
      `SELECT s.row_no, s.line_no, s.raw FROM item_import s LEFT JOIN items i ON i.code = s.code
        WHERE s.errors IS NULL AND (s.existed IS NOT (i.id IS NOT NULL) OR (i.id IS NOT NULL AND NOT (${same})))`,
    )
    .all() as { row_no: number; line_no: number; raw: string }[];
}

/** The rules that need more than one row: duplicate codes, `--strict`, parents and their cycles. */
function checkAcrossRows(db: Database, options: CatalogImportOptions): void {
  const fail = (rowNo: number, field: ItemField, value: string, problem: Problem) => appendError(db, rowNo, { field, value, problem });

  const duplicates = db
    .prepare(
      `SELECT later.row_no, later.code, first.row_no AS first_row, first.line_no AS first_line
         FROM item_import later
         JOIN item_import first ON first.code = later.code AND first.row_no < later.row_no
        WHERE NOT EXISTS (SELECT 1 FROM item_import x WHERE x.code = later.code AND x.row_no < first.row_no)`,
    )
    .all() as { row_no: number; code: string; first_row: number; first_line: number }[];
  for (const duplicate of duplicates) {
    fail(duplicate.row_no, 'code', duplicate.code, { rule: 'duplicate_code', firstRow: duplicate.first_row, firstLine: duplicate.first_line });
  }

  // Rows that failed their own checks have no parsed values (department IS NULL), so
  // these report every unknown name of a valid row, not only the first error.
  if (options.strict) {
    const unknownDepartments = db
      .prepare(
        `SELECT row_no, department FROM item_import
          WHERE department IS NOT NULL AND department NOT IN (SELECT name FROM departments)`,
      )
      .all() as { row_no: number; department: string }[];
    for (const row of unknownDepartments) fail(row.row_no, 'department', row.department, { rule: 'unknown_department_strict' });
    const unknownWindows = db
      .prepare(
        `SELECT row_no, window_ref FROM item_import
          WHERE window_ref IS NOT NULL
            AND window_ref NOT IN (SELECT code FROM windows) AND window_ref NOT IN (SELECT name FROM windows)`,
      )
      .all() as { row_no: number; window_ref: string }[];
    for (const row of unknownWindows) fail(row.row_no, 'window', row.window_ref, { rule: 'unknown_window_strict' });
  }

  // A parent must be a valid row of the file or an item already in the catalog. Rejecting
  // a parent can orphan its children, so repeat until nothing changes.
  const orphans = db.prepare(
    `SELECT row_no, parent_code FROM item_import s
      WHERE errors IS NULL AND parent_code IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM item_import p WHERE p.code = s.parent_code AND p.errors IS NULL)
        AND NOT EXISTS (SELECT 1 FROM items i WHERE i.code = s.parent_code)`,
  );
  for (let found = orphans.all() as { row_no: number; parent_code: string }[]; found.length > 0; found = orphans.all() as typeof found) {
    for (const row of found) fail(row.row_no, 'parent', row.parent_code, { rule: 'unknown_parent' });
  }

  // Parent cycles, over the catalog as it would be after the import.
  db.exec(`
    CREATE TEMP TABLE item_graph (code TEXT PRIMARY KEY, parent TEXT) WITHOUT ROWID;
    INSERT INTO item_graph SELECT code, parent_code FROM item_import WHERE errors IS NULL;
    INSERT OR IGNORE INTO item_graph SELECT code, parent_code FROM items;
  `);
  const cycles = db
    .prepare(
      `WITH RECURSIVE walk (start, code, depth, path) AS (
         SELECT code, parent_code, 1, json_array(code, parent_code)
           FROM item_import WHERE errors IS NULL AND parent_code IS NOT NULL
         UNION ALL
         SELECT walk.start, graph.parent, walk.depth + 1, json_insert(walk.path, '$[#]', graph.parent)
           FROM walk JOIN item_graph graph ON graph.code = walk.code
          WHERE graph.parent IS NOT NULL AND walk.code <> walk.start AND walk.depth < 64
       )
       SELECT s.row_no, s.parent_code, walk.path
         FROM walk JOIN item_import s ON s.code = walk.start AND s.errors IS NULL
        WHERE walk.code = walk.start`,
    )
    .all() as { row_no: number; parent_code: string; path: string }[];
  db.exec('DROP TABLE temp.item_graph');
  for (const cycle of cycles) fail(cycle.row_no, 'parent', cycle.parent_code, { rule: 'parent_cycle', path: JSON.parse(cycle.path) as string[] });
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
      // SQLite takes the bare department_id from the row that min() picked: the first one.
      `SELECT window_ref, department_id, min(row_no) AS first_row FROM item_ready
        WHERE window_ref IS NOT NULL
          AND window_ref NOT IN (SELECT code FROM windows) AND window_ref NOT IN (SELECT name FROM windows)
        GROUP BY window_ref ORDER BY first_row`,
    )
    .all() as { window_ref: string; department_id: number }[];
  const addWindow = db.prepare('INSERT INTO windows (code, name, department_id, created_at) VALUES (?, ?, ?, ?)');
  const codeTaken = db.prepare('SELECT 1 FROM windows WHERE code = ?').pluck();
  let sequence = 0;
  for (const { window_ref: ref, department_id: departmentId } of unknownWindows) {
    let code = ref;
    if (!/^[A-Za-z0-9_-]+$/.test(ref)) {
      do code = `W${String(++sequence).padStart(3, '0')}`;
      while (codeTaken.get(code));
    }
    addWindow.run(code, ref, departmentId, now);
    summary.created_windows.push({ code, name: ref });
  }

  // A new item gets every column; an existing one only those its file decides.
  const fields = writtenFields(present);
  const written = fields.flatMap((field) => FIELD_COLUMNS[field]!);
  const differs = (columns: readonly ItemColumn[]) => (columns.length === 0 ? '0' : `NOT (${columns.map((name) => `i.${name} IS s.${name}`).join(' AND ')})`);
  const counts = db
    .prepare(
      `SELECT coalesce(sum(i.id IS NULL), 0) AS inserted,
              coalesce(sum(i.id IS NOT NULL AND ${differs(written)}), 0) AS updated,
              coalesce(sum(i.id IS NOT NULL AND NOT ${differs(written)}), 0) AS unchanged
              ${fields.map((field) => `, coalesce(sum(i.id IS NOT NULL AND ${differs(FIELD_COLUMNS[field]!)}), 0) AS "${field}"`).join('')}
         FROM item_ready s LEFT JOIN items i ON i.code = s.code`,
    )
    .get() as Record<string, number>;
  summary.inserted = counts.inserted!;
  summary.updated = counts.updated!;
  summary.unchanged = counts.unchanged!;
  for (const field of fields) if (counts[field]! > 0) summary.updated_fields[field] = counts[field]!;

  const columns = ITEM_COLUMNS.join(', ');
  const update =
    written.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${written.map((name) => `${name} = excluded.${name}`).join(', ')}, updated_at = excluded.updated_at
         WHERE ${written.map((name) => `items.${name} IS NOT excluded.${name}`).join(' OR ')}`;
  // The triggers on items make SQLite copy an INSERT … SELECT's whole result into a
  // temporary table before writing: in slices of rows, that copy stays small.
  const upsert = db.prepare(
    `INSERT INTO items (code, ${columns}, updated_at)
       SELECT code, ${columns}, @now FROM item_ready WHERE row_no > @after AND row_no <= @after + ${UPSERT_SLICE} ORDER BY row_no
     ON CONFLICT (code) ${update}`,
  );
  const last = db.prepare('SELECT coalesce(max(row_no), 0) FROM item_import').pluck().get() as number;
  for (let after = 0; after < last; after += UPSERT_SLICE) upsert.run({ now, after });

  if (options.sync) {
    summary.cancelled = db
      .prepare(
        `UPDATE items SET status = 'cancelled', updated_at = @now
          WHERE status <> 'cancelled' AND code NOT IN (SELECT code FROM item_import WHERE code IS NOT NULL)`,
      )
      .run({ now }).changes;
  }
}
