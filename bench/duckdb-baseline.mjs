#!/usr/bin/env node
// The benchmark's yardstick: DuckDB doing the bare job on the same export — read the CSV, and
// per call type and per month count the calls and sum (cleared − dispatched) minutes. It is what
// an analyst would otherwise reach for, and absolute times vary between machines, so run.mjs
// prints our times as a ratio to this one measured in the same run.
//
// @duckdb/node-api is installed on demand into bench/out/duckdb (gitignored) by ensureDuckDb();
// it is never a dependency of css-analyze. Its packages ship prebuilt binaries and run no
// install scripts.
//
//   node bench/duckdb-baseline.mjs FILE.csv     → prints {"rows":N,"groups":G} on stdout
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DUCKDB_DIR = join(HERE, 'out', 'duckdb');
export const DUCKDB_PACKAGE = '@duckdb/node-api@1.5.6-r.1';
const ENTRY = join(DUCKDB_DIR, 'node_modules', '@duckdb', 'node-api', 'lib', 'index.js');

/** Installs @duckdb/node-api into bench/out/duckdb unless already there; returns its version. */
export function ensureDuckDb(log) {
  if (!existsSync(ENTRY)) {
    log(`installing ${DUCKDB_PACKAGE} into ${DUCKDB_DIR} (on demand, for the baseline only) …`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = spawnSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', DUCKDB_DIR, DUCKDB_PACKAGE], {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    if (out.status !== 0 || !existsSync(ENTRY)) {
      throw new Error(`npm install ${DUCKDB_PACKAGE} failed (exit ${out.status}): ${(out.stderr || out.stdout).trim().slice(-1500)}`);
    }
  }
  return JSON.parse(readFileSync(join(DUCKDB_DIR, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8')).version;
}

/**
 * Column names are those `css-analyze generate` writes; DuckDB's sniffer types the timestamps
 * itself, as a user's ad-hoc query would let it.
 */
export function baselineSql(file) {
  const path = resolve(file).replaceAll("'", "''");
  return `
    WITH calls AS (
      SELECT nature AS call_type,
             date_trunc('month', call_received) AS month,
             date_diff('second', call_dispatched, call_cleared) / 60.0 AS minutes
      FROM read_csv('${path}', header = true)
    )
    SELECT call_type, month, count(*) AS calls, sum(minutes) AS minutes
    FROM calls
    GROUP BY GROUPING SETS ((call_type), (month))`;
}

async function main(file) {
  const { DuckDBInstance } = await import(pathToFileURL(ENTRY).href);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(baselineSql(file));
  const rows = reader.getRowObjects();
  // Rows counted from the per-month grouping set, so the bench can check every row was read.
  const total = rows.filter((r) => r.call_type === null).reduce((n, r) => n + Number(r.calls), 0);
  process.stdout.write(`${JSON.stringify({ rows: total, groups: rows.length, version: await duckdbVersion(connection) })}\n`);
  connection.closeSync();
}

async function duckdbVersion(connection) {
  const r = await connection.runAndReadAll('SELECT version() AS v');
  return String(r.getRowObjects()[0].v);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv[2]) {
    process.stderr.write('usage: node bench/duckdb-baseline.mjs FILE.csv\n');
    process.exit(2);
  }
  if (!existsSync(ENTRY)) {
    process.stderr.write(`${DUCKDB_PACKAGE} is not installed in ${DUCKDB_DIR}; run node bench/run.mjs, which installs it\n`);
    process.exit(2);
  }
  await main(process.argv[2]);
}
