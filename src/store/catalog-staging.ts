/**
 * The catalog import's staging table: the rows of a file validated as they stream and
 * parked in a TEMP table, so memory does not grow with the file, and the rules that
 * span rows (duplicate codes, unknown parents, parent cycles, `--strict`) checked over
 * it in SQL. A staged row holds the item's values under their keys (`ITEM_VALUES`).
 */
import type { Database } from 'better-sqlite3';
import { normalizeCell, type RowCells, withSourceRefusals } from '../core/columns.js';
import { type ItemFieldError, parseItemRow } from '../core/item-row.js';
import { ITEM_FIELDS, type Item, type ItemField } from '../core/item-table.js';
import type { Problem } from '../core/problems.js';
import type { ImportRow } from '../io/import-pipeline.js';
import {
  BASE_VALUES,
  baseColumn,
  itemColumn,
  MERGED_ITEM_SELECT,
  putBaseValues,
  putStagedValues,
  RESOLVED_REFERENCES_SQL,
  readMergedItem,
  type SqlValue,
  STAGED_COLUMNS_SQL,
  stillStoredSql,
  WRITTEN_VALUES,
} from './item-columns.js';

/** Page cache of the main and the temp schema during an import, in KiB as `PRAGMA cache_size` takes a negative number. */
export const IMPORT_CACHE_KIB = -2000;

export function createStaging(db: Database): void {
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
      -- Whether the row was merged with a stored item, which values it had, and the values it has.
      existed INTEGER,
      ${STAGED_COLUMNS_SQL}
    );
    CREATE INDEX temp.item_import_code ON item_import (code);
    -- The valid rows with their department and window resolved to ids. Read, not written
    -- back: an UPDATE of every staged row would rewrite the whole staging table twice.
    CREATE TEMP VIEW item_ready AS
      SELECT s.*,
             ${RESOLVED_REFERENCES_SQL}
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

export type StagedRow = Pick<ImportRow<ItemField>, 'row' | 'line' | 'cells' | 'raw' | 'refused'>;

/**
 * Merges each row with the stored item of its code, validates it and parks it in the
 * staging table. The stored items of a batch are read in one query, and the values are
 * bound positionally: per-row statements and objects were most of the import's time.
 */
export function stager(db: Database): (rows: readonly StagedRow[]) => void {
  const fixed = ['row_no', 'line_no', 'raw', 'code', 'errors', 'existed'];
  const meta = [...fixed, ...BASE_VALUES.map(baseColumn)];
  const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');
  const stageValid = db.prepare(
    `INSERT OR REPLACE INTO item_import (${[...meta, ...WRITTEN_VALUES].join(', ')}) VALUES (${placeholders(meta.length + WRITTEN_VALUES.length)})`,
  );
  const stageRefused = db.prepare(`INSERT OR REPLACE INTO item_import (${meta.join(', ')}) VALUES (${placeholders(meta.length)})`);
  // Indexed lookups of the batch's codes: memory stays flat, whatever the size of the file or the catalog.
  const lookup = db.prepare(`${MERGED_ITEM_SELECT} WHERE i.code IN (SELECT value FROM json_each(?))`);
  // One array of parameters, filled again for every row and spread into the call (better-sqlite3 binds
  // separate arguments faster than one array of them).
  const valid: SqlValue[] = new Array(meta.length + WRITTEN_VALUES.length).fill(null);
  const refused: SqlValue[] = new Array(meta.length).fill(null);
  const stageRow = (row: StagedRow, stored: Item | undefined) => {
    const code = row.cells.code ?? '';
    const read = parseItemRow(row.cells, stored ?? null);
    const parsed = row.refused ? { errors: withSourceRefusals(row.refused, 'errors' in read ? read.errors : []) } : read;
    const values = 'errors' in parsed ? refused : valid;
    values[0] = row.row;
    values[1] = row.line;
    values[2] = JSON.stringify(row.raw);
    values[3] = code === '' ? null : code;
    values[4] = 'errors' in parsed ? JSON.stringify(parsed.errors) : null;
    values[5] = stored ? 1 : 0;
    putBaseValues(stored, values, fixed.length);
    if ('errors' in parsed) stageRefused.run(...values);
    else {
      putStagedValues(parsed.item, values, meta.length);
      stageValid.run(...values);
    }
  };
  return (rows) => {
    const codes = rows.map((row) => row.cells.code ?? '').filter((code) => code !== '');
    const stored = new Map<string, Item>();
    for (const row of lookup.iterate(JSON.stringify(codes)) as IterableIterator<object>) {
      const item = readMergedItem(row);
      stored.set(item.code, item);
    }
    for (const row of rows) stageRow(row, stored.get(row.cells.code ?? ''));
  };
}

/**
 * Valid rows whose item is no longer what they were merged with: it was created since,
 * or a field the file lacks (so the row took it from the stored item) now differs.
 * Normally none. A refused row stays refused; it writes nothing. Returned with their
 * cells read again from the record, to be staged again.
 */
export function changedSinceStaged(db: Database, indexes: ReadonlyMap<ItemField, number>): StagedRow[] {
  const kept = ITEM_FIELDS.filter((field) => !indexes.has(field)).flatMap((field) => stillStoredSql(field) ?? []);
  const same = kept.length === 0 ? '1' : kept.join(' AND ');
  const changed = db
    .prepare(
      `SELECT s.row_no, s.line_no, s.raw FROM item_import s LEFT JOIN items i ON i.code = s.code
        WHERE s.errors IS NULL AND (s.existed IS NOT (i.id IS NOT NULL) OR (i.id IS NOT NULL AND NOT (${same})))`,
    )
    .all() as { row_no: number; line_no: number; raw: string }[];
  return changed.map((row) => {
    const raw = JSON.parse(row.raw) as string[];
    const cells: RowCells<ItemField> = {};
    for (const [field, index] of indexes) cells[field] = normalizeCell(raw[index] ?? '');
    return { row: row.row_no, line: row.line_no, cells, raw };
  });
}

/** The rules that need more than one row: duplicate codes, `--strict`, parents and their cycles. */
export function checkAcrossRows(db: Database, strict: boolean): void {
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
  if (strict) {
    const unknownDepartments = db
      .prepare(
        `SELECT row_no, department FROM item_import
          WHERE department IS NOT NULL AND department NOT IN (SELECT name FROM departments)`,
      )
      .all() as { row_no: number; department: string }[];
    for (const row of unknownDepartments) fail(row.row_no, 'department', row.department, { rule: 'unknown_department_strict' });
    const unknownWindows = db
      .prepare(
        `SELECT row_no, window FROM item_import
          WHERE window IS NOT NULL
            AND window NOT IN (SELECT code FROM windows) AND window NOT IN (SELECT name FROM windows)
            AND window NOT IN (SELECT code FROM window_aliases) AND window NOT IN (SELECT name FROM window_aliases)`,
      )
      .all() as { row_no: number; window: string }[];
    for (const row of unknownWindows) fail(row.row_no, 'window', row.window, { rule: 'unknown_window_strict' });
  }

  // A parent must be a valid row of the file or an item already in the catalog. Rejecting
  // a parent can orphan its children, so repeat until nothing changes.
  const orphans = db.prepare(
    `SELECT row_no, parent FROM item_import s
      WHERE errors IS NULL AND parent IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM item_import p WHERE p.code = s.parent AND p.errors IS NULL)
        AND NOT EXISTS (SELECT 1 FROM items i WHERE i.code = s.parent)`,
  );
  for (let found = orphans.all() as { row_no: number; parent: string }[]; found.length > 0; found = orphans.all() as typeof found) {
    for (const row of found) fail(row.row_no, 'parent', row.parent, { rule: 'unknown_parent' });
  }

  // Parent cycles, over the catalog as it would be after the import.
  db.exec(`
    CREATE TEMP TABLE item_graph (code TEXT PRIMARY KEY, parent TEXT) WITHOUT ROWID;
    INSERT INTO item_graph SELECT code, parent FROM item_import WHERE errors IS NULL;
    INSERT OR IGNORE INTO item_graph SELECT code, ${itemColumn('parent')} FROM items;
  `);
  const cycles = db
    .prepare(
      `WITH RECURSIVE walk (start, code, depth, path) AS (
         SELECT code, parent, 1, json_array(code, parent)
           FROM item_import WHERE errors IS NULL AND parent IS NOT NULL
         UNION ALL
         SELECT walk.start, graph.parent, walk.depth + 1, json_insert(walk.path, '$[#]', graph.parent)
           FROM walk JOIN item_graph graph ON graph.code = walk.code
          WHERE graph.parent IS NOT NULL AND walk.code <> walk.start AND walk.depth < 64
       )
       SELECT s.row_no, s.parent, walk.path
         FROM walk JOIN item_import s ON s.code = walk.start AND s.errors IS NULL
        WHERE walk.code = walk.start`,
    )
    .all() as { row_no: number; parent: string; path: string }[];
  db.exec('DROP TABLE temp.item_graph');
  for (const cycle of cycles) fail(cycle.row_no, 'parent', cycle.parent, { rule: 'parent_cycle', path: JSON.parse(cycle.path) as string[] });
}
