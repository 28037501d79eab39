import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { RESPONSE_LEVEL_IDS, RESPONSE_LEVELS } from '../../src/classify/index.js';
import { runCli, runJson } from '../helpers/cli.js';

// Runs the built CLI (npm test builds dist/ first).
const TAX = 'fixtures/taxonomy';
const ALEXANDRIA = 'fixtures/real/alexandria-va-decc-cad-week48-2025.csv';
const MADE_UP = `${TAX}/calls-two-made-up-call-types.csv`;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'css-taxonomy-cli-'));

describe('taxonomy validate', () => {
  test('a valid file: exit 0 and a one-line summary', async () => {
    const r = await runCli(['taxonomy', 'validate', `${TAX}/base.json`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${TAX}/base.json: valid — engine test base 2026.11.0-test: 10 categories, 10 rules, 1 share rule, 1 layer\n`);
    const { json } = await runJson(['taxonomy', 'validate', 'presets/alexandria-va']);
    expect(json).toMatchObject({ valid: true, taxonomy: { name: 'alexandria-va' }, counts: { layers: 2, todo: 0 }, problems: [] });
    expect(json.counts.categories).toBeGreaterThan(50);
  });

  test('an invalid file: exit 2, every problem with its file, line and JSON path', async () => {
    const file = `${TAX}/invalid-several-errors.json`;
    const r = await runCli(['taxonomy', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n')).toEqual([
      `${file}:14: categories[1].response: "polce" is not one of community, civilian, co-response, police, excluded (did you mean "police"?)`,
      `${file}:21: rules[0].match: expected at least one of code, text, pattern`,
      `${file}:28: rules[1].share: expected a fraction strictly between 0 and 1 (e.g. 0.3), found 2`,
    ]);
    expect(r.stderr).toContain(`css-analyze: ${file}: is not a valid taxonomy: 3 problems`);
  });

  test('--json lists the problems of every file in the chain and still exits 2', async () => {
    const file = `${TAX}/invalid-overlay-duplicate-category.json`;
    const r = await runCli(['taxonomy', 'validate', file, '--json']);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.valid).toBe(false);
    expect(json.problems.map((p: { path: string }) => p.path)).toEqual(['categories[0].id', 'rules[0].category']);
    expect(json.problems[0]).toMatchObject({ file, line: 7, message: expect.stringContaining(`first defined at ${TAX}/base.json categories[6]`) });
  });

  test('a missing file is one error, exit 2', async () => {
    const r = await runCli(['taxonomy', 'validate', `${TAX}/no-such.json`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`css-analyze: ${TAX}/no-such.json: no such taxonomy file; check the path\n`);
  });
});

describe('taxonomy show', () => {
  test('lists every response level with its categories, sources and share rules', async () => {
    const r = await runCli(['taxonomy', 'show']);
    expect(r.code).toBe(0);
    for (const level of RESPONSE_LEVELS) expect(r.stdout).toContain(`${level.label} (${level.id})`);
    expect(r.stdout).toContain('welfare-check — Welfare check');
    expect(r.stdout).toMatch(/Source: .+ <https:\/\//);
    expect(r.stdout).toContain('Share rules — assumptions, printed in every report');
  });

  test('--json: levels in report order, categories with rationale, sources and rule counts', async () => {
    const { json } = await runJson(['taxonomy', 'show', 'presets/san-diego-pd']);
    expect(json.taxonomy.layers.map((l: { file: string }) => l.file)).toEqual(['taxonomies/presets/san-diego-pd.json', 'taxonomies/default.json']);
    expect(json.levels.map((l: { id: string }) => l.id)).toEqual([...RESPONSE_LEVEL_IDS]);
    const categories = json.levels.flatMap((l: { categories: unknown[] }) => l.categories);
    expect(categories).toHaveLength(json.counts.categories + 1);
    const welfare = categories.find((c: { id: string }) => c.id === 'welfare-check');
    expect(welfare).toMatchObject({ response: 'community', rationale: expect.any(String) });
    expect(welfare.rules).toBeGreaterThan(0);
    expect(welfare.sources[0]).toMatchObject({ id: expect.any(String), title: expect.any(String), url: expect.stringMatching(/^https?:/) });
    expect(json.shareRules.length).toBe(json.counts.shareRules);
    expect(json.shareRules[0]).toMatchObject({ share: expect.any(Number), category: expect.any(String), otherwise: expect.any(String) });
  });
});

describe('taxonomy init', () => {
  test('on the Alexandria export: extends the preset, validates, and classifies exactly as without it', async () => {
    const dir = tmp();
    const out = join(dir, 'alexandria.json');
    const { json: summary } = await runJson(['taxonomy', 'init', ALEXANDRIA, '--out', out]);
    expect(summary).toMatchObject({ out, extends: 'presets/alexandria-va', calls: 1493, todo: { callTypes: 0, calls: 0 } });
    expect(summary.prefilled.calls).toBe(1493);

    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.extends).toBe('presets/alexandria-va');
    expect(file.rules.length).toBe(summary.prefilled.rules);
    for (const rule of file.rules) expect(rule.note).toMatch(/^pre-filled by default rules/);
    const mental = file.rules.find((r: { category: string }) => r.category === 'mental-health-crisis');
    expect(mental).toMatchObject({ match: { text: ['MENTAL HEALTH CASE'] }, when: { notSource: ['officer'] } });

    const schema = JSON.parse(readFileSync('docs/taxonomy.schema.json', 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    expect((await runCli(['taxonomy', 'validate', out])).code).toBe(0);

    const plain = await runCli(['classify', ALEXANDRIA, '--json', '--out', join(dir, 'plain.csv')]);
    const withFile = await runCli(['classify', ALEXANDRIA, '--json', '--taxonomy', out, '--out', join(dir, 'with-file.csv')]);
    expect(plain.code).toBe(0);
    expect(withFile.code).toBe(0);
    const a = JSON.parse(plain.stdout);
    const b = JSON.parse(withFile.stdout);
    expect(b.taxonomy.layers.map((l: { name: string }) => l.name)).toEqual(['alexandria', 'alexandria-va', 'default']);
    for (const key of ['totals', 'responses', 'categories', 'callTypes', 'unmatched']) expect(b[key]).toEqual(a[key]);
    // Call by call, not only in total.
    expect(readFileSync(join(dir, 'with-file.csv'), 'utf8')).toBe(readFileSync(join(dir, 'plain.csv'), 'utf8'));
  });

  test('unmatched call types land in todo, ranked by calls; the file loads and changes nothing', async () => {
    const dir = tmp();
    const out = join(dir, 'my-city.json');
    const r = await runCli(['taxonomy', 'init', MADE_UP, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 call types (4 calls) matched no rule and are listed under "todo"');
    expect(r.stdout).toMatch(/ZORBLAX INCIDENT\s+│\s+│\s+3/);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.extends).toBe('default');
    expect(file.todo).toEqual([
      { callType: 'ZORBLAX INCIDENT', calls: 3 },
      { callType: 'FLIBBERTIGIBBET REQUEST', calls: 1 },
    ]);
    expect(file.rules.map((x: { category: string }) => x.category)).toEqual(expect.arrayContaining(['welfare-check', 'trespass-unwanted']));

    const { json } = await runJson(['classify', MADE_UP, '--taxonomy', out]);
    expect(json.unmatched.map((u: { callType: string; calls: number }) => [u.callType, u.calls])).toEqual([
      ['ZORBLAX INCIDENT', 3],
      ['FLIBBERTIGIBBET REQUEST', 1],
    ]);
    const shown = await runJson(['taxonomy', 'show', out]);
    expect(shown.json.todo).toEqual(file.todo);
    expect((await runCli(['taxonomy', 'validate', out])).stdout).toContain('2 call types still to decide (todo)');
  });

  test('refuses to overwrite an existing file unless --force, and never the input', async () => {
    const dir = tmp();
    const out = join(dir, 'taken.json');
    writeFileSync(out, '{"keep": true}\n');
    const r = await runCli(['taxonomy', 'init', MADE_UP, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${out} already exists; refusing to overwrite it. Choose another --out, or add --force to replace it`);
    expect(readFileSync(out, 'utf8')).toBe('{"keep": true}\n');

    expect((await runCli(['taxonomy', 'init', MADE_UP, '--out', out, '--force'])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).extends).toBe('default');

    const input = join(dir, 'calls.csv');
    copyFileSync(MADE_UP, input);
    const self = await runCli(['taxonomy', 'init', input, '--out', input, '--force']);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('refusing to overwrite the input file');
    expect(readFileSync(input, 'utf8')).toBe(readFileSync(MADE_UP, 'utf8'));
  });

  test('--out is required; - writes the taxonomy to standard output', async () => {
    const missing = await runCli(['taxonomy', 'init', MADE_UP]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('name the taxonomy file to write with --out');
    const r = await runCli(['taxonomy', 'init', MADE_UP, '--out', '-']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).todo).toHaveLength(2);
    expect(existsSync('-')).toBe(false);
  });
});

describe('taxonomy explain', () => {
  test('"WELFARE CHECK": the welfare-check rule, its file and path, the community level', async () => {
    const r = await runCli(['taxonomy', 'explain', 'WELFARE CHECK']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('welfare-check — Welfare check');
    expect(r.stdout).toContain('community (Community responder)');
    expect(r.stdout).toContain('taxonomies/default.json rules[1] (durham-welfare-check)');
    expect(r.stdout).toContain('text "WELFARE CHECK" equals the call-type text');

    const { json } = await runJson(['taxonomy', 'explain', 'Welfare  check']);
    expect(json.result).toEqual({ category: 'welfare-check', label: expect.any(String), response: 'community', responseLabel: 'Community responder' });
    expect(json.rule).toMatchObject({ id: 'durham-welfare-check', file: 'taxonomies/default.json', path: 'rules[1]', match: { key: 'text', value: 'WELFARE CHECK', against: 'text' } });
    expect(json.normalized.text).toBe('WELFARE CHECK');
  });

  test('a made-up call type is unclassified', async () => {
    const r = await runCli(['taxonomy', 'explain', 'ZORBLAX INCIDENT']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('unclassified (Unclassified)');
    expect(r.stdout).toContain('No rule matches "ZORBLAX INCIDENT"');
    const { json } = await runJson(['taxonomy', 'explain', 'ZORBLAX INCIDENT']);
    expect(json.result.category).toBe('unclassified');
    expect(json.rule).toBeNull();
  });

  test('--priority: a rule narrowed by priority is shown as narrowed out, or applies', async () => {
    const args = ['taxonomy', 'explain', 'TRAFFIC ACCIDENT', '--taxonomy', `${TAX}/base.json`];
    const high = await runJson([...args, '--priority', '1']);
    expect(high.json.result.category).toBe('traffic-police');
    expect(high.json.narrowedOut).toContainEqual(
      expect.objectContaining({ id: 'traffic-low', path: 'rules[7]', category: 'traffic-report', reason: 'priority "1" is not one of 3, 4' }),
    );
    const text = await runCli([...args, '--priority', '1']);
    expect(text.stdout).toContain('Earlier rules that matched but were narrowed out');
    expect(text.stdout).toContain('priority "1" is not one of 3, 4');

    const low = await runJson([...args, '--priority', '3']);
    expect(low.json.result).toMatchObject({ category: 'traffic-report', response: 'civilian' });
    expect(low.json.rule).toMatchObject({ id: 'traffic-low', when: { priority: ['3', '4'] } });
  });

  test('--preset uses the city map; --source officer picks the officer-source rule; share rules are named', async () => {
    const dup = await runJson(['taxonomy', 'explain', '415', '--preset', 'san-diego-pd', '--disposition', 'DUP']);
    expect(dup.json.rule).toMatchObject({ id: 'sd-duplicate', file: 'taxonomies/presets/san-diego-pd.json' });
    const officer = await runJson(['taxonomy', 'explain', 'WELFARE CHECK', '--source', 'officer']);
    expect(officer.json.result).toMatchObject({ category: 'officer-initiated', response: 'excluded' });
    const share = await runJson(['taxonomy', 'explain', 'DISTURBANCE', '--taxonomy', `${TAX}/base.json`]);
    expect(share.json.rule.share).toEqual({ share: 0.3, category: 'disturbance-verbal', otherwise: 'disturbance-police', note: expect.any(String) });
    const bad = await runCli(['taxonomy', 'explain', 'X', '--preset', 'san-deigo-pd']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown preset "san-deigo-pd" (did you mean "san-diego-pd"?)');
  });
});

describe('help', () => {
  test.each(['validate', 'show', 'init', 'explain'])('taxonomy %s --help: a sentence, usage, options with defaults, examples', async (sub) => {
    const r = await runCli(['taxonomy', sub, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: css-analyze taxonomy ${sub} `));
    expect(r.stdout).toContain('Options:');
    const examples = r.stdout.split('Examples:\n')[1].trim().split('\n');
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.length).toBeLessThanOrEqual(4);
    for (const e of examples) expect(e.trim()).toMatch(/^css-analyze /);
  });
});
