import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import type { Analysis } from '../../src/aggregate/analysis.js';
import { estimate, recordedOfficerTimeOrigins } from '../../src/estimate/index.js';

/**
 * The library side of re-estimating a saved analysis: who set its officer time comes from
 * what the analysis recorded (its parameters, else its settings); with no record, a
 * non-default value falls back to `config`. fixtures/estimate/calls-hand-computed.csv
 * (see scenarios.test.ts), measured with a 120-minute cap.
 */
type Params = Record<string, { value: unknown; origin: string; source: string }>;
let measured: Analysis;

beforeAll(async () => {
  ({ analysis: measured } = await analyze(['fixtures/estimate/calls-hand-computed.csv'], { taxonomy: 'fixtures/estimate/taxonomy.json', officerTime: { capMinutes: 120 } }));
});

describe('recordedOfficerTimeOrigins', () => {
  it('reads a classify run\'s settings, and an estimate\'s parameters before them', () => {
    const classified = { ...measured, settings: { capMinutes: { value: 120, origin: 'env' }, timeBasis: { value: null, origin: 'default' } } } as Analysis;
    expect(recordedOfficerTimeOrigins(classified)).toEqual({ officerTimeCapMinutes: 'env' });
    const estimated = { ...classified, parameters: { officerTimeCapMinutes: { value: 120, origin: 'flag' }, officerTimeMinSamples: { value: 5, origin: 'default' } } } as Analysis;
    expect(recordedOfficerTimeOrigins(estimated)).toEqual({ officerTimeCapMinutes: 'flag', officerTimeMinSamples: 'default' });
    expect(recordedOfficerTimeOrigins(estimated, { settings: false })).toEqual({ officerTimeCapMinutes: 'flag', officerTimeMinSamples: 'default' });
  });

  it('ignores a record that does not match the officer time used', () => {
    const a = { ...measured, settings: { capMinutes: { value: 90, origin: 'flag' } } } as Analysis;
    expect(recordedOfficerTimeOrigins(a)).toEqual({});
  });
});

describe('estimate() on a saved analysis', () => {
  it('labels officer time with the origins given, else those of its parameters, else config', () => {
    const given = estimate(measured, null, {}, 'flag', { officerTimeOrigins: { officerTimeCapMinutes: 'env' } }).parameters as Params;
    expect(given.officerTimeCapMinutes).toMatchObject({ value: 120, origin: 'env' });
    expect(given.officerTimeCapMinutes.source).toMatch(/^as recorded in the analysis/);
    expect(given.officerTimeBasis).toMatchObject({ value: 'dispatch', origin: 'default' });

    const saved = { ...measured, parameters: { officerTimeCapMinutes: { value: 120, origin: 'flag' } } } as Analysis;
    expect((estimate(saved, null).parameters as Params).officerTimeCapMinutes).toMatchObject({ value: 120, origin: 'flag' });

    // Nothing says who chose 120 (a merge of classify outputs, or the library).
    expect((estimate(measured, null).parameters as Params).officerTimeCapMinutes).toMatchObject({ value: 120, origin: 'config' });
  });

  it('an override of the value used takes its own origin; another value is not applied', () => {
    const same = estimate(measured, null, { officerTimeCapMinutes: 120 }, 'env', { officerTimeOrigins: { officerTimeCapMinutes: 'flag' } });
    expect((same.parameters as Params).officerTimeCapMinutes).toMatchObject({ value: 120, origin: 'env' });
    const other = estimate(measured, null, { officerTimeCapMinutes: 90 }, 'env', { officerTimeOrigins: { officerTimeCapMinutes: 'flag' } });
    expect((other.parameters as Params).officerTimeCapMinutes).toMatchObject({ value: 120, origin: 'flag' });
    expect(other.warnings.some((w) => /officerTimeCapMinutes=90 was not applied/.test(w))).toBe(true);
  });
});
