import { IMPUTE_REASONS } from '../../aggregate/officer-time.js';
import { RESPONSE_LEVELS } from '../../classify/index.js';
import { p, strong, table, type Block, type Section } from '../document.js';
import { count, int, num, pct } from '../format.js';
import { chart, eligible, facts, num as right, type SectionContext } from './common.js';
import { levelLabel } from './overview.js';

export const TOP_CALL_TYPES = 25;

/** Calls, officer hours and call types by response level and by category, side by side. */
export function mixSection(ctx: SectionContext): Section {
  const { a } = ctx;
  const e = eligible(a);
  const blocks: Block[] = [
    p(
      `Each call is classified by its final call type into a category, and each category into a response level. The three measures differ: a level can hold few calls but many officer hours. Community and civilian levels together: ${int(e.calls)} calls (${pct(e.shareOfCalls)}), ${num(e.hours)} officer hours (${pct(e.shareOfHours)}), ${int(e.types)} call types.`,
    ),
    table(
      ['Response level', right('Calls'), right('% calls'), right('Officer hours'), right('% hours'), right('Call types'), right('% types')],
      [
        ...a.responses.map((r) => [r.label, int(r.calls), pct(r.shareOfCalls), num(r.officerHours), pct(r.shareOfHours), int(r.callTypes), pct(r.shareOfCallTypes)]),
        [strong('All'), strong(int(a.totals.calls)), '100.0%', strong(num(a.totals.officerHours)), '100.0%', strong(int(a.totals.callTypes)), '100.0%'],
      ],
      { caption: 'By response level' },
    ),
    ...chart(ctx, 'response-mix'),
    table(
      ['Category', 'Response level', right('Calls'), right('% calls'), right('Officer hours'), right('% hours'), right('Call types')],
      a.categories.map((c) => [c.label, levelLabel(c.response), int(c.calls), pct(c.shareOfCalls), num(c.officerHours), pct(c.shareOfHours), int(c.callTypes)]),
      { caption: 'By category', note: ['All categories with calls; also in tables/categories.csv.'] },
    ),
    ...chart(ctx, 'categories'),
  ];
  const iv = a.initialVsFinal;
  if (iv) {
    blocks.push(
      p(
        `${int(iv.calls)} calls carry both the call type given when the call came in and the final one. Classified on the initial type, ${pct(iv.eligibleShare.initial)} of them are at community or civilian level; on the final type, ${pct(iv.eligibleShare.final)}. Headline figures use the final type.`,
      ),
      table(
        ['Response level', right('Initial call type'), right('Final call type')],
        iv.byResponse.map((r) => [levelLabel(r.response), int(r.initial), int(r.final)]),
        { caption: 'Initial vs final call type' },
      ),
    );
    if (iv.changes.length) {
      blocks.push(
        table(
          ['Initial level', 'Final level', right('Calls')],
          iv.changes.slice(0, 10).map((c) => [levelLabel(c.initial), levelLabel(c.final), int(c.calls)]),
          { caption: 'Largest changes of level between initial and final call type', note: iv.changes.length > 10 ? [`showing 10 of ${iv.changes.length}`] : undefined },
        ),
      );
    }
  }
  return { id: 'mix', title: 'Call mix by response level and category', blocks };
}

/** The most frequent call types and the call types no rule matched. */
export function callTypesSection(ctx: SectionContext): Section {
  const { a } = ctx;
  const top = a.callTypes.slice(0, TOP_CALL_TYPES);
  const label = new Map(a.categories.map((c) => [c.id, c.label]));
  const blocks: Block[] = [
    table(
      ['Call type', 'Code', 'Category', 'Response level', right('Calls'), right('Officer hours'), right('Median min per unit'), right('Imputed calls')],
      top.map((t) => [t.callType, t.callTypeCode, label.get(t.category) ?? t.category, levelLabel(t.response), int(t.calls), num(t.officerHours), num(t.medianMinutesPerUnit), int(t.imputedCalls)]),
      { caption: `Top call types by calls`, note: [`showing ${top.length} of ${a.callTypes.length}; all in tables/call-types.csv.`] },
    ),
  ];
  const unmatched = a.unmatched.slice(0, TOP_CALL_TYPES);
  if (unmatched.length) {
    blocks.push(
      p(
        `${count(a.unmatched.length, 'call type')} (${pct(1 - a.totals.classifiedShare)} of calls) matched no taxonomy rule. They are counted as unclassified, never dropped; add rules for the largest to a taxonomy overlay (docs/taxonomy.md).`,
      ),
      table(
        ['Call type', 'Code', right('Calls'), right('Officer hours')],
        unmatched.map((u) => [u.callType, u.callTypeCode, int(u.calls), num(u.officerHours)]),
        { caption: 'Unmatched call types', note: [`showing ${unmatched.length} of ${a.unmatched.length}; all in tables/unmatched.csv.`] },
      ),
    );
  } else {
    blocks.push(p('Every call type matched a taxonomy rule: no unclassified calls.'));
  }
  return { id: 'call-types', title: 'Top call types and unmatched types', blocks };
}

/** Officer time: the basis, the cap, and every imputation by reason and by where its median came from. */
export function officerTimeSection(ctx: SectionContext): Section {
  const { a } = ctx;
  const o = a.officerTime;
  const basis = o.basis === 'dispatch' ? 'dispatch to clear (CPSM/ICMA workload definition: all responding units count)' : 'arrival to clear (time on scene)';
  const blocks: Block[] = [
    p(
      `Officer time of a call = the sum over responding units of the time from ${basis}; with call-level times only, the call's duration × units sent. Missing, negative, zero or over-cap times are imputed from the median of the call type (with at least ${o.minSamples} measured units), else of its category, else of all calls — counted below, never silently zeroed.`,
    ),
    facts(
      [
        ['Basis', o.basis === 'dispatch' ? 'dispatch → clear' : 'arrival → clear'],
        ['Cap per unit', `${num(o.capMinutes, 0)} minutes (longer is imputed)`],
        ['Minimum measured units for a type median', int(o.minSamples)],
        ['Fallback minutes per unit', o.fallbackMinutesPerUnit === null ? 'not set' : num(o.fallbackMinutesPerUnit)],
        ['Measurable', o.measurable ? 'yes' : 'no — hours are 0 and not an estimate'],
        ['Calls measured', int(o.measuredCalls)],
        ['Calls imputed', int(o.imputedCalls)],
        ['Officer hours measured', num(o.measuredHours)],
        ['Officer hours imputed', num(o.imputedHours)],
        ['Median minutes per unit', num(o.medianMinutesPerUnit)],
        ['Mean units per call', num(o.meanUnitsPerCall, 2)],
      ],
      'Officer time',
    ),
    table(
      ['Why time was imputed', right('Calls')],
      IMPUTE_REASONS.map((r) => [r, int(o.imputed[r] ?? 0)]),
      { caption: 'Imputations by reason' },
    ),
    table(
      ['Median taken from', right('Calls')],
      (['type', 'category', 'overall', 'fallback', 'none'] as const).map((k) => [IMPUTED_FROM[k], int(o.imputedFrom[k] ?? 0)]),
      { caption: 'Imputations by source of the median' },
    ),
  ];
  return { id: 'officer-time', title: 'Officer time', blocks };
}

const IMPUTED_FROM = {
  type: "the call type's own median",
  category: "the category's median",
  overall: 'the median of all calls',
  fallback: 'the fallback minutes per unit',
  none: 'nothing (no measured time at all): 0 hours',
} as const;

/** Response level definitions, for the methodology. */
export function levelDefinitions(): [string, string][] {
  return RESPONSE_LEVELS.map((l) => [l.label, l.definition]);
}
