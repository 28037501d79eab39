import { mergeStore, storeFromJson, type Store } from '../aggregate/store.js';
import type { FieldStats } from '../ingest/row-mapper.js';
import type { FileSummary, LoadOptions } from '../ingest/load.js';
import type { ReadLimit } from '../ingest/source.js';
import type { SplitPoint } from '../ingest/split.js';
import { defaultThreads, planSplit, startShard, type RunningShard } from './index.js';
import type { ShardJob } from './shard.js';

export interface ParallelOptions extends Pick<LoadOptions, 'onReject' | 'onAcceptedRow' | 'reader' | 'headerRow' | 'encoding' | 'maxRecordBytes'> {
  threads?: number;
  parallelMinBytes?: number;
  onCall?: unknown;
  onClassifiedRow?: unknown;
  windows?: unknown;
}

/** What the main thread's run does about splitting: limits to read by, shards to start and merge. */
export interface ParallelRun {
  readLimit(fileIndex: number): ReadLimit | undefined;
  /** Called when file i's mapping is known: splits it if it was planned and nothing forbids it. */
  start(fileIndex: number, job: Omit<ShardJob, 'path' | 'start' | 'startLine' | 'maxRecordBytes'> & { maxRecordBytes?: number }): void;
  /** Runs the main thread's reading; stops the shards if it fails. */
  guard<T>(read: () => Promise<T>): Promise<T>;
  /** How many files were split. */
  splitFiles(): number;
  /** Waits for the shards and adds their results into the store and the file summaries. */
  finish(files: FileSummary[], store: Store): Promise<void>;
}

const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** Per-row outputs, windows, unit collapsing and other readers need one thread, in file order. */
function eligible(options: ParallelOptions): boolean {
  return (
    !options.onReject &&
    !options.onAcceptedRow &&
    !options.onCall &&
    !options.onClassifiedRow &&
    !options.windows &&
    options.reader !== 'csv-parse' &&
    options.headerRow === undefined &&
    (options.encoding === undefined || options.encoding === 'utf-8')
  );
}

export async function planParallel(paths: string[], options: ParallelOptions): Promise<ParallelRun> {
  const threads = options.threads ?? defaultThreads();
  const plans: (SplitPoint | null)[] = eligible(options)
    ? await Promise.all(paths.map((p) => planSplit(p, threads, options.parallelMinBytes)))
    : paths.map(() => null);
  const limits = plans.map((p) => (p ? ({ end: undefined, position: 0 } as ReadLimit) : undefined));
  const shards = new Map<number, RunningShard>();
  return {
    readLimit: (i) => limits[i],
    splitFiles: () => shards.size,
    start(i, job) {
      const plan = plans[i];
      const limit = limits[i];
      // The mapping sample may already have read past the cut (a small file): read it whole.
      if (!plan || !limit || limit.position > plan.offset) return;
      limit.end = plan.offset;
      shards.set(i, startShard({ ...job, path: paths[i], start: plan.offset, startLine: plan.line, maxRecordBytes: job.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES }));
    },
    async guard(read) {
      try {
        return await read();
      } catch (err) {
        await Promise.all([...shards.values()].map((s) => s.stop()));
        throw err;
      }
    },
    async finish(files, store) {
      for (const [i, shard] of [...shards.entries()].sort((a, b) => a[0] - b[0])) {
        const r = await shard.result;
        mergeStore(store, storeFromJson(r.store));
        const f = files[i];
        f.rowsRead += r.rowsRead;
        f.rowsRejected += r.rowsRejected;
        f.rowsAccepted = f.rowsRead - f.rowsRejected;
        f.calls += r.rowsRead - r.rowsRejected;
        for (const [k, n] of Object.entries(r.rejectReasons)) f.rejectReasons[k] = (f.rejectReasons[k] ?? 0) + n;
        for (const [k, s] of Object.entries(r.fields)) addStats(f.fields[k], s);
        f.receivedFrom = minDefined(f.receivedFrom, r.receivedFrom);
        f.receivedTo = maxDefined(f.receivedTo, r.receivedTo);
        f.dstGap += r.dstGap;
        f.dstOverlap += r.dstOverlap;
      }
    },
  };
}

function addStats(into: FieldStats | undefined, from: FieldStats): void {
  if (!into) return;
  into.filled += from.filled;
  into.missing += from.missing;
  into.failures += from.failures;
  into.placeholders += from.placeholders;
  for (const e of from.examples) if (into.examples.length < 3) into.examples.push(e);
}

function minDefined(a: number, b: number): number {
  if (!Number.isFinite(b)) return a;
  return Number.isNaN(a) ? b : Math.min(a, b);
}

function maxDefined(a: number, b: number): number {
  if (!Number.isFinite(b)) return a;
  return Number.isNaN(a) ? b : Math.max(a, b);
}
