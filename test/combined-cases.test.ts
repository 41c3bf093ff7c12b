/**
 * 一件事 on the case commands (SPEC §7.1): `case register --bundle`, and show, list
 * --combined, withdraw and deliver on a J number, on a temp database with the demo
 * catalog and the nine real bundles of fixtures/bundles.csv.
 *
 * The 2025 calendar these tests count on: National Day 1–8 October are holidays, Sunday
 * 28 September and Saturday 11 October are 调休 working days.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/app.js';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

async function centerDb(): Promise<string> {
  const db = await freshDb();
  for (const args of [
    ['items', 'import', fixture('demo-catalog.csv')],
    ['bundles', 'import', fixture('bundles.csv')],
  ]) {
    const result = await hall(db, args);
    if (result.code !== 0) throw new Error(result.stderr);
  }
  return db;
}

const at = (instant: string) => ({ HALL_NOW: instant });

async function json(db: string, args: string[], env: Record<string, string> = {}): Promise<ReturnType<typeof JSON.parse>> {
  const result = await hall(db, [...args, '--format', 'json'], env);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

async function ok(db: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await hall(db, args, env);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

const SEP29 = at('2025-09-29T10:00:00+08:00');

describe('case register --bundle', () => {
  it('opens the combined case and one part per member, numbered in member order, leaving out --without members', async () => {
    const db = await centerDb();
    const lone = await json(db, ['case', 'register', '--item', 'QR03003000', '--applicant', '赵六'], SEP29);
    expect(lone.combined).toBeNull();
    const combined = await json(db, ['case', 'register', '--bundle', 'YJS001', '--applicant', '某某公司', '--without', 'gg04001000'], SEP29);
    // YJS001 开办企业: 1 working day from Monday 29 September: Tuesday 30 September.
    expect(combined).toMatchObject({
      number: 'J20250929-0001',
      bundle: 'YJS001',
      bundle_name: '开办企业一件事',
      lead_department: '市场监督管理局',
      applicant: '某某公司',
      state: 'open',
      accepted_date: '2025-09-29',
      deadline: '2025-09-30',
      legal_deadline: null,
      outcome: null,
      parts_done: 0,
      parts_total: 4,
      pauses: [],
    });
    // After the lone case 0001: parts 0002–0005 in member order; 就业登记 (GG04001000) left out.
    // 企业设立登记 promises 1 working day (30 September); the 即办 parts are due the day they were accepted (10:00, before 17:30).
    expect(combined.parts).toEqual([
      {
        number: '20250929-0002',
        item: 'XK01001000',
        item_name: '企业设立登记',
        department: '市场监督管理局',
        window: 'A01',
        state: 'open',
        deadline: '2025-09-30',
        concluded_at: null,
        outcome: null,
      },
      {
        number: '20250929-0003',
        item: 'QR11002000',
        item_name: '税务登记信息确认',
        department: '税务局',
        window: 'F01',
        state: 'open',
        deadline: '2025-09-29',
        concluded_at: null,
        outcome: null,
      },
      {
        number: '20250929-0004',
        item: 'GG11001000',
        item_name: '发票领用',
        department: '税务局',
        window: 'F01',
        state: 'open',
        deadline: '2025-09-29',
        concluded_at: null,
        outcome: null,
      },
      {
        number: '20250929-0005',
        item: 'GG05001000',
        item_name: '基本医疗保险参保登记',
        department: '医疗保障局',
        window: 'C02',
        state: 'open',
        deadline: '2025-09-29',
        concluded_at: null,
        outcome: null,
      },
    ]);
    // Without --without every member is a part, 就业登记 at its own window C01; the day's second combined number.
    const whole = await json(db, ['case', 'register', '--bundle', 'YJS001', '--applicant', '某某公司'], SEP29);
    expect(whole.number).toBe('J20250929-0002');
    expect(whole.parts.map((part: { number: string; window: string }) => `${part.number} ${part.window}`)).toEqual([
      '20250929-0006 A01',
      '20250929-0007 F01',
      '20250929-0008 F01',
      '20250929-0009 C01',
      '20250929-0010 C02',
    ]);
    // The parts are ordinary cases that carry their combined number; the lone case carries null.
    expect((await json(db, ['case', 'show', '20250929-0003'])).combined).toBe('J20250929-0001');
    const rows = await json(db, ['case', 'list']);
    expect(rows.map((row: { number: string; combined: string | null }) => row.combined)).toEqual([
      null,
      ...Array(4).fill('J20250929-0001'),
      ...Array(5).fill('J20250929-0002'),
    ]);
  });

  it('counts the combined deadline over National Day, and says so in Chinese at the window', async () => {
    const db = await centerDb();
    const out = await ok(db, ['case', 'register', '--bundle', 'YJS002', '--applicant', '张三', '--applicant-id', '11010519491231002X'], SEP29);
    // YJS002 新生儿出生: 5 working days from 29 September: 30 Sep (1), 1–8 Oct holidays, 9 (2), 10 (3),
    // 11 Oct 调休 Saturday (4), 12 Sunday, 13 (5): Monday 13 October.
    expect(out).toContain('已受理一件事 J20250929-0001（新生儿出生一件事），共 3 件：20250929-0001、20250929-0002、20250929-0003，');
    expect(out).toContain('承诺期限 2025-10-13');
    const shown = await json(db, ['case', 'show', 'J20250929-0001'], at('2025-10-09T10:00:00+08:00'));
    // 社会保障卡申领 promises 10 calendar days: 30 September … 9 October, a working day.
    expect(shown.parts.map((part: { deadline: string }) => part.deadline)).toEqual(['2025-09-29', '2025-09-29', '2025-10-09']);
    // Open on 9 October: 10, 11 (调休), 13 October are left.
    expect(shown).toMatchObject({ deadline: '2025-10-13', days_left: 3, state: 'open', applicant_id: '110105********002X' });
    expect((await json(db, ['case', 'show', 'J20250929-0001', '--show-pii'])).applicant_id).toBe('11010519491231002X');
    // Each part carries the applicant and id as a lone case would.
    expect(await json(db, ['case', 'show', '20250929-0002'])).toMatchObject({
      applicant: '张三',
      applicant_id: '110105********002X',
      combined: 'J20250929-0001',
    });
  });

  it('puts every part at --window when one is named, and needs one for a member not in the hall', async () => {
    const db = await centerDb();
    const dir = tempDir();
    const file = join(dir, 'bundle.csv');
    // 烟花爆竹经营（零售）许可 has no window (未进驻).
    writeFileSync(
      file,
      '\uFEFF一件事编码,一件事名称,牵头部门,承诺时限,法定时限,事项编码,是否必选\nYJS900,开办烟花店一件事,市场监督管理局,10,,XK01001000,是\n,,,,,XK15001000,是\n',
    );
    await ok(db, ['bundles', 'import', file]);
    const before = dump(db);
    const refused = await hall(db, ['case', 'register', '--bundle', 'YJS900', '--applicant', '某某公司']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('XK15001000');
    // The first part (企业设立登记) had been written in the transaction; nothing stays.
    expect(dump(db)).toBe(before);
    const placed = await json(db, ['case', 'register', '--bundle', 'YJS900', '--applicant', '某某公司', '--window', 'A01']);
    expect(placed.parts.map((part: { window: string }) => part.window)).toEqual(['A01', 'A01']);
  });
});

describe('a combined case derived from its parts', () => {
  /**
   * YJS005 开办餐饮店 (7 working days, legal 20) registered Thursday 9 October 2025 at 09:30:
   * parts 0001 个体工商户设立登记, 0002 食品经营许可（新办）, 0003 税务登记信息确认, 0004 公共场所卫生许可.
   * Part 0002 is paused for materials 10–14 October, part 0004 suspended 13–16 October.
   */
  async function restaurant(whilePaused?: (db: string) => Promise<void>): Promise<string> {
    const db = await centerDb();
    await ok(db, ['case', 'register', '--bundle', 'YJS005', '--applicant', '某某餐饮店']);
    await ok(db, ['case', 'supplement', '20251009-0002', '--materials', '平面布局图'], at('2025-10-10T10:00:00+08:00'));
    await ok(db, ['case', 'suspend', '20251009-0004', '--reason', '现场检测'], at('2025-10-13T10:00:00+08:00'));
    await whilePaused?.(db);
    await ok(db, ['case', 'resume', '20251009-0002'], at('2025-10-14T10:00:00+08:00'));
    await ok(db, ['case', 'resume', '20251009-0004'], at('2025-10-16T10:00:00+08:00'));
    return db;
  }

  it('merges overlapping pauses of two parts and moves the deadline by the days paused once', async () => {
    // While both are paused the combined case is paused, its deadline shown as paused, and
    // the merged pause is open.
    const db = await restaurant(async (paused) => {
      const shown = await json(paused, ['case', 'show', 'J20251009-0001'], at('2025-10-13T15:00:00+08:00'));
      expect(shown).toMatchObject({ state: 'paused', deadline: null, legal_deadline: null });
      expect(shown.pauses).toEqual([{ from: '2025-10-10', to: null, parts: ['20251009-0002', '20251009-0004'] }]);
    });
    const shown = await json(db, ['case', 'show', 'J20251009-0001', '--explain'], at('2025-10-17T10:00:00+08:00'));
    // (10, 14] ∪ (13, 16] = (10 Oct, 16 Oct]: E = W = 11 (调休), 13, 14, 15, 16 = 5.
    expect(shown.pauses).toEqual([{ from: '2025-10-10', to: '2025-10-16', parts: ['20251009-0002', '20251009-0004'] }]);
    expect(shown.paused_days).toBe(5);
    // W(9 Oct, D) = 7 + 5 = 12: 10 (1), 11 (2), 13–17 (3–7), 20–24 (8–12): Friday 24 October.
    // Legal 20 + 5 = 25: 27–31 (13–17), 3–7 Nov (18–22), 10–12 Nov (23–25): 12 November.
    expect(shown).toMatchObject({ state: 'open', deadline: '2025-10-24', legal_deadline: '2025-11-12' });
    const day = (date: string) => shown.explain.days.find((entry: { date: string }) => entry.date === date);
    expect(day('2025-10-11')).toMatchObject({ paused: true, counted: false, parts: ['20251009-0002'] });
    // A pause (s, e] does not stop the clock on its first day: 13 October is 0002's alone, 14 October both parts'.
    expect(day('2025-10-13')).toMatchObject({ paused: true, parts: ['20251009-0002'] });
    expect(day('2025-10-14')).toMatchObject({ paused: true, parts: ['20251009-0002', '20251009-0004'] });
    expect(day('2025-10-15')).toMatchObject({ paused: true, parts: ['20251009-0004'] });
    expect(day('2025-10-17')).toMatchObject({ paused: false, counted: true, parts: [] });
    const table = await ok(db, ['case', 'show', 'J20251009-0001', '--explain'], at('2025-10-17T10:00:00+08:00'));
    expect(table).toContain('暂停 2025-10-10 至 2025-10-16：20251009-0002、20251009-0004');
    expect(table).toContain('暂停：20251009-0002、20251009-0004');
  });

  it('concludes partial when its parts differ, delivers them together, then has nothing left to do', async () => {
    const db = await restaurant();
    const monday = at('2025-10-20T15:00:00+08:00');
    for (const [part, outcome] of [
      ['20251009-0001', 'approved'],
      ['20251009-0002', 'denied'],
      ['20251009-0003', 'approved'],
      ['20251009-0004', 'approved'],
    ] as const)
      await ok(db, ['case', 'conclude', part, '--outcome', outcome], monday);
    const shown = await json(db, ['case', 'show', 'J20251009-0001'], at('2025-10-21T10:00:00+08:00'));
    // Used: W(9 Oct, 20 Oct) = 10, 11, 13–17, 20 = 8, less the 5 paused: 3; 20 October ≤ 24 October: on time.
    expect(shown).toMatchObject({
      state: 'concluded',
      outcome: 'partial',
      concluded_at: '2025-10-20T15:00:00+08:00',
      days_used: 3,
      on_time: true,
      parts_done: 4,
    });
    const delivered = await ok(db, ['case', 'deliver', 'J20251009-0001'], at('2025-10-21T10:00:00+08:00'));
    expect(delivered).toContain('一件事 J20251009-0001 已统一送达：20251009-0001、20251009-0002、20251009-0003、20251009-0004');
    const part = await json(db, ['case', 'show', '20251009-0002']);
    expect(part.delivered).toBe(true);
    const before = dump(db);
    for (const command of ['deliver', 'withdraw']) {
      const again = await hall(db, ['case', command, 'J20251009-0001'], at('2025-10-22T10:00:00+08:00'));
      expect(again.code, command).toBe(1);
      expect(again.stderr).toContain(command === 'deliver' ? '没有已办结且未送达的件' : '没有未办结的件');
    }
    expect(dump(db)).toBe(before);
  });

  it('withdraws every unfinished part in one go; a part concluded before makes it concluded, on the withdrawal', async () => {
    const db = await centerDb();
    await ok(db, ['case', 'register', '--bundle', 'YJS002', '--applicant', '张三'], SEP29);
    await ok(db, ['case', 'conclude', '20250929-0001', '--outcome', 'approved'], at('2025-09-29T11:00:00+08:00'));
    await ok(db, ['case', 'supplement', '20250929-0003', '--materials', '照片'], at('2025-09-30T10:00:00+08:00'));
    const out = await json(db, ['case', 'withdraw', 'J20250929-0001', '--reason', '申请人撤回'], at('2025-10-09T10:00:00+08:00'));
    expect(out.parts.map((part: { state: string }) => part.state)).toEqual(['concluded', 'withdrawn', 'withdrawn']);
    // One part concluded: concluded, ended at the last withdrawal; outcome over the concluded parts only.
    // The paused part's pause ends on its withdrawal: (30 Sep, 9 Oct] holds one working day, 9 October.
    expect(out).toMatchObject({ state: 'concluded', outcome: 'approved', concluded_at: '2025-10-09T10:00:00+08:00', parts_done: 3 });
    expect(out.pauses).toEqual([{ from: '2025-09-30', to: '2025-10-09', parts: ['20250929-0003'] }]);
    // W(29 Sep, 9 Oct) = 30 Sep, 9 Oct = 2, less 1 paused.
    expect(out.days_used).toBe(1);
    const csv = await ok(db, ['case', 'list', '--combined', '--format', 'csv']);
    expect(csv).toContain('J20250929-0001,YJS002,新生儿出生一件事,张三,concluded,2025-10-14,3,3');
    const rows = await json(db, ['case', 'list', '--combined']);
    expect(rows).toEqual([
      {
        number: 'J20250929-0001',
        bundle: 'YJS002',
        bundle_name: '新生儿出生一件事',
        applicant: '张三',
        state: 'concluded',
        deadline: '2025-10-14',
        parts_done: 3,
        parts_total: 3,
      },
    ]);
  });

  it('voids whole (SPEC §3.2): every part under a lone case’s rules, so a later day needs --force', async () => {
    const db = await centerDb();
    await ok(db, ['case', 'register', '--bundle', 'YJS002', '--applicant', '张三'], SEP29);
    const before = dump(db);
    // The next day the parts may no longer be voided without --force: the first part refuses the whole.
    const late = await hall(db, ['case', 'void', 'J20250929-0001', '--reason', '登记错误'], at('2025-09-30T09:00:00+08:00'));
    expect(late.code, late.stderr).toBe(1);
    expect(late.stderr).toContain('20250929-0001');
    expect(dump(db)).toBe(before);
    const voided = await json(db, ['case', 'void', 'J20250929-0001', '--reason', '登记错误'], at('2025-09-29T15:00:00+08:00'));
    expect(voided.state).toBe('voided');
    expect(voided.parts.map((part: { state: string }) => part.state)).toEqual(['voided', 'voided', 'voided']);
    const part = await json(db, ['case', 'show', '20250929-0002'], at('2025-09-29T16:00:00+08:00'));
    expect(part).toMatchObject({ state: 'voided', combined: 'J20250929-0001' });
    // No figure counts a voided part.
    const october = await json(db, ['report', 'monthly', '--month', '2025-09'], at('2025-10-09T10:00:00+08:00'));
    expect(october.totals.accepted).toBe(0);
  });

  it('fit an 80-column terminal: list --combined, show J, show J --explain', async () => {
    const db = await centerDb();
    await ok(db, ['case', 'register', '--bundle', 'YJS009', '--applicant', '某某大药房连锁有限公司第一百零八分店']);
    await ok(db, ['case', 'register', '--bundle', 'YJS001', '--applicant', '李四']);
    for (const args of [
      ['case', 'list', '--combined'],
      ['case', 'show', 'J20251009-0002'],
      ['case', 'show', 'J20251009-0001', '--explain'],
      ['--lang', 'en', 'case', 'list', '--combined'],
    ]) {
      let out = '';
      const code = await run(['--db', db, ...args], {
        stdout: { write: (chunk: string) => (out += chunk), isTTY: true, columns: 80 },
        stderr: { write: () => true },
        stdin: process.stdin,
        env: { HALL_NOW: '2025-10-09T10:00:00+08:00', HALL_OPERATOR: 'tester' },
      });
      expect(code).toBe(0);
      const text = stripVTControlCharacters(out);
      expect(Math.max(...text.split('\n').map((line) => stringWidth(line))), `${args.join(' ')}\n${text}`).toBeLessThanOrEqual(80);
      expect(text).toContain('J20251009-000');
    }
    const rows = await json(db, ['case', 'list', '--combined']);
    // YJS009 开办药店: four members; YJS001 开办企业: five.
    expect(rows.map((row: { number: string; parts_total: number }) => `${row.number} ${row.parts_total}`)).toEqual(['J20251009-0001 4', 'J20251009-0002 5']);
  });
});

describe('refused on a combined case or a bundle, the database unchanged', () => {
  it.each([
    ['a required member left out', ['case', 'register', '--bundle', 'YJS001', '--applicant', '甲', '--without', 'XK01001000'], 1, '必选事项'],
    ['a non-member left out', ['case', 'register', '--bundle', 'YJS001', '--applicant', '甲', '--without', 'XK02001001'], 1, '不是一件事 YJS001 的成员'],
    ['--without naming nothing', ['case', 'register', '--bundle', 'YJS001', '--applicant', '甲', '--without', ' , '], 1, '--without " , " 无效：必填项为空'],
    ['an unknown bundle', ['case', 'register', '--bundle', 'YJS404', '--applicant', '甲'], 1, '未知一件事编码 YJS404'],
    ['--bundle with --item', ['case', 'register', '--bundle', 'YJS001', '--item', 'XK01001000', '--applicant', '甲'], 2, '--bundle、--item 只能选一个'],
    ['--bundle with --fee', ['case', 'register', '--bundle', 'YJS001', '--fee', '0', '--applicant', '甲'], 2, '--bundle、--fee'],
    ['--bundle with --conclude', ['case', 'register', '--bundle', 'YJS001', '--conclude', 'approved', '--applicant', '甲'], 2, '--bundle、--conclude'],
    ['--without without --bundle', ['case', 'register', '--item', 'XK01001000', '--applicant', '甲', '--without', 'XK01001000'], 2, '缺少 --bundle'],
    ['advance J', ['case', 'advance', 'J20251009-0001'], 1, '不能直接 advance；请对各件办理：20251009-0001、20251009-0002、20251009-0003'],
    ['supplement J', ['case', 'supplement', 'J20251009-0001', '--materials', '照片'], 1, '不能直接 supplement'],
    ['suspend J', ['case', 'suspend', 'J20251009-0001', '--reason', '检测'], 1, '不能直接 suspend'],
    ['resume J', ['case', 'resume', 'J20251009-0001'], 1, '不能直接 resume'],
    ['conclude J', ['case', 'conclude', 'J20251009-0001', '--outcome', 'approved'], 1, '不能直接 conclude'],
    ['rate J', ['case', 'rate', 'J20251009-0001', '--level', '5'], 1, '不能直接 rate'],
    ['void a part alone', ['case', 'void', '20251009-0002', '--reason', '登记错误'], 1, '办件 20251009-0002 是一件事 J20251009-0001 的一件，不能单独作废'],
    ['--bundle without --applicant off a terminal', ['case', 'register', '--bundle', 'YJS001'], 2, '缺少 --applicant'],
    ['list --combined with --status', ['case', 'list', '--combined', '--status', 'open'], 2, '--combined、--status 只能选一个'],
    ['an unknown J number', ['case', 'withdraw', 'J20251009-0099'], 1, '未知办件编号 J20251009-0099'],
  ] as const)('%s', async (_name, args, code, says) => {
    const db = await centerDb();
    await ok(db, ['case', 'register', '--bundle', 'YJS002', '--applicant', '张三']);
    const before = dump(db);
    const result = await hall(db, [...args]);
    expect(result.stderr).toContain(says);
    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(dump(db)).toBe(before);
  });

  it('a cancelled bundle', async () => {
    const db = await centerDb();
    const file = join(tempDir(), 'only-one.csv');
    writeFileSync(
      file,
      '\uFEFF一件事编码,一件事名称,牵头部门,承诺时限,法定时限,事项编码,是否必选\nYJS002,新生儿出生一件事,公安局,5,,QR03003000,是\n,,,,,GG05001000,是\n',
    );
    await ok(db, ['bundles', 'import', file, '--sync']);
    const before = dump(db);
    const result = await hall(db, ['case', 'register', '--bundle', 'YJS001', '--applicant', '甲']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('一件事 YJS001（开办企业一件事）已取消，不能受理');
    expect(dump(db)).toBe(before);
  });
});

describe('parts in the monthly pack', () => {
  it('count exactly as lone cases of their items', async () => {
    // The same three cases (个体工商户设立登记, 食品经营许可（新办）, 税务登记信息确认), once as a
    // combined case of YJS005 without its optional member, once registered alone: the same events.
    const steps: [string[], string][] = [
      [['case', 'conclude', '20251009-0001', '--outcome', 'approved'], '2025-10-09T11:00:00+08:00'],
      [['case', 'supplement', '20251009-0002', '--materials', '平面布局图'], '2025-10-10T10:00:00+08:00'],
      [['case', 'resume', '20251009-0002'], '2025-10-14T10:00:00+08:00'],
      [['case', 'withdraw', '20251009-0003'], '2025-10-15T10:00:00+08:00'],
      [['case', 'conclude', '20251009-0002', '--outcome', 'denied'], '2025-10-28T10:00:00+08:00'],
    ];
    const bundled = await centerDb();
    const alone = await centerDb();
    const registered = at('2025-10-09T09:30:00+08:00');
    await ok(bundled, ['case', 'register', '--bundle', 'YJS005', '--applicant', '某某餐饮店', '--without', 'XK09001000'], registered);
    for (const item of ['XK01004000', 'XK02001001', 'QR11002000'])
      await ok(alone, ['case', 'register', '--item', item, '--applicant', '某某餐饮店'], registered);
    for (const [args, when] of steps) {
      await ok(bundled, args, at(when));
      await ok(alone, args, at(when));
    }
    const report = (db: string) => json(db, ['report', 'monthly', '--month', '2025-10'], at('2025-11-03T09:00:00+08:00'));
    const [a, b] = [await report(bundled), await report(alone)];
    // Not vacuous: three accepted in October, one concluded on time… as the lone center has them.
    expect(JSON.stringify(a.items)).toContain('XK02001001');
    // The per-group figures and the totals are the same; only the 一件事 figures (bundles,
    // totals.combined) know the cases came in a bundle.
    const { combined, ...totals } = a.totals;
    expect({ ...b.totals, combined: undefined }).toEqual({ ...totals, combined: undefined });
    for (const section of ['windows', 'departments', 'items', 'types', 'fees', 'overdue_cases']) expect(a[section], section).toEqual(b[section]);
    expect(combined).toMatchObject({ accepted: 1 });
    expect(b.totals.combined).toMatchObject({ accepted: 0 });
    expect(a.bundles.map((bundle: { code: string }) => bundle.code)).toEqual(['YJS005']);
    expect(b.bundles).toEqual([]);
  });
});
