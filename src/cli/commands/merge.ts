import { Command } from 'commander';
import type { Analysis } from '../../aggregate/analysis.js';
import { mergeAnalyses, type MergeInput } from '../../aggregate/merge.js';
import { readAnalysisFile } from '../../aggregate/read-analysis.js';
import { withSections } from '../../aggregate/sections.js';
import { inputError, usageError } from '../../errors.js';
import { assertNotInput, writeFileAtomic } from '../../util/atomic-write.js';
import { stableJsonBytes } from '../../util/json.js';
import { addGateOptions, generatedAt, type AnalysisFlags } from '../analysis-options.js';
import { enforceGates } from '../gates.js';
import { addCommonOptions, addSettingsOptions, outputFor, type InputFlags } from '../input-options.js';
import { formatInt, formatNumber } from '../output.js';
import { resolveSettings, settingsSection } from '../settings.js';

interface MergeFlags extends InputFlags, Pick<AnalysisFlags, 'minCoverage' | 'maxRejected' | 'maxImputed'> {
  out?: string;
  timestamp?: string;
}


/** Sections the estimate adds (issue 4's JSON contract): their presence means the inputs were estimated. */
const ESTIMATE_SECTIONS = ['parameters', 'scenarios', 'funnel', 'staffing'];

async function readAnalysis(path: string): Promise<MergeInput> {
  return { file: path, analysis: await readAnalysisFile(path) };
}

/**
 * Re-runs the estimate on a merged analysis when the inputs carried estimate sections.
 * The estimate module provides `reestimate(merged, inputs)`; it is looked up at run time
 * so merge works (for classify outputs) before and without it.
 */
interface EstimateModule {
  reestimate?: (merged: Analysis, inputs: Analysis[]) => Analysis | Promise<Analysis>;
  estimate?: (analysis: Analysis, store: null, overrides: Record<string, unknown>, origin: Record<string, string>) => Analysis;
}

type ParameterSection = Record<string, { value: unknown; origin?: string }>;

async function reestimate(merged: Analysis, inputs: MergeInput[]): Promise<Analysis> {
  const estimated = inputs.filter((i) => ESTIMATE_SECTIONS.some((k) => Object.hasOwn(i.analysis, k)));
  if (!estimated.length) return merged;
  const specifier = new URL('../../estimate/index.js', import.meta.url).href;
  const mod = (await import(specifier).catch(() => null)) as EstimateModule | null;
  if (typeof mod?.reestimate === 'function') return mod.reestimate(merged, inputs.map((i) => i.analysis));
  if (typeof mod?.estimate !== 'function') {
    throw inputError('the inputs hold estimate sections, which this build cannot re-derive for the merge', {}, 'Merge the classify --json outputs, then run estimate on the merged analysis');
  }
  // The estimate is re-run with the parameters the inputs were estimated with, which must agree.
  const params = (i: MergeInput) => (i.analysis.parameters ?? {}) as ParameterSection;
  const values = (i: MergeInput) => JSON.stringify(Object.entries(params(i)).map(([k, v]) => [k, v.value]));
  const differing = estimated.find((i) => values(i) !== values(estimated[0]));
  if (differing) {
    throw inputError(`cannot merge ${estimated[0].file} with ${differing.file}: they were estimated with different parameters`, {}, 'Merge the classify --json outputs, then run estimate once on the merged analysis');
  }
  const overrides: Record<string, unknown> = {};
  const origins: Record<string, string> = {};
  for (const [name, p] of Object.entries(params(estimated[0]))) {
    if (p.origin && p.origin !== 'default') {
      overrides[name] = p.value;
      origins[name] = p.origin;
    }
  }
  return mod.estimate(merged, null, overrides, origins);
}

export function registerMerge(program: Command): void {
  const cmd = program
    .command('merge')
    .summary('combine analyses of shards (agencies, years, files) into one, exactly')
    .description(
      'Merges analysis JSON files (from classify --json, estimate --json or report\'s analysis.json) of parts of one export — agencies, years, files — into the analysis of the whole: counts and officer time add, and medians are recomputed from the merged duration histograms, not averaged. Analyses with different taxonomies, schema versions or officer-time definitions are refused.',
    )
    .argument('<files...>', 'analysis JSON files to merge');
  // The settings merge reads are the quality gates, checked on the merged whole (a CI job
  // that merges shards checks the combined coverage, not each shard's). The other settings
  // shape how an export is read or cut, which a saved analysis no longer allows.
  addGateOptions(addSettingsOptions(addCommonOptions(cmd)))
    .option('-o, --out <file>', 'write the merged analysis JSON here (default: standard output)')
    .option('--timestamp <iso>', 'record this time as the run time (default: SOURCE_DATE_EPOCH, else none)')
    .addHelpText(
      'after',
      `
Examples:
  css-analyze classify calls-2023.csv --json > 2023.json
  css-analyze classify calls-2024.csv --json > 2024.json
  css-analyze merge 2023.json 2024.json --out all.json
  css-analyze merge 2023.json 2024.json --out all.json --min-coverage 95% --verbose
  css-analyze report all.json --out report`,
    )
    .action(async (files: string[], _typed: MergeFlags, command: Command) => {
      const settings = resolveSettings(command);
      const flags = settings.flags as unknown as MergeFlags;
      const out = outputFor(flags);
      if (files.length < 2) throw usageError('merge needs at least two analysis files', 'css-analyze merge a.json b.json --out all.json');
      if (flags.out) assertNotInput(flags.out, files);
      const inputs: MergeInput[] = [];
      for (const f of files) inputs.push(await readAnalysis(f));
      // Settings go in before the estimate sections, where every other command puts them (docs/analysis-schema.md).
      const base = withSections(mergeAnalyses(inputs, { commandLine: ['css-analyze', ...process.argv.slice(2)], generatedAt: generatedAt(flags.timestamp, process.env) }), {
        settings: settingsSection(settings),
      });
      const merged: Analysis = { ...(await reestimate(base, inputs)), command: 'merge' };
      for (const w of merged.warnings) out.warn(w);
      if (flags.out) {
        await writeFileAtomic(flags.out, stableJsonBytes(merged));
        out.note(`merged ${files.length} analyses: ${formatInt(merged.totals.calls)} calls, ${formatNumber(merged.totals.officerHours)} officer hours → ${flags.out}`);
      }
      if (!flags.out || flags.json) out.json(merged);
      // After the output is written, so a failing check still leaves the merged analysis to look at.
      enforceGates(merged, settings);
    });
}
