import { readFile } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import type { Command } from 'commander';
import { analyze } from '../../analyze.js';
import { SCHEMA_VERSION, type Analysis } from '../../aggregate/analysis.js';
import { inputError, usageError } from '../../errors.js';
import { estimate, parseScenarioFlag } from '../../estimate/index.js';
import { resolveParameters } from '../../estimate/parameters.js';
import { stableJson } from '../../util/json.js';
import { addAnalysisOptions, analysisOptions, finishAnalysis, generatedAt, type AnalysisFlags } from '../analysis-options.js';
import { enforceGates } from '../gates.js';
import { resolveSettings, type Origin, type ResolvedSettings } from '../settings.js';
import { printPeriod, printWindows } from '../windows-print.js';
import { addInputOptions, inputPaths, outputFor, prepareInput, type InputFlags } from '../input-options.js';
import { printEstimate } from './estimate-print.js';

/** Flags of the parameters (estimate and report share them through addEstimateOptions). */
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

/** Officer-time flags (settings of every analysing command) → the parameters that print them. */
const OFFICER_TIME_FLAGS: [keyof EstimateFlags, string][] = [
  ['timeBasis', 'officerTimeBasis'],
  ['capMinutes', 'officerTimeCapMinutes'],
  ['fallbackMinutes', 'officerTimeFallbackMinutes'],
];

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

/** Every parameter set on the command line, officer-time flags included, as one override object. */
export function overridesFromFlags(flags: EstimateFlags): Record<string, unknown> {
  const overrides = parameterFlags(flags);
  for (const [flag, name] of OFFICER_TIME_FLAGS) if (flags[flag] !== undefined) overrides[name] = flags[flag];
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

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Standard input, if it holds an analysis JSON rather than a CSV: peeks at the first bytes and hands the rest on. */
async function peekStdin(): Promise<{ json: string | null; stream: Readable }> {
  const stdin = process.stdin;
  const first: Buffer | null = await new Promise((resolve, reject) => {
    const done = (chunk: Buffer | null) => {
      stdin.off('readable', onReadable).off('end', onEnd).off('error', reject);
      resolve(chunk);
    };
    const onReadable = () => {
      const chunk = stdin.read() as Buffer | null;
      if (chunk !== null) done(chunk);
    };
    const onEnd = () => done(null);
    stdin.on('readable', onReadable).once('end', onEnd).once('error', reject);
  });
  if (first && /^(\uFEFF)?\s*\{/.test(first.subarray(0, 64).toString('utf8'))) {
    return { json: Buffer.concat([first, await readAll(stdin)]).toString('utf8'), stream: stdin };
  }
  const rest = new PassThrough();
  if (first) rest.write(first);
  stdin.pipe(rest);
  return { json: null, stream: rest };
}

/** Parses an analysis JSON (from classify --json, estimate --json or merge) and checks it carries a Store. */
export function parseAnalysisJson(text: string, file: string): Analysis {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw inputError(`is not valid JSON (${(err as Error).message})`, { file }, 'Pass a CSV export, or the JSON written by classify --json or estimate --json');
  }
  const a = json as Partial<Analysis>;
  if (!a || typeof a !== 'object' || typeof a.schemaVersion !== 'number' || !a.store || !Array.isArray(a.store.types)) {
    throw inputError('is not an analysis JSON (no schemaVersion and store)', { file }, 'Pass a CSV export, or the JSON written by classify --json or estimate --json');
  }
  if (a.schemaVersion !== SCHEMA_VERSION) {
    throw inputError(`has analysis schema version ${a.schemaVersion}; this css-analyze reads version ${SCHEMA_VERSION}`, { file }, 'Re-run classify on the export with this version');
  }
  return a as Analysis;
}

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

export function registerEstimate(program: Command): void {
  const cmd = program
    .command('estimate')
    .summary('officer hours, savings scenarios with intervals, eligibility funnel and staffing, under stated assumptions')
    .description(
      'Estimates what diverting community- and civilian-level calls would free and save: annual calls diverted, officer hours freed, gross savings, alternative-responder cost and net savings under low, central and high scenarios (with bootstrap intervals over weeks), the eligibility funnel, alternative-response teams needed per hour of week (Erlang C) and police saturation (Rule of 60). Every parameter is printed with its value and source (docs/methodology.md). Reads a CSV export, or an analysis JSON from classify --json.',
    )
    .argument('[files...]', 'CSV export(s), .csv.gz, an analysis .json, or - for standard input');
  addEstimateOptions(addAnalysisOptions(addInputOptions(cmd)))
    .addHelpText(
      'after',
      `
Examples:
  css-analyze estimate calls.csv
  css-analyze estimate analysis.json --cost-per-officer-hour 72.50 --json > estimate.json
  css-analyze estimate calls.csv --service-hours "Mon-Sun 07:00-23:00" --officers-on-duty 14
  css-analyze estimate calls.csv --scenario "pilot:community=0.1,civilian=0,backup=0.02" --param costModel=per-hour`,
    )
    .action(async (files: string[], typed: EstimateFlags, command: Command) => {
      const settings = resolveSettings(command, { parameterFlags: parameterFlags(typed), usesParameters: true });
      const flags = settings.flags as unknown as EstimateFlags;
      const out = outputFor(flags);
      const { overrides, origins } = parametersFromSettings(settings);
      // Validate every parameter before reading a possibly large export.
      const officerTime = resolveParameters(overrides, origins).parameters;
      const paths = inputPaths(files);
      let analysis: Analysis;
      let stdin: Readable | undefined;
      let json: { text: string; file: string } | null = null;
      if (paths.length === 1 && /\.json$/i.test(paths[0])) {
        let text: string;
        try {
          text = await readFile(paths[0], 'utf8');
        } catch {
          throw inputError('cannot read the analysis file', { file: paths[0] });
        }
        json = { text, file: paths[0] };
      } else if (paths.length === 1 && paths[0] === '-') {
        const peeked = await peekStdin();
        if (peeked.json !== null) json = { text: peeked.json, file: '<stdin>' };
        else stdin = peeked.stream;
      }
      if (json) {
        const read = parseAnalysisJson(json.text, json.file);
        analysis = await finishAnalysis({ ...read, commandLine: ['css-analyze', ...process.argv.slice(2)], generatedAt: generatedAt(flags.timestamp, process.env) ?? read.generatedAt }, settings);
      } else {
        const input = await prepareInput(paths, flags);
        let ok = false;
        try {
          const base = analysisOptions(flags, 'estimate');
          const result = await analyze(input.paths, {
            ...input.load,
            ...(stdin ? { stdin } : {}),
            ...base,
            officerTime: {
              basis: officerTime.officerTimeBasis.value,
              capMinutes: officerTime.officerTimeCapMinutes.value,
              minSamples: officerTime.officerTimeMinSamples.value,
              fallbackMinutesPerUnit: officerTime.officerTimeFallbackMinutes.value,
            },
          });
          analysis = await finishAnalysis(result.analysis, settings);
          ok = true;
        } finally {
          await input.finish(ok);
        }
      }
      const result = estimate(analysis, null, overrides, origins);
      for (const w of result.warnings) out.warn(w);
      if (flags.json) out.out(stableJson(result));
      else {
        printPeriod(out, result);
        printEstimate(out, result);
        printWindows(out, result);
      }
      enforceGates(result, settings);
    });
}
