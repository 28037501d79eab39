import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { report, SMALL } from './helpers.js';

/**
 * docs/analysis.schema.json (JSON Schema 2020-12) is the written contract of the Analysis
 * JSON: real analyses — classify-only, estimated, and the report's — must validate.
 */
const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'analysis.schema.json'), 'utf8'));
const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true, validateFormats: false });
const validate = ajv.compile(schema);

function check(json: unknown): void {
  const ok = validate(json);
  expect(ok ? [] : (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
}

describe('docs/analysis.schema.json', () => {
  it('validates the golden analysis.json (report of the small generated export)', () => {
    check(JSON.parse(readFileSync(join(ROOT, 'test', 'report', 'golden', 'analysis.json'), 'utf8')));
  });

  it('validates a fresh report analysis.json and a classify-only analysis', async () => {
    const { dir } = await report(SMALL, 'schema', ['--format', 'json']);
    check(JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8')));
    const classify = await runCli(['classify', 'fixtures/real/alexandria-va-decc-cad-week48-2025.csv', '--json', '--quiet']);
    expect(classify.code).toBe(0);
    const a = JSON.parse(classify.stdout);
    expect(a.scenarios).toBeUndefined();
    check(a);
  });

  it('rejects an analysis missing a required field or with a wrong response level', () => {
    const a = JSON.parse(readFileSync(join(ROOT, 'test', 'report', 'golden', 'analysis.json'), 'utf8'));
    const { totals: _drop, ...noTotals } = a;
    expect(validate(noTotals)).toBe(false);
    a.responses[0].response = 'sheriff';
    expect(validate(a)).toBe(false);
  });
});
