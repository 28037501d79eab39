import { inputError } from '../../errors.js';
import { CALL_TEXT_FIELDS, CALL_TIME_FIELDS } from '../call.js';
import type { MappingSpec } from './types.js';
import { validateDerivedSpec } from './derived.js';
// A leaf module without imports of its own (in util/, below both ingest and classify): one safety check for both kinds of pattern.
import { checkPattern } from '../../util/safe-pattern.js';

const TOP_KEYS = new Set(['$schema', 'name', 'extends', 'timeZone', 'fields', 'nullValues', 'callTypeFormat', 'codeList', 'source', 'rowPerUnit', 'description']);
const FIELD_KEYS = new Set<string>([...CALL_TEXT_FIELDS, ...CALL_TIME_FIELDS, 'unit', 'units', 'source']);
const TIME_FIELDS = new Set<string>(CALL_TIME_FIELDS);
const SOURCE_KEYS = new Set(['officer', 'citizen', 'officerCallTypePattern']);

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isColumnName(v: Json): boolean {
  return (typeof v === 'string' && v.trim() !== '') || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.trim() !== ''));
}

function isStringList(v: Json): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/**
 * Checks a parsed mapping file and returns it as a MappingSpec. Errors name the file and
 * the JSON path (`map.json: fields.received.format: …`). Unknown keys are errors, so a
 * typo cannot silently leave a field unmapped; `__proto__` and friends are unknown keys.
 */
export function validateMappingSpec(json: Json, file: string): MappingSpec {
  const fail = (path: string, message: string): never => {
    throw inputError(`${path}: ${message}`, { file }, 'See docs/mapping.md for the format');
  };
  if (!isObject(json)) return fail('(top level)', 'expected a JSON object');
  for (const key of Object.keys(json)) if (!TOP_KEYS.has(key)) fail(key, `unknown key (expected one of ${[...TOP_KEYS].join(', ')})`);
  if (json.extends !== undefined && typeof json.extends !== 'string') fail('extends', 'expected a preset name');
  if (!isObject(json.fields) && json.extends === undefined) fail('fields', 'expected an object mapping Call fields to column names');
  const fields = (json.fields ?? {}) as Record<string, Json>;
  if (!isObject(fields)) fail('fields', 'expected an object');
  for (const [key, value] of Object.entries(fields)) {
    if (!FIELD_KEYS.has(key)) fail(`fields.${key}`, `unknown Call field (expected one of ${[...FIELD_KEYS].join(', ')})`);
    if (TIME_FIELDS.has(key) && isObject(value) && 'after' in value) {
      validateDerivedSpec(key, value, fields, json.extends !== undefined, fail);
    } else if (TIME_FIELDS.has(key) && isObject(value)) {
      const keys = Object.keys(value);
      const single = keys.every((k) => k === 'column' || k === 'format') && isColumnName(value.column);
      const split = keys.every((k) => ['date', 'time', 'dateFormat', 'timeFormat'].includes(k)) && isColumnName(value.date) && isColumnName(value.time);
      if (!single && !split) fail(`fields.${key}`, 'expected a column name, {"column", "format"}, {"date", "time", "dateFormat", "timeFormat"} or {"after", "minutes", "seconds"}');
      for (const f of ['format', 'dateFormat', 'timeFormat']) {
        if (value[f] !== undefined && typeof value[f] !== 'string') fail(`fields.${key}.${f}`, 'expected a format string');
      }
    } else if (!isColumnName(value)) {
      fail(`fields.${key}`, 'expected a column name (or a list of alternative names)');
    }
  }
  if (json.timeZone !== undefined && typeof json.timeZone !== 'string') fail('timeZone', 'expected an IANA time zone name');
  if (json.nullValues !== undefined && !isStringList(json.nullValues)) fail('nullValues', 'expected a list of strings');
  if (json.callTypeFormat !== undefined && json.callTypeFormat !== 'text' && json.callTypeFormat !== 'code-text') {
    fail('callTypeFormat', `expected "text" or "code-text", got ${JSON.stringify(json.callTypeFormat)}`);
  }
  if (json.codeList !== undefined && typeof json.codeList !== 'string') fail('codeList', 'expected a CSV path or built-in code list name');
  if (json.rowPerUnit !== undefined && typeof json.rowPerUnit !== 'boolean') fail('rowPerUnit', 'expected true or false');
  if (json.source !== undefined) {
    if (!isObject(json.source)) fail('source', 'expected an object');
    const source = json.source as Record<string, Json>;
    for (const key of Object.keys(source)) if (!SOURCE_KEYS.has(key)) fail(`source.${key}`, `unknown key (expected one of ${[...SOURCE_KEYS].join(', ')})`);
    for (const key of ['officer', 'citizen']) if (source[key] !== undefined && !isStringList(source[key])) fail(`source.${key}`, 'expected a list of values');
    if (source.officerCallTypePattern !== undefined) {
      if (typeof source.officerCallTypePattern !== 'string') fail('source.officerCallTypePattern', 'expected a regular expression string');
      // A hostile or careless pattern such as "(a+)+$" would hang the run on a long call type.
      const problem = checkPattern(source.officerCallTypePattern as string, { rawText: true });
      if (problem) fail('source.officerCallTypePattern', problem);
    }
  }
  // Rebuild from checked keys only, so nothing else from the file reaches the loader.
  const spec: MappingSpec = { fields: {} };
  for (const [key, value] of Object.entries(fields)) (spec.fields as Record<string, unknown>)[key] = value;
  for (const key of ['name', 'extends', 'timeZone', 'nullValues', 'callTypeFormat', 'codeList', 'source', 'rowPerUnit'] as const) {
    if (json[key] !== undefined) (spec as unknown as Record<string, unknown>)[key] = json[key];
  }
  return spec;
}
