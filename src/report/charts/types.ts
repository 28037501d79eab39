import type { TableBlock } from '../document.js';

/** A chart: its Vega-Lite spec (data inline, aggregates only) and its text alternative. */
export interface ChartDef {
  /** File stem under charts/ (`<name>.vl.json`, `.svg`, `.png`). */
  name: string;
  title: string;
  /** Alt text: what the chart shows and its main figures, in a sentence or two. */
  alt: string;
  /** The chart's data as a table (HTML text alternative; also the basis of the alt text). */
  table: TableBlock;
  spec: Record<string, unknown>;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

interface SideBySide {
  height: number;
  y: { field: string; sort: string[]; title: string | null; labelLimit: number };
  /** One bar chart per measure (rows of the data with `measure` equal to it), left to right. */
  panels: { measure: string; title: string }[];
  color: Record<string, unknown>;
  stack?: boolean;
}

/**
 * Bar charts of several measures sharing one category axis, each with its own x axis
 * title and units (a facet would force one title on all). Only the first shows labels.
 */
export function sideBySide(o: SideBySide): Record<string, unknown> {
  return {
    hconcat: o.panels.map((panel, i) => ({
      width: 220,
      height: o.height,
      transform: [{ filter: { field: 'measure', equal: panel.measure } }],
      mark: { type: 'bar' },
      encoding: {
        y: {
          field: o.y.field,
          type: 'nominal',
          sort: o.y.sort,
          title: i === 0 ? o.y.title : null,
          axis: i === 0 ? { labelLimit: o.y.labelLimit } : { labels: false, ticks: false, domain: false },
        },
        x: { field: 'amount', type: 'quantitative', title: panel.title, axis: { format: ',.0f', tickCount: 4 }, ...(o.stack ? { stack: 'zero' } : {}) },
        color: o.color,
        ...(o.stack ? { order: { field: 'level', type: 'nominal', sort: 'descending' } } : {}),
      },
    })),
    spacing: 16,
  };
}
