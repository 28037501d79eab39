import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';

/**
 * End to end on the built CLI (`npm run build` first): exports that publish durations
 * instead of unit timestamps get officer time through derived times (docs/mapping.md).
 */

const DETROIT = 'fixtures/presets/calls-detroit-911-minutes.csv';

describe('detroit-911 preset: unit times from the minute columns', () => {
  it('officer time is measurable: dispatch → clear = travel + on scene, hand-computed', async () => {
    const { json } = await runJson(['classify', DETROIT]);
    expect(json.input.preset).toBe('detroit-911');
    expect(json.mapping).toMatchObject({ received: 'call_timestamp', dispatched: ['intaketime', 'dispatchtime'], arrived: 'traveltime', cleared: 'time_on_scene' });
    const ot = json.officerTime;
    expect(ot.measurable).toBe(true);
    expect(ot.basis).toBe('dispatch');
    // Rows 1–14 and 20: traveltime + time_on_scene = 30, 45, 30, 15, 60, 30, 90, 30, 30, 45,
    // 45, 10, 15, 45 and 20 minutes = 540 minutes = 9 hours, one unit each.
    expect(ot.measuredCalls).toBe(15);
    expect(ot.measuredHours).toBe(9);
    // Row 15 has no time_on_scene, row 16 no intaketime (so no dispatch, arrival or clear),
    // row 17 a traveltime of "1:30"; row 18 travels −20 minutes then 5 on scene (−15);
    // row 19 stays 600 minutes on scene (610 > the 480-minute cap).
    expect(ot.imputed).toEqual({ 'missing time': 3, negative: 1, 'zero length': 0, 'over cap': 1 });
    // No type or category has 5 measured units: all five take the overall median, the 8th
    // of the 15 sorted minutes (10 15 15 20 30 30 30 [30] 30 45 45 45 45 60 90) = 30.
    expect(ot.imputedFrom).toMatchObject({ overall: 5 });
    expect(ot.medianMinutesPerUnit).toBe(30);
    expect(ot.imputedHours).toBe(2.5);
    expect(json.totals.officerHours).toBe(11.5);
    expect(json.input.rowsRead).toBe(20);
    expect(json.input.rowsRejected).toBe(0);
  });

  it('inspect counts the missing and unparseable durations per derived field', async () => {
    const { json } = await runJson(['inspect', DETROIT]);
    expect(json.fields.dispatched).toMatchObject({ column: 'intaketime + dispatchtime', filled: 19, missing: 1, failures: 0 });
    expect(json.fields.arrived).toMatchObject({ column: 'traveltime', filled: 18, missing: 1, failures: 1, examples: ['1:30'] });
    expect(json.fields.cleared).toMatchObject({ column: 'time_on_scene', filled: 17, missing: 3, failures: 0 });
    expect(json.mappingDetails.timeFormats).toMatchObject({ dispatched: 'minutes after received', arrived: 'minutes after dispatched', cleared: 'minutes after arrived' });
    expect(json.durations.negative).toMatchObject({ dispatchedToArrived: 1, dispatchedToCleared: 1 });
  });
});

describe('a mapping file with derived times', () => {
  const dir = mkdtempSync(join(tmpdir(), 'css-derived-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'calls.csv'),
    [
      'event,nature,created,queue_sec,drive_min,scene_min',
      'E1,DISTURBANCE,2024-05-06 08:00:00,90,6.5,23.5',
      'E2,WELFARE CHECK,2024-05-06 09:00:00,30,10,50',
      'E3,NOISE COMPLAINT,2024-05-06 10:00:00,60,4.25,10.75',
      'E4,THEFT REPORT,2024-05-06 11:00:00,120,,40',
      'E5,DISTURBANCE,2024-05-06 12:00:00,45,abc,20',
      'E6,TRESPASS,2024-05-06 13:00:00,15,12,33',
    ].join('\n'),
  );
  const mapping = (fields: Record<string, unknown>) => JSON.stringify({ timeZone: 'America/New_York', fields: { id: 'event', callType: 'nature', received: 'created', ...fields } });
  const chain = {
    dispatched: { after: 'received', seconds: 'queue_sec' },
    arrived: { after: 'dispatched', minutes: 'drive_min' },
    cleared: { after: 'arrived', minutes: ['scene_min'] },
  };
  writeFileSync(join(dir, 'map.json'), mapping(chain));
  writeFileSync(join(dir, 'bad-order.json'), mapping({ ...chain, arrived: { after: 'cleared', minutes: 'drive_min' } }));
  writeFileSync(join(dir, 'bad-column.json'), mapping({ ...chain, arrived: { after: 'dispatched', minutes: 'drive' } }));

  it('measures dispatch → clear from the durations (seconds to dispatch are not officer time)', async () => {
    const { json } = await runJson(['classify', 'calls.csv', '--mapping', 'map.json'], { cwd: dir });
    const ot = json.officerTime;
    // E1 6.5 + 23.5 = 30, E2 10 + 50 = 60, E3 4.25 + 10.75 = 15, E6 12 + 33 = 45: 150 minutes.
    expect(ot.measuredCalls).toBe(4);
    expect(ot.measuredHours).toBe(2.5);
    // E4 has no drive time and E5 an unparseable one: no arrival, so no clear either.
    expect(ot.imputed).toEqual({ 'missing time': 2, negative: 0, 'zero length': 0, 'over cap': 0 });
    // Each of the three is rounded to 2 decimals on its own.
    expect(json.totals.officerHours).toBeCloseTo(ot.measuredHours + ot.imputedHours, 1);
  });

  it('--time-basis arrive measures arrival → clear: the on-scene minutes', async () => {
    const { json } = await runJson(['classify', 'calls.csv', '--mapping', 'map.json', '--time-basis', 'arrive'], { cwd: dir });
    // 23.5 + 50 + 10.75 + 33 = 117.25 minutes.
    expect(json.officerTime.measuredHours).toBe(1.95);
    expect(json.officerTime.measuredCalls).toBe(4);
  });

  it('inspect: the unparseable duration is a failure of arrived, quoted; the blank one missing', async () => {
    const { json } = await runJson(['inspect', 'calls.csv', '--mapping', 'map.json'], { cwd: dir });
    expect(json.input.rowsRejected).toBe(0);
    expect(json.fields.dispatched).toMatchObject({ column: 'queue_sec', filled: 6, missing: 0, failures: 0 });
    expect(json.fields.arrived).toMatchObject({ filled: 4, missing: 1, failures: 1, examples: ['abc'] });
    expect(json.fields.cleared).toMatchObject({ filled: 4, missing: 2, failures: 0 });
    expect(json.mappingDetails.timeFormats.dispatched).toBe('seconds after received');
  });

  it('a base that does not come earlier: exit 2 with the file and JSON path', async () => {
    const r = await runCli(['classify', 'calls.csv', '--mapping', 'bad-order.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(
      'css-analyze: bad-order.json: fields.arrived.after: "cleared" does not come before arrived: derive it from an earlier time (received → dispatched → enroute → arrived → cleared). See docs/mapping.md for the format',
    );
  });

  it('a duration column the export does not have: exit 2 naming it and the columns', async () => {
    const r = await runCli(['classify', 'calls.csv', '--mapping', 'bad-column.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'css-analyze: calls.csv: the mapping names column "drive" for arrived (minutes), but the file has no such column. Columns are: event, nature, created, queue_sec, drive_min, scene_min',
    );
  });
});
