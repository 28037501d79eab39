import type { ResponseLevel } from '../classify/index.js';
import { parseServiceHours } from '../estimate/service-hours.js';
import { dayFromLabel, dayLabel } from './store.js';

/**
 * Before/after a program's start: eligible (community- and civilian-level) calls that
 * still appear in the police export, as rates per week, by hour of week and beat, inside
 * and outside the program's hours and beats. Descriptive only: CAVEATS says why a change
 * is not the program's effect.
 */
export interface ProgramSpec {
  /** First local day of the program, YYYY-MM-DD. */
  start: string;
  /** Hours of operation, e.g. "Mon-Fri 08:00-20:00" (estimate's service-hours syntax); null = all hours. */
  hours: string | null;
  /** Beats served; null = all beats. */
  beats: string[] | null;
}

/** Mergeable raw counts: eligible calls by (hour of week, beat) before and after, and all calls. */
export interface BeforeAfterState {
  cells: { hourOfWeek: number; beat: string; before: number; after: number }[];
  all: { before: number; after: number };
}

export interface Rate {
  calls: number;
  perWeek: number | null;
}

export interface RateChange {
  before: Rate;
  after: Rate;
  /** after.perWeek − before.perWeek. */
  change: number | null;
  /** change ÷ before.perWeek. */
  changeShare: number | null;
}

export interface BeforeAfterSection {
  program: ProgramSpec;
  eligibleResponses: ResponseLevel[];
  before: { from: string | null; to: string | null; days: number; weeks: number };
  after: { from: string | null; to: string | null; days: number; weeks: number };
  /** Every call in the export, for the overall trend. */
  allCalls: RateChange;
  eligibleCalls: RateChange;
  /** Eligible calls inside the program's hours and beats. */
  inProgram: RateChange;
  /** Eligible calls outside them (the comparison group); null when the program covers all hours and beats. */
  outsideProgram: RateChange | null;
  /** (after ÷ before inside) ÷ (after ÷ before outside) − 1: the change inside beyond the change outside. */
  relativeChange: number | null;
  byHourOfWeek: ({ hourOfWeek: number; day: string; hour: number; inProgramHours: boolean } & RateChange)[];
  byBeat: ({ beat: string; inProgramBeats: boolean } & RateChange)[];
  caveats: string[];
  state: BeforeAfterState;
}

export const ELIGIBLE_RESPONSES: ResponseLevel[] = ['community', 'civilian'];
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export const CAVEATS = [
  'Before/after is not an effect estimate: calls change with trend (population, staffing, policy), season (compare equal seasons, or use year-ago), and one-off events.',
  'The comparison with calls outside the program\'s hours and beats removes only what both groups share; spillover into them (the program\'s clients calling at other hours or in other beats) biases it towards no change.',
  'Reclassification: dispatchers may code calls differently once a program exists (to route them to it, or keep them from it), so a fall in eligible call types can be recoding, not diversion. Check the initial vs final call type and the unclassified share over the same dates.',
  'The export counts calls police handled; calls the program took without a police record are absent, so a fall here is a lower bound on calls moved only if the export holds no program calls.',
  'Cf. the evaluation of Denver\'s STAR pilot (Dee & Pyne 2022, "A community response approach to mental health and substance abuse crises reduced crime", Science Advances, doi:10.1126/sciadv.abm2106), which compared precincts with and without STAR, and its critics (e.g. Andrew Wheeler, "Denver\'s STAR Program and Disorder Crime Reductions", The Criminal Justician, ASEBP; crimede-coder.com/blogposts/2025/DenverStar), who argues the estimated reduction is too large for the pilot\'s scope (about 750 STAR responses in six months) and that calls for service and recorded offences are conflated.',
];

/** Accumulates the before/after counts during the pass (one map update per eligible call). */
export class BeforeAfterCounter {
  readonly startDay: number;
  private readonly cells = new Map<string, { hourOfWeek: number; beat: string; before: number; after: number }>();
  private all = { before: 0, after: 0 };

  constructor(readonly program: ProgramSpec) {
    this.startDay = dayFromLabel(program.start);
  }

  add(day: number, hourOfWeek: number, beat: string, response: ResponseLevel): void {
    const after = day >= this.startDay;
    if (after) this.all.after++;
    else this.all.before++;
    if (!ELIGIBLE_RESPONSES.includes(response)) return;
    const key = `${hourOfWeek}\u0001${beat}`;
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { hourOfWeek, beat, before: 0, after: 0 }));
    if (after) cell.after++;
    else cell.before++;
  }

  state(): BeforeAfterState {
    const cells = [...this.cells.values()].sort((a, b) => a.hourOfWeek - b.hourOfWeek || (a.beat < b.beat ? -1 : a.beat > b.beat ? 1 : 0)).map((c) => ({ ...c }));
    return { cells, all: { ...this.all } };
  }
}

/** Adds two states (shards of one export). */
export function mergeBeforeAfterState(a: BeforeAfterState, b: BeforeAfterState): BeforeAfterState {
  const cells = new Map<string, BeforeAfterState['cells'][number]>();
  for (const c of [...a.cells, ...b.cells]) {
    const key = `${c.hourOfWeek}\u0001${c.beat}`;
    const t = cells.get(key);
    if (t) {
      t.before += c.before;
      t.after += c.after;
    } else cells.set(key, { ...c });
  }
  const out = [...cells.values()].sort((x, y) => x.hourOfWeek - y.hourOfWeek || (x.beat < y.beat ? -1 : x.beat > y.beat ? 1 : 0));
  return { cells: out, all: { before: a.all.before + b.all.before, after: a.all.after + b.all.after } };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function rateChange(before: number, after: number, weeksBefore: number, weeksAfter: number): RateChange {
  const b = weeksBefore > 0 ? before / weeksBefore : null;
  const a = weeksAfter > 0 ? after / weeksAfter : null;
  return {
    before: { calls: before, perWeek: b === null ? null : round(b, 3) },
    after: { calls: after, perWeek: a === null ? null : round(a, 3) },
    change: a !== null && b !== null ? round(a - b, 3) : null,
    changeShare: a !== null && b ? round((a - b) / b, 4) : null,
  };
}

/**
 * Derives the section from the counts. `firstDay`/`lastDay` are the local days of the
 * first and last call analysed (inclusive): the before side runs from the first to the
 * day before the start, the after side from the start to the last.
 */
export function beforeAfterSection(program: ProgramSpec, state: BeforeAfterState, firstDay: number | null, lastDay: number | null): BeforeAfterSection {
  const start = dayFromLabel(program.start);
  const daysBefore = firstDay === null ? 0 : Math.max(0, Math.min(start, lastDay! + 1) - firstDay);
  const daysAfter = lastDay === null ? 0 : Math.max(0, lastDay + 1 - Math.max(start, firstDay!));
  const wb = daysBefore / 7;
  const wa = daysAfter / 7;
  const hoursMask = program.hours ? parseServiceHours(program.hours, '--program-hours') : null;
  const beats = program.beats ? new Set(program.beats) : null;
  const inHours = (h: number) => !hoursMask || hoursMask[h];
  const inBeats = (b: string) => !beats || beats.has(b);

  const sum = (pred: (c: BeforeAfterState['cells'][number]) => boolean) =>
    state.cells.reduce((acc, c) => (pred(c) ? [acc[0] + c.before, acc[1] + c.after] : acc), [0, 0]);
  const [eb, ea] = sum(() => true);
  const [ib, ia] = sum((c) => inHours(c.hourOfWeek) && inBeats(c.beat));
  const inProgram = rateChange(ib, ia, wb, wa);
  const outsideProgram = hoursMask || beats ? rateChange(eb - ib, ea - ia, wb, wa) : null;
  const ratio = (r: RateChange | null) => (r && r.before.perWeek && r.after.perWeek !== null ? r.after.perWeek / r.before.perWeek : null);
  const rIn = ratio(inProgram);
  const rOut = ratio(outsideProgram);

  const byHourOfWeek = Array.from({ length: 168 }, (_, h) => {
    const [b, a] = sum((c) => c.hourOfWeek === h);
    return { hourOfWeek: h, day: DAY_NAMES[Math.floor(h / 24)], hour: h % 24, inProgramHours: inHours(h), ...rateChange(b, a, wb, wa) };
  });
  const beatNames = [...new Set(state.cells.map((c) => c.beat))];
  const byBeat = beatNames
    .map((beat) => {
      const [b, a] = sum((c) => c.beat === beat);
      return { beat, inProgramBeats: inBeats(beat), ...rateChange(b, a, wb, wa) };
    })
    .sort((x, y) => y.before.calls - x.before.calls || y.after.calls - x.after.calls || (x.beat < y.beat ? -1 : x.beat > y.beat ? 1 : 0));

  const side = (from: number, to: number, days: number) => ({
    from: days > 0 ? dayLabel(from) : null,
    to: days > 0 ? dayLabel(to) : null,
    days,
    weeks: round(days / 7, 3),
  });
  return {
    program,
    eligibleResponses: ELIGIBLE_RESPONSES,
    before: side(firstDay ?? start, Math.min(start - 1, lastDay ?? start), daysBefore),
    after: side(Math.max(start, firstDay ?? start), lastDay ?? start, daysAfter),
    allCalls: rateChange(state.all.before, state.all.after, wb, wa),
    eligibleCalls: rateChange(eb, ea, wb, wa),
    inProgram,
    outsideProgram,
    relativeChange: rIn !== null && rOut ? round(rIn / rOut - 1, 4) : null,
    byHourOfWeek,
    byBeat,
    caveats: [...CAVEATS],
    state,
  };
}
