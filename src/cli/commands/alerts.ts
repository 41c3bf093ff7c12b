/** `hall alerts`: the electronic-supervision view (电子监察) — red overdue, yellow due soon, by window. */
import type { Command } from 'commander';
import { text } from '../../core/text.js';
import { type CaseListRow, listCases } from '../../store/case-list.js';
import { listWindows } from '../../store/organisation.js';
import type { App } from '../app.js';
import { daysLeftWords } from '../case-presentation.js';
import type { Context } from '../context.js';
import type { Column, TableSpec, View } from '../render.js';

interface AlertCase extends CaseListRow {
  level: 'red' | 'yellow';
}

export function alerts(ctx: Context, options: { window?: string; showPii?: boolean }): View {
  const db = ctx.db();
  const calendar = ctx.calendar();
  const today = ctx.today();
  const { warningDays } = ctx.settings();
  const pick = (status: 'overdue' | 'due-soon', level: AlertCase['level']) =>
    listCases(db, calendar, { window: options.window, status }, today, warningDays, options.showPii === true).map((row) => ({ ...row, level }));
  const cases: AlertCase[] = [...pick('overdue', 'red'), ...pick('due-soon', 'yellow')];
  const windows = new Map<string, AlertCase[]>();
  for (const alert of cases) {
    const key = alert.window ?? '—';
    const list = windows.get(key);
    if (list) list.push(alert);
    else windows.set(key, [alert]);
  }
  const names = new Map(listWindows(db).map((window) => [window.code, window.name]));
  const grouped = [...windows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, list]) => ({
      window: code,
      name: names.get(code) ?? null,
      red: list.filter((alert) => alert.level === 'red').length,
      yellow: list.filter((alert) => alert.level === 'yellow').length,
      cases: list.sort((a, b) => (a.days_left ?? 0) - (b.days_left ?? 0) || a.number.localeCompare(b.number)),
    }));
  const red = cases.filter((alert) => alert.level === 'red').length;
  const tables: TableSpec[] = grouped.map((group) => ({
    title: text(
      `窗口 ${group.window} ${group.name ?? ''}：红灯 ${group.red} 件，黄灯 ${group.yellow} 件`,
      `window ${group.window} ${group.name ?? ''}: ${group.red} red, ${group.yellow} yellow`,
    ),
    columns: [
      { key: 'light', title: text('预警', 'alert'), whole: true },
      { key: 'number', title: text('办件编号', 'number'), whole: true },
      { key: 'item_name', title: text('事项', 'item') },
      { key: 'applicant', title: text('申请人', 'applicant'), drop: 1 },
      { key: 'deadline', title: text('承诺期限', 'deadline'), whole: true },
      { key: 'days', title: text('剩余', 'left'), align: 'right', whole: true },
    ],
    tone: (row) => (row as AlertCase).level,
    rows: group.cases.map((alert) => ({
      ...alert,
      light: ctx.t(alert.level === 'red' ? text('红灯 超期', 'RED overdue') : text('黄灯 临期', 'YELLOW due soon')),
      days: alert.days_left === null ? '—' : ctx.t(daysLeftWords(alert.days_left, alert.limit_unit)),
    })),
  }));
  // One row per alert, its window and level beside it: what a script or a spreadsheet
  // filters and sorts, where the screen groups by window.
  const flat = grouped.flatMap((group) => group.cases.map(({ level, window: code, ...alert }) => ({ window: code, window_name: group.name, level, ...alert })));
  return {
    json: { date: today, warning_days: warningDays, red, yellow: cases.length - red, windows: grouped },
    lines: [
      text(
        `${today} 电子监察：红灯（超期）${red} 件，黄灯（${warningDays} 个工作日内到期）${cases.length - red} 件`,
        `${today}: ${red} overdue (red), ${cases.length - red} due within ${warningDays} working days (yellow)`,
      ),
    ],
    tables,
    csv: { columns: ALERT_CSV_COLUMNS, rows: flat },
  };
}

/** `alerts --format csv`: one table, days as signed numbers (negative = overdue) in the unit beside them. */
const ALERT_CSV_COLUMNS: Column[] = [
  { key: 'window', title: text('窗口', 'window') },
  { key: 'window_name', title: text('窗口名称', 'window_name') },
  { key: 'level', title: text('预警', 'level') },
  { key: 'number', title: text('办件编号', 'number') },
  { key: 'item', title: text('事项编码', 'item') },
  { key: 'item_name', title: text('事项名称', 'item_name') },
  { key: 'applicant', title: text('申请人', 'applicant') },
  { key: 'applicant_id', title: text('证件号码', 'applicant_id') },
  { key: 'state', title: text('状态', 'state') },
  { key: 'accepted_date', title: text('受理日期', 'accepted_date') },
  { key: 'deadline', title: text('承诺期限', 'deadline') },
  { key: 'days_left', title: text('剩余天数', 'days_left') },
  { key: 'limit_unit', title: text('时限单位', 'limit_unit') },
];

export function register(program: Command, app: App): void {
  program
    .command('alerts')
    .description(app.t('电子监察：红灯超期、黄灯临期，按窗口分组', 'electronic supervision: red overdue, yellow due soon, by window'))
    .option('--window <window>', app.t('只看一个窗口（编码或名称）', 'one window only (code or name)'))
    .option('--show-pii', app.t('显示完整证件号码', 'show full id numbers'))
    .action(app.action(alerts));
}
