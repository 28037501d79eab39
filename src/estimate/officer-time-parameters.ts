import type { Analysis } from '../aggregate/analysis.js';
import { DEFINITIONS } from './parameter-defaults.js';
import type { Parameter, Parameters } from './parameters.js';

type OfficerTimeName = 'officerTimeBasis' | 'officerTimeCapMinutes' | 'officerTimeMinSamples' | 'officerTimeFallbackMinutes';

/**
 * Officer time was measured when the Analysis was made, so its parameters print with the
 * values recorded there. An override that differs from the recorded value cannot be
 * applied without the export: it is reported (in `notes`) rather than silently ignored.
 */
export function officerTimeParameters(analysis: Analysis, resolved: Parameters, notes: string[]): Pick<Parameters, OfficerTimeName> {
  const ot = analysis.officerTime;
  const recorded: Record<OfficerTimeName, string | number | null> = {
    officerTimeBasis: ot.basis,
    officerTimeCapMinutes: ot.capMinutes,
    officerTimeMinSamples: ot.minSamples,
    officerTimeFallbackMinutes: ot.fallbackMinutesPerUnit,
  };
  const out = {} as Record<OfficerTimeName, Parameter>;
  for (const name of Object.keys(recorded) as OfficerTimeName[]) {
    const given = resolved[name] as Parameter;
    const value = recorded[name];
    const entry: Parameter = { ...given, value };
    if (given.origin !== 'default' && given.value !== value) {
      notes.push(`${name}=${String(given.value)} was not applied: officer time was measured when the analysis was made (${name}=${String(value)}); run estimate on the export itself to change it`);
      entry.origin = value === DEFINITIONS[name].default ? 'default' : 'config';
    } else if (given.origin === 'default' && value !== DEFINITIONS[name].default) {
      if (name === 'officerTimeBasis' && value === 'arrive' && analysis.warnings.some((w) => /no dispatch time/.test(w))) {
        // Nobody chose it: the export left no other basis.
        entry.source = 'the export has no dispatch time, so officer time runs from arrival to clear (time on scene)';
      } else {
        entry.origin = 'config';
        entry.source = `as recorded in the analysis (${given.source})`;
      }
    }
    out[name] = entry;
  }
  return out as unknown as Pick<Parameters, OfficerTimeName>;
}
