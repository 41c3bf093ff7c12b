/**
 * The statistics tables a center's monthly pack and a county's network report share:
 * items (the busiest first), types, departments and 一件事. Each takes its heading, as
 * the two reports title them differently (事项办件统计表 / 事项).
 */
import type { BundleFigures, CombinedFigures, DepartmentFigures, GroupFigures, ItemFigures, TypeFigures } from '../core/metrics.js';
import { text } from '../core/text.js';
import { COMBINED_COLUMNS, combinedCells, FIGURE_COLUMNS, figureCells } from './columns.js';
import type { ReportSection } from './section.js';
import type { SectionTitle } from './words.js';

/** A table on screen lists this many items, the busiest first; files carry them all. */
const ITEMS_ON_SCREEN = 20;

export function itemsSection(heading: SectionTitle, items: readonly ItemFigures[]): ReportSection {
  const byVolume = [...items].sort((a, b) => b.accepted - a.accepted || b.concluded - a.concluded || (a.code < b.code ? -1 : 1));
  const hidden = Math.max(0, byVolume.length - ITEMS_ON_SCREEN);
  return {
    ...heading,
    columns: [
      { key: 'code', title: text('事项编码', 'item'), kind: 'text', shorten: 'middle' },
      { key: 'name', title: text('事项名称', 'name'), kind: 'text' },
      ...FIGURE_COLUMNS,
    ],
    rows: byVolume.map((item) => ({ code: item.code, name: item.name, ...figureCells(item) })),
    shownInTable: ITEMS_ON_SCREEN,
    notes:
      hidden > 0
        ? [
            text(
              `按受理量列前 ${ITEMS_ON_SCREEN} 项，还有 ${hidden} 项未列出（csv、xlsx、json 含全部）`,
              `top ${ITEMS_ON_SCREEN} by volume; ${hidden} more in csv, xlsx and json`,
            ),
          ]
        : [],
  };
}

export function typesSection(heading: SectionTitle, types: readonly TypeFigures[], totals: GroupFigures): ReportSection {
  return {
    ...heading,
    columns: [{ key: 'type', title: text('事项类型', 'type'), kind: 'text' }, ...FIGURE_COLUMNS],
    rows: types.map((type) => ({ type: type.type, ...figureCells(type) })),
    total: figureCells(totals),
  };
}

export function departmentsSection(heading: SectionTitle, departments: readonly DepartmentFigures[], totals: GroupFigures): ReportSection {
  return {
    ...heading,
    columns: [{ key: 'name', title: text('部门', 'department'), kind: 'text' }, ...FIGURE_COLUMNS],
    rows: departments.map((department) => ({ name: department.name, ...figureCells(department) })),
    total: figureCells(totals),
  };
}

/** 一件事: each bundle's combined cases, counted once each (SPEC §7.1); their parts are in the tables above. */
export function bundlesSection(heading: SectionTitle, bundles: readonly BundleFigures[], combined: CombinedFigures): ReportSection {
  return {
    ...heading,
    columns: [
      { key: 'code', title: text('一件事编码', 'bundle'), kind: 'text', whole: true },
      { key: 'name', title: text('一件事名称', 'name'), kind: 'text' },
      { key: 'lead_department', title: text('牵头部门', 'lead department'), kind: 'text', drop: 8 },
      ...COMBINED_COLUMNS,
    ],
    rows: bundles.map((bundle) => ({ code: bundle.code, name: bundle.name, lead_department: bundle.lead_department, ...combinedCells(bundle) })),
    total: { name: '', lead_department: '', ...combinedCells(combined) },
    notes: [
      text(
        '一件事按联办件计：一件受理、一个承诺时限；其各部门子件另计入上方各表',
        'counted once per combined case, against its own promised limit; its parts also count in the tables above',
      ),
    ],
  };
}
