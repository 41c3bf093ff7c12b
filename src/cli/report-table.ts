/**
 * Report sections (src/report) as the terminal and CSV show them: rates as percentages,
 * fen as 元, both with two decimals; and a section's rows as its JSON carries them.
 */
import { text } from '../core/text.js';
import { cellText, isWordKind, localRow, localValue, type ReportSection, rowsWithTotal } from '../report/section.js';
import { type Lang, say } from './i18n.js';
import type { Column, TableSpec } from './render.js';

export function sectionTable(section: ReportSection, whole: boolean, lang: Lang): TableSpec {
  const all = rowsWithTotal(section, lang);
  const rows = whole || section.shownInTable === undefined ? all : all.slice(0, section.shownInTable);
  const columns: Column[] = section.columns.map((column) => ({
    key: column.key,
    title: column.title,
    align: isWordKind(column.kind) ? 'left' : 'right',
    // Numbers and dates are never shortened; names and words are.
    whole: column.whole ?? !(column.kind === 'text' || column.kind === 'code'),
    drop: column.drop,
    shorten: column.shorten,
    unit: column.unit,
  }));
  // A blank line between sections: a pack is read top to bottom like a printed report.
  const title = `\n${say(lang, section.title)}`;
  return {
    title: text(title, title),
    columns,
    footer: section.notes,
    rows: rows.map((row) =>
      Object.fromEntries(section.columns.map((column) => [column.key, cellText(localValue(column, row[column.key], row, lang), column.kind)])),
    ),
  };
}

/** What `--format json` prints for one section: its rows, the 合计 row last, codes in words. */
export function sectionJson(section: ReportSection, lang: Lang): object[] {
  return rowsWithTotal(section, lang).map((row) => localRow(section, row, lang));
}
