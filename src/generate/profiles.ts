/**
 * The generator's shapes: when calls happen, where they come from, how they end, how many
 * units go and which beat they fall in. All synthetic, chosen to look like a mid-sized US
 * city's CAD export; docs/generate.md lists them.
 */
import type { DispositionProfile, SeasonProfile, SourceProfile, TimeProfile } from './calltypes.js';

/** Calls per simulated year (Durham's CAD: ~1M calls Oct 2017 – Oct 2020, RTI). */
export const CALLS_PER_YEAR = 330_000;

/** Relative call volume by local hour of day (0–23): quiet 03:00–06:00, peak late afternoon. */
const HOUR_VOLUME = [
  1.05, 0.9, 0.78, 0.6, 0.48, 0.42, 0.5, 0.72, 0.88, 0.98, 1.05, 1.1, 1.12, 1.15, 1.2, 1.28, 1.32, 1.35, 1.3, 1.25,
  1.22, 1.2, 1.18, 1.12,
];
/** Relative volume by day of week, Sunday first. */
const DAY_VOLUME = [0.92, 0.97, 0.98, 0.99, 1.0, 1.08, 1.06];
/** Relative volume by month, January first: summer peak, late-winter low. */
const MONTH_VOLUME = [0.92, 0.9, 0.97, 0.99, 1.04, 1.06, 1.08, 1.06, 1.01, 1.0, 0.96, 0.95];
const DAYS_IN_MONTH = [31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Friday and Saturday nights (21:00–03:59) are busier still. */
function isWeekendNight(dow: number, hour: number): boolean {
  return (hour >= 21 && (dow === 5 || dow === 6)) || (hour < 4 && (dow === 6 || dow === 0));
}

/** Volume factor per hour of week (index dow*24 + hour, Sunday 00:00 first), mean 1. */
export const HOUR_OF_WEEK_VOLUME: Float64Array = (() => {
  const out = new Float64Array(168);
  for (let d = 0; d < 7; d++)
    for (let h = 0; h < 24; h++) out[d * 24 + h] = HOUR_VOLUME[h] * DAY_VOLUME[d] * (isWeekendNight(d, h) ? 1.25 : 1);
  return normalise(out, () => 1);
})();

/** Volume factor per month (0–11), mean 1 over a year's days. */
export const MONTH_FACTOR: Float64Array = normalise(Float64Array.from(MONTH_VOLUME), (m) => DAYS_IN_MONTH[m]);

/** How a type's share moves with the hour of week (before normalisation). */
function timeShape(profile: TimeProfile, dow: number, hour: number): number {
  const weekend = dow === 0 || dow === 6;
  switch (profile) {
    case 'F':
      return 1;
    case 'D': // reports, follow-ups, civil matters: business hours, weekdays
      return (hour >= 8 && hour < 18 ? 1.7 : hour >= 6 && hour < 21 ? 1 : 0.3) * (weekend ? 0.7 : 1);
    case 'N': // noise, disturbances, intoxication, gunfire: evenings and nights, weekends
      return (hour >= 20 || hour < 3 ? 1.8 : hour >= 7 && hour < 15 ? 0.6 : 1) * (isWeekendNight(dow, hour) ? 1.3 : 1);
    case 'T': // traffic stops: when officers are free, evening and night shifts
      return hour >= 19 || hour < 2 ? 1.6 : hour >= 2 && hour < 6 ? 1.2 : hour >= 14 && hour < 18 ? 0.6 : 0.9;
    case 'P': // business and house checks, directed patrol: overnight
      return hour >= 22 || hour < 6 ? 2.2 : hour >= 9 && hour < 18 ? 0.6 : 1;
    case 'R': // crashes and hazards: commute peaks
      return ((hour >= 7 && hour < 9) || (hour >= 15 && hour < 19) ? 1.7 : hour < 6 ? 0.5 : 1) * (weekend ? 0.8 : 1);
    case 'A': // alarms: opening and closing times, overnight
      return hour >= 6 && hour < 9 ? 1.6 : hour >= 17 && hour < 20 ? 1.4 : hour < 5 ? 1.1 : 0.8;
  }
}

/** How a type's share moves with the month (0–11). */
function seasonShape(profile: SeasonProfile, month: number): number {
  switch (profile) {
    case 'F':
      return 1;
    case 'S':
      return [0.8, 0.8, 0.9, 1, 1.1, 1.2, 1.25, 1.2, 1.05, 0.95, 0.9, 0.85][month];
    case 'W':
      return [1.25, 1.2, 1.05, 0.95, 0.9, 0.85, 0.85, 0.85, 0.9, 1, 1.1, 1.2][month];
    case 'X':
      return [2, 0.3, 0.3, 0.4, 0.8, 2.5, 7, 1, 0.4, 0.4, 0.6, 1.5][month];
  }
}

/**
 * Share multipliers for a profile, normalised so the type keeps its configured share over a
 * year (weighted by when calls happen overall).
 */
export function timeMultipliers(profile: TimeProfile): Float64Array {
  const out = new Float64Array(168);
  for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) out[d * 24 + h] = timeShape(profile, d, h);
  return normalise(out, (i) => HOUR_OF_WEEK_VOLUME[i]);
}

export function seasonMultipliers(profile: SeasonProfile): Float64Array {
  const out = new Float64Array(12);
  for (let m = 0; m < 12; m++) out[m] = seasonShape(profile, m);
  return normalise(out, (m) => DAYS_IN_MONTH[m] * MONTH_FACTOR[m]);
}

function normalise(values: Float64Array, weight: (i: number) => number): Float64Array {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i] * weight(i);
    total += weight(i);
  }
  const mean = sum / total;
  for (let i = 0; i < values.length; i++) values[i] /= mean;
  return values;
}

export const SOURCES = ['911', 'PHONE', 'SELF-INITIATED', 'ALARM', 'WALK-IN', 'TEXT'] as const;

/** Source shares (in SOURCES order) for the citizen-initiated part of a type. */
export const SOURCE_MIX: Record<SourceProfile, number[]> = {
  S: [0, 0, 1, 0, 0, 0],
  E: [0.855, 0.1, 0, 0, 0.035, 0.01],
  G: [0.55, 0.4, 0, 0, 0.045, 0.005],
  R: [0.22, 0.58, 0, 0, 0.2, 0],
  A: [0, 0.08, 0, 0.92, 0, 0],
  H: [0.99, 0, 0, 0, 0, 0.01],
};

export const DISPOSITIONS = [
  'REPORT',
  'NO REPORT',
  'ARREST',
  'CITATION',
  'WARNING',
  'UNFOUNDED',
  'GONE ON ARRIVAL',
  'REFERRED',
  'CANCELLED',
] as const;

/** Outcome shares (in DISPOSITIONS order, without CANCELLED) for calls that were answered. */
export const DISPOSITION_MIX: Record<DispositionProfile, number[]> = {
  //   REP    NOREP  ARR    CIT    WARN   UNF    GOA    REF
  T: [0.02, 0.07, 0.03, 0.38, 0.5, 0, 0, 0],
  P: [0.02, 0.94, 0.01, 0, 0.03, 0, 0, 0],
  Q: [0.04, 0.62, 0.02, 0, 0.05, 0.03, 0.14, 0.1],
  S: [0.05, 0.5, 0.03, 0, 0.02, 0.15, 0.25, 0],
  A: [0.03, 0.38, 0, 0, 0, 0.56, 0.03, 0],
  R: [0.72, 0.18, 0.02, 0, 0, 0.03, 0, 0.05],
  V: [0.55, 0.1, 0.18, 0, 0, 0.05, 0.1, 0.02],
  D: [0.2, 0.45, 0.1, 0, 0.05, 0, 0.15, 0.05],
  H: [0.03, 0.7, 0, 0, 0, 0.22, 0.05, 0],
  C: [0.07, 0.74, 0.01, 0, 0.03, 0, 0, 0.15],
  M: [0.65, 0.2, 0.01, 0.09, 0, 0, 0.05, 0],
  W: [0.05, 0.25, 0.7, 0, 0, 0, 0, 0],
};

/** Time on scene relative to the type's median, by outcome (arrests and reports take longer). */
export const DISPOSITION_SCENE_FACTOR = [1.3, 0.9, 2.0, 0.9, 0.8, 0.6, 0.3, 1.1];

/** Units sent (1–4) by units profile. */
export const UNITS_MIX: Record<1 | 2 | 3, number[]> = {
  1: [0.74, 0.21, 0.04, 0.01],
  2: [0.22, 0.55, 0.16, 0.07],
  3: [0.06, 0.38, 0.34, 0.22],
};

/** Chance a citizen-initiated call of this priority (1–4) is cancelled before dispatch. */
export const CANCEL_RATE = [0, 0.005, 0.02, 0.05, 0.08];

/** Queue delay (received → dispatched) by priority: lognormal median, minutes, and sigma. */
export const QUEUE_MEDIAN_MINUTES = [0, 1.6, 4, 10, 22];
export const QUEUE_SIGMA = [0, 0.45, 0.7, 0.85, 0.75];

/** Travel (en route → on scene) by priority: lognormal median, minutes. */
export const TRAVEL_MEDIAN_MINUTES = [0, 4.5, 6, 7, 7.5];

/** Beats by district: sectors 1–3, a few beats each (codes like 111 … 535). */
const BEATS_PER_SECTOR = [
  [4, 3, 3],
  [4, 4, 2],
  [3, 3, 4],
  [4, 3, 3],
  [3, 3, 5],
];
export const BEATS: readonly string[] = BEATS_PER_SECTOR.flatMap((sectors, d) =>
  sectors.flatMap((n, s) => Array.from({ length: n }, (_, b) => `${d + 1}${s + 1}${b + 1}`)),
);
/** Downtown beats, where quality-of-life calls concentrate. */
export const DOWNTOWN_BEATS: readonly string[] = ['511', '512', '513', '521'];

/**
 * Fixed uneven beat volumes (the same for every seed: a city's geography does not change
 * with the seed), from 0.35× to ~2.6× the mean.
 */
export const BEAT_WEIGHTS: readonly number[] = BEATS.map((beat, i) => {
  const wobble = ((i * 37 + 11) % 23) / 22; // 0..1, scrambled order
  return 0.35 + 2.2 * wobble * wobble + (DOWNTOWN_BEATS.includes(beat) ? 0.8 : 0);
});
