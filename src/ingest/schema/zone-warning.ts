import type { ResolvedMapping, ResolvedTime } from './resolve.js';

/** The warning printed when an export is read without a time zone (no preset zone, no --tz). */

type OffsetKind = 'local' | 'absolute' | 'mixed';

/**
 * Whether the sampled values of a time carry their own offset: a `[Z]` format can read
 * both kinds, so the values decide, and the format only when the sample has none.
 */
function offsetKind(t: ResolvedTime, sample: string[][], present: (v: string) => boolean): OffsetKind {
  // Split date + time-of-day columns are wall time; derived times follow their base.
  if (t.columns.length !== 1 || !t.parsers[0]) return 'local';
  const parser = t.parsers[0];
  let absolute = 0;
  let local = 0;
  for (const row of sample) {
    const v = (row[t.columns[0].index] ?? '').trim();
    if (!present(v) || Number.isNaN(parser.parseString(v))) continue;
    if (parser.lastWasInstant) absolute++;
    else local++;
  }
  if (!absolute && !local) return parser.absolute ? 'absolute' : 'local';
  return absolute && local ? 'mixed' : absolute ? 'absolute' : 'local';
}

const TZ_EXAMPLE = 'Use --tz (e.g. --tz America/Chicago)';

/**
 * Without a zone every time is read as UTC. For local (offset-less) values that keeps the
 * wall clock, so hours of day are right; values with an offset are exact instants, so
 * durations are right but hours and months are then in UTC; a mix of the two is off by
 * the agency's offset between them.
 */
export function noTimeZoneWarning(times: ResolvedMapping['times'], sample: string[][], present: (v: string) => boolean): string {
  const kinds = new Map<string, OffsetKind>();
  for (const [field, t] of Object.entries(times)) if (t && !t.derived) kinds.set(field, offsetKind(t, sample, present));
  const all = new Set(kinds.values());
  if (all.size === 1 && all.has('local')) {
    return `no time zone given: local timestamps were read as UTC, so hours of day are right but lengths of calls spanning a DST change may be off by an hour. ${TZ_EXAMPLE}`;
  }
  if (all.size === 1 && all.has('absolute')) {
    return `no time zone given: the timestamps carry their own UTC offset (or are epoch numbers), so lengths of calls are right but hours of day and months are reported in UTC, not the agency's local time. ${TZ_EXAMPLE} to report them in local time`;
  }
  const received = kinds.get('received');
  const hours =
    received === 'local' ? 'hours of day and months are local time' : received === 'absolute' ? "hours of day and months are in UTC, not the agency's local time" : 'hours of day and months are partly UTC and partly local time';
  return `no time zone given: some timestamps carry a UTC offset and others do not; those without were read as UTC, so ${hours}, and intervals between the two kinds may be off by the agency's UTC offset. ${TZ_EXAMPLE}`;
}
