/**
 * The report as a small document tree, built once from an Analysis and serialised by
 * markdown.ts and html.ts. Both formats therefore say the same things, and escaping
 * lives in exactly two places: every string in the tree is plain text, never markup.
 */

/** A run of inline text: plain, bold, code, or a link (whose URL is checked at render time). */
export type Inline = string | { strong: string } | { code: string } | { text: string; href: string } | { em: string };

export type Align = 'left' | 'right';

export interface Column {
  label: string;
  align?: Align;
}

export type Cell = Inline | Inline[];

export interface TableBlock {
  kind: 'table';
  columns: Column[];
  rows: Cell[][];
  /** Shown above the table (HTML caption, Markdown bold line). */
  caption?: string;
  /** e.g. "showing 25 of 141; all in tables/call-types.csv". */
  note?: Inline[];
}

export interface ChartBlock {
  kind: 'chart';
  /** File stem under charts/ and key of the rendered SVG. */
  name: string;
  title: string;
  /** One or two sentences describing what the chart shows, with its main figures. */
  alt: string;
  /** The chart's data as a table: the HTML text alternative. */
  table: TableBlock;
}

export type Block =
  | { kind: 'p'; content: Inline[] }
  | { kind: 'list'; items: Inline[][]; ordered?: boolean }
  | { kind: 'note'; content: Inline[] }
  | { kind: 'heading'; text: string }
  | { kind: 'code'; text: string }
  | TableBlock
  | ChartBlock;

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  subtitle: Inline[];
  sections: Section[];
}

export const p = (...content: Inline[]): Block => ({ kind: 'p', content });
export const note = (...content: Inline[]): Block => ({ kind: 'note', content });
export const list = (items: Inline[][], ordered = false): Block => ({ kind: 'list', items, ordered });
export const heading = (text: string): Block => ({ kind: 'heading', text });
export const strong = (text: string): Inline => ({ strong: text });
export const code = (text: string): Inline => ({ code: text });
export const em = (text: string): Inline => ({ em: text });
export const link = (text: string, href: string): Inline => ({ text, href });

export function table(columns: (string | Column)[], rows: Cell[][], extra: Partial<Pick<TableBlock, 'caption' | 'note'>> = {}): TableBlock {
  return { kind: 'table', columns: columns.map((c) => (typeof c === 'string' ? { label: c } : c)), rows, ...extra };
}

/** Right-aligned column (numbers). */
export const right = (label: string): Column => ({ label, align: 'right' });

/** The plain text of inline content (for alt text and tests). */
export function plainText(content: Cell): string {
  const parts = Array.isArray(content) ? content : [content];
  return parts
    .map((x) => (typeof x === 'string' ? x : 'strong' in x ? x.strong : 'code' in x ? x.code : 'em' in x ? x.em : x.text))
    .join('');
}
