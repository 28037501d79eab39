import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveMapping } from '../../src/ingest/schema/resolve.js';
import { validateMappingSpec } from '../../src/ingest/schema/mapping-file.js';
import { runCli, runJson } from '../helpers/cli.js';

/**
 * Without --tz (or a preset's or mapping file's zone) times are read as UTC. What that
 * means depends on whether the timestamps carry an offset (docs/time-zones.md).
 */

const LOCAL =
  'no time zone given: local timestamps were read as UTC, so hours of day are right but lengths of calls spanning a DST change may be off by an hour. Use --tz (e.g. --tz America/Chicago)';
const ABSOLUTE =
  "no time zone given: the timestamps carry their own UTC offset (or are epoch numbers), so lengths of calls are right but hours of day and months are reported in UTC, not the agency's local time. Use --tz (e.g. --tz America/Chicago) to report them in local time";
const mixed = (hours: string) =>
  `no time zone given: some timestamps carry a UTC offset and others do not; those without were read as UTC, so ${hours}, and intervals between the two kinds may be off by the agency's UTC offset. Use --tz (e.g. --tz America/Chicago)`;

const warningsOf = (headers: string[], rows: string[][], options: { tz?: string; mapping?: unknown } = {}) =>
  resolveMapping(headers, rows, {
    fileName: 'x.csv',
    tz: options.tz,
    mapping: options.mapping === undefined ? undefined : validateMappingSpec(options.mapping, 'map.json'),
  }).warnings;

describe('the no-time-zone warning', () => {
  it('local timestamps: hours of day are right, DST lengths may be off', () => {
    expect(warningsOf(['call_type', 'received_time', 'cleared_time'], [['A', '2024-01-01 10:00', '2024-01-01 11:00']])).toEqual([LOCAL]);
  });

  it('timestamps with an offset, read by a format whose offset is optional: hours and months are UTC', () => {
    expect(warningsOf(['call_type', 'received_time'], [['A', '2019/01/01 00:00:05+00'], ['B', '2019/01/01 10:00:05+00']])).toEqual([ABSOLUTE]);
  });

  it('ISO timestamps with Z and epoch seconds are absolute too (they used to get no warning)', () => {
    expect(warningsOf(['call_type', 'received_time'], [['A', '2019-01-01T00:00:05.000Z']])).toEqual([ABSOLUTE]);
    expect(warningsOf(['call_type', 'received_time'], [['A', '1546300800'], ['B', '1546300900']])).toEqual([ABSOLUTE]);
  });

  it('received with offsets, cleared without: hours are UTC, intervals between them off', () => {
    const rows = [['A', '2019/01/01 00:00:05+00', '2019-01-01 01:00:05']];
    expect(warningsOf(['call_type', 'received_time', 'cleared_time'], rows)).toEqual([mixed("hours of day and months are in UTC, not the agency's local time")]);
  });

  it('received without offsets, cleared with: hours are local, intervals between them off', () => {
    const rows = [['A', '2019-01-01 00:00:05', '2019-01-01T01:00:05Z']];
    expect(warningsOf(['call_type', 'received_time', 'cleared_time'], rows)).toEqual([mixed('hours of day and months are local time')]);
  });

  it('a received column mixing both kinds', () => {
    const rows = [
      ['A', '2019/01/01 00:00:05+00'],
      ['B', '2019/01/01 03:00:05'],
    ];
    expect(warningsOf(['call_type', 'received_time'], rows)).toEqual([mixed('hours of day and months are partly UTC and partly local time')]);
  });

  it('times derived from durations follow their base and do not make a mix', () => {
    const mapping = { fields: { callType: 'nature', received: 'created', cleared: { after: 'received', minutes: 'scene_min' } } };
    expect(warningsOf(['nature', 'created', 'scene_min'], [['A', '2024-01-01 10:00', '12']], { mapping })).toEqual([LOCAL]);
    expect(warningsOf(['nature', 'created', 'scene_min'], [['A', '2024-01-01T10:00:00Z', '12']], { mapping })).toEqual([ABSOLUTE]);
  });

  it('no warning with --tz or a mapping file zone', () => {
    expect(warningsOf(['call_type', 'received_time'], [['A', '2019/01/01 00:00:05+00']], { tz: 'America/Phoenix' })).toEqual([]);
    expect(warningsOf(['call_type', 'received_time'], [['A', '2019-01-01 00:00:05']], { mapping: { timeZone: 'America/Phoenix', fields: { callType: 'call_type', received: 'received_time' } } })).toEqual([]);
  });
});

describe('inspect without --tz on an ArcGIS Hub style export (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'css-tzwarn-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'hub.csv'),
    ['event,nature,received,cleared', 'E1,THEFT,2019/01/01 00:00:05+00,2019/01/01 01:00:05+00', 'E2,NOISE,2019/01/01 10:00:05+00,2019/01/01 11:30:05+00'].join('\n'),
  );

  it('says hours and months are UTC, once, on stderr and in the JSON', async () => {
    const { json } = await runJson(['inspect', 'hub.csv'], { cwd: dir });
    expect(json.mappingDetails.timeFormats.received).toBe('YYYY/MM/DD HH:mm[:ss[.SSS]][Z]');
    expect(json.mappingDetails.timeZone).toBe('UTC');
    expect(json.warnings).toEqual([ABSOLUTE]);
    expect(json.dateRange).toEqual({ from: '2019-01-01T00:00:05+00:00', to: '2019-01-01T10:00:05+00:00' });
    const r = await runCli(['inspect', 'hub.csv'], { cwd: dir });
    expect(r.stderr.split('\n').filter((l) => l.includes('no time zone given'))).toEqual([`warning: ${ABSOLUTE}`]);
  });

  it('with --tz the instants are unchanged and reported in local time, without the warning', async () => {
    const { json } = await runJson(['inspect', 'hub.csv', '--tz', 'America/Phoenix'], { cwd: dir });
    expect(json.warnings).toEqual([]);
    expect(json.dateRange).toEqual({ from: '2018-12-31T17:00:05-07:00', to: '2019-01-01T03:00:05-07:00' });
  });
});
