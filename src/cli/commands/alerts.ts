/**
 * `hall alerts`: the electronic-supervision view (电子监察) — red overdue, yellow due
 * soon: by window its cases, then its reviews (差评整改, SPEC §7.2) and its complaints
 * (投诉工单, §7.3), each in a table of its own under the cases; then combined cases
 * (一件事) in a group of their own (§7.1).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ALERT_KIND_INPUT, ALERT_KINDS, type AlertKind, type AlertLevel } from '../../core/alerts.js';
import { LEVEL_WORDS, pickValue } from '../../core/case-values.js';
import { COMPLAINT_CATEGORY_WORDS } from '../../core/complaint.js';
import { type LocalText, text } from '../../core/text.js';
import { type CaseListRow, listCases } from '../../store/case-list.js';
import { type CombinedAlertRow, combinedAlerts } from '../../store/combined-alerts.js';
import { listWindows } from '../../store/organisation.js';
import { type ComplaintAlertRow, complaintAlerts, type ReviewAlertRow, reviewAlerts } from '../../store/oversight-alerts.js';
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

interface AlertReview extends ReviewAlertRow {
  kind: 'review';
}

interface AlertComplaint extends ComplaintAlertRow {
  kind: 'complaint';
}

/** A window's alerts of one kind, in the order its table lists them. */
function byWindow<Alert extends { window: string | null }>(alerts: readonly Alert[]): Map<string, Alert[]> {
  const windows = new Map<string, Alert[]>();
  for (const alert of alerts) {
    const key = alert.window ?? '—';
    const list = windows.get(key);
    if (list) list.push(alert);
    else windows.set(key, [alert]);
  }
  return windows;
}

const counts = (alerts: readonly { level: AlertLevel }[]) => {
  const red = alerts.filter((alert) => alert.level === 'red').length;
  return { red, yellow: alerts.length - red };
};

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
  // Each store refuses an unknown --window (a typo, not an empty list), whatever the kind asked for.
  // Reviews and complaints come in due order (so most urgent first) from their store.
  const reviews: AlertReview[] = shows('review')
    ? reviewAlerts(db, calendar, { window: options.window }, today, warningDays).map((row) => ({ kind: 'review' as const, ...row }))
    : [];
  const complaints: AlertComplaint[] = shows('complaint')
    ? complaintAlerts(db, calendar, { window: options.window }, today, warningDays).map((row) => ({ kind: 'complaint' as const, ...row }))
    : [];
  const names = new Map(listWindows(db).map((window) => [window.code, window.name]));
  const grouped = [...byWindow(cases).entries()]
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
  const caseTables = new Map<string, TableSpec>(
    grouped.map((group) => [
      group.window,
      {
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
      },
    ]),
  );
  // A window's reviews and complaints are tables of their own under its cases, not rows
  // among them: each kind has other columns (a review's rating, a complaint's category
  // and summary), and one table holding every kind's would not fit 80 columns.
  const windowReviews = byWindow(reviews);
  const windowComplaints = byWindow(complaints);
  const codes = [...new Set([...caseTables.keys(), ...windowReviews.keys(), ...windowComplaints.keys()])].sort((a, b) => a.localeCompare(b));
  const tables: TableSpec[] = [];
  for (const code of codes) {
    const name = names.get(code) ?? null;
    const caseTable = caseTables.get(code);
    if (caseTable) tables.push(caseTable);
    const reviewList = windowReviews.get(code) ?? [];
    if (reviewList.length > 0) {
      const { red: reviewRed, yellow: reviewYellow } = counts(reviewList);
      tables.push({
        title: ALERT_WORDS.oversightTitle('review', code, name, reviewRed, reviewYellow),
        columns: REVIEW_COLUMNS,
        tone: (row) => (row as AlertReview).level,
        rows: reviewList.map((alert) => ({
          ...alert,
          light: light(alert.level),
          rating: ctx.lang === 'zh' ? `${alert.rating} ${LEVEL_WORDS[alert.rating] ?? ''}`.trim() : String(alert.rating),
          days: days({ days_left: alert.days_left, limit_unit: 'workday' }),
        })),
      });
    }
    const complaintList = windowComplaints.get(code) ?? [];
    if (complaintList.length > 0) {
      const { red: complaintRed, yellow: complaintYellow } = counts(complaintList);
      tables.push({
        title: ALERT_WORDS.oversightTitle('complaint', code, name, complaintRed, complaintYellow),
        columns: COMPLAINT_COLUMNS,
        tone: (row) => (row as AlertComplaint).level,
        rows: complaintList.map((alert) => ({
          ...alert,
          light: light(alert.level),
          category: ctx.lang === 'zh' ? COMPLAINT_CATEGORY_WORDS[alert.category][0]! : alert.category,
          days: days({ days_left: alert.days_left, limit_unit: 'workday' }),
        })),
      });
    }
  }
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
  // Likewise reviews and complaints: a line when there is one, or when that kind was asked for.
  const reviewCounts = counts(reviews);
  const complaintCounts = counts(complaints);
  if (shows('review') && (options.kind === 'review' || reviews.length > 0))
    lines.push(ALERT_WORDS.oversightSummary(today, 'review', reviewCounts.red, reviewCounts.yellow, warningDays));
  if (shows('complaint') && (options.kind === 'complaint' || complaints.length > 0))
    lines.push(ALERT_WORDS.oversightSummary(today, 'complaint', complaintCounts.red, complaintCounts.yellow, warningDays));
  // One row per alert, its window and level beside it: what a script or a spreadsheet
  // filters and sorts, where the screen groups by window. A combined case's row names
  // its bundle as the item and every window of its parts. Reviews and complaints come
  // last, so the rows scripts read before stay first: in the case columns their case
  // (a complaint's when it names one), their due date as the deadline, open as the state.
  const oversightRow = (alert: AlertReview | AlertComplaint) => ({
    window: alert.window,
    window_name: alert.window_name,
    level: alert.level,
    number: alert.case,
    state: 'open',
    deadline: alert.due,
    days_left: alert.days_left,
    limit_unit: 'workday',
    kind: alert.kind,
    id: alert.id,
    ...(alert.kind === 'review'
      ? { item: alert.item, item_name: alert.item_name, rating: alert.rating, opened: alert.opened }
      : { category: alert.category, summary: alert.summary, opened: alert.received_date }),
  });
  const flat = [
    ...grouped.flatMap((group) => group.cases.map(({ level, window: code, ...alert }) => ({ window: code, window_name: group.name, level, ...alert }))),
    ...combined.map((alert) => ({
      ...alert,
      window: alert.windows.join('、'),
      window_name: null,
      item: alert.bundle,
      item_name: alert.bundle_name,
    })),
    ...codes.flatMap((code) => (windowReviews.get(code) ?? []).map(oversightRow)),
    ...codes.flatMap((code) => (windowComplaints.get(code) ?? []).map(oversightRow)),
  ];
  return {
    json: {
      date: today,
      warning_days: warningDays,
      red,
      yellow: cases.length - red,
      windows: grouped,
      combined: { red: combinedRed, yellow: combined.length - combinedRed, cases: combined },
      // Beside the combined group, in due order with their windows: `red` and `yellow` above stay the cases'.
      reviews: { ...reviewCounts, alerts: reviews },
      complaints: { ...complaintCounts, alerts: complaints },
      // Every kind's counts in one place, keyed as each alert's `kind`.
      by_kind: {
        case: { red, yellow: cases.length - red },
        combined: { red: combinedRed, yellow: combined.length - combinedRed },
        review: reviewCounts,
        complaint: complaintCounts,
      },
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
  // After those: a review's or a complaint's own (SPEC §7.2, §7.3); its case, due date and days are in the columns above.
  { key: 'id', title: text('整改单/工单编号', 'id') },
  { key: 'rating', title: text('评价', 'rating') },
  { key: 'category', title: text('工单类别', 'category') },
  { key: 'summary', title: text('工单内容', 'summary') },
  { key: 'opened', title: text('开立/收到日期', 'opened') },
];

/**
 * A window's reviews: the 整改单 number `review show` takes, the case and its rating. The
 * item goes first on a narrow terminal, then (in English, where the lights are wider)
 * the rating, which the case number leads to.
 */
const REVIEW_COLUMNS: Column[] = [
  { key: 'light', title: text('预警', 'alert'), whole: true },
  { key: 'id', title: text('整改单', 'no.'), align: 'right', whole: true },
  { key: 'case', title: text('办件编号', 'case'), whole: true },
  { key: 'item_name', title: text('事项', 'item'), drop: 2 },
  { key: 'rating', title: text('评价', 'level'), whole: true, drop: 1 },
  { key: 'due', title: text('整改期限', 'due'), whole: true },
  { key: 'days', title: text('剩余', 'left'), align: 'right', whole: true },
];

/** A window's complaints: the 工单 number, its category in words and its summary, shortened to fit. */
const COMPLAINT_COLUMNS: Column[] = [
  { key: 'light', title: text('预警', 'alert'), whole: true },
  { key: 'id', title: text('工单', 'no.'), align: 'right', whole: true },
  { key: 'category', title: text('类别', 'category'), whole: true },
  { key: 'summary', title: text('内容', 'summary'), least: 8 },
  { key: 'due', title: text('办理期限', 'due'), whole: true },
  { key: 'days', title: text('剩余', 'left'), align: 'right', whole: true },
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
        '电子监察：红灯超期、黄灯临期，按窗口列出办件、差评整改和投诉工单，一件事另列一组',
        'electronic supervision: red overdue, yellow due soon; cases, reviews and complaints by window, combined cases in a group of their own',
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
