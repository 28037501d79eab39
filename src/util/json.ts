/**
 * JSON for outputs that must be byte-identical between runs and readable in a diff:
 * two-space indent, arrays of plain values on one line (the Store holds many small
 * numeric cells, which would otherwise take a line per number), non-finite numbers as
 * null, a trailing newline. Key order is the order objects were built in, which the
 * builders keep fixed; maps built from data are sorted before they get here.
 */
export function stableJson(value: unknown): string {
  // Through bytes: each piece is a tree of many small concatenated strings, and keeping
  // them all until one join took several times the text's size (1.3 GB for a 100 MB
  // Analysis); as bytes each piece is flat as soon as it is made.
  return stableJsonBytes(value).toString('utf8');
}

/** stableJson as UTF-8 bytes, built from the 64 KiB pieces. */
export function stableJsonBytes(value: unknown): Buffer {
  const chunks: Buffer[] = [];
  writeStableJson(value, (chunk) => chunks.push(Buffer.from(chunk)));
  return Buffer.concat(chunks);
}

/**
 * The same text as stableJson, handed out in pieces of about 64 KiB, so a large Analysis
 * never needs millions of small strings alive at once (or the whole text, when the
 * caller streams the pieces to a file or stdout).
 */
export function writeStableJson(value: unknown, emit: (chunk: string) => void): void {
  const out = new Pieces(emit);
  write(value, '', out);
  out.push('\n');
  out.flush();
}

class Pieces {
  private buf = '';
  constructor(private readonly emit: (chunk: string) => void) {}

  push(...parts: string[]): void {
    for (const p of parts) this.buf += p;
    if (this.buf.length > 65536) this.flush();
  }

  flush(): void {
    if (this.buf) this.emit(this.buf);
    this.buf = '';
  }
}

function scalar(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return undefined;
  }
}

function isFlat(a: unknown[]): boolean {
  for (const v of a) if (v !== null && typeof v === 'object') return false;
  return true;
}

function write(value: unknown, indent: string, out: Pieces): void {
  const s = scalar(value);
  if (s !== undefined) {
    out.push(s);
    return;
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    out.push('null');
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    if (isFlat(value)) {
      out.push('[', value.map((v) => scalar(v) ?? 'null').join(','), ']');
      return;
    }
    out.push('[\n');
    value.forEach((v, i) => {
      out.push(inner);
      write(v, inner, out);
      out.push(i < value.length - 1 ? ',\n' : '\n');
    });
    out.push(indent, ']');
    return;
  }
  const obj = (typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value) as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function');
  if (keys.length === 0) {
    out.push('{}');
    return;
  }
  out.push('{\n');
  keys.forEach((k, i) => {
    out.push(inner, JSON.stringify(k), ': ');
    write(obj[k], inner, out);
    out.push(i < keys.length - 1 ? ',\n' : '\n');
  });
  out.push(indent, '}');
}
