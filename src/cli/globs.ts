import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { usageError } from '../errors.js';

/**
 * Input arguments → file paths. A quoted glob (`"data/cfs-20*.xlsx"`: `*`, `?`, `[…]`,
 * `{a,b}`) is expanded here, so it works the same from a shell that did not expand it
 * (Windows, CI YAML, a config). Matches are sorted by code point, so a run reads its
 * files in the same order on every machine; a pattern matching nothing is an error.
 * An argument naming an existing file is taken literally even if it holds glob
 * characters. A file named twice (by two patterns, or a pattern and its name) is read once.
 */
export function expandInputs(args: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    if (!seen.has(p)) out.push(p);
    seen.add(p);
  };
  for (const arg of args) {
    if (arg === '-' || existsSync(arg) || !isDynamicPattern(arg)) {
      add(arg);
      continue;
    }
    const matches = globSync(arg, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(arg), dot: false }).sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    if (!matches.length) {
      throw usageError(`no file matches "${arg}"`, 'Check the folder and the pattern (the match is case-sensitive), or name the files one by one');
    }
    for (const m of matches) add(m);
  }
  return out;
}
