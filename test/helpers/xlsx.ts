import ExcelJS from 'exceljs';

/**
 * Workbooks for tests, two ways: with exceljs (a real producer: shared strings, styles,
 * date cells as Excel writes them) and by hand from SpreadsheetML text (for parts no
 * producer at hand writes: inline and rich strings, namespace prefixes, the 1904 date
 * system, hidden sheets), zipped by a minimal writer with stored (uncompressed) entries.
 */

export type CellValue = string | number | boolean | Date | null;

export interface SheetSpec {
  name: string;
  rows: CellValue[][];
  /** Number format of Date cells (Excel's), default `m/d/yyyy h:mm:ss`. */
  dateFormat?: string;
  hidden?: boolean;
}

/** Wall-clock time as a Date whose UTC fields are the local time (how exceljs writes a serial). */
export const wall = (iso: string): Date => new Date(`${iso.replace(' ', 'T')}Z`);

export async function writeWorkbook(path: string, sheets: SheetSpec[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name, spec.hidden ? { state: 'hidden' } : undefined);
    for (const values of spec.rows) {
      const row = ws.addRow(values.map((v) => (v === null ? undefined : v)));
      values.forEach((v, i) => {
        if (v instanceof Date) row.getCell(i + 1).numFmt = spec.dateFormat ?? 'm/d/yyyy h:mm:ss';
      });
    }
  }
  await wb.xlsx.writeFile(path);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP archive of stored entries, in the order given. */
export function storedZip(entries: { name: string; data: string | Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface RawSheet {
  name: string;
  /** The worksheet's XML body inside <sheetData> … </sheetData>. */
  sheetData: string;
  hidden?: boolean;
}

/**
 * A workbook from SpreadsheetML pieces: sheets (their <sheetData> content), shared
 * strings (each an <si> body), cell formats (numFmtId per style index, custom codes from 164).
 */
export function rawWorkbook(options: {
  sheets: RawSheet[];
  sharedStrings?: string[];
  cellFormats?: number[];
  customFormats?: Record<number, string>;
  date1904?: boolean;
  /** Write elements with an `x:` prefix, as some producers (.NET Open XML SDK) do. */
  prefixed?: boolean;
}): Buffer {
  const p = options.prefixed ? 'x:' : '';
  const pre = (xml: string) => (options.prefixed ? xml.replace(/<(\/?)(?!x:)([a-zA-Z])/g, '<$1x:$2') : xml);
  const xmlns = options.prefixed ? `xmlns:x="${NS}"` : `xmlns="${NS}"`;
  const sheets = options.sheets
    .map((s, i) => `<${p}sheet name="${s.name}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`)
    .join('');
  const rels = options.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  rels.push(`<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/>`);
  if (options.sharedStrings) rels.push(`<Relationship Id="rIdT" Type="${REL}/sharedStrings" Target="/xl/sharedStrings.xml"/>`);
  const custom = Object.entries(options.customFormats ?? {})
    .map(([id, code]) => `<${p}numFmt numFmtId="${id}" formatCode="${code.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>`)
    .join('');
  const xfs = (options.cellFormats ?? [0]).map((id) => `<${p}xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>`).join('');
  const entries = [
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: '_rels/.rels', data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    ...options.sheets.map((s, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${xmlns}><${p}sheetData>${pre(s.sheetData)}</${p}sheetData></${p}worksheet>`,
    })),
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0"?><${p}workbook ${xmlns} xmlns:r="${REL_NS}">${options.date1904 ? `<${p}workbookPr date1904="1"/>` : ''}<${p}sheets>${sheets}</${p}sheets></${p}workbook>`,
    },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>` },
    {
      name: 'xl/styles.xml',
      data: `<?xml version="1.0"?><${p}styleSheet ${xmlns}>${custom ? `<${p}numFmts>${custom}</${p}numFmts>` : ''}<${p}cellStyleXfs count="1"><${p}xf numFmtId="14"/></${p}cellStyleXfs><${p}cellXfs>${xfs}</${p}cellXfs></${p}styleSheet>`,
    },
  ];
  if (options.sharedStrings) {
    entries.push({ name: 'xl/sharedStrings.xml', data: `<?xml version="1.0"?><${p}sst ${xmlns}>${options.sharedStrings.map((s) => `<${p}si>${pre(s)}</${p}si>`).join('')}</${p}sst>` });
  }
  return storedZip(entries);
}
