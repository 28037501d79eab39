/**
 * Lookup tables the generator's hot loop reads: cumulative weights per (month, hour of week)
 * for the call-type draw, and per profile for source, outcome, units and beat. Built once
 * per run from calltypes.ts and profiles.ts.
 */
import { CALL_TYPES, DOWNTOWN_TYPES } from './calltypes.js';
import { INTAKE_ALTERNATIVES } from './intake.js';
import type { CallType } from './calltypes.js';
import {
  BEAT_WEIGHTS,
  BEATS,
  DISPOSITION_MIX,
  DISPOSITION_SCENE_FACTOR,
  DOWNTOWN_BEATS,
  SOURCE_MIX,
  UNITS_MIX,
  seasonMultipliers,
  timeMultipliers,
} from './profiles.js';
import { cumulative } from './rng.js';

export interface TypeRow {
  type: CallType;
  sourceTable: Float64Array;
  dispositionTable: Float64Array;
  unitsTable: Float64Array;
  beatTable: Float64Array;
  intake: number[];
  intakeProbability: number;
  /**
   * Median time on scene before the outcome's factor, seconds: the type's median divided by
   * the geometric mean of its outcomes' factors, so `sceneMinutes` stays the type's median.
   */
  sceneSeconds: number;
  /** Always officer-initiated (no intake, no queue). */
  alwaysSelf: boolean;
}

export interface Tables {
  types: TypeRow[];
  /** 12 × 168 cumulative tables of length types.length, month-major. */
  typeDraw: Float64Array;
}

const cache = new Map<string, Float64Array>();
function cumulativeOf(key: string, weights: readonly number[]): Float64Array {
  let t = cache.get(key);
  if (!t) cache.set(key, (t = cumulative(weights)));
  return t;
}

let built: Tables | undefined;

export function buildTables(): Tables {
  if (built) return built;
  const generalBeats = cumulative(BEAT_WEIGHTS);
  const downtownBeats = cumulative(BEAT_WEIGHTS.map((w, i) => (DOWNTOWN_BEATS.includes(BEATS[i]) ? w * 5 : w)));
  const types: TypeRow[] = CALL_TYPES.map((type, i) => {
    return {
      type,
      sourceTable: cumulativeOf('s' + type.source, SOURCE_MIX[type.source]),
      dispositionTable: cumulativeOf('d' + type.disposition, DISPOSITION_MIX[type.disposition]),
      unitsTable: cumulativeOf('u' + type.units, UNITS_MIX[type.units]),
      beatTable: DOWNTOWN_TYPES.includes(type.code) ? downtownBeats : generalBeats,
      intake: INTAKE_ALTERNATIVES[i].alternatives,
      sceneSeconds: (type.sceneMinutes * 60) / outcomeScale(DISPOSITION_MIX[type.disposition]),
      intakeProbability: INTAKE_ALTERNATIVES[i].probability,
      alwaysSelf: type.selfInitiated >= 1,
    };
  });

  const n = types.length;
  const timeOf = new Map<string, Float64Array>();
  const seasonOf = new Map<string, Float64Array>();
  for (const { type } of types) {
    if (!timeOf.has(type.time)) timeOf.set(type.time, timeMultipliers(type.time));
    if (!seasonOf.has(type.season)) seasonOf.set(type.season, seasonMultipliers(type.season));
  }
  const typeDraw = new Float64Array(12 * 168 * n);
  for (let m = 0; m < 12; m++)
    for (let h = 0; h < 168; h++) {
      const base = (m * 168 + h) * n;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const t = types[i].type;
        sum += t.weight * timeOf.get(t.time)![h] * seasonOf.get(t.season)![m];
        typeDraw[base + i] = sum;
      }
    }
  built = { types, typeDraw };
  return built;
}

function outcomeScale(mix: readonly number[]): number {
  let total = 0;
  let logSum = 0;
  for (let d = 0; d < mix.length; d++) {
    total += mix[d];
    logSum += mix[d] * Math.log(DISPOSITION_SCENE_FACTOR[d]);
  }
  return Math.exp(logSum / total);
}

/** Share of each type over a whole year of calls, as configured (for docs and tests). */
export function configuredShares(): Map<string, number> {
  const total = CALL_TYPES.reduce((s, t) => s + t.weight, 0);
  return new Map(CALL_TYPES.map((t) => [t.code, t.weight / total]));
}

