import { describe, expect, it } from 'vitest';
import { bootstrapIntervals, describeMethod, mulberry32, type ResampleUnit } from '../../src/estimate/uncertainty.js';

/** 52 weeks of calls drawn from a normal distribution (mean 100, sd 10) by Box–Muller on a fixed seed. */
function normalWeeks(n: number, mean: number, sd: number, seed: number): ResampleUnit[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    return { days: 7, values: [mean + sd * z] };
  });
}

const weeklyMean = (sums: number[], days: number) => [(sums[0] * 7) / days];

describe('bootstrap intervals over weeks', () => {
  const weeks = normalWeeks(52, 100, 10, 42);
  const xs = weeks.map((w) => w.values[0]);
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));

  it('recovers the textbook interval of a mean: x̄ ± 1.96 s/√n, within 10%', () => {
    const [[lo, hi]] = bootstrapIntervals(weeks, weeklyMean, { resamples: 4000, seed: 1, level: 0.95 });
    const half = (1.96 * sd) / Math.sqrt(52);
    expect((lo + hi) / 2).toBeCloseTo(mean, 0);
    expect((hi - lo) / 2).toBeGreaterThan(half * 0.9);
    expect((hi - lo) / 2).toBeLessThan(half * 1.1);
  });

  it('is deterministic for a seed and changes with it', () => {
    const o = { resamples: 500, seed: 7, level: 0.95 };
    expect(bootstrapIntervals(weeks, weeklyMean, o)).toEqual(bootstrapIntervals(weeks, weeklyMean, o));
    expect(bootstrapIntervals(weeks, weeklyMean, { ...o, seed: 8 })).not.toEqual(bootstrapIntervals(weeks, weeklyMean, o));
  });

  it('a constant series has a zero-width interval; partial weeks are weighted by their days', () => {
    const flat = [{ days: 7, values: [70] }, { days: 7, values: [70] }, { days: 2, values: [20] }];
    const [[lo, hi]] = bootstrapIntervals(flat, (s, d) => [s[0] / d], { resamples: 200, seed: 1, level: 0.95 });
    expect(lo).toBeCloseTo(10, 9);
    expect(hi).toBeCloseTo(10, 9);
  });

  it('names the method', () => {
    expect(describeMethod('week', 52, { resamples: 2000, seed: 1, level: 0.95 })).toBe('95% bootstrap interval over 52 weeks, 2,000 resamples, seed 1');
  });
});
