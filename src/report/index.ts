import type { Analysis } from '../aggregate/analysis.js';
import { stableJson } from '../util/json.js';
import { buildDocument } from './build.js';
import { buildCharts, type ChartDef, type ChartRenderOptions, type RenderedChart } from './charts/index.js';
import { inProcessRenderer, type ChartRenderer } from './charts/renderer.js';
import { estimateView } from './estimate-view.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { buildTables } from './tables.js';

export { buildDocument } from './build.js';
export { buildCharts, renderCharts, CHART_NAMES, type ChartDef } from './charts/index.js';
export { preloadChartEngines } from './charts/render.js';
export { startChartRenderer, inProcessRenderer, type ChartRenderer } from './charts/renderer.js';
export { estimateView, hasEstimate, type EstimateView } from './estimate-view.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { buildTables, type CsvTable } from './tables.js';
export { escapeHtml, escapeMarkdown } from './escape.js';

function drawCharts(charts: ChartDef[], formats: Set<ReportFormat>, options: RenderOptions): Promise<RenderedChart[]> {
  if (!formats.has('html') && !formats.has('charts')) return Promise.resolve([]);
  return (options.renderer ?? inProcessRenderer).render(charts, { ...options.charts, png: formats.has('charts') && options.charts?.png !== false });
}

/**
 * Starts drawing the charts that need no estimate (call mix, categories, heat map,
 * monthly trend, beats) as soon as the analysis exists, so a worker renderer draws them
 * while the estimate runs; renderReport later picks them up instead of drawing them again.
 */
export function prefetchCharts(a: Analysis, options: RenderOptions = {}): void {
  // Only a worker remembers what it drew; in process this would draw everything twice.
  if (!options.renderer || options.renderer === inProcessRenderer) return;
  const formats = new Set<ReportFormat>(options.formats ?? REPORT_FORMATS);
  drawCharts(buildCharts(a, estimateView(a)), formats, options).catch(() => undefined);
}

export const REPORT_FORMATS = ['md', 'html', 'json', 'csv', 'charts'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** One output file, its path relative to the report directory. */
export interface ReportFile {
  path: string;
  data: string | Uint8Array;
}

export interface RenderOptions {
  formats?: readonly ReportFormat[];
  charts?: ChartRenderOptions;
  /** Where charts are drawn (default: in this thread). */
  renderer?: ChartRenderer;
}

export interface RenderResult {
  files: ReportFile[];
  /** Milliseconds building the text formats, and then waiting for the charts to finish drawing. */
  timings: { text: number; waitForCharts: number };
}

/**
 * Renders a whole report from an Analysis: report.md, report.html, analysis.json,
 * tables/*.csv and charts/*.{vl.json,svg,png}, or the chosen subset. Pure apart from
 * loading the chart libraries: the same Analysis gives the same bytes.
 */
export async function renderReport(a: Analysis, options: RenderOptions = {}): Promise<RenderResult> {
  const formats = new Set<ReportFormat>(options.formats ?? REPORT_FORMATS);
  const est = estimateView(a);
  const charts = buildCharts(a, est);
  const files: ReportFile[] = [];
  const t0 = performance.now();
  // Charts draw (possibly on another thread) while the text formats are built here.
  const drawing = drawCharts(charts, formats, options);
  drawing.catch(() => undefined);
  const doc = formats.has('md') || formats.has('html') ? buildDocument(a, est, charts) : null;
  if (doc && formats.has('md')) files.push({ path: 'report.md', data: renderMarkdown(doc, { chartImages: formats.has('charts') }) });
  if (formats.has('json')) files.push({ path: 'analysis.json', data: stableJson(a) });
  if (formats.has('csv')) for (const t of buildTables(a, est)) files.push({ path: `tables/${t.name}.csv`, data: t.csv });
  const t1 = performance.now();
  const rendered = await drawing;
  const t2 = performance.now();
  if (doc && formats.has('html')) files.push({ path: 'report.html', data: renderHtml(doc, { svgs: new Map(rendered.map((r) => [r.name, r.svg])) }) });
  if (formats.has('charts')) {
    for (const c of charts) files.push({ path: `charts/${c.name}.vl.json`, data: stableJson(c.spec) });
    for (const r of rendered) {
      files.push({ path: `charts/${r.name}.svg`, data: r.svg });
      if (r.png) files.push({ path: `charts/${r.name}.png`, data: r.png });
    }
  }
  files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return { files, timings: { text: t1 - t0 + (performance.now() - t2), waitForCharts: t2 - t1 } };
}

