import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InspectAccumulator } from '../../src/ingest/inspect.js';
import { loadExport } from '../../src/ingest/load.js';
import { validateMappingSpec } from '../../src/ingest/schema/mapping-file.js';

describe('null markers', () => {
  it('the defaults, any case, and a mapping file\'s own (long ones and non-ASCII ones too) read as missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'css-nulls-'));
    const file = join(dir, 'calls.csv');
    writeFileSync(
      file,
      [
        'id,call_type,beat,received_time',
        '1,THEFT,null,2024-01-01 10:00',
        '2,THEFT,N/A,2024-01-01 10:00',
        '3,THEFT,—,2024-01-01 10:00',
        '4,THEFT,not recorded by the cad system,2024-01-01 10:00',
        '5,THEFT,NULLS,2024-01-01 10:00',
        '6,NONE,12,2024-01-01 10:00',
      ].join('\n'),
    );
    const mapping = validateMappingSpec(
      { fields: { id: 'id', callType: 'call_type', beat: 'beat', received: 'received_time' }, nullValues: ['—', 'NOT RECORDED BY THE CAD SYSTEM'], timeZone: 'UTC' },
      'map.json',
    );
    const acc = new InspectAccumulator();
    const beats: string[] = [];
    const [summary] = await loadExport([file], { mapping }, (call) => {
      acc.add(call);
      beats.push(call.beat);
    });
    expect(beats).toEqual(['', '', '', '', 'NULLS']);
    expect(summary.rejectReasons).toEqual({ 'missing call type': 1 });
    // Field counts cover every row read, the rejected one (beat 12) included.
    expect(summary.fields.beat).toMatchObject({ filled: 2, missing: 4 });
  });
});
