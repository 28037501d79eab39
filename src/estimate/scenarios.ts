import { usageError } from '../errors.js';
import type { ParameterValues } from './parameters.js';

/**
 * Named scenarios: how many eligible calls actually leave police, and how the freed time
 * is valued. Each default cites its source (docs/methodology.md, "Scenarios").
 */
export type Counterfactual = 'freed-hours' | 'budget';
export type CostBasis = 'average' | 'marginal';

export interface ScenarioSpec {
  name: string;
  label: string;
  /** Share of eligible community-level calls (after the funnel's screens) that go to the alternative responder. */
  communityShare: number;
  /** Share of eligible civilian-level calls handled by non-sworn staff or reporting. */
  civilianShare: number;
  /** Share of co-response-level calls that get a clinician beside police: adds cost, frees no officer time. */
  coResponseShare: number;
  /** Share of diverted calls to which police are still sent (backup): their officer time is not freed. */
  backupRate: number;
  counterfactual: Counterfactual;
  costBasis: CostBasis;
  /** Field → where its value comes from. */
  sources: Partial<Record<ScenarioField, string>>;
}

export const SCENARIO_FIELDS = ['communityShare', 'civilianShare', 'coResponseShare', 'backupRate', 'counterfactual', 'costBasis'] as const;
export type ScenarioField = (typeof SCENARIO_FIELDS)[number];

const EUGENE = "Eugene: CAHOOTS answered ~15% of public-initiated calls (16,479 of 109,855, 2021) but diverted 3–8% of calls police would otherwise have taken (NLC, Reimagining Public Safety Impact Updates: Eugene, OR)";
const CIVILIAN = 'assumption: no published diversion rate for report-taking or civilian responders was found; set your own';
const CO_RESPONSE = 'co-response keeps police on the call, so it frees no officer time; a share above 0 only adds the clinician cost';
const AVERAGE = 'average cost: full wages and benefits per hour (or the full cost per call)';

export const NAMED_SCENARIOS: readonly ScenarioSpec[] = [
  {
    name: 'low',
    label: 'Cautious',
    communityShare: 0.2,
    civilianShare: 0.25,
    coResponseShare: 0,
    backupRate: 0.02,
    counterfactual: 'freed-hours',
    costBasis: 'marginal',
    sources: {
      communityShare: `${EUGENE}: 3% ÷ 15% = 0.20`,
      civilianShare: CIVILIAN,
      coResponseShare: CO_RESPONSE,
      backupRate: "assumption: twice CAHOOTS' reported ~1%, for a new program",
      costBasis: "marginal: wages only, as Eugene PD's $2.2M-a-year estimate counted officer wages",
    },
  },
  {
    name: 'central',
    label: 'Central',
    communityShare: 0.35,
    civilianShare: 0.5,
    coResponseShare: 0,
    backupRate: 0.01,
    counterfactual: 'freed-hours',
    costBasis: 'average',
    sources: {
      communityShare: `${EUGENE}: midpoint 5.5% ÷ 15% ≈ 0.37, rounded down`,
      civilianShare: CIVILIAN,
      coResponseShare: CO_RESPONSE,
      backupRate: 'CAHOOTS reported police backup on about 1% of its calls (White Bird Clinic, 2019: 150 of ~24,000)',
      costBasis: AVERAGE,
    },
  },
  {
    name: 'high',
    label: 'Bold',
    communityShare: 0.6,
    civilianShare: 0.75,
    coResponseShare: 0,
    backupRate: 0.00625,
    counterfactual: 'freed-hours',
    costBasis: 'average',
    sources: {
      communityShare: "Albuquerque Community Safety, August 2022: ~1,200 of the ~2,000 calls it answered were diverted from police = 0.60 (Albuquerque Journal, 2022); Eugene's upper bound 8% ÷ 15% ≈ 0.53",
      civilianShare: CIVILIAN,
      coResponseShare: CO_RESPONSE,
      backupRate: 'CAHOOTS 2019: police backup requested 150 times in ~24,000 calls = 0.625% (White Bird Clinic, "What is CAHOOTS?")',
      costBasis: AVERAGE,
    },
  },
];

const SHARE_FIELDS: ScenarioField[] = ['communityShare', 'civilianShare', 'coResponseShare', 'backupRate'];
const ALIASES: Record<string, ScenarioField | 'name' | 'label'> = {
  community: 'communityShare',
  civilian: 'civilianShare',
  'co-response': 'coResponseShare',
  coresponse: 'coResponseShare',
  backup: 'backupRate',
};

function fieldName(raw: string, scenario: string): ScenarioField | 'name' | 'label' {
  const k = raw.trim().replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const f = ALIASES[raw.trim().toLowerCase()] ?? k;
  if ((SCENARIO_FIELDS as readonly string[]).includes(f) || f === 'name' || f === 'label') return f as ScenarioField | 'name' | 'label';
  throw usageError(`scenario "${scenario}": unknown field "${raw}"`, `Fields: ${SCENARIO_FIELDS.join(', ')} (or community, civilian, co-response, backup)`);
}

function setField(spec: ScenarioSpec, field: ScenarioField | 'label', raw: unknown): void {
  if (field === 'label') {
    spec.label = String(raw);
    return;
  }
  if (SHARE_FIELDS.includes(field)) {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!(n >= 0 && n <= 1)) throw usageError(`scenario "${spec.name}": ${field} must be a share between 0 and 1, got "${String(raw)}"`, 'e.g. community=0.35');
    (spec as unknown as Record<string, number>)[field] = n;
  } else if (field === 'counterfactual') {
    if (raw !== 'freed-hours' && raw !== 'budget') throw usageError(`scenario "${spec.name}": counterfactual must be freed-hours or budget, got "${String(raw)}"`);
    spec.counterfactual = raw;
  } else {
    if (raw !== 'average' && raw !== 'marginal') throw usageError(`scenario "${spec.name}": costBasis must be average or marginal, got "${String(raw)}"`);
    spec.costBasis = raw;
  }
  spec.sources[field as ScenarioField] = 'set by the user';
}

/**
 * The scenarios to compute: low, central and high, then user-defined ones. Each override
 * object names a scenario; a known name changes that scenario's fields, a new name adds a
 * scenario whose unspecified fields are the central scenario's.
 */
export function resolveScenarios(overrides: unknown): ScenarioSpec[] {
  const list = NAMED_SCENARIOS.map((s) => ({ ...s, sources: { ...s.sources } }));
  if (overrides === undefined || overrides === null) return list;
  if (!Array.isArray(overrides)) throw usageError('parameter scenarios must be a list of objects such as [{"name": "pilot", "communityShare": 0.1}]');
  for (const o of overrides) {
    if (!o || typeof o !== 'object' || typeof (o as { name?: unknown }).name !== 'string' || !(o as { name: string }).name.trim()) {
      throw usageError(`each scenario needs a name, got ${JSON.stringify(o)}`);
    }
    const name = (o as { name: string }).name.trim();
    let spec = list.find((s) => s.name === name);
    if (!spec) {
      const central = list.find((s) => s.name === 'central')!;
      spec = { ...central, name, label: name, sources: Object.fromEntries(Object.entries(central.sources).map(([k, v]) => [k, `as central: ${v}`])) };
      list.push(spec);
    }
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      const f = fieldName(k, name);
      if (f !== 'name') setField(spec, f, v);
    }
  }
  return list;
}

/** Reads `--scenario "pilot:community=0.1,backup=0.02,counterfactual=budget"` into an override object. */
export function parseScenarioFlag(text: string): Record<string, string> {
  const m = /^\s*([^:=,]+?)\s*:(.*)$/.exec(text);
  if (!m || !m[2].trim()) {
    throw usageError(`--scenario needs name:field=value,… , got "${text}"`, 'e.g. --scenario "pilot:community=0.1,backup=0.02"; low, central and high are always computed');
  }
  // No prototype: a field named __proto__ must reach the unknown-field check, not be swallowed.
  const out: Record<string, string> = Object.assign(Object.create(null), { name: m[1] });
  for (const pair of m[2].split(',')) {
    const [k, ...rest] = pair.split('=');
    if (!k.trim() || !rest.length) throw usageError(`--scenario "${text}": "${pair.trim()}" is not field=value`);
    out[k.trim()] = rest.join('=').trim();
  }
  return out;
}

/** Eligible calls and their officer hours (after the funnel) for one response level. */
export interface LevelLoad {
  calls: number;
  hours: number;
}

export interface EligibleLoad {
  community: LevelLoad;
  civilian: LevelLoad;
  coResponse: LevelLoad;
}

export interface ScenarioFigures {
  /** Calls handled by the alternative responder instead of police (including those where police backed up). */
  callsDiverted: number;
  /** Diverted calls to which police were still sent. */
  policeBackupCalls: number;
  /** Co-response calls with a clinician added (police still attend). */
  coResponseCalls: number;
  officerHoursFreed: number;
  /** Officer positions the freed hours amount to (whole positions under the budget counterfactual). */
  positions: number;
  /** Gross savings under the chosen cost model. */
  grossSavings: number;
  /** Gross savings under each cost model, so reports can show how much the choice matters. */
  grossByModel: { 'per-call': number; 'per-hour': number };
  alternativeCost: number;
  netSavings: number;
}

/**
 * One scenario's figures from eligible calls and hours (already annualised by the caller).
 *   diverted = Σ level calls × level share;  freed hours = Σ level hours × share × (1 − backup)
 *   gross (per-call) = diverted × (1 − backup) × cost per police call × basis factor
 *   gross (per-hour) = freed hours × cost per officer-hour × basis factor
 *   budget counterfactual (either model): ⌊freed hours ÷ hours per position⌋ × hours per position × cost per officer-hour × factor
 *   alternative cost = (diverted + co-response calls) × alternative cost per call;  net = gross − alternative
 * The basis factor is 1 for average cost, marginalCostShare for marginal cost.
 */
export function scenarioFigures(load: EligibleLoad, s: ScenarioSpec, p: ParameterValues, costModel: 'per-hour' | 'per-call'): ScenarioFigures {
  const callsDiverted = load.community.calls * s.communityShare + load.civilian.calls * s.civilianShare;
  const policeBackupCalls = callsDiverted * s.backupRate;
  const officerHoursFreed = (load.community.hours * s.communityShare + load.civilian.hours * s.civilianShare) * (1 - s.backupRate);
  const coResponseCalls = load.coResponse.calls * s.coResponseShare;
  const factor = s.costBasis === 'marginal' ? p.marginalCostShare : 1;
  let positions = officerHoursFreed / p.hoursPerPosition;
  let grossByModel: ScenarioFigures['grossByModel'];
  if (s.counterfactual === 'budget') {
    positions = Math.floor(positions + 1e-9);
    const cash = positions * p.hoursPerPosition * p.costPerOfficerHour * factor;
    grossByModel = { 'per-call': cash, 'per-hour': cash };
  } else {
    grossByModel = {
      'per-call': (callsDiverted - policeBackupCalls) * p.costPerCall * factor,
      'per-hour': officerHoursFreed * p.costPerOfficerHour * factor,
    };
  }
  const grossSavings = grossByModel[costModel];
  const alternativeCost = (callsDiverted + coResponseCalls) * p.altCostPerCall;
  return { callsDiverted, policeBackupCalls, coResponseCalls, officerHoursFreed, positions, grossSavings, grossByModel, alternativeCost, netSavings: grossSavings - alternativeCost };
}
