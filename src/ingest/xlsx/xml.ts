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

export interface XmlHandler {
  /** An element starts: its local name (prefix removed) is buf[nameStart, nameEnd); attributes lie in [nameEnd, attrsEnd). */
  open(buf: Buffer, nameStart: number, nameEnd: number, attrsEnd: number): void;
  /** An element ends (also called right after open() for `<x/>`). */
  close(buf: Buffer, nameStart: number, nameEnd: number): void;
  /** Character data between tags, entities not yet decoded; `cdata` when it came from a CDATA section (no entities). */
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

/** Bytes of a new chunk joined to the unfinished token of the previous one. */
const JOIN_BYTES = 4096;

const isNameEnd = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === SLASH || b === GT;

function startsAt(buf: Buffer, at: number, what: Buffer): boolean {
  if (at + what.length > buf.length) return false;
  for (let i = 0; i < what.length; i++) if (buf[at + i] !== what[i]) return false;
  return true;
}

export class XmlScanner {
  private carry: Buffer | null = null;

  constructor(
    private readonly handler: XmlHandler,
    /** Used in messages: the workbook and part, e.g. `calls.xlsx (xl/worksheets/sheet1.xml)`. */
    private readonly where: string,
  ) {}

  write(chunk: Buffer): void {
    const carry = this.carry;
    if (!carry) return this.keep(chunk, this.scan(chunk, 0));
    if (chunk.length <= JOIN_BYTES) {
      const joined = Buffer.concat([carry, chunk]);
      return this.keep(joined, this.scan(joined, 0));
    }
    // Finish the token cut at the chunk boundary on a small joined buffer, then go on in
    // the chunk itself, rather than copying the whole chunk behind the carry.
    const joined = Buffer.concat([carry, chunk.subarray(0, JOIN_BYTES)]);
    const used = this.scan(joined, 0);
    if (used > carry.length) return this.keep(chunk, this.scan(chunk, used - carry.length));
    // Nothing was handled (the carry begins a token longer than JOIN_BYTES): join it whole.
    const whole = Buffer.concat([carry, chunk]);
    this.keep(whole, this.scan(whole, 0));
  }

  /** Keeps buf[used…] for the next chunk, copied so the (large) chunk it came from can be freed. */
  private keep(buf: Buffer, used: number): void {
    this.carry = used < buf.length ? Buffer.from(buf.subarray(used)) : null;
  }

  end(): void {
    if (this.carry && this.carry.some((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09)) {
      throw inputError(`the workbook is damaged: ${this.where} ends in the middle of a tag`, {}, 'Open and save it again in Excel or LibreOffice');
    }
    this.carry = null;
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

/** True when buf[start, end) is the ASCII name. */
export function nameIs(buf: Buffer, start: number, end: number, name: string): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (buf[start + i] !== name.charCodeAt(i)) return false;
  return true;
}

/**
 * Reads the attribute starting at or after p in buf[p, end): fills span with its local
 * name (prefix removed) and raw value (quotes removed) as [nameStart, nameEnd,
 * valueStart, valueEnd] and returns where the next one may start, or -1 when none is left.
 * (A loop over this allocates nothing, unlike a callback per attribute.)
 */
export function nextAttribute(buf: Buffer, p: number, end: number, span: Int32Array): number {
  while (p < end && (buf[p] === 0x20 || buf[p] === 0x09 || buf[p] === 0x0a || buf[p] === 0x0d)) p++;
  if (p >= end) return -1;
  let ns = p;
  while (p < end && buf[p] !== 0x3d && buf[p] !== 0x20) {
    if (buf[p] === COLON) ns = p + 1;
    p++;
  }
  const ne = p;
  while (p < end && buf[p] !== QUOT && buf[p] !== APOS) p++;
  if (p >= end) return -1;
  const vs = p + 1;
  const ve = buf.indexOf(buf[p], vs);
  if (ve < 0 || ve > end) return -1;
  span[0] = ns;
  span[1] = ne;
  span[2] = vs;
  span[3] = ve;
  return ve + 1;
}

/** Calls visit(nameStart, nameEnd, valueStart, valueEnd) for each attribute in buf[from, end). */
export function eachAttribute(buf: Buffer, from: number, end: number, visit: (ns: number, ne: number, vs: number, ve: number) => void): void {
  const span = new Int32Array(4);
  for (let p = nextAttribute(buf, from, end, span); p >= 0; p = nextAttribute(buf, p, end, span)) visit(span[0], span[1], span[2], span[3]);
}

/** One attribute's decoded value, or undefined (for the few non-hot lookups). */
export function attribute(buf: Buffer, from: number, end: number, name: string): string | undefined {
  let found: string | undefined;
  eachAttribute(buf, from, end, (ns, ne, vs, ve) => {
    if (found === undefined && nameIs(buf, ns, ne, name)) found = decodeText(buf, vs, ve);
  });
  return found;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text with XML entities (&amp; &#10; &#x41;) decoded. */
export function decodeText(buf: Buffer, start: number, end: number): string {
  const text = buf.toString('utf8', start, end);
  const amp = buf.indexOf(0x26, start);
  if (amp < 0 || amp >= end) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Excel escapes characters XML cannot hold (and a literal "_x" sequence) as `_xHHHH_`
 * in cell text: `_x000D_` is a carriage return, `_x005F_` an underscore.
 */
export function unescapeExcel(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
