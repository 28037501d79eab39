import type { Inline, Section } from '../document.js';
import { code, list, p, strong, table } from '../document.js';
import { count, int, num, pct, range, usd } from '../format.js';
import { LEVEL_LABEL } from '../charts/palette.js';
import { bytes, eligible, facts, localDate, localTime, num as right, perYear, type SectionContext } from './common.js';

/** Headline findings: the figures a reader needs first, each with its range. */
export function headlineSection(ctx: SectionContext): Section {
  const { a, est } = ctx;
  const e = eligible(a);
  const community = a.responses.find((r) => r.response === 'community');
  const civilian = a.responses.find((r) => r.response === 'civilian');
  const items: Inline[][] = [];
  const yearly = perYear(a, a.totals.calls);
  items.push([
    strong(`${int(a.totals.calls)} calls`),
    ` from ${localDate(a.dateRange.from)} to ${localDate(a.dateRange.to)} (${count(a.coverage.days, 'day')}, ${a.timeZone})`,
    yearly !== null ? `: about ${int(yearly)} calls a year` : '',
    `, taking ${num(a.totals.officerHours)} officer hours.`,
  ]);
  items.push([
    strong(`${pct(e.shareOfCalls)} of calls`),
    ` and `,
    strong(`${pct(e.shareOfHours)} of officer hours`),
    ` are call types a non-police responder could take (community responder ${pct(community?.shareOfCalls)}, civilian / report ${pct(civilian?.shareOfCalls)} of calls), under taxonomy ${a.taxonomy.name} ${a.taxonomy.version}.`,
  ]);
  if (a.initialVsFinal) {
    const iv = a.initialVsFinal;
    items.push([
      `Eligible share ${range(pct(Math.min(iv.eligibleShare.initial, iv.eligibleShare.final)), pct(Math.max(iv.eligibleShare.initial, iv.eligibleShare.final)))} depending on the call type used: ${pct(iv.eligibleShare.final)} on the final type, ${pct(iv.eligibleShare.initial)} on the type given when the call came in (${int(iv.calls)} calls with both).`,
    ]);
  }
  const sc = est.scenarios;
  if (sc && sc.length) {
    const named = (n: string) => sc.find((s) => s.name === n);
    const low = named('low') ?? sc[0];
    const high = named('high') ?? sc[sc.length - 1];
    const central = named('central') ?? sc[Math.floor(sc.length / 2)];
    const iv = (x: [number, number] | undefined, f: (n: number) => string) => (x ? `; interval ${range(f(x[0]), f(x[1]))}` : '');
    items.push([
      strong(`${range(int(low.callsDiverted), int(high.callsDiverted))} calls a year`),
      ` could move from police to other responders (${low.label.toLowerCase()} to ${high.label.toLowerCase()} scenario; central ${int(central.callsDiverted)}${iv(central.intervals?.callsDiverted, int)}).`,
    ]);
    items.push([
      strong(`${range(num(low.officerHoursFreed, 0), num(high.officerHoursFreed, 0))} officer hours a year`),
      ` freed (central ${num(central.officerHoursFreed, 0)}${iv(central.intervals?.officerHoursFreed, (n) => num(n, 0))}).`,
    ]);
    items.push([
      strong(`Net savings ${range(usd(low.netSavings), usd(high.netSavings))} a year`),
      ` after paying for the alternative responder (central ${usd(central.netSavings)}${iv(central.intervals?.netSavings, usd)}). Counterfactual: ${counterfactualSentence(central.assumptions.counterfactual)}`,
    ]);
  }
  if (est.staffing?.computed) {
    const s = est.staffing;
    items.push([
      `Answering every eligible call (${pct(s.targetAnswerShare, 0)} within ${num(s.targetWaitMinutes, 0)} minutes) would take up to `,
      strong(`${int(s.peakTeams)} teams`),
      ` at the busiest hour and ${int(s.teamHoursPerWeek)} team-hours a week.`,
    ]);
  }
  const unclassified = a.responses.find((r) => r.response === 'unclassified');
  const unmatched = a.unmatched.length
    ? `${pct(unclassified?.shareOfCalls ?? 0)} of calls (${count(a.unmatched.length, 'call type')}) matched no rule`
    : 'every call type matched a rule';
  items.push([
    `Data: ${int(a.input.rowsRead)} rows read, ${int(a.input.rowsRejected)} rejected; officer time imputed for ${int(a.officerTime.imputedCalls)} calls (${pct(a.totals.calls ? a.officerTime.imputedCalls / a.totals.calls : 0)}); ${unmatched}.`,
  ]);
  if (!a.officerTime.measurable) items.push(['Officer time could not be measured from this export: officer hours are 0 and are not an estimate.']);
  return { id: 'headline', title: 'Headline findings', blocks: [list(items)] };
}

/** The counterfactual in words, e.g. "freed hours — the value of officer time …". */
export function counterfactualSentence(c: string): string {
  return c === 'budget'
    ? 'budget — only whole officer positions removed count as savings.'
    : 'freed hours — the value of officer time freed for other work; it is not cash unless positions change.';
}

/** Data and quality: files and their hashes, rows, dates, mapping and warnings. */
export function dataSection(ctx: SectionContext): Section {
  const { a } = ctx;
  const inp = a.input;
  const blocks = [
    p(`Every row read is either analysed or rejected with a reason (rows read = accepted + rejected); every analysed call lands in exactly one category.`),
    table(
      ['File', 'SHA-256', right('Size'), right('Rows read'), right('Accepted'), right('Rejected'), right('Calls'), 'First call', 'Last call'],
      inp.files.map((f) => [f.path, code(f.sha256), bytes(f.bytes), int(f.rowsRead), int(f.rowsAccepted), int(f.rowsRejected), int(f.calls), localTime(f.dateRange.from), localTime(f.dateRange.to)]),
      { caption: 'Source files' },
    ),
    facts(
      [
        ['Rows read', int(inp.rowsRead)],
        ['Rows accepted', int(inp.rowsAccepted)],
        ['Rows rejected', int(inp.rowsRejected)],
        ['Unit rows merged into their call', int(inp.unitRowsMerged)],
        ['Calls analysed', int(a.totals.calls)],
        ['Calls with officer time imputed', `${int(a.officerTime.imputedCalls)} (${pct(a.totals.calls ? a.officerTime.imputedCalls / a.totals.calls : 0)})`],
        ['Unclassified calls (no rule matched)', `${int(a.responses.find((r) => r.response === 'unclassified')?.calls ?? 0)} (${pct(1 - a.totals.classifiedShare)})`],
        ['Date range (received, local time)', `${localTime(a.dateRange.from)} – ${localTime(a.dateRange.to)}`],
        ['Coverage', `${count(a.coverage.days, 'day')}, ${count(a.coverage.weeks, 'week')}, ${count(a.coverage.months, 'month')}`],
        ['Time zone', a.timeZone],
        ['Call source', `${int(a.totals.citizenCalls)} citizen-initiated, ${int(a.totals.officerInitiatedCalls)} officer-initiated, ${int(a.totals.unknownSourceCalls)} unknown`],
        ['Encoding, delimiter', `${inp.encoding}, ${inp.files[0]?.delimiterName ?? inp.delimiter}`],
        ['Layout', inp.preset ? `preset ${inp.preset}` : `${inp.mappingOrigin} mapping`],
      ],
      'Rows, dates and layout',
    ),
  ];
  const reasons = Object.entries(inp.rejectReasons);
  if (reasons.length) blocks.push(table(['Reason rows were rejected', right('Rows')], reasons.map(([r, n]) => [r, int(n)]), { caption: 'Rejected rows' }));
  const mapping = Object.entries(a.mapping);
  if (mapping.length) {
    blocks.push(table(['Call field', 'Column(s) in the export'], mapping.map(([field, col]) => [field, Array.isArray(col) ? col.join(' + ') : col]), { caption: 'Mapping used' }));
  }
  if (a.warnings.length) {
    blocks.push(p(strong('Warnings')), list(a.warnings.map((w) => [w])));
  }
  return { id: 'data', title: 'Data and quality', blocks };
}

/** Level labels for a response id (tables). */
export function levelLabel(id: string): string {
  return (LEVEL_LABEL as Record<string, string>)[id] ?? id;
}
