/**
 * Local wall-clock time for the generator, fast and deterministic. The generator works in
 * instants (whole seconds since the Unix epoch); this turns them into the agency's local
 * `YYYY-MM-DD HH:mm:ss`. The zone's UTC offsets are learned from Intl once per simulated
 * day (plus a binary search at each DST change), so formatting a timestamp is an offset
 * lookup and two table reads. Because every printed time is an instant converted to local
 * time, none can fall in a spring-forward gap; the repeated hour after fall-back appears twice,
 * as it does in real exports.
 */

const DAY = 86_400;

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

export class LocalClock {
  /** Instant of local midnight starting `startDate`, seconds. */
  readonly startInstant: number;
  private readonly intl: Intl.DateTimeFormat;
  /** Offsets (local − UTC, seconds) and the instants from which they apply, ascending. */
  private readonly since: number[] = [-Infinity];
  private readonly offsets: number[] = [];
  private horizon: number;
  private cursor = 0;
  /** 'YYYY-MM-DD' bytes by local day number, filled on demand; the last one kept at hand. */
  private readonly dates = new Map<number, Uint8Array>();
  private lastDay = NaN;
  private lastDate: Uint8Array = new Uint8Array(10);

  constructor(timeZone: string, startDate: string) {
    this.intl = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const [y, m, d] = startDate.split('-').map(Number);
    const wall = Date.UTC(y, m - 1, d) / 1000;
    this.horizon = wall - 2 * DAY;
    this.offsets.push(this.intlOffset(this.horizon));
    this.extendTo(wall + 60 * DAY);
    // Local midnight can itself be skipped by a DST change in some zones: take the instant
    // that the offset in force just before it gives.
    this.startInstant = wall - this.offsetAt(wall - this.offsetAt(wall));
  }

  /** Offset of `instant` (seconds, local − UTC) via Intl: slow, used only to build the table. */
  private intlOffset(instant: number): number {
    const parts = this.intl.formatToParts(new Date(instant * 1000));
    const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
    const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) / 1000;
    return wall - instant;
  }

  /** Learns the zone's offsets up to `instant`, one sample per day (zones change at most once a day). */
  extendTo(instant: number): void {
    while (this.horizon < instant) {
      const next = this.horizon + DAY;
      const before = this.offsets[this.offsets.length - 1];
      const after = this.intlOffset(next);
      if (after !== before) {
        let lo = this.horizon; // offset `before` here
        let hi = next; // offset `after` here
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.intlOffset(mid) === before) lo = mid;
          else hi = mid;
        }
        this.since.push(hi);
        this.offsets.push(after);
      }
      this.horizon = next;
    }
  }

  /** Local − UTC offset in force at `instant`, seconds. */
  offsetAt(instant: number): number {
    if (instant > this.horizon) this.extendTo(instant + 60 * DAY);
    let i = this.cursor;
    const since = this.since;
    while (i + 1 < since.length && instant >= since[i + 1]) i++;
    while (instant < since[i]) i--;
    this.cursor = i;
    return this.offsets[i];
  }

  /** Local wall time of `instant`, seconds since 1970-01-01 00:00 local. */
  wall(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /** 'YYYY-MM-DD HH:mm:ss' local (for messages and tests; the generator writes bytes). */
  format(instant: number): string {
    const wall = instant + this.offsetAt(instant);
    const day = Math.floor(wall / DAY);
    const sod = wall - day * DAY;
    const time = pad2(Math.floor(sod / 3600)) + ':' + pad2(Math.floor(sod / 60) % 60) + ':' + pad2(sod % 60);
    return String.fromCharCode(...this.dateBytes(day)) + ' ' + time;
  }

  /** ASCII bytes of 'YYYY-MM-DD' for a local day number (days since 1970-01-01). */
  dateBytes(day: number): Uint8Array {
    if (day === this.lastDay) return this.lastDate;
    let bytes = this.dates.get(day);
    if (bytes === undefined) {
      const text = new Date(day * DAY * 1000).toISOString().slice(0, 10);
      bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
      this.dates.set(day, bytes);
    }
    this.lastDay = day;
    this.lastDate = bytes;
    return bytes;
  }

  /** Month (0–11) of a local day number. */
  month(day: number): number {
    const b = this.dateBytes(day);
    return (b[5] - 48) * 10 + (b[6] - 48) - 1;
  }
}

/** Day of week (0 = Sunday) of a local day number. */
export function dayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}
