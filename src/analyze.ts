import { compileTaxonomy, listBuiltinTaxonomies, loadTaxonomy, type Classification, type Classifier, type Taxonomy } from './classify/index.js';
import type { Call } from './ingest/call.js';
import { Accumulator } from './aggregate/accumulate.js';
import type { Analysis } from './aggregate/analysis.js';
import { finalize, type OfficerTimeParameters } from './aggregate/finalize.js';
import { loadExport, type FileSummary, type LoadOptions } from './ingest/load.js';
import { inputBlock, mappingBlock, mappingColumns } from './ingest/summary.js';
import { createZone, type Zone } from './ingest/time/index.js';
import type { ResolvedMapping } from './ingest/schema/resolve.js';
import { CssError, inputError } from './errors.js';
import { WindowSplitter, addWindowSections, type WindowOptions } from './aggregate/windows.js';
import { planParallel } from './parallel/plan.js';

/** Defaults for officer time; each is printed in reports with its reason (docs/methodology.md). */
export const OFFICER_TIME_DEFAULTS: OfficerTimeParameters = {
  basis: 'dispatch',
  capMinutes: 480,
  minSamples: 5,
  fallbackMinutesPerUnit: null,
};

export interface AnalyzeOptions extends LoadOptions {
  /** Taxonomy file or built-in name; default: `default`, plus the preset's overlay when there is one. */
  taxonomy?: string;
  officerTime?: Partial<OfficerTimeParameters>;
  command?: string;
  commandLine?: string[];
  generatedAt?: string | null;
  /** Called with every accepted call after classification (e.g. for extra accumulators). */
  onCall?: Parameters<typeof loadExport>[2];
  /**
   * Threads to read one large file with (default: 2 on a machine with four or more cores,
   * else 1; 1 = never split). Splitting only applies where it gives the identical Analysis.
   */
  threads?: number;
  /** Smallest file split between threads (bytes; default 32 MiB). */
  parallelMinBytes?: number;
  /** Called for every accepted input row with its fields and classification (classify --out). */
  onClassifiedRow?: (fields: string[], classification: Classification, call: Call) => void;
  /**
   * Reporting period, comparison periods and program start (aggregate/windows.ts): calls
   * outside the period are counted in `input.outsidePeriod`, not analysed.
   */
  windows?: WindowOptions;
}

export interface AnalyzeResult {
  analysis: Analysis;
  files: FileSummary[];
  classifier: Classifier;
  /** Files read by two threads (not part of the Analysis, which is the same either way). */
  splitFiles: number;
}

/** The taxonomy a run uses: the user's, else the preset's overlay (which extends `default`), else `default`. */
export function chooseTaxonomy(explicit: string | undefined, mapping: ResolvedMapping | undefined): string {
  if (explicit) return explicit;
  const overlay = mapping?.taxonomy ? `presets/${mapping.taxonomy}` : undefined;
  return overlay && listBuiltinTaxonomies().includes(overlay) ? overlay : 'default';
}

export function taxonomyBlock(t: Taxonomy, classifier: Classifier): Analysis['taxonomy'] {
  const sources: Analysis['taxonomy']['sources'] = {};
  for (const id of [...t.sources.keys()].sort()) {
    const s = t.sources.get(id)!;
    sources[id] = { title: s.title, ...(s.publisher ? { publisher: s.publisher } : {}), ...(s.year ? { year: s.year } : {}), ...(s.url ? { url: s.url } : {}) };
  }
  return {
    name: t.name,
    version: t.version,
    layers: t.layers.map((l) => ({ name: l.name, version: l.version, file: l.file })),
    basis: 'final',
    categories: t.categories.map((c) => ({ id: c.id, label: c.label, response: c.response, rationale: c.rationale, sources: [...c.sources] })),
    sources,
    shareRules: [...classifier.shareRules],
  };
}

/**
 * Reads the export(s), classifies every call and returns the Analysis — the library's
 * main entry point (`import { analyze } from 'css-analyze'`).
 */
export async function analyze(paths: string[], options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const officerTime: OfficerTimeParameters = { ...OFFICER_TIME_DEFAULTS, ...options.officerTime };
  // Set when the first file's mapping is known (the preset decides the taxonomy overlay).
  const run: { classifier?: Classifier; taxonomy?: Taxonomy; taxonomyName?: string; accumulator?: Accumulator; zone?: Zone } = {};
  const warnings: string[] = [];
  const windows = options.windows ? new WindowSplitter(options.windows) : undefined;
  let firstColumns: { file: string; json: string } | undefined;
  const parallel = await planParallel(paths, options);
  const files = await parallel.guard(() => loadExport(
    paths,
    {
      ...options,
      onAcceptedRow: options.onClassifiedRow
        ? (call, fields) => options.onClassifiedRow!(fields, run.classifier!.classify(call), call)
        : options.onAcceptedRow,
      neededFields: options.onCall || options.onClassifiedRow ? undefined : () => neededFields(run.classifier!, officerTime),
      readLimit: parallel.readLimit,
      onMapping: (mapping, fileIndex, fileName, inputs) => {
        options.onMapping?.(mapping, fileIndex, fileName, inputs);
        if (!run.classifier) {
          run.taxonomyName = chooseTaxonomy(options.taxonomy, mapping);
          run.taxonomy = loadTaxonomy(run.taxonomyName);
          run.classifier = compileTaxonomy(run.taxonomy);
          run.zone = createZone(mapping.timeZone);
          // An export without dispatch times (e.g. Seattle's) can only measure time on scene.
          const basis = officerTime.basis === 'dispatch' && !mapping.times.dispatched && mapping.times.arrived ? 'arrive' : officerTime.basis;
          if (basis !== officerTime.basis) {
            warnings.push('the export has no dispatch time, so officer time is measured from arrival to clear (time on scene)');
            officerTime.basis = basis;
          }
          run.accumulator = new Accumulator(run.classifier, run.zone, officerTime);
          windows?.begin(run.classifier, run.zone, officerTime);
        } else if (run.zone && mapping.timeZone !== run.zone.name) {
          warnings.push(`${fileName} is in time zone ${mapping.timeZone} but the analysis uses ${run.zone.name} (from the first file); pass --tz to set one zone`);
        }
        warnings.push(...mapping.warnings.map((w) => (paths.length > 1 ? `${fileName}: ${w}` : w)));
        if (!mapping.rowPerUnit) {
          parallel.start(fileIndex, {
            fileName,
            fileIndex,
            delimiter: inputs.delimiter,
            maxRecordBytes: options.maxRecordBytes,
            skipBadRows: !!options.skipBadRows,
            headers: mapping.headers,
            sample: inputs.sample,
            resolve: inputs.resolve,
            taxonomy: run.taxonomyName!,
            officerTime,
            needed: [...neededFields(run.classifier, officerTime)],
          });
        }
        // Files are mapped one by one; say so when a file's columns differ from the first's.
        const columns = JSON.stringify(mappingColumns(mapping));
        if (!firstColumns) firstColumns = { file: fileName, json: columns };
        else if (columns !== firstColumns.json) {
          warnings.push(`${fileName} has other columns than ${firstColumns.file}: it was mapped on its own (see input.files[].mapping, or run inspect on both)`);
        }
      },
    },
    (call) => {
      if (windows && !windows.route(call)) return;
      run.accumulator!.add(call);
      options.onCall?.(call);
    },
  ));
  const { classifier, accumulator, taxonomy, zone } = run;
  if (!classifier || !accumulator || !taxonomy || !zone) throw inputError('no input was read');
  await parallel.finish(files, accumulator.store);
  const input = inputBlock(files, (f) => createZone(f.mapping.timeZone));
  const store = accumulator.store;
  const meta = {
    command: options.command ?? 'classify',
    commandLine: options.commandLine ?? [],
    generatedAt: options.generatedAt ?? null,
    input,
    mapping: mappingBlock(files[0]),
    timeZone: zone.name,
    taxonomy: taxonomyBlock(taxonomy, classifier),
    officerTime,
    warnings: dedupe(warnings),
  };
  const analysis = windows ? addWindowSections(finalize(store, meta), windows.parts(), meta) : finalize(store, meta);
  return { analysis, files, classifier, splitFiles: parallel.splitFiles() };
}

/**
 * The Call fields an analysis reads, so the loader decodes nothing else: district, agency
 * and en-route times never, disposition only when a rule narrows by it, and only the
 * officer-time start the basis uses.
 */
function neededFields(classifier: Classifier, time: OfficerTimeParameters): Set<string> {
  const fields = new Set(['id', 'callType', 'callTypeCode', 'initialCallType', 'initialCallTypeCode', 'priority', 'source', 'beat', 'units', 'unit', 'received', 'cleared']);
  fields.add(time.basis === 'dispatch' ? 'dispatched' : 'arrived');
  const keys = [...classifier.keyFields.final, ...classifier.keyFields.initial];
  if (keys.includes('disposition')) fields.add('disposition');
  return fields;
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

export { CssError };
