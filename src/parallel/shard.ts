import { createReadStream } from 'node:fs';
import { compileTaxonomy, loadTaxonomy } from '../classify/index.js';
import { Accumulator } from '../aggregate/accumulate.js';
import type { OfficerTimeParameters } from '../aggregate/finalize.js';
import { storeToJson, type StoreJson } from '../aggregate/store.js';
import { CssError } from '../errors.js';
import { emptyCall } from '../ingest/call.js';
import { FATAL_UNLESS_SKIPPING, REJECT_REASONS, fatalRejection, type RejectReason } from '../ingest/rejects.js';
import { RowMapper, type FieldStats } from '../ingest/row-mapper.js';
import { scanRecords } from '../ingest/scanner.js';
import { resolveMapping, type ResolveOptions } from '../ingest/schema/resolve.js';
import { validateUtf8 } from '../ingest/source.js';
import { createZone } from '../ingest/time/index.js';

/** Everything a worker needs to analyse the second part of a file exactly as the main thread would. */
export interface ShardJob {
  path: string;
  fileName: string;
  fileIndex: number;
  /** Byte offset of the first record of this part, and the line it starts on. */
  start: number;
  startLine: number;
  delimiter: string;
  maxRecordBytes: number;
  skipBadRows: boolean;
  /** Inputs of the main thread's mapping decision, replayed so the worker resolves the same mapping. */
  headers: string[];
  sample: string[][];
  resolve: ResolveOptions;
  taxonomy: string;
  officerTime: OfficerTimeParameters;
  needed: string[];
}

export interface ShardResult {
  store: StoreJson;
  rowsRead: number;
  rowsRejected: number;
  rejectReasons: Record<string, number>;
  fields: Record<string, FieldStats>;
  receivedFrom: number;
  receivedTo: number;
  dstGap: number;
  dstOverlap: number;
}

/**
 * Analyses the part of a file from job.start to its end: the same reader, mapper,
 * rejection rules and accumulator as the main path (src/ingest/load.ts, src/analyze.ts),
 * minus what needs the whole file (sniffing, sampling, hashing — done by the caller).
 */
export async function runShard(job: ShardJob): Promise<ShardResult> {
  const mapping = resolveMapping(job.headers, job.sample, job.resolve);
  const zone = createZone(mapping.timeZone);
  const classifier = compileTaxonomy(loadTaxonomy(job.taxonomy));
  const mapper = new RowMapper(mapping, zone, job.fileIndex, new Set(job.needed));
  const accumulator = new Accumulator(classifier, zone, job.officerTime);
  const call = emptyCall();
  const reasons: Record<string, number> = {};
  let rowsRead = 0;
  let rowsRejected = 0;
  let from = Infinity;
  let to = -Infinity;
  const reject = (reason: RejectReason, detail: string, line: number) => {
    if (FATAL_UNLESS_SKIPPING.has(reason) && !job.skipBadRows) throw fatalRejection(reason, detail, job.fileName, line);
    rowsRejected++;
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  };
  const stream = createReadStream(job.path, { start: job.start, highWaterMark: 1 << 20 });
  const chunks = validateUtf8(stream as AsyncIterable<Buffer>, job.fileName, job.startLine - 1);
  try {
    await scanRecords(
      chunks,
      { delimiter: job.delimiter, maxRecordBytes: job.maxRecordBytes, fileName: job.fileName, startLine: job.startLine },
      (rec) => {
        rowsRead++;
        const problem = mapper.map(rec, call);
        if (problem) {
          reject(problem.reason, problem.detail, rec.line);
          return;
        }
        if (call.received < from) from = call.received;
        if (call.received > to) to = call.received;
        accumulator.add(call);
      },
    );
  } catch (err) {
    if (!(err instanceof CssError && /unclosed quote/i.test(err.message) && job.skipBadRows)) throw err;
    rowsRead++;
    reject(REJECT_REASONS.unclosedQuote, err.message, err.place.line ?? 0);
  }
  return {
    store: storeToJson(accumulator.store),
    rowsRead,
    rowsRejected,
    rejectReasons: reasons,
    fields: mapper.stats,
    receivedFrom: from,
    receivedTo: to,
    dstGap: zone.gapCount,
    dstOverlap: zone.overlapCount,
  };
}
