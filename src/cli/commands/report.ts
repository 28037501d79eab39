import type { Command } from 'commander';
import type { Analysis } from '../../aggregate/analysis.js';
import { usageError } from '../../errors.js';
import { estimate } from '../../estimate/index.js';
import { resolveParameters } from '../../estimate/parameters.js';
import { hasEstimate, inProcessRenderer, prefetchCharts, renderReport, REPORT_FORMATS, startChartRenderer, type ChartRenderer, type ReportFormat } from '../../report/index.js';
import { assertNotInput } from '../../util/atomic-write.js';
import { assertDirNotInput, checkReplaceable, writeDirAtomic } from '../../util/atomic-dir.js';
import { addAnalysisOptions } from '../analysis-options.js';
import { loadAnalysis } from '../analysis-input.js';
import { addEstimateOptions, parameterFlags, parametersFromSettings, type EstimateFlags } from '../estimate-options.js';
import { enforceGates } from '../gates.js';
import { addInputOptions, inputPaths, outputFor } from '../input-options.js';
import { resolveSettings, type Origin, type ResolvedSettings } from '../settings.js';
import { printReportSummary } from './report-print.js';

interface ReportFlags extends EstimateFlags {
  out?: string;
  format: ReportFormat[];
}

/** What an existing --out directory may hold for report to replace it (what report writes). */
const REPORT_ENTRIES = ['report.md', 'report.html', 'analysis.json', 'tables', 'charts'] as const;

function parseFormats(value: string): ReportFormat[] {
  const list = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = list.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (!list.length || bad.length) throw usageError(`--format must list some of ${REPORT_FORMATS.join(', ')}, got "${value}"`, 'e.g. --format md,html');
  return REPORT_FORMATS.filter((f) => list.includes(f));
}

export function registerReport(program: Command): void {
  const cmd = program
    .command('report')
    .summary('write the whole report: report.md, report.html, analysis.json, CSV tables and charts')
    .description(
      'Analyses the export (classify + estimate) and writes a report directory: report.md (renders on GitHub), report.html (one self-contained file: inline charts and styles, no network requests), analysis.json (re-render it later without the CSV), tables/*.csv and charts/*.vl.json, .svg and .png. Given an analysis.json instead of a CSV (a file, or on standard input), renders it without re-reading any export. Takes the same settings, parameters and checks as estimate; the directory is written atomically and the checks run after it is written. The same input and options give byte-identical files (docs/report.md).',
    )
    .argument('[files...]', 'CSV export(s), .csv.gz, one analysis.json, or - for standard input');
  addEstimateOptions(addAnalysisOptions(addInputOptions(cmd)))
    .option('-o, --out <dir>', 'report directory to write (replaced whole if it holds an earlier report)')
    .option('--format <list>', `formats to write, comma-separated: ${REPORT_FORMATS.join(', ')}`, parseFormats, [...REPORT_FORMATS])
    .addHelpText(
      'after',
      `
Examples:
  css-analyze report calls.csv --out report
  css-analyze report calls.csv --out report --format md,charts --cost-per-officer-hour 72.5
  css-analyze report calls.csv.gz --period 2024-Q3 --compare previous,year-ago --min-coverage 95% --out report
  css-analyze estimate calls.csv --json | css-analyze report - --out report
  SOURCE_DATE_EPOCH=1700000000 css-analyze report calls.csv.gz --out report`,
    )
    .action(async (files: string[], typed: ReportFlags, command: Command) => {
      const settings = resolveSettings(command, { parameterFlags: parameterFlags(typed), usesParameters: true });
      const flags = settings.flags as unknown as ReportFlags;
      if (!flags.out) throw usageError('--out DIR is required', 'e.g. css-analyze report calls.csv --out report');
      const formats = flags.format;
      const { overrides, origins } = parametersFromSettings(settings);
      // Validate every parameter before reading a possibly large export.
      resolveParameters(overrides, origins);
      const paths = inputPaths(files);
      assertNotInput(flags.out, paths);
      assertDirNotInput(flags.out, paths);
      await checkReplaceable(flags.out, { replaceable: REPORT_ENTRIES });
      // The chart worker loads vega while the export is read.
      const renderer = formats.includes('html') || formats.includes('charts') ? startChartRenderer(formats.includes('charts')) : inProcessRenderer;
      try {
        await run(settings, paths, { overrides, origins }, renderer);
      } finally {
        await renderer.close();
      }
    });
}

/** Reads or analyses the input, estimates, renders and writes the report directory, then checks the gates. */
async function run(settings: ResolvedSettings, paths: string[], params: { overrides: Record<string, unknown>; origins: Record<string, Origin> }, renderer: ChartRenderer): Promise<void> {
  const flags = settings.flags as unknown as ReportFlags;
  const out = outputFor(flags);
  const formats = flags.format;
  const officerTime = resolveParameters(params.overrides, params.origins).parameters;
  const loaded = await loadAnalysis(paths, settings, { command: 'report', out, officerTime });
  prefetchCharts(loaded.analysis, { formats, renderer });
  // A saved estimate is kept as it is unless a parameter is set now.
  const keep = loaded.saved !== null && hasEstimate(loaded.analysis) && !Object.keys(params.overrides).length;
  let analysis: Analysis = keep ? loaded.analysis : estimate(loaded.analysis, null, params.overrides, params.origins, { officerTimeOrigins: loaded.officerTimeOrigins });
  analysis = { ...analysis, command: 'report' };
  for (const w of analysis.warnings) out.warn(w);

  const { files: written } = await renderReport(analysis, { formats, renderer });
  await writeDirAtomic(flags.out!, written, { replaceable: REPORT_ENTRIES });
  out.note(`wrote ${written.length} files to ${flags.out}/ (${formats.join(', ')})`);
  if (flags.json) out.json(analysis);
  else if (process.stdout.isTTY) printReportSummary(out, analysis, flags.out!, written.map((f) => f.path));
  enforceGates(analysis, settings);
}
