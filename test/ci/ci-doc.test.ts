import { spawn } from 'node:child_process';
import { chmodSync, createReadStream, createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { multiYearExport } from '../helpers/exports.js';

/**
 * docs/ci.md promises a one-line command that, with the config file it shows, gives
 * byte-identical outputs run after run. The command, the config and the workflow are
 * taken from the doc itself, so the doc and this test cannot drift apart.
 */
const DOC = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
const WORKFLOW_FILE = join(ROOT, 'docs/examples/quarterly-report.yml');

function fenced(lang: string): string[] {
  return [...DOC.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

const [command] = fenced('sh').map((b) => b.trim());
const [config] = fenced('json');
const [workflow] = fenced('yaml');

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

/** Runs the documented line with bash, `css-analyze` on PATH being this build, in `cwd`. */
function runDocumented(cwd: string, shim: string, env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], {
      cwd,
      env: { ...process.env, PATH: `${shim}:${process.env.PATH}`, NO_COLOR: '1', TZ: 'UTC', SOURCE_DATE_EPOCH: '', ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe('docs/ci.md', () => {
  it('shows the committed workflow verbatim, and the one-line command is its report step', () => {
    expect(workflow).toBe(readFileSync(WORKFLOW_FILE, 'utf8'));
    expect(command).toMatch(/^css-analyze /);
    expect(command.split('\n')).toHaveLength(1);
    expect(workflow).toContain(`run: ${command}\n`);
    // Lives under docs/, not .github/workflows/: this repository does not run it.
    expect(JSON.parse(config)).toBeTypeOf('object');
  });

  describe('the documented command on a generated multi-year export', () => {
    const runs: { dir: string; code: number; stderr: string }[] = [];
    const PERIOD = '2019-Q2';

    beforeAll(async () => {
      const root = mkdtempSync(join(tmpdir(), 'css-ci-doc-'));
      const shim = join(root, 'bin');
      mkdirSync(shim);
      writeFileSync(join(shim, 'css-analyze'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
      chmodSync(join(shim, 'css-analyze'), 0o755);
      const gz = join(root, 'calls.csv.gz');
      await pipeline(createReadStream(await multiYearExport()), createGzip(), createWriteStream(gz));
      for (const name of ['first', 'second']) {
        // Each run in its own fresh checkout: the config file and a fresh download of the export.
        const dir = join(root, name);
        mkdirSync(dir);
        writeFileSync(join(dir, 'css-analyze.config.json'), config);
        writeFileSync(join(dir, 'calls.csv.gz'), readFileSync(gz));
        runs.push({ dir, ...(await runDocumented(dir, shim, { PERIOD })) });
      }
    }, 600_000);

    it('succeeds', () => {
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
    });

    it('gives byte-identical outputs twice', () => {
      const [a, b] = runs.map((r) => join(r.dir, 'site'));
      const listed = files(a);
      expect(listed.length).toBeGreaterThan(0);
      expect(files(b)).toEqual(listed);
      for (const f of listed) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), relative(ROOT, join(a, f))).toBe(true);
    });

    it('reports the period from the workflow', () => {
      const analysis = JSON.parse(readFileSync(join(runs[0].dir, 'site', 'analysis.json'), 'utf8'));
      expect(analysis.period).toMatchObject({ label: PERIOD, from: '2019-04-01', to: '2019-06-30' });
      expect(analysis.input.calls).toBe(analysis.totals.calls + analysis.input.outsidePeriod);
    });

    it('applies the config file: comparisons with the previous quarter and a year ago, recorded settings', () => {
      const analysis = JSON.parse(readFileSync(join(runs[0].dir, 'site', 'analysis.json'), 'utf8'));
      expect(analysis.comparison.against.map((e: { label: string }) => e.label)).toEqual(['2019-Q1', '2018-Q2']);
      expect(analysis.settings.period).toEqual({ value: PERIOD, origin: 'flag' });
      expect(analysis.settings.minCoverage).toEqual({ value: 0.95, origin: 'config' });
    });
  });
});
