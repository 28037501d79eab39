import type { ExplainReport, LeftToBase, Taxonomy, TaxonomyCounts, TaxonomyReport } from '../../classify/index.js';
import type { MatchReason } from '../../classify/index.js';
import { formatInt, formatNumber, type Output } from '../output.js';

const plural = (n: number, word: string, words = `${word}s`): string => `${formatInt(n)} ${n === 1 ? word : words}`;
const categories = (n: number): string => plural(n, 'category', 'categories');

/** `taxonomy validate` on a valid file: one line. */
export function validSummary(file: string, t: Taxonomy, counts: TaxonomyCounts): string {
  const parts = [categories(counts.categories), plural(counts.rules, 'rule'), plural(counts.shareRules, 'share rule'), plural(counts.layers, 'layer')];
  if (counts.todo > 0) parts.push(`${plural(counts.todo, 'call type')} still to decide (todo)`);
  return `${file}: valid — ${t.name} ${t.version}: ${parts.join(', ')}`;
}

export function printProblems(out: Output, problems: { file: string; path: string; line: number | null; message: string }[]): void {
  for (const p of problems) {
    const where = p.line !== null ? `${p.file}:${p.line}` : p.file;
    out.out(`${where}: ${p.path ? `${p.path}: ` : ''}${p.message}`);
  }
}

export function printTaxonomy(out: Output, r: TaxonomyReport): void {
  const { c } = out;
  const n = r.counts;
  out.out(c.bold(`${r.taxonomy.name} ${r.taxonomy.version} — ${validCounts(n)}`));
  if (r.taxonomy.description) out.out(r.taxonomy.description);
  out.out(`Layers, rules tried in this order: ${r.taxonomy.layers.map((l) => `${l.file} (${l.name} ${l.version})`).join(' → ')}`);
  for (const level of r.levels) {
    out.out(c.bold(`\n${level.label} (${level.id}) — ${categories(level.categories.length)}`));
    out.out(level.definition);
    for (const cat of level.categories) {
      out.out(`\n  ${c.bold(cat.id)} — ${cat.label} (${plural(cat.rules, 'rule')})`);
      out.out(`    Why: ${cat.rationale}`);
      if (cat.description) out.out(`    ${cat.description}`);
      for (const s of cat.sources) out.out(`    Source: ${s.title}${s.publisher ? `, ${s.publisher}` : ''}${s.year ? `, ${s.year}` : ''}${s.url ? ` <${s.url}>` : ''}`);
    }
  }
  out.out(c.bold(`\nShare rules — assumptions, printed in every report (${r.shareRules.length})`));
  if (r.shareRules.length === 0) out.out('none');
  for (const s of r.shareRules) {
    out.out(`  ${formatNumber(s.share * 100, 0)}% of calls matching ${s.matches} → ${s.category}, the rest → ${s.otherwise} (${s.origin.file} ${s.origin.path}${s.ruleId ? `, ${s.ruleId}` : ''})`);
    if (s.note) out.out(`    ${s.note}`);
  }
  if (r.todo.length > 0) {
    out.out(c.bold(`\nCall types still to decide (todo: ${r.todo.length})`));
    out.out(out.table(['call type', 'code', 'calls'], r.todo.slice(0, 20).map((t) => [t.callType, t.code ?? '', t.calls === undefined ? '' : formatInt(t.calls)]), ['left', 'left', 'right']));
    if (r.todo.length > 20) out.out(`… and ${r.todo.length - 20} more (--json lists them all)`);
  }
}

function validCounts(n: TaxonomyCounts): string {
  return `${categories(n.categories)}, ${plural(n.rules, 'rule')}, ${plural(n.shareRules, 'share rule')}, ${plural(n.layers, 'layer')}`;
}

export interface InitSummary {
  out: string;
  extends: string;
  calls: number;
  callTypes: number;
  prefilled: { rules: number; callTypes: number; calls: number };
  todo: { callTypes: number; calls: number };
  leftToBase: LeftToBase[];
}

/** The summary of `taxonomy init`: on stdout, or on stderr when the taxonomy itself went to stdout. */
export function printInitSummary(out: Output, s: InitSummary, todo: { callType: string; code?: string; calls: number }[], top: number, toStderr: boolean): void {
  const say = toStderr ? out.note : out.out;
  const file = s.out === '-' ? 'the taxonomy' : s.out;
  say(
    `Wrote ${file} (extends ${s.extends}) for ${plural(s.callTypes, 'call type')} (${plural(s.calls, 'call')}): ` +
      `${plural(s.prefilled.rules, 'pre-filled rule')} restate what the rules decided for ${plural(s.prefilled.callTypes, 'call type')} (${plural(s.prefilled.calls, 'call')}); ` +
      `${plural(s.todo.callTypes, 'call type')} (${plural(s.todo.calls, 'call')}) matched no rule and are listed under "todo".`,
  );
  if (todo.length > 0 && !toStderr) {
    out.out(out.table(['to decide: call type', 'code', 'calls'], todo.slice(0, top).map((t) => [t.callType, t.code ?? '', formatInt(t.calls)]), ['left', 'left', 'right']));
    if (todo.length > top) out.out(`… and ${todo.length - top} more in ${file}`);
  }
  for (const l of s.leftToBase) say(`Not pre-filled: "${l.callType}"${l.code ? ` (code ${l.code})` : ''}, ${plural(l.calls, 'call')}: ${l.reason}; the base still classifies it.`);
  if (s.out !== '-') say(`Next: edit ${s.out}, check it with "css-analyze taxonomy validate ${s.out}", then run "css-analyze classify <export> --taxonomy ${s.out}".`);
}

function describeMatch(m: MatchReason): string {
  switch (m.key) {
    case 'code':
      return `code "${m.value}" equals the call's code`;
    case 'code-as-text':
      return `code "${m.value}" equals the call-type text (the call has no separate code)`;
    case 'text':
      return `text "${m.value}" equals the call-type text`;
    default:
      return `pattern /${m.value}/ found in the call-type ${m.against}`;
  }
}

const shown = (v: string): string => (v === '' ? 'blank' : `"${v}"`);

export function printExplanation(out: Output, r: ExplainReport): void {
  const { c } = out;
  const i = r.input;
  const rows: [string, string][] = [
    ['call type', `"${i.callType}" (normalised ${shown(r.normalized.text)}), ${i.pass} call type`],
    ['narrowing', `code ${shown(r.normalized.code)}, priority ${shown(r.normalized.priority)}, source ${i.source}, disposition ${shown(r.normalized.disposition)}`],
    ['taxonomy', `${r.taxonomy.name} ${r.taxonomy.version} (${r.taxonomy.layers.map((l) => l.file).join(' → ')})`],
    ['category', `${r.result.category} — ${r.result.label}`],
    ['response', `${r.result.response} (${r.result.responseLabel})`],
  ];
  const rule = r.rule;
  if (rule) {
    rows.push(['rule', `${rule.file} ${rule.path}${rule.id ? ` (${rule.id})` : ''}`]);
    rows.push(['matched', describeMatch(rule.match)]);
    if (rule.when) rows.push(['when', Object.entries(rule.when).map(([k, v]) => `${k} ${(v as string[]).join(', ')}`).join('; ')]);
    if (rule.field !== 'either') rows.push(['field', `${rule.field} call type only`]);
    if (rule.share) {
      const s = rule.share;
      rows.push(['share', `${formatNumber(s.share * 100, 0)}% of these calls → ${s.category}, the rest → ${s.otherwise} (by a hash of the call id; an assumption printed in every report)`]);
    }
    if (rule.note) rows.push(['note', rule.note]);
  }
  out.out(out.pairs(rows));
  if (!rule) {
    out.out(`No rule matches "${i.callType}": its calls are counted as unclassified. Add a rule in an overlay (docs/taxonomy.md, "Writing an overlay for a new city"), or run "css-analyze taxonomy init <export>" to list every such call type.`);
  }
  if (r.narrowedOut.length > 0) {
    out.out(c.bold('\nEarlier rules that matched but were narrowed out'));
    out.out(
      out.table(
        ['rule', 'category', 'matched', 'not applied because'],
        r.narrowedOut.map((m) => [`${m.file} ${m.path}${m.id ? ` (${m.id})` : ''}`, m.category, describeMatch(m.match), m.reason]),
      ),
    );
  }
}
