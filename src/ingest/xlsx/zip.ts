/**
 * The ZIP layer of an .xlsx workbook, through yauzl. yauzl reads the archive's central
 * directory first, so parts are opened in any order: the shared strings and styles are
 * read before the sheet, even where Excel stored the sheet first (it usually does).
 * That needs a seekable file, so workbooks are read from a path, not from standard input.
 *
 * A ZIP archive can hold a "zip bomb": a few hundred kilobytes that inflate to gigabytes.
 * Each part's size is taken from the central directory before reading; a part that would
 * grow more than MAX_EXPANSION times (beyond EXPANSION_ALLOWANCE bytes) is refused, and
 * reading stops as soon as a part inflates to more than its stated size.
 */
import { createInflateRaw } from 'node:zlib';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { inputError } from '../../errors.js';
import { DEFAULT_MAX_TAG_BYTES, XmlScanner, type XmlHandler } from './xml.js';

/**
 * Most a part may grow when inflated. Worksheet XML deflates far less, because every cell
 * carries its own reference (A1, B1 …): measured, the 300k-row bench workbook's sheet 8 times
 * and its shared strings 10, 200,000 identical rows written by exceljs 12, 200,000 rows of
 * empty styled cells 12. Deflate's own maximum is about 1,030, which a bomb approaches.
 */
export const MAX_EXPANSION = 100;
/** Parts that inflate to no more than this are read whatever their ratio: scanning them takes about a second. */
export const EXPANSION_ALLOWANCE = 256 * 1024 * 1024;

export interface ZipOptions {
  /** Longest XML tag accepted (xml.ts). */
  maxTagBytes?: number;
}

export interface ZipParts {
  /** Part names as stored (forward slashes, no leading slash). */
  names(): string[];
  has(name: string): boolean;
  /** Streams a part through an XML handler; onBytes receives uncompressed bytes read so far. */
  parse(name: string, handler: XmlHandler, onBytes?: (bytes: number) => void): Promise<void>;
  close(): void;
}

export async function openZip(path: string, fileName: string, options: ZipOptions = {}): Promise<ZipParts> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch (err) {
    throw inputError(`is not a readable .xlsx workbook (${(err as Error).message})`, { file: fileName }, 'Open and save it again in Excel or LibreOffice, or export the sheet as CSV');
  }
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      // Names are case-insensitive in OPC packages; keep the stored spelling for lookups by rels.
      entries.set(e.fileName.replace(/^\//, ''), e);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (err: Error) => reject(inputError(`is a damaged .xlsx workbook (${err.message})`, { file: fileName }, 'Open and save it again in Excel or LibreOffice')));
    zip.readEntry();
  });
  const lower = new Map([...entries.keys()].map((k) => [k.toLowerCase(), k]));
  const find = (name: string) => entries.get(name) ?? entries.get(lower.get(name.toLowerCase()) ?? '');
  return {
    names: () => [...entries.keys()],
    has: (name) => find(name) !== undefined,
    async parse(name, handler, onBytes) {
      const entry = find(name);
      if (!entry) throw inputError(`is a damaged .xlsx workbook: the part ${name} is missing`, { file: fileName }, 'Open and save it again in Excel or LibreOffice');
      refuseBomb(entry, name, fileName);
      const scanner = new XmlScanner(handler, `${fileName} (${name})`, options.maxTagBytes ?? DEFAULT_MAX_TAG_BYTES);
      let bytes = 0;
      let overrun = false;
      // Errors from the handler (a fatal row, the caller's callback) pass through as they are;
      // only errors of the archive itself are reported as damage.
      let handlerError: unknown;
      let failed = false;
      try {
        const stream = await openEntry(zip, entry);
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          bytes += chunk.length;
          // More than the directory states: stop at once rather than inflate whatever follows.
          if (bytes > entry.uncompressedSize) {
            overrun = true;
            break;
          }
          onBytes?.(bytes);
          try {
            scanner.write(chunk);
          } catch (err) {
            handlerError = err;
            failed = true;
            break;
          }
        }
      } catch (err) {
        throw inputError(`is a damaged .xlsx workbook: cannot read ${name} (${(err as Error).message})`, { file: fileName }, 'Open and save it again in Excel or LibreOffice');
      }
      if (failed) throw handlerError;
      if (overrun || bytes !== entry.uncompressedSize) {
        const holds = overrun ? `more than ${entry.uncompressedSize}` : `${bytes}`;
        throw inputError(`is a damaged .xlsx workbook: ${name} holds ${holds} bytes, its directory says ${entry.uncompressedSize}`, { file: fileName }, 'Download or copy the file again');
      }
      scanner.end();
    },
    close: () => zip.close(),
  };
}

/**
 * A part's uncompressed bytes. Deflated parts are inflated here in 256 KiB pieces rather
 * than yauzl's default 16 KiB: a 190 MB sheet then takes a sixteenth of the callbacks.
 */
async function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  if (entry.compressionMethod !== 8) return zip.openReadStreamPromise(entry);
  const raw = await zip.openReadStreamPromise(entry, { decodeFileData: false });
  const inflate = createInflateRaw({ chunkSize: 1 << 18 });
  raw.on('error', (err) => inflate.destroy(err));
  return raw.pipe(inflate);
}

/** Refuses a part that would inflate far more than any real worksheet does. */
function refuseBomb(entry: yauzl.Entry, name: string, fileName: string): void {
  const size = entry.uncompressedSize;
  const ratio = size / Math.max(1, entry.compressedSize);
  if (size <= EXPANSION_ALLOWANCE || ratio <= MAX_EXPANSION) return;
  throw inputError(
    `looks like a zip bomb: its part ${name} would inflate from ${megabytes(entry.compressedSize)} to ${megabytes(size)} (${Math.round(ratio)} times, where a real worksheet grows about 10 times)`,
    { file: fileName },
    'If the workbook is genuine, open it in Excel or LibreOffice and save the sheet as CSV UTF-8',
  );
}

function megabytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.ceil(n / 1e3)} KB`;
}
