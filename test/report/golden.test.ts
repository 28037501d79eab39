import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { renderReport } from '../../src/report/index.js';
import type { Analysis } from '../../src/aggregate/analysis.js';
import { expectGolden, listFiles, report, SMALL } from './helpers.js';

const GOLDEN = join(ROOT, 'test', 'report', 'golden');

/**
 * The report of a small generated export (fixtures/report/calls-small-year.csv: 330 calls
 * over 2023) is pinned: report.md, analysis.json and every Vega-Lite spec are committed
 * under test/report/golden/ and reviewed like code. The same command twice gives the same
 * bytes in every file, PNGs included.
 */
describe('report golden files', () => {
  it('report.md, analysis.json and the Vega-Lite specs match the committed copies', async () => {
    const { dir } = await report(SMALL, 'golden');
    const files = listFiles(dir);
    expect(files).toContain('report.md');
    expect(files).toContain('report.html');
    expect(files).toContain('analysis.json');
    const specs = files.filter((f) => f.endsWith('.vl.json'));
    expect(specs.map((f) => f.replace(/^charts\/|\.vl\.json$/g, ''))).toEqual(['beats', 'categories', 'funnel', 'heatmap', 'monthly', 'response-mix', 'savings', 'staffing']);
    for (const f of ['report.md', 'analysis.json', ...specs]) expectGolden(GOLDEN, f, readFileSync(join(dir, f), 'utf8'));
  });

  it('the same input and options give byte-identical files (SVG and PNG included)', async () => {
    const first = await report(SMALL, 'twice');
    const a = new Map(listFiles(first.dir).map((f) => [f, readFileSync(join(first.dir, f))]));
    const second = await report(SMALL, 'twice');
    const b = listFiles(second.dir);
    expect(b).toEqual([...a.keys()]);
    for (const f of b) expect(readFileSync(join(second.dir, f)).equals(a.get(f)!), f).toBe(true);
    expect(b.filter((f) => f.endsWith('.png')).length).toBe(8);
  });

  it('re-rendering analysis.json (no CSV) gives the same charts and tables; the worker and in-process renderers agree', async () => {
    const { dir } = await report(SMALL, 'from-csv');
    const again = await report('test-output/report/from-csv/analysis.json', 'from-json');
    const charts = listFiles(dir).filter((f) => f.startsWith('charts/') || f.startsWith('tables/'));
    for (const f of charts) expect(readFileSync(join(again.dir, f)).equals(readFileSync(join(dir, f))), f).toBe(true);
    // In process (this test imports the TypeScript sources) vs the CLI's chart worker.
    const analysis = JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8')) as Analysis;
    const { files } = await renderReport(analysis, { formats: ['charts', 'md', 'json'] });
    for (const f of files) {
      const expected = readFileSync(join(dir, f.path));
      expect(Buffer.from(f.data).equals(expected), f.path).toBe(true);
    }
  });
});
