import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runJson } from '../helpers/cli.js';

/**
 * Re-estimating a saved analysis keeps its officer time: the officer-time parameters are
 * labelled with the origin the analysis recorded for them (like every other parameter
 * a saved analysis keeps), not as if this run's config file had set them; this run's
 * setting keeps its own origin only when it asks for the value that was used. And
 * `settings.parameters.<name>` holds the resolved value, not the text typed. Built CLI,
 * on the demo export (fixtures/demo/, source in fixtures/README.md).
 */
type Json = Record<string, any>;
const DEMO = join(ROOT, 'fixtures/demo/calls.csv.gz');
const OFFICER_TIME = ['officerTimeBasis', 'officerTimeCapMinutes', 'officerTimeMinSamples', 'officerTimeFallbackMinutes'];

let dir: string;
let saved: string;

/** name → { value, origin } of the officer-time parameters. */
function officerTime(json: Json): Record<string, { value: unknown; origin: string }> {
  return Object.fromEntries(OFFICER_TIME.map((n) => [n, { value: json.parameters[n].value, origin: json.parameters[n].origin }]));
}

// What the saved analysis recorded: the basis from its config file, the cap from a flag,
// the fallback from the environment, minSamples left at its default.
const RECORDED = {
  officerTimeBasis: { value: 'arrive', origin: 'config' },
  officerTimeCapMinutes: { value: 120, origin: 'flag' },
  officerTimeMinSamples: { value: 5, origin: 'default' },
  officerTimeFallbackMinutes: { value: 30, origin: 'env' },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'css-saved-officer-time-'));
  const config = join(dir, 'classify.config.json');
  writeFileSync(config, JSON.stringify({ timeBasis: 'arrive' }));
  const { result } = await runJson(['classify', DEMO, '--config', config, '--cap-minutes', '120'], { env: { CSS_ANALYZE_FALLBACK_MINUTES: '30' } });
  saved = join(dir, 'classified.json');
  writeFileSync(saved, result.stdout);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('estimate on a saved analysis: officer-time parameters', () => {
  it('the saved analysis records officer time with its settings', () => {
    const a = JSON.parse(readFileSync(saved, 'utf8')) as Json;
    expect(a.officerTime).toMatchObject({ basis: 'arrive', capMinutes: 120, minSamples: 5, fallbackMinutesPerUnit: 30 });
    expect(a.settings).toMatchObject({ timeBasis: { value: 'arrive', origin: 'config' }, capMinutes: { value: 120, origin: 'flag' }, fallbackMinutes: { value: 30, origin: 'env' } });
  });

  it('with no officer-time setting now: each keeps the origin the analysis recorded', async () => {
    const { json } = await runJson(['estimate', saved]);
    expect(officerTime(json)).toEqual(RECORDED);
    expect(json.parameters.officerTimeCapMinutes.source).toMatch(/^as recorded in the analysis/);
    // This run set none of them.
    expect(json.settings).toMatchObject({ timeBasis: { origin: 'default' }, capMinutes: { origin: 'default' }, fallbackMinutes: { origin: 'default' } });
  });

  it('from standard input: the same', async () => {
    const { json } = await runJson(['estimate', '-'], { input: readFileSync(saved) });
    expect(officerTime(json)).toEqual(RECORDED);
  });

  it('a flag asking for the value used gives it the flag origin; one asking for another value is not applied and the recorded origin stays', async () => {
    const { json, result } = await runJson(['estimate', saved, '--time-basis', 'arrive', '--param', 'officerTimeMinSamples=5', '--fallback-minutes', '45'], {
      env: { CSS_ANALYZE_CAP_MINUTES: '120' },
    });
    expect(officerTime(json)).toEqual({
      officerTimeBasis: { value: 'arrive', origin: 'flag' },
      officerTimeCapMinutes: { value: 120, origin: 'env' },
      officerTimeMinSamples: { value: 5, origin: 'flag' },
      officerTimeFallbackMinutes: { value: 30, origin: 'env' }, // recorded: classify's CSS_ANALYZE_FALLBACK_MINUTES
    });
    expect(result.stderr).toMatch(/officerTimeFallbackMinutes=45 was not applied: officer time was measured when the analysis was made \(officerTimeFallbackMinutes=30\)/);
    expect(json.estimate.notes.filter((n: string) => /was not applied/.test(n))).toHaveLength(1);
  });

  it('re-estimating that estimate keeps the recorded origins (from its parameters)', async () => {
    const first = await runJson(['estimate', saved, '--cost-per-call', '700']);
    const again = join(dir, 'estimated.json');
    writeFileSync(again, first.result.stdout);
    const { json } = await runJson(['estimate', again]);
    expect(officerTime(json)).toEqual(RECORDED);
    expect(json.parameters.costPerCall).toMatchObject({ value: 700, origin: 'flag' });
  });

  it('report on the saved analysis labels them the same', async () => {
    const out = join(dir, 'report');
    const r = await runCli(['report', saved, '--out', out, '--format', 'json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8')) as Json;
    expect(officerTime(a)).toEqual(RECORDED);
  });
});

describe('settings.parameters.<name> holds the resolved value', () => {
  it('numbers, lists and counts as the parameters use them, with their origin', async () => {
    const args = ['estimate', saved, '--cost-per-call', '$1,200', '--param', 'serviceBeats=1, 2', '--officers-on-duty', '12', '--param', 'costModel=Per-Hour', '--param', 'officerTimeCapMinutes=120'];
    const { json } = await runJson(args, { env: { CSS_ANALYZE_PARAM_TARGET_WAIT_MINUTES: '10' } });
    const s = json.settings;
    expect(s['parameters.costPerCall']).toEqual({ value: 1200, origin: 'flag' });
    expect(s['parameters.serviceBeats']).toEqual({ value: ['1', '2'], origin: 'flag' });
    expect(s['parameters.officersOnDuty']).toEqual({ value: [12], origin: 'flag' });
    expect(s['parameters.costModel']).toEqual({ value: 'per-hour', origin: 'flag' });
    expect(s['parameters.targetWaitMinutes']).toEqual({ value: 10, origin: 'env' });
    expect(s['parameters.officerTimeCapMinutes']).toEqual({ value: 120, origin: 'flag' });
    for (const name of ['costPerCall', 'serviceBeats', 'officersOnDuty', 'costModel', 'targetWaitMinutes', 'officerTimeCapMinutes']) {
      expect(json.parameters[name], name).toMatchObject(s[`parameters.${name}`]);
    }
  });
});
