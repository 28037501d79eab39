/**
 * Worker-thread entry: runs one shard and posts its result, or the error as plain data
 * (a CssError's kind, place and hint survive; anything else becomes an internal error).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CssError } from '../errors.js';
import { runShard, type ShardJob } from './shard.js';

try {
  const result = await runShard(workerData as ShardJob);
  parentPort!.postMessage({ ok: true, result });
} catch (err) {
  const error =
    err instanceof CssError
      ? { css: true, kind: err.kind, message: err.message, place: err.place, hint: err.hint, stack: err.stack }
      : { css: false, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined };
  parentPort!.postMessage({ ok: false, error });
}
