import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openSource } from '../../src/ingest/source.js';
import { runCli } from '../helpers/cli.js';

/** Excel for Mac's "CSV (Macintosh)" ends lines with a lone CR (classic Mac OS). */

/** The text through the source layer, given as chunks of `chunk` bytes after a first part of `first` bytes. */
async function decoded(text: string, chunk: number, first = chunk): Promise<string> {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [bytes.subarray(0, first)];
  for (let i = first; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const source = await openSource('-', {}, Readable.from(parts));
  const out: Buffer[] = [];
  for await (const c of source.chunks) out.push(Buffer.from(c));
  return Buffer.concat(out).toString();
}

describe('line ends', () => {
  it.each([1, 2, 7, 1 << 20])('CR-only text reads as LF lines (chunks of %i bytes)', async (chunk) => {
    expect(await decoded('id,type\r1,NOISE\r2,"A\rB"\r', chunk)).toBe('id,type\n1,NOISE\n2,"A\nB"\n');
  });

  it.each([1, 3, 1 << 20])('CRLF and LF text, and a lone CR after the first LF, are left as they are (chunks of %i bytes)', async (chunk) => {
    for (const text of ['id,type\r\n1,NOISE\r\n', 'id,type\n1,NOISE\n', 'id,type\n1,"A\rB"\n', 'id,type\r\n1,A\rB\r\n']) {
      expect(await decoded(text, chunk)).toBe(text);
    }
  });

  it('a first line end falling exactly at a chunk boundary (beyond the 4 KiB the source peeks) is decided by the next chunk', async () => {
    const header = `id,${'x'.repeat(5000)}`;
    for (const [end, expected] of [['\r1,NOISE\r', '\n1,NOISE\n'], ['\r\n1,NOISE\r\n', '\r\n1,NOISE\r\n'], ['\r', '\n']]) {
      expect(await decoded(header + end, 1, header.length + 1)).toBe(header + expected);
    }
  });

  it('the CLI reads a CR-only export, with the right line numbers in errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'css-mac-'));
    const good = join(dir, 'mac.csv');
    writeFileSync(good, 'id,received,type\r1,2024-01-01 00:00:00,WELFARE CHECK\r2,2024-01-01 01:00:00,NOISE COMPLAINT\r');
    const r = await runCli(['classify', good, '--tz', 'UTC', '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.totals.calls).toBe(2);
    expect(a.callTypes.map((t: { callType: string }) => t.callType).sort()).toEqual(['NOISE COMPLAINT', 'WELFARE CHECK']);
    const bad = join(dir, 'mac-ragged.csv');
    writeFileSync(bad, 'id,received,type\r1,2024-01-01 00:00:00,WELFARE CHECK\r2,2024-01-01 01:00:00\r');
    const e = await runCli(['classify', bad, '--tz', 'UTC']);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(new RegExp(`^css-analyze: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: ragged row: expected 3 fields, found 2`));
  });
});
