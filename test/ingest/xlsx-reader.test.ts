import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFields } from '../../src/ingest/array-record.js';
import { customDateStyle, DateKind, serialToWallMs, writeSerial } from '../../src/ingest/xlsx/dates.js';
import { openWorkbook, workbookKind } from '../../src/ingest/xlsx/index.js';
import { XmlScanner } from '../../src/ingest/xlsx/xml.js';
import { loadExport } from '../../src/ingest/load.js';
import type { Call } from '../../src/ingest/call.js';
import { rawWorkbook, wall, writeWorkbook } from '../helpers/xlsx.js';
import { tokenize } from '../helpers/xml-events.js';

const dir = mkdtempSync(join(tmpdir(), 'css-xlsx-'));
let n = 0;
const file = (data: Buffer, ext = '.xlsx') => {
  const path = join(dir, `book-${++n}${ext}`);
  writeFileSync(path, data);
  return path;
};

async function sheetRows(path: string, options: { sheet?: string; headerRow?: number } = {}): Promise<{ line: number; fields: string[] }[]> {
  const book = await openWorkbook(path, options);
  const rows: { line: number; fields: string[] }[] = [];
  await book.read((rec) => rows.push({ line: rec.line, fields: copyFields(rec) }));
  return rows;
}

async function error(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const e = err as { format?: () => string; message: string };
    return e.format ? e.format() : e.message;
  }
  throw new Error('expected an error');
}

const c = (ref: string, value: string, attrs = '') => `<c r="${ref}"${attrs}><v>${value}</v></c>`;
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const row = (r: number, cells: string) => `<row r="${r}">${cells}</row>`;

describe('Excel dates', () => {
  it('classifies number formats as Excel shows them', () => {
    expect(customDateStyle('m/d/yyyy h:mm:ss').kind).toBe(DateKind.DateTime);
    expect(customDateStyle('yyyy-mm-dd').kind).toBe(DateKind.Date);
    expect(customDateStyle('[$-409]mmmm d, yyyy;@').kind).toBe(DateKind.Date);
    expect(customDateStyle('h:mm AM/PM').kind).toBe(DateKind.Time);
    expect(customDateStyle('[h]:mm:ss').kind).toBe(DateKind.Time);
    expect(customDateStyle('hh:mm:ss.000')).toEqual({ kind: DateKind.Time, millis: true });
    for (const notDate of ['General', '0.00', '#,##0', '0.00E+00', '"days"0', '[Red]0.0;[Blue]-0.0', '0%']) {
      expect(customDateStyle(notDate).kind, notDate).toBe(DateKind.None);
    }
  });

  it('turns serials into wall-clock times with UTC arithmetic, in both date systems', () => {
    expect(new Date(serialToWallMs(43009.5, false)).toISOString()).toBe('2017-10-01T12:00:00.000Z');
    expect(new Date(serialToWallMs(43009.5 - 1462, true)).toISOString()).toBe('2017-10-01T12:00:00.000Z');
    // The 1900 system counts a 29 February 1900 that never was.
    expect(new Date(serialToWallMs(59, false)).toISOString().slice(0, 10)).toBe('1900-02-28');
    expect(new Date(serialToWallMs(61, false)).toISOString().slice(0, 10)).toBe('1900-03-01');
    expect(serialToWallMs(-1, false)).toBeNaN();
  });

  it('writes the serial as ISO text, to the second unless the format shows fractions', () => {
    const out = Buffer.alloc(32);
    const text = (serial: number, kind: DateKind, millis = false) => out.toString('latin1', 0, writeSerial(out, 0, serial, { kind, millis }, false));
    const serial = 43009 + (13 * 3600 + 5 * 60 + 9.4) / 86400;
    expect(text(serial, DateKind.DateTime)).toBe('2017-10-01 13:05:09');
    expect(text(serial, DateKind.DateTime, true)).toBe('2017-10-01 13:05:09.400');
    expect(text(serial, DateKind.Date)).toBe('2017-10-01');
    expect(text(serial, DateKind.Time)).toBe('13:05:09');
    expect(text(43009.99999999, DateKind.DateTime)).toBe('2017-10-02 00:00:00');
  });
});

describe('XML tokenizer', () => {
  const xml = Buffer.from(
    '<?xml version="1.0"?><!-- a comment with <tags> --><x:root xmlns:x="ns"><x:a k="1 > 0" j=\'q\'>A &amp; B &#x41;</x:a><b/>' +
      '<c><![CDATA[<raw> & text]]></c><d>é ü 漢字</d></x:root>',
  );
  const events = (chunks: Buffer[]): string[] => tokenize(chunks).events;

  it('gives the same tokens whatever the chunk boundaries', () => {
    const whole = events([xml]);
    expect(whole).toEqual(['<root xmlns:x="ns">', '<a k="1 > 0" j=\'q\'>', 'A &amp; B &#x41;', '</a>', '<b>', '</b>', '<c>', 'CDATA:<raw> & text', '</c>', '<d>', 'é ü 漢字', '</d>', '</root>']);
    for (let cut = 1; cut < xml.length; cut++) {
      const got = events([xml.subarray(0, cut), xml.subarray(cut)]);
      expect(got, `cut at ${cut}`).toEqual(whole);
    }
  });

  it('gives the same tokens in chunks larger and smaller than the join window, with tokens longer than it', () => {
    const long = 'x'.repeat(9000);
    const body = Array.from({ length: 400 }, (_, i) => `<row r="${i}"><c r="A${i}" t="s"><v>${i}</v></c><c r="B${i}"><v>4${i}.5</v></c></row>`).join('');
    const doc = Buffer.from(`<sheetData>${body}<row r="x" note="${long}"><c><is><t>${long}</t></is></c></row>${body}</sheetData>`);
    const whole = events([doc]);
    for (const size of [1, 7, 4095, 4096, 4097, 5000, 12_000]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < doc.length; i += size) chunks.push(doc.subarray(i, i + size));
      expect(events(chunks), `chunks of ${size}`).toEqual(whole);
    }
  });

  it('says the part is damaged when it ends inside a tag', () => {
    const scanner = new XmlScanner({ open() {}, close() {}, text() {} }, 'book.xlsx (xl/worksheets/sheet1.xml)');
    scanner.write(Buffer.from('<row><c r="A1"'));
    expect(() => scanner.end()).toThrow(/ends in the middle of a tag/);
  });
});

describe('worksheet rows', () => {
  it('reads shared, rich, inline, formula, boolean and error cells, skipping empty rows and keeping row numbers', async () => {
    const path = file(
      rawWorkbook({
        sharedStrings: ['<t>id</t>', '<r><rPr><b/></rPr><t>call </t></r><r><t>type</t></r><rPh><t>ignored</t></rPh>', '<t xml:space="preserve">WELFARE &amp; CHECK_x000D_</t>', '<t>_x005F_x0041_</t>'],
        cellFormats: [0, 22, 14, 21, 164],
        customFormats: { 164: 'yyyy-mm-dd hh:mm:ss.000' },
        sheets: [
          {
            name: 'Calls',
            sheetData:
              row(1, c('A1', '0', ' t="s"') + c('B1', '1', ' t="s"') + inline('C1', 'received') + inline('D1', 'day') + inline('E1', 'time') + inline('F1', 'precise') + inline('G1', 'flag')) +
              row(2, c('A2', '17000001') + c('B2', '2', ' t="s"') + c('C2', '43009.5', ' s="1"') + c('D2', '43009', ' s="2"') + c('E2', '0.75', ' s="3"') + c('F2', '43009.0000011574', ' s="4"') + c('G2', '1', ' t="b"')) +
              '<row r="3"><c r="A3" s="1"/></row>' +
              row(5, inline('A5', 'x &lt; y') + `<c r="B5" t="str"><f>A1&amp;"!"</f><v>formula text</v></c>` + c('C5', '0.30000000000000004') + c('D5', '#N/A', ' t="e"') + c('G5', '3', ' t="s"')),
          },
        ],
      }),
    );
    expect(await sheetRows(path)).toEqual([
      { line: 1, fields: ['id', 'call type', 'received', 'day', 'time', 'precise', 'flag'] },
      { line: 2, fields: ['17000001', 'WELFARE & CHECK\r', '2017-10-01 12:00:00', '2017-10-01', '18:00:00', '2017-10-01 00:00:00.100', 'TRUE'] },
      { line: 5, fields: ['x < y', 'formula text', '0.3', '#N/A', '', '', '_x0041_'] },
    ]);
  });

  it('pads rows to the header, leaves skipped columns empty and reads the 1904 date system', async () => {
    const path = file(
      rawWorkbook({
        date1904: true,
        cellFormats: [0, 22],
        sheets: [{ name: 'S', sheetData: row(1, inline('A1', 'a') + inline('B1', 'b') + inline('C1', 'c') + inline('D1', 'd')) + row(2, c('C2', String(43009.5 - 1462), ' s="1"')) }],
      }),
    );
    expect(await sheetRows(path)).toEqual([
      { line: 1, fields: ['a', 'b', 'c', 'd'] },
      { line: 2, fields: ['', '', '2017-10-01 12:00:00', ''] },
    ]);
  });

  it('reads elements written with a namespace prefix (x:row, x:c)', async () => {
    const path = file(rawWorkbook({ prefixed: true, sharedStrings: ['<t>hello</t>'], sheets: [{ name: 'S', sheetData: row(1, c('A1', '0', ' t="s"') + inline('B1', 'b')) + row(2, c('A2', '7') + c('B2', '8')) }] }));
    expect(await sheetRows(path)).toEqual([
      { line: 1, fields: ['hello', 'b'] },
      { line: 2, fields: ['7', '8'] },
    ]);
  });
});

describe('choosing the sheet and the header row', () => {
  const twoSheets = () =>
    file(
      rawWorkbook({
        sheets: [
          { name: 'Lookup', hidden: true, sheetData: row(1, inline('A1', 'hidden') + inline('B1', 'sheet')) },
          { name: 'Calls 2019', sheetData: row(1, inline('A1', 'calls') + inline('B1', 'x')) },
          { name: 'Notes', sheetData: row(1, inline('A1', 'notes') + inline('B1', 'y')) },
        ],
      }),
    );

  it('reads the first visible sheet by default, else --sheet by name (any case) or number', async () => {
    const path = twoSheets();
    expect((await sheetRows(path))[0].fields[0]).toBe('calls');
    expect((await sheetRows(path, { sheet: 'notes' }))[0].fields[0]).toBe('notes');
    expect((await sheetRows(path, { sheet: '1' }))[0].fields[0]).toBe('hidden');
    expect((await openWorkbook(path)).sheets).toEqual(['Lookup', 'Calls 2019', 'Notes']);
  });

  it('names the sheets when --sheet matches none', async () => {
    expect(await error(openWorkbook(twoSheets(), { sheet: 'Calls' }))).toMatch(/has no sheet "Calls". Its sheets are "Lookup", "Calls 2019", "Notes": use --sheet with one of those names or a number from 1 to 3/);
  });

  const titled = () =>
    file(
      rawWorkbook({
        sheets: [
          {
            name: 'S',
            sheetData:
              row(1, inline('A1', 'Durham Police Calls for Service, 2019')) +
              row(3, inline('A3', 'id') + inline('B3', 'call_type') + inline('C3', 'received')) +
              row(4, inline('A4', '1') + inline('B4', 'NOISE') + inline('C4', '2019-01-01 00:00:00')),
          },
        ],
      }),
    );

  it('stops at a title above the header, naming the row the header seems to be on', async () => {
    expect(await error(sheetRows(titled()))).toMatch(
      /:1: row 1 looks like a title \("Durham Police Calls for Service, 2019"\), not a header \(1 of 3 columns filled; merged cells\?\); the header seems to be on row 3. Use --header-row 3$/,
    );
  });

  it('reads from --header-row, and says when that row is empty', async () => {
    expect((await sheetRows(titled(), { headerRow: 3 })).map((r) => r.line)).toEqual([3, 4]);
    expect(await error(sheetRows(titled(), { headerRow: 2 }))).toMatch(/row 2 \(given by --header-row\) is empty; the first row below it with values is row 3. Use --header-row 3/);
  });
});

describe('workbooks through the loader', () => {
  it('maps a workbook written by exceljs like the same rows as CSV, date cells read in the agency zone', async () => {
    const header = ['incident_number', 'call_type', 'priority', 'received_time', 'cleared_time'];
    const rows: [string, string, number, string, string][] = [
      ['24-1', 'WELFARE CHECK', 3, '2019-07-04 12:00:00', '2019-07-04 12:40:00'],
      ['24-2', 'NOISE COMPLAINT', 4, '2019-12-24 23:15:30', '2019-12-25 00:05:00'],
    ];
    const xlsx = join(dir, 'calls.xlsx');
    await writeWorkbook(xlsx, [
      { name: 'Calls', rows: [header, ...rows.map(([id, type, p, r, cl]) => [id, type, p, wall(r), wall(cl)])] },
      { name: 'Other', rows: [['ignored'], ['by default']] },
    ]);
    const csv = join(dir, 'calls.csv');
    writeFileSync(csv, [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
    const read = async (path: string) => {
      const calls: Call[] = [];
      const [summary] = await loadExport([path], { tz: 'America/New_York' }, (call) => calls.push({ ...call }));
      return { calls, summary };
    };
    const a = await read(csv);
    const b = await read(xlsx);
    expect(b.calls.map((x) => [x.id, x.callType, x.received, x.cleared, x.line])).toEqual(a.calls.map((x) => [x.id, x.callType, x.received, x.cleared, x.line]));
    // 12:00 in New York in July is 16:00 UTC; in December 04:15:30 UTC the next day.
    expect(new Date(b.calls[0].received).toISOString()).toBe('2019-07-04T16:00:00.000Z');
    expect(new Date(b.calls[1].received).toISOString()).toBe('2019-12-25T04:15:30.000Z');
    expect(b.summary).toMatchObject({ format: 'xlsx', sheet: 'Calls', headerRow: 1, rowsRead: 2 });
    expect(b.summary.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('recognises workbooks by name and content, and refuses old binary ones', async () => {
    const book = rawWorkbook({ sheets: [{ name: 'S', sheetData: row(1, inline('A1', 'a')) }] });
    expect(await workbookKind(file(book))).toBe('xlsx');
    expect(await workbookKind(file(book, '.xlsm'))).toBe('xlsx');
    // Under another name it is left to the text reader, which says to rename it.
    expect(await workbookKind(file(book, '.csv'))).toBeNull();
    expect(await workbookKind(file(Buffer.from('a,b\n1,2\n'), '.xlsx'))).toBeNull();
    const ole2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(await workbookKind(file(ole2, '.xls'))).toBe('xls');
    expect(await error(loadExport([file(ole2, '.xls')], {}, () => {}))).toMatch(/is an Excel 97–2003 workbook \(\.xls\) or a password-protected workbook, which is not read. Open it in Excel or LibreOffice and save it, without a password, as \.xlsx/);
  });
});
