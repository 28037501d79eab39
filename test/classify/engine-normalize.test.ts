import { describe, expect, test } from 'vitest';
import { checkPattern, compileTaxonomy, normalizeCallType, taxonomyFromObject } from '../../src/classify/index.js';
import { emptyCall } from '../../src/ingest/call.js';

describe('normalizeCallType', () => {
  test.each([
    ['TRESPASS/UNWANTED', 'TRESPASS UNWANTED'],
    ['TRESPASS - UNWANTED', 'TRESPASS UNWANTED'],
    ['trespass_unwanted ', 'TRESPASS UNWANTED'],
    ['  Welfare   Check\t', 'WELFARE CHECK'],
    ['ASSAULT/BATTERY MISD.', 'ASSAULT BATTERY MISD'],
    ['46A - CIT w/Ambulance', '46A CIT W AMBULANCE'],
    ['THEFT (DOES NOT INCLUDE SHOPLIFT OR SVCS)', 'THEFT DOES NOT INCLUDE SHOPLIFT OR SVCS'],
    ["OFFICER'S REQUEST", 'OFFICERS REQUEST'],
    ['OFFICER’S REQUEST', 'OFFICERS REQUEST'],
    ['Desorden Público', 'DESORDEN PUBLICO'],
    ['ＭＥＮＴＡＬ', 'MENTAL'],
    ['B&E', 'B E'],
    ['10-96', '10 96'],
    ['1096', '1096'],
    ['1181-CR', '1181 CR'],
    ['---', ''],
    ['', ''],
  ])('%j → %j', (raw, normal) => {
    expect(normalizeCallType(raw)).toBe(normal);
  });

  test('is idempotent', () => {
    for (const s of ['Trespass/Unwanted', 'x -- y', 'ÀBC déf', '10-96']) {
      expect(normalizeCallType(normalizeCallType(s))).toBe(normalizeCallType(s));
    }
  });

  test('codes keep separators significant: "10-96" and "1096" are different codes', () => {
    expect(normalizeCallType('10-96')).not.toBe(normalizeCallType('1096'));
    expect(normalizeCallType('10-96')).toBe(normalizeCallType('10/96'));
  });

  test('rules and calls are normalised the same way', () => {
    const classifier = compileTaxonomy(
      taxonomyFromObject({
        name: 't',
        version: '1',
        categories: [{ id: 'trespass', label: 'Trespass', response: 'community', rationale: 'x' }],
        rules: [{ category: 'trespass', match: { text: 'Trespass - Unwanted', code: '10-96' } }],
      }),
    );
    const hit = (callType: string, callTypeCode = '') => classifier.classify({ ...emptyCall(), callType, callTypeCode }).categoryId;
    expect(hit('TRESPASS/UNWANTED')).toBe('trespass');
    expect(hit('trespass_unwanted')).toBe('trespass');
    expect(hit('anything', '10/96')).toBe('trespass');
    expect(hit('anything', '1096')).toBe('unclassified');
  });
});

describe('safe patterns', () => {
  test.each([
    ['(a+)+$', 'repeats a group that itself contains a repeat'],
    ['(a|a)*x', 'repeats a group that itself contains a repeat or alternatives'],
    ['(a*)*', 'repeats a group'],
    ['(\\w+\\s?)+$', 'repeats a group'],
    ['(a?){30}a{30}', 'repeats a group'],
    ['(?:A|B)+', 'repeats a group'],
    ['(A)\\1', 'back-reference'],
    ['(?<x>A)\\k<x>', 'named back-reference'],
    ['(?<=A)B', 'look-behind'],
    ['(?<!A)B', 'look-behind'],
    ['.*.*.*X', 'open-ended repeats'],
    ['\\w*\\w*\\w*X', 'open-ended repeats'],
    ['A'.repeat(501), 'limited to 500'],
    ['10-96', 'contains "-"'],
    ['MISD\\.', 'contains "."'],
    ['ASSAULT(', 'not a valid regular expression'],
    ['', 'is empty'],
  ])('%j is rejected', (pattern, reason) => {
    expect(checkPattern(pattern)).toContain(reason);
  });

  const safe = [
    '\\bMENTAL\\b|\\bPSYCH',
    '^SUICID',
    'WELFARE (CHECK|CHK)',
    '\\d{3}',
    '(?:AB)+',
    'A\\s*B\\s*C\\s*D',
    'ASSAULT.*WEAPON',
    '^10 ?96$',
    '[-/ ]X',
    '^DISTURB(?!.*WEAPON)',
    '(?<kind>ALARM) (RES|COM)',
    '.',
    'mental',
    '\\p{L}+ CHECK',
  ];
  test.each(safe)('%j is accepted', (pattern) => {
    expect(checkPattern(pattern)).toBeUndefined();
  });

  test('accepted patterns stay fast on long adversarial call types', () => {
    const inputs = ['A'.repeat(300), 'A '.repeat(150), 'AB'.repeat(150), '1'.repeat(300)];
    const classifier = compileTaxonomy(
      taxonomyFromObject({
        name: 't',
        version: '1',
        categories: [{ id: 'c', label: 'c', response: 'police', rationale: 'x' }],
        rules: [...safe, '.*A.*B$', '\\w+\\s?\\w+X', '[AB]C+X'].map((pattern) => ({
          category: 'c',
          match: { pattern },
          when: { priority: 'never' },
        })),
      }),
    );
    const start = performance.now();
    for (const callType of inputs) classifier.classify({ ...emptyCall(), callType, callTypeCode: callType, priority: '1' });
    // A hang detector, not a speed test (speed is measured in bench/): about 10 ms here.
    expect(performance.now() - start).toBeLessThan(3000);
  });
});
