import { describe, expect, it } from 'vitest';
import { Accumulator } from '../../src/aggregate/accumulate.js';
import { addToHistogram, histogramToJson, type Histogram } from '../../src/aggregate/histogram.js';
import { compileTaxonomy, loadTaxonomy } from '../../src/classify/index.js';
import { emptyCall, type Call } from '../../src/ingest/call.js';
import { createZone } from '../../src/ingest/time/index.js';
import { OFFICER_TIME_DEFAULTS } from '../../src/analyze.js';

/**
 * Per call type, the officer minutes of every unit go into a histogram (what medians and
 * merges are computed from). Rare types write it directly; a type with many calls gets a
 * dense array, flushed when the store is read. Both paths, and reading the store midway,
 * must give the histogram the minutes make.
 */

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1, 14, 0);
const taxonomy = compileTaxonomy(loadTaxonomy('fixtures/estimate/taxonomy.json'));

function call(type: string, minutes: number): Call {
  return { ...emptyCall(), source: 'citizen', callType: type, callTypeCode: '', received: T0, dispatched: T0, cleared: T0 + minutes * MIN };
}

/** Minutes for call i of a type: a spread over several bins, fine and coarse. */
const minutesOf = (i: number) => [3, 12, 12, 45, 90, 200, 7.5][i % 7];

function histogramsOf(acc: Accumulator): Map<string, Record<string, number>> {
  return new Map([...acc.store.types.values()].map((t) => [t.callType, histogramToJson(t.hist)]));
}

describe('call-type histograms in the accumulator', () => {
  const counts: [string, number][] = [
    ['WELFARE CHECK', 3], // rare: sparse only
    ['NOISE COMPLAINT', 31], // one short of a dense array
    ['TRAFFIC STOP', 32], // gets one on its last call
    ['DISTURBANCE', 500], // mostly dense
  ];

  const expected = new Map<string, Record<string, number>>();
  for (const [type, n] of counts) {
    const h: Histogram = new Map();
    for (let i = 0; i < n; i++) addToHistogram(h, minutesOf(i));
    expected.set(type, histogramToJson(h));
  }

  it('hold exactly the minutes added, whichever path each type took', () => {
    const acc = new Accumulator(taxonomy, createZone('UTC'), OFFICER_TIME_DEFAULTS);
    for (const [type, n] of counts) for (let i = 0; i < n; i++) acc.add(call(type, minutesOf(i)));
    expect(histogramsOf(acc)).toEqual(expected);
  });

  it('are the same when the store is read midway, interleaved, and read again', () => {
    const acc = new Accumulator(taxonomy, createZone('UTC'), OFFICER_TIME_DEFAULTS);
    const longest = Math.max(...counts.map(([, n]) => n));
    for (let i = 0; i < longest; i++) {
      for (const [type, n] of counts) if (i < n) acc.add(call(type, minutesOf(i)));
      if (i === 20 || i === 31 || i === 100) void acc.store;
    }
    expect(histogramsOf(acc)).toEqual(expected);
    expect(histogramsOf(acc)).toEqual(expected);
  });
});
