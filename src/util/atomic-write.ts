import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { trackTempOutput } from './temp-outputs.js';

let counter = 0;
function tempPath(path: string): string {
  return `${path}.tmp-${process.pid}-${counter++}`;
}

/** Refuses to write over any of the inputs (e.g. `--out calls.csv` by mistake). */
export function assertNotInput(outPath: string, inputs: string[]): void {
  const target = resolve(outPath);
  if (inputs.some((p) => p !== '-' && resolve(p) === target)) {
    throw usageError(`refusing to overwrite the input file ${outPath}`, 'Choose another output path');
  }
}

/** Writes a whole file via a temporary name and a rename, so readers never see half a file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(resolve(path)), { recursive: true });
  const tmp = tempPath(path);
  const untrack = trackTempOutput(tmp);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    untrack();
  }
}

/** A streamed file that only appears under its name when commit() is called. */
export interface AtomicStream {
  /** Returns a promise when the stream's buffer is full: await it before writing more. */
  write(text: string): Promise<void> | undefined;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function openAtomicStream(path: string): Promise<AtomicStream> {
  await mkdir(dirname(resolve(path)), { recursive: true });
  const tmp = tempPath(path);
  const untrack = trackTempOutput(tmp);
  const stream: WriteStream = createWriteStream(tmp);
  const closed = () => new Promise<void>((res, rej) => stream.end((err?: Error | null) => (err ? rej(err) : res())));
  // One promise per full buffer: callers that cannot wait (row callbacks) would otherwise
  // add a 'drain' listener per write (MaxListenersExceededWarning on stderr).
  let drained: Promise<void> | undefined;
  return {
    write: (text) => {
      if (stream.write(text)) return undefined;
      drained ??= once(stream, 'drain').then(() => {
        drained = undefined;
      });
      return drained;
    },
    commit: async () => {
      await closed();
      await rename(tmp, path);
      untrack();
    },
    abort: async () => {
      await closed().catch(() => undefined);
      await rm(tmp, { force: true });
      untrack();
    },
  };
}
