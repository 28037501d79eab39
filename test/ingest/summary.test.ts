import { describe, expect, it } from 'vitest';
import { dateRange } from '../../src/ingest/summary.js';
import { createZone } from '../../src/ingest/time/index.js';

describe('dateRange', () => {
  const zone = createZone('UTC');

  it('is null at both ends when no row was accepted (NaN per file, ±Infinity over files)', () => {
    expect(dateRange(NaN, NaN, zone)).toEqual({ from: null, to: null });
    // inspect takes Math.min/Math.max over files with a received time: none gives ±Infinity.
    expect(dateRange(Math.min(), Math.max(), zone)).toEqual({ from: null, to: null });
  });

  it('formats instants with their offset', () => {
    expect(dateRange(Date.UTC(2024, 6, 1, 8), Date.UTC(2024, 6, 1, 9), zone)).toEqual({ from: '2024-07-01T08:00:00+00:00', to: '2024-07-01T09:00:00+00:00' });
  });
});
