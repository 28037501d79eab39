import { existsSync, renameSync, rmSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, isAbsolute, basename, posix } from 'node:path';
import { usageError } from '../errors.js';
import { onInterruptRepair, trackTempOutput } from './temp-outputs.js';

/**
 * Writes a whole directory of files so that readers see either the old directory or the
 * complete new one, never a half-written mix: everything goes into a temporary sibling,
 * which is renamed into place at the end (an existing directory is renamed away first,
 * then deleted). A failed run removes its temporary directory and leaves DIR untouched.
 */
export interface DirFile {
  /** Path relative to the directory, with forward slashes. */
  path: string;
  data: string | Uint8Array;
}

export interface AtomicDirOptions {
  /**
   * Entry names an existing DIR may hold for it to be replaced; anything else means DIR is
   * not ours and replacing it would delete the user's files.
   */
  replaceable: readonly string[];
}

let counter = 0;

/** Refuses an output directory that would replace or contain an input file. */
export function assertDirNotInput(outDir: string, inputs: string[]): void {
  const target = resolve(outDir);
  for (const p of inputs) {
    if (p === '-') continue;
    const input = resolve(p);
    const rel = relative(target, input);
    if (input === target || (rel && !rel.startsWith('..') && !isAbsolute(rel))) {
      throw usageError(`refusing to write the report to ${outDir}: it would replace the input file ${p}`, 'Choose an output directory that does not hold the input');
    }
  }
}

/** Checks DIR can be written: absent, or an existing directory holding only entries a report writes. */
export async function checkReplaceable(dir: string, options: AtomicDirOptions): Promise<void> {
  let s;
  try {
    s = await stat(dir);
  } catch {
    return;
  }
  if (!s.isDirectory()) throw usageError(`refusing to replace ${dir}: it is a file, not a report directory`, 'Choose a directory name for --out');
  const foreign = (await readdir(dir)).filter((name) => !options.replaceable.includes(name)).sort();
  if (foreign.length) {
    throw usageError(
      `refusing to replace ${dir}: it holds files a report does not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`,
      'Choose a new or empty directory for --out, or an earlier report directory',
    );
  }
}

/** Writes `files` into `dir` atomically (see above). */
export async function writeDirAtomic(dir: string, files: DirFile[], options: AtomicDirOptions): Promise<void> {
  await checkReplaceable(dir, options);
  const parent = dirname(resolve(dir));
  await mkdir(parent, { recursive: true });
  const stem = join(parent, `.${basename(resolve(dir))}`);
  const tmp = `${stem}.tmp-${process.pid}-${counter++}`;
  const old = `${stem}.old-${process.pid}-${counter++}`;
  // Recorded so an interrupted run (Ctrl-C) removes it too (src/cli/main.ts).
  const untrack = trackTempOutput(tmp);
  try {
    await mkdir(tmp);
    // Each level made on its own (parents sort first), never `recursive`: after Ctrl-C removes
    // the temporary directory, a recursive mkdir still to come would recreate it.
    for (const d of subdirectories(files)) await mkdir(join(tmp, d));
    for (const f of files) await writeFile(join(tmp, f.path), f.data);
    let hadOld = false;
    // Interrupted between the two renames, the previous report goes back under its name
    // (or, if the new one made it, the previous one is removed).
    const unrepair = onInterruptRepair(() => {
      if (!existsSync(old)) return;
      if (existsSync(dir)) rmSync(old, { recursive: true, force: true });
      else renameSync(old, dir);
    });
    try {
      try {
        await rename(dir, old);
        hadOld = true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      try {
        await rename(tmp, dir);
      } catch (err) {
        if (hadOld) await rename(old, dir);
        throw err;
      }
      if (hadOld) await rm(old, { recursive: true, force: true });
    } finally {
      unrepair();
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    untrack();
  }
}

/** Every directory the files need below the root, parents before children. */
function subdirectories(files: DirFile[]): string[] {
  const dirs = new Set<string>();
  for (const f of files) {
    for (let d = posix.dirname(f.path); d !== '.'; d = posix.dirname(d)) dirs.add(d);
  }
  return [...dirs].sort();
}
