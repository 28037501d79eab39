import type { Analysis } from '../aggregate/analysis.js';
import { DEFINITIONS } from './parameter-defaults.js';
import type { Origin, Parameter, Parameters } from './parameters.js';

export type OfficerTimeName = 'officerTimeBasis' | 'officerTimeCapMinutes' | 'officerTimeMinSamples' | 'officerTimeFallbackMinutes';

/** Who set each officer-time value of an analysis, as the analysis itself records it. */
export type OfficerTimeOrigins = Partial<Record<OfficerTimeName, Origin>>;

const NAMES: OfficerTimeName[] = ['officerTimeBasis', 'officerTimeCapMinutes', 'officerTimeMinSamples', 'officerTimeFallbackMinutes'];
/** The settings (docs/config.md) a classify run records for officer time; minSamples has none. */
const SETTING: Partial<Record<OfficerTimeName, string>> = { officerTimeBasis: 'timeBasis', officerTimeCapMinutes: 'capMinutes', officerTimeFallbackMinutes: 'fallbackMinutes' };
const ORIGINS: readonly string[] = ['default', 'config', 'env', 'flag'] satisfies Origin[];

function recordedValues(analysis: Analysis): Record<OfficerTimeName, string | number | null> {
  const ot = analysis.officerTime;
  return { officerTimeBasis: ot.basis, officerTimeCapMinutes: ot.capMinutes, officerTimeMinSamples: ot.minSamples, officerTimeFallbackMinutes: ot.fallbackMinutesPerUnit };
}

type Recorded = Record<string, { value?: unknown; origin?: unknown } | undefined> | undefined;

/**
 * Who set the officer time an analysis was measured with, from the analysis as it was
 * saved: its `parameters` (written by estimate and report), else its `settings` (written
 * by classify; pass `settings: false` when they are this run's, not the saved analysis's).
 * A name is left out when the analysis does not say (merged analyses and the library
 * record no settings), or when the record does not match the officer time used.
 */
export function recordedOfficerTimeOrigins(analysis: Analysis, options: { settings?: boolean } = {}): OfficerTimeOrigins {
  const values = recordedValues(analysis);
  const parameters = analysis.parameters as Recorded;
  const settings = options.settings === false ? undefined : (analysis.settings as Recorded);
  const out: OfficerTimeOrigins = {};
  for (const name of NAMES) {
    const p = parameters?.[name];
    const s = SETTING[name] ? settings?.[SETTING[name]] : undefined;
    if (p && ORIGINS.includes(p.origin as string) && p.value === values[name]) out[name] = p.origin as Origin;
    // A setting left at its default says nothing: the library may have measured with other values.
    else if (s && ORIGINS.includes(s.origin as string) && s.origin !== 'default' && s.value === values[name]) out[name] = s.origin as Origin;
  }
  return out;
}

/**
 * Officer time was measured when the Analysis was made, so its parameters print with the
 * values recorded there. An override that differs from the recorded value cannot be
 * applied without the export: it is reported (in `notes`) rather than silently ignored.
 * A value this run did not set to the one used keeps the origin the analysis recorded for
 * it (`recorded`, by default from its `parameters`), as every other parameter of a saved
 * analysis keeps its own; only an analysis that records none falls back to `config`.
 */
export function officerTimeParameters(
  analysis: Analysis,
  resolved: Parameters,
  notes: string[],
  recorded: OfficerTimeOrigins = recordedOfficerTimeOrigins(analysis, { settings: false }),
): Pick<Parameters, OfficerTimeName> {
  const values = recordedValues(analysis);
  const out = {} as Record<OfficerTimeName, Parameter>;
  for (const name of NAMES) {
    const given = resolved[name] as Parameter;
    const value = values[name];
    const entry: Parameter = { ...given, value };
    out[name] = entry;
    if (given.origin !== 'default' && given.value === value) continue; // this run set the value used
    if (given.origin !== 'default') {
      notes.push(`${name}=${String(given.value)} was not applied: officer time was measured when the analysis was made (${name}=${String(value)}); run estimate on the export itself to change it`);
    }
    const isDefault = value === DEFINITIONS[name].default;
    let origin = recorded[name];
    if (origin === 'default' && !isDefault) origin = undefined;
    if (origin === undefined && name === 'officerTimeBasis' && value === 'arrive' && analysis.warnings.some((w) => /no dispatch time/.test(w))) {
      // Nobody chose it: the export left no other basis.
      entry.origin = 'default';
      entry.source = 'the export has no dispatch time, so officer time runs from arrival to clear (time on scene)';
      continue;
    }
    entry.origin = origin ?? (isDefault ? 'default' : 'config');
    if (entry.origin !== 'default') entry.source = `as recorded in the analysis (${given.source})`;
  }
  return out as unknown as Pick<Parameters, OfficerTimeName>;
}
