/**
 * An Excel workbook as an import reads it (SPEC §7.7): one sheet's rows as the records a
 * CSV gives, so that every check, message and rejects file is the CSV import's own and
 * row numbers are the sheet's. Loaded only for an .xlsx file: the CSV path never pays for it.
 *
 * read-excel-file reads the sheet whole (it has no streaming reader), into one array of
 * typed cells. The rows are turned into records a batch at a time and dropped from that
 * array as they go, so what the import holds shrinks while it writes. Before it, the
 * sheet's bytes are searched for error cells, which read-excel-file reads as blanks
 * (zip-entries.ts finds and inflates them).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { InvalidInputError, InvalidSpreadsheetError, readSheet } from 'read-excel-file/node';
import { headerKey, headerLookup, type ImportColumns } from '../core/columns.js';
import { FileNotFound } from '../core/file-errors.js';
import { EmptyImport, HeaderNotFound, NotAWorkbook, SheetNotFound } from '../core/import-errors.js';
import type { Problem } from '../core/problems.js';
import type { CsvRecord, RecordSource } from './csv-source.js';
import { cellText, errorCells, type SheetCell } from './xlsx-cells.js';
import { entryBytes, entryStream, type ZipEntry, ZipUnreadable, zipEntries } from './zip-entries.js';

export interface XlsxSource extends RecordSource {
  /** The sheet read: the one `--sheet` named, or the first. */
  sheet: string;
}

/** Rows from the top of a sheet where its header is looked for: a title block is a few rows, not dozens. */
export const HEADER_SEARCH_ROWS = 30;
/** Records handed over at a time, as the CSV reader does. */
const RECORD_BATCH = 500;

const ZIP_ENTRY = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4, a zip's first local file header
/** An OLE2 compound file: an .xls, or an encrypted .xlsx (Excel wraps one in OLE2 to encrypt it). */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Buffer, magic: readonly number[]) => magic.every((byte, index) => bytes[index] === byte);

interface SheetEntry {
  name: string;
  /** Its XML inside the zip, e.g. xl/worksheets/sheet1.xml. */
  path: string;
}

/** `&amp;` and the like in a sheet name as workbook.xml writes it. */
function unescapeXml(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(x?)([0-9a-f]+);/gi, (_, hex: string, code: string) => String.fromCodePoint(Number.parseInt(code, hex ? 16 : 10)))
    .replace(/&amp;/g, '&');
}

const attribute = (tag: string, name: string) =>
  new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)')`)
    .exec(tag)
    ?.slice(1)
    .find((value) => value !== undefined);

/**
 * The sheets in the workbook's order (the first is the one read by default), each with
 * the path of its XML, from xl/workbook.xml and its relationships, as read-excel-file
 * resolves them; an absolute target (`/xl/worksheets/…`) is read from the zip's root.
 */
function sheetsOf(workbook: string, relationships: string): SheetEntry[] {
  const targets = new Map<string, string>();
  for (const [tag] of relationships.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  const sheets: SheetEntry[] = [];
  for (const [tag] of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attribute(tag, 'name');
    const id = attribute(tag, '(?:\\w+:)?id');
    const path = id === undefined ? undefined : targets.get(id);
    if (name !== undefined && path !== undefined) sheets.push({ name: unescapeXml(name), path });
  }
  return sheets;
}

/** What the zip reader, zlib or read-excel-file threw, as the refusal of a workbook that cannot be read. */
function unreadable(file: string, error: unknown): Error {
  if (error instanceof ZipUnreadable) return new NotAWorkbook(file, error.reason, error.message);
  if (error instanceof InvalidInputError) return new NotAWorkbook(file, error.code === 'XLS_FILE_NOT_SUPPORTED' ? 'encrypted' : 'damaged', error.code);
  // read-excel-file's errors name the part it could not parse; zlib's carry a code such as Z_DATA_ERROR.
  const zlib = error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_');
  if (error instanceof InvalidSpreadsheetError || zlib) return new NotAWorkbook(file, 'damaged', (error as Error).message);
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Opens a workbook's sheet for import: the file checked to be a workbook, the sheet
 * chosen, read, and its header found. Refuses an .xls, an encrypted workbook, any other
 * file named .xlsx, a cut or damaged one (`NotAWorkbook`), a sheet the workbook lacks
 * (`SheetNotFound`, with the sheets it has) and a sheet without a header near its top
 * (`HeaderNotFound`, with the columns the import knows).
 */
export async function openXlsx<F extends string>(path: string, columns: ImportColumns<F>, sheetName?: string): Promise<XlsxSource> {
  if (!existsSync(path) || statSync(path).isDirectory()) throw new FileNotFound(path);
  if (/\.xls$/i.test(path)) throw new NotAWorkbook(path, 'xls');
  const bytes = readFileSync(path);
  if (bytes.length === 0) throw new EmptyImport(path, 'empty');
  if (startsWith(bytes, OLE2)) throw new NotAWorkbook(path, 'encrypted');
  if (!startsWith(bytes, ZIP_ENTRY)) throw new NotAWorkbook(path, 'not_zip');

  let rows: SheetCell[][];
  let errors: Map<number, Map<number, string>>;
  let chosen: SheetEntry;
  try {
    const entries = zipEntries(bytes);
    const workbook = entries.get('xl/workbook.xml');
    // A zip that holds no workbook: a .docx or an archive renamed.
    if (!workbook) throw new NotAWorkbook(path, 'not_zip');
    const relationships = entries.get('xl/_rels/workbook.xml.rels');
    const sheets = sheetsOf(entryBytes(workbook).toString('utf8'), relationships ? entryBytes(relationships).toString('utf8') : '');
    if (sheets.length === 0) throw new NotAWorkbook(path, 'damaged', 'xl/workbook.xml names no sheet');
    const position = sheetName === undefined ? 0 : findSheet(sheets, sheetName);
    if (position === -1)
      throw new SheetNotFound(
        path,
        sheetName!,
        sheets.map((sheet) => sheet.name),
      );
    chosen = sheets[position]!;
    const entry = entries.get(chosen.path);
    if (!entry) throw new NotAWorkbook(path, 'damaged', `${chosen.path} is missing`);
    errors = await sheetErrorCells(entry);
    rows = (await readSheet(bytes, position + 1)) as SheetCell[][];
  } catch (error) {
    throw unreadable(path, error);
  }
  const header = findHeader(rows, columns);
  if (header === -1) throw headerNotFound(path, chosen.name, columns);
  return sheetSource(path, chosen.name, rows, header, codeColumns(rows[header]!, columns), errors);
}

/** Where the first whole row of some XML ends (after its `</row>` or `</x:row>`), from `from` on; -1: none. */
function rowEnd(xml: Buffer, last: boolean): number {
  const next = (at: number) => (last ? xml.lastIndexOf('row>', at - 1) : xml.indexOf('row>', at + 1));
  for (let at = last ? xml.lastIndexOf('row>') : xml.indexOf('row>'); at > 1; at = next(at)) {
    const close = xml.lastIndexOf('</', at);
    // `</row>`, or `</x:row>` with a prefix of letters; text holding `row>` has no `</` before it (its `<` is escaped).
    if (close !== -1 && /^<\/(\w+:)?$/.test(xml.toString('latin1', close, at))) return at + 'row>'.length;
  }
  return -1;
}

/**
 * The error cells of a sheet, its XML inflated as a stream and searched where each chunk
 * lies, whole rows only: the row a chunk cuts is put together from its two pieces, and
 * only that is copied. Inflated whole, a 100,000-row catalog sheet was 38 MB of XML held
 * beside read-excel-file's own copy of it.
 */
export async function sheetErrorCells(entry: ZipEntry): Promise<Map<number, Map<number, string>>> {
  const found = new Map<number, Map<number, string>>();
  const search = (xml: Buffer) => {
    for (const [row, columns] of errorCells(xml)) found.set(row, new Map([...(found.get(row) ?? []), ...columns]));
  };
  /** The start of a row the previous chunk cut, copied. */
  let carry: Buffer | null = null;
  for await (const chunk of entryStream(entry) as AsyncIterable<Buffer>) {
    let xml = chunk;
    if (carry) {
      const first = rowEnd(xml, false);
      if (first === -1) {
        carry = Buffer.concat([carry, xml]);
        continue;
      }
      search(Buffer.concat([carry, xml.subarray(0, first)]));
      carry = null;
      xml = xml.subarray(first);
    }
    const whole = rowEnd(xml, true);
    if (whole > 0) search(xml.subarray(0, whole));
    if (whole < xml.length) carry = Buffer.from(xml.subarray(Math.max(0, whole)));
  }
  if (carry) search(carry);
  return found;
}

/** The sheet `--sheet` names: as written, else the one whose name differs only in case and spaces around it. */
function findSheet(sheets: readonly SheetEntry[], name: string): number {
  const exact = sheets.findIndex((sheet) => sheet.name === name);
  if (exact !== -1) return exact;
  const loose = (value: string) => value.trim().toLowerCase();
  return sheets.findIndex((sheet) => loose(sheet.name) === loose(name));
}

/**
 * The header: the first row near the top in which at least two cells name columns the
 * import knows (a merged title such as 「XX局政务服务事项目录」 above it names none), or
 * whose only cells name every required column (a file of codes alone, for `--sync`).
 */
export function findHeader<F extends string>(rows: readonly (readonly SheetCell[])[], columns: ImportColumns<F>): number {
  const lookup = headerLookup(columns);
  for (let index = 0; index < Math.min(rows.length, HEADER_SEARCH_ROWS); index++) {
    const named = new Set<F>();
    let other = 0;
    for (const cell of rows[index]!) {
      if (cell === null || cell === undefined || cell === '') continue;
      const field = typeof cell === 'string' ? lookup.get(headerKey(cell)) : undefined;
      if (field) named.add(field);
      else other++;
    }
    if (named.size >= 2 || (named.size > 0 && other === 0 && columns.required.every((field) => named.has(field)))) return index;
  }
  return -1;
}

function headerNotFound<F extends string>(file: string, sheet: string, columns: ImportColumns<F>): HeaderNotFound {
  const first = (field: F) => columns.headers[field][0] ?? field;
  const optional = columns.fields.filter((field) => !columns.required.includes(field));
  return new HeaderNotFound(file, sheet, HEADER_SEARCH_ROWS, columns.required.map(first), optional.map(first));
}

/** The positions of the header's columns of codes and ids (the import's `identifiers`). */
function codeColumns<F extends string>(header: readonly SheetCell[], columns: ImportColumns<F>): Set<number> {
  const lookup = headerLookup(columns);
  const identifiers = new Set(columns.identifiers ?? []);
  const positions = new Set<number>();
  header.forEach((cell, index) => {
    const field = typeof cell === 'string' ? lookup.get(headerKey(cell)) : undefined;
    if (field && identifiers.has(field)) positions.add(index);
  });
  return positions;
}

/**
 * The sheet from its header down as records: the header is the first, each row's `line`
 * is its number in the sheet, blank rows are handed over blank (the pipeline skips them
 * and counts them, as it does a CSV's), and each row read is let go.
 */
function sheetSource(
  path: string,
  sheet: string,
  rows: (SheetCell[] | undefined)[],
  header: number,
  codes: ReadonlySet<number>,
  errors: ReadonlyMap<number, ReadonlyMap<number, string>>,
): XlsxSource {
  // An error cell in a last row or column, which read-excel-file trimmed away as blank, still ends the sheet.
  const lastErrorRow = Math.max(0, ...errors.keys());
  const end = Math.max(rows.length, lastErrorRow);
  const record = (index: number): CsvRecord => {
    const cells = rows[index] ?? [];
    rows[index] = undefined;
    const line = index + 1;
    const texts = cells.map((cell) => (typeof cell === 'string' ? cell : ''));
    const refused: { index: number; problem: Problem }[] = [];
    cells.forEach((cell, column) => {
      if (typeof cell === 'string' || cell === null || cell === undefined) return;
      const { text, problem } = cellText(cell, codes.has(column));
      texts[column] = text;
      if (problem) refused.push({ index: column, problem });
    });
    if (index !== header) {
      for (const [column, shown] of errors.get(line) ?? []) {
        while (texts.length < column) texts.push('');
        texts[column - 1] = shown;
        refused.push({ index: column - 1, problem: { rule: 'error_cell' } });
      }
    }
    return refused.length > 0 ? { cells: texts, line, refused } : { cells: texts, line };
  };
  return {
    path,
    sheet,
    size: end,
    async *records(onProgress) {
      for (let start = header; start < end; start += RECORD_BATCH) {
        const batch: CsvRecord[] = [];
        for (let index = start; index < Math.min(end, start + RECORD_BATCH); index++) batch.push(record(index));
        onProgress?.(Math.min(end, start + RECORD_BATCH));
        yield batch;
      }
    },
  };
}
