import type { Classifier } from '../classify/index.js';
import { usageError } from '../errors.js';
import type { Call } from '../ingest/call.js';
import { createZone, type Zone } from '../ingest/time/index.js';
import { Accumulator } from './accumulate.js';
import type { Analysis } from './analysis.js';
import { BeforeAfterCounter, beforeAfterSection, type BeforeAfterState, type ProgramSpec } from './before-after.js';
import { compareAnalyses, NORMAL_VARIATION_RULE, type ComparisonEntry, type ComparisonSection } from './compare.js';
import { finalize, type FinalizeMeta, type OfficerTimeParameters } from './finalize.js';
import { periodJson, placeOf, previousPeriod, yearAgoPeriod, type Period, type PeriodJson } from './period.js';
import { withSections } from './sections.js';
import { storeToJson, type Store } from './store.js';

/**
 * Time windows of one pass: the reporting period (calls outside it are counted, not
 * analysed), comparison periods accumulated into stores of their own in the same pass,
 * and the before/after counts around a program's start.
 */
export interface WindowOptions {
  period?: Period;
  /** Comparison periods derived from `period`. */
  compare?: ('previous' | 'year-ago')[];
  program?: ProgramSpec;
}

/** What a pass (or a merge of passes) leaves for the sections: all additive. */
export interface WindowParts {
  period: Period | null;
  outside: { before: number; after: number };
  comparisons: { basis: 'previous' | 'year-ago'; period: Period; store: Store }[];
  beforeAfter: { program: ProgramSpec; state: BeforeAfterState } | null;
}

/** The `period` section. */
export interface PeriodSection extends PeriodJson {
  timeZone: string;
  /** How calls are assigned: by received time, in local days of timeZone. */
  assignedBy: 'received';
  /** Calls read but outside the period (accepted rows, not analysed), before and after it. */
  outside: { before: number; after: number };
}

const DAY = 86_400_000;

export class WindowSplitter {
  private zone: Zone | undefined;
  private classifier: Classifier | undefined;
  private readonly comparisons: { basis: 'previous' | 'year-ago'; period: Period; accumulator?: Accumulator }[];
  private readonly beforeAfter: BeforeAfterCounter | undefined;
  private readonly outside = { before: 0, after: 0 };

  /** Validates the options (throws usage errors before anything is read). */
  constructor(private readonly options: WindowOptions) {
    const bases = [...new Set(options.compare ?? [])];
    if (bases.length && !options.period) throw usageError(`--compare ${bases[0]} needs a period`, 'Give --period (e.g. 2024-Q3) or --from and --to');
    this.comparisons = bases.map((basis) => ({ basis, period: basis === 'previous' ? previousPeriod(options.period!) : yearAgoPeriod(options.period!) }));
    this.beforeAfter = options.program ? new BeforeAfterCounter(options.program) : undefined;
    if (options.program) beforeAfterSection(options.program, { cells: [], all: { before: 0, after: 0 } }, null, null); // checks --program-hours early
  }

  begin(classifier: Classifier, zone: Zone, officerTime: OfficerTimeParameters): void {
    this.classifier = classifier;
    this.zone = zone;
    for (const c of this.comparisons) c.accumulator = new Accumulator(classifier, zone, officerTime);
  }

  /** True when the call is in the period and should be analysed. */
  route(call: Call): boolean {
    const day = Math.floor(this.zone!.toWall(call.received) / DAY);
    for (const c of this.comparisons) if (placeOf(c.period, day) === 'in') c.accumulator!.add(call);
    const period = this.options.period;
    if (period) {
      const place = placeOf(period, day);
      if (place !== 'in') {
        this.outside[place]++;
        return false;
      }
    }
    if (this.beforeAfter) this.beforeAfter.add(day, this.zone!.hourOfWeek(call.received), call.beat, this.classifier!.classify(call).response);
    return true;
  }

  parts(): WindowParts {
    return {
      period: this.options.period ?? null,
      outside: { ...this.outside },
      comparisons: this.comparisons.map((c) => ({ basis: c.basis, period: c.period, store: c.accumulator!.store })),
      beforeAfter: this.beforeAfter ? { program: this.beforeAfter.program, state: this.beforeAfter.state() } : null,
    };
  }
}

/**
 * Adds `input.outsidePeriod` and the `period`, `comparison` and `beforeAfter` sections
 * derived from `parts` (used after a pass and after a merge, so both derive the same way).
 */
export function addWindowSections(analysis: Analysis, parts: WindowParts, meta: FinalizeMeta): Analysis {
  const zone = createZone(meta.timeZone === 'mixed' ? 'UTC' : meta.timeZone);
  const sections: Record<string, unknown> = {};
  const warnings = [...analysis.warnings];
  // A merge has already summed its inputs' counts.
  if ((analysis.input as { outsidePeriod?: number }).outsidePeriod === undefined) {
    analysis.input = { ...analysis.input, outsidePeriod: parts.outside.before + parts.outside.after } as Analysis['input'];
  }
  if (parts.period) {
    const section: PeriodSection = { ...periodJson(parts.period), timeZone: meta.timeZone, assignedBy: 'received', outside: { ...parts.outside } };
    sections.period = section;
    if (analysis.totals.calls === 0) warnings.push(`no calls in the export were received in the period ${parts.period.label}`);
  }
  let current = withSections(analysis, sections);
  if (parts.comparisons.length) {
    const against: ComparisonEntry[] = parts.comparisons.map((c) => {
      const other = withSections(finalize(c.store, { ...meta, warnings: [] }), { period: periodJson(c.period) });
      if (other.totals.calls === 0) warnings.push(`--compare ${c.basis}: no calls in the export were received in ${c.period.label}, so every change is against zero`);
      const entry = compareAnalyses(current, other, { basis: c.basis, label: c.period.label, period: periodJson(c.period) });
      return { ...entry, store: storeToJson(c.store) };
    });
    sections.comparison = { rule: NORMAL_VARIATION_RULE, against } satisfies ComparisonSection;
  }
  if (parts.beforeAfter) {
    const s = analysis.store;
    const day = (t: number | null) => (t === null ? null : Math.floor(zone.toWall(t) / DAY));
    const section = beforeAfterSection(parts.beforeAfter.program, parts.beforeAfter.state, day(s.from), day(s.to));
    if (section.before.days === 0 || section.after.days === 0) {
      warnings.push(`--program-start ${parts.beforeAfter.program.start}: the analysed calls are all ${section.before.days === 0 ? 'after' : 'before'} it, so there is nothing to compare`);
    }
    sections.beforeAfter = section;
  }
  sections.warnings = [...new Set(warnings)];
  current = withSections(current, sections);
  return current;
}

/** Adds a comparison with an earlier analysis (`--compare last-quarter.json`) to the `comparison` section. */
export function addFileComparison(analysis: Analysis, other: Analysis, file: string): Analysis {
  const p = other.period as PeriodJson | undefined;
  const period: PeriodJson | null = p ? { label: p.label, kind: p.kind, from: p.from, to: p.to, days: p.days } : null;
  const entry = compareAnalyses(analysis, other, { basis: 'file', label: file, file, period });
  const existing = analysis.comparison as ComparisonSection | undefined;
  return withSections(analysis, { comparison: { rule: NORMAL_VARIATION_RULE, against: [...(existing?.against ?? []), entry] } satisfies ComparisonSection });
}
