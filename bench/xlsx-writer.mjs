// A tiny .xlsx writer for the benchmark's workbook case (issue 9): turns a generated CSV into a
// one-sheet workbook shaped like one Excel saves, so the reader is measured on what analysts
// get, not on what a friendly writer produces:
// - strings in a shared-strings table written AFTER the sheet (Excel's order, which a streaming
//   reader has to cope with), numbers as numbers (beats, priority, units), empty cells omitted;
// - timestamps as Excel date serials (days since 1899-12-30, local time) styled with the built-in
//   date-time format 22, not as text;
// - deflate compression, no zip64 (refuses a sheet over 4 GiB), fixed entry dates so the same CSV
//   gives the same bytes.
// It holds the compressed entries and the distinct strings in memory: fine for the bench's
// 300k-row case (~25 MB), not a general-purpose writer.
import { createReadStream, openSync, writeSync, closeSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createDeflateRaw, crc32 } from 'node:zlib';

export const XLSX_WRITER_VERSION = 1;

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d))?$/;
const INTEGER = /^(?:0|-?[1-9]\d{0,14})$/; // no leading zeros: "011" stays text, as a beat code should
const DATE_STYLE = 1; // index into cellXfs below

const STATIC = {
  '[Content_Types].xml': `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    + '<Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    + '</Types>',
  '_rels/.rels': `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`
    + `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  'xl/workbook.xml': `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets><sheet name="Calls" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  'xl/_rels/workbook.xml.rels': `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`
    + `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>`
    + `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>`
    + `<Relationship Id="rId3" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
};

const STYLES = `${XML_HEAD}<styleSheet xmlns="${NS}">`
  + '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
  + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
  + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
  + '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
  + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

/** Splits one CSV record (RFC 4180 quoting); returns undefined while a quoted field is still open. */
function splitRecord(text) {
  const fields = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return undefined;
        value += text.slice(j, q);
        if (text[q + 1] === '"') { value += '"'; j = q + 2; continue; }
        i = q + 1;
        break;
      }
      fields.push(value);
    } else {
      const c = text.indexOf(',', i);
      fields.push(text.slice(i, c < 0 ? text.length : c));
      i = c < 0 ? text.length : c;
    }
    if (i >= text.length) return fields;
    i += 1; // the comma
    if (i === text.length) { fields.push(''); return fields; }
  }
}

const escapeXml = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c])
  // eslint-disable-next-line no-control-regex
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function columnName(index) {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Local wall-clock time → Excel serial (1900 date system; Excel stores no zone). */
function excelSerial(m) {
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  return ms / 86_400_000 + 25_569;
}

async function* sheetXml(csvPath, strings, counts) {
  const index = (s) => {
    counts.refs += 1;
    let i = strings.get(s);
    if (i === undefined) { i = strings.size; strings.set(s, i); }
    return i;
  };
  yield `${XML_HEAD}<worksheet xmlns="${NS}"><sheetData>`;
  const columns = [];
  let buffer = '';
  let pending = '';
  let r = 0;
  for await (const line of createInterface({ input: createReadStream(csvPath), crlfDelay: Infinity })) {
    const record = pending ? `${pending}\n${line}` : line;
    const fields = splitRecord(record);
    if (!fields) { pending = record; continue; }
    pending = '';
    if (r === 0 && fields[0]?.charCodeAt(0) === 0xfeff) fields[0] = fields[0].slice(1);
    r += 1;
    let row = `<row r="${r}">`;
    for (let c = 0; c < fields.length; c++) {
      const v = fields[c];
      if (v === '') continue;
      columns[c] ??= columnName(c);
      const ref = `${columns[c]}${r}`;
      const ts = r > 1 ? TIMESTAMP.exec(v) : null;
      if (ts) row += `<c r="${ref}" s="${DATE_STYLE}"><v>${excelSerial(ts)}</v></c>`;
      else if (r > 1 && INTEGER.test(v)) row += `<c r="${ref}"><v>${v}</v></c>`;
      else row += `<c r="${ref}" t="s"><v>${index(v)}</v></c>`;
    }
    buffer += `${row}</row>`;
    if (buffer.length > 1 << 20) { yield buffer; buffer = ''; }
  }
  if (pending) throw new Error(`${csvPath}: unclosed quote in the last record`);
  yield `${buffer}</sheetData></worksheet>`;
}

async function* sharedStringsXml(strings, counts) {
  yield `${XML_HEAD}<sst xmlns="${NS}" count="${counts.refs}" uniqueCount="${strings.size}">`;
  let buffer = '';
  for (const s of strings.keys()) {
    buffer += /^\s|\s$/.test(s) ? `<si><t xml:space="preserve">${escapeXml(s)}</t></si>` : `<si><t>${escapeXml(s)}</t></si>`;
    if (buffer.length > 1 << 20) { yield buffer; buffer = ''; }
  }
  yield `${buffer}</sst>`;
}

async function deflate(source) {
  const stream = createDeflateRaw({ level: 6 });
  const parts = [];
  let csize = 0;
  stream.on('data', (b) => { parts.push(b); csize += b.length; });
  const ended = once(stream, 'end');
  let crc = 0;
  let usize = 0;
  for await (const chunk of source) {
    const buf = Buffer.from(chunk, 'utf8');
    crc = crc32(buf, crc);
    usize += buf.length;
    if (usize > 0xffff_fffe) throw new Error('sheet over 4 GiB: this small writer does not do zip64; use fewer rows');
    if (!stream.write(buf)) await once(stream, 'drain');
  }
  stream.end();
  await ended;
  return { crc, usize, csize, parts };
}

function writeZip(path, entries) {
  const fd = openSync(path, 'w');
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01: fixed, so output is reproducible
  const central = [];
  let offset = 0;
  const put = (buf) => { writeSync(fd, buf); offset += buf.length; };
  try {
    for (const { name, crc, usize, csize, parts } of entries) {
      const nameBuf = Buffer.from(name, 'utf8');
      const head = Buffer.alloc(30);
      head.writeUInt32LE(0x04034b50, 0); head.writeUInt16LE(20, 4); head.writeUInt16LE(0, 6); head.writeUInt16LE(8, 8);
      head.writeUInt16LE(0, 10); head.writeUInt16LE(DOS_DATE, 12); head.writeUInt32LE(crc >>> 0, 14);
      head.writeUInt32LE(csize, 18); head.writeUInt32LE(usize, 22); head.writeUInt16LE(nameBuf.length, 26); head.writeUInt16LE(0, 28);
      const cd = Buffer.alloc(46);
      cd.writeUInt32LE(0x02014b50, 0); cd.writeUInt16LE(20, 4); head.copy(cd, 6, 4, 30); // same fields as the local header
      cd.writeUInt32LE(offset, 42);
      central.push(cd, nameBuf);
      put(head); put(nameBuf);
      for (const p of parts) put(p);
    }
    const cdStart = offset;
    for (const b of central) put(b);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(offset - cdStart, 12); end.writeUInt32LE(cdStart, 16);
    put(end);
  } finally {
    closeSync(fd);
  }
}

/** Writes the CSV at `csvPath` as a one-sheet workbook at `xlsxPath`. */
export async function csvToXlsx(csvPath, xlsxPath) {
  const strings = new Map();
  const counts = { refs: 0 };
  const entries = [];
  const add = async (name, source) => entries.push({ name, ...(await deflate(source)) });
  for (const [name, xml] of Object.entries(STATIC)) await add(name, [xml]);
  await add('xl/worksheets/sheet1.xml', sheetXml(csvPath, strings, counts));
  await add('xl/styles.xml', [STYLES]);
  await add('xl/sharedStrings.xml', sharedStringsXml(strings, counts));
  writeZip(xlsxPath, entries);
}
