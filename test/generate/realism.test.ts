import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCalls, ODD_RATES, type GenerateOptions } from '../../src/generate/generate.js';
import { CALL_TYPES, DURHAM_NINE } from '../../src/generate/calltypes.js';
import { configuredShares } from '../../src/generate/tables.js';

async function records(options: GenerateOptions): Promise<string[][]> {
  const chunks: string[] = [];
  await generateCalls(options, (chunk) => {
    chunks.push(chunk);
  });
  return (parse(chunks.join('')) as string[][]).slice(1);
}

const ZONE = 'America/New_York';
const intl = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
function show(ms: number): string {
  const p = Object.fromEntries(intl.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}
const instantsCache = new Map<string, number[]>();
/**
 * Every instant (ms) that America/New_York shows as this local time: none in a DST gap, two
 * in the repeated hour after fall-back. Checked with Intl, independently of the generator.
 */
function instants(text: string): number[] {
  const hour = text.slice(0, 13);
  let offsets = instantsCache.get(hour);
  if (!offsets) {
    const wall = Date.parse(hour.replace(' ', 'T') + ':30:00Z');
    offsets = [4, 5].map((h) => h * 3600_000).filter((off) => show(wall + off).slice(0, 13) === hour);
    instantsCache.set(hour, offsets);
  }
  const wall = Date.parse(text.replace(' ', 'T') + 'Z');
  return offsets.map((off) => wall + off);
}
/** a ≤ b for some reading of each (only the repeated hour has two). */
const notAfter = (a: string, b: string): boolean => Math.min(...instants(a)) <= Math.max(...instants(b));
const minutes = (a: string, b: string): number => (Math.min(...instants(b)) - Math.min(...instants(a))) / 60_000;

const RECEIVED = 1;
const DISPATCHED = 2;
const ARRIVED = 4;
const CLEARED = 5;

describe('generate: 50,000 calls from 2017-10-01', () => {
  let rows: string[][];
  beforeAll(async () => {
    rows = await records({ rows: 50_000, seed: 2024 });
  });
  const share = (predicate: (r: string[]) => boolean, among = rows): number =>
    among.filter(predicate).length / among.length;

  it('covers about 55 days (≈ 330,000 calls a year)', () => {
    expect(rows[0][RECEIVED].startsWith('2017-10-01')).toBe(true);
    const last = rows[rows.length - 1][RECEIVED].slice(0, 10);
    expect(last >= '2017-11-18' && last <= '2017-12-03').toBe(true);
  });

  it('prints only local times that exist in America/New_York', () => {
    const missing = rows.flatMap((r) => r.slice(1, 6)).filter((t) => t !== '' && instants(t).length === 0);
    expect(missing).toEqual([]);
  });

  it('keeps received in time order (local text repeats only in the fall-back hour)', () => {
    const bad: string[] = [];
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1][RECEIVED], rows[i][RECEIVED]];
      if (!notAfter(a, b) || (b < a && instants(b).length !== 2)) bad.push(`${a} > ${b}`);
    }
    expect(bad).toEqual([]);
  });

  it('orders received ≤ dispatched ≤ en route ≤ arrived ≤ cleared, but for the odd values', () => {
    const bad: string[][] = [];
    let clearedEarly = 0;
    let answered = 0;
    for (const r of rows) {
      const [, rec, dis, enr, arr, clr] = r;
      if (r[14] === 'CANCELLED') {
        if (dis || enr || arr || (clr && !notAfter(rec, clr))) bad.push(r);
        continue;
      }
      answered++;
      if (r[10] === 'SELF-INITIATED') {
        if (dis !== rec || enr !== rec || arr !== rec) bad.push(r);
      } else if (!notAfter(rec, dis) || !notAfter(dis, enr) || (arr && !notAfter(enr, arr))) bad.push(r);
      if (!clr) continue;
      if (!notAfter(dis, clr)) clearedEarly++;
      else if (arr && !notAfter(arr, clr)) bad.push(r);
    }
    expect(bad).toEqual([]);
    expect(clearedEarly / answered).toBeGreaterThan(ODD_RATES.clearedBeforeDispatch * 0.5);
    expect(clearedEarly / answered).toBeLessThan(ODD_RATES.clearedBeforeDispatch * 1.7);
  });

  it('has the documented odd values at their rates', () => {
    const answered = rows.filter((r) => r[14] !== 'CANCELLED');
    const dispatchedByCitizens = answered.filter((r) => r[10] !== 'SELF-INITIATED');
    const within = (observed: number, rate: number): void => {
      expect(observed).toBeGreaterThan(rate * 0.6);
      expect(observed).toBeLessThan(rate * 1.5);
    };
    within(share((r) => r[CLEARED] === ''), ODD_RATES.blankCleared);
    within(share((r) => r[12] === '' && r[13] === ''), ODD_RATES.blankBeat);
    within(share((r) => r[ARRIVED] === '', dispatchedByCitizens), ODD_RATES.blankArrived);
    within(
      share((r) => r[CLEARED] !== '' && r[ARRIVED] !== '' && minutes(r[ARRIVED], r[CLEARED]) > 24 * 60, answered),
      ODD_RATES.clearedDaysLater,
    );
  });

  it('has officer-initiated work at 25–35% and the Durham nine at ≈15% of resident calls', () => {
    expect(share((r) => r[10] === 'SELF-INITIATED')).toBeGreaterThan(0.25);
    expect(share((r) => r[10] === 'SELF-INITIATED')).toBeLessThan(0.35);
    const nine = new Set(CALL_TYPES.filter((t) => DURHAM_NINE.includes(t.code)).map((t) => t.nature));
    const resident = rows.filter((r) => r[10] !== 'SELF-INITIATED');
    const nineShare = share((r) => nine.has(r[7]), resident);
    expect(nineShare).toBeGreaterThan(0.13);
    expect(nineShare).toBeLessThan(0.17);
  });

  it('follows the configured call-type mix', () => {
    const expected = configuredShares();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r[6], (counts.get(r[6]) ?? 0) + 1);
    for (const t of CALL_TYPES) {
      const want = expected.get(t.code)!;
      if (want < 0.01 || t.season !== 'F') continue; // seasonal types drift over two autumn months
      const got = (counts.get(t.code) ?? 0) / rows.length;
      expect(Math.abs(got - want), t.code).toBeLessThan(want * 0.2);
    }
    expect(counts.size).toBeGreaterThan(110);
  });

  it('keeps the intake type for ~85% of calls and changes it only for citizen calls', () => {
    const same = share((r) => r[7] === r[8]);
    expect(same).toBeGreaterThan(0.8);
    expect(same).toBeLessThan(0.9);
    expect(rows.every((r) => r[10] !== 'SELF-INITIATED' || r[7] === r[8])).toBe(true);
  });

  it('sends 1–4 units, about 1.6 on average, more to violent calls', () => {
    const units = rows.map((r) => Number(r[11]));
    expect(units.every((u) => u >= 1 && u <= 4)).toBe(true);
    const mean = units.reduce((a, b) => a + b, 0) / units.length;
    expect(mean).toBeGreaterThan(1.5);
    expect(mean).toBeLessThan(1.7);
    const meanOf = (nature: string): number => {
      const u = rows.filter((r) => r[7] === nature && r[14] !== 'CANCELLED').map((r) => Number(r[11]));
      return u.reduce((a, b) => a + b, 0) / u.length;
    };
    expect(meanOf('SHOTS FIRED')).toBeGreaterThan(meanOf('LARCENY REPORT') + 0.8);
  });

  it('queues by priority and keeps each type near its median time on scene', () => {
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1];
    const citizen = rows.filter((r) => r[10] !== 'SELF-INITIATED' && r[DISPATCHED]);
    const queue = (p: string): number => median(citizen.filter((r) => r[9] === p).map((r) => minutes(r[RECEIVED], r[DISPATCHED])));
    expect(queue('1')).toBeGreaterThan(1);
    expect(queue('1')).toBeLessThan(3);
    expect(queue('4')).toBeGreaterThan(10);
    expect(queue('4')).toBeLessThan(60);
    const scene = (nature: string): number =>
      median(
        rows
          .filter((r) => r[7] === nature && r[ARRIVED] && r[CLEARED] && notAfter(r[ARRIVED], r[CLEARED]))
          .map((r) => minutes(r[ARRIVED], r[CLEARED]))
          .filter((m) => m < 24 * 60),
      );
    for (const [nature, want] of [
      ['WELFARE CHECK', 35],
      ['LARCENY REPORT', 45],
      ['ALARM - INTRUSION', 10],
      ['MVC - NO INJURY', 60],
      ['ASSAULT', 90],
    ] as const) {
      expect(scene(nature), nature).toBeGreaterThan(want * 0.8);
      expect(scene(nature), nature).toBeLessThan(want * 1.25);
    }
  });

  it('is busier in the afternoon and evening than at 03:00–06:00', () => {
    const byHour = new Array(24).fill(0);
    for (const r of rows) byHour[Number(r[RECEIVED].slice(11, 13))]++;
    const night = byHour[3] + byHour[4] + byHour[5];
    const evening = byHour[16] + byHour[17] + byHour[18];
    expect(evening).toBeGreaterThan(2 * night);
  });
});

describe('generate: daylight saving time', () => {
  it('prints no time inside the spring-forward gap', async () => {
    const rows = await records({ rows: 4000, seed: 7, start: '2018-03-10' });
    const times = rows.flatMap((r) => r.slice(1, 6)).filter(Boolean);
    expect(times.some((t) => t.startsWith('2018-03-11 03:'))).toBe(true);
    expect(times.filter((t) => t.startsWith('2018-03-11 02:'))).toEqual([]);
    expect(times.filter((t) => instants(t).length === 0)).toEqual([]);
  });

  it('fills the repeated fall-back hour twice, as a real export does', async () => {
    const rows = await records({ rows: 3000, seed: 7, start: '2018-11-03' });
    const oneAm = rows.filter((r) => r[RECEIVED].startsWith('2018-11-04 01:')).length;
    const twoAm = rows.filter((r) => r[RECEIVED].startsWith('2018-11-04 02:')).length;
    expect(oneAm).toBeGreaterThan(1.3 * twoAm);
  });

  it('works in another zone', async () => {
    const rows = await records({ rows: 500, seed: 1, start: '2021-03-27', timeZone: 'Europe/London' });
    expect(rows[0][RECEIVED].startsWith('2021-03-27 00:')).toBe(true);
    expect(rows.some((r) => r[RECEIVED].startsWith('2021-03-28 01:'))).toBe(false);
  });
});
