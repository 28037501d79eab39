import { open, readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { analyze } from '../../analyze.js';
import type { Analysis } from '../../aggregate/analysis.js';
import { inputError, usageError } from '../../errors.js';
import { estimate } from '../../estimate/index.js';
import { resolveParameters, type Parameters as EstimateParameters } from '../../estimate/parameters.js';
import { hasEstimate, inProcessRenderer, prefetchCharts, renderReport, REPORT_FORMATS, startChartRenderer, type ChartRenderer, type ReportFormat } from '../../report/index.js';
import { assertNotInput } from '../../util/atomic-write.js';
import { assertDirNotInput, checkReplaceable, writeDirAtomic } from '../../util/atomic-dir.js';
import { stableJson } from '../../util/json.js';
import { addAnalysisOptions, analysisOptions, generatedAt, type AnalysisFlags } from '../analysis-options.js';
import { addInputOptions, inputPaths, outputFor, prepareInput, type InputFlags } from '../input-options.js';
import { overridesFromFlags, parseAnalysisJson } from './estimate.js';
import { printReportSummary } from './report-print.js';

interface ReportFlags extends InputFlags, AnalysisFlags {
  out?: string;
  format: ReportFormat[];
  scenario: string[];
  param: string[];
}

/** What an existing --out directory may hold for report to replace it (what report writes). */
const REPORT_ENTRIES = ['report.md', 'report.html', 'analysis.json', 'tables', 'charts'] as const;

const collect = (value: string, previous: string[]) => [...previous, value];

function parseFormats(value: string): ReportFormat[] {
  const list = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = list.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (!list.length || bad.length) throw usageError(`--format must list some of ${REPORT_FORMATS.join(', ')}, got "${value}"`, 'e.g. --format md,html');
  return REPORT_FORMATS.filter((f) => list.includes(f));
}

/** True when the file starts (after a BOM and spaces) with `{`: an analysis JSON, not a CSV. */
async function looksLikeJson(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return false; // the CSV reader reports the missing file in its own words
  }
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buf, 0, 64, 0);
    return /^(\uFEFF)?\s*\{/.test(buf.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

export function registerReport(program: Command): void {
  const cmd = program
    .command('report')
    .summary('write the whole report: report.md, report.html, analysis.json, CSV tables and charts')
    .description(
      'Analyses the export (classify + estimate) and writes a report directory: report.md (renders on GitHub), report.html (one self-contained file: inline charts and styles, no network requests), analysis.json (re-render it later without the CSV), tables/*.csv and charts/*.vl.json, .svg and .png. Given an analysis.json instead of a CSV, renders it without re-reading any export. The directory is written atomically; the same input and options give byte-identical files (docs/report.md).',
    )
    .argument('[files...]', 'CSV export(s), .csv.gz, or one analysis.json');
  addAnalysisOptions(addInputOptions(cmd))
    .option('-o, --out <dir>', 'report directory to write (replaced whole if it holds an earlier report)')
    .option('--format <list>', `formats to write, comma-separated: ${REPORT_FORMATS.join(', ')}`, parseFormats, [...REPORT_FORMATS])
    .option('--scenario <name:field=value,…>', 'add or change a savings scenario, as in estimate (repeatable)', collect, [])
    .option('--param <name=value>', 'set any estimate parameter by name, as in estimate (repeatable)', collect, [])
    .addHelpText(
      'after',
      `
Examples:
  css-analyze report calls.csv --out report
  css-analyze report calls.csv --out report --format md,charts --param costPerOfficerHour=72.5
  css-analyze report report/analysis.json --out report-again
  SOURCE_DATE_EPOCH=1700000000 css-analyze report calls.csv.gz --out report`,
    )
    .action(async (files: string[], flags: ReportFlags) => {
      if (!flags.out) throw usageError('--out DIR is required', 'e.g. css-analyze report calls.csv --out report');
      const formats = flags.format;
      const overrides = overridesFromFlags(flags as unknown as Parameters<typeof overridesFromFlags>[0]);
      const params = resolveParameters(overrides).parameters; // validates every override before reading
      const paths = inputPaths(files);
      assertNotInput(flags.out, paths);
      assertDirNotInput(flags.out, paths);
      await checkReplaceable(flags.out, { replaceable: REPORT_ENTRIES });
      // The chart worker loads vega while the export is read.
      const renderer = formats.includes('html') || formats.includes('charts') ? startChartRenderer(formats.includes('charts')) : inProcessRenderer;
      try {
        await run(flags, paths, overrides, params, renderer);
      } finally {
        await renderer.close();
      }
    });
}

/** Reads or analyses the input, estimates, renders and writes the report directory. */
async function run(flags: ReportFlags, paths: string[], overrides: Record<string, unknown>, params: EstimateParameters, renderer: ChartRenderer): Promise<void> {
  const out = outputFor(flags);
  const formats = flags.format;
  let analysis: Analysis;
  if (paths.length === 1 && paths[0] !== '-' && (await looksLikeJson(paths[0]))) {
    let text: string;
    try {
      text = await readFile(paths[0], 'utf8');
    } catch {
      throw inputError('cannot read the analysis file', { file: paths[0] });
    }
    const read = parseAnalysisJson(text, paths[0]);
    prefetchCharts(read, { formats, renderer });
    const base: Analysis = { ...read, commandLine: ['css-analyze', ...process.argv.slice(2)], generatedAt: generatedAt(flags.timestamp, process.env) ?? read.generatedAt };
    analysis = hasEstimate(read) && !Object.keys(overrides).length ? base : estimate(base, null, overrides, 'flag');
  } else {
    const input = await prepareInput(paths, flags);
    let ok = false;
    try {
      ({ analysis } = await analyze(input.paths, {
        ...input.load,
        ...analysisOptions(flags, 'report'),
        officerTime: {
          basis: params.officerTimeBasis.value,
          capMinutes: params.officerTimeCapMinutes.value,
          minSamples: params.officerTimeMinSamples.value,
          fallbackMinutesPerUnit: params.officerTimeFallbackMinutes.value,
        },
      }));
      ok = true;
    } finally {
      await input.finish(ok);
    }
    prefetchCharts(analysis, { formats, renderer });
    analysis = estimate(analysis, null, overrides, 'flag');
  }
  analysis = { ...analysis, command: 'report' };
  for (const w of analysis.warnings) out.warn(w);

  const { files: written } = await renderReport(analysis, { formats, renderer });
  await writeDirAtomic(flags.out!, written, { replaceable: REPORT_ENTRIES });
  out.note(`wrote ${written.length} files to ${flags.out}/ (${formats.join(', ')})`);
  if (flags.json) out.out(stableJson(analysis));
  else if (process.stdout.isTTY) printReportSummary(out, analysis, flags.out!, written.map((f) => f.path));
}

