/**
 * Keeping next year's calendar: a schedule saved from Excel, a re-import that names
 * what it changes, keeps days set by hand and tells which deadlines move, a dry run
 * that shows all of it and writes nothing, and a year with no schedule saying how to
 * bring one in. The 2027 files are invented test schedules (the official one is not
 * published in our data); the expected dates follow from those files by hand.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneDayPerDate, parseDayKind, parseScheduleDate, type ScheduleRow } from '../src/core/calendar-row.js';
import { InvalidValue } from '../src/core/errors.js';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

/** Late December 2026: the week a center imports next year's schedule. */
const DECEMBER = { HALL_NOW: '2026-12-28T10:00:00+08:00' };

function csv(name: string, lines: string[]): string {
  const path = join(tempDir(), name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function json(db: string, args: string[], env: Record<string, string> = DECEMBER) {
  const result = await hall(db, [...args, '--format', 'json'], env);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

/** A database with the test catalog and one case in hand accepted on 2026-12-28 (5 promised, 20 legal working days). */
async function centerInDecember(): Promise<{ db: string; number: string }> {
  const db = await freshDb();
  expect((await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')])).code).toBe(0);
  const registered = await json(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '张三']);
  return { db, number: registered.number };
}

describe('the dates and words of a schedule file', () => {
  it('reads the forms Excel and people write a date in', () => {
    for (const form of ['2027-01-01', '2027-1-1', '2027/1/1', '2027/01/01', '2027.1.1', '2027年1月1日', '2027 年 1 月 1 日', '2027/1/1 0:00', '２０２７/1/1']) {
      expect(parseScheduleDate('date', form), form).toBe('2027-01-01');
    }
    expect(parseScheduleDate('date', '2027/2/14')).toBe('2027-02-14');
  });

  it('refuses what is not one date', () => {
    for (const form of ['2027/2/30', '2027/1-1', '2027年1-1', '27/1/1', '1/1/2027', '2027/1/1 9:00', '2027年1月', '46388', '2200/1/1']) {
      expect(() => parseScheduleDate('date', form), form).toThrow(InvalidValue);
    }
    expect(() => parseScheduleDate('date', '2200/1/1')).toThrow(expect.objectContaining({ problem: { rule: 'date_range' } }));
    expect(() => parseScheduleDate('date', '2027/2/30')).toThrow(expect.objectContaining({ problem: { rule: 'schedule_date' } }));
  });

  it('reads the kind words of wall calendars and notices, but not the ambiguous 调休', () => {
    for (const word of ['休', '假日', '放假', '节假日', 'Holiday']) expect(parseDayKind('kind', word), word).toBe('holiday');
    for (const word of ['班', '调休上班', '补班', '上班', 'workday']) expect(parseDayKind('kind', word), word).toBe('workday');
    expect(() => parseDayKind('kind', '调休')).toThrow(InvalidValue);
  });

  it('keeps one day per date: a repeated row counts once, two rows that disagree are a conflict', () => {
    const row = (n: number, date: string, kind: 'holiday' | 'workday', note = ''): ScheduleRow => ({
      row: n,
      line: n + 1,
      day: { date, kind, note },
      dateCell: date,
    });
    const { days, conflicts, repeats } = oneDayPerDate([
      row(1, '2027-01-01', 'holiday', '元旦'),
      row(2, '2027-02-14', 'workday'),
      row(3, '2027-01-01', 'holiday', '元旦'),
      row(4, '2027-02-14', 'holiday'),
    ]);
    expect(days.map((day) => day.date)).toEqual(['2027-01-01', '2027-02-14']);
    expect(repeats.map(({ row, first }) => [row.row, first.row])).toEqual([[3, 1]]);
    expect(conflicts.map(({ row, error }) => [row.row, error.problem])).toEqual([
      [4, { rule: 'duplicate_date', firstRow: 2, firstLine: 3, firstKind: 'workday', firstNote: '' }],
    ]);
  });
});

describe('hall calendar import', () => {
  it('imports a schedule saved from Excel (GB18030, 2027/1/1, 2027年2月10日, 休 and 班)', async () => {
    const db = await freshDb();
    const result = await json(db, ['calendar', 'import', fixture('calendar-excel.csv')]);
    expect(result).toMatchObject({ days: 11, changed: 11, years: [2027], deadlines_moved: 0, kept_manual: [], dry_run: false });
    expect(result.changed_days[0]).toEqual({ date: '2027-01-01', from: null, to: 'holiday', note: '元旦（测试样例）' });
    const shown = await json(db, ['calendar', 'show', '--year', '2027']);
    expect(shown.covered).toBe(true);
    expect(shown.days.map((day: { date: string; kind: string }) => `${day.date} ${day.kind}`)).toEqual([
      '2027-01-01 holiday',
      ...['06', '07', '08', '09', '10', '11', '12', '13'].map((day) => `2027-02-${day} holiday`),
      '2027-02-14 workday',
      '2027-02-20 workday',
    ]);
    expect((await hall(db, ['calendar', 'add', '2027-02-05', '1'])).stdout).toBe('2027-02-14\n'); // the 班 Sunday
  });

  it('names the days that change and the deadlines that move, and a dry run writes none of it', async () => {
    const { db, number } = await centerInDecember();
    const before = await json(db, ['case', 'show', number]);
    // Weekends only in 2027 so far: 12-29, 12-30, 12-31, 01-01, 01-04 → 2027-01-04.
    expect(before).toMatchObject({ deadline: '2027-01-04', legal_deadline: '2027-01-25' });
    const unchanged = dump(db);

    const dry = await hall(db, ['calendar', 'import', fixture('calendar-excel.csv'), '--dry-run'], DECEMBER);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dump(db)).toBe(unchanged);
    expect(dry.stdout).toContain('试运行（--dry-run）：未写入任何数据。');
    expect(dry.stdout).toContain('将导入 11 天（其中 11 天有变化），覆盖年份：2027');
    expect(dry.stdout).toContain('  2027-01-01 周五：工作日 → 放假（元旦（测试样例））');
    expect(dry.stdout).toContain('  2027-02-14 周日：休息日 → 调休上班（春节调休（测试样例））');
    expect(dry.stdout).toContain('将有 1 件在办办件的期限变动（见下表）');
    expect(dry.stdout).toMatch(new RegExp(`│ ${number} │ W001 │ 2027-01-04 +│ 2027-01-05 +│ 2027-01-25 +│ 2027-01-26 +│`));
    // No English word but the flag it names and the file's path.
    expect(dry.stdout.replace('--dry-run', '').replace(fixture('calendar-excel.csv'), '')).not.toMatch(/[a-z]{3,}/i);
    expect(dump(db)).toBe(unchanged);

    const tried = await json(db, ['calendar', 'import', fixture('calendar-excel.csv'), '--dry-run']);
    const done = await json(db, ['calendar', 'import', fixture('calendar-excel.csv')]);
    expect(tried.dry_run).toBe(true);
    expect(done).toEqual({ ...tried, dry_run: false });
    expect(done).toMatchObject({
      deadlines_moved: 1,
      moved_deadlines: [
        {
          number,
          window: 'W001',
          deadline_before: '2027-01-04',
          deadline_after: '2027-01-05',
          legal_deadline_before: '2027-01-25',
          legal_deadline_after: '2027-01-26', // 01-01 off
        },
      ],
    });
    expect(await json(db, ['case', 'show', number])).toMatchObject({ deadline: '2027-01-05', legal_deadline: '2027-01-26' });

    // The same file again changes nothing and moves nothing, and says so.
    const again = await hall(db, ['calendar', 'import', fixture('calendar-excel.csv')], DECEMBER);
    expect(again.stdout).toBe('已导入 11 天（其中 0 天有变化），覆盖年份：2027\n在办办件的期限没有变动\n');
  });

  it('lists the first 100 moved deadlines on screen and every one in JSON', async () => {
    const db = await freshDb();
    expect((await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')])).code).toBe(0);
    const rows = Array.from({ length: 101 }, (_, index) => `,XK10001000,申请人${index + 1},,,2026-12-2${index % 2 === 0 ? '1' : '2'} 09:00,,`);
    const history = csv('open.csv', ['办件编号,事项编码,申请人,证件号码,受理窗口,受理时间,办结时间,办理结果', ...rows]);
    const imported = await hall(db, ['cases', 'import', history], DECEMBER);
    expect(imported.code, imported.stderr).toBe(0);
    const screen = await hall(db, ['calendar', 'import', fixture('calendar-excel.csv')], DECEMBER);
    expect(screen.stdout).toContain('101 件在办办件的期限已随之变动（见下表），请告知经办窗口');
    expect(screen.stdout.match(/│ 2026122\d-\d{4} │/g)).toHaveLength(100);
    expect(screen.stdout).toContain('另有 1 件未列出；完整清单请用 --format json');
  });

  it('keeps days set by hand unless --replace-manual, and says which', async () => {
    const { db, number } = await centerInDecember();
    // Before the notice came out the center guessed two 调休 Saturdays and set them by hand.
    await hall(db, ['calendar', 'set', '2027-02-13', 'workday', '--note', '估计调休'], DECEMBER);
    await hall(db, ['calendar', 'set', '2027-02-20', 'workday', '--note', '估计调休'], DECEMBER);
    const file = csv('2027.csv', ['日期,类型,说明', '2027/1/1,休,元旦', '2027/2/13,休,春节', '2027/2/20,调休上班,春节调休']);

    const kept = await hall(db, ['calendar', 'import', file], DECEMBER);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain('已导入 3 天（其中 1 天有变化），覆盖年份：2027\n有变化的日期：\n  2027-01-01 周五：工作日 → 放假（元旦）\n');
    // 02-20 agrees with the file and is simply left as set; 02-13 does not, and is named.
    expect(kept.stdout).toContain(
      '保留 1 天手工设置（hall calendar set），与文件不同；如要以文件为准，请加 --replace-manual 重新导入：\n  2027-02-13 周六：手工设为调休上班（估计调休），文件为放假（春节）\n',
    );
    expect(kept.stdout).toContain('1 件在办办件的期限已随之变动（见下表），请告知经办窗口');
    const shown = await json(db, ['calendar', 'show', '--year', '2027']);
    expect(shown.covered).toBe(true);
    expect(shown.days).toEqual([
      { date: '2027-01-01', kind: 'holiday', note: '元旦', source: 'calendar import 2027.csv' },
      { date: '2027-02-13', kind: 'workday', note: '估计调休', source: 'calendar set (tester)' },
      { date: '2027-02-20', kind: 'workday', note: '估计调休', source: 'calendar set (tester)' },
    ]);
    expect((await json(db, ['case', 'show', number])).deadline).toBe('2027-01-05'); // 12-29, 30, 31, 01-04, 01-05

    const replaced = await json(db, ['calendar', 'import', file, '--replace-manual']);
    expect(replaced).toMatchObject({
      changed: 1,
      changed_days: [{ date: '2027-02-13', from: 'workday', to: 'holiday', note: '春节' }],
      kept_manual: [],
      deadlines_moved: 0,
      moved_deadlines: [],
    });
    expect((await json(db, ['calendar', 'show', '--year', '2027'])).days.map((day: { source: string }) => day.source)).toEqual([
      'calendar import 2027.csv',
      'calendar import 2027.csv',
      'calendar import 2027.csv',
    ]);
  });

  it('refuses a file that gives one date two ways, naming both rows, and takes a repeated row once', async () => {
    const db = await freshDb();
    const before = dump(db);
    const conflicting = csv('twice.csv', ['日期,类型,说明', '2027/2/14,班,春节调休', '2027/1/1,休,元旦', '2027-02-14,休,春节']);
    const refused = await hall(db, ['calendar', 'import', conflicting]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      '第 3 行（文件第 4 行），列 日期 = "2027-02-14"：同一日期在第 1 行（文件第 2 行）已写为调休上班（春节调休），两行不一致；请删去其中一行',
    );
    expect(dump(db)).toBe(before);
    const english = await hall(db, ['calendar', 'import', conflicting, '--lang', 'en']);
    expect(english.stderr).toContain('the same date is already a working day (春节调休) in row 1 (line 2) and the two rows disagree; delete one of them');

    const repeated = csv('repeated.csv', ['日期,类型,说明', '2027/1/1,休,元旦', '2027-01-01,放假,元旦']);
    const taken = await hall(db, ['calendar', 'import', repeated, '--format', 'json']);
    expect(taken.code, taken.stderr).toBe(0);
    expect(taken.stderr).toBe('hall: 警告: 第 2 行与第 1 行相同（2027-01-01），只计一次\n');
    expect(JSON.parse(taken.stdout)).toMatchObject({ days: 1, changed: 1 });
  });

  it('names a date it cannot read and the forms it can', async () => {
    const db = await freshDb();
    const before = dump(db);
    const result = await hall(db, ['calendar', 'import', csv('bad.csv', ['日期,类型', '2027/13/1,休', '2027/1/2,调休'])]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('第 1 行（文件第 2 行），列 日期 = "2027/13/1"：不是有效日期（可写 2027-01-01、2027-1-1、2027/1/1 或 2027年1月1日）');
    expect(result.stderr).toContain('第 2 行（文件第 3 行），列 类型 = "调休"：应为 holiday（放假）或 workday（调休上班）；也可写 休、假日 或 班、补班');
    expect(dump(db)).toBe(before);
  });
});

describe('hall calendar show for a year without a schedule', () => {
  it('says how to import one and prints the header to use, instead of an empty table', async () => {
    const db = await freshDb();
    const shown = await hall(db, ['calendar', 'show', '--year', '2027'], DECEMBER);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe('');
    expect(shown.stdout).toBe(
      [
        '2027 年还没有节假日安排，期限只按周末计算。',
        '国务院办公厅每年 11 月前后公布下一年的放假安排。',
        '公布后把放假日和调休上班日各写一行，存为 CSV（Excel 可另存为 CSV），先试运行再导入：',
        '  hall calendar import 2027年节假日.csv --dry-run',
        '  hall calendar import 2027年节假日.csv',
        '表头和第一行（类型写 放假/休 或 调休上班/班；日期也可写 2027/1/1 或 2027年1月1日）：',
        '  日期,类型,说明',
        '  2027-01-01,放假,元旦',
        '',
      ].join('\n'),
    );
    const english = await hall(db, ['calendar', 'show', '--year', '2027', '--lang', 'en'], DECEMBER);
    expect(english.stdout).toContain('  hall calendar import holidays-2027.csv --dry-run\n');
    expect(english.stdout).toContain('  date,kind,note\n  2027-01-01,holiday,元旦\n');
    // A script gets the data and the warning, not the advice.
    const script = await hall(db, ['calendar', 'show', '--year', '2027', '--format', 'json'], DECEMBER);
    expect(JSON.parse(script.stdout)).toEqual({ year: 2027, covered: false, days: [] });
    expect(script.stderr).toContain('日历中没有 2027 年的节假日安排');
  });
});
