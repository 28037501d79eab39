import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * A large file is read by two threads (src/parallel/): the main thread up to a record
 * boundary past the middle, a worker the rest. The Analysis must be byte-identical to a
 * single thread's, errors must name the same line, and counts must add up. The worker
 * runs compiled code, so these tests use dist/ (npm test builds it first).
 */
type Analyze = (paths: string[], options: Record<string, unknown>) => Promise<{ analysis: Record<string, any>; splitFiles: number }>;
let analyze: Analyze;
let stableJson: (v: unknown) => string;
let dir: string;
let calls: string;

beforeAll(async () => {
  ({ analyze } = (await import('../../dist/analyze.js')) as unknown as { analyze: Analyze });
  ({ stableJson } = (await import('../../dist/util/json.js')) as unknown as { stableJson: (v: unknown) => string });
  dir = mkdtempSync(join(tmpdir(), 'css-parallel-'));
  calls = join(dir, 'calls.csv');
  const r = await runCli(['generate', '--rows', '20000', '--seed', '11', '--out', calls]);
  expect(r.code).toBe(0);
}, 60_000);

const run = (path: string, threads: number, extra: Record<string, unknown> = {}) => analyze([path], { threads, parallelMinBytes: 0, ...extra });

describe('two threads give the one-thread Analysis', () => {
  it('byte-identical JSON on a generated export', async () => {
    const one = await run(calls, 1);
    const two = await run(calls, 2);
    expect(two.splitFiles).toBe(1);
    expect(one.splitFiles).toBe(0);
    expect(stableJson(two.analysis)).toBe(stableJson(one.analysis));
    expect(two.analysis.input.rowsRead).toBe(20000);
  });

  it('quoted newlines: Berkeley repeated past the first read chunk splits and agrees', async () => {
    const berkeley = readFileSync('fixtures/real/berkeley-pd-calls-for-service-2019.csv', 'utf8');
    const [header, ...rest] = berkeley.split('\n');
    const big = join(dir, 'berkeley-x4.csv');
    writeFileSync(big, [header, ...rest, ...rest, ...rest, ...rest].join('\n'));
    const one = await run(big, 1);
    const two = await run(big, 2);
    expect(two.splitFiles).toBe(1);
    expect(stableJson(two.analysis)).toBe(stableJson(one.analysis));
  });

  it('a bad row in the second half: same error and line as one thread; with --skip-bad-rows the same counts', async () => {
    const bad = join(dir, 'calls-bad-late.csv');
    const text = readFileSync(calls, 'utf8').split('\n');
    const at = Math.floor(text.length * 0.9);
    text[at] = text[at].split(',').slice(0, 3).join(',');
    writeFileSync(bad, text.join('\n'));
    const errors = await Promise.all([1, 2].map((t) => run(bad, t).then(() => 'no error', (e: { format(): string }) => e.format())));
    expect(errors[0]).toMatch(new RegExp(`:${at + 1}: ragged row`));
    expect(errors[1]).toBe(errors[0]);
    const one = await run(bad, 1, { skipBadRows: true });
    const two = await run(bad, 2, { skipBadRows: true });
    expect(two.splitFiles).toBe(1);
    expect(two.analysis.input.rejectReasons).toEqual({ 'ragged row': 1 });
    expect(stableJson(two.analysis)).toBe(stableJson(one.analysis));
  });

  it('an unclosed quote at the end of the second part is found by the worker', async () => {
    const bad = join(dir, 'calls-unclosed-late.csv');
    writeFileSync(bad, readFileSync(calls));
    appendFileSync(bad, '99-9999999,"2019-01-01 00:00:00\n');
    const one = await run(bad, 1, { skipBadRows: true });
    const two = await run(bad, 2, { skipBadRows: true });
    expect(two.analysis.input.rejectReasons).toEqual({ 'unclosed quote': 1 });
    expect(stableJson(two.analysis)).toBe(stableJson(one.analysis));
  });
});
