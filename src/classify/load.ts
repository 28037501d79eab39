import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputError, type CssError } from '../errors.js';
import { jsonPathLines, lineOfPath } from './json-lines.js';
import { didYouMean } from './suggest.js';
import { pathKey, validateLayer, type TaxonomyIssue } from './validate.js';
import {
  RESPONSE_LEVELS,
  UNCLASSIFIED,
  type Category,
  type Origin,
  type Rule,
  type Taxonomy,
  type TaxonomyFile,
  type TaxonomyLayer,
  type TaxonomySource,
} from './types.js';

// Resolved from this module's URL so it works from src/ (tests) and dist/ (copied by scripts/copy-assets.mjs).
const BUILTIN_DIR = fileURLToPath(new URL('./taxonomies/', import.meta.url));
/** Built-in taxonomy names: `default`, `presets/durham`; never a path. */
const BUILTIN_NAME = /^[a-z0-9][a-z0-9-]*(?:\/[a-z0-9][a-z0-9-]*)?$/;
const MAX_EXTENDS_DEPTH = 8;

/** The built-in category that receives every call no rule matches. */
export const UNCLASSIFIED_CATEGORY: Category = Object.freeze({
  id: UNCLASSIFIED,
  label: 'Unclassified',
  response: 'unclassified',
  rationale: RESPONSE_LEVELS.find((l) => l.id === 'unclassified')!.definition,
  sources: [],
}) as Category;

/** Names of the built-in taxonomies (`default`, `presets/<id>`), sorted. */
export function listBuiltinTaxonomies(): string[] {
  const names: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.json')) names.push(prefix + entry.name.slice(0, -'.json'.length));
    }
  };
  walk(BUILTIN_DIR, '');
  return names.sort();
}

/**
 * Loads, validates and resolves a taxonomy: a path to a .json file, or a built-in name
 * (`default`, `presets/<id>`). Throws CssError naming the file and JSON path of the first
 * problem, with "(and N more)" when there are several; checkTaxonomy lists them all.
 */
export function loadTaxonomy(pathOrName: string): Taxonomy {
  const { taxonomy, issues } = checkTaxonomy(pathOrName);
  if (taxonomy) return taxonomy;
  throw issuesError(issues);
}

export interface CheckOptions {
  /**
   * Give every issue the line of its JSON path (or of the nearest enclosing value), not
   * only JSON syntax errors: for `taxonomy validate`. Off for loadTaxonomy's one-line errors.
   */
  lines?: boolean;
}

/** Like loadTaxonomy, but returns every problem instead of throwing (for `taxonomy validate`). */
export function checkTaxonomy(pathOrName: string, options: CheckOptions = {}): { taxonomy?: Taxonomy; issues: TaxonomyIssue[] } {
  const issues: TaxonomyIssue[] = [];
  const texts = new Map<string, string>();
  const layers = readChain(locate(pathOrName, process.cwd()), issues, new Set(), texts);
  const result = issues.length > 0 ? { issues } : merge(layers);
  if (options.lines) addLines(result.issues, texts);
  return result;
}

function addLines(issues: TaxonomyIssue[], texts: ReadonlyMap<string, string>): void {
  const maps = new Map<string, Map<string, number>>();
  for (const issue of issues) {
    const text = texts.get(issue.file);
    if (issue.line !== undefined || issue.path === '' || text === undefined) continue;
    if (!maps.has(issue.file)) maps.set(issue.file, jsonPathLines(text));
    const line = lineOfPath(maps.get(issue.file)!, issue.path);
    if (line !== undefined) issue.line = line;
  }
}

/**
 * Validates a taxonomy given as a value (e.g. built in code). `extends` names a built-in or
 * a path relative to the current directory. Throws like loadTaxonomy.
 */
export function taxonomyFromObject(value: unknown, file = '<taxonomy>'): Taxonomy {
  const issues: TaxonomyIssue[] = [];
  const layers = layerChain(file, value, process.cwd(), issues, new Set());
  const result = issues.length > 0 ? { issues } : merge(layers);
  if (result.taxonomy) return result.taxonomy;
  throw issuesError(result.issues);
}

/** One CssError for a list of issues: the first in full, then how many more. */
export function issuesError(issues: readonly TaxonomyIssue[]): CssError {
  const [first] = issues;
  const more = issues.length - 1;
  const message = (first.path ? `${first.path}: ${first.message}` : first.message) + (more > 0 ? ` (and ${more} more)` : '');
  const hint = more > 0 ? `Run "css-analyze taxonomy validate ${first.file}" to list every problem` : undefined;
  return inputError(message, { file: first.file, line: first.line }, hint);
}

interface Located {
  /** Absolute path to read, or undefined with `issue` when it cannot be found. */
  path?: string;
  /** Name shown in messages. */
  display: string;
  issue?: string;
}

interface LoadedLayer {
  layer: TaxonomyFile;
  file: string;
}

function locate(pathOrName: string, baseDir: string): Located {
  if (BUILTIN_NAME.test(pathOrName) && !pathOrName.endsWith('.json')) {
    const path = join(BUILTIN_DIR, `${pathOrName}.json`);
    if (existsSync(path)) return { path, display: `taxonomies/${pathOrName}.json` };
    const known = listBuiltinTaxonomies();
    return {
      display: pathOrName,
      issue: `unknown built-in taxonomy "${pathOrName}"${didYouMean(pathOrName, known)}; use one of ${known.join(', ') || '(none installed)'} or a path to a .json file`,
    };
  }
  const path = isAbsolute(pathOrName) ? pathOrName : resolve(baseDir, pathOrName);
  const display = isAbsolute(pathOrName) ? pathOrName : relative(process.cwd(), path) || pathOrName;
  if (!existsSync(path) || !statSync(path).isFile()) return { display, issue: 'no such taxonomy file; check the path' };
  return { path, display };
}

/** `texts` collects each file's text by display name, for line numbers. */
function readChain(located: Located, issues: TaxonomyIssue[], seen = new Set<string>(), texts?: Map<string, string>): LoadedLayer[] {
  if (located.path === undefined) {
    issues.push({ file: located.display, path: '', message: located.issue! });
    return [];
  }
  const value = parseJson(located.path, located.display, issues, texts);
  if (value === undefined) return [];
  return layerChain(located.display, value, dirname(located.path), issues, seen.add(located.path), texts);
}

function layerChain(
  file: string,
  value: unknown,
  dir: string,
  issues: TaxonomyIssue[],
  seen: Set<string>,
  texts?: Map<string, string>,
): LoadedLayer[] {
  const { layer, issues: found } = validateLayer(value, file);
  issues.push(...found);
  if (!layer) return [];
  const own = { layer, file };
  if (layer.extends === undefined) return [own];
  const base = locate(layer.extends, dir);
  if (base.issue) {
    issues.push({ file, path: 'extends', message: base.issue });
    return [];
  }
  if (seen.has(base.path!)) {
    issues.push({ file, path: 'extends', message: `"${layer.extends}" leads back to a taxonomy already in the chain; a taxonomy cannot extend itself` });
    return [];
  }
  if (seen.size >= MAX_EXTENDS_DEPTH) {
    issues.push({ file, path: 'extends', message: `"${layer.extends}" makes a chain of more than ${MAX_EXTENDS_DEPTH} taxonomies; flatten it` });
    return [];
  }
  return [...readChain(base, issues, seen, texts), own];
}

function parseJson(path: string, file: string, issues: TaxonomyIssue[], texts?: Map<string, string>): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    texts?.set(file, text);
  } catch (err) {
    issues.push({ file, path: '', message: `cannot read taxonomy (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = (err as Error).message;
    const position = /at position (\d+)/.exec(reason);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    issues.push({ file, path: '', line, message: `not valid JSON (${reason}); check for a missing comma, quote or bracket` });
    return undefined;
  }
}

/** Merges layers (base first) and checks every reference across them. */
function merge(layers: LoadedLayer[]): { taxonomy?: Taxonomy; issues: TaxonomyIssue[] } {
  const issues: TaxonomyIssue[] = [];
  const sources = new Map<string, { source: TaxonomySource; file: string }>();
  const categories = new Map<string, { category: Category; origin: Origin }>();
  const ruleIds = new Map<string, Origin>();
  const fail = (file: string, path: string, message: string): void => void issues.push({ file, path, message });
  // Where something was first defined: its path, prefixed by its file when that is another layer.
  const at = (origin: Origin, file: string): string => (origin.file === file ? origin.path : `${origin.file} ${origin.path}`);

  for (const { layer, file } of layers) {
    for (const [id, source] of Object.entries(layer.sources)) {
      const earlier = sources.get(id);
      if (earlier && JSON.stringify(earlier.source) !== JSON.stringify(source)) {
        fail(file, pathKey('sources', id), `"${id}" is already defined differently in ${earlier.file}; choose another id or cite that one`);
      } else sources.set(id, { source, file });
    }
    layer.categories.forEach((category, i) => {
      const origin = { file, path: `categories[${i}]` };
      const earlier = categories.get(category.id);
      if (earlier) fail(file, `${origin.path}.id`, `duplicate category id "${category.id}" (first defined at ${at(earlier.origin, file)})`);
      else categories.set(category.id, { category, origin });
    });
  }

  const rules: Rule[] = [];
  const ruleOrigins: Origin[] = [];
  // Overlay rules are tried before the base's: walk layers from the overlay down.
  for (const { layer, file } of [...layers].reverse()) {
    layer.rules.forEach((rule, i) => {
      const origin = { file, path: `rules[${i}]` };
      rules.push(rule);
      ruleOrigins.push(origin);
      if (rule.id !== undefined) {
        const earlier = ruleIds.get(rule.id);
        if (earlier) fail(file, `${origin.path}.id`, `duplicate rule id "${rule.id}" (first defined at ${at(earlier, file)})`);
        else ruleIds.set(rule.id, origin);
      }
      for (const key of ['category', 'otherwise'] as const) {
        const id = rule[key];
        if (id === undefined || categories.has(id)) continue;
        const message =
          id === UNCLASSIFIED
            ? '"unclassified" is assigned automatically to calls no rule matches; a rule cannot target it (use an "excluded" category for calls outside the question)'
            : `unknown category "${id}"${didYouMean(id, categories.keys())}; define it in "categories"`;
        fail(file, `${origin.path}.${key}`, message);
      }
      if (rule.otherwise !== undefined && rule.otherwise === rule.category) {
        fail(file, `${origin.path}.otherwise`, `is the same category as "category" ("${rule.category}"); a share must split calls between two categories`);
      }
    });
  }

  for (const { category, origin } of categories.values()) {
    category.sources.forEach((id, j) => {
      if (!sources.has(id)) fail(origin.file, `${origin.path}.sources[${j}]`, `unknown source "${id}"${didYouMean(id, sources.keys())}; define it in "sources"`);
    });
  }
  if (issues.length > 0) return { issues };

  const top = layers.at(-1)!.layer;
  const layerInfo: TaxonomyLayer[] = [...layers]
    .reverse()
    .map(({ layer, file }) => ({ name: layer.name, version: layer.version, file, ...(layer.todo ? { todo: layer.todo } : {}) }));
  const taxonomy: Taxonomy = {
    name: top.name,
    version: top.version,
    layers: layerInfo,
    sources: new Map([...sources].map(([id, { source }]) => [id, source])),
    categories: [...[...categories.values()].map((c) => c.category), UNCLASSIFIED_CATEGORY],
    rules,
    ruleOrigins,
  };
  if (top.description !== undefined) taxonomy.description = top.description;
  return { taxonomy: deepFreeze(taxonomy), issues: [] };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const v of value.values()) deepFreeze(v);
    else for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
