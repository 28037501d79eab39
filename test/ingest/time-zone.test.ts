import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CssError } from '../../src/errors.js';
import { compileFormat, createZone, type Zone } from '../../src/ingest/time/index.js';

const utc = Date.UTC;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const wall = compileFormat('YYYY-MM-DD HH:mm');
/** Local wall text → instant in `zone`. */
const at = (zone: Zone, text: string): number => zone.toInstant(wall.parseString(text));

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The offset Intl reports at an instant: the reference the zone's tables must agree with. */
function intlOffset(tz: string, instant: number): number {
  let dtf = formatters.get(tz);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, dtf);
  }
  const parts = dtf.formatToParts(instant);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)!.value);
  const t = Math.floor(instant / 1000) * 1000;
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - t;
}

describe('createZone', () => {
  it('rejects names that are not IANA zones with a usage error and a hint', () => {
    for (const bad of ['Mars/Olympus_Mons', 'Eastern', '', 'PDT']) {
      let error: unknown;
      try {
        createZone(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CssError);
      expect((error as CssError).kind).toBe('usage');
      expect((error as CssError).exitCode).toBe(2);
      expect((error as CssError).hint).toContain('Use an IANA name such as America/New_York');
    }
  });

  it('canonicalises links', () => {
    expect(createZone('US/Eastern').name).toBe('America/New_York');
    expect(createZone('UTC').toInstant(utc(2024, 0, 1))).toBe(utc(2024, 0, 1));
  });

  it('passes NaN through', () => {
    expect(createZone('America/New_York').toInstant(NaN)).toBeNaN();
  });
});

describe('America/New_York', () => {
  it('converts standard and daylight time', () => {
    const ny = createZone('America/New_York');
    expect(at(ny, '2025-11-23 00:02')).toBe(utc(2025, 10, 23, 5, 2));
    expect(at(ny, '2024-07-01 12:00')).toBe(utc(2024, 6, 1, 16));
    expect(ny.gapCount + ny.overlapCount).toBe(0);
  });

  it('reads a wall time in the spring-forward gap with the offset before it, and counts it', () => {
    const ny = createZone('America/New_York');
    expect(at(ny, '2024-03-10 01:59')).toBe(utc(2024, 2, 10, 6, 59)); // EST
    expect(at(ny, '2024-03-10 02:30')).toBe(utc(2024, 2, 10, 7, 30)); // = 03:30 EDT
    expect(at(ny, '2024-03-10 03:00')).toBe(utc(2024, 2, 10, 7, 0)); // EDT
    expect(ny.gapCount).toBe(1);
    expect(ny.overlapCount).toBe(0);
  });

  it('takes the first (daylight) reading of the repeated fall-back hour, and counts it', () => {
    const ny = createZone('America/New_York');
    expect(at(ny, '2024-11-03 00:59')).toBe(utc(2024, 10, 3, 4, 59)); // EDT
    expect(at(ny, '2024-11-03 01:00')).toBe(utc(2024, 10, 3, 5, 0)); // first 01:00, EDT
    expect(at(ny, '2024-11-03 01:30')).toBe(utc(2024, 10, 3, 5, 30)); // first 01:30, EDT
    expect(at(ny, '2024-11-03 02:00')).toBe(utc(2024, 10, 3, 7, 0)); // EST
    expect(ny.overlapCount).toBe(2);
    expect(ny.gapCount).toBe(0);
    ny.resetCounts();
    expect(ny.overlapCount).toBe(0);
  });

  it('measures durations in absolute time across both clock changes', () => {
    const ny = createZone('America/New_York');
    // 00:30 EDT → 02:30 EST: the wall clock says 2 h, the call lasted 3 h.
    expect(at(ny, '2024-11-03 02:30') - at(ny, '2024-11-03 00:30')).toBe(3 * HOUR);
    // 01:30 EST → 03:30 EDT: the wall clock says 2 h, the call lasted 1 h.
    expect(at(ny, '2024-03-10 03:30') - at(ny, '2024-03-10 01:30')).toBe(1 * HOUR);
  });

  it('keeps counters per Zone object', () => {
    const a = createZone('America/New_York');
    const b = createZone('America/New_York');
    at(a, '2024-03-10 02:30');
    expect(a.gapCount).toBe(1);
    expect(b.gapCount).toBe(0);
  });

  it('gives local parts, hour of week and month for reporting', () => {
    const ny = createZone('America/New_York');
    const instant = utc(2025, 10, 23, 5, 2, 29); // Sunday 2025-11-23 00:02:29 EST
    expect(ny.localParts(instant)).toEqual({
      year: 2025, month: 11, day: 23, hour: 0, minute: 2, second: 29, weekday: 0, offsetMinutes: -300,
    });
    expect(ny.hourOfWeek(instant)).toBe(0);
    expect(ny.hourOfWeek(utc(2025, 10, 30, 4, 59))).toBe(167); // Saturday 23:59 EST
    expect(ny.monthKey(instant)).toBe(2025 * 12 + 10);
    expect(ny.monthKey(utc(2025, 11, 1, 4, 59))).toBe(2025 * 12 + 10); // still 30 November locally
    const out = ny.localParts(0);
    expect(ny.localParts(utc(2024, 6, 4, 16), out)).toBe(out);
    expect(out).toMatchObject({ year: 2024, month: 7, day: 4, hour: 12, weekday: 4, offsetMinutes: -240 });
  });

  it('formats instants as ISO 8601 with the local offset', () => {
    const ny = createZone('America/New_York');
    expect(ny.formatIsoWithOffset(utc(2025, 10, 23, 5, 2, 29, 999))).toBe('2025-11-23T00:02:29-05:00');
    expect(ny.formatIsoWithOffset(utc(2024, 6, 1, 16))).toBe('2024-07-01T12:00:00-04:00');
    expect(createZone('UTC').formatIsoWithOffset(utc(2024, 0, 1))).toBe('2024-01-01T00:00:00+00:00');
    expect(() => ny.formatIsoWithOffset(NaN)).toThrow(RangeError);
  });
});

describe('America/Los_Angeles', () => {
  it('handles the gap and the overlap', () => {
    const la = createZone('America/Los_Angeles');
    expect(at(la, '2024-03-10 02:15')).toBe(utc(2024, 2, 10, 10, 15)); // gap: PST offset → 03:15 PDT
    expect(at(la, '2024-11-03 01:15')).toBe(utc(2024, 10, 3, 8, 15)); // overlap: first, PDT
    expect(at(la, '2016-03-25 23:58')).toBe(utc(2016, 2, 26, 6, 58)); // Seattle sample, PDT
    expect(la.gapCount).toBe(1);
    expect(la.overlapCount).toBe(1);
  });
});

describe('zones with non-hour offsets', () => {
  it('Asia/Kolkata is UTC+05:30 all year', () => {
    const kolkata = createZone('Asia/Kolkata');
    expect(at(kolkata, '2024-01-15 12:00')).toBe(utc(2024, 0, 15, 6, 30));
    expect(at(kolkata, '2024-07-15 12:00')).toBe(utc(2024, 6, 15, 6, 30));
    expect(kolkata.formatIsoWithOffset(utc(2024, 0, 15, 6, 30))).toBe('2024-01-15T12:00:00+05:30');
  });

  it('Pacific/Chatham (+12:45/+13:45) changes clocks at 02:45, inside an hour', () => {
    const chatham = createZone('Pacific/Chatham');
    expect(at(chatham, '2024-07-01 12:00')).toBe(utc(2024, 5, 30, 23, 15)); // +12:45
    // Spring forward 2024-09-29 02:45 → 03:45 (2024-09-28T14:00Z).
    expect(at(chatham, '2024-09-29 02:30')).toBe(utc(2024, 8, 28, 13, 45)); // before the change, same hour
    expect(chatham.gapCount).toBe(0);
    expect(at(chatham, '2024-09-29 03:00')).toBe(utc(2024, 8, 28, 14, 15)); // in the gap: +12:45
    expect(at(chatham, '2024-09-29 03:45')).toBe(utc(2024, 8, 28, 14, 0)); // +13:45
    expect(chatham.gapCount).toBe(1);
    // Fall back 2024-04-07 03:45 → 02:45: 03:00 happens twice; the first is +13:45.
    expect(at(chatham, '2024-04-07 03:00')).toBe(utc(2024, 3, 6, 13, 15));
    expect(chatham.overlapCount).toBe(1);
    expect(chatham.formatIsoWithOffset(utc(2024, 8, 28, 14))).toBe('2024-09-29T03:45:00+13:45');
  });

  it('Australia/Lord_Howe shifts by 30 minutes', () => {
    const lh = createZone('Australia/Lord_Howe');
    // Spring forward 2024-10-06 02:00 → 02:30 (+10:30 → +11).
    expect(at(lh, '2024-10-06 02:15')).toBe(utc(2024, 9, 5, 15, 45));
    expect(at(lh, '2024-10-06 02:30')).toBe(utc(2024, 9, 5, 15, 30));
    // Fall back 2024-04-07 02:00 → 01:30: 01:45 happens twice; the first is +11.
    expect(at(lh, '2024-04-07 01:45')).toBe(utc(2024, 3, 6, 14, 45));
    expect(at(lh, '2024-04-07 02:00')).toBe(utc(2024, 3, 6, 15, 30));
    expect([lh.gapCount, lh.overlapCount]).toEqual([1, 1]);
  });
});

describe('agreement with Intl', () => {
  const zones = ['America/New_York', 'America/Los_Angeles', 'America/Chicago', 'Europe/London', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/Sao_Paulo'];
  // Each new year costs the zone ~400 Intl calls, so the range is kept to the years CAD data covers.
  const instants = fc.integer({ min: utc(2005, 0, 1) / MINUTE, max: utc(2030, 11, 31) / MINUTE }).map((m) => m * MINUTE);

  it('offsetAt and toWall match Intl at random instants', () => {
    for (const tz of zones) {
      const zone = createZone(tz);
      fc.assert(
        fc.property(instants, (t) => {
          expect(zone.offsetAt(t)).toBe(intlOffset(tz, t));
          expect(zone.toWall(t)).toBe(t + intlOffset(tz, t));
        }),
        { numRuns: 300 },
      );
    }
  });

  it('toInstant inverts toWall except for the second reading of a repeated hour', () => {
    for (const tz of zones) {
      const zone = createZone(tz);
      fc.assert(
        fc.property(instants, (t) => {
          const back = zone.toInstant(zone.toWall(t));
          if (back !== t) {
            // Only the later of two instants sharing a wall time may map elsewhere: to the earlier one.
            expect(back).toBeLessThan(t);
            expect(zone.toWall(back)).toBe(zone.toWall(t));
          }
        }),
        { numRuns: 300 },
      );
    }
  });

  it('round-trips every minute across the New York changes of 2024', () => {
    const ny = createZone('America/New_York');
    for (const start of [utc(2024, 2, 10, 4), utc(2024, 10, 3, 3)]) {
      for (let t = start; t < start + 6 * HOUR; t += MINUTE) {
        expect(ny.offsetAt(t)).toBe(intlOffset('America/New_York', t));
      }
    }
  });

  it('copes with placeholder years far from the data', () => {
    const ny = createZone('America/New_York');
    expect(Number.isFinite(at(ny, '1900-01-01 00:00'))).toBe(true);
    expect(Number.isFinite(at(ny, '0001-01-01 00:00'))).toBe(true);
    expect(Number.isFinite(at(ny, '9999-12-31 23:59'))).toBe(true);
    expect(at(ny, '1900-01-01 00:00')).toBe(utc(1900, 0, 1, 5));
  });
});
