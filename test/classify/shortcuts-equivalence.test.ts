/**
 * The classifier's shortcuts (src/classify/shortcuts.ts) change its speed, never a result:
 * every call of the real samples, every code and text of the APCO list and the other
 * default rules, and a few thousand random call types are classified with and without
 * them (compile option `shortcuts`), on both passes, and must get identical
 * Classifications.
 */
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compileTaxonomy,
  listBuiltinTaxonomies,
  loadTaxonomy,
  normalizeCallType,
  taxonomyFromObject,
  type ClassifiableCall,
  type Taxonomy,
} from '../../src/classify/index.js';
import { asciiTwin, leadingWords } from '../../src/classify/shortcuts.js';
import { compilePattern } from '../../src/util/safe-pattern.js';
import { emptyCall, type CallSource } from '../../src/ingest/call.js';
import { loadExport } from '../../src/ingest/load.js';
// Seedable, so the same strings come on every run.
import { mulberry32 } from '../../src/estimate/uncertainty.js';

const call = (fields: Partial<ClassifiableCall>): ClassifiableCall => ({ ...emptyCall(), line: 1, ...fields });

const DEFAULT = loadTaxonomy('default');
const BUILTINS = listBuiltinTaxonomies().map((name) => [name, loadTaxonomy(name)] as const);

/** Patterns the default taxonomy has no example of: Unicode, case, classes, look-ahead, optional groups. */
const TRICKY = taxonomyFromObject({
  name: 'tricky patterns',
  version: '1',
  categories: [
    { id: 'a', label: 'a', response: 'police', rationale: 'test' },
    { id: 'b', label: 'b', response: 'community', rationale: 'test' },
  ],
  rules: [
    { category: 'a', match: { pattern: ['\\bkill\\b', '\\bss\\b'] }, when: { source: ['citizen'] } },
    { category: 'b', match: { pattern: ['\\bKILL\\b|\\bSS\\b', 'ſ', 'K', '\\bÉTÉ|\\bCAFÉ'] } },
    { category: 'a', match: { pattern: ['\\p{Lu}{3} \\p{Nd}', '[^A-Z ]', '\\W', 'X\\B', '\\b(?=AB)ABC', '\\b(?<w>WEL|WELL)FARE'] } },
    { category: 'b', match: { pattern: ['\\b(THE )?DOG', '^(A|B C)|\\bD$', '(\\bFOO|^BAR)Z?', '\\bi\\b', '\\b1', '\\bQu'] } },
    { category: 'a', match: { pattern: ['\\b\\d{2}', '.', '\\b[A-Z]+ING\\b'] }, when: { notPriority: ['1'] } },
  ],
});

const SOURCES: CallSource[] = ['citizen', 'officer', 'unknown'];

/** Literal words of a taxonomy's patterns, texts and codes: random call types are built from them so that patterns hit. */
function vocabulary(t: Taxonomy): string[] {
  const words = new Set<string>();
  for (const r of t.rules) {
    for (const v of [...(r.match.pattern ?? []), ...(r.match.text ?? []), ...(r.match.code ?? [])]) {
      for (const w of v.match(/[A-Za-z0-9]{2,}/g) ?? []) words.add(w.toUpperCase());
    }
  }
  return [...words].filter((w) => w.length > 1);
}

const ODD = ['É', 'é', 'ß', 'ª', '\u212a', 'ſ', 'İ', 'ı', '漢字', '😀', '\u00a0', '’', "'", 'Ж', 'ﬁ', '①', '٣'];
const SEPARATORS = [' ', ' ', ' ', '-', '/', '_', '.', ', ', '', '  ', ' - ', '\t', '&'];

/** Call types as exports type them: taxonomy words cut, joined, mis-cased and spiced with odd characters. */
function randomCalls(count: number, seed: number): ClassifiableCall[] {
  const rnd = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const vocab = [...new Set([...vocabulary(DEFAULT), ...vocabulary(TRICKY)])];
  const codes = DEFAULT.rules.flatMap((r) => r.match.code ?? []);
  const word = (): string => {
    const r = rnd();
    let w = pick(vocab);
    if (r < 0.2) w = w.slice(0, 1 + Math.floor(rnd() * w.length));
    else if (r < 0.3) w += pick(['S', 'ING', 'ED', 'X', '1']);
    else if (r < 0.4) w = pick(['A', 'Z', 'Q', '9', 'TH', 'UN']) + w;
    else if (r < 0.5) w = pick(ODD) + w;
    else if (r < 0.55) w = w.toLowerCase();
    else if (r < 0.6) w += pick(ODD);
    return w;
  };
  const text = (): string => {
    const parts: string[] = [];
    for (let n = 1 + Math.floor(rnd() * 5); n > 0; n--) parts.push(word());
    return parts.map((p, i) => (i === 0 ? p : pick(SEPARATORS) + p)).join('');
  };
  const calls: ClassifiableCall[] = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    calls.push(
      call({
        id: `R${i}`,
        line: i + 2,
        callType: r < 0.05 ? '' : text(),
        callTypeCode: r < 0.6 ? '' : r < 0.8 ? pick(codes) : text().slice(0, 6),
        initialCallType: rnd() < 0.3 ? text() : '',
        priority: pick(['', '1', '2', '3', '4', 'P1']),
        source: pick(SOURCES),
        disposition: pick(['', 'REPORT', 'GOA', 'NO REPORT', 'arrest']),
      }),
    );
  }
  return calls;
}

/** Classifies every call both ways and returns the calls whose results differ (none expected). */
function differences(taxonomy: Taxonomy, calls: readonly ClassifiableCall[]): string[] {
  const reference = compileTaxonomy(taxonomy, { shortcuts: false });
  const fast = compileTaxonomy(taxonomy);
  const out: string[] = [];
  for (const c of calls) {
    for (const pass of ['classify', 'classifyInitial'] as const) {
      const want = reference[pass](c);
      const got = fast[pass](c);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        out.push(`${taxonomy.name} ${pass} ${JSON.stringify(c)}: ${JSON.stringify(got)} instead of ${JSON.stringify(want)}`);
      }
    }
  }
  return out;
}

describe('the shortcuts give the same Classifications as the rules as written', () => {
  let real: ClassifiableCall[] = [];

  beforeAll(async () => {
    for (const file of readdirSync('fixtures/real').filter((f) => f.endsWith('.csv'))) {
      await loadExport([`fixtures/real/${file}`], { tz: 'UTC' }, (c) => real.push({ ...c }));
    }
    // Each distinct combination once (the memo makes repeats free on both sides).
    const seen = new Set<string>();
    real = real.filter((c) => {
      const key = JSON.stringify([c.callType, c.callTypeCode, c.initialCallType, c.initialCallTypeCode, c.priority, c.source, c.disposition]);
      return !seen.has(key) && !!seen.add(key);
    });
  }, 60_000);

  it.each(BUILTINS.map(([name, t]) => [name, t] as const))('%s: every call of the real samples', (_name, taxonomy) => {
    expect(real.length).toBeGreaterThan(1000);
    expect(differences(taxonomy, real)).toEqual([]);
  }, 60_000);

  it('every code and text of the default taxonomy (the APCO list among them), as text, as code, with each source', () => {
    const values = DEFAULT.rules.flatMap((r) => [...(r.match.code ?? []), ...(r.match.text ?? [])]);
    expect(values.length).toBeGreaterThan(500);
    const calls = values.flatMap((v, i) =>
      SOURCES.flatMap((source) => [
        call({ callType: v, source, id: `A${i}` }),
        call({ callTypeCode: v, callType: 'SOMETHING ELSE', source }),
        call({ callTypeCode: v, source, initialCallType: v.toLowerCase() }),
      ]),
    );
    expect(differences(DEFAULT, calls)).toEqual([]);
  });

  it.each([
    ['default', DEFAULT],
    ['tricky patterns', TRICKY],
    ['fixtures/taxonomy/base.json', loadTaxonomy('fixtures/taxonomy/base.json')],
  ] as const)('%s: 4,000 random call types', (_name, taxonomy) => {
    expect(differences(taxonomy, randomCalls(4000, 7))).toEqual([]);
  }, 60_000);
});

describe('the parts of the shortcuts', () => {
  it('a pattern under `i` alone matches exactly as under `iu` on ASCII text, and is not used otherwise', () => {
    const rnd = mulberry32(11);
    const alphabet = 'ABCKSZaksz019 -_/.,\'"!';
    const texts = Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 20) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''));
    const patterns = [...DEFAULT.rules, ...TRICKY.rules].flatMap((r) => r.match.pattern ?? []);
    let twins = 0;
    for (const source of patterns) {
      const twin = asciiTwin(source);
      if (!twin) continue;
      twins++;
      const re = compilePattern(source);
      for (const t of texts) if (twin.test(t) !== re.test(t)) throw new Error(`/${source}/ differs on ${JSON.stringify(t)}`);
    }
    expect(twins).toBeGreaterThan(100);
    for (const unsafe of ['ſ', '\\u017F', '\\p{Lu}', '\\x4B', '\\cJ', 'É']) expect(asciiTwin(unsafe), unsafe).toBeNull();
  });

  it('a prefilter word is taken only where every alternative starts a word with a literal', () => {
    expect(leadingWords('\\bHANG ?UPS?\\b|\\bMISDIAL|^(WEAPON|PERSON WITH A (GUN|KNIFE))|\\bUPS?|(\\bFOO|^BAR)Z')).toEqual(['HANG', 'MISDIAL', 'WEAPON', 'PERSON', 'UP', 'FOO', 'BAR']);
    expect(leadingWords('\\b(mental|EDP\\b|CRISIS).*\\bWEAPON')).toEqual(['MENTAL', 'EDP', 'CRISIS']);
    for (const none of ['.', 'PSYCH', '\\bA|B', '\\b(THE )?DOG', '\\b(?=AB)ABC', '\\b\\d{2}', '\\bS?', '\\b[A-Z]+ING', 'X\\b']) {
      expect(leadingWords(none), none).toBeNull();
    }
  });

  it('normalised text is what the prefilter assumes: letters and digits with single spaces', () => {
    for (const c of randomCalls(500, 3)) {
      const t = normalizeCallType(c.callType);
      expect(t === '' || /^[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*$/u.test(t), t).toBe(true);
    }
  });
});
