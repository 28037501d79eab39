// Turns the benchmark's raw runs into figures (medians, rows/s, MB/s, peak RSS, ratio to DuckDB),
// checks issue 7's targets and prints the plain-text report.
import { fmt, median, MB, shortRows, showLoad, table } from './lib.mjs';

const ROWS_1M = 1_000_000;
const ROWS_5M = 5_000_000;
const RSS_LIMIT = 150 * MB;

/** One line per (case, command): medians of wall time, max of peak RSS over the runs. */
export function figures(measurements) {
  const baseline = new Map(measurements.filter((m) => m.command === 'duckdb').map((m) => [m.case, median(m.runs.map((r) => r.wallS))]));
  return measurements.map((m) => {
    const times = m.runs.map((r) => r.wallS);
    const medianS = median(times);
    const ratio = medianS / (baseline.get(m.case) ?? NaN);
    return {
      case: m.case,
      input: m.input,
      rows: m.rows,
      bytes: m.bytes,
      command: m.command,
      runs: m.runs.length,
      medianS,
      minS: Math.min(...times),
      maxS: Math.max(...times),
      cpuS: median(m.runs.map((r) => r.cpuS)),
      rowsPerS: m.rows / medianS,
      mbPerS: m.bytes / MB / medianS,
      peakRssBytes: Math.max(...m.runs.map((r) => r.peakRssBytes)),
      ratioToDuckDb: ratio,
      loadBefore: m.runs.map((r) => r.load1),
      error: m.error,
    };
  });
}

/** Issue 7's targets, each PASS, FAIL or n/a (when a size or command was not measured). */
export function targets(rows) {
  const find = (command, n) => rows.find((r) => r.case === `csv-${n}` && r.command === command && !r.error);
  const out = [];
  const check = (name, value, limit, shown) => out.push({
    target: name,
    value: Number.isFinite(value) ? value : null,
    limit,
    shown: Number.isFinite(value) ? shown(value) : 'not measured',
    status: Number.isFinite(value) ? (value <= limit ? 'PASS' : 'FAIL') : 'n/a',
  });
  check('classify 1M ≤ 1.2× DuckDB', find('classify', ROWS_1M)?.ratioToDuckDb, 1.2, fmt.ratio);
  check('report 1M ≤ 2.0× DuckDB', find('report', ROWS_1M)?.ratioToDuckDb, 2.0, fmt.ratio);
  for (const command of ['classify', 'report']) {
    for (const n of [ROWS_1M, ROWS_5M]) {
      check(`${command} ${shortRows(n)} peak RSS ≤ 150 MB`, find(command, n)?.peakRssBytes, RSS_LIMIT, (v) => `${fmt.mb(v)} MB`);
    }
  }
  for (const command of ['classify', 'report']) {
    const a = find(command, ROWS_1M)?.medianS;
    const b = find(command, ROWS_5M)?.medianS;
    check(`${command} 5M time ≤ 5.5× 1M time`, b / a, 5.5, fmt.ratio);
  }
  return out;
}

export function render(result) {
  const { machine: m, rss, baseline, runs, loadStart, loadEnd, rows, targets: checks, notes } = result;
  const loads = rows.flatMap((r) => r.loadBefore);
  const lines = [
    `css-analyze benchmark, ${result.date}, commit ${result.revision}`,
    `machine:  ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM; Node ${m.node}; ${m.os}`,
    `load:     ${showLoad(loadStart)} (1/5/15-min load average) at start, ${showLoad(loadEnd)} at end${loads.length ? `; 1-min load before each run ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}` : ''}`,
    `timing:   whole process (node startup included), wall clock, median of ${runs} run(s); warm page cache; CPU s = user + system (median)`,
    `peak RSS: ${rss}; the largest of the runs`,
    `baseline: ${baseline ?? 'not run (--no-baseline)'}`,
    '',
  ];
  const body = rows.map((r) => [
    r.input,
    fmt.int(r.rows),
    `${fmt.mb(r.bytes)} MB`,
    r.command,
    r.error ? 'ERROR' : fmt.s(r.medianS),
    r.error ? '' : `${fmt.s(r.minS)}–${fmt.s(r.maxS)}`,
    r.error ? '' : fmt.s(r.cpuS),
    r.error ? '' : fmt.int(r.rowsPerS),
    r.error ? '' : r.mbPerS.toFixed(1),
    r.error ? '' : fmt.mb(r.peakRssBytes),
    r.error ? '' : fmt.ratio(r.ratioToDuckDb),
  ]);
  lines.push(table(['input', 'rows', 'size', 'command', 'median s', 'min–max s', 'CPU s', 'rows/s', 'MB/s', 'peak RSS MB', '× DuckDB'], body, 1));
  for (const r of rows.filter((x) => x.error)) lines.push('', `ERROR ${r.input} ${r.command}: ${r.error}`);
  lines.push('', 'targets (issue 7):');
  for (const t of checks) lines.push(`  ${t.status.padEnd(4)}  ${t.target.padEnd(34)} ${t.shown}`);
  for (const note of notes) lines.push('', note);
  return `${lines.join('\n')}\n`;
}
