import { IdTable } from './id-table.js';
import { CALL_TEXT_FIELDS, CALL_TIME_FIELDS, type Call, type CallTimeField } from './call.js';
import type { FileSummary } from './load.js';
import { inputBlock, dateRange, mappingBlock, sortedCounts, type InputBlock } from './summary.js';
import { describeDelimiter } from './sniff.js';
import type { Zone } from './time/index.js';
import { PRESETS } from './schema/presets.js';
import { DURATION_UNITS, type ResolvedDerivation } from './schema/derived.js';
import { describeCoverage, fileCoverage, findCoverage, type Coverage, type CoverageCounts, type FileCoverage } from './coverage.js';

/** Durations longer than this are flagged by inspect as implausible (estimate has its own, configurable cap). */
export const INSPECT_DURATION_CAP_HOURS = 24;
const HOUR = 3_600_000;

function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Per-call facts for `inspect`. Ids are remembered as 52-bit hashes rather than
 * strings to keep memory small on multi-million-row exports; a false duplicate needs
 * a hash collision (about 1 in 10^9 at 3M ids).
 */
export class InspectAccumulator {
  readonly callTypes = new Map<string, number>();
  readonly sources = { citizen: 0, officer: 0, unknown: 0 };
  /** Id hash → the file it was first seen in. */
  private readonly ids = new IdTable();
  /** Calls per file and month, and ids shared between files (coverage.ts); months need the zone. */
  readonly coverage: CoverageCounts = { months: new Map(), sharedIds: new Map() };
  private zone: Zone | undefined;
  private monthsOfFile: Map<number, number> | undefined;
  private monthsFile = -1;

  /** The zone months are counted in (the first file's); call before the first add(). */
  useZone(zone: Zone): void {
    this.zone ??= zone;
  }
  duplicateIds = 0;
  readonly duplicateExamples: string[] = [];
  readonly negative = { receivedToDispatched: 0, dispatchedToArrived: 0, arrivedToCleared: 0, dispatchedToCleared: 0 };
  overCap = 0;
  calls = 0;

  add(call: Call): void {
    this.calls++;
    const type = call.callTypeCode && call.callTypeCode !== call.callType ? `${call.callType} [${call.callTypeCode}]` : call.callType;
    this.callTypes.set(type, (this.callTypes.get(type) ?? 0) + 1);
    this.sources[call.source]++;
    if (call.id) {
      const h = fnv1a(call.id, 0x811c9dc5) * 0x100000 + (fnv1a(call.id, 0x1234567) & 0xfffff);
      const seenIn = this.ids.seen(h, call.fileIndex);
      if (seenIn >= 0) {
        this.duplicateIds++;
        if (this.duplicateExamples.length < 5 && !this.duplicateExamples.includes(call.id)) this.duplicateExamples.push(call.id);
        if (seenIn !== call.fileIndex) {
          const key = seenIn < call.fileIndex ? `${seenIn},${call.fileIndex}` : `${call.fileIndex},${seenIn}`;
          this.coverage.sharedIds.set(key, (this.coverage.sharedIds.get(key) ?? 0) + 1);
        }
      }
    }
    if (this.zone) {
      if (call.fileIndex !== this.monthsFile) {
        this.monthsFile = call.fileIndex;
        this.monthsOfFile = this.coverage.months.get(call.fileIndex) ?? new Map<number, number>();
        this.coverage.months.set(call.fileIndex, this.monthsOfFile);
      }
      const k = this.zone.monthKey(call.received);
      this.monthsOfFile!.set(k, (this.monthsOfFile!.get(k) ?? 0) + 1);
    }
    if (call.dispatched < call.received) this.negative.receivedToDispatched++;
    if (call.arrived < call.dispatched) this.negative.dispatchedToArrived++;
    if (call.cleared < call.arrived) this.negative.arrivedToCleared++;
    if (call.cleared < call.dispatched) this.negative.dispatchedToCleared++;
    const start = Number.isNaN(call.dispatched) ? call.received : call.dispatched;
    if (call.cleared - start > INSPECT_DURATION_CAP_HOURS * HOUR) this.overCap++;
  }
}

export interface InspectReport {
  schemaVersion: number;
  command: 'inspect';
  input: InputBlock;
  mapping: Record<string, string | string[]>;
  mappingDetails: {
    origin: string;
    name: string | null;
    description: string | null;
    confidence: Record<string, number>;
    unmapped: string[];
    timeFormats: Record<string, string>;
    callTypeFormat: string;
    codeList: string | null;
    rowPerUnit: boolean;
    timeZone: string;
    timeZoneOrigin: string;
    headers: string[];
  };
  dateRange: { from: string | null; to: string | null };
  fields: Record<string, { column: string; filled: number; missing: number; fillRate: number; failures: number; placeholders: number; examples: string[] }>;
  callTypes: { distinct: number; top: { callType: string; calls: number; share: number }[] };
  sources: { citizen: number; officer: number; unknown: number };
  duplicateIds: { count: number; examples: string[] };
  durations: { capHours: number; negative: Record<string, number>; overCap: number };
  dst: { gap: number; overlap: number };
  /** One entry per input file, with its own date range and mapping. */
  files: FileCoverage[];
  /** Holes between or inside the files' date ranges, and ranges two files both cover. */
  coverage: Coverage;
  warnings: string[];
  advice: string[];
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

export function buildInspectReport(files: FileSummary[], acc: InspectAccumulator, zone: Zone, top = 20): InspectReport {
  const first = files[0];
  const m = first.mapping;
  const input = inputBlock(files, () => zone);
  const mapping = mappingBlock(first);
  const allFields = [...CALL_TEXT_FIELDS, ...CALL_TIME_FIELDS, 'source', 'units', 'unit'];
  const unmapped = allFields.filter((f) => mapping[f] === undefined && !(f === 'units' && m.rowPerUnit));
  const fields: InspectReport['fields'] = {};
  for (const field of Object.keys(first.fields)) {
    // Summed over the files that map the field; the column named as each file maps it.
    const mapped = files.filter((f) => f.fields[field]);
    const sum = (k: 'filled' | 'missing' | 'failures' | 'placeholders') => mapped.reduce((a, f) => a + f.fields[field][k], 0);
    const stats = { filled: sum('filled'), missing: sum('missing'), failures: sum('failures'), placeholders: sum('placeholders'), examples: mapped.find((f) => f.fields[field].examples.length)?.fields[field].examples ?? [] };
    const total = stats.filled + stats.missing + stats.failures + stats.placeholders;
    const columns = [...new Set(mapped.map((f) => mappingBlock(f)[field]).filter((c) => c !== undefined).map((c) => (Array.isArray(c) ? c.join(' + ') : c)))];
    fields[field] = {
      column: columns.join(' | '),
      filled: stats.filled,
      missing: stats.missing,
      fillRate: total ? round(stats.filled / total) : 0,
      failures: stats.failures,
      placeholders: stats.placeholders,
      examples: stats.examples,
    };
  }
  const topTypes = [...acc.callTypes.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, top)
    .map(([callType, calls]) => ({ callType, calls, share: acc.calls ? round(calls / acc.calls) : 0 }));
  const timeFormats: Record<string, string> = {};
  for (const [field, t] of Object.entries(m.times)) if (t) timeFormats[field] = t.formats.join(' + ');
  const preset = m.origin === 'preset' ? PRESETS.find((p) => p.name === m.name) : undefined;
  const confidence: Record<string, number> = {};
  for (const [field, g] of Object.entries(m.guesses)) confidence[field] = round(g.confidence, 2);
  const report: InspectReport = {
    schemaVersion: 1,
    command: 'inspect',
    input,
    mapping,
    mappingDetails: {
      origin: m.origin,
      name: m.name,
      description: preset?.description ?? null,
      confidence,
      unmapped,
      timeFormats,
      callTypeFormat: m.callTypeFormat,
      codeList: m.codeListName,
      rowPerUnit: m.rowPerUnit,
      timeZone: m.timeZone,
      timeZoneOrigin: m.timeZoneOrigin,
      headers: first.headers,
    },
    dateRange: dateRange(
      Math.min(...files.map((f) => f.receivedFrom).filter((x) => !Number.isNaN(x))),
      Math.max(...files.map((f) => f.receivedTo).filter((x) => !Number.isNaN(x))),
      zone,
    ),
    fields,
    callTypes: { distinct: acc.callTypes.size, top: topTypes },
    sources: { ...acc.sources },
    duplicateIds: { count: acc.duplicateIds, examples: acc.duplicateExamples },
    durations: { capHours: INSPECT_DURATION_CAP_HOURS, negative: { ...acc.negative }, overCap: acc.overCap },
    dst: { gap: files.reduce((a, f) => a + f.dstGap, 0), overlap: files.reduce((a, f) => a + f.dstOverlap, 0) },
    files: fileCoverage(files, acc.coverage, zone),
    coverage: findCoverage(files, acc.coverage, zone),
    warnings: files.flatMap((f) => f.mapping.warnings.map((w) => (files.length > 1 ? `${f.source.name}: ${w}` : w))),
    advice: [],
  };
  report.advice = advise(report, files);
  return report;
}

function quoted(names: string[]): string {
  const q = names.map((n) => `"${n}"`);
  return q.length < 2 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/**
 * A derived time fails only when a duration column holds something that is not a decimal
 * number (`1:30`, `abc`); the timestamp format has nothing to do with it.
 */
function derivedFailureAdvice(field: string, files: FileSummary[], derived: ResolvedDerivation): string {
  const failures = files.reduce((a, x) => a + x.fields[field].failures, 0);
  const example = files.find((x) => x.fields[field].examples.length)?.fields[field].examples[0];
  const unitOf = (ms: number) => (ms === DURATION_UNITS.seconds ? 'seconds' : 'minutes');
  const names = derived.durations.map((x) => x.column.name);
  const units = [...new Set(derived.durations.map((x) => unitOf(x.unitMs)))];
  const which = names.length === 1 ? `the duration column ${quoted(names)}, which holds` : `the duration columns ${quoted(names)}, and one of them holds`;
  const must =
    units.length === 1
      ? `decimal ${units[0]}`
      : `decimal numbers, ${units.map((u) => `${u} in ${quoted(derived.durations.filter((x) => unitOf(x.unitMs) === u).map((x) => x.column.name))}`).join(' and ')}`;
  return `${failures} value${failures === 1 ? '' : 's'} of ${field} could not be computed${example === undefined ? '' : ` (e.g. "${example}")`}: ${field} is ${derived.after} plus ${which} values that are not numbers. Durations must be ${must} (1.5, not 1:30); those values count as missing.`;
}

/** Plain next steps for the analyst, most important first. */
function advise(r: InspectReport, files: FileSummary[]): string[] {
  const advice: string[] = [];
  const d = r.mappingDetails;
  if (d.origin === 'detected') {
    const unsure = Object.entries(d.confidence).filter(([, c]) => c < 0.8).map(([f]) => f);
    advice.push(
      `No preset matched this layout; columns were guessed from their names${unsure.length ? ` (least sure: ${unsure.join(', ')})` : ''}. Check the mapping above; to fix it, write a mapping file (docs/mapping.md) and pass --mapping.`,
    );
  }
  const timing = ['dispatched', 'arrived', 'cleared'].filter((f) => d.unmapped.includes(f));
  if (timing.length) {
    advice.push(`No ${timing.join('/')} column is mapped: officer time cannot be measured from this export and will be imputed or left out (docs/methodology.md). Map them with --mapping if the export has them.`);
  }
  if (d.unmapped.includes('source')) {
    advice.push('No call-source column: officer-initiated calls are recognised only from call types such as "ON VIEW" or "TRAFFIC STOP".');
  }
  if (r.input.rowsRejected) {
    const reasons = Object.entries(r.input.rejectReasons).map(([k, v]) => `${v} ${k}`).join(', ');
    advice.push(`${r.input.rowsRejected} rows were rejected (${reasons}). Use --rejects rejects.csv to see each with its line number.`);
  }
  for (const [field, f] of Object.entries(r.fields)) {
    if (!f.failures) continue;
    const failing = files.filter((x) => x.fields[field]?.failures);
    const derivation = (x: FileSummary) => x.mapping.times[field as CallTimeField]?.derived;
    const derivedIn = failing.filter(derivation);
    if (derivedIn.length < failing.length) {
      // Timestamp columns keep their advice; files that derive the field instead are advised below.
      const stamped = failing.filter((x) => !derivation(x));
      const failures = stamped.reduce((a, x) => a + x.fields[field].failures, 0);
      const example = derivedIn.length ? stamped[0].fields[field].examples[0] : f.examples[0];
      advice.push(`${failures} values in "${f.column}" (${field}) could not be parsed as ${d.timeFormats[field] ?? 'expected'} (e.g. "${example}"): they count as missing. Check --datetime-format.`);
    }
    if (derivedIn.length) advice.push(derivedFailureAdvice(field, derivedIn, derivation(derivedIn[0])!));
  }
  if (d.timeZoneOrigin === 'default') advice.push('No time zone was given: pass --tz with the agency\'s IANA zone (e.g. --tz America/Chicago).');
  if (r.duplicateIds.count && !d.rowPerUnit) {
    advice.push(
      `${r.duplicateIds.count} rows repeat an incident id seen earlier (e.g. ${r.duplicateIds.examples.map((e) => `"${e}"`).join(', ')}). If the export has one row per responding unit, map the unit column and set "rowPerUnit": true in a mapping file, so each incident counts once.`,
    );
  }
  if (r.durations.overCap || Object.values(r.durations.negative).some((n) => n > 0)) {
    const neg = Object.values(r.durations.negative).reduce((a, b) => a + b, 0);
    advice.push(`${neg} negative and ${r.durations.overCap} over-${r.durations.capHours}-hour intervals: estimate treats these as missing and imputes officer time from the call type's median.`);
  }
  if (r.dst.gap || r.dst.overlap) {
    advice.push(`${r.dst.gap} timestamps fell in a spring-forward gap and ${r.dst.overlap} in a repeated fall-back hour; they were read as documented in docs/time-zones.md.`);
  }
  advice.push(...describeCoverage(r.coverage));
  const differing = r.files.filter((f) => !f.sameMappingAsFirst);
  if (differing.length) {
    advice.push(
      `${differing.map((f) => f.path).join(', ')} ${differing.length === 1 ? 'has' : 'have'} other columns than ${r.files[0].path}: each file was mapped on its own (see "Mapping by file"). Check each mapping, or give one with --mapping.`,
    );
  }
  if (files.some((f) => f.lateUnitRows)) {
    advice.push('Some unit rows arrived long after their incident\'s other rows and were counted as separate calls; sort the export by incident before analysing.');
  }
  return advice;
}

export function describeInput(r: InspectReport): [string, string][] {
  const i = r.input;
  const csv = i.files.find((x) => x.format === 'csv');
  const sheets = i.files.filter((x) => x.format === 'xlsx').map((x) => `${x.sheet}${x.headerRow > 1 ? ` (header on row ${x.headerRow})` : ''}`);
  return [
    ['file', i.files.map((x) => x.path).join(', ')],
    ...(csv
      ? ([
          ['encoding', `${csv.encoding}${csv.bom ? ' (with BOM)' : ''}${csv.encodingReason === 'detected' ? ' (detected without BOM)' : ''}${csv.gzip ? ', gzip' : ''}`],
          ['delimiter', `${describeDelimiter(csv.delimiter)} (${csv.delimiterOrigin})`],
        ] as [string, string][])
      : []),
    ...(sheets.length ? ([['sheet', [...new Set(sheets)].join(', ')]] as [string, string][]) : []),
    ['layout', r.mappingDetails.origin === 'preset' ? `preset ${r.mappingDetails.name}` : r.mappingDetails.origin === 'detected' ? 'guessed from column names' : `mapping file ${r.mappingDetails.name}`],
    ...(r.mappingDetails.codeList ? ([['code list', r.mappingDetails.codeList]] as [string, string][]) : []),
    ['time zone', `${r.mappingDetails.timeZone} (${r.mappingDetails.timeZoneOrigin})`],
    ['rows read', String(i.rowsRead)],
    ['accepted', String(i.rowsAccepted)],
    ['rejected', `${i.rowsRejected}${i.rowsRejected ? ` (${Object.entries(i.rejectReasons).map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''}`],
    ['calls', `${i.calls}${i.unitRowsMerged ? ` (${i.unitRowsMerged} unit rows merged into their incidents)` : ''}`],
    ['date range', `${r.dateRange.from ?? '—'} → ${r.dateRange.to ?? '—'}`],
  ];
}

export { sortedCounts };
