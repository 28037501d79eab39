import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectMapping, findPreset } from '../../src/ingest/schema/detect.js';
import { runCli, runJson } from '../helpers/cli.js';

/**
 * Initial and final call types named as a pair where only one side says which
 * (src/ingest/schema/detect.ts, docs/mapping.md "Detection from the header").
 */

const TYPE_FIELDS = ['callType', 'callTypeCode', 'initialCallType', 'initialCallTypeCode'];

/** The call-type fields detected for a header, each as "column @ confidence". */
function typeFields(headers: string[]): Record<string, string> {
  const row = headers.map((h) => (/received/i.test(h) ? '2024-01-01 10:00:00' : 'X'));
  const { spec, guesses } = detectMapping(headers, [row]);
  const out: Record<string, string> = {};
  for (const f of TYPE_FIELDS) {
    const column = spec.fields[f as keyof typeof spec.fields];
    if (column !== undefined) out[f] = `${String(column)} @ ${guesses[f].confidence.toFixed(3)}`;
  }
  return out;
}

describe('pairs of call-type columns', () => {
  // [headers (a "Time Received" column is added), expected call-type fields]
  const cases: [string[], Record<string, string>][] = [
    // Phoenix: the unmarked CALL_TYPE is the type as first entered; the lone final code is the final code.
    [
      ['INCIDENT_NUM', 'DISP_CODE', 'DISPOSITION', 'CALL_RECEIVED', 'CALL_TYPE', 'FINAL_CALL_TYPE', 'FINAL_RADIO_CODE', 'HUNDREDBLOCKADDR', 'GRID'],
      { callType: 'FINAL_CALL_TYPE @ 0.965', callTypeCode: 'FINAL_RADIO_CODE @ 0.945', initialCallType: 'CALL_TYPE @ 0.940' },
    ],
    [['Nature', 'Final Nature'], { callType: 'Final Nature @ 0.955', initialCallType: 'Nature @ 0.930' }],
    // "type" alone is generic: the pair makes the plain side the initial type, but not surely.
    [['Type', 'Final Type'], { callType: 'Final Type @ 0.945', initialCallType: 'Type @ 0.700' }],
    [['Call Type', 'Call Type Final'], { callType: 'Call Type Final @ 0.940', initialCallType: 'Call Type @ 0.940' }],
    [['Problem', 'Final Problem'], { callType: 'Final Problem @ 0.935', initialCallType: 'Problem @ 0.935' }],
    [['Original Call Type', 'Call Type'], { callType: 'Call Type @ 0.940', initialCallType: 'Original Call Type @ 0.980' }],
    [['Orig Type', 'Call Type'], { callType: 'Call Type @ 0.940', initialCallType: 'Orig Type @ 0.940' }],
    [['Initial Type', 'Type'], { callType: 'Type @ 0.700', initialCallType: 'Initial Type @ 0.955' }],
    [['CallTypeOrig', 'CallType'], { callType: 'CallType @ 0.940', initialCallType: 'CallTypeOrig @ 0.940' }],
    [['CALLTYPEORIG', 'CALLTYPE'], { callType: 'CALLTYPE @ 0.940', initialCallType: 'CALLTYPEORIG @ 0.940' }],
    [['call_type', 'Call Type As Received'], { callType: 'call_type @ 0.940', initialCallType: 'Call Type As Received @ 0.940' }],
    [['Call Type', 'Closed Call Type'], { callType: 'Closed Call Type @ 0.940', initialCallType: 'Call Type @ 0.940' }],
    // Codes pair the same way, each beside its text.
    [
      ['Call Type', 'Call Type Code', 'Final Call Type', 'Final Call Type Code'],
      { callType: 'Final Call Type @ 0.965', callTypeCode: 'Final Call Type Code @ 0.960', initialCallType: 'Call Type @ 0.940', initialCallTypeCode: 'Call Type Code @ 0.960' },
    ],
    [
      ['CALL_TYPE', 'FINAL_CALL_TYPE', 'RADIO_CODE', 'FINAL_RADIO_CODE'],
      { callType: 'FINAL_CALL_TYPE @ 0.965', callTypeCode: 'FINAL_RADIO_CODE @ 0.945', initialCallType: 'CALL_TYPE @ 0.940', initialCallTypeCode: 'RADIO_CODE @ 0.945' },
    ],
    // An unmarked code beside the type that became the initial one is the initial code.
    [['Nature', 'Nature Code', 'Final Nature'], { callType: 'Final Nature @ 0.955', initialCallType: 'Nature @ 0.930', initialCallTypeCode: 'Nature Code @ 0.950' }],
    [['Call Type', 'Call Type Code', 'Final Call Type'], { callType: 'Final Call Type @ 0.965', initialCallType: 'Call Type @ 0.940', initialCallTypeCode: 'Call Type Code @ 0.960' }],
  ];
  for (const [headers, expected] of cases) {
    it(headers.join(' + '), () => {
      expect(typeFields([...headers, 'Time Received'])).toEqual(expected);
    });
  }

  it('a soft marker ("close") on a generic stem is not a pair: "Close Type" may be a clearance type', () => {
    expect(typeFields(['Type', 'Close Type', 'Time Received'])).toEqual({ callType: 'Type @ 0.500' });
  });

  it('"Final Code" is not a call type: the stem must itself name one', () => {
    expect(typeFields(['Final Code', 'Call Code', 'Call Type', 'Time Received'])).toEqual({ callType: 'Call Type @ 0.940', callTypeCode: 'Call Code @ 0.940' });
  });

  it('pairs of other fields are left alone', () => {
    const { spec } = detectMapping(['Call Type', 'Disposition', 'Final Disposition', 'Time Received', 'Closed Time'], [['X', 'A', 'B', '2024-01-01 10:00:00', '2024-01-01 11:00:00']]);
    expect(spec.fields).toEqual({ callType: 'Call Type', disposition: 'Final Disposition', received: 'Time Received', cleared: 'Closed Time' });
  });

  it('only the better-named pair is used: callType and initialCallType never come from two pairs', () => {
    // Nature + Final Nature outscore Type + Final Type; "Type" then stays unmapped.
    expect(typeFields(['Type', 'Final Type', 'Nature', 'Final Nature', 'Time Received'])).toEqual({
      callType: 'Final Nature @ 0.955',
      initialCallType: 'Nature @ 0.930',
    });
  });

  it('a lone marked column goes to its side; the only call type is the call type, not surely', () => {
    expect(typeFields(['Call Type Final', 'Time Received'])).toEqual({ callType: 'Call Type Final @ 0.940' });
    expect(typeFields(['Nature', 'Orig Nature Code', 'Time Received'])).toEqual({ callType: 'Nature @ 0.930', initialCallTypeCode: 'Orig Nature Code @ 0.950' });
    expect(typeFields(['Call Type Orig', 'Time Received'])).toEqual({ callType: 'Call Type Orig @ 0.600' });
  });
});

describe('real samples and presets are unaffected', () => {
  const header = (file: string) =>
    readFileSync(`fixtures/real/${file}.csv`, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',').map((h) => h.replace(/^"|"$/g, ''));
  const real: [string, string, Record<string, string>][] = [
    ['alexandria-va-decc-cad-week48-2025', 'alexandria-va', { callType: 'Problem' }],
    ['berkeley-pd-calls-for-service-2019', 'berkeley-pd', { callType: 'OFFENSE' }],
    ['dallas-active-calls', 'dallas-pd-active-calls', { callType: 'nature_of_call' }],
    ['san-diego-calls-for-service-2023', 'san-diego-pd', { callType: 'call_type' }],
    [
      'seattle-911-incident-response',
      'seattle-spd-incident-response',
      { callType: 'Event Clearance Description', callTypeCode: 'Event Clearance Code', initialCallType: 'Initial Type Description' },
    ],
  ];
  for (const [file, preset, types] of real) {
    it(`${file}: still the ${preset} preset, and detection alone reads its call types as before`, () => {
      const h = header(file);
      expect(findPreset(h)?.name).toBe(preset);
      const fields = detectMapping(h, []).spec.fields as Record<string, unknown>;
      expect(Object.fromEntries(TYPE_FIELDS.filter((f) => fields[f] !== undefined).map((f) => [f, fields[f]]))).toEqual(types);
    });
  }

  it('the generated layout (a preset) still maps nature and initial_nature as before when detected', () => {
    const h = 'incident_id,call_received,call_dispatched,unit_enroute,unit_arrived,call_cleared,nature_code,nature,initial_nature'.split(',');
    expect(detectMapping(h, []).spec.fields).toMatchObject({ callType: 'nature', callTypeCode: 'nature_code', initialCallType: 'initial_nature' });
  });
});

describe('inspect on an export with paired call types (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'css-paired-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'phoenix.csv'),
    [
      'INCIDENT_NUM,DISP_CODE,DISPOSITION,CALL_RECEIVED,CALL_TYPE,FINAL_CALL_TYPE,FINAL_RADIO_CODE,HUNDREDBLOCKADDR,GRID',
      'PHX1,N,No Report Required,01/01/2016  12:00AM,SUSPICIOUS PERSON,SUSPICIOUS PERSON,918,4XX W ROOSEVELT ST,EE18',
      'PHX2,N,No Report Required,01/01/2016  12:05AM,SUSPICIOUS PERSON,TRESPASSING,459A,1XX N 1ST AVE,EE19',
      'PHX3,R,Report Taken,01/13/2016  01:10PM,FIGHT,FIGHT,415,2XX E VAN BUREN ST,EE20',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'orig-type.csv'),
    ['Event,Orig Type,Type,Time Received', 'E1,ALARM,BURGLARY,2024-01-01 10:00:00', 'E2,NOISE,NOISE,2024-01-01 11:00:00'].join('\n'),
  );

  it('Phoenix: final type and radio code, the first-entered type as the initial type', async () => {
    const { json } = await runJson(['inspect', 'phoenix.csv'], { cwd: dir });
    expect(json.mappingDetails.origin).toBe('detected');
    expect(json.mapping).toEqual({
      id: 'INCIDENT_NUM',
      callType: 'FINAL_CALL_TYPE',
      callTypeCode: 'FINAL_RADIO_CODE',
      initialCallType: 'CALL_TYPE',
      disposition: 'DISPOSITION',
      received: 'CALL_RECEIVED',
    });
    expect(json.mappingDetails.confidence).toEqual({ callType: 0.97, received: 0.96, id: 0.96, disposition: 0.96, callTypeCode: 0.95, initialCallType: 0.94 });
    expect(json.callTypes.top.map((t: { callType: string; calls: number }) => [t.callType, t.calls])).toEqual([
      ['FIGHT [415]', 1],
      ['SUSPICIOUS PERSON [918]', 1],
      ['TRESPASSING [459A]', 1],
    ]);
    expect(json.fields.initialCallType).toMatchObject({ column: 'CALL_TYPE', filled: 3, fillRate: 1 });
    expect(json.advice[0]).toBe(
      'No preset matched this layout; columns were guessed from their names. Check the mapping above; to fix it, write a mapping file (docs/mapping.md) and pass --mapping.',
    );
  });

  it('the text output shows both sides and how sure each is', async () => {
    const r = await runCli(['inspect', 'phoenix.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ callType\s+│ FINAL_CALL_TYPE\s+│.*│\s+97% │/);
    expect(r.stdout).toMatch(/│ callTypeCode\s+│ FINAL_RADIO_CODE\s+│.*│\s+95% │/);
    expect(r.stdout).toMatch(/│ initialCallType\s+│ CALL_TYPE\s+│.*│\s+94% │/);
    expect(r.stdout).toMatch(/^Unmapped: initialCallTypeCode, priority, /m);
  });

  it('"Orig Type" + "Type": the generic pair is listed among the least sure', async () => {
    const { json } = await runJson(['inspect', 'orig-type.csv', '--tz', 'America/Phoenix'], { cwd: dir });
    expect(json.mapping).toMatchObject({ callType: 'Type', initialCallType: 'Orig Type' });
    expect(json.mappingDetails.confidence).toMatchObject({ callType: 0.7, initialCallType: 0.7 });
    expect(json.advice[0]).toBe(
      'No preset matched this layout; columns were guessed from their names (least sure: initialCallType, callType). Check the mapping above; to fix it, write a mapping file (docs/mapping.md) and pass --mapping.',
    );
    expect(json.callTypes.top.map((t: { callType: string }) => t.callType)).toEqual(['BURGLARY', 'NOISE']);
  });
});
