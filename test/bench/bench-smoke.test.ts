import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The benchmark harness still runs end to end (speed itself is measured by `npm run bench`, not
 * here): a 2,000-row export through `inspect`, no DuckDB, no workbook. Needs dist/ (npm test builds).
 */
const dataDir = mkdtempSync(join(tmpdir(), 'css-bench-smoke-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const bench = (...args: string[]) =>
  spawnSync(process.execPath, ['bench/run.mjs', '--data-dir', dataDir, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('bench/run.mjs', () => {
  it('prints the table and the targets for a tiny run and exits 0', () => {
    const r = bench('--quick', '--commands', 'inspect', '--runs', '1', '--sizes', '2000', '--no-baseline', '--no-xlsx');
    expect(r.stderr).toMatch(/generating .*calls-2000\.csv/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^CSV 2000 +2,000 .* inspect /m);
    expect(r.stdout).toMatch(/peak RSS: /);
    expect(r.stdout).toMatch(/n\/a +classify 1M ≤ 1\.2× DuckDB/);
  });

  it('reuses the export it generated and can print JSON', () => {
    const r = bench('--json', '--commands', 'inspect', '--runs', '1', '--sizes', '2000', '--no-baseline', '--no-xlsx');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/reusing .*calls-2000\.csv/);
    const result = JSON.parse(r.stdout);
    expect(result.rows).toMatchObject([{ command: 'inspect', rows: 2000, runs: 1 }]);
    expect(result.rows[0].peakRssBytes).toBeGreaterThan(0);
  });

  it('refuses an unknown command with exit 2', () => {
    const r = bench('--commands', 'estimate', '--no-baseline');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "estimate"/);
  });
});
