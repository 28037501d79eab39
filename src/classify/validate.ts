import type { CallSource } from '../ingest/call.js';
import { normalizeCallType } from './normalize.js';
import { checkPattern } from '../util/safe-pattern.js';
import { didYouMean } from './suggest.js';
import {
  CATEGORY_RESPONSE_LEVELS,
  UNCLASSIFIED,
  type Category,
  type ResponseLevel,
  type Rule,
  type RuleField,
  type RuleMatch,
  type RuleWhen,
  type TaxonomyFile,
  type TodoEntry,
  type TaxonomySource,
} from './types.js';

/**
 * Structural validation of one taxonomy file (one layer). References between layers
 * (category ids, source ids) are checked after `extends` is resolved, in load.ts.
 */

/** One problem found in a taxonomy: the file, the JSON path inside it and what is wrong. */
export interface TaxonomyIssue {
  file: string;
  /** JSON path such as `rules[12].match`; '' for the file as a whole. */
  path: string;
  message: string;
  /** Line in the file, for JSON syntax errors. */
  line?: number;
}

/** Ids of categories, rules and sources: letters, digits and `-` `_` `.`, starting with a letter or digit. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const ROOT_KEYS = ['$schema', 'name', 'version', 'description', 'extends', 'sources', 'categories', 'rules', 'todo'];
const SOURCE_KEYS = ['title', 'publisher', 'year', 'url', 'note'];
const CATEGORY_KEYS = ['id', 'label', 'response', 'rationale', 'sources', 'description'];
const RULE_KEYS = ['id', 'category', 'match', 'field', 'when', 'share', 'otherwise', 'note'];
const MATCH_KEYS = ['code', 'text', 'pattern'];
const WHEN_KEYS = ['priority', 'notPriority', 'source', 'notSource', 'disposition', 'notDisposition'];
const TODO_KEYS = ['callType', 'code', 'calls', 'officerHours', 'note'];

/** The keys each object of a taxonomy file accepts (docs/taxonomy.schema.json mirrors them; a test checks). */
export const TAXONOMY_KEYS = Object.freeze({
  root: ROOT_KEYS,
  source: SOURCE_KEYS,
  category: CATEGORY_KEYS,
  rule: RULE_KEYS,
  match: MATCH_KEYS,
  when: WHEN_KEYS,
  todo: TODO_KEYS,
});
const FIELDS: readonly RuleField[] = ['final', 'initial', 'either'];
const CALL_SOURCES: readonly CallSource[] = ['citizen', 'officer', 'unknown'];

type Obj = Record<string, unknown>;

/** Validates one parsed taxonomy file; `layer` is set only when there are no issues. */
export function validateLayer(value: unknown, file: string): { layer?: TaxonomyFile; issues: TaxonomyIssue[] } {
  const v = new Checker(file);
  const layer = v.root(withoutPrototypes(value));
  return v.issues.length === 0 ? { layer, issues: [] } : { issues: v.issues };
}

/** Appends a key to a JSON path: `.key` for plain names, `["key"]` otherwise. */
export function pathKey(path: string, key: string): string {
  const part = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return path === '' ? part.replace(/^\./, '') : path + part;
}

/**
 * Deep copy into null-prototype objects, so that keys such as "__proto__" or "constructor"
 * in a file are plain (unknown, reported) keys and never reach Object.prototype.
 */
function withoutPrototypes(value: unknown, depth = 0): unknown {
  if (depth > 64 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => withoutPrototypes(item, depth + 1));
  const out: Obj = Object.create(null);
  for (const key of Object.keys(value)) out[key] = withoutPrototypes((value as Obj)[key], depth + 1);
  return out;
}

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : String(value);
}

class Checker {
  readonly issues: TaxonomyIssue[] = [];
  constructor(private readonly file: string) {}

  private fail(path: string, message: string): undefined {
    this.issues.push({ file: this.file, path, message });
    return undefined;
  }

  root(value: unknown): TaxonomyFile | undefined {
    if (!isObject(value)) return this.fail('', `expected a taxonomy object with name, version, categories and rules, found ${describe(value)}`);
    this.keys(value, '', ROOT_KEYS);
    const name = this.text(value, 'name', '', true);
    const version = this.text(value, 'version', '', true);
    const description = this.text(value, 'description', '', false);
    const extendsName = this.text(value, 'extends', '', false);
    const sources = this.sources(value.sources);
    const categories = this.list(value, 'categories', (c, p) => this.category(c, p));
    const rules = this.list(value, 'rules', (r, p) => this.rule(r, p));
    const todo = value.todo === undefined ? undefined : this.list(value, 'todo', (t, p) => this.todo(t, p));
    if (extendsName === undefined && (value.categories === undefined || (Array.isArray(value.categories) && value.categories.length === 0))) {
      this.fail('categories', 'expected at least one category (only a taxonomy with "extends" may define none)');
    }
    const layer: TaxonomyFile = { name: name ?? '', version: version ?? '', description, extends: extendsName, sources, categories, rules };
    if (todo !== undefined) layer.todo = todo;
    return layer;
  }

  /** A `todo` entry: checked so a typo is caught, never used for matching. */
  private todo(value: unknown, path: string): TodoEntry | undefined {
    if (!isObject(value)) return this.fail(path, `expected an object with callType (and code, calls), found ${describe(value)}`);
    this.keys(value, path, TODO_KEYS);
    // A blank call type is a real export value worth listing, so callType may be "".
    if (typeof value.callType !== 'string') return this.fail(pathKey(path, 'callType'), value.callType === undefined ? 'is required' : `expected a string, found ${describe(value.callType)}`);
    const entry: TodoEntry = { callType: value.callType };
    if (value.code !== undefined) {
      if (typeof value.code === 'string') entry.code = value.code;
      else this.fail(pathKey(path, 'code'), `expected a string, found ${describe(value.code)}`);
    }
    for (const key of ['calls', 'officerHours'] as const) {
      const n = value[key];
      if (n === undefined) continue;
      if (typeof n === 'number' && Number.isFinite(n) && n >= 0) entry[key] = n;
      else this.fail(pathKey(path, key), `expected a number of at least 0, found ${describe(n)}`);
    }
    const note = this.text(value, 'note', path, false);
    if (note !== undefined) entry.note = note;
    return entry;
  }

  private keys(obj: Obj, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        this.fail(pathKey(path, key), `unknown key "${key}"${didYouMean(key, allowed)}; expected one of ${allowed.join(', ')}`);
      }
    }
  }

  private text(obj: Obj, key: string, path: string, required: boolean): string | undefined {
    const value = obj[key];
    const at = pathKey(path, key);
    if (value === undefined) return required ? this.fail(at, 'is required') : undefined;
    if (typeof value !== 'string' || value.trim() === '') return this.fail(at, `expected a non-empty string, found ${describe(value)}`);
    return value;
  }

  private id(obj: Obj, path: string, required: boolean): string | undefined {
    const id = this.text(obj, 'id', path, required);
    if (id !== undefined && !ID_PATTERN.test(id)) {
      return this.fail(pathKey(path, 'id'), `${JSON.stringify(id)} is not a valid id: use letters, digits, "-", "_" and ".", starting with a letter or digit`);
    }
    return id;
  }

  /** A string or a list of strings (numbers accepted and turned into strings). */
  private strings(obj: Obj, key: string, path: string): string[] | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    const at = pathKey(path, key);
    const items = Array.isArray(value) ? value : [value];
    if (items.length === 0) return this.fail(at, 'expected at least one value; remove the key if there is none');
    const out: string[] = [];
    items.forEach((item, i) => {
      const where = Array.isArray(value) ? `${at}[${i}]` : at;
      if (typeof item === 'number' && Number.isFinite(item)) out.push(String(item));
      else if (typeof item === 'string' && item.trim() !== '') out.push(item);
      else this.fail(where, `expected a non-empty string, found ${describe(item)}`);
    });
    return out;
  }

  private list<T>(obj: Obj, key: string, each: (item: unknown, path: string) => T | undefined): T[] {
    const value = obj[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.fail(key, `expected a list, found ${describe(value)}`);
      return [];
    }
    const out: T[] = [];
    value.forEach((item, i) => {
      const parsed = each(item, `${key}[${i}]`);
      if (parsed !== undefined) out.push(parsed);
    });
    return out;
  }

  private sources(value: unknown): Record<string, TaxonomySource> {
    // Null prototype: a source id such as "constructor" must not find Object.prototype members.
    const out: Record<string, TaxonomySource> = Object.create(null);
    if (value === undefined) return out;
    if (!isObject(value)) {
      this.fail('sources', `expected an object of sources keyed by id, found ${describe(value)}`);
      return out;
    }
    for (const [id, source] of Object.entries(value)) {
      const path = pathKey('sources', id);
      if (!ID_PATTERN.test(id)) {
        this.fail(path, `${JSON.stringify(id)} is not a valid source id: use letters, digits, "-", "_" and ".", starting with a letter or digit`);
        continue;
      }
      if (!isObject(source)) {
        this.fail(path, `expected an object with at least a title, found ${describe(source)}`);
        continue;
      }
      this.keys(source, path, SOURCE_KEYS);
      const entry: TaxonomySource = { title: this.text(source, 'title', path, true) ?? '' };
      for (const key of ['publisher', 'url', 'note'] as const) {
        const text = this.text(source, key, path, false);
        if (text !== undefined) entry[key] = text;
      }
      if (entry.url !== undefined && !/^https?:\/\/\S+$/.test(entry.url)) {
        this.fail(pathKey(path, 'url'), `${JSON.stringify(entry.url)} is not an http(s) URL`);
      }
      if (source.year !== undefined) {
        const year = source.year;
        if (typeof year === 'number' && Number.isInteger(year) && year >= 1900 && year <= 2100) entry.year = year;
        else this.fail(pathKey(path, 'year'), `expected a year such as 2021, found ${describe(year)}`);
      }
      out[id] = entry;
    }
    return out;
  }

  private category(value: unknown, path: string): Category | undefined {
    if (!isObject(value)) return this.fail(path, `expected a category object, found ${describe(value)}`);
    this.keys(value, path, CATEGORY_KEYS);
    const id = this.id(value, path, true);
    const label = this.text(value, 'label', path, true);
    const rationale = this.text(value, 'rationale', path, true);
    const description = this.text(value, 'description', path, false);
    const sources = this.strings(value, 'sources', path) ?? [];
    const response = value.response;
    const allowed = CATEGORY_RESPONSE_LEVELS;
    if (response === undefined) this.fail(pathKey(path, 'response'), `is required: one of ${allowed.join(', ')}`);
    else if (response === UNCLASSIFIED) {
      this.fail(pathKey(path, 'response'), `"unclassified" is reserved for calls no rule matches; use one of ${allowed.join(', ')}`);
    } else if (typeof response !== 'string' || !allowed.includes(response as ResponseLevel)) {
      const hint = typeof response === 'string' ? didYouMean(response, allowed) : '';
      this.fail(pathKey(path, 'response'), `${describe(response)} is not one of ${allowed.join(', ')}${hint}`);
    }
    if (id === UNCLASSIFIED) this.fail(pathKey(path, 'id'), '"unclassified" is reserved for the built-in category of calls no rule matches; choose another id');
    if (id === undefined || label === undefined || rationale === undefined) return undefined;
    const category: Category = { id, label, response: response as ResponseLevel, rationale, sources };
    if (description !== undefined) category.description = description;
    return category;
  }

  private rule(value: unknown, path: string): Rule | undefined {
    if (!isObject(value)) return this.fail(path, `expected a rule object with category and match, found ${describe(value)}`);
    this.keys(value, path, RULE_KEYS);
    const id = this.id(value, path, false);
    const category = this.text(value, 'category', path, true);
    const match = this.match(value.match, pathKey(path, 'match'));
    const when = this.when(value.when, pathKey(path, 'when'));
    const note = this.text(value, 'note', path, false);
    const otherwise = this.text(value, 'otherwise', path, false);
    const field = value.field;
    if (field !== undefined && !FIELDS.includes(field as RuleField)) {
      this.fail(pathKey(path, 'field'), `${describe(field)} is not one of ${FIELDS.join(', ')}`);
    }
    const share = value.share;
    if (share !== undefined && (typeof share !== 'number' || !(share > 0 && share < 1))) {
      this.fail(pathKey(path, 'share'), `expected a fraction strictly between 0 and 1 (e.g. 0.3), found ${describe(share)}`);
    } else if (share !== undefined && otherwise === undefined) {
      this.fail(pathKey(path, 'share'), 'a share needs "otherwise": the category that receives the remaining calls');
    } else if (share === undefined && otherwise !== undefined) {
      this.fail(pathKey(path, 'otherwise'), '"otherwise" is only used with "share"; add a share or remove it');
    }
    if (category === undefined || match === undefined) return undefined;
    const rule: Rule = { category, match };
    if (id !== undefined) rule.id = id;
    if (field !== undefined) rule.field = field as RuleField;
    if (when !== undefined) rule.when = when;
    if (typeof share === 'number') rule.share = share;
    if (otherwise !== undefined) rule.otherwise = otherwise;
    if (note !== undefined) rule.note = note;
    return rule;
  }

  private match(value: unknown, path: string): RuleMatch | undefined {
    if (value === undefined) return this.fail(path, 'is required: expected at least one of code, text, pattern');
    if (!isObject(value)) return this.fail(path, `expected an object with code, text or pattern, found ${describe(value)}`);
    this.keys(value, path, MATCH_KEYS);
    const match: RuleMatch = {};
    for (const key of ['code', 'text', 'pattern'] as const) {
      const values = this.strings(value, key, path);
      if (values !== undefined) match[key] = values;
    }
    for (const key of ['code', 'text'] as const) {
      match[key]?.forEach((entry, i) => {
        if (normalizeCallType(entry) !== '') return;
        const at = Array.isArray(value[key]) ? `${path}.${key}[${i}]` : `${path}.${key}`;
        this.fail(at, `${JSON.stringify(entry)} has no letters or digits, so it could only match blank call types; remove it`);
      });
    }
    if (MATCH_KEYS.every((key) => value[key] === undefined)) {
      return this.fail(path, 'expected at least one of code, text, pattern');
    }
    match.pattern?.forEach((pattern, i) => {
      const problem = checkPattern(pattern);
      if (problem) this.fail(Array.isArray(value.pattern) ? `${path}.pattern[${i}]` : `${path}.pattern`, problem);
    });
    return match;
  }

  private when(value: unknown, path: string): RuleWhen | undefined {
    if (value === undefined) return undefined;
    if (!isObject(value)) return this.fail(path, `expected an object with ${WHEN_KEYS.join(', ')}, found ${describe(value)}`);
    this.keys(value, path, WHEN_KEYS);
    const when: RuleWhen = {};
    for (const key of ['priority', 'notPriority', 'disposition', 'notDisposition'] as const) {
      const values = this.strings(value, key, path);
      if (values !== undefined) when[key] = values;
    }
    for (const key of ['source', 'notSource'] as const) {
      const values = this.strings(value, key, path);
      if (values === undefined) continue;
      const bad = values.find((s) => !CALL_SOURCES.includes(s as CallSource));
      if (bad !== undefined) this.fail(pathKey(path, key), `"${bad}" is not one of ${CALL_SOURCES.join(', ')}${didYouMean(bad, CALL_SOURCES)}`);
      else when[key] = values as CallSource[];
    }
    if (Object.keys(value).length === 0) return this.fail(path, `is empty: give at least one of ${WHEN_KEYS.join(', ')} or remove it`);
    return when;
  }
}
