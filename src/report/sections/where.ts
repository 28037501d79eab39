import { RESPONSE_LEVEL_IDS } from '../../classify/index.js';
import { p, table, type Block, type Section } from '../document.js';
import { int, num, pct } from '../format.js';
import { daysCovered as monthDays } from '../charts/time.js';
import { chart, num as right, type SectionContext } from './common.js';
import { levelLabel } from './overview.js';

export const TOP_BEATS = 15;
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** When and where eligible calls happen: hour × weekday, month by month, beat by beat. */
export function whereSection(ctx: SectionContext): Section {
  const { a } = ctx;
  const blocks: Block[] = [];
  const hw = Array.from({ length: 168 }, (_, h) => (a.time.hourOfWeek.community?.[h] ?? 0) + (a.time.hourOfWeek.civilian?.[h] ?? 0));
  const total = hw.reduce((s, n) => s + n, 0);
  if (total > 0) {
    const daytime = hw.reduce((s, n, h) => s + (h % 24 >= 8 && h % 24 < 20 ? n : 0), 0);
    const byDay = DAYS.map((d, i) => ({ d, n: hw.slice(i * 24, i * 24 + 24).reduce((s, x) => s + x, 0) })).sort((x, y) => y.n - x.n || DAYS.indexOf(x.d) - DAYS.indexOf(y.d));
    blocks.push(
      p(
        `Community- and civilian-level calls by local hour and weekday (${a.timeZone}). ${pct(daytime / total)} of them arrive between 08:00 and 20:00; the busiest day is ${byDay[0].d} (${pct(byDay[0].n / total)}), the quietest ${byDay[6].d} (${pct(byDay[6].n / total)}).`,
      ),
    );
  }
  blocks.push(...chart(ctx, 'heatmap'));
  if (a.time.monthly.length) {
    const levels = a.responses.filter((r) => r.calls > 0).map((r) => r.response);
    blocks.push(
      ...chart(ctx, 'monthly'),
      table(
        ['Month', right('Days covered'), ...levels.map((l) => right(levelLabel(l))), right('All calls'), right('Eligible share')],
        a.time.monthly.map((m) => {
          const all = RESPONSE_LEVEL_IDS.reduce((s, l) => s + m[l].calls, 0);
          return [m.month, int(monthDays(a, m.month)), ...levels.map((l) => int(m[l].calls)), int(all), pct(all ? (m.community.calls + m.civilian.calls) / all : 0)];
        }),
        { caption: 'Calls per month by response level', note: ['Weekly figures are in tables/weekly.csv.'] },
      ),
    );
  }
  const beats = a.beats.slice(0, TOP_BEATS);
  if (beats.length && !(beats.length === 1 && beats[0].beat === '')) {
    blocks.push(
      table(
        ['Beat', right('Eligible calls'), right('Eligible officer hours'), right('Community'), right('Civilian'), right('All calls'), right('All officer hours'), right('Eligible share')],
        beats.map((b) => [b.beat === '' ? '(no beat)' : b.beat, int(b.eligibleCalls), num(b.eligibleHours), int(b.community.calls), int(b.civilian.calls), int(b.calls), num(b.officerHours), pct(b.calls ? b.eligibleCalls / b.calls : 0)]),
        { caption: 'Beats ranked by eligible calls', note: [`showing ${beats.length} of ${a.beats.length}; all in tables/beats.csv.`] },
      ),
      ...chart(ctx, 'beats'),
    );
  } else {
    blocks.push(p('The export has no beat or district column mapped, so calls cannot be placed by area.'));
  }
  return { id: 'where', title: 'When and where', blocks };
}
