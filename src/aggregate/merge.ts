import { inputError } from '../errors.js';
import type { InputBlock } from '../ingest/summary.js';
import { sortedCounts } from '../ingest/summary.js';
import type { Analysis } from './analysis.js';
import { mergeBeforeAfterState, type BeforeAfterSection } from './before-after.js';
import type { ComparisonSection } from './compare.js';
import { finalize, type FinalizeMeta } from './finalize.js';
import { periodFromJson } from './period.js';
import { withSections } from './sections.js';
import { emptyStore, mergeStore, storeFromJson, type Store } from './store.js';
import { addWindowSections, type PeriodSection, type WindowParts } from './windows.js';

/**
 * Merging analyses of shards (agencies, years, files): stores add exactly and the
 * Analysis is derived again with finalize, so medians come from the merged histograms
 * and every figure equals the analysis of the concatenated export. Only analyses with the
 * same schema version, taxonomy and officer-time definition merge.
 */
export interface MergeInput {
  file: string;
  analysis: Analysis;
}

export interface MergeMeta {
  commandLine: string[];
  generatedAt: string | null;
}

/** The `merge` section: which analyses went in. */
export interface MergeSection {
  inputs: { file: string; command: string; calls: number; period: string | null; generatedAt: string | null }[];
}

/** Checks that a parsed JSON value looks like an Analysis (enough to merge it). */
export function assertAnalysis(value: unknown, file: string): Analysis {
  const a = value as Partial<Analysis> | null;
  const missing = !a || typeof a !== 'object' ? 'an object' : (['schemaVersion', 'taxonomy', 'input', 'officerTime', 'store', 'timeZone'] as const).find((k) => a[k] === undefined);
  if (missing) {
    throw inputError(`is not an analysis JSON (no ${missing})`, { file }, 'Merge the JSON that classify --json, estimate --json or report (analysis.json) wrote');
  }
  return a as Analysis;
}

function refuse(what: string, a: MergeInput, b: MergeInput, va: string, vb: string, hint: string): never {
  throw inputError(`cannot merge ${a.file} (${what} ${va}) with ${b.file} (${what} ${vb})`, {}, hint);
}

function checkCompatible(inputs: MergeInput[]): void {
  const [first] = inputs;
  for (const other of inputs.slice(1)) {
    const a = first.analysis;
    const b = other.analysis;
    if (a.schemaVersion !== b.schemaVersion) refuse('schemaVersion', first, other, String(a.schemaVersion), String(b.schemaVersion), 'Re-run the older one with this version of css-analyze');
    if (a.taxonomy.name !== b.taxonomy.name || a.taxonomy.version !== b.taxonomy.version) {
      refuse('taxonomy', first, other, `${a.taxonomy.name} ${a.taxonomy.version}`, `${b.taxonomy.name} ${b.taxonomy.version}`, 'Re-run both with the same --taxonomy so categories line up');
    }
    if (a.officerTime.basis !== b.officerTime.basis || a.officerTime.capMinutes !== b.officerTime.capMinutes) {
      const d = (x: Analysis) => `${x.officerTime.basis}, cap ${x.officerTime.capMinutes} min`;
      refuse('officer time', first, other, d(a), d(b), 'Re-run both with the same --time-basis and --cap-minutes');
    }
  }
}

/** Concatenates input blocks: files listed in order, counts summed, shared descriptions kept or "mixed". */
export function concatInputs(blocks: InputBlock[]): InputBlock & { outsidePeriod?: number } {
  const sum = (pick: (b: InputBlock) => number) => blocks.reduce((a, b) => a + pick(b), 0);
  const same = <T>(pick: (b: InputBlock) => T, mixed: T): T => (blocks.every((b) => pick(b) === pick(blocks[0])) ? pick(blocks[0]) : mixed);
  const reasons: Record<string, number> = {};
  for (const b of blocks) for (const [k, v] of Object.entries(b.rejectReasons)) reasons[k] = (reasons[k] ?? 0) + v;
  const outside = blocks.map((b) => (b as { outsidePeriod?: number }).outsidePeriod);
  return {
    rowsRead: sum((b) => b.rowsRead),
    rowsAccepted: sum((b) => b.rowsAccepted),
    rowsRejected: sum((b) => b.rowsRejected),
    rejectReasons: sortedCounts(reasons),
    calls: sum((b) => b.calls),
    unitRowsMerged: sum((b) => b.unitRowsMerged),
    preset: same((b) => b.preset, null),
    mappingOrigin: same((b) => b.mappingOrigin, 'mixed' as const),
    encoding: same((b) => b.encoding, 'mixed'),
    delimiter: same((b) => b.delimiter, 'mixed'),
    timeZone: same((b) => b.timeZone, 'mixed'),
    files: blocks.flatMap((b) => b.files),
    ...(outside.some((o) => o !== undefined) ? { outsidePeriod: outside.reduce((a: number, o) => a + (o ?? 0), 0) } : {}),
  };
}

const sameJson = (values: unknown[]) => values.every((v) => JSON.stringify(v) === JSON.stringify(values[0]));

/** Window sections rebuilt from the inputs' raw state, where all inputs agree on them. */
function windowParts(inputs: MergeInput[], warnings: string[]): WindowParts | null {
  const analyses = inputs.map((i) => i.analysis);
  const periods = analyses.map((a) => a.period as PeriodSection | undefined);
  const comparisons = analyses.map((a) => a.comparison as ComparisonSection | undefined);
  const programs = analyses.map((a) => a.beforeAfter as BeforeAfterSection | undefined);
  if (periods.every((p) => !p) && comparisons.every((c) => !c) && programs.every((p) => !p)) return null;
  const parts: WindowParts = { period: null, outside: { before: 0, after: 0 }, comparisons: [], beforeAfter: null };
  const labels = periods.map((p) => (p ? `${p.from ?? ''}..${p.to ?? ''}` : null));
  if (periods.every((p) => p) && sameJson(labels)) {
    parts.period = periodFromJson(periods[0]!);
    for (const p of periods) {
      parts.outside.before += p!.outside.before;
      parts.outside.after += p!.outside.after;
    }
  } else if (periods.some((p) => p)) warnings.push('the merged analyses cover different periods, so the merge has no period section');

  const derived = comparisons.map((c) => (c?.against ?? []).filter((e) => e.basis !== 'file' && e.store));
  const keys = derived.map((list) => list.map((e) => `${e.basis} ${e.period?.from}..${e.period?.to}`));
  if (parts.period && comparisons.every((c) => c) && sameJson(keys) && keys[0].length) {
    parts.comparisons = derived[0].map((e, i) => {
      const store = emptyStore();
      for (const list of derived) mergeStore(store, storeFromJson(list[i].store!));
      return { basis: e.basis as 'previous' | 'year-ago', period: periodFromJson(e.period!), store };
    });
  }
  if (comparisons.some((c) => c?.against.some((e) => e.basis === 'file'))) warnings.push('comparisons with other analysis files are not merged; compare the merged analysis again (--compare FILE)');
  else if (comparisons.some((c) => c) && !parts.comparisons.length) warnings.push('the merged analyses have different comparisons, so the merge has none');

  if (programs.every((p) => p) && sameJson(programs.map((p) => p!.program))) {
    parts.beforeAfter = { program: programs[0]!.program, state: programs.map((p) => p!.state).reduce(mergeBeforeAfterState) };
  } else if (programs.some((p) => p)) warnings.push('the merged analyses have different --program-start settings, so the merge has no before/after section');
  return parts;
}

/**
 * Merges analyses into one, re-derived from the summed stores. Estimate sections are not
 * merged here (the caller re-runs the estimate on the result).
 */
export function mergeAnalyses(inputs: MergeInput[], meta: MergeMeta): Analysis {
  if (inputs.length === 0) throw inputError('nothing to merge');
  checkCompatible(inputs);
  const store: Store = emptyStore();
  for (const { analysis } of inputs) mergeStore(store, storeFromJson(analysis.store));
  const first = inputs[0].analysis;
  const warnings: string[] = [];
  const zones = [...new Set(inputs.map((i) => i.analysis.timeZone))];
  if (zones.length > 1) warnings.push(`the merged analyses use different time zones (${zones.join(', ')}); hours of week and months are each in its own zone`);
  if (!sameJson(inputs.map((i) => i.analysis.mapping))) warnings.push(`the merged analyses map columns differently; the mapping shown is ${inputs[0].file}'s`);
  for (const { analysis } of inputs) warnings.push(...analysis.warnings);
  const input = concatInputs(inputs.map((i) => i.analysis.input));
  const finalizeMeta: FinalizeMeta = {
    command: 'merge',
    commandLine: meta.commandLine,
    generatedAt: meta.generatedAt,
    input,
    mapping: first.mapping,
    timeZone: zones.length === 1 ? zones[0] : 'mixed',
    taxonomy: first.taxonomy,
    officerTime: {
      basis: first.officerTime.basis,
      capMinutes: first.officerTime.capMinutes,
      minSamples: first.officerTime.minSamples,
      fallbackMinutesPerUnit: first.officerTime.fallbackMinutesPerUnit,
    },
    warnings: [],
  };
  const parts = windowParts(inputs, warnings);
  let merged = finalize(store, { ...finalizeMeta, warnings: [...new Set(warnings)] });
  if (parts) merged = addWindowSections(merged, parts, finalizeMeta);
  const section: MergeSection = {
    inputs: inputs.map(({ file, analysis: a }) => ({
      file,
      command: a.command,
      calls: a.totals.calls,
      period: (a.period as PeriodSection | undefined)?.label ?? null,
      generatedAt: a.generatedAt,
    })),
  };
  return withSections(merged, { merge: section });
}
