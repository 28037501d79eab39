import type { Analysis } from '../aggregate/analysis.js';
import type { ChartDef } from './charts/types.js';
import type { ReportDocument, Section } from './document.js';
import { strong, type Inline } from './document.js';
import type { EstimateView } from './estimate-view.js';
import { int } from './format.js';
import { localDate, type SectionContext } from './sections/common.js';
import { funnelSection, savingsSection, staffingSection } from './sections/estimate.js';
import { methodSection, reproSection } from './sections/method.js';
import { callTypesSection, mixSection, officerTimeSection } from './sections/mix.js';
import { dataSection, headlineSection } from './sections/overview.js';
import { whereSection } from './sections/where.js';
import { beforeAfterSection, comparisonSection } from './sections/windows.js';

export const REPORT_TITLE = 'Calls for service: what a community-safety response could take on';

/** The report's content, in order, as a format-neutral document. Pure. */
export function buildDocument(a: Analysis, est: EstimateView, charts: ChartDef[]): ReportDocument {
  const ctx: SectionContext = { a, est, charts: new Map(charts.map((c) => [c.name, c])) };
  const files = a.input.files.map((f) => f.path).join(', ');
  const subtitle: Inline[] = [
    strong(files || 'standard input'),
    ` — ${int(a.totals.calls)} calls, ${localDate(a.dateRange.from)} to ${localDate(a.dateRange.to)} (${a.timeZone}). `,
    `${a.tool.name} ${a.tool.version}, taxonomy ${a.taxonomy.name} ${a.taxonomy.version}.`,
  ];
  return {
    title: REPORT_TITLE,
    subtitle,
    // Period, comparisons and before/after appear only when the run asked for them.
    sections: [
      headlineSection(ctx),
      dataSection(ctx),
      comparisonSection(ctx),
      mixSection(ctx),
      callTypesSection(ctx),
      officerTimeSection(ctx),
      savingsSection(ctx),
      funnelSection(ctx),
      whereSection(ctx),
      beforeAfterSection(ctx),
      staffingSection(ctx),
      methodSection(ctx),
      reproSection(ctx),
    ].filter((s): s is Section => s !== null),
  };
}
