/** `hall case void` (作废, SPEC §3.2): the day rule, --force, the refusals, and a voided case gone from every figure, list and alert. */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dump, fixture, freshDb, hall } from './helpers.js';

const at = (time: string) => ({ HALL_NOW: time });

async function ok(db: string, args: string[], time: string): Promise<string> {
  const result = await hall(db, args, at(time));
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

async function register(db: string, item: string, applicant: string, time: string, extra: string[] = []): Promise<string> {
  return JSON.parse(await ok(db, ['case', 'register', '--item', item, '--applicant', applicant, '--format', 'json', ...extra], time)).number;
}

async function catalogDb(): Promise<string> {
  const db = await freshDb();
  await ok(db, ['items', 'import', fixture('catalog-gb18030.csv')], '2025-09-01T09:00:00+08:00');
  return db;
}

describe('case void', () => {
  it('voids a case on the day of its registration, keeping its number and events', async () => {
    const db = await catalogDb();
    const number = await register(db, 'XK10001000', '张三', '2025-10-15T09:00:00+08:00');
    const result = await hall(db, ['case', 'void', number, '--reason', '事项选错', '--format', 'json'], at('2025-10-15T16:00:00+08:00'));
    expect(result.code, result.stderr).toBe(0);
    const view = JSON.parse(result.stdout);
    expect(view).toMatchObject({ number, state: 'voided', deadline: null, legal_deadline: null, days_left: null, outcome: null });
    expect(view.accepted_at).toBe('2025-10-15T09:00:00+08:00');
    expect(view.events.map((event: { kind: string }) => event.kind)).toEqual(['register', 'void']);
    expect(view.events[1].details).toEqual({ reason: '事项选错', state_before: 'open' });
    const shown = await hall(db, ['case', 'show', number], at('2025-10-15T16:30:00+08:00'));
    expect(shown.stdout).toContain('状态：已作废');
    expect(shown.stdout).toContain('已作废：2025-10-15 16:00，原因：事项选错；不计入任何统计');
    // No English word in the Chinese output but the operator's login name.
    expect(shown.stdout.replaceAll('tester', '')).not.toMatch(/[a-z]{3,}/);
    const english = await hall(db, ['case', 'void', number, '--reason', 'again', '--lang', 'en'], at('2025-10-15T16:40:00+08:00'));
    expect(english.stderr).toContain(`case ${number} is voided`);
  });

  it('needs --force on a later day, or after any later step, and --force voids a concluded, rated case', async () => {
    const db = await catalogDb();
    const late = await register(db, 'XK10001000', '张三', '2025-10-15T09:00:00+08:00');
    const stepped = await register(db, 'XK10001000', '李四', '2025-10-16T09:00:00+08:00');
    await ok(db, ['case', 'advance', stepped], '2025-10-16T09:30:00+08:00');
    const before = dump(db);
    const later = await hall(db, ['case', 'void', late, '--reason', '重复登记'], at('2025-10-16T10:00:00+08:00'));
    expect(later.code).toBe(1);
    expect(later.stderr).toContain(
      `办件 ${late}（办理中）不能直接作废：只有受理当天、尚无后续操作的办件可以作废，受理于 2025-10-15，今天是 2025-10-16；确属登记错误，可加 --force 强制作废（doctor 会列出）`,
    );
    const afterStep = await hall(db, ['case', 'void', stepped, '--reason', '重复登记'], at('2025-10-16T10:00:00+08:00'));
    expect(afterStep.code).toBe(1);
    expect(afterStep.stderr).toContain('受理后已有：推进');
    // Back-dating the void to the day of registration does not get round the rule: it is judged on the day it is typed.
    const backDated = await hall(db, ['case', 'void', late, '--reason', '重复登记', '--at', '2025-10-15 17:00'], at('2025-10-16T10:00:00+08:00'));
    expect(backDated.code).toBe(1);
    expect(dump(db)).toBe(before);

    const rated = await register(db, 'XK10003000', '王五', '2025-10-16T09:40:00+08:00');
    await ok(db, ['case', 'conclude', rated, '--outcome', 'approved'], '2025-10-17T09:00:00+08:00');
    await ok(db, ['case', 'deliver', rated], '2025-10-17T10:00:00+08:00');
    await ok(db, ['case', 'rate', rated, '--level', '1'], '2025-10-17T10:05:00+08:00');
    const forced = await hall(db, ['case', 'void', rated, '--reason', '窗口选错', '--force', '--format', 'json'], at('2025-10-20T09:00:00+08:00'));
    expect(forced.code, forced.stderr).toBe(0);
    const view = JSON.parse(forced.stdout);
    expect(view).toMatchObject({ state: 'voided', outcome: null, on_site: null, days_used: null, evaluation: null });
    expect(view.events.at(-1).details).toEqual({ reason: '窗口选错', state_before: 'concluded', forced: true });
    const raw = new BetterSqlite3(db, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM evaluations').pluck().get()).toBe(0);
    // The history keeps the rating, and the case row no date any figure counts by.
    expect(raw.prepare("SELECT count(*) FROM case_events_text WHERE kind = 'rate'").pluck().get()).toBe(1);
    expect(raw.prepare('SELECT accepted_date, concluded_date, deadline, on_time FROM cases_text WHERE number = ?').get(rated)).toEqual({
      accepted_date: null,
      concluded_date: null,
      deadline: null,
      on_time: null,
    });
    raw.close();
    const history = (await hall(db, ['case', 'show', rated], at('2025-10-20T09:10:00+08:00'))).stdout;
    expect(history).toContain('作废前：已办结');
    expect(history).toContain('（强制作废）');
    // --force also voids a paused case, whose open pause it closes.
    await ok(db, ['case', 'supplement', stepped, '--materials', '营业执照'], '2025-10-16T11:00:00+08:00');
    await ok(db, ['case', 'void', stepped, '--reason', '重复登记', '--force'], '2025-10-20T09:20:00+08:00');
    const pause = new BetterSqlite3(db, { readonly: true });
    expect(pause.prepare('SELECT to_date FROM case_pauses_text').pluck().all()).toEqual(['2025-10-20']);
    expect(pause.prepare('SELECT paused_since FROM cases_text WHERE number = ?').pluck().get(stepped)).toBeNull();
    pause.close();
  });

  it.each([
    ['voided twice', 'voided', ['--force'], '当前状态为"已作废"，不能作废（void）；作废的办件不再变更，也不计入任何统计'],
    ['a refused case', 'refused', ['--force'], '当前状态为"不予受理"，不能作废（void）；只有办理中、已暂停或已办结的办件可以作废'],
    ['a withdrawn case', 'withdrawn', ['--force'], '当前状态为"已撤回"，不能作废（void）；只有办理中、已暂停或已办结的办件可以作废'],
    ['an empty reason', 'open', ['--reason', '  '], '--reason "  " 无效：必填项为空'],
    ['an unknown number', 'unknown', [], '未知办件编号 20251015-0099'],
    ['a rating of a voided case', 'rate', [], '当前状态为"已作废"，不能评价（rate）'],
  ])('refuses %s, changing nothing', async (_name, kind, flags, message) => {
    const db = await catalogDb();
    const time = '2025-10-15T09:00:00+08:00';
    let number = '20251015-0099';
    if (kind === 'refused') {
      number = JSON.parse(
        await ok(db, ['case', 'refuse', '--item', 'XK10001000', '--applicant', '张三', '--reason', '材料不全', '--format', 'json'], time),
      ).number;
    } else if (kind !== 'unknown') {
      number = await register(db, 'XK10001000', '张三', time);
    }
    if (kind === 'withdrawn') await ok(db, ['case', 'withdraw', number], '2025-10-15T09:10:00+08:00');
    if (kind === 'voided' || kind === 'rate') await ok(db, ['case', 'void', number, '--reason', '重复登记'], '2025-10-15T09:10:00+08:00');
    const before = dump(db);
    const args =
      kind === 'rate'
        ? ['case', 'rate', number, '--level', '5']
        : ['case', 'void', number, ...(flags.includes('--reason') ? [] : ['--reason', '重复']), ...flags];
    const result = await hall(db, args, at('2025-10-15T09:20:00+08:00'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(dump(db)).toBe(before);
  });
});

/**
 * Two centers with the same history, except that one also registered cases by mistake and
 * voided them (on the day, and with --force after they were concluded, rated, paused,
 * overdue, carried over): every report of the one must be the other's.
 */
describe('a voided case counts in no figure and no alert', () => {
  const day = (date: string, time: string) => `${date}T${time}:00+08:00`;

  async function center(withMistakes: boolean): Promise<{ db: string; mistakes: string[] }> {
    const db = await catalogDb();
    const mistakes: string[] = [];
    if (withMistakes) mistakes.push(await register(db, 'XK10001000', '结转', day('2025-09-25', '09:00')));
    const c1 = await register(db, 'XK10003000', '甲', day('2025-10-09', '09:00'));
    const c2 = await register(db, 'XK10001000', '乙', day('2025-10-09', '09:10'));
    await register(db, 'QT10002000', '丙', day('2025-10-09', '09:20'), ['--conclude', 'approved']);
    await ok(db, ['complaint', 'add', '--window', 'W001', '--channel', '12345', '--summary', '态度'], day('2025-10-10', '09:00'));
    await ok(db, ['case', 'supplement', c2, '--materials', '营业执照'], day('2025-10-10', '10:00'));
    await ok(db, ['case', 'resume', c2], day('2025-10-13', '10:00'));
    await ok(db, ['case', 'conclude', c1, '--outcome', 'approved'], day('2025-10-28', '09:00'));
    await ok(db, ['case', 'rate', c1, '--level', '2'], day('2025-10-28', '09:05'));
    if (withMistakes) {
      const v1 = await register(db, 'XK10003000', '甲', day('2025-10-09', '10:00'));
      const v2 = await register(db, 'XK10001000', '乙', day('2025-10-09', '10:10'));
      const v3 = await register(db, 'QT10002000', '丙', day('2025-10-09', '10:20'), ['--conclude', 'approved']);
      await ok(db, ['case', 'rate', v3, '--level', '5'], day('2025-10-09', '10:25'));
      await ok(db, ['case', 'supplement', v2, '--materials', '身份证'], day('2025-10-10', '10:30'));
      await ok(db, ['case', 'resume', v2], day('2025-10-13', '10:30'));
      await ok(db, ['case', 'conclude', v1, '--outcome', 'denied', '--at-window'], day('2025-10-28', '10:00'));
      await ok(db, ['case', 'rate', v1, '--level', '1'], day('2025-10-28', '10:05'));
      const v4 = await register(db, 'XK10001000', '丁', day('2025-10-20', '09:00'));
      mistakes.push(v1, v2, v3, v4);
    }
    return { db, mistakes };
  }

  async function reports(db: string, now: string): Promise<unknown[]> {
    const json = async (args: string[]) => {
      const parsed = JSON.parse(await ok(db, [...args, '--format', 'json'], now));
      delete parsed.generated_at;
      return parsed;
    };
    return [
      await json(['report', 'monthly', '--month', '2025-09']),
      await json(['report', 'monthly', '--month', '2025-10']),
      await json(['report', 'assessment', '--month', '2025-10']),
      await json(['report', 'assessment', '--quarter', '2025Q4']),
      await json(['alerts']),
      await json(['case', 'list', '--status', 'overdue']),
    ];
  }

  it('reports, the year to date and alerts read as if the voided cases were never registered', async () => {
    const clean = await center(false);
    const mistaken = await center(true);
    const [carried, v1, v2, v3, v4] = mistaken.mistakes as [string, string, string, string, string];
    const now = day('2025-10-29', '09:00');
    // Before the voids, the mistakes are in the figures: the comparison below can fail.
    const before = await reports(mistaken.db, now);
    expect(before).not.toEqual(await reports(clean.db, now));
    expect(JSON.stringify(before[4])).toContain(v2);

    await ok(mistaken.db, ['case', 'void', v4, '--reason', '重复登记'], day('2025-10-20', '09:30'));
    for (const number of [carried, v1, v2, v3]) await ok(mistaken.db, ['case', 'void', number, '--reason', '重复登记', '--force'], now);

    expect(await reports(mistaken.db, now)).toEqual(await reports(clean.db, now));
    expect(await reports(mistaken.db, day('2025-11-05', '09:00'))).toEqual(await reports(clean.db, day('2025-11-05', '09:00')));

    const listed = JSON.parse(await ok(mistaken.db, ['case', 'list', '--status', '已作废', '--format', 'json'], now));
    expect(listed.map((row: { number: string }) => row.number)).toEqual([carried, v1, v2, v3, v4]);
    expect(listed[0]).toMatchObject({ state: 'voided', accepted_date: '2025-09-25', deadline: null, days_left: null, concluded_date: null });
    const inOctober = JSON.parse(
      await ok(mistaken.db, ['case', 'list', '--status', 'voided', '--from', '2025-10-10', '--to', '2025-10-31', '--format', 'json'], now),
    );
    expect(inOctober.map((row: { number: string }) => row.number)).toEqual([v4]);
    expect(await ok(mistaken.db, ['case', 'list', '--status', '已作废'], now)).toContain('已作废');

    // doctor lists the forced voids, not the one on the day, and finds every cache agreeing with the events.
    const doctor = await hall(mistaken.db, ['doctor', '--all-cases', '--format', 'json'], at(now));
    expect(doctor.code, doctor.stderr).toBe(0);
    const report = JSON.parse(doctor.stdout);
    expect(report.stale_cases).toBe(0);
    expect(report.forced_voids.map((entry: { number: string }) => entry.number)).toEqual([carried, v1, v2, v3]);
    expect(report.forced_voids[1]).toMatchObject({ operator: 'tester', reason: '重复登记', state_before: 'concluded' });
    const table = await hall(mistaken.db, ['doctor'], at(now));
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('强制作废的办件：4 件');
    expect(table.stdout).toContain('作废前状态');
  });
});
