/**
 * A static safety check for regular expressions read from user files (taxonomy patterns,
 * a mapping file's officerCallTypePattern), so that no pattern can hang a run. It lives in
 * util/ because both ingest and classify use it and dependencies point one way.
 *
 * JavaScript's backtracking engine takes exponential time on patterns such as `(a+)+$` or
 * `(a|a)*x`, and high-degree polynomial time on runs of overlapping open repeats
 * (`.*.*.*x`). Rather than depend on a library that needs install scripts, this module
 * walks the pattern once and rejects the shapes that cause it:
 *
 * - a repeated group (`*`, `+`, `{n,}`, `{2}`…) that contains a repeat with a choice of
 *   length or an alternation (star height > 1, overlapping alternatives);
 * - more than MAX_OPEN_REPEATS open-ended repeats on one path through the pattern
 *   (repeats of a space are free: normalised text has single spaces only);
 * - more than MAX_WORK in total over its alternatives (e.g. three alternatives that each
 *   hold two open repeats in a row: each alone is allowed, together they cost too much);
 * - back-references and look-behind (not needed for call types; costly to reason about);
 * - patterns longer than MAX_PATTERN_LENGTH.
 *
 * It also rejects literal characters that normalised text never contains (`/`, `-`, `.`
 * escaped, …): such a pattern can never match, which is always a mistake.
 *
 * Together with PATTERN_INPUT_LIMIT (the longest text a pattern is tested against) this
 * bounds the worst case to well under a few tens of milliseconds per distinct call type.
 */

/** Longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 500;
/** Patterns see at most this many characters of the normalised call type or code. */
export const PATTERN_INPUT_LIMIT = 256;
/** Open-ended repeats (`*`, `+`, `{n,}`, `{n,m}` with m − n ≥ 2) allowed on one path. */
export const MAX_OPEN_REPEATS = 2;
/**
 * Most work (Shape.work) a pattern may take: two alternatives with two open repeats in a
 * row, or 512 with one. At the limit one search of a 256-character text takes well under
 * a second; most patterns are far below it.
 */
export const MAX_WORK = 2 * PATTERN_INPUT_LIMIT * PATTERN_INPUT_LIMIT;
/** Flags every taxonomy pattern is compiled with: case-insensitive, Unicode syntax. */
export const PATTERN_FLAGS = 'iu';

interface Shape {
  /** Most open repeats met on one path through this part. */
  open: number;
  /**
   * Backtracking work of one attempt, as a count of paths weighted by PATTERN_INPUT_LIMIT per
   * open repeat on the path: parts in sequence multiply, alternatives add. Parts without
   * open repeats count 1 (their cost is bounded by the pattern's length).
   */
  work: number;
  /** Contains a repeat with a choice of length, or an alternation. */
  choice: boolean;
}

class Unsafe extends Error {}

const LETTER_DIGIT_SPACE = /^[\p{L}\p{N} ]$/u;

export interface CheckPatternOptions {
  /**
   * The pattern is tested against raw text (e.g. a mapping file's officerCallTypePattern),
   * not normalised call types: punctuation may occur, so literal punctuation is allowed.
   * The backtracking checks are the same.
   */
  rawText?: boolean;
}

/**
 * Returns why a pattern is unsafe or invalid (a sentence fragment naming the problem and
 * what to do), or undefined when it may be used. Quotes the pattern in the message.
 */
export function checkPattern(pattern: string, options: CheckPatternOptions = {}): string | undefined {
  if (pattern.length === 0) return 'is empty; give a regular expression or remove the key';
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `is ${pattern.length} characters long; patterns are limited to ${MAX_PATTERN_LENGTH}: split it into several rules or use "text" lists`;
  }
  try {
    new RegExp(pattern, PATTERN_FLAGS);
  } catch (err) {
    const reason = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return `"${pattern}" is not a valid regular expression (${reason})`;
  }
  try {
    new Walker(pattern, !!options.rawText).run();
    return undefined;
  } catch (err) {
    if (err instanceof Unsafe) return `"${pattern}" ${err.message}`;
    throw err;
  }
}

/** Compiles a pattern that checkPattern accepted. */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(pattern, PATTERN_FLAGS);
}

/** Walks a syntactically valid pattern (`u` flag) and throws Unsafe on a risky shape. */
class Walker {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly rawText = false,
  ) {}

  run(): void {
    const shape = this.alternation();
    if (shape.open > MAX_OPEN_REPEATS) {
      throw new Unsafe(
        `has ${shape.open} open-ended repeats (*, +, {n,}) in a row, which can take a very long time on long call types; ` +
          `use at most ${MAX_OPEN_REPEATS} (patterns are searched anywhere in the text, so a leading or trailing ".*" is never needed)`,
      );
    }
    if (shape.work > MAX_WORK) {
      throw new Unsafe(
        `has too many alternatives with open-ended repeats (*, +, {n,}), which together can take a very long time on long call types; ` +
          'split it into several rules (alternatives with two repeats in a row cost the most)',
      );
    }
  }

  private alternation(): Shape {
    let shape = this.sequence();
    let branches = 1;
    while (this.src[this.i] === '|') {
      this.i++;
      branches++;
      const next = this.sequence();
      shape = { open: Math.max(shape.open, next.open), work: shape.work + next.work, choice: shape.choice || next.choice };
    }
    if (shape.open === 0) shape.work = 1;
    return branches > 1 ? { ...shape, choice: true } : shape;
  }

  private sequence(): Shape {
    const shape: Shape = { open: 0, work: 1, choice: false };
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const start = this.i;
      const atom = this.atom();
      const q = this.quantifier();
      if (!q) {
        shape.open += atom.open;
        shape.work *= atom.work;
        shape.choice ||= atom.choice;
        continue;
      }
      if (q.max > 1 && atom.choice) {
        throw new Unsafe(
          `repeats a group that itself contains a repeat or alternatives ("${this.src.slice(start, this.i)}"), ` +
            'which can backtrack catastrophically; repeat only the inner part or list the alternatives without the outer repeat',
        );
      }
      // Space repeats are free only on normalised text, where spaces never come in runs.
      const open = q.max - q.min >= 2 && !(atom.spaceOnly && !this.rawText) ? 1 : 0;
      shape.open += atom.open + open;
      // An optional part with open repeats inside is one more path; anything else repeated has
      // no choice inside (checked above).
      shape.work *= open ? atom.work * PATTERN_INPUT_LIMIT : atom.open > 0 ? atom.work + 1 : atom.work;
      shape.choice ||= atom.choice || q.max !== q.min;
    }
    return shape;
  }

  private atom(): Shape & { spaceOnly: boolean } {
    const c = String.fromCodePoint(this.src.codePointAt(this.i)!);
    if (c === '(') return { ...this.group(), spaceOnly: false };
    if (c === '[') return { open: 0, work: 1, choice: false, spaceOnly: this.charClass() };
    if (c === '\\') return { open: 0, work: 1, choice: false, spaceOnly: this.escape() };
    this.i += c.length;
    if (c !== '.' && c !== '^' && c !== '$' && !LETTER_DIGIT_SPACE.test(c)) this.neverMatches(c);
    return { open: 0, work: 1, choice: false, spaceOnly: c === ' ' };
  }

  private group(): Shape {
    const rest = this.src.slice(this.i, this.i + 4);
    if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) {
      throw new Unsafe('uses look-behind ("(?<=" or "(?<!"), which taxonomy patterns do not allow; use "\\b" or a "text" list');
    }
    if (rest.startsWith('(?:') || rest.startsWith('(?=') || rest.startsWith('(?!')) this.i += 3;
    else if (rest.startsWith('(?<')) this.i = this.src.indexOf('>', this.i) + 1;
    else this.i += 1;
    const inner = this.alternation();
    this.i++; // ')'
    return inner;
  }

  /** Skips a character class; true when it matches only white space. */
  private charClass(): boolean {
    const start = ++this.i;
    while (this.src[this.i] !== ']') this.i += this.src[this.i] === '\\' ? 2 : 1;
    const body = this.src.slice(start, this.i++);
    return /^(?: |\\s)+$/.test(body);
  }

  /** Reads an escape outside a class; true when it matches only white space. */
  private escape(): boolean {
    const c = this.src[this.i + 1];
    this.i += 2;
    if (c >= '1' && c <= '9') throw new Unsafe(`uses a back-reference ("\\${c}"), which taxonomy patterns do not allow`);
    if (c === 'k') throw new Unsafe('uses a named back-reference ("\\k<…>"), which taxonomy patterns do not allow');
    if ((c === 'p' || c === 'P') && this.src[this.i] === '{') this.i = this.src.indexOf('}', this.i) + 1;
    else if (c === 'u' && this.src[this.i] === '{') this.i = this.src.indexOf('}', this.i) + 1;
    else if (c === 'u') this.i += 4;
    else if (c === 'x') this.i += 2;
    else if (c === 'c') this.i += 1;
    else if (!/[dDwWsSbBtnrfv0]/.test(c) && !LETTER_DIGIT_SPACE.test(c)) this.neverMatches(c);
    return c === 's';
  }

  private quantifier(): { min: number; max: number } | undefined {
    const c = this.src[this.i];
    let q: { min: number; max: number } | undefined;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    if (q) this.i++;
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return undefined;
      this.i += m[0].length;
      const min = Number(m[1]);
      q = { min, max: m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]) };
    } else return undefined;
    if (this.src[this.i] === '?') this.i++; // lazy: same cost
    return q;
  }

  private neverMatches(c: string): void {
    if (this.rawText) return;
    throw new Unsafe(
      `contains "${c}", which never occurs in normalised call types (punctuation becomes one space); ` +
        'write " " or "\\s" instead, or use a "text" list, which is normalised the same way',
    );
  }
}
