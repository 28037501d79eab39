import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CssError } from '../../src/errors.js';
import {
  CATEGORY_RESPONSE_LEVELS,
  checkTaxonomy,
  RESPONSE_LEVELS,
  TAXONOMY_KEYS,
  compileTaxonomy,
  listBuiltinTaxonomies,
  loadTaxonomy,
  taxonomyFromObject,
} from '../../src/classify/index.js';
import { emptyCall } from '../../src/ingest/call.js';

const dir = 'fixtures/taxonomy';

function loadError(file: string): CssError {
  try {
    loadTaxonomy(`${dir}/${file}`);
  } catch (err) {
    expect(err).toBeInstanceOf(CssError);
    return err as CssError;
  }
  throw new Error(`${file} loaded without error`);
}

// Each invalid fixture is named for its case; the message names the file and the JSON path.
const cases: [file: string, expected: string][] = [
  ['invalid-match-empty.json', 'rules[1].match: expected at least one of code, text, pattern'],
  [
    'invalid-response-typo.json',
    'categories[0].response: "comunity" is not one of community, civilian, co-response, police, excluded (did you mean "community"?)',
  ],
  ['invalid-response-unclassified.json', 'categories[1].response: "unclassified" is reserved for calls no rule matches'],
  ['invalid-unknown-category.json', 'rules[0].category: unknown category "welfare-chek" (did you mean "welfare-check"?)'],
  ['invalid-duplicate-category.json', 'categories[2].id: duplicate category id "welfare-check" (first defined at categories[0])'],
  ['invalid-share-out-of-range.json', 'rules[0].share: expected a fraction strictly between 0 and 1 (e.g. 0.3), found 1.5'],
  ['invalid-share-without-otherwise.json', 'rules[0].share: a share needs "otherwise"'],
  ['invalid-unknown-key.json', 'rules[0].catgory: unknown key "catgory" (did you mean "category"?)'],
  ['invalid-bad-regex.json', 'rules[1].match.pattern: "ASSAULT(" is not a valid regular expression'],
  ['invalid-catastrophic-pattern.json', 'rules[1].match.pattern: "(a+)+$" repeats a group that itself contains a repeat'],
  ['invalid-punctuation-pattern.json', 'rules[1].match.pattern: "TRESPASS/UNWANTED" contains "/", which never occurs in normalised call types'],
  ['invalid-unknown-source.json', 'categories[0].sources[0]: unknown source "durham-2012"'],
  ['invalid-target-unclassified.json', 'rules[0].category: "unclassified" is assigned automatically to calls no rule matches'],
  ['invalid-when-bad-source.json', 'rules[0].when.source: "citzen" is not one of citizen, officer, unknown (did you mean "citizen"?)'],
  ['invalid-extends-cycle.json', 'extends: "./invalid-extends-cycle.json" leads back to a taxonomy already in the chain'],
  ['invalid-extends-missing.json', 'extends: unknown built-in taxonomy "no-such-taxonomy"'],
  ['invalid-proto-keys.json', '__proto__: unknown key "__proto__"'],
];

describe('taxonomy validation', () => {
  test.each(cases)('%s', (file, expected) => {
    const err = loadError(file);
    expect(err.kind).toBe('input');
    expect(err.exitCode).toBe(2);
    expect(err.place.file).toBe(`${dir}/${file}`);
    expect(err.format()).toContain(`${dir}/${file}: ${expected}`);
  });

  test('several problems: the first in full, then how many more, on one line', () => {
    const err = loadError('invalid-several-errors.json');
    expect(err.format()).toBe(
      `${dir}/invalid-several-errors.json: categories[1].response: "polce" is not one of community, civilian, co-response, police, excluded (did you mean "police"?) (and 2 more). ` +
        `Run "css-analyze taxonomy validate ${dir}/invalid-several-errors.json" to list every problem`,
    );
    const { issues } = checkTaxonomy(`${dir}/invalid-several-errors.json`);
    expect(issues.map((i) => i.path)).toEqual(['categories[1].response', 'rules[0].match', 'rules[1].share']);
  });

  test('an overlay error names the overlay file; a clash names the base file', () => {
    const { issues } = checkTaxonomy(`${dir}/invalid-overlay-duplicate-category.json`);
    expect(issues.map((i) => `${i.file}: ${i.path}: ${i.message}`)).toEqual([
      `${dir}/invalid-overlay-duplicate-category.json: categories[0].id: duplicate category id "trespass" (first defined at ${dir}/base.json categories[6])`,
      `${dir}/invalid-overlay-duplicate-category.json: rules[0].category: unknown category "tresspass" (did you mean "trespass"?); define it in "categories"`,
    ]);
  });

  test('JSON syntax errors give the line', () => {
    const err = loadError('invalid-not-json.json');
    expect(err.place.line).toBe(5);
    expect(err.format()).toMatch(/^fixtures\/taxonomy\/invalid-not-json\.json:5: not valid JSON \(/);
  });

  test('a missing file and an unknown built-in name say what to do', () => {
    expect(() => loadTaxonomy(`${dir}/nope.json`)).toThrow('no such taxonomy file; check the path');
    expect(() => loadTaxonomy('no-such-name')).toThrow(/unknown built-in taxonomy "no-such-name".*or a path to a \.json file/);
  });

  test('__proto__ and constructor keys cannot alter objects', () => {
    const { issues } = checkTaxonomy(`${dir}/invalid-proto-keys.json`);
    expect(issues.map((i) => i.path)).toEqual(['__proto__', 'categories[0].__proto__', 'rules[0].match.constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');

    // From code, too: a __proto__ key defined as an own property is reported, not applied.
    const value = JSON.parse('{"name":"x","version":"1","categories":[],"__proto__":{"rules":[]}}');
    expect(() => taxonomyFromObject(value)).toThrow('__proto__: unknown key "__proto__"');
  });

  test('ids that are Object.prototype member names are ordinary ids', () => {
    const taxonomy = loadTaxonomy(`${dir}/valid-proto-source-id.json`);
    expect(taxonomy.sources.get('constructor')?.title).toBe('A source whose id is constructor');
    const classifier = compileTaxonomy(taxonomy);
    const call = { ...emptyCall(), callType: 'Welfare check' };
    expect(classifier.classify(call).categoryId).toBe('toString');
    expect(classifier.classify({ ...call, callType: 'constructor' }).categoryId).toBe('unclassified');
    expect(classifier.classify({ ...call, callType: 'VALUEOF' }).categoryId).toBe('hasOwnProperty');
  });
});

describe('loading', () => {
  test('a valid taxonomy: layers, categories with unclassified last, frozen', () => {
    const t = loadTaxonomy(`${dir}/base.json`);
    expect(t.name).toBe('engine test base');
    expect(t.layers).toEqual([{ name: 'engine test base', version: '2026.11.0-test', file: `${dir}/base.json` }]);
    expect(t.categories.at(-1)).toMatchObject({ id: 'unclassified', response: 'unclassified' });
    expect(t.categories.find((c) => c.id === 'trespass')?.sources).toEqual(['durham-2021']); // single string widened
    expect(t.rules[7].when?.priority).toEqual(['3', '4']); // numbers read as strings
    expect(Object.isFrozen(t.rules[0])).toBe(true);
    expect(t.ruleOrigins[5]).toEqual({ file: `${dir}/base.json`, path: 'rules[5]' });
  });

  test('an overlay: its rules first, categories from both layers', () => {
    const t = loadTaxonomy(`${dir}/overlay.json`);
    expect(t.name).toBe('engine test overlay');
    expect(t.layers.map((l) => l.file)).toEqual([`${dir}/overlay.json`, `${dir}/base.json`]);
    expect(t.rules.map((r) => r.id).slice(0, 4)).toEqual(['city-disturbance', 'city-415', 'officer', 'mh-violent']);
    expect(t.ruleOrigins[2]).toEqual({ file: `${dir}/base.json`, path: 'rules[0]' });
    expect(t.categories.map((c) => c.id)).toContain('heart-eligible');
    expect(t.categories.map((c) => c.id)).toContain('trespass');
  });

  test('built-in taxonomies resolve by name from the module directory', () => {
    const names = listBuiltinTaxonomies();
    if (!names.includes('default')) return; // the default taxonomy ships separately
    const t = loadTaxonomy('default');
    expect(t.layers[0].file).toBe('taxonomies/default.json');
    for (const name of names) expect(checkTaxonomy(name).issues).toEqual([]);
  });
});

describe('docs/taxonomy.schema.json', () => {
  const schema = JSON.parse(readFileSync('docs/taxonomy.schema.json', 'utf8'));
  const keys = (o: { properties: object }) => Object.keys(o.properties).sort();

  test('accepts the same keys as the loader', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(keys(schema)).toEqual([...TAXONOMY_KEYS.root].sort());
    expect(keys(schema.properties.sources.additionalProperties)).toEqual([...TAXONOMY_KEYS.source].sort());
    expect(keys(schema.$defs.category)).toEqual([...TAXONOMY_KEYS.category].sort());
    expect(keys(schema.$defs.rule)).toEqual([...TAXONOMY_KEYS.rule].sort());
    expect(keys(schema.$defs.rule.properties.match)).toEqual([...TAXONOMY_KEYS.match].sort());
    expect(keys(schema.$defs.rule.properties.when)).toEqual([...TAXONOMY_KEYS.when].sort());
  });

  test('lists the same response levels', () => {
    expect(schema.$defs.category.properties.response.enum).toEqual([...CATEGORY_RESPONSE_LEVELS]);
    expect(RESPONSE_LEVELS.map((l) => l.id)).toEqual([...CATEGORY_RESPONSE_LEVELS, 'unclassified']);
    for (const level of RESPONSE_LEVELS) expect(level.definition).toMatch(/^[A-Z].*\.$/);
  });
});

test('a code or text entry with no letters or digits is rejected (it could only match blank types)', () => {
  const value = {
    name: 't',
    version: '1',
    categories: [{ id: 'c', label: 'c', response: 'police', rationale: 'x' }],
    rules: [{ category: 'c', match: { text: ['OK', '--'] } }],
  };
  expect(() => taxonomyFromObject(value)).toThrow('rules[0].match.text[1]: "--" has no letters or digits');
});
