import type { Analysis } from '../../aggregate/analysis.js';
import type { ChartDef } from '../charts/types.js';
import { right, table, type Block, type Cell, type ChartBlock, type TableBlock } from '../document.js';
import type { EstimateView } from '../estimate-view.js';

/** What every section builder gets. */
export interface SectionContext {
  a: Analysis;
  est: EstimateView;
  charts: Map<string, ChartDef>;
}

/** The chart's block, or nothing when the chart was not drawn (no data for it). */
export function chart(ctx: SectionContext, name: string): Block[] {
  const c = ctx.charts.get(name);
  if (!c) return [];
  const block: ChartBlock = { kind: 'chart', name: c.name, title: c.title, alt: c.alt, table: c.table };
  return [block];
}

/** A two-column table of labelled values. */
export function facts(rows: [string, Cell][], caption?: string): TableBlock {
  return table(['Item', 'Value'], rows, caption ? { caption } : {});
}

export const num = right;

/** Days covered, or null when the analysis has no dated calls. */
export function daysCovered(a: Analysis): number | null {
  return a.coverage.days > 0 ? a.coverage.days : null;
}

/** Whole-period count × 365.25 ÷ days covered. */
export function perYear(a: Analysis, n: number): number | null {
  const d = daysCovered(a);
  return d ? (n * 365.25) / d : null;
}

/** "2019-10-01" from "2019-10-01T00:01:46-04:00": the local date of an ISO timestamp with offset. */
export function localDate(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

/** "2019-10-01 00:01" from an ISO timestamp with offset. */
export function localTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '—';
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** Community + civilian: the levels a non-police responder could take. */
export function eligible(a: Analysis): { calls: number; hours: number; shareOfCalls: number; shareOfHours: number; types: number } {
  const rows = a.responses.filter((r) => r.response === 'community' || r.response === 'civilian');
  return {
    calls: rows.reduce((s, r) => s + r.calls, 0),
    hours: rows.reduce((s, r) => s + r.officerHours, 0),
    shareOfCalls: rows.reduce((s, r) => s + r.shareOfCalls, 0),
    shareOfHours: rows.reduce((s, r) => s + r.shareOfHours, 0),
    types: rows.reduce((s, r) => s + r.callTypes, 0),
  };
}
