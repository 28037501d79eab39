/**
 * Escaping for every value that reaches a report. Call types, beats, file names and even
 * taxonomy text come from files a user was handed, so each renderer treats them as
 * untrusted text: nothing from the input can open a tag, a link or a table cell.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * Text for Markdown (GitHub-flavoured), inside a paragraph, list item or table cell.
 * Backslash-escapes the characters that start emphasis, code, links, images, math and
 * table cells (`_` only where it could, not inside a word like NEW_YORK); writes `<`, `>`
 * and an `&` that would start an entity as entities, so no HTML or entity can be injected.
 * Line breaks become spaces so a value cannot end a paragraph or a table row. With `[`
 * and `]` escaped no link can form, so parentheses stay as they are.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*[\]|~$]/g, (c) => `\\${c}`)
    .replace(/_/g, (c, at: number, s: string) => (/[\p{L}\p{N}]/u.test(s[at - 1] ?? '') && /[\p{L}\p{N}]/u.test(s[at + 1] ?? '') ? c : '\\_'));
}

/**
 * Escapes a character at the start of a rendered paragraph or list item that would make
 * it a heading, list, rule or numbered list instead (`# x`, `- x`, `+ x`, `= x`, `1. x`).
 */
export function escapeBlockStart(line: string): string {
  return line.replace(/^(\s*)([#+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/**
 * Text for inline code in Markdown: a code span wide enough for any backticks inside.
 * Inside a GitHub table a `|` must be written `\|` even in code (the row is split first).
 */
export function markdownCode(text: string, inTable = false): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  const runs = clean.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean === '' ? ' ' : '';
  return `${fence}${pad}${inTable ? clean.replace(/\|/g, '\\|') : clean}${pad}${fence}`;
}

/**
 * A link target that is safe to emit: only absolute http(s) URLs pass, anything else
 * (javascript:, data:, relative paths from a taxonomy file) returns null and the renderer
 * prints the text without a link.
 */
export function safeUrl(url: string | undefined | null): string | null {
  if (!url) return null;
  const trimmed = url.trim();
  if (!/^https?:\/\/[^\s<>"'`]+$/i.test(trimmed)) return null;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A URL inside a Markdown link destination: parentheses and spaces percent-encoded. */
export function markdownUrl(url: string): string {
  return url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
