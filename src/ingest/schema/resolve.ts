import { CALL_TEXT_FIELDS, CALL_TIME_FIELDS, type CallTextField, type CallTimeField } from '../call.js';
import { inputError, usageError } from '../../errors.js';
import { compileFormat, detectFormat, type TimeParser } from '../time/index.js';
import { detectMapping, findPreset, presetByName, type DetectedMapping, type FieldGuess } from './detect.js';
import { loadCodeList } from './codelist.js';
import { isDerivedSpec, resolveDerived, type ResolvedDerivation } from './derived.js';
import { BOOLEAN_SOURCE_RULE, GENERIC_SOURCE_RULE, compileSourceRule, type CompiledSourceRule } from './source-rule.js';
import { normalizeHeader } from './synonyms.js';
import type { ColumnName, DerivedTimeSpec, MappingSpec, TimeColumnSpec } from './types.js';
import { noTimeZoneWarning } from './zone-warning.js';

export interface ResolvedColumn {
  name: string;
  index: number;
}

export interface ResolvedTime {
  /** One column, or [date, time] for split columns. */
  columns: ResolvedColumn[];
  formats: string[];
  parsers: TimeParser[];
  /** True when values carry their own offset (Z, ±hh:mm, epoch): no zone conversion. */
  absolute: boolean;
  /**
   * Set when the time is an earlier time plus duration columns (docs/mapping.md); `columns`
   * are then the duration columns and `parsers` is empty.
   */
  derived?: ResolvedDerivation;
}

export type MappingOrigin = 'preset' | 'mapping-file' | 'detected';

/** A mapping bound to one file's header: column indexes, compiled parsers, rules. */
export interface ResolvedMapping {
  name: string | null;
  origin: MappingOrigin;
  headers: string[];
  text: Partial<Record<CallTextField, ResolvedColumn>>;
  times: Partial<Record<CallTimeField, ResolvedTime>>;
  unit?: ResolvedColumn;
  units?: ResolvedColumn;
  source?: ResolvedColumn;
  sourceRule: CompiledSourceRule;
  callTypeFormat: 'text' | 'code-text';
  codeList: Map<string, string> | null;
  codeListName: string | null;
  rowPerUnit: boolean;
  timeZone: string;
  timeZoneOrigin: 'option' | 'preset' | 'mapping-file' | 'default';
  /** Upper-cased values read as missing. */
  nullValues: Set<string>;
  taxonomy: string | null;
  /** Per field: how sure auto-detection was (detected mappings only). */
  guesses: Record<string, FieldGuess>;
  warnings: string[];
}

export interface ResolveOptions {
  /** A parsed mapping file. */
  mapping?: MappingSpec;
  mappingFile?: string;
  /** Force a preset by name. */
  preset?: string;
  tz?: string;
  /** Format for every timestamp column, overriding presets and detection. */
  datetimeFormat?: string;
  /** Code list for call-type codes (CSV path or built-in name), overriding the mapping's. */
  codeList?: string;
  fileName: string;
}

export const DEFAULT_NULL_VALUES = ['NULL', '(NULL)', 'N/A', '#N/A', 'NAN', 'NONE', 'UNKNOWN TIME'];

/** Merges a spec that `extends` a preset over that preset. */
function withBase(spec: MappingSpec, file: string): MappingSpec {
  if (!spec.extends) return spec;
  const base = presetByName(spec.extends);
  if (!base) throw inputError(`mapping extends unknown preset "${spec.extends}"`, { file }, 'Run css-analyze inspect --list-presets');
  return { ...base, ...spec, fields: { ...base.fields, ...spec.fields }, name: spec.name ?? `${base.name}+${file}` };
}

export function resolveMapping(headers: string[], sample: string[][], options: ResolveOptions): ResolvedMapping {
  const file = options.fileName;
  let spec: MappingSpec;
  let origin: MappingOrigin;
  let guesses: Record<string, FieldGuess> = {};
  let unreadReceived: DetectedMapping['unreadReceived'][number] | undefined;
  if (options.mapping) {
    spec = withBase(options.mapping, options.mappingFile ?? file);
    origin = 'mapping-file';
  } else if (options.preset) {
    const preset = presetByName(options.preset);
    if (!preset) throw usageError(`unknown preset "${options.preset}"`, 'Run css-analyze inspect --list-presets to see them');
    spec = preset;
    origin = 'preset';
  } else {
    const preset = findPreset(headers);
    if (preset) {
      spec = preset;
      origin = 'preset';
    } else {
      const detected = detectMapping(headers, sample, options.datetimeFormat);
      spec = detected.spec;
      guesses = detected.guesses;
      unreadReceived = detected.unreadReceived[0];
      origin = 'detected';
    }
  }
  const strict = origin === 'mapping-file';
  const warnings: string[] = [];
  const lookup = columnLookup(headers, file);
  const find = (name: ColumnName | undefined, field: string): ResolvedColumn | undefined => {
    if (name === undefined) return undefined;
    const found = lookup(name);
    if (!found && strict) {
      throw inputError(
        `the mapping names column "${[name].flat().join('" or "')}" for ${field}, but the file has no such column`,
        { file },
        `Columns are: ${headers.join(', ')}`,
      );
    }
    return found;
  };

  const text: ResolvedMapping['text'] = {};
  for (const field of CALL_TEXT_FIELDS) {
    const col = find(spec.fields[field], field);
    if (col) text[field] = col;
  }
  const column = (c: ResolvedColumn) => sample.map((row) => (row[c.index] ?? '').trim());
  const nullValues = new Set([...DEFAULT_NULL_VALUES, ...(spec.nullValues ?? [])].map((v) => v.toUpperCase()));
  const present = (v: string) => v !== '' && !nullValues.has(v.toUpperCase());

  const times: ResolvedMapping['times'] = {};
  for (const field of CALL_TIME_FIELDS) {
    const s = spec.fields[field];
    if (s === undefined) continue;
    const resolved = isDerivedSpec(s)
      ? resolveDerived(field, s, times, spec.fields[s.after] !== undefined, find, strict, options.mappingFile ?? file, warnings)
      : resolveTime(field, s, find, column, present, options.datetimeFormat, warnings, file);
    if (resolved) times[field] = resolved;
  }

  if (!text.callType && !text.callTypeCode) {
    // A title or notes line above the header reads as a header with one named column.
    const widths = sample.map((r) => r.length).sort((a, b) => a - b);
    const typical = widths.length ? widths[Math.floor(widths.length / 2)] : headers.length;
    const titleLine = headers.length > 0 && (headers.filter((h) => h.trim() !== '').length <= 1 || typical > headers.length);
    throw inputError(
      'no call-type column found',
      { file },
      titleLine
        ? `The first line ("${headers.join(', ').slice(0, 60)}") looks like a title, not column names: use --header-row N with the line that names the columns`
        : `Columns are: ${headers.join(', ')}. Name the call-type column in a mapping file (--mapping, see docs/mapping.md)`,
    );
  }
  if (!times.received && unreadReceived) {
    // A column is named like it, but its values are not one timestamp format (e.g. an export
    // joined from two systems): say so, rather than that there is no such column.
    const u = unreadReceived;
    throw inputError(
      `column "${u.column}" looks like the time the call was received, but only ${u.matched} of the ${u.total} values sampled read as one timestamp format (e.g. ${u.examples.map((e) => `"${e}"`).join(', ')})`,
      { file },
      u.matched > 0
        ? 'If the column mixes formats, give the main one with --datetime-format and count the other rows as rejected with --skip-bad-rows (docs/time-zones.md)'
        : 'Give the format with --datetime-format (docs/time-zones.md), or name the column and its format in a mapping file (--mapping)',
    );
  }
  if (!times.received) {
    throw inputError(
      'no column with the time the call was received',
      { file },
      `Columns are: ${headers.join(', ')}. Name it in a mapping file (--mapping, see docs/mapping.md)`,
    );
  }

  const source = find(spec.fields.source, 'source');
  const booleanSource = source && /initiated/i.test(source.name);
  const sourceRule = compileSourceRule(spec.source ?? (booleanSource ? BOOLEAN_SOURCE_RULE : GENERIC_SOURCE_RULE));
  const codeListName = options.codeList ?? spec.codeList ?? null;
  let timeZone = options.tz ?? spec.timeZone;
  let timeZoneOrigin: ResolvedMapping['timeZoneOrigin'] = options.tz ? 'option' : origin === 'preset' ? 'preset' : 'mapping-file';
  if (!timeZone) {
    timeZone = 'UTC';
    timeZoneOrigin = 'default';
    warnings.push(noTimeZoneWarning(times, sample, present));
  }
  return {
    name: origin === 'detected' ? null : (spec.name ?? options.mappingFile ?? null),
    origin,
    headers,
    text,
    times,
    unit: find(spec.fields.unit, 'unit'),
    units: find(spec.fields.units, 'units'),
    source,
    sourceRule,
    callTypeFormat: spec.callTypeFormat ?? 'text',
    codeList: codeListName ? loadCodeList(codeListName) : null,
    codeListName,
    rowPerUnit: !!spec.rowPerUnit && !!text.id,
    timeZone,
    timeZoneOrigin,
    nullValues,
    taxonomy: spec.taxonomy ?? null,
    guesses,
    warnings,
  };
}

/** Finds a column by exact name, then ignoring case and punctuation; refuses ambiguous duplicates. */
function columnLookup(headers: string[], file: string): (name: ColumnName) => ResolvedColumn | undefined {
  const trimmed = headers.map((h) => h.trim());
  const norms = trimmed.map(normalizeHeader);
  const one = (name: string): ResolvedColumn | undefined => {
    let hits = trimmed.flatMap((h, i) => (h === name.trim() ? [i] : []));
    if (hits.length === 0) hits = norms.flatMap((n, i) => (n === normalizeHeader(name) && n !== '' ? [i] : []));
    if (hits.length > 1) {
      throw inputError(
        `column "${name}" appears ${hits.length} times in the header (columns ${hits.map((i) => i + 1).join(' and ')})`,
        { file, line: 1 },
        'Rename the duplicates in the export, or map another column with --mapping',
      );
    }
    return hits.length ? { name: headers[hits[0]], index: hits[0] } : undefined;
  };
  return (name) => {
    for (const n of [name].flat()) {
      const found = one(n);
      if (found) return found;
    }
    return undefined;
  };
}

function resolveTime(
  field: CallTimeField,
  spec: Exclude<TimeColumnSpec, DerivedTimeSpec>,
  find: (name: ColumnName | undefined, field: string) => ResolvedColumn | undefined,
  column: (c: ResolvedColumn) => string[],
  present: (v: string) => boolean,
  override: string | undefined,
  warnings: string[],
  file: string,
): ResolvedTime | undefined {
  const parts =
    typeof spec === 'string' || Array.isArray(spec)
      ? [{ name: spec, format: undefined, kind: 'datetime' as const }]
      : 'column' in spec
        ? [{ name: spec.column, format: spec.format, kind: 'datetime' as const }]
        : [
            { name: spec.date, format: spec.dateFormat, kind: 'date' as const },
            { name: spec.time, format: spec.timeFormat, kind: 'time' as const },
          ];
  const columns: ResolvedColumn[] = [];
  const parsers: TimeParser[] = [];
  for (const part of parts) {
    const col = find(part.name, field);
    if (!col) return undefined;
    const format = part.kind === 'datetime' ? (override ?? part.format) : part.format;
    let parser: TimeParser;
    if (format) {
      parser = compileFormat(format);
    } else {
      const values = column(col).filter(present);
      const found = values.length ? detectFormat(values, part.kind) : null;
      if (!found) {
        const example = values[0];
        const message = example
          ? `cannot recognise the timestamps in column "${col.name}" (e.g. "${example}")`
          : `column "${col.name}" has no values in the first rows to learn its timestamp format from`;
        if (field === 'received') {
          throw inputError(message, { file }, 'Give the format with --datetime-format (see docs/time-zones.md)');
        }
        warnings.push(`${message}; ${field} times are not used. Give the format with --datetime-format`);
        return undefined;
      }
      if (found.ambiguous) {
        warnings.push(`column "${col.name}" could be month/day or day/month; read as ${found.format}. Override with --datetime-format`);
      }
      parser = found.parser;
    }
    columns.push(col);
    parsers.push(parser);
  }
  return { columns, formats: parsers.map((p) => p.format), parsers, absolute: parsers.some((p) => p.absolute) };
}
