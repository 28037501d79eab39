import { expect, test } from 'vitest';
import { emptyCall, type Call } from '../../src/ingest/call.js';
import { compileTaxonomy, listBuiltinTaxonomies, loadTaxonomy, taxonomyFromObject, type Classifier } from '../../src/classify/index.js';

// Classifying 1M calls with ~200 distinct call types. Rows arrive in batches of fresh
// objects with fresh strings, as a reader produces them (so every string is hashed once
// by the Map lookup); "repeated" reuses one batch, whose strings have their hashes cached.
// The bound is loose so a busy CI machine does not fail it; the figures are printed.

const TYPES = Array.from({ length: 200 }, (_, i) => {
  const stem = ['DISTURBANCE', 'MENTAL SUBJECT', 'TRAFFIC ACCIDENT', 'WELFARE CHECK', 'SUSPICIOUS PERSON', 'ALARM'][i % 6];
  return i < 6 ? stem : `${stem} TYPE ${i}`;
});
const TYPE_BYTES = TYPES.map((t) => Buffer.from(t));
const CODE_BYTES = TYPES.map((_, i) => Buffer.from(`C${i}`));
const BATCH = 10_000;
const ROWS = 1_000_000;

function batch(offset: number): Call[] {
  const calls: Call[] = [];
  for (let i = offset; i < offset + BATCH; i++) {
    const k = (i * 7919) % TYPES.length;
    const c = emptyCall();
    c.id = `E${i}`;
    c.line = i + 2;
    c.callType = TYPE_BYTES[k].toString('latin1');
    c.callTypeCode = CODE_BYTES[k].toString('latin1');
    c.priority = String(1 + (i % 4));
    c.disposition = i % 3 ? 'K' : 'REPORT';
    c.source = i % 10 ? 'citizen' : 'officer';
    calls.push(c);
  }
  return calls;
}

/** The floor for comparison: one bare Map.get on the call type per row. */
function bareMapGet(fresh: boolean): number {
  const map = new Map(TYPES.map((t, i) => [t, i]));
  return milliseconds({ classify: (c: Call) => ({ ruleIndex: map.get(c.callType)! }) } as unknown as Classifier, fresh);
}

function milliseconds(classifier: Classifier, fresh: boolean): number {
  let total = 0;
  let checksum = 0;
  const reused = batch(0);
  for (let offset = 0; offset < ROWS; offset += BATCH) {
    const calls = fresh ? batch(offset) : reused;
    const start = performance.now();
    for (let j = 0; j < calls.length; j++) checksum += classifier.classify(calls[j]).ruleIndex;
    total += performance.now() - start;
  }
  expect(Number.isFinite(checksum)).toBe(true);
  return total;
}

test('classifies 1M calls with 200 distinct types quickly', () => {
  const category = [{ id: 'c', label: 'c', response: 'community', rationale: 'x' }];
  const textOnly = taxonomyFromObject({
    name: 'text only',
    version: '1',
    categories: category,
    rules: TYPES.slice(0, 100).map((text) => ({ category: 'c', match: { text } })),
  });
  const configs: [string, Classifier][] = [
    ['text rules only', compileTaxonomy(textOnly)],
    ['fixture using all five key fields', compileTaxonomy(loadTaxonomy('fixtures/taxonomy/base.json'))],
  ];
  if (listBuiltinTaxonomies().includes('default')) configs.push(['built-in default', compileTaxonomy(loadTaxonomy('default'))]);
  const best = (f: () => number) => Math.min(f(), f());
  console.log(
    `floor, one bare Map.get per row: ${best(() => bareMapGet(true)).toFixed(0)} ms with fresh strings, ` +
      `${best(() => bareMapGet(false)).toFixed(0)} ms with repeated strings`,
  );
  for (const [name, classifier] of configs) {
    const fresh = best(() => milliseconds(classifier, true));
    const repeated = best(() => milliseconds(classifier, false));
    console.log(
      `${name} (key: ${classifier.keyFields.final.join(' + ')}): 1M calls in ${fresh.toFixed(0)} ms with fresh strings, ` +
        `${repeated.toFixed(0)} ms with repeated strings; ${classifier.memoSize().final} memo entries`,
    );
    expect(fresh).toBeLessThan(3000);
  }
});
