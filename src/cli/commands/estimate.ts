import type { Command } from 'commander';
import { estimate } from '../../estimate/index.js';
import { resolveParameters } from '../../estimate/parameters.js';
import { addAnalysisOptions } from '../analysis-options.js';
import { loadAnalysis } from '../analysis-input.js';
import { addEstimateOptions, parameterFlags, parametersFromSettings, type EstimateFlags } from '../estimate-options.js';
import { enforceGates } from '../gates.js';
import { resolveSettings } from '../settings.js';
import { printPeriod, printWindows } from '../windows-print.js';
import { addInputOptions, inputPaths, outputFor } from '../input-options.js';
import { printEstimate } from './estimate-print.js';

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
      const { analysis, officerTimeOrigins } = await loadAnalysis(inputPaths(files), settings, { command: 'estimate', out, officerTime });
      const result = estimate(analysis, null, overrides, origins, { officerTimeOrigins });
      for (const w of result.warnings) out.warn(w);
      if (flags.json) out.json(result);
      else {
        printPeriod(out, result);
        printEstimate(out, result);
        printWindows(out, result);
      }
      enforceGates(result, settings);
    });
}
