import { describe, expect, it } from 'vitest';
import { PARAMETER_NAMES, resolveParameters } from '../../src/estimate/parameters.js';
import { parseScenarioFlag } from '../../src/estimate/scenarios.js';
import { parseServiceHours } from '../../src/estimate/service-hours.js';
import { cssErrorOf } from '../helpers/errors.js';

describe('parameters', () => {
  it('every parameter has a unit, a description and a source; origin default', () => {
    const { parameters } = resolveParameters();
    for (const name of PARAMETER_NAMES) {
      const p = parameters[name];
      expect(p.unit, name).toMatch(/\w/);
      expect(p.source, name).toMatch(/\w/);
      expect(p.description, name).toMatch(/\w/);
      expect(p.origin, name).toBe('default');
    }
  });

  it('defaults: $800 per call, officer-hour = $37.93 × 63.46 / 39.22, $87.50 per alternative call, 480-minute cap', () => {
    const { parameters: p } = resolveParameters();
    expect(p.costPerCall.value).toBe(800);
    expect(p.costPerOfficerHour.value).toBe(Math.round(((37.93 * 63.46) / 39.22) * 100) / 100);
    expect(p.altCostPerCall.value).toBe(2_100_000 / 24_000);
    expect(p.officerTimeCapMinutes.value).toBe(480);
    expect(p.screenPriorities.value).toEqual(['0', '1']);
  });

  it('takes overrides as a plain object, kebab- or camelCase, strings or typed values, with their origin', () => {
    const { parameters: p } = resolveParameters(
      { 'cost-per-call': '$1,200', targetAnswerShare: 0.8, officersOnDuty: 12, screenPriorities: 'P1,E', serviceHours: 'none' },
      { 'cost-per-call': 'flag', targetAnswerShare: 'config' },
    );
    expect(p.costPerCall).toMatchObject({ value: 1200, origin: 'flag' });
    expect(p.targetAnswerShare).toMatchObject({ value: 0.8, origin: 'config' });
    expect(p.screenPriorities.value).toEqual(['P1', 'E']);
    expect(p.serviceHours.value).toBeNull();
    expect(p.officersOnDuty).toMatchObject({ value: [12], origin: 'config' });
    // A value the user set is not credited to the default's source, which stays beside it.
    expect(p.costPerCall.source).toMatch(/^set by the user; replaces the default 800 \(Eugene \(OR\) Police Department's estimate/);
    expect(p.screenPriorities.source).toMatch(/^set by the user; replaces the default 0, 1 \(/);
    expect(p.officersOnDuty.source).toBe('set by the user');
    expect(p.altCostPerCall.source).toBe(resolveParameters().parameters.altCostPerCall.source);
    expect(() => resolveParameters({ officersOnDuty: '10,12' })).toThrow(/officersOnDuty must be one number, or 24/);
  });

  it('unknown names and out-of-range values are usage errors naming the parameter', () => {
    const unknown = cssErrorOf(() => resolveParameters({ costPerCal: 5 }));
    expect(unknown.kind).toBe('usage');
    expect(unknown.format()).toMatch(/unknown parameter "costPerCal"\. did you mean costPerCall\?/);
    expect(cssErrorOf(() => resolveParameters({ targetAnswerShare: 1.5 })).message).toBe('parameter targetAnswerShare must be a number > 0 and < 1, got "1.5"');
    // Every call answered within the wait is never reached by a finite number of teams.
    expect(cssErrorOf(() => resolveParameters({ targetAnswerShare: 1 })).message).toBe('parameter targetAnswerShare must be a number > 0 and < 1, got "1"');
    expect(cssErrorOf(() => resolveParameters({ patrolHoursPerWeek: 0 })).message).toMatch(/patrolHoursPerWeek must be a number > 0 \(or "none"\), got "0"/);
    expect(cssErrorOf(() => resolveParameters({ costModel: 'per-mile' })).message).toMatch(/costModel must be one of per-hour, per-call/);
    expect(cssErrorOf(() => resolveParameters({ costPerCall: 'abc' })).message).toMatch(/costPerCall must be a number ≥ 0/);
    expect(cssErrorOf(() => resolveParameters({ serviceHours: 'Mon-Fri 7:30-19:00' })).message).toMatch(/not a whole hour/);
  });

  it('scenarios: named ones always present, user ones added or changed through the same object', () => {
    const { scenarios } = resolveParameters({ scenarios: [{ name: 'central', backupRate: 0.05 }, parseScenarioFlag('pilot:community=0.1,civilian=0,counterfactual=budget')] });
    expect(scenarios.map((s) => s.name)).toEqual(['low', 'central', 'high', 'pilot']);
    expect(scenarios[1]).toMatchObject({ backupRate: 0.05, communityShare: 0.35 });
    expect(scenarios[1].sources.backupRate).toBe('set by the user');
    expect(scenarios[3]).toMatchObject({ communityShare: 0.1, civilianShare: 0, counterfactual: 'budget', backupRate: 0.05 }); // unspecified fields: central's, as changed
    expect(() => resolveParameters({ scenarios: [{ name: 'x', community: 2 }] })).toThrow(/communityShare must be a share between 0 and 1/);
    expect(() => parseScenarioFlag('central')).toThrow(/--scenario needs name:field=value/);
  });
});

describe('service hours', () => {
  const open = (spec: string) => parseServiceHours(spec).flatMap((x, h) => (x ? [h] : []));

  it('day and hour ranges, hour of week 0 = Sunday 00:00', () => {
    expect(open('Mon 07:00-09:00')).toEqual([31, 32]);
    expect(open('Mon-Sun 07:00-23:00').length).toBe(7 * 16);
    expect(open('daily 00:00-24:00').length).toBe(168);
    expect(open('24/7').length).toBe(168);
  });

  it('past midnight runs into the next day; Sat-Sun wraps the week', () => {
    expect(open('Sat 22:00-02:00')).toEqual([0, 1, 166, 167]);
    expect(open('Sat-Sun 10:00-11:00')).toEqual([10, 154]);
    expect(open('Mon-Fri 07:00-19:00; Sat 10:00-12:00').length).toBe(5 * 12 + 2);
  });

  it('rejects what it cannot read, saying how to write it', () => {
    expect(() => parseServiceHours('weekdays')).toThrow(/cannot read "weekdays"/);
    expect(() => parseServiceHours('Moon 07:00-09:00')).toThrow(/"Moon" is not a day/);
  });
});
