import { describe, expect, it } from 'vitest';
import { IdTable } from '../../src/ingest/id-table.js';

describe('IdTable', () => {
  it('agrees with a Map on many random ids, across growth, with the first file kept', () => {
    const table = new IdTable();
    const map = new Map<number, number>();
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 200_000; n++) {
      const hash = (next() % 50_000) * 0x100000 + (next() & 0xfffff) * (n % 3 === 0 ? 0 : 1);
      const file = n % 4;
      const expected = map.has(hash) ? map.get(hash)! : -1;
      if (!map.has(hash)) map.set(hash, file);
      expect(table.seen(hash, file)).toBe(expected);
    }
  });

  it('treats hash 0 like any other id', () => {
    const table = new IdTable();
    expect(table.seen(0, 2)).toBe(-1);
    expect(table.seen(0, 3)).toBe(2);
  });
});
