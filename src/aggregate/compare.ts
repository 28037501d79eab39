import type { ResponseLevel } from '../classify/index.js';
import { inputError } from '../errors.js';
import type { Analysis } from './analysis.js';
import type { PeriodJson } from './period.js';
import { RESPONSES, dayFromLabel, type StoreJson } from './store.js';

/**
 * Comparisons between two analyses — the period and the period before, a year before, or
 * an earlier analysis.json — in calls, officer hours and eligible share, by response level
 * and category, each with a test of whether the change is within normal week-to-week
 * variation (NORMAL_VARIATION_RULE).
 */
export type CompareBasis = 'previous' | 'year-ago' | 'file';

export interface Change {
  current: number;
  comparison: number;
  change: number;
  /** change ÷ comparison; null when the comparison is 0. */
  changeShare: number | null;
  /** Per week of data (days covered ÷ 7), so periods of different lengths compare. */
  perWeek: { current: number | null; comparison: number | null; changeShare: number | null };
  /** True when the per-week change is within ±2 SD (see `rule`); null when not assessed. */
  withinNormalVariation: boolean | null;
}

export interface ShareChange {
  current: number;
  comparison: number;
  /** Percentage points (0.012 = 1.2 points). */
  change: number;
  withinNormalVariation: boolean | null;
}

export interface ComparisonEntry {
  basis: CompareBasis;
  /** The comparison period's label, or the file's path. */
  label: string;
  file: string | null;
  period: PeriodJson | null;
  /** Days with data (first to last received date) in each, and complete Monday–Sunday weeks used for the variation test. */
  days: { current: number; comparison: number };
  completeWeeks: { current: number; comparison: number };
  totals: { calls: Change; officerHours: Change; eligibleCalls: Change; eligibleShare: ShareChange };
  byResponse: { response: ResponseLevel; calls: Change; officerHours: Change; shareOfCalls: ShareChange }[];
  byCategory: { id: string; label: string; response: ResponseLevel; calls: Change; officerHours: Change }[];
  notes: string[];
  /** The comparison period's raw state (previous / year-ago), so merged analyses re-derive it exactly. */
  store?: StoreJson;
}

export interface ComparisonSection {
  rule: string;
  against: ComparisonEntry[];
}

export const NORMAL_VARIATION_RULE =
  'A change is within normal week-to-week variation when the difference between the two per-week rates is at most 2 standard errors: ' +
  '2·s·√(1/W₁ + 1/W₂), where W₁ and W₂ are the lengths of the two periods in weeks (days with data ÷ 7) and s is the pooled standard deviation of ' +
  'the complete Monday–Sunday weeks\' values within each period (weekly calls, officer hours or eligible share). Categories keep no weekly series: for them ' +
  's² is φ × the weekly rate, φ being the variance-to-mean ratio of weekly calls at the category\'s response level (at least 1), and their officer hours are not assessed. ' +
  'Not assessed (null) when either period has fewer than 2 complete weeks.';

const ELIGIBLE: ResponseLevel[] = ['community', 'civilian'];
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

interface Side {
  weeks: number;
  days: number;
  /** Complete weeks' rows from time.weekly. */
  complete: Analysis['time']['weekly'];
}

function side(a: Analysis): Side {
  const first = a.dateRange.from ? dayFromLabel(a.dateRange.from.slice(0, 10)) : NaN;
  const last = a.dateRange.to ? dayFromLabel(a.dateRange.to.slice(0, 10)) : NaN;
  const complete = a.time.weekly.filter((w) => {
    const monday = dayFromLabel(w.week);
    return monday >= first && monday + 6 <= last;
  });
  return { weeks: a.coverage.days / 7, days: a.coverage.days, complete };
}

/** Pooled within-period variance and mean of two weekly series; null with fewer than 2 weeks in either. */
function pooled(x: number[], y: number[]): { variance: number; mean: number } | null {
  if (x.length < 2 || y.length < 2) return null;
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const ss = (v: number[]) => {
    const m = mean(v);
    return v.reduce((a, b) => a + (b - m) ** 2, 0);
  };
  return { variance: (ss(x) + ss(y)) / (x.length + y.length - 2), mean: (mean(x) * x.length + mean(y) * y.length) / (x.length + y.length) };
}

function change(cur: number, cmp: number, c: Side, p: Side, sd: (r1: number, r2: number) => number | null, digits: number): Change {
  const r1 = c.weeks > 0 ? cur / c.weeks : null;
  const r2 = p.weeks > 0 ? cmp / p.weeks : null;
  let within: boolean | null = null;
  if (r1 !== null && r2 !== null) {
    const s = sd(r1, r2);
    if (s !== null) within = Math.abs(r1 - r2) <= 2 * s + 1e-9;
  }
  return {
    current: round(cur, digits),
    comparison: round(cmp, digits),
    change: round(cur - cmp, digits),
    changeShare: cmp ? round((cur - cmp) / cmp, 4) : null,
    perWeek: {
      current: r1 === null ? null : round(r1, 2),
      comparison: r2 === null ? null : round(r2, 2),
      changeShare: r1 !== null && r2 ? round((r1 - r2) / r2, 4) : null,
    },
    withinNormalVariation: within,
  };
}

/** SD of the difference of two period rates from weekly series: s·√(1/W₁ + 1/W₂). */
function seriesSd(x: number[], y: number[], c: Side, p: Side): (r1: number, r2: number) => number | null {
  const v = pooled(x, y);
  return () => (v ? Math.sqrt(v.variance * (1 / c.weeks + 1 / p.weeks)) : null);
}

function shareChange(cur: number, cmp: number, x: number[], y: number[], c: Side, p: Side): ShareChange {
  const v = pooled(x, y);
  const sd = v ? Math.sqrt(v.variance * (1 / c.weeks + 1 / p.weeks)) : null;
  return {
    current: round(cur, 4),
    comparison: round(cmp, 4),
    change: round(cur - cmp, 4),
    withinNormalVariation: sd === null || !(c.weeks > 0 && p.weeks > 0) ? null : Math.abs(cur - cmp) <= 2 * sd + 1e-9,
  };
}

const callsOf = (w: Analysis['time']['weekly'][number], levels: readonly ResponseLevel[]) => levels.reduce((a, r) => a + w[r].calls, 0);
const hoursOf = (w: Analysis['time']['weekly'][number], levels: readonly ResponseLevel[]) => levels.reduce((a, r) => a + w[r].officerHours, 0);
const eligibleShareOf = (w: Analysis['time']['weekly'][number]) => {
  const all = callsOf(w, RESPONSES);
  return all ? callsOf(w, ELIGIBLE) / all : 0;
};

/**
 * Compares `current` with `other` (the comparison period or an earlier analysis). Both
 * must use the same taxonomy name and version, or categories would not line up.
 */
export function compareAnalyses(current: Analysis, other: Analysis, info: { basis: CompareBasis; label: string; file?: string; period?: PeriodJson | null }): ComparisonEntry {
  if (current.taxonomy.name !== other.taxonomy.name || current.taxonomy.version !== other.taxonomy.version) {
    throw inputError(
      `cannot compare: this analysis uses taxonomy ${current.taxonomy.name} ${current.taxonomy.version} but ${info.label} uses ${other.taxonomy.name} ${other.taxonomy.version}`,
      info.file ? { file: info.file } : {},
      'Re-run both with the same --taxonomy so categories line up',
    );
  }
  const c = side(current);
  const p = side(other);
  const series = (s: Side, f: (w: Analysis['time']['weekly'][number]) => number) => s.complete.map(f);
  const callsChange = (levels: readonly ResponseLevel[], cur: number, cmp: number) =>
    change(cur, cmp, c, p, seriesSd(series(c, (w) => callsOf(w, levels)), series(p, (w) => callsOf(w, levels)), c, p), 0);
  const hoursChange = (levels: readonly ResponseLevel[], cur: number, cmp: number) =>
    change(cur, cmp, c, p, seriesSd(series(c, (w) => hoursOf(w, levels)), series(p, (w) => hoursOf(w, levels)), c, p), 2);

  const eligibleCalls = (a: Analysis) => a.responses.filter((r) => ELIGIBLE.includes(r.response)).reduce((s, r) => s + r.calls, 0);
  const eligibleShare = (a: Analysis) => (a.totals.calls ? eligibleCalls(a) / a.totals.calls : 0);
  const totals = {
    calls: callsChange(RESPONSES, current.totals.calls, other.totals.calls),
    officerHours: hoursChange(RESPONSES, current.totals.officerHours, other.totals.officerHours),
    eligibleCalls: callsChange(ELIGIBLE, eligibleCalls(current), eligibleCalls(other)),
    eligibleShare: shareChange(eligibleShare(current), eligibleShare(other), series(c, eligibleShareOf), series(p, eligibleShareOf), c, p),
  };

  const level = (a: Analysis, r: ResponseLevel) => a.responses.find((x) => x.response === r);
  const byResponse = RESPONSES.map((r) => {
    const shareSeries = (s: Side) => series(s, (w) => (callsOf(w, RESPONSES) ? w[r].calls / callsOf(w, RESPONSES) : 0));
    return {
      response: r,
      calls: callsChange([r], level(current, r)?.calls ?? 0, level(other, r)?.calls ?? 0),
      officerHours: hoursChange([r], level(current, r)?.officerHours ?? 0, level(other, r)?.officerHours ?? 0),
      shareOfCalls: shareChange(level(current, r)?.shareOfCalls ?? 0, level(other, r)?.shareOfCalls ?? 0, shareSeries(c), shareSeries(p), c, p),
    };
  });

  // Overdispersion of weekly calls per response level, for categories (no weekly series of their own).
  const phi = new Map<ResponseLevel, number | null>();
  for (const r of RESPONSES) {
    const v = pooled(series(c, (w) => w[r].calls), series(p, (w) => w[r].calls));
    phi.set(r, v ? Math.max(1, v.mean > 0 ? v.variance / v.mean : 1) : null);
  }
  const cats = new Map<string, { id: string; label: string; response: ResponseLevel }>();
  for (const k of [...current.categories, ...other.categories]) if (!cats.has(k.id)) cats.set(k.id, { id: k.id, label: k.label, response: k.response });
  const cat = (a: Analysis, id: string) => a.categories.find((k) => k.id === id);
  const byCategory = [...cats.values()]
    .map((k) => {
      const f = phi.get(k.response) ?? null;
      const poisson = (r1: number, r2: number) => (f === null ? null : Math.sqrt(f * (r1 / c.weeks + r2 / p.weeks)));
      return {
        ...k,
        calls: change(cat(current, k.id)?.calls ?? 0, cat(other, k.id)?.calls ?? 0, c, p, poisson, 0),
        officerHours: change(cat(current, k.id)?.officerHours ?? 0, cat(other, k.id)?.officerHours ?? 0, c, p, () => null, 2),
      };
    })
    .sort((a, b) => b.calls.current - a.calls.current || b.calls.comparison - a.calls.comparison || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const notes: string[] = [];
  if (c.days !== p.days) notes.push(`The periods have ${c.days} and ${p.days} days with data; compare the per-week rates rather than the totals.`);
  const periodDays = (a: Analysis) => (a.period as { days?: number | null } | undefined)?.days ?? null;
  for (const [name, a, s] of [['this period', current, c], [info.label, other, p]] as const) {
    const d = periodDays(a);
    if (d !== null && s.days < d) notes.push(`The export covers only ${s.days} of the ${d} days of ${name}.`);
  }
  if (c.complete.length < 2 || p.complete.length < 2) notes.push('Fewer than 2 complete weeks in a period: normal variation is not assessed.');
  return {
    basis: info.basis,
    label: info.label,
    file: info.file ?? null,
    period: info.period ?? null,
    days: { current: c.days, comparison: p.days },
    completeWeeks: { current: c.complete.length, comparison: p.complete.length },
    totals,
    byResponse,
    byCategory,
    notes,
  };
}
