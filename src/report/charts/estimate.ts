import type { ScenarioResult } from '../../estimate/index.js';
import type { FunnelStep } from '../../estimate/funnel.js';
import type { Staffing } from '../../estimate/staffing.js';
import { right, table } from '../document.js';
import { int, num, pct, range, usd } from '../format.js';
import { CHART_CONFIG, LEVEL_LABEL, OKABE_ITO, RESPONSE_COLOURS } from './palette.js';
import { VEGA_LITE_SCHEMA, type ChartDef } from './types.js';

const MEASURES = [
  { key: 'grossSavings', label: 'Gross savings', colour: OKABE_ITO.blue },
  { key: 'alternativeCost', label: 'Alternative-response cost', colour: OKABE_ITO.orange },
  { key: 'netSavings', label: 'Net savings', colour: OKABE_ITO.green },
] as const;

/** Gross savings, alternative cost and net savings per scenario, each with its interval. */
export function savingsChart(scenarios: ScenarioResult[], intervalLabel: string): ChartDef {
  const order = scenarios.map((s) => s.label);
  const values = scenarios.flatMap((s) =>
    MEASURES.map((m) => ({
      scenario: s.label,
      measure: m.label,
      value: s[m.key],
      low: s.intervals ? s.intervals[m.key][0] : s[m.key],
      high: s.intervals ? s.intervals[m.key][1] : s[m.key],
    })),
  );
  const withIntervals = scenarios.some((s) => s.intervals);
  const title = 'Savings scenarios, per year';
  const iv = (s: ScenarioResult) => (s.intervals ? ` (${range(usd(s.intervals.netSavings[0]), usd(s.intervals.netSavings[1]))})` : '');
  return {
    name: 'savings',
    title,
    alt: `Grouped bars of gross savings, alternative-response cost and net savings per year for each scenario${withIntervals ? `, with ${intervalLabel} as error bars` : ''}. Net savings: ${scenarios.map((s) => `${s.label} ${usd(s.netSavings)}${iv(s)}`).join('; ')}.`,
    table: table(
      ['Scenario', right('Gross savings'), right('Alternative cost'), right('Net savings'), right('Net savings interval')],
      scenarios.map((s) => [s.label, usd(s.grossSavings), usd(s.alternativeCost), usd(s.netSavings), s.intervals ? range(usd(s.intervals.netSavings[0]), usd(s.intervals.netSavings[1])) : '—']),
    ),
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: withIntervals ? `Bars: point estimates; whiskers: ${intervalLabel}` : 'Point estimates (too few weeks for intervals)' },
      description: title,
      config: CHART_CONFIG,
      width: 150 * Math.max(1, scenarios.length),
      height: 260,
      data: { values },
      encoding: {
        x: { field: 'scenario', type: 'nominal', sort: order, title: 'Scenario', axis: { labelAngle: 0, labelLimit: 140 } },
        xOffset: { field: 'measure', type: 'nominal', sort: MEASURES.map((m) => m.label) },
      },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y: { field: 'value', type: 'quantitative', title: 'US dollars per year', axis: { format: '$,.3~s' } },
            color: { field: 'measure', type: 'nominal', title: null, sort: MEASURES.map((m) => m.label), scale: { domain: MEASURES.map((m) => m.label), range: MEASURES.map((m) => m.colour) } },
          },
        },
        { mark: { type: 'rule', color: '#222222', strokeWidth: 1.5 }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
        { mark: { type: 'rule', color: '#222222' }, encoding: { y: { datum: 0, type: 'quantitative' } } },
      ],
    },
  };
}

/** Calls at each step of the eligibility funnel; from type eligibility on, split by level. */
export function funnelChart(steps: FunnelStep[]): ChartDef {
  const order = steps.map((s) => s.label);
  const all = 'All response levels';
  const values = steps.flatMap((s) =>
    s.community === null || s.civilian === null
      ? [{ step: s.label, part: all, calls: s.calls }]
      : [
          { step: s.label, part: LEVEL_LABEL.community, calls: s.community },
          { step: s.label, part: LEVEL_LABEL.civilian, calls: s.civilian },
        ],
  );
  const parts = [all, LEVEL_LABEL.community, LEVEL_LABEL.civilian];
  const title = 'Eligibility funnel';
  const last = steps[steps.length - 1];
  return {
    name: 'funnel',
    title,
    alt: `Horizontal bars narrowing from ${int(steps[0]?.calls)} calls to ${int(last?.calls)} (${pct(last?.shareOfAll)}) at the last step, "${last?.label ?? ''}"; from type eligibility on, each bar is split into community and civilian levels.`,
    table: table(
      ['Step', right('Calls'), right('Community'), right('Civilian'), right('% of all calls')],
      steps.map((s) => [s.label, int(s.calls), s.community === null ? '—' : int(s.community), s.civilian === null ? '—' : int(s.civilian), pct(s.shareOfAll)]),
    ),
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: 'Calls remaining after each step, whole period' },
      description: title,
      config: CHART_CONFIG,
      width: 460,
      height: 30 * Math.max(1, steps.length),
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'step', type: 'nominal', sort: order, title: null, axis: { labelLimit: 260 } },
        x: { field: 'calls', type: 'quantitative', stack: 'zero', title: 'Calls', axis: { format: ',.0f' } },
        color: { field: 'part', type: 'nominal', title: null, sort: parts, scale: { domain: parts, range: [OKABE_ITO.grey, RESPONSE_COLOURS.community, RESPONSE_COLOURS.civilian] } },
        order: { field: 'part', type: 'nominal', sort: 'descending' },
      },
    },
  };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Teams needed in each hour of the week (Erlang C), with the eligible calls per hour. */
export function staffingChart(s: Staffing): ChartDef {
  const hours = [...s.byHourOfWeek].sort((a, b) => a.hourOfWeek - b.hourOfWeek);
  const values = hours.map((h) => ({ hourOfWeek: h.hourOfWeek, teams: h.teams, callsPerHour: h.callsPerHour }));
  // A step drawn "after" each point needs a closing point, or Saturday 23:00 has no width.
  if (values.length) values.push({ ...values[values.length - 1], hourOfWeek: values[values.length - 1].hourOfWeek + 1 });
  const title = 'Alternative-response teams needed, by hour of week';
  const target = `${pct(s.targetAnswerShare, 0)} of calls reached within ${num(s.targetWaitMinutes, 0)} minutes`;
  const byDay = DAYS.map((d, i) => hours.filter((h) => Math.floor(h.hourOfWeek / 24) === i));
  return {
    name: 'staffing',
    title,
    alt: `Step chart of the teams needed in each of the 168 hours of the week (Sunday 00:00 first) for a target of ${target}; peak ${int(s.peakTeams)} teams, ${int(s.teamHoursPerWeek)} team-hours a week.`,
    table: table(
      ['Day', ...Array.from({ length: 24 }, (_, h) => right(String(h).padStart(2, '0')))],
      byDay.map((cells, i) => [DAYS[i], ...Array.from({ length: 24 }, (_, h) => int(cells.find((c) => c.hourOfWeek % 24 === h)?.teams ?? 0))]),
      { caption: 'Teams needed by weekday (rows) and hour of day (columns), local time' },
    ),
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: `Erlang C: ${target}; handling time ${num(s.handlingMinutes, 1)} minutes per call` },
      description: title,
      config: CHART_CONFIG,
      width: 672,
      height: 200,
      data: { values },
      mark: { type: 'area', interpolate: 'step-after', color: RESPONSE_COLOURS.community, opacity: 0.85, line: { color: '#00664a' } },
      encoding: {
        x: {
          field: 'hourOfWeek',
          type: 'quantitative',
          title: 'Hour of week (local time, Sunday 00:00 first)',
          scale: { domain: [0, 168], nice: false },
          axis: { values: [0, 24, 48, 72, 96, 120, 144, 168], labelExpr: "['Sun','Mon','Tue','Wed','Thu','Fri','Sat','Sun'][floor(datum.value / 24)]", labelLimit: 40, grid: true },
        },
        y: { field: 'teams', type: 'quantitative', title: 'Teams needed (count)', axis: { format: ',.0f', tickMinStep: 1 } },
      },
    },
  };
}
