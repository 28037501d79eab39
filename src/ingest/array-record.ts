import type { RawRecord } from './record.js';

/**
 * A RawRecord over already-decoded strings: used to replay the sample rows that were
 * buffered while the mapping was being chosen.
 */
export class ArrayRecord implements RawRecord {
  bytes: Uint8Array = new Uint8Array(0);
  start = 0;
  end = 0;
  line = 0;
  private fields: string[] = [];
  private encoded: (Uint8Array | undefined)[] = [];

  set(fields: string[], line: number): this {
    this.fields = fields;
    this.line = line;
    this.encoded = [];
    return this;
  }

  get length(): number {
    return this.fields.length;
  }

  field(i: number): string {
    return this.fields[i] ?? '';
  }

  fieldBytes(i: number): boolean {
    if (i >= this.fields.length) return false;
    const bytes = (this.encoded[i] ??= Buffer.from(this.fields[i], 'utf8'));
    this.bytes = bytes;
    this.start = 0;
    this.end = bytes.length;
    return true;
  }
}

export function copyFields(rec: RawRecord): string[] {
  const out = new Array<string>(rec.length);
  for (let i = 0; i < rec.length; i++) out[i] = rec.field(i);
  return out;
}
