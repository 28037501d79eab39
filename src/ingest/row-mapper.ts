import type { RawRecord } from './record.js';
import { CALL_TIME_FIELDS, type Call, type CallTimeField } from './call.js';
import type { ResolvedMapping, ResolvedTime } from './schema/resolve.js';
import { CODE_TEXT } from './schema/detect.js';
import { REJECT_REASONS, type RejectReason } from './rejects.js';
import { combineDateTime, type Zone } from './time/index.js';

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
const MAX_NULL_LENGTH = 16;
/** Characters of a call type the officer-initiated pattern sees (as PATTERN_INPUT_LIMIT for taxonomies). */
const OFFICER_PATTERN_INPUT_LIMIT = 256;

type TimeOutcome = 'ok' | 'missing' | 'failure' | 'placeholder';

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

  constructor(
    private readonly mapping: ResolvedMapping,
    private readonly zone: Zone,
    private readonly fileIndex: number,
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
    for (const v of mapping.nullValues) {
      this.nullLengths.add(v.length);
      this.nullFirst.add(v.charCodeAt(0) | 0x20);
    }
  }

  /**
   * Null markers are few and short: only a value whose length and first letter match
   * one of them is upper-cased and looked up, so ordinary values cost two checks.
   */
  private readonly nullLengths = new Set<number>();
  private readonly nullFirst = new Set<number>();

  private isNull(v: string): boolean {
    if (!this.nullLengths.has(v.length) || !this.nullFirst.has(v.charCodeAt(0) | 0x20)) return false;
    return this.mapping.nullValues.has(v.toUpperCase());
  }

  private text(rec: RawRecord, index: number, field: string): string {
    const raw = rec.field(index);
    const n = raw.length;
    const v = n && (raw.charCodeAt(0) === 32 || raw.charCodeAt(n - 1) === 32) ? raw.trim() : raw;
    const stats = this.stats[field];
    if (v === '' || (v.length <= MAX_NULL_LENGTH && this.isNull(v))) {
      stats.missing++;
      return '';
    }
    stats.filled++;
    return v;
  }

  map(rec: RawRecord, call: Call): RowProblem | null {
    if (rec.length !== this.width && !this.raggedButHarmless(rec)) {
      return { reason: REJECT_REASONS.ragged, detail: `expected ${this.width} fields, found ${rec.length}` };
    }
    const m = this.mapping;
    const t = m.text;
    call.line = rec.line;
    call.fileIndex = this.fileIndex;
    call.id = t.id ? this.text(rec, t.id.index, 'id') : '';
    call.priority = t.priority ? this.text(rec, t.priority.index, 'priority') : '';
    call.beat = t.beat ? this.text(rec, t.beat.index, 'beat') : '';
    call.district = t.district ? this.text(rec, t.district.index, 'district') : '';
    call.disposition = t.disposition ? this.text(rec, t.disposition.index, 'disposition') : '';
    call.agency = t.agency ? this.text(rec, t.agency.index, 'agency') : '';
    let type = t.callType ? this.text(rec, t.callType.index, 'callType') : '';
    let code = t.callTypeCode ? this.text(rec, t.callTypeCode.index, 'callTypeCode') : '';
    if (m.callTypeFormat === 'code-text' && type && !code) [code, type] = this.splitCodeText(type);
    if (code && !type) type = m.codeList?.get(code.toUpperCase()) ?? code;
    call.callType = type;
    call.callTypeCode = code;
    let initial = t.initialCallType ? this.text(rec, t.initialCallType.index, 'initialCallType') : '';
    let initialCode = t.initialCallTypeCode ? this.text(rec, t.initialCallTypeCode.index, 'initialCallTypeCode') : '';
    if (m.callTypeFormat === 'code-text' && initial && !initialCode) [initialCode, initial] = this.splitCodeText(initial);
    if (initialCode && !initial) initial = m.codeList?.get(initialCode.toUpperCase()) ?? initialCode;
    call.initialCallType = initial;
    call.initialCallTypeCode = initialCode;

    call.source = m.source ? m.sourceRule.fromColumn(this.text(rec, m.source.index, 'source')) : 'unknown';
    if (call.source !== 'officer' && m.sourceRule.officerCallType && (this.officerByType(type) || this.officerByType(initial))) {
      call.source = 'officer';
    }
    call.units = 1;
    if (m.units) {
      const n = Number(this.text(rec, m.units.index, 'units'));
      if (Number.isInteger(n) && n > 0) call.units = n;
    }
    call.unitTimes = undefined;
    call.unit = m.unit ? this.text(rec, m.unit.index, 'unit') : '';

    let receivedOutcome = this.lastTimeOutcome;
    for (const field of CALL_TIME_FIELDS) {
      const spec = m.times[field];
      call[field] = spec ? this.time(rec, spec, field) : NaN;
      if (field === 'received') receivedOutcome = this.lastTimeOutcome;
    }
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

  private time(rec: RawRecord, spec: ResolvedTime, field: CallTimeField): number {
    const stats = this.stats[field];
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
