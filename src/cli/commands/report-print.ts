import type { Analysis } from '../../aggregate/analysis.js';
import { estimateView } from '../../report/index.js';
import { formatInt, formatNumber, formatPct, type Output } from '../output.js';
import { printPeriod, printWindows } from '../windows-print.js';

const money = (x: number) => (x < 0 ? `−$${formatInt(-x)}` : `$${formatInt(x)}`);

/** The terminal summary of a report run: the period, the headline figures, comparisons and before/after, and where the files are. */
export function printReportSummary(out: Output, a: Analysis, dir: string, paths: string[]): void {
  const { c } = out;
  const est = estimateView(a);
  const eligible = a.responses.filter((r) => r.response === 'community' || r.response === 'civilian');
  printPeriod(out, a);
  out.out(c.bold(`Report: ${formatInt(a.totals.calls)} calls, ${a.dateRange.from?.slice(0, 10) ?? '?'} to ${a.dateRange.to?.slice(0, 10) ?? '?'} (${a.timeZone})`));
  out.out(
    out.pairs([
      ['eligible calls', `${formatInt(eligible.reduce((s, r) => s + r.calls, 0))} (${formatPct(eligible.reduce((s, r) => s + r.shareOfCalls, 0))} of calls)`],
      ['their officer hours', `${formatNumber(eligible.reduce((s, r) => s + r.officerHours, 0))} (${formatPct(eligible.reduce((s, r) => s + r.shareOfHours, 0))} of hours)`],
      ['unclassified', `${formatPct(1 - a.totals.classifiedShare)} of calls, ${formatInt(a.unmatched.length)} call types`],
      ['officer time imputed', `${formatInt(a.officerTime.imputedCalls)} calls`],
    ]),
  );
  if (est.scenarios) {
    out.out(c.bold('\nScenarios (per year)'));
    out.out(
      out.table(
        ['scenario', 'calls diverted', 'officer hours freed', 'net savings'],
        est.scenarios.map((s) => [
          s.label,
          formatInt(s.callsDiverted),
          formatNumber(s.officerHoursFreed, 0),
          s.intervals ? `${money(s.netSavings)} (${money(s.intervals.netSavings[0])} to ${money(s.intervals.netSavings[1])})` : money(s.netSavings),
        ]),
        ['left', 'right', 'right', 'right'],
      ),
    );
  }
  printWindows(out, a);
  const main = ['report.html', 'report.md', 'analysis.json'].filter((p) => paths.includes(p));
  const tables = paths.filter((p) => p.startsWith('tables/')).length;
  const charts = paths.filter((p) => p.startsWith('charts/') && p.endsWith('.svg')).length;
  out.out(`\nWrote ${dir}/: ${[...main, tables ? `${tables} tables` : '', charts ? `${charts} charts` : ''].filter(Boolean).join(', ')}`);
}
