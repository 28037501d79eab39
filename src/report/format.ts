/**
 * Number formatting for reports. Written out by hand rather than with toLocaleString so
 * the bytes do not depend on the ICU data of the machine that renders them.
 */

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1234.5 → "1,234.5" with exactly `digits` decimals; non-finite → "—". */
export function num(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const fixed = Math.abs(n).toFixed(digits);
  const [i, f] = fixed.split('.');
  const sign = n < 0 && Number(fixed) !== 0 ? '−' : '';
  return `${sign}${group(i)}${f ? `.${f}` : ''}`;
}

/** Whole number with thousands separators. */
export function int(n: number | null | undefined): string {
  return num(n, 0);
}

/** A share 0–1 as a percentage: 0.1825 → "18.3%". */
export function pct(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${num(share * 100, digits)}%`;
}

/** US dollars: cents below $1,000 when not whole, whole dollars below $10,000, else three significant figures in K, M or B. */
export function usd(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  const sign = n < 0 && a >= 0.5 ? '−' : '';
  if (a < 1_000 && !Number.isInteger(a)) return `${sign}$${num(a, 2)}`;
  if (a < 10_000) return `${sign}$${int(a)}`;
  if (a < 1_000_000) return `${sign}$${sig(a / 1000)}K`;
  if (a < 1_000_000_000) return `${sign}$${sig(a / 1_000_000)}M`;
  return `${sign}$${sig(a / 1_000_000_000)}B`;
}

/** Three significant figures, for magnitudes 1 ≤ x < 1000. */
function sig(x: number): string {
  const digits = x >= 100 ? 0 : x >= 10 ? 1 : 2;
  return num(x, digits);
}

/** A range "a – b" (or just a when both are equal after formatting). */
export function range(low: string, high: string): string {
  return low === high ? low : `${low} – ${high}`;
}

/** A value for tables: numbers get `digits` decimals, strings pass through, lists are joined. */
export function value(v: unknown, digits = 2): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? int(v) : num(v, digits);
  if (Array.isArray(v)) return v.length ? v.map((x) => value(x, digits)).join(', ') : '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Rounds for chart data and CSV tables, so tiny float noise never changes bytes. */
export function round(n: number, digits: number): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Plain string comparison (code units), for stable tie-breaks independent of locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "1 call type", "2 call types": the count with the word, in the right number. */
export function count(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${int(n)} ${n === 1 ? singular : pluralForm}`;
}
