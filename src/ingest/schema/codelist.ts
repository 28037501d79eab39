import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { inputError } from '../../errors.js';

/** Built-in code lists, shipped beside this module (see codelists/README.md for sources). */
const BUILT_IN: Record<string, string> = {
  'san-diego-pd-calltypes': 'codelists/san-diego-pd-calltypes.csv',
  'apco-2.103.2': 'codelists/apco-2.103.2-2019.csv',
};

/** Names of the built-in code lists. */
export const BUILT_IN_CODE_LISTS = Object.keys(BUILT_IN);

/** The code list's delimiter: whichever of , ; tab | its first line holds most (a comma if none). */
function sniffDelimiter(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  let best = ',';
  let most = 0;
  for (const d of [',', ';', '\t', '|']) {
    const n = first.split(d).length - 1;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

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
    throw inputError(`cannot read code list "${nameOrPath}"`, { file: nameOrPath }, `Give a CSV path with code,description columns, or a built-in list: ${Object.keys(BUILT_IN).join(', ')}`);
  }
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, delimiter: sniffDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw inputError(`cannot read code list "${nameOrPath}": ${(err as Error).message}`, { file: nameOrPath }, 'Give a CSV with code,description columns');
  }
  const codes = new Map<string, string>();
  for (const row of rows.slice(1)) {
    const code = (row[0] ?? '').trim().toUpperCase();
    const description = (row[1] ?? '').trim();
    if (code && description && !codes.has(code)) codes.set(code, description);
  }
  if (codes.size === 0) throw inputError('code list has no code,description rows', { file: nameOrPath });
  return codes;
}
