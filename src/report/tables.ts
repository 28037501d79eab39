import type { Analysis } from '../aggregate/analysis.js';
import type { BeforeAfterSection, RateChange } from '../aggregate/before-after.js';
import type { Change, ComparisonSection, ShareChange } from '../aggregate/compare.js';
import { IMPUTE_REASONS } from '../aggregate/officer-time.js';
import { RESPONSE_LEVEL_IDS } from '../classify/index.js';
import { csvRow } from '../util/csv-write.js';
import { daysCovered } from './charts/time.js';
import type { EstimateView } from './estimate-view.js';

/**
 * The report's tables as CSV (tables/<name>.csv): the full lists behind every table and
 * chart, one row per item, snake_case headers, numbers unformatted. Written with
 * csv-write.ts, so a call type like `=HYPERLINK(…)` cannot run as a spreadsheet formula.
 */
export interface CsvTable {
  name: string;
  csv: string;
}

type Value = string | number | null | undefined;

function csv(header: string[], rows: Value[][]): string {
  return csvRow(header) + rows.map((r) => csvRow(r)).join('');
}

const LEVELS = RESPONSE_LEVEL_IDS;
const snake = (level: string) => level.replace(/-/g, '_');

type Add = (name: string, header: string[], rows: Value[][]) => void;

const flag = (x: boolean | null | undefined): Value => (x === null || x === undefined ? null : String(x));
const CHANGE_FIELDS = ['current', 'comparison', 'change', 'change_share', 'per_week_current', 'per_week_comparison', 'per_week_change_share', 'within_normal_variation'];
const SHARE_FIELDS = ['current', 'comparison', 'change', 'within_normal_variation'];
const changeCols = (prefix: string) => CHANGE_FIELDS.map((f) => `${prefix}_${f}`);
const shareCols = (prefix: string) => SHARE_FIELDS.map((f) => `${prefix}_${f}`);
const changeCells = (c: Change): Value[] => [c.current, c.comparison, c.change, c.changeShare, c.perWeek.current, c.perWeek.comparison, c.perWeek.changeShare, flag(c.withinNormalVariation)];
const shareCells = (s: ShareChange): Value[] => [s.current, s.comparison, s.change, flag(s.withinNormalVariation)];

/**
 * Comparisons (--compare) and before/after (--program-start), only when the Analysis has
 * them. Every comparison basis gets its own rows, in the Analysis's order, keyed by
 * `basis` and `compared_with` (the period label or the earlier analysis's path).
 */
function windowTables(a: Analysis, add: Add): void {
  const comparison = a.comparison as ComparisonSection | undefined;
  const against = Array.isArray(comparison?.against) ? comparison.against : [];
  if (against.length) {
    const key = ['basis', 'compared_with'];
    add(
      'comparison',
      [...key, 'period_from', 'period_to', 'days_current', 'days_comparison', 'complete_weeks_current', 'complete_weeks_comparison', ...changeCols('calls'), ...changeCols('officer_hours'), ...changeCols('eligible_calls'), ...shareCols('eligible_share')],
      against.map((e) => [
        e.basis,
        e.label,
        e.period?.from ?? null,
        e.period?.to ?? null,
        e.days.current,
        e.days.comparison,
        e.completeWeeks.current,
        e.completeWeeks.comparison,
        ...changeCells(e.totals.calls),
        ...changeCells(e.totals.officerHours),
        ...changeCells(e.totals.eligibleCalls),
        ...shareCells(e.totals.eligibleShare),
      ]),
    );
    add(
      'comparison-responses',
      [...key, 'response', ...changeCols('calls'), ...changeCols('officer_hours'), ...shareCols('share_of_calls')],
      against.flatMap((e) => e.byResponse.map((r) => [e.basis, e.label, r.response, ...changeCells(r.calls), ...changeCells(r.officerHours), ...shareCells(r.shareOfCalls)])),
    );
    add(
      'comparison-categories',
      [...key, 'category', 'label', 'response', ...changeCols('calls'), ...changeCols('officer_hours')],
      against.flatMap((e) => e.byCategory.map((k) => [e.basis, e.label, k.id, k.label, k.response, ...changeCells(k.calls), ...changeCells(k.officerHours)])),
    );
  }
  const ba = a.beforeAfter as BeforeAfterSection | undefined;
  if (ba) {
    const rateCols = ['before_calls', 'before_per_week', 'after_calls', 'after_per_week', 'change', 'change_share'];
    const rate = (r: RateChange): Value[] => [r.before.calls, r.before.perWeek, r.after.calls, r.after.perWeek, r.change, r.changeShare];
    const groups: [string, RateChange | null][] = [['all_calls', ba.allCalls], ['eligible_calls', ba.eligibleCalls], ['in_program', ba.inProgram], ['outside_program', ba.outsideProgram]];
    add('before-after', ['group', ...rateCols], groups.filter((g): g is [string, RateChange] => !!g[1]).map(([g, r]) => [g, ...rate(r)]));
    add(
      'before-after-hour-of-week',
      ['hour_of_week', 'day', 'hour', 'in_program_hours', ...rateCols],
      [...ba.byHourOfWeek].sort((x, y) => x.hourOfWeek - y.hourOfWeek).map((h) => [h.hourOfWeek, h.day, h.hour, flag(h.inProgramHours), ...rate(h)]),
    );
    add('before-after-beats', ['beat', 'in_program_beats', ...rateCols], ba.byBeat.map((b) => [b.beat, flag(b.inProgramBeats), ...rate(b)]));
  }
}

export function buildTables(a: Analysis, est: EstimateView): CsvTable[] {
  const t: CsvTable[] = [];
  const add: Add = (name, header, rows) => t.push({ name, csv: csv(header, rows) });

  add(
    'input-files',
    ['path', 'sha256', 'bytes', 'gzip', 'encoding', 'delimiter', 'rows_read', 'rows_accepted', 'rows_rejected', 'calls', 'preset', 'mapping_origin', 'time_zone', 'first_received', 'last_received'],
    a.input.files.map((f) => [f.path, f.sha256, f.bytes, String(f.gzip), f.encoding, f.delimiterName, f.rowsRead, f.rowsAccepted, f.rowsRejected, f.calls, f.preset ?? '', f.mappingOrigin, f.timeZone, f.dateRange.from, f.dateRange.to]),
  );
  add('rejected-rows', ['reason', 'rows'], Object.entries(a.input.rejectReasons).map(([r, n]) => [r, n]));
  add(
    'responses',
    ['response', 'label', 'calls', 'share_of_calls', 'officer_hours', 'share_of_hours', 'call_types', 'share_of_call_types'],
    a.responses.map((r) => [r.response, r.label, r.calls, r.shareOfCalls, r.officerHours, r.shareOfHours, r.callTypes, r.shareOfCallTypes]),
  );
  add(
    'categories',
    ['category', 'label', 'response', 'calls', 'share_of_calls', 'officer_hours', 'share_of_hours', 'call_types', 'share_of_call_types'],
    a.categories.map((c) => [c.id, c.label, c.response, c.calls, c.shareOfCalls, c.officerHours, c.shareOfHours, c.callTypes, c.shareOfCallTypes]),
  );
  add(
    'call-types',
    ['call_type', 'call_type_code', 'category', 'response', 'calls', 'officer_hours', 'median_minutes_per_unit', 'imputed_calls', 'citizen_calls', 'officer_initiated_calls'],
    a.callTypes.map((c) => [c.callType, c.callTypeCode, c.category, c.response, c.calls, c.officerHours, c.medianMinutesPerUnit, c.imputedCalls, c.citizenCalls, c.officerInitiatedCalls]),
  );
  add('unmatched', ['call_type', 'call_type_code', 'calls', 'officer_hours'], a.unmatched.map((u) => [u.callType, u.callTypeCode, u.calls, u.officerHours]));
  if (a.initialVsFinal) {
    add('initial-vs-final', ['response', 'initial_calls', 'final_calls'], a.initialVsFinal.byResponse.map((r) => [r.response, r.initial, r.final]));
  }
  const o = a.officerTime;
  add('officer-time-imputations', ['kind', 'key', 'calls'], [
    ...IMPUTE_REASONS.map((r): Value[] => ['reason', r, o.imputed[r] ?? 0]),
    ...Object.entries(o.imputedFrom).map(([k, n]): Value[] => ['median_from', k, n]),
  ]);
  const levelCols = LEVELS.flatMap((l) => [`${snake(l)}_calls`, `${snake(l)}_officer_hours`]);
  add('monthly', ['month', 'days_covered', ...levelCols], a.time.monthly.map((m) => [m.month, daysCovered(a, m.month), ...LEVELS.flatMap((l) => [m[l].calls, m[l].officerHours])]));
  add('weekly', ['week_starting_monday', ...levelCols], a.time.weekly.map((w) => [w.week, ...LEVELS.flatMap((l) => [w[l].calls, w[l].officerHours])]));
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  add(
    'hour-of-week',
    ['hour_of_week', 'day', 'hour', ...LEVELS.map((l) => `${snake(l)}_calls`)],
    Array.from({ length: 168 }, (_, h) => [h, days[Math.floor(h / 24)], h % 24, ...LEVELS.map((l) => a.time.hourOfWeek[l]?.[h] ?? 0)]),
  );
  add(
    'beats',
    ['beat', 'eligible_calls', 'eligible_officer_hours', 'calls', 'officer_hours', ...levelCols],
    a.beats.map((b) => [b.beat, b.eligibleCalls, b.eligibleHours, b.calls, b.officerHours, ...LEVELS.flatMap((l) => [b[l].calls, b[l].officerHours])]),
  );
  windowTables(a, add);
  if (est.parameters) {
    add('parameters', ['name', 'value', 'unit', 'origin', 'source'], Object.entries(est.parameters).map(([n, p]) => [n, Array.isArray(p.value) ? p.value.join(';') : p.value === null ? '' : String(p.value), p.unit, p.origin, p.source]));
  }
  if (est.scenarios) {
    const outs = ['callsDiverted', 'officerHoursFreed', 'grossSavings', 'alternativeCost', 'netSavings'] as const;
    const snakeOut = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    add(
      'scenarios',
      ['name', 'label', 'community_share', 'civilian_share', 'co_response_share', 'backup_rate', 'counterfactual', 'cost_basis', 'cost_model', 'police_backup_calls', 'co_response_calls', 'positions', ...outs.flatMap((k) => [snakeOut(k), `${snakeOut(k)}_low`, `${snakeOut(k)}_high`]), 'gross_savings_per_call_model', 'net_savings_per_call_model', 'gross_savings_per_hour_model', 'net_savings_per_hour_model'],
      est.scenarios.map((s) => [
        s.name,
        s.label,
        s.assumptions.communityShare,
        s.assumptions.civilianShare,
        s.assumptions.coResponseShare,
        s.assumptions.backupRate,
        s.assumptions.counterfactual,
        s.assumptions.costBasis,
        s.costModel,
        s.policeBackupCalls,
        s.coResponseCalls,
        s.positions,
        ...outs.flatMap((k) => [s[k], s.intervals?.[k][0] ?? null, s.intervals?.[k][1] ?? null]),
        s.byCostModel?.['per-call'].grossSavings,
        s.byCostModel?.['per-call'].netSavings,
        s.byCostModel?.['per-hour'].grossSavings,
        s.byCostModel?.['per-hour'].netSavings,
      ]),
    );
  }
  if (est.funnel) {
    add('funnel', ['step', 'label', 'calls', 'community', 'civilian', 'share_of_all', 'note'], est.funnel.map((s) => [s.step, s.label, s.calls, s.community, s.civilian, s.shareOfAll, s.note]));
  }
  if (est.staffing?.computed) {
    add(
      'staffing',
      ['hour_of_week', 'day', 'hour', 'calls_per_hour', 'teams', 'service_level'],
      [...est.staffing.byHourOfWeek].sort((x, y) => x.hourOfWeek - y.hourOfWeek).map((h) => [h.hourOfWeek, h.day, h.hour, h.callsPerHour, h.teams, h.serviceLevel]),
    );
  }
  if (est.saturation?.computed && est.saturation.byHourOfWeek.length) {
    add(
      'saturation',
      ['hour_of_week', 'available_officer_hours', 'workload_hours', 'freed_hours', 'saturation_before', 'saturation_after'],
      est.saturation.byHourOfWeek.map((h) => [h.hourOfWeek, h.availableOfficerHours, h.workloadHours, h.freedHours, h.before, h.after]),
    );
  }
  return t;
}
