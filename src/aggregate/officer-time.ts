import type { Call } from '../ingest/call.js';

/**
 * Which interval counts as officer time: from dispatch to clear (CPSM/ICMA's workload
 * definition, the default) or from arrival to clear (time on scene).
 */
export type TimeBasis = 'dispatch' | 'arrive';

/** Why a call's officer time could not be measured and was imputed. Stable JSON keys. */
export const IMPUTE_REASONS = ['missing time', 'negative', 'zero length', 'over cap'] as const;
export type ImputeReason = (typeof IMPUTE_REASONS)[number];

export interface OfficerTimeOptions {
  basis: TimeBasis;
  /** Longest plausible time one unit spends on one call, minutes; longer is imputed. */
  capMinutes: number;
}

/** Officer time of one call: measured unit-minutes, and the units whose time must be imputed. */
export interface OfficerTimeResult {
  /** Sum over measured units of their minutes on the call. */
  measuredMinutes: number;
  /** Units whose time was measured, with each unit's minutes (for the duration histogram). */
  measuredUnits: number;
  /** Units whose time could not be measured. */
  imputedUnits: number;
  /** The reason for the first unmeasured unit, or null when all were measured. */
  reason: ImputeReason | null;
}

const MINUTE = 60_000;

function unitMinutes(start: number, end: number, capMinutes: number): number | ImputeReason {
  if (Number.isNaN(start) || Number.isNaN(end)) return 'missing time';
  const minutes = (end - start) / MINUTE;
  if (minutes < 0) return 'negative';
  if (minutes === 0) return 'zero length';
  if (minutes > capMinutes) return 'over cap';
  return minutes;
}

/**
 * Officer time per call = Σ over responding units of (clear − start), start being dispatch
 * or arrival per the basis. With call-level times only, the call's duration counts once
 * per unit (duration × units). `perUnit` receives each measured unit's minutes.
 */
export function officerTime(
  call: Call,
  options: OfficerTimeOptions,
  perUnit: (minutes: number) => void,
  // Hot path: the accumulator passes one result object to refill for every call.
  result: OfficerTimeResult = { measuredMinutes: 0, measuredUnits: 0, imputedUnits: 0, reason: null },
): OfficerTimeResult {
  result.measuredMinutes = 0;
  result.measuredUnits = 0;
  result.imputedUnits = 0;
  result.reason = null;
  const startOf = (t: { dispatched: number; arrived: number }) => (options.basis === 'dispatch' ? t.dispatched : t.arrived);
  if (call.unitTimes && call.unitTimes.length > 1) {
    for (const unit of call.unitTimes) {
      const m = unitMinutes(startOf(unit), unit.cleared, options.capMinutes);
      if (typeof m === 'number') {
        result.measuredMinutes += m;
        result.measuredUnits++;
        perUnit(m);
      } else {
        result.imputedUnits++;
        result.reason ??= m;
      }
    }
    return result;
  }
  const m = unitMinutes(startOf(call), call.cleared, options.capMinutes);
  if (typeof m === 'number') {
    result.measuredMinutes = m * call.units;
    result.measuredUnits = call.units;
    for (let i = 0; i < call.units; i++) perUnit(m);
  } else {
    result.imputedUnits = call.units;
    result.reason = m;
  }
  return result;
}
