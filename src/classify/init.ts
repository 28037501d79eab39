/**
 * `taxonomy init`: a starter overlay for one export. It extends the taxonomy the export
 * would be classified with, restates what that taxonomy decided for each of the export's
 * call types as exact rules grouped by category (so the analyst sees, and can change, what
 * each became), and lists the call types no rule matched under `todo`, ranked by calls.
 *
 * The restated rules never change a classification: each is written only when it is
 * provably equivalent to the base for every call type of the export it matches, carrying
 * the negation of any narrowed base rule that would have come first (restate.ts).
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Call } from '../ingest/call.js';
import { listBuiltinTaxonomies, taxonomyFromObject } from './load.js';
import { normalizeCallType } from './normalize.js';
import { Restater, ruleName, type Observed, type Restated } from './restate.js';
import { compileRules } from './rules.js';
import { RESPONSE_LEVEL_IDS, type Rule, type Taxonomy, type TodoEntry } from './types.js';

const SCHEMA = fileURLToPath(new URL('../../docs/taxonomy.schema.json', import.meta.url));

/** Distinct call types of an export, by raw spelling, with their calls. Memory grows with distinct types only. */
export class CallTypeTally {
  readonly final = new Map<string, { callType: string; code: string; calls: number }>();
  readonly initial = new Map<string, { callType: string; code: string }>();

  add(call: Pick<Call, 'callType' | 'callTypeCode' | 'initialCallType' | 'initialCallTypeCode'>): void {
    const key = `${call.callType}\u0000${call.callTypeCode}`;
    const seen = this.final.get(key);
    if (seen) seen.calls++;
    else this.final.set(key, { callType: call.callType, code: call.callTypeCode, calls: 1 });
    if (call.initialCallType !== '' || call.initialCallTypeCode !== '') {
      const ik = `${call.initialCallType}\u0000${call.initialCallTypeCode}`;
      if (!this.initial.has(ik)) this.initial.set(ik, { callType: call.initialCallType, code: call.initialCallTypeCode });
    }
  }
}

export interface StarterInput {
  /** The base as the user or the preset named it: a built-in name or a path. */
  base: string;
  /** The base, loaded. */
  taxonomy: Taxonomy;
  tally: CallTypeTally;
  /** The call types no rule matched, ranked (Analysis `unmatched`). */
  unmatched: readonly { callType: string; callTypeCode: string; calls: number; officerHours?: number }[];
  name: string;
  /** Where the file will be written ('.' for standard output): `extends` and `$schema` are relative to it. */
  outDir: string;
  /** The export file names, for the description. */
  exports: readonly string[];
}

/** A call type the base classifies that no pre-filled rule could restate exactly. */
export interface LeftToBase {
  callType: string;
  code: string;
  calls: number;
  reason: string;
}

export interface StarterTaxonomy {
  /** The taxonomy file, keys in writing order. */
  file: Record<string, unknown>;
  /** Distinct final call types of the export, after normalisation. */
  callTypes: number;
  prefilled: { rules: number; callTypes: number; calls: number };
  todo: { callTypes: number; calls: number };
  leftToBase: LeftToBase[];
}

/** Builds the starter file for an export read with `input.taxonomy`; checks that it loads. */
export function starterTaxonomy(input: StarterInput): StarterTaxonomy {
  const { taxonomy } = input;
  const rules = compileRules(taxonomy, new Map(taxonomy.categories.map((c) => [c.id, c])));
  const observed = observe(input.tally);
  const restater = new Restater(rules, observed.values());
  const leftToBase: LeftToBase[] = [];
  const candidates = new Map<string, Restated>();
  const unmatched = new Set(input.unmatched.map((u) => `${normalizeCallType(u.callType)}\u0000${normalizeCallType(u.callTypeCode)}`));
  for (const [key, s] of observed) {
    if (s.calls === 0) continue;
    const result = restater.restate(s);
    if (typeof result === 'string') {
      // A type with unmatched calls is listed under todo; one without was classified by narrowed rules only.
      if (result !== '' && !(unmatched.has(key) && restater.decide(s, 'final') === null)) {
        leftToBase.push({ callType: s.rawText, code: s.rawCode, calls: s.calls, reason: result });
      }
      continue;
    }
    const id = `${result.key.kind}\u0000${normalizeCallType(result.key.value)}`;
    if (!candidates.has(id)) candidates.set(id, result);
  }

  const written = groupRules([...candidates.values()], taxonomy, input.base);
  const prefilledTypes = new Set([...candidates.values()].flatMap((c) => c.hits.filter((h) => h.calls > 0)));
  const todo: TodoEntry[] = input.unmatched.map((u) => ({
    callType: u.callType,
    ...(u.callTypeCode !== '' ? { code: u.callTypeCode } : {}),
    calls: u.calls,
    ...(u.officerHours !== undefined ? { officerHours: u.officerHours } : {}),
  }));
  const todoCalls = todo.reduce((a, t) => a + (t.calls ?? 0), 0);
  const typeCount = (n: number) => `${n} call type${n === 1 ? '' : 's'}`;
  const callCount = (n: number) => `${n} call${n === 1 ? '' : 's'}`;
  const file: Record<string, unknown> = {
    $schema: relativePath(input.outDir, SCHEMA),
    name: input.name,
    version: '0.1.0',
    description:
      `Starter taxonomy for ${input.exports.join(', ')}, written by "css-analyze taxonomy init" on top of ${input.base}. ` +
      `The rules restate what ${input.base} decided for ${typeCount(prefilledTypes.size)} of the export, grouped by category: ` +
      `change a rule's "category" to decide differently, or delete the rule to leave those types to the base. ` +
      `"todo" lists the ${typeCount(todo.length)} (${callCount(todoCalls)}) no rule matched, by calls: add rules for them (docs/taxonomy.md).`,
    extends: extendsValue(input.base, input.outDir),
    sources: {},
    categories: [],
    rules: written,
    todo,
  };
  // The file must load: check it against the base exactly as written (extends resolved from here).
  taxonomyFromObject({ ...file, $schema: undefined, extends: extendsValue(input.base, process.cwd()) }, input.name);
  return {
    file,
    callTypes: [...observed.values()].filter((s) => s.calls > 0).length,
    prefilled: { rules: written.length, callTypes: prefilledTypes.size, calls: [...prefilledTypes].reduce((a, s) => a + s.calls, 0) },
    todo: { callTypes: todo.length, calls: todoCalls },
    leftToBase: leftToBase.sort((a, b) => b.calls - a.calls || a.callType.localeCompare(b.callType)),
  };
}

/** Distinct normalised (text, code) of final and initial types, with calls and the commonest spellings. */
function observe(tally: CallTypeTally): Map<string, Observed> {
  const out = new Map<string, Observed & { best: number }>();
  const add = (callType: string, code: string, calls: number): void => {
    const text = normalizeCallType(callType);
    const c = normalizeCallType(code);
    const key = `${text}\u0000${c}`;
    const seen = out.get(key);
    if (!seen) out.set(key, { text, code: c, priority: '', source: 'unknown', disposition: '', calls, rawText: callType, rawCode: code, best: calls });
    else {
      seen.calls += calls;
      if (calls > seen.best) Object.assign(seen, { rawText: callType, rawCode: code, best: calls });
    }
  };
  for (const t of tally.final.values()) add(t.callType, t.code, t.calls);
  for (const t of tally.initial.values()) add(t.callType, t.code, 0);
  return out;
}

/** One rule per category and narrowing, in response-level order then by calls. */
function groupRules(candidates: readonly Restated[], taxonomy: Taxonomy, base: string): Rule[] {
  const groups = new Map<string, Restated[]>();
  for (const c of candidates) {
    const r = c.rule.rule;
    const signature = JSON.stringify([r.category, c.key.kind, c.field ?? '', c.when, r.share ?? '', r.otherwise ?? '']);
    groups.set(signature, [...(groups.get(signature) ?? []), c]);
  }
  const level = new Map(taxonomy.categories.map((cat) => [cat.id, RESPONSE_LEVEL_IDS.indexOf(cat.response)]));
  const callsOf = (c: Restated) => c.hits.reduce((a, h) => a + h.calls, 0);
  const sorted = [...groups.values()]
    .map((list) => ({ list: [...list].sort((a, b) => callsOf(b) - callsOf(a) || a.key.value.localeCompare(b.key.value)), calls: list.reduce((a, c) => a + callsOf(c), 0) }))
    .sort((a, b) => {
      const ca = a.list[0].rule.rule.category;
      const cb = b.list[0].rule.rule.category;
      return level.get(ca)! - level.get(cb)! || b.calls - a.calls || ca.localeCompare(cb);
    });
  const usedIds = new Set(taxonomy.rules.map((r) => r.id).filter((id): id is string => id !== undefined));
  return sorted.map(({ list, calls }) => {
    const first = list[0];
    const r = first.rule.rule;
    let id = `prefilled-${r.category}`;
    for (let n = 2; usedIds.has(id); n++) id = `prefilled-${r.category}-${n}`;
    usedIds.add(id);
    const deciders = [...new Set(list.flatMap((c) => [...c.decidedBy].map(ruleName)))];
    const shown = deciders.length > 3 ? `${deciders.slice(0, 3).join(', ')} and ${deciders.length - 3} more` : deciders.join(', ');
    const rule: Rule = { id, category: r.category, match: { [first.key.kind]: list.map((c) => c.key.value) } };
    if (first.field) rule.field = first.field;
    if (Object.keys(first.when).length > 0) rule.when = first.when;
    if (r.share !== undefined) Object.assign(rule, { share: r.share, otherwise: r.otherwise });
    rule.note = `pre-filled by default rules (${base}: ${shown}): ${list.length} call type${list.length === 1 ? '' : 's'}, ${calls} call${calls === 1 ? '' : 's'} in the export`;
    return rule;
  });
}

function relativePath(fromDir: string, to: string): string {
  const rel = relative(resolve(fromDir), to).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** `extends` as written in a file in `dir`: a built-in name as is, a path relative to `dir`. */
function extendsValue(base: string, dir: string): string {
  if (listBuiltinTaxonomies().includes(base)) return base;
  return isAbsolute(base) && dir === process.cwd() ? base : relativePath(dir, resolve(base));
}
