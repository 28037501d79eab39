import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';

/**
 * inspect's "What to check" for values it could not read: a derived time (docs/mapping.md,
 * "Times derived from durations") fails on a duration that is not a number, so the advice
 * names the duration columns and their unit instead of --datetime-format.
 */

describe('advice on unparsed values of derived times (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'css-derived-advice-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'calls.csv'),
    [
      'event,nature,created,intake_min,queue_sec,drive_min,scene_min,closed',
      'E1,THEFT,2024-05-06 08:00:00,1.5,30,6,20,2024-05-06 09:00:00',
      'E2,NOISE,2024-05-06 09:00:00,2,x,7,1:30,2024-05-06 10:00:00',
      'E3,THEFT,2024-05-06 10:00:00,abc,20,5,15,2024-05-06 25:00:00',
      'E4,THEFT,2024-05-06 11:00:00,1,20,n/a,15,2024-05-06 12:00:00',
    ].join('\n'),
  );
  const base = { timeZone: 'America/New_York', fields: { id: 'event', callType: 'nature', received: 'created' } };
  const withFields = (fields: Record<string, unknown>) => JSON.stringify({ ...base, fields: { ...base.fields, ...fields } });
  writeFileSync(
    join(dir, 'minutes-and-seconds.json'),
    withFields({
      dispatched: { after: 'received', minutes: 'intake_min', seconds: 'queue_sec' },
      arrived: { after: 'dispatched', minutes: ['drive_min'] },
      cleared: { after: 'arrived', minutes: [['scene', 'scene_min']] },
    }),
  );
  writeFileSync(join(dir, 'two-minute-columns.json'), withFields({ dispatched: { after: 'received', minutes: ['intake_min', 'drive_min'] }, cleared: 'closed' }));

  const failureAdvice = (advice: string[]) => advice.filter((a) => /could not be (computed|parsed)/.test(a));

  it('one unit per field: names the column(s), the unit and the example; no --datetime-format', async () => {
    const { json } = await runJson(['inspect', 'calls.csv', '--mapping', 'minutes-and-seconds.json'], { cwd: dir });
    expect(json.fields.dispatched).toMatchObject({ column: 'intake_min + queue_sec', failures: 2, examples: ['x', 'abc'] });
    expect(failureAdvice(json.advice)).toEqual([
      '2 values of dispatched could not be computed (e.g. "x"): dispatched is received plus the duration columns "intake_min" and "queue_sec", and one of them holds values that are not numbers. Durations must be decimal numbers, minutes in "intake_min" and seconds in "queue_sec" (1.5, not 1:30); those values count as missing.',
      '1 value of cleared could not be computed (e.g. "1:30"): cleared is arrived plus the duration column "scene_min", which holds values that are not numbers. Durations must be decimal minutes (1.5, not 1:30); those values count as missing.',
    ]);
    expect(json.advice.join('\n')).not.toMatch(/--datetime-format/);
  });

  it('a derived time and a timestamp column failing in one export each get their own advice', async () => {
    const { json } = await runJson(['inspect', 'calls.csv', '--mapping', 'two-minute-columns.json'], { cwd: dir });
    expect(failureAdvice(json.advice)).toEqual([
      '1 value of dispatched could not be computed (e.g. "abc"): dispatched is received plus the duration columns "intake_min" and "drive_min", and one of them holds values that are not numbers. Durations must be decimal minutes (1.5, not 1:30); those values count as missing.',
      '1 values in "closed" (cleared) could not be parsed as YYYY-MM-DD HH:mm:ss (e.g. "2024-05-06 25:00:00"): they count as missing. Check --datetime-format.',
    ]);
  });

  it('the detroit-911 preset: its "1:30" travel time', async () => {
    const r = await runCli(['inspect', 'fixtures/presets/calls-detroit-911-minutes.csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '- 1 value of arrived could not be computed (e.g. "1:30"): arrived is dispatched plus the duration column "traveltime", which holds values that are not numbers. Durations must be decimal minutes (1.5, not 1:30); those values count as missing.\n',
    );
    expect(r.stdout).not.toContain('--datetime-format');
  });
});
