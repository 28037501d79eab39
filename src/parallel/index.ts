import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CssError, type ErrorKind, type ErrorPlace } from '../errors.js';
import { findSplitPoint, type SplitPoint } from '../ingest/split.js';
import type { ShardJob, ShardResult } from './shard.js';

/**
 * Reading a large export on two cores: the main thread analyses the file up to a record
 * boundary past the middle while a worker thread analyses the rest; their Stores add
 * exactly (src/aggregate/store.ts), so the Analysis is byte-for-byte the one a single
 * thread produces (test/parallel). Used only where that holds: a plain UTF-8 file on
 * disk, the fast reader, no per-row outputs, no collapsing of unit rows, no periods.
 */

/** Files smaller than this are read by one thread: starting a worker costs ~0.1 s. */
export const PARALLEL_MIN_BYTES = 32 << 20;
/**
 * Share of the file the main thread reads. It starts at once, while the worker first loads
 * its modules and taxonomy, so it takes a little more than half.
 */
export const MAIN_SHARE = 0.55;

const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));

/** Worker threads need the compiled worker file (absent when running TypeScript sources in tests). */
export function workersAvailable(): boolean {
  return existsSync(WORKER_FILE);
}

/**
 * Two threads by default only with four or more cores: on a two-core machine the worker
 * competes with the main thread, the hash worker and the garbage collector, and measured
 * runs there were as often slower as faster, with ~40 MB more memory (docs/performance.md).
 */
export function defaultThreads(): number {
  return availableParallelism() >= 4 ? 2 : 1;
}

/**
 * Where to cut the file, or null when it should be read by one thread: too small, not a
 * regular file, gzip or ZIP content, or no record boundary past the target.
 */
export async function planSplit(path: string, threads: number, minBytes = PARALLEL_MIN_BYTES): Promise<SplitPoint | null> {
  if (threads < 2 || path === '-' || !workersAvailable()) return null;
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) return null;
    size = s.size;
  } catch {
    return null;
  }
  if (size < minBytes || size < 2) return null;
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await file.read(head, 0, 4, 0);
    const gzip = head[0] === 0x1f && head[1] === 0x8b;
    const zip = head[0] === 0x50 && head[1] === 0x4b;
    const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
    if (gzip || zip || utf16) return null;
  } finally {
    await file.close();
  }
  return findSplitPoint(path, Math.floor(size * MAIN_SHARE));
}

export interface RunningShard {
  result: Promise<ShardResult>;
  stop(): Promise<void>;
}

export function startShard(job: ShardJob): RunningShard {
  // A small young generation keeps the worker's memory in line with the main thread's.
  const worker = new Worker(WORKER_FILE, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
  const result = new Promise<ShardResult>((resolve, reject) => {
    worker.once('message', (message: { ok: boolean; result?: ShardResult; error?: SerializedError }) => {
      if (message.ok) resolve(message.result!);
      else reject(revive(message.error!));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the reading thread stopped with code ${code}`));
    });
  });
  result.catch(() => undefined);
  return { result, stop: async () => void (await worker.terminate()) };
}

/** A reading thread's error as it crosses postMessage (see worker.ts). */
type SerializedError =
  | { css: true; kind: ErrorKind; message: string; place: ErrorPlace; hint?: string; stack?: string }
  | { css: false; message: string; stack?: string };

function revive(e: SerializedError): Error {
  if (e.css) {
    const err = new CssError(e.kind, e.message, e.place, e.hint);
    err.stack = e.stack;
    return err;
  }
  const err = new Error(e.message);
  err.stack = e.stack;
  return err;
}
