import type { Call } from './call.js';

/**
 * Exports with one row per responding unit (Dallas) repeat the incident for every unit.
 * Rows sharing an incident id become one call: earliest received/dispatch/arrival,
 * latest clear, the number of distinct units, and each unit's own times (officer time
 * sums over units).
 *
 * Memory stays bounded: incidents are held in an insertion-ordered window and emitted
 * once more than `window` newer incidents have been seen. CAD exports are ordered by
 * time, so a unit row arriving after its incident left the window is rare; it is
 * counted (`lateUnitRows`) and analysed as a call of its own rather than dropped.
 */
export class UnitCollapser {
  private readonly open = new Map<string, Call>();
  private readonly emitted = new Set<string>();
  /** Unit rows merged into an earlier row of the same incident. */
  rowsMerged = 0;
  /** Unit rows whose incident had already been emitted (outside the window). */
  lateUnitRows = 0;

  constructor(
    private readonly emit: (call: Call) => void,
    private readonly window = 50_000,
  ) {}

  push(row: Call): void {
    const times = { unit: row.unit, dispatched: row.dispatched, arrived: row.arrived, cleared: row.cleared };
    const existing = row.id ? this.open.get(row.id) : undefined;
    if (!existing) {
      if (row.id && this.emitted.has(row.id)) this.lateUnitRows++;
      const call: Call = { ...row, unitTimes: [times] };
      if (!row.id) {
        this.emit(call);
        return;
      }
      this.open.set(row.id, call);
      if (this.open.size > this.window) this.evictOldest();
      return;
    }
    this.rowsMerged++;
    existing.unitTimes!.push(times);
    existing.received = minDefined(existing.received, row.received);
    existing.dispatched = minDefined(existing.dispatched, row.dispatched);
    existing.enroute = minDefined(existing.enroute, row.enroute);
    existing.arrived = minDefined(existing.arrived, row.arrived);
    existing.cleared = maxDefined(existing.cleared, row.cleared);
    existing.units = new Set(existing.unitTimes!.map((u) => u.unit)).size;
  }

  finish(): void {
    for (const call of this.open.values()) this.emit(call);
    this.open.clear();
    this.emitted.clear();
  }

  private evictOldest(): void {
    const [id, call] = this.open.entries().next().value as [string, Call];
    this.open.delete(id);
    // Remembering ids lets late rows be counted; cap it so memory stays bounded too.
    if (this.emitted.size < 1_000_000) this.emitted.add(id);
    this.emit(call);
  }
}

function minDefined(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b);
}

function maxDefined(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b);
}
