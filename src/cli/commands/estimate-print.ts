import type { Analysis } from '../../aggregate/analysis.js';
import type { EstimateMeta, ScenarioResult } from '../../estimate/index.js';
import type { FunnelStep } from '../../estimate/funnel.js';
import type { Parameter } from '../../estimate/parameters.js';
import type { Saturation } from '../../estimate/saturation.js';
import type { Staffing } from '../../estimate/staffing.js';
import { formatInt, formatNumber, formatPct, type Output } from '../output.js';

const money = (x: number) => (x < 0 ? `−$${formatInt(-x)}` : `$${formatInt(x)}`);
const calls = (x: number) => (Number.isInteger(x) ? formatInt(x) : formatNumber(x, 1));
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function withInterval(value: string, interval: [number, number] | undefined, fmt: (x: number) => string): string {
  return interval ? `${value} (${fmt(interval[0])} to ${fmt(interval[1])})` : value;
}

function showValue(v: Parameter['value']): string {
  if (v === null) return 'none';
  if (Array.isArray(v)) return v.length > 24 ? `${v.length} values` : v.join(', ');
  return String(v);
}

/** The estimate as terminal tables: scenarios, funnel, staffing, saturation, then every parameter with its source. */
export function printEstimate(out: Output, a: Analysis): void {
  const { c } = out;
  const meta = a.estimate as EstimateMeta;
  const scenarios = a.scenarios as ScenarioResult[];
  const ot = a.officerTime;
  out.out(c.bold(`Estimate: ${formatInt(a.totals.calls)} calls, ${a.dateRange.from?.slice(0, 10) ?? '?'} to ${a.dateRange.to?.slice(0, 10) ?? '?'} (${meta.annualisation.coverageDays} days)`));
  const reasons = Object.entries(ot.imputed).map(([r, n]) => `${r} ${formatInt(n)}`).join(', ');
  out.out(
    `Officer time (${ot.basis} to clear, all units): ${formatNumber(a.totals.officerHours)} h — ${formatInt(ot.measuredCalls)} calls measured, ${formatInt(ot.imputedCalls)} imputed (${reasons})${ot.measurable ? '' : '; not measurable in this export'}`,
  );

  out.out(c.bold(`\nScenarios — annual, USD, ${meta.costModel} cost model`));
  out.out(`${meta.annualisation.note}. Intervals: ${meta.intervals.method}.`);
  out.out(
    out.table(
      ['scenario', 'calls diverted', 'officer hours freed', 'gross savings', 'alternative cost', 'net savings'],
      scenarios.map((s) => [
        s.name,
        withInterval(formatInt(s.callsDiverted), s.intervals?.callsDiverted, formatInt),
        withInterval(formatNumber(s.officerHoursFreed), s.intervals?.officerHoursFreed, (x) => formatNumber(x)),
        withInterval(money(s.grossSavings), s.intervals?.grossSavings, money),
        withInterval(money(s.alternativeCost), s.intervals?.alternativeCost, money),
        withInterval(money(s.netSavings), s.intervals?.netSavings, money),
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  out.out(
    out.table(
      ['scenario', 'community diverted', 'civilian diverted', 'co-response', 'police backup', 'counterfactual', 'cost basis'],
      scenarios.map((s) => [
        `${s.name} (${s.label})`,
        formatPct(s.assumptions.communityShare, 0),
        formatPct(s.assumptions.civilianShare, 0),
        formatPct(s.assumptions.coResponseShare, 0),
        formatPct(s.assumptions.backupRate, 2),
        s.assumptions.counterfactual,
        s.assumptions.costBasis,
      ]),
    ),
  );
  const other = meta.costModel === 'per-call' ? 'per-hour' : 'per-call';
  out.out(
    `Under the ${other} cost model net savings would be: ${scenarios.map((s) => `${s.name} ${money(s.byCostModel[other].netSavings)}`).join(', ')} (costModel=${other}).`,
  );
  out.out('Freed hours are capacity for other police work, not cash, unless positions change (counterfactual=budget counts whole positions only).');

  out.out(c.bold('\nEligibility funnel (whole period)'));
  out.out(
    out.table(
      ['step', 'calls', 'community', 'civilian', '% of all', 'note'],
      (a.funnel as FunnelStep[]).map((f) => [f.label, calls(f.calls), f.community === null ? '' : calls(f.community), f.civilian === null ? '' : calls(f.civilian), formatPct(f.shareOfAll), f.note]),
      ['left', 'right', 'right', 'right', 'right', 'left'],
    ),
  );

  const st = a.staffing as Staffing;
  out.out(c.bold('\nStaffing (alternative-response teams, Erlang C)'));
  if (!st.computed) out.out(`not computed: ${st.note}`);
  else {
    out.out(
      `Target ${formatPct(st.targetAnswerShare, 0)} reached within ${st.targetWaitMinutes} min; handling ${formatNumber(st.handlingMinutes ?? 0)} min per call (${st.handlingSource}). Peak ${st.peakTeams} team(s); ${formatInt(st.teamHoursPerWeek)} team-hours per week.${st.note ? ` ${st.note}.` : ''}`,
    );
    out.out(
      out.table(
        ['day', ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'))],
        DAYS.map((d, i) => [d, ...st.byHourOfWeek.slice(i * 24, i * 24 + 24).map((x) => x.teams)]),
      ),
    );
  }

  const sat = a.saturation as Saturation;
  out.out(c.bold('\nPolice saturation (CPSM Rule of 60)'));
  if (!sat.computed || !sat.before || !sat.after) out.out(`not computed: ${sat.note}`);
  else {
    const line = (label: string, x: NonNullable<Saturation['before']>) => {
      // An analysis saved before the count existed has none: it reads as 0.
      const unstaffed = x.unstaffedHoursWithCalls ?? 0;
      const where = `${DAYS[Math.floor(x.peakHourOfWeek / 24)]} ${String(x.peakHourOfWeek % 24).padStart(2, '0')}:00${unstaffed ? ', of the hours with officers on duty' : ''}`;
      const over = `${x.hoursOverThreshold} hours of the week above ${formatPct(sat.threshold, 0)}`;
      return `${label}: ${formatPct(x.saturation)} of available patrol time on calls; peak ${formatPct(x.peak)} (${where}); ${over}${unstaffed ? `, of which ${unstaffed} ${unstaffed === 1 ? 'has' : 'have'} calls but no officers on duty` : ''}`;
    };
    out.out(line('Before diversion', sat.before));
    out.out(line(`After (${sat.scenario})`, sat.after));
    out.out(sat.note);
  }

  out.out(c.bold('\nParameters (value, who set it, source)'));
  for (const [name, p] of Object.entries(a.parameters as Record<string, Parameter>)) {
    out.out(`${c.bold(name)} = ${showValue(p.value)} ${p.unit} [${p.origin}] — ${p.source}`);
  }
  out.out(c.bold('\nScenario sources'));
  for (const s of scenarios) {
    for (const [field, source] of Object.entries(s.sources)) out.out(`${s.name}.${field} = ${String((s.assumptions as Record<string, unknown>)[field])} — ${source}`);
  }
}
