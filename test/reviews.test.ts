/**
 * 差评整改 (SPEC §7.2): every level 1–2 rating opens a review (整改单) due review_days
 * working days later; a raised rating closes it as revised, a void as voided; a person
 * rectifies, visits or invalidates it. Driven through hall on real database files, with
 * HALL_NOW for the clock. The due dates are written out by hand from the 2025–2026
 * schedules: National Day 2025 is 10-01 … 10-08 off with Sunday 09-28 and Saturday 10-11
 * worked; the 2026 Spring Festival is 02-15 … 02-23 off with Saturdays 02-14 and 02-28 worked.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import stringWidth from 'string-width';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/app.js';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

const at = (date: string, time = '10:00') => ({ HALL_NOW: `${date}T${time}:00+08:00` });

let db: string;
beforeEach(async () => {
  db = await freshDb();
  // W001 市场监管窗口 (XK10001000, a 5-day 承诺件), W002 出入境窗口 (XK10003000).
  const imported = await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
  if (imported.code !== 0) throw new Error(imported.stderr);
});

async function ok(args: string[], env: Record<string, string> = at('2025-10-09')) {
  const result = await hall(db, [...args, '--format', 'json'], env);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** A case registered on `date` (at W001 unless `window`), rated `level` the same day; its number. */
async function rated(date: string, level: number, window?: string): Promise<string> {
  const extra = window ? ['--window', window] : [];
  const { number } = await ok(['case', 'register', '--item', 'XK10001000', '--applicant', '张三', ...extra], at(date, '09:00'));
  await ok(['case', 'rate', number, '--level', String(level)], at(date, '16:00'));
  return number;
}

const review = (id: number, env = at('2025-10-09')) => ok(['review', 'show', String(id)], env);

/** A command that must be refused (exit 1) and leave the database as it was; what it said. */
async function refused(args: string[], env: Record<string, string> = at('2025-10-20')): Promise<string> {
  const before = dump(db);
  const result = await hall(db, args, env);
  expect(result.code, `${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(1);
  expect(dump(db), args.join(' ')).toBe(before);
  expect(result.stderr).not.toMatch(/\n\s+at |内部错误/);
  return result.stderr;
}

describe('a bad rating opens a review', () => {
  it('case rate of level 1 or 2 opens one due 5 working days later, across National Day and the 调休 Saturday', async () => {
    const number = await rated('2025-09-30', 2);
    // 09-30 opened; 10-01 … 10-08 off; 10-09, 10-10, 10-11 (Saturday, worked), 10-13, 10-14.
    expect(await review(1)).toEqual({
      id: 1,
      case: number,
      window: 'W001',
      level: 2,
      opened: '2025-09-30',
      due: '2025-10-14',
      state: 'open',
      rectified_at: null,
      rectify_note: null,
      visited_at: null,
      visit_result: null,
      visit_note: null,
      invalidated_at: null,
      invalid_reason: null,
      closed_at: null,
      days: 5,
      overdue: false,
    });
    // A good or middling rating opens none.
    await rated('2025-09-30', 3);
    await rated('2025-09-30', 5);
    expect(await ok(['review', 'list'])).toHaveLength(1);
  });

  it('counts review_days as set: 3 lands on the worked Saturday, and a review keeps the days it opened with', async () => {
    await ok(['init', '--review-days', '3']);
    await rated('2025-09-30', 1);
    expect(await review(1)).toMatchObject({ opened: '2025-09-30', due: '2025-10-11', days: 3 });
    await ok(['init', '--review-days', '10']);
    await rated('2025-10-09', 1);
    // 10-10, 10-11, 10-13 … 10-17, 10-20, 10-21, 10-22: ten working days.
    expect(await review(2)).toMatchObject({ opened: '2025-10-09', due: '2025-10-22', days: 10 });
    expect(await review(1)).toMatchObject({ due: '2025-10-11', days: 3 });
  });

  it('is due after the 2026 Spring Festival, counting the worked Saturday before it', async () => {
    await rated('2026-02-13', 2);
    // 02-14 (Saturday, worked), then 02-15 … 02-23 off, then 02-24 … 02-27.
    expect(await review(1, at('2026-02-13'))).toMatchObject({ opened: '2026-02-13', due: '2026-02-27' });
  });

  it('says so when the rating is recorded, and the rating JSON names the review', async () => {
    const { number } = await ok(['case', 'register', '--item', 'XK10001000', '--applicant', '张三']);
    const result = await hall(db, ['case', 'rate', number, '--level', '1'], at('2025-10-09', '11:00'));
    // 10-10, 10-11 (Saturday, worked), 10-13, 10-14, 10-15.
    expect(result.stdout).toContain('差评：已开立整改单 1，整改期限 2025-10-15');
    const replaced = await ok(['case', 'rate', number, '--level', '2', '--replace'], at('2025-10-09', '11:30'));
    expect(replaced).toMatchObject({ review: { id: 1, state: 'open', due: '2025-10-15' } });
  });

  it('a rating back-dated with --date opens the review on that date', async () => {
    const { number } = await ok(['case', 'register', '--item', 'XK10001000', '--applicant', '张三'], at('2025-09-29'));
    await ok(['case', 'rate', number, '--level', '1', '--date', '2025-09-30'], at('2025-10-09'));
    expect(await review(1)).toMatchObject({ opened: '2025-09-30', due: '2025-10-14' });
  });
});

describe('a replaced rating', () => {
  it('to level ≤ 2 keeps the open review (level updated, dates kept); to ≥ 3 closes it as revised; back to ≤ 2 opens a new one', async () => {
    const number = await rated('2025-10-09', 1);
    await ok(['case', 'rate', number, '--level', '2', '--replace'], at('2025-10-13'));
    expect(await ok(['review', 'list'])).toHaveLength(1);
    expect(await review(1)).toMatchObject({ level: 2, opened: '2025-10-09', due: '2025-10-15', state: 'open' });
    await ok(['case', 'rate', number, '--level', '4', '--replace'], at('2025-10-14'));
    expect(await review(1)).toMatchObject({ level: 2, state: 'revised', closed_at: '2025-10-14' });
    expect(await ok(['review', 'list', '--status', 'open'])).toEqual([]);
    expect((await ok(['review', 'list', '--status', '已改评'])).map((row: { id: number }) => row.id)).toEqual([1]);
    await ok(['case', 'rate', number, '--level', '1', '--replace'], at('2025-10-15'));
    expect(await review(2)).toMatchObject({ case: number, level: 1, opened: '2025-10-15', due: '2025-10-22', state: 'open' });
    expect(await review(1)).toMatchObject({ state: 'revised' });
  });

  it('to level ≤ 2 after the review was rectified opens a new one; the rectified one stays as it was', async () => {
    const number = await rated('2025-10-09', 2);
    await ok(['review', 'rectify', '1', '--note', '已约谈'], at('2025-10-10'));
    await ok(['case', 'rate', number, '--level', '1', '--replace'], at('2025-10-13'));
    expect(await review(1)).toMatchObject({ state: 'rectified', level: 2 });
    expect(await review(2)).toMatchObject({ state: 'open', level: 1, opened: '2025-10-13' });
  });

  it('raised with a date before the review opened is refused: a review cannot close before it opened', async () => {
    const { number } = await ok(['case', 'register', '--item', 'XK10001000', '--applicant', '张三'], at('2025-10-09'));
    await ok(['case', 'rate', number, '--level', '1', '--date', '2025-10-10'], at('2025-10-10'));
    const said = await refused(['case', 'rate', number, '--level', '5', '--replace', '--date', '2025-10-09'], at('2025-10-13'));
    expect(said).toContain('整改单 1 于 2025-10-10 开立，改评日期 2025-10-09 不能早于它');
  });
});

describe('a voided case', () => {
  it('closes its open review as voided', async () => {
    const number = await rated('2025-10-09', 1);
    await ok(['case', 'void', number, '--reason', '重复登记', '--force'], at('2025-10-10'));
    expect(await review(1)).toMatchObject({ state: 'voided', closed_at: '2025-10-10' });
    expect(await ok(['review', 'list', '--status', 'open'])).toEqual([]);
    expect(await ok(['review', 'list', '--status', 'voided'])).toHaveLength(1);
  });

  it('leaves a rectified review as it is', async () => {
    const number = await rated('2025-10-09', 1);
    await ok(['review', 'rectify', '1', '--note', '已整改'], at('2025-10-10'));
    await ok(['case', 'void', number, '--reason', '重复登记', '--force'], at('2025-10-10'));
    expect(await review(1)).toMatchObject({ state: 'rectified', closed_at: null });
  });
});

describe('cases import', () => {
  const HEADER = '办件编号,事项编码,申请人,证件号码,受理时间,办结时间,办理结果,评价';
  const FILE = [
    HEADER,
    // Rated at the conclusion: 09-30, so due 10-14 across National Day.
    ',XK10001000,甲,,2025-09-26 09:00,2025-09-30 15:00,准予,1',
    // Still open: rated at the acceptance, Friday 02-13 2026 before the Spring Festival.
    ',XK10001000,乙,,2026-02-13 09:00,,,2',
    ',XK10001000,丙,,2025-09-26 09:00,2025-09-30 15:00,准予,3',
    ',XK10003000,丁,,2025-10-09 09:00,2025-10-10 11:00,准予,5',
  ];

  it('opens a review for each level 1–2 rating, dated as the rating is', async () => {
    const file = join(tempDir(), 'cases.csv');
    writeFileSync(file, `${FILE.join('\n')}\n`);
    expect(await ok(['cases', 'import', file], at('2026-03-02'))).toMatchObject({ imported: 4, rejected: 0 });
    const reviews = await ok(['review', 'list'], at('2026-03-02'));
    expect(reviews.map(({ level, opened, due, state, window }: Record<string, unknown>) => ({ level, opened, due, state, window }))).toEqual([
      { level: 1, opened: '2025-09-30', due: '2025-10-14', state: 'open', window: 'W001' },
      { level: 2, opened: '2026-02-13', due: '2026-02-27', state: 'open', window: 'W001' },
    ]);
  });

  it('writes the same reviews whether a worker thread checks the rows or not', async () => {
    const lines = [HEADER];
    for (let index = 0; index < 300; index++) {
      const day = String(1 + (index % 28)).padStart(2, '0');
      lines.push(`,XK10001000,申请人${index},,2025-09-${day} 09:00,2025-10-${day} 15:00,准予,${1 + (index % 5)}`);
    }
    const file = join(tempDir(), 'many.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    // The worker runs the compiled code (dist/, built by the global setup), as in import-worker.test.ts.
    const shipped = async <T>(...path: string[]) => (await import(['..', 'dist', ...path].join('/'))) as T;
    const store = await shipped<typeof import('../src/store/case-import.js')>('store', 'case-import.js');
    const pipeline = await shipped<typeof import('../src/io/import-pipeline.js')>('io', 'import-pipeline.js');
    const csv = await shipped<typeof import('../src/io/csv-source.js')>('io', 'csv-source.js');
    const rows = await shipped<typeof import('../src/core/case-row.js')>('core', 'case-row.js');
    const calendars = await shipped<typeof import('../src/store/calendar.js')>('store', 'calendar.js');
    const importWith = async (checkInWorkerFrom: number) => {
      const copy = join(tempDir(), 'copy.db');
      copyFileSync(db, copy);
      const handle = new BetterSqlite3(copy);
      const open = () => pipeline.openImport(csv.openCsv(file), rows.CASE_IMPORT_COLUMNS);
      try {
        await store.importCases(handle, calendars.loadCalendar(handle), await open(), {
          timeZone: 'Asia/Shanghai',
          closingMinutes: 17 * 60 + 30,
          operator: 'tester',
          now: new Date('2025-11-03T10:00:00+08:00'),
          reread: { encoding: 'utf-8', reopen: open },
          testHooks: { checkInWorkerFrom },
        });
        return handle.prepare('SELECT * FROM reviews ORDER BY id').all();
      } finally {
        handle.close();
      }
    };
    const alone = await importWith(Number.POSITIVE_INFINITY);
    expect(alone).toHaveLength(120);
    expect(await importWith(0)).toEqual(alone);
  });
});

describe('the steps of a review', () => {
  it('rectify then visit, satisfied and unsatisfied, each dated by the clock or --date', async () => {
    await rated('2025-10-09', 1);
    await rated('2025-10-09', 2);
    const rectified = await ok(['review', 'rectify', '1', '--note', '已对窗口人员批评教育'], at('2025-10-14'));
    expect(rectified).toMatchObject({ id: 1, state: 'rectified', rectified_at: '2025-10-14', rectify_note: '已对窗口人员批评教育' });
    expect(await ok(['review', 'visit', '1', '--result', '满意'], at('2025-10-15'))).toMatchObject({
      state: 'visited',
      visited_at: '2025-10-15',
      visit_result: 'satisfied',
      visit_note: null,
    });
    await ok(['review', 'rectify', '2', '--note', '已补办', '--date', '2025-10-16'], at('2025-10-20'));
    const visited = await ok(['review', 'visit', '2', '--result', 'unsatisfied', '--note', '仍嫌慢', '--date', '2025-10-16'], at('2025-10-20'));
    expect(visited).toMatchObject({ rectified_at: '2025-10-16', visited_at: '2025-10-16', visit_result: 'unsatisfied', visit_note: '仍嫌慢' });
    const shown = await hall(db, ['review', 'show', '2'], at('2025-10-20'));
    expect(shown.stdout).toContain('整改：2025-10-16，已补办');
    expect(shown.stdout).toContain('回访：2025-10-16，不满意，仍嫌慢');
  });

  it('invalidate an open one: 申诉成立 with its reason', async () => {
    await rated('2025-10-09', 1);
    const result = await hall(db, ['review', 'invalidate', '1', '--reason', '误评：申请人点错'], at('2025-10-10'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('整改单 1 申诉成立（2025-10-10）');
    expect(await review(1, at('2025-10-10'))).toMatchObject({ state: 'invalid', invalidated_at: '2025-10-10', invalid_reason: '误评：申请人点错' });
    expect(await ok(['review', 'list', '--status', 'invalid'], at('2025-10-10'))).toHaveLength(1);
  });

  it('prints JSON with the fields of SPEC §7.2 under their names, in order', async () => {
    await rated('2025-10-09', 1);
    const keys = Object.keys(await review(1));
    expect(keys.slice(0, 14)).toEqual([
      'id',
      'case',
      'window',
      'level',
      'opened',
      'due',
      'state',
      'rectified_at',
      'rectify_note',
      'visited_at',
      'visit_result',
      'visit_note',
      'invalidated_at',
      'invalid_reason',
    ]);
  });
});

describe('review list', () => {
  it('overdue: open with today past due; due today is not yet overdue; Chinese status words too', async () => {
    await rated('2025-09-30', 1); // due 10-14
    await rated('2025-10-09', 2); // due 10-15
    await rated('2025-10-09', 2);
    await ok(['review', 'rectify', '3', '--note', '已整改'], at('2025-10-15'));
    const ids = async (status: string, date: string) => (await ok(['review', 'list', '--status', status], at(date))).map((row: { id: number }) => row.id);
    expect(await ids('overdue', '2025-10-14')).toEqual([]);
    expect(await ids('overdue', '2025-10-15')).toEqual([1]);
    expect(await ids('已超期', '2025-10-17')).toEqual([1, 2]);
    expect(await ids('待整改', '2025-10-17')).toEqual([1, 2]);
    expect(await ids('已整改', '2025-10-17')).toEqual([3]);
    expect(await ok(['review', 'list'], at('2025-10-17'))).toHaveLength(3);
    const table = await hall(db, ['review', 'list'], at('2025-10-17'));
    expect(table.stdout).toMatch(/│\s+1 │ \S+ │ W001 │.*│ 已超期 │/);
    expect(table.stdout).toContain('共 3 张整改单');
  });

  it('--window filters, and names an unknown window', async () => {
    await rated('2025-10-09', 1);
    await rated('2025-10-09', 1, 'W002');
    expect((await ok(['review', 'list', '--window', 'W002'])).map((row: { window: string }) => row.window)).toEqual(['W002']);
    expect(await refused(['review', 'list', '--window', 'W999'])).toContain('未知窗口 W999');
  });

  it('fits 80 columns, in Chinese by default and with --lang en', async () => {
    await rated('2025-09-30', 1);
    await rated('2025-10-09', 2);
    await ok(['review', 'rectify', '2', '--note', '已整改'], at('2025-10-15'));
    for (const lang of ['zh', 'en']) {
      let out = '';
      const code = await run(['--db', db, '--lang', lang, 'review', 'list'], {
        stdout: { write: (chunk: string) => (out += chunk), isTTY: true, columns: 80 },
        stderr: { write: () => true },
        stdin: process.stdin,
        env: { ...at('2025-10-20'), HALL_OPERATOR: 'tester' },
      });
      expect(code).toBe(0);
      const plain = stripVTControlCharacters(out);
      expect(Math.max(...plain.split('\n').map((line) => stringWidth(line))), plain).toBeLessThanOrEqual(80);
      expect(plain).toContain(lang === 'zh' ? '已超期' : 'overdue');
      expect(plain).toContain(lang === 'zh' ? '已整改' : 'rectified');
    }
  });
});

describe('window merge and calendar changes', () => {
  it('window merge moves the reviews to INTO', async () => {
    await rated('2025-10-09', 1, 'W002');
    const merged = await ok(['window', 'merge', 'W002', 'W001']);
    expect(merged.moved).toMatchObject({ reviews: 1 });
    expect(await review(1)).toMatchObject({ window: 'W001' });
    expect(await ok(['review', 'list', '--window', 'W001'])).toHaveLength(1);
  });

  it('calendar set, unset and import move the due date of every review whose span holds a changed day, whatever its state', async () => {
    await rated('2025-09-30', 1); // due 10-14
    await rated('2025-09-30', 2);
    await ok(['review', 'rectify', '2', '--note', '已整改'], at('2025-10-13'));
    await rated('2025-10-15', 1); // due 10-22, its span after 10-13
    await ok(['calendar', 'set', '2025-10-13', 'holiday', '--note', '临时停电']);
    expect((await review(1)).due).toBe('2025-10-15');
    expect((await review(2)).due).toBe('2025-10-15');
    expect((await review(3)).due).toBe('2025-10-22');
    await ok(['calendar', 'unset', '2025-10-13']);
    expect((await review(1)).due).toBe('2025-10-14');
    const file = join(tempDir(), 'days.csv');
    writeFileSync(file, 'date,kind,note\n2025-10-18,workday,补班\n');
    await ok(['calendar', 'import', file]);
    // 10-16, 10-17, 10-18 (now worked), 10-20, 10-21.
    expect((await review(3)).due).toBe('2025-10-21');
  });
});

describe('review_days is refused unless a whole number 1–60', () => {
  it.each(['0', '-1', 'abc', '61', '2.5'])('--review-days %s: exit 1 naming the flag, the value and what is allowed, nothing changed', async (value) => {
    const said = await refused(['init', '--review-days', value]);
    expect(said).toContain(`--review-days "${value}" 无效：应为 1–60 的整数`);
  });

  it('init stores and shows it', async () => {
    expect(await ok(['init'])).toMatchObject({ review_days: 5 });
    expect(await ok(['init', '--review-days', '7'])).toMatchObject({ review_days: 7 });
    expect((await hall(db, ['init'])).stdout).toContain('差评整改时限：7 个工作日');
  });

  it('doctor names a stored value hall cannot use', async () => {
    const handle = new BetterSqlite3(db);
    handle.prepare("INSERT INTO settings (key, value) VALUES ('review_days', '0')").run();
    handle.close();
    const result = await hall(db, ['doctor', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).damage).toEqual([{ table: 'settings', row: 'review_days', column: 'value', value: '0', reason: 'review_days' }]);
    expect((await hall(db, ['init', '--review-days', '5'])).code).toBe(0);
  });
});

describe('bad input: exit 1, the review and everything else unchanged', () => {
  beforeEach(async () => {
    await rated('2025-10-09', 1); // 1: open
    await rated('2025-10-09', 2); // 2: rectified
    await ok(['review', 'rectify', '2', '--note', '已整改'], at('2025-10-14'));
    await rated('2025-10-09', 1); // 3: invalid
    await ok(['review', 'invalidate', '3', '--reason', '恶意差评'], at('2025-10-10'));
  });

  it('rectifying an invalid or an already rectified review', async () => {
    expect(await refused(['review', 'rectify', '3', '--note', '再整改'])).toContain('整改单 3 申诉成立（2025-10-10），不能整改；该整改单已结束，不能再变更');
    expect(await refused(['review', 'rectify', '2', '--note', '再整改'])).toContain('整改单 2 已整改（2025-10-14），不能再整改；可以：回访');
  });

  it('visiting before rectifying, invalidating a rectified one', async () => {
    expect(await refused(['review', 'visit', '1', '--result', 'satisfied'])).toContain(
      '整改单 1 待整改（2025-10-09），不能回访；可以：整改（rectify）、认定申诉成立（invalidate）',
    );
    expect(await refused(['review', 'invalidate', '2', '--reason', '误评'])).toContain('整改单 2 已整改（2025-10-14），不能认定申诉成立；可以：回访（visit）');
  });

  it('an unknown review id, and an id that is no number', async () => {
    expect(await refused(['review', 'show', '99'])).toContain('未知整改单编号 99');
    expect(await refused(['review', 'rectify', '99', '--note', '整改'])).toContain('未知整改单编号 99');
    expect(await refused(['review', 'rectify', 'abc', '--note', '整改'])).toContain('整改单编号 "abc" 无效');
  });

  it('--date before the review opened, before it was rectified, or in the future', async () => {
    expect(await refused(['review', 'rectify', '1', '--note', '整改', '--date', '2025-10-08'])).toContain(
      '整改单 1 于 2025-10-09 开立，整改日期 2025-10-08 不能早于它',
    );
    expect(await refused(['review', 'invalidate', '1', '--reason', '误评', '--date', '2025-10-08'])).toContain('整改单 1 于 2025-10-09 开立');
    expect(await refused(['review', 'visit', '2', '--result', '满意', '--date', '2025-10-13'])).toContain(
      '整改单 2 于 2025-10-14 整改，回访日期 2025-10-13 不能早于它',
    );
    expect(await refused(['review', 'rectify', '1', '--note', '整改', '--date', '2025-10-21'])).toContain('--date "2025-10-21" 无效：晚于当前时间');
    expect(await refused(['review', 'rectify', '1', '--note', '整改', '--date', '2025-13-01'])).toContain('--date "2025-13-01" 无效');
  });

  it('a --result other than satisfied or unsatisfied, a --status other than the list, an empty note', async () => {
    expect(await refused(['review', 'visit', '2', '--result', '一般'])).toContain('--result "一般" 无效：应为 满意 或 不满意（或 satisfied、unsatisfied）');
    expect(await refused(['review', 'list', '--status', 'late'])).toContain('--status "late" 无效');
    expect(await refused(['review', 'rectify', '1', '--note', '  '])).toContain('--note');
  });

  it('in English too', async () => {
    const result = await hall(db, ['--lang', 'en', 'review', 'rectify', '2', '--note', 'again'], at('2025-10-20'));
    expect(result.stderr).toContain('review 2 is rectified (2025-10-14); it cannot be rectified again; allowed: visit');
  });
});
