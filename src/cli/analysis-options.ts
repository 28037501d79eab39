import { Option, type Command } from 'commander';
import type { AnalyzeOptions } from '../analyze.js';
import type { Analysis } from '../aggregate/analysis.js';
import { readAnalysisFile } from '../aggregate/read-analysis.js';
import { parsePeriod, rangePeriod } from '../aggregate/period.js';
import { withSections } from '../aggregate/sections.js';
import { addFileComparison, type WindowOptions } from '../aggregate/windows.js';
import { usageError } from '../errors.js';
import { addSettingsOptions } from './input-options.js';
import type { RowThreshold } from './setting-defs.js';
import { settingsSection, type ResolvedSettings } from './settings.js';

/** Options of every command that classifies and measures (classify, estimate, report). */
export interface AnalysisFlags {
  taxonomy?: string;
  timeBasis?: 'dispatch' | 'arrive';
  capMinutes?: number;
  fallbackMinutes?: number;
  threads?: number;
  timestamp?: string;
  /** After resolveSettings: the parsed values below (flags, environment or config file). */
  period?: string;
  from?: string;
  to?: string;
  compare?: string[];
  programStart?: string;
  programHours?: string;
  programBeats?: string[];
  minCoverage?: number;
  maxRejected?: RowThreshold;
  maxImputed?: number;
}

function positive(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n > 0)) throw usageError(`${flag} must be a positive number, got "${value}"`);
    return n;
  };
}

export function addAnalysisOptions(cmd: Command): Command {
  addSettingsOptions(cmd)
    .option('--taxonomy <file|name>', "taxonomy file or built-in name (default: default, plus the preset's city map when the export matches a preset)")
    .addOption(new Option('--time-basis <basis>', 'officer time from dispatch or from arrival to clear').choices(['dispatch', 'arrive']))
    .option('--cap-minutes <n>', 'longest plausible minutes one unit spends on a call; longer is imputed (default 480)', positive('--cap-minutes'))
    .option('--fallback-minutes <n>', 'minutes per unit to assume when the export has no measurable times at all', positive('--fallback-minutes'))
    .option('--timestamp <iso>', 'record this time as the run time (default: SOURCE_DATE_EPOCH, else none, for byte-identical output)')
    .option('--threads <n>', 'threads to read a large file (32 MiB or more) with; the result is the same (default: 2 on a machine with four or more cores, else 1; 1: never split)')
    .option('--period <period>', 'analyse only calls received in this period, in agency local time: 2024, 2024-Q3, 2024-07 or 2024-07-04')
    .option('--from <date>', 'first day analysed, YYYY-MM-DD (included)')
    .option('--to <date>', 'last day analysed, YYYY-MM-DD (included)')
    .option('--compare <what>', 'compare with: previous (period), year-ago (same period a year earlier), or an earlier analysis JSON; comma-separated for several')
    .option('--program-start <date>', "compare eligible calls before and after a program's first day, YYYY-MM-DD")
    .option('--program-hours <hours>', 'the program\'s hours for the before/after comparison, e.g. "Mon-Fri 08:00-20:00"')
    .option('--program-beats <list>', 'the beats the program serves, e.g. 111,112');
  return addGateOptions(cmd);
}

/** The quality gates (exit 1 with a reason each); merge has these and no other analysis option. */
export function addGateOptions(cmd: Command): Command {
  return cmd
    .option('--min-coverage <share>', 'exit 1 when the share of calls classified is below this (e.g. 0.95 or 95%)')
    .option('--max-rejected <share|rows>', 'exit 1 when more rows were rejected than this share (2%) or number of rows (150)')
    .option('--max-imputed <share>', 'exit 1 when a larger share of calls had their officer time imputed (e.g. 10%)');
}

/** The period, comparison periods and program of a run, from resolved flags (undefined when none). */
export function windowOptions(flags: AnalysisFlags): WindowOptions | undefined {
  const period = flags.period ? parsePeriod(flags.period) : flags.from || flags.to ? rangePeriod(flags.from, flags.to) : undefined;
  const compare = (flags.compare ?? []).filter((c): c is 'previous' | 'year-ago' => c === 'previous' || c === 'year-ago');
  if ((flags.programHours || flags.programBeats) && !flags.programStart) {
    throw usageError('--program-hours and --program-beats need --program-start', 'Give the program\'s first day, e.g. --program-start 2024-06-01');
  }
  const program = flags.programStart ? { start: flags.programStart, hours: flags.programHours ?? null, beats: flags.programBeats ?? null } : undefined;
  if (!period && !compare.length && !program) return undefined;
  return { ...(period ? { period } : {}), ...(compare.length ? { compare } : {}), ...(program ? { program } : {}) };
}

/**
 * A saved analysis holds no per-call data, so it cannot be cut to a period again. Commands
 * that accept an analysis JSON call this first: such settings typed as flags are an error;
 * from the environment or the config file (shared with runs on the export) they are
 * ignored, and the returned warnings say so. Comparisons with files still apply.
 */
export function windowsOnSavedAnalysis(resolved: ResolvedSettings, file: string): string[] {
  const names = ['period', 'from', 'to', 'programStart', 'programHours', 'programBeats'];
  const warnings: string[] = [];
  const flags = resolved.flags as AnalysisFlags & Record<string, unknown>;
  for (const name of [...names, 'compare']) {
    const s = resolved.settings[name];
    if (!s || s.value === null || s.value === undefined) continue;
    const kept = name === 'compare' ? (s.value as string[]).filter((c) => c !== 'previous' && c !== 'year-ago') : [];
    if (name === 'compare' && kept.length === (s.value as string[]).length) continue;
    if (s.origin === 'flag') throw usageError(`${s.from} ${name === 'compare' ? 'previous/year-ago ' : ''}needs the CSV export, not a saved analysis (${file})`, 'Run it on the export; a saved analysis can be compared with --compare FILE');
    warnings.push(`${name} (from ${s.from}) is ignored: ${file} is a saved analysis, which cannot be cut to a period again`);
    flags[name] = name === 'compare' ? kept : undefined;
  }
  return warnings;
}


/**
 * Completes an analysis after the pass: comparisons with earlier analysis files (--compare
 * FILE) and the `settings` section (each setting's value and origin).
 */
export async function finishAnalysis(analysis: Analysis, resolved: ResolvedSettings): Promise<Analysis> {
  const flags = resolved.flags as AnalysisFlags;
  let a = analysis;
  for (const c of flags.compare ?? []) if (c !== 'previous' && c !== 'year-ago') a = addFileComparison(a, await readAnalysisFile(c), c);
  return withSections(a, { settings: settingsSection(resolved) });
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
    windows: windowOptions(flags),
    ...(flags.threads ? { threads: flags.threads } : {}),
    command,
    commandLine: ['css-analyze', ...process.argv.slice(2)],
    generatedAt: generatedAt(flags.timestamp, process.env),
  };
}
