/**
 * The report's only stylesheet, inlined: system fonts (no web fonts), readable on a
 * phone (wide tables scroll inside their own box), and clean on paper (@media print).
 */
export const REPORT_CSS = `
:root { --ink: #1b1b1b; --muted: #555; --rule: #d9d9d9; --band: #f5f7f8; --accent: #0072B2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1rem 4rem; }
header.report { border-bottom: 3px solid var(--accent); margin-bottom: 1.5rem; padding-bottom: .75rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: .5rem 0; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .75rem; padding-top: .5rem; border-top: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
p, li { max-width: 48rem; }
.subtitle { color: var(--muted); margin: 0; }
nav.toc ol { columns: 2 16rem; margin: .5rem 0; padding-left: 1.25rem; }
a { color: var(--accent); }
code { font: .9em/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; background: var(--band); padding: 0 .2em; border-radius: 3px; overflow-wrap: anywhere; }
.note { border-left: 4px solid var(--accent); background: var(--band); padding: .5rem .9rem; margin: 1rem 0; max-width: 48rem; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 1rem 0; max-width: 100%; }
table { border-collapse: collapse; font-size: .9rem; min-width: 16rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; caption-side: top; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .6rem; vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid #999; background: var(--band); position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfb; }
.table-note { color: var(--muted); font-size: .85rem; margin: .25rem 0 0; }
figure.chart { margin: 1.5rem 0; max-width: 100%; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .25rem; }
details { margin: .5rem 0 0; }
summary { cursor: pointer; color: var(--accent); font-size: .9rem; }
footer { color: var(--muted); font-size: .85rem; margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: .75rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: .75rem .75rem 3rem; }
  h1 { font-size: 1.4rem; }
  h2 { font-size: 1.2rem; }
  table { font-size: .8rem; }
  th, td { padding: .25rem .4rem; }
  nav.toc ol { columns: 1; }
}
@media print {
  @page { margin: 15mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav.toc, summary { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-before: auto; break-after: avoid; }
  h3, caption { break-after: avoid; }
  figure.chart, .note, tr { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  thead th { position: static; }
  tbody tr:nth-child(even) { background: none; }
}
`;
