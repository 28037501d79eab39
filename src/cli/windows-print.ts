import type { Analysis } from '../aggregate/analysis.js';
import type { BeforeAfterSection, RateChange } from '../aggregate/before-after.js';
import type { Change, ComparisonSection, ShareChange } from '../aggregate/compare.js';
import type { PeriodSection } from '../aggregate/windows.js';
import { formatInt, formatNumber, formatPct, type Output } from './output.js';

/**
 * Terminal tables for the period, comparison and before/after sections (classify,
 * estimate and report print them the same way).
 */
const signedPct = (x: number | null) => (x === null ? '—' : `${x > 0 ? '+' : ''}${formatPct(x)}`);
const signed = (x: number, digits = 0) => `${x > 0 ? '+' : ''}${digits ? formatNumber(x, digits) : formatInt(x)}`;
const points = (s: ShareChange) => `${formatPct(s.comparison)} → ${formatPct(s.current)} (${s.change > 0 ? '+' : ''}${formatNumber(s.change * 100, 1)} pts)`;
const normal = (c: { withinNormalVariation: boolean | null }) => (c.withinNormalVariation === null ? '' : c.withinNormalVariation ? 'normal variation' : 'beyond normal');

function changeRow(name: string, c: Change, digits = 0): string[] {
  const fmt = (x: number) => (digits ? formatNumber(x, digits) : formatInt(x));
  return [name, fmt(c.comparison), fmt(c.current), signed(c.change, digits), signedPct(c.changeShare), signedPct(c.perWeek.changeShare), normal(c)];
}

export function printPeriod(out: Output, a: Analysis): void {
  const p = a.period as PeriodSection | undefined;
  if (!p) return;
  const outside = p.outside.before + p.outside.after;
  out.out(`Period ${p.label}: ${p.from ?? '…'} to ${p.to ?? '…'} (both included), by received time in ${p.timeZone}; ${formatInt(outside)} calls outside it were not analysed.\n`);
}

export function printComparison(out: Output, a: Analysis): void {
  const section = a.comparison as ComparisonSection | undefined;
  if (!section) return;
  const head = ['', 'then', 'now', 'change', '%', '% per week', ''];
  const align: ('left' | 'right')[] = ['left', 'right', 'right', 'right', 'right', 'right', 'left'];
  for (const e of section.against) {
    out.out(out.c.bold(`\nCompared with ${e.label}${e.basis === 'file' ? '' : ` (${e.basis})`}`));
    const rows = [
      changeRow('calls', e.totals.calls),
      changeRow('officer hours', e.totals.officerHours, 1),
      changeRow('eligible calls (community + civilian)', e.totals.eligibleCalls),
      ...e.byResponse.filter((r) => r.calls.current || r.calls.comparison).map((r) => changeRow(`  ${r.response}`, r.calls)),
    ];
    out.out(out.table(head, rows, align));
    out.out(`Eligible share: ${points(e.totals.eligibleShare)}${normal(e.totals.eligibleShare) ? `, ${normal(e.totals.eligibleShare)}` : ''}.`);
    const moved = e.byCategory.filter((k) => k.calls.withinNormalVariation === false);
    if (moved.length) out.out(`Categories beyond normal variation: ${moved.map((k) => `${k.label} ${signedPct(k.calls.perWeek.changeShare)}`).join('; ')}.`);
    for (const n of e.notes) out.out(n);
  }
  out.out(out.c.dim(`(${section.rule})`));
}

function rateRow(name: string, r: RateChange): string[] {
  const f = (x: number | null) => (x === null ? '—' : formatNumber(x, 1));
  return [name, f(r.before.perWeek), f(r.after.perWeek), r.change === null ? '—' : signed(r.change, 1), signedPct(r.changeShare)];
}

export function printBeforeAfter(out: Output, a: Analysis): void {
  const s = a.beforeAfter as BeforeAfterSection | undefined;
  if (!s) return;
  const scope = [s.program.hours, s.program.beats ? `beats ${s.program.beats.join(', ')}` : null].filter(Boolean).join(', ') || 'all hours and beats';
  out.out(out.c.bold(`\nBefore and after ${s.program.start} (${scope}); calls per week`));
  out.out(`before: ${s.before.from ?? '—'} to ${s.before.to ?? '—'} (${formatNumber(s.before.weeks, 1)} weeks); after: ${s.after.from ?? '—'} to ${s.after.to ?? '—'} (${formatNumber(s.after.weeks, 1)} weeks)`);
  const rows = [rateRow('all calls', s.allCalls), rateRow('eligible calls', s.eligibleCalls), rateRow('  in program hours and beats', s.inProgram)];
  if (s.outsideProgram) rows.push(rateRow('  outside them', s.outsideProgram));
  out.out(out.table(['', 'before', 'after', 'change', '%'], rows, ['left', 'right', 'right', 'right', 'right']));
  if (s.relativeChange !== null) out.out(`Change inside the program's hours and beats relative to outside: ${signedPct(s.relativeChange)}.`);
  const beats = s.byBeat.slice(0, 10).map((b) => rateRow(`${b.beat || '(none)'}${b.inProgramBeats && s.program.beats ? ' *' : ''}`, b));
  if (beats.length) out.out(out.table(['beat', 'before', 'after', 'change', '%'], beats, ['left', 'right', 'right', 'right', 'right']));
  out.out('Caveats:');
  for (const c of s.caveats) out.out(`- ${c}`);
}

/** All three, in order. */
export function printWindows(out: Output, a: Analysis): void {
  printComparison(out, a);
  printBeforeAfter(out, a);
}
