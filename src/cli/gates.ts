import type { Analysis } from '../aggregate/analysis.js';
import { checkFailed } from '../errors.js';
import type { AnalysisFlags } from './analysis-options.js';
import { formatPct } from './output.js';
import type { RowThreshold } from './setting-defs.js';
import type { ResolvedSettings } from './settings.js';

/**
 * Quality gates for CI: coverage, rejected rows and imputed officer time. A value exactly
 * at a threshold passes. Checked after outputs are written, so a failing run still leaves
 * its report to look at.
 */
export interface GateResult {
  name: 'minCoverage' | 'maxRejected' | 'maxImputed';
  passed: boolean;
  /** One line: what was measured, against which threshold and where it was set. */
  message: string;
}

/** 2% and 4.2%, not 2.0%: thresholds print as the user wrote them. */
function pct(share: number, digits = 1): string {
  return formatPct(share, digits).replace(/\.0+%$/, '%').replace(/(\.\d*?)0+%$/, '$1%');
}

/** Digits enough that a measured value just past its threshold does not print as equal to it. */
function digitsFor(measured: number, threshold: number): number {
  let d = 2;
  while (d < 4 && measured !== threshold && pct(measured, d) === pct(threshold, d)) d++;
  return d;
}

function thresholdText(t: RowThreshold, digits: number): string {
  return 'share' in t ? pct(t.share, digits) : `${t.count} rows`;
}

/** How the threshold was given: `--max-rejected`, `CSS_ANALYZE_MAX_REJECTED`, or the config file key. */
function label(name: string, resolved: ResolvedSettings | undefined, flag: string): string {
  const s = resolved?.settings[name];
  if (!s || s.origin === 'flag' || s.origin === 'default') return flag;
  return s.origin === 'env' ? s.from! : `thresholds.${name} (${resolved!.configFile})`;
}

/** Evaluates the thresholds that are set; exact arithmetic on counts, not on rounded shares. */
export function evaluateGates(a: Analysis, flags: AnalysisFlags, resolved?: ResolvedSettings): GateResult[] {
  const results: GateResult[] = [];
  if (flags.minCoverage !== undefined && flags.minCoverage !== null) {
    const unclassified = a.responses.find((r) => r.response === 'unclassified')?.calls ?? 0;
    const share = a.totals.calls ? (a.totals.calls - unclassified) / a.totals.calls : 0;
    const passed = share >= flags.minCoverage;
    const d = digitsFor(share, flags.minCoverage);
    results.push({
      name: 'minCoverage',
      passed,
      message: `${pct(share, d)} of calls classified is ${passed ? 'at or above' : 'below'} ${label('minCoverage', resolved, '--min-coverage')} ${pct(flags.minCoverage, d)}${passed ? '' : ` (${a.unmatched.length} unmatched call types; see "Unmatched call types")`}`,
    });
  }
  if (flags.maxRejected !== undefined && flags.maxRejected !== null) {
    const t = flags.maxRejected;
    const { rowsRejected, rowsRead } = a.input;
    const share = rowsRead ? rowsRejected / rowsRead : 0;
    const passed = 'share' in t ? share <= t.share : rowsRejected <= t.count;
    const d = 'share' in t ? digitsFor(share, t.share) : 2;
    const measured = 'share' in t ? `${pct(share, d)} of rows rejected` : `${rowsRejected} rows rejected`;
    results.push({ name: 'maxRejected', passed, message: `${measured} is ${passed ? 'within' : 'above'} ${label('maxRejected', resolved, '--max-rejected')} ${thresholdText(t, d)}` });
  }
  if (flags.maxImputed !== undefined && flags.maxImputed !== null) {
    const share = a.totals.calls ? a.officerTime.imputedCalls / a.totals.calls : 0;
    const passed = share <= flags.maxImputed;
    const d = digitsFor(share, flags.maxImputed);
    results.push({
      name: 'maxImputed',
      passed,
      message: `${pct(share, d)} of calls with imputed officer time is ${passed ? 'within' : 'above'} ${label('maxImputed', resolved, '--max-imputed')} ${pct(flags.maxImputed, d)}`,
    });
  }
  return results;
}

/**
 * Exits 1 (by throwing a check error) when a gate failed, with one line per failed gate:
 * `css-analyze: check failed: 4.2% of rows rejected is above --max-rejected 2.0%`.
 * Call it after writing the outputs.
 */
export function enforceGates(a: Analysis, resolved: ResolvedSettings): void {
  const failed = evaluateGates(a, resolved.flags as AnalysisFlags, resolved).filter((g) => !g.passed);
  if (!failed.length) return;
  for (const g of failed.slice(0, -1)) process.stderr.write(`css-analyze: check failed: ${g.message}\n`);
  throw checkFailed(`check failed: ${failed[failed.length - 1].message}`);
}
