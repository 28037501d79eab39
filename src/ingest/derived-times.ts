import { CALL_TIME_FIELDS, type Call, type CallTimeField } from './call.js';
import type { RawRecord } from './record.js';
import type { FieldStats } from './row-mapper.js';
import type { ResolvedMapping } from './schema/resolve.js';

/**
 * Evaluates times derived from an earlier time plus duration columns (docs/mapping.md,
 * src/ingest/schema/derived.ts) for the row mapper. Built only when a mapping has them,
 * so exports with timestamps pay nothing for it.
 */

// As the row mapper's placeholder rule: results outside [1970, 2100) are not times.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

interface DerivedCol {
  field: CallTimeField;
  after: CallTimeField;
  indexes: number[];
  /** Milliseconds per unit, per duration column. */
  unitMs: number[];
  stats: FieldStats;
}

/**
 * The time fields a mapper must read for the fields it wants: those, the received time
 * (rows without one are rejected), and every base a wanted derived time is computed from.
 */
export function timeFieldsToRead(mapping: ResolvedMapping, wanted: (field: string) => boolean): Set<CallTimeField> {
  const read = new Set<CallTimeField>();
  // Bases come earlier in CALL_TIME_FIELDS, so one backward walk closes the set.
  for (const field of [...CALL_TIME_FIELDS].reverse()) {
    const spec = mapping.times[field];
    if (!spec || !(field === 'received' || wanted(field) || read.has(field))) continue;
    read.add(field);
    if (spec.derived) read.add(spec.derived.after);
  }
  return read;
}

/** The derived times of one mapping, in field order (bases first). */
export class DerivedTimes {
  private readonly cols: DerivedCol[];
  private missingOrBad: 'missing' | 'failure' = 'missing';
  private badText = '';

  private constructor(
    cols: DerivedCol[],
    private readonly isNull: (value: string) => boolean,
  ) {
    this.cols = cols;
  }

  /** Null when the mapping derives none of the fields to read. */
  static build(
    mapping: ResolvedMapping,
    read: ReadonlySet<CallTimeField>,
    stats: Record<string, FieldStats>,
    isNull: (value: string) => boolean,
  ): DerivedTimes | null {
    const cols: DerivedCol[] = [];
    for (const field of CALL_TIME_FIELDS) {
      const d = mapping.times[field]?.derived;
      if (!d || !read.has(field)) continue;
      cols.push({ field, after: d.after, indexes: d.durations.map((x) => x.column.index), unitMs: d.durations.map((x) => x.unitMs), stats: stats[field] });
    }
    return cols.length ? new DerivedTimes(cols, isNull) : null;
  }

  /**
   * Sets each derived time to its base (already set: bases come first) plus its durations,
   * and counts it. A non-numeric duration is a parse failure of the field, as an
   * unparseable timestamp is; an empty one or a missing base makes it missing; a negative
   * one is kept, for the officer-time rules to judge.
   */
  fill(rec: RawRecord, call: Call): void {
    for (const d of this.cols) {
      let ms = 0;
      let outcome: 'ok' | 'missing' | 'failure' | 'placeholder' = 'ok';
      for (let i = 0; i < d.indexes.length; i++) {
        const v = this.duration(rec, d.indexes[i]);
        if (Number.isNaN(v)) {
          outcome = this.missingOrBad;
          if (outcome === 'failure') break;
        } else {
          ms += v * d.unitMs[i];
        }
      }
      const base = call[d.after];
      let value = NaN;
      if (outcome === 'ok') {
        value = base + Math.round(ms);
        if (Number.isNaN(base)) outcome = 'missing';
        // An absurd duration (a 9999999 sentinel) lands outside the plausible years, like a placeholder date.
        else if (!(value >= EARLIEST && value < LATEST)) outcome = 'placeholder';
        if (outcome !== 'ok') value = NaN;
      }
      call[d.field] = value;
      const stats = d.stats;
      if (outcome === 'ok') stats.filled++;
      else if (outcome === 'missing') stats.missing++;
      else if (outcome === 'placeholder') stats.placeholders++;
      else {
        stats.failures++;
        if (stats.examples.length < 3) stats.examples.push(this.badText);
      }
    }
  }

  /** A decimal number of the column's unit, or NaN with missingOrBad saying which. */
  private duration(rec: RawRecord, index: number): number {
    if (rec.fieldBytes(index)) {
      const v = parseDecimal(rec.bytes, rec.start, rec.end);
      if (!Number.isNaN(v)) return v;
    }
    const text = rec.field(index).trim();
    if (text === '' || this.isNull(text)) {
      this.missingOrBad = 'missing';
      return NaN;
    }
    // Exponents ("1.5E-2") and long fractions take this slower, exact path.
    if (DECIMAL.test(text)) return Number(text);
    this.missingOrBad = 'failure';
    this.badText = text;
    return NaN;
  }
}

/**
 * Parses a plain decimal ("12", "-0.5", " 3.25 ") from bytes without making a string; NaN
 * for anything else, which the caller then reads as text (blank, null marker, exponent, junk).
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && bytes[start] === 32) start++;
  while (end > start && bytes[end - 1] === 32) end--;
  let i = start;
  const sign = bytes[i];
  if (sign === 45 || sign === 43) i++;
  let value = 0;
  let digits = 0;
  while (i < end && bytes[i] >= 48 && bytes[i] <= 57) {
    value = value * 10 + (bytes[i++] - 48);
    digits++;
  }
  if (i < end && bytes[i] === 46) {
    i++;
    let scale = 1;
    while (i < end && bytes[i] >= 48 && bytes[i] <= 57) {
      value = value * 10 + (bytes[i++] - 48);
      scale *= 10;
      digits++;
    }
    value /= scale;
  }
  // Past 15 digits the running sum can round; the text path parses those exactly.
  if (i !== end || digits === 0 || digits > 15) return NaN;
  return sign === 45 ? -value : value;
}
