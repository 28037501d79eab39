/**
 * Ajv options for checking an Analysis against docs/analysis.schema.json. Shared by the
 * build (scripts/build-validator.mjs compiles the schema ahead of time) and by the
 * fallback that compiles it at run time when no compiled validator is present (tests
 * running from src/), so both check exactly the same way.
 */
export const ANALYSIS_VALIDATOR_OPTIONS = {
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  // The first problem is enough for a one-line error, and stopping there is faster.
  allErrors: false,
  validateFormats: false,
  // Fields the schema does not know inside its sections are dropped rather than refused
  // (top-level sections are open and kept), so an analysis another tool annotated, or a
  // later version of css-analyze wrote, still reads.
  removeAdditional: true,
} as const;
