import type { ResponseLevel, ShareAssumption } from '../classify/index.js';
import type { InputBlock } from '../ingest/summary.js';
import type { ImputeReason, TimeBasis } from './officer-time.js';
import type { StoreJson } from './store.js';

/**
 * The Analysis: the one JSON-serialisable object every output is rendered from.
 * Field names and meanings are a contract (docs/analysis-schema.md,
 * docs/analysis.schema.json); bump SCHEMA_VERSION on any incompatible change.
 */
export const SCHEMA_VERSION = 1;

export interface ResponseRow {
  response: ResponseLevel;
  label: string;
  calls: number;
  shareOfCalls: number;
  officerHours: number;
  shareOfHours: number;
  /** Distinct call types whose calls fall in this level. */
  callTypes: number;
  shareOfCallTypes: number;
}

export interface CategoryRow {
  id: string;
  label: string;
  response: ResponseLevel;
  calls: number;
  shareOfCalls: number;
  officerHours: number;
  shareOfHours: number;
  callTypes: number;
  shareOfCallTypes: number;
}

export interface CallTypeRow {
  callType: string;
  callTypeCode: string;
  category: string;
  response: ResponseLevel;
  calls: number;
  officerHours: number;
  /** Median minutes one unit spends on this type (measured calls), null when none measured. */
  medianMinutesPerUnit: number | null;
  /** Calls whose officer time was imputed. */
  imputedCalls: number;
  citizenCalls: number;
  officerInitiatedCalls: number;
}

export interface UnmatchedRow {
  callType: string;
  callTypeCode: string;
  calls: number;
  officerHours: number;
}

export interface SeriesPoint {
  calls: number;
  officerHours: number;
}

export interface OfficerTimeBlock {
  basis: TimeBasis;
  capMinutes: number;
  /** A type's own median is used only with at least this many measured units, else its category's, else the overall median. */
  minSamples: number;
  /** Last-resort minutes per unit when nothing in the export is measurable (null = not set). */
  fallbackMinutesPerUnit: number | null;
  /** False when no call had measurable times and no fallback was given: hours are then 0 and not an estimate. */
  measurable: boolean;
  measuredCalls: number;
  imputedCalls: number;
  /** Calls imputed, by reason. */
  imputed: Record<ImputeReason, number>;
  /** Where imputed medians came from, in calls: type, category, overall, fallback, none. */
  imputedFrom: Record<'type' | 'category' | 'overall' | 'fallback' | 'none', number>;
  measuredHours: number;
  imputedHours: number;
  medianMinutesPerUnit: number | null;
  meanUnitsPerCall: number;
}

export interface InitialVsFinal {
  /** Calls that carried an initial call type. */
  calls: number;
  /** Share of those calls at community or civilian level, on each basis. */
  eligibleShare: { initial: number; final: number };
  byResponse: { response: ResponseLevel; initial: number; final: number }[];
  /** Initial → final response changes, largest first. */
  changes: { initial: ResponseLevel; final: ResponseLevel; calls: number }[];
  categories: { id: string; initial: number }[];
}

export interface Analysis {
  schemaVersion: number;
  tool: { name: string; version: string };
  /** The command that produced it: classify, estimate, report or merge. */
  command: string;
  /** Wall-clock time of the run, only when SOURCE_DATE_EPOCH or --timestamp is given (determinism). */
  generatedAt: string | null;
  /** The command line (without the program path), for reproducibility. */
  commandLine: string[];
  input: InputBlock;
  mapping: Record<string, string | string[]>;
  dateRange: { from: string | null; to: string | null };
  timeZone: string;
  /** Days covered (received dates, inclusive), and distinct weeks and months with calls. */
  coverage: { days: number; weeks: number; months: number };
  taxonomy: {
    name: string;
    version: string;
    layers: { name: string; version: string; file: string }[];
    /** Classification basis of the headline figures. */
    basis: 'final';
    categories: { id: string; label: string; response: ResponseLevel; rationale: string; sources: string[] }[];
    sources: Record<string, { title: string; publisher?: string; year?: number; url?: string }>;
    /** Share rules: stated assumptions that split a call type between two categories. */
    shareRules: ShareAssumption[];
  };
  totals: {
    calls: number;
    officerHours: number;
    callTypes: number;
    /** Share of calls some rule classified (not `unclassified`). */
    classifiedShare: number;
    citizenCalls: number;
    officerInitiatedCalls: number;
    unknownSourceCalls: number;
  };
  responses: ResponseRow[];
  categories: CategoryRow[];
  callTypes: CallTypeRow[];
  unmatched: UnmatchedRow[];
  initialVsFinal: InitialVsFinal | null;
  officerTime: OfficerTimeBlock;
  time: {
    /** Calls by local hour of week (0 = Sunday 00:00) for each response level. */
    hourOfWeek: Record<ResponseLevel, number[]>;
    monthly: ({ month: string } & Record<ResponseLevel, SeriesPoint>)[];
    weekly: ({ week: string } & Record<ResponseLevel, SeriesPoint>)[];
  };
  beats: ({ beat: string; calls: number; officerHours: number; eligibleCalls: number; eligibleHours: number } & Record<ResponseLevel, SeriesPoint>)[];
  warnings: string[];
  /** Sections added by later stages: estimate (parameters, scenarios, funnel, staffing, saturation, estimate), settings, period, comparison, beforeAfter, merge — see docs/analysis-schema.md. */
  [section: string]: unknown;
  /** The mergeable raw state everything above is derived from. Always last. */
  store: StoreJson;
}
