/**
 * Workbooks that try to exhaust time or memory: one very long cell (inline or shared), a
 * zip bomb, a directory that understates a part, a tag that never ends. Large workbooks
 * are generated here into a temporary directory, never committed. Wall time is not
 * asserted (machines differ); linearity is checked by what the tokenizer holds and hands
 * over, memory by sampling while reading.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { openWorkbook } from '../../src/ingest/xlsx/index.js';
import { EXPANSION_ALLOWANCE, MAX_EXPANSION } from '../../src/ingest/xlsx/zip.js';
import { READING_COMMANDS } from '../helpers/commands.js';
import { runSandboxed } from '../helpers/sandbox.js';
import { writeWorkbook } from '../helpers/xlsx.js';
import { tokenize } from '../helpers/xml-events.js';

const MiB = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'css-xlsx-limits-'));

interface Entry {
  name: string;
  /** Deflated bytes and the size they inflate to. */
  deflated: Buffer;
  size: number;
  crc: number;
  /** The uncompressed size written in the directory, when it should lie. */
  statedSize?: number;
}

const entry = (name: string, xml: string): Entry => {
  const data = Buffer.from(xml);
  return { name, deflated: deflateRawSync(data), size: data.length, crc: crc32(data) };
};

/** A ZIP archive of deflated entries (the test helper's writer stores them uncompressed). */
function deflatedZip(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const size = e.statedSize ?? e.size;
    const header = (length: number, sig: number) => {
      const h = Buffer.alloc(length);
      h.writeUInt32LE(sig, 0);
      return h;
    };
    const local = header(30, 0x04034b50);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const dirEntry = header(46, 0x02014b50);
    dirEntry.writeUInt16LE(20, 4);
    dirEntry.writeUInt16LE(20, 6);
    dirEntry.writeUInt16LE(8, 10);
    dirEntry.writeUInt32LE(e.crc, 16);
    dirEntry.writeUInt32LE(e.deflated.length, 20);
    dirEntry.writeUInt32LE(size, 24);
    dirEntry.writeUInt16LE(name.length, 28);
    dirEntry.writeUInt32LE(offset, 42);
    parts.push(local, name, e.deflated);
    central.push(dirEntry, name);
    offset += 30 + name.length + e.deflated.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const cells = (r: number) =>
  `${inline(`A${r}`, `24-000${r}`)}${inline(`B${r}`, 'WELFARE CHECK')}${inline(`C${r}`, '3')}${inline(`D${r}`, '2024-07-01 08:00:00')}${inline(`E${r}`, '2024-07-01 08:40:00')}`;
const row = (r: number, notes: string) => `<row r="${r}">${cells(r)}${notes}</row>`;
const HEADER = `<row r="1">${['incident_number', 'call_type', 'priority', 'received_time', 'cleared_time', 'notes'].map((h, i) => inline(`${'ABCDEF'[i]}1`, h)).join('')}</row>`;

/** The parts around a worksheet, sheet1.xml being given (already deflated). */
function workbook(sheet: Entry): Buffer {
  return deflatedZip([
    entry('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    entry('_rels/.rels', `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    entry('xl/workbook.xml', `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Calls" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    entry('xl/_rels/workbook.xml.rels', `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    sheet,
  ]);
}

/**
 * A worksheet whose row 2 has a notes cell of `cellBytes` letters, deflated in a stream so
 * a 300 MB cell needs no 300 MB string here.
 */
async function longCellSheet(cellBytes: number): Promise<Entry> {
  const before = Buffer.from(`<worksheet xmlns="${NS}"><sheetData>${HEADER}<row r="2">${cells(2)}<c r="F2" t="inlineStr"><is><t>`);
  const after = Buffer.from(`</t></is></c></row>${row(3, inline('F3', 'short'))}</sheetData></worksheet>`);
  const deflate = createDeflateRaw();
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = crc32(before);
  deflate.write(before);
  const piece = Buffer.alloc(MiB, 'x');
  for (let left = cellBytes; left > 0; left -= piece.length) {
    const p = piece.subarray(0, Math.min(piece.length, left));
    crc = crc32(p, crc);
    if (!deflate.write(p)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  crc = crc32(after, crc);
  deflate.end(after);
  await done;
  return { name: 'xl/worksheets/sheet1.xml', deflated: Buffer.concat(out), size: before.length + cellBytes + after.length, crc };
}

const save = (name: string, data: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};

/** Field lengths of every row, as the workbook reader gives them. */
async function fieldLengths(path: string): Promise<number[][]> {
  const book = await openWorkbook(path);
  const rows: number[][] = [];
  await book.read((rec) => {
    const lengths: number[] = [];
    for (let i = 0; i < rec.length; i++) {
      rec.fieldBytes(i);
      lengths.push(rec.end - rec.start);
    }
    rows.push(lengths);
  });
  return rows;
}

describe('one very long cell', () => {
  const CELL = 20 * MiB;
  let inlinePath: string;
  let sharedPath: string;
  let smallPath: string;

  beforeAll(async () => {
    inlinePath = save('calls-20mb-inline-cell.xlsx', workbook(await longCellSheet(CELL)));
    smallPath = save('calls-short-cell.xlsx', workbook(await longCellSheet(5)));
    // exceljs (a real producer) puts the text in the shared-strings table.
    sharedPath = join(dir, 'calls-20mb-shared-cell.xlsx');
    const values = ['24-0002', 'WELFARE CHECK', 3, '2024-07-01 08:00:00', '2024-07-01 08:40:00'];
    await writeWorkbook(sharedPath, [
      {
        name: 'Calls',
        rows: [['incident_number', 'call_type', 'priority', 'received_time', 'cleared_time', 'notes'], [...values, 'x'.repeat(CELL)], [...values, 'short']],
      },
    ]);
  }, 120_000);

  it.each([
    ['an inline string', () => inlinePath],
    ['a shared string (written by exceljs)', () => sharedPath],
  ])('as %s is read whole', async (_name, path) => {
    const rows = await fieldLengths(path());
    expect(rows.map((r) => r.length)).toEqual([6, 6, 6]);
    expect(rows[1][5]).toBe(CELL);
    expect(rows[2][5]).toBe(5);
  }, 120_000);

  it('inspect reads either with the default limit (64 MiB), in memory a small multiple of the cell', async () => {
    const baseline = (await runSandboxed(['inspect', smallPath, '--tz', 'UTC', '--json', '--quiet'])).exit!.maxRssBytes;
    for (const path of [inlinePath, sharedPath]) {
      const r = await runSandboxed(['inspect', path, '--tz', 'UTC', '--json', '--quiet']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).input).toMatchObject({ rowsRead: 2, rowsAccepted: 2, rowsRejected: 0 });
      // The old tokenizer re-copied the growing cell at every 256 KiB chunk: quadratic time,
      // its garbage piling up. Now the inflated chunks, the row's buffer and the cell as text
      // take a few times its size.
      expect(r.exit!.maxRssBytes - baseline).toBeLessThan(6 * CELL);
    }
  }, 120_000);

  it('is refused past --max-record-bytes, naming the file and the worksheet row', async () => {
    for (const path of [inlinePath, sharedPath]) {
      const err = await openWorkbook(path, { maxRecordBytes: MiB }).then((b) => b.read(() => undefined)).then(
        () => undefined,
        (e: { format(): string }) => e.format(),
      );
      expect(err).toBe(`${path}:2: row 2 of sheet "Calls" is larger than 1 MiB. Check the cells of that row, or raise the limit with --max-record-bytes`);
    }
  });

  it.each(READING_COMMANDS.map((c) => [c.name, c] as const))('%s: --max-record-bytes 1048576 exits 2 with one line naming the row', async (_name, command) => {
    const out = mkdtempSync(join(tmpdir(), 'css-xlsx-out-'));
    const r = await runSandboxed([...command.args(out), inlinePath, '--tz', 'UTC', '--max-record-bytes', '1048576']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^css-analyze: .*calls-20mb-inline-cell\.xlsx:2: row 2 of sheet "Calls" is larger than 1 MiB\. .*--max-record-bytes$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  }, 60_000);
});

describe('zip bombs and lying directories', () => {
  it('a 300 MB cell in a 300 KB workbook is refused before it is inflated', async () => {
    const sheet = await longCellSheet(300 * MiB);
    const path = save('calls-zip-bomb.xlsx', workbook(sheet));
    expect(sheet.size).toBeGreaterThan(EXPANSION_ALLOWANCE);
    expect(sheet.size / sheet.deflated.length).toBeGreaterThan(MAX_EXPANSION);
    const r = await runSandboxed(['inspect', path, '--tz', 'UTC']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/calls-zip-bomb\.xlsx: looks like a zip bomb: its part xl\/worksheets\/sheet1\.xml would inflate from 3\d\d KB to 31\d\.\d MB \(\d+ times, where a real worksheet grows about 10 times\)\. If the workbook is genuine, .*save the sheet as CSV UTF-8/);
    // Refused from the directory: nothing near 300 MB was inflated.
    expect(r.exit!.maxRssBytes).toBeLessThan(200 * MiB);
  }, 120_000);

  it('a part that inflates to more than its directory states stops there', async () => {
    const sheet = entry('xl/worksheets/sheet1.xml', `<worksheet xmlns="${NS}"><sheetData>${HEADER}${row(2, inline('F2', 'y'.repeat(2 * MiB)))}</sheetData></worksheet>`);
    const path = save('calls-understated-part.xlsx', workbook({ ...sheet, statedSize: 1000 }));
    const err = await openWorkbook(path).then((b) => b.read(() => undefined)).then(
      () => '',
      (e: { format(): string }) => e.format(),
    );
    expect(err).toMatch(/calls-understated-part\.xlsx: is a damaged \.xlsx workbook: xl\/worksheets\/sheet1\.xml holds more than 1000 bytes, its directory says 1000/);
  });
});

describe('cells beyond the last column', () => {
  it.each([
    ['a reference past XFD', `<row r="2">${cells(2)}<c r="ZZZZZZZZ2"><v>1</v></c></row>`, 'ZZZZZZZZ2'],
    ['more than 16,384 cells', `<row r="2">${'<c><v>1</v></c>'.repeat(16_385)}</row>`, 'column 16385'],
  ])('%s is a damaged workbook, not a row as wide as it says', async (_name, xml, shown) => {
    const path = save(`calls-wide-row-${shown.length}.xlsx`, workbook(entry('xl/worksheets/sheet1.xml', `<worksheet xmlns="${NS}"><sheetData>${HEADER}${xml}</sheetData></worksheet>`)));
    const err = await openWorkbook(path).then((b) => b.read(() => undefined)).then(
      () => '',
      (e: { format(): string }) => e.format(),
    );
    expect(err).toBe(`${path}:2: the workbook is damaged: row 2 of sheet "Calls" has a cell beyond Excel's last column XFD ("${shown}"). Open and save it again in Excel or LibreOffice`);
  });
});

const cut = (doc: Buffer, size: number) => {
  const chunks: Buffer[] = [];
  for (let i = 0; i < doc.length; i += size) chunks.push(doc.subarray(i, i + size));
  return chunks;
};

describe('XML tokenizer on tokens longer than a chunk', () => {
  it('gives the same tokens for long text, CDATA, comments, instructions, declarations and tags, at any chunk size', () => {
    const mixed = (n: number) => Array.from({ length: n }, (_, i) => ['a', 'é', '漢', '😀', ' ', '&amp;', '&#x41;', '&#128512;', ']', ']]'][i % 10]).join('');
    const long = mixed(3000);
    const doc = Buffer.from(
      `<?xml version="1.0"?><!DOCTYPE x ${'d'.repeat(6000)}><!-- ${'c->'.repeat(3000)} --><?pi ${'?'.repeat(5000)} ?>` +
        `<root><a k="${'>'.repeat(5000)}" j='${'"'.repeat(5000)}'>${long}</a><b><![CDATA[${long.replace(/&/g, '&&')}]]></b>` +
        `<c><![CDATA[${']'.repeat(9000)}]]></c><d>${long}<e/>${'x'.repeat(10_000)}</d></root>`,
    );
    const whole = tokenize([doc]).events;
    expect(whole.filter((e) => !e.startsWith('<')).map((e) => e.length)).toEqual([long.length, long.replace(/&/g, '&&').length + 6, 9006, long.length, 10_000]);
    for (const size of [1, 2, 3, 5, 4095, 4096, 4097, 4099, 5000, 8191, 9001, 16_384]) {
      expect(tokenize(cut(doc, size)).events, `chunks of ${size}`).toEqual(whole);
    }
  });

  it('hands a long text run over in pieces no larger than a chunk, so nothing is re-copied while it grows', () => {
    const chunk = 256 * 1024;
    const doc = Buffer.concat([Buffer.from('<t>'), Buffer.alloc(20 * MiB, 'x'), Buffer.from('</t>')]);
    const { events, pieces } = tokenize(cut(doc, chunk));
    expect(events.map((e) => e.length)).toEqual([3, 20 * MiB, 4]);
    expect(Math.max(...pieces)).toBeLessThanOrEqual(chunk);
    expect(pieces.length).toBeGreaterThanOrEqual(80);
  });

  it('refuses a tag longer than its limit, as a damaged workbook', () => {
    const doc = Buffer.from(`<root><c r="${'A'.repeat(3 * MiB)}"/></root>`);
    expect(() => tokenize(cut(doc, 64 * 1024), MiB)).toThrow(/test\.xlsx \(sheet1\.xml\) holds a tag longer than 1 MiB/);
  });

  it('says the part is damaged when it ends inside a long comment, CDATA section or tag', () => {
    for (const open of ['<!-- ', '<![CDATA[', '<a k="']) {
      const doc = Buffer.from(`<root>${open}${'z'.repeat(10_000)}`);
      expect(() => tokenize(cut(doc, 3000)), open).toThrow(/ends in the middle of a tag/);
    }
  });
});
