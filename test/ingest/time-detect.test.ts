import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { detectFormat, isNullLike } from '../../src/ingest/time/index.js';

// Values copied from the real exports in ../shared/data/real/ (see its SOURCES.md), so
// these tests run on a fresh clone; the last block re-checks whole columns when the files are there.
const REAL = {
  alexandriaArrival: ['2025-11-23 00:05:29.810', '2025-11-23 21:09:46.350', 'NULL', '2025-11-25 11:38:06.000', '2025-11-28 03:13:14.383'],
  seattleAtScene: ['03/25/2016 10:25:51 PM', '', '', '03/25/2016 01:04:40 PM', '', '03/25/2016 02:27:40 AM'],
  sanDiego: ['2023-01-01 00:00:05', '2023-01-03 07:53:10', '2023-01-05 01:59:44', '2023-01-14 07:09:47'],
  berkeleyDate: ['09/06/2019 12:00:00 AM', '09/24/2019 12:00:00 AM', '07/16/2019 12:00:00 AM', '11/21/2019 12:00:00 AM'],
  berkeleyTime: ['15:15', '05:00', '07:17', '09:00', '15:30'],
  dallas: ['2018-01-09T09:26:00.000', '2018-01-09T09:16:00.000', '2018-01-09T08:38:00.000'],
  // Seattle "Call Data" Arrived Time and Charleston ISO with Z, from SOURCES.md's schema notes.
  seattleCallData: ['Jan 01 1900 00:00:00:000AM', 'Mar 25 2016 11:58:30:000PM', 'Apr 02 2016 01:15:07:000AM'],
  charleston: ['2019-05-01T12:00:00.000Z', '2019-05-01T13:10:00.000Z'],
};

describe('detectFormat on the real exports', () => {
  it.each([
    ['Alexandria', REAL.alexandriaArrival, 'datetime', 'YYYY-MM-DD HH:mm:ss.SSS'],
    ['Seattle', REAL.seattleAtScene, 'datetime', 'MM/DD/YYYY hh:mm:ss A'],
    ['San Diego', REAL.sanDiego, 'datetime', 'YYYY-MM-DD HH:mm:ss'],
    ['Dallas', REAL.dallas, 'datetime', 'YYYY-MM-DDTHH:mm:ss.SSS'],
    ['Seattle Call Data', REAL.seattleCallData, 'datetime', 'MMM DD YYYY hh:mm:ss:SSSA'],
    ['Berkeley EVENTDT', REAL.berkeleyDate, 'date', 'MM/DD/YYYY'],
    ['Berkeley EVENTTM', REAL.berkeleyTime, 'time', 'HH:mm'],
  ] as const)('%s → %s', (_name, samples, kind, format) => {
    const found = detectFormat([...samples], kind);
    expect(found?.format).toBe(format);
    expect(found?.matched).toBe(found?.total);
    expect(found?.total).toBe(samples.filter((s) => !isNullLike(s)).length);
    expect(found?.parser.format).toBe(format);
  });

  it('says when a date column carried a time part that was ignored', () => {
    expect(detectFormat(REAL.berkeleyDate, 'date')?.ignoredTime).toBe(REAL.berkeleyDate.length);
  });

  it('counts absolute values (ISO with Z)', () => {
    const found = detectFormat(REAL.charleston, 'datetime');
    expect(found?.format).toBe('YYYY-MM-DDTHH:mm:ss.SSSZ');
    expect(found?.absolute).toBe(2);
    expect(found?.parser.absolute).toBe(true);
  });
});

describe('detectFormat choices', () => {
  it('prefers month-first and reports the ambiguity when no field is above 12', () => {
    const found = detectFormat(['03/04/2019 10:00', '05/06/2019 11:00'], 'datetime');
    expect(found?.format).toBe('MM/DD/YYYY HH:mm');
    expect(found?.ambiguous).toBe(true);
    expect(found?.alternative).toBe('DD/MM/YYYY HH:mm');
  });

  it('switches to day-first when a first field is above 12', () => {
    const found = detectFormat(['03/04/2019 10:00', '13/04/2019 11:00'], 'datetime');
    expect(found?.format).toBe('DD/MM/YYYY HH:mm');
    expect(found?.ambiguous).toBe(false);
    expect(found?.matched).toBe(2);
  });

  it('is not ambiguous when a second field is above 12', () => {
    const found = detectFormat(['03/25/2016 10:00'], 'datetime');
    expect(found?.format).toBe('MM/DD/YYYY HH:mm');
    expect(found?.ambiguous).toBe(false);
  });

  it('picks a format with optional parts when samples mix precisions', () => {
    const found = detectFormat(['2023-01-01 10:00', '2023-01-01 10:00:05', '2023-01-01 10:00:05.5'], 'datetime');
    expect(found?.format).toBe('YYYY-MM-DD HH:mm[:ss[.SSS]]');
    expect(found?.matched).toBe(3);
  });

  it('ignores empty and NULL-like samples', () => {
    const found = detectFormat(['', 'NULL', 'null', 'N/A', '\\N', '2023-01-01 00:00:05'], 'datetime');
    expect(found?.total).toBe(1);
    expect(found?.matched).toBe(1);
    expect(detectFormat(['', 'NULL'], 'datetime')).toBeNull();
  });

  it('reports the samples it could not read', () => {
    const found = detectFormat(['2023-01-01 00:00:05', '2023-01-01 00:00:06', 'soon', '2023-02-30 00:00:00'], 'datetime');
    expect(found?.matched).toBe(2);
    expect(found?.total).toBe(4);
    expect(found?.unmatched).toEqual(['soon', '2023-02-30 00:00:00']);
  });

  it('detects epoch seconds and milliseconds, but not small counts', () => {
    expect(detectFormat(['1546300800', '1546304400'], 'datetime')?.format).toBe('X');
    expect(detectFormat(['1546300800000', '1546304400123'], 'datetime')?.format).toBe('x');
    expect(detectFormat(['1', '42', '300'], 'datetime')).toBeNull();
  });

  it('detects compact dates and times', () => {
    expect(detectFormat(['20190306', '20191231'], 'date')?.format).toBe('YYYYMMDD');
    expect(detectFormat(['03062019', '12312019'], 'date')?.format).toBe('MMDDYYYY');
    expect(detectFormat(['0704', '2359'], 'time')?.format).toBe('HHmm');
    expect(detectFormat(['070412', '235959'], 'time')?.format).toBe('HHmmss');
    expect(detectFormat(['07:04:00 PM', '11:00:00 AM'], 'time')?.format).toBe('hh:mm:ss A');
  });

  it('returns null when nothing matches', () => {
    expect(detectFormat(['hello', 'world'], 'datetime')).toBeNull();
    expect(detectFormat(['15:15'], 'date')).toBeNull();
  });
});

const DIR = '/work/shared/data/real';
describe.skipIf(!existsSync(DIR))('whole timestamp columns of the real exports', () => {
  const column = (file: string, name: string): string[] => {
    const rows = parseCsv(readFileSync(`${DIR}/${file}`), { columns: true, bom: true }) as Record<string, string>[];
    return rows.map((r) => r[name] ?? '');
  };

  it.each([
    ['alexandria-va-decc-cad-week48-2025.csv', 'Response_Date', 'datetime', 'YYYY-MM-DD HH:mm:ss.SSS'],
    ['alexandria-va-decc-cad-week48-2025.csv', 'Incident_Arrival_Time', 'datetime', 'YYYY-MM-DD HH:mm:ss.SSS'],
    ['alexandria-va-decc-cad-week48-2025.csv', 'Final_Closed_Time', 'datetime', 'YYYY-MM-DD HH:mm:ss.SSS'],
    ['seattle-911-incident-response.csv', 'Event Clearance Date', 'datetime', 'MM/DD/YYYY hh:mm:ss A'],
    ['seattle-911-incident-response.csv', 'At Scene Time', 'datetime', 'MM/DD/YYYY hh:mm:ss A'],
    ['san-diego-calls-for-service-2023.csv', 'date_time', 'datetime', 'YYYY-MM-DD HH:mm:ss'],
    ['berkeley-pd-calls-for-service-2019.csv', 'EVENTDT', 'date', 'MM/DD/YYYY'],
    ['berkeley-pd-calls-for-service-2019.csv', 'EVENTTM', 'time', 'HH:mm'],
    ['berkeley-pd-calls-for-service-2019.csv', 'InDbDate', 'datetime', 'MM/DD/YYYY hh:mm:ss A'],
    ['dallas-active-calls.csv', 'date_time', 'datetime', 'YYYY-MM-DDTHH:mm:ss.SSS'],
  ] as const)('%s %s → %s', (file, name, kind, format) => {
    const values = column(file, name);
    const found = detectFormat(values, kind);
    expect(found?.format).toBe(format);
    expect(found?.unmatched).toEqual([]);
    expect(found?.matched).toBe(values.filter((v) => !isNullLike(v)).length);
  });
});

describe('detectFormat on styles other tools write', () => {
  // Each case: samples, the kind, and what the first sample must read as (UTC wall or
  // instant milliseconds), so a format that matches but misreads a field fails too.
  it.each([
    ['ArcGIS Hub / open-data portal, offset +00', ['2019/01/01 00:00:05+00', '2019/12/31 23:59:59+00'], Date.UTC(2019, 0, 1, 0, 0, 5), true],
    ['portal, offset -05', ['2019/07/04 13:30:00-05', '2019/07/05 01:00:00-05'], Date.UTC(2019, 6, 4, 18, 30, 0), true],
    ['AM/PM run on, double space', ['01/01/2016  12:00AM', '01/15/2016  1:05PM'], Date.UTC(2016, 0, 1, 0, 0), false],
    ['month-day-year with dashes', ['07-04-2019 13:30:00', '12-31-2019 23:59:59'], Date.UTC(2019, 6, 4, 13, 30), false],
    ['spreadsheet display', ['Jan 1, 2019 12:00:05 AM', 'Dec 31, 2019 11:59:59 PM'], Date.UTC(2019, 0, 1, 0, 0, 5), false],
    ['Oracle TIMESTAMP text', ['01-JAN-19 12.00.05.000000 AM', '31-DEC-19 11.59.59.123456 PM'], Date.UTC(2019, 0, 1, 0, 0, 5), false],
    ['day-first with dots', ['04.07.2019 13:30', '31.12.2019 23:59'], Date.UTC(2019, 6, 4, 13, 30), false],
  ] as const)('%s', (_name, samples, first, instant) => {
    const found = detectFormat([...samples], 'datetime');
    expect(found?.matched).toBe(samples.length);
    expect(found!.parser.parseString(samples[0])).toBe(first);
    expect(found!.parser.lastWasInstant).toBe(instant);
    expect(found!.absolute).toBe(instant ? samples.length : 0);
  });

  it('a portal column without offsets still reads as local wall time', () => {
    const found = detectFormat(['2019/01/01 00:00:05', '2019/06/01 12:00:00'], 'datetime');
    expect(found?.format).toBe('YYYY/MM/DD HH:mm[:ss[.SSS]]');
    expect(found?.absolute).toBe(0);
  });

  it.each([
    ['Jan 5, 2019', Date.UTC(2019, 0, 5)],
    ['05-JAN-19', Date.UTC(2019, 0, 5)],
    ['25.12.2019', Date.UTC(2019, 11, 25)],
  ])('date %s', (sample, expected) => {
    const found = detectFormat([sample], 'date');
    expect(found?.parser.parseString(sample)).toBe(expected);
  });
});
