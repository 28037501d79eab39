import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * Every command that reads a saved analysis (report, estimate, merge, --compare FILE) checks
 * it against docs/analysis.schema.json first: a damaged one is one line naming the file and
 * the first wrong field, exit 2, never an internal error.
 */

const HINT = 'Pass the JSON that classify --json, estimate --json, report (analysis.json) or merge wrote, unedited; re-run classify on the export for a fresh one';
let dir: string;
let good: string;
let goodText: string;

function damaged(name: string, change: (a: Record<string, any>) => void): string {
  const a = JSON.parse(goodText);
  change(a);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(a));
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'css-damaged-'));
  good = join(dir, 'good.json');
  const r = await runCli(['classify', 'fixtures/demo/calls.csv.gz', '--json']);
  expect(r.code).toBe(0);
  goodText = r.stdout;
  writeFileSync(good, goodText);
}, 60_000);

describe('a damaged saved analysis', () => {
  it.each([
    ['a section removed', (a: Record<string, any>) => delete a.totals, 'the field "totals" is missing'],
    ['a list replaced by a number', (a: Record<string, any>) => (a.responses = 5), 'responses: must be array'],
    ['an empty call-type entry', (a: Record<string, any>) => (a.callTypes = [{}]), 'callTypes[0]: the field "callType" is missing'],
    ['a store cell of the wrong shape', (a: Record<string, any>) => (a.store.types[0] = [1, 2]), 'store.types[0]: must be object'],
  ])('%s: report, estimate, merge and --compare each name the file and the field', async (_name, change, problem) => {
    const file = damaged('bad.json', change);
    const line = `css-analyze: ${file}: is not a valid analysis JSON: ${problem}. ${HINT}\n`;
    for (const args of [
      ['report', file, '--out', join(dir, 'report')],
      ['estimate', file],
      ['merge', good, file, '--out', join(dir, 'merged.json')],
      ['classify', 'fixtures/demo/calls.csv.gz', '--compare', file],
    ]) {
      const r = await runCli(args);
      expect(r.stderr, args[0]).toBe(line);
      expect(r.code, args[0]).toBe(2);
    }
  }, 60_000);

  it('the undamaged file is read by all of them', async () => {
    expect((await runCli(['estimate', good, '--json'])).code).toBe(0);
    expect((await runCli(['merge', good, good, '--out', join(dir, 'twice.json')])).code).toBe(0);
  }, 60_000);

  it('fields it does not know are not refused: a top-level section is kept, a field inside a known section dropped', async () => {
    const file = damaged('annotated.json', (a) => {
      a.reviewedBy = 'analyst';
      a.totals.note = 'checked';
    });
    const r = await runCli(['estimate', file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.reviewedBy).toBe('analyst');
    expect(out.totals.note).toBeUndefined();
    expect(out.totals).toEqual(JSON.parse(goodText).totals);
  }, 60_000);
});
