/**
 * Restating what a base taxonomy decided for one call type as one exact rule that, placed
 * in an overlay (so tried first), changes no classification: the pre-filled rules of
 * `taxonomy init`.
 *
 * The rule (exact key K, the outcome of the base's winning rule W, narrowing N) is
 * equivalent to the base for every observed call type t that K hits when, in every pass
 * the rule takes part in, the first rule without narrowing that matches t in the base has
 * W's outcome (category, share, otherwise), and N is the conjunction of the negations of
 * every narrowed rule the base tries before it. When N holds none of those fires, so the
 * base would reach W; when N fails the rule does not fire and the base decides as before.
 * Share splits hash the call id, so a copied share splits the same calls the same way.
 */
import { normalizeCallType } from './normalize.js';
import { matchRule, type CompiledRule, type Pass, type Subject } from './rules.js';
import type { Rule, RuleWhen } from './types.js';

export type Key = { kind: 'text' | 'code'; value: string };

/** A distinct normalised call type of the export. */
export interface Observed extends Subject {
  /** Calls with this type as their final type (0 for types seen only as initial types). */
  calls: number;
  /** The commonest raw spellings, written into rules. */
  rawText: string;
  rawCode: string;
}

export interface Restated {
  key: Key;
  /** The base rule whose outcome is restated. */
  rule: CompiledRule;
  /** 'final' when the rule may only take part in the final-type pass. */
  field?: 'final';
  when: RuleWhen;
  /** The observed types the key hits. */
  hits: Observed[];
  /** The base rules that decided those types. */
  decidedBy: Set<CompiledRule>;
}

interface Decision {
  winner: CompiledRule;
  guards: CompiledRule[];
}

const NEGATE: Record<keyof RuleWhen, keyof RuleWhen> = {
  priority: 'notPriority',
  notPriority: 'priority',
  source: 'notSource',
  notSource: 'source',
  disposition: 'notDisposition',
  notDisposition: 'disposition',
};

export function ruleName(r: CompiledRule): string {
  return r.rule.id ?? `rules[${r.index}]`;
}

const sameOutcome = (a: Rule, b: Rule): boolean => a.category === b.category && a.share === b.share && a.otherwise === b.otherwise;

export class Restater {
  // Indexes so finding the types a key hits is a lookup, not a scan of every type.
  private readonly byText = new Map<string, Observed[]>();
  private readonly byCode = new Map<string, Observed[]>();
  private readonly decisions = new Map<Observed, Partial<Record<Pass, Decision | null>>>();

  constructor(private readonly rules: readonly CompiledRule[], observed: Iterable<Observed>) {
    for (const t of observed) {
      this.byText.set(t.text, [...(this.byText.get(t.text) ?? []), t]);
      if (t.code !== '') this.byCode.set(t.code, [...(this.byCode.get(t.code) ?? []), t]);
    }
  }

  /** The rule that decides a type in a pass whatever its narrowing fields, and the narrowed rules tried before it. */
  decide(s: Observed, pass: Pass): Decision | null {
    const memo = this.decisions.get(s) ?? {};
    if (memo[pass] !== undefined) return memo[pass]!;
    let decision: Decision | null = null;
    const guards: CompiledRule[] = [];
    for (const r of this.rules) {
      if (!r.passes[pass] || matchRule(r, s) === undefined) continue;
      if (r.rule.when === undefined) {
        decision = { winner: r, guards };
        break;
      }
      guards.push(r);
    }
    this.decisions.set(s, { ...memo, [pass]: decision });
    return decision;
  }

  /**
   * An exact rule restating the base's decision for type `s`, or why there is none: '' when
   * no rule matches it at all (it is unmatched), else a sentence for the analyst.
   */
  restate(s: Observed): Restated | string {
    const d = this.decide(s, 'final');
    if (!d) {
      const guards = this.rules.filter((r) => r.passes.final && matchRule(r, s) !== undefined);
      const list = guards.map((g) => `${ruleName(g)} (${describeWhen(g.rule.when!)})`).join('; ');
      return guards.length > 0 ? `the base classifies it only with narrowed rules: ${list}` : '';
    }
    const how = matchRule(d.winner, s)!;
    const key: Key = s.code !== '' && how.against === 'code' ? { kind: 'code', value: s.rawCode } : { kind: 'text', value: s.rawText };
    const hits = this.hits(key);
    const fields: ('final' | undefined)[] = d.winner.rule.field === 'final' ? ['final'] : [undefined, 'final'];
    let reason = `call types sharing its ${key.kind} are classified differently by the base`;
    for (const field of fields) {
      const passes: Pass[] = field === 'final' ? ['final'] : ['final', 'initial'];
      const guards = new Set<CompiledRule>();
      const decidedBy = new Set<CompiledRule>();
      const consistent = hits.every((t) =>
        passes.every((p) => {
          const dt = this.decide(t, p);
          if (!dt || !sameOutcome(dt.winner.rule, d.winner.rule)) return false;
          dt.guards.forEach((g) => guards.add(g));
          decidedBy.add(dt.winner);
          return true;
        }),
      );
      if (!consistent) continue;
      const when = negation([...guards].sort((a, b) => a.index - b.index));
      if (typeof when === 'string') {
        reason = when;
        continue;
      }
      return { key, rule: d.winner, ...(field ? { field } : {}), when, hits, decidedBy };
    }
    return reason;
  }

  /** The observed types an exact `text` or `code` entry hits, as matchRule compares them. */
  private hits(key: Key): Observed[] {
    const v = normalizeCallType(key.value);
    if (key.kind === 'text') return this.byText.get(v) ?? [];
    // A code entry is compared with the code, or with the text of calls that have no code.
    return [...(this.byCode.get(v) ?? []), ...(this.byText.get(v) ?? []).filter((t) => t.code === '')];
  }
}

/** The conjunction of the guards' negations as one `when`, or why it cannot be written. */
function negation(guards: readonly CompiledRule[]): RuleWhen | string {
  const when: Record<string, string[]> = {};
  for (const g of guards) {
    const entries = Object.entries(g.rule.when!) as [keyof RuleWhen, string[]][];
    if (entries.length !== 1) return `the base tries a rule narrowed by several fields first (${ruleName(g)}), which one rule cannot restate`;
    const [k, values] = entries[0];
    const key = NEGATE[k];
    const existing = when[key];
    if (existing === undefined) when[key] = [...values];
    else if (key.startsWith('not')) {
      // not(A) and not(B) = not(A or B): the lists join.
      const have = new Set(existing.map(normalizeCallType));
      existing.push(...values.filter((v) => !have.has(normalizeCallType(v))));
    } else {
      // in(A) and in(B) = in(A and B): the lists intersect.
      const keep = new Set(values.map(normalizeCallType));
      const both = existing.filter((v) => keep.has(normalizeCallType(v)));
      if (both.length === 0) return `narrowed rules tried first (${ruleName(g)}) leave no call for an exact rule`;
      when[key] = both;
    }
  }
  return Object.fromEntries(Object.entries(when).sort(([a], [b]) => a.localeCompare(b))) as RuleWhen;
}

function describeWhen(when: RuleWhen): string {
  return Object.entries(when)
    .map(([k, v]) => `${k} ${(v as string[]).join(', ')}`)
    .join(' and ');
}
