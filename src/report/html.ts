import type { Block, Cell, Inline, ReportDocument, TableBlock } from './document.js';
import { escapeHtml, safeUrl } from './escape.js';
import { REPORT_CSS } from './html-style.js';

/**
 * report.html: one self-contained file — inline CSS, inline SVG charts, no scripts, no
 * fonts, images or anything else fetched (a Content-Security-Policy forbids it, as a
 * second line of defence). Every string from the document is escaped.
 */
export interface HtmlOptions {
  /** Chart name → SVG markup (from renderCharts); charts without one show their data table only. */
  svgs: Map<string, string>;
}

function inline(x: Inline): string {
  if (typeof x === 'string') return escapeHtml(x);
  if ('strong' in x) return `<strong>${escapeHtml(x.strong)}</strong>`;
  if ('em' in x) return `<em>${escapeHtml(x.em)}</em>`;
  if ('code' in x) return `<code>${escapeHtml(x.code)}</code>`;
  const url = safeUrl(x.href);
  return url ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(x.text)}</a>` : escapeHtml(x.text);
}

function inlines(content: Cell): string {
  return (Array.isArray(content) ? content : [content]).map(inline).join('');
}

function tableHtml(t: TableBlock): string {
  const cls = (i: number) => (t.columns[i]?.align === 'right' ? ' class="num"' : '');
  const head = t.columns.map((c, i) => `<th scope="col"${cls(i)}>${escapeHtml(c.label)}</th>`).join('');
  const body = t.rows.length
    ? t.rows.map((row) => `<tr>${t.columns.map((_, i) => `<td${cls(i)}>${inlines(row[i] ?? '')}</td>`).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${t.columns.length}">(none)</td></tr>`;
  const caption = t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : '';
  const note = t.note ? `\n<p class="table-note">${inlines(t.note)}</p>` : '';
  return `<div class="table-wrap"><table>${caption}\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>${note}`;
}

function block(b: Block, o: HtmlOptions): string {
  switch (b.kind) {
    case 'p':
      return `<p>${inlines(b.content)}</p>`;
    case 'note':
      return `<div class="note">${inlines(b.content)}</div>`;
    case 'heading':
      return `<h3>${escapeHtml(b.text)}</h3>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>\n${b.items.map((item) => `<li>${inlines(item)}</li>`).join('\n')}\n</${tag}>`;
    }
    case 'code':
      return `<pre><code>${escapeHtml(b.text)}</code></pre>`;
    case 'table':
      return tableHtml(b);
    case 'chart': {
      const svg = o.svgs.get(b.name);
      const id = `chart-${b.name}`;
      return [
        `<figure class="chart" id="${escapeHtml(id)}">`,
        svg ?? `<p>${escapeHtml(b.alt)}</p>`,
        `<figcaption>${escapeHtml(b.title)}. ${escapeHtml(b.alt)}</figcaption>`,
        `<details><summary>Data table for this chart</summary>\n${tableHtml(b.table)}\n</details>`,
        `</figure>`,
      ].join('\n');
    }
  }
}

export function renderHtml(doc: ReportDocument, options: HtmlOptions): string {
  const toc = doc.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('\n');
  const sections = doc.sections
    .map((s) => [`<section id="${escapeHtml(s.id)}" aria-labelledby="h-${escapeHtml(s.id)}">`, `<h2 id="h-${escapeHtml(s.id)}">${escapeHtml(s.title)}</h2>`, ...s.blocks.map((b) => block(b, options)), '</section>'].join('\n'))
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(doc.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header class="report">
<h1>${escapeHtml(doc.title)}</h1>
<p class="subtitle">${inlines(doc.subtitle)}</p>
</header>
<nav class="toc" aria-label="Contents"><ol>
${toc}
</ol></nav>
${sections}
<footer><p>Self-contained report: no scripts, fonts or images are fetched. The data behind every chart and table is in analysis.json and tables/*.csv.</p></footer>
</main>
</body>
</html>
`;
}
