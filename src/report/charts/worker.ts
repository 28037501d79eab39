import { parentPort, workerData } from 'node:worker_threads';
import { preloadChartEngines, renderCharts, type ChartRenderOptions } from './render.js';
import type { ChartDef } from './types.js';

/**
 * Chart worker (see renderer.ts): loads vega, vega-lite and resvg as soon as it starts, so
 * their start-up overlaps the main thread reading the export, then renders on request.
 */
interface Request {
  id: number;
  charts: ChartDef[];
  options: ChartRenderOptions;
}

const port = parentPort;
if (port) {
  preloadChartEngines((workerData as { png?: boolean } | undefined)?.png !== false).catch(() => undefined);
  port.on('message', (req: Request) => {
    renderCharts(req.charts, req.options).then(
      (result) => port.postMessage({ id: req.id, result }, result.flatMap((r) => (r.png ? [r.png.buffer as ArrayBuffer] : []))),
      (err: unknown) => port.postMessage({ id: req.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
}
