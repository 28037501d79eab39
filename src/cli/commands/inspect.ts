import type { Command } from 'commander';
import { loadExport } from '../../ingest/load.js';
import { InspectAccumulator, buildInspectReport, describeInput, type InspectReport } from '../../ingest/inspect.js';
import { PRESETS } from '../../ingest/schema/presets.js';
import { createZone } from '../../ingest/time/index.js';
import { addInputOptions, addSettingsOptions, outputFor, prepareInput, type InputFlags } from '../input-options.js';
import { formatPct, type Output } from '../output.js';
import { stableJson } from '../../util/json.js';
import { resolveSettings } from '../settings.js';

interface InspectFlags extends InputFlags {
  top: number;
  listPresets?: boolean;
}

export function registerInspect(program: Command): void {
  const cmd = program
    .command('inspect')
    .summary('show how an export was read: encoding, layout, rows, fill rates, problems')
    .description(
      'The first command to run on a new export: shows its encoding and delimiter, the preset or guessed column mapping, rows read/accepted/rejected with reasons, date range, fill rate and parse failures per field, top call types, duplicate ids and impossible durations, and what to fix.',
    )
    .argument('[files...]', 'CSV export(s), .csv.gz, .xlsx workbooks, quoted globs ("cfs-20*.xlsx"), or - for standard input');
  addSettingsOptions(addInputOptions(cmd))
    .option('--top <n>', 'how many call types to list', (v) => Number(v), 20)
    .option('--list-presets', 'list the built-in layouts and exit')
    .addHelpText(
      'after',
      `
Examples:
  css-analyze inspect calls.csv
  css-analyze inspect calls.csv.gz --tz America/Chicago --json
  css-analyze inspect "cfs-20*.xlsx" --tz America/New_York
  css-analyze inspect durham-2019.xlsx --sheet "Calls" --header-row 3
  zcat calls.csv.gz | css-analyze inspect - --mapping my-city.json
  css-analyze inspect calls.csv --config css-analyze.config.json --verbose
  css-analyze inspect --list-presets`,
    )
    .action(async (files: string[], typed: InspectFlags, command: Command) => {
      if (typed.listPresets) {
        listPresets(outputFor(typed), !!typed.json);
        return;
      }
      // The input settings (mapping, preset, zone, encoding …) come from the config file and CSS_ANALYZE_* as for every command.
      const flags = resolveSettings(command).flags as unknown as InspectFlags;
      const out = outputFor(flags);
      const input = await prepareInput(files, flags);
      const acc = new InspectAccumulator();
      let ok = false;
      try {
        const summaries = await loadExport(
          input.paths,
          { ...input.load, onMapping: (mapping, fileIndex) => fileIndex === 0 && acc.useZone(createZone(mapping.timeZone)) },
          (call) => acc.add(call),
        );
        ok = true;
        const report = buildInspectReport(summaries, acc, createZone(summaries[0].mapping.timeZone), flags.top);
        for (const w of report.warnings) out.warn(w);
        if (flags.json) out.out(stableJson(report));
        else printReport(out, report);
      } finally {
        await input.finish(ok);
      }
    });
}

function listPresets(out: Output, json: boolean): void {
  const rows = PRESETS.map((p) => ({ name: p.name, timeZone: p.timeZone ?? null, requiredHeaders: p.requiredHeaders, description: p.description }));
  if (json) {
    out.out(stableJson(rows));
    return;
  }
  out.out(out.table(['preset', 'time zone', 'description'], rows.map((r) => [r.name, r.timeZone ?? '—', r.description])));
}

function printReport(out: Output, r: InspectReport): void {
  const { c } = out;
  out.out(c.bold('Input'));
  out.out(out.pairs(describeInput(r)));
  out.out(c.bold('\nMapping (Call field ← column)'));
  const rows = Object.entries(r.fields).map(([field, f]) => [
    field,
    f.column,
    r.mappingDetails.timeFormats[field] ?? '',
    formatPct(f.fillRate),
    f.failures ? c.red(String(f.failures)) : '0',
    r.mappingDetails.confidence[field] !== undefined ? formatPct(r.mappingDetails.confidence[field], 0) : '',
  ]);
  out.out(out.table(['field', 'column', 'format', 'filled', 'unparsed', 'sure'], rows, ['left', 'left', 'left', 'right', 'right', 'right']));
  if (r.mappingDetails.unmapped.length) out.out(`Unmapped: ${r.mappingDetails.unmapped.join(', ')}`);
  if (r.files.length > 1) printFiles(out, r);
  out.out(c.bold(`\nTop call types (${r.callTypes.distinct} distinct)`));
  out.out(out.table(['call type', 'calls', 'share'], r.callTypes.top.map((t) => [t.callType, t.calls, formatPct(t.share)]), ['left', 'right', 'right']));
  out.out(
    `Sources: ${r.sources.citizen} citizen-initiated, ${r.sources.officer} officer-initiated, ${r.sources.unknown} unknown. Duplicate ids: ${r.duplicateIds.count}.`,
  );
  if (r.advice.length) {
    out.out(c.bold('\nWhat to check'));
    for (const a of r.advice) out.out(`- ${a}`);
  }
}

/** Per-file rows and dates, where files leave holes or overlap, and each file's mapping when they differ. */
function printFiles(out: Output, r: InspectReport): void {
  const { c } = out;
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
  out.out(c.bold('\nFiles'));
  out.out(
    out.table(
      ['file', 'sheet', 'rows', 'rejected', 'calls', 'from', 'to', 'months'],
      r.files.map((f) => [f.path, f.sheet ?? '', f.rowsRead, f.rowsRejected ? c.red(String(f.rowsRejected)) : '0', f.calls, day(f.from), day(f.to), f.months]),
      ['left', 'left', 'right', 'right', 'right', 'left', 'left', 'right'],
    ),
  );
  const { gaps, overlaps } = r.coverage;
  out.out(gaps.length || overlaps.length ? c.yellow(`${gaps.length} gap(s), ${overlaps.length} overlap(s) between the files (see "What to check")`) : 'The files follow one another without gaps or overlaps.');
  if (r.files.every((f) => f.sameMappingAsFirst)) return;
  out.out(c.bold('\nMapping by file (fields the files map differently)'));
  const cell = (v: string | string[] | undefined) => (v === undefined ? '—' : Array.isArray(v) ? v.join(' + ') : v);
  const fields = [...new Set(r.files.flatMap((f) => Object.keys(f.mapping)))].filter((field) => new Set(r.files.map((f) => cell(f.mapping[field]))).size > 1);
  out.out(out.table(['field', ...r.files.map((f) => f.path)], fields.map((field) => [field, ...r.files.map((f) => cell(f.mapping[field]))])));
}
