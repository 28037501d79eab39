import { Option, type Command } from 'commander';
import type { AnalyzeOptions } from '../analyze.js';
import { usageError } from '../errors.js';

/** Options of every command that classifies and measures (classify, estimate, report). */
export interface AnalysisFlags {
  taxonomy?: string;
  timeBasis?: 'dispatch' | 'arrive';
  capMinutes?: number;
  fallbackMinutes?: number;
  timestamp?: string;
}

function positive(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n > 0)) throw usageError(`${flag} must be a positive number, got "${value}"`);
    return n;
  };
}

export function addAnalysisOptions(cmd: Command): Command {
  return cmd
    .option('--taxonomy <file|name>', 'taxonomy file or built-in name (default: default + the preset\'s city map)')
    .addOption(new Option('--time-basis <basis>', 'officer time from dispatch or from arrival to clear').choices(['dispatch', 'arrive']))
    .option('--cap-minutes <n>', 'longest plausible minutes one unit spends on a call; longer is imputed (default 480)', positive('--cap-minutes'))
    .option('--fallback-minutes <n>', 'minutes per unit to assume when the export has no measurable times at all', positive('--fallback-minutes'))
    .option('--timestamp <iso>', 'record this time as the run time (default: SOURCE_DATE_EPOCH, else none, for byte-identical output)');
}

/** The run time recorded in outputs: --timestamp, else SOURCE_DATE_EPOCH, else none (deterministic). */
export function generatedAt(flag: string | undefined, env: NodeJS.ProcessEnv): string | null {
  if (flag) {
    const t = Date.parse(flag);
    if (Number.isNaN(t)) throw usageError(`--timestamp must be an ISO 8601 date-time, got "${flag}"`);
    return new Date(t).toISOString();
  }
  if (env.SOURCE_DATE_EPOCH && /^\d+$/.test(env.SOURCE_DATE_EPOCH)) return new Date(Number(env.SOURCE_DATE_EPOCH) * 1000).toISOString();
  return null;
}

export function analysisOptions(flags: AnalysisFlags, command: string): Partial<AnalyzeOptions> {
  return {
    taxonomy: flags.taxonomy,
    officerTime: {
      ...(flags.timeBasis ? { basis: flags.timeBasis } : {}),
      ...(flags.capMinutes ? { capMinutes: flags.capMinutes } : {}),
      ...(flags.fallbackMinutes ? { fallbackMinutesPerUnit: flags.fallbackMinutes } : {}),
    },
    command,
    commandLine: ['css-analyze', ...process.argv.slice(2)],
    generatedAt: generatedAt(flags.timestamp, process.env),
  };
}
