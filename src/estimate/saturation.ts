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
  /** Σ workload ÷ Σ available officer-hours over the week. */
  saturation: number;
  peak: number;
  peakHourOfWeek: number;
  hoursOverThreshold: number;
}

export interface Saturation {
  computed: boolean;
  note: string;
  threshold: number;
  basis: string;
  scenario: string | null;
  before: SaturationSide | null;
  after: SaturationSide | null;
  byHourOfWeek: { hourOfWeek: number; availableOfficerHours: number; workloadHours: number; freedHours: number; before: number; after: number }[];
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

function side(ratio: number[], workload: number[], available: number[], threshold: number): SaturationSide {
  const totalWork = workload.reduce((a, x) => a + x, 0);
  const totalAvail = available.reduce((a, x) => a + x, 0);
  let peakHourOfWeek = 0;
  ratio.forEach((r, h) => {
    if (r > ratio[peakHourOfWeek]) peakHourOfWeek = h;
  });
  return {
    saturation: round(totalAvail > 0 ? totalWork / totalAvail : 0, 4),
    peak: round(ratio[peakHourOfWeek], 4),
    peakHourOfWeek,
    hoursOverThreshold: ratio.filter((r) => r > threshold).length,
  };
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
  const ratio = (w: number[]) => w.map((x, h) => (available[h] > 0 ? x / available[h] : x > 0 ? Infinity : 0));
  const after = workload.map((w, h) => Math.max(0, w - freed[h]));
  const beforeRatio = ratio(workload);
  const afterRatio = ratio(after);
  const unseen = occurrences.filter((n) => n === 0).length;
  return {
    ...base,
    computed: true,
    note: `${p.officersOnDuty ? 'officers on duty as given' : `${p.patrolHoursPerWeek} patrol hours per week spread evenly`}; a call's whole workload counts in the hour it was received${unseen ? `; ${unseen} hours of the week do not occur in the data` : ''}`,
    scenario: scenario.name,
    before: side(beforeRatio, workload, available, p.saturationThreshold),
    after: side(afterRatio, after, available, p.saturationThreshold),
    byHourOfWeek: workload.map((w, h) => ({
      hourOfWeek: h,
      availableOfficerHours: round(available[h], 3),
      workloadHours: round(w, 3),
      freedHours: round(freed[h], 3),
      before: round(beforeRatio[h], 4),
      after: round(afterRatio[h], 4),
    })),
  };
}
