/**
 * A small streaming XML tokenizer over UTF-8 bytes, enough for the parts of an .xlsx
 * workbook (SpreadsheetML): elements, attributes, text, CDATA, comments, processing
 * instructions. It has no DTD support (xlsx parts have none) and does not check
 * well-formedness beyond what reading needs.
 *
 * Why not a general SAX parser: a 300k-row sheet is ~190 MB of XML with ~20M tags, and
 * a parser that makes an object per tag reads it at a third of this speed (measured,
 * docs/performance.md "Excel input"). Names and attributes are handed over as byte spans.
 */
import { inputError } from '../../errors.js';
import { formatBytes } from '../readerErrors.js';
import { cdataPieceEnd, textPieceEnd } from './xml-values.js';

// Names, attributes and text values of the tokens, for handlers (kept apart: this file is the tokenizer).
export { attribute, decodeText, eachAttribute, nameIs, nextAttribute, unescapeExcel } from './xml-values.js';

export interface XmlHandler {
  /** An element starts: its local name (prefix removed) is buf[nameStart, nameEnd); attributes lie in [nameEnd, attrsEnd). */
  open(buf: Buffer, nameStart: number, nameEnd: number, attrsEnd: number): void;
  /** An element ends (also called right after open() for `<x/>`). */
  close(buf: Buffer, nameStart: number, nameEnd: number): void;
  /**
   * Character data between tags, entities not yet decoded; `cdata` when it came from a CDATA
   * section (no entities). A run cut by chunk boundaries comes in several calls, each ending
   * on a whole UTF-8 character and entity reference.
   */
  text(buf: Buffer, start: number, end: number, cdata: boolean): void;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOT = 0x22;
const APOS = 0x27;
const COLON = 0x3a;
const CDATA_OPEN = Buffer.from('<![CDATA[');
const CDATA_CLOSE = Buffer.from(']]>');
const COMMENT_OPEN = Buffer.from('<!--');
const COMMENT_CLOSE = Buffer.from('-->');
const PI_CLOSE = Buffer.from('?>');
const GT_ONLY = Buffer.from('>');
const EMPTY = Buffer.alloc(0);

/** Bytes of a new chunk joined to the unfinished token of the previous one. */
const JOIN_BYTES = 4096;
/** Longest tag accepted by default (a real one is well under a kilobyte). */
export const DEFAULT_MAX_TAG_BYTES = 64 * 1024 * 1024;

/** What the scanner is in the middle of when a token longer than JOIN_BYTES spans chunks. */
const enum Long {
  None,
  /** A start or end tag: its bytes are kept (up to maxTagBytes) until its '>' arrives. */
  Tag,
  /** A comment, processing instruction or declaration: skipped up to its terminator. */
  Skip,
  /** A CDATA section: its content goes to the handler in pieces as it arrives. */
  Cdata,
}

const isNameEnd = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === SLASH || b === GT;

function startsAt(buf: Buffer, at: number, what: Buffer): boolean {
  if (at + what.length > buf.length) return false;
  for (let i = 0; i < what.length; i++) if (buf[at + i] !== what[i]) return false;
  return true;
}

/**
 * Tokenizes a part fed in chunks. Its time is linear in the bytes fed, however long a
 * token is: a text run or CDATA section cut by a chunk boundary is handed over in pieces
 * (never re-copied while it grows), so one handler text() call may be one of several for
 * the same run; a comment or processing instruction is skipped without being kept; only
 * a tag is kept whole, up to maxTagBytes.
 */
export class XmlScanner {
  /** The unfinished end of the last chunk, at most JOIN_BYTES (or ENTITY_HOLD of text). */
  private carry: Buffer | null = null;
  private long = Long.None;
  /** Long.Tag: its bytes so far, their total, and the quote open at their end. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private quote = 0;
  /** Long.Skip and Long.Cdata: the terminator, and the last bytes seen that may begin it. */
  private terminator: Buffer = CDATA_CLOSE;
  private tail: Buffer = EMPTY;

  constructor(
    private readonly handler: XmlHandler,
    /** Used in messages: the workbook and part, e.g. `calls.xlsx (xl/worksheets/sheet1.xml)`. */
    private readonly where: string,
    private readonly maxTagBytes = DEFAULT_MAX_TAG_BYTES,
  ) {}

  write(chunk: Buffer): void {
    if (this.long !== Long.None) {
      const from = this.continueLong(chunk);
      if (from >= 0) this.finish(chunk, this.scan(chunk, from));
      return;
    }
    const carry = this.carry;
    if (!carry) return this.finish(chunk, this.scan(chunk, 0));
    this.carry = null;
    if (chunk.length <= JOIN_BYTES) {
      const joined = Buffer.concat([carry, chunk]);
      return this.finish(joined, this.scan(joined, 0));
    }
    // Finish the token cut at the chunk boundary on a small joined buffer, then go on in
    // the chunk itself, rather than copying the whole chunk behind the carry.
    const joined = Buffer.concat([carry, chunk.subarray(0, JOIN_BYTES)]);
    const used = this.scan(joined, 0);
    if (used >= carry.length) return this.finish(chunk, this.scan(chunk, used - carry.length));
    if (joined[used] !== LT) {
      // A text run longer than the joined window: hand over what is there and go on in the chunk.
      const end = textPieceEnd(joined, used, joined.length);
      this.handler.text(joined, used, end, false);
      return this.finish(chunk, this.scan(chunk, end - carry.length));
    }
    // A token longer than JOIN_BYTES starts in the carry: scan it with the chunk once.
    const whole = Buffer.concat([carry.subarray(used), chunk]);
    this.finish(whole, this.scan(whole, 0));
  }

  /** Deals with buf[used…], the unfinished end of a chunk: text handed over, a short token carried, a long one followed. */
  private finish(buf: Buffer, used: number): void {
    if (used >= buf.length) return;
    if (buf[used] !== LT) {
      const end = textPieceEnd(buf, used, buf.length);
      if (end > used) this.handler.text(buf, used, end, false);
      // Copied so the (large) chunk it came from can be freed.
      if (end < buf.length) this.carry = Buffer.from(buf.subarray(end));
      return;
    }
    if (buf.length - used <= JOIN_BYTES) {
      this.carry = Buffer.from(buf.subarray(used));
      return;
    }
    this.startLong(buf, used);
  }

  /** Starts following a token at buf[lt] that is longer than JOIN_BYTES and has no end in buf. */
  private startLong(buf: Buffer, lt: number): void {
    const c = buf[lt + 1];
    if (c === 0x21 && startsAt(buf, lt, CDATA_OPEN)) {
      this.long = Long.Cdata;
      this.terminator = CDATA_CLOSE;
      const end = cdataPieceEnd(buf, lt + CDATA_OPEN.length, buf.length);
      if (end > lt + CDATA_OPEN.length) this.handler.text(buf, lt + CDATA_OPEN.length, end, true);
      this.tail = Buffer.from(buf.subarray(end));
    } else if (c === 0x21 || c === 0x3f) {
      this.long = Long.Skip;
      this.terminator = c === 0x3f ? PI_CLOSE : startsAt(buf, lt, COMMENT_OPEN) ? COMMENT_CLOSE : GT_ONLY;
      this.tail = Buffer.from(buf.subarray(buf.length - (this.terminator.length - 1)));
    } else {
      this.long = Long.Tag;
      let quote = 0;
      for (let q = lt + 1; q < buf.length; q++) {
        const b = buf[q];
        if (quote) {
          if (b === quote) quote = 0;
        } else if (b === QUOT || b === APOS) quote = b;
      }
      this.quote = quote;
      this.pending = [Buffer.from(buf.subarray(lt))];
      this.pendingBytes = buf.length - lt;
      this.checkTag();
    }
  }

  /** Follows a long token into the next chunk; returns where scanning resumes in it, or -1 when the token goes on. */
  private continueLong(chunk: Buffer): number {
    if (this.long === Long.Tag) {
      let quote = this.quote;
      let q = 0;
      for (; q < chunk.length; q++) {
        const b = chunk[q];
        if (quote) {
          if (b === quote) quote = 0;
        } else if (b === QUOT || b === APOS) quote = b;
        else if (b === GT) break;
      }
      if (q === chunk.length) {
        this.quote = quote;
        this.pending.push(chunk);
        this.pendingBytes += chunk.length;
        this.checkTag();
        return -1;
      }
      // One copy of the whole tag, now that it is complete.
      const tag = Buffer.concat([...this.pending, chunk.subarray(0, q + 1)]);
      this.pending = [];
      this.long = Long.None;
      this.scan(tag, 0);
      return q + 1;
    }
    const term = this.terminator;
    const tail = this.tail;
    let from = 0;
    if (tail.length > 0) {
      // A terminator may straddle the boundary: look in the held-back bytes joined to the chunk's start.
      const head = Buffer.concat([tail, chunk.subarray(0, JOIN_BYTES)]);
      const i = head.indexOf(term);
      if (i >= 0) {
        if (this.long === Long.Cdata && i > 0) this.handler.text(head, 0, i, true);
        this.long = Long.None;
        return i + term.length - tail.length;
      }
      if (this.long === Long.Skip) from = Math.max(0, Math.min(chunk.length, JOIN_BYTES) - (term.length - 1));
      else {
        const end = cdataPieceEnd(head, 0, head.length);
        if (end > 0) this.handler.text(head, 0, end, true);
        if (head.length - tail.length === chunk.length) {
          // The chunk was short: head holds all of it.
          this.tail = Buffer.from(head.subarray(end));
          return -1;
        }
        from = end - tail.length;
      }
    }
    const e = chunk.indexOf(term, from);
    if (e >= 0) {
      if (this.long === Long.Cdata && e > from) this.handler.text(chunk, from, e, true);
      this.long = Long.None;
      return e + term.length;
    }
    if (this.long === Long.Cdata) {
      const end = cdataPieceEnd(chunk, from, chunk.length);
      if (end > from) this.handler.text(chunk, from, end, true);
      this.tail = Buffer.from(chunk.subarray(end));
    } else {
      const keep = term.length - 1;
      this.tail = chunk.length >= keep ? Buffer.from(chunk.subarray(chunk.length - keep)) : Buffer.concat([tail, chunk]).subarray(-keep);
    }
    return -1;
  }

  private checkTag(): void {
    if (this.pendingBytes <= this.maxTagBytes) return;
    throw inputError(
      `the workbook is damaged or is not a real workbook: ${this.where} holds a tag longer than ${formatBytes(this.maxTagBytes)}`,
      {},
      'Open and save it again in Excel or LibreOffice, or save the sheet as CSV UTF-8',
    );
  }

  end(): void {
    const open = this.long !== Long.None || (this.carry !== null && this.carry.some((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09));
    this.carry = null;
    this.pending = [];
    this.long = Long.None;
    if (open) {
      throw inputError(`the workbook is damaged: ${this.where} ends in the middle of a tag`, {}, 'Open and save it again in Excel or LibreOffice');
    }
  }

  /** Handles every complete token in buf; returns where the first incomplete one starts. */
  private scan(buf: Buffer, from: number): number {
    const h = this.handler;
    const n = buf.length;
    let p = from;
    while (p < n) {
      // A loop, not buf.indexOf: text runs are short (cell values) and a native call per
      // run costs more than scanning the few bytes here.
      let lt = p;
      while (lt < n && buf[lt] !== LT) lt++;
      if (lt === n) return p; // text whose end has not arrived yet
      if (lt > p) h.text(buf, p, lt, false);
      if (lt + 1 >= n) return lt;
      const c = buf[lt + 1];
      if (c === 0x21) {
        // <!-- … -->, <![CDATA[ … ]]> or <!DOCTYPE …>
        if (n - lt < CDATA_OPEN.length) return lt;
        if (startsAt(buf, lt, COMMENT_OPEN)) {
          const e = buf.indexOf(COMMENT_CLOSE, lt + 4);
          if (e < 0) return lt;
          p = e + 3;
        } else if (startsAt(buf, lt, CDATA_OPEN)) {
          const e = buf.indexOf(CDATA_CLOSE, lt + 9);
          if (e < 0) return lt;
          h.text(buf, lt + 9, e, true);
          p = e + 3;
        } else {
          const e = buf.indexOf(GT, lt);
          if (e < 0) return lt;
          p = e + 1;
        }
        continue;
      }
      if (c === 0x3f) {
        const e = buf.indexOf(PI_CLOSE, lt + 2);
        if (e < 0) return lt;
        p = e + 2;
        continue;
      }
      // Find the tag's '>' outside quoted attribute values ('>' may appear inside them).
      let q = lt + 1;
      let quote = 0;
      for (; q < n; q++) {
        const b = buf[q];
        if (quote) {
          if (b === quote) quote = 0;
        } else if (b === QUOT || b === APOS) quote = b;
        else if (b === GT) break;
      }
      if (q >= n) return lt;
      const closing = c === SLASH;
      let nameStart = closing ? lt + 2 : lt + 1;
      let nameEnd = nameStart;
      while (nameEnd < q && !isNameEnd(buf[nameEnd])) {
        if (buf[nameEnd] === COLON) nameStart = nameEnd + 1;
        nameEnd++;
      }
      if (closing) h.close(buf, nameStart, nameEnd);
      else {
        const selfClosing = buf[q - 1] === SLASH;
        h.open(buf, nameStart, nameEnd, selfClosing ? q - 1 : q);
        if (selfClosing) h.close(buf, nameStart, nameEnd);
      }
      p = q + 1;
    }
    return p;
  }
}
