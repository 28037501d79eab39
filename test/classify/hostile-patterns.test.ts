import { describe, expect, it } from 'vitest';
import { compileTaxonomy, PATTERN_INPUT_LIMIT, taxonomyFromObject } from '../../src/classify/index.js';
import { emptyCall } from '../../src/ingest/call.js';

/** A one-rule taxonomy whose only pattern is `pattern`. */
function withPattern(pattern: string) {
  return taxonomyFromObject({
    name: 'hostile',
    version: '1',
    categories: [{ id: 'c', label: 'c', response: 'police', rationale: 'test' }],
    rules: [{ category: 'c', match: { pattern } }],
  });
}

const LETTERS = 'bcdefghijklmnopqrstuvwxyz0123456789';

describe('a hostile taxonomy pattern cannot hang a run', () => {
  it.each([
    ['(a+)+$', /repeats a group that itself contains a repeat/],
    ['(a|a)*x', /repeats a group/],
    ['.*.*.*x', /has 3 open-ended repeats/],
    // 62 alternatives of two open repeats each: 499 characters, 6 s per 256-character call type before this check.
    ['(?:' + Array.from({ length: 62 }, (_, i) => `\\w*\\w*${LETTERS[i % LETTERS.length]}`).join('|') + ')', /too many alternatives with open-ended repeats/],
    ['(?:\\w*\\w*x|\\w*\\w*y|\\w*\\w*z)', /too many alternatives with open-ended repeats/],
  ])('refuses %s at load', (pattern, message) => {
    expect(() => withPattern(pattern)).toThrow(message);
  });

  // The costliest shapes the checker accepts: two open repeats in a row, and two such alternatives.
  it.each(['\\w*\\w*x', '(?:\\w*\\w*x|\\w*\\w*y)', '(?:\\w*\\w*x)?z', '[a-z ]*[a-z ]*q'])('%s at the limit classifies a long call type fast', (pattern) => {
    const classifier = compileTaxonomy(withPattern(pattern));
    for (const text of ['A'.repeat(PATTERN_INPUT_LIMIT), 'A '.repeat(PATTERN_INPUT_LIMIT), 'A'.repeat(100_000)]) {
      const started = performance.now();
      const result = classifier.classify({ ...emptyCall(), callType: text });
      const ms = performance.now() - started;
      expect(result.categoryId).toBe('unclassified');
      // About 0.1-0.3 s on a busy two-core machine; the bound only catches a hang.
      expect(ms).toBeLessThan(3000);
    }
  });
});
