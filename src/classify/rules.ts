/**
 * Compiled taxonomy rules and their evaluation on one normalised call: the slow path that
 * runs once per distinct memo key (see matcher.ts).
 */
import type { CallSource } from '../ingest/call.js';
import { normalizeCallType } from './normalize.js';
import { compilePattern, PATTERN_INPUT_LIMIT } from '../util/safe-pattern.js';
import {
  UNCLASSIFIED,
  type Category,
  type ClassifiableCall,
  type Classification,
  type MatchReason,
  type Rule,
  type ShareAssumption,
  type Taxonomy,
} from './types.js';

/** Which of the call's types a pass classifies. */
export type Pass = 'final' | 'initial';

/** A call field that can be part of the memo key. */
export type KeyField = 'type' | 'code' | 'priority' | 'source' | 'disposition';

/** What a memo entry holds: the classification, or a share split decided per call. */
export interface Leaf {
  readonly result: Classification;
  /** For share rules: calls whose draw is >= threshold go to `other`. */
  readonly threshold: number;
  readonly other: Classification | null;
}

interface CompiledWhen {
  priority?: Set<string>;
  notPriority?: Set<string>;
  source?: Set<CallSource>;
  notSource?: Set<CallSource>;
  disposition?: Set<string>;
  notDisposition?: Set<string>;
}

/** A rule with its match lists normalised into sets and its patterns compiled. */
export interface CompiledRule {
  index: number;
  rule: Rule;
  codes: Map<string, string> | null;
  texts: Map<string, string> | null;
  patterns: { source: string; re: RegExp }[] | null;
  passes: Record<Pass, boolean>;
  when: CompiledWhen | null;
  leaf: Leaf;
}

/** The normalised view of one call that rules are evaluated on. */
export interface Subject {
  text: string;
  code: string;
  priority: string;
  source: CallSource;
  disposition: string;
}

/** Above this many memo entries, new keys are evaluated without being stored (bounded memory). */
export const MEMO_LIMIT = 250_000;

const NORMALISED_WHEN = ['priority', 'notPriority', 'disposition', 'notDisposition'] as const;

function frozen(categoryId: string, categories: ReadonlyMap<string, Category>, ruleIndex: number, viaShare: boolean): Classification {
  const c: Classification = { categoryId, response: categories.get(categoryId)!.response, ruleIndex };
  return Object.freeze(viaShare ? { ...c, viaShare: true } : c);
}

function normalisedMap(values: readonly string[] | undefined): Map<string, string> | null {
  if (!values) return null;
  const map = new Map<string, string>();
  for (const v of values) if (!map.has(normalizeCallType(v))) map.set(normalizeCallType(v), v);
  return map;
}

export function compileRules(taxonomy: Taxonomy, categories: ReadonlyMap<string, Category>): CompiledRule[] {
  return taxonomy.rules.map((rule, index) => {
    let when: CompiledWhen | null = null;
    if (rule.when) {
      when = {};
      for (const key of NORMALISED_WHEN) if (rule.when[key]) when[key] = new Set(rule.when[key]!.map(normalizeCallType));
      if (rule.when.source) when.source = new Set(rule.when.source);
      if (rule.when.notSource) when.notSource = new Set(rule.when.notSource);
    }
    const split = rule.share !== undefined && rule.otherwise !== undefined;
    const leaf: Leaf = Object.freeze({
      result: frozen(rule.category, categories, index, split),
      threshold: split ? Math.floor(rule.share! * 2 ** 32) : 2 ** 32,
      other: split ? frozen(rule.otherwise!, categories, index, true) : null,
    });
    return {
      index,
      rule,
      codes: normalisedMap(rule.match.code),
      texts: normalisedMap(rule.match.text),
      patterns: rule.match.pattern?.map((source) => ({ source, re: compilePattern(source) })) ?? null,
      passes: { final: rule.field !== 'initial', initial: rule.field !== 'final' },
      when,
      leaf,
    };
  });
}

export const UNCLASSIFIED_LEAF: Leaf = Object.freeze({
  result: Object.freeze({ categoryId: UNCLASSIFIED, response: 'unclassified', ruleIndex: -1 }),
  threshold: 2 ** 32,
  other: null,
});

/** How the rule's match keys hit the subject, or undefined. */
export function matchRule(rule: CompiledRule, s: Subject): MatchReason | undefined {
  if (rule.codes) {
    // Exports often carry only codes in the call-type column: with no code, codes are compared with the text.
    const hit = s.code !== '' ? rule.codes.get(s.code) : rule.codes.get(s.text);
    if (hit !== undefined) return { key: s.code !== '' ? 'code' : 'code-as-text', value: hit, against: s.code !== '' ? 'code' : 'text' };
  }
  if (rule.texts) {
    const hit = rule.texts.get(s.text);
    if (hit !== undefined) return { key: 'text', value: hit, against: 'text' };
  }
  if (rule.patterns) {
    const text = s.text.length > PATTERN_INPUT_LIMIT ? s.text.slice(0, PATTERN_INPUT_LIMIT) : s.text;
    const code = s.code.length > PATTERN_INPUT_LIMIT ? s.code.slice(0, PATTERN_INPUT_LIMIT) : s.code;
    for (const { source, re } of rule.patterns) {
      if (text !== '' && re.test(text)) return { key: 'pattern', value: source, against: 'text' };
      if (code !== '' && re.test(code)) return { key: 'pattern', value: source, against: 'code' };
    }
  }
  return undefined;
}

/** Why the rule's narrowing does not hold for the subject, or undefined when it holds. */
export function whenFailure(rule: CompiledRule, s: Subject): string | undefined {
  const w = rule.when;
  if (!w) return undefined;
  const raw = rule.rule.when!;
  const shown = (v: string): string => (v === '' ? 'blank' : `"${v}"`);
  if (w.priority && !w.priority.has(s.priority)) return `priority ${shown(s.priority)} is not one of ${raw.priority!.join(', ')}`;
  if (w.notPriority?.has(s.priority)) return `priority ${shown(s.priority)} is excluded (notPriority ${raw.notPriority!.join(', ')})`;
  if (w.source && !w.source.has(s.source)) return `source "${s.source}" is not one of ${raw.source!.join(', ')}`;
  if (w.notSource?.has(s.source)) return `source "${s.source}" is excluded (notSource ${raw.notSource!.join(', ')})`;
  if (w.disposition && !w.disposition.has(s.disposition)) {
    return `disposition ${shown(s.disposition)} is not one of ${raw.disposition!.join(', ')}`;
  }
  if (w.notDisposition?.has(s.disposition)) {
    return `disposition ${shown(s.disposition)} is excluded (notDisposition ${raw.notDisposition!.join(', ')})`;
  }
  return undefined;
}

/** First matching rule for the subject in this pass (rules in taxonomy order). */
export function evaluate(rules: readonly CompiledRule[], s: Subject, pass: Pass): Leaf {
  for (const rule of rules) {
    if (rule.passes[pass] && matchRule(rule, s) !== undefined && whenFailure(rule, s) === undefined) return rule.leaf;
  }
  return UNCLASSIFIED_LEAF;
}

export function subjectOf(call: ClassifiableCall, pass: Pass): Subject {
  return {
    text: normalizeCallType(pass === 'final' ? call.callType : call.initialCallType),
    code: normalizeCallType(pass === 'final' ? call.callTypeCode : call.initialCallTypeCode),
    priority: normalizeCallType(call.priority),
    source: call.source,
    disposition: normalizeCallType(call.disposition),
  };
}

/** The call fields a pass's result depends on; only these make up its memo key. */
export function keyFieldsOf(rules: readonly CompiledRule[], pass: Pass): KeyField[] {
  const used = rules.filter((r) => r.passes[pass]);
  const fields: KeyField[] = ['type'];
  if (used.some((r) => r.codes || r.patterns)) fields.push('code');
  if (used.some((r) => r.when?.priority || r.when?.notPriority)) fields.push('priority');
  if (used.some((r) => r.when?.source || r.when?.notSource)) fields.push('source');
  if (used.some((r) => r.when?.disposition || r.when?.notDisposition)) fields.push('disposition');
  return fields;
}

/**
 * Uniform draw in [0, 2^32) for share rules: the call id hashed (FNV-1a, then a
 * murmur3 finaliser for avalanche), or its line when it has no id. Hashing the id keeps
 * one incident on one side across unit rows, row order, shards and both passes.
 */
export function shareDraw(call: ClassifiableCall): number {
  const id = call.id;
  let h = 0x811c9dc5;
  if (id === '') h ^= call.line;
  else for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function describeMatch(rule: Rule): string {
  const parts: string[] = [];
  if (rule.match.code) parts.push(`code ${rule.match.code.join(', ')}`);
  if (rule.match.text) parts.push(`text ${rule.match.text.map((t) => `"${t}"`).join(', ')}`);
  if (rule.match.pattern) parts.push(`pattern ${rule.match.pattern.map((p) => `/${p}/`).join(', ')}`);
  const when = Object.entries(rule.when ?? {}).map(([k, v]) => `${k} ${(v as string[]).join(', ')}`);
  return parts.join(' or ') + (when.length ? ` when ${when.join('; ')}` : '');
}

export function shareAssumptions(taxonomy: Taxonomy): ShareAssumption[] {
  const out: ShareAssumption[] = [];
  taxonomy.rules.forEach((rule, ruleIndex) => {
    if (rule.share === undefined || rule.otherwise === undefined) return;
    const a: ShareAssumption = {
      ruleIndex,
      origin: taxonomy.ruleOrigins[ruleIndex],
      share: rule.share,
      category: rule.category,
      otherwise: rule.otherwise,
      matches: describeMatch(rule),
    };
    if (rule.id !== undefined) a.ruleId = rule.id;
    if (rule.note !== undefined) a.note = rule.note;
    out.push(Object.freeze(a));
  });
  return out;
}
