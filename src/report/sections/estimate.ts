import type { ScenarioResult } from '../../estimate/index.js';
import { WEEKDAYS } from '../../estimate/cells.js';
import type { SaturationSide } from '../../estimate/saturation.js';
import { list, note, p, strong, table, type Block, type Cell, type Inline, type Section } from '../document.js';
import { int, num, pct, range, usd } from '../format.js';
import { intervalLabel } from '../charts/index.js';
import { chart, facts, num as right, type SectionContext } from './common.js';
import { counterfactualSentence } from './overview.js';

const NOT_ESTIMATED = 'Not estimated: this analysis has no estimate sections (css-analyze report adds them, from the CSV or from an analysis.json).';

function withInterval(value: string, iv: [number, number] | undefined, f: (n: number) => string): Cell {
  return iv ? `${value} (${range(f(iv[0]), f(iv[1]))})` : value;
}

/** Savings scenarios: annual figures with intervals, the assumptions and the counterfactual. */
export function savingsSection(ctx: SectionContext): Section {
  const { est } = ctx;
  const sc = est.scenarios;
  if (!sc) return { id: 'savings', title: 'Savings scenarios', blocks: [p(NOT_ESTIMATED)] };
  const meta = est.meta;
  const costModel = meta?.costModel ?? sc[0].costModel;
  const hourly = est.parameters?.costPerOfficerHour?.value;
  const perCall = est.parameters?.costPerCall?.value;
  const alt = est.parameters?.altCostPerCall?.value;
  const valuation =
    costModel === 'per-call'
      ? `each diverted call that police no longer attend is valued at ${usd(Number(perCall))} (cost per police call)`
      : `each officer hour freed is valued at ${usd(Number(hourly))} (cost per officer-hour)`;
  const counterfactuals = [...new Set(sc.map((s) => s.assumptions.counterfactual))];
  const blocks: Block[] = [
    p(
      `What diverting eligible calls would free and save, per year (whole-period totals × 365.25 ÷ ${int(meta?.annualisation.coverageDays ?? ctx.a.coverage.days)} days covered). Gross savings: ${valuation}; the alternative responder costs ${usd(Number(alt))} per call; net savings = gross − alternative cost. Figures in brackets are ${intervalLabel(est)}.`,
    ),
    note(
      strong('Counterfactual.'),
      ` Savings are measured against police answering these calls as they did in the data, valued as ${counterfactuals.map((c) => counterfactualSentence(c).replace(/\.$/, '')).join('; or as ')}. `,
      `Average cost counts full wages and benefits; marginal cost only the share that changes when calls leave police.`,
    ),
    table(
      ['Scenario', right('Community share'), right('Civilian share'), right('Police backup'), 'Counterfactual, cost', right('Calls diverted / yr'), right('Officer hours freed / yr'), right('Gross savings / yr'), right('Alternative cost / yr'), right('Net savings / yr')],
      sc.map((s) => scenarioRow(s)),
      { caption: 'Scenarios (annual figures; intervals in brackets)' },
    ),
    ...chart(ctx, 'savings'),
  ];
  if (meta) blocks.push(p(`Intervals: ${meta.intervals.method}.`));
  if (sc.every((s) => s.byCostModel)) {
    blocks.push(
      table(
        ['Scenario', right('Gross, per-call model'), right('Net, per-call model'), right('Gross, per-hour model'), right('Net, per-hour model')],
        sc.map((s) => [s.label, usd(s.byCostModel['per-call'].grossSavings), usd(s.byCostModel['per-call'].netSavings), usd(s.byCostModel['per-hour'].grossSavings), usd(s.byCostModel['per-hour'].netSavings)]),
        {
          caption: 'Both cost models, per year',
          note: [`Per-call: calls police no longer attend × ${usd(Number(perCall))}; per-hour: officer hours freed × ${usd(Number(hourly))}. The figures above use the ${costModel} model.`],
        },
      ),
    );
  }
  blocks.push(
    table(
      ['Scenario', 'Assumption', 'Value', 'Source'],
      sc.flatMap((s) =>
        (['communityShare', 'civilianShare', 'coResponseShare', 'backupRate', 'counterfactual', 'costBasis'] as const).map((k) => [
          s.label,
          k,
          typeof s.assumptions[k] === 'number' ? num(s.assumptions[k] as number, 3) : String(s.assumptions[k]),
          s.sources?.[k] ?? '—',
        ]),
      ),
      { caption: 'Scenario assumptions and their sources' },
    ),
  );
  return { id: 'savings', title: 'Savings scenarios', blocks };
}

function scenarioRow(s: ScenarioResult): Cell[] {
  const i = s.intervals;
  return [
    s.label,
    pct(s.assumptions.communityShare, 0),
    pct(s.assumptions.civilianShare, 0),
    pct(s.assumptions.backupRate, 2),
    `${s.assumptions.counterfactual}, ${s.assumptions.costBasis}`,
    withInterval(int(s.callsDiverted), i?.callsDiverted, int),
    withInterval(num(s.officerHoursFreed, 0), i?.officerHoursFreed, (n) => num(n, 0)),
    withInterval(usd(s.grossSavings), i?.grossSavings, usd),
    withInterval(usd(s.alternativeCost), i?.alternativeCost, usd),
    withInterval(usd(s.netSavings), i?.netSavings, usd),
  ];
}

/** The eligibility funnel, step by step. */
export function funnelSection(ctx: SectionContext): Section {
  const f = ctx.est.funnel;
  if (!f) return { id: 'funnel', title: 'Eligibility funnel', blocks: [p(NOT_ESTIMATED)] };
  return {
    id: 'funnel',
    title: 'Eligibility funnel',
    blocks: [
      p('From all calls to the calls actually diverted in the central scenario, whole period (not annualised). Each step says what it removed.'),
      table(
        ['Step', right('Calls'), right('Community'), right('Civilian'), right('% of all calls'), 'What the step does'],
        f.map((s) => [s.label, int(s.calls), s.community === null ? '—' : int(s.community), s.civilian === null ? '—' : int(s.civilian), pct(s.shareOfAll), s.note]),
      ),
      ...chart(ctx, 'funnel'),
    ],
  };
}

/** Teams needed per hour of week, and police saturation before and after diversion. */
export function staffingSection(ctx: SectionContext): Section {
  const { staffing: s, saturation: sat } = ctx.est;
  if (!s) return { id: 'staffing', title: 'Staffing', blocks: [p(NOT_ESTIMATED)] };
  const blocks: Block[] = [];
  if (s.computed) {
    blocks.push(
      p(`${s.method}. Load: ${s.basis}.${s.note ? ` ${s.note.replace(/\.?$/, '.')}` : ''}`),
      facts([
        ['Target', `${pct(s.targetAnswerShare, 0)} of calls reached within ${num(s.targetWaitMinutes, 0)} minutes`],
        ['Handling time per call', `${num(s.handlingMinutes, 1)} minutes (${s.handlingSource})`],
        ['Peak teams on duty', int(s.peakTeams)],
        ['Team-hours per week', int(s.teamHoursPerWeek)],
      ]),
      ...chart(ctx, 'staffing'),
    );
    const peaks = [...s.byHourOfWeek].sort((x, y) => y.teams - x.teams || x.hourOfWeek - y.hourOfWeek).slice(0, 5);
    if (peaks.length && peaks[0].teams > 0) {
      blocks.push(p('Busiest hours of the week:'), list(peaks.map((h) => [`${h.day} ${String(h.hour).padStart(2, '0')}:00 — ${num(h.callsPerHour, 2)} eligible calls an hour on average, ${int(h.teams)} teams (${pct(h.serviceLevel)} reached in time)`])));
    }
  } else {
    blocks.push(p(`Teams needed were not computed: ${s.note.replace(/\.?$/, '.')}`));
  }
  if (sat) {
    if (sat.computed && sat.before && sat.after) {
      blocks.push(
        p(`Police saturation (share of available patrol officer-hours spent on calls; CPSM's "Rule of 60" threshold ${pct(sat.threshold, 0)}): ${sat.basis}.`),
        table(
          ['', right('Saturation'), right('Peak hour'), right('Hours of the week over the threshold')],
          [
            ['Before diversion', ...saturationCells(sat.before)],
            [`After diversion (${sat.scenario ?? 'central'})`, ...saturationCells(sat.after)],
          ],
          { caption: 'Police saturation', note: unstaffedNote(sat.before, sat.after) },
        ),
      );
    } else {
      blocks.push(p(`Police saturation was not computed: ${sat.note.replace(/\.?$/, '.')}`));
    }
  }
  return { id: 'staffing', title: 'Staffing', blocks };
}

// An analysis saved before the count existed has none: it reads as 0.
const unstaffed = (x: SaturationSide): number => x.unstaffedHoursWithCalls ?? 0;

function saturationCells(x: SaturationSide): Cell[] {
  const u = unstaffed(x);
  return [
    pct(x.saturation),
    `${pct(x.peak)} (${WEEKDAYS[Math.floor(x.peakHourOfWeek / 24)]} ${String(x.peakHourOfWeek % 24).padStart(2, '0')}:00)`,
    u ? `${int(x.hoursOverThreshold)} (${int(u)} with calls but no officers on duty)` : int(x.hoursOverThreshold),
  ];
}

/** Hours with calls and no officer on duty have no ratio: say how the peak and the count treat them. */
function unstaffedNote(before: SaturationSide, after: SaturationSide): Inline[] | undefined {
  const [b, a] = [unstaffed(before), unstaffed(after)];
  if (!b) return undefined;
  return [
    `${b === 1 ? '1 hour of the week has' : `${int(b)} hours of the week have`} calls but no officers on duty${a === b ? '' : ` (${int(a)} after diversion)`}: `,
    `the officers on duty there are 0, so saturation is unbounded. The peak hour is the busiest of the hours with officers on duty; the unstaffed hours count as over the threshold, and the weekly saturation includes their workload.`,
  ];
}
