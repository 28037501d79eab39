import type { Call, CallSource } from '../ingest/call.js';

/**
 * Response levels are fixed so reports compare across cities. `unclassified` is reserved
 * for calls no rule matched; taxonomy categories use the other five.
 */
export type ResponseLevel = 'community' | 'civilian' | 'co-response' | 'police' | 'excluded' | 'unclassified';

export interface ResponseLevelInfo {
  id: ResponseLevel;
  label: string;
  /** One sentence, for report legends and docs. */
  definition: string;
}

/** The response levels in report order, with labels and definitions. */
export const RESPONSE_LEVELS: readonly ResponseLevelInfo[] = Object.freeze(
  [
    {
      id: 'community',
      label: 'Community responder',
      definition:
        'An unarmed community responder (clinician, paramedic, peer) could take the call: behavioural health, welfare checks, quality of life, general assistance.',
    },
    {
      id: 'civilian',
      label: 'Civilian / report',
      definition:
        'Non-sworn staff or online or telephone reporting could handle the call: cold reports, parking, minor non-injury crashes, found property.',
    },
    {
      id: 'co-response',
      label: 'Co-response',
      definition: 'Police attend together with a clinician or other civilian specialist.',
    },
    {
      id: 'police',
      label: 'Police',
      definition: 'The call needs a sworn police response.',
    },
    {
      id: 'excluded',
      label: 'Excluded',
      definition:
        'Outside the diversion question: officer-initiated activity, administrative entries, fire/EMS-only calls, 911 hang-ups and the like.',
    },
    {
      id: 'unclassified',
      label: 'Unclassified',
      definition: 'No taxonomy rule matched the call type; such calls are always counted and listed, never dropped.',
    },
  ].map((level) => Object.freeze(level as ResponseLevelInfo)),
);

/** Response-level ids in report order. */
export const RESPONSE_LEVEL_IDS: readonly ResponseLevel[] = Object.freeze(RESPONSE_LEVELS.map((l) => l.id));

/** Levels a taxonomy category may use (all but the reserved `unclassified`). */
export const CATEGORY_RESPONSE_LEVELS: readonly ResponseLevel[] = Object.freeze(
  RESPONSE_LEVEL_IDS.filter((id) => id !== 'unclassified'),
);

/** The id (and response level) of the built-in category for calls no rule matched. */
export const UNCLASSIFIED = 'unclassified';

/** A published source cited by categories. */
export interface TaxonomySource {
  title: string;
  publisher?: string;
  year?: number;
  url?: string;
  /** Free text: the page, table or section relied on. */
  note?: string;
}

export interface Category {
  id: string;
  label: string;
  response: ResponseLevel;
  /** Why this response level. */
  rationale: string;
  /** Ids of entries in the taxonomy's `sources`. */
  sources: string[];
  description?: string;
}

/** Which pass a rule takes part in: classification of the final type, the initial type, or both. */
export type RuleField = 'final' | 'initial' | 'either';

export interface RuleMatch {
  /** Codes compared with the call's code (normalised); with the text when the call has no code. */
  code?: string[];
  /** Call-type texts compared with the call's text (normalised). */
  text?: string[];
  /** Regular expressions searched in the normalised text and the normalised code. */
  pattern?: string[];
}

/** Narrowing: every key given must hold. Values are compared after normalisation. */
export interface RuleWhen {
  priority?: string[];
  notPriority?: string[];
  source?: CallSource[];
  notSource?: CallSource[];
  disposition?: string[];
  notDisposition?: string[];
}

export interface Rule {
  id?: string;
  category: string;
  match: RuleMatch;
  /** Default 'either': the rule classifies whichever type the pass looks at. */
  field?: RuleField;
  when?: RuleWhen;
  /** Fraction in (0, 1) of matched calls assigned to `category`; the rest go to `otherwise`. */
  share?: number;
  otherwise?: string;
  note?: string;
}

/** One taxonomy file as written (after validation; single strings widened to lists). */
export interface TaxonomyFile {
  name: string;
  version: string;
  description?: string;
  extends?: string;
  sources: Record<string, TaxonomySource>;
  categories: Category[];
  rules: Rule[];
  /** Call types left for the analyst to decide (written by `taxonomy init`); not used for matching. */
  todo?: TodoEntry[];
}

/**
 * A call type no rule matched when `taxonomy init` wrote the file, ranked by calls: a
 * note for the analyst, accepted and ignored by the classifier.
 */
export interface TodoEntry {
  callType: string;
  /** The call-type code, when the export has one. */
  code?: string;
  /** Calls of this type in the export `taxonomy init` read. */
  calls?: number;
  officerHours?: number;
  note?: string;
}

/** Where a rule or category was defined, for messages and `taxonomy explain`. */
export interface Origin {
  /** File name as given (or `taxonomies/<name>.json` for a built-in). */
  file: string;
  /** JSON path inside that file, e.g. `rules[12]`. */
  path: string;
}

export interface TaxonomyLayer {
  name: string;
  version: string;
  file: string;
  /** The layer's `todo` list, when it has one (files written by `taxonomy init`). */
  todo?: readonly TodoEntry[];
}

/**
 * A validated taxonomy with its `extends` chain resolved: categories of every layer
 * (base first, plus the built-in `unclassified`), rules in matching order (overlay rules
 * first), sources merged. Produced by loadTaxonomy / taxonomyFromObject; frozen.
 */
export interface Taxonomy {
  name: string;
  version: string;
  description?: string;
  /** The layers, overlay first, base last. */
  layers: TaxonomyLayer[];
  sources: ReadonlyMap<string, TaxonomySource>;
  /** Every category, `unclassified` last. */
  categories: readonly Category[];
  rules: readonly Rule[];
  /** origins[i] is where rules[i] was written. */
  ruleOrigins: readonly Origin[];
}

/** The outcome for one call. Shared and frozen: do not mutate. */
export interface Classification {
  readonly categoryId: string;
  readonly response: ResponseLevel;
  /** Index into taxonomy.rules of the rule that matched, -1 for unclassified. */
  readonly ruleIndex: number;
  /** True when a share rule split the matched calls and this call fell on one side. */
  readonly viaShare?: boolean;
}

/** The fields of a Call that classification reads. */
export type ClassifiableCall = Pick<
  Call,
  | 'id'
  | 'line'
  | 'callType'
  | 'callTypeCode'
  | 'initialCallType'
  | 'initialCallTypeCode'
  | 'priority'
  | 'source'
  | 'disposition'
>;

/** A share rule, listed so reports can print it as an assumption. */
export interface ShareAssumption {
  ruleIndex: number;
  ruleId?: string;
  origin: Origin;
  /** Fraction of matched calls assigned to `category`. */
  share: number;
  category: string;
  otherwise: string;
  /** Human-readable summary of what the rule matches. */
  matches: string;
  note?: string;
}

/** How a rule's match key hit. */
export interface MatchReason {
  /** `code-as-text`: a code entry compared with the text because the call had no code. */
  key: 'code' | 'text' | 'pattern' | 'code-as-text';
  /** The rule's entry that matched (as written in the file). */
  value: string;
  /** Which normalised call field it matched: the text or the code. */
  against: 'text' | 'code';
}

export interface ExplainInput {
  code?: string;
  priority?: string;
  source?: CallSource;
  disposition?: string;
  /** Explain the initial-type pass instead of the final-type pass. */
  pass?: 'final' | 'initial';
}

export interface RuleTrial {
  ruleIndex: number;
  ruleId?: string;
  origin: Origin;
  category: string;
  /** The match that hit. */
  match: MatchReason;
  /** Why the rule did not apply, e.g. `priority "1" is not one of 3, 4`. */
  failed: string;
}

export interface Explanation {
  callType: string;
  code: string;
  normalizedText: string;
  normalizedCode: string;
  classification: Classification;
  /** The matching rule; absent when the call is unclassified. */
  rule?: { ruleIndex: number; ruleId?: string; origin: Origin; match: MatchReason; share?: ShareAssumption };
  /** Earlier rules whose match keys hit but whose narrowing (when / field) did not hold. */
  nearMisses: RuleTrial[];
}
