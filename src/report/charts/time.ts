import type { Analysis } from '../../aggregate/analysis.js';
import { RESPONSE_LEVEL_IDS } from '../../classify/index.js';
import { right, table } from '../document.js';
import { int, num, round } from '../format.js';
import { presentLevels } from './mix.js';
import { CHART_CONFIG, LEVEL_LABEL, levelScale } from './palette.js';
import { sideBySide, VEGA_LITE_SCHEMA, type ChartDef } from './types.js';

/**
 * Days of each month inside the period covered (first and last months are usually
 * partial), so monthly figures can be shown per day and partial months do not look like dips.
 */
export function daysCovered(a: Analysis, month: string): number {
  const [y, m] = month.split('-').map(Number);
  const inMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const from = a.dateRange.from?.slice(0, 10);
  const to = a.dateRange.to?.slice(0, 10);
  let first = 1;
  let last = inMonth;
  if (from && from.slice(0, 7) === month) first = Number(from.slice(8, 10));
  if (to && to.slice(0, 7) === month) last = Number(to.slice(8, 10));
  return Math.max(1, last - first + 1);
}

/** Calls per day (monthly average) by response level. */
export function monthlyChart(a: Analysis): ChartDef {
  const levels = presentLevels(a);
  const months = a.time.monthly;
  const values = months.flatMap((m) => {
    const days = daysCovered(a, m.month);
    return levels.map((l) => ({ month: m.month, level: LEVEL_LABEL[l], perDay: round(m[l].calls / days, 2), calls: m[l].calls, days }));
  });
  const title = 'Monthly trend by response level';
  const first = months[0]?.month ?? '—';
  const last = months[months.length - 1]?.month ?? '—';
  return {
    name: 'monthly',
    title,
    alt: `Line chart of average calls per day in each month from ${first} to ${last}, one line per response level. Partial first and last months are averaged over the days covered.`,
    table: table(
      ['Month', right('Days'), ...levels.map((l) => right(LEVEL_LABEL[l])), right('All calls')],
      months.map((m) => [m.month, int(daysCovered(a, m.month)), ...levels.map((l) => int(m[l].calls)), int(RESPONSE_LEVEL_IDS.reduce((s, l) => s + m[l].calls, 0))]),
      { caption: 'Calls per month by response level' },
    ),
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: 'Average calls per day in each month (partial months averaged over the days covered)' },
      description: title,
      config: CHART_CONFIG,
      width: 600,
      height: 240,
      data: { values },
      mark: { type: 'line', point: { size: 24 }, strokeWidth: 2 },
      encoding: {
        x: { field: 'month', type: 'ordinal', title: 'Month (local time)', axis: { labelAngle: months.length > 14 ? -45 : 0, labelLimit: 90, labelOverlap: true } },
        y: { field: 'perDay', type: 'quantitative', title: 'Calls per day (monthly average)', axis: { format: ',.0f' } },
        color: { field: 'level', type: 'nominal', title: 'Response level', scale: levelScale(levels), sort: levels.map((l) => LEVEL_LABEL[l]) },
      },
    },
  };
}

/** Beats ranked by eligible calls: eligible calls and their officer hours, by level. */
export function beatsChart(a: Analysis, top = 15): ChartDef {
  const beats = a.beats.filter((b) => b.eligibleCalls > 0).slice(0, top).map((b) => ({ ...b, beat: b.beat === '' ? '(no beat)' : b.beat }));
  const order = beats.map((b) => b.beat);
  const levels = (['community', 'civilian'] as const).filter((l) => beats.some((b) => b[l].calls > 0));
  const values = beats.flatMap((b) =>
    levels.flatMap((l) => [
      { measure: 'Eligible calls', beat: b.beat, level: LEVEL_LABEL[l], amount: b[l].calls },
      { measure: 'Officer hours on them', beat: b.beat, level: LEVEL_LABEL[l], amount: round(b[l].officerHours, 1) },
    ]),
  );
  const title = `Beats with the most eligible calls${a.beats.length > top ? ` (top ${beats.length} of ${a.beats.length})` : ''}`;
  const lead = beats[0];
  return {
    name: 'beats',
    title,
    alt: `Horizontal stacked bars of community- and civilian-level calls and their officer hours for the ${beats.length} beats with the most such calls.${lead ? ` Beat ${lead.beat} leads with ${int(lead.eligibleCalls)} eligible calls and ${num(lead.eligibleHours)} officer hours.` : ''}`,
    table: table(
      ['Beat', right('Eligible calls'), right('Eligible hours'), right('All calls'), right('All officer hours')],
      beats.map((b) => [b.beat, int(b.eligibleCalls), num(b.eligibleHours), int(b.calls), num(b.officerHours)]),
    ),
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: 'Community- and civilian-level calls, whole period' },
      description: title,
      config: CHART_CONFIG,
      data: { values },
      ...sideBySide({
        height: 18 * Math.max(1, beats.length),
        y: { field: 'beat', sort: order, title: 'Beat', labelLimit: 140 },
        panels: [
          { measure: 'Eligible calls', title: 'Eligible calls' },
          { measure: 'Officer hours on them', title: 'Officer hours on eligible calls (h)' },
        ],
        color: { field: 'level', type: 'nominal', title: 'Response level', scale: levelScale(levels) },
        stack: true,
      }),
    },
  };
}
