import type { CallSource } from '../ingest/call.js';
import { DIVERTIBLE, Interner, eligibleKey, type EligibleCell } from './store.js';

/** Call sources in the order the accumulator numbers them. */
export const SOURCES: readonly CallSource[] = ['citizen', 'officer', 'unknown'];

/** Eligibility cells per (beat, priority): source × divertible response × hour of week. */
const CELLS_PER_PAIR = SOURCES.length * DIVERTIBLE.length * 168;
/** Eligible calls of one (beat, priority) before it gets a dense block of all its cells. */
const DENSE_PAIR_AFTER = 1024;

/**
 * The eligibility cube on the accumulator's hot path: [calls, ms, imputed] per (beat,
 * priority, source, divertible response, hour of week), added into the Store's sparse
 * `eligible` map when read.
 *
 * Cells start sparse: one triple in a growing pool per cell that occurs. A (beat, priority)
 * pair with many eligible calls then gets a dense block (24 KB), faster to index. Dense
 * blocks for every pair would make a column of thousands of distinct "beats" (grid cells,
 * addresses) take gigabytes; this way they take at most 24 KB per 1,024 calls.
 */
export class EligibleCells {
  private readonly beats = new Interner();
  private readonly priorities = new Interner();
  /** (beat id, priority id) pairs: key → pair index, and the pair's beat and priority ids. */
  private readonly pairs = new Map<number, number>();
  private readonly pairBeat: number[] = [];
  private readonly pairPriority: number[] = [];
  private readonly pairCalls: number[] = [];
  /** Per pair: its dense block (CELLS_PER_PAIR triples) once it has one. */
  private readonly pairBlock: (Float64Array | null)[] = [];
  private lastPairKey = -1;
  private lastPair = -1;
  /** Sparse cell key (pair × CELLS_PER_PAIR + cell) → its triple's offset in `pool`. */
  private readonly cellAt = new Map<number, number>();
  private pool = new Float64Array(3 * 4096);
  private poolUsed = 0;

  /** One eligible call: `source` indexes SOURCES, `divertible` indexes DIVERTIBLE. */
  add(beat: string, priority: string, source: number, divertible: number, hourOfWeek: number, measuredMs: number, imputedUnits: number): void {
    const pair = this.pair(this.beats.id(beat), this.priorities.id(priority));
    const c = (source * DIVERTIBLE.length + divertible) * 168 + hourOfWeek;
    let cells = this.pairBlock[pair];
    if (cells === null && ++this.pairCalls[pair] >= DENSE_PAIR_AFTER) cells = this.pairBlock[pair] = new Float64Array(CELLS_PER_PAIR * 3);
    let i = c * 3;
    if (cells === null) {
      i = this.cell(pair * CELLS_PER_PAIR + c); // may grow the pool: read it after
      cells = this.pool;
    }
    cells[i]++;
    cells[i + 1] += measuredMs;
    cells[i + 2] += imputedUnits;
  }

  /** Adds every cell into `into` (the Store's `eligible`) and clears it. */
  flushInto(into: Map<string, EligibleCell>): void {
    for (const [key, i] of this.cellAt) {
      const pair = Math.floor(key / CELLS_PER_PAIR);
      this.flushCell(into, pair, key - pair * CELLS_PER_PAIR, this.pool, i);
    }
    this.pairBlock.forEach((cells, pair) => {
      if (cells) for (let c = 0; c < CELLS_PER_PAIR; c++) this.flushCell(into, pair, c, cells, c * 3);
    });
  }

  private pair(beat: number, priority: number): number {
    // Two ids in one number: exact as long as both stay below 2^26 (67 million), far beyond real exports.
    const key = beat * 67_108_864 + priority;
    if (key === this.lastPairKey) return this.lastPair;
    let pair = this.pairs.get(key);
    if (pair === undefined) {
      pair = this.pairBeat.length;
      this.pairs.set(key, pair);
      this.pairBeat.push(beat);
      this.pairPriority.push(priority);
      this.pairCalls.push(0);
      this.pairBlock.push(null);
    }
    this.lastPairKey = key;
    this.lastPair = pair;
    return pair;
  }

  /** Offset in `pool` of the cell's triple, made on first use. */
  private cell(key: number): number {
    let at = this.cellAt.get(key);
    if (at === undefined) {
      if (this.poolUsed + 3 > this.pool.length) {
        const grown = new Float64Array(this.pool.length * 2);
        grown.set(this.pool);
        this.pool = grown;
      }
      at = this.poolUsed;
      this.poolUsed += 3;
      this.cellAt.set(key, at);
    }
    return at;
  }

  /** Adds one cell's triple, cells[i..i+2], into `into` and clears it. */
  private flushCell(into: Map<string, EligibleCell>, pair: number, c: number, cells: Float64Array, i: number): void {
    if (cells[i] === 0 && cells[i + 2] === 0) return;
    const hourOfWeek = c % 168;
    const d = Math.floor(c / 168) % DIVERTIBLE.length;
    const source = SOURCES[Math.floor(c / (168 * DIVERTIBLE.length))];
    const beat = this.beats.texts[this.pairBeat[pair]];
    const priority = this.priorities.texts[this.pairPriority[pair]];
    const response = DIVERTIBLE[d];
    const k = eligibleKey(response, source, priority, hourOfWeek, beat);
    let e = into.get(k);
    if (!e) into.set(k, (e = { response, source, priority, hourOfWeek, beat, cell: [0, 0, 0] }));
    e.cell[0] += cells[i];
    e.cell[1] += cells[i + 1];
    e.cell[2] += cells[i + 2];
    cells[i] = cells[i + 1] = cells[i + 2] = 0;
  }
}
