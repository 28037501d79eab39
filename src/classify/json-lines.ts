import { pathKey } from './validate.js';

/**
 * Line numbers of the values in a JSON text, by JSON path in the notation taxonomy issues
 * use (`rules[12].match.code[0]`, `sources["odd key"]`), so `taxonomy validate` can point at
 * a line and not only a path. Only called on text JSON.parse accepted.
 */
export function jsonPathLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  // Valid JSON has newlines only between tokens, so counting them in whitespace is enough.
  const space = (): void => {
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff) return;
    }
  };
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    space();
    if (!lines.has(path)) lines.set(path, line);
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        const key = string();
        const at = pathKey(path, key);
        lines.set(at, line);
        space();
        i++; // ':'
        value(at);
        space();
        if (text[i++] === '}') return;
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`);
        space();
        if (text[i++] === ']') return;
      }
    }
    if (c === '"') return void string();
    while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
  };
  value('');
  return lines;
}

/**
 * The line of a JSON path, or of its nearest enclosing value that exists (a missing
 * required key is reported at the object that lacks it).
 */
export function lineOfPath(lines: ReadonlyMap<string, number>, path: string): number | undefined {
  for (let p = path; ; ) {
    const line = lines.get(p);
    if (line !== undefined) return line;
    if (p === '') return undefined;
    const cut = Math.max(p.lastIndexOf('.'), p.endsWith('"]') ? p.lastIndexOf('["') : p.lastIndexOf('['));
    p = cut <= 0 ? '' : p.slice(0, cut);
  }
}
