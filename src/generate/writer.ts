/**
 * Encodes generated calls as CSV bytes. Rows are written straight into a byte buffer (all
 * text is ASCII) and handed out as strings per chunk: building ~175-character rows by string
 * concatenation cost more than the simulation itself.
 */
import { BEATS, DISPOSITIONS, SOURCES } from './profiles.js';
import type { LocalClock } from './clock.js';
import type { SimCall } from './simulate.js';
import type { Tables } from './tables.js';

const DAY = 86_400;
const COMMA = 44;
const ZERO = 48;

/** CSV field text: quoted when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) throw new Error(`generator text must be ASCII: ${JSON.stringify(text)}`);
    out[i] = c;
  }
  return out;
}

export class CsvWriter {
  private readonly buf: Uint8Array;
  private pos = 0;
  private readonly codeAndNature: Uint8Array[];
  private readonly nature: Uint8Array[];
  /** ',SOURCE,' */
  private readonly sources: Uint8Array[];
  /** 'beat,district' */
  private readonly beats: Uint8Array[];
  /** ',DISPOSITION\n' */
  private readonly dispositions: Uint8Array[];
  private year = -1;
  private serial = 0;

  constructor(
    private readonly clock: LocalClock,
    tables: Tables,
    /** Flush threshold, bytes; the buffer holds one more row beyond it. */
    chunkBytes: number,
  ) {
    this.buf = new Uint8Array(chunkBytes + 4096);
    this.codeAndNature = tables.types.map((t) => ascii(t.type.code + ',' + csvField(t.type.nature) + ','));
    this.nature = tables.types.map((t) => ascii(csvField(t.type.nature) + ','));
    this.sources = SOURCES.map((s) => ascii(',' + s + ','));
    this.beats = BEATS.map((b) => ascii(b + ',D' + b[0]));
    this.dispositions = DISPOSITIONS.map((d) => ascii(',' + d + '\n'));
  }

  get length(): number {
    return this.pos;
  }

  text(value: string): void {
    this.pos = copy(this.buf, this.pos, ascii(value));
  }

  /** Returns the buffered text and empties the buffer. */
  take(): string {
    const s = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.pos).toString('latin1');
    this.pos = 0;
    return s;
  }

  row(call: SimCall): void {
    const buf = this.buf;
    const clock = this.clock;
    const received = call.received;
    // incident_id (YY-NNNNNNN, numbered per local year of receipt) needs the received date:
    // reserve its 11 bytes and fill them in after.
    const idAt = this.pos;
    const receivedAt = idAt + 11;
    let p = timestamp(buf, receivedAt, clock, received);
    buf[p++] = COMMA;
    const year = (buf[receivedAt] - ZERO) * 1000 + (buf[receivedAt + 1] - ZERO) * 100 + (buf[receivedAt + 2] - ZERO) * 10 + buf[receivedAt + 3] - ZERO;
    if (year !== this.year) {
      this.year = year;
      this.serial = 0;
    }
    let n = ++this.serial;
    buf[idAt] = buf[receivedAt + 2];
    buf[idAt + 1] = buf[receivedAt + 3];
    buf[idAt + 2] = 45;
    for (let i = idAt + 9; i >= idAt + 3; i--) {
      const q = (n / 10) | 0;
      buf[i] = ZERO + n - q * 10;
      n = q;
    }
    buf[idAt + 10] = COMMA;

    // dispatched, en route, arrived: blank when NaN, copied when equal to received
    for (let k = 0; k < 3; k++) {
      const t = k === 0 ? call.dispatched : k === 1 ? call.enroute : call.arrived;
      if (t === received) {
        buf.copyWithin(p, receivedAt, receivedAt + 19);
        p += 19;
      } else if (t === t) p = timestamp(buf, p, clock, t);
      buf[p++] = COMMA;
    }
    if (call.cleared === call.cleared) p = timestamp(buf, p, clock, call.cleared);
    buf[p++] = COMMA;
    p = copy(buf, p, this.codeAndNature[call.type]);
    p = copy(buf, p, this.nature[call.initialType]);
    buf[p++] = ZERO + call.priority;
    p = copy(buf, p, this.sources[call.source]);
    buf[p++] = ZERO + call.units;
    buf[p++] = COMMA;
    if (call.beat >= 0) p = copy(buf, p, this.beats[call.beat]);
    else buf[p++] = COMMA;
    this.pos = copy(buf, p, this.dispositions[call.disposition]);
  }
}

function copy(buf: Uint8Array, p: number, bytes: Uint8Array): number {
  const n = bytes.length;
  // set() is a memcpy behind a fixed cost: it wins only for longer pieces.
  if (n > 12) {
    buf.set(bytes, p);
    return p + n;
  }
  for (let i = 0; i < n; i++) buf[p++] = bytes[i];
  return p;
}

/** Writes 'YYYY-MM-DD HH:mm:ss' (local) at `p`; returns the position after it. */
function timestamp(buf: Uint8Array, p: number, clock: LocalClock, instant: number): number {
  const wall = clock.wall(instant);
  const day = Math.floor(wall / DAY);
  let sod = wall - day * DAY;
  p = copy(buf, p, clock.dateBytes(day));
  const h = (sod / 3600) | 0;
  sod -= h * 3600;
  const m = (sod / 60) | 0;
  const s = sod - m * 60;
  let q = (h / 10) | 0;
  buf[p] = 32;
  buf[p + 1] = ZERO + q;
  buf[p + 2] = ZERO + h - q * 10;
  buf[p + 3] = 58;
  q = (m / 10) | 0;
  buf[p + 4] = ZERO + q;
  buf[p + 5] = ZERO + m - q * 10;
  buf[p + 6] = 58;
  q = (s / 10) | 0;
  buf[p + 7] = ZERO + q;
  buf[p + 8] = ZERO + s - q * 10;
  return p + 9;
}
