import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { usageError } from '../errors.js';

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
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
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
  const stream: WriteStream = createWriteStream(tmp);
  const closed = () => new Promise<void>((res, rej) => stream.end((err?: Error | null) => (err ? rej(err) : res())));
  return {
    write: (text) => (stream.write(text) ? undefined : once(stream, 'drain').then(() => undefined)),
    commit: async () => {
      await closed();
      await rename(tmp, path);
    },
    abort: async () => {
      await closed().catch(() => undefined);
      await rm(tmp, { force: true });
    },
  };
}
