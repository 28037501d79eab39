/**
 * The estimate's parameters: default, unit and source of each. Sources were checked
 * when written; docs/methodology.md gives the derivations and full citations. Change a
 * default here and there together.
 */
export type ParameterKind =
  | { type: 'number'; min: number; max?: number; integer?: boolean; exclusiveMin?: boolean; exclusiveMax?: boolean }
  | { type: 'enum'; values: string[] }
  | { type: 'list' }
  | { type: 'counts' }
  | { type: 'service-hours' };

export interface ParameterDefinition {
  default: number | string | string[] | number[] | null;
  unit: string;
  kind: ParameterKind;
  nullable: boolean;
  description: string;
  source: string;
}

const money = { type: 'number', min: 0 } as const;
const share = { type: 'number', min: 0, max: 1 } as const;

/** ECEC, December 2024, state and local government workers: total compensation ÷ wages and salaries. */
const LOADING = 63.46 / 39.22;
const PATROL_MEAN_WAGE = 37.93;

export const DEFINITIONS = {
  costPerCall: {
    default: 800,
    unit: 'USD per police call',
    kind: money,
    nullable: false,
    description: 'average cost of one police response to a call (used when costModel is per-call)',
    source:
      "Eugene (OR) Police Department's estimate, as cited in the National League of Cities' Reimagining Public Safety materials on CAHOOTS; an average, not a marginal, cost (docs/methodology.md: primary EPD document not located by this project)",
  },
  costPerOfficerHour: {
    default: Math.round(PATROL_MEAN_WAGE * LOADING * 100) / 100,
    unit: 'USD per officer-hour',
    kind: money,
    nullable: false,
    description: 'employer cost of one officer-hour: wages and benefits (used when costModel is per-hour, and for whole positions under the budget counterfactual)',
    source:
      "BLS OEWS mean hourly wage of police and sheriff's patrol officers (SOC 33-3051), $37.93, × 1.618 = employer compensation ÷ wages for state and local government workers (BLS Employer Costs for Employee Compensation, Dec 2024: $63.46 ÷ $39.22); excludes vehicles, supervision and overhead",
  },
  altCostPerCall: {
    default: 87.5,
    unit: 'USD per alternative-response call',
    kind: money,
    nullable: false,
    description: 'cost of one call answered by the alternative responder',
    source: "CAHOOTS: program budget about $2.1 million a year ÷ about 24,000 calls (2019) = $87.50 (White Bird Clinic, 'What is CAHOOTS?', whitebirdclinic.org)",
  },
  costModel: {
    default: 'per-call',
    unit: 'choice',
    kind: { type: 'enum', values: ['per-hour', 'per-call'] },
    nullable: false,
    description: 'per-call: calls no longer sent to police × costPerCall; per-hour: officer hours freed × costPerOfficerHour (both are always reported)',
    source: "choice: per-call with Eugene PD's $800 is the published benchmark; per-hour values the officer time measured in this export at wages and benefits only, so it is much lower (docs/methodology.md)",
  },
  marginalCostShare: {
    default: 0.618,
    unit: 'share of average cost',
    kind: share,
    nullable: false,
    description: "share of the average cost counted under the 'marginal' cost basis",
    source:
      'wages are 61.8% of employer compensation for state and local government workers (BLS ECEC, Dec 2024): the marginal basis counts wages only, as Eugene PD\'s $2.2M-a-year figure counted officer wages',
  },
  hoursPerPosition: {
    default: 2080,
    unit: 'paid hours per officer position per year',
    kind: { type: 'number', min: 1, max: 8784 },
    nullable: false,
    description: "paid hours one position covers in a year; the 'budget' counterfactual counts only whole positions",
    source: 'full-time year of 40 h × 52 weeks, the basis on which BLS OEWS converts hourly to annual wages',
  },
  officerTimeBasis: {
    default: 'dispatch',
    unit: 'choice',
    kind: { type: 'enum', values: ['dispatch', 'arrive'] },
    nullable: false,
    description: 'officer time per unit from dispatch (or arrival) to clear, summed over responding units',
    source: "CPSM/ICMA workload definition: all units' time from dispatch to clear (a call with three officers, two for 1 h and one for 30 min, is 2.5 officer-hours)",
  },
  officerTimeCapMinutes: {
    default: 480,
    unit: 'minutes per unit',
    kind: { type: 'number', min: 1, exclusiveMin: true },
    nullable: false,
    description: 'longest plausible time one unit spends on one call; longer is imputed',
    source: 'choice: one 8-hour patrol shift; longer unit times are treated as data errors (e.g. calls closed days later) and imputed',
  },
  officerTimeMinSamples: {
    default: 5,
    unit: 'measured units',
    kind: { type: 'number', min: 1, integer: true },
    nullable: false,
    description: "a call type's own median is used for imputation only with at least this many measured units, else its category's, else the overall median",
    source: 'choice: fewer than 5 measurements make a median unstable',
  },
  officerTimeFallbackMinutes: {
    default: null,
    unit: 'minutes per unit',
    kind: { type: 'number', min: 0, exclusiveMin: true },
    nullable: true,
    description: 'minutes per unit assumed when nothing in the export is measurable',
    source: 'none by default: without measurable times, officer hours are reported as not measurable rather than guessed',
  },
  unknownSource: {
    default: 'include',
    unit: 'choice',
    kind: { type: 'enum', values: ['include', 'exclude'] },
    nullable: false,
    description: 'whether calls of unknown source count as citizen-initiated in the funnel',
    source: 'choice: many exports have no source column; officer-initiated calls recognised by call type are already at the excluded level',
  },
  screenPriorities: {
    default: ['0', '1'],
    unit: 'priority values',
    kind: { type: 'list' },
    nullable: false,
    description: 'priorities kept with police by the screen (compared as text, or by the leading number as in "P1" or "1-EMERGENCY")',
    source: 'choice: the most urgent level is 1 in most US CAD exports and 0 in some; calls there stay with police. The Call model has no weapon/violence flags, so the screen is priority-only',
  },
  serviceHours: {
    default: null,
    unit: 'hour-of-week ranges (local time)',
    kind: { type: 'service-hours' },
    nullable: true,
    description: 'hours the alternative responder operates, e.g. "Mon-Sun 07:00-23:00"',
    source: 'not set: all hours',
  },
  serviceBeats: {
    default: null,
    unit: 'beats',
    kind: { type: 'list' },
    nullable: true,
    description: 'beats the alternative responder serves',
    source: 'not set: all beats',
  },
  teamsOnDuty: {
    default: null,
    unit: 'teams per hour',
    kind: { type: 'number', min: 0 },
    nullable: true,
    description: 'alternative-response teams on duty in every service hour; limits the calls they can take',
    source: 'not set: capacity is not limited (the staffing section shows the teams needed)',
  },
  teamHandlingMinutes: {
    default: null,
    unit: 'minutes per call',
    kind: { type: 'number', min: 0, exclusiveMin: true },
    nullable: true,
    description: 'minutes a team spends per call (travel, scene, wrap-up)',
    source: 'not set: the mean minutes one police unit spent on the eligible call types in this export',
  },
  targetAnswerShare: {
    default: 0.9,
    unit: 'share of calls',
    // Below 1: an Erlang-C queue never answers every call within a finite wait, however many teams.
    kind: { type: 'number', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
    nullable: false,
    description: 'staffing target: share of eligible calls a team reaches within the target wait',
    source: 'choice (90% within 15 minutes); set your program\'s own service target',
  },
  targetWaitMinutes: {
    default: 15,
    unit: 'minutes',
    kind: { type: 'number', min: 0 },
    nullable: false,
    description: 'staffing target: longest acceptable wait for a free team',
    source: 'choice (90% within 15 minutes); set your program\'s own service target',
  },
  officersOnDuty: {
    default: null,
    unit: 'officers on patrol per hour',
    kind: { type: 'counts' },
    nullable: true,
    description: 'patrol officers on duty: one number, 24 by hour of day, or 168 by hour of week',
    source: 'not set: police saturation is not computed',
  },
  patrolHoursPerWeek: {
    default: null,
    unit: 'officer-hours per week',
    kind: { type: 'number', min: 0, exclusiveMin: true },
    nullable: true,
    description: 'total patrol officer-hours available per week (used when officersOnDuty is not set)',
    source: 'not set: police saturation is not computed',
  },
  saturationThreshold: {
    default: 0.6,
    unit: 'share of available officer time',
    kind: share,
    nullable: false,
    description: 'workload above this share of available patrol time is saturated',
    source: "CPSM's \"Rule of 60\": no more than 60% of available patrol time should be committed to calls for service (ICMA Center for Public Safety Management, e.g. its Morgan Hill, CA police operations report)",
  },
  bootstrapResamples: {
    default: 2000,
    unit: 'resamples',
    kind: { type: 'number', min: 100, max: 100_000, integer: true },
    nullable: false,
    description: 'bootstrap resamples for the intervals',
    source: 'choice',
  },
  bootstrapSeed: {
    default: 1,
    unit: 'seed',
    kind: { type: 'number', min: 0, max: 2 ** 32 - 1, integer: true },
    nullable: false,
    description: 'random seed of the bootstrap, so output is deterministic',
    source: 'choice',
  },
  intervalLevel: {
    default: 0.95,
    unit: 'confidence level',
    kind: { type: 'number', min: 0.5, max: 0.999 },
    nullable: false,
    description: 'coverage of the bootstrap intervals',
    source: 'choice',
  },
  minResampleUnits: {
    default: 8,
    unit: 'weeks (or months)',
    kind: { type: 'number', min: 2, integer: true },
    nullable: false,
    description: 'fewest weeks (else months) needed to compute intervals',
    source: 'choice: fewer periods give intervals too unstable to print',
  },
} satisfies Record<string, ParameterDefinition>;
