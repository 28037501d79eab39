import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/cli/globs.js';

/** Input arguments → paths: globs expanded and sorted, literal names kept, repeats dropped. */
describe('expandInputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'css-globs-'));
  const cwd = process.cwd();
  beforeAll(() => {
    mkdirSync(join(dir, 'data'));
    for (const f of ['cfs-2019.csv', 'cfs-2017.csv', 'cfs-2018.xlsx', 'cfs-2010.csv.gz', '.cfs-hidden.csv', 'we[ir]d.csv', 'Cfs-2016.csv']) writeFileSync(join(dir, 'data', f), '');
    process.chdir(dir);
  });
  afterAll(() => process.chdir(cwd));

  it('expands a quoted glob in code-point order, skipping hidden files', () => {
    expect(expandInputs(['data/cfs-20*.csv'])).toEqual(['data/cfs-2017.csv', 'data/cfs-2019.csv']);
    expect(expandInputs(['data/cfs-201?.*'])).toEqual(['data/cfs-2010.csv.gz', 'data/cfs-2017.csv', 'data/cfs-2018.xlsx', 'data/cfs-2019.csv']);
    expect(expandInputs(['data/*.{csv,xlsx}'])).toEqual(['data/Cfs-2016.csv', 'data/cfs-2017.csv', 'data/cfs-2018.xlsx', 'data/cfs-2019.csv', 'data/we[ir]d.csv']);
  });

  it('keeps absolute patterns absolute', () => {
    expect(expandInputs([join(dir, 'data', 'cfs-2018.*')])).toEqual([join(dir, 'data', 'cfs-2018.xlsx')]);
  });

  it('takes an existing name literally, keeps - and plain names, and reads a file named twice once', () => {
    expect(expandInputs(['data/we[ir]d.csv'])).toEqual(['data/we[ir]d.csv']);
    expect(expandInputs(['-'])).toEqual(['-']);
    expect(expandInputs(['missing.csv'])).toEqual(['missing.csv']); // reported as "no such file" by the reader
    expect(expandInputs(['data/cfs-2017.csv', 'data/cfs-201*.csv'])).toEqual(['data/cfs-2017.csv', 'data/cfs-2019.csv']);
  });

  it('a pattern matching nothing is a usage error naming it', () => {
    expect(() => expandInputs(['data/cfs-2020*.csv'])).toThrow('no file matches "data/cfs-2020*.csv"');
  });
});
