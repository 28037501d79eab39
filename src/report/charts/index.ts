import type { Analysis } from '../../aggregate/analysis.js';
import type { EstimateView } from '../estimate-view.js';
import { funnelChart, savingsChart, staffingChart } from './estimate.js';
import { categoriesChart, heatmapChart, responseMixChart } from './mix.js';
import { beatsChart, monthlyChart } from './time.js';
import type { ChartDef } from './types.js';

export type { ChartDef } from './types.js';
export { renderCharts, type RenderedChart, type ChartRenderOptions } from './render.js';

/** Chart names in report order (each becomes charts/<name>.vl.json, .svg and .png). */
export const CHART_NAMES = ['response-mix', 'categories', 'savings', 'funnel', 'heatmap', 'monthly', 'beats', 'staffing'] as const;

/**
 * Every chart the Analysis has data for, in report order. Estimate charts appear only
 * when the estimate sections are present; beats only when the export has beats.
 */
export function buildCharts(a: Analysis, est: EstimateView): ChartDef[] {
  const charts: ChartDef[] = [];
  if (a.totals.calls > 0) charts.push(responseMixChart(a), categoriesChart(a));
  if (est.scenarios) charts.push(savingsChart(est.scenarios, intervalLabel(est)));
  if (est.funnel) charts.push(funnelChart(est.funnel));
  if (a.totals.calls > 0) charts.push(heatmapChart(a));
  if (a.time.monthly.length > 0) charts.push(monthlyChart(a));
  if (a.beats.some((b) => b.eligibleCalls > 0 && b.beat !== '')) charts.push(beatsChart(a));
  if (est.staffing?.computed && est.staffing.byHourOfWeek.length) charts.push(staffingChart(est.staffing));
  return charts;
}

export function intervalLabel(est: EstimateView): string {
  const level = est.meta?.intervals?.level;
  return typeof level === 'number' ? `${Math.round(level * 100)}% bootstrap intervals` : 'bootstrap intervals';
}
