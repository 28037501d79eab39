import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse/sync';
import { ROOT, runCli } from './cli.js';

/**
 * Generated exports for tests, made once per machine under the temp folder and shared by
 * test files (written under a temporary name and renamed, so parallel files never see a
 * half-written export).
 */
function generatorHash(): string {
  const dir = join(ROOT, 'dist', 'generate');
  const h = createHash('sha256');
  for (const f of existsSync(dir) ? readdirSync(dir).sort() : []) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

// Keyed by the built generator, so a changed generator never serves a stale export.
const CACHE = join(tmpdir(), `css-analyze-test-exports-${generatorHash()}`);

async function once(name: string, make: (tmp: string) => Promise<void>): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, name);
  if (existsSync(path)) return path;
  const tmp = `${path}.${process.pid}.tmp`;
  await make(tmp);
  renameSync(tmp, path);
  return path;
}

/** `css-analyze generate --rows N --seed S` into the cache. */
export async function generated(rows: number, seed: number): Promise<string> {
  return once(`generated-${rows}-${seed}.csv`, async (tmp) => {
    const r = await runCli(['generate', '--rows', String(rows), '--seed', String(seed), '--out', tmp]);
    if (r.code !== 0) throw new Error(`generate failed: ${r.stderr}`);
  });
}

/** Keeps the header and every `every`-th data row (line-based: generated rows hold no newlines). */
async function thin(from: string, to: string, every: number): Promise<void> {
  const out = createWriteStream(to);
  let n = -1;
  for await (const line of createInterface({ input: createReadStream(from), crlfDelay: Infinity })) {
    if (n++ === -1 || n % every === 0) out.write(line + '\n');
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/**
 * A generated multi-year export: 700,000 generated calls (October 2017 to November 2019,
 * about 330,000 a year) thinned to every 10th, so tests run in seconds.
 */
export async function multiYearExport(): Promise<string> {
  const full = await generated(700_000, 3);
  return once('multi-year-700000-3-every10.csv', (tmp) => thin(full, tmp, 10));
}

export interface ClassifiedRow {
  [column: string]: string;
  category: string;
  response: string;
}

/** Every row of an export with the category and response classify gave it (classify --out), read with csv-parse. */
export async function classifiedRows(csv: string): Promise<ClassifiedRow[]> {
  // Not cached across runs: the taxonomy may have changed since.
  const path = join(mkdtempSync(join(tmpdir(), 'css-classified-')), 'classified.csv');
  const r = await runCli(['classify', csv, '--out', path, '--json']);
  if (r.code !== 0) throw new Error(`classify --out failed: ${r.stderr}`);
  return parse(readFileSync(path), { columns: true, bom: true }) as ClassifiedRow[];
}

/** Writes the header and the rows of `csv` that `keep` selects (by data-row index and line) to `to`. */
export async function splitRows(csv: string, to: string, keep: (index: number, line: string) => boolean): Promise<void> {
  const out = createWriteStream(to);
  let n = -1;
  for await (const line of createInterface({ input: createReadStream(csv), crlfDelay: Infinity })) {
    if (n === -1 || keep(n, line)) out.write(line + '\n');
    n++;
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}
