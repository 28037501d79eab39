import type { RawRecord } from './record.js';
import type { Call, CallTimeField } from './call.js';
import type { ResolvedMapping, ResolvedTime } from './schema/resolve.js';
import { CODE_TEXT } from './schema/detect.js';
import { REJECT_REASONS, type RejectReason } from './rejects.js';
import { combineDateTime, type Zone } from './time/index.js';
import { DerivedTimes, timeFieldsToRead } from './derived-times.js';

/** Fill and parse counts for one mapped field, reported by `inspect`. */
export interface FieldStats {
  filled: number;
  missing: number;
  /** Values present but not parseable as the field's type. */
  failures: number;
  /** Placeholder dates such as 1900-01-01 or 2100, read as missing. */
  placeholders: number;
  /** Up to three unparseable values, quoted in messages. */
  examples: string[];
}

export interface RowProblem {
  reason: RejectReason;
  detail: string;
}

// Timestamps outside [1970, 2100) are placeholders ("Jan 01 1900", 9999-12-31), not times.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
/** Characters of a call type the officer-initiated pattern sees (as PATTERN_INPUT_LIMIT for taxonomies). */
const OFFICER_PATTERN_INPUT_LIMIT = 256;

type TimeOutcome = 'ok' | 'missing' | 'failure' | 'placeholder';

interface Col {
  index: number;
  stats: FieldStats;
}

interface TimeCol {
  spec: ResolvedTime;
  stats: FieldStats;
}

type ColName =
  | 'id'
  | 'callType'
  | 'callTypeCode'
  | 'initialCallType'
  | 'initialCallTypeCode'
  | 'priority'
  | 'beat'
  | 'district'
  | 'disposition'
  | 'agency'
  | 'source'
  | 'units'
  | 'unit';

function newStats(): FieldStats {
  return { filled: 0, missing: 0, failures: 0, placeholders: 0, examples: [] };
}

/** Turns one raw record into a Call (filling a reused object) or names why it cannot. */
export class RowMapper {
  readonly stats: Record<string, FieldStats> = {};
  private readonly width: number;
  /** Fields up to the last named column: spreadsheets pad headers with empty names ("a,b,c,,,"). */
  private readonly namedWidth: number;
  private readonly splitMemo = new Map<string, [string, string]>();
  private readonly officerTypeMemo = new Map<string, boolean>();
  // Columns resolved once, so the per-row code reads plain properties.
  private readonly cols: Record<ColName, Col | null>;
  private readonly timeCols: Record<CallTimeField, TimeCol | null>;
  /** Times derived from durations; null when the mapping has none, so rows skip them. */
  private readonly derived: DerivedTimes | null;
  private readonly codeText: boolean;

  constructor(
    private readonly mapping: ResolvedMapping,
    private readonly zone: Zone,
    private readonly fileIndex: number,
    /** Fields the consumer reads; columns of other fields are not decoded (undefined: all). */
    needed?: ReadonlySet<string>,
  ) {
    this.width = mapping.headers.length;
    let named = this.width;
    while (named > 1 && mapping.headers[named - 1].trim() === '') named--;
    this.namedWidth = named;
    for (const f of Object.keys(mapping.text)) this.stats[f] = newStats();
    for (const f of Object.keys(mapping.times)) this.stats[f] = newStats();
    if (mapping.units) this.stats.units = newStats();
    if (mapping.source) this.stats.source = newStats();
    if (mapping.unit) this.stats.unit = newStats();
    // The call type is always read: rows without one are rejected.
    const wanted = (field: string) => !needed || needed.has(field) || field === 'callType' || field === 'callTypeCode';
    const col = (field: string, resolved: { index: number } | undefined): Col | null =>
      resolved && wanted(field) ? { index: resolved.index, stats: this.stats[field] } : null;
    const t = mapping.text;
    this.cols = {
      id: col('id', t.id),
      callType: col('callType', t.callType),
      callTypeCode: col('callTypeCode', t.callTypeCode),
      initialCallType: col('initialCallType', t.initialCallType),
      initialCallTypeCode: col('initialCallTypeCode', t.initialCallTypeCode),
      priority: col('priority', t.priority),
      beat: col('beat', t.beat),
      district: col('district', t.district),
      disposition: col('disposition', t.disposition),
      agency: col('agency', t.agency),
      source: col('source', mapping.source),
      units: col('units', mapping.units),
      unit: col('unit', mapping.unit),
    };
    const read = timeFieldsToRead(mapping, wanted);
    const timeCol = (field: CallTimeField): TimeCol | null => {
      const spec = mapping.times[field];
      return spec && !spec.derived && read.has(field) ? { spec, stats: this.stats[field] } : null;
    };
    this.timeCols = {
      received: timeCol('received'),
      dispatched: timeCol('dispatched'),
      enroute: timeCol('enroute'),
      arrived: timeCol('arrived'),
      cleared: timeCol('cleared'),
    };
    this.derived = DerivedTimes.build(mapping, read, this.stats, (v) => this.isNull(v));
    this.codeText = mapping.callTypeFormat === 'code-text';
    this.nullLengths = new Uint8Array(Math.max(0, ...[...mapping.nullValues].map((v) => v.length)) + 1);
    for (const v of mapping.nullValues) {
      const first = v.charCodeAt(0) | 0x20;
      this.nullLengths[v.length] = 1;
      if (first < 128) this.nullFirst[first] = 1;
    }
  }

  /**
   * Null markers are few and short: only a value whose length and first letter match
   * one of them is upper-cased and looked up, so ordinary values cost two checks.
   */
  private readonly nullLengths: Uint8Array;
  private readonly nullFirst = new Uint8Array(128);

  private isNull(v: string): boolean {
    if (v.length >= this.nullLengths.length || this.nullLengths[v.length] === 0) return false;
    const first = v.charCodeAt(0) | 0x20;
    if (first < 128 && this.nullFirst[first] === 0) return false;
    return this.mapping.nullValues.has(v.toUpperCase());
  }

  /** Reads a text column: trimmed, '' for empty and null markers, counted in its field's stats. */
  private text(rec: RawRecord, col: Col | null): string {
    if (col === null) return '';
    const raw = rec.field(col.index);
    const n = raw.length;
    const v = n && (raw.charCodeAt(0) === 32 || raw.charCodeAt(n - 1) === 32) ? raw.trim() : raw;
    if (v === '' || this.isNull(v)) {
      col.stats.missing++;
      return '';
    }
    col.stats.filled++;
    return v;
  }

  map(rec: RawRecord, call: Call): RowProblem | null {
    if (rec.length !== this.width && !this.raggedButHarmless(rec)) {
      return { reason: REJECT_REASONS.ragged, detail: `expected ${this.width} fields, found ${rec.length}` };
    }
    const m = this.mapping;
    const c = this.cols;
    call.line = rec.line;
    call.fileIndex = this.fileIndex;
    call.id = this.text(rec, c.id);
    call.priority = this.text(rec, c.priority);
    call.beat = this.text(rec, c.beat);
    call.district = this.text(rec, c.district);
    call.disposition = this.text(rec, c.disposition);
    call.agency = this.text(rec, c.agency);
    let type = this.text(rec, c.callType);
    let code = this.text(rec, c.callTypeCode);
    if (this.codeText && type && !code) [code, type] = this.splitCodeText(type);
    if (code && !type) type = m.codeList?.get(code.toUpperCase()) ?? code;
    call.callType = type;
    call.callTypeCode = code;
    let initial = this.text(rec, c.initialCallType);
    let initialCode = this.text(rec, c.initialCallTypeCode);
    if (this.codeText && initial && !initialCode) [initialCode, initial] = this.splitCodeText(initial);
    if (initialCode && !initial) initial = m.codeList?.get(initialCode.toUpperCase()) ?? initialCode;
    call.initialCallType = initial;
    call.initialCallTypeCode = initialCode;

    call.source = c.source ? m.sourceRule.fromColumn(this.text(rec, c.source)) : 'unknown';
    if (call.source !== 'officer' && m.sourceRule.officerCallType && (this.officerByType(type) || this.officerByType(initial))) {
      call.source = 'officer';
    }
    call.units = 1;
    if (c.units) {
      const n = Number(this.text(rec, c.units));
      if (Number.isInteger(n) && n > 0) call.units = n;
    }
    call.unitTimes = undefined;
    call.unit = this.text(rec, c.unit);

    const t = this.timeCols;
    call.received = this.time(rec, t.received);
    const receivedOutcome = this.lastTimeOutcome;
    call.dispatched = this.time(rec, t.dispatched);
    call.enroute = this.time(rec, t.enroute);
    call.arrived = this.time(rec, t.arrived);
    call.cleared = this.time(rec, t.cleared);
    if (this.derived !== null) this.derived.fill(rec, call);
    if (!type) return { reason: REJECT_REASONS.missingCallType, detail: 'the call-type column is empty' };
    if (Number.isNaN(call.received)) return this.receivedProblem(rec, receivedOutcome);
    return null;
  }

  /**
   * Exports often pad rows with trailing empty columns (e.g. "a,b,,,"), or pad the header
   * with empty names that some rows omit; neither loses data.
   */
  private raggedButHarmless(rec: RawRecord): boolean {
    if (rec.length < this.namedWidth) return false;
    for (let i = this.width; i < rec.length; i++) if (rec.field(i).trim() !== '') return false;
    return true;
  }

  private splitCodeText(value: string): [string, string] {
    let hit = this.splitMemo.get(value);
    if (!hit) {
      const m = CODE_TEXT.exec(value);
      hit = m ? [m[1], m[2].trim()] : ['', value];
      if (this.splitMemo.size < 100_000) this.splitMemo.set(value, hit);
    }
    return hit;
  }

  private officerByType(type: string): boolean {
    if (!type) return false;
    let hit = this.officerTypeMemo.get(type);
    if (hit === undefined) {
      // Bounded input, as for taxonomy patterns: no call type needs more to be recognised.
      hit = this.mapping.sourceRule.officerCallType!.test(type.length > OFFICER_PATTERN_INPUT_LIMIT ? type.slice(0, OFFICER_PATTERN_INPUT_LIMIT) : type);
      if (this.officerTypeMemo.size < 100_000) this.officerTypeMemo.set(type, hit);
    }
    return hit;
  }

  private lastTimeOutcome: TimeOutcome = 'ok';
  private lastTimeText = '';

  private time(rec: RawRecord, col: TimeCol | null): number {
    if (col === null) return NaN;
    const spec = col.spec;
    const stats = col.stats;
    let wall: number;
    if (spec.columns.length === 1) {
      wall = this.parseColumn(rec, spec.columns[0].index, spec.parsers[0]);
    } else {
      const date = this.parseColumn(rec, spec.columns[0].index, spec.parsers[0]);
      const dateOutcome = this.lastTimeOutcome;
      const time = Number.isNaN(date) ? NaN : this.parseColumn(rec, spec.columns[1].index, spec.parsers[1]);
      if (Number.isNaN(date)) this.lastTimeOutcome = dateOutcome;
      wall = Number.isNaN(time) ? NaN : combineDateTime(date, time);
    }
    if (!Number.isNaN(wall) && (wall < EARLIEST || wall >= LATEST)) {
      this.lastTimeOutcome = 'placeholder';
      wall = NaN;
    }
    switch (this.lastTimeOutcome) {
      case 'ok':
        stats.filled++;
        // Values with their own offset (Z, +05:30, epoch) are instants already.
        return spec.columns.length === 1 && spec.parsers[0].lastWasInstant ? wall : this.zone.toInstant(wall);
      case 'missing':
        stats.missing++;
        return NaN;
      case 'placeholder':
        stats.placeholders++;
        return NaN;
      default:
        stats.failures++;
        if (stats.examples.length < 3) stats.examples.push(this.lastTimeText);
        return NaN;
    }
  }

  /** Parses from bytes; only decodes the text when parsing fails, to tell blank from bad. */
  private parseColumn(rec: RawRecord, index: number, parser: ResolvedTime['parsers'][number]): number {
    if (!rec.fieldBytes(index)) {
      this.lastTimeOutcome = 'missing';
      return NaN;
    }
    const bytes = rec.bytes;
    let start = rec.start;
    let end = rec.end;
    while (start < end && bytes[start] === 32) start++;
    while (end > start && bytes[end - 1] === 32) end--;
    if (start === end) {
      this.lastTimeOutcome = 'missing';
      return NaN;
    }
    const v = parser.parse(bytes, start, end);
    if (!Number.isNaN(v)) {
      this.lastTimeOutcome = 'ok';
      return v;
    }
    const text = rec.field(index).trim();
    if (text === '' || this.isNull(text)) {
      this.lastTimeOutcome = 'missing';
    } else {
      this.lastTimeOutcome = 'failure';
      this.lastTimeText = text;
    }
    return NaN;
  }

  private receivedProblem(rec: RawRecord, outcome: TimeOutcome): RowProblem {
    const spec = this.mapping.times.received!;
    const names = spec.columns.map((c) => c.name).join(' + ');
    const value = spec.columns.map((c) => rec.field(c.index).trim()).join(' ');
    if (outcome === 'missing') return { reason: REJECT_REASONS.missingReceived, detail: `"${names}" is empty` };
    if (outcome === 'placeholder') {
      return { reason: REJECT_REASONS.placeholderReceived, detail: `"${value}" in "${names}" is a placeholder date (before 1970 or after 2099)` };
    }
    return {
      reason: REJECT_REASONS.unparseableReceived,
      detail: `cannot parse "${value}" as ${names} (expected ${spec.formats.join(' + ')})`,
    };
  }
}
