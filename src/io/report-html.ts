/**
 * A report as one self-contained HTML page for A4 (SPEC §7.7): the CSS inline, the charts
 * inline SVG, nothing fetched (no script, no font file, no URL), so it opens on an office PC
 * without a network and from a mail attachment. The heading and the bulletin figures, the
 * charts, then every section as a table whose cells read as that section's CSV does.
 */
import type { LocalText } from '../core/text.js';
import {
  comparisonWords,
  PAGE_WORDS,
  type PageChart,
  type PageFigure,
  pageCase,
  pageCenter,
  pageDates,
  pageTitle,
  type ReportPage,
  rowsCutWords,
} from '../report/page.js';
import { cellText, isWordKind, localValue, percent, type ReportSection, rowsWithTotal } from '../report/section.js';
import { CHART_FONTS, chartSvg } from './report-charts.js';
import { CELL, layoutSections, PAGE, type SectionLayout, type TableText, TYPE } from './report-layout.js';

type Lang = keyof LocalText;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

/** The most columns a report's table has (the monthly pack's 18), with room to spare: each may be kept unbroken. */
const MOST_COLUMNS = 24;

/** A landscape table's width on screen: landscape's printable width where the window has it, else the window's less a margin. */
const SCREEN_WIDE = `min(${PAGE.landscape.width}mm, calc(100vw - 12mm))`;

const STYLE = `
@page { size: A4; margin: 14mm 13mm 15mm; }
@page wide { size: A4 landscape; margin: 12mm 12mm 13mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: ${CHART_FONTS}; font-size: 10.5pt; line-height: 1.45; color: #222; margin: 0 auto; max-width: ${PAGE.portrait.width}mm; padding: 10mm 0; }
@media print { body { max-width: none; padding: 0; } }
header.heading { text-align: center; border-bottom: 2.5px solid #1f3b63; padding-bottom: 3.5mm; margin-bottom: 5mm; }
header.heading .center { font-size: 12pt; margin: 0; }
header.heading h1 { font-size: 20pt; letter-spacing: 0.04em; margin: 1.5mm 0; color: #1f3b63; }
header.heading .dates { font-size: 9pt; color: #555; margin: 0; }
h2 { font-size: 13pt; color: #1f3b63; border-left: 4px solid #1f3b63; padding-left: 2.5mm; margin: 6mm 0 2.5mm; break-after: avoid; }
.comparison { font-size: 9pt; color: #555; font-weight: normal; margin-left: 2mm; }
.figures { display: flex; flex-wrap: wrap; justify-content: center; gap: 2.5mm; }
.figure { flex: 0 0 calc((100% - (var(--across) - 1) * 2.5mm) / var(--across)); border: 1px solid #b8c6da; border-top: 3px solid #1f3b63; padding: 2.5mm 2mm; text-align: center; break-inside: avoid; }
.figure .label { font-size: 10pt; font-weight: 700; }
.figure .value { font-size: 21pt; font-weight: 700; color: #1f3b63; line-height: 1.25; font-variant-numeric: tabular-nums; }
.figure .previous, .figure .change { font-size: 8.5pt; color: #555; }
.notes { font-size: 8.5pt; color: #555; margin: 1.5mm 0 0; padding: 0; list-style: none; }
figure.chart { margin: 4mm 0 0; break-inside: avoid; }
figure.chart figcaption { font-size: 10.5pt; font-weight: 700; margin-bottom: 1mm; }
figure.chart svg { display: block; width: 100%; height: auto; }
.chart-note { font-size: 8.5pt; color: #555; margin: 1.5mm 0 0; }
section.tables.new-page { break-before: page; }
/* A page of one table alone: its heading is printed on the table's page. */
header.heading.landscape { page: wide; }
section.report-section { margin-bottom: 5mm; }
section.report-section.short { break-inside: avoid; }
section.report-section.new-page { break-before: page; }
section.report-section.landscape { page: wide; }
/* A portrait table keeps its width on a landscape page beside a wide one. */
section.report-section:not(.wide) .table-box { max-width: ${PAGE.portrait.width}mm; }
.table-box { overflow-x: auto; }
@media print { .table-box { overflow: visible; } }
/* On screen a landscape table takes landscape's width where the window has it, centred on the page. */
@media screen { section.wide { width: ${PAGE.landscape.width}mm; width: ${SCREEN_WIDE}; margin-left: calc((100% - ${SCREEN_WIDE}) / 2); } }
table { border-collapse: collapse; width: 100%; font-size: ${TYPE.normal}pt; line-height: ${CELL.lineHeight}; }
section.small table { font-size: ${TYPE.small}pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #9aa8bb; padding: ${CELL.padY}mm ${CELL.padX}mm; vertical-align: top; }
/* A header breaks between English words, never inside a Chinese one (上期/结转 would read as two). */
th { background: #e6edf6; font-weight: 700; text-align: center; vertical-align: middle; word-break: keep-all; }
td.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.date { white-space: nowrap; }
/* A column of short names (窗口名称) is not broken to make room: its section names it (unbroken-2). */
${Array.from({ length: MOST_COLUMNS }, (_, at) => `.unbroken-${at + 1} td:nth-child(${at + 1})`).join(', ')} { white-space: nowrap; }
tr.total td { font-weight: 700; background: #f2f5f9; }
tr.empty td { text-align: center; color: #777; }
`;

/** The page, whole: a document that needs nothing but a browser. */
export function reportHtml(page: ReportPage, lang: Lang): string {
  const title = `${page.heading.center} ${pageTitle(page)[lang]}`;
  // With figures or charts the tables begin a page; a page of tables alone (--section) begins with them.
  const alone = page.figures.length === 0 && page.charts.length === 0;
  const tables = page.sections.map((section) => tableText(section, lang));
  const layouts = layoutSections(tables);
  if (alone && layouts[0] !== undefined) layouts[0].newPage = false;
  const parts = [
    '<!doctype html>',
    `<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    `<body data-report="${page.kind}">`,
    heading(page, lang, alone && layouts[0]?.orientation === 'landscape'),
    figuresBlock(page, lang),
    chartsBlock(page.charts, lang),
    `<section class="tables${alone ? '' : ' new-page'}">${page.sections.map((section, at) => sectionBlock(section, tables[at]!, layouts[at]!, lang)).join('\n')}</section>`,
    '</body>',
    '</html>',
    '',
  ];
  return parts.filter((part) => part !== '').join('\n');
}

function heading(page: ReportPage, lang: Lang, landscape: boolean): string {
  return [
    `<header class="heading${landscape ? ' landscape' : ''}">`,
    `<p class="center">${escapeHtml(pageCenter(page.heading)[lang])}</p>`,
    `<h1>${escapeHtml(pageCase(pageTitle(page)[lang], lang))}</h1>`,
    `<p class="dates">${escapeHtml(pageDates(page.heading)[lang])}</p>`,
    '</header>',
  ].join('\n');
}

const percentText = (value: number | null) => percent(value) ?? '—';

/** The change in percentage points as the two percentages shown differ (▲ 0.33 个百分点, or 持平); nothing when either side has no figure. */
function change(figure: PageFigure, lang: Lang): string {
  if (figure.value === null || figure.previous === null || figure.previous === undefined) return '';
  const hundredths = Math.round(figure.value * 10000) - Math.round(figure.previous * 10000);
  const words =
    hundredths === 0
      ? pageCase(PAGE_WORDS.unchanged[lang], lang)
      : `${hundredths > 0 ? '▲' : '▼'} ${(Math.abs(hundredths) / 100).toFixed(2)} ${PAGE_WORDS.points[lang]}`;
  return `<div class="change">${escapeHtml(words)}</div>`;
}

const notesList = (notes: readonly string[], lang: Lang) =>
  notes.length === 0 ? '' : `<ul class="notes">${notes.map((note) => `<li>${escapeHtml(pageCase(note, lang))}</li>`).join('')}</ul>`;

function figuresBlock(page: ReportPage, lang: Lang): string {
  if (page.figures.length === 0) return '';
  const title = page.kind === 'network' ? PAGE_WORDS.networkFigures : PAGE_WORDS.bulletin;
  const compared = page.comparison === null ? '' : `<span class="comparison">${escapeHtml(comparisonWords(page.comparison)[lang])}</span>`;
  const boxes = page.figures.map((figure) => {
    const previous =
      figure.previous === undefined || page.comparison === null
        ? ''
        : `<div class="previous">${escapeHtml(pageCase(page.comparison.label[lang], lang))} <span class="previous-value">${percentText(figure.previous)}</span></div>${change(figure, lang)}`;
    return [
      `<div class="figure" data-figure="${figure.key}">`,
      `<div class="label">${escapeHtml(pageCase(figure.title[lang], lang))}</div>`,
      `<div class="value">${percentText(figure.value)}</div>`,
      previous,
      '</div>',
    ].join('');
  });
  // Seven figures in rows of four (the last three centred); a network's five in one row.
  const across = page.figures.length <= 5 ? page.figures.length : 4;
  return `<section class="bulletin"><h2>${escapeHtml(pageCase(title[lang], lang))}${compared}</h2>\n<div class="figures" style="--across: ${across}">\n${boxes.join('\n')}\n</div>${notesList(
    page.notes.map((note) => note[lang]),
    lang,
  )}</section>`;
}

function chartsBlock(charts: readonly PageChart[], lang: Lang): string {
  if (charts.length === 0) return '';
  const figures = charts.map(
    (chart) =>
      `<figure class="chart" data-chart="${escapeHtml(chart.name)}"><figcaption>${escapeHtml(pageCase(chart.title[lang], lang))}</figcaption>\n${chartSvg(chart, lang)}\n${
        chart.note ? `<p class="chart-note">${escapeHtml(pageCase(chart.note[lang], lang))}</p>` : ''
      }</figure>`,
  );
  return `<section class="charts"><h2>${escapeHtml(pageCase(PAGE_WORDS.charts[lang], lang))}</h2>\n${figures.join('\n')}</section>`;
}

/**
 * The most rows a table has on the page. A month's 超期办件明细表 on a large database runs
 * to tens of thousands (49,433 on the 1M-case bench: 1,500 printed pages and 10 MB of page);
 * a page shows the first ones and says where every row is.
 */
export const PAGE_ROWS = 1000;

/**
 * A section's table as text: the cells the section's CSV holds (cellText, the formula guard
 * aside), and which columns hold numbers or dates; at most PAGE_ROWS rows and the 合计.
 * Notes about the terminal's shortened table (事项: the top 20) are left out, as every row
 * is here.
 */
function tableText(section: ReportSection, lang: Lang): TableText {
  const cut = section.rows.length > PAGE_ROWS;
  const shown = cut ? { ...section, rows: section.rows.slice(0, PAGE_ROWS) } : section;
  const notes = [...(section.shownInTable === undefined ? (section.notes ?? []) : []), ...(cut ? [rowsCutWords(PAGE_ROWS, section.rows.length)] : [])];
  const rows = rowsWithTotal(shown, lang).map((row) =>
    section.columns.map((column) => {
      const value = cellText(localValue(column, row[column.key], row, lang), column.kind);
      return value === null ? '' : String(value);
    }),
  );
  return {
    head: section.columns.map((column) => pageCase(column.title[lang], lang)),
    rows,
    numeric: section.columns.map((column) => !isWordKind(column.kind) || column.kind === 'date'),
    notes: notes.map((note) => pageCase(note[lang], lang)),
    lang,
  };
}

/**
 * A section as a table: numbers right-aligned, the 合计 row bold, the header repeated on
 * every printed page; on a landscape page when it needs the width, in the smaller type when
 * it needs the room, beginning a page unless it shares the one before.
 */
function sectionBlock(section: ReportSection, table: TableText, layout: SectionLayout, lang: Lang): string {
  const classes = [
    'report-section',
    layout.wide ? 'wide' : '',
    layout.small ? 'small' : '',
    layout.orientation === 'landscape' ? 'landscape' : '',
    layout.newPage ? 'new-page' : '',
    layout.short ? 'short' : '',
    ...layout.unbroken.flatMap((kept, at) => (kept && at < MOST_COLUMNS ? [`unbroken-${at + 1}`] : [])),
  ].filter(Boolean);
  const head = table.head.map((title) => `<th>${escapeHtml(title)}</th>`).join('');
  const totalAt = section.total === undefined ? -1 : table.rows.length - 1;
  const kinds = section.columns.map((column) => (!isWordKind(column.kind) ? ' class="number"' : column.kind === 'date' ? ' class="date"' : ''));
  const body = table.rows.map(
    (cells, index) => `<tr${index === totalAt ? ' class="total"' : ''}>${cells.map((cell, at) => `<td${kinds[at]}>${escapeHtml(cell)}</td>`).join('')}</tr>`,
  );
  if (table.rows.length === 0) body.push(`<tr class="empty"><td colspan="${section.columns.length}">${escapeHtml(PAGE_WORDS.none[lang])}</td></tr>`);
  return [
    `<section class="${classes.join(' ')}" data-section="${escapeHtml(section.name)}">`,
    `<h2>${escapeHtml(pageCase(section.title[lang], lang))}</h2>`,
    `<div class="table-box"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table></div>`,
    notesList(table.notes, lang),
    '</section>',
  ].join('\n');
}
