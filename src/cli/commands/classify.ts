import type { Command } from 'commander';
import { analyze } from '../../analyze.js';
import type { Analysis } from '../../aggregate/analysis.js';
import { csvRow } from '../../util/csv-write.js';
import { assertNotInput, openAtomicStream, type AtomicStream } from '../../util/atomic-write.js';
import { addInputOptions, outputFor, prepareInput, type InputFlags } from '../input-options.js';
import { formatInt, formatNumber, formatPct, type Output } from '../output.js';
import { analysisOptions, addAnalysisOptions, finishAnalysis, type AnalysisFlags } from '../analysis-options.js';
import { enforceGates } from '../gates.js';
import { resolveSettings } from '../settings.js';
import { printPeriod, printWindows } from '../windows-print.js';

interface ClassifyFlags extends InputFlags, AnalysisFlags {
  out?: string;
  top: number;
}

export function registerClassify(program: Command): void {
  const cmd = program
    .command('classify')
    .summary('classify calls by the response they need; calls, officer hours and call types side by side')
    .description(
      'Classifies every call with the taxonomy (default rules plus the preset\'s city map) into response levels — community, civilian, co-response, police, excluded, unclassified — and shows calls, officer hours and distinct call types for each, side by side, with the unmatched call types ranked.',
    )
    .argument('[files...]', 'CSV export(s), .csv.gz, or - for standard input');
  addAnalysisOptions(addInputOptions(cmd))
    .option('-o, --out <file>', 'write the input rows with their category and response level to this CSV')
    .option('--top <n>', 'unmatched call types to list', (v) => Number(v), 15)
    .addHelpText(
      'after',
      `
Examples:
  css-analyze classify calls.csv
  css-analyze classify calls.csv --json > analysis.json
  css-analyze classify calls.csv --taxonomy my-city.json --min-coverage 0.97
  css-analyze classify calls.csv --out classified.csv
  css-analyze classify calls.csv --period 2024-Q3 --compare previous,year-ago`,
    )
    .action(async (files: string[], _flags: ClassifyFlags, command: Command) => {
      const settings = resolveSettings(command);
      const flags = settings.flags as unknown as ClassifyFlags;
      const out = outputFor(flags);
      const input = await prepareInput(files, flags);
      let classified: AtomicStream | undefined;
      let ok = false;
      try {
        if (flags.out) {
          assertNotInput(flags.out, input.paths);
          classified = await openAtomicStream(flags.out);
        }
        let headerWritten = false;
        const result = await analyze(input.paths, {
          ...input.load,
          ...analysisOptions(flags, 'classify'),
          onMapping: (mapping) => {
            if (classified && !headerWritten) {
              classified.write(csvRow([...mapping.headers, 'category', 'response']));
              headerWritten = true;
            }
          },
          onClassifiedRow: classified ? (fields, c) => classified!.write(csvRow([...fields, c.categoryId, c.response])) : undefined,
        });
        const analysis = await finishAnalysis(result.analysis, settings);
        ok = true;
        await classified?.commit();
        for (const w of analysis.warnings) out.warn(w);
        if (flags.json) out.json(analysis);
        else {
          printPeriod(out, analysis);
          printClassification(out, analysis, flags.top);
          printWindows(out, analysis);
        }
        enforceGates(analysis, settings);
      } finally {
        if (!ok) await classified?.abort();
        await input.finish(ok);
      }
    });
}

export function printClassification(out: Output, a: Analysis, top: number): void {
  const { c } = out;
  const hoursNote = a.officerTime.measurable ? '' : ' (officer time not measurable from this export)';
  out.out(c.bold(`${formatInt(a.totals.calls)} calls, ${formatNumber(a.totals.officerHours)} officer hours${hoursNote}, ${a.totals.callTypes} call types — taxonomy ${a.taxonomy.name} ${a.taxonomy.version}`));
  out.out(
    out.table(
      ['response', 'calls', '% calls', 'officer h', '% hours', 'types', '% types'],
      a.responses.map((r) => [r.response, formatInt(r.calls), formatPct(r.shareOfCalls), formatNumber(r.officerHours), formatPct(r.shareOfHours), r.callTypes, formatPct(r.shareOfCallTypes)]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  out.out(c.bold('\nCategories'));
  out.out(
    out.table(
      ['category', 'response', 'calls', '% calls', 'officer h', '% hours', 'types'],
      a.categories.map((k) => [k.label, k.response, formatInt(k.calls), formatPct(k.shareOfCalls), formatNumber(k.officerHours), formatPct(k.shareOfHours), k.callTypes]),
      ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  if (a.initialVsFinal) {
    const iv = a.initialVsFinal;
    out.out(
      `\nInitial vs final call type (${formatInt(iv.calls)} calls with both): eligible (community + civilian) ${formatPct(iv.eligibleShare.initial)} on the initial type, ${formatPct(iv.eligibleShare.final)} on the final type.`,
    );
  }
  out.out(c.bold(`\nUnmatched call types (${a.unmatched.length}; ${formatPct(1 - a.totals.classifiedShare)} of calls)`));
  if (a.unmatched.length) {
    out.out(
      out.table(
        ['call type', 'code', 'calls', 'officer h'],
        a.unmatched.slice(0, top).map((u) => [u.callType, u.callTypeCode, formatInt(u.calls), formatNumber(u.officerHours)]),
        ['left', 'left', 'right', 'right'],
      ),
    );
  } else out.out('none');
}
