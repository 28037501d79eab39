import { existsSync } from 'node:fs';
import { escapeHtml } from '../escape.js';
import type { ChartDef } from './types.js';

/**
 * Vega-Lite → Vega → SVG (headless, renderer 'none': no canvas; text widths are
 * estimated, hence the explicit sizes and label limits in every spec) → PNG (resvg).
 * vega, vega-lite and resvg are imported here, lazily, so commands that draw no chart
 * do not pay their start-up time.
 */
export interface RenderedChart {
  name: string;
  /** Standalone SVG document with a <title> and ids prefixed by the chart name. */
  svg: string;
  png: Uint8Array | null;
}

export interface ChartRenderOptions {
  png?: boolean;
  /** PNG scale factor (2 = twice the SVG's pixel size). */
  pngScale?: number;
  /** Font for the PNG; default: Liberation Sans or DejaVu Sans when installed, else the system's fonts. */
  font?: FontChoice | null;
}

export interface FontChoice {
  family: string;
  files: string[];
}

const FONT_CANDIDATES: FontChoice[] = [
  { family: 'Liberation Sans', files: ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'] },
  { family: 'Liberation Sans', files: ['/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf', '/usr/share/fonts/liberation-sans/LiberationSans-Bold.ttf'] },
  { family: 'DejaVu Sans', files: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'] },
  { family: 'Arial', files: ['/Library/Fonts/Arial.ttf', '/Library/Fonts/Arial Bold.ttf', 'C:\\Windows\\Fonts\\arial.ttf', 'C:\\Windows\\Fonts\\arialbd.ttf'] },
];

/** A fixed font, so a machine renders the same PNG bytes every run; null: use the system's fonts. */
export function defaultFont(): FontChoice | null {
  for (const c of FONT_CANDIDATES) {
    const files = c.files.filter((f) => existsSync(f));
    if (files.length) return { family: c.family, files };
  }
  return null;
}

/**
 * Vega numbers its clip paths and gradients with a process-wide counter: rename them by
 * chart and order of appearance so the bytes do not depend on what was drawn before, and
 * several charts can be inlined in one HTML page without clashing ids.
 */
export function prefixIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1])) ids.set(m[1], `${prefix}-${ids.size + 1}`);
  if (!ids.size) return svg;
  const rename = (id: string) => ids.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}${rename(id)}${b}`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`)
    .replace(/(href=")#([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}#${rename(id)}${b}`);
}

/** Adds role="img", an aria-label and a <title> (the chart's alt text) to the root <svg>. */
export function labelSvg(svg: string, title: string, alt: string): string {
  const label = escapeHtml(`${title}. ${alt}`);
  return svg.replace(/^<svg\b([^>]*)>/, (_, attrs: string) => {
    const clean = attrs.replace(/\s(role|aria-label|aria-roledescription)="[^"]*"/g, '');
    return `<svg${clean} role="img" aria-label="${label}"><title>${escapeHtml(title)}</title><desc>${escapeHtml(alt)}</desc>`;
  });
}

interface Engines {
  vega: typeof import('vega');
  vegaLite: typeof import('vega-lite');
  resvg: typeof import('@resvg/resvg-js') | null;
}

let engines: Promise<Engines> | null = null;

/** Starts loading the chart libraries; call early to overlap their start-up with other work. */
export function preloadChartEngines(png = true): Promise<Engines> {
  engines ??= Promise.all([import('vega'), import('vega-lite'), png ? import('@resvg/resvg-js') : Promise.resolve(null)]).then(([vega, vegaLite, resvg]) => ({ vega, vegaLite, resvg }));
  return engines;
}

/** Vega-Lite spec → standalone SVG with a title, description and chart-scoped ids. */
async function toSvg(e: Engines, chart: ChartDef): Promise<string> {
  const compiled = e.vegaLite.compile(chart.spec as unknown as Parameters<typeof e.vegaLite.compile>[0]).spec;
  const view = new e.vega.View(e.vega.parse(compiled), { renderer: 'none' });
  try {
    return labelSvg(prefixIds(await view.toSVG(), chart.name), chart.title, chart.alt);
  } finally {
    view.finalize();
  }
}

/**
 * Renders each chart to SVG (and PNG unless disabled). Rasterising runs on libuv's thread
 * pool (resvg's renderAsync) while the next chart's SVG is drawn. Deterministic for the
 * same specs and fonts.
 */
export async function renderCharts(charts: ChartDef[], options: ChartRenderOptions = {}): Promise<RenderedChart[]> {
  const wantPng = options.png !== false;
  const e = await preloadChartEngines(wantPng);
  const font = options.font === undefined ? defaultFont() : options.font;
  const pngOptions = {
    fitTo: { mode: 'zoom' as const, value: options.pngScale ?? 2 },
    font: font ? { loadSystemFonts: false, fontFiles: font.files, defaultFontFamily: font.family, sansSerifFamily: font.family } : { loadSystemFonts: true },
    background: 'white',
  };
  const svgs: string[] = [];
  const pngs: Promise<Uint8Array | null>[] = [];
  for (const chart of charts) {
    const svg = await toSvg(e, chart);
    svgs.push(svg);
    pngs.push(wantPng && e.resvg ? e.resvg.renderAsync(svg, pngOptions).then((img) => new Uint8Array(img.asPng())) : Promise.resolve(null));
  }
  const done = await Promise.all(pngs);
  return charts.map((c, i) => ({ name: c.name, svg: svgs[i], png: done[i] }));
}
