#!/usr/bin/env node
// Micro-benchmark of the timestamp layer: parse from UTF-8 bytes + convert local wall
// time to an instant, 4M times (the classify pipeline's load for 1M rows x 4 time
// columns). Target: under ~150 ms for the single-value case.
//
//   npm run build && node bench/time-micro.mjs [count]
//
// Cases: the same value (`2025-11-23 00:02:29.000`, the Alexandria layout) 4M times;
// distinct values through a year in time order (crosses both DST changes); the same
// values shuffled (defeats the zone's last-hour cache). A byte-sum loop over the same
// bytes is timed as a reference for comparing machines.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const libUrl = new URL('../dist/ingest/time/index.js', import.meta.url);
if (!existsSync(fileURLToPath(libUrl))) {
  console.error('bench/time-micro.mjs: dist/ not built. Run `npm run build` first.');
  process.exit(2);
}
const { compileFormat, createZone } = await import(libUrl.href);

const COUNT = Number(process.argv[2] ?? 4_000_000);
const RUNS = 7;
const enc = new TextEncoder();
const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Packs values back to back as a CSV scanner would see them; returns bytes and offsets. */
function pack(values) {
  const width = values[0].length;
  const bytes = new Uint8Array(values.length * (width + 1));
  const starts = new Int32Array(values.length);
  let p = 0;
  values.forEach((v, i) => {
    starts[i] = p;
    bytes.set(enc.encode(v), p);
    p += width;
    bytes[p++] = 0x2c;
  });
  return { bytes, starts, width };
}

function yearOfValues(n) {
  const out = [];
  const start = Date.UTC(2024, 0, 1);
  const step = Math.floor((366 * 86_400_000) / n);
  for (let i = 0; i < n; i++) {
    const d = new Date(start + i * step);
    out.push(
      `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
        `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`,
    );
  }
  return out;
}

function shuffled(values) {
  const out = values.slice();
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// Calibration: the least any byte-level parser must do (touch every byte). Compare the
// figures below with it when moving between machines.
const sumBytes = {
  parse(bytes, start, end) {
    let v = 0;
    for (let i = start; i < end; i++) v += bytes[i];
    return v;
  },
};

function run(name, packed, { zone = true, parser = compileFormat('YYYY-MM-DD HH:mm:ss.SSS') } = {}) {
  const tz = createZone('America/New_York');
  const { bytes, starts, width } = packed;
  const n = starts.length;
  const times = [];
  const cpuTimes = [];
  let checksum = 0;
  for (let r = 0; r < RUNS + 1; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    let sum = 0;
    for (let i = 0, k = 0; i < COUNT; i++) {
      const s = starts[k];
      const wall = parser.parse(bytes, s, s + width);
      sum += zone ? tz.toInstant(wall) : wall;
      if (++k === n) k = 0;
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    // The first run warms up the JIT and the zone's year tables.
    if (r > 0) {
      times.push(ms);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    checksum = sum;
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const wall = median(times);
  const cpu = median(cpuTimes);
  console.log(
    `${name.padEnd(42)} wall ${wall.toFixed(1).padStart(7)} ms  cpu ${cpu.toFixed(1).padStart(7)} ms` +
      `  ${((wall * 1e6) / COUNT).toFixed(1).padStart(5)} ns/value  (fastest ${times[0].toFixed(1)} ms; checksum ${checksum})`,
  );
  return { wall, cpu };
}

console.log(
  `node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0].toFixed(1)};` +
    ` ${COUNT.toLocaleString('en-US')} values per run, median of ${RUNS} runs (CPU time = user + system of this process)`,
);
const same = pack(['2025-11-23 00:02:29.000']);
run('same value, parse only', same, { zone: false });
const target = run('same value, parse + America/New_York', same);
const year = yearOfValues(1_000_000);
run('1M distinct values over 2024, in order', pack(year));
run('1M distinct values over 2024, shuffled', pack(shuffled(year)));
// Last, so the loop's call site has only seen real parsers when they are timed.
const reference = run('reference: sum the same bytes', same, { zone: false, parser: sumBytes });
console.log(
  `parse + zone: ${target.wall.toFixed(1)} ms wall, ${target.cpu.toFixed(1)} ms CPU = ` +
    `${(target.cpu / reference.cpu).toFixed(2)}x the byte-sum reference; ` +
    (target.wall <= 150 ? 'OK (target <= 150 ms)' : 'over the 150 ms target (compare CPU time and the reference on a busy machine)'),
);
