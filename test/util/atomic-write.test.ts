import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAtomicStream, writeFileAtomic } from '../../src/util/atomic-write.js';
import { writeDirAtomic } from '../../src/util/atomic-dir.js';
import { removeTempOutputs, trackTempOutput } from '../../src/util/temp-outputs.js';

const dir = () => mkdtempSync(join(tmpdir(), 'css-atomic-'));
const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);

afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

describe('openAtomicStream', () => {
  it('writes that are not awaited share one drain listener (no MaxListenersExceededWarning)', async () => {
    process.on('warning', onWarning);
    const path = join(dir(), 'out.csv');
    const out = await openAtomicStream(path);
    const line = 'x'.repeat(1000) + '\n';
    for (let i = 0; i < 2000; i++) void out.write(line);
    await out.commit();
    await new Promise((r) => setImmediate(r));
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    expect(readFileSync(path, 'utf8').length).toBe(2000 * line.length);
  });

  it('shows nothing under the name until commit; abort leaves nothing', async () => {
    const d = dir();
    const path = join(d, 'out.csv');
    const out = await openAtomicStream(path);
    await out.write('a,b\n');
    expect(existsSync(path)).toBe(false);
    await out.abort();
    expect(readdirSync(d)).toEqual([]);
  });

  it('removeTempOutputs (the CLI\'s Ctrl-C handler) removes a stream not yet committed', async () => {
    const d = dir();
    const out = await openAtomicStream(join(d, 'out.csv'));
    await out.write('a,b\n');
    await new Promise((r) => setTimeout(r, 20)); // let the file open
    removeTempOutputs();
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temporary file', async () => {
    const d = dir();
    await writeFileAtomic(join(d, 'a.json'), '{}\n');
    expect(readdirSync(d)).toEqual(['a.json']);
  });
});

describe('removeTempOutputs, called twice by the Ctrl-C handler', () => {
  it('removes a temporary path that a file-system call in flight recreated after the first pass', () => {
    const d = dir();
    const tmp = join(d, '.report.tmp-1-0');
    const untrack = trackTempOutput(tmp);
    mkdirSync(tmp);
    removeTempOutputs();
    mkdirSync(tmp); // an mkdir queued on the thread pool before the signal
    removeTempOutputs();
    untrack();
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('writeDirAtomic, its temporary directory removed mid-write (Ctrl-C)', () => {
  it('does not recreate it while making nested folders: the write fails and nothing is left', async () => {
    const d = dir();
    const files = [{ path: 'a.txt', data: 'a' }, ...Array.from({ length: 50 }, (_, i) => ({ path: `charts/n${i}/x.svg`, data: 'x' }))];
    const writing = writeDirAtomic(join(d, 'report'), files, { replaceable: [] });
    // Remove the temporary directory as soon as it appears, as the signal handler would.
    while (!readdirSync(d).length) await new Promise((r) => setImmediate(r));
    removeTempOutputs();
    await expect(writing).rejects.toThrow(/ENOENT/);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('writeDirAtomic, interrupted between its two renames', () => {
  it('leaves one complete report under its name, never only the renamed-away previous one', async () => {
    const d = dir();
    const report = join(d, 'report');
    await writeDirAtomic(report, [{ path: 'report.md', data: 'old' }], { replaceable: ['report.md'] });
    let caught = 0;
    for (let attempt = 0; attempt < 20 && !caught; attempt++) {
      let settled = false;
      const writing = writeDirAtomic(report, [{ path: 'report.md', data: 'new' }], { replaceable: ['report.md'] }).finally(() => (settled = true));
      // Stop the moment the previous report has been renamed away, as Ctrl-C could.
      while (existsSync(report) && !settled) await new Promise((r) => setImmediate(r));
      if (!settled) {
        caught++;
        removeTempOutputs();
        // Checked at once, before the writer's own recovery could run: the process exits here.
        expect(readdirSync(d)).toEqual(['report']);
        expect(['old', 'new']).toContain(readFileSync(join(report, 'report.md'), 'utf8'));
      }
      await writing.catch(() => undefined);
    }
    expect(caught).toBe(1);
  });
});
