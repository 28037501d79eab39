import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CallTypeTally, checkTaxonomy, compileTaxonomy, jsonPathLines, lineOfPath, loadTaxonomy, starterTaxonomy, TAXONOMY_KEYS } from '../../src/classify/index.js';
import { emptyCall, type Call, type CallSource } from '../../src/ingest/call.js';

const BASE = 'fixtures/taxonomy/base.json';

describe('jsonPathLines', () => {
  const text = '{\n  "name": "x",\n  "rules": [\n    { "category": "a",\n      "match": { "code": ["1", "2"] } },\n    {}\n  ],\n  "sources": { "a.b": { "title": "t" } }\n}\n';
  const lines = jsonPathLines(text);

  test('every key and list item has its line', () => {
    expect(lines.get('name')).toBe(2);
    expect(lines.get('rules[0]')).toBe(4);
    expect(lines.get('rules[0].match.code[1]')).toBe(5);
    expect(lines.get('rules[1]')).toBe(6);
    expect(lines.get('sources["a.b"].title')).toBe(8);
  });

  test('a missing key is placed at the object that lacks it', () => {
    expect(lineOfPath(lines, 'rules[1].match')).toBe(6);
    expect(lineOfPath(lines, 'rules[0].match.pattern')).toBe(5);
    expect(lineOfPath(lines, 'sources["a.b"].url')).toBe(8);
  });
});

describe('the todo list', () => {
  test('docs/taxonomy.schema.json accepts the keys the validator accepts', () => {
    const schema = JSON.parse(readFileSync('docs/taxonomy.schema.json', 'utf8'));
    expect(Object.keys(schema.properties.todo.items.properties).sort()).toEqual([...TAXONOMY_KEYS.todo].sort());
  });

  test('a malformed entry is a problem with its path and line; a well-formed list is ignored by matching', () => {
    const dir = mkdtempSync(join(tmpdir(), 'css-taxonomy-todo-'));
    const file = join(dir, 'todo.json');
    const text = JSON.stringify({ name: 't', version: '1', extends: 'default', todo: [{ callType: 'A', calls: 2 }, { callTyp: 'B', calls: -1 }] }, null, 2);
    writeFileSync(file, text);
    const { issues } = checkTaxonomy(file, { lines: true });
    expect(issues.map((i) => [i.path, i.line, i.message])).toEqual([
      ['todo[1].callTyp', 11, 'unknown key "callTyp" (did you mean "callType"?); expected one of callType, code, calls, officerHours, note'],
      ['todo[1].callType', 10, 'is required'],
    ]);
    writeFileSync(file, text.replace('callTyp"', 'callType"').replace('-1', '1'));
    const t = loadTaxonomy(file);
    expect(t.layers[0].todo).toEqual([{ callType: 'A', calls: 2 }, { callType: 'B', calls: 1 }]);
    expect(compileTaxonomy(t).classify(call({ callType: 'A' })).categoryId).toBe('unclassified');
  });
});

function call(fields: Partial<Call>): Call {
  return { ...emptyCall(), ...fields };
}

describe('starterTaxonomy', () => {
  // Types that exercise every rule feature of base.json: narrowing by source, priority and
  // disposition, a share rule, an initial-only rule, codes, and an unmatched type.
  const types: Partial<Call>[] = [
    { callType: 'WELFARE CHECK' },
    { callType: 'Traffic Accident' },
    { callType: 'DISTURBANCE' },
    { callType: 'SUSPICIOUS PERSON' },
    { callType: 'Mental case', callTypeCode: 'MNTL' },
    { callType: 'PSYCH EVAL', callTypeCode: 'X1' },
    { callType: 'WELFARE CHECK', initialCallType: 'CHECK ON PERSON' },
    { callType: 'ZORBLAX' },
  ];
  const tally = new CallTypeTally();
  types.forEach((t, i) => {
    for (let n = 0; n <= i; n++) tally.add(call(t));
  });
  const taxonomy = loadTaxonomy(BASE);
  const dir = mkdtempSync(join(tmpdir(), 'css-taxonomy-init-'));
  const starter = starterTaxonomy({
    base: BASE,
    taxonomy,
    tally,
    unmatched: [{ callType: 'ZORBLAX', callTypeCode: '', calls: 8 }],
    name: 'unit starter',
    outDir: dir,
    exports: ['unit.csv'],
  });
  const file = join(dir, 'starter.json');
  writeFileSync(file, JSON.stringify(starter.file, null, 2));

  test('extends the base by a path relative to the new file, lists the unmatched type under todo', () => {
    expect(starter.file.extends).toMatch(/fixtures\/taxonomy\/base\.json$/);
    expect(starter.file.todo).toEqual([{ callType: 'ZORBLAX', calls: 8 }]);
    const t = loadTaxonomy(file);
    expect(t.layers.map((l) => l.name)).toEqual(['unit starter', 'engine test base']);
    expect(t.layers[0].todo).toHaveLength(1);
  });

  test('restated rules carry the negation of the narrowed rules the base tries first', () => {
    const rules = starter.file.rules as { category: string; match: Record<string, string[]>; when?: Record<string, string[]>; share?: number; note: string }[];
    const traffic = rules.find((r) => r.match.text?.includes('Traffic Accident'))!;
    expect(traffic.category).toBe('traffic-police');
    expect(traffic.when).toEqual({ notPriority: ['3', '4'], notSource: ['officer'] });
    const disturbance = rules.find((r) => r.match.text?.includes('DISTURBANCE'))!;
    expect(disturbance).toMatchObject({ share: 0.3, otherwise: 'disturbance-police' });
    expect(rules.find((r) => r.match.code?.includes('MNTL'))?.category).toBe('mental-health-nonviolent');
    for (const r of rules) expect(r.note).toMatch(/^pre-filled by default rules \(fixtures\/taxonomy\/base\.json: /);
  });

  test('a type only narrowed rules classify is left to the base, with the reason', () => {
    expect(starter.leftToBase).toEqual([
      {
        callType: 'SUSPICIOUS PERSON',
        code: '',
        calls: 4,
        reason: 'the base classifies it only with narrowed rules: officer (source officer); suspicious-nr (notPriority 1 and disposition NO REPORT, K)',
      },
    ]);
  });

  test('a type decided after a rule narrowed by two fields is left to the base: one rule cannot restate it', () => {
    const overlay = join(dir, 'two-field-overlay.json');
    writeFileSync(
      overlay,
      JSON.stringify({
        name: 'two-field overlay',
        version: '1',
        extends: join(process.cwd(), BASE),
        rules: [
          { id: 'sv-two-fields', category: 'suspicious-unfounded', match: { text: 'SUSPICIOUS VEHICLE' }, when: { disposition: 'K', priority: '3' } },
          { id: 'sv', category: 'disturbance-police', match: { text: 'SUSPICIOUS VEHICLE' } },
        ],
      }),
    );
    const t = new CallTypeTally();
    t.add(call({ callType: 'SUSPICIOUS VEHICLE' }));
    const s = starterTaxonomy({ base: overlay, taxonomy: loadTaxonomy(overlay), tally: t, unmatched: [], name: 'x', outDir: dir, exports: ['x.csv'] });
    expect(s.file.rules).toEqual([]);
    expect(s.leftToBase).toEqual([
      { callType: 'SUSPICIOUS VEHICLE', code: '', calls: 1, reason: 'the base tries a rule narrowed by several fields first (sv-two-fields), which one rule cannot restate' },
    ]);
  });

  test('classifies every combination of narrowing fields exactly as the base does, on both passes', () => {
    const before = compileTaxonomy(taxonomy, { memo: false });
    const after = compileTaxonomy(loadTaxonomy(file), { memo: false });
    const sources: CallSource[] = ['citizen', 'officer', 'unknown'];
    let checked = 0;
    for (const t of types) {
      for (const priority of ['', '1', '3', '4']) {
        for (const source of sources) {
          for (const disposition of ['', 'NO REPORT', 'K']) {
            for (const id of ['a', 'b', 'c', 'd', 'e']) {
              const c = call({ ...t, priority, source, disposition, id });
              const pick = (x: { categoryId: string; response: string }) => [x.categoryId, x.response];
              expect(pick(after.classify(c))).toEqual(pick(before.classify(c)));
              expect(pick(after.classifyInitial(c))).toEqual(pick(before.classifyInitial(c)));
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBe(types.length * 4 * 3 * 3 * 5);
  });

  test('the written file is plain JSON a person can read: keys in a fixed order', () => {
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual(['$schema', 'name', 'version', 'description', 'extends', 'sources', 'categories', 'rules', 'todo']);
  });
});
