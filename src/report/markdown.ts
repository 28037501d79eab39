import type { Block, Cell, Inline, ReportDocument, TableBlock } from './document.js';
import { escapeBlockStart, escapeMarkdown, markdownCode, markdownUrl, safeUrl } from './escape.js';

/**
 * report.md: GitHub-flavoured Markdown. Every string from the document is escaped
 * (escape.ts), so a call type cannot open a link, an HTML tag or a new table cell.
 */
export interface MarkdownOptions {
  /** Link charts as images (`charts/<name>.svg`); false when charts are not written. */
  chartImages: boolean;
}

function inline(x: Inline, inTable: boolean): string {
  if (typeof x === 'string') return escapeMarkdown(x);
  if ('strong' in x) return x.strong ? `**${escapeMarkdown(x.strong)}**` : '';
  if ('em' in x) return x.em ? `*${escapeMarkdown(x.em)}*` : '';
  if ('code' in x) return markdownCode(x.code, inTable);
  const url = safeUrl(x.href);
  return url ? `[${escapeMarkdown(x.text)}](${markdownUrl(url)})` : escapeMarkdown(x.text);
}

function inlines(content: Cell, inTable = false): string {
  return (Array.isArray(content) ? content : [content]).map((x) => inline(x, inTable)).join('');
}

/** GitHub's heading anchor: lower case, spaces to hyphens, punctuation dropped. */
export function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

function tableMd(t: TableBlock): string {
  const out: string[] = [];
  if (t.caption) out.push(`**${escapeMarkdown(t.caption)}**`, '');
  if (!t.rows.length) {
    out.push('*(none)*');
    return out.join('\n');
  }
  const cell = (c: Cell) => inlines(c, true).trim() || ' ';
  out.push(`| ${t.columns.map((c) => escapeMarkdown(c.label) || ' ').join(' | ')} |`);
  out.push(`| ${t.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`);
  for (const row of t.rows) out.push(`| ${t.columns.map((_, i) => cell(row[i] ?? '')).join(' | ')} |`);
  if (t.note) out.push('', `*${inlines(t.note)}*`);
  return out.join('\n');
}

function block(b: Block, o: MarkdownOptions): string {
  switch (b.kind) {
    case 'p':
      return escapeBlockStart(inlines(b.content));
    case 'note':
      return `> ${inlines(b.content)}`;
    case 'heading':
      return `### ${escapeMarkdown(b.text)}`;
    case 'list':
      return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${escapeBlockStart(inlines(item))}`).join('\n');
    case 'code': {
      const fence = '`'.repeat(Math.max(3, ...(b.text.match(/`+/g) ?? []).map((r) => r.length + 1)));
      return `${fence}\n${b.text}\n${fence}`;
    }
    case 'table':
      return tableMd(b);
    case 'chart':
      return o.chartImages
        ? `![${escapeMarkdown(b.alt)}](charts/${b.name}.svg)\n\n*Figure: ${escapeMarkdown(b.title)}. Data: charts/${escapeMarkdown(b.name)}.vl.json.*`
        : `*Figure omitted (charts not written): ${escapeMarkdown(b.title)}.*`;
  }
}

export function renderMarkdown(doc: ReportDocument, options: MarkdownOptions): string {
  const parts: string[] = [`# ${escapeMarkdown(doc.title)}`, escapeBlockStart(inlines(doc.subtitle))];
  parts.push(doc.sections.map((s) => `- [${escapeMarkdown(s.title)}](#${anchor(s.title)})`).join('\n'));
  for (const s of doc.sections) {
    parts.push(`## ${escapeMarkdown(s.title)}`);
    for (const b of s.blocks) parts.push(block(b, options));
  }
  return parts.join('\n\n') + '\n';
}
