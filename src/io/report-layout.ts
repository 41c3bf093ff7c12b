/**
 * How a report's tables are set on A4 (SPEC §7.7): each table's width as its cells need it
 * (a column is as wide as its header and its widest number; a name may wrap), which decides
 * portrait or landscape and the type size, and its height, which decides which tables share
 * a page. Estimated from the text, as no browser is at hand: widths from the advance widths
 * of Noto Sans CJK SC (a CJK character is 1 em, a digit 0.56 em), with some room to spare.
 */

/** CSS pixels per millimetre and per point (96 per inch). */
const MM = 96 / 25.4;
const PT = 96 / 72;

/** A4's printable box under the page's @page rules, in mm (portrait 14/13/15 mm margins, landscape 12/12/13). */
export const PAGE = {
  portrait: { width: 184, height: 268 },
  landscape: { width: 273, height: 185 },
} as const;

/** The table type sizes, in pt: the usual one, and a smaller one when a table needs the room. */
export const TYPE = { normal: 8.5, small: 7.5 } as const;

/** The table's cells: line height, padding and rule, as the page's CSS sets them. */
export const CELL = { lineHeight: 1.35, padX: 1, padY: 0.6 } as const;
const RULE = 1;

/** A name or a word is not squeezed below this many ems: it wraps past it. */
const WRAP_EMS = 10;

/** Estimates are kept this far inside the page: a font on another PC may run a little wider. */
const WIDTH_MARGIN = 0.96;
const HEIGHT_MARGIN = 0.97;

// What a section takes besides its rows (report-html.ts's CSS): the heading with its margins (the 6 mm above it
// takes in the 5 mm below the section before, and stays at the top of a page begun by a forced break), a note line.
const HEADING_MM = 6 + 2.5 + (13 * PT * 1.45) / MM;
const NOTE_LINE_MM = (8.5 * PT * 1.45) / MM;
const NOTES_GAP_MM = 1.5;

export type Orientation = 'portrait' | 'landscape';

/** One table as the page will show it: its header and the text of every cell, and which columns hold numbers. */
export interface TableText {
  head: string[];
  rows: string[][];
  /** Per column: a number or a date, which never wraps. */
  numeric: boolean[];
  notes: string[];
  lang: 'zh' | 'en';
}

export interface SectionLayout {
  /** Per column: a column of words none longer than WRAP_EMS, kept each on one line (a name is not broken for a number's room). */
  unbroken: boolean[];
  /** Needs a landscape page's width (on screen too, where the window allows). */
  wide: boolean;
  /** Set in the smaller type. */
  small: boolean;
  /** The page it is printed on. */
  orientation: Orientation;
  /** Begins a printed page; otherwise it follows the section before on its page. */
  newPage: boolean;
  /** Fits on one page, and is kept whole there. */
  short: boolean;
}

const isWide = (code: number) => code >= 0x2e80 && !(code >= 0xff61 && code <= 0xffdc);

/** Advance widths in ems of Noto Sans CJK SC's proportional Latin (regular; bold about 5% wider). */
function charEms(char: string): number {
  const code = char.codePointAt(0)!;
  if (isWide(code)) return 1;
  if (char >= '0' && char <= '9') return 0.56;
  if ('.,:;!|'.includes(char)) return 0.28;
  if ("ijlft'()[]".includes(char)) return 0.36;
  if (char === ' ') return 0.23;
  if (char === '%') return 0.93;
  if (char === '-') return 0.35;
  if ('mwMW—'.includes(char)) return 0.9;
  if (char >= 'A' && char <= 'Z') return 0.66;
  return 0.58;
}

/** The text's width in ems on one line. */
export function textEms(text: string, bold = false): number {
  let ems = 0;
  for (const char of text) ems += charEms(char);
  return bold ? ems * 1.05 : ems;
}

/** The widest piece a line cannot break inside: a run of Latin letters and digits (a CJK character breaks anywhere). */
function unbreakableEms(text: string, bold: boolean): number {
  let widest = 0;
  for (const piece of text.split(/[\s\u2e80-\uffff]+/u)) if (piece) widest = Math.max(widest, textEms(piece, bold));
  // A CJK character alone is 1 em.
  return /[\u2e80-\uffff]/u.test(text) ? Math.max(widest, 1) : widest;
}

interface Column {
  /** The narrowest it can be and the width it takes with room to spare, in px, padding and rule included. */
  min: number;
  max: number;
}

/** A table's columns in ems, whatever the type size: read once, as a long table has many cells. */
interface ColumnEms {
  min: number;
  max: number;
  /** Words none longer than WRAP_EMS: set without a break, as the widths here assume. */
  unbroken: boolean;
}

const PAD_PX = 2 * CELL.padX * MM + RULE;

/**
 * Each column's narrowest and widest in ems: a header never breaks inside a Chinese word
 * (上期/结转 would read as two) nor an English one, a number or date never breaks, a name
 * breaks past WRAP_EMS.
 */
function columnEms(table: TableText): ColumnEms[] {
  return table.head.map((title, at) => {
    const numeric = table.numeric[at];
    let max = textEms(title, true);
    let min = table.lang === 'zh' ? max : unbreakableEms(title, true);
    let widestCell = 0;
    for (const row of table.rows) {
      const cell = row[at] ?? '';
      const ems = textEms(cell);
      if (ems > widestCell) widestCell = ems;
      const least = numeric ? ems : Math.max(unbreakableEms(cell, false), Math.min(ems, WRAP_EMS));
      if (least > min) min = least;
    }
    max = Math.max(max, widestCell);
    return { min, max, unbroken: !numeric && widestCell <= WRAP_EMS };
  });
}

/** The columns at `size` pt, in px. */
function columns(ems: readonly ColumnEms[], size: number): Column[] {
  const px = size * PT;
  return ems.map((column) => ({ min: column.min * px + PAD_PX, max: column.max * px + PAD_PX }));
}

/** The table's narrowest width in mm. */
function neededMm(cols: readonly Column[]): number {
  return (cols.reduce((sum, column) => sum + column.min, 0) + RULE) / MM;
}

/**
 * Each column's width in px in a table `width` px wide, as a browser's automatic table
 * layout shares it out: each its widest when all fit, else its narrowest plus a share of
 * what is left in proportion to how much more it would take.
 */
function widths(cols: readonly Column[], width: number): number[] {
  const least = cols.reduce((sum, column) => sum + column.min, 0);
  const most = cols.reduce((sum, column) => sum + column.max, 0);
  if (most <= width) return cols.map((column) => column.max);
  const spare = Math.max(0, width - least);
  return cols.map((column) => column.min + (most === least ? 0 : (spare * (column.max - column.min)) / (most - least)));
}

/** Lines a text takes in a cell `width` px wide at `size` pt. */
function lines(text: string, width: number, size: number, bold = false): number {
  const room = width - PAD_PX;
  const px = textEms(text, bold) * size * PT;
  return px <= room + 0.5 ? 1 : Math.ceil(px / Math.max(room, 1));
}

/** The section's printed height in mm: heading, header row, rows and notes. */
function heightMm(table: TableText, cols: readonly Column[], pageWidthMm: number, size: number): number {
  const row = (count: number) => (count * size * PT * CELL.lineHeight + 2 * CELL.padY * MM + RULE) / MM;
  // A table longer than any page on single lines is long whatever its lines: its rows are not read again.
  const least = HEADING_MM + row(1) * (table.rows.length + 1);
  if (least > PAGE.portrait.height) return least;
  const cellWidths = widths(cols, Math.min(pageWidthMm * MM, cols.reduce((sum, column) => sum + column.max, 0) + RULE));
  let total = HEADING_MM + row(Math.max(1, ...table.head.map((title, at) => lines(title, cellWidths[at]!, size, true))));
  for (const cells of table.rows.length === 0 ? [['']] : table.rows) {
    let most = 1;
    for (let at = 0; at < cells.length; at++) if (!table.numeric[at]) most = Math.max(most, lines(cells[at]!, cellWidths[at]!, size));
    total += row(most);
  }
  for (const note of table.notes) total += NOTE_LINE_MM * Math.max(1, Math.ceil((textEms(note) * 8.5 * PT) / (pageWidthMm * MM)));
  return total + (table.notes.length > 0 ? NOTES_GAP_MM : 0);
}

interface Measured {
  wide: boolean;
  small: boolean;
  height: number;
  unbroken: boolean[];
}

/**
 * A table's type and width: portrait in the usual type, else portrait in the smaller type,
 * else landscape in the usual type, else landscape in the smaller. Its height is measured at
 * the width it has: a portrait table keeps the portrait width on a landscape page too.
 */
function measure(table: TableText): Measured {
  const ems = columnEms(table);
  const unbroken = ems.map((column) => column.unbroken);
  for (const [wide, small] of [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const) {
    const size = small ? TYPE.small : TYPE.normal;
    const cols = columns(ems, size);
    const page = wide ? PAGE.landscape : PAGE.portrait;
    if (neededMm(cols) <= page.width * WIDTH_MARGIN || (wide && small)) return { wide, small, height: heightMm(table, cols, page.width, size), unbroken };
  }
  throw new Error('unreachable');
}

interface Group {
  first: number;
  end: number;
  orientation: Orientation;
}

interface Cost {
  pages: number;
  flips: number;
  /** Portrait tables set on a landscape page beside a wide one. */
  mixed: number;
  /** The fullest page's share of its height: the lower, the more room a misjudged height has. */
  fullest: number;
}

const better = (a: Cost, b: Cost) =>
  a.pages !== b.pages ? a.pages < b.pages : a.flips !== b.flips ? a.flips < b.flips : a.mixed !== b.mixed ? a.mixed < b.mixed : a.fullest < b.fullest;

/** More sections than this are not planned together (no report has so many): each begins a page. */
const MOST_PLANNED = 16;

/**
 * The sections' pages. Each section begins a page, except that short ones may share one:
 * consecutive sections that together fit a page go on it, a portrait table on a landscape
 * page beside a wide one if that saves a page. Of the ways to do this the plan takes the
 * fewest pages, then the fewest turns between portrait and landscape (the charts before are
 * portrait), then the fewest portrait tables on landscape pages, then the least full page.
 */
export function layoutSections(tables: readonly TableText[]): SectionLayout[] {
  const measured = tables.map(measure);
  const capacity = (orientation: Orientation) => PAGE[orientation].height;
  const fits = (at: number, orientation: Orientation) => measured[at]!.height <= capacity(orientation);
  const groupOf = (first: number, end: number): (Group & { cost: Omit<Cost, 'flips'> }) | null => {
    const orientation: Orientation = measured.slice(first, end).some((entry) => entry.wide) ? 'landscape' : 'portrait';
    const height = measured.slice(first, end).reduce((sum, entry) => sum + entry.height, 0);
    if (end - first > 1) {
      for (let at = first; at < end; at++) if (!fits(at, orientation)) return null;
      if (height > capacity(orientation) * HEIGHT_MARGIN) return null;
    }
    const pages = Math.max(1, Math.ceil(height / capacity(orientation)));
    const mixed = orientation === 'landscape' ? measured.slice(first, end).filter((entry) => !entry.wide).length : 0;
    return { first, end, orientation, cost: { pages, mixed, fullest: pages === 1 ? height / capacity(orientation) : 0 } };
  };

  const known = new Map<number, ReturnType<typeof groupOf>>();
  const group = (first: number, end: number) => {
    const key = first * 1000 + end;
    if (!known.has(key)) known.set(key, groupOf(first, end));
    return known.get(key)!;
  };
  let groups: Group[];
  if (tables.length > MOST_PLANNED) groups = tables.map((_, at) => group(at, at + 1)!);
  else {
    // Every way of cutting the list into pages: at most 2^15 for sixteen sections, a few for a report.
    let best: { groups: Group[]; cost: Cost } | null = null;
    for (let cuts = 0; cuts < 2 ** Math.max(0, tables.length - 1); cuts++) {
      const planned: Group[] = [];
      const cost: Cost = { pages: 0, flips: 0, mixed: 0, fullest: 0 };
      let first = 0;
      let before: Orientation = 'portrait';
      let valid = true;
      for (let at = 1; at <= tables.length && valid; at++) {
        if (at < tables.length && (cuts & (1 << (at - 1))) === 0) continue;
        const page = group(first, at);
        if (page === null) valid = false;
        else {
          planned.push(page);
          cost.pages += page.cost.pages;
          cost.mixed += page.cost.mixed;
          cost.fullest = Math.max(cost.fullest, page.cost.fullest);
          if (page.orientation !== before) cost.flips++;
          before = page.orientation;
          first = at;
        }
      }
      if (valid && (best === null || better(cost, best.cost))) best = { groups: planned, cost };
    }
    groups = best?.groups ?? [];
  }

  const layouts: SectionLayout[] = [];
  for (const { first, end, orientation } of groups) {
    for (let at = first; at < end; at++) {
      const { wide, small, unbroken } = measured[at]!;
      layouts.push({ unbroken, wide, small, orientation, newPage: at === first, short: fits(at, orientation) });
    }
  }
  return layouts;
}
