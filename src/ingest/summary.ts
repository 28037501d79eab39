import type { FileSummary } from './load.js';
import { describeDelimiter } from './sniff.js';
import type { Zone } from './time/index.js';
import type { ResolvedMapping } from './schema/resolve.js';

/** The `input` block shared by every JSON output (inspect, classify, estimate, report). */
export interface InputBlock {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rejectReasons: Record<string, number>;
  /** Calls analysed: rowsAccepted, or fewer when unit rows were collapsed into calls. */
  calls: number;
  /** Rows merged into another row of the same incident (one-row-per-unit exports). */
  unitRowsMerged: number;
  /** Preset name, or null when the mapping was detected or given in a file. */
  preset: string | null;
  mappingOrigin: 'preset' | 'mapping-file' | 'detected' | 'mixed';
  encoding: string;
  delimiter: string;
  timeZone: string;
  files: InputFileBlock[];
}

export interface InputFileBlock {
  path: string;
  sha256: string;
  bytes: number;
  /** 'csv' (text, possibly gzip) or 'xlsx' (an Excel workbook, recognised by content). */
  format: 'csv' | 'xlsx';
  /** The worksheet read (workbooks), else null. */
  sheet: string | null;
  /** Line or worksheet row of the header. */
  headerRow: number;
  gzip: boolean;
  encoding: string;
  encodingReason: string;
  bom: boolean;
  delimiter: string;
  delimiterName: string;
  delimiterOrigin: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rejectReasons: Record<string, number>;
  calls: number;
  preset: string | null;
  mappingOrigin: string;
  timeZone: string;
  dateRange: { from: string | null; to: string | null };
  /** This file's own mapping (Call field → column): files are mapped one by one, and may differ. */
  mapping: Record<string, string | string[]>;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Sorted copy of a reason → count map (largest first, then by name) for stable output. */
export function sortedCounts(counts: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) out[k] = v;
  return out;
}

export function inputBlock(files: FileSummary[], zoneFor: (f: FileSummary) => Zone): InputBlock {
  const reasons: Record<string, number> = {};
  for (const f of files) addCounts(reasons, f.rejectReasons);
  const sum = (pick: (f: FileSummary) => number) => files.reduce((a, f) => a + pick(f), 0);
  const same = <T>(pick: (f: FileSummary) => T, mixed: T): T => (files.every((f) => pick(f) === pick(files[0])) ? pick(files[0]) : mixed);
  return {
    rowsRead: sum((f) => f.rowsRead),
    rowsAccepted: sum((f) => f.rowsAccepted),
    rowsRejected: sum((f) => f.rowsRejected),
    rejectReasons: sortedCounts(reasons),
    calls: sum((f) => f.calls),
    unitRowsMerged: sum((f) => f.unitRowsMerged),
    preset: same((f) => (f.mapping.origin === 'preset' ? f.mapping.name : null), null),
    mappingOrigin: same((f) => f.mapping.origin, 'mixed' as const),
    encoding: same((f) => f.source.encoding as string, 'mixed'),
    delimiter: same((f) => f.delimiter, 'mixed'),
    timeZone: same((f) => f.mapping.timeZone, 'mixed'),
    files: files.map((f) => {
      const zone = zoneFor(f);
      return {
        path: f.path,
        sha256: f.source.sha256,
        bytes: f.source.bytes,
        format: f.format,
        sheet: f.sheet,
        headerRow: f.headerRow,
        gzip: f.source.gzip,
        encoding: f.source.encoding,
        encodingReason: f.source.encodingReason,
        bom: f.source.bom,
        delimiter: f.delimiter,
        delimiterName: describeDelimiter(f.delimiter),
        delimiterOrigin: f.delimiterOrigin,
        rowsRead: f.rowsRead,
        rowsAccepted: f.rowsAccepted,
        rowsRejected: f.rowsRejected,
        rejectReasons: sortedCounts(f.rejectReasons),
        calls: f.calls,
        preset: f.mapping.origin === 'preset' ? f.mapping.name : null,
        mappingOrigin: f.mapping.origin,
        timeZone: f.mapping.timeZone,
        dateRange: dateRange(f.receivedFrom, f.receivedTo, zone),
        mapping: mappingBlock(f),
      };
    }),
  };
}

/** Null ends when no row was accepted (NaN per file, ±Infinity from min/max over no files). */
export function dateRange(from: number, to: number, zone: Zone): { from: string | null; to: string | null } {
  return {
    from: Number.isFinite(from) ? zone.formatIsoWithOffset(from) : null,
    to: Number.isFinite(to) ? zone.formatIsoWithOffset(to) : null,
  };
}

/** Call field → source column(s), as the JSON contract's `mapping` (first file's mapping). */
export function mappingBlock(file: FileSummary): Record<string, string | string[]> {
  return mappingColumns(file.mapping);
}

/** Call field → source column(s) of one resolved mapping. */
export function mappingColumns(m: ResolvedMapping): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [field, col] of Object.entries(m.text)) if (col) out[field] = col.name;
  for (const [field, t] of Object.entries(m.times)) if (t) out[field] = t.columns.length === 1 ? t.columns[0].name : t.columns.map((c) => c.name);
  if (m.source) out.source = m.source.name;
  if (m.unit) out.unit = m.unit.name;
  if (m.units) out.units = m.units.name;
  return out;
}
