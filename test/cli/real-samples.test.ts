import { describe, expect, it } from 'vitest';
import { runJson } from '../helpers/cli.js';

/**
 * Every real export in fixtures/real/ (copied from shared/data/real with its source in
 * fixtures/README.md) is inspected with no flags: its preset is detected, every record
 * is read (records, not lines: Berkeley has newlines inside quoted fields), and call
 * type plus received time are mapped, with dispatch/arrive/clear where the file has them.
 */
const SAMPLES = [
  { file: 'alexandria-va-decc-cad-week48-2025.csv', preset: 'alexandria-va', rows: 1493, calls: 1493, times: ['received', 'dispatched', 'arrived', 'cleared'] },
  { file: 'seattle-911-incident-response.csv', preset: 'seattle-spd-incident-response', rows: 706, calls: 706, times: ['received', 'arrived', 'cleared'] },
  { file: 'san-diego-calls-for-service-2023.csv', preset: 'san-diego-pd', rows: 20000, calls: 19986, times: ['received'] },
  { file: 'berkeley-pd-calls-for-service-2019.csv', preset: 'berkeley-pd', rows: 5417, calls: 5417, times: ['received'] },
  { file: 'dallas-active-calls.csv', preset: 'dallas-pd-active-calls', rows: 63, calls: 45, times: ['received'] },
];

describe('inspect on the real samples, no flags', () => {
  for (const s of SAMPLES) {
    it(s.file, async () => {
      const { json } = await runJson(['inspect', `fixtures/real/${s.file}`]);
      expect(json.input.preset).toBe(s.preset);
      expect(json.input.rowsRead).toBe(s.rows);
      expect(json.input.rowsRead).toBe(json.input.rowsAccepted + json.input.rowsRejected);
      expect(json.input.calls).toBe(s.calls);
      expect(json.mapping.callType ?? json.mapping.callTypeCode).toBeTruthy();
      for (const t of s.times) expect(json.mapping[t], t).toBeTruthy();
      expect(json.fields.received.failures).toBe(0);
      expect(json.dateRange.from).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      expect(json.input.encoding).toBe('utf-8');
      expect(json.input.delimiter).toBe(',');
    });
  }

  it('San Diego: call-type codes decoded with the city code list; blank call types rejected with a reason', async () => {
    const { json } = await runJson(['inspect', 'fixtures/real/san-diego-calls-for-service-2023.csv']);
    expect(json.input.rejectReasons).toEqual({ 'missing call type': 14 });
    const types = json.callTypes.top.map((t: { callType: string }) => t.callType);
    expect(types.some((t: string) => /\[\w+\]$/.test(t))).toBe(true); // "DESCRIPTION [CODE]"
    expect(json.dateRange).toEqual({ from: '2023-01-01T00:00:05-08:00', to: '2023-01-16T09:39:03-08:00' });
  });

  it('Dallas: one row per unit collapses to incidents; "38 - Meet Complainant" splits into code and text', async () => {
    const { json } = await runJson(['inspect', 'fixtures/real/dallas-active-calls.csv', '--top', '100']);
    expect(json.input.unitRowsMerged).toBe(18);
    const meet = json.callTypes.top.find((t: { callType: string }) => t.callType.startsWith('Meet Complainant'));
    expect(meet.callType).toBe('Meet Complainant [38]');
  });

  it('Berkeley: split date and time columns combine, in Pacific time', async () => {
    const { json } = await runJson(['inspect', 'fixtures/real/berkeley-pd-calls-for-service-2019.csv']);
    expect(json.mapping.received).toEqual(['EVENTDT', 'EVENTTM']);
    expect(json.dateRange.from).toBe('2019-06-23T00:00:00-07:00');
    expect(json.mappingDetails.timeFormats.received).toBe('MM/DD/YYYY + HH:mm');
  });

  it('Seattle: on-view calls are recognised as officer-initiated from the initial call type', async () => {
    const { json } = await runJson(['inspect', 'fixtures/real/seattle-911-incident-response.csv']);
    expect(json.sources.officer).toBeGreaterThan(0);
    expect(json.fields.arrived.fillRate).toBeLessThan(0.5);
  });

  it('Alexandria: NULL strings are missing values, officer-initiated calls come from Call_Reception', async () => {
    const { json } = await runJson(['inspect', 'fixtures/real/alexandria-va-decc-cad-week48-2025.csv']);
    expect(json.fields.arrived.missing).toBeGreaterThan(100);
    expect(json.fields.arrived.failures).toBe(0);
    expect(json.sources.officer).toBeGreaterThan(100);
  });
});
