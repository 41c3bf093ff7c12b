/** `hall case show` and `hall case list`: reading cases, apart from the commands that change them (case.ts). */
import { parseCaseStatus } from '../../core/case-values.js';
import { caseView, explainDeadline } from '../../core/case-view.js';
import { type IsoDate, parseDate } from '../../core/dates.js';
import { UsageError } from '../../core/errors.js';
import { normalizeIdText } from '../../core/ids.js';
import { deriveCase } from '../../core/lifecycle.js';
import { text } from '../../core/text.js';
import { pageCases } from '../../store/case-list.js';
import { type CaseRow, evaluationOf, eventsOf, factsOf, findCase, rulesOf } from '../../store/cases.js';
import { isCombinedNumber } from '../../store/combined-cases.js';
import { caseCsvTable, caseListTable, explainCsvTable, explainOutput, historyTable, presentCase } from '../case-presentation.js';
import type { Context } from '../context.js';
import { listFooter } from '../messages/words.js';
import { type PagingOptions, pageLimit, searchText } from '../paging.js';
import type { Column, View } from '../render.js';
import { listCombinedView, showCombined } from './case-combined.js';

/** A case as read back from the database, live as of today. */
function storedView(ctx: Context, row: CaseRow, showPii: boolean | undefined) {
  const events = eventsOf(ctx.db(), row.id);
  const rules = rulesOf(row);
  const derived = deriveCase(events, rules, ctx.calendar());
  return { view: caseView(factsOf(row), rules, events, derived, evaluationOf(row), ctx.calendar(), ctx.today(), showPii === true), rules, derived };
}

export function show(ctx: Context, number: string, options: { showPii?: boolean; explain?: boolean }): View {
  if (isCombinedNumber(number)) return showCombined(ctx, number, options);
  const row = findCase(ctx.db(), number);
  const { view, rules, derived } = storedView(ctx, row, options.showPii);
  const output = presentCase(view);
  output.tables = [historyTable(view, ctx.lang)];
  output.csv = caseCsvTable(view);
  if (!options.explain) return output;
  const explanation = explainDeadline(rules, derived, ctx.calendar(), ctx.today());
  output.json = { ...view, explain: explanation };
  if (explanation) {
    const { lines, table } = explainOutput(explanation, ctx.lang);
    output.lines!.push(...lines);
    output.tables.push(table);
    output.csv = explainCsvTable(view.number, explanation);
  }
  return output;
}

interface ListOptions extends PagingOptions {
  window?: string;
  status?: string;
  from?: string;
  to?: string;
  applicant?: string;
  id?: string;
  showPii?: boolean;
  combined?: boolean;
}

export function list(ctx: Context, options: ListOptions): View {
  if (options.combined) {
    // A combined case has no window, item or id of its own to filter by: its parts do.
    for (const flag of ['window', 'status', 'applicant', 'id'] as const)
      if (options[flag] !== undefined) throw new UsageError('conflicting_options', ['--combined', `--${flag}`]);
    const from = options.from === undefined ? undefined : parseDate('from', options.from);
    const to = options.to === undefined ? undefined : (parseDate('to', options.to) as IsoDate);
    return listCombinedView(ctx, { from, to }, pageLimit(ctx.format, options));
  }
  const idPrefix = searchText('--id', options.id);
  const filter = {
    window: options.window,
    status: options.status === undefined ? undefined : parseCaseStatus('status', options.status),
    from: options.from === undefined ? undefined : parseDate('from', options.from),
    to: options.to === undefined ? undefined : (parseDate('to', options.to) as IsoDate),
    applicant: searchText('--applicant', options.applicant),
    idPrefix: idPrefix === undefined ? undefined : normalizeIdText(idPrefix),
  };
  const limit = pageLimit(ctx.format, options);
  const page = pageCases(ctx.db(), ctx.calendar(), filter, ctx.today(), ctx.settings().warningDays, options.showPii === true, limit);
  return {
    json: page.rows,
    tables: [{ ...caseListTable(page.rows, ctx.lang), footer: [listFooter('cases', page.total, page.rows.length)] }],
    csv: { columns: CASE_LIST_CSV_COLUMNS, rows: page.rows },
  };
}

/** `case list --format csv`: the values of the JSON (state codes, days as a signed number with their unit), not the table's words. */
const CASE_LIST_CSV_COLUMNS: Column[] = [
  { key: 'number', title: text('办件编号', 'number') },
  { key: 'item', title: text('事项编码', 'item') },
  { key: 'item_name', title: text('事项名称', 'item_name') },
  { key: 'applicant', title: text('申请人', 'applicant') },
  { key: 'applicant_id', title: text('证件号码', 'applicant_id') },
  { key: 'window', title: text('窗口', 'window') },
  { key: 'state', title: text('状态', 'state') },
  { key: 'accepted_date', title: text('受理日期', 'accepted_date') },
  { key: 'deadline', title: text('承诺期限', 'deadline') },
  { key: 'days_left', title: text('剩余天数', 'days_left') },
  { key: 'limit_unit', title: text('时限单位', 'limit_unit') },
  { key: 'concluded_date', title: text('办结日期', 'concluded_date') },
  { key: 'outcome', title: text('办理结果', 'outcome') },
];
