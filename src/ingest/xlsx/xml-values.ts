/**
 * Reading the spans XmlScanner hands over: element names, attributes, and text with XML
 * entities and Excel's `_xHHHH_` escapes decoded; and where a text piece cut by a chunk
 * boundary may end so that it decodes on its own.
 */

const QUOT = 0x22;
const APOS = 0x27;
const COLON = 0x3a;
const AMP = 0x26;
const SEMI = 0x3b;

/**
 * Bytes held back at the end of a text run cut by a chunk boundary when they may be the
 * start of an entity reference (`&#x1F600;`, `&quot;`): the longest the tokenizer splits
 * safely. Excel writes no longer references.
 */
const ENTITY_HOLD = 32;

/** End of buf[s, e) without a UTF-8 sequence cut at e (so each piece decodes on its own). */
function utf8End(buf: Buffer, s: number, e: number): number {
  let i = e - 1;
  while (i >= s && i > e - 4 && (buf[i] & 0xc0) === 0x80) i--;
  if (i < s) return e;
  const b = buf[i];
  const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return e - i < need ? i : e;
}

/** End of a cut text run's piece: no UTF-8 sequence or entity reference split at it. */
export function textPieceEnd(buf: Buffer, s: number, e: number): number {
  const end = utf8End(buf, s, e);
  for (let i = end - 1; i >= s && i >= end - ENTITY_HOLD; i--) {
    if (buf[i] === SEMI) return end;
    if (buf[i] === AMP) return i;
  }
  return end;
}

/** End of a cut CDATA piece: also holds back a trailing "]" or "]]", which may begin "]]>". */
export function cdataPieceEnd(buf: Buffer, s: number, e: number): number {
  let end = e;
  while (end > s && e - end < 2 && buf[end - 1] === 0x5d) end--;
  return utf8End(buf, s, end);
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
