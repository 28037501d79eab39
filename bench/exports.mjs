// The benchmark's input files: generated with the CLI, never committed, reused between runs.
// Each file has a sidecar <file>.meta.json recording how it was made; a file is reused only when
// its size and the generator's code still match, so a change to `generate` regenerates it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvToXlsx, XLSX_WRITER_VERSION } from './xlsx-writer.mjs';

/** sha256 of the built generator (dist/generate/*.js): the bytes it writes depend on nothing else. */
export function generatorFingerprint(root) {
  const dir = join(root, 'dist', 'generate');
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.js')).sort()) {
    hash.update(name).update(readFileSync(join(dir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

function reusable(path, wanted) {
  if (!existsSync(path) || !existsSync(`${path}.meta.json`)) return false;
  try {
    const meta = JSON.parse(readFileSync(`${path}.meta.json`, 'utf8'));
    return meta.bytes === statSync(path).size && Object.entries(wanted).every(([k, v]) => meta[k] === v);
  } catch {
    return false;
  }
}

function seal(path, meta) {
  writeFileSync(`${path}.meta.json`, `${JSON.stringify({ ...meta, bytes: statSync(path).size }, null, 2)}\n`);
}

/**
 * Returns the path and size of calls-<rows>.csv in `dir`, generating it with
 * `css-analyze generate --rows <rows> --seed <seed>` unless an identical one is already there.
 */
export function ensureCsv({ root, dir, rows, seed, log }) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `calls-${rows}.csv`);
  const wanted = { rows, seed, generator: generatorFingerprint(root) };
  if (reusable(path, wanted)) {
    log(`reusing ${path} (${(statSync(path).size / 1e6).toFixed(1)} MB, ${rows.toLocaleString('en-US')} rows, seed ${seed}: same generator, same size)`);
    return { path, bytes: statSync(path).size, reused: true };
  }
  log(`generating ${path} (${rows.toLocaleString('en-US')} rows, seed ${seed}) with css-analyze generate …`);
  rmSync(`${path}.meta.json`, { force: true });
  const started = Date.now();
  const out = spawnSync(process.execPath, [join(root, 'bin', 'css-analyze.js'), 'generate', '--rows', String(rows), '--seed', String(seed), '--out', path, '--quiet'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`css-analyze generate failed (exit ${out.status}): ${out.stderr.trim()}`);
  seal(path, wanted);
  log(`  wrote ${(statSync(path).size / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { path, bytes: statSync(path).size, reused: false };
}

/** calls-<rows>.xlsx beside the CSV of the same rows, converted by bench/xlsx-writer.mjs. */
export async function ensureXlsx({ root, dir, rows, seed, log }) {
  const csv = ensureCsv({ root, dir, rows, seed, log });
  const path = join(dir, `calls-${rows}.xlsx`);
  const wanted = { rows, seed, generator: generatorFingerprint(root), writer: XLSX_WRITER_VERSION };
  if (reusable(path, wanted)) {
    log(`reusing ${path} (${(statSync(path).size / 1e6).toFixed(1)} MB workbook)`);
    return { path, bytes: statSync(path).size, csv, reused: true };
  }
  log(`converting ${csv.path} to ${path} …`);
  rmSync(`${path}.meta.json`, { force: true });
  const started = Date.now();
  await csvToXlsx(csv.path, `${path}.partial`);
  renameSync(`${path}.partial`, path);
  seal(path, wanted);
  log(`  wrote ${(statSync(path).size / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { path, bytes: statSync(path).size, csv, reused: false };
}
