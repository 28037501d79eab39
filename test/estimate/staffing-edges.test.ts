import { describe, expect, it } from 'vitest';
import type { LevelLoad } from '../../src/estimate/scenarios.js';
import { staffingByHourOfWeek } from '../../src/estimate/staffing.js';

/*
 * The staffing section must never hold Infinity or NaN (JSON would write null where the
 * types say number): hours with no calls, hours of the week that never occurred, the
 * strictest target (every call within 0 minutes) and a near-zero handling time.
 */
const loads = (): LevelLoad[] => Array.from({ length: 168 }, () => ({ calls: 0, hours: 0 }));

function finiteEverywhere(x: unknown): boolean {
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) return x.every(finiteEverywhere);
  if (x && typeof x === 'object') return Object.values(x).every(finiteEverywhere);
  return true;
}

describe('staffingByHourOfWeek at its edges', () => {
  const byHour = { community: loads(), civilian: loads() };
  byHour.community[33] = { calls: 12, hours: 9 }; // Mon 09: 12 calls over 4 Mondays → 3 an hour
  byHour.civilian[34] = { calls: 1, hours: 0.5 };
  const occurrences = Array<number>(168).fill(4);
  occurrences[34] = 0; // an hour of the week the data never reached (its calls cannot be placed)

  it.each([
    ['the default target', 0.9, 15, 45],
    ['every call within 0 minutes', 1, 0, 45],
    ['a near-zero handling time', 0.9, 15, 1e-6],
  ])('%s: every figure finite, idle hours 0 teams at full service', (_, share, wait, handling) => {
    const st = staffingByHourOfWeek(byHour, occurrences, handling, 'test', share, wait);
    expect(finiteEverywhere(st)).toBe(true);
    expect(JSON.parse(JSON.stringify(st))).toEqual(st);
    expect(st.byHourOfWeek[0]).toMatchObject({ callsPerHour: 0, teams: 0, serviceLevel: 1 });
    expect(st.byHourOfWeek[34]).toMatchObject({ callsPerHour: 0, teams: 0, serviceLevel: 1 });
    expect(st.byHourOfWeek[33].teams).toBeGreaterThanOrEqual(1);
    expect(st.peakTeams).toBe(st.byHourOfWeek[33].teams);
  });

  it('is not computed (no division by a zero handling time) when no handling time is known', () => {
    const st = staffingByHourOfWeek(byHour, occurrences, null, 'none', 0.9, 15);
    expect(st).toMatchObject({ computed: false, peakTeams: 0, teamHoursPerWeek: 0, byHourOfWeek: [] });
    expect(staffingByHourOfWeek(byHour, occurrences, 0, 'zero', 0.9, 15).computed).toBe(false);
  });
});
