import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { compileTaxonomy, loadTaxonomy, taxonomyFromObject, type ClassifiableCall } from '../../src/classify/index.js';
import { emptyCall, type CallSource } from '../../src/ingest/call.js';

const base = compileTaxonomy(loadTaxonomy('fixtures/taxonomy/base.json'));
const overlay = compileTaxonomy(loadTaxonomy('fixtures/taxonomy/overlay.json'));

function call(callType: string, more: Partial<ClassifiableCall> = {}): ClassifiableCall {
  return { ...emptyCall(), id: 'E1', callType, source: 'citizen', ...more };
}
const category = (c: ClassifiableCall, classifier = base) => classifier.classify(c).categoryId;

describe('matching', () => {
  test('text, code and pattern keys; any key matching is enough', () => {
    expect(category(call('Mental Health Case'))).toBe('mental-health-nonviolent'); // text
    expect(category(call('whatever', { callTypeCode: 'MNTL' }))).toBe('mental-health-nonviolent'); // code
    expect(category(call('PSYCHIATRIC EVAL'))).toBe('mental-health-nonviolent'); // pattern
    expect(category(call('Welfare Check'))).toBe('welfare-check');
  });

  test('with no code, code entries are compared with the text (code-only exports)', () => {
    expect(category(call('MNTL'))).toBe('mental-health-nonviolent');
    expect(category(call('10-96'))).toBe('mental-health-nonviolent');
    // When the call has a code, code entries look only at the code.
    expect(category(call('MNTL', { callTypeCode: 'X1' }))).toBe('unclassified');
  });

  test('patterns also search the code', () => {
    expect(category(call('', { callTypeCode: 'PSYCH-2' }))).toBe('mental-health-nonviolent');
  });

  test('first matching rule wins, in file order', () => {
    // "MENTAL SUBJECT VIOLENT" also matches no later rule; "MENTAL ... WEAPON" matches rule 1 before rule 2's PSYCH.
    expect(base.classify(call('MENTAL SUBJECT VIOLENT'))).toEqual({ categoryId: 'mental-health-violent', response: 'co-response', ruleIndex: 1 });
    expect(category(call('PSYCH MENTAL WITH WEAPON'))).toBe('mental-health-violent');
    // The officer-initiated rule (index 0) comes before everything for officer calls.
    expect(base.classify(call('WELFARE CHECK', { source: 'officer' })).ruleIndex).toBe(0);
  });

  test('overlay rules are tried before base rules; base rules still apply', () => {
    expect(category(call('DISTURBANCE'), overlay)).toBe('heart-eligible');
    expect(overlay.classify(call('DISTURBANCE')).ruleIndex).toBe(0);
    expect(category(call('anything', { callTypeCode: '415' }), overlay)).toBe('disturbance-verbal');
    expect(category(call('WELFARE CHECK'), overlay)).toBe('welfare-check');
    expect(overlay.categories.get('heart-eligible')?.response).toBe('community');
  });

  test('narrowing by priority, source and disposition', () => {
    expect(category(call('TRAFFIC ACCIDENT', { priority: '3' }))).toBe('traffic-report');
    expect(category(call('TRAFFIC ACCIDENT', { priority: ' 4 ' }))).toBe('traffic-report');
    expect(category(call('TRAFFIC ACCIDENT', { priority: '1' }))).toBe('traffic-police');
    expect(category(call('TRAFFIC ACCIDENT'))).toBe('traffic-police'); // blank priority
    expect(category(call('SUSPICIOUS PERSON', { disposition: 'No Report', priority: '2' }))).toBe('suspicious-unfounded');
    expect(category(call('SUSPICIOUS PERSON', { disposition: 'K', priority: '1' }))).toBe('unclassified'); // notPriority
    expect(category(call('SUSPICIOUS PERSON', { disposition: 'ARREST' }))).toBe('unclassified');
    expect(category(call('SUSPICIOUS PERSON', { disposition: 'K', source: 'officer' }))).toBe('officer-initiated');
  });

  test('unclassified receives every call no rule matches, including blank call types', () => {
    expect(base.classify(call('SOMETHING NEW'))).toEqual({ categoryId: 'unclassified', response: 'unclassified', ruleIndex: -1 });
    expect(category(call(''))).toBe('unclassified');
    expect(base.categories.get('unclassified')?.response).toBe('unclassified');
  });

  test('classifyInitial reads the initial type; field limits a rule to one pass', () => {
    const c = call('WELFARE CHECK', { initialCallType: 'CHECK ON PERSON' });
    expect(base.classifyInitial(c).categoryId).toBe('welfare-check');
    expect(category(call('CHECK ON PERSON'))).toBe('unclassified'); // rule has field "initial"
    expect(base.classifyInitial(call('WELFARE CHECK')).categoryId).toBe('unclassified'); // no initial type
    expect(base.classifyInitial(call('', { initialCallType: 'DISORDER', initialCallTypeCode: 'MNTL' })).categoryId).toBe(
      'mental-health-nonviolent',
    );
  });

  test('results are shared frozen objects', () => {
    const a = base.classify(call('WELFARE CHECK'));
    const b = base.classify(call('welfare check', { id: 'other' }));
    expect(Object.isFrozen(a)).toBe(true);
    expect(a).toBe(base.classify(call('WELFARE CHECK', { id: 'E9' })));
    expect(b).toBe(a);
  });
});

describe('shares', () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => `2024-${String(i).padStart(6, '0')}`);

  test('deterministic per call id, and each call in exactly one category', () => {
    for (const id of ids.slice(0, 200)) {
      const first = base.classify(call('DISTURBANCE', { id }));
      expect(['disturbance-verbal', 'disturbance-police']).toContain(first.categoryId);
      expect(first.viaShare).toBe(true);
      expect(first.ruleIndex).toBe(5);
      expect(compileTaxonomy(base.taxonomy).classify(call('Disturbance', { id, line: 99 }))).toStrictEqual(first);
      // The initial pass draws the same way, so a call whose type did not change stays on its side.
      expect(base.classifyInitial(call('', { id, initialCallType: 'DISTURBANCE' }))).toBe(first);
    }
  });

  test('the proportion approaches the stated share', () => {
    const verbal = ids.filter((id) => category(call('DISTURBANCE', { id })) === 'disturbance-verbal').length;
    expect(verbal / ids.length).toBeGreaterThan(0.28);
    expect(verbal / ids.length).toBeLessThan(0.32);
  });

  test('calls without an id are drawn by line', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => i + 2);
    const verbal = lines.filter((line) => category(call('DISTURBANCE', { id: '', line })) === 'disturbance-verbal').length;
    expect(verbal / lines.length).toBeGreaterThan(0.28);
    expect(verbal / lines.length).toBeLessThan(0.32);
  });

  test('share rules are listed for reports to print as assumptions', () => {
    expect(base.shareRules).toEqual([
      {
        ruleIndex: 5,
        ruleId: 'disturbance',
        origin: { file: 'fixtures/taxonomy/base.json', path: 'rules[5]' },
        share: 0.3,
        category: 'disturbance-verbal',
        otherwise: 'disturbance-police',
        matches: 'text "DISTURBANCE"',
        note: 'Share of disturbances that are verbal only.',
      },
    ]);
    expect(overlay.shareRules[0].ruleIndex).toBe(7);
  });
});

describe('memo', () => {
  test('the key holds only the fields some rule reads', () => {
    expect(base.keyFields.final).toEqual(['type', 'code', 'priority', 'source', 'disposition']);
    const textOnly = compileTaxonomy(
      taxonomyFromObject({
        name: 't',
        version: '1',
        categories: [{ id: 'c', label: 'c', response: 'community', rationale: 'x' }],
        rules: [{ category: 'c', match: { text: 'WELFARE CHECK' } }],
      }),
    );
    expect(textOnly.keyFields).toEqual({ final: ['type'], initial: ['type'] });
    for (const priority of ['1', '2', '3']) textOnly.classify(call('WELFARE CHECK', { priority, callTypeCode: priority }));
    expect(textOnly.memoSize().final).toBe(1);
  });

  test('same results with and without memo on random calls', () => {
    const unmemo = compileTaxonomy(overlay.taxonomy, { memo: false });
    const memo = compileTaxonomy(overlay.taxonomy);
    const pick = <T>(...values: T[]) => fc.constantFrom(...values);
    const arbitraryCall = fc.record({
      id: fc.string({ maxLength: 6 }),
      line: fc.nat(),
      callType: pick('DISTURBANCE', 'Welfare check', 'MENTAL SUBJECT', 'TRAFFIC ACCIDENT', 'SUSPICIOUS PERSON', 'MNTL', '', 'NEW TYPE', 'PSYCH'),
      callTypeCode: pick('', '415', 'MNTL', '10-96', 'X'),
      initialCallType: pick('', 'CHECK ON PERSON', 'DISTURBANCE', 'WELFARE CHECK'),
      initialCallTypeCode: pick('', 'MNTL'),
      priority: pick('', '1', '2', '3', '4'),
      source: pick<CallSource>('citizen', 'officer', 'unknown'),
      disposition: pick('', 'K', 'NO REPORT', 'ARREST'),
    });
    fc.assert(
      fc.property(fc.array(arbitraryCall, { maxLength: 50 }), (calls) => {
        for (const c of calls) {
          expect(memo.classify(c)).toStrictEqual(unmemo.classify(c));
          expect(memo.classifyInitial(c)).toStrictEqual(unmemo.classifyInitial(c));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('explain', () => {
  test('names the rule, the key and the value that matched', () => {
    const e = base.explain('Mental Subject');
    expect(e.normalizedText).toBe('MENTAL SUBJECT');
    expect(e.classification.categoryId).toBe('mental-health-nonviolent');
    expect(e.rule).toMatchObject({
      ruleIndex: 2,
      ruleId: 'mh',
      origin: { file: 'fixtures/taxonomy/base.json', path: 'rules[2]' },
      match: { key: 'text', value: 'Mental subject', against: 'text' },
    });
    expect(base.explain('X', { code: 'MNTL' }).rule?.match).toEqual({ key: 'code', value: 'MNTL', against: 'code' });
    expect(base.explain('10/96').rule?.match).toEqual({ key: 'code-as-text', value: '10-96', against: 'text' });
  });

  test('lists earlier rules that matched but whose narrowing failed', () => {
    const e = base.explain('Traffic accident', { priority: '1' });
    expect(e.classification.categoryId).toBe('traffic-police');
    expect(e.nearMisses).toEqual([
      expect.objectContaining({ ruleId: 'officer', failed: 'source "unknown" is not one of officer' }),
      expect.objectContaining({ ruleId: 'traffic-low', failed: 'priority "1" is not one of 3, 4' }),
    ]);
  });

  test('shares and unclassified', () => {
    expect(base.explain('DISTURBANCE').rule?.share).toMatchObject({ share: 0.3, otherwise: 'disturbance-police' });
    const e = base.explain('CHECK ON PERSON', { source: 'citizen' });
    expect(e.classification.categoryId).toBe('unclassified');
    expect(e.rule).toBeUndefined();
    expect(e.nearMisses.map((m) => m.failed)).toEqual(['source "citizen" is not one of officer', 'used only for the initial call type']);
    expect(base.explain('CHECK ON PERSON', { pass: 'initial' }).classification.categoryId).toBe('welfare-check');
  });
});
