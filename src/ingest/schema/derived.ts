import { CALL_TIME_FIELDS, type CallTimeField } from '../call.js';
import { inputError } from '../../errors.js';
import type { ColumnName, DerivedTimeSpec, DurationColumns, TimeColumnSpec } from './types.js';
import type { ResolvedColumn, ResolvedTime } from './resolve.js';

/**
 * Times derived from an earlier time plus duration columns (`{"after": "dispatched",
 * "minutes": ["traveltime"]}`): the mapping-file checks and the binding to a header.
 * The row mapper evaluates them (src/ingest/row-mapper.ts).
 */

export const DURATION_UNITS = { minutes: 60_000, seconds: 1_000 } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;
const UNITS = Object.keys(DURATION_UNITS) as DurationUnit[];
const DERIVED_KEYS = new Set<string>(['after', ...UNITS]);
const ORDER = CALL_TIME_FIELDS.join(' → ');

/** One duration column of a derived time, bound to the header. */
export interface ResolvedDuration {
  column: ResolvedColumn;
  /** Milliseconds per unit of the column's values. */
  unitMs: number;
}

export interface ResolvedDerivation {
  after: CallTimeField;
  durations: ResolvedDuration[];
}

export function isDerivedSpec(spec: TimeColumnSpec): spec is DerivedTimeSpec {
  return typeof spec === 'object' && !Array.isArray(spec) && 'after' in spec;
}

function isName(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function isDurationColumns(v: unknown): v is DurationColumns {
  if (isName(v)) return true;
  return Array.isArray(v) && v.length > 0 && v.every((x) => isName(x) || (Array.isArray(x) && x.length > 0 && x.every(isName)));
}

/** Earlier times a field may be derived from. */
function earlier(field: string): readonly string[] {
  const i = CALL_TIME_FIELDS.indexOf(field as CallTimeField);
  return CALL_TIME_FIELDS.slice(0, Math.max(0, i));
}

/**
 * Checks `fields.<field>` of a mapping file when it is a derived time. `mapped` is the
 * file's own fields; when the file `extends` a preset the base may come from the preset,
 * so that check waits for resolveMapping.
 */
export function validateDerivedSpec(
  field: string,
  value: Record<string, unknown>,
  mapped: Record<string, unknown>,
  extendsPreset: boolean,
  fail: (path: string, message: string) => never,
): void {
  const path = `fields.${field}`;
  if (field === 'received') fail(path, 'the received time cannot be derived: it is the earliest time of a call. Map the column that holds it');
  for (const key of Object.keys(value)) {
    if (!DERIVED_KEYS.has(key)) fail(`${path}.${key}`, `unknown key (a derived time has ${[...DERIVED_KEYS].join(', ')})`);
  }
  const after = value.after;
  const bases = earlier(field);
  if (typeof after !== 'string' || !(CALL_TIME_FIELDS as readonly string[]).includes(after)) {
    fail(`${path}.after`, `expected the time it is derived from, one of ${bases.join(', ')}; got ${JSON.stringify(after)}`);
  }
  if (!bases.includes(after as string)) {
    fail(`${path}.after`, `"${after as string}" does not come before ${field}: derive it from an earlier time (${ORDER})`);
  }
  if (UNITS.every((u) => value[u] === undefined)) {
    fail(path, `expected "minutes" or "seconds": the duration columns added to ${after as string}`);
  }
  for (const unit of UNITS) {
    if (value[unit] !== undefined && !isDurationColumns(value[unit])) {
      fail(`${path}.${unit}`, 'expected a column name, or a list of columns to add (each a name or a list of alternative names)');
    }
  }
  if (!extendsPreset && mapped[after as string] === undefined) {
    fail(`${path}.after`, `"${after as string}" is not mapped: map its column too, or derive ${field} from a mapped time`);
  }
}

/**
 * Binds a derived time to the header. Returns undefined (the field unmapped) when a
 * duration column is absent from a preset's file or the base time is not used; mapping
 * files get an error instead, through `find` or here.
 */
export function resolveDerived(
  field: CallTimeField,
  spec: DerivedTimeSpec,
  times: Partial<Record<CallTimeField, ResolvedTime>>,
  baseInSpec: boolean,
  find: (name: ColumnName | undefined, field: string) => ResolvedColumn | undefined,
  strict: boolean,
  mappingFile: string,
  warnings: string[],
): ResolvedTime | undefined {
  const path = `fields.${field}.after`;
  // Rows are evaluated in CALL_TIME_FIELDS order, so a base must come first (presets are checked here too).
  if (!earlier(field).includes(spec.after)) {
    throw inputError(`${path}: "${spec.after}" does not come before ${field}: derive it from an earlier time (${ORDER})`, { file: mappingFile }, 'See docs/mapping.md');
  }
  if (strict && !baseInSpec) {
    throw inputError(`${path}: "${spec.after}" is not mapped: map its column too, or derive ${field} from a mapped time`, { file: mappingFile }, 'See docs/mapping.md');
  }
  const durations: ResolvedDuration[] = [];
  for (const unit of UNITS) {
    const columns = spec[unit];
    if (columns === undefined) continue;
    for (const name of typeof columns === 'string' ? [columns] : columns) {
      const column = find(name, `${field} (${unit})`);
      if (!column) return undefined;
      durations.push({ column, unitMs: DURATION_UNITS[unit] });
    }
  }
  if (!times[spec.after]) {
    if (baseInSpec) warnings.push(`${field} times are not used: they are derived from ${spec.after} times, which are not used`);
    return undefined;
  }
  const units = UNITS.filter((u) => spec[u] !== undefined).join(' + ');
  return {
    columns: durations.map((d) => d.column),
    formats: [`${units} after ${spec.after}`],
    parsers: [],
    // An instant plus elapsed time is an instant: no zone conversion (and no DST shift) applies.
    absolute: true,
    derived: { after: spec.after, durations },
  };
}
