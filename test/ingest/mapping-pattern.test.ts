import { describe, expect, it } from 'vitest';
import { validateMappingSpec } from '../../src/ingest/schema/mapping-file.js';

const spec = (officerCallTypePattern: string) => ({
  fields: { callType: 'call_type', received: 'received_time' },
  source: { officerCallTypePattern },
});

describe('a mapping file\'s officerCallTypePattern gets the taxonomy\'s backtracking check', () => {
  it.each([
    ['(a+)+$', /repeats a group that itself contains a repeat/],
    ['(a|a)*x', /repeats a group that itself contains a repeat or alternatives/],
    ['.*.*.*x', /has 3 open-ended repeats/],
    [' * * *x', /has 3 open-ended repeats/], // raw text can hold runs of spaces
    ['(x)\\1', /back-reference/],
    ['(', /not a valid regular expression/],
  ])('refuses %s', (pattern, message) => {
    expect(() => validateMappingSpec(spec(pattern), 'map.json')).toThrow(message);
  });

  it('allows punctuation, which raw call types contain', () => {
    expect(validateMappingSpec(spec('ONVIEW|ON-VIEW|SELF.INIT|OFFICER/INITIATED'), 'map.json').source?.officerCallTypePattern).toBe('ONVIEW|ON-VIEW|SELF.INIT|OFFICER/INITIATED');
  });
});
