import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, report } from './helpers.js';

/**
 * Hostile inputs (fixtures/hostile/, see fixtures/README.md): call types and beats that
 * are HTML, script, Markdown links and table pipes must come out as text; cells that a
 * spreadsheet would run as formulas must be neutralised in every CSV.
 */
const XSS = ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', '[link](javascript:alert(1))', '| pipe | injected |', '"><svg onload=alert(1)>'];

/** Tags in an HTML or SVG document, without the text between them. */
const tags = (doc: string) => doc.match(/<[^>]*>/g) ?? [];

/** Pipes that split a Markdown table row (not escaped as \|). */
const cellSeparators = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1;

describe('XSS fixture', () => {
  it('report.html shows every hostile value as text: no injected tag, handler, script or link', async () => {
    const { dir } = await report('fixtures/hostile/calls-xss.csv', 'xss');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const all = tags(html);
    expect(all.filter((t) => /^<\/?(script|img|iframe|object|embed|link|base|form|input)\b/i.test(t))).toEqual([]);
    expect(all.filter((t) => /^<svg\b/i.test(t) && /onload/i.test(t))).toEqual([]);
    expect(all.filter((t) => /\son[a-z]+\s*=/i.test(t))).toEqual([]);
    // Links: the table of contents, and the taxonomy's cited sources (http/https only).
    const analysis = JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8'));
    const cited = new Set(Object.values(analysis.taxonomy.sources as Record<string, { url?: string }>).map((x) => x.url && new URL(x.url).href));
    const hrefs = all.flatMap((t) => [...t.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&')));
    expect(hrefs.filter((h) => !/^#[a-z-]+$/.test(h) && !cited.has(h))).toEqual([]);
    // The values are there, as text.
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('[link](javascript:alert(1))');
    expect(html).toContain('| pipe | injected |');
  });

  it('report.md: tables stay intact and no HTML, link or image can be injected', async () => {
    const { dir } = await report('fixtures/hostile/calls-xss.csv', 'xss-md');
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    const lines = md.split('\n');
    // Every table row has as many cell separators as its header.
    let header = -1;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        header = -1;
        continue;
      }
      if (header < 0) header = cellSeparators(line);
      else expect(cellSeparators(line), line).toBe(header);
    }
    expect(md).not.toMatch(/<(img|script|svg|b)\b/i);
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/i);
    expect(md).not.toMatch(/(?<!\\)\[img(?<!\\)\]\(/);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('\\| pipe \\| injected \\|');
    expect(md).toContain('\\[link\\](javascript:alert(1))');
    expect(md).toContain('# heading \\*\\*bold\\*\\*');
  });

  it('chart SVGs escape the values vega draws (labels, aria text)', async () => {
    const { dir } = await report('fixtures/hostile/calls-xss.csv', 'xss-svg');
    for (const f of listFiles(dir).filter((p) => p.endsWith('.svg'))) {
      const svg = readFileSync(join(dir, f), 'utf8');
      expect(tags(svg).filter((t) => /^<\/?(script|img|foreignObject)\b/i.test(t) || /\son[a-z]+\s*=/i.test(t)), f).toEqual([]);
    }
    const beats = readFileSync(join(dir, 'charts/beats.svg'), 'utf8');
    expect(beats).toContain('&lt;b&gt;B1&lt;/b&gt;');
  });

  it('the hostile values survive into the CSV tables as data', async () => {
    const { dir } = await report('fixtures/hostile/calls-xss.csv', 'xss-csv', ['--format', 'csv']);
    const csv = readFileSync(join(dir, 'tables/unmatched.csv'), 'utf8');
    for (const v of XSS) expect(csv).toContain(v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v);
  });
});

describe('CSV-injection fixture', () => {
  it('every CSV cell starting with = + - @ or a tab is neutralised with a leading apostrophe', async () => {
    const { dir } = await report('fixtures/hostile/calls-csv-injection.csv', 'csv-injection', ['--format', 'csv,json']);
    const types = readFileSync(join(dir, 'tables/call-types.csv'), 'utf8');
    expect(types).toContain(`"'=HYPERLINK(""http://example.com"",""click"")"`);
    expect(types).toContain(`"'+SUM(1,2)"`);
    expect(types).toContain(`'-2+3+cmd|' /C calc'!A0`);
    expect(types).toContain(`'@SUM(A1:A2)`);
    expect(types).toContain(`'=1+1`);
    const beats = readFileSync(join(dir, 'tables/beats.csv'), 'utf8');
    expect(beats).toContain(`'=cmd|A1`);
    expect(beats).toContain(`'+B2`);
    expect(beats).toContain(`'@B4`);
    // No cell of any table starts a formula.
    for (const f of listFiles(dir).filter((p) => p.endsWith('.csv'))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        for (const cell of line.match(/("([^"]|"")*"|[^,]*)/g) ?? []) {
          const text = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
          if (/^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(text)) continue;
          expect(text, `${f}: ${line}`).not.toMatch(/^[=+\-@\t\r]/);
        }
      }
    }
  });
});
