import type { CallTextField, CallTimeField } from '../call.js';

/** A column name, or alternatives tried in order (agencies rename columns between years). */
export type ColumnName = string | string[];

/**
 * Duration columns added together: one column, or a list whose entries are each a column
 * (or a list of alternative names for it, as in ColumnName).
 */
export type DurationColumns = string | ColumnName[];

/**
 * A time derived from an earlier time of the same call plus durations, for exports that
 * publish intervals instead of timestamps (Detroit: minutes from call to dispatch, travel,
 * time on scene). Values are decimal numbers of the unit; `after` comes earlier in
 * received → dispatched → enroute → arrived → cleared.
 */
export interface DerivedTimeSpec {
  after: CallTimeField;
  minutes?: DurationColumns;
  seconds?: DurationColumns;
}

/** A timestamp held in one column, split into a date column and a time-of-day column, or derived from durations. */
export type TimeColumnSpec =
  | ColumnName
  | { column: ColumnName; format?: string }
  | { date: ColumnName; time: ColumnName; dateFormat?: string; timeFormat?: string }
  | DerivedTimeSpec;

/**
 * How an export's columns become Call fields. Presets are MappingSpecs with detection
 * hints; users write the same shape in a mapping file (docs/mapping.md).
 */
export interface MappingSpec {
  /** Name shown in reports: the preset id or the mapping file's name. */
  name?: string;
  /** Start from a preset and override some keys. */
  extends?: string;
  /** IANA time zone of the agency's local timestamps. */
  timeZone?: string;
  fields: Partial<Record<CallTextField, ColumnName>> &
    Partial<Record<CallTimeField, TimeColumnSpec>> & {
      /** Column naming the responding unit when the export has one row per unit. */
      unit?: ColumnName;
      /** Column holding the number of responding units. */
      units?: ColumnName;
      /** Column telling who initiated the call (phone, 911, officer, on-view …). */
      source?: ColumnName;
    };
  /** Values meaning "missing" in any column (compared after trimming, case-insensitive). */
  nullValues?: string[];
  /** `code-text`: the call-type column holds "CODE - Text" (Dallas) and is split in two. */
  callTypeFormat?: 'text' | 'code-text';
  /** A built-in code list name or a CSV path (code,description) decoding callTypeCode into callType. */
  codeList?: string;
  /** How call source is derived. */
  source?: SourceRule;
  /** One row per responding unit: rows sharing `fields.id` are collapsed into one call. */
  rowPerUnit?: boolean;
  /** Built-in taxonomy overlay for this layout (presets only). */
  taxonomy?: string;
}

export interface SourceRule {
  /** Values of the source column (normalised upper case) meaning officer-initiated; a value may end in * for a prefix. */
  officer?: string[];
  /** Values meaning citizen-initiated; when omitted, any other non-empty value is citizen-initiated. */
  citizen?: string[];
  /** A regular expression on the call-type text that marks officer-initiated calls (e.g. ONVIEW). */
  officerCallTypePattern?: string;
}

export interface Preset extends MappingSpec {
  name: string;
  /** Where the layout comes from, shown by `inspect` and in docs/presets.md. */
  description: string;
  /** Headers that must all be present for the preset to be chosen automatically. */
  requiredHeaders: string[];
}
