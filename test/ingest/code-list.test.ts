import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * --code-list (CSS_ANALYZE_CODE_LIST, config `codeList`) decodes an export whose call-type
 * column holds codes only, without writing a mapping file: a CSV of code,description (any
 * of , ; tab |, with or without BOM) or a built-in list (APCO 2.103.2, San Diego's).
 */

let dir: string;
let codesOnly: string;

interface Typed {
  callType: string;
  callTypeCode: string;
  category: string;
}
const typesOf = (stdout: string) => (JSON.parse(stdout).callTypes as Typed[]).map((t) => [t.callTypeCode, t.callType, t.category]).sort();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'css-codelist-'));
  codesOnly = join(dir, 'codes-only.csv');
  writeFileSync(codesOnly, 'event_id,received,call_code,beat\n1,2024-03-01 10:00:00,WELFARE,12\n2,2024-03-01 11:00:00,MNTL,12\n3,2024-03-01 12:00:00,911H,13\n4,2024-03-01 12:30:00,ZZZ9,13\n');
});

describe('--code-list', () => {
  it('the built-in APCO 2.103.2 list turns codes into call types, which classify by their text', async () => {
    const r = await runCli(['classify', codesOnly, '--tz', 'UTC', '--code-list', 'apco-2.103.2', '--json']);
    expect(r.code).toBe(0);
    expect(typesOf(r.stdout)).toEqual([
      ['911H', '911 HANG UP', 'hang-up-test'],
      ['MNTL', 'MENTAL PERSON NON-VIOLENT', 'mental-health-crisis'],
      ['WELFARE', 'MAN DOWN CHECK, WELFARE CHECK', 'welfare-check'],
      ['ZZZ9', 'ZZZ9', 'unclassified'], // not in the list: the code stands as its own text
    ]);
    expect(JSON.parse(r.stdout).settings.codeList).toEqual({ value: 'apco-2.103.2', origin: 'flag' });
  });

  it("a city's own list: semicolons, a BOM, quoted descriptions, extra columns", async () => {
    const list = join(dir, 'city-codes.csv');
    writeFileSync(list, '\uFEFFcode;description;notes\nZZZ9;"Welfare check; elderly";x\nMNTL;Mental subject;\n');
    const r = await runCli(['classify', codesOnly, '--tz', 'UTC', '--code-list', list, '--json']);
    expect(r.code).toBe(0);
    const types = typesOf(r.stdout);
    expect(types).toContainEqual(['ZZZ9', 'Welfare check; elderly', 'welfare-check']);
    expect(types).toContainEqual(['MNTL', 'Mental subject', 'mental-health-crisis']);
    expect(types).toContainEqual(['WELFARE', 'WELFARE', 'welfare-check']);
  });

  it('comes from the environment or the config file too, the flag winning', async () => {
    const config = join(dir, 'css-analyze.config.json');
    writeFileSync(config, JSON.stringify({ codeList: 'no-such-list.csv' }));
    const env = await runCli(['classify', codesOnly, '--tz', 'UTC', '--json'], { env: { CSS_ANALYZE_CODE_LIST: 'apco-2.103.2' }, cwd: dir });
    expect(env.code).toBe(0);
    expect(JSON.parse(env.stdout).settings.codeList).toMatchObject({ value: 'apco-2.103.2', origin: 'env' });
    const fromConfig = await runCli(['classify', codesOnly, '--tz', 'UTC'], { cwd: dir });
    expect(fromConfig.code).toBe(2);
    expect(fromConfig.stderr).toBe(
      'css-analyze: no-such-list.csv: cannot read code list "no-such-list.csv". Give a CSV path with code,description columns, or a built-in list: san-diego-pd-calltypes, apco-2.103.2\n',
    );
    const flag = await runCli(['classify', codesOnly, '--tz', 'UTC', '--code-list', 'apco-2.103.2', '--json'], { cwd: dir });
    expect(flag.code).toBe(0);
  });

  it('inspect names the code list in its input table, and in its JSON', async () => {
    const r = await runCli(['inspect', codesOnly, '--tz', 'UTC', '--code-list', 'apco-2.103.2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ code list\s+│ apco-2\.103\.2\s+│/);
    const plain = await runCli(['inspect', codesOnly, '--tz', 'UTC']);
    expect(plain.stdout).not.toMatch(/code list/);
    const json = await runCli(['inspect', codesOnly, '--tz', 'UTC', '--code-list', 'apco-2.103.2', '--json']);
    expect(JSON.parse(json.stdout).mappingDetails.codeList).toBe('apco-2.103.2');
  });

  it('overrides the code list a mapping file names', async () => {
    const mapping = join(dir, 'map.json');
    writeFileSync(mapping, JSON.stringify({ fields: { id: 'event_id', received: 'received', callTypeCode: 'call_code', beat: 'beat' }, codeList: 'san-diego-pd-calltypes' }));
    const r = await runCli(['classify', codesOnly, '--tz', 'UTC', '--mapping', mapping, '--code-list', 'apco-2.103.2', '--json']);
    expect(r.code).toBe(0);
    expect(typesOf(r.stdout)).toContainEqual(['911H', '911 HANG UP', 'hang-up-test']);
  });
});
