/**
 * Classification of calls by a versioned taxonomy: file format and validation (load.ts,
 * validate.ts, docs/taxonomy.schema.json), normalisation, safe patterns and the compiled,
 * memoised classifier.
 */
export { normalizeCallType } from './normalize.js';
export {
  checkTaxonomy,
  type CheckOptions,
  issuesError,
  listBuiltinTaxonomies,
  loadTaxonomy,
  taxonomyFromObject,
  UNCLASSIFIED_CATEGORY,
} from './load.js';
export { TAXONOMY_KEYS, validateLayer, type TaxonomyIssue } from './validate.js';
export { checkPattern, MAX_PATTERN_LENGTH, PATTERN_INPUT_LIMIT, MAX_OPEN_REPEATS } from '../util/safe-pattern.js';
export { compileTaxonomy, type Classifier, type CompileOptions } from './matcher.js';
export { shareDraw, type KeyField, type Pass } from './rules.js';
export { jsonPathLines, lineOfPath } from './json-lines.js';
export { CallTypeTally, starterTaxonomy, type LeftToBase, type StarterInput, type StarterTaxonomy } from './init.js';
export {
  describeTaxonomy,
  explainCallType,
  taxonomyCounts,
  type CategoryReport,
  type ExplainOptions,
  type ExplainReport,
  type TaxonomyCounts,
  type TaxonomyReport,
} from './describe.js';
export {
  CATEGORY_RESPONSE_LEVELS,
  RESPONSE_LEVEL_IDS,
  RESPONSE_LEVELS,
  UNCLASSIFIED,
  type Category,
  type ClassifiableCall,
  type Classification,
  type ExplainInput,
  type Explanation,
  type MatchReason,
  type Origin,
  type ResponseLevel,
  type ResponseLevelInfo,
  type Rule,
  type RuleField,
  type RuleMatch,
  type RuleTrial,
  type RuleWhen,
  type ShareAssumption,
  type Taxonomy,
  type TaxonomyFile,
  type TaxonomyLayer,
  type TaxonomySource,
  type TodoEntry,
} from './types.js';
