/**
 * The record view the byte scanner (scanner.ts) hands to consumers, and the decoding of
 * its fields on demand.
 *
 * The scanner records one offset per field: `bounds[i]` is where field i starts in `src`
 * (at its opening quote, if any) and `bounds[i + 1] - 1` is where it ends, so the hot loop
 * writes a single number per field. Quotes are dealt with here, only for fields asked for.
 *
 * Decoding a short string costs more than scanning its bytes, and CAD columns repeat a few
 * values (call types, priorities, beats, dispositions) a million times. So short fields go
 * through a small direct-mapped cache keyed by their bytes, and come back as the same
 * string object (which also makes the consumer's Map lookups cheaper). A column whose
 * values rarely repeat (ids, addresses) is noticed and bypasses the cache.
 */
import type { RawRecord } from './record.js';

const QUOTE = 34;

/** Node's Buffer has these unchecked slices; toString() wraps them with argument checks. */
export type FastBuffer = Buffer & { utf8Slice(start: number, end: number): string; latin1Slice(start: number, end: number): string };

export const EMPTY = Buffer.alloc(0) as FastBuffer;

const CACHE_BITS = 12;
const CACHE_SLOTS = 1 << CACHE_BITS;
/** Longest field (bytes) the cache holds; longer values seldom repeat. */
const CACHE_WIDTH = 32;
/** Lookups per column before deciding whether its values repeat enough to cache. */
const TRIAL = 2048;
/** Columns tracked for that decision; later ones bypass the cache. */
const TRACKED = 256;

export class ScanRecord implements RawRecord {
  line = 0;
  length = 0;
  bytes: Uint8Array = EMPTY;
  start = 0;
  end = 0;
  /** The buffer the current record lies in. */
  src: FastBuffer = EMPTY;
  /** A DataView of src, for reading four bytes at a time. */
  srcView = new DataView(EMPTY.buffer, 0, 0);
  /** bounds[i]: start of field i; bounds[length]: one past the end of the last field + 1. */
  bounds = new Int32Array(64);
  /** For quoted fields only: 1 when the value needs rewriting (escaped quotes, bytes after the closing quote). */
  rewrites = new Uint8Array(64);

  private scratch = Buffer.allocUnsafe(256) as FastBuffer;
  private readonly cacheHash = new Int32Array(CACHE_SLOTS);
  private readonly cacheLen = new Int32Array(CACHE_SLOTS).fill(-1);
  private readonly cacheBytes = Buffer.alloc(CACHE_SLOTS * CACHE_WIDTH);
  private readonly cacheView = new DataView(this.cacheBytes.buffer, this.cacheBytes.byteOffset, this.cacheBytes.length);
  private readonly cacheText: string[] = new Array<string>(CACHE_SLOTS).fill('');
  /** Per column: lookups and hits during the trial; 0 = undecided, 1 = cache, 2 = bypass. */
  private readonly lookups = new Int32Array(TRACKED);
  private readonly hits = new Int32Array(TRACKED);
  private readonly verdict = new Uint8Array(TRACKED);

  field(i: number): string {
    if (!(i >= 0 && i < this.length)) return '';
    const src = this.src;
    let s = this.bounds[i];
    let e = this.bounds[i + 1] - 1;
    if (s === e) return '';
    if (src[s] === QUOTE) {
      if (this.rewrites[i] !== 0) {
        const from = this.rewrite(s, e);
        return this.scratch.utf8Slice(from, this.end);
      }
      s++;
      e--;
      if (s === e) return '';
    }
    return e - s <= CACHE_WIDTH && (i >= TRACKED || this.verdict[i] !== 2) ? this.cached(i, s, e) : src.utf8Slice(s, e);
  }

  /**
   * Points bytes/start/end at the field's value: its bytes in the input when it has no
   * escaped quotes (the common case), else a scratch copy valid until the next call.
   */
  fieldBytes(i: number): boolean {
    if (!(i >= 0 && i < this.length)) return false;
    let s = this.bounds[i];
    let e = this.bounds[i + 1] - 1;
    if (s < e && this.src[s] === QUOTE) {
      if (this.rewrites[i] !== 0) {
        this.start = this.rewrite(s, e);
        this.bytes = this.scratch;
        return true;
      }
      s++;
      e--;
    }
    this.bytes = this.src;
    this.start = s;
    this.end = e;
    return true;
  }

  grow(): void {
    const bounds = new Int32Array(this.bounds.length * 2);
    const rewrites = new Uint8Array(bounds.length);
    bounds.set(this.bounds);
    rewrites.set(this.rewrites);
    this.bounds = bounds;
    this.rewrites = rewrites;
  }

  /**
   * Writes the value of the quoted field [s, e) into scratch and returns its start there
   * (its end in this.end): `""` becomes `"`, and a field with bytes after its closing
   * quote keeps both quotes (see the semantics in scanner.ts).
   */
  private rewrite(s: number, e: number): number {
    const src = this.src;
    if (this.scratch.length < e - s + 1) this.scratch = Buffer.allocUnsafe(2 * (e - s + 1)) as FastBuffer;
    const out = this.scratch;
    let o = 1; // out[0] is kept for the quote that leads a field with bytes after its closing quote
    let k = s + 1;
    for (;;) {
      const c = src[k];
      if (c === QUOTE) {
        if (k + 1 >= e || src[k + 1] !== QUOTE) break;
        k++;
      }
      out[o++] = c;
      k++;
    }
    if (k + 1 >= e) {
      this.end = o;
      return 1;
    }
    out[0] = QUOTE;
    while (k < e) out[o++] = src[k++];
    this.end = o;
    return 0;
  }

  private cached(column: number, s: number, e: number): string {
    const src = this.src;
    const len = e - s;
    let h: number;
    if (len >= 4) {
      // The first and last four bytes and the length tell most short values apart.
      const dv = this.srcView;
      h = Math.imul(dv.getInt32(s, true) ^ len, 0x9e3779b1) ^ Math.imul(dv.getInt32(e - 4, true), 0x85ebca77);
    } else {
      h = len;
      for (let k = s; k < e; k++) h = Math.imul(h ^ src[k], 0x01000193);
    }
    h ^= h >>> 15;
    const slot = h & (CACHE_SLOTS - 1);
    const base = slot * CACHE_WIDTH;
    const hit = this.cacheHash[slot] === h && this.cacheLen[slot] === len && this.sameBytes(base, s, len);
    if (column < TRACKED && this.verdict[column] === 0) this.judge(column, hit);
    if (hit) return this.cacheText[slot];
    const text = src.utf8Slice(s, e);
    this.cacheHash[slot] = h;
    this.cacheLen[slot] = len;
    src.copy(this.cacheBytes, base, s, e);
    this.cacheText[slot] = text;
    return text;
  }

  private sameBytes(base: number, s: number, len: number): boolean {
    if (len < 4) {
      const src = this.src;
      const bytes = this.cacheBytes;
      for (let k = 0; k < len; k++) if (bytes[base + k] !== src[s + k]) return false;
      return true;
    }
    const a = this.cacheView;
    const b = this.srcView;
    const last = len - 4;
    for (let k = 0; k < last; k += 4) if (a.getInt32(base + k, true) !== b.getInt32(s + k, true)) return false;
    return a.getInt32(base + last, true) === b.getInt32(s + last, true);
  }

  private judge(column: number, hit: boolean): void {
    if (hit) this.hits[column]++;
    if (++this.lookups[column] === TRIAL) this.verdict[column] = this.hits[column] * 2 >= TRIAL ? 1 : 2;
  }
}
