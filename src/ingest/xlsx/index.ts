/**
 * Excel workbooks (.xlsx) as a record source: one worksheet streamed row by row into the
 * same RawRecord path as a CSV (mapping, rejections, line numbers = worksheet rows).
 *
 * A workbook is read when its name ends in .xlsx or .xlsm and its content is a ZIP
 * archive; a workbook under another name (`calls.csv`) is refused by the text reader
 * with the advice to rename it, so what a file is read as never depends on a guess.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { inputError } from '../../errors.js';
import type { RawRecord } from '../record.js';
import type { SourceInfo } from '../source.js';
import { HeaderGate } from '../header-row.js';
import { openZip } from './zip.js';
import { readWorkbookMeta, type SheetEntry } from './workbook.js';
import { sheetHandler } from './sheet.js';

export interface WorkbookOptions {
  /** Sheet name, or its 1-based position among the workbook's sheets; default: the first visible worksheet. */
  sheet?: string;
  /** Worksheet row of the header (--header-row); default: the first row with values, checked for a title above it. */
  headerRow?: number;
  /** Most bytes of values one row (or shared string) may hold (--max-record-bytes); default 64 MiB. */
  maxRecordBytes?: number;
}

const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

export interface Workbook {
  info: SourceInfo;
  /** Name of the sheet being read. */
  sheet: string;
  /** Every sheet's name, in tab order. */
  sheets: string[];
  /**
   * Streams the sheet's rows (header first) to onRecord; onProgress receives the
   * uncompressed sheet bytes read so far.
   */
  read(onRecord: (rec: RawRecord) => void, onProgress?: (bytes: number) => void): Promise<void>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * Whether a path is read as a workbook: an .xlsx/.xlsm name and ZIP content. Old binary
 * .xls/.xlsb files (and password-protected workbooks) are recognised to be refused with
 * what to do. A workbook under another name is left to the text reader, which names it
 * and says to rename it (source.ts), rather than guessing from content alone.
 */
export async function workbookKind(path: string): Promise<'xlsx' | 'xls' | 'xlsb' | null> {
  if (path === '-' || !/\.xls[xmb]?$/i.test(path)) return null;
  let head: Buffer;
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch {
    return null; // the text path reports missing files and directories
  }
  const starts = (magic: number[]) => head.length >= magic.length && magic.every((b, i) => head[i] === b);
  // An encrypted (password-protected) .xlsx is an OLE2 container, like an old .xls.
  if (starts(OLE2_MAGIC)) return 'xls';
  if (!starts(ZIP_MAGIC)) return null;
  // Entry names are stored in clear in each local header.
  if (/\.xlsb$/i.test(path) || head.toString('latin1').includes('xl/workbook.bin')) return 'xlsb';
  return /\.xls$/i.test(path) ? null : 'xlsx';
}

/** Refuses the Excel formats that are not read, with what to do. */
export function refuseOldExcel(kind: 'xls' | 'xlsb', fileName: string): never {
  const what = kind === 'xls' ? 'an Excel 97–2003 workbook (.xls) or a password-protected workbook' : 'an Excel binary workbook (.xlsb)';
  throw inputError(`is ${what}, which is not read`, { file: fileName }, 'Open it in Excel or LibreOffice and save it, without a password, as .xlsx (Excel Workbook) or as CSV UTF-8');
}

function chooseSheet(sheets: SheetEntry[], wanted: string | undefined, fileName: string): SheetEntry {
  const list = sheets.map((s) => `"${s.name}"`).join(', ');
  if (wanted === undefined) {
    const first = sheets.find((s) => s.part && !s.hidden) ?? sheets.find((s) => s.part);
    if (!first) throw inputError('has no worksheet to read', { file: fileName }, `Its sheets are ${list || 'none'}; save the data on a worksheet`);
    return first;
  }
  const byName = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.toLowerCase() === wanted.trim().toLowerCase());
  const n = Number(wanted);
  const chosen = byName ?? (Number.isInteger(n) && n >= 1 && n <= sheets.length ? sheets[n - 1] : undefined);
  if (!chosen) {
    throw inputError(`has no sheet "${wanted}"`, { file: fileName }, `Its sheets are ${list}: use --sheet with one of those names or a number from 1 to ${sheets.length}`);
  }
  if (!chosen.part) throw inputError(`sheet "${chosen.name}" is not a worksheet (a chart sheet?)`, { file: fileName }, `Its sheets are ${list}`);
  return chosen;
}

async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Opens a workbook and picks its sheet; rows are read by read(). */
export async function openWorkbook(path: string, options: WorkbookOptions = {}): Promise<Workbook> {
  const name = path;
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  // Real tags are short; one longer than a row may be (and at least 1 MiB) is not a workbook's.
  const zip = await openZip(path, name, { maxTagBytes: Math.max(maxRecordBytes, 1 << 20) });
  let meta;
  try {
    meta = await readWorkbookMeta(zip, maxRecordBytes);
  } catch (err) {
    zip.close();
    throw err;
  }
  let sheet: SheetEntry;
  try {
    sheet = chooseSheet(meta.sheets, options.sheet, name);
  } catch (err) {
    zip.close();
    throw err;
  }
  const info: SourceInfo = { name, encoding: 'utf-8', encodingReason: 'default', bom: false, gzip: false, bytes: 0, sha256: '' };
  return {
    info,
    sheet: sheet.name,
    sheets: meta.sheets.map((s) => s.name),
    async read(onRecord, onProgress) {
      const hashing = hashFile(path);
      try {
        let width = 0;
        const gate = new HeaderGate({ headerRow: options.headerRow, detectTitle: true, fileName: name, onHeaderWidth: (w) => (width = w) }, onRecord);
        const handler = sheetHandler(meta, { fileName: name, sheet: sheet.name, maxRecordBytes }, (rec) => {
          rec.minLength = width;
          gate.push(rec);
        });
        await zip.parse(sheet.part!, handler, onProgress);
        gate.finish();
      } finally {
        zip.close();
        // Settle the hash even when reading failed, so no stream is left open.
        const hashed = await hashing.catch(() => ({ sha256: '', bytes: 0 }));
        info.sha256 = hashed.sha256;
        info.bytes = hashed.bytes;
      }
    },
  };
}
