import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';
import { ROOT, runCli, type CliResult } from '../helpers/cli.js';

/** Output of the report tests (git-ignored), under the repository root so command lines are relative. */
export const OUT = join(ROOT, 'test-output', 'report');
export const SMALL = 'fixtures/report/calls-small-year.csv';

/** Runs `css-analyze report` from the repository root; the report lands in test-output/report/<name>. */
export async function report(input: string, name: string, extra: string[] = []): Promise<{ result: CliResult; dir: string }> {
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const result = await runCli(['report', input, '--out', relative(ROOT, dir), '--quiet', ...extra]);
  if (result.code !== 0) throw new Error(`report ${input} exited ${result.code}: ${result.stderr}`);
  return { result, dir };
}

/** Every file under dir, relative paths with forward slashes, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

/**
 * Compares a file with its committed golden copy. UPDATE_GOLDEN=1 rewrites the golden
 * instead (vitest snapshots are not used: under CI=true vitest refuses to write them).
 */
export function expectGolden(goldenDir: string, name: string, actual: string): void {
  const path = join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing golden file ${relative(ROOT, path)}: run UPDATE_GOLDEN=1 npx vitest run test/report and review the diff`);
  const expected = readFileSync(path, 'utf8');
  if (actual !== expected) {
    const a = actual.split('\n');
    const e = expected.split('\n');
    const line = a.findIndex((l, i) => l !== e[i]);
    throw new Error(`${name} differs from its golden copy at line ${line + 1}:\n  golden: ${e[line]}\n  actual: ${a[line]}\n(run UPDATE_GOLDEN=1 npx vitest run test/report if the change is intended, and review the diff)`);
  }
  expect(actual).toBe(expected);
}
