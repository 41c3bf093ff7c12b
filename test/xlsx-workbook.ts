/**
 * Workbooks for the .xlsx import tests, written as Excel writes them, XML by hand (fflate
 * zips them): shared strings (or inline ones), a styles part whose date formats are the
 * built-in 14 and a custom `yyyy-mm-dd hh:mm`, a text format for ids, merged cells,
 * error cells with their cached `#N/A`, and a 1904 date system. Nothing a test needs to
 * rebuild lives in fixtures/: each workbook is made where it is used.
 */
import { zipSync } from 'fflate';

/** A date or date and time cell (`2025-09-15` or `2025-09-15 09:12[:30]`), stored as Excel's serial with a date format. */
export interface DateCell {
  date: string;
  /** Shown as 2027年1月1日 (a custom format, `yyyy"年"m"月"d"日"`) rather than the built-in short date. */
  chinese?: true;
}
/** A cell holding Excel's error value, as a failed formula leaves it. */
export interface ErrorCell {
  error: '#N/A' | '#VALUE!' | '#REF!' | '#DIV/0!' | '#NAME?' | '#NULL!' | '#NUM!';
}
/** A string cell formatted as Text (`@`): how a clerk keeps an id's digits. */
export interface TextCell {
  text: string;
}
export type Cell = string | number | boolean | DateCell | ErrorCell | TextCell | null;

export interface Sheet {
  name: string;
  rows: Cell[][];
  /** Merged ranges, e.g. `A1:I1` for a title over nine columns. */
  merges?: string[];
  /** The worksheet's XML as given, instead of one made from the rows: a damaged sheet. */
  xml?: string;
}

export interface WorkbookOptions {
  /** Strings inline in the sheet (as streaming writers do) rather than in the shared-strings table. */
  inlineStrings?: boolean;
  /** The Mac's old 1904 date system. */
  date1904?: boolean;
}

const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `A`, `Z`, `AA` for columns 1, 26, 27. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** Days since Excel's day 0 (1899-12-30 in the 1900 system, 1904-01-01 in the other), with the time as a fraction. */
function serial(local: string, date1904: boolean): number {
  const [day = '', time = '00:00:00'] = local.split(' ');
  const [hours = 0, minutes = 0, seconds = 0] = time.split(':').map(Number);
  const ms = Date.parse(`${day}T00:00:00Z`) - Date.UTC(date1904 ? 1904 : 1899, date1904 ? 0 : 11, date1904 ? 1 : 30);
  return ms / 86_400_000 + (hours * 3600 + minutes * 60 + seconds) / 86_400;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/><numFmt numFmtId="165" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
</styleSheet>`;

/** The workbook's bytes: one worksheet per sheet, in order. */
export function workbook(sheets: Sheet[], options: WorkbookOptions = {}): Buffer {
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const stringCell = (ref: string, value: string, style = '') => {
    if (options.inlineStrings) return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
    let index = sharedIndex.get(value);
    if (index === undefined) {
      index = shared.push(value) - 1;
      sharedIndex.set(value, index);
    }
    return `<c r="${ref}"${style} t="s"><v>${index}</v></c>`;
  };
  const cellXml = (ref: string, cell: Cell): string => {
    if (cell === null) return '';
    if (typeof cell === 'string') return stringCell(ref, cell);
    if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
    if (typeof cell === 'boolean') return `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
    if ('text' in cell) return stringCell(ref, cell.text, ' s="3"');
    if ('error' in cell) return `<c r="${ref}" t="e"><f>VLOOKUP(A1,Sheet2!A:B,2,FALSE)</f><v>${escapeXml(cell.error)}</v></c>`;
    const style = cell.chinese ? 4 : cell.date.includes(' ') ? 2 : 1;
    return `<c r="${ref}" s="${style}"><v>${serial(cell.date, options.date1904 === true)}</v></c>`;
  };
  const files: Record<string, Uint8Array> = {};
  const text = (value: string) => new TextEncoder().encode(value);
  sheets.forEach((sheet, index) => {
    const rows = sheet.rows
      .map((row, rowIndex) => {
        const cells = row.map((cell, column) => cellXml(`${columnLetters(column + 1)}${rowIndex + 1}`, cell)).join('');
        return cells === '' ? '' : `<row r="${rowIndex + 1}">${cells}</row>`;
      })
      .join('');
    const merges = sheet.merges?.length
      ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>`
      : '';
    files[`xl/worksheets/sheet${index + 1}.xml`] = text(
      sheet.xml ??
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData>${merges}</worksheet>`,
    );
  });
  files['[Content_Types].xml'] = text(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
  );
  files['_rels/.rels'] = text(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const relationship = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  files['xl/_rels/workbook.xml.rels'] = text(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map((_, index) => relationship(`rId${index + 1}`, 'worksheet', `worksheets/sheet${index + 1}.xml`))
      .join('')}${relationship('rIdS', 'styles', 'styles.xml')}${relationship('rIdT', 'sharedStrings', 'sharedStrings.xml')}</Relationships>`,
  );
  files['xl/workbook.xml'] = text(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr${options.date1904 ? ' date1904="1"' : ''}/><sheets>${sheets
      .map((sheet, index) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`)
      .join('')}</sheets></workbook>`,
  );
  files['xl/styles.xml'] = text(STYLES);
  files['xl/sharedStrings.xml'] = text(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared
      .map((value) => `<si><t xml:space="preserve">${escapeXml(value)}</t></si>`)
      .join('')}</sst>`,
  );
  return Buffer.from(zipSync(files));
}

/**
 * The first bytes of an encrypted workbook: Excel wraps an .xlsx with an open password in
 * an OLE2 compound file (as an .xls is one), whose header begins D0 CF 11 E0 A1 B1 1A E1.
 */
export function encryptedWorkbook(): Buffer {
  const header = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.write('EncryptionInfo', 1024, 'utf16le');
  return header;
}

/** The target's header and good row(s) as a sheet's rows. */
const sheetRows = ({ header, row }: { header: string; row: string }) => [header.split(','), ...row.split('\n').map((line) => line.split(','))];

/** A file of the hostile-input suite (test/hostile.test.ts) for an import whose header and good row(s) are `shape`'s. */
export interface HostileWorkbook {
  name: string;
  bytes: (shape: { header: string; row: string }) => Buffer | string;
  /** Its extension, when not .xlsx. */
  extension?: string;
}

/** Workbooks (SPEC §7.7) for the hostile-input suite, named .xlsx (or .xls) whatever they hold. */
export const HOSTILE_WORKBOOKS: HostileWorkbook[] = [
  { name: 'a CSV named .xlsx', bytes: ({ header, row }) => `${header}\n${row}\n` },
  { name: 'a workbook cut short', bytes: (shape) => workbook([{ name: 'Sheet1', rows: sheetRows(shape) }]).subarray(0, 400) },
  { name: 'an encrypted workbook', bytes: () => encryptedWorkbook() },
  { name: 'an old .xls', bytes: () => encryptedWorkbook(), extension: 'xls' },
  { name: 'a PNG named .xlsx', bytes: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe, 0x00]) },
  {
    name: 'a workbook of error cells',
    bytes: (shape) =>
      workbook([{ name: 'Sheet1', rows: sheetRows(shape).map((row, index) => (index === 0 ? row : row.map(() => ({ error: '#N/A' as const })))) }]),
  },
  {
    name: 'a workbook of 18-digit numbers',
    bytes: (shape) => workbook([{ name: 'Sheet1', rows: sheetRows(shape).map((row, index) => (index === 0 ? row : row.map(() => 330681199001011000))) }]),
  },
  { name: 'a workbook of a title only', bytes: () => workbook([{ name: 'Sheet1', rows: [['某某县政务服务中心'], [], ['（空）']] }]) },
  {
    name: 'a workbook with a cell of an unknown type',
    bytes: (shape) =>
      workbook([
        { name: 'Sheet1', rows: [], xml: `<worksheet><sheetData><row r="1"><c r="A1" t="zz"><v>${shape.header}</v></c></row></sheetData></worksheet>` },
      ]),
  },
  {
    name: 'a workbook with a sheet missing from its zip',
    bytes: () =>
      Buffer.from(
        workbook([{ name: 'Sheet1', rows: [['x']] }])
          .toString('latin1')
          .replaceAll('worksheets/sheet1.xml', 'worksheets/sheetX.xml'),
        'latin1',
      ),
  },
];
