#!/usr/bin/env node
// Micro benchmark of the CSV reading layer (not a test). Build first: npx tsc -p tsconfig.json
//   node bench/scanner-micro.mjs [rows=1000000] [runs=3]
// Generates a CAD-like CSV (15 columns, some quoted fields with commas) in a temp dir and
// times: reading the file, the source layer (hashing, UTF-8 check), the scanner touching
// nothing, decoding 5 repeating text fields per row, decoding 2 unique ones, handing 4
// timestamps out as bytes, and the csv-parse reader. Prints the best of `runs`.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { scanRecords } from '../dist/ingest/scanner.js';
import { csvParseRecords } from '../dist/ingest/csvParseReader.js';
import { openSource } from '../dist/ingest/source.js';
// The same seedable generator the bootstrap uses: every run writes the same file.
import { mulberry32 } from '../dist/estimate/uncertainty.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 3);
const CHUNK = 1 << 20;

const TYPES = ['DISTURBANCE', '"DISTURBANCE, LOUD MUSIC"', 'WELFARE CHECK', '"SUSPICIOUS PERSON, VEHICLE"', 'ALARM BURGLARY',
  'TRAFFIC STOP', '"ASSIST CITIZEN, OTHER"', 'MENTAL HEALTH', 'LARCENY', 'NOISE COMPLAINT'];
const DISPOSITIONS = ['REPORT WRITTEN', 'NO ACTION', '"ADVISED, LEFT AREA"', 'ARREST', 'GONE ON ARRIVAL'];
const STREETS = ['MAIN ST', 'ROXBORO ST', 'FAYETTEVILLE ST', 'CHAPEL HILL RD', 'HOLLOWAY ST'];

const pad = (n, w = 2) => String(n).padStart(w, '0');
const stamp = (t) => {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

async function generate(path) {
  const out = createWriteStream(path);
  const rnd = mulberry32(42);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  out.write('incident_id,call_type,priority,call_source,time_received,time_dispatched,time_arrived,time_cleared,' +
    'beat,district,units,disposition,address,latitude,longitude\n');
  let t = Date.UTC(2017, 9, 1);
  let batch = '';
  for (let i = 0; i < ROWS; i++) {
    t += Math.floor(rnd() * 180_000);
    const d = t + Math.floor(rnd() * 600_000);
    const a = d + Math.floor(rnd() * 900_000);
    const c = a + Math.floor(rnd() * 3_600_000);
    const address = rnd() < 0.3 ? `"${100 + Math.floor(rnd() * 9000)} ${pick(STREETS)}, APT ${Math.floor(rnd() * 40)}"` : `${100 + Math.floor(rnd() * 9000)} ${pick(STREETS)}`;
    batch += `P${pad(17000000 + i, 8)},${pick(TYPES)},${1 + Math.floor(rnd() * 4)},${rnd() < 0.7 ? 'CITIZEN' : 'OFFICER'},` +
      `${stamp(t)},${stamp(d)},${stamp(a)},${stamp(c)},D${pad(Math.floor(rnd() * 500), 3)},${pick(['D1', 'D2', 'D3', 'D4', 'D5'])},` +
      `${1 + Math.floor(rnd() * 4)},${pick(DISPOSITIONS)},${address},${(35.9 + rnd() * 0.1).toFixed(6)},${(-78.9 + rnd() * 0.1).toFixed(6)}\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

const options = (name) => ({ delimiter: ',', maxRecordBytes: 64 << 20, fileName: name });
const file = (path) => createReadStream(path, { highWaterMark: CHUNK });

const cases = {
  'fs read only': async (path) => {
    let n = 0;
    for await (const chunk of file(path)) n += chunk.length;
    return n;
  },
  'openSource only (hash + UTF-8 check)': async (path) => {
    let n = 0;
    for await (const chunk of (await openSource(path, { chunkBytes: CHUNK })).chunks) n += chunk.length;
    return n;
  },
  'scanRecords, touching nothing': async (path) => (await scanRecords(file(path), options(path), () => {})).records,
  // The text fields a mapping decodes: call type, priority, beat, district, disposition.
  'scanRecords, decoding 5 text fields': async (path) => {
    let chars = 0;
    const r = await scanRecords(file(path), options(path), (rec) => {
      chars += rec.field(1).length + rec.field(2).length + rec.field(8).length + rec.field(9).length + rec.field(11).length;
    });
    return r.records + chars;
  },
  'scanRecords, decoding 2 unique fields': async (path) => {
    let chars = 0;
    const r = await scanRecords(file(path), options(path), (rec) => {
      chars += rec.field(0).length + rec.field(12).length;
    });
    return r.records + chars;
  },
  'scanRecords, 4 timestamps via fieldBytes': async (path) => {
    let sum = 0;
    const r = await scanRecords(file(path), options(path), (rec) => {
      for (let i = 4; i < 8; i++) if (rec.fieldBytes(i) && rec.end - rec.start === 19) sum += rec.bytes[rec.start + 18] - 48;
    });
    return r.records + sum;
  },
  'csvParseRecords, decoding 5 text fields': async (path) => {
    let chars = 0;
    const r = await csvParseRecords(file(path), options(path), (rec) => {
      chars += rec.field(1).length + rec.field(2).length + rec.field(8).length + rec.field(9).length + rec.field(11).length;
    });
    return r.records + chars;
  },
};

const dir = mkdtempSync(join(tmpdir(), 'css-scanner-'));
try {
  const path = join(dir, 'calls.csv');
  await generate(path);
  const mb = statSync(path).size / 1e6;
  console.log(`${ROWS} rows, ${mb.toFixed(1)} MB, ${CHUNK >> 10} KiB chunks, node ${process.version}, best of ${RUNS}`);
  console.log('(the machine may be shared: CPU seconds are steadier than wall seconds)');
  let base;
  for (const [name, run] of Object.entries(cases)) {
    const runs = name.startsWith('csvParse') ? 1 : RUNS;
    let wall = Infinity;
    let cpu = Infinity;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await run(path);
      const c = process.cpuUsage(c0);
      wall = Math.min(wall, (performance.now() - t0) / 1000);
      cpu = Math.min(cpu, (c.user + c.system) / 1e6);
    }
    base ??= { wall, cpu };
    const extra = name === 'fs read only' ? '' : `  +${(wall - base.wall).toFixed(3)} s wall, +${(cpu - base.cpu).toFixed(3)} s CPU over the read`;
    console.log(`${name.padEnd(42)} ${wall.toFixed(3)} s wall ${cpu.toFixed(3)} s CPU ${(mb / wall).toFixed(0).padStart(5)} MB/s${extra}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
