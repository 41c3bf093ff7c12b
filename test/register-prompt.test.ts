/** Interactive `case register`: with flags missing at a terminal it asks (the prompt module is replaced here). */
import { describe, expect, it, vi } from 'vitest';
import { fixture, freshDb, hall } from './helpers.js';

const askRegistration = vi.fn();
const askApplicant = vi.fn();
vi.mock('../src/cli/prompt.js', () => ({ askRegistration, askApplicant }));

describe('interactive register', () => {
  it('asks for what is missing and registers the answer', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    askRegistration.mockResolvedValueOnce({ item: 'XK10003000', applicant: '李四', applicantId: '11010519491231002X' });
    const result = await hall(db, ['case', 'register', '--format', 'json'], { HALL_NOW: '2025-09-30T10:00:00+08:00' }, true, true);
    expect(result.code).toBe(0);
    const [choices, known, lang] = askRegistration.mock.calls[0]!;
    expect(choices).toContainEqual({ code: 'XK10003000', name: '普通护照签发', window: '出入境窗口' });
    expect(choices.map((choice: { code: string }) => choice.code)).not.toContain('XK10007000'); // suspended
    expect(known).toEqual({ item: undefined, applicant: undefined, applicantId: undefined });
    expect(lang).toBe('zh');
    expect(JSON.parse(result.stdout)).toMatchObject({
      number: '20250930-0001',
      item: 'XK10003000',
      applicant: '李四',
      applicant_id: '110105********002X',
      deadline: '2025-10-16',
    });
  });

  it('keeps the flags that were given and asks only for the rest', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    askRegistration.mockImplementationOnce(async (_items, known) => ({ item: 'QT10002000', applicant: known.applicant, applicantId: '' }));
    const result = await hall(db, ['case', 'register', '--applicant', '王五', '--format', 'json'], {}, true, true);
    expect(result.code).toBe(0);
    expect(askRegistration.mock.calls.at(-1)![1]).toEqual({ item: undefined, applicant: '王五', applicantId: undefined });
    expect(JSON.parse(result.stdout)).toMatchObject({ item: 'QT10002000', applicant: '王五' });
  });

  it('registers at the window and with the document type chosen in the prompt', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    askRegistration.mockResolvedValueOnce({ item: 'QT10006000', window: 'W001', applicant: 'John Smith', applicantId: 'E12345678', idType: 'other' });
    const result = await hall(db, ['case', 'register', '--format', 'json'], { HALL_NOW: '2025-09-30T10:00:00+08:00' }, true, true);
    expect(result.code).toBe(0);
    const [choices, , , windows] = askRegistration.mock.calls.at(-1)!;
    expect(choices).toContainEqual({ code: 'QT10006000', name: '清真食品标识牌核发', window: null }); // not in the hall: the window is asked
    expect(windows).toContainEqual({ code: 'W001', name: '市场监管窗口', department: '市场监管局' });
    expect(JSON.parse(result.stdout)).toMatchObject({ item: 'QT10006000', window: 'W001', applicant: 'John Smith', applicant_id: 'E1*****78' });
    // the window was chosen by the clerk, so a window of another department is a slip to warn about
    expect(result.stderr).toContain('窗口 W001 属于市场监管局，事项 QT10006000 属于民宗局');
  });

  it('asks only for the applicant of a bundle given by --bundle, then opens the combined case', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('demo-catalog.csv')]);
    await hall(db, ['bundles', 'import', fixture('bundles.csv')]);
    askApplicant.mockResolvedValueOnce({ applicant: '某某公司', applicantId: '' });
    const result = await hall(db, ['case', 'register', '--bundle', 'YJS003', '--format', 'json'], { HALL_NOW: '2025-09-30T10:00:00+08:00' }, true, true);
    expect(result.code, result.stderr).toBe(0);
    expect(askApplicant.mock.calls.at(-1)).toEqual([{ applicantId: undefined, idType: undefined }, 'zh']);
    // YJS003 企业注销: three members, 3 working days from 30 September: 9, 10 and 11 (调休) October.
    expect(JSON.parse(result.stdout)).toMatchObject({ number: 'J20250930-0001', applicant: '某某公司', parts_total: 3, deadline: '2025-10-11' });
  });

  it('offers the active bundles in the same search, and registers the one chosen with its optional members unticked left out', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('demo-catalog.csv')]);
    await hall(db, ['bundles', 'import', fixture('bundles.csv')]);
    askRegistration.mockResolvedValueOnce({ item: '', bundle: 'YJS001', without: ['GG04001000'], applicant: '某某公司', applicantId: '' });
    const result = await hall(db, ['case', 'register', '--format', 'json'], { HALL_NOW: '2025-09-30T10:00:00+08:00' }, true, true);
    expect(result.code, result.stderr).toBe(0);
    const bundles = askRegistration.mock.calls.at(-1)![4];
    expect(bundles).toContainEqual({
      code: 'YJS001',
      name: '开办企业一件事',
      members: 5,
      optional: [
        { code: 'GG04001000', name: '就业登记' },
        { code: 'GG05001000', name: '基本医疗保险参保登记' },
      ],
    });
    const combined = JSON.parse(result.stdout);
    expect(combined).toMatchObject({ number: 'J20250930-0001', bundle: 'YJS001', applicant: '某某公司', parts_total: 4 });
    expect(combined.parts.map((part: { item: string }) => part.item)).not.toContain('GG04001000');
  });

  it('checks the flags that were given before asking anything', async () => {
    const db = await freshDb();
    await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
    askRegistration.mockClear();
    const refusals: [string[], string][] = [
      [['--channel', '邮寄'], '--channel "邮寄" 无效'],
      [['--id-type', 'passport'], '--id-type "passport" 无效'],
      [['--window', 'X99'], '未知窗口 X99'],
      [['--at', '2026-01-01 09:00'], '--at "2026-01-01 09:00" 无效'],
    ];
    for (const [flags, message] of refusals) {
      const result = await hall(db, ['case', 'register', ...flags], { HALL_NOW: '2025-09-30T10:00:00+08:00' }, true, true);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(message);
    }
    expect(askRegistration).not.toHaveBeenCalled();
  });

  it('never asks when stdin is not a terminal', async () => {
    const db = await freshDb();
    askRegistration.mockClear();
    const result = await hall(db, ['case', 'register', '--item', 'XK10003000'], {}, true, false);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('缺少 --applicant（不在终端上运行时不会提示输入）');
    expect(askRegistration).not.toHaveBeenCalled();
  });
});
