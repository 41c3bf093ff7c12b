/**
 * `hall alerts`: the electronic-supervision view (电子监察) — red overdue, yellow due
 * soon: cases by window, then combined cases (一件事) in a group of their own (SPEC §7.1).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ALERT_KIND_INPUT, ALERT_KINDS, type AlertKind, type AlertLevel } from '../../core/alerts.js';
import { pickValue } from '../../core/case-values.js';
import { type LocalText, text } from '../../core/text.js';
import { type CaseListRow, listCases } from '../../store/case-list.js';
import { type CombinedAlertRow, combinedAlerts } from '../../store/combined-alerts.js';
import { listWindows, windowId } from '../../store/organisation.js';
import type { App } from '../app.js';
import { daysLeftWords } from '../case-presentation.js';
import type { Context } from '../context.js';
import { ALERT_WORDS } from '../messages/words.js';
import type { Column, TableSpec, View } from '../render.js';

interface AlertCase extends CaseListRow {
  kind: 'case';
  level: AlertLevel;
}

interface AlertCombined extends CombinedAlertRow {
  kind: 'combined';
}

export function alerts(ctx: Context, options: { window?: string; kind?: AlertKind; showPii?: boolean }): View {
  const db = ctx.db();
  const calendar = ctx.calendar();
  const today = ctx.today();
  const { warningDays } = ctx.settings();
  const showPii = options.showPii === true;
  const shows = (kind: AlertKind) => options.kind === undefined || options.kind === kind;
  const pick = (status: 'overdue' | 'due-soon', level: AlertLevel) =>
    listCases(db, calendar, { window: options.window, status }, today, warningDays, showPii).map((row) => ({ kind: 'case' as const, ...row, level }));
  const cases: AlertCase[] = shows('case') ? [...pick('overdue', 'red'), ...pick('due-soon', 'yellow')] : [];
  // With --window, a combined case is there when any of its parts is at that window (store/combined-alerts.ts).
  const combined: AlertCombined[] = shows('combined')
    ? combinedAlerts(db, calendar, { window: options.window }, today, warningDays, showPii)
        .map((row) => ({ kind: 'combined' as const, ...row }))
        .sort((a, b) => (a.days_left ?? 0) - (b.days_left ?? 0) || a.number.localeCompare(b.number))
    : [];
  // An unknown --window is a typo, not an empty list, whatever the kind asked for.
  if (options.window !== undefined && !shows('case') && !shows('combined')) windowId(db, options.window);
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
  const combinedRed = combined.filter((alert) => alert.level === 'red').length;
  const light = (level: AlertLevel) => ctx.t(ALERT_WORDS.light[level]);
  const days = (alert: { days_left: number | null; limit_unit: 'workday' | 'calendar' }) =>
    alert.days_left === null ? '—' : ctx.t(daysLeftWords(alert.days_left, alert.limit_unit));
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
    rows: group.cases.map((alert) => ({ ...alert, light: light(alert.level), days: days(alert) })),
  }));
  // The 一件事 group after the windows' groups: a combined case spans windows, and its
  // parts are already among the cases above under their own deadlines.
  if (combined.length > 0) {
    tables.push({
      title: ALERT_WORDS.combinedTitle(combinedRed, combined.length - combinedRed),
      columns: [
        { key: 'light', title: text('预警', 'alert'), whole: true },
        { key: 'number', title: text('联办编号', 'number'), whole: true },
        { key: 'bundle_name', title: text('一件事', 'bundle'), least: 8 },
        // On a narrow terminal the applicant goes first, as in a window's group, then the
        // parts count (the J number leads to it): 80 columns hold the rest in English too.
        { key: 'applicant', title: text('申请人', 'applicant'), drop: 2 },
        { key: 'deadline', title: text('承诺期限', 'deadline'), whole: true },
        { key: 'days', title: text('剩余', 'left'), align: 'right', whole: true },
        { key: 'parts', title: text('已完成', 'done'), align: 'right', whole: true, drop: 1 },
      ],
      tone: (row) => (row as AlertCombined).level,
      rows: combined.map((alert) => ({ ...alert, light: light(alert.level), days: days(alert), parts: `${alert.parts_done}/${alert.parts_total}` })),
    });
  }
  const lines: LocalText[] = [];
  if (shows('case'))
    lines.push(
      text(
        `${today} 电子监察：红灯（超期）${red} 件，黄灯（${warningDays} 个工作日内到期）${cases.length - red} 件`,
        `${today}: ${red} overdue (red), ${cases.length - red} due within ${warningDays} working days (yellow)`,
      ),
    );
  // Without --kind the 一件事 line appears only when there is one to show, so that a
  // center without combined cases reads the screen it always has.
  if (shows('combined') && (options.kind === 'combined' || combined.length > 0))
    lines.push(ALERT_WORDS.combinedSummary(today, combinedRed, combined.length - combinedRed, warningDays));
  if (options.kind === 'review' || options.kind === 'complaint') lines.push(ALERT_WORDS.noneOfKind(today, options.kind));
  // One row per alert, its window and level beside it: what a script or a spreadsheet
  // filters and sorts, where the screen groups by window. A combined case's row names
  // its bundle as the item and every window of its parts.
  const flat = [
    ...grouped.flatMap((group) => group.cases.map(({ level, window: code, ...alert }) => ({ window: code, window_name: group.name, level, ...alert }))),
    ...combined.map((alert) => ({
      ...alert,
      window: alert.windows.join('、'),
      window_name: null,
      item: alert.bundle,
      item_name: alert.bundle_name,
    })),
  ];
  return {
    json: {
      date: today,
      warning_days: warningDays,
      red,
      yellow: cases.length - red,
      windows: grouped,
      combined: { red: combinedRed, yellow: combined.length - combinedRed, cases: combined },
    },
    lines,
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
  // After the columns scripts already read by position: what kind of alert, and a combined case's parts.
  { key: 'kind', title: text('预警类别', 'kind') },
  { key: 'parts_done', title: text('已完成件数', 'parts_done') },
  { key: 'parts_total', title: text('件数', 'parts_total') },
];

/**
 * `--kind`: the spec's word or a clerk's Chinese one. Anything else is refused by
 * commander as a bad option value (usage, exit 2) naming the value and every word
 * accepted, as `--format` and `--lang` are.
 */
function parseKind(value: string): AlertKind {
  const kind = pickValue(ALERT_KINDS, ALERT_KIND_INPUT, value);
  if (kind === undefined)
    throw new InvalidArgumentError(`Allowed choices are ${[...ALERT_KINDS, ...ALERT_KINDS.map((each) => ALERT_KIND_INPUT[each][0]!)].join(', ')}.`);
  return kind;
}

export function register(program: Command, app: App): void {
  program
    .command('alerts')
    .description(
      app.t(
        '电子监察：红灯超期、黄灯临期，按窗口分组，一件事另列一组',
        'electronic supervision: red overdue, yellow due soon, by window, combined cases in a group of their own',
      ),
    )
    .option(
      '--window <window>',
      app.t('只看一个窗口（编码或名称）；一件事有一件在该窗口即列出', 'one window only (code or name); a combined case when any part is there'),
    )
    .addOption(
      new Option(
        '--kind <kind>',
        app.t(
          '只看一类预警：办件 | 一件事 | 差评 | 投诉（或 case、combined、review、complaint）',
          'one kind only: case | combined | review | complaint (or 办件, 一件事, 差评, 投诉)',
        ),
      ).argParser(parseKind),
    )
    .option('--show-pii', app.t('显示完整证件号码', 'show full id numbers'))
    .action(app.action(alerts));
}
