import type { BeforeAfterSection, RateChange } from '../../aggregate/before-after.js';
import type { Change, ComparisonSection, ShareChange } from '../../aggregate/compare.js';
import type { PeriodSection } from '../../aggregate/windows.js';
import { heading, list, note, p, table, type Block, type Cell, type Section } from '../document.js';
import { int, num, pct } from '../format.js';
import { num as right, type SectionContext } from './common.js';
import { levelLabel } from './overview.js';

/**
 * The period analysed, the comparisons with other periods or analyses (--compare) and the
 * before/after a program's start (--program-start): sections present only when the
 * Analysis holds them, saying the same as the terminal (src/cli/windows-print.ts).
 */
const TOP_BEATS = 10;

const plus = (text: string, x: number | null) => (x !== null && x > 0 ? `+${text}` : text);
const signedPct = (x: number | null) => plus(pct(x), x);
const signedNum = (x: number | null, digits: number) => plus(num(x, digits), x);
const variation = (c: { withinNormalVariation: boolean | null }) => (c.withinNormalVariation === null ? 'not assessed' : c.withinNormalVariation ? 'within' : 'beyond');

function changeRow(name: string, c: Change, digits = 0): Cell[] {
  return [name, num(c.comparison, digits), num(c.current, digits), signedNum(c.change, digits), signedPct(c.changeShare), num(c.perWeek.comparison, 1), num(c.perWeek.current, 1), signedPct(c.perWeek.changeShare), variation(c)];
}

function shareSentence(s: ShareChange): string {
  const pts = `${signedNum(s.change * 100, 1)} points`;
  const v = s.withinNormalVariation === null ? '' : s.withinNormalVariation ? ', within normal week-to-week variation' : ', beyond normal week-to-week variation';
  return `Eligible share (community + civilian): ${pct(s.comparison)} then, ${pct(s.current)} now (${pts}${v}).`;
}

function periodBlocks(s: PeriodSection): Block[] {
  const outside = s.outside.before + s.outside.after;
  return [
    p(
      `This report covers period ${s.label}: calls received from ${s.from ?? 'the first call'} to ${s.to ?? 'the last call'} (both days included), by received time in ${s.timeZone}. ` +
        `${int(outside)} calls in the export fell outside it (${int(s.outside.before)} before, ${int(s.outside.after)} after) and are not analysed.`,
    ),
  ];
}

function comparisonBlocks(section: ComparisonSection, current: string): Block[] {
  const blocks: Block[] = [];
  for (const e of section.against) {
    const basis = e.basis === 'file' ? 'an earlier analysis' : e.basis === 'previous' ? 'the previous period' : 'the same period a year earlier';
    const then = e.basis === 'file' ? 'Then' : e.label;
    const columns = ['', right(then), right(current), right('Change'), right('Change %'), right(`Per week, ${then}`), right(`Per week, ${current}`), right('Per week %'), 'Normal variation'];
    blocks.push(heading(`Compared with ${e.label} (${basis})`));
    blocks.push(p(`Days with data: ${int(e.days.current)} in ${current === 'Now' ? 'this analysis' : current}, ${int(e.days.comparison)} in ${e.label}.`));
    blocks.push(
      table(
        columns,
        [
          changeRow('Calls', e.totals.calls),
          changeRow('Officer hours', e.totals.officerHours, 1),
          changeRow('Eligible calls (community + civilian)', e.totals.eligibleCalls),
          ...e.byResponse.filter((r) => r.calls.current || r.calls.comparison).map((r) => changeRow(`${levelLabel(r.response)} calls`, r.calls)),
        ],
        { caption: `Calls and officer hours: ${e.label} and ${current === 'Now' ? 'now' : current}` },
      ),
      p(shareSentence(e.totals.eligibleShare)),
    );
    const moved = e.byCategory.filter((k) => k.calls.withinNormalVariation === false);
    if (moved.length) {
      blocks.push(
        table(
          ['Category', 'Response level', right(then), right(current), right('Per week %')],
          moved.map((k) => [k.label, levelLabel(k.response), int(k.calls.comparison), int(k.calls.current), signedPct(k.calls.perWeek.changeShare)]),
          { caption: 'Categories whose calls changed beyond normal variation', note: ['Every category, by response level too, is in tables/comparison-categories.csv and tables/comparison-responses.csv.'] },
        ),
      );
    }
    for (const n of e.notes) blocks.push(p(n));
  }
  blocks.push(note(section.rule));
  return blocks;
}

/** Period and comparisons; null when the Analysis has neither. */
export function comparisonSection(ctx: SectionContext): Section | null {
  const period = ctx.a.period as PeriodSection | undefined;
  const comparison = ctx.a.comparison as ComparisonSection | undefined;
  if (!period && !comparison?.against.length) return null;
  const blocks = [...(period ? periodBlocks(period) : []), ...(comparison?.against.length ? comparisonBlocks(comparison, period?.label ?? 'Now') : [])];
  return { id: 'comparisons', title: comparison?.against.length ? 'Period and comparisons' : 'Period', blocks };
}

function rateRow(name: string, r: RateChange): Cell[] {
  return [name, int(r.before.calls), num(r.before.perWeek, 1), int(r.after.calls), num(r.after.perWeek, 1), signedNum(r.change, 1), signedPct(r.changeShare)];
}

const RATE_COLUMNS = [right('Calls before'), right('Per week before'), right('Calls after'), right('Per week after'), right('Change per week'), right('Change %')];

/** Before and after a program's first day; null when the Analysis has none. */
export function beforeAfterSection(ctx: SectionContext): Section | null {
  const s = ctx.a.beforeAfter as BeforeAfterSection | undefined;
  if (!s) return null;
  const scope = [s.program.hours, s.program.beats ? `beats ${s.program.beats.join(', ')}` : null].filter(Boolean).join(', ') || 'all hours and beats';
  const rows = [rateRow('All calls', s.allCalls), rateRow('Eligible calls (community + civilian)', s.eligibleCalls), rateRow("Eligible, in the program's hours and beats", s.inProgram)];
  if (s.outsideProgram) rows.push(rateRow('Eligible, outside them', s.outsideProgram));
  const blocks: Block[] = [
    p(
      `Eligible calls still handled by police before and after the program's first day, ${s.program.start} (${scope}). ` +
        `Before: ${s.before.from ?? '—'} to ${s.before.to ?? '—'} (${num(s.before.weeks, 1)} weeks); after: ${s.after.from ?? '—'} to ${s.after.to ?? '—'} (${num(s.after.weeks, 1)} weeks).`,
    ),
    table(['', ...RATE_COLUMNS], rows, { caption: 'Calls before and after, per week' }),
  ];
  if (s.relativeChange !== null) blocks.push(p(`Change inside the program's hours and beats relative to outside them: ${signedPct(s.relativeChange)}.`));
  const beats = s.byBeat.slice(0, TOP_BEATS);
  if (beats.length && !(beats.length === 1 && beats[0].beat === '')) {
    blocks.push(
      table(
        ['Beat', ...RATE_COLUMNS],
        beats.map((b) => rateRow(`${b.beat === '' ? '(no beat)' : b.beat}${b.inProgramBeats && s.program.beats ? ' (program)' : ''}`, b)),
        { caption: 'Eligible calls by beat, before and after', note: [`showing the ${beats.length} of ${s.byBeat.length} beats with the most eligible calls before; all in tables/before-after-beats.csv, by hour of week in tables/before-after-hour-of-week.csv.`] },
      ),
    );
  }
  blocks.push(p('Caveats:'), list(s.caveats.map((c) => [c])));
  return { id: 'before-after', title: 'Before and after the program', blocks };
}
