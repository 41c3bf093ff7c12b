/**
 * `hall items import` (SPEC §5): stream the rows into a staging table, check the
 * rules that span rows in SQL, then write everything in one `BEGIN IMMEDIATE`
 * transaction — or nothing at all.
 *
 * Rows are validated as they stream and parked in a TEMP table, so memory does not
 * grow with the file; the cross-row checks (duplicate codes, unknown parents, parent
 * cycles, `--strict`) and the upsert are set-based SQL over that table.
 */
import type { Database } from 'better-sqlite3';
import {
  ITEM_HEADERS,
  REQUIRED_ITEM_FIELDS,
  itemFieldForHeader,
  parseItemRow,
  type Item,
  type ItemField,
} from '../core/catalog.js';
import { ImportRejected, InputError, MAX_PRINTED_ROW_ERRORS, text, type LocalText, type RowError } from '../core/errors.js';
import type { CsvRecord } from '../io/csv-source.js';

export interface CatalogImportOptions {
  file: string;
  now: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  sync?: boolean;
  strict?: boolean;
}

export interface RejectedRow {
  cells: string[];
  reasons: LocalText[];
}

export interface CatalogImportSummary {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  cancelled: number;
  created_departments: string[];
  created_windows: { code: string; name: string }[];
  warnings: LocalText[];
  dry_run: boolean;
}

export interface CatalogImportResult {
  summary: CatalogImportSummary;
  header: string[];
  /** Every rejected row with its reasons; only read with `--skip-invalid`. */
  rejectedRows(): IterableIterator<RejectedRow>;
}

interface StoredError {
  column: string;
  value: string;
  zh: string;
  en: string;
}

const BATCH_ROWS = 2000;

/** Field values as the staging table holds them. */
function stagedValues(item: Item) {
  return {
    name: item.name,
    department: item.department,
    type: item.type,
    legal_days: item.legalDays,
    legal_unit: item.legalUnit,
    promised_days: item.promisedDays,
    limit_unit: item.limitUnit,
    fee_fen: item.feeFen,
    fee_basis: item.feeBasis,
    legal_basis: item.legalBasis,
    window_ref: item.window,
    stages: JSON.stringify(item.stages),
    authorized: JSON.stringify(item.authorized),
    authorization_declared: item.authorizationDeclared ? 1 : 0,
    online_depth: item.onlineDepth,
    visits: item.visits,
    status: item.status,
    parent_code: item.parent,
  };
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

function createStaging(db: Database): void {
  db.exec(`
    DROP TABLE IF EXISTS temp.item_import;
    DROP TABLE IF EXISTS temp.item_graph;
    CREATE TEMP TABLE item_import (
      row_no INTEGER PRIMARY KEY,
      line_no INTEGER NOT NULL,
      raw TEXT NOT NULL,
      code TEXT,
      errors TEXT,
      name TEXT, department TEXT, type TEXT, legal_days INTEGER, legal_unit TEXT, promised_days INTEGER,
      limit_unit TEXT, fee_fen INTEGER, fee_basis TEXT, legal_basis TEXT, window_ref TEXT, stages TEXT,
      authorized TEXT, authorization_declared INTEGER, online_depth INTEGER, visits INTEGER, status TEXT,
      parent_code TEXT, department_id INTEGER, window_id INTEGER
    );
    CREATE INDEX temp.item_import_code ON item_import (code);
  `);
}

interface HeaderMap {
  columns: Map<number, ItemField>;
  headerOf: Map<ItemField, string>;
  warnings: LocalText[];
}

function mapHeader(file: string, header: string[]): HeaderMap {
  const columns = new Map<number, ItemField>();
  const headerOf = new Map<ItemField, string>();
  const warnings: LocalText[] = [];
  header.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '') return; // Excel's empty trailing columns
    const field = itemFieldForHeader(name);
    if (!field) {
      warnings.push(text(`忽略未知列"${name}"`, `ignored unknown column "${name}"`));
    } else if (headerOf.has(field)) {
      warnings.push(
        text(`忽略重复列"${name}"（已使用"${headerOf.get(field)}"）`, `ignored column "${name}" (already read "${headerOf.get(field)}")`),
      );
    } else {
      columns.set(index, field);
      headerOf.set(field, name);
    }
  });
  const missing = REQUIRED_ITEM_FIELDS.filter((field) => !headerOf.has(field));
  if (missing.length > 0) {
    const names = missing.map((field) => ITEM_HEADERS[field].join(' / '));
    throw new InputError(
      text(
        `${file} 第 0 行（文件第 1 行，表头），缺少必需列：${names.join('；')}；未读取任何数据行`,
        `${file} row 0 (line 1, the header): missing required column(s): ${names.join('; ')}; no row was read`,
      ),
    );
  }
  return { columns, headerOf, warnings };
}

function isBlank(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

function appendError(db: Database, rowNo: number, error: StoredError): void {
  db.prepare(`UPDATE item_import SET errors = json_insert(coalesce(errors, '[]'), '$[#]', json(?)) WHERE row_no = ?`).run(
    JSON.stringify(error),
    rowNo,
  );
}

export async function importCatalog(
  db: Database,
  records: AsyncIterable<CsvRecord[]>,
  options: CatalogImportOptions,
): Promise<CatalogImportResult> {
  const { file } = options;
  createStaging(db);
  const stage = db.prepare(
    `INSERT INTO item_import (row_no, line_no, raw, code, errors, name, department, type, legal_days, legal_unit,
       promised_days, limit_unit, fee_fen, fee_basis, legal_basis, window_ref, stages, authorized,
       authorization_declared, online_depth, visits, status, parent_code)
     VALUES (@row_no, @line_no, @raw, @code, @errors, @name, @department, @type, @legal_days, @legal_unit,
       @promised_days, @limit_unit, @fee_fen, @fee_basis, @legal_basis, @window_ref, @stages, @authorized,
       @authorization_declared, @online_depth, @visits, @status, @parent_code)`,
  );
  const emptyValues = {
    name: null, department: null, type: null, legal_days: null, legal_unit: null, promised_days: null,
    limit_unit: null, fee_fen: null, fee_basis: null, legal_basis: null, window_ref: null, stages: null,
    authorized: null, authorization_declared: null, online_depth: null, visits: null, status: null, parent_code: null,
  };
  const flush = db.transaction((batch: Record<string, unknown>[]) => {
    for (const row of batch) stage.run(row);
  });

  let header: string[] | null = null;
  let map: HeaderMap | null = null;
  let rowNo = 0;
  let dataRows = 0;
  let batch: Record<string, unknown>[] = [];
  for await (const chunk of records) for (const record of chunk) {
    if (!header) {
      if (isBlank(record.cells)) continue;
      header = record.cells.map((cell) => cell.trim());
      map = mapHeader(file, header);
      continue;
    }
    rowNo++;
    if (isBlank(record.cells)) continue; // Excel leaves all-comma rows at the end
    dataRows++;
    const cells: Partial<Record<ItemField, string>> = {};
    for (const [index, field] of map!.columns) cells[field] = record.cells[index] ?? '';
    const parsed = parseItemRow(cells);
    const code = (cells.code ?? '').trim();
    const base = { row_no: rowNo, line_no: record.line, raw: JSON.stringify(record.cells), code: code === '' ? null : code };
    if ('errors' in parsed) {
      const errors: StoredError[] = parsed.errors.map((error) => ({
        column: map!.headerOf.get(error.field) ?? error.field,
        value: error.value,
        ...error.reason,
      }));
      batch.push({ ...base, ...emptyValues, errors: JSON.stringify(errors) });
    } else {
      batch.push({ ...base, errors: null, ...stagedValues(parsed.item) });
    }
    if (batch.length >= BATCH_ROWS) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  if (!header) throw new InputError(text(`${file} 没有表头，也没有数据行`, `${file} has no header and no rows`));
  if (dataRows === 0) {
    throw new InputError(text(`${file} 只有表头（文件第 1 行），没有数据行`, `${file} has a header (line 1) but no data rows`));
  }

  const summary: CatalogImportSummary = {
    file,
    rows: dataRows,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    cancelled: 0,
    created_departments: [],
    created_windows: [],
    warnings: map!.warnings,
    dry_run: options.dryRun === true,
  };
  const headerOf = map!.headerOf;

  const rollback = Symbol('dry run');
  try {
    db.transaction(() => {
      checkAcrossRows(db, headerOf, options);
      summary.rejected = db.prepare('SELECT count(*) FROM item_import WHERE errors IS NOT NULL').pluck().get() as number;
      if (summary.rejected > 0 && !options.skipInvalid) {
        throw new ImportRejected(file, firstErrors(db), summary.rejected);
      }
      apply(db, options, summary);
      if (options.dryRun) throw rollback;
    }).immediate();
  } catch (error) {
    if (error !== rollback) throw error;
  }

  return {
    summary,
    header,
    *rejectedRows() {
      const rows = db
        .prepare('SELECT raw, errors FROM item_import WHERE errors IS NOT NULL ORDER BY row_no')
        .all() as { raw: string; errors: string }[];
      for (const row of rows) {
        const errors = JSON.parse(row.errors) as StoredError[];
        yield {
          cells: JSON.parse(row.raw) as string[],
          reasons: errors.map((error) => ({ zh: `${error.column}：${error.zh}`, en: `${error.column}: ${error.en}` })),
        };
      }
    },
  };
}

function firstErrors(db: Database): RowError[] {
  const rows = db
    .prepare('SELECT row_no, line_no, errors FROM item_import WHERE errors IS NOT NULL ORDER BY row_no LIMIT ?')
    .all(MAX_PRINTED_ROW_ERRORS) as { row_no: number; line_no: number; errors: string }[];
  const errors: RowError[] = [];
  for (const row of rows) {
    for (const error of JSON.parse(row.errors) as StoredError[]) {
      errors.push({ row: row.row_no, line: row.line_no, column: error.column, value: error.value, reason: { zh: error.zh, en: error.en } });
    }
  }
  return errors.slice(0, MAX_PRINTED_ROW_ERRORS);
}

/** The rules that need more than one row: duplicate codes, `--strict`, parents and their cycles. */
function checkAcrossRows(db: Database, headerOf: Map<ItemField, string>, options: CatalogImportOptions): void {
  const column = (field: ItemField) => headerOf.get(field) ?? field;

  const duplicates = db
    .prepare(
      `SELECT later.row_no, later.code, first.row_no AS first_row, first.line_no AS first_line
         FROM item_import later
         JOIN item_import first ON first.code = later.code AND first.row_no < later.row_no
        WHERE NOT EXISTS (SELECT 1 FROM item_import x WHERE x.code = later.code AND x.row_no < first.row_no)`,
    )
    .all() as { row_no: number; code: string; first_row: number; first_line: number }[];
  for (const duplicate of duplicates) {
    appendError(db, duplicate.row_no, {
      column: column('code'),
      value: duplicate.code,
      zh: `文件中的事项编码重复，首次出现在第 ${duplicate.first_row} 行（文件第 ${duplicate.first_line} 行）`,
      en: `duplicate code in the file; first seen in row ${duplicate.first_row} (line ${duplicate.first_line})`,
    });
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
    for (const row of unknownDepartments) {
      appendError(db, row.row_no, {
        column: column('department'),
        value: row.department,
        zh: '未知部门（--strict 不自动创建；请先 hall dept add）',
        en: 'unknown department (--strict creates none; add it with hall dept add)',
      });
    }
    const unknownWindows = db
      .prepare(
        `SELECT row_no, window_ref FROM item_import
          WHERE window_ref IS NOT NULL
            AND window_ref NOT IN (SELECT code FROM windows) AND window_ref NOT IN (SELECT name FROM windows)`,
      )
      .all() as { row_no: number; window_ref: string }[];
    for (const row of unknownWindows) {
      appendError(db, row.row_no, {
        column: column('window'),
        value: row.window_ref,
        zh: '未知窗口（--strict 不自动创建；请先 hall window add）',
        en: 'unknown window (--strict creates none; add it with hall window add)',
      });
    }
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
    for (const row of found) {
      appendError(db, row.row_no, {
        column: column('parent'),
        value: row.parent_code,
        zh: '上级事项编码不存在（文件和目录中都没有，或该行无效）',
        en: 'unknown parent code (neither a valid row of the file nor an item in the catalog)',
      });
    }
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
         SELECT code, parent_code, 1, code || ' → ' || parent_code
           FROM item_import WHERE errors IS NULL AND parent_code IS NOT NULL
         UNION ALL
         SELECT walk.start, graph.parent, walk.depth + 1, walk.path || ' → ' || graph.parent
           FROM walk JOIN item_graph graph ON graph.code = walk.code
          WHERE graph.parent IS NOT NULL AND walk.code <> walk.start AND walk.depth < 64
       )
       SELECT s.row_no, s.parent_code, walk.path
         FROM walk JOIN item_import s ON s.code = walk.start AND s.errors IS NULL
        WHERE walk.code = walk.start`,
    )
    .all() as { row_no: number; parent_code: string; path: string }[];
  db.exec('DROP TABLE temp.item_graph');
  for (const cycle of cycles) {
    appendError(db, cycle.row_no, {
      column: column('parent'),
      value: cycle.parent_code,
      zh: `上级事项编码形成循环：${cycle.path}`,
      en: `parent codes form a cycle: ${cycle.path}`,
    });
  }
}

/** Writes departments, windows and items; the caller holds the IMMEDIATE transaction. */
function apply(db: Database, options: CatalogImportOptions, summary: CatalogImportSummary): void {
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
  db.exec(`UPDATE item_import SET department_id = (SELECT id FROM departments WHERE name = item_import.department) WHERE errors IS NULL`);

  // A window is named by code or by name. An unknown one is created: a code-like value
  // becomes its code; a name gets the next free W-number and the department of the
  // first item that names it.
  const unknownWindows = db
    .prepare(
      // SQLite takes the bare department_id from the row that min() picked: the first one.
      `SELECT window_ref, department_id, min(row_no) AS first_row FROM item_import
        WHERE errors IS NULL AND window_ref IS NOT NULL
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
  db.exec(`
    UPDATE item_import
       SET window_id = coalesce((SELECT id FROM windows WHERE code = item_import.window_ref),
                                (SELECT min(id) FROM windows WHERE name = item_import.window_ref))
     WHERE errors IS NULL AND window_ref IS NOT NULL`);

  const same = ITEM_COLUMNS.map((name) => `i.${name} IS s.${name}`).join(' AND ');
  const counts = db
    .prepare(
      `SELECT coalesce(sum(i.id IS NULL), 0) AS inserted,
              coalesce(sum(i.id IS NOT NULL AND NOT (${same})), 0) AS updated,
              coalesce(sum(i.id IS NOT NULL AND (${same})), 0) AS unchanged
         FROM item_import s LEFT JOIN items i ON i.code = s.code
        WHERE s.errors IS NULL`,
    )
    .get() as { inserted: number; updated: number; unchanged: number };
  Object.assign(summary, counts);

  const columns = ITEM_COLUMNS.join(', ');
  const changed = ITEM_COLUMNS.map((name) => `items.${name} IS NOT excluded.${name}`).join(' OR ');
  db.prepare(
    `INSERT INTO items (code, ${columns}, updated_at)
       SELECT code, ${columns}, @now FROM item_import WHERE errors IS NULL ORDER BY row_no
     ON CONFLICT (code) DO UPDATE SET ${ITEM_COLUMNS.map((name) => `${name} = excluded.${name}`).join(', ')},
       updated_at = excluded.updated_at
     WHERE ${changed}`,
  ).run({ now });

  if (options.sync) {
    summary.cancelled = db
      .prepare(
        `UPDATE items SET status = 'cancelled', updated_at = @now
          WHERE status <> 'cancelled' AND code NOT IN (SELECT code FROM item_import WHERE code IS NOT NULL)`,
      )
      .run({ now }).changes;
  }
}
