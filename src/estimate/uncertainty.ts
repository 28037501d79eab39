import { quantileSorted } from 'simple-statistics';

/**
 * Intervals by resampling whole periods (weeks, else months) with replacement: each
 * resample draws as many periods as were observed, sums their additive quantities and
 * days, and recomputes the annualised figures. A fixed seed makes the output
 * deterministic; the percentile method gives the bounds (simple-statistics quantiles).
 */

/** mulberry32: a small, fast, seedable PRNG with a 2^32 period — ample for a few thousand resamples. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One resampling unit: the days it covers and additive quantities (calls, hours …). */
export interface ResampleUnit {
  days: number;
  values: number[];
}

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** Coverage, e.g. 0.95 for the 2.5th–97.5th percentiles. */
  level: number;
}

/**
 * Percentile bootstrap. `statistic(sums, days)` turns one resample's summed values and
 * days into the figures of interest; the result is [low, high] for each figure.
 */
export function bootstrapIntervals(units: ResampleUnit[], statistic: (sums: number[], days: number) => number[], o: BootstrapOptions): [number, number][] {
  const random = mulberry32(o.seed);
  const n = units.length;
  const width = units[0]?.values.length ?? 0;
  const draws: number[][] = [];
  for (let b = 0; b < o.resamples; b++) {
    const sums = Array<number>(width).fill(0);
    let days = 0;
    for (let i = 0; i < n; i++) {
      const u = units[Math.floor(random() * n)];
      days += u.days;
      for (let k = 0; k < width; k++) sums[k] += u.values[k];
    }
    statistic(sums, days).forEach((x, k) => (draws[k] ??= []).push(x));
  }
  const tail = (1 - o.level) / 2;
  return draws.map((d) => {
    const sorted = d.sort((x, y) => x - y);
    return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
  });
}

export interface IntervalMethod {
  /** Human-readable, printed beside the figures. */
  method: string;
  unit: 'week' | 'month' | null;
  units: number;
  resamples: number;
  seed: number;
  level: number;
}

/** Names the method for the output, e.g. "95% bootstrap interval over 52 weeks, 2,000 resamples, seed 1". */
export function describeMethod(unit: 'week' | 'month', count: number, o: BootstrapOptions): string {
  return `${Math.round(o.level * 100)}% bootstrap interval over ${count.toLocaleString('en-US')} ${unit}s, ${o.resamples.toLocaleString('en-US')} resamples, seed ${o.seed}`;
}
