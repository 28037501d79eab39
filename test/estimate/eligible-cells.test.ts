import { describe, expect, it } from 'vitest';
import { Accumulator } from '../../src/aggregate/accumulate.js';
import { DIVERTIBLE, RESPONSES } from '../../src/aggregate/store.js';
import { compileTaxonomy, loadTaxonomy } from '../../src/classify/index.js';
import { emptyCall, type Call } from '../../src/ingest/call.js';
import { createZone } from '../../src/ingest/time/index.js';
import { OFFICER_TIME_DEFAULTS } from '../../src/analyze.js';

/**
 * The eligibility cube (response × source × priority × hour of week × beat, for community
 * and civilian calls) is kept sparse, with a dense block for busy (beat, priority) pairs.
 * Whatever path a call took, every eligible call and its minutes must be in exactly one
 * cell: its totals per beat equal the beat totals kept separately.
 */

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1, 0, 0);
const taxonomy = compileTaxonomy(loadTaxonomy('default'));
const TYPES = ['WELFARE CHECK', 'NOISE COMPLAINT', 'PARKING VIOLATION', 'BURGLARY', 'TRAFFIC STOP'];

function call(i: number, beat: string): Call {
  const received = T0 + ((i * 7919) % (60 * 24 * 21)) * MIN; // spread over three weeks
  return {
    ...emptyCall(),
    source: i % 7 === 0 ? 'officer' : i % 11 === 0 ? 'unknown' : 'citizen',
    callType: TYPES[i % TYPES.length],
    priority: String(i % 4),
    beat,
    received,
    dispatched: received,
    cleared: received + (5 + (i % 90)) * MIN,
  };
}

describe('eligibility cells', () => {
  it('hold every eligible call once, across thousands of rare beats and a few busy ones, read midway or not', () => {
    const acc = new Accumulator(taxonomy, createZone('America/New_York'), OFFICER_TIME_DEFAULTS);
    let i = 0;
    // 6,000 beats seen once or twice (past the pool's first 4,096 cells), then three busy
    // beats with thousands of calls each (past the 1,024 calls that earn a dense block).
    for (let b = 0; b < 6000; b++) acc.add(call(i++, `R${b}`));
    void acc.store;
    for (let b = 0; b < 3000; b++) acc.add(call(i++, `R${b}`));
    for (let n = 0; n < 12_000; n++) acc.add(call(i++, `BUSY${n % 3}`));
    const store = acc.store;

    const perBeat = new Map<string, [number, number]>();
    for (const e of store.eligible.values()) {
      const t = perBeat.get(e.beat) ?? [0, 0];
      perBeat.set(e.beat, [t[0] + e.cell[0], t[1] + e.cell[1]]);
    }
    let eligibleCalls = 0;
    for (const [beat, cells] of store.beats) {
      const expected = DIVERTIBLE.map((r) => cells[RESPONSES.indexOf(r)]).reduce((t, c) => [t[0] + c[0], t[1] + c[1]], [0, 0]);
      eligibleCalls += expected[0];
      expect(perBeat.get(beat) ?? [0, 0], beat).toEqual(expected);
    }
    expect(eligibleCalls).toBeGreaterThan(10_000);
    expect([...perBeat.keys()].filter((b) => b.startsWith('BUSY'))).toHaveLength(3);
  });
});
