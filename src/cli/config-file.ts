import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { inputError } from '../errors.js';

/**
 * The config file (`css-analyze.config.json`, or --config): a JSON object whose keys are
 * settings (docs/config.md). Reading checks the shape only — unknown keys anywhere are
 * errors, with the key's JSON path and a suggestion — and the settings layer (settings.ts)
 * checks each value. Keys that could reach an object's prototype are refused outright.
 */
export const CONFIG_FILE_NAME = 'css-analyze.config.json';

/** Allowed keys: a leaf is `true`; a nested object lists its own keys; `'open'` holds any names (checked later). */
type KeyTree = { [key: string]: true | 'open' | KeyTree };

export const CONFIG_KEYS: KeyTree = {
  $schema: true,
  description: true,
  mapping: true,
  preset: true,
  taxonomy: true,
  timeZone: true,
  encoding: true,
  delimiter: true,
  datetimeFormat: true,
  codeList: true,
  skipBadRows: true,
  reader: true,
  sheet: true,
  headerRow: true,
  threads: true,
  timeBasis: true,
  capMinutes: true,
  fallbackMinutes: true,
  period: true,
  from: true,
  to: true,
  compare: true,
  programStart: true,
  programHours: true,
  programBeats: true,
  formats: true,
  thresholds: { minCoverage: true, maxRejected: true, maxImputed: true },
  parameters: 'open',
};

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export interface ConfigFile {
  /** As named (flag, environment or the default name). */
  path: string;
  /** Folder relative paths inside the file are resolved against. */
  dir: string;
  /** The parsed object (own keys only; prototype keys refused). */
  json: Record<string, unknown>;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** " (did you mean X?)" when a known name is close. */
export function suggestion(key: string, known: string[]): string {
  const lower = key.toLowerCase();
  let best = '';
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean ${best}?)` : '';
}

export function jsonPath(parts: (string | number)[]): string {
  return '$' + parts.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Refuses prototype keys anywhere in the document (also inside `mapping` and `parameters`). */
function checkForbidden(value: unknown, path: (string | number)[], file: string): void {
  if (Array.isArray(value)) value.forEach((v, i) => checkForbidden(v, [...path, i], file));
  else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN.has(key)) throw inputError(`${jsonPath([...path, key])}: the key "${key}" is not allowed`, { file }, 'Remove it (keys that name object internals are refused)');
      checkForbidden(value[key], [...path, key], file);
    }
  }
}

function checkKeys(value: Record<string, unknown>, tree: KeyTree, path: string[], file: string): void {
  for (const key of Object.keys(value)) {
    const spec = Object.hasOwn(tree, key) ? tree[key] : undefined;
    if (spec === undefined) {
      throw inputError(
        `${jsonPath([...path, key])}: unknown key "${key}"${suggestion(key, Object.keys(tree))}`,
        { file },
        `Allowed here: ${Object.keys(tree).filter((k) => k !== '$schema').join(', ')} (docs/config.md)`,
      );
    }
    if (typeof spec === 'object') {
      const child = value[key];
      if (!isObject(child)) throw inputError(`${jsonPath([...path, key])} must be an object with keys ${Object.keys(spec).join(', ')}, got ${JSON.stringify(child)}`, { file }, 'See docs/config.md');
      checkKeys(child, spec, [...path, key], file);
    } else if (spec === 'open' && !isObject(value[key])) {
      throw inputError(`${jsonPath([...path, key])} must be an object of name → value, got ${JSON.stringify(value[key])}`, { file }, 'See docs/config.md');
    }
  }
}

/** Line and column of a character offset, for JSON syntax errors. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Reads and checks the shape of a config file; `explicit` says whether the user named it. */
export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw inputError(code === 'ENOENT' ? 'no such config file' : `cannot read the config file (${code ?? (err as Error).message})`, { file: path }, 'Check the path given to --config or CSS_ANALYZE_CONFIG');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const place = at ? lineColumn(text, Number(at[1])) : undefined;
    throw inputError(`is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}${place ? ` at line ${place.line}, column ${place.column}` : ''}`, { file: path }, 'See docs/config.md for the format');
  }
  if (!isObject(json)) throw inputError('$: the config file must hold a JSON object', { file: path }, 'See docs/config.md');
  checkForbidden(json, [], path);
  checkKeys(json, CONFIG_KEYS, [], path);
  return { path, dir: dirname(path), json };
}
