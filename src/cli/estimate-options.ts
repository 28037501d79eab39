import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { parseScenarioFlag } from '../estimate/index.js';
import type { AnalysisFlags } from './analysis-options.js';
import type { InputFlags } from './input-options.js';
import type { Origin, ResolvedSettings } from './settings.js';

/**
 * The estimate's parameter flags, shared by every command that estimates (estimate and
 * report), so both accept exactly the same ones with the same wording.
 */
export interface EstimateFlags extends InputFlags, AnalysisFlags {
  costPerCall?: string;
  costPerOfficerHour?: string;
  altCostPerCall?: string;
  costModel?: string;
  scenario: string[];
  serviceHours?: string;
  serviceBeats?: string;
  screenPriorities?: string;
  teamsOnDuty?: string;
  teamHandlingMinutes?: string;
  targetAnswerShare?: string;
  targetWaitMinutes?: string;
  officersOnDuty?: string;
  patrolHoursPerWeek?: string;
  param: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Flag → parameter name, for the flags that set one parameter each. */
const FLAG_PARAMETERS: [keyof EstimateFlags, string][] = [
  ['costPerCall', 'costPerCall'],
  ['costPerOfficerHour', 'costPerOfficerHour'],
  ['altCostPerCall', 'altCostPerCall'],
  ['costModel', 'costModel'],
  ['serviceHours', 'serviceHours'],
  ['serviceBeats', 'serviceBeats'],
  ['screenPriorities', 'screenPriorities'],
  ['teamsOnDuty', 'teamsOnDuty'],
  ['teamHandlingMinutes', 'teamHandlingMinutes'],
  ['targetAnswerShare', 'targetAnswerShare'],
  ['targetWaitMinutes', 'targetWaitMinutes'],
  ['officersOnDuty', 'officersOnDuty'],
  ['patrolHoursPerWeek', 'patrolHoursPerWeek'],
];

/** Officer-time settings (of every analysing command) → the parameters that print them. */
const OFFICER_TIME_FLAGS: [keyof EstimateFlags, string][] = [
  ['timeBasis', 'officerTimeBasis'],
  ['capMinutes', 'officerTimeCapMinutes'],
  ['fallbackMinutes', 'officerTimeFallbackMinutes'],
];

/** The parameter flags (one per main parameter, --scenario and --param), for every command that estimates. */
export function addEstimateOptions(cmd: Command): Command {
  return cmd
    .option('--cost-per-call <usd>', 'cost of one police response to a call (default 800, Eugene PD)')
    .option('--cost-per-officer-hour <usd>', 'employer cost of one officer-hour (default 61.37, BLS wage × benefits)')
    .option('--alt-cost-per-call <usd>', 'cost of one alternative-response call (default 87.50, CAHOOTS)')
    .option('--cost-model <model>', 'per-call (calls × cost per call) or per-hour (officer hours freed × hourly cost); both are shown (default per-call)')
    .option('--scenario <name:field=value,…>', 'add or change a scenario, e.g. "pilot:community=0.1,backup=0.02,counterfactual=budget" (repeatable)', collect, [])
    .option('--service-hours <ranges>', 'alternative responder\'s hours, e.g. "Mon-Sun 07:00-23:00" (default all hours)')
    .option('--service-beats <list>', 'beats the alternative responder serves, comma-separated (default all)')
    .option('--screen-priorities <list>', 'priorities kept with police (default 0,1)')
    .option('--teams-on-duty <n>', 'alternative-response teams on duty per service hour (default: capacity not limited)')
    .option('--team-handling-minutes <n>', 'minutes a team spends per call (default: measured police unit time)')
    .option('--target-answer-share <share>', 'staffing target: share of calls reached within the wait (default 0.9)')
    .option('--target-wait-minutes <n>', 'staffing target wait (default 15)')
    .option('--officers-on-duty <n|list>', 'patrol officers on duty: one number, or 24 (by hour) or 168 (by hour of week) comma-separated')
    .option('--patrol-hours-per-week <n>', 'total patrol officer-hours per week (alternative to --officers-on-duty)')
    .option('--param <name=value>', 'set any parameter by name (repeatable); see the parameter list in the output', collect, []);
}

/** The parameters typed on the command line: `--param` first, then the dedicated flags, and `--scenario`. */
export function parameterFlags(flags: EstimateFlags): Record<string, unknown> {
  // No prototype: `--param __proto__=1` must reach the unknown-parameter check, not be swallowed.
  const overrides: Record<string, unknown> = Object.create(null);
  for (const pair of flags.param ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw usageError(`--param needs name=value, got "${pair}"`, 'e.g. --param costPerOfficerHour=72.5 (parameters are listed in the output and docs/methodology.md)');
    overrides[pair.slice(0, at).trim()] = pair.slice(at + 1);
  }
  for (const [flag, name] of FLAG_PARAMETERS) if (flags[flag] !== undefined) overrides[name] = flags[flag];
  if (flags.scenario?.length) overrides.scenarios = flags.scenario.map(parseScenarioFlag);
  return overrides;
}

const RANK: Record<Origin, number> = { default: 0, config: 1, env: 2, flag: 3 };

/**
 * The estimate's overrides and who set each, from the settings layer: parameters from the
 * config file, CSS_ANALYZE_PARAM_* and the command line, plus the officer-time settings
 * (--time-basis, --cap-minutes, --fallback-minutes or their config/environment forms),
 * the higher layer winning when both name the same parameter.
 */
export function parametersFromSettings(settings: ResolvedSettings): { overrides: Record<string, unknown>; origins: Record<string, Origin> } {
  const overrides: Record<string, unknown> = { ...settings.parameters.values };
  const origins: Record<string, Origin> = { ...settings.parameters.origins };
  for (const [flag, name] of OFFICER_TIME_FLAGS) {
    const s = settings.settings[flag];
    if (!s || s.origin === 'default' || s.value === null || s.value === undefined) continue;
    if (origins[name] && RANK[origins[name]] > RANK[s.origin]) continue;
    overrides[name] = s.value;
    origins[name] = s.origin;
  }
  return { overrides, origins };
}
