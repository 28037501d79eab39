/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) and the few distributions the
 * generator draws from. Integer arithmetic only in the core, so the same seed gives the same
 * stream on every machine; the transcendental helpers rely on V8's software (fdlibm) Math,
 * which is identical across platforms.
 */

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const TWO_POW_32 = 4294967296;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  /** `seed` may be any safe integer; its high and low 32 bits both feed the state. */
  constructor(seed: number) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    const mix = splitmix32(lo ^ Math.imul(hi, 0x27d4eb2d));
    this.a = mix();
    this.b = mix();
    this.c = mix() ^ hi;
    // sfc32's authors discard the first outputs so nearby seeds diverge.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in (0, 1]: safe to take the logarithm of. */
  nextOpen(): number {
    return (this.nextUint32() + 1) / TWO_POW_32;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(this.nextOpen()) * mean;
  }

  /**
   * A draw from the distribution whose quantiles are in `table` (see `lognormalTable`,
   * `exponentialTable`), times `scale`: a table lookup with linear interpolation instead of
   * exp()/log() per draw, for speed. Tails are cut at the table's last quantile (p ≈ 0.99988),
   * which synthetic durations do not miss.
   */
  quantile(scale: number, table: Float64Array): number {
    const x = this.next() * TABLE_STEPS;
    const k = x | 0;
    return scale * (table[k] + (x - k) * (table[k + 1] - table[k]));
  }

  /** Index drawn from a short cumulative weight table (last entry = total); a linear scan. */
  pick(cumulative: Float64Array): number {
    const target = this.next() * cumulative[cumulative.length - 1];
    const last = cumulative.length - 1;
    let i = 0;
    while (i < last && cumulative[i] <= target) i++;
    return i;
  }
}

const TABLE_STEPS = 4096;

function quantileTable(inverseCdf: (p: number) => number): Float64Array {
  const values = new Float64Array(TABLE_STEPS + 2);
  for (let k = 0; k <= TABLE_STEPS; k++) values[k] = inverseCdf((k + 0.5) / (TABLE_STEPS + 1));
  values[TABLE_STEPS + 1] = values[TABLE_STEPS];
  return values;
}

/** Quantiles of a lognormal with median 1 and log-scale spread `sigma`. */
export function lognormalTable(sigma: number): Float64Array {
  return quantileTable((p) => Math.exp(sigma * normalQuantile(p)));
}

/** Quantiles of an exponential with mean 1 (the mean of the cut table is 0.9987). */
export function exponentialTable(): Float64Array {
  return quantileTable((p) => -Math.log(1 - p));
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const z = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < low ? z : -z;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Index in [offset, offset + n) of a flat array holding several cumulative tables side by side,
 * returned relative to `offset`; `u` is uniform in [0, 1).
 */
export function pickFrom(table: Float64Array, offset: number, n: number, u: number): number {
  const target = u * table[offset + n - 1];
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table[offset + mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Cumulative sums of `weights` (for `Rng.pick`). */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    out[i] = sum;
  }
  return out;
}
