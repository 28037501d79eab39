import { usageError } from '../errors.js';

const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function dayIndex(token: string, label: string, spec: string): number {
  const i = DAYS.indexOf(token.slice(0, 3).toUpperCase());
  if (i < 0 || token.length < 3) throw usageError(`${label}: "${token}" is not a day in "${spec}"`, 'Use Mon, Tue, Wed, Thu, Fri, Sat, Sun, e.g. "Mon-Fri 07:00-19:00; Sat-Sun 10:00-18:00"');
  return i;
}

function hourOf(token: string, label: string, spec: string): number {
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(token);
  const h = m ? Number(m[1]) : NaN;
  if (!m || h > 24 || (m[2] !== undefined && m[2] !== '00')) {
    throw usageError(`${label}: "${token}" in "${spec}" is not a whole hour`, 'Calls are counted by hour of week, so give hours as HH:00 (00:00 to 24:00)');
  }
  return h;
}

/**
 * Parses service hours written as hour-of-week ranges — `Mon-Fri 07:00-19:00; Sat-Sun
 * 10:00-18:00`, `daily 07:00-23:00`, `Fri-Sat 22:00-02:00` (past midnight runs into the
 * next day), `24/7` — into 168 flags, index 0 = Sunday 00:00–01:00 local time.
 */
export function parseServiceHours(spec: string, label = 'serviceHours'): boolean[] {
  const open = Array<boolean>(168).fill(false);
  const text = spec.trim();
  if (/^(24\/7|all|always)$/i.test(text)) return open.fill(true);
  const parts = text.split(/[;\n]+/).map((p) => p.trim()).filter(Boolean);
  if (!parts.length) throw usageError(`${label} is empty`, 'Give ranges such as "Mon-Sun 07:00-23:00"');
  for (const part of parts) {
    const m = /^(.+?)\s+(\d{1,2}(?::\d{2})?)\s*-\s*(\d{1,2}(?::\d{2})?)$/.exec(part);
    if (!m) throw usageError(`${label}: cannot read "${part}"`, 'Write days then hours, e.g. "Mon-Fri 07:00-19:00; Sat-Sun 10:00-18:00"');
    const days = new Set<number>();
    for (const group of m[1].split(',').map((g) => g.trim())) {
      if (/^(daily|every ?day)$/i.test(group)) DAYS.forEach((_, i) => days.add(i));
      else if (group.includes('-')) {
        const [a, b] = group.split('-').map((s) => dayIndex(s.trim(), label, spec));
        for (let d = a; ; d = (d + 1) % 7) {
          days.add(d);
          if (d === b) break;
        }
      } else days.add(dayIndex(group, label, spec));
    }
    const start = hourOf(m[2], label, spec);
    const end = hourOf(m[3], label, spec);
    if (start === 24) throw usageError(`${label}: a range cannot start at 24:00 in "${spec}"`, 'Start at 00:00 to 23:00');
    const length = end > start ? end - start : end + 24 - start; // equal start and end = 24 hours
    for (const d of days) for (let h = 0; h < length; h++) open[(d * 24 + start + h) % 168] = true;
  }
  return open;
}
