import { describe, expect, it } from 'vitest';
import { ArrayRecord } from '../../src/ingest/array-record.js';
import { emptyCall, type Call } from '../../src/ingest/call.js';
import { parseDecimal } from '../../src/ingest/derived-times.js';
import { RowMapper } from '../../src/ingest/row-mapper.js';
import { validateMappingSpec } from '../../src/ingest/schema/mapping-file.js';
import { resolveMapping } from '../../src/ingest/schema/resolve.js';
import { createZone } from '../../src/ingest/time/index.js';
import { CssError } from '../../src/errors.js';

/**
 * Times derived from an earlier time plus duration columns (docs/mapping.md): the mapper
 * on hand-written rows, and the mapping-file checks with their exact messages.
 */

const HEADERS = ['id', 'type', 'created', 'intake', 'to_dispatch', 'travel', 'on_scene', 'travel_sec'];
const SAMPLE = [['1', 'THEFT', '2024-03-01 10:00:00', '1', '2', '3', '4', '180']];
const T0 = Date.UTC(2024, 2, 1, 10, 0, 0);
const MIN = 60_000;

/** Detroit's shape: dispatch = received + intake + to_dispatch; arrival = dispatch + travel; clear = arrival + on scene. */
const CHAIN = {
  id: 'id',
  callType: 'type',
  received: { column: 'created', format: 'YYYY-MM-DD HH:mm:ss' },
  dispatched: { after: 'received', minutes: ['intake', 'to_dispatch'] },
  arrived: { after: 'dispatched', minutes: 'travel' },
  cleared: { after: 'arrived', minutes: 'on_scene' },
};

function mapper(fields: Record<string, unknown>, needed?: string[]): RowMapper {
  const spec = validateMappingSpec({ timeZone: 'UTC', fields }, 'map.json');
  const mapping = resolveMapping(HEADERS, SAMPLE, { mapping: spec, mappingFile: 'map.json', fileName: 'calls.csv' });
  return new RowMapper(mapping, createZone('UTC'), 0, needed ? new Set(needed) : undefined);
}

function row(m: RowMapper, intake: string, toDispatch: string, travel: string, onScene: string, travelSec = ''): Call {
  const call = emptyCall();
  const problem = m.map(new ArrayRecord().set(['7', 'THEFT', '2024-03-01 10:00:00', intake, toDispatch, travel, onScene, travelSec], 2), call);
  // Derived times never reject a row: only the call type and the received time can.
  expect(problem).toBeNull();
  return call;
}

const minutesAfterT0 = (t: number) => (t - T0) / MIN;

describe('derived times in the row mapper', () => {
  it('chains decimal minutes: received → dispatched → arrived → cleared', () => {
    const m = mapper(CHAIN);
    const c = row(m, '1.5', '3.25', '8', '22.75');
    expect([c.dispatched, c.arrived, c.cleared].map(minutesAfterT0)).toEqual([4.75, 12.75, 35.5]);
    expect(m.stats.cleared).toMatchObject({ filled: 1, missing: 0, failures: 0 });
  });

  it('reads seconds, a mix of units, and alternative column names per duration', () => {
    const m = mapper({ ...CHAIN, arrived: { after: 'dispatched', minutes: [['drive_min', 'travel']], seconds: 'travel_sec' } });
    const c = row(m, '0', '1', '2', '3', '90');
    expect([c.dispatched, c.arrived, c.cleared].map(minutesAfterT0)).toEqual([1, 4.5, 7.5]);
  });

  it('an empty or null-marker duration makes the time missing, and the times derived from it', () => {
    const m = mapper(CHAIN);
    const empty = row(m, '1', '2', '', '4');
    expect(minutesAfterT0(empty.dispatched)).toBe(3);
    expect([empty.arrived, empty.cleared]).toEqual([NaN, NaN]);
    const nullMarker = row(m, 'NULL', '2', '3', '4');
    expect([nullMarker.dispatched, nullMarker.arrived, nullMarker.cleared]).toEqual([NaN, NaN, NaN]);
    const blank = row(m, '1', '2', '3', '  ');
    expect(blank.cleared).toBeNaN();
    expect(m.stats.dispatched).toMatchObject({ filled: 2, missing: 1, failures: 0 });
    expect(m.stats.arrived).toMatchObject({ filled: 1, missing: 2, failures: 0 });
    expect(m.stats.cleared).toMatchObject({ filled: 0, missing: 3, failures: 0 });
  });

  it('a non-numeric duration is a parse failure of its field, quoted; the row is still analysed', () => {
    const m = mapper(CHAIN);
    const c = row(m, '1', '2', '1:30', '4');
    expect(minutesAfterT0(c.dispatched)).toBe(3);
    expect(c.arrived).toBeNaN();
    expect(c.cleared).toBeNaN();
    row(m, '1', 'two', '3', '4');
    expect(m.stats.arrived).toMatchObject({ filled: 0, missing: 1, failures: 1, examples: ['1:30'] });
    expect(m.stats.dispatched).toMatchObject({ filled: 1, failures: 1, examples: ['two'] });
    // A failure outranks a blank beside it: the bad value is what to fix.
    row(m, '', 'x', '3', '4');
    expect(m.stats.dispatched).toMatchObject({ failures: 2, missing: 0, examples: ['two', 'x'] });
  });

  it('a negative duration gives a time before its base, left for the officer-time rules', () => {
    const c = row(mapper(CHAIN), '1', '2', '-20', '5');
    expect([c.dispatched, c.arrived, c.cleared].map(minutesAfterT0)).toEqual([3, -17, -12]);
  });

  it('an absurd duration counts as a placeholder, as a 2100 date would', () => {
    const m = mapper(CHAIN);
    const c = row(m, '1', '2', '3', '99999999999');
    expect(c.cleared).toBeNaN();
    expect(m.stats.cleared).toMatchObject({ placeholders: 1, filled: 0 });
  });

  it('parses plain decimals from bytes and the rest (exponents, long fractions) exactly as Number does', () => {
    const m = mapper(CHAIN);
    const c = row(m, '+0.5', ' 2.5 ', '1.5E+1', '0.33333333333333333');
    expect(minutesAfterT0(c.dispatched)).toBe(3);
    expect(minutesAfterT0(c.arrived)).toBe(18);
    expect(c.cleared - c.arrived).toBe(Math.round(Number('0.33333333333333333') * MIN));
    const bytes = (s: string) => Buffer.from(s, 'utf8');
    for (const s of ['12', '-0.5', '.25', '7.', ' 3.125 ', '0.1', '123456789012.345']) {
      expect(parseDecimal(bytes(s), 0, bytes(s).length), s).toBe(Number(s));
    }
    for (const s of ['', '-', '.', '1:30', '1,5', '1e3', '0x10', '1 2', '1234567890123456']) {
      expect(parseDecimal(bytes(s), 0, bytes(s).length), s).toBeNaN();
    }
  });

  it('computes the bases of a wanted derived time even when the consumer does not read them', () => {
    // The analysis reads received, dispatched and cleared; cleared needs arrived.
    const m = mapper(CHAIN, ['callType', 'received', 'dispatched', 'cleared']);
    const c = row(m, '1', '2', '3', '4');
    expect(minutesAfterT0(c.cleared)).toBe(10);
    expect(m.stats.arrived.filled).toBe(1);
    expect(c.enroute).toBeNaN();
  });

  it('a mapping without derived times builds no derived path (the per-row cost stays as it was)', () => {
    const plain = mapper({ callType: 'type', received: 'created', cleared: 'created' });
    expect(plain['derived']).toBeNull();
    expect(mapper(CHAIN)['derived']).not.toBeNull();
  });
});

function message(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(CssError);
    return (err as CssError).format();
  }
  throw new Error('expected an error');
}

describe('derived times in a mapping file: errors name the file and the JSON path', () => {
  const base = { callType: 'type', received: 'created' };
  const validate = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}) => () => validateMappingSpec({ fields: { ...base, ...fields }, ...extra }, 'map.json');
  const cases: [string, Record<string, unknown>, string][] = [
    [
      'a base that does not come earlier',
      { cleared: 'on_scene', arrived: { after: 'cleared', minutes: 'travel' } },
      'map.json: fields.arrived.after: "cleared" does not come before arrived: derive it from an earlier time (received → dispatched → enroute → arrived → cleared). See docs/mapping.md for the format',
    ],
    [
      'a time derived from itself',
      { dispatched: { after: 'dispatched', minutes: 'to_dispatch' } },
      'map.json: fields.dispatched.after: "dispatched" does not come before dispatched: derive it from an earlier time (received → dispatched → enroute → arrived → cleared). See docs/mapping.md for the format',
    ],
    [
      'a derived received time',
      { received: { after: 'received', minutes: 'intake' } },
      'map.json: fields.received: the received time cannot be derived: it is the earliest time of a call. Map the column that holds it. See docs/mapping.md for the format',
    ],
    [
      'a base that is not a time field',
      { arrived: { after: 'created', minutes: 'travel' } },
      'map.json: fields.arrived.after: expected the time it is derived from, one of received, dispatched, enroute; got "created". See docs/mapping.md for the format',
    ],
    [
      'a base the file does not map',
      { cleared: { after: 'arrived', minutes: 'on_scene' } },
      'map.json: fields.cleared.after: "arrived" is not mapped: map its column too, or derive cleared from a mapped time. See docs/mapping.md for the format',
    ],
    [
      'no duration',
      { dispatched: { after: 'received' } },
      'map.json: fields.dispatched: expected "minutes" or "seconds": the duration columns added to received. See docs/mapping.md for the format',
    ],
    [
      'a duration that is not a column name',
      { dispatched: { after: 'received', minutes: [5] } },
      'map.json: fields.dispatched.minutes: expected a column name, or a list of columns to add (each a name or a list of alternative names). See docs/mapping.md for the format',
    ],
    [
      'an unknown key beside "after"',
      { dispatched: { after: 'received', minutes: 'intake', format: 'mm' } },
      'map.json: fields.dispatched.format: unknown key (a derived time has after, minutes, seconds). See docs/mapping.md for the format',
    ],
    [
      'hours (not a unit)',
      { dispatched: { after: 'received', hours: 'intake' } },
      'map.json: fields.dispatched.hours: unknown key (a derived time has after, minutes, seconds). See docs/mapping.md for the format',
    ],
  ];
  for (const [name, fields, expected] of cases) {
    it(name, () => expect(message(validate(fields))).toBe(expected));
  }

  it('a duration column missing from the export', () => {
    const spec = validateMappingSpec({ fields: { ...base, dispatched: { after: 'received', minutes: 'to_dispatch' }, arrived: { after: 'dispatched', minutes: 'drive' } } }, 'map.json');
    expect(message(() => resolveMapping(HEADERS, SAMPLE, { mapping: spec, mappingFile: 'map.json', fileName: 'calls.csv' }))).toBe(
      'calls.csv: the mapping names column "drive" for arrived (minutes), but the file has no such column. Columns are: id, type, created, intake, to_dispatch, travel, on_scene, travel_sec',
    );
  });

  it('extending a preset: a base the preset does not map either is caught when the mapping is bound', () => {
    const spec = validateMappingSpec({ extends: 'san-diego-pd', fields: { cleared: { after: 'arrived', minutes: 'on_scene' } } }, 'map.json');
    const headers = ['incident_num', 'date_time', 'call_type', 'disposition', 'beat', 'priority', 'on_scene'];
    const sample = [['1', '2024-01-01 10:00:00', '415', 'A', '1', '2', '5']];
    expect(message(() => resolveMapping(headers, sample, { mapping: spec, mappingFile: 'map.json', fileName: 'calls.csv' }))).toBe(
      'map.json: fields.cleared.after: "arrived" is not mapped: map its column too, or derive cleared from a mapped time. See docs/mapping.md',
    );
  });

  it('a valid mapping keeps the derived specs as written', () => {
    const spec = validateMappingSpec({ fields: { ...base, dispatched: { after: 'received', minutes: ['intake', ['to_dispatch', 'dispatch']], seconds: 'travel_sec' } } }, 'map.json');
    expect(spec.fields.dispatched).toEqual({ after: 'received', minutes: ['intake', ['to_dispatch', 'dispatch']], seconds: 'travel_sec' });
  });
});
