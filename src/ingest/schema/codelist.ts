import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { inputError } from '../../errors.js';

/** Built-in code lists, shipped beside this module (see codelists/README.md for sources). */
const BUILT_IN: Record<string, string> = {
  'san-diego-pd-calltypes': 'codelists/san-diego-pd-calltypes.csv',
};

/**
 * Loads a code → description list: a built-in name or a CSV path whose first two
 * columns are code and description (a header row is expected; extra columns ignored).
 */
export function loadCodeList(nameOrPath: string): Map<string, string> {
  const builtIn = BUILT_IN[nameOrPath];
  const path = builtIn ? fileURLToPath(new URL(builtIn, import.meta.url)) : nameOrPath;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw inputError(`cannot read code list "${nameOrPath}"`, { file: nameOrPath }, 'Give a CSV path with code,description columns');
  }
  const rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const codes = new Map<string, string>();
  for (const row of rows.slice(1)) {
    const code = (row[0] ?? '').trim().toUpperCase();
    const description = (row[1] ?? '').trim();
    if (code && description && !codes.has(code)) codes.set(code, description);
  }
  if (codes.size === 0) throw inputError('code list has no code,description rows', { file: nameOrPath });
  return codes;
}
