/**
 * How several files cover time, for `inspect`: each file's date range, the holes between
 * them (a missing month: a file was not downloaded) and the stretches two files both
 * cover (a year given twice would count every call twice). Files split by something
 * other than time (one per district) overlap by design: the ids the two files share
 * tell the cases apart.
 */
import type { FileSummary } from './load.js';
import { mappingBlock } from './summary.js';
import { daysFromCivil, MS_PER_DAY } from './time/civil.js';
import type { Zone } from './time/index.js';

/** Between consecutive files, a stretch without calls longer than this is a gap. */
export const GAP_MIN_DAYS = 1;

export interface FileCoverage {
  path: string;
  format: 'csv' | 'xlsx';
  sheet: string | null;
  headerRow: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  calls: number;
  from: string | null;
  to: string | null;
  /** Calendar months (agency zone) holding at least one call. */
  months: number;
  headers: string[];
  mapping: Record<string, string | string[]>;
  /** False when this file's columns map differently from the first file's. */
  sameMappingAsFirst: boolean;
}

export interface CoverageGap {
  from: string;
  to: string;
  days: number;
  /** The files on either side, or null for a hole inside one file's range. */
  after: string | null;
  before: string | null;
  /** For a hole inside a file's range: that file. */
  within: string | null;
  /** Calendar months (YYYY-MM) with no call at all inside the gap. */
  emptyMonths: string[];
}

export interface CoverageOverlap {
  files: [string, string];
  from: string;
  to: string;
  days: number;
  /** Incident ids found in both files: many means the same calls were exported twice. */
  sharedIds: number;
  /** False when a file has no incident-id column, so sharedIds says nothing. */
  idsCompared: boolean;
}

export interface Coverage {
  gaps: CoverageGap[];
  overlaps: CoverageOverlap[];
}

/** Per-file facts collected while reading (InspectAccumulator). */
export interface CoverageCounts {
  /** fileIndex → month key (year * 12 + month − 1) → calls. */
  months: Map<number, Map<number, number>>;
  /** "i,j" (i < j) → ids seen in both files. */
  sharedIds: Map<string, number>;
}

const days = (ms: number) => Math.round((ms / MS_PER_DAY) * 10) / 10;
const monthLabel = (key: number) => `${Math.floor(key / 12)}-${String((key % 12) + 1).padStart(2, '0')}`;
const monthStart = (key: number, zone: Zone) => zone.toInstant(daysFromCivil(Math.floor(key / 12), (key % 12) + 1, 1) * MS_PER_DAY);
const sameMapping = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a) === JSON.stringify(b);

export function fileCoverage(files: FileSummary[], counts: CoverageCounts, zone: Zone): FileCoverage[] {
  const first = files.length ? mappingBlock(files[0]) : {};
  return files.map((f, i) => {
    const mapping = mappingBlock(f);
    return {
      path: f.path,
      format: f.format,
      sheet: f.sheet,
      headerRow: f.headerRow,
      rowsRead: f.rowsRead,
      rowsAccepted: f.rowsAccepted,
      rowsRejected: f.rowsRejected,
      calls: f.calls,
      from: Number.isNaN(f.receivedFrom) ? null : zone.formatIsoWithOffset(f.receivedFrom),
      to: Number.isNaN(f.receivedTo) ? null : zone.formatIsoWithOffset(f.receivedTo),
      months: counts.months.get(i)?.size ?? 0,
      headers: f.headers,
      mapping,
      sameMappingAsFirst: sameMapping(mapping, first),
    };
  });
}

export function findCoverage(files: FileSummary[], counts: CoverageCounts, zone: Zone): Coverage {
  const withCalls = files.map((f, i) => ({ f, i })).filter(({ f }) => !Number.isNaN(f.receivedFrom));
  const allMonths = new Map<number, number>();
  for (const m of counts.months.values()) for (const [k, n] of m) allMonths.set(k, (allMonths.get(k) ?? 0) + n);
  const emptyMonthsIn = (from: number, to: number) => {
    const out: string[] = [];
    for (let k = zone.monthKey(from); k <= zone.monthKey(to); k++) {
      if (!allMonths.get(k) && monthStart(k, zone) >= from && monthStart(k + 1, zone) <= to) out.push(monthLabel(k));
    }
    return out;
  };

  const gaps: CoverageGap[] = [];
  const sorted = [...withCalls].sort((a, b) => a.f.receivedFrom - b.f.receivedFrom || a.i - b.i);
  let coveredTo = -Infinity;
  let coveredBy: FileSummary | null = null;
  for (const { f } of sorted) {
    if (coveredBy && f.receivedFrom - coveredTo > GAP_MIN_DAYS * MS_PER_DAY) {
      gaps.push({
        from: zone.formatIsoWithOffset(coveredTo),
        to: zone.formatIsoWithOffset(f.receivedFrom),
        days: days(f.receivedFrom - coveredTo),
        after: coveredBy.path,
        before: f.path,
        within: null,
        emptyMonths: emptyMonthsIn(coveredTo, f.receivedFrom),
      });
    }
    if (f.receivedTo > coveredTo) [coveredTo, coveredBy] = [f.receivedTo, f];
  }
  // Whole months without a call inside the files' ranges (e.g. a month missing from a yearly file).
  const between = new Set(gaps.flatMap((g) => g.emptyMonths));
  if (allMonths.size) {
    const keys = [...allMonths.keys()];
    const lo = Math.min(...keys);
    const hi = Math.max(...keys);
    let run: number[] = [];
    const flush = () => {
      if (run.length) {
        const from = monthStart(run[0], zone);
        const to = monthStart(run[run.length - 1] + 1, zone);
        const within = withCalls.find(({ f }) => f.receivedFrom <= from && f.receivedTo >= to)?.f.path ?? null;
        gaps.push({ from: zone.formatIsoWithOffset(from), to: zone.formatIsoWithOffset(to), days: days(to - from), after: null, before: null, within, emptyMonths: run.map(monthLabel) });
      }
      run = [];
    };
    for (let k = lo; k <= hi; k++) {
      if (!allMonths.get(k) && !between.has(monthLabel(k))) run.push(k);
      else flush();
    }
    flush();
  }
  gaps.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));

  const overlaps: CoverageOverlap[] = [];
  for (let x = 0; x < withCalls.length; x++) {
    for (let y = x + 1; y < withCalls.length; y++) {
      const a = withCalls[x];
      const b = withCalls[y];
      const from = Math.max(a.f.receivedFrom, b.f.receivedFrom);
      const to = Math.min(a.f.receivedTo, b.f.receivedTo);
      if (from >= to) continue;
      overlaps.push({
        files: [a.f.path, b.f.path],
        from: zone.formatIsoWithOffset(from),
        to: zone.formatIsoWithOffset(to),
        days: days(to - from),
        sharedIds: counts.sharedIds.get(`${a.i},${b.i}`) ?? 0,
        idsCompared: !!(a.f.mapping.text.id && b.f.mapping.text.id),
      });
    }
  }
  return { gaps, overlaps };
}

/** One line per finding, for the terminal and inspect's advice. */
export function describeCoverage(c: Coverage): string[] {
  const lines: string[] = [];
  for (const g of c.gaps) {
    const months = g.emptyMonths.length ? ` (no calls at all in ${g.emptyMonths.join(', ')})` : '';
    lines.push(
      g.after && g.before
        ? `Gap: no calls for ${g.days} days between ${g.after} (ends ${g.from}) and ${g.before} (starts ${g.to})${months}. Is a file missing?`
        : `Gap: no calls from ${g.from} to ${g.to}${g.within ? ` inside ${g.within}` : ''}${months}. Is part of the export missing?`,
    );
  }
  for (const o of c.overlaps) {
    const ids = !o.idsCompared
      ? '; without incident ids they cannot be compared: if both hold the same calls, drop one of the files'
      : o.sharedIds
        ? `; ${o.sharedIds} incident ids appear in both, so these calls would be counted twice — drop one of the files`
        : '; they share no incident ids, which is expected when files are split by district or agency, not by date';
    lines.push(`Overlap: ${o.files[0]} and ${o.files[1]} both cover ${o.from} to ${o.to} (${o.days} days)${ids}.`);
  }
  return lines;
}
