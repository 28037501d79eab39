import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generated } from '../helpers/exports.js';

/**
 * A generated export that drifts: 3,000 generated calls plus 30 rows whose received time
 * cannot be parsed (rejected with --skip-bad-rows) and 20 citizen calls of a type no rule
 * knows (unclassified), so every gate has something to measure. Made once per test file.
 */
let made: string | undefined;

export async function driftExport(): Promise<string> {
  if (made && existsSync(made)) return made;
  const lines = readFileSync(await generated(3000, 5), 'utf8').trimEnd().split('\n');
  const [header, ...rows] = lines;
  const cols = header.split(',');
  const received = cols.indexOf('call_received');
  const nature = cols.indexOf('nature');
  const code = cols.indexOf('nature_code');
  const source = cols.indexOf('call_source');
  // Rows without quoted fields, so a split on commas is exact; citizen calls, so no source rule classifies the new type.
  const plain = rows.filter((r) => !r.includes('"') && r.split(',')[source] !== 'SELF-INITIATED');
  const edit = (r: string, f: (v: string, i: number) => string) => r.split(',').map(f).join(',');
  const bad = plain.slice(0, 30).map((r) => edit(r, (v, i) => (i === received ? 'not a time' : v)));
  const unknown = plain.slice(30, 50).map((r) => edit(r, (v, i) => (i === nature ? 'ZZ UNHEARD OF CALL TYPE' : i === code ? 'ZZZQ' : v)));
  made = join(mkdtempSync(join(tmpdir(), 'css-drift-')), 'calls-drift.csv');
  writeFileSync(made, [header, ...rows, ...bad, ...unknown].join('\n') + '\n');
  return made;
}
