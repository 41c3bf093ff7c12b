/** The pure normalisation rules of SPEC §3.1: what a department's cell becomes, or the rule it breaks. */
import { describe, expect, it } from 'vitest';
import { isFullyAuthorized, parseChineseNumber, parseDayLimit, parseFeeFen, parseItemType, parseKind, parseStageList } from '../src/core/catalog.js';
import { headerKey, normalizeCell } from '../src/core/columns.js';
import { parseItemRow } from '../src/core/item-row.js';
import { itemFieldForHeader } from '../src/core/item-table.js';

describe('cells', () => {
  it('normalizes full-width digits and letters but keeps full-width punctuation', () => {
    expect(normalizeCell('　２０　')).toBe('20');
    expect(normalizeCell('ＸＫ００１')).toBe('XK001');
    expect(normalizeCell('食品经营许可（新办）')).toBe('食品经营许可（新办）');
    expect(normalizeCell("'=1+1")).toBe('=1+1'); // our own export's formula guard
  });
  it('matches headers case-insensitively, trimmed, without any spaces', () => {
    expect(headerKey(' Promised_Days ')).toBe('promised_days');
    expect(itemFieldForHeader('承诺　时限')).toBe('promised_days');
    expect(itemFieldForHeader('实施主体')).toBe('department');
    expect(itemFieldForHeader('跑动次数')).toBe('visits');
    expect(itemFieldForHeader('备注')).toBeUndefined();
  });
});

describe('time limits', () => {
  it.each([
    ['20', 20, null],
    ['２０', 20, null],
    ['20个工作日', 20, 'workday'],
    ['20 个工作日', 20, 'workday'],
    ['二十', 20, null],
    ['20日', 20, 'workday'],
    ['30个自然日', 30, 'calendar'],
    ['即办', 0, null],
    ['当场办结', 0, null],
    ['0', 0, null],
    ['一百二十', 120, null],
  ])('%s → %i', (cell, days, unit) => {
    expect(parseDayLimit(cell)).toEqual({ days, unit });
  });
  it('empty and 无 mean no limit', () => {
    expect(parseDayLimit('')).toBeNull();
    expect(parseDayLimit('无')).toBeNull();
  });
  it('refuses text where days belong', () => {
    expect(parseDayLimit('视情况而定')).toEqual({ rule: 'days' });
    expect(parseDayLimit('20周')).toEqual({ rule: 'days' });
  });
  it('reads Chinese numerals', () => {
    expect(parseChineseNumber('十五')).toBe(15);
    expect(parseChineseNumber('三十')).toBe(30);
    expect(parseChineseNumber('两')).toBe(2);
    expect(parseChineseNumber('二十个')).toBeNull();
  });
});

describe('fees', () => {
  it.each([
    ['', 0],
    ['不收费', 0],
    ['免费', 0],
    ['50', 5000],
    ['50元', 5000],
    ['50.00', 5000],
    ['0.5', 50],
    ['１２０元', 12000],
    ['￥80', 8000],
  ])('%s → %i fen', (cell, fen) => {
    expect(parseFeeFen(cell)).toBe(fen);
  });
  it('refuses negative and non-numeric fees', () => {
    expect(parseFeeFen('-5')).toEqual({ rule: 'fee_negative' });
    expect(parseFeeFen('按标准收取')).toEqual({ rule: 'fee' });
    expect(parseFeeFen('1.234')).toEqual({ rule: 'fee' });
  });
});

describe('types, kinds and stages', () => {
  it('accepts names, numeric codes with or without the 0, and aliases', () => {
    expect(parseItemType('01')).toBe('行政许可');
    expect(parseItemType('1')).toBe('行政许可');
    expect(parseItemType('05')).toBe('行政给付');
    expect(parseItemType('20')).toBe('公共服务');
    expect(parseItemType('许可')).toBe('行政许可');
    expect(parseItemType('非许可')).toBe('非行政许可');
    expect(parseItemType('便民服务')).toBe('公共服务');
    expect(parseItemType('初审')).toBe('初审');
    expect(parseItemType('11')).toEqual({ rule: 'item_type' });
    expect(parseItemType('行政审批')).toEqual({ rule: 'item_type' });
  });
  it('reads kinds', () => {
    expect(parseKind('即办件')).toBe('immediate');
    expect(parseKind('2')).toBe('promised');
    expect(parseKind('')).toBeNull();
    expect(parseKind('加急件')).toEqual({ rule: 'item_kind' });
  });
  it('splits stage lists on > , ， 、', () => {
    expect(parseStageList('受理>审查>审批>送达')).toEqual(['accept', 'review', 'decide', 'deliver']);
    expect(parseStageList('受理，送达')).toEqual(['accept', 'deliver']);
    expect(parseStageList('受理、现场勘察')).toEqual(['accept', 'inspect']);
    expect(parseStageList('受理>盖章')).toEqual({ rule: 'stage', name: '盖章' });
  });
  it('is fully authorized when every stage up to 审批 is', () => {
    expect(isFullyAuthorized(['accept', 'review', 'decide', 'deliver'], ['accept', 'review', 'decide'])).toBe(true);
    expect(isFullyAuthorized(['accept', 'review', 'decide', 'deliver'], ['accept', 'deliver'])).toBe(false);
  });
});

describe('a whole row', () => {
  const base = { code: 'XK1', name: '食品经营许可', department: '市场监管局', type: '行政许可', legal_days: '20', promised_days: '5' };
  it('fills the defaults', () => {
    const parsed = parseItemRow(base);
    expect(parsed).toHaveProperty('item');
    if (!('item' in parsed)) return;
    expect(parsed.item).toMatchObject({
      kind: 'promised',
      limitUnit: 'workday',
      stages: ['accept', 'review', 'decide', 'deliver'],
      authorized: ['accept', 'review', 'decide', 'deliver'],
      authorizationDeclared: false,
      status: 'active',
      feeFen: 0,
      window: null,
    });
  });
  it('gives 即办件 the short stage list', () => {
    const parsed = parseItemRow({ ...base, promised_days: '即办' });
    expect('item' in parsed && parsed.item.stages).toEqual(['accept', 'decide']);
  });
  it('reads a bare promised number in the legal limit unit', () => {
    const parsed = parseItemRow({ ...base, legal_days: '60个自然日', promised_days: '30' });
    expect('item' in parsed && parsed.item.limitUnit).toBe('calendar');
  });
  it('collects every error of a row, each with its value and the rule it breaks', () => {
    const parsed = parseItemRow({ ...base, name: '', promised_days: '30', kind: '即办件', fee: '-1' });
    expect('errors' in parsed && parsed.errors).toEqual([
      { field: 'name', value: '', problem: { rule: 'required' } },
      { field: 'promised_days', value: '30', problem: { rule: 'promised_over_legal', legal: 20 } },
      { field: 'kind', value: '即办件', problem: { rule: 'kind_contradicts_limit', promised: 30 } },
      { field: 'fee', value: '-1', problem: { rule: 'fee_negative' } },
    ]);
  });
  it('refuses an authorization naming a stage the item does not have', () => {
    const parsed = parseItemRow({ ...base, stages: '受理>审批', authorized: '受理、送达' });
    expect('errors' in parsed && parsed.errors).toEqual([
      { field: 'authorized', value: '受理、送达', problem: { rule: 'stage_not_in_item', foreign: ['deliver'], stages: ['accept', 'decide'] } },
    ]);
  });
  it('reports the cell as normalised, and small numbers out of range', () => {
    const parsed = parseItemRow({ ...base, online_depth: '５', visits: '3', status: '作废', stages: '受理>盖章' });
    expect('errors' in parsed && parsed.errors).toEqual([
      { field: 'stages', value: '受理>盖章', problem: { rule: 'stage', name: '盖章' } },
      { field: 'online_depth', value: '5', problem: { rule: 'integer_range', min: 1, max: 4 } },
      { field: 'visits', value: '3', problem: { rule: 'integer_range', min: 0, max: 2 } },
      { field: 'status', value: '作废', problem: { rule: 'item_status' } },
    ]);
  });
});
