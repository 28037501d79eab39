#!/usr/bin/env node
// Micro benchmark of classification misses (not a test). Build first: npm run build
//   node bench/classify-micro.mjs [types=20000] [runs=3] [taxonomy=default]
// A "miss" is a call whose memo key (call type, code and the narrowing fields) has not been
// seen: the taxonomy's rules are evaluated for it. Exports with free-text call types have
// tens of thousands of them. Each case classifies fresh, distinct keys on a freshly compiled
// classifier, with the shortcuts off (every rule evaluated as written, compile option
// `shortcuts: false`) and on (match cache per normalised text and code, literal prefilter
// for patterns), and prints misses per second, the best of `runs`.
// CSS_DIST=path/to/dist runs it against another build.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.CSS_DIST ? pathToFileURL(`${resolve(process.env.CSS_DIST)}/`) : new URL('../dist/', import.meta.url);
const { compileTaxonomy, loadTaxonomy } = await import(new URL('classify/index.js', dist).href);
// The same seedable generator the bootstrap uses: every run classifies the same keys.
const { mulberry32 } = await import(new URL('estimate/uncertainty.js', dist).href);

const TYPES = Number(process.argv[2] ?? 20_000);
const RUNS = Number(process.argv[3] ?? 3);
const TAXONOMY = process.argv[4] ?? 'default';

// Words of free-text CAD call types and the notes typed into them.
const WORDS = ('SUSPICIOUS VEHICLE PERSON CHECK REPORT NOISE PARKING THEFT ASSIST CITIZEN FOLLOW UP AREA UNKNOWN COMPLAINT LOUD '
  + 'MUSIC PARTY CAR BLOCKING DRIVEWAY LOST FOUND PROPERTY BLUE HONDA PARKED DAYS NEIGHBOR DOG YARD FENCE GATE OPEN DOOR WINDOW '
  + 'CALLER STATES MALE FEMALE WEARING BLACK HOODIE RED JACKET WALKING NORTH SOUTH EAST WEST BOUND STREET AVE BLVD APT UNIT REAR '
  + 'FRONT LOT STORE CLERK MANAGER REQUESTS CONTACT PHONE ADVISED LEFT SCENE GOA UTL CANCEL DUPLICATE CALLBACK RP WANTS OFFICER '
  + 'TO STANDBY WHILE RETRIEVES BELONGINGS KEYS LOCKED OUT FLAT TIRE DISABLED ROADWAY DEBRIS POTHOLE STREETLIGHT OUT GRAFFITI').split(' ');
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Distinct free-text call types, about as long as real ones (2 to 7 words, a few made-up tokens). */
function freeText(n, seed) {
  const rnd = mulberry32(seed);
  const seen = new Set();
  while (seen.size < n) {
    const words = [];
    const count = 2 + Math.floor(rnd() * 6);
    for (let i = 0; i < count; i++) {
      if (rnd() < 0.15) {
        let token = '';
        for (let k = 2 + Math.floor(rnd() * 5); k > 0; k--) token += LETTERS[Math.floor(rnd() * LETTERS.length)];
        words.push(token);
      } else words.push(WORDS[Math.floor(rnd() * WORDS.length)]);
    }
    seen.add(words.join(rnd() < 0.3 ? ' - ' : ' '));
  }
  return [...seen];
}

const call = (callType, source = 'citizen', priority = '3', initial = '') => ({
  id: '', line: 1, callType, callTypeCode: '', initialCallType: initial, initialCallTypeCode: '', priority, source, disposition: '',
});

const taxonomy = loadTaxonomy(TAXONOMY);
const texts = freeText(TYPES, 42);
const cases = [
  { name: 'free text, one key per type', calls: texts.map((t) => call(t)) },
  {
    // The same types under two sources and three priorities (the memo key holds only the
    // fields some rule reads: here source), and in either case: more keys, fewer distinct texts.
    name: 'free text × 2 sources × 2 spellings',
    calls: texts.slice(0, TYPES / 4).flatMap((t) => [call(t), call(t, 'unknown'), call(t.toLowerCase()), call(t.toLowerCase(), 'unknown')]),
  },
  {
    name: 'taxonomy texts and codes (hits)',
    calls: taxonomy.rules.flatMap((r) => [...(r.match.text ?? []), ...(r.match.code ?? [])]).map((t) => call(t)),
  },
];

function measure(calls, shortcuts) {
  let best = Infinity;
  let unclassified = 0;
  for (let run = 0; run < RUNS; run++) {
    const classifier = compileTaxonomy(taxonomy, { shortcuts });
    unclassified = 0;
    const start = performance.now();
    for (const c of calls) if (classifier.classify(c).ruleIndex < 0) unclassified++;
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, perSecond: calls.length / (best / 1000), unclassified };
}

console.log(`taxonomy ${taxonomy.name} (${taxonomy.rules.length} rules), best of ${RUNS}`);
console.log('case'.padEnd(40), 'keys'.padStart(7), 'unclass.'.padStart(9), 'off: misses/s'.padStart(14), 'on: misses/s'.padStart(13), 'speed-up'.padStart(9));
for (const c of cases) {
  const off = measure(c.calls, false);
  const on = measure(c.calls, true);
  console.log(
    c.name.padEnd(40),
    String(c.calls.length).padStart(7),
    `${((100 * on.unclassified) / c.calls.length).toFixed(0)}%`.padStart(9),
    Math.round(off.perSecond).toLocaleString('en-US').padStart(14),
    Math.round(on.perSecond).toLocaleString('en-US').padStart(13),
    `${(on.perSecond / off.perSecond).toFixed(1)}×`.padStart(9),
  );
}
