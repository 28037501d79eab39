import { usageError } from '../errors.js';
import { parseServiceHours } from './service-hours.js';
import { resolveScenarios, type ScenarioSpec } from './scenarios.js';
import { DEFINITIONS, type ParameterDefinition, type ParameterKind } from './parameter-defaults.js';

/**
 * Every number the estimate uses, in one object: value, unit, where the default comes
 * from, and who set it. Defaults and their sources live in parameter-defaults.ts
 * (docs/methodology.md explains each); this file validates overrides.
 */
/** Who set a value: the default, a config file, an environment variable (CSS_ANALYZE_PARAM_*) or a flag. */
export type Origin = 'default' | 'config' | 'env' | 'flag';

export interface Parameter<T = ParameterValue> {
  value: T;
  unit: string;
  source: string;
  origin: Origin;
  description: string;
}

export type ParameterValue = number | string | string[] | number[] | null;

export interface ParameterValues {
  costPerCall: number;
  costPerOfficerHour: number;
  altCostPerCall: number;
  costModel: 'per-hour' | 'per-call';
  marginalCostShare: number;
  hoursPerPosition: number;
  officerTimeBasis: 'dispatch' | 'arrive';
  officerTimeCapMinutes: number;
  officerTimeMinSamples: number;
  officerTimeFallbackMinutes: number | null;
  unknownSource: 'include' | 'exclude';
  screenPriorities: string[];
  serviceHours: string | null;
  serviceBeats: string[] | null;
  teamsOnDuty: number | null;
  teamHandlingMinutes: number | null;
  targetAnswerShare: number;
  targetWaitMinutes: number;
  officersOnDuty: number[] | null;
  patrolHoursPerWeek: number | null;
  saturationThreshold: number;
  bootstrapResamples: number;
  bootstrapSeed: number;
  intervalLevel: number;
  minResampleUnits: number;
}

export type ParameterName = keyof ParameterValues;

export type Parameters = { [K in ParameterName]: Parameter<ParameterValues[K]> };

export interface ResolvedParameters {
  parameters: Parameters;
  /** Named scenarios (low, central, high) with user overrides, then user-defined ones. */
  scenarios: ScenarioSpec[];
}

export const PARAMETER_NAMES = Object.keys(DEFINITIONS) as ParameterName[];

/** Plain values of resolved parameters, for arithmetic. */
export function valuesOf(p: Parameters): ParameterValues {
  return Object.fromEntries(PARAMETER_NAMES.map((n) => [n, p[n].value])) as unknown as ParameterValues;
}

function kebabToCamel(s: string): string {
  return s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The canonical name for a user-supplied one (camelCase or kebab-case), or a usage error. */
export function parameterName(raw: string): ParameterName | 'scenarios' {
  const name = kebabToCamel(raw.trim());
  if (name === 'scenarios') return name;
  if ((PARAMETER_NAMES as string[]).includes(name)) return name as ParameterName;
  const lower = name.toLowerCase();
  const best = [...PARAMETER_NAMES].sort((x, y) => editDistance(lower, x.toLowerCase()) - editDistance(lower, y.toLowerCase()) || (x < y ? -1 : 1))[0];
  const hint = editDistance(lower, best.toLowerCase()) <= 4 ? `did you mean ${best}? ` : '';
  throw usageError(`unknown parameter "${raw}"`, `${hint}Parameters: ${PARAMETER_NAMES.join(', ')} (docs/methodology.md)`);
}

const NULL_WORDS = new Set(['', 'none', 'null', 'off']);

function fail(name: string, def: ParameterDefinition, raw: unknown): never {
  const shown = typeof raw === 'string' ? raw : JSON.stringify(raw);
  throw usageError(`parameter ${name} must be ${describeKind(def.kind, def.nullable)}, got "${shown}"`, `Set it with --param ${name}=<value> (docs/methodology.md)`);
}

function describeKind(k: ParameterKind, nullable: boolean): string {
  const none = nullable ? ' (or "none")' : '';
  switch (k.type) {
    case 'number': {
      const lower = `${k.exclusiveMin ? '>' : '≥'} ${k.min}`;
      const range =
        k.max === undefined ? lower : k.exclusiveMin || k.exclusiveMax ? `${lower} and ${k.exclusiveMax ? '<' : '≤'} ${k.max}` : `between ${k.min} and ${k.max}`;
      return `${k.integer ? 'a whole number' : 'a number'} ${range}${none}`;
    }
    case 'enum':
      return `one of ${k.values.join(', ')}${none}`;
    case 'list':
      return `a comma-separated list${none}`;
    case 'counts':
      return `one number, or 24 (one per hour of day) or 168 (one per hour of week, Sunday 00:00 first) comma-separated numbers ≥ 0${none}`;
    case 'service-hours':
      return `hour-of-week ranges such as "Mon-Fri 07:00-19:00; Sat-Sun 10:00-18:00"${none}`;
  }
}

function toNumber(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && raw.trim() !== '') return Number(raw.trim().replace(/^\$/, '').replace(/,/g, ''));
  return NaN;
}

/** Parses and checks one value; strings (from flags, environment or --param) are converted. */
export function parseParameter(name: ParameterName, raw: unknown): ParameterValue {
  const def: ParameterDefinition = DEFINITIONS[name];
  if (raw === null || (typeof raw === 'string' && NULL_WORDS.has(raw.trim().toLowerCase()))) {
    if (def.nullable) return null;
    fail(name, def, raw);
  }
  const k: ParameterKind = def.kind;
  switch (k.type) {
    case 'number': {
      const n = toNumber(raw);
      if (!Number.isFinite(n) || n < k.min || (k.max !== undefined && n > k.max) || (k.integer && !Number.isInteger(n)) || (k.exclusiveMin && n === k.min) || (k.exclusiveMax && n === k.max)) fail(name, def, raw);
      return n;
    }
    case 'enum': {
      const v = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
      if (typeof v !== 'string' || !k.values.includes(v)) fail(name, def, raw);
      return v;
    }
    case 'list': {
      const items = Array.isArray(raw) ? raw.map((x) => String(x).trim()) : typeof raw === 'string' || typeof raw === 'number' ? String(raw).split(',').map((x) => x.trim()) : null;
      if (!items || items.some((x) => x === '')) fail(name, def, raw);
      return items;
    }
    case 'counts': {
      const items = Array.isArray(raw) ? raw.map(toNumber) : typeof raw === 'string' ? raw.split(',').map(toNumber) : typeof raw === 'number' ? [raw] : [];
      if (![1, 24, 168].includes(items.length) || items.some((x) => !Number.isFinite(x) || x < 0)) fail(name, def, raw);
      return items;
    }
    case 'service-hours': {
      if (typeof raw !== 'string') fail(name, def, raw);
      parseServiceHours(raw, name);
      return raw.trim();
    }
  }
}

/**
 * The source of a value the user set: theirs, with the default it replaced and that
 * default's source kept beside it, so a report never cites a study for a number the
 * study did not give.
 */
function overriddenSource(d: ParameterDefinition): string {
  if (d.default === null) return 'set by the user';
  const shown = Array.isArray(d.default) ? d.default.join(', ') : String(d.default);
  return `set by the user; replaces the default ${shown} (${d.source})`;
}

/**
 * Resolves the parameters: defaults, overridden by `overrides` (`{ name: value }`, names in
 * camelCase or kebab-case, values typed or as strings). `origin` says who set the
 * overrides — one origin for all, or one per name — so a config layer can merge
 * config < environment < flags and pass the origin of each. Throws a usage error naming
 * the parameter for unknown names and out-of-range values. The special key `scenarios`
 * takes a list of scenario objects (see scenarios.ts).
 */
export function resolveParameters(overrides: Record<string, unknown> = {}, origin: Origin | Record<string, Origin> = 'flag'): ResolvedParameters {
  const parameters = Object.fromEntries(
    PARAMETER_NAMES.map((n) => {
      const d: ParameterDefinition = DEFINITIONS[n];
      return [n, { value: d.default, unit: d.unit, source: d.source, origin: 'default' as Origin, description: d.description }];
    }),
  ) as unknown as Parameters;
  let scenarioOverrides: unknown = undefined;
  for (const [raw, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const name = parameterName(raw);
    if (name === 'scenarios') {
      scenarioOverrides = value;
      continue;
    }
    const p = parameters[name] as Parameter;
    p.value = parseParameter(name, value);
    p.origin = typeof origin === 'string' ? origin : (origin[raw] ?? origin[name] ?? 'config');
    p.source = overriddenSource(DEFINITIONS[name]);
  }
  return { parameters, scenarios: resolveScenarios(scenarioOverrides) };
}
