#!/usr/bin/env node
// Micro benchmark of classification hits (not a test). Build first: npm run build
//   node bench/classify-hits.mjs [rows=1000000]
// Classifies ROWS calls with ~200 distinct call types, so after the first sighting of each
// memo key every call is a hit. Rows arrive in batches of fresh objects with fresh strings,
// as a reader produces them (every string is hashed once by the Map lookup); "repeated"
// reuses one batch, whose strings have their hashes cached. The floor is one bare Map.get
// on the call type per row. Prints the best of two runs for each case.
// CSS_DIST=path/to/dist runs it against another build.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.CSS_DIST ? pathToFileURL(`${resolve(process.env.CSS_DIST)}/`) : new URL('../dist/', import.meta.url);
const { compileTaxonomy, listBuiltinTaxonomies, loadTaxonomy, taxonomyFromObject } = await import(new URL('classify/index.js', dist).href);
const { emptyCall } = await import(new URL('ingest/call.js', dist).href);

const ROWS = Number(process.argv[2] ?? 1_000_000);
const BATCH = 10_000;
const TYPES = Array.from({ length: 200 }, (_, i) => {
  const stem = ['DISTURBANCE', 'MENTAL SUBJECT', 'TRAFFIC ACCIDENT', 'WELFARE CHECK', 'SUSPICIOUS PERSON', 'ALARM'][i % 6];
  return i < 6 ? stem : `${stem} TYPE ${i}`;
});
const TYPE_BYTES = TYPES.map((t) => Buffer.from(t));
const CODE_BYTES = TYPES.map((_, i) => Buffer.from(`C${i}`));

function batch(offset) {
  const calls = [];
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

function milliseconds(classify, fresh) {
  let total = 0;
  let checksum = 0;
  const reused = batch(0);
  for (let offset = 0; offset < ROWS; offset += BATCH) {
    const calls = fresh ? batch(offset) : reused;
    const start = performance.now();
    for (let j = 0; j < calls.length; j++) checksum += classify(calls[j]);
    total += performance.now() - start;
  }
  if (!Number.isFinite(checksum)) throw new Error('checksum');
  return total;
}

const best = (f) => Math.min(f(), f());
const map = new Map(TYPES.map((t, i) => [t, i]));
const bare = (c) => map.get(c.callType);
console.log(`floor, one bare Map.get per row: ${best(() => milliseconds(bare, true)).toFixed(0)} ms with fresh strings, ${best(() => milliseconds(bare, false)).toFixed(0)} ms with repeated strings`);

const textOnly = taxonomyFromObject({
  name: 'text only',
  version: '1',
  categories: [{ id: 'c', label: 'c', response: 'community', rationale: 'x' }],
  rules: TYPES.slice(0, 100).map((text) => ({ category: 'c', match: { text } })),
});
const configs = [
  ['text rules only', compileTaxonomy(textOnly)],
  ['fixture using all five key fields', compileTaxonomy(loadTaxonomy(new URL('../fixtures/taxonomy/base.json', import.meta.url).pathname))],
];
if (listBuiltinTaxonomies().includes('default')) configs.push(['built-in default', compileTaxonomy(loadTaxonomy('default'))]);
for (const [name, classifier] of configs) {
  const classify = (c) => classifier.classify(c).ruleIndex;
  const fresh = best(() => milliseconds(classify, true));
  const repeated = best(() => milliseconds(classify, false));
  console.log(
    `${name} (key: ${classifier.keyFields.final.join(' + ')}): ${ROWS.toLocaleString('en-US')} calls in ${fresh.toFixed(0)} ms with fresh strings, ` +
      `${repeated.toFixed(0)} ms with repeated strings; ${classifier.memoSize().final} memo entries`,
  );
}
