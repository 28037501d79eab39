import type { Analysis } from './analysis.js';

/**
 * Returns the analysis with `sections` added or replaced (undefined values remove a
 * section), keeping `store` the last key so the JSON stays readable from the top.
 * Key order of the result is the analysis's own, then new sections in the given order.
 */
export function withSections(analysis: Analysis, sections: Record<string, unknown>): Analysis {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(analysis)) {
    if (k === 'store') continue;
    if (Object.hasOwn(sections, k)) {
      if (sections[k] !== undefined) out[k] = sections[k];
    } else out[k] = v;
  }
  for (const [k, v] of Object.entries(sections)) if (!Object.hasOwn(out, k) && v !== undefined && k !== 'store') out[k] = v;
  out.store = analysis.store;
  return out as Analysis;
}
