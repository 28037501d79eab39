import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { driftExport } from '../config/drift-export.js';

/**
 * Quality gates: a generated export with 30 rows whose received time cannot be parsed
 * (rejected with --skip-bad-rows) and 20 calls of a type no rule knows (unclassified).
 */
let dir: string;
let csv: string;
let facts: { rowsRead: number; rejected: number; calls: number; classified: number; imputed: number };

beforeAll(async () => {
  csv = await driftExport();
  dir = mkdtempSync(join(tmpdir(), 'css-gates-'));
  const { json } = await runJson(['classify', csv, '--skip-bad-rows']);
  const unclassified = json.responses.find((r: { response: string }) => r.response === 'unclassified').calls;
  facts = { rowsRead: json.input.rowsRead, rejected: json.input.rowsRejected, calls: json.totals.calls, classified: json.totals.calls - unclassified, imputed: json.officerTime.imputedCalls };
}, 300_000);

const run = (args: string[], options?: Parameters<typeof runCli>[1]) => runCli(['classify', csv, '--skip-bad-rows', '--json', ...args], options);
const failures = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('css-analyze: check failed: '));

describe('gates', () => {
  it('the fixture has what the gates measure', () => {
    expect(facts.rejected).toBe(30);
    expect(facts.rowsRead).toBe(3050);
    expect(facts.calls - facts.classified).toBe(20);
    expect(facts.imputed).toBeGreaterThan(0);
  });

  it('exit 0 when every value is exactly at its threshold', async () => {
    const r = await run(['--max-rejected', '30', '--max-imputed', String(facts.imputed / facts.calls), '--min-coverage', String(facts.classified / facts.calls)]);
    expect(failures(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    const share = await run(['--max-rejected', String(facts.rejected / facts.rowsRead)]);
    expect(share.code).toBe(0);
  });

  it('--max-rejected as a count: one row over fails with one line', async () => {
    const r = await run(['--max-rejected', '29']);
    expect(r.code).toBe(1);
    expect(failures(r.stderr)).toEqual(['css-analyze: check failed: 30 rows rejected is above --max-rejected 29 rows']);
  });

  it('--max-rejected as a share', async () => {
    const r = await run(['--max-rejected', '0.9%']);
    expect(r.code).toBe(1);
    expect(failures(r.stderr)).toEqual(['css-analyze: check failed: 0.98% of rows rejected is above --max-rejected 0.9%']);
    expect((await run(['--max-rejected', '1%'])).code).toBe(0);
  });

  it('--max-imputed just below the share imputed fails', async () => {
    const share = facts.imputed / facts.calls;
    const r = await run(['--max-imputed', String(share - 1e-6)]);
    expect(r.code).toBe(1);
    expect(failures(r.stderr)).toHaveLength(1);
    expect(failures(r.stderr)[0]).toMatch(/^css-analyze: check failed: [\d.]+% of calls with imputed officer time is above --max-imputed [\d.]+%$/);
  });

  it('--min-coverage just above the share classified fails', async () => {
    const r = await run(['--min-coverage', String(facts.classified / facts.calls + 1e-6)]);
    expect(r.code).toBe(1);
    expect(failures(r.stderr)[0]).toMatch(/^css-analyze: check failed: 99\.3\d*% of calls classified is below --min-coverage 99\.3\d*% \(1 unmatched call types/);
  });

  it('every failed gate gets its own line', async () => {
    const r = await run(['--max-rejected', '0', '--max-imputed', '0', '--min-coverage', '1']);
    expect(r.code).toBe(1);
    expect(failures(r.stderr)).toHaveLength(3);
  });

  it('outputs are written before the check fails', async () => {
    const out = join(dir, 'classified.csv');
    const r = await runCli(['classify', csv, '--skip-bad-rows', '--out', out, '--max-rejected', '0']);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(1 + 3020);
    expect(r.stdout).toMatch(/calls, .* officer hours/);
  });

  it('a threshold from the config file or the environment is named as such', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'css-gates-config-'));
    writeFileSync(join(cwd, 'css-analyze.config.json'), JSON.stringify({ thresholds: { maxRejected: '0.5%' } }));
    const fromConfig = await run([], { cwd });
    expect(fromConfig.code).toBe(1);
    expect(failures(fromConfig.stderr)).toEqual(['css-analyze: check failed: 0.98% of rows rejected is above thresholds.maxRejected (css-analyze.config.json) 0.5%']);
    const fromEnv = await run([], { cwd, env: { CSS_ANALYZE_MAX_REJECTED: '10' } });
    expect(fromEnv.code).toBe(1);
    expect(failures(fromEnv.stderr)).toEqual(['css-analyze: check failed: 30 rows rejected is above CSS_ANALYZE_MAX_REJECTED 10 rows']);
    expect((await run(['--max-rejected', '2%'], { cwd, env: { CSS_ANALYZE_MAX_REJECTED: '10' } })).code).toBe(0);
  });
});
