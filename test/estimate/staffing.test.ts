import { describe, expect, it } from 'vitest';
import { averageWait, erlangC, serviceLevel, teamsNeeded } from '../../src/estimate/staffing.js';

describe('Erlang C', () => {
  /*
   * Published values: Abstract Micro Systems, "Erlang Library for Excel", function
   * ErlcWait4 (http://abstractmicro.com/erlang/helppages/ref-erlcwait4.htm):
   *   ErlcWait4(20 servers, 1800 s period, 100 calls, AHT 240 s) = 2.243505841 s average wait
   *   ErlcWait4(20, 1800, 100, 300)                               = 30.4312286 s
   * Traffic A = calls × AHT ÷ period: 100 × 240 ÷ 1800 = 13.33 erlangs; wait = C(c, A) × AHT ÷ (c − A).
   */
  it('matches the published average wait: 20 servers, 100 calls per half hour, 240 s handling', () => {
    expect(averageWait(20, (100 * 240) / 1800, 240)).toBeCloseTo(2.243505841, 6);
  });

  it('matches the published average wait with 300 s handling', () => {
    expect(averageWait(20, (100 * 300) / 1800, 300)).toBeCloseTo(30.4312286, 5);
  });

  it('one server is the M/M/1 queue: P(wait) = utilisation', () => {
    expect(erlangC(1, 0.6)).toBeCloseTo(0.6, 12);
  });

  it('is 1 when the load reaches the servers, 0 with no load', () => {
    expect(erlangC(5, 5)).toBe(1);
    expect(erlangC(5, 0)).toBe(0);
    expect(serviceLevel(5, 6, 15, 30)).toBe(0);
  });

  it('teams needed: the fewest that meet the target, more for a stricter target', () => {
    const handling = 45;
    const n = teamsNeeded(6, handling, 0.9, 15); // 6 calls an hour × 45 min = 4.5 erlangs
    const traffic = 4.5;
    expect(serviceLevel(n, traffic, 15, handling)).toBeGreaterThanOrEqual(0.9);
    expect(serviceLevel(n - 1, traffic, 15, handling)).toBeLessThan(0.9);
    expect(teamsNeeded(6, handling, 0.99, 5)).toBeGreaterThan(n);
    expect(teamsNeeded(0, handling, 0.9, 15)).toBe(0);
  });
});
