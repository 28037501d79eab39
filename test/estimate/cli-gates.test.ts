import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { driftExport } from '../config/drift-export.js';

/**
 * estimate checks the same gates as classify and report: --min-coverage, --max-rejected
 * and --max-imputed (or their config/environment forms) exit 1 with one line per failed
 * check, after the output is printed. Built CLI, on an export with 30 rejected rows and 20
 * unclassified calls.
 */
let csv: string;
beforeAll(async () => {
  csv = await driftExport();
}, 300_000);

const failures = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('css-analyze: check failed: '));
const run = (args: string[], options?: Parameters<typeof runCli>[1]) => runCli(['estimate', csv, '--skip-bad-rows', '--json', ...args], options);

describe('estimate gates', () => {
  it('exit 0 when every check passes', async () => {
    const r = await run(['--max-rejected', '30', '--min-coverage', '0.9', '--max-imputed', '100%']);
    expect(failures(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).settings.maxRejected).toEqual({ value: { count: 30 }, origin: 'flag' });
  });

  it('each failed check is one line, exit 1, and the estimate is still printed', async () => {
    const r = await run(['--max-rejected', '29', '--min-coverage', '0.999', '--max-imputed', '0']);
    expect(r.code).toBe(1);
    const lines = failures(r.stderr);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^css-analyze: check failed: [\d.]+% of calls classified is below --min-coverage 99\.9% \(1 unmatched call types/);
    expect(lines[1]).toBe('css-analyze: check failed: 30 rows rejected is above --max-rejected 29 rows');
    expect(lines[2]).toMatch(/^css-analyze: check failed: [\d.]+% of calls with imputed officer time is above --max-imputed 0%$/);
    expect(JSON.parse(r.stdout).scenarios).toHaveLength(3);
  });

  it('thresholds from the config file and the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'css-estimate-gates-'));
    writeFileSync(join(dir, 'css-analyze.config.json'), JSON.stringify({ thresholds: { maxRejected: '0.5%' } }));
    const fromConfig = await run([], { cwd: dir });
    expect(fromConfig.code).toBe(1);
    expect(failures(fromConfig.stderr)).toEqual(['css-analyze: check failed: 0.98% of rows rejected is above thresholds.maxRejected (css-analyze.config.json) 0.5%']);
    const fromEnv = await run([], { cwd: dir, env: { CSS_ANALYZE_MAX_REJECTED: '10' } });
    expect(failures(fromEnv.stderr)).toEqual(['css-analyze: check failed: 30 rows rejected is above CSS_ANALYZE_MAX_REJECTED 10 rows']);
    expect(existsSync(join(dir, 'css-analyze.config.json'))).toBe(true);
  });

  it('on a saved analysis too', async () => {
    const classified = await runCli(['classify', csv, '--skip-bad-rows', '--json', '--quiet']);
    expect(classified.code).toBe(0);
    const r = await runCli(['estimate', '-', '--json', '--max-rejected', '0'], { input: classified.stdout });
    expect(r.code).toBe(1);
    expect(failures(r.stderr)).toEqual(['css-analyze: check failed: 30 rows rejected is above --max-rejected 0 rows']);
  });
});
