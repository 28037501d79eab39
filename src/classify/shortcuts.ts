/**
 * Shortcuts that make evaluating a new memo key cheaper without changing any result
 * (test/classify/shortcuts-equivalence.test.ts compares them with the rules as written):
 *
 * 1. **One match per distinct (normalised text, code).** Which rules' match keys hit depends
 *    only on those two strings, so the list is computed once and reused for every key that
 *    differs only in priority, source, disposition, spelling or pass; `when` is then
 *    checked per key, in rule order.
 * 2. **Exact entries by index.** `code` and `text` entries of all rules sit in two Maps, so
 *    a miss costs two or three lookups instead of one per rule.
 * 3. **A literal prefilter per pattern.** When every top-level alternative of a pattern
 *    starts at a word start (`\b` or `^`) with literal letters or digits (or a group of such
 *    alternatives), any match begins with one of those words at the start of a word of the
 *    text. A pattern is tested only on texts with a word starting so; patterns of any other
 *    shape are always tested. Used only on normalised ASCII text (letters and digits, single
 *    spaces), where `\b` is only at a space or an end.
 * 4. **Case-insensitive matching without the `u` flag on ASCII text.** V8 runs `/iu`
 *    patterns 25–40 times slower than `/i` (Unicode case folding per character). On ASCII
 *    text, a pattern written in plain ASCII (no `\u`, `\x`, `\p`, `\c` escapes) means the
 *    same under `i` as under `iu`: the only ASCII letters whose `iu` folding differs are K
 *    and S (they also match U+212A and U+017F), which ASCII text cannot hold.
 */
import { PATTERN_INPUT_LIMIT } from '../util/safe-pattern.js';
import { MEMO_LIMIT, UNCLASSIFIED_LEAF, whenFailure, type CompiledRule, type Leaf, type Pass, type Subject } from './rules.js';

interface Pattern {
  rule: number;
  re: RegExp;
  /** The same pattern under `i` only, for ASCII text; null when it might differ. */
  ascii: RegExp | null;
}

// eslint-disable-next-line no-control-regex -- the whole ASCII range is the point
const ASCII = /^[\x00-\x7f]*$/;
/** Normalised ASCII text (normalize.ts): words of letters and digits, one space between; `\b` is only at their ends. */
const ASCII_WORDS = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;
const ALNUM = /[A-Za-z0-9]/;
const isQuantifier = (c: string | undefined): boolean => c === '?' || c === '*' || c === '+' || c === '{';

export class Shortcuts {
  private readonly exactCode = new Map<string, number[]>();
  private readonly exactText = new Map<string, number[]>();
  private readonly patterns: Pattern[] = [];
  /** Prefilter: a leading word → the patterns (ids, ascending) any of whose matches starts with it. */
  private readonly byWord = new Map<string, number[]>();
  private longestWord = 0;
  /** Patterns without a prefilter: tested on every text. */
  private readonly unfiltered: number[] = [];
  /** Normalised text → normalised code → indexes of the rules whose match keys hit, ascending. */
  private readonly hits = new Map<string, Map<string, readonly number[]>>();
  private size = 0;

  constructor(private readonly rules: readonly CompiledRule[]) {
    const add = (map: Map<string, number[]>, key: string, rule: number) => {
      const list = map.get(key);
      if (!list) map.set(key, [rule]);
      else if (list[list.length - 1] !== rule) list.push(rule);
    };
    for (const r of rules) {
      for (const key of r.codes?.keys() ?? []) add(this.exactCode, key, r.index);
      for (const key of r.texts?.keys() ?? []) add(this.exactText, key, r.index);
      for (const { source, re } of r.patterns ?? []) {
        const id = this.patterns.length;
        this.patterns.push({ rule: r.index, re, ascii: asciiTwin(source) });
        const words = leadingWords(source);
        if (!words) this.unfiltered.push(id);
        for (const w of words ?? []) {
          add(this.byWord, w, id);
          this.longestWord = Math.max(this.longestWord, w.length);
        }
      }
    }
  }

  /** Same as evaluate(rules, s, pass) in rules.ts. */
  evaluate(s: Subject, pass: Pass): Leaf {
    for (const i of this.ruleHits(s.text, s.code)) {
      const rule = this.rules[i];
      if (rule.passes[pass] && whenFailure(rule, s) === undefined) return rule.leaf;
    }
    return UNCLASSIFIED_LEAF;
  }

  private ruleHits(text: string, code: string): readonly number[] {
    let byCode = this.hits.get(text);
    const found = byCode?.get(code);
    if (found) return found;
    const hits = this.match(text, code);
    if (this.size < MEMO_LIMIT) {
      if (!byCode) this.hits.set(text, (byCode = new Map()));
      byCode.set(code, hits);
      this.size++;
    }
    return hits;
  }

  /** Indexes of the rules matchRule finds a hit in, ascending. */
  private match(text: string, code: string): number[] {
    const rules = new Set<number>();
    for (const i of (code !== '' ? this.exactCode.get(code) : this.exactCode.get(text)) ?? []) rules.add(i);
    for (const i of this.exactText.get(text) ?? []) rules.add(i);
    if (text !== '') this.testPatterns(text.length > PATTERN_INPUT_LIMIT ? text.slice(0, PATTERN_INPUT_LIMIT) : text, rules);
    if (code !== '') this.testPatterns(code.length > PATTERN_INPUT_LIMIT ? code.slice(0, PATTERN_INPUT_LIMIT) : code, rules);
    return [...rules].sort((a, b) => a - b);
  }

  /** Adds the rules of the patterns that match value (already cut to PATTERN_INPUT_LIMIT). */
  private testPatterns(value: string, rules: Set<number>): void {
    const ascii = ASCII.test(value);
    const test = (id: number) => {
      const p = this.patterns[id];
      if (!rules.has(p.rule) && (ascii && p.ascii ? p.ascii : p.re).test(value)) rules.add(p.rule);
    };
    if (!ascii || !ASCII_WORDS.test(value)) {
      for (let id = 0; id < this.patterns.length; id++) test(id);
      return;
    }
    for (const id of this.unfiltered) test(id);
    const seen = new Set<number>();
    for (const word of value.toUpperCase().split(' ')) {
      for (let k = Math.min(word.length, this.longestWord); k > 0; k--) {
        for (const id of this.byWord.get(word.slice(0, k)) ?? []) {
          if (seen.has(id)) continue;
          seen.add(id);
          test(id);
        }
      }
    }
  }
}

/** The pattern compiled with `i` alone when that cannot change what it matches in ASCII text (see the module comment). */
export function asciiTwin(source: string): RegExp | null {
  if (!/^[\x20-\x7e]*$/.test(source)) return null;
  for (let i = 0; i < source.length; i++) {
    if (source[i] !== '\\') continue;
    if ('uxpPck'.includes(source[i + 1])) return null;
    i++;
  }
  try {
    return new RegExp(source, 'i');
  } catch {
    return null;
  }
}

/**
 * The words (upper case) one of which every match of the pattern starts with, at the start
 * of a word of the text; null when the pattern's shape does not prove it.
 */
export function leadingWords(source: string): string[] | null {
  const words = new Set<string>();
  for (const branch of alternatives(source)) {
    const found = branchWords(branch, false);
    if (!found) return null;
    for (const w of found) words.add(w);
  }
  return [...words];
}

/** Splits at the '|' outside groups and character classes. */
function alternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  out.push(source.slice(start));
  return out;
}

function closingParen(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

function branchWords(branch: string, atWordStart: boolean): string[] | null {
  let i = 0;
  let anchored = atWordStart;
  for (;;) {
    if (branch.startsWith('\\b', i)) i += 2;
    else if (branch[i] === '^') i += 1;
    else break;
    anchored = true;
  }
  if (branch[i] === '(') {
    const close = closingParen(branch, i);
    if (close < 0 || isQuantifier(branch[close + 1])) return null;
    let inner = branch.slice(i + 1, close);
    if (inner.startsWith('?:')) inner = inner.slice(2);
    else if (inner.startsWith('?<') && !inner.startsWith('?<=') && !inner.startsWith('?<!')) inner = inner.slice(inner.indexOf('>') + 1);
    else if (inner.startsWith('?')) return null; // look-ahead: consumes nothing
    // Every match of the branch starts with a match of the group: each alternative must tell.
    const words: string[] = [];
    for (const alt of alternatives(inner)) {
      const found = branchWords(alt, anchored);
      if (!found) return null;
      words.push(...found);
    }
    return words;
  }
  if (!anchored) return null;
  let j = i;
  while (j < branch.length && ALNUM.test(branch[j])) j++;
  if (j < branch.length && isQuantifier(branch[j])) j--; // the last letter may be absent or repeated
  return j > i ? [branch.slice(i, j).toUpperCase()] : null;
}
