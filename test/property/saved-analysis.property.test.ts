import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/aggregate/analysis.js';
import { parseAnalysis } from '../../src/aggregate/read-analysis.js';
import { CssError } from '../../src/errors.js';
import { estimate } from '../../src/estimate/index.js';
import { renderReport } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';

/**
 * A saved analysis is input too: hand-edited, truncated by a copy, or another tool's JSON.
 * Random damage to a real estimated analysis — a field removed, or replaced by any JSON
 * value — must end in one of two ways: a CssError naming the file (read-analysis.ts checks
 * it against docs/analysis.schema.json), or an analysis that estimate() and the report
 * renderers handle without throwing anything else.
 */

let saved: string;
let paths: string[][];

/** Every path to a value in `v`, objects and arrays included, down to `depth`. */
function pathsOf(v: unknown, depth: number, prefix: string[] = [], out: string[][] = []): string[][] {
  if (prefix.length) out.push(prefix);
  if (depth === 0 || v === null || typeof v !== 'object') return out;
  const entries = Array.isArray(v) ? v.slice(0, 3).map((x, i) => [String(i), x] as const) : Object.entries(v);
  for (const [k, x] of entries) pathsOf(x, depth - 1, [...prefix, k], out);
  return out;
}

function damage(json: string, path: string[], replacement: { remove: true } | { value: unknown }): string {
  const root = JSON.parse(json) as Record<string, unknown>;
  let parent: Record<string, unknown> = root;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
  const last = path[path.length - 1];
  if ('remove' in replacement) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement.value;
  return JSON.stringify(root);
}

beforeAll(async () => {
  const r = await runCli(['estimate', 'fixtures/demo/calls.csv.gz', '--json', '--officers-on-duty', '12', '--teams-on-duty', '2']);
  expect(r.code).toBe(0);
  saved = r.stdout;
  paths = pathsOf(JSON.parse(saved), 4);
}, 60_000);

describe('a damaged saved analysis', () => {
  it('is refused with a CssError naming the file, or estimated and rendered without any other error', async () => {
    const replacement = fc.oneof(
      fc.constant({ remove: true as const }),
      fc.record({ value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, -1, 0, 1e308, '', [], {}, 'x', true)) }),
    );
    let refused = 0;
    let rendered = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), replacement, async (i, r) => {
        const path = paths[i % paths.length];
        const text = damage(saved, path, r);
        let analysis: Analysis;
        try {
          analysis = await parseAnalysis(text, 'damaged.json');
        } catch (err) {
          expect(err, path.join('.')).toBeInstanceOf(CssError);
          expect((err as CssError).format(), path.join('.')).toMatch(/^damaged\.json: /);
          refused++;
          return;
        }
        try {
          const estimated = estimate(analysis, null, {});
          await renderReport(estimated, { formats: ['md', 'html', 'json', 'csv'] });
          rendered++;
        } catch (err) {
          if (!(err instanceof CssError)) throw new Error(`${path.join('.')} = ${JSON.stringify(r)}: ${(err as Error).stack}`);
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 60), seed: Number(process.env.SEED ?? 7) },
    );
    // Both outcomes occur, so neither branch is vacuous.
    expect(refused).toBeGreaterThan(0);
    expect(rendered).toBeGreaterThan(0);
  }, 120_000);
});
