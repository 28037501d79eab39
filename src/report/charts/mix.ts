import type { Analysis } from '../../aggregate/analysis.js';
import type { ResponseLevel } from '../../classify/index.js';
import { right, table } from '../document.js';
import { int, num, pct, round } from '../format.js';
import { CHART_CONFIG, LEVEL_LABEL, levelScale } from './palette.js';
import { sideBySide, VEGA_LITE_SCHEMA, type ChartDef } from './types.js';

/** Response levels with any calls, in report order (charts leave out empty levels). */
export function presentLevels(a: Analysis): ResponseLevel[] {
  return a.responses.filter((r) => r.calls > 0).map((r) => r.response);
}

/** Calls, officer hours and call types by response level, as shares side by side. */
export function responseMixChart(a: Analysis): ChartDef {
  const levels = presentLevels(a);
  const rows = a.responses.filter((r) => r.calls > 0);
  const measures = ['Calls', 'Officer hours', 'Call types'];
  const values = rows.flatMap((r) => [
    { measure: 'Calls', level: LEVEL_LABEL[r.response], share: round(r.shareOfCalls, 4), amount: r.calls },
    { measure: 'Officer hours', level: LEVEL_LABEL[r.response], share: round(r.shareOfHours, 4), amount: round(r.officerHours, 1) },
    { measure: 'Call types', level: LEVEL_LABEL[r.response], share: round(r.shareOfCallTypes, 4), amount: r.callTypes },
  ]);
  const max = Math.max(0.05, ...values.map((v) => v.share));
  const eligible = a.responses.filter((r) => r.response === 'community' || r.response === 'civilian');
  const callsShare = eligible.reduce((s, r) => s + r.shareOfCalls, 0);
  const hoursShare = eligible.reduce((s, r) => s + r.shareOfHours, 0);
  const title = 'Response mix: calls, officer hours and call types';
  return {
    name: 'response-mix',
    title,
    alt: `Three bar charts side by side showing each response level's share of calls, of officer hours and of distinct call types. Community and civilian levels together hold ${pct(callsShare)} of calls and ${pct(hoursShare)} of officer hours.`,
    table: table(
      ['Response level', right('Calls'), right('% calls'), right('Officer hours'), right('% hours'), right('Call types'), right('% types')],
      rows.map((r) => [LEVEL_LABEL[r.response], int(r.calls), pct(r.shareOfCalls), num(r.officerHours), pct(r.shareOfHours), int(r.callTypes), pct(r.shareOfCallTypes)]),
    ),
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: 'Share of each total, by response level' },
      description: title,
      config: CHART_CONFIG,
      data: { values },
      facet: { column: { field: 'measure', type: 'nominal', sort: measures, title: null } },
      spec: {
        width: 190,
        height: 26 * levels.length,
        encoding: {
          y: { field: 'level', type: 'nominal', sort: levels.map((l) => LEVEL_LABEL[l]), title: null, axis: { labelLimit: 190 } },
          x: {
            field: 'share',
            type: 'quantitative',
            title: 'Share of total (%)',
            scale: { domain: [0, Math.min(1, round(max * 1.3, 2))] },
            axis: { format: '.0%', tickCount: 4 },
          },
        },
        layer: [
          { mark: { type: 'bar' }, encoding: { color: { field: 'level', type: 'nominal', scale: levelScale(levels), legend: null } } },
          { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 }, encoding: { text: { field: 'share', type: 'quantitative', format: '.1%' } } },
        ],
      },
    },
  };
}

/** Calls and officer hours of the largest categories, coloured by response level. */
export function categoriesChart(a: Analysis, top = 20): ChartDef {
  const cats = a.categories.filter((c) => c.calls > 0).slice(0, top);
  const levels = presentLevels(a).filter((l) => cats.some((c) => c.response === l));
  const order = cats.map((c) => c.label);
  const values = cats.flatMap((c) => [
    { measure: 'Calls', category: c.label, level: LEVEL_LABEL[c.response], amount: c.calls },
    { measure: 'Officer hours', category: c.label, level: LEVEL_LABEL[c.response], amount: round(c.officerHours, 1) },
  ]);
  const title = `Largest categories: calls and officer hours${a.categories.length > top ? ` (top ${top} of ${a.categories.length})` : ''}`;
  const topCat = cats[0];
  return {
    name: 'categories',
    title,
    alt: `Horizontal bar charts of calls and officer hours for the ${cats.length} largest call categories, coloured by response level.${topCat ? ` The largest, ${topCat.label}, has ${int(topCat.calls)} calls (${pct(topCat.shareOfCalls)}).` : ''}`,
    table: table(
      ['Category', 'Response level', right('Calls'), right('% calls'), right('Officer hours'), right('% hours')],
      cats.map((c) => [c.label, LEVEL_LABEL[c.response], int(c.calls), pct(c.shareOfCalls), num(c.officerHours), pct(c.shareOfHours)]),
    ),
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: 'Colour: response level of the category' },
      description: title,
      config: CHART_CONFIG,
      data: { values },
      ...sideBySide({
        height: 18 * Math.max(1, cats.length),
        y: { field: 'category', sort: order, title: null, labelLimit: 280 },
        panels: [
          { measure: 'Calls', title: 'Calls' },
          { measure: 'Officer hours', title: 'Officer hours (h)' },
        ],
        color: { field: 'level', type: 'nominal', title: 'Response level', scale: levelScale(levels) },
      }),
    },
  };
}

/** Eligible (community + civilian) calls by hour of day and weekday, local time. */
export function heatmapChart(a: Analysis): ChartDef {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const community = a.time.hourOfWeek.community ?? [];
  const civilian = a.time.hourOfWeek.civilian ?? [];
  const values = Array.from({ length: 168 }, (_, h) => ({ day: days[Math.floor(h / 24)], hour: h % 24, calls: (community[h] ?? 0) + (civilian[h] ?? 0) }));
  const total = values.reduce((s, v) => s + v.calls, 0);
  const peak = [...values].sort((x, y) => y.calls - x.calls || days.indexOf(x.day) - days.indexOf(y.day) || x.hour - y.hour)[0];
  const byDay = days.map((d) => values.filter((v) => v.day === d));
  const title = 'When eligible calls happen: hour of day × weekday';
  return {
    name: 'heatmap',
    title,
    alt: `Heat map of the ${int(total)} community- and civilian-level calls by weekday (rows, Sunday first) and local hour of day (columns). ${total ? `The busiest hour is ${peak.day} ${String(peak.hour).padStart(2, '0')}:00 with ${int(peak.calls)} calls.` : 'There are no eligible calls.'}`,
    table: table(
      ['Day', ...Array.from({ length: 24 }, (_, h) => right(String(h).padStart(2, '0')))],
      byDay.map((cells, i) => [days[i], ...cells.map((c) => int(c.calls))]),
      { caption: 'Eligible calls by weekday (rows) and hour of day (columns), local time' },
    ),
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: `Community- and civilian-level calls, whole period, local time (${a.timeZone})` },
      description: title,
      config: CHART_CONFIG,
      width: 24 * 24,
      height: 7 * 24,
      data: { values },
      mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
      encoding: {
        x: { field: 'hour', type: 'ordinal', title: 'Hour of day (local time, 0–23)', axis: { labelAngle: 0, labelLimit: 30 } },
        y: { field: 'day', type: 'ordinal', sort: days, title: 'Weekday', axis: { labelLimit: 40 } },
        color: {
          field: 'calls',
          type: 'quantitative',
          title: 'Eligible calls',
          scale: { scheme: 'viridis', reverse: true },
          legend: { orient: 'right', direction: 'vertical', gradientLength: 140, format: ',.0f' },
        },
      },
    },
  };
}
