import type { CallSource } from '../ingest/call.js';
import { normalizeCallType } from './normalize.js';
import { Shortcuts } from './shortcuts.js';
import {
  compileRules,
  evaluate,
  keyFieldsOf,
  matchRule,
  MEMO_LIMIT,
  shareAssumptions,
  shareDraw,
  subjectOf,
  whenFailure,
  type CompiledRule,
  type KeyField,
  type Pass,
  type Subject,
} from './rules.js';
import type {
  Category,
  ClassifiableCall,
  Classification,
  Explanation,
  ExplainInput,
  RuleTrial,
  ShareAssumption,
  Taxonomy,
} from './types.js';

export interface CompileOptions {
  /** Memoise per distinct key (default true). False evaluates every call: for tests and comparisons. */
  memo?: boolean;
  /**
   * Evaluate new keys through shortcuts.ts (default true): the same results, a fraction of the
   * time per distinct call type. False evaluates every rule as written: for the equivalence
   * tests and bench/classify-micro.mjs.
   */
  shortcuts?: boolean;
}

/** A compiled taxonomy. Classifications returned are shared frozen objects. */
export interface Classifier {
  readonly taxonomy: Taxonomy;
  /** Every category by id, the built-in `unclassified` included. */
  readonly categories: ReadonlyMap<string, Category>;
  /**
   * The assumptions share rules state, to be printed by reports: one per share rule, except
   * overlay rules that restate a share rule of a taxonomy they extend (see statedAssumptions).
   */
  readonly shareRules: readonly ShareAssumption[];
  /** The call fields each pass's memo key is built from (only those some rule reads). */
  readonly keyFields: Readonly<Record<Pass, readonly KeyField[]>>;
  /** Classifies the call's final type (callType / callTypeCode). */
  classify(call: ClassifiableCall): Classification;
  /**
   * Classifies the call's initial type (initialCallType / initialCallTypeCode) with the rules
   * whose `field` is not 'final'. A call without an initial type is unclassified on this basis.
   */
  classifyInitial(call: ClassifiableCall): Classification;
  /** Which rule matches a call type and why, for `css-analyze taxonomy explain`. */
  explain(callType: string, input?: ExplainInput): Explanation;
  /** Distinct keys memoised so far, per pass. */
  memoSize(): Record<Pass, number>;
}

/**
 * Compiles a validated taxonomy (from loadTaxonomy / taxonomyFromObject) into a classifier.
 *
 * Rules are evaluated once per distinct key — the raw values of only the call fields some
 * rule reads (see keyFields) — and the outcome stored in nested Maps, so the per-row cost
 * is one Map lookup per key field (one or two in practice) plus, for share rules only, a
 * hash of the call id.
 */
export function compileTaxonomy(taxonomy: Taxonomy, options: CompileOptions = {}): Classifier {
  const categories = new Map(taxonomy.categories.map((c) => [c.id, c]));
  const rules = compileRules(taxonomy, categories);
  const keyFields = { final: keyFieldsOf(rules, 'final'), initial: keyFieldsOf(rules, 'initial') };
  const memo = options.memo ?? true;
  // One for both passes: which rules' match keys hit a text does not depend on the pass.
  const shortcuts = options.shortcuts === false ? null : new Shortcuts(rules);
  const evaluator = (pass: Pass): ((call: ClassifiableCall) => Leaf) =>
    shortcuts ? (call) => shortcuts.evaluate(subjectOf(call, pass), pass) : (call) => evaluate(rules, subjectOf(call, pass), pass);
  const final = lookup(evaluator('final'), keyFields.final.map((f) => slot('final', f)), memo);
  const initial = lookup(evaluator('initial'), keyFields.initial.map((f) => slot('initial', f)), memo);
  const pick = (leaf: Leaf, call: ClassifiableCall): Classification =>
    leaf.other === null || shareDraw(call) < leaf.threshold ? leaf.result : leaf.other;

  return Object.freeze({
    taxonomy,
    categories,
    shareRules: Object.freeze(statedAssumptions(taxonomy, rules)),
    keyFields: Object.freeze(keyFields),
    classify: (call: ClassifiableCall) => pick(final.get(call), call),
    classifyInitial: (call: ClassifiableCall) => pick(initial.get(call), call),
    explain: (callType: string, input: ExplainInput = {}) => explain(taxonomy, rules, callType, input),
    memoSize: () => ({ final: final.size(), initial: initial.size() }),
  });
}

/**
 * The share rules that state an assumption of their own. An overlay rule that gives call types
 * a share rule of a layer below already names (by text, code or the same pattern) the same
 * share between the same two categories only restates that assumption: `taxonomy init` writes
 * such rules so the overlay classifies exactly as its base, and a user may copy a base rule
 * into an overlay. Listing both would print one assumption twice, the copy without the base's
 * note (its "why"), so the rule below stands for it. The overlay rule may be narrowed (init's
 * carry the negation of the base's narrowed rules); the rule below must not be, or only as the
 * overlay rule is, else it names fewer calls than the overlay splits. Within one file each
 * rule is listed as its author wrote it.
 */
function statedAssumptions(taxonomy: Taxonomy, rules: readonly CompiledRule[]): ShareAssumption[] {
  const shares = rules.filter((r) => r.leaf.other !== null);
  const restates = (r: CompiledRule): boolean => {
    const file = taxonomy.ruleOrigins[r.index].file;
    // Overlays come first in rule order, so a layer below is later and in another file.
    const below = shares.filter(
      (b) =>
        b.index > r.index &&
        taxonomy.ruleOrigins[b.index].file !== file &&
        b.rule.share === r.rule.share &&
        b.rule.category === r.rule.category &&
        b.rule.otherwise === r.rule.otherwise &&
        (b.when === null || sameWhen(b.when, r.when)),
    );
    if (below.length === 0) return false;
    const subject = (text: string, code: string): Subject => ({ text, code, priority: '', source: 'unknown', disposition: '' });
    // An exact entry is covered when a rule below matches that call type; a pattern only when a
    // rule below has the same pattern (one pattern covering another is not worked out).
    return (
      [...(r.texts?.keys() ?? [])].every((text) => below.some((b) => matchRule(b, subject(text, '')) !== undefined)) &&
      [...(r.codes?.keys() ?? [])].every((code) => below.some((b) => matchRule(b, subject('', code)) !== undefined)) &&
      (r.patterns ?? []).every((p) => below.some((b) => b.patterns?.some((q) => q.source === p.source)))
    );
  };
  const restated = new Set(shares.filter(restates).map((r) => r.index));
  return shareAssumptions(taxonomy).filter((a) => !restated.has(a.ruleIndex));
}

/** Whether two compiled narrowings admit the same calls (same keys, same normalised values). */
function sameWhen(a: CompiledRule['when'], b: CompiledRule['when']): boolean {
  if (a === null || b === null) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof typeof a)[]);
  return [...keys].every((k) => {
    const x = a[k] as Set<string> | undefined;
    const y = b[k] as Set<string> | undefined;
    return x !== undefined && y !== undefined && x.size === y.size && [...x].every((v) => y.has(v));
  });
}

interface Lookup {
  get(call: ClassifiableCall): Leaf;
  size(): number;
}

type Leaf = ReturnType<typeof evaluate>;

// Key fields as small integers read through one switch: keeps every property load
// monomorphic, where an array of accessor closures made the hot call site megamorphic.
const FINAL_TYPE = 0;
const FINAL_CODE = 1;
const INITIAL_TYPE = 2;
const INITIAL_CODE = 3;
const PRIORITY = 4;
const SOURCE = 5;
const DISPOSITION = 6;

function slot(pass: Pass, field: KeyField): number {
  if (field === 'type') return pass === 'final' ? FINAL_TYPE : INITIAL_TYPE;
  if (field === 'code') return pass === 'final' ? FINAL_CODE : INITIAL_CODE;
  return field === 'priority' ? PRIORITY : field === 'source' ? SOURCE : DISPOSITION;
}

function keyOf(call: ClassifiableCall, slot: number): string {
  switch (slot) {
    case FINAL_TYPE:
      return call.callType;
    case FINAL_CODE:
      return call.callTypeCode;
    case INITIAL_TYPE:
      return call.initialCallType;
    case INITIAL_CODE:
      return call.initialCallTypeCode;
    case PRIORITY:
      return call.priority;
    case SOURCE:
      return call.source;
    default:
      return call.disposition;
  }
}

/**
 * The memo: nested Maps, one level per key field, leaves are Leaf objects. Nested rather
 * than one concatenated key: concatenation allocates and re-hashes a new string per row.
 */
function lookup(slow: (call: ClassifiableCall) => Leaf, slots: readonly number[], memo: boolean): Lookup {
  if (!memo) return { get: slow, size: () => 0 };
  const first = slots[0];
  const last = slots.length - 1;
  const root = new Map<string, unknown>();
  let size = 0;
  const store = (map: Map<string, unknown>, key: string, call: ClassifiableCall): Leaf => {
    const leaf = slow(call);
    if (size < MEMO_LIMIT) {
      map.set(key, leaf);
      size++;
    }
    return leaf;
  };
  if (last === 0) {
    // The usual case for taxonomies without narrowing or codes: one Map lookup per row.
    return {
      get(call) {
        const key = keyOf(call, first);
        return (root.get(key) as Leaf | undefined) ?? store(root, key, call);
      },
      size: () => size,
    };
  }
  return {
    get(call) {
      let map = root;
      for (let d = 0; d < last; d++) {
        const key = keyOf(call, slots[d]);
        let next = map.get(key) as Map<string, unknown> | undefined;
        if (next === undefined) {
          if (size >= MEMO_LIMIT) return slow(call);
          map.set(key, (next = new Map()));
        }
        map = next;
      }
      const key = keyOf(call, slots[last]);
      return (map.get(key) as Leaf | undefined) ?? store(map, key, call);
    },
    size: () => size,
  };
}

function explain(taxonomy: Taxonomy, rules: readonly CompiledRule[], callType: string, input: ExplainInput): Explanation {
  const pass: Pass = input.pass ?? 'final';
  const code = input.code ?? '';
  const subject: Subject = {
    text: normalizeCallType(callType),
    code: normalizeCallType(code),
    priority: normalizeCallType(input.priority ?? ''),
    source: input.source ?? ('unknown' satisfies CallSource),
    disposition: normalizeCallType(input.disposition ?? ''),
  };
  const nearMisses: RuleTrial[] = [];
  const base = { callType, code, normalizedText: subject.text, normalizedCode: subject.code, nearMisses };
  for (const rule of rules) {
    const match = matchRule(rule, subject);
    if (match === undefined) continue;
    const origin = taxonomy.ruleOrigins[rule.index];
    const failed = !rule.passes[pass] ? `used only for the ${rule.rule.field} call type` : whenFailure(rule, subject);
    if (failed !== undefined) {
      nearMisses.push({ ruleIndex: rule.index, ruleId: rule.rule.id, origin, category: rule.rule.category, match, failed });
      continue;
    }
    const share = rule.leaf.other === null ? undefined : shareAssumptions(taxonomy).find((s) => s.ruleIndex === rule.index);
    return {
      ...base,
      classification: rule.leaf.result,
      rule: { ruleIndex: rule.index, ruleId: rule.rule.id, origin, match, share },
    };
  }
  return { ...base, classification: evaluate([], subject, pass).result };
}
