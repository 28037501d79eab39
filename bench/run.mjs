#!/usr/bin/env node
// `npm run bench`: end-to-end timings of css-analyze on generated exports, beside a DuckDB
// baseline measured in the same run, checked against issue 7's targets. See docs/performance.md.
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { load, showLoad, machine, measureNode, parseRows, rssMethod, shortRows, waitForLoad } from './lib.mjs';
import { ensureCsv, ensureXlsx } from './exports.mjs';
import { ensureDuckDb } from './duckdb-baseline.mjs';
import { csvToXlsx } from './xlsx-writer.mjs';
import { figures, render, targets } from './summary.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'css-analyze.js');
const BASELINE = join(ROOT, 'bench', 'duckdb-baseline.mjs');
const COMMANDS = ['inspect', 'classify', 'report'];

const HELP = `Times css-analyze end to end on generated exports beside a DuckDB baseline.

Usage: node bench/run.mjs [options]     (npm run bench builds first)

Options:
  --sizes <list>       rows per export, comma-separated (default: 1e6,5e6)
  --runs <n>           runs per command and size; the median is reported (default: 3)
  --commands <list>    of inspect, classify, report (default: all three)
  --quick              smoke test: 200k rows, 1 run, 20k-row workbook (--sizes/--runs still win)
  --xlsx-rows <n>      rows in the workbook case, run when .xlsx input is supported (default: 300000)
  --no-xlsx            skip the workbook case
  --no-baseline        skip DuckDB (no ratios, ratio targets n/a)
  --data-dir <dir>     where exports are generated and kept between runs (default: bench/out)
  --seed <n>           generator seed (default: 1)
  --wait-load <x>      first wait until the 1-minute load average is at most x
  --wait-max <min>     give up waiting after this many minutes and run anyway (default: 30)
  --json               print one JSON object on stdout instead of the table
  --save <file>        also write that JSON object to this file
  --strict             exit 1 when a target FAILs (otherwise only a command error exits 1)
  -h, --help           show this help

Examples:
  npm run bench
  npm run bench -- --sizes 1e6 --runs 5 --commands classify
  node bench/run.mjs --quick --commands inspect --no-baseline`;

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string' }, runs: { type: 'string' }, commands: { type: 'string' }, quick: { type: 'boolean' },
      'xlsx-rows': { type: 'string' }, 'no-xlsx': { type: 'boolean' }, 'no-baseline': { type: 'boolean' },
      'data-dir': { type: 'string' }, seed: { type: 'string', default: '1' }, 'wait-load': { type: 'string' }, 'wait-max': { type: 'string', default: '30' },
      json: { type: 'boolean' }, save: { type: 'string' }, strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const quick = Boolean(values.quick);
  const commands = (values.commands ?? COMMANDS.join(',')).split(',').map((c) => c.trim()).filter(Boolean);
  for (const c of commands) if (!COMMANDS.includes(c)) throw new Error(`unknown command "${c}" in --commands; use ${COMMANDS.join(', ')}`);
  const runs = Number(values.runs ?? (quick ? 1 : 3));
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1, got "${values.runs}"`);
  return {
    help: values.help,
    sizes: (values.sizes ?? (quick ? '200k' : '1e6,5e6')).split(',').map(parseRows),
    runs,
    commands,
    xlsxRows: values['no-xlsx'] ? 0 : parseRows(values['xlsx-rows'] ?? (quick ? '20k' : '300k')),
    baseline: !values['no-baseline'],
    dataDir: values['data-dir'] ?? join(ROOT, 'bench', 'out'),
    seed: Number(values.seed),
    waitLoad: values['wait-load'] === undefined ? undefined : Number(values['wait-load']),
    waitMaxS: Number(values['wait-max']) * 60,
    json: Boolean(values.json),
    save: values.save,
    strict: Boolean(values.strict),
  };
}

const log = (message) => process.stderr.write(`${message}\n`);
const rowsRead = (json) => JSON.parse(json)?.input?.rowsRead;

/** The commit measured, and whether src/ differs from it (figures from a dirty tree are not the commit's). */
function revision() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src') ? ' + uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** Reads the file once so every timed run starts from the same warm page cache. */
async function warm(path) {
  for await (const _ of createReadStream(path, { highWaterMark: 1 << 22 }));
}

/** Asks the CLI itself: a 50-row workbook through `inspect`. Becomes true once .xlsx input lands. */
async function xlsxSupported(tmp) {
  const csv = join(tmp, 'probe.csv');
  const xlsx = join(tmp, 'probe.xlsx');
  const gen = await measureNode([CLI, 'generate', '--rows', '50', '--out', csv, '--quiet'], { method: { id: 'none' } });
  if (gen.code !== 0) return { ok: false, reason: `generate failed: ${gen.stderr.trim()}` };
  await csvToXlsx(csv, xlsx);
  const r = await measureNode([CLI, 'inspect', xlsx, '--json'], { method: { id: 'none' }, capture: true });
  if (r.code !== 0) return { ok: false, reason: r.stderr.trim().split('\n')[0] || `exit ${r.code}` };
  let n;
  try { n = rowsRead(r.stdout); } catch { n = undefined; }
  return n === 50 ? { ok: true } : { ok: false, reason: `inspect read ${n} of 50 rows from a test workbook` };
}

function job(kase, input, file, command, args, verify, stdoutPath) {
  return { case: kase, input, rows: file.rows, bytes: file.bytes, path: file.path, command, args, verify, stdoutPath, runs: [] };
}

async function main() {
  const opt = options(process.argv.slice(2));
  if (opt.help) { process.stdout.write(`${HELP}\n`); return 0; }
  if (!existsSync(join(ROOT, 'dist', 'cli'))) throw new Error('dist/ is missing: build first (npm run bench builds, then runs this)');
  if (opt.waitLoad !== undefined) await waitForLoad(opt.waitLoad, opt.waitMaxS, log);

  const started = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const loadStart = load();
  log(`load average ${showLoad(loadStart)}${loadStart[0] > 2 ? ' — the machine is busy; figures will be noisy (see --wait-load)' : ''}`);
  const rss = rssMethod();
  if (rss.id !== 'gnu-time') log('no GNU /usr/bin/time: peak RSS is polled from /proc (apt-get install time for exact figures)');
  const tmp = mkdtempSync(join(tmpdir(), 'css-bench-'));
  const notes = [];
  if (loadStart[0] > 2) notes.push(`note: the 1-minute load average was ${loadStart[0].toFixed(2)} at the start (above 2): other work shared the CPUs, so times are noisy.`);
  let baseline;
  try {
    if (opt.baseline) {
      const version = ensureDuckDb(log);
      baseline = `DuckDB via @duckdb/node-api ${version} (npm install --no-save into bench/out/duckdb), in its own node process`;
    }
    const jobs = [];
    const reportRows = (dir) => () => rowsRead(readFileSync(join(dir, 'analysis.json'), 'utf8'));
    for (const rows of opt.sizes) {
      const file = { rows, ...ensureCsv({ root: ROOT, dir: opt.dataDir, rows, seed: opt.seed, log }) };
      const kase = `csv-${rows}`;
      const input = `CSV ${shortRows(rows)}`;
      if (opt.baseline) jobs.push(job(kase, input, file, 'duckdb', [BASELINE, file.path], (r) => JSON.parse(r.stdout).rows));
      for (const command of opt.commands) {
        if (command === 'report') {
          const out = join(tmp, `report-${rows}`);
          jobs.push(job(kase, input, file, command, [CLI, 'report', file.path, '--out', out], reportRows(out)));
        } else {
          // inspect's JSON is a few kB, so it is read back to check the row count; classify's is
          // megabytes at 1M rows and goes to /dev/null like the documented command.
          jobs.push(job(kase, input, file, command, [CLI, command, file.path, '--json'], command === 'inspect' ? (r) => rowsRead(r.stdout) : undefined));
        }
      }
    }
    if (opt.xlsxRows) {
      // Hook for issue 9: the workbook case runs as soon as the CLI reads .xlsx.
      const support = await xlsxSupported(tmp);
      if (!support.ok) {
        notes.push(`workbook case (${shortRows(opt.xlsxRows)}-row .xlsx, classify) skipped: .xlsx input is not available yet (${support.reason}).`);
        log(notes.at(-1));
      } else {
        const book = await ensureXlsx({ root: ROOT, dir: opt.dataDir, rows: opt.xlsxRows, seed: opt.seed, log });
        const kase = `xlsx-${opt.xlsxRows}`;
        // Both sides of this pair write their JSON to a file, so the workbook's row count is checked
        // and the CSV beside it does the same I/O.
        const pair = [[`XLSX ${shortRows(opt.xlsxRows)}`, book], [`CSV ${shortRows(opt.xlsxRows)}`, book.csv]];
        for (const [input, file] of pair) {
          const out = join(tmp, `classify-${input.replace(/\W+/g, '-')}.json`);
          const verify = () => rowsRead(readFileSync(out, 'utf8'));
          jobs.push(job(kase, input, { rows: opt.xlsxRows, ...file }, 'classify', [CLI, 'classify', file.path, '--json'], verify, out));
        }
      }
    }
    for (const path of new Set(jobs.map((j) => j.path))) await warm(path);

    // Rounds interleave the commands so a burst of load from elsewhere spreads over all of them.
    for (let run = 1; run <= opt.runs; run++) {
      for (const j of jobs) {
        if (j.error) continue;
        const load1 = load()[0];
        const r = await measureNode(j.args, { method: rss, cwd: ROOT, stdoutPath: j.stdoutPath, capture: !j.stdoutPath && (j.command === 'duckdb' || j.command === 'inspect') });
        if (r.code !== 0) {
          j.error = `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
          log(`${j.input} ${j.command}: ${j.error}`);
          continue;
        }
        j.runs.push({ wallS: r.wallS, cpuS: r.cpuS, peakRssBytes: r.peakRssBytes, load1 });
        log(`${j.input} ${j.command} run ${run}/${opt.runs}: ${r.wallS.toFixed(2)} s, ${(r.peakRssBytes / 1e6).toFixed(0)} MB peak RSS (load ${load1.toFixed(2)} before)`);
        if (run === 1 && j.verify) {
          let n;
          try { n = j.verify(r); } catch (e) { n = `unreadable output (${e.message})`; }
          if (n !== j.rows) notes.push(`warning: ${j.input} ${j.command} read ${n} rows, expected ${j.rows}.`);
        }
      }
    }
    const rows = figures(jobs);
    const result = {
      date: started,
      command: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
      revision: revision(),
      machine: machine(),
      loadStart,
      loadEnd: load(),
      rss: rss.label,
      baseline,
      runs: opt.runs,
      rows,
      targets: targets(rows),
      notes,
    };
    const json = `${JSON.stringify(result, null, 2)}\n`;
    if (opt.save) writeFileSync(opt.save, json);
    process.stdout.write(opt.json ? json : render(result));
    if (rows.some((r) => r.error)) return 1;
    return opt.strict && result.targets.some((t) => t.status === 'FAIL') ? 1 : 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => { process.exitCode = code; }, (error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 2;
});
