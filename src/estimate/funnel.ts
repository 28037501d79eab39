import type { Analysis } from '../aggregate/analysis.js';
import { RESPONSE_INDEX, type Store } from '../aggregate/store.js';
import { cellHours } from './cells.js';
import type { ParameterValues } from './parameters.js';
import type { EligibleLoad, LevelLoad, ScenarioSpec } from './scenarios.js';
import { parseServiceHours } from './service-hours.js';

/**
 * The eligibility funnel: all calls → citizen-initiated → type-eligible (community or
 * civilian level) → priority screen → within service hours and area → within team
 * capacity → diverted. Works on the Store's eligibility cube (divertible calls by source,
 * priority, hour of week and beat), so it needs no re-reading of the export.
 */
export interface FunnelStep {
  step: 'all' | 'citizen' | 'type-eligible' | 'screened' | 'service-area' | 'capacity' | 'diverted';
  label: string;
  calls: number;
  /** Community- and civilian-level calls at this step (null before type eligibility). */
  community: number | null;
  civilian: number | null;
  shareOfAll: number;
  note: string;
}

export interface FunnelResult {
  steps: FunnelStep[];
  /** Eligible calls and hours after every step but the diversion share (whole period). */
  load: EligibleLoad;
  /** Eligible calls and hours by hour of week after the service-hours/area step, before capacity. */
  byHour: { community: LevelLoad[]; civilian: LevelLoad[] };
  /** Share of each hour-of-week's eligible calls within team capacity (1 when capacity is not limited). */
  capacityFactor: number[];
}

const LEADING_NUMBER = /^(?:P(?:RI(?:ORITY)?)?[\s-]*)?(\d+)(?!\d)/;

/** A priority test: exact text (trimmed, case-insensitive) or the same leading number ("P1", "1-EMERGENCY", "01"). */
export function priorityScreen(list: string[]): (priority: string) => boolean {
  const exact = new Set(list.map((p) => p.trim().toUpperCase()));
  const numbers = new Set(list.map((p) => LEADING_NUMBER.exec(p.trim().toUpperCase())).filter((m) => m).map((m) => String(Number(m![1]))));
  return (priority) => {
    const p = priority.trim().toUpperCase();
    if (!p) return false;
    if (exact.has(p)) return true;
    const m = LEADING_NUMBER.exec(p);
    return !!m && numbers.has(String(Number(m[1])));
  };
}

const emptyLoad = (): LevelLoad => ({ calls: 0, hours: 0 });

export function eligibilityFunnel(
  analysis: Analysis,
  store: Store,
  p: ParameterValues,
  imputedMinutes: number[],
  occurrences: number[],
  handlingMinutes: number | null,
  central: ScenarioSpec,
): FunnelResult {
  const includeUnknown = p.unknownSource === 'include';
  const screened = priorityScreen(p.screenPriorities);
  const open = p.serviceHours ? parseServiceHours(p.serviceHours) : null;
  const beats = p.serviceBeats ? new Set(p.serviceBeats.map((b) => b.trim().toUpperCase())) : null;
  const levels = { community: emptyLoad(), civilian: emptyLoad() };
  const afterType = { community: 0, civilian: 0 };
  const afterScreen = { community: 0, civilian: 0 };
  const byHour = { community: Array.from({ length: 168 }, emptyLoad), civilian: Array.from({ length: 168 }, emptyLoad) };
  const coResponse = emptyLoad();
  let screenedBlank = 0;
  for (const e of store.eligible.values()) {
    if (e.source === 'officer' || (e.source === 'unknown' && !includeUnknown)) continue;
    const inService = (!open || open[e.hourOfWeek]) && (!beats || beats.has(e.beat.trim().toUpperCase()));
    const hours = cellHours(e.cell, imputedMinutes[RESPONSE_INDEX[e.response]]);
    if (e.response === 'co-response') {
      // Police attend co-response calls anyway, so the priority screen does not apply.
      if (inService) {
        coResponse.calls += e.cell[0];
        coResponse.hours += hours;
      }
      continue;
    }
    if (e.response !== 'community' && e.response !== 'civilian') continue;
    const level = e.response;
    afterType[level] += e.cell[0];
    if (screened(e.priority)) continue;
    if (!e.priority.trim()) screenedBlank += e.cell[0];
    afterScreen[level] += e.cell[0];
    if (!inService) continue;
    byHour[level][e.hourOfWeek].calls += e.cell[0];
    byHour[level][e.hourOfWeek].hours += hours;
  }

  // Capacity: the most calls the teams could take in each hour of week, had they taken every eligible call.
  const capacityFactor = Array<number>(168).fill(1);
  if (p.teamsOnDuty !== null && handlingMinutes) {
    for (let h = 0; h < 168; h++) {
      const demand = byHour.community[h].calls + byHour.civilian[h].calls;
      const capacity = (p.teamsOnDuty * 60 * occurrences[h]) / handlingMinutes;
      if (demand > capacity) capacityFactor[h] = capacity / demand;
    }
  }
  const inService = { community: 0, civilian: 0 };
  for (const level of ['community', 'civilian'] as const) {
    for (let h = 0; h < 168; h++) {
      inService[level] += byHour[level][h].calls;
      levels[level].calls += byHour[level][h].calls * capacityFactor[h];
      levels[level].hours += byHour[level][h].hours * capacityFactor[h];
    }
  }

  const total = analysis.totals.calls;
  const share = (n: number) => (total > 0 ? n / total : 0);
  const step = (s: FunnelStep['step'], label: string, community: number | null, civilian: number | null, calls: number, note: string): FunnelStep => ({
    step: s,
    label,
    calls,
    community,
    civilian,
    shareOfAll: share(calls),
    note,
  });
  const citizen = analysis.totals.citizenCalls + (includeUnknown ? analysis.totals.unknownSourceCalls : 0);
  const diverted = { community: levels.community.calls * central.communityShare, civilian: levels.civilian.calls * central.civilianShare };
  const serviceNote = open || beats ? `service ${p.serviceHours ? `hours ${p.serviceHours}` : 'all hours'}${beats ? `, beats ${p.serviceBeats!.join(', ')}` : ''}` : 'no service hours or area set: all hours and beats';
  const steps: FunnelStep[] = [
    step('all', 'All calls', null, null, total, 'every call analysed'),
    step(
      'citizen',
      'Citizen-initiated',
      null,
      null,
      citizen,
      includeUnknown
        ? `${analysis.totals.unknownSourceCalls} calls of unknown source counted as citizen-initiated (unknownSource=include)`
        : 'calls of unknown source left out (unknownSource=exclude)',
    ),
    step('type-eligible', 'Type-eligible (community or civilian level)', afterType.community, afterType.civilian, afterType.community + afterType.civilian, 'call types the taxonomy places at community or civilian level'),
    step(
      'screened',
      'Passed the priority screen',
      afterScreen.community,
      afterScreen.civilian,
      afterScreen.community + afterScreen.civilian,
      `priorities ${p.screenPriorities.join(', ')} stay with police; priority-only screen (no weapon/violence flags in the data)${screenedBlank ? `; ${screenedBlank} calls with no priority pass` : ''}`,
    ),
    step('service-area', 'Within service hours and area', inService.community, inService.civilian, inService.community + inService.civilian, serviceNote),
    step(
      'capacity',
      'Within team capacity',
      levels.community.calls,
      levels.civilian.calls,
      levels.community.calls + levels.civilian.calls,
      p.teamsOnDuty === null ? 'teamsOnDuty not set: capacity not limited (see staffing for the teams needed)' : `${p.teamsOnDuty} team(s) on duty, ${handlingMinutes ? `${handlingMinutes.toFixed(1)} min per call` : 'handling time unknown: not limited'}`,
    ),
    step(
      'diverted',
      `Diverted (${central.name} scenario)`,
      diverted.community,
      diverted.civilian,
      diverted.community + diverted.civilian,
      `community × ${central.communityShare}, civilian × ${central.civilianShare}; whole period, not annualised`,
    ),
  ];
  return { steps, load: { community: levels.community, civilian: levels.civilian, coResponse }, byHour, capacityFactor };
}
