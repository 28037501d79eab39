import { describe, expect, it } from 'vitest';
import { stableJson, writeStableJson } from '../src/util/json.js';

describe('stableJson', () => {
  it('round-trips to the same value as JSON.stringify', () => {
    const value = { a: 1, b: [1, 2, 3], c: [{ d: 'x"y', e: null }], f: {}, g: [], h: true, i: [[1, 2], [3]], j: 'é\n' };
    expect(JSON.parse(stableJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('keeps arrays of plain values on one line and ends with a newline', () => {
    expect(stableJson({ cell: [1, 2, 3], rows: [{ a: 1 }] })).toBe('{\n  "cell": [1,2,3],\n  "rows": [\n    {\n      "a": 1\n    }\n  ]\n}\n');
  });

  it('streams the same text in pieces', () => {
    const value = { rows: Array.from({ length: 20000 }, (_, i) => ({ i, cell: [i, i * 2, 'x'] })) };
    const pieces: string[] = [];
    writeStableJson(value, (p) => pieces.push(p));
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(stableJson(value));
    expect(JSON.parse(pieces.join(''))).toEqual(value);
  });

  it('writes non-finite numbers as null and drops undefined keys like JSON does', () => {
    expect(JSON.parse(stableJson({ a: NaN, b: Infinity, c: undefined, d: [NaN] }))).toEqual({ a: null, b: null, d: [null] });
  });
});
