import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CssError } from '../../src/errors.js';
import { combineDateTime, compileFormat } from '../../src/ingest/time/index.js';

const utc = Date.UTC;
const parse = (format: string, text: string): number => compileFormat(format).parseString(text);

describe('ISO-like formats', () => {
  it('reads the Alexandria layout with milliseconds', () => {
    expect(parse('YYYY-MM-DD HH:mm:ss.SSS', '2025-11-23 00:02:29.000')).toBe(utc(2025, 10, 23, 0, 2, 29));
    expect(parse('YYYY-MM-DD HH:mm:ss.SSS', '2025-11-23 00:01:21.020')).toBe(utc(2025, 10, 23, 0, 1, 21, 20));
  });

  it('reads a fraction of any length, keeping milliseconds (truncated)', () => {
    const p = compileFormat('YYYY-MM-DD HH:mm:ss.SSS');
    expect(p.parseString('2025-11-23 00:02:29.5')).toBe(utc(2025, 10, 23, 0, 2, 29, 500));
    expect(p.parseString('2025-11-23 00:02:29.05')).toBe(utc(2025, 10, 23, 0, 2, 29, 50));
    expect(p.parseString('2025-11-23 00:02:29.1234567')).toBe(utc(2025, 10, 23, 0, 2, 29, 123));
    expect(p.parseString('2025-11-23 00:02:29.')).toBeNaN();
    expect(p.parseString('2025-11-23 00:02:29')).toBeNaN();
  });

  it('accepts .fff and .000 as fraction spellings', () => {
    expect(parse('YYYY-MM-DD HH:mm:ss.fff', '2025-11-23 00:02:29.250')).toBe(utc(2025, 10, 23, 0, 2, 29, 250));
    expect(parse('YYYY-MM-DD HH:mm:ss.000', '2025-11-23 00:02:29.250')).toBe(utc(2025, 10, 23, 0, 2, 29, 250));
  });

  it('makes the fraction optional with [ ]', () => {
    const p = compileFormat('YYYY-MM-DD HH:mm:ss[.SSS]');
    expect(p.parseString('2023-01-01 00:00:05')).toBe(utc(2023, 0, 1, 0, 0, 5));
    expect(p.parseString('2023-01-01 00:00:05.7')).toBe(utc(2023, 0, 1, 0, 0, 5, 700));
  });

  it('nests optional groups (seconds, then fraction)', () => {
    const p = compileFormat('YYYY-MM-DD HH:mm[:ss[.SSS]]');
    expect(p.parseString('2023-01-01 10:20')).toBe(utc(2023, 0, 1, 10, 20));
    expect(p.parseString('2023-01-01 10:20:30')).toBe(utc(2023, 0, 1, 10, 20, 30));
    expect(p.parseString('2023-01-01 10:20:30.4')).toBe(utc(2023, 0, 1, 10, 20, 30, 400));
    // A group that does not match is skipped whole, its fields reset.
    expect(p.parseString('2023-01-01 10:20:3')).toBeNaN();
  });

  it('reads the T separator (Dallas, Cincinnati)', () => {
    expect(parse('YYYY-MM-DDTHH:mm:ss.SSS', '2018-01-09T09:26:00.000')).toBe(utc(2018, 0, 9, 9, 26));
    expect(parse('YYYY-MM-DDTHH:mm:ss.SSS', '2018-01-09t09:26:00.000')).toBe(utc(2018, 0, 9, 9, 26));
    expect(parse('YYYY-MM-DDTHH:mm:ss.SSS', '2018-01-09 09:26:00.000')).toBeNaN();
  });

  it('ignores surrounding spaces and allows several spaces where the format has one', () => {
    expect(parse('YYYY-MM-DD HH:mm:ss', '  2023-01-01   00:00:05 ')).toBe(utc(2023, 0, 1, 0, 0, 5));
    expect(parse('YYYY-MM-DD HH:mm:ss', '2023-01-0100:00:05')).toBeNaN();
  });
});

describe('offsets make absolute instants', () => {
  const p = compileFormat('YYYY-MM-DDTHH:mm:ss.SSSZ');

  it('reads Z, ±HH:MM, ±HHMM and ±HH', () => {
    expect(p.yields).toBe('instant');
    expect(p.absolute).toBe(true);
    expect(p.parseString('2019-05-01T12:00:00.000Z')).toBe(utc(2019, 4, 1, 12));
    expect(p.lastWasInstant).toBe(true);
    expect(p.parseString('2019-05-01T12:00:00.000+05:30')).toBe(utc(2019, 4, 1, 6, 30));
    expect(p.parseString('2019-05-01T12:00:00.000-0800')).toBe(utc(2019, 4, 1, 20));
    expect(p.parseString('2019-05-01T12:00:00.000-04')).toBe(utc(2019, 4, 1, 16));
  });

  it('rejects a missing or malformed offset when it is required', () => {
    expect(p.parseString('2019-05-01T12:00:00.000')).toBeNaN();
    expect(p.parseString('2019-05-01T12:00:00.000+5')).toBeNaN();
    expect(p.parseString('2019-05-01T12:00:00.000+05:6')).toBeNaN();
  });

  it('says per value whether an optional offset was there', () => {
    const either = compileFormat('YYYY-MM-DD HH:mm:ss[Z]');
    expect(either.yields).toBe('either');
    expect(either.absolute).toBe(false);
    expect(either.parseString('2019-05-01 12:00:00Z')).toBe(utc(2019, 4, 1, 12));
    expect(either.lastWasInstant).toBe(true);
    expect(either.parseString('2019-05-01 12:00:00')).toBe(utc(2019, 4, 1, 12));
    expect(either.lastWasInstant).toBe(false);
  });

  it('reports wall time for formats without an offset', () => {
    const wall = compileFormat('YYYY-MM-DD HH:mm:ss');
    expect(wall.yields).toBe('wall');
    wall.parseString('2019-05-01 12:00:00');
    expect(wall.lastWasInstant).toBe(false);
  });
});

describe('US formats', () => {
  const twelve = compileFormat('MM/DD/YYYY hh:mm:ss A');

  it('reads the Seattle 12-hour clock', () => {
    expect(twelve.parseString('03/25/2016 11:58:30 PM')).toBe(utc(2016, 2, 25, 23, 58, 30));
    expect(twelve.parseString('03/25/2016 10:25:51 am')).toBe(utc(2016, 2, 25, 10, 25, 51));
  });

  it('reads 12 AM as midnight and 12 PM as noon', () => {
    expect(twelve.parseString('09/06/2019 12:00:00 AM')).toBe(utc(2019, 8, 6, 0));
    expect(twelve.parseString('09/06/2019 12:30:00 PM')).toBe(utc(2019, 8, 6, 12, 30));
    expect(twelve.parseString('09/06/2019 01:00:00 PM')).toBe(utc(2019, 8, 6, 13));
    expect(twelve.parseString('09/06/2019 13:00:00 PM')).toBeNaN();
    expect(twelve.parseString('09/06/2019 01:00:00')).toBeNaN();
  });

  it('reads A.M./P.M. spellings', () => {
    expect(twelve.parseString('09/06/2019 07:05:00 p.m.')).toBe(utc(2019, 8, 6, 19, 5));
  });

  it('allows single-digit month, day and hour', () => {
    expect(parse('MM/DD/YYYY HH:mm', '3/5/2019 7:04')).toBe(utc(2019, 2, 5, 7, 4));
    expect(parse('MM/DD/YYYY HH:mm', '03/05/2019 07:04')).toBe(utc(2019, 2, 5, 7, 4));
    expect(parse('MM/DD/YYYY HH:mm:ss', '12/31/2019 23:59:59')).toBe(utc(2019, 11, 31, 23, 59, 59));
    // Minutes and seconds always have two digits.
    expect(parse('MM/DD/YYYY HH:mm', '3/5/2019 7:4')).toBeNaN();
  });

  it('reads SQL Server style 109 (Seattle Call Data), including its 1900 placeholder', () => {
    const p = compileFormat('MMM DD YYYY HH:mm:ss:SSSA');
    expect(p.parseString('Jan 01 1900 00:00:00:000AM')).toBe(utc(1900, 0, 1));
    expect(p.parseString('Mar 25 2016 11:58:30:123PM')).toBe(utc(2016, 2, 25, 23, 58, 30, 123));
    expect(p.parseString('Jan  1 2019 12:05:00:000AM')).toBe(utc(2019, 0, 1, 0, 5));
    expect(p.parseString('SEPT 30 2019 01:00:00:000PM')).toBe(utc(2019, 8, 30, 13));
    expect(p.parseString('Foo 01 2019 01:00:00:000PM')).toBeNaN();
  });

  it('reads two-digit years with the 68/69 pivot', () => {
    expect(parse('MM/DD/YY HH:mm', '03/05/19 07:04')).toBe(utc(2019, 2, 5, 7, 4));
    expect(parse('MM/DD/YY HH:mm', '03/05/69 07:04')).toBe(utc(1969, 2, 5, 7, 4));
  });
});

describe('compact, date-only and time-only formats', () => {
  it('reads YYYYMMDD and MMDDYYYY at fixed widths', () => {
    expect(parse('YYYYMMDD', '20190306')).toBe(utc(2019, 2, 6));
    expect(parse('MMDDYYYY', '03062019')).toBe(utc(2019, 2, 6));
    expect(parse('YYYYMMDD', '2019036')).toBeNaN();
  });

  it('reads times of day as milliseconds since midnight', () => {
    expect(parse('HHmmss', '070412')).toBe(((7 * 60 + 4) * 60 + 12) * 1000);
    expect(parse('HHmm', '0704')).toBe((7 * 60 + 4) * 60_000);
    expect(parse('HH:mm', '15:15')).toBe((15 * 60 + 15) * 60_000);
    expect(parse('HH:mm', '7:04')).toBe((7 * 60 + 4) * 60_000);
    expect(parse('HH:mm:ss', '23:59:59')).toBe(86_399_000);
    expect(parse('HH:mm', '24:00')).toBeNaN();
    expect(parse('HHmm', '15:15')).toBeNaN();
  });

  it('reads the date of a date column that carries a time (Berkeley EVENTDT)', () => {
    const p = compileFormat('MM/DD/YYYY');
    expect(p.kind).toBe('date');
    expect(p.parseString('09/06/2019 12:00:00 AM')).toBe(utc(2019, 8, 6));
    expect(p.lastIgnoredRest).toBe(true);
    expect(p.parseString('09/06/2019')).toBe(utc(2019, 8, 6));
    expect(p.lastIgnoredRest).toBe(false);
    expect(parse('YYYY-MM-DD', '2019-09-06T10:00:00')).toBe(utc(2019, 8, 6));
    expect(p.parseString('09/06/2019x')).toBeNaN();
  });

  it('combines split date and time columns', () => {
    const date = compileFormat('MM/DD/YYYY').parseString('09/06/2019 12:00:00 AM');
    const time = compileFormat('HH:mm').parseString('15:15');
    expect(combineDateTime(date, time)).toBe(utc(2019, 8, 6, 15, 15));
    expect(combineDateTime(date, NaN)).toBeNaN();
    expect(combineDateTime(NaN, time)).toBeNaN();
  });
});

describe('epoch numbers', () => {
  it('reads epoch seconds and milliseconds as instants', () => {
    const s = compileFormat('X');
    expect(s.kind).toBe('epoch');
    expect(s.absolute).toBe(true);
    expect(s.parseString('1546300800')).toBe(utc(2019, 0, 1));
    expect(s.lastWasInstant).toBe(true);
    expect(s.parseString('1546300800.25')).toBe(utc(2019, 0, 1, 0, 0, 0, 250));
    expect(s.parseString('-86400')).toBe(-86_400_000);
    expect(parse('x', '1546300800123')).toBe(utc(2019, 0, 1, 0, 0, 0, 123));
    expect(s.parseString('15463e8')).toBeNaN();
  });
});

describe('impossible dates and times', () => {
  const p = compileFormat('YYYY-MM-DD HH:mm:ss');
  it.each([
    ['2019-02-30 00:00:00', 'February 30'],
    ['2019-13-01 00:00:00', 'month 13'],
    ['2019-00-10 00:00:00', 'month 0'],
    ['2019-04-31 00:00:00', 'April 31'],
    ['2019-01-00 00:00:00', 'day 0'],
    ['2019-01-01 25:00:00', 'hour 25'],
    ['2019-01-01 24:00:00', 'hour 24'],
    ['2019-01-01 10:60:00', 'minute 60'],
    ['2019-01-01 10:00:60', 'second 60'],
    ['2019-02-29 00:00:00', 'Feb 29 in a common year'],
    ['1900-02-29 00:00:00', 'Feb 29 in 1900 (century, not leap)'],
    ['', 'empty'],
    ['   ', 'blank'],
    ['NULL', 'NULL'],
    ['2019-01-01 10:00:00 extra', 'trailing text'],
    ['2019-1-01 10:00:00x', 'trailing letter'],
    ['2019-01-01 10:00:00\u00a0', 'non-ASCII space'],
  ])('%s → NaN (%s)', (text) => {
    expect(p.parseString(text)).toBeNaN();
  });

  it('accepts leap days in leap years', () => {
    expect(p.parseString('2024-02-29 00:00:00')).toBe(utc(2024, 1, 29));
    expect(p.parseString('2000-02-29 00:00:00')).toBe(utc(2000, 1, 29));
  });
});

describe('bytes in place', () => {
  it('parses a slice of a larger buffer and agrees with parseString', () => {
    const text = '25-098502,2025-11-23 00:02:29.000,"2025-11-23 00:09:03.500",NULL';
    const bytes = new TextEncoder().encode(text);
    const p = compileFormat('YYYY-MM-DD HH:mm:ss.SSS');
    expect(p.parse(bytes, 10, 33)).toBe(p.parseString('2025-11-23 00:02:29.000'));
    expect(p.parse(bytes, 35, 58)).toBe(utc(2025, 10, 23, 0, 9, 3, 500));
    expect(p.parse(bytes, 60, 64)).toBeNaN();
    expect(p.parse(bytes, 10, 20)).toBeNaN();
  });

  it('matches Date.UTC for any valid date and time (property)', () => {
    const p = compileFormat('YYYY-MM-DD HH:mm:ss.SSS');
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1800, 0, 1)), max: new Date(Date.UTC(2199, 11, 31)), noInvalidDate: true }), (d) => {
        const text =
          `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
          `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
        expect(p.parseString(text)).toBe(d.getTime());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('format syntax', () => {
  it('accepts strftime and .NET spellings', () => {
    expect(parse('%Y-%m-%d %H:%M:%S.%f', '2017-03-01 08:09:10.5')).toBe(utc(2017, 2, 1, 8, 9, 10, 500));
    expect(parse('yyyy-MM-dd HH:mm:ss.fff', '2017-03-01 08:09:10.500')).toBe(utc(2017, 2, 1, 8, 9, 10, 500));
    expect(parse('MM/dd/yyyy hh:mm:ss tt', '03/01/2017 08:09:10 PM')).toBe(utc(2017, 2, 1, 20, 9, 10));
    expect(parse("YYYY-MM-DD'at'HH:mm", '2017-03-01at08:09')).toBe(utc(2017, 2, 1, 8, 9));
  });

  it.each([
    ['', 'empty'],
    ['hh:mm', 'needs an AM/PM marker'],
    ['YYYY-QQ-DD', 'not a token'],
    ['MM/DD', 'needs a year'],
    ['YYYY-MM-DD HH:mm[:ss', 'unclosed ['],
    ['YYYY-MM-DD HH:mm:ss YYYY', 'two year tokens'],
    ['HH:mmZ', 'an offset (Z) needs a date'],
    ['X YYYY', 'stand alone'],
    ['%Y-%q', 'not a supported strftime directive'],
  ])('rejects %j with a usage error (%s)', (format, why) => {
    let error: unknown;
    try {
      compileFormat(format);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CssError);
    expect((error as CssError).kind).toBe('usage');
    expect((error as CssError).message).toContain(why);
    expect((error as CssError).hint).toMatch(/docs\/time-zones\.md/);
  });
});
