import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import { inputError } from '../errors.js';

/** Encodings the reader understands; everything is transcoded to UTF-8 before scanning. */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'latin1';

export const ENCODINGS: readonly Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'latin1'];

export interface SourceOptions {
  /** Forced encoding; when absent a BOM decides, else UTF-8 (with a UTF-16 heuristic). */
  encoding?: Encoding;
  /** Chunk size for file reads, bytes. */
  chunkBytes?: number;
  /**
   * A file that may be split between threads (src/parallel/): `end` can be set while
   * reading, and the stream then stops at that stored-byte offset; `position` says how far
   * it has read. The hash is then taken by a worker so it still covers the whole file.
   */
  limit?: ReadLimit;
}

export interface ReadLimit {
  end: number | undefined;
  position: number;
}

/** What the source layer learned while reading; filled in as the stream is consumed. */
export interface SourceInfo {
  /** Name used in messages: the path, or '<stdin>'. */
  name: string;
  encoding: Encoding;
  /** How the encoding was decided. */
  encodingReason: 'bom' | 'option' | 'default' | 'detected';
  bom: boolean;
  gzip: boolean;
  /** Bytes of the file as stored (before gunzip). */
  bytes: number;
  /** SHA-256 of the file as stored, hex; set once the stream has been read to the end. */
  sha256: string;
}

export interface Source {
  info: SourceInfo;
  /** UTF-8 chunks, BOM removed. Single use. */
  chunks: AsyncIterable<Uint8Array>;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function displayName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

/**
 * Opens a path ('-' for standard input) as a stream of UTF-8 chunks.
 * Detects gzip by its magic bytes, the encoding by BOM (or option), and refuses
 * archives and binary files with an actionable message.
 */
export async function openSource(
  path: string,
  options: SourceOptions = {},
  stdin: Readable = process.stdin,
): Promise<Source> {
  const name = displayName(path);
  let stream: Readable;
  let size = 0;
  if (path === '-') {
    stream = stdin;
  } else {
    try {
      const s = await stat(path);
      if (s.isDirectory()) throw inputError('is a directory, not a CSV file', { file: name });
    } catch (err) {
      if ((err as { name?: string }).name === 'CssError') throw err;
      const code = (err as NodeJS.ErrnoException).code;
      throw inputError(code === 'ENOENT' ? 'no such file' : `cannot open (${code ?? String(err)})`, { file: name });
    }
    stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
    size = (await stat(path)).size;
  }
  const info: SourceInfo = {
    name,
    encoding: options.encoding ?? 'utf-8',
    encodingReason: options.encoding ? 'option' : 'default',
    bom: false,
    gzip: false,
    bytes: 0,
    sha256: '',
  };
  // A large file is hashed by a worker thread reading it in parallel on the other core.
  const digest = size >= WORKER_HASH_MIN_BYTES || options.limit ? hashFileInWorker(path) : undefined;
  if (digest) info.bytes = size;
  const raw = digest ? counted(stream, digest, info, options.limit) : hashed(stream, info);
  return { info, chunks: decodeStream(raw, info, options) };
}

/** Files at least this large are hashed in a worker: below it, starting a thread costs more than hashing. */
const WORKER_HASH_MIN_BYTES = 16 << 20;

const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const hash = crypto.createHash('sha256');
const fd = fs.openSync(workerData, 'r');
const buf = Buffer.allocUnsafe(1 << 20);
let n;
while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
fs.closeSync(fd);
parentPort.postMessage(hash.digest('hex'));
`;

function hashFileInWorker(path: string): Promise<string> {
  const worker = new Worker(HASH_WORKER, { eval: true, workerData: path, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } });
  // The worker must not keep the process alive if reading stops early (an input error).
  worker.unref();
  const result = new Promise<string>((resolve, reject) => {
    worker.once('message', (hex: string) => resolve(hex));
    worker.once('error', reject);
  });
  result.catch(() => undefined);
  return result;
}

/** Passes the stored bytes through; their size and hash come from stat and the worker. */
async function* counted(stream: Readable, digest: Promise<string>, info: SourceInfo, limit: ReadLimit | undefined): AsyncGenerator<Buffer> {
  let position = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const end = limit?.end;
    if (end !== undefined && position + chunk.length >= end) {
      if (end > position) yield chunk.subarray(0, end - position);
      stream.destroy();
      break;
    }
    position += chunk.length;
    if (limit) limit.position = position;
    yield chunk;
  }
  info.sha256 = await digest;
}

/** Passes the stored bytes through unchanged while hashing and counting them. */
async function* hashed(stream: Readable, info: SourceInfo): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    info.bytes += chunk.length;
    yield chunk;
  }
  info.sha256 = hash.digest('hex');
}

function startsWith(buf: Uint8Array, magic: number[]): boolean {
  return buf.length >= magic.length && magic.every((b, i) => buf[i] === b);
}

/** Buffers at least `min` bytes (or the whole stream) so magic bytes and BOMs can be seen. */
async function peekable(
  source: AsyncIterable<Buffer>,
  min: number,
): Promise<{ head: Buffer; rest: AsyncIterator<Buffer> }> {
  const it = source[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let size = 0;
  while (size < min) {
    const next = await it.next();
    if (next.done) break;
    parts.push(next.value);
    size += next.value.length;
  }
  return { head: Buffer.concat(parts), rest: it };
}

async function* concatHead(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length) yield head;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

async function* gunzip(raw: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  const gz = createGunzip();
  const feed = (async () => {
    try {
      for await (const chunk of raw) {
        if (!gz.write(chunk)) await new Promise<void>((resolve) => gz.once('drain', () => resolve()));
      }
      gz.end();
    } catch (err) {
      gz.destroy(err as Error);
    }
  })();
  try {
    for await (const chunk of gz as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'Z_BUF_ERROR' ? 'the gzip file is truncated' : `cannot decompress (${(err as Error).message})`;
    throw inputError(why, { file: name }, 'Download or copy the file again');
  }
  await feed;
}

async function* decodeStream(raw: AsyncIterable<Buffer>, info: SourceInfo, options: SourceOptions): AsyncGenerator<Uint8Array> {
  let { head, rest } = await peekable(raw, 4);
  if (startsWith(head, GZIP_MAGIC)) {
    info.gzip = true;
    ({ head, rest } = await peekable(gunzip(concatHead(head, rest), info.name), 4096));
  } else {
    ({ head, rest } = await peekable(concatHead(head, rest), 4096));
  }
  if (startsWith(head, ZIP_MAGIC)) {
    // Entry names are stored in clear in each local header; an .xlsx lists xl/… parts first.
    const names = head.toString('latin1');
    if (names.includes('xl/workbook.xml') || (names.includes('[Content_Types].xml') && names.includes('xl/'))) {
      // Workbooks are read by the xlsx reader (xlsx/index.ts), which needs a file named .xlsx.
      throw inputError(
        'this is an Excel workbook (.xlsx, a ZIP archive), not a CSV file',
        { file: info.name },
        info.name === '<stdin>'
          ? 'A workbook is read from its path, not standard input: name the .xlsx file on the command line (or save the sheet as "CSV UTF-8")'
          : 'Rename it to end in .xlsx to read it as a workbook (or save the sheet as "CSV UTF-8" and read that)',
      );
    }
    throw inputError(
      'this is a ZIP archive (a zipped export or an Office document), not a CSV file',
      { file: info.name },
      'Unzip it and give the CSV inside (.csv and .csv.gz are read directly)',
    );
  }
  let encoding = options.encoding;
  let skip = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    info.bom = true;
    skip = 3;
    if (!encoding) [encoding, info.encodingReason] = ['utf-8', 'bom'];
  } else if (head[0] === 0xff && head[1] === 0xfe) {
    info.bom = true;
    skip = 2;
    if (!encoding) [encoding, info.encodingReason] = ['utf-16le', 'bom'];
  } else if (head[0] === 0xfe && head[1] === 0xff) {
    info.bom = true;
    skip = 2;
    if (!encoding) [encoding, info.encodingReason] = ['utf-16be', 'bom'];
  } else if (!encoding) {
    const guess = guessUtf16(head);
    if (guess) [encoding, info.encodingReason] = [guess, 'detected'];
  }
  info.encoding = encoding ?? 'utf-8';
  const body = concatHead(head.subarray(skip), rest);
  yield* classicMacLineEnds(info.encoding === 'utf-8' ? validateUtf8(body, info.name) : transcode(body, info.encoding));
}

/**
 * Excel for Mac's "CSV (Macintosh)" ends lines with a lone CR. When the first chunk that
 * holds a CR or LF has CRs but no LF, every CR in the file is read as LF (a byte for a byte,
 * so offsets and line numbers hold). Otherwise CR stays as the readers define it: part of
 * CRLF, or data.
 */
async function* classicMacLineEnds(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let mode: 'undecided' | 'keep' | 'convert' = 'undecided';
  let heldCr = false;
  for await (const next of chunks) {
    let chunk = next;
    if (mode === 'undecided') {
      if (heldCr) chunk = Buffer.concat([Buffer.of(CR_BYTE), chunk]);
      heldCr = false;
      const lf = chunk.indexOf(LF_BYTE);
      const cr = chunk.indexOf(CR_BYTE);
      if (lf >= 0) mode = 'keep';
      else if (cr >= 0 && cr < chunk.length - 1) mode = 'convert';
      else if (cr === chunk.length - 1) {
        // The chunk's only CR is its last byte: the first half of a CRLF, or a line end.
        // The next chunk decides; hold the CR back until then.
        heldCr = true;
        if (chunk.length > 1) yield chunk.subarray(0, chunk.length - 1);
        continue;
      }
    }
    if (mode !== 'convert') {
      yield chunk;
      continue;
    }
    const copy = Buffer.from(chunk);
    for (let i = copy.indexOf(CR_BYTE); i >= 0; i = copy.indexOf(CR_BYTE, i + 1)) copy[i] = LF_BYTE;
    yield copy;
  }
  // A file whose only line end is a CR at its very end: that CR is a line end.
  if (heldCr) yield Buffer.of(LF_BYTE);
}

const LF_BYTE = 10;
const CR_BYTE = 13;

/** UTF-16 without a BOM shows up as ASCII text with every other byte NUL. */
function guessUtf16(head: Buffer): Encoding | undefined {
  const n = Math.min(head.length, 512) & ~1;
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.7 && evenNul < pairs * 0.1) return 'utf-16le';
  if (evenNul > pairs * 0.7 && oddNul < pairs * 0.1) return 'utf-16be';
  return undefined;
}

/** Length of an incomplete UTF-8 sequence at the end of buf (0 when it ends cleanly). */
function incompleteTail(buf: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= buf.length; back++) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

function countNewlines(buf: Uint8Array, end: number): number {
  let n = 0;
  let i = -1;
  const b = Buffer.from(buf.buffer, buf.byteOffset, end);
  while ((i = b.indexOf(10, i + 1)) !== -1) n++;
  return n;
}

function firstInvalidUtf8(buf: Buffer): number {
  // Binary search is not valid for UTF-8; a decoder pass finds the first bad byte.
  const text = buf.toString('utf8');
  const bad = text.indexOf('\ufffd');
  return bad < 0 ? 0 : Buffer.byteLength(text.slice(0, bad));
}

/**
 * Yields UTF-8 chunks unchanged, cut so that no multi-byte character straddles two
 * chunks, and stops with an actionable error at the first invalid byte or NUL.
 */
export async function* validateUtf8(body: AsyncIterable<Buffer>, name: string, linesBefore = 0): AsyncGenerator<Uint8Array> {
  let carry: Buffer | undefined;
  let lines = linesBefore;
  for await (const chunk0 of body) {
    const chunk = carry ? Buffer.concat([carry, chunk0]) : chunk0;
    const tail = incompleteTail(chunk);
    const whole = tail ? chunk.subarray(0, chunk.length - tail) : chunk;
    carry = tail ? Buffer.from(chunk.subarray(chunk.length - tail)) : undefined;
    checkChunk(whole, lines, name);
    lines += countNewlines(whole, whole.length);
    if (whole.length) yield whole;
  }
  if (carry) {
    checkChunk(carry, lines, name, true);
    yield carry;
  }
}

function checkChunk(buf: Buffer, linesBefore: number, name: string, atEnd = false): void {
  const nul = buf.indexOf(0);
  if (nul !== -1) {
    throw inputError(
      'contains NUL bytes, so it is a binary file or UTF-16 text, not a UTF-8 CSV',
      { file: name, line: linesBefore + countNewlines(buf, nul) + 1 },
      'If it is UTF-16 without a byte-order mark, use --encoding utf-16le (or utf-16be)',
    );
  }
  if (!isUtf8(buf) || atEnd) {
    const at = atEnd ? 0 : firstInvalidUtf8(buf);
    throw inputError(
      atEnd ? 'ends in the middle of a UTF-8 character (the file is truncated or not UTF-8)' : 'is not valid UTF-8',
      { file: name, line: linesBefore + countNewlines(buf, at) + 1 },
      'If it came from Excel or an older system, use --encoding windows-1252 (or latin1, utf-16le)',
    );
  }
}

/**
 * Windows-1252 differs from Latin-1 in 0x80–0x9F; Node's TextDecoder treats the label
 * as Latin-1 there, so those 32 bytes are mapped by hand (WHATWG encoding table).
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeSingleByte(chunk: Buffer, windows1252: boolean): string {
  const text = chunk.toString('latin1');
  if (!windows1252) return text;
  return text.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]));
}

async function* transcode(body: AsyncIterable<Buffer>, encoding: Encoding): AsyncGenerator<Uint8Array> {
  if (encoding === 'windows-1252' || encoding === 'latin1') {
    for await (const chunk of body) yield Buffer.from(decodeSingleByte(chunk, encoding === 'windows-1252'), 'utf8');
    return;
  }
  const decoder = new TextDecoder(encoding, { fatal: false });
  for await (const chunk of body) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield Buffer.from(text, 'utf8');
  }
  const last = decoder.decode();
  if (last) yield Buffer.from(last, 'utf8');
}

/** Convenience for tests and small inputs: a whole string or buffer as a one-chunk source. */
export async function* chunksOf(data: string | Uint8Array, size = Infinity): AsyncGenerator<Buffer> {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  if (!Number.isFinite(size)) {
    yield buf;
    return;
  }
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, Math.min(buf.length, i + size));
}
