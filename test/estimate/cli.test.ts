import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, runJson } from '../helpers/cli.js';

/**
 * End to end on the built CLI (`npm run build` first): the Alexandria sample
 * (fixtures/real/, the one real export with a full dispatch → clear chain; source in
 * fixtures/README.md) runs with no flags and every imputation is counted.
 */
const ALEXANDRIA = 'fixtures/real/alexandria-va-decc-cad-week48-2025.csv';
const OUTPUTS = ['callsDiverted', 'officerHoursFreed', 'grossSavings', 'alternativeCost', 'netSavings'];

describe('css-analyze estimate (built CLI)', () => {
  it('Alexandria sample, no flags: runs, counts every imputation, fills the JSON contract', async () => {
    const { json, result } = await runJson(['estimate', ALEXANDRIA]);
    const ot = json.officerTime;
    const byReason = Object.values(ot.imputed as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(byReason).toBe(ot.imputedCalls);
    expect(ot.measuredCalls + ot.imputedCalls).toBe(json.totals.calls);
    expect(json.command).toBe('estimate');

    expect(json.scenarios.map((s: { name: string }) => s.name)).toEqual(['low', 'central', 'high']);
    for (const s of json.scenarios) {
      for (const o of OUTPUTS) expect(typeof s[o], `${s.name}.${o}`).toBe('number');
      expect(s.netSavings).toBe(s.grossSavings - s.alternativeCost);
      expect(s).toHaveProperty('intervals'); // null here: one week is too short to resample
    }
    expect(json.estimate.intervals.method).toMatch(/not enough weeks/);
    expect(result.stderr).toMatch(/not enough weeks/);

    for (const [name, p] of Object.entries(json.parameters as Record<string, { value: unknown; source: string }>)) {
      expect(p, name).toHaveProperty('value');
      expect(p.source, name).toMatch(/\w/);
    }
    expect(json.parameters.costPerCall.value).toBe(800);
    expect(json.funnel.map((f: { step: string }) => f.step)).toEqual(['all', 'citizen', 'type-eligible', 'screened', 'service-area', 'capacity', 'diverted']);
    expect(json.funnel[0].calls).toBe(json.totals.calls);
    expect(json.staffing.byHourOfWeek).toHaveLength(168);
    expect(json.saturation.computed).toBe(false);
    expect(Object.keys(json).at(-1)).toBe('store');
  });

  it('prints every parameter with its value and source in the terminal', async () => {
    const r = await runCli(['estimate', ALEXANDRIA, '--officers-on-duty', '12']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/costPerCall = 800 USD per police call \[default\] — Eugene/);
    expect(r.stdout).toMatch(/officersOnDuty = 12 officers on patrol per hour \[flag\]/);
    expect(r.stdout).toMatch(/Before diversion: [\d.]+% of available patrol time/);
    for (const name of ['costPerOfficerHour', 'altCostPerCall', 'officerTimeCapMinutes', 'screenPriorities', 'targetAnswerShare', 'saturationThreshold']) {
      expect(r.stdout).toContain(`${name} = `);
    }
    expect(r.stdout).not.toMatch(/warning:/); // notes go to stderr
  });

  it('reads an analysis JSON from standard input and gives the same estimate as the CSV', async () => {
    const classified = await runCli(['classify', ALEXANDRIA, '--json']);
    expect(classified.code).toBe(0);
    const fromJson = await runJson(['estimate', '-'], { input: classified.stdout });
    const fromCsv = await runJson(['estimate', ALEXANDRIA]);
    for (const k of ['scenarios', 'funnel', 'staffing', 'parameters']) expect(fromJson.json[k], k).toEqual(fromCsv.json[k]);
  });

  it('a bad parameter is a usage error naming it (exit 2)', async () => {
    const r = await runCli(['estimate', ALEXANDRIA, '--param', 'costPerCal=5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown parameter "costPerCal"\. did you mean costPerCall\?/);
    const s = await runCli(['estimate', ALEXANDRIA, '--target-answer-share', '90']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/targetAnswerShare must be a number > 0 and < 1, got "90"/);
  });

  it('parameters come from the config file, CSS_ANALYZE_PARAM_* and flags, each with its origin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'css-estimate-'));
    try {
      const config = { capMinutes: 300, parameters: { costPerOfficerHour: 72.5, costPerCall: 700, scenarios: [{ name: 'pilot', communityShare: 0.1 }] } };
      writeFileSync(join(dir, 'css-analyze.config.json'), JSON.stringify(config));
      const { json } = await runJson(['estimate', join(ROOT, ALEXANDRIA), '--target-wait-minutes', '10'], { cwd: dir, env: { CSS_ANALYZE_PARAM_COST_PER_CALL: '900' } });
      const p = json.parameters;
      expect(p.costPerCall).toMatchObject({ value: 900, origin: 'env' }); // environment beats the config file
      expect(p.costPerOfficerHour).toMatchObject({ value: 72.5, origin: 'config' });
      expect(p.targetWaitMinutes).toMatchObject({ value: 10, origin: 'flag' });
      expect(p.officerTimeCapMinutes).toMatchObject({ value: 300, origin: 'config' });
      expect(json.officerTime.capMinutes).toBe(300);
      expect(json.scenarios.map((s: { name: string }) => s.name)).toEqual(['low', 'central', 'high', 'pilot']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
