/**
 * A report as one self-contained HTML page for A4 (SPEC §7.7): the CSS inline, the charts
 * inline SVG, nothing fetched (no script, no font file, no URL), so it opens on an office PC
 * without a network and from a mail attachment. The heading and the bulletin figures, the
 * charts, then every section as a table whose cells read as that section's CSV does.
 */
import type { LocalText } from '../core/text.js';
import { comparisonWords, PAGE_WORDS, type PageChart, type PageFigure, pageCenter, pageDates, pageTitle, type ReportPage } from '../report/page.js';
import { cellText, isWordKind, localValue, percent, type ReportSection, rowsWithTotal } from '../report/section.js';
import { CHART_FONTS, chartSvg } from './report-charts.js';

type Lang = keyof LocalText;

/** More columns than this are set on a landscape page, in a smaller type. */
const WIDE_COLUMNS = 10;
/** A table this short is kept on one page rather than split over two. */
const SHORT_ROWS = 25;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

const STYLE = `
@page { size: A4; margin: 14mm 13mm 15mm; }
@page wide { size: A4 landscape; margin: 12mm 12mm 13mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: ${CHART_FONTS}; font-size: 10.5pt; line-height: 1.45; color: #222; margin: 0 auto; max-width: 184mm; padding: 10mm 0; }
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
section.charts { break-before: auto; }
section.tables { break-before: page; }
section.report-section { margin-bottom: 5mm; }
section.report-section.short { break-inside: avoid; }
section.report-section.wide { page: wide; }
.table-box { overflow-x: auto; }
@media print { .table-box { overflow: visible; } }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
section.wide table { font-size: 7.5pt; }
/* On a portrait-wide screen a landscape table's headers break where they must; printed, they have the room. */
@media screen { section.wide th { overflow-wrap: anywhere; } }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #9aa8bb; padding: 0.8mm 1.2mm; vertical-align: top; }
th { background: #e6edf6; font-weight: 700; text-align: center; }
td.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; background: #f2f5f9; }
tr.empty td { text-align: center; color: #777; }
`;

/** The page, whole: a document that needs nothing but a browser. */
export function reportHtml(page: ReportPage, lang: Lang): string {
  const title = `${page.heading.center} ${pageTitle(page)[lang]}`;
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
    heading(page, lang),
    figuresBlock(page, lang),
    chartsBlock(page.charts, lang),
    `<section class="tables">${page.sections.map((section) => sectionBlock(section, lang)).join('\n')}</section>`,
    '</body>',
    '</html>',
    '',
  ];
  return parts.filter((part) => part !== '').join('\n');
}

function heading(page: ReportPage, lang: Lang): string {
  return [
    '<header class="heading">',
    `<p class="center">${escapeHtml(pageCenter(page.heading)[lang])}</p>`,
    `<h1>${escapeHtml(pageTitle(page)[lang])}</h1>`,
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
    hundredths === 0 ? PAGE_WORDS.unchanged[lang] : `${hundredths > 0 ? '▲' : '▼'} ${(Math.abs(hundredths) / 100).toFixed(2)} ${PAGE_WORDS.points[lang]}`;
  return `<div class="change">${escapeHtml(words)}</div>`;
}

function figuresBlock(page: ReportPage, lang: Lang): string {
  if (page.figures.length === 0) return '';
  const title = page.kind === 'network' ? PAGE_WORDS.networkFigures : PAGE_WORDS.bulletin;
  const compared = page.comparison === null ? '' : `<span class="comparison">${escapeHtml(comparisonWords(page.comparison)[lang])}</span>`;
  const boxes = page.figures.map((figure) => {
    const previous =
      figure.previous === undefined || page.comparison === null
        ? ''
        : `<div class="previous">${escapeHtml(page.comparison.label[lang])} <span class="previous-value">${percentText(figure.previous)}</span></div>${change(figure, lang)}`;
    return [
      `<div class="figure" data-figure="${figure.key}">`,
      `<div class="label">${escapeHtml(figure.title[lang])}</div>`,
      `<div class="value">${percentText(figure.value)}</div>`,
      previous,
      '</div>',
    ].join('');
  });
  const notes = page.notes.length === 0 ? '' : `<ul class="notes">${page.notes.map((note) => `<li>${escapeHtml(note[lang])}</li>`).join('')}</ul>`;
  // Seven figures in rows of four (the last three centred); a network's five in one row.
  const across = page.figures.length <= 5 ? page.figures.length : 4;
  return `<section class="bulletin"><h2>${escapeHtml(title[lang])}${compared}</h2>\n<div class="figures" style="--across: ${across}">\n${boxes.join('\n')}\n</div>${notes}</section>`;
}

function chartsBlock(charts: readonly PageChart[], lang: Lang): string {
  if (charts.length === 0) return '';
  const figures = charts.map(
    (chart) =>
      `<figure class="chart" data-chart="${escapeHtml(chart.name)}"><figcaption>${escapeHtml(chart.title[lang])}</figcaption>\n${chartSvg(chart, lang)}\n${
        chart.note ? `<p class="chart-note">${escapeHtml(chart.note[lang])}</p>` : ''
      }</figure>`,
  );
  return `<section class="charts"><h2>${escapeHtml(PAGE_WORDS.charts[lang])}</h2>\n${figures.join('\n')}</section>`;
}

/**
 * A section as a table: the cells the section's CSV holds (cellText, the formula guard
 * aside), numbers right-aligned, the 合计 row bold, the header repeated on every printed
 * page. Notes about the terminal's shortened table (事项: the top 20) are left out, as
 * every row is here.
 */
function sectionBlock(section: ReportSection, lang: Lang): string {
  const rows = rowsWithTotal(section, lang);
  const wide = section.columns.length > WIDE_COLUMNS;
  const classes = ['report-section', wide ? 'wide' : '', rows.length <= SHORT_ROWS ? 'short' : ''].filter(Boolean).join(' ');
  const head = section.columns.map((column) => `<th>${escapeHtml(column.title[lang])}</th>`).join('');
  const totalAt = section.total === undefined ? -1 : rows.length - 1;
  const body = rows.map((row, index) => {
    const cells = section.columns.map((column) => {
      const value = cellText(localValue(column, row[column.key], row, lang), column.kind);
      const shown = value === null ? '' : escapeHtml(String(value));
      return isWordKind(column.kind) ? `<td>${shown}</td>` : `<td class="number">${shown}</td>`;
    });
    return `<tr${index === totalAt ? ' class="total"' : ''}>${cells.join('')}</tr>`;
  });
  if (rows.length === 0) body.push(`<tr class="empty"><td colspan="${section.columns.length}">${escapeHtml(PAGE_WORDS.none[lang])}</td></tr>`);
  const notes = section.shownInTable === undefined ? (section.notes ?? []) : [];
  const noteList = notes.length === 0 ? '' : `<ul class="notes">${notes.map((note) => `<li>${escapeHtml(note[lang])}</li>`).join('')}</ul>`;
  return [
    `<section class="${classes}" data-section="${escapeHtml(section.name)}">`,
    `<h2>${escapeHtml(section.title[lang])}</h2>`,
    `<div class="table-box"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table></div>`,
    noteList,
    '</section>',
  ].join('\n');
}
