import { WEEKDAYS } from './cells.js';
import type { LevelLoad } from './scenarios.js';

/**
 * Erlang C (the M/M/c queue: Poisson arrivals, exponential handling times, c teams, no
 * abandonment) and the alternative-response staffing it implies per hour of week.
 */

/**
 * Probability that a call must wait for a team: Erlang C for `servers` teams and
 * `traffic` erlangs (arrivals per unit time × mean handling time). 1 when traffic ≥ servers.
 * Computed through the Erlang B recursion, which is stable for large loads:
 * B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)); C = c·B / (c − A·(1 − B)).
 */
export function erlangC(servers: number, traffic: number): number {
  if (traffic <= 0) return 0;
  if (servers <= traffic) return 1;
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (traffic * b) / (k + traffic * b);
  return (servers * b) / (servers - traffic * (1 - b));
}

/** Mean wait for a team (same time unit as `handling`): C · h / (c − A). Infinite when traffic ≥ servers. */
export function averageWait(servers: number, traffic: number, handling: number): number {
  if (servers <= traffic) return Infinity;
  return (erlangC(servers, traffic) * handling) / (servers - traffic);
}

/** Share of calls reached within `wait` (same unit as `handling`): 1 − C · e^(−(c − A)·wait / h). */
export function serviceLevel(servers: number, traffic: number, wait: number, handling: number): number {
  if (traffic <= 0) return 1;
  if (servers <= traffic) return 0;
  return 1 - erlangC(servers, traffic) * Math.exp((-(servers - traffic) * wait) / handling);
}

/** Fewest teams that reach `targetShare` of calls within `targetWait` minutes; 0 when nothing arrives. */
export function teamsNeeded(callsPerHour: number, handlingMinutes: number, targetShare: number, targetWaitMinutes: number): number {
  if (callsPerHour <= 0) return 0;
  const traffic = (callsPerHour * handlingMinutes) / 60;
  let c = Math.max(1, Math.floor(traffic) + 1);
  while (serviceLevel(c, traffic, targetWaitMinutes, handlingMinutes) < targetShare && c < 100_000) c++;
  return c;
}

export interface StaffingHour {
  hourOfWeek: number;
  day: string;
  hour: number;
  /** Mean eligible calls arriving in this hour of the week. */
  callsPerHour: number;
  teams: number;
  /** Share reached within the target wait with that many teams. */
  serviceLevel: number;
}

export interface Staffing {
  computed: boolean;
  note: string;
  method: string;
  basis: string;
  handlingMinutes: number | null;
  handlingSource: string;
  targetAnswerShare: number;
  targetWaitMinutes: number;
  peakTeams: number;
  /** Σ teams over the 168 hours: team-hours to schedule per week. */
  teamHoursPerWeek: number;
  byHourOfWeek: StaffingHour[];
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Teams needed per hour of week: arrival rate = eligible calls in that hour-of-week cell ÷
 * how often that hour occurred; handling time = `handlingMinutes`; target = share answered
 * within the wait. The load is every eligible call (after screens, service hours and area)
 * — the teams needed if all of them were sent to a team.
 */
export function staffingByHourOfWeek(
  byHour: { community: LevelLoad[]; civilian: LevelLoad[] },
  occurrences: number[],
  handlingMinutes: number | null,
  handlingSource: string,
  targetShare: number,
  targetWaitMinutes: number,
): Staffing {
  const base = {
    method: 'Erlang C (M/M/c queue) per hour of week',
    basis: 'every eligible call after the priority screen and service hours/area, as if all were sent to a team',
    handlingMinutes: handlingMinutes === null ? null : round(handlingMinutes, 1),
    handlingSource,
    targetAnswerShare: targetShare,
    targetWaitMinutes,
  };
  if (!handlingMinutes) {
    return { ...base, computed: false, note: 'no measured handling time for the eligible call types: set teamHandlingMinutes', peakTeams: 0, teamHoursPerWeek: 0, byHourOfWeek: [] };
  }
  const byHourOfWeek = Array.from({ length: 168 }, (_, h): StaffingHour => {
    const calls = byHour.community[h].calls + byHour.civilian[h].calls;
    const rate = occurrences[h] ? calls / occurrences[h] : 0;
    const teams = teamsNeeded(rate, handlingMinutes, targetShare, targetWaitMinutes);
    const sl = rate > 0 ? serviceLevel(teams, (rate * handlingMinutes) / 60, targetWaitMinutes, handlingMinutes) : 1;
    return { hourOfWeek: h, day: WEEKDAYS[Math.floor(h / 24)], hour: h % 24, callsPerHour: round(rate, 3), teams, serviceLevel: round(sl, 4) };
  });
  const unseen = occurrences.filter((n) => n === 0).length;
  return {
    ...base,
    computed: true,
    note: unseen ? `${unseen} hours of the week do not occur in the data (coverage under a week): they show 0 teams` : '',
    peakTeams: Math.max(...byHourOfWeek.map((x) => x.teams)),
    teamHoursPerWeek: byHourOfWeek.reduce((a, x) => a + x.teams, 0),
    byHourOfWeek,
  };
}
