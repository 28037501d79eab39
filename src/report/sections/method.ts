import { code, link, list, p, strong, table, type Block, type Cell, type Inline, type Section } from '../document.js';
import { int, num, pct, value } from '../format.js';
import { safeUrl } from '../escape.js';
import { facts, type SectionContext } from './common.js';
import { levelDefinitions } from './mix.js';
import { levelLabel } from './overview.js';

/** Methodology and assumptions: levels, parameters with sources, share rules, categories, sources. */
export function methodSection(ctx: SectionContext): Section {
  const { a, est } = ctx;
  const t = a.taxonomy;
  const blocks: Block[] = [
    p(
      `Calls are classified by the taxonomy ${t.name} ${t.version} (${t.layers.map((l) => `${l.name} ${l.version}`).join(' + ')}): the first rule that matches a call's type, in file order, decides its category; each category has one response level. Unmatched call types are reported as unclassified. Officer time, imputation and the estimate's formulas are explained in docs/methodology.md.`,
    ),
    table(['Response level', 'Definition'], levelDefinitions(), { caption: 'Response levels' }),
  ];
  if (est.parameters) {
    blocks.push(
      table(
        ['Parameter', 'Value', 'Unit', 'Set by', 'Source'],
        Object.entries(est.parameters).map(([name, prm]) => [code(name), value(prm.value), prm.unit ?? '', prm.origin ?? 'default', prm.source ?? '—']),
        { caption: 'Parameters (every number the estimate uses)' },
      ),
    );
  } else {
    blocks.push(
      facts(
        [
          ['Officer time basis', a.officerTime.basis],
          ['Cap per unit (minutes)', num(a.officerTime.capMinutes, 0)],
          ['Minimum measured units for a type median', int(a.officerTime.minSamples)],
        ],
        'Parameters',
      ),
    );
  }
  if (t.shareRules.length) {
    blocks.push(
      p('Assumptions in the taxonomy: where a call type cannot be told apart, a stated share of its calls is assigned to one category and the rest to another.'),
      table(
        ['Rule', 'Matches', 'Share', 'Category', 'Otherwise', 'Why'],
        t.shareRules.map((r) => [r.ruleId ?? `rules[${r.ruleIndex}]`, r.matches, pct(r.share, 0), r.category, r.otherwise, r.note ?? '—']),
        { caption: 'Share rules (assumptions)' },
      ),
    );
  }
  const used = new Set(a.categories.map((c) => c.id));
  const cats = t.categories.filter((c) => used.has(c.id));
  const sourceTitle = (id: string) => t.sources[id]?.title ?? id;
  blocks.push(
    table(
      ['Category', 'Response level', 'Rationale', 'Sources'],
      cats.map((c) => [c.label, levelLabel(c.response), c.rationale, c.sources.length ? c.sources.map(sourceTitle).join('; ') : '—']),
      { caption: 'Categories in this report, why each has its level, and its sources', note: [`${cats.length} of the taxonomy's ${t.categories.length} categories had calls.`] },
    ),
  );
  const sources = Object.entries(t.sources);
  if (sources.length) {
    blocks.push(p(strong('Sources')), list(sources.map(([id, s]) => sourceItem(id, s))));
  }
  return { id: 'method', title: 'Methodology and assumptions', blocks };
}

function sourceItem(id: string, s: { title: string; publisher?: string; year?: number; url?: string }): Inline[] {
  const url = safeUrl(s.url);
  const tail = [s.publisher, s.year ? String(s.year) : undefined].filter(Boolean).join(', ');
  const out: Inline[] = [code(id), ' — ', url ? link(s.title, url) : s.title];
  if (tail) out.push(`, ${tail}`);
  return out;
}

/** Reproducibility: everything needed to produce these bytes again. */
export function reproSection(ctx: SectionContext): Section {
  const { a, est } = ctx;
  const rows: [string, Cell][] = [
    ['Command line', a.commandLine.length ? code(a.commandLine.join(' ')) : '—'],
    ['Tool', `${a.tool.name} ${a.tool.version}`],
    ['Analysis schema version', String(a.schemaVersion)],
    ['Taxonomy', `${a.taxonomy.name} ${a.taxonomy.version} (${a.taxonomy.layers.map((l) => `${l.file}`).join(', ')})`],
    ['Time zone', a.timeZone],
    ...a.input.files.map((f): [string, Cell] => [`SHA-256 of ${f.path}`, code(f.sha256)]),
    ['Generated at', a.generatedAt ?? 'not recorded (set SOURCE_DATE_EPOCH or --timestamp), so the same input gives byte-identical output'],
  ];
  if (est.meta) rows.push(['Intervals', `${est.meta.intervals.method}`]);
  return {
    id: 'reproducibility',
    title: 'Reproducibility',
    blocks: [
      facts(rows),
      p('Re-render this report without the CSV from analysis.json (css-analyze report analysis.json --out DIR); the same input and options give byte-identical files.'),
    ],
  };
}
