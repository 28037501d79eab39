import { describe, expect, it } from 'vitest';
import { escapeBlockStart, escapeHtml, escapeMarkdown, markdownCode, safeUrl } from '../../src/report/escape.js';
import { prefixIds, labelSvg } from '../../src/report/charts/render.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { table, p, list, link } from '../../src/report/document.js';
import { int, num, pct, usd } from '../../src/report/format.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')"> & more`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; more');
  });
});

describe('escapeMarkdown', () => {
  it('neutralises HTML, links, images, code, emphasis, math and table pipes', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeMarkdown('[link](javascript:alert(1))')).toBe('\\[link\\](javascript:alert(1))');
    expect(escapeMarkdown('![img](http://x/y.png)')).toBe('!\\[img\\](http://x/y.png)');
    expect(escapeMarkdown('| a | b |')).toBe('\\| a \\| b \\|');
    expect(escapeMarkdown('`x` *y* ~z~ $1 and $2')).toBe('\\`x\\` \\*y\\* \\~z\\~ \\$1 and \\$2');
    expect(escapeMarkdown('back\\slash')).toBe('back\\\\slash');
  });
  it('keeps readable text readable: intraword underscores, plain ampersands, parentheses', () => {
    expect(escapeMarkdown('America/New_York HIT & RUN (report)')).toBe('America/New_York HIT & RUN (report)');
    expect(escapeMarkdown('_lead and trail_')).toBe('\\_lead and trail\\_');
    expect(escapeMarkdown('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });
  it('turns line breaks into spaces so a value cannot end a row', () => {
    expect(escapeMarkdown('one\r\ntwo\nthree')).toBe('one two three');
  });
  it('escapes block markers only at the start of a line', () => {
    expect(escapeBlockStart('# heading')).toBe('\\# heading');
    expect(escapeBlockStart('- item')).toBe('\\- item');
    expect(escapeBlockStart('1. first')).toBe('1\\. first');
    expect(escapeBlockStart('co-response 1. x')).toBe('co-response 1. x');
  });
  it('code spans are wide enough for the backticks inside', () => {
    expect(markdownCode('a `b` c')).toBe('``a `b` c``');
    expect(markdownCode('a|b', true)).toBe('`a\\|b`');
  });
});

describe('safeUrl', () => {
  it('lets only absolute http(s) URLs through', () => {
    expect(safeUrl('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,<script>')).toBeNull();
    expect(safeUrl('//evil.example')).toBeNull();
    expect(safeUrl('https://x" onclick="y')).toBeNull();
  });
});

describe('renderers', () => {
  const doc = {
    title: 'T',
    subtitle: ['# not a heading'],
    sections: [
      {
        id: 's',
        title: 'Section',
        blocks: [
          p('- not a list'),
          list([[link('bad', 'javascript:alert(1)')], [link('good', 'https://example.org/(x)')]]),
          table(['a', 'b'], [['<b>|</b>', 'x\ny']]),
        ],
      },
    ],
  };
  it('Markdown: unsafe links become text, tables keep two cells per row', () => {
    const md = renderMarkdown(doc, { chartImages: true });
    expect(md).toContain('\\# not a heading');
    expect(md).toContain('\\- not a list');
    expect(md).toContain('- bad\n');
    expect(md).toContain('[good](https://example.org/%28x%29)');
    expect(md).toContain('| &lt;b&gt;\\|&lt;/b&gt; | x y |');
  });
  it('HTML: unsafe links become text, values are escaped', () => {
    const html = renderHtml(doc, { svgs: new Map() });
    expect(html).toContain('<li>bad</li>');
    expect(html).toContain('<a href="https://example.org/(x)" rel="noopener noreferrer">good</a>');
    expect(html).toContain('<td>&lt;b&gt;|&lt;/b&gt;</td>');
    expect(html).not.toMatch(/<script/i);
  });
});

describe('SVG post-processing', () => {
  it('renames ids by chart and order of appearance, with their references', () => {
    const svg = '<svg><clipPath id="clip7"><rect/></clipPath><g clip-path="url(#clip7)"/><linearGradient id="gradient_3"/><rect fill="url(#gradient_3)"/><use href="#clip7"/></svg>';
    expect(prefixIds(svg, 'heatmap')).toBe(
      '<svg><clipPath id="heatmap-1"><rect/></clipPath><g clip-path="url(#heatmap-1)"/><linearGradient id="heatmap-2"/><rect fill="url(#heatmap-2)"/><use href="#heatmap-1"/></svg>',
    );
  });
  it('labels the root with role, aria-label, title and desc, escaped', () => {
    const out = labelSvg('<svg width="1" role="graphics-document"><g/></svg>', 'A <b>', 'alt & "text"');
    expect(out).toBe('<svg width="1" role="img" aria-label="A &lt;b&gt;. alt &amp; &quot;text&quot;"><title>A &lt;b&gt;</title><desc>alt &amp; &quot;text&quot;</desc><g/></svg>');
  });
});

describe('number formatting (independent of the machine locale)', () => {
  it('groups thousands, fixes decimals, signs with a minus', () => {
    expect(int(1234567)).toBe('1,234,567');
    expect(num(-1234.567, 2)).toBe('−1,234.57');
    expect(num(-0.001, 1)).toBe('0.0');
    expect(pct(0.1825)).toBe('18.3%');
    expect(usd(87.5)).toBe('$87.50');
    expect(usd(800)).toBe('$800');
    expect(usd(2_482_186)).toBe('$2.48M');
    expect(usd(-330_239)).toBe('−$330K');
  });
});
