/**
 * `css-analyze generate`: a deterministic, realistic synthetic calls-for-service export in a
 * Durham-like layout (one row per call). Same rows + seed → the same bytes on any machine.
 * Layout, distributions and odd-value rates are documented in docs/generate.md.
 */
import { usageError } from '../errors.js';
import { LocalClock } from './clock.js';
import { Rng } from './rng.js';
import { CallSimulator } from './simulate.js';
import { buildTables } from './tables.js';
import { CsvWriter } from './writer.js';

export { ODD_RATES } from './simulate.js';

export interface GenerateOptions {
  /** Number of calls (data rows) to write. */
  rows: number;
  /** Any safe integer; the same seed and rows give identical output. */
  seed: number;
  /** First local date, YYYY-MM-DD. Default '2017-10-01' (the start of Durham's RTI study period). */
  start?: string;
  /** IANA time zone of the printed local times. Default 'America/New_York'. */
  timeZone?: string;
}

export const GENERATED_HEADER =
  'incident_id,call_received,call_dispatched,unit_enroute,unit_arrived,call_cleared,nature_code,nature,' +
  'initial_nature,priority,call_source,units,beat,district,disposition';

const CHUNK_BYTES = 1 << 20;

function validate(options: GenerateOptions): Required<GenerateOptions> {
  const { rows, seed, start = '2017-10-01', timeZone = 'America/New_York' } = options;
  if (!Number.isSafeInteger(rows) || rows < 0)
    throw usageError(`--rows must be a whole number of calls, 0 or more; got ${JSON.stringify(rows)}`);
  if (!Number.isSafeInteger(seed)) throw usageError(`--seed must be a whole number; got ${JSON.stringify(seed)}`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  const valid =
    m !== null &&
    +m[1] >= 1971 &&
    +m[1] <= 9000 &&
    new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toISOString().slice(0, 10) === start;
  if (!valid) throw usageError(`--start must be a date YYYY-MM-DD; got ${JSON.stringify(start)}`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw usageError(`unknown time zone ${JSON.stringify(timeZone)}`, 'Use an IANA name such as America/New_York');
  }
  return { rows, seed, start, timeZone };
}

/**
 * Writes `options.rows` synthetic calls as CSV text (header first; LF line endings; UTF-8
 * without BOM; all ASCII) to `write`, in chunks of about 1 MB. When `write` returns a promise
 * it is awaited before the next chunk, so a stream's backpressure is honoured.
 *
 * @example
 * await generateCalls({ rows: 1000, seed: 1 }, (chunk) => { text += chunk; });
 */
export async function generateCalls(
  options: GenerateOptions,
  write: (chunk: string) => void | Promise<void>,
): Promise<void> {
  const { rows, seed, start, timeZone } = validate(options);
  const tables = buildTables();
  const clock = new LocalClock(timeZone, start);
  const simulator = new CallSimulator(new Rng(seed), clock, tables);
  const writer = new CsvWriter(clock, tables, CHUNK_BYTES);
  writer.text(GENERATED_HEADER + '\n');
  for (let row = 0; row < rows; row++) {
    writer.row(simulator.next());
    if (writer.length >= CHUNK_BYTES) {
      const pending = write(writer.take()) as Promise<void> | undefined;
      if (pending) await pending;
    }
  }
  if (writer.length > 0) {
    const pending = write(writer.take()) as Promise<void> | undefined;
    if (pending) await pending;
  }
}
