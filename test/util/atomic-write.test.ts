import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAtomicStream, writeFileAtomic } from '../../src/util/atomic-write.js';
import { removeTempOutputs } from '../../src/util/temp-outputs.js';

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
