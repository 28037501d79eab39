/**
 * css-analyze as a library: the CLI is one client of these functions.
 *
 *   import { analyze, estimate, render } from 'css-analyze';
 *   const { analysis } = await analyze(['calls.csv'], { tz: 'America/New_York' });
 *   const estimated = estimate(analysis, null, { costPerCall: 800 });
 *   const { files } = await render(estimated);   // report.md, report.html, analysis.json, tables, charts
 *
 * Every function takes data and returns data: nothing prints, exits or reads process.env.
 * User-fixable problems are thrown as CssError (kind, file, line, hint).
 */
export { analyze, chooseTaxonomy, OFFICER_TIME_DEFAULTS, type AnalyzeOptions, type AnalyzeResult } from './analyze.js';
export { estimate, PARAMETER_NAMES } from './estimate/index.js';
export { renderReport as render, renderReport, REPORT_FORMATS, type ReportFile, type RenderOptions, type ReportFormat } from './report/index.js';
export { mergeAnalyses } from './aggregate/merge.js';
export { SCHEMA_VERSION, type Analysis } from './aggregate/analysis.js';
export { loadExport, type LoadOptions, type FileSummary } from './ingest/load.js';
export { InspectAccumulator, buildInspectReport } from './ingest/inspect.js';
export { PRESETS } from './ingest/schema/presets.js';
export { validateMappingSpec } from './ingest/schema/mapping-file.js';
export type { MappingSpec } from './ingest/schema/types.js';
export type { Call, CallSource } from './ingest/call.js';
export { loadTaxonomy, compileTaxonomy, taxonomyFromObject, RESPONSE_LEVELS, type Classifier, type Taxonomy } from './classify/index.js';
export { generateCalls } from './generate/generate.js';
export { CssError } from './errors.js';
export { stableJson } from './util/json.js';
