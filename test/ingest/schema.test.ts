import { describe, expect, it } from 'vitest';
import { detectMapping, findPreset } from '../../src/ingest/schema/detect.js';
import { resolveMapping } from '../../src/ingest/schema/resolve.js';
import { validateMappingSpec } from '../../src/ingest/schema/mapping-file.js';
import { sniffDelimiter } from '../../src/ingest/sniff.js';
import { PRESETS } from '../../src/ingest/schema/presets.js';
import { CssError } from '../../src/errors.js';

describe('presets', () => {
  it('the most specific preset wins when several match', () => {
    const alexandria = PRESETS.find((p) => p.name === 'alexandria-va')!;
    expect(findPreset(alexandria.requiredHeaders)?.name).toBe('alexandria-va');
    // An Inform export without Alexandria's extra columns falls back to the family preset.
    expect(findPreset(['Master_Incident_Number', 'Response_Date', 'Problem', 'Address'])?.name).toBe('inform-cad');
  });

  it('every preset is chosen by its own required headers', () => {
    for (const p of PRESETS) expect(findPreset(p.requiredHeaders)?.name, p.name).toBe(p.name);
  });

  it('no preset for an unknown layout', () => {
    expect(findPreset(['a', 'b', 'c'])).toBeUndefined();
  });
});

describe('header detection with synonyms', () => {
  const headers = ['Event Number', 'Call Type', 'Initial Call Type', 'Priority', 'Time Received', 'Time Dispatched', 'Time Arrived', 'Time Cleared', 'Beat', 'Disposition'];
  const sample = [['E1', 'WELFARE CHECK', 'WELFARE CHECK', '3', '2024-01-01 10:00:00', '2024-01-01 10:05:00', '2024-01-01 10:15:00', '2024-01-01 10:45:00', '12', 'NR']];

  it('maps fields from synonyms, each column at most once', () => {
    const { spec, guesses } = detectMapping(headers, sample);
    expect(spec.fields).toMatchObject({
      id: 'Event Number',
      callType: 'Call Type',
      initialCallType: 'Initial Call Type',
      priority: 'Priority',
      received: 'Time Received',
      dispatched: 'Time Dispatched',
      arrived: 'Time Arrived',
      cleared: 'Time Cleared',
      beat: 'Beat',
      disposition: 'Disposition',
    });
    expect(guesses.callType.confidence).toBeGreaterThan(0.9);
  });

  it('a weakly named column is only a timestamp if its values parse', () => {
    const { spec } = detectMapping(['type', 'date'], [['THEFT', 'not a date']]);
    expect(spec.fields.received).toBeUndefined();
    const ok = detectMapping(['type', 'date'], [['THEFT', '2024-03-01 10:00']]);
    expect(ok.spec.fields.received).toBe('date');
  });

  it('finds split date and time columns', () => {
    const { spec } = detectMapping(['offense', 'date', 'time'], [['THEFT', '03/01/2024', '14:05']]);
    expect(spec.fields.received).toEqual({ date: 'date', time: 'time' });
  });

  it('recognises "CODE - Text" call types', () => {
    const { spec } = detectMapping(['nature', 'calltime'], [
      ['38 - Meet Complainant', '2024-01-01 10:00'],
      ['PH - Panhandler', '2024-01-01 11:00'],
    ]);
    expect(spec.callTypeFormat).toBe('code-text');
  });
});

describe('resolveMapping', () => {
  it('names the columns when no call-type column exists', () => {
    let message = '';
    try {
      resolveMapping(['when', 'where'], [['2024-01-01 10:00', 'x']], { fileName: 'x.csv' });
    } catch (err) {
      message = (err as CssError).format();
    }
    expect(message).toMatch(/^x\.csv: no call-type column found.*Columns are: when, where/);
  });

  it('refuses a mapped column that appears twice in the header', () => {
    expect(() => resolveMapping(['call_type', 'call_type', 'received_time'], [['A', 'B', '2024-01-01 10:00']], { fileName: 'x.csv' })).toThrow(
      /column "call_type" appears 2 times/,
    );
  });

  it('a mapping file that names a missing column is an error naming the columns', () => {
    const mapping = validateMappingSpec({ fields: { callType: 'Nature', received: 'When' } }, 'map.json');
    expect(() => resolveMapping(['nature', 'received'], [['A', '2024-01-01 10:00']], { fileName: 'x.csv', mapping })).toThrow(/no such column/);
  });

  it('a mapping file can extend a preset', () => {
    const mapping = validateMappingSpec({ extends: 'berkeley-pd', timeZone: 'America/Chicago' }, 'map.json');
    const r = resolveMapping(['CASENO', 'OFFENSE', 'EVENTDT', 'EVENTTM'], [['1', 'THEFT', '09/06/2019 12:00:00 AM', '15:15']], { fileName: 'x.csv', mapping });
    expect(r.timeZone).toBe('America/Chicago');
    expect(r.times.received?.columns.map((c) => c.name)).toEqual(['EVENTDT', 'EVENTTM']);
  });

  it('--tz overrides the preset zone; no zone at all warns and uses UTC', () => {
    const withTz = resolveMapping(['incident_num', 'date_time', 'call_type', 'disposition', 'beat', 'priority'], [['E1', '2023-01-01 00:00:05', '415', 'K', '1', '2']], {
      fileName: 'x.csv',
      tz: 'America/Denver',
    });
    expect(withTz.timeZone).toBe('America/Denver');
    expect(withTz.timeZoneOrigin).toBe('option');
    const none = resolveMapping(['call_type', 'received_time'], [['A', '2024-01-01 10:00']], { fileName: 'x.csv' });
    expect(none.timeZone).toBe('UTC');
    expect(none.warnings.join(' ')).toMatch(/no time zone given/);
  });
});

describe('mapping file validation', () => {
  const bad: [unknown, RegExp][] = [
    [[], /expected a JSON object/],
    [{ fields: { calltype: 'X' } }, /fields\.calltype: unknown Call field/],
    [{ fields: { callType: 3 } }, /fields\.callType: expected a column name/],
    [{ fields: { received: { column: 'X', format: 5 } } }, /fields\.received\.format/],
    [{ fields: { callType: 'X' }, timezone: 'UTC' }, /timezone: unknown key/],
    [{ fields: { callType: 'X' }, callTypeFormat: 'dash' }, /callTypeFormat/],
    [JSON.parse('{"fields": {"callType": "X"}, "__proto__": {"polluted": true}}'), /__proto__: unknown key/],
    [{ fields: { callType: 'X' }, source: { officerCallTypePattern: '(' } }, /source\.officerCallTypePattern/],
  ];
  for (const [json, message] of bad) {
    it(`rejects ${JSON.stringify(json)}`, () => {
      let error: unknown;
      try {
        validateMappingSpec(json, 'map.json');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CssError);
      expect((error as CssError).format()).toMatch(/^map\.json: /);
      expect((error as CssError).format()).toMatch(message);
    });
  }

  it('__proto__ in a mapping file does not reach Object.prototype', () => {
    try {
      validateMappingSpec(JSON.parse('{"fields": {"callType": "X"}, "__proto__": {"polluted": true}}'), 'm.json');
    } catch {
      /* expected */
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('delimiter sniffing', () => {
  const cases: [string, string][] = [
    ['a,b,c\n1,2,3\n4,5,6\n', ','],
    ['a;b;c\n1;2,5;3\n4;5;6\n', ';'],
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    ['"x,y";b;c\n"1,2";2;3\n', ';'],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(expected), () => expect(sniffDelimiter(text).delimiter).toBe(expected));
  }
  it('one column: default comma', () => expect(sniffDelimiter('calltype\nTHEFT\n')).toEqual({ delimiter: ',', how: 'default' }));
});

describe('a title line above the header', () => {
  it('is named as such, with --header-row in the hint', () => {
    let message = '';
    try {
      resolveMapping(['Calls for service export', ' January 2024'], [['incident', 'call type', 'received time'], ['1', 'THEFT', '2024-01-01 10:00']], { fileName: 'x.csv' });
    } catch (err) {
      message = (err as CssError).format();
    }
    expect(message).toMatch(/no call-type column found\. The first line .* looks like a title.*--header-row/);
  });
});
