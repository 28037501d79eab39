import { RESPONSES, type Store } from '../aggregate/store.js';
import { cellHours } from './cells.js';
import type { ParameterValues } from './parameters.js';
import type { LevelLoad, ScenarioSpec } from './scenarios.js';

/**
 * Police saturation (CPSM's "Rule of 60"): the share of available patrol officer-hours
 * spent on calls for service, per hour of week, before and after diversion. Needs a
 * staffing input (officers on duty, or patrol hours per week); without one it is not
 * computed.
 */
export interface SaturationSide {
  /** Σ workload ÷ Σ available officer-hours over the week (the workload of unstaffed hours included). */
  saturation: number;
  /** Highest hourly ratio among the hours with officers on duty. */
  peak: number;
  /** The hour of `peak`: always an hour with officers on duty. */
  peakHourOfWeek: number;
  /** Hours of the week above the threshold, unstaffed hours with calls included (they are saturated). */
  hoursOverThreshold: number;
  /** Hours of the week with workload but no officer on duty: their hourly ratio is null. */
  unstaffedHoursWithCalls: number;
}

/** One hour of the week; `before`/`after` are null when the hour has workload but no officer on duty. */
export interface SaturationHour {
  hourOfWeek: number;
  availableOfficerHours: number;
  workloadHours: number;
  freedHours: number;
  before: number | null;
  after: number | null;
}

export interface Saturation {
  computed: boolean;
  note: string;
  threshold: number;
  basis: string;
  scenario: string | null;
  before: SaturationSide | null;
  after: SaturationSide | null;
  byHourOfWeek: SaturationHour[];
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

function availableByHour(p: ParameterValues): number[] | null {
  if (p.officersOnDuty) {
    const o = p.officersOnDuty;
    return Array.from({ length: 168 }, (_, h) => (o.length === 1 ? o[0] : o.length === 24 ? o[h % 24] : o[h]));
  }
  if (p.patrolHoursPerWeek) return Array<number>(168).fill(p.patrolHoursPerWeek / 168);
  return null;
}

/**
 * Workload below this (officer-hours per hour) is floating-point residue of subtracting the
 * freed hours, not calls: without it an unstaffed hour emptied by diversion would read as unbounded.
 */
const NO_WORK = 1e-9;

/**
 * Workload ÷ available officer-hours; null for an hour with workload but no officer on duty
 * (the ratio is unbounded — JSON has no infinity), 0 for an hour with neither.
 */
function hourRatio(work: number, available: number): number | null {
  if (available > 0) return work / available;
  return work > NO_WORK ? null : 0;
}

/** `available` has at least one staffed hour (checked by the caller), so the peak always exists. */
function side(workload: number[], available: number[], threshold: number): { side: SaturationSide; ratio: (number | null)[] } {
  const ratio = workload.map((w, h) => hourRatio(w, available[h]));
  const totalWork = workload.reduce((a, x) => a + x, 0);
  const totalAvail = available.reduce((a, x) => a + x, 0);
  // The peak is over staffed hours only: an unstaffed hour has no ratio to compare.
  let peakHourOfWeek = available.findIndex((a) => a > 0);
  let peak = workload[peakHourOfWeek] / available[peakHourOfWeek];
  available.forEach((a, h) => {
    if (a > 0 && workload[h] / a > peak) [peakHourOfWeek, peak] = [h, workload[h] / a];
  });
  return {
    ratio,
    side: {
      saturation: round(totalWork / totalAvail, 4),
      peak: round(peak, 4),
      peakHourOfWeek,
      hoursOverThreshold: ratio.filter((r) => r === null || r > threshold).length,
      unstaffedHoursWithCalls: ratio.filter((r) => r === null).length,
    },
  };
}

function unstaffedNote(before: number, after: number): string {
  if (!before) return '';
  const hours = before === 1 ? '1 hour of the week has' : `${before} hours of the week have`;
  const later = after === before ? '' : ` (${after} after diversion)`;
  return `; ${hours} calls but no officers on duty${later}: ${before === 1 ? 'its' : 'their'} hourly ratio is null (unbounded), left out of the peak and counted as over the threshold`;
}

export function policeSaturation(
  store: Store,
  p: ParameterValues,
  imputedMinutes: number[],
  occurrences: number[],
  byHour: { community: LevelLoad[]; civilian: LevelLoad[] },
  capacityFactor: number[],
  scenario: ScenarioSpec,
): Saturation {
  const base = {
    threshold: p.saturationThreshold,
    basis:
      'workload = officer hours of every call in the export (all response levels, including officer-initiated), placed in the hour of week the call was received, ÷ how often that hour occurred',
  };
  const available = availableByHour(p);
  if (!available) {
    return { ...base, computed: false, note: 'no staffing input: set officersOnDuty (--officers-on-duty) or patrolHoursPerWeek', scenario: null, before: null, after: null, byHourOfWeek: [] };
  }
  if (available.every((a) => a === 0)) {
    return { ...base, computed: false, note: `officersOnDuty is 0 in every hour of the week (${p.officersOnDuty?.length === 1 ? '"0"' : `${p.officersOnDuty?.length} values, all 0`}): there is no patrol time to set the workload against; set the officers on duty (--officers-on-duty)`, scenario: null, before: null, after: null, byHourOfWeek: [] };
  }
  const workload = Array.from({ length: 168 }, (_, h) => {
    if (!occurrences[h]) return 0;
    let hours = 0;
    RESPONSES.forEach((_, r) => (hours += cellHours(store.hourOfWeek[r][h], imputedMinutes[r])));
    return hours / occurrences[h];
  });
  const freed = Array.from({ length: 168 }, (_, h) => {
    if (!occurrences[h]) return 0;
    const hours = (byHour.community[h].hours * scenario.communityShare + byHour.civilian[h].hours * scenario.civilianShare) * capacityFactor[h] * (1 - scenario.backupRate);
    return hours / occurrences[h];
  });
  const after = workload.map((w, h) => (w - freed[h] > NO_WORK ? w - freed[h] : 0));
  const before = side(workload, available, p.saturationThreshold);
  const afterSide = side(after, available, p.saturationThreshold);
  const unseen = occurrences.filter((n) => n === 0).length;
  const ratio = (r: number | null) => (r === null ? null : round(r, 4));
  return {
    ...base,
    computed: true,
    note: `${p.officersOnDuty ? 'officers on duty as given' : `${p.patrolHoursPerWeek} patrol hours per week spread evenly`}; a call's whole workload counts in the hour it was received${unseen ? `; ${unseen} hours of the week do not occur in the data` : ''}${unstaffedNote(before.side.unstaffedHoursWithCalls, afterSide.side.unstaffedHoursWithCalls)}`,
    scenario: scenario.name,
    before: before.side,
    after: afterSide.side,
    byHourOfWeek: workload.map((w, h) => ({
      hourOfWeek: h,
      availableOfficerHours: round(available[h], 3),
      workloadHours: round(w, 3),
      freedHours: round(freed[h], 3),
      before: ratio(before.ratio[h]),
      after: ratio(afterSide.ratio[h]),
    })),
  };
}
