import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, type AnalyzeOptions } from '../../src/analyze.js';
import { CATEGORY_RESPONSE_LEVELS, taxonomyFromObject } from '../../src/classify/index.js';
import { CssError } from '../../src/errors.js';
import type { MappingSpec } from '../../src/ingest/schema/types.js';

/**
 * Random exports (quotes, delimiters, line breaks inside fields, empty fields, NULLs, ragged
 * rows, bad and placeholder timestamps, BOM, CRLF, corrupt endings) and random taxonomies
 * through analyze(), with --skip-bad-rows, read by either CSV reader. Every generated row has a known fate, so the
 * counts are checked exactly, not only for consistency:
 *
 * - rowsRead = rowsAccepted + rowsRejected, and each equals what the generator made;
 * - every reject reason is counted as generated;
 * - every accepted call lands in exactly one category: the calls seen by onClassifiedRow,
 *   per category, equal the analysis's categories; Σ categories = Σ responses = Σ call
 *   types = totals.calls = input.calls; measured + imputed officer-time calls = totals.calls;
 *   Σ response officer hours = totals.officerHours (to rounding);
 * - nothing throws anything but CssError.
 */

const dir = mkdtempSync(join(tmpdir(), 'css-property-'));
let taxonomyFiles = 0;

// ---------- exports ----------

/** A value and what it makes of the row when it is in that column. */
type Fate = 'ok' | 'missing call type' | 'missing received time' | 'unparseable received time' | 'placeholder received time';

const CALL_TYPES: [string, Fate][] = [
  ['WELFARE CHECK', 'ok'],
  ['NOISE COMPLAINT', 'ok'],
  ['TRAFFIC STOP', 'ok'],
  ['DISTURBANCE, VERBAL', 'ok'],
  ['SUSPICIOUS "PERSON"', 'ok'],
  ['MENTAL\nHEALTH', 'ok'],
  ['ALARM\r\nBURGLARY', 'ok'],
  ['CAFÉ 🎉 日本', 'ok'],
  ['  PADDED  ', 'ok'],
  ['A;B|C\tD', 'ok'],
  ['=HYPERLINK("x")', 'ok'],
  ['ONVIEW PATROL', 'ok'],
  ['', 'missing call type'],
  ['   ', 'missing call type'],
  ['NULL', 'missing call type'],
  ['n/a', 'missing call type'],
];

const RECEIVED: [string, Fate][] = [
  ['2024-07-01 08:00:00', 'ok'],
  ['2024-03-10 02:30:00', 'ok'], // in New York's DST gap
  ['2024-11-03 01:30:00', 'ok'], // in New York's repeated hour
  ['2099-12-31 23:59:59', 'ok'],
  ['', 'missing received time'],
  ['NULL', 'missing received time'],
  ['2024-13-45 99:15:00', 'unparseable received time'],
  ['yesterday', 'unparseable received time'],
  ['1900-01-01 00:00:00', 'placeholder received time'],
  ['2100-01-01 00:00:00', 'placeholder received time'],
];

/** Cleared times only change officer time (measured or imputed), never whether a row is accepted. */
const CLEARED = ['2024-07-01 08:40:00', '2024-07-01 07:00:00', '', 'NULL', 'garbage', '1900-01-01 00:00:00', '2024-03-10 03:10:00'];
const PRIORITIES = ['1', '2', '3', ' 4 ', '', 'P1', '-3'];
const NOTES = ['', 'x', 'a,b', 'say "hi"', 'line\nbreak', 'NULL', '@SUM(A1)', ' '];

const HEADER = ['id', 'type', 'priority', 'received', 'cleared', 'notes'];
const MAPPING: MappingSpec = {
  fields: {
    id: 'id',
    callType: 'type',
    priority: 'priority',
    received: { column: 'received', format: 'YYYY-MM-DD HH:mm:ss' },
    cleared: { column: 'cleared', format: 'YYYY-MM-DD HH:mm:ss' },
  },
};

type Shape = 'whole' | 'padded' | 'short' | 'long';

interface Row {
  type: number;
  received: number;
  cleared: number;
  priority: number;
  notes: number;
  /** padded: extra empty fields (harmless); short / long: fewer or an extra non-empty field (ragged). */
  shape: Shape;
  crlf: boolean;
  quoteAll: boolean;
}

const rowArb: fc.Arbitrary<Row> = fc.record({
  type: fc.nat(CALL_TYPES.length - 1),
  received: fc.nat(RECEIVED.length - 1),
  cleared: fc.nat(CLEARED.length - 1),
  priority: fc.nat(PRIORITIES.length - 1),
  notes: fc.nat(NOTES.length - 1),
  shape: fc.constantFrom<Shape>('whole', 'whole', 'whole', 'whole', 'padded', 'short', 'long'),
  crlf: fc.boolean(),
  quoteAll: fc.boolean(),
});

type Corruption = { kind: 'none' } | { kind: 'unclosed-quote' | 'invalid-utf8' | 'nul'; at: number };

interface Export {
  rows: Row[];
  delimiter: ',' | ';' | '|' | '\t';
  bom: boolean;
  finalNewline: boolean;
  corruption: Corruption;
  tz: 'UTC' | 'America/New_York';
  reader: 'fast' | 'csv-parse';
}

const exportArb: fc.Arbitrary<Export> = fc.record({
  rows: fc.array(rowArb, { minLength: 1, maxLength: 40 }),
  delimiter: fc.constantFrom<Export['delimiter']>(',', ';', '|', '\t'),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  corruption: fc.oneof(
    { weight: 6, arbitrary: fc.constant<Corruption>({ kind: 'none' }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('unclosed-quote' as const, 'invalid-utf8' as const, 'nul' as const), at: fc.nat(39) }) },
  ),
  tz: fc.constantFrom<Export['tz']>('UTC', 'America/New_York'),
  reader: fc.constantFrom<Export['reader']>('fast', 'csv-parse'),
});

function cell(value: string, delimiter: string, quote: boolean): string {
  return quote || value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function rowFields(r: Row): string[] {
  const fields = [`E${r.type}-${r.received}`, CALL_TYPES[r.type][0], PRIORITIES[r.priority], RECEIVED[r.received][0], CLEARED[r.cleared], NOTES[r.notes]];
  if (r.shape === 'padded') return [...fields, '', ''];
  if (r.shape === 'short') return fields.slice(0, 3);
  if (r.shape === 'long') return [...fields, 'extra'];
  return fields;
}

interface Expected {
  rowsRead: number;
  rejectReasons: Record<string, number>;
  /** True when the input must stop the run even with --skip-bad-rows. */
  fatal: boolean;
}

/** The CSV bytes and what loading them must report. */
function render(e: Export): { bytes: Buffer; expected: Expected } {
  const lines: Buffer[] = [Buffer.from((e.bom ? '\uFEFF' : '') + HEADER.join(e.delimiter) + '\r\n')];
  const reasons: Record<string, number> = {};
  const count = (reason: string) => (reasons[reason] = (reasons[reason] ?? 0) + 1);
  let rowsRead = 0;
  let fatal = false;
  for (let i = 0; i < e.rows.length; i++) {
    const r = e.rows[i];
    const last = i === e.rows.length - 1;
    const newline = last && !e.finalNewline ? '' : r.crlf ? '\r\n' : '\n';
    const text = rowFields(r).map((f) => cell(f, e.delimiter, r.quoteAll)).join(e.delimiter);
    const c = e.corruption;
    if (c.kind !== 'none' && c.at % e.rows.length === i) {
      if (c.kind === 'unclosed-quote') {
        // Everything from here on is one unterminated record: one rejected row.
        lines.push(Buffer.from(`${text}${e.delimiter}"never closed${newline}`));
        // (without quotes, which would close it)
        for (const rest of e.rows.slice(i + 1)) lines.push(Buffer.from(rowFields(rest).join(e.delimiter).replace(/"/g, '') + '\n'));
        rowsRead++;
        count('unclosed quote');
        break;
      }
      lines.push(Buffer.concat([Buffer.from(text), Buffer.from(c.kind === 'nul' ? [0] : [0xc9, 0x41]), Buffer.from(newline)]));
      fatal = true;
      break;
    }
    lines.push(Buffer.from(text + newline));
    rowsRead++;
    if (r.shape === 'short' || r.shape === 'long') count('ragged row');
    else {
      const typeFate = CALL_TYPES[r.type][1];
      const receivedFate = RECEIVED[r.received][1];
      if (typeFate !== 'ok') count(typeFate);
      else if (receivedFate !== 'ok') count(receivedFate);
    }
  }
  return { bytes: Buffer.concat(lines), expected: { rowsRead, rejectReasons: reasons, fatal } };
}

// ---------- taxonomies ----------

const TEXTS = ['WELFARE CHECK', 'NOISE COMPLAINT', 'TRAFFIC STOP', 'DISTURBANCE VERBAL', 'SUSPICIOUS PERSON', 'MENTAL HEALTH', 'NOT IN ANY EXPORT'];
const PATTERNS = ['\\bCHECK', '^A', 'ALARM|BURGLARY', 'CAF', '\\d', 'PADDED$', 'PERSON\\b', 'H\\w*H'];

const taxonomyArb = fc
  .record({
    levels: fc.array(fc.constantFrom(...CATEGORY_RESPONSE_LEVELS), { minLength: 1, maxLength: 5 }),
    rules: fc.array(
      fc.record({
        category: fc.nat(4),
        otherwise: fc.nat(4),
        text: fc.subarray(TEXTS),
        pattern: fc.subarray(PATTERNS, { maxLength: 2 }),
        priority: fc.option(fc.subarray(['1', '2', '3', '4'], { minLength: 1 }), { nil: undefined }),
        share: fc.option(fc.constantFrom(0.25, 0.5, 0.9), { nil: undefined }),
      }),
      { maxLength: 8 },
    ),
  })
  .map(({ levels, rules }) => {
    const categories = levels.map((response, i) => ({ id: `cat-${i}`, label: `Category ${i}`, response, rationale: 'generated' }));
    const n = categories.length;
    return {
      name: 'generated',
      version: '1',
      categories,
      rules: rules
        .filter((r) => r.text.length || r.pattern.length)
        .map((r) => {
          const category = `cat-${r.category % n}`;
          const otherwise = `cat-${r.otherwise % n}`;
          return {
            category,
            match: { ...(r.text.length ? { text: r.text } : {}), ...(r.pattern.length ? { pattern: r.pattern } : {}) },
            ...(r.priority ? { when: { priority: r.priority } } : {}),
            ...(r.share !== undefined && otherwise !== category ? { share: r.share, otherwise } : {}),
          };
        }),
    };
  });

function writeTaxonomy(value: unknown): string {
  taxonomyFromObject(value); // valid by construction: this must not throw
  const path = join(dir, `taxonomy-${taxonomyFiles++}.json`);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

// ---------- the properties ----------

async function run(bytes: Buffer, options: AnalyzeOptions) {
  const perCategory = new Map<string, number>();
  let classified = 0;
  const result = await analyze(['-'], {
    ...options,
    stdin: Readable.from([bytes]),
    skipBadRows: true,
    onClassifiedRow: (_fields, c) => {
      classified++;
      perCategory.set(c.categoryId, (perCategory.get(c.categoryId) ?? 0) + 1);
    },
  });
  return { ...result, perCategory, classified };
}

function checkAccounting(a: Awaited<ReturnType<typeof run>>): void {
  const { analysis } = a;
  const { input, totals } = analysis;
  expect(input.rowsRead).toBe(input.rowsAccepted + input.rowsRejected);
  expect(input.calls).toBe(input.rowsAccepted); // one row per call in these exports
  expect(totals.calls).toBe(input.calls);
  expect(a.classified).toBe(input.rowsAccepted);
  const sum = (xs: { calls: number }[]) => xs.reduce((s, x) => s + x.calls, 0);
  expect(sum(analysis.categories)).toBe(totals.calls);
  expect(sum(analysis.responses)).toBe(totals.calls);
  expect(sum(analysis.callTypes)).toBe(totals.calls);
  // Each accepted call in exactly one category, the same one the analysis counts.
  const ids = analysis.categories.map((c) => c.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const c of analysis.categories) expect(c.calls).toBe(a.perCategory.get(c.id) ?? 0);
  for (const id of a.perCategory.keys()) expect(ids).toContain(id);
  expect(totals.citizenCalls + totals.officerInitiatedCalls + totals.unknownSourceCalls).toBe(totals.calls);
  expect(analysis.officerTime.measuredCalls + analysis.officerTime.imputedCalls).toBe(totals.calls);
  const hours = analysis.responses.reduce((s, r) => s + r.officerHours, 0);
  expect(Math.abs(hours - totals.officerHours)).toBeLessThan(0.01 * analysis.responses.length + 1e-9);
}

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 60);

describe('analyze() on random exports and taxonomies (--skip-bad-rows)', () => {
  it('counts every row exactly once and puts every accepted call in exactly one category', async () => {
    const seen = { accepted: 0, rejected: 0, fatal: 0 };
    await fc.assert(
      fc.asyncProperty(exportArb, taxonomyArb, async (e, taxonomy) => {
        const { bytes, expected } = render(e);
        const options: AnalyzeOptions = { mapping: MAPPING, delimiter: e.delimiter, tz: e.tz, reader: e.reader, taxonomy: writeTaxonomy(taxonomy) };
        let result: Awaited<ReturnType<typeof run>>;
        try {
          result = await run(bytes, options);
        } catch (err) {
          if (!(err instanceof CssError)) throw err;
          // Only corrupt bytes stop a run with --skip-bad-rows.
          expect({ fatal: expected.fatal, error: err.message }).toMatchObject({ fatal: true });
          seen.fatal++;
          return;
        }
        expect(expected.fatal).toBe(false);
        const { input } = result.analysis;
        if (input.rowsAccepted) seen.accepted++;
        if (input.rowsRejected) seen.rejected++;
        expect({ rowsRead: input.rowsRead, rejectReasons: input.rejectReasons }).toEqual({ rowsRead: expected.rowsRead, rejectReasons: expected.rejectReasons });
        checkAccounting(result);
      }),
      { numRuns: NUM_RUNS },
    );
    // The generator reaches every outcome (so the property is not vacuous).
    expect(Math.min(seen.accepted, seen.rejected, seen.fatal)).toBeGreaterThan(0);
  });

  it('without a mapping or delimiter (detection and sniffing), throws nothing but CssError and still accounts for every row', async () => {
    let analysed = 0;
    const COLUMNS: Record<string, string[]> = {
      incident_number: ['24-0001', '24-0002', '', 'NULL'],
      call_type: CALL_TYPES.map(([t]) => t),
      priority: PRIORITIES,
      received_time: RECEIVED.map(([t]) => t),
      cleared_time: CLEARED,
      beat: ['1A', '2B', '', '=cmd|A1'],
      notes: NOTES,
    };
    const noise = fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'Z', '1', ' ', ',', ';', '"', '\n', '\r', '\t', '|', 'é', '-', ':') });
    const exportArb2 = fc.shuffledSubarray(Object.keys(COLUMNS), { minLength: 1 }).chain((header) =>
      fc.record({
        header: fc.constant(header),
        rows: fc.array(
          fc.record({
            cells: fc.tuple(...header.map((h) => fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...COLUMNS[h]) }, { weight: 1, arbitrary: noise }))),
            shape: fc.constantFrom<Shape>('whole', 'whole', 'whole', 'padded', 'short', 'long'),
          }),
          { maxLength: 25 },
        ),
        delimiter: fc.constantFrom(',', ';', '\t', '|'),
        taxonomy: taxonomyArb,
      }),
    );
    await fc.assert(
      fc.asyncProperty(exportArb2, async ({ header, rows, delimiter, taxonomy }) => {
        const shaped = rows.map(({ cells, shape }) => (shape === 'padded' ? [...cells, ''] : shape === 'short' ? cells.slice(0, -1) : shape === 'long' ? [...cells, 'x'] : cells));
        const text = [header, ...shaped].map((r) => r.map((v) => cell(v, delimiter, false)).join(delimiter)).join('\n');
        try {
          const result = await run(Buffer.from(text), { tz: 'UTC', taxonomy: writeTaxonomy(taxonomy) });
          checkAccounting(result);
          if (result.analysis.input.rowsAccepted) analysed++;
        } catch (err) {
          if (!(err instanceof CssError)) throw err;
        }
      }),
      { numRuns: NUM_RUNS },
    );
    expect(analysed).toBeGreaterThan(0);
  });
});
