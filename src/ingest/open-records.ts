/**
 * Opening one input file as a stream of records: a workbook's sheet (xlsx/), or the CSV
 * reader over the decoded text (sniffed delimiter, the chosen reader). Everything after
 * this — mapping, rejections, collapsing unit rows — is the same for both (load.ts).
 */
import { csvParseRecords } from './csvParseReader.js';
import { HeaderGate } from './header-row.js';
import type { FileSummary, LoadOptions } from './load.js';
import type { RawRecord, RecordReader } from './record.js';
import { scanRecords } from './scanner.js';
import { sniffDelimiter } from './sniff.js';
import { openSource, type SourceInfo } from './source.js';
import { openWorkbook, refuseOldExcel, workbookKind } from './xlsx/index.js';

const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** Where a file's records come from: the CSV reader over decoded text, or a worksheet. */
export interface RecordSource {
  info: SourceInfo;
  format: FileSummary['format'];
  sheet: string | null;
  delimiter: string;
  delimiterOrigin: FileSummary['delimiterOrigin'];
  read(onRecord: (rec: RawRecord) => void): Promise<unknown>;
}

export async function openRecords(path: string, fileIndex: number, options: LoadOptions): Promise<RecordSource> {
  const kind = await workbookKind(path);
  if (kind === 'xls' || kind === 'xlsb') refuseOldExcel(kind, path);
  if (kind === 'xlsx') {
    const book = await openWorkbook(path, { sheet: options.sheet, headerRow: options.headerRow, maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES });
    return {
      info: book.info,
      format: 'xlsx',
      sheet: book.sheet,
      delimiter: '',
      delimiterOrigin: 'default',
      read: (onRecord) => book.read(onRecord, (bytes) => options.onProgress?.(bytes, fileIndex)),
    };
  }
  const source = await openSource(path, { encoding: options.encoding, limit: options.readLimit?.(fileIndex) }, options.stdin);
  const name = source.info.name;
  const { head, chunks } = await peekText(source.chunks, options.onProgress, fileIndex);
  const sniffed = options.delimiter ? { delimiter: options.delimiter, how: 'option' as const } : sniffDelimiter(head);
  const reader: RecordReader = options.reader === 'csv-parse' ? csvParseRecords : scanRecords;
  const readerOptions = { delimiter: sniffed.delimiter, maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES, fileName: name };
  return {
    info: source.info,
    format: 'csv',
    sheet: null,
    delimiter: sniffed.delimiter,
    delimiterOrigin: sniffed.how,
    read(onRecord) {
      if (options.headerRow === undefined) return reader(chunks, readerOptions, onRecord);
      const gate = new HeaderGate({ headerRow: options.headerRow, detectTitle: false, fileName: name }, onRecord);
      return reader(chunks, readerOptions, (rec) => gate.push(rec));
    },
  };
}

/** Reads the first 64 KiB as text for sniffing, then hands back a stream that starts at byte 0. */
async function peekText(
  chunks: AsyncIterable<Uint8Array>,
  onProgress: LoadOptions['onProgress'],
  fileIndex: number,
): Promise<{ head: string; chunks: AsyncIterable<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]();
  const first: Uint8Array[] = [];
  let size = 0;
  while (size < 65536) {
    const next = await it.next();
    if (next.done) break;
    first.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(first).toString('utf8', 0, Math.min(size, 65536));
  async function* all(): AsyncGenerator<Uint8Array> {
    let bytes = 0;
    for (const c of first) {
      bytes += c.length;
      onProgress?.(bytes, fileIndex);
      yield c;
    }
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      bytes += next.value.length;
      onProgress?.(bytes, fileIndex);
      yield next.value;
    }
  }
  return { head, chunks: all() };
}
