import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { inputError } from '../errors.js';
import { SCHEMA_VERSION, type Analysis } from './analysis.js';
import { ANALYSIS_VALIDATOR_OPTIONS } from './validator-options.js';

/**
 * Reading a saved Analysis (classify --json, estimate --json, report's analysis.json,
 * merge --out) for report, estimate, merge and --compare. The file is checked against
 * docs/analysis.schema.json before anything uses it, so a truncated, hand-edited or
 * foreign JSON file is one clear error naming the file and the first wrong field, rather
 * than a crash deep inside a renderer.
 */

const HINT = 'Pass the JSON that classify --json, estimate --json, report (analysis.json) or merge wrote, unedited; re-run classify on the export for a fresh one';

interface ValidationError {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}
type Validator = ((data: unknown) => boolean) & { errors?: ValidationError[] | null };

let validator: Promise<Validator> | undefined;

/** The compiled validator from the build (dist/), else the schema compiled now (running from src/). */
function loadValidator(): Promise<Validator> {
  validator ??= (async () => {
    const built = new URL('./analysis-validator.js', import.meta.url);
    if (existsSync(fileURLToPath(built))) return ((await import(built.href)) as { validateAnalysis: Validator }).validateAnalysis;
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const schema = JSON.parse(readFileSync(new URL('../../docs/analysis.schema.json', import.meta.url), 'utf8')) as { $id: string };
    const ajv = new Ajv2020(ANALYSIS_VALIDATOR_OPTIONS);
    ajv.addSchema(schema);
    return ajv.getSchema(schema.$id) as unknown as Validator;
  })();
  return validator;
}

/** `/store/types/0/calls` → `store.types[0].calls`. */
function fieldPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  }
  return out;
}

function describe(e: ValidationError): string {
  const where = fieldPath(e.instancePath);
  const missing = e.params.missingProperty;
  if (typeof missing === 'string') return `${where ? `${where}: ` : ''}the field "${missing}" is missing`;
  return `${where || 'the top level'}: ${e.message ?? 'is not valid'}`;
}

/** Parses and checks the text of a saved Analysis; `file` names it in errors. */
export async function parseAnalysis(text: string, file: string): Promise<Analysis> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw inputError(`is not valid JSON (${(err as Error).message})`, { file }, HINT);
  }
  const a = json as Partial<Analysis> | null;
  if (!a || typeof a !== 'object' || Array.isArray(a) || typeof a.schemaVersion !== 'number') {
    throw inputError('is not an analysis JSON (no schemaVersion)', { file }, HINT);
  }
  if (a.schemaVersion !== SCHEMA_VERSION) {
    throw inputError(`has analysis schema version ${a.schemaVersion}; this css-analyze reads version ${SCHEMA_VERSION}`, { file }, 'Re-run classify on the export with this version');
  }
  const validate = await loadValidator();
  if (!validate(json)) throw inputError(`is not a valid analysis JSON: ${describe(validate.errors![0])}`, { file }, HINT);
  return json as Analysis;
}

/** Reads and checks a saved Analysis file. */
export async function readAnalysisFile(path: string): Promise<Analysis> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw inputError('cannot read this analysis file', { file: path }, HINT);
  }
  return parseAnalysis(text, path);
}
