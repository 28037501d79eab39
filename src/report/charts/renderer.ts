import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { preloadChartEngines, renderCharts, type ChartRenderOptions, type RenderedChart } from './render.js';
import type { ChartDef } from './types.js';

/**
 * Where charts are drawn. In a worker thread, vega's ~0.3 s of start-up and the drawing
 * itself run on another core while the main thread reads the export and writes the text
 * formats; in process when a worker cannot start (e.g. running from TypeScript sources).
 * Both give the same bytes.
 */
export interface ChartRenderer {
  render(charts: ChartDef[], options?: ChartRenderOptions): Promise<RenderedChart[]>;
  close(): Promise<void>;
}

export const inProcessRenderer: ChartRenderer = {
  render: (charts, options) => renderCharts(charts, options),
  close: async () => undefined,
};

/**
 * Chart workers to start: two when the machine has cores to spare (each draws half the
 * charts, so the drawing after the analysis takes about half as long), else one, which
 * still takes vega's start-up off the main thread.
 */
export function defaultChartWorkers(): number {
  return availableParallelism() >= 4 ? 2 : 1;
}

/** Starts chart workers now (they begin loading the libraries at once); falls back to in-process. */
export function startChartRenderer(png = true, workers = defaultChartWorkers()): ChartRenderer {
  const url = new URL('./worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) {
    preloadChartEngines(png).catch(() => undefined);
    return inProcessRenderer;
  }
  const pool = Array.from({ length: Math.max(1, workers) }, () => new Worker(url, { workerData: { png } }));
  const pending = new Map<number, { resolve: (r: RenderedChart) => void; reject: (e: Error) => void }>();
  // Each chart is one request, remembered by its spec and options: charts started early
  // (prefetchCharts, before the estimate exists) are not drawn twice.
  const memo = new Map<string, Promise<RenderedChart>>();
  let next = 0;
  let failed: Error | null = null;
  const failAll = (err: Error) => {
    failed = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  for (const worker of pool) {
    worker.on('message', (msg: { id: number; result?: RenderedChart[]; error?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error !== undefined) p.reject(new Error(`chart rendering failed: ${msg.error}`));
      else p.resolve({ ...msg.result![0], png: msg.result![0].png ? new Uint8Array(msg.result![0].png) : null });
    });
    worker.on('error', (err) => failAll(err));
    worker.on('exit', (code) => failAll(new Error(`chart worker exited with code ${code}`)));
  }
  const one = (chart: ChartDef, options: ChartRenderOptions): Promise<RenderedChart> => {
    const key = JSON.stringify([chart.name, chart.title, chart.alt, chart.spec, options]);
    let result = memo.get(key);
    if (!result) {
      result = failed
        ? Promise.reject(failed)
        : new Promise<RenderedChart>((resolve, reject) => {
            const id = next++;
            pending.set(id, { resolve, reject });
            pool[id % pool.length].postMessage({ id, charts: [chart], options });
          });
      result.catch(() => undefined);
      memo.set(key, result);
    }
    return result;
  };
  return {
    render: (charts, options = {}) => Promise.all(charts.map((c) => one(c, options))),
    close: async () => {
      for (const worker of pool) worker.removeAllListeners('exit');
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}
