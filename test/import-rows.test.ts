/** The pure row parsers of the case and calendar imports (SPEC §2, §5): what a row becomes, or every cell it gets wrong. */
import { describe, expect, it } from 'vitest';
import { parseCalendarRow } from '../src/core/calendar-row.js';
import { type CaseField, importedEvents, importedFee, parseCaseRow } from '../src/core/case-row.js';
import { parseDepartmentName, parseWindowCode, parseWindowName } from '../src/core/organisation.js';

const context = { timeZone: 'Asia/Shanghai', now: new Date('2025-10-10T10:00:00+08:00') };
const base = { item: 'XK10001000', applicant: '张三', accepted_at: '2025-09-15 09:00' };
const parse = (cells: Partial<Record<CaseField, string>>) => parseCaseRow({ ...base, ...cells }, context);
const errorsOf = (cells: Partial<Record<CaseField, string>>) => {
  const parsed = parse(cells);
  return 'errors' in parsed ? parsed.errors : [];
};
const rowOf = (cells: Partial<Record<CaseField, string>>) => {
  const parsed = parse(cells);
  if (!('row' in parsed)) throw new Error(JSON.stringify(parsed.errors));
  return parsed.row;
};

describe('a case row', () => {
  it('is a part of a combined case with both 一件事编码 and 联办编号, a lone case with neither, refused with one alone or as a 不予受理', () => {
    expect(rowOf({ bundle: 'YJS007', combined_no: ' 联办-1 ' }).combined).toEqual({ key: '联办-1', bundle: 'YJS007' });
    expect(rowOf({}).combined).toBeNull();
    expect(errorsOf({ bundle: 'YJS007' })).toEqual([{ field: 'bundle', value: 'YJS007', problem: { rule: 'needs', other: 'combined_no' } }]);
    expect(errorsOf({ combined_no: 'L1' })).toEqual([{ field: 'combined_no', value: 'L1', problem: { rule: 'needs', other: 'bundle' } }]);
    expect(errorsOf({ bundle: 'YJS007', combined_no: 'L1', outcome: '不予受理' })).toEqual([
      { field: 'outcome', value: '不予受理', problem: { rule: 'combined_refusal' } },
    ]);
  });

  it('reads a concluded case with a pause, a fee, a rating and Excel-style times', () => {
    const row = rowOf({
      case_no: '20250915-0007',
      applicant_id: '91350100M000100Y43',
      accepted_at: '2025/9/15 9:05',
      concluded_at: '2025-09-24 11:00',
      outcome: '准予',
      fee: '120元',
      rating: '满意',
      pause_from: '2025-09-17 09:00',
      pause_to: '2025-09-18 15:00',
      on_site: '否',
    });
    expect(row).toMatchObject({
      caseNo: '20250915-0007',
      applicantId: '91350100M000100Y43',
      idType: 'credit',
      idNotice: null,
      accepted: { at: '2025-09-15T09:05:00+08:00', date: '2025-09-15', minutes: 545 },
      concluded: { date: '2025-09-24' },
      outcome: 'approved',
      feeFen: 12000,
      rating: 4,
      pause: { from: { date: '2025-09-17' }, to: { date: '2025-09-18' } },
      onSite: false,
    });
  });

  it('takes a passport as "other" and notices a credit code failing its check', () => {
    expect(rowOf({ applicant_id: 'E12345678' })).toMatchObject({ applicantId: 'E12345678', idType: 'other' });
    expect(rowOf({ applicant_id: '91350100M000100Y44' }).idNotice).toEqual({ notice: 'credit_code_check', id: '91350100M000100Y44' });
  });

  it('reports every bad cell of a row with the rule it breaks', () => {
    expect(errorsOf({ case_no: '2025-1', item: '', applicant: ' ', accepted_at: '9月15日', fee: '-5', rating: '6', on_site: '也许' })).toEqual([
      { field: 'case_no', value: '2025-1', problem: { rule: 'case_number_form' } },
      { field: 'item', value: '', problem: { rule: 'required' } },
      { field: 'applicant', value: '', problem: { rule: 'required' } },
      { field: 'accepted_at', value: '9月15日', problem: { rule: 'timestamp' } },
      { field: 'fee', value: '-5', problem: { rule: 'fee_negative' } },
      { field: 'rating', value: '6', problem: { rule: 'level' } },
      { field: 'on_site', value: '也许', problem: { rule: 'yes_no' } },
    ]);
  });

  it('refuses a resident ID with a wrong check digit and a time still to come', () => {
    expect(errorsOf({ applicant_id: '110105194912310022', concluded_at: '2025-10-11 09:00', outcome: '准予' })).toEqual([
      { field: 'applicant_id', value: '110105194912310022', problem: { rule: 'resident_id_check' } },
      { field: 'concluded_at', value: '2025-10-11 09:00', problem: { rule: 'in_future' } },
    ]);
  });

  it('checks the cells against each other, naming the other field', () => {
    expect(errorsOf({ concluded_at: '2025-09-12 09:00', outcome: '准予' })).toEqual([
      { field: 'concluded_at', value: '2025-09-12 09:00', problem: { rule: 'before', other: 'accepted_at' } },
    ]);
    expect(errorsOf({ outcome: '准予' })).toEqual([{ field: 'outcome', value: '准予', problem: { rule: 'needs', other: 'concluded_at' } }]);
    expect(errorsOf({ concluded_at: '2025-09-19 09:00' })).toEqual([
      { field: 'concluded_at', value: '2025-09-19 09:00', problem: { rule: 'needs', other: 'outcome' } },
    ]);
    expect(errorsOf({ pause_to: '2025-09-18 09:00' })).toEqual([
      { field: 'pause_to', value: '2025-09-18 09:00', problem: { rule: 'needs', other: 'pause_from' } },
    ]);
    expect(errorsOf({ pause_from: '2025-09-14 09:00' })).toEqual([
      { field: 'pause_from', value: '2025-09-14 09:00', problem: { rule: 'before', other: 'accepted_at' } },
    ]);
    expect(errorsOf({ pause_from: '2025-09-17 09:00', pause_to: '2025-09-16 09:00' })).toEqual([
      { field: 'pause_to', value: '2025-09-16 09:00', problem: { rule: 'before', other: 'pause_from' } },
    ]);
    const decided = { concluded_at: '2025-09-19 09:00', outcome: '准予' };
    expect(errorsOf({ ...decided, pause_from: '2025-09-17 09:00' })).toEqual([
      { field: 'concluded_at', value: '2025-09-19 09:00', problem: { rule: 'needs', other: 'pause_to' } },
    ]);
    expect(errorsOf({ ...decided, pause_from: '2025-09-17 09:00', pause_to: '2025-09-22 09:00' })).toEqual([
      { field: 'pause_to', value: '2025-09-22 09:00', problem: { rule: 'after', other: 'concluded_at' } },
    ]);
  });

  it('lets a withdrawal end an open pause, and ignores a pause on a refusal', () => {
    expect(rowOf({ concluded_at: '2025-09-19 09:00', outcome: '撤回', pause_from: '2025-09-17 09:00' }).pause?.to).toBeNull();
    expect(rowOf({ outcome: '不予受理', pause_from: '2025-09-17 09:00' }).outcome).toBe('refused');
  });
});

describe('the events an imported case gets', () => {
  it('builds what the commands would, each marked imported', () => {
    const row = rowOf({ concluded_at: '2025-09-24 11:00', outcome: '准予', pause_from: '2025-09-17 09:00', pause_to: '2025-09-18 15:00', on_site: '是' });
    expect(importedEvents(row, 'tester').map(({ kind, date, location, details, operator }) => ({ kind, date, location, details, operator }))).toEqual([
      { kind: 'register', date: '2025-09-15', location: 'window', details: { channel: 'window', imported: true }, operator: 'tester' },
      { kind: 'supplement', date: '2025-09-17', location: null, details: { materials: '补正（导入）', imported: true }, operator: 'tester' },
      { kind: 'resume', date: '2025-09-18', location: null, details: { imported: true }, operator: 'tester' },
      { kind: 'conclude', date: '2025-09-24', location: null, details: { outcome: 'approved', on_site: true, imported: true }, operator: 'tester' },
    ]);
  });

  it('records a refusal alone, free of charge', () => {
    const row = rowOf({ outcome: '不予受理', fee: '50' });
    expect(importedEvents(row, 'tester').map((event) => [event.kind, event.details])).toEqual([['refuse', { reason: '不予受理', imported: true }]]);
    expect(importedFee(row, 8000)).toBe(0);
    expect(importedFee(rowOf({}), 8000)).toBe(8000);
    expect(importedFee(rowOf({ fee: '0' }), 8000)).toBe(0);
  });

  it('rates a refusal after it, as case rate would, so its evaluation has its event', () => {
    const row = rowOf({ outcome: '不予受理', rating: '1' });
    expect(importedEvents(row, 'tester').map(({ kind, date, details }) => [kind, date, details])).toEqual([
      ['refuse', '2025-09-15', { reason: '不予受理', imported: true }],
      ['rate', '2025-09-15', { level: 1, comment: '', date: '2025-09-15', imported: true }],
    ]);
  });
});

describe('a calendar row', () => {
  it('reads English and Chinese kinds, full-width digits and the note', () => {
    expect(parseCalendarRow({ date: '2027-02-06', kind: '放假', note: '春节' })).toEqual({ day: { date: '2027-02-06', kind: 'holiday', note: '春节' } });
    expect(parseCalendarRow({ date: '２０２７-０２-１４', kind: '补班' })).toEqual({ day: { date: '2027-02-14', kind: 'workday', note: '' } });
    expect(parseCalendarRow({ date: '2027-10-01', kind: 'Holiday' })).toMatchObject({ day: { kind: 'holiday' } });
  });

  it('refuses a date that does not exist, one out of range, an unknown kind and empty cells', () => {
    expect(parseCalendarRow({ date: '2027-02-30', kind: '上课' })).toEqual({
      errors: [
        { field: 'date', value: '2027-02-30', problem: { rule: 'schedule_date' } },
        { field: 'kind', value: '上课', problem: { rule: 'day_kind' } },
      ],
    });
    expect(parseCalendarRow({ date: '1900-01-01', kind: 'holiday' })).toEqual({
      errors: [{ field: 'date', value: '1900-01-01', problem: { rule: 'date_range' } }],
    });
    expect(parseCalendarRow({ date: '', kind: '' })).toEqual({
      errors: [
        { field: 'date', value: '', problem: { rule: 'required' } },
        { field: 'kind', value: '', problem: { rule: 'required' } },
      ],
    });
  });
});

describe('a department or window as typed', () => {
  it('keeps window codes to ASCII letters, digits, - and _, trimmed', () => {
    expect(parseWindowCode(' W001 ')).toBe('W001');
    expect(parseWindowCode('A-03_b')).toBe('A-03_b');
    for (const bad of ['窗口一', 'W 01', '', 'W01;']) {
      expect(() => parseWindowCode(bad)).toThrow(expect.objectContaining({ field: 'window_code', value: bad, problem: { rule: 'window_code' } }));
    }
  });

  it('refuses empty names and keeps the rest as written', () => {
    expect(parseDepartmentName(' 市场监管局 ')).toBe('市场监管局');
    expect(parseWindowName('综合受理窗口')).toBe('综合受理窗口');
    expect(() => parseDepartmentName('  ')).toThrow(expect.objectContaining({ field: 'department', problem: { rule: 'required' } }));
    expect(() => parseWindowName('')).toThrow(expect.objectContaining({ field: 'name', problem: { rule: 'required' } }));
  });
});
