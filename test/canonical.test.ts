/** The canonical JSON and digest of SPEC §7.4, against fixed expected values (a change here breaks every stored digest). */
import { describe, expect, it } from 'vitest';
import { canonicalJson, reportDigest } from '../src/core/canonical.js';

describe('canonical JSON', () => {
  it('sorts keys by code point at every depth, without whitespace, keeping non-ASCII characters and number forms', () => {
    const value = { 窗口: [{ b: 1, a: 0.1 + 0.2 }], B: null, a: '示范"中心"', '😀': 1e21, é: -0, list: [3, 'x', false] };
    expect(canonicalJson(value)).toBe('{"B":null,"a":"示范\\"中心\\"","list":[3,"x",false],"é":0,"窗口":[{"a":0.30000000000000004,"b":1}],"😀":1e+21}');
  });

  it('orders by code point, not by UTF-16 unit: U+FF5E before U+1F600', () => {
    // In UTF-16 the emoji's surrogate (0xD83D) sorts before 0xFF5E; by code point it comes after.
    expect(canonicalJson({ '😀': 1, '～': 2 })).toBe('{"～":2,"😀":1}');
  });

  it('keeps code-point order for index-like keys, which an object would list numerically', () => {
    expect(canonicalJson({ b: { '10': 1, '9': 2, a: [{ '0': true }] }, a: 0 })).toBe('{"a":0,"b":{"10":1,"9":2,"a":[{"0":true}]}}');
  });

  it('writes NaN and Infinity as null, as JSON.stringify does, by either path', () => {
    expect(canonicalJson({ b: Number.NaN, a: [Number.POSITIVE_INFINITY] })).toBe('{"a":[null],"b":null}');
    expect(canonicalJson({ '1': Number.NaN, a: [Number.POSITIVE_INFINITY] })).toBe('{"1":null,"a":[null]}');
  });

  it('leaves out undefined members as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });
});

describe('report digest', () => {
  it('is the SHA-256 of the canonical JSON without the digest itself', () => {
    const report = { kind: 'monthly', schema: 1, center_code: '330681', totals: { accepted: 12, rates: { on_time: 0.75 } }, center: '示范中心' };
    // sha256 of {"center":"示范中心","center_code":"330681","kind":"monthly","schema":1,"totals":{"accepted":12,"rates":{"on_time":0.75}}}
    const expected = '7cea59c95a63a2681d40a6526e1b1053a4a4bf8117c62b69a2e21483b9f5e4d9';
    expect(reportDigest(report)).toBe(expected);
    expect(reportDigest({ ...report, digest: 'anything' })).toBe(expected);
    expect(reportDigest({ ...report, center: '示范中心 ' })).not.toBe(expected);
  });
});
