/**
 * Plain-data descriptions of a taxonomy for `css-analyze taxonomy show` and `explain`
 * (the CLI renders them as tables or prints them as JSON).
 */
import type { CallSource } from '../ingest/call.js';
import { normalizeCallType } from './normalize.js';
import type { Classifier } from './matcher.js';
import {
  RESPONSE_LEVELS,
  type MatchReason,
  type ResponseLevel,
  type RuleField,
  type RuleWhen,
  type ShareAssumption,
  type Taxonomy,
  type TaxonomySource,
  type TodoEntry,
} from './types.js';

export interface TaxonomyCounts {
  /** Categories the files define (the built-in `unclassified` not counted). */
  categories: number;
  rules: number;
  shareRules: number;
  layers: number;
  /** Entries in the top file's `todo` list. */
  todo: number;
}

export interface CategoryReport {
  id: string;
  label: string;
  response: ResponseLevel;
  rationale: string;
  description: string | null;
  /** Rules that assign this category (as `category`, or as a share rule's `otherwise`). */
  rules: number;
  sources: ({ id: string } & TaxonomySource)[];
}

export interface TaxonomyReport {
  taxonomy: { name: string; version: string; description: string | null; layers: { name: string; version: string; file: string; todo: number }[] };
  counts: TaxonomyCounts;
  /** Every response level in report order, with its categories (possibly none). */
  levels: { id: ResponseLevel; label: string; definition: string; categories: CategoryReport[] }[];
  /** Share rules: assumptions every report prints. */
  shareRules: ShareAssumption[];
  /** The top file's call types left to decide (from `taxonomy init`). */
  todo: TodoEntry[];
}

export function taxonomyCounts(t: Taxonomy, shareRules: number): TaxonomyCounts {
  return {
    categories: t.categories.length - 1,
    rules: t.rules.length,
    shareRules,
    layers: t.layers.length,
    todo: t.layers[0].todo?.length ?? 0,
  };
}

export function describeTaxonomy(classifier: Classifier): TaxonomyReport {
  const t = classifier.taxonomy;
  const ruleCount = new Map<string, number>();
  for (const r of t.rules) {
    for (const id of new Set([r.category, r.otherwise])) if (id !== undefined) ruleCount.set(id, (ruleCount.get(id) ?? 0) + 1);
  }
  const categories = t.categories.map(
    (c): CategoryReport => ({
      id: c.id,
      label: c.label,
      response: c.response,
      rationale: c.rationale,
      description: c.description ?? null,
      rules: ruleCount.get(c.id) ?? 0,
      sources: c.sources.map((id) => ({ id, ...t.sources.get(id)! })),
    }),
  );
  return {
    taxonomy: {
      name: t.name,
      version: t.version,
      description: t.description ?? null,
      layers: t.layers.map((l) => ({ name: l.name, version: l.version, file: l.file, todo: l.todo?.length ?? 0 })),
    },
    counts: taxonomyCounts(t, classifier.shareRules.length),
    levels: RESPONSE_LEVELS.map((l) => ({ id: l.id, label: l.label, definition: l.definition, categories: categories.filter((c) => c.response === l.id) })),
    shareRules: [...classifier.shareRules],
    todo: [...(t.layers[0].todo ?? [])],
  };
}

export interface ExplainOptions {
  code?: string;
  priority?: string;
  source?: CallSource;
  disposition?: string;
  pass?: 'final' | 'initial';
}

interface RuleRef {
  index: number;
  id: string | null;
  file: string;
  path: string;
  category: string;
  match: MatchReason;
}

export interface ExplainReport {
  taxonomy: { name: string; version: string; layers: { name: string; version: string; file: string }[] };
  input: { callType: string; code: string; priority: string; source: CallSource; disposition: string; pass: 'final' | 'initial' };
  normalized: { text: string; code: string; priority: string; disposition: string };
  result: { category: string; label: string; response: ResponseLevel; responseLabel: string };
  /** The rule that decided, null when no rule matched (unclassified). */
  rule:
    | (RuleRef & {
        field: RuleField;
        when: RuleWhen | null;
        share: { share: number; category: string; otherwise: string; note: string | null } | null;
        note: string | null;
      })
    | null;
  /** Earlier rules whose match hit but whose narrowing (when, or field) did not hold. */
  narrowedOut: (RuleRef & { reason: string })[];
}

export function explainCallType(classifier: Classifier, callType: string, options: ExplainOptions = {}): ExplainReport {
  const t = classifier.taxonomy;
  const pass = options.pass ?? 'final';
  const input = {
    callType,
    code: options.code ?? '',
    priority: options.priority ?? '',
    source: options.source ?? 'unknown',
    disposition: options.disposition ?? '',
    pass,
  };
  const e = classifier.explain(callType, { code: input.code, priority: input.priority, source: input.source, disposition: input.disposition, pass });
  const category = classifier.categories.get(e.classification.categoryId)!;
  const ref = (index: number, match: MatchReason): RuleRef => ({
    index,
    id: t.rules[index].id ?? null,
    file: t.ruleOrigins[index].file,
    path: t.ruleOrigins[index].path,
    category: t.rules[index].category,
    match,
  });
  let rule: ExplainReport['rule'] = null;
  if (e.rule) {
    const r = t.rules[e.rule.ruleIndex];
    const share = e.rule.share;
    rule = {
      ...ref(e.rule.ruleIndex, e.rule.match),
      field: r.field ?? 'either',
      when: r.when ?? null,
      share: share ? { share: share.share, category: share.category, otherwise: share.otherwise, note: share.note ?? null } : null,
      note: r.note ?? null,
    };
  }
  return {
    taxonomy: { name: t.name, version: t.version, layers: t.layers.map((l) => ({ name: l.name, version: l.version, file: l.file })) },
    input,
    normalized: {
      text: e.normalizedText,
      code: e.normalizedCode,
      priority: normalizeCallType(input.priority),
      disposition: normalizeCallType(input.disposition),
    },
    result: {
      category: category.id,
      label: category.label,
      response: category.response,
      responseLabel: RESPONSE_LEVELS.find((l) => l.id === category.response)!.label,
    },
    rule,
    narrowedOut: e.nearMisses.map((m) => ({ ...ref(m.ruleIndex, m.match), reason: m.failed })),
  };
}
