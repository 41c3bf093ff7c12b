/** Case commands in-process on a temp database: a clerk's day, every refusal, deadlines at holidays. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { dump, fixture, freshDb, hall, tempDir } from './helpers.js';

let db: string;
beforeEach(async () => {
  db = await freshDb();
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
});

const at = (iso: string) => ({ HALL_NOW: iso });
async function json(args: string[], now = '2025-09-30T10:00:00+08:00') {
  const result = await hall(db, [...args, '--format', 'json'], at(now));
  if (result.code !== 0) throw new Error(`${args.join(' ')} → ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}
async function register(item = 'XK10001000', now = '2025-09-30T10:00:00+08:00', ...flags: string[]) {
  return json(['case', 'register', '--item', item, '--applicant', '张三', ...flags], now);
}

describe('register', () => {
  it('accepts a case and prints number, promised and legal deadlines', async () => {
    const view = await register();
    expect(view).toMatchObject({
      number: '20250930-0001',
      item: 'XK10001000',
      item_name: '食品经营许可',
      window: 'W001',
      applicant: '张三',
      applicant_id: null,
      channel: 'window',
      state: 'open',
      stage: 'accept',
      accepted_at: '2025-09-30T10:00:00+08:00',
      deadline: '2025-10-14', // 5 working days after the National Day week
      legal_deadline: '2025-11-04', // 20 working days
      days_used: 0,
      days_left: 5,
      concluded_at: null,
      outcome: null,
      on_site: null,
      fee_fen: 0,
      pauses: [],
    });
    expect(view.events).toEqual([
      { kind: 'register', at: '2025-09-30T10:00:00+08:00', operator: 'tester', location: 'window', details: { channel: 'window' } },
    ]);
    expect((await register()).number).toBe('20250930-0002');
    expect((await register('XK10001000', '2025-10-09T09:00:00+08:00')).number).toBe('20251009-0001');
  });

  it('continues numbering after the highest imported number of the day', async () => {
    const dir = tempDir();
    const file = join(dir, 'history.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, '办件编号,事项编码,申请人,受理时间\n20250930-0007,XK10001000,李四,2025-09-30 09:00\n');
    expect((await hall(db, ['cases', 'import', file])).code).toBe(0);
    expect((await register()).number).toBe('20250930-0008');
  });

  it('takes the fee from the item, or --fee, in fen', async () => {
    expect((await register('XK10003000')).fee_fen).toBe(12000);
    expect((await register('XK10003000', undefined, '--fee', '0')).fee_fen).toBe(0);
    expect((await register('XK10003000', undefined, '--fee', '60.5')).fee_fen).toBe(6050);
  });

  it('concludes a 即办件 in the same step; after closing time it is due the next working day', async () => {
    const onTheSpot = await register('QT10002000', '2025-10-09T10:00:00+08:00', '--conclude', 'approved');
    expect(onTheSpot).toMatchObject({ state: 'concluded', outcome: 'approved', deadline: '2025-10-09', days_used: 0, on_site: true });
    const late = await register('QT10002000', '2025-10-09T17:45:00+08:00');
    expect(late.deadline).toBe('2025-10-10');
    const holiday = await register('QT10002000', '2025-10-03T10:00:00+08:00', '--channel', '网上');
    expect(holiday).toMatchObject({ deadline: '2025-10-09', channel: 'online' });
  });

  it('checks applicant ids: GB 11643 refused, GB 32100 warned, other documents with --id-type other, masked unless --show-pii', async () => {
    const resident = await register('XK10001000', undefined, '--applicant-id', '11010519491231002X');
    expect(resident.applicant_id).toBe('110105********002X');
    const shown = await json(['case', 'show', resident.number, '--show-pii']);
    expect(shown.applicant_id).toBe('11010519491231002X');
    const credit = await hall(
      db,
      ['case', 'register', '--item', 'XK10001000', '--applicant', '某公司', '--applicant-id', '91350100M000100Y44'],
      at('2025-09-30T10:00:00+08:00'),
    );
    expect(credit.code).toBe(0);
    expect(credit.stderr).toContain('统一社会信用代码 91350100M000100Y44 未通过 GB 32100 校验，已照常登记');
    const goodCredit = await hall(
      db,
      ['case', 'register', '--item', 'XK10001000', '--applicant', '某公司', '--applicant-id', '91350100M000100Y43'],
      at('2025-09-30T10:00:00+08:00'),
    );
    expect(goodCredit.stderr).toBe('');
    const passport = await register('XK10001000', undefined, '--applicant-id', 'E12345678', '--id-type', 'other');
    expect(passport.applicant_id).toBe('E1*****78');
  });

  it("warns, without refusing, when the window named belongs to another department than the item's", async () => {
    const now = at('2025-09-30T10:00:00+08:00');
    const passport = ['case', 'register', '--item', 'XK10003000', '--applicant', '李四'];
    const slip = await hall(db, [...passport, '--window', 'W001', '--format', 'json'], now);
    expect(slip.code).toBe(0);
    expect(JSON.parse(slip.stdout)).toMatchObject({ item: 'XK10003000', window: 'W001', state: 'open' });
    expect(slip.stderr).toBe('hall: 警告: 窗口 W001 属于市场监管局，事项 XK10003000 属于公安局；已照常受理，如选错窗口请撤回后重新登记\n');
    const english = await hall(db, [...passport, '--window', 'W001', '--lang', 'en'], now);
    expect(english.stderr).toContain('window W001 belongs to 市场监管局, item XK10003000 to 公安局; registered anyway');
    const refusal = await hall(db, ['case', 'refuse', '--item', 'XK10003000', '--applicant', '李四', '--reason', '材料不全', '--window', 'W001'], now);
    expect(refusal.code).toBe(0);
    expect(refusal.stderr).toContain('窗口 W001 属于市场监管局，事项 XK10003000 属于公安局');
    // the item's own window, a window of its department, and a 综合窗口 (no department) are no slip
    await hall(db, ['window', 'add', 'Z01', '--name', '综合受理窗口']);
    await hall(db, ['window', 'add', 'G02', '--name', '户政窗口', '--dept', '公安局']);
    for (const window of [[], ['--window', 'Z01'], ['--window', 'G02']]) {
      const quiet = await hall(db, [...passport, ...window], now);
      expect(quiet.code).toBe(0);
      expect(quiet.stderr).toBe('');
    }
  });
});

describe('a case concluded late', () => {
  it('reads 超期办结 in case show and in case list; one on time does not', async () => {
    await register('XK10001000', '2025-09-01T10:00:00+08:00'); // due 2025-09-08 (5 working days)
    await register('XK10001000', '2025-09-01T11:00:00+08:00');
    await json(['case', 'conclude', '20250901-0001', '--outcome', 'approved'], '2025-09-19T10:00:00+08:00');
    await json(['case', 'conclude', '20250901-0002', '--outcome', 'approved'], '2025-09-05T10:00:00+08:00');
    const later = at('2025-09-22T10:00:00+08:00');
    expect((await hall(db, ['case', 'show', '20250901-0001'], later)).stdout).toContain('办结：准予，2025-09-19 10:00，现场办结，超期办结\n');
    expect((await hall(db, ['case', 'show', '20250901-0002'], later)).stdout).toContain('办结：准予，2025-09-05 10:00，现场办结\n');
    expect((await hall(db, ['case', 'show', '20250901-0001', '--lang', 'en'], later)).stdout).toContain(
      'concluded: approved, 2025-09-19 10:00, on site, late\n',
    );
    const list = (await hall(db, ['case', 'list'], later)).stdout.split('\n');
    expect(list.find((line) => line.includes('20250901-0001'))).toMatch(/│ 超期办结 │$/);
    expect(list.find((line) => line.includes('20250901-0002'))).toMatch(/│ +— │$/);
  });
});

describe('a clerk’s day', () => {
  it('register, advance, pause for 补正 across a holiday, resume, conclude, deliver, rate', async () => {
    const { number } = await register();
    await json(['case', 'advance', number], '2025-09-30T11:00:00+08:00');
    const paused = await json(['case', 'supplement', number, '--materials', '营业执照副本'], '2025-10-09T09:00:00+08:00');
    expect(paused).toMatchObject({ state: 'paused', deadline: null, legal_deadline: null, days_left: 4 });
    expect(paused.pauses).toEqual([{ kind: 'supplement', reason: '营业执照副本', from: '2025-10-09', to: null }]);
    const resumed = await json(['case', 'resume', number], '2025-10-13T09:00:00+08:00');
    // the pause 10-09 → 10-13 holds 10-10, 10-11 (调休 Saturday) and 10-13: three working days
    expect(resumed).toMatchObject({ state: 'open', deadline: '2025-10-17', legal_deadline: '2025-11-07' });
    const concluded = await json(['case', 'conclude', number, '--outcome', 'approved'], '2025-10-14T16:00:00+08:00');
    expect(concluded).toMatchObject({ state: 'concluded', outcome: 'approved', days_used: 2, on_site: true, stage: 'decide' });
    const delivered = await json(['case', 'deliver', number], '2025-10-15T09:00:00+08:00');
    expect(delivered.delivered).toBe(true);
    const rated = await json(['case', 'rate', number, '--level', '5', '--comment', '很快'], '2025-10-15T09:05:00+08:00');
    expect(rated).toMatchObject({ number, level: 5, level_name: '非常满意', date: '2025-10-15', replaced: false });
    const shown = await json(['case', 'show', number]);
    expect(shown.events.map((event: { kind: string }) => event.kind)).toEqual(['register', 'advance', 'supplement', 'resume', 'conclude', 'deliver', 'rate']);
    expect(shown.evaluation).toEqual({ level: 5, comment: '很快', date: '2025-10-15' });
  });

  it('a special procedure still open at "now" keeps extending the deadline', async () => {
    const { number } = await register('XK10001000', '2025-09-22T10:00:00+08:00');
    await json(['case', 'suspend', number, '--reason', '专家评审'], '2025-09-26T10:00:00+08:00');
    const open = await json(['case', 'list', '--status', 'paused'], '2025-10-09T10:00:00+08:00');
    expect(open.map((row: { number: string }) => row.number)).toEqual([number]);
    const explain = await json(['case', 'show', number, '--explain'], '2025-10-09T10:00:00+08:00');
    // E = W(09-26, 10-09) = 09-28, 09-29, 09-30, 10-09 = 4 → W(d0, D) = 9 → 2025-10-10
    expect(explain.explain.deadline).toBe('2025-10-10');
    expect(explain.explain.pauses).toEqual([{ kind: 'special', reason: '专家评审', from: '2025-09-26', to: null, days: 4 }]);
  });

  it('--explain lists the counted working days and the skipped holidays and 调休 days', async () => {
    const { number } = await register();
    const shown = await json(['case', 'show', number, '--explain']);
    const { explain } = shown;
    expect(explain).toMatchObject({ accepted_date: '2025-09-30', accepted_time: '10:00', limit_days: 5, unit: 'workday', deadline: '2025-10-14' });
    expect(explain.days.filter((day: { counted: boolean }) => day.counted).map((day: { date: string }) => day.date)).toEqual([
      '2025-10-09',
      '2025-10-10',
      '2025-10-11',
      '2025-10-13',
      '2025-10-14',
    ]);
    expect(explain.days.find((day: { date: string }) => day.date === '2025-10-06')).toEqual({
      date: '2025-10-06',
      role: 'holiday',
      note: '中秋',
      counted: false,
      paused: false,
    });
    expect(explain.days.find((day: { date: string }) => day.date === '2025-10-11')).toMatchObject({ role: 'makeup', counted: true });
    const table = (await hall(db, ['case', 'show', number, '--explain'], at('2025-09-30T10:00:00+08:00'))).stdout;
    expect(table).toContain('│ 2025-10-11 │ 调休上班 │ 国庆节 │ 第 3 天 │');
  });

  it('--explain says how the deadline was reached in Chinese and in English, within 80 columns', async () => {
    const { number } = await register();
    await json(['case', 'supplement', number, '--materials', '营业执照'], '2025-10-09T09:30:00+08:00');
    await json(['case', 'resume', number], '2025-10-13T09:30:00+08:00');
    const zh = (await hall(db, ['case', 'show', number, '--explain'], at('2025-10-13T10:00:00+08:00'))).stdout;
    expect(zh).toContain('期限计算：2025-09-30 10:00 受理，受理当天不计入');
    expect(zh).toContain('从受理次日起数：承诺 5 个工作日 + 暂停 3 个工作日 = 第 8 个工作日');
    expect(zh).toContain('暂停（补正：营业执照）2025-10-09 至 2025-10-13，不计 3 个工作日');
    const en = (await hall(db, ['case', 'show', number, '--explain', '--lang', 'en'], at('2025-10-13T10:00:00+08:00'))).stdout;
    expect(en).toContain('deadline: accepted 2025-09-30 10:00, the day of acceptance not counted');
    expect(en).toContain('working days from the next day: 5 promised + 3 paused = working day 8');
    expect(en).toContain('1 working day used; 4 working days left');
    expect(en).not.toMatch(/[承诺期限计算暂停工作日]/);
    // CJK characters take two columns at a terminal.
    const columns = (line: string) => [...line].reduce((width, ch) => width + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
    for (const line of `${zh}${en}`.split('\n')) expect(columns(line), line).toBeLessThanOrEqual(80);
  });

  it('counts across the Spring Festival and the year end', async () => {
    expect((await register('XK10001000', '2026-02-13T10:00:00+08:00')).deadline).toBe('2026-02-27'); // 02-14 调休, then 02-24 …
    expect((await register('XK10001000', '2025-12-31T10:00:00+08:00')).deadline).toBe('2026-01-08'); // 01-04 调休 Sunday counts
    const yearEnd = await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '张三'], at('2026-12-30T10:00:00+08:00'));
    expect(yearEnd.stderr).toContain('日历中没有 2027 年的节假日安排');
  });

  it('follows the 自然日 rule for calendar-day items', async () => {
    const view = await register('XK10004000', '2025-09-18T09:30:00+08:00');
    expect(view).toMatchObject({ limit_unit: 'calendar', deadline: '2025-10-09', legal_deadline: '2025-10-20' });
  });

  it('recomputes stored deadlines when the calendar changes', async () => {
    const { number } = await register();
    const set = await json(['calendar', 'set', '2025-10-13', 'holiday', '--note', '地方性假日']);
    expect(set.recomputed_cases).toBe(1);
    expect((await json(['case', 'show', number])).deadline).toBe('2025-10-15');
    const raw = new BetterSqlite3(db, { readonly: true });
    expect(raw.prepare('SELECT deadline FROM cases_text WHERE number = ?').pluck().get(number)).toBe('2025-10-15');
    raw.close();
  });

  it('moves deadlines back when a day set with calendar set is unset', async () => {
    const { number } = await register();
    const raw = new BetterSqlite3(db, { readonly: true });
    const stored = () => raw.prepare('SELECT deadline, legal_deadline FROM cases_text WHERE number = ?').get(number);
    expect(stored()).toEqual({ deadline: '2025-10-14', legal_deadline: '2025-11-04' });
    await json(['calendar', 'set', '2025-10-13', 'holiday', '--note', '地方性假日']);
    expect(stored()).toEqual({ deadline: '2025-10-15', legal_deadline: '2025-11-05' });
    const unset = await json(['calendar', 'unset', '2025-10-13']);
    expect(unset).toMatchObject({ date: '2025-10-13', working_day: true, recomputed_cases: 1 });
    expect(stored()).toEqual({ deadline: '2025-10-14', legal_deadline: '2025-11-04' });
    expect((await json(['case', 'show', number])).deadline).toBe('2025-10-14');
    // a case concluded before the day was set, whose legal deadline still spans it, is recomputed too
    await json(['case', 'conclude', number, '--outcome', 'approved'], '2025-10-10T10:00:00+08:00');
    await json(['calendar', 'set', '2025-10-27', 'holiday'], '2025-10-28T10:00:00+08:00');
    expect(stored()).toEqual({ deadline: '2025-10-14', legal_deadline: '2025-11-05' });
    expect((await hall(db, ['calendar', 'unset', '2025-10-27'], at('2025-10-28T10:00:00+08:00'))).stdout).toBe(
      '已撤销 2025-10-27 的放假设定，恢复为工作日（周一）\n已重新计算 1 件办件的期限\n',
    );
    expect(stored()).toEqual({ deadline: '2025-10-14', legal_deadline: '2025-11-04' });
    raw.close();
  });

  it('refuses at intake: no clock, counted separately', async () => {
    const refused = await json(['case', 'refuse', '--item', 'XK10001000', '--applicant', '钱七', '--reason', '不属于本机关职权范围']);
    expect(refused).toMatchObject({ number: '20250930-0001', state: 'refused', deadline: null, accepted_at: null });
  });

  it('withdraws an open or paused case', async () => {
    const { number } = await register();
    await json(['case', 'supplement', number, '--materials', '身份证复印件'], '2025-10-09T09:00:00+08:00');
    const withdrawn = await json(['case', 'withdraw', number, '--reason', '申请人放弃'], '2025-10-10T09:00:00+08:00');
    expect(withdrawn).toMatchObject({ state: 'withdrawn', outcome: null });
    expect(withdrawn.pauses[0].to).toBe('2025-10-10');
  });
});

describe('on site (现场办结)', () => {
  it('defaults from the item authorisation', async () => {
    // XK10003000 authorises only 受理 and 送达: 审查 and 审批 go back to the department
    const { number } = await register('XK10003000');
    expect((await json(['case', 'conclude', number, '--outcome', 'approved'], '2025-10-09T10:00:00+08:00')).on_site).toBe(false);
  });

  it('--at-window and --backoffice override the stage the command handles', async () => {
    const first = (await register('XK10003000')).number;
    await json(['case', 'advance', first, '--at-window']);
    expect((await json(['case', 'conclude', first, '--outcome', 'approved', '--at-window'], '2025-10-09T10:00:00+08:00')).on_site).toBe(true);
    const second = (await register()).number;
    await json(['case', 'advance', second, '--backoffice']);
    expect((await json(['case', 'conclude', second, '--outcome', 'denied'], '2025-10-09T10:00:00+08:00')).on_site).toBe(false);
  });

  it('refuses --at-window together with --backoffice as a usage error, writing nothing', async () => {
    const { number } = await register();
    const before = dump(db);
    const result = await hall(db, ['case', 'advance', number, '--at-window', '--backoffice'], at('2025-09-30T11:00:00+08:00'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--backoffice');
    expect(result.stderr).toContain('--at-window');
    expect(dump(db)).toBe(before);
  });
});

describe('illegal transitions (every state × every command)', () => {
  const commands: Record<string, string[]> = {
    advance: [],
    supplement: ['--materials', '材料'],
    suspend: ['--reason', '听证'],
    resume: [],
    conclude: ['--outcome', 'approved'],
    deliver: [],
    withdraw: [],
  };
  const allowed: Record<string, string[]> = {
    open: ['advance', 'supplement', 'suspend', 'conclude', 'withdraw'],
    paused: ['resume', 'withdraw'],
    concluded: ['deliver'],
    delivered: [],
    withdrawn: [],
    refused: [],
  };
  const stateText: Record<string, string> = {
    open: '办理中',
    paused: '已暂停',
    concluded: '已办结',
    delivered: '已办结并送达',
    withdrawn: '已撤回',
    refused: '不予受理',
  };

  async function caseIn(state: string): Promise<string> {
    if (state === 'refused') return (await json(['case', 'refuse', '--item', 'XK10001000', '--applicant', '钱七', '--reason', '材料不全'])).number;
    const { number } = await register();
    if (state === 'paused') await json(['case', 'supplement', number, '--materials', '材料']);
    if (state === 'concluded' || state === 'delivered') await json(['case', 'conclude', number, '--outcome', 'approved']);
    if (state === 'delivered') await json(['case', 'deliver', number]);
    if (state === 'withdrawn') await json(['case', 'withdraw', number]);
    return number;
  }

  for (const state of Object.keys(allowed)) {
    for (const command of Object.keys(commands)) {
      const ok = allowed[state]!.includes(command);
      it(`${state} × ${command} → ${ok ? 'allowed' : 'refused'}`, async () => {
        const number = await caseIn(state);
        const before = dump(db);
        const result = await hall(db, ['case', command, number, ...commands[command]!], at('2025-09-30T11:00:00+08:00'));
        if (ok) {
          expect(result.code).toBe(0);
          return;
        }
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`办件 ${number} 当前状态为"${stateText[state]}"，不能`);
        expect(result.stderr).toContain(allowed[state]!.length > 0 ? `可执行：${allowed[state]![0]}` : '该办件已终结');
        expect(dump(db)).toBe(before);
      });
    }
  }
});

describe('bad input: exit 1, a message naming the case and what is allowed, the database unchanged', () => {
  const refusals: [string, string[], string][] = [
    ['an unknown case number', ['case', 'advance', '20250101-0001'], '未知办件编号 20250101-0001'],
    ['an unknown item', ['case', 'register', '--item', 'XK404', '--applicant', '张三'], '未知事项编码 XK404'],
    [
      'a suspended item',
      ['case', 'register', '--item', 'XK10007000', '--applicant', '张三', '--window', 'W001'],
      '事项 XK10007000（升放无人驾驶自由气球审批）已暂停，不能受理',
    ],
    [
      'an item not in the hall without --window',
      ['case', 'register', '--item', 'QT10006000', '--applicant', '张三'],
      '事项 QT10006000（清真食品标识牌核发）未进驻大厅，没有默认窗口；请用 --window 指定受理窗口',
    ],
    ['an unknown window', ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--window', 'W999'], '未知窗口 W999'],
    [
      'an invalid resident ID',
      ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--applicant-id', '110105194912310021'],
      '--applicant-id "110105194912310021" 无效：居民身份证号码校验位错误（GB 11643），请核对证件；外国护照等其他证件请加 --id-type 其他证件',
    ],
    [
      'a passport without --id-type other',
      ['case', 'register', '--item', 'XK10001000', '--applicant', 'John', '--applicant-id', 'E12345678'],
      '--applicant-id "E12345678" 无效：既不是 18 位居民身份证号码，也不是统一社会信用代码；护照、港澳通行证等请加 --id-type 其他证件',
    ],
    ['an unparseable --at', ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--at', '昨天下午'], '--at "昨天下午" 无效：不是有效时间'],
    [
      'an --at in the future',
      ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--at', '2025-10-09 09:00'],
      '--at "2025-10-09 09:00" 无效：晚于当前时间',
    ],
    ['a negative fee', ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--fee', '-5'], '--fee "-5" 无效：收费不能为负数'],
    ['an unknown channel', ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--channel', '邮寄'], '--channel "邮寄" 无效'],
    ['an unknown window in case list', ['case', 'list', '--window', 'W999'], '未知窗口 W999'],
    ['an unknown window in alerts', ['alerts', '--window', 'W999'], '未知窗口 W999'],
    ['an unknown window in complaint list', ['complaint', 'list', '--window', 'W999'], '未知窗口 W999'],
    ['--conclude on a promised item', ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--conclude', 'approved'], '--conclude 只用于即办件'],
  ];
  it.each(refusals)('%s', async (_what, args, message) => {
    const before = dump(db);
    const result = await hall(db, args, at('2025-09-30T10:00:00+08:00'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(dump(db)).toBe(before);
  });

  it('refuses a cancelled item', async () => {
    await hall(db, ['items', 'import', fixture('catalog-utf8-bom.csv'), '--sync']);
    const before = dump(db);
    const result = await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '张三']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('已取消，不能受理');
    expect(dump(db)).toBe(before);
  });

  it('refuses an --at earlier than the last event', async () => {
    const { number } = await register();
    const before = dump(db);
    const result = await hall(db, ['case', 'advance', number, '--at', '2025-09-29 16:00'], at('2025-09-30T11:00:00+08:00'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`办件 ${number} 的上一事件时间为 2025-09-30 10:00，新事件（2025-09-29 16:00）不能早于它`);
    expect(dump(db)).toBe(before);
  });

  it('accepts a back-dated --at after the last event', async () => {
    const { number } = await register();
    const view = await json(['case', 'conclude', number, '--outcome', 'approved', '--at', '2025-10-09 16:00'], '2025-10-20T09:00:00+08:00');
    expect(view.concluded_at).toBe('2025-10-09T16:00:00+08:00');
    expect(view.days_used).toBe(1);
    const shown = (await hall(db, ['case', 'show', number], at('2025-10-20T09:00:00+08:00'))).stdout;
    expect(shown).toContain('办结：准予，2025-10-09 16:00');
    expect(shown).toContain('│ 2025-10-09 16:00 │ 办结 │');
  });

  it('refuses an advance past 审批 and names the stages allowed', async () => {
    const { number } = await register('QT10002000');
    await json(['case', 'advance', number]);
    const result = await hall(db, ['case', 'advance', number], at('2025-09-30T10:00:00+08:00'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('当前环节为"审批"，没有下一个环节；请用 conclude 办结');
  });

  it('refuses a rating outside 1–5 and a second rating without --replace', async () => {
    const { number } = await register();
    const outside = await hall(db, ['case', 'rate', number, '--level', '6']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('--level "6" 无效：应为 1–5');
    await json(['case', 'rate', number, '--level', '2']);
    const before = dump(db);
    const second = await hall(db, ['case', 'rate', number, '--level', '4'], at('2025-09-30T10:00:00+08:00'));
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`办件 ${number} 已有评价（2 不满意，2025-09-30）；改评请加 --replace`);
    expect(dump(db)).toBe(before);
    const replaced = await json(['case', 'rate', number, '--level', '4', '--replace']);
    expect(replaced).toMatchObject({ level: 4, replaced: true });
  });

  it("refuses a rating recorded with --at before the case's last event, like every case command", async () => {
    const { number } = await register();
    await json(['case', 'advance', number], '2025-10-09T10:00:00+08:00');
    const before = dump(db);
    const result = await hall(db, ['case', 'rate', number, '--level', '4', '--at', '2025-10-08 10:00'], at('2025-10-10T10:00:00+08:00'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`办件 ${number} 的上一事件时间为 2025-10-09 10:00，新事件（2025-10-08 10:00）不能早于它`);
    expect(dump(db)).toBe(before);
  });

  it('case suspend --help names the procedures of 行政许可法 Art. 45 that stop the clock', async () => {
    const help = await hall(db, ['case', 'suspend', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审（行政许可法第四十五条）');
  });

  it('refuses a rating dated in the future or before acceptance', async () => {
    const { number } = await register();
    const before = dump(db);
    const future = await hall(db, ['case', 'rate', number, '--level', '4', '--date', '2025-10-01'], at('2025-09-30T11:00:00+08:00'));
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('--date "2025-10-01" 无效：晚于当前时间');
    const early = await hall(db, ['case', 'rate', number, '--level', '4', '--date', '2025-09-29'], at('2025-09-30T11:00:00+08:00'));
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('--date "2025-09-29" 无效：早于受理时间');
    expect(dump(db)).toBe(before);
  });

  it('never prompts without a terminal: exit 2 naming the missing flag', async () => {
    const result = await hall(db, ['case', 'register', '--applicant', '张三']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('hall: 用法错误: 缺少 --item（不在终端上运行时不会提示输入）\n  查看帮助：hall case register --help\n');
  });
});

describe('list and alerts', () => {
  it('lists by status, and alerts group red and yellow cases by window', async () => {
    const overdue = (await register('XK10001000', '2025-09-22T10:00:00+08:00')).number; // due 2025-09-29
    const dueSoon = (await register('XK10001000', '2025-09-30T10:00:00+08:00')).number; // due 2025-10-14
    await register('XK10003000', '2025-09-30T10:00:00+08:00'); // due 2025-10-16, W002
    const today = '2025-10-13T09:00:00+08:00'; // 10-14 is one working day away; the threshold is 2
    const numbers = async (status: string) => (await json(['case', 'list', '--status', status], today)).map((row: { number: string }) => row.number);
    expect(await numbers('overdue')).toEqual([overdue]);
    expect(await numbers('due-soon')).toEqual([dueSoon]);
    expect(await numbers('open')).toHaveLength(3);
    const alerts = await json(['alerts'], today);
    expect(alerts).toMatchObject({ date: '2025-10-13', warning_days: 2, red: 1, yellow: 1 });
    expect(alerts.windows).toHaveLength(1);
    expect(alerts.windows[0]).toMatchObject({ window: 'W001', name: '市场监管窗口', red: 1, yellow: 1 });
    expect(alerts.windows[0].cases.map((alert: { number: string; level: string }) => `${alert.number} ${alert.level}`)).toEqual([
      `${overdue} red`,
      `${dueSoon} yellow`,
    ]);
    const table = (await hall(db, ['alerts'], at(today))).stdout;
    expect(table).toContain('窗口 W001 市场监管窗口：红灯 1 件，黄灯 1 件');
    expect(table).not.toContain('\u001b[');
    // At a terminal the red row is red and the yellow row yellow.
    const colored = (await hall(db, ['alerts'], at(today), true)).stdout;
    const rowOf = (number: string) => colored.split('\n').find((line) => line.includes(number))!;
    expect(rowOf(overdue)).toContain('\u001b[31m');
    expect(rowOf(dueSoon)).toContain('\u001b[33m');
  });
});

describe('complaints and window records', () => {
  it('adds, closes and lists complaints; closing twice is refused', async () => {
    const { number } = await register();
    const complaint = await json(['complaint', 'add', '--window', 'W001', '--case', number, '--channel', '12345', '--summary', '窗口人员态度生硬']);
    expect(complaint).toEqual({
      id: 1,
      window: 'W001',
      case: number,
      channel: '12345',
      category: 'complaint',
      received_at: '2025-09-30',
      // 15 working days (投诉) after Tuesday 30 September, National Day and the 调休 Saturday 11 October between.
      due: '2025-10-28',
      summary: '窗口人员态度生硬',
      status: 'open',
      substantiated: null,
      closed_at: null,
      on_time: null,
    });
    const closed = await json(['complaint', 'close', '1', '--substantiated', 'yes']);
    expect(closed).toMatchObject({ status: 'closed', substantiated: true });
    const before = dump(db);
    const again = await hall(db, ['complaint', 'close', '1', '--substantiated', 'no']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('投诉 1 已经办结（查实），不能再次办结');
    expect(dump(db)).toBe(before);
    expect(await json(['complaint', 'list', '--status', 'closed'])).toHaveLength(1);
    const badChannel = await hall(db, ['complaint', 'add', '--window', 'W001', '--channel', '微信', '--summary', 'x']);
    expect(badChannel.stderr).toContain('--channel "微信" 无效：应为 现场、电话、12345、信箱 或 网络');
  });

  it('records deductions and commendations on a window', async () => {
    const deduction = await json(['window', 'record', 'W001', '--kind', 'deduction', '--points', '2', '--reason', '脱岗', '--date', '2025-09-12']);
    expect(deduction).toMatchObject({ window: 'W001', date: '2025-09-12', kind: 'deduction', points: 2, reason: '脱岗' });
    await json(['window', 'record', 'W001', '--kind', 'commendation', '--points', '1', '--reason', '锦旗']);
    expect((await json(['window', 'show', 'W001'])).records).toHaveLength(2);
    const bad = await hall(db, ['window', 'record', 'W001', '--kind', 'bonus', '--points', '1', '--reason', 'x']);
    expect(bad.stderr).toContain('--kind "bonus" 无效');
    const negative = await hall(db, ['window', 'record', 'W001', '--kind', 'deduction', '--points', '-1', '--reason', 'x']);
    expect(negative.stderr).toContain('--points "-1" 无效：应为 0 到 100 之间的正数');
  });
});

describe('cases import', () => {
  it('builds the same events the commands would', async () => {
    const result = await json(['cases', 'import', fixture('cases-history.csv')], '2025-10-10T10:00:00+08:00');
    expect(result).toMatchObject({ rows: 7, imported: 7, rejected: 0, warnings: 0, encoding: 'gb18030' });
    const first = await json(['case', 'show', '20250915-0001'], '2025-10-10T10:00:00+08:00');
    expect(first).toMatchObject({
      state: 'concluded',
      outcome: 'approved',
      deadline: '2025-09-22',
      days_used: 4,
      on_site: true,
      evaluation: { level: 5, comment: '', date: '2025-09-19' },
    });
    // The imported 评价 is the rate event `case rate` appends, so `case show` lists it with the rest.
    expect(first.events.map((event: { kind: string }) => event.kind)).toEqual(['register', 'conclude', 'rate']);
    const paused = await json(['case', 'show', '20250915-0002'], '2025-10-10T10:00:00+08:00');
    expect(paused).toMatchObject({
      fee_fen: 12000,
      on_site: false,
      pauses: [{ kind: 'supplement', reason: '补正（导入）', from: '2025-09-17', to: '2025-09-18' }],
    });
    expect((await json(['case', 'show', '20250916-0001'])).on_site).toBe(true);
    expect((await json(['case', 'show', '20250919-0001'])).state).toBe('withdrawn');
    expect((await json(['case', 'show', '20250919-0002'])).state).toBe('refused');
    expect((await json(['case', 'show', '20250922-0001'])).on_site).toBe(false);
  });

  it('gives a rated 不予受理 its rate event, as case refuse and case rate would', async () => {
    const file = join(tempDir(), 'refused.csv');
    writeFileSync(file, '事项编码,申请人,受理时间,办理结果,评价\nXK10001000,张三,2025-09-15 09:00,不予受理,1\n');
    expect((await hall(db, ['cases', 'import', file])).code).toBe(0);
    const shown = await json(['case', 'show', '20250915-0001']);
    expect(shown).toMatchObject({ state: 'refused', evaluation: { level: 1, date: '2025-09-15' } });
    expect(shown.events.map((event: { kind: string }) => event.kind)).toEqual(['refuse', 'rate']);
  });

  it('is all or nothing, naming each bad row', async () => {
    const before = dump(db);
    const result = await hall(db, ['cases', 'import', fixture('cases-bad.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('5 行无效，未写入任何数据');
    expect(result.stderr).toContain('第 2 行（文件第 3 行），列 事项编码 = "XK99999999"：未知事项编码 XK99999999');
    expect(result.stderr).toContain('第 4 行（文件第 5 行），列 受理时间 = "9月15日"：不是有效时间');
    expect(result.stderr).toContain('第 5 行（文件第 6 行），列 办结时间 = "2025-09-12 09:00"：早于受理时间');
    expect(dump(db)).toBe(before);
  });

  it('--skip-invalid imports the good rows and writes the rejects with reasons', async () => {
    const rejects = join(tempDir(), 'rejects.csv');
    const result = await json(['cases', 'import', fixture('cases-bad.csv'), '--skip-invalid', '--rejects', rejects]);
    expect(result).toMatchObject({ imported: 1, rejected: 5, rejects_file: rejects });
    const lines = readFileSync(rejects, 'utf8').replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('事项编码,申请人,证件号码,受理时间,办结时间,办理结果,错误原因');
    expect(lines).toHaveLength(6);
  });
});
