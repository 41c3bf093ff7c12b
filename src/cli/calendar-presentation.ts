/**
 * What `calendar import` and `calendar show` tell an administrator in words: which
 * days a schedule changes, which hand-set days it leaves alone, which deadlines move,
 * and, for a year without a schedule, how to bring one in.
 */
import type { DayKind } from '../core/calendar.js';
import { CALENDAR_FIELDS, CALENDAR_IMPORT_HEADER } from '../core/calendar-row.js';
import { type IsoDate, isWeekend, weekday } from '../core/dates.js';
import { type LocalText, text } from '../core/text.js';
import type { ChangedDay, KeptDay, MovedDeadline, ScheduleImport } from '../store/calendar-import.js';
import type { Lang } from './i18n.js';
import type { TableSpec } from './render.js';

const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAY_NAMES_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function weekdayName(lang: Lang, date: IsoDate): string {
  return (lang === 'zh' ? WEEKDAY_NAMES : WEEKDAY_NAMES_EN)[weekday(date)]!;
}

/** What a date is under an override, or under none (its weekday decides). */
function dayWords(date: IsoDate, kind: DayKind | null): LocalText {
  if (kind === 'holiday') return text('放假', 'holiday');
  if (kind === 'workday') return isWeekend(date) ? text('调休上班', 'make-up working day') : text('上班', 'working day');
  return isWeekend(date) ? text('休息日', 'weekend') : text('工作日', 'working day');
}

const withNote = (note: string): LocalText => (note === '' ? text('', '') : text(`（${note}）`, ` (${note})`));

function changedLine(day: ChangedDay): LocalText {
  const from = dayWords(day.date, day.from);
  const to = dayWords(day.date, day.to);
  const note = withNote(day.note);
  return {
    zh: `  ${day.date} ${weekdayName('zh', day.date)}：${from.zh} → ${to.zh}${note.zh}`,
    en: `  ${day.date} ${weekdayName('en', day.date)}: ${from.en} → ${to.en}${note.en}`,
  };
}

function keptLine(day: KeptDay): LocalText {
  const mine = dayWords(day.date, day.kind);
  const file = dayWords(day.date, day.file_kind);
  return {
    zh: `  ${day.date} ${weekdayName('zh', day.date)}：手工设为${mine.zh}${withNote(day.note).zh}，文件为${file.zh}${withNote(day.file_note).zh}`,
    en: `  ${day.date} ${weekdayName('en', day.date)}: set by hand as ${mine.en}${withNote(day.note).en}; the file says ${file.en}${withNote(day.file_note).en}`,
  };
}

/** Moved deadlines listed on screen; the rest are in `--format json`. */
const MAX_MOVED_SHOWN = 100;

export function scheduleImportLines(result: ScheduleImport, file: string, days: number, years: readonly number[]): LocalText[] {
  const lines: LocalText[] = [];
  const dry = result.dry_run;
  if (dry) lines.push(text(`试运行（--dry-run）：未写入任何数据。${file}`, `dry run: nothing was written. ${file}`));
  const changed = result.changed.length;
  lines.push(
    dry
      ? text(
          `将导入 ${days} 天（其中 ${changed} 天有变化），覆盖年份：${years.join('、')}`,
          `would import ${days} days (${changed} changed), years: ${years.join(', ')}`,
        )
      : text(
          `已导入 ${days} 天（其中 ${changed} 天有变化），覆盖年份：${years.join('、')}`,
          `imported ${days} days (${changed} changed), years: ${years.join(', ')}`,
        ),
  );
  if (changed > 0) {
    lines.push(text('有变化的日期：', 'days that change:'));
    lines.push(...result.changed.map(changedLine));
  }
  const kept = result.kept_manual.length;
  if (kept > 0) {
    lines.push(
      text(
        `保留 ${kept} 天手工设置（hall calendar set），与文件不同；如要以文件为准，请加 --replace-manual 重新导入：`,
        `kept ${kept} day(s) set by hand (hall calendar set) that the file gives otherwise; to take the file's, import again with --replace-manual:`,
      ),
    );
    lines.push(...result.kept_manual.map(keptLine));
  }
  const moved = result.moved.length;
  if (moved === 0) lines.push(text('在办办件的期限没有变动', 'no deadline of a case in hand moves'));
  else if (dry) lines.push(text(`将有 ${moved} 件在办办件的期限变动（见下表）`, `the deadlines of ${moved} case(s) in hand would move (below)`));
  else
    lines.push(
      text(`${moved} 件在办办件的期限已随之变动（见下表），请告知经办窗口`, `the deadlines of ${moved} case(s) in hand moved (below); tell their windows`),
    );
  return lines;
}

export function movedDeadlinesTable(moved: readonly MovedDeadline[], dry: boolean): TableSpec {
  const shown = moved.slice(0, MAX_MOVED_SHOWN);
  const dash = (date: IsoDate | null) => date ?? '—';
  return {
    title: dry ? text('将变动期限的在办办件', 'cases in hand whose deadlines would move') : text('期限已变动的在办办件', 'cases in hand whose deadlines moved'),
    columns: [
      { key: 'number', title: text('办件编号', 'case') },
      { key: 'window', title: text('窗口', 'window') },
      { key: 'deadline_before', title: text('原承诺期限', 'deadline was') },
      { key: 'deadline_after', title: text('新承诺期限', 'deadline now') },
      { key: 'legal_deadline_before', title: text('原法定期限', 'legal deadline was') },
      { key: 'legal_deadline_after', title: text('新法定期限', 'legal deadline now') },
    ],
    rows: shown.map((row) => ({
      number: row.number,
      window: row.window ?? '—',
      deadline_before: dash(row.deadline_before),
      deadline_after: dash(row.deadline_after),
      legal_deadline_before: dash(row.legal_deadline_before),
      legal_deadline_after: dash(row.legal_deadline_after),
    })),
    footer:
      moved.length > shown.length
        ? [
            text(
              `另有 ${moved.length - shown.length} 件未列出；完整清单请用 --format json`,
              `${moved.length - shown.length} more not shown; --format json lists them all`,
            ),
          ]
        : undefined,
  };
}

/**
 * For a year the calendar has no schedule of: where the schedule comes from, the
 * commands that bring it in, and the header the file needs. Only 元旦 is given as an
 * example row: its date never changes, while any other date would be a guess at a
 * schedule the State Council has not published.
 */
export function missingYearLines(year: number): LocalText[] {
  const file = text(`${year}年节假日.csv`, `holidays-${year}.csv`);
  return [
    text(`${year} 年还没有节假日安排，期限只按周末计算。`, `${year} has no holiday schedule yet; deadlines count weekends only.`),
    text('国务院办公厅每年 11 月前后公布下一年的放假安排。', "The State Council publishes the next year's schedule around November."),
    text(
      '公布后把放假日和调休上班日各写一行，存为 CSV（Excel 可另存为 CSV），先试运行再导入：',
      'Write one row per holiday and per make-up working day, save it as CSV (Excel can), try it, then import it:',
    ),
    text(`  hall calendar import ${file.zh} --dry-run`, `  hall calendar import ${file.en} --dry-run`),
    text(`  hall calendar import ${file.zh}`, `  hall calendar import ${file.en}`),
    text(
      `表头和第一行（类型写 放假/休 或 调休上班/班；日期也可写 ${year}/1/1 或 ${year}年1月1日）：`,
      `The header and a first row (kind: holiday or workday, or 放假/休 and 调休上班/班; dates may be written ${year}/1/1 or ${year}年1月1日):`,
    ),
    text(`  ${CALENDAR_IMPORT_HEADER}`, `  ${CALENDAR_FIELDS.join(',')}`),
    text(`  ${year}-01-01,放假,元旦`, `  ${year}-01-01,holiday,元旦`),
  ];
}
