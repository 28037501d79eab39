/**
 * Per-unit handling-time histogram (minutes), fixed bins so that histograms from
 * different shards add exactly and medians can be recomputed after a merge.
 *
 * Bins: whole minutes below 3 h (a duration is rounded to the nearest minute, so the
 * median of whole-minute data is exact), 5-minute bins to 12 h, 15-minute bins to 24 h,
 * one open bin beyond. Stored sparsely as bin index → count.
 */
export type Histogram = Map<number, number>;

const FINE_END = 180;
const MID_END = 720;
const COARSE_END = 1440;
const MID_WIDTH = 5;
const COARSE_WIDTH = 15;
const MID_START_BIN = FINE_END;
const COARSE_START_BIN = MID_START_BIN + (MID_END - FINE_END) / MID_WIDTH;
const LAST_BIN = COARSE_START_BIN + (COARSE_END - MID_END) / COARSE_WIDTH;
/** Number of bins, for dense per-run arrays (the accumulator's hot path). */
export const HISTOGRAM_BINS = LAST_BIN + 1;

export function binOf(minutes: number): number {
  if (minutes < FINE_END - 0.5) return Math.max(0, Math.round(minutes));
  if (minutes < MID_END) return MID_START_BIN + Math.floor((Math.max(minutes, FINE_END) - FINE_END) / MID_WIDTH);
  if (minutes < COARSE_END) return COARSE_START_BIN + Math.floor((minutes - MID_END) / COARSE_WIDTH);
  return LAST_BIN;
}

/** The minutes a bin stands for: the whole minute for fine bins, the centre otherwise. */
export function binValue(bin: number): number {
  if (bin < MID_START_BIN) return bin;
  if (bin < COARSE_START_BIN) return FINE_END + (bin - MID_START_BIN) * MID_WIDTH + MID_WIDTH / 2;
  if (bin < LAST_BIN) return MID_END + (bin - COARSE_START_BIN) * COARSE_WIDTH + COARSE_WIDTH / 2;
  return COARSE_END;
}

export function addToHistogram(h: Histogram, minutes: number, count = 1): void {
  const bin = binOf(minutes);
  h.set(bin, (h.get(bin) ?? 0) + count);
}

export function mergeHistogram(into: Histogram, from: Histogram): void {
  for (const [bin, n] of from) into.set(bin, (into.get(bin) ?? 0) + n);
}

export function histogramCount(h: Histogram): number {
  let n = 0;
  for (const c of h.values()) n += c;
  return n;
}

/** Quantile q (0–1) of the binned values; the median of an even count averages the middle two. NaN when empty. */
export function histogramQuantile(h: Histogram, q: number): number {
  const total = histogramCount(h);
  if (total === 0) return NaN;
  const bins = [...h.keys()].sort((a, b) => a - b);
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (const bin of bins) {
      seen += h.get(bin)!;
      if (seen > rank) return binValue(bin);
    }
    return binValue(bins[bins.length - 1]);
  };
  const pos = q * (total - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = valueAt(lo);
  return lo === hi ? a : a + (valueAt(hi) - a) * (pos - lo);
}

export function histogramMedian(h: Histogram): number {
  return histogramQuantile(h, 0.5);
}

export function histogramMean(h: Histogram): number {
  let n = 0;
  let sum = 0;
  // In bin order, so the sum does not depend on the order bins were first filled.
  for (const bin of [...h.keys()].sort((a, b) => a - b)) {
    const c = h.get(bin)!;
    n += c;
    sum += binValue(bin) * c;
  }
  return n ? sum / n : NaN;
}

export function histogramToJson(h: Histogram): Record<string, number> {
  const out: Record<string, number> = {};
  for (const bin of [...h.keys()].sort((a, b) => a - b)) out[bin] = h.get(bin)!;
  return out;
}

export function histogramFromJson(json: Record<string, number>): Histogram {
  const h: Histogram = new Map();
  for (const [bin, n] of Object.entries(json)) h.set(Number(bin), n);
  return h;
}
