import {
  FIELD_SYNONYMS, DATE_PART_SYNONYMS, TIME_PART_SYNONYMS, WEAK_SYNONYMS, FINAL_MARKERS, INITIAL_MARKERS, MARKER_FILLERS,
  normalizeHeader,
} from './synonyms.js';
import { PRESETS } from './presets.js';
import type { MappingSpec, Preset } from './types.js';
import { compileFormat, detectFormat, type TimeParser } from '../time/index.js';
import { CALL_TIME_FIELDS } from '../call.js';

export interface FieldGuess {
  column: string | string[];
  /** 0–1: 1 for an exact synonym, lower for generic or partial names. */
  confidence: number;
}

export interface DetectedMapping {
  spec: MappingSpec;
  guesses: Record<string, FieldGuess>;
  /**
   * Columns named like the received time whose sampled values did not read as one
   * timestamp format, best-named first: named in the error when no received time is found.
   */
  unreadReceived: { column: string; matched: number; total: number; examples: string[] }[];
}

/** Finds the most specific preset whose required headers are all present. */
export function findPreset(headers: string[]): Preset | undefined {
  const present = new Set(headers.map((h) => h.trim()));
  let best: Preset | undefined;
  for (const preset of PRESETS) {
    if (!preset.requiredHeaders.every((h) => present.has(h))) continue;
    if (!best || preset.requiredHeaders.length > best.requiredHeaders.length) best = preset;
  }
  return best;
}

export function presetByName(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}

function scoreHeader(norm: string, synonyms: string[]): number {
  let best = 0;
  for (const syn of synonyms) {
    if (norm === syn) {
      // Longer exact synonyms are more specific: "finalcalltype" beats "calltype".
      const score = WEAK_SYNONYMS.has(syn) ? 0.5 : 0.9 + Math.min(syn.length, 20) / 200;
      best = Math.max(best, score);
    } else if (syn.length >= 6 && norm.includes(syn)) {
      best = Math.max(best, 0.6);
    }
  }
  return best;
}

/** How many values a given format reads, and those it does not. */
function readWith(parser: TimeParser, values: string[]): { matched: number; unmatched: string[] } {
  const unmatched = values.filter((v) => Number.isNaN(parser.parseString(v)));
  return { matched: values.length - unmatched.length, unmatched };
}

function nonEmpty(values: string[]): string[] {
  return values.map((v) => v.trim()).filter((v) => v !== '' && !/^(null|n\/a|#n\/a|\(null\))$/i.test(v));
}

interface Candidate {
  field: string;
  index: number;
  score: number;
  /** For the initial side of a pair: kept only when the final side got its field. */
  partner?: { field: string; index: number };
}

/**
 * Guesses a mapping from header names (synonyms) checked against sample values:
 * a time field is only accepted when most of its values parse as timestamps.
 */
export function detectMapping(headers: string[], sample: string[][], datetimeFormat?: string): DetectedMapping {
  // With --datetime-format the user has said how times are written: a column named like a
  // time is kept when any of its values reads that way (the rest are rejected row by row).
  const given = datetimeFormat ? compileFormat(datetimeFormat) : null;
  const column = (i: number) => sample.map((row) => row[i] ?? '');
  let candidates: Candidate[] = [];
  const unread: (DetectedMapping['unreadReceived'][number] & { score: number })[] = [];
  headers.forEach((header, index) => {
    const norm = normalizeHeader(header);
    for (const [field, synonyms] of Object.entries(FIELD_SYNONYMS)) {
      let score = scoreHeader(norm, synonyms);
      if (score === 0) continue;
      // A generic or partial name must be backed by values that parse as timestamps; a
      // specific name is kept even when they do not, so the user hears about the format
      // ("cannot recognise the timestamps in received_time") instead of a missing column.
      if ((CALL_TIME_FIELDS as readonly string[]).includes(field) && score < 0.9) {
        const values = nonEmpty(column(index));
        const found = !values.length ? null : given ? readWith(given, values) : detectFormat(values, 'datetime');
        if (values.length && (!found || found.matched < (given ? 1 : values.length * 0.8))) {
          if (field === 'received') unread.push({ column: header, matched: found?.matched ?? 0, total: values.length, examples: found?.unmatched.slice(0, 2) ?? values.slice(0, 2), score });
          score = 0;
        }
      }
      if (score > 0) candidates.push({ field, index, score });
    }
  });
  candidates = withCallTypePairs(headers, candidates);
  let fields: Record<string, string> = {};
  let guesses: Record<string, FieldGuess> = {};
  let usedColumns = new Set<number>();
  // An initial side whose final side lost its field (to a better-named column) is dropped
  // and the rest assigned again, so callType and initialCallType never come from two pairs.
  for (;;) {
    ({ fields, guesses, usedColumns } = assign(headers, candidates));
    const orphans = candidates.filter((c) => c.partner && fields[c.field] === headers[c.index] && fields[c.partner.field] !== headers[c.partner.index]);
    if (!orphans.length) break;
    candidates = candidates.filter((c) => !orphans.includes(c));
  }
  // The only call type an export has is its call type, even when named as the initial one
  // (`Call Type Orig` alone); less sure, as the final type may sit under another name.
  if (!fields.callType && !fields.callTypeCode && (fields.initialCallType || fields.initialCallTypeCode)) {
    for (const [from, to] of [['initialCallType', 'callType'], ['initialCallTypeCode', 'callTypeCode']]) {
      if (!fields[from]) continue;
      fields[to] = fields[from];
      guesses[to] = { column: fields[from], confidence: Math.min(0.6, guesses[from].confidence) };
      delete fields[from];
      delete guesses[from];
    }
  }
  const spec: MappingSpec = { fields: { ...fields } };
  if (!fields.received) {
    const split = findSplitDateTime(headers, column, usedColumns);
    if (split) {
      spec.fields.received = { date: split.date, time: split.time };
      guesses.received = { column: [split.date, split.time], confidence: 0.7 };
    }
  }
  const typeColumn = fields.callType ?? fields.callTypeCode;
  if (typeColumn && !fields.callTypeCode) {
    const values = nonEmpty(column(headers.indexOf(typeColumn)));
    const codeText = values.filter((v) => CODE_TEXT.test(v)).length;
    if (values.length && codeText >= values.length * 0.7) spec.callTypeFormat = 'code-text';
  }
  const unreadReceived = unread.sort((a, b) => b.score - a.score).map(({ score: _score, ...rest }) => rest);
  return { spec, guesses, unreadReceived };
}

/** Best candidates first; each field and each column used once. */
function assign(headers: string[], candidates: Candidate[]) {
  const sorted = [...candidates].sort((a, b) => b.score - a.score || a.index - b.index);
  const fields: Record<string, string> = {};
  const guesses: Record<string, FieldGuess> = {};
  const usedColumns = new Set<number>();
  for (const c of sorted) {
    if (fields[c.field] !== undefined || usedColumns.has(c.index)) continue;
    fields[c.field] = headers[c.index];
    guesses[c.field] = { column: headers[c.index], confidence: Math.min(1, c.score) };
    usedColumns.add(c.index);
  }
  return { fields, guesses, usedColumns };
}

type Side = 'final' | 'initial';

/** A header read as a call-type stem and the marker around it: `FINAL_CALL_TYPE` → calltype, final. */
interface Marked {
  index: number;
  stem: string;
  side: Side | null;
  strongMarker: boolean;
}

const TYPE_FIELDS = ['callType', 'callTypeCode', 'initialCallType', 'initialCallTypeCode'];
const MARKERS: [string, Side, boolean][] = [
  ...FINAL_MARKERS.strong.map((m): [string, Side, boolean] => [m, 'final', true]),
  ...FINAL_MARKERS.soft.map((m): [string, Side, boolean] => [m, 'final', false]),
  ...INITIAL_MARKERS.strong.map((m): [string, Side, boolean] => [m, 'initial', true]),
  ...INITIAL_MARKERS.soft.map((m): [string, Side, boolean] => [m, 'initial', false]),
].sort((a, b) => b[0].length - a[0].length);

/** Splits a header into lower-case words at punctuation and camelCase: `CallTypeOrig` → call, type, orig. */
function words(header: string): string[] {
  return header.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/**
 * The stem and side of a header: a marker word anywhere (`Call Type Final`), or for
 * run-together names a marker at either end (`finalcalltype`, `CALLTYPEORIG`).
 */
function markedHeader(header: string, index: number): Marked {
  const ws = words(header);
  const found = MARKERS.filter(([m]) => ws.includes(m));
  if (found.length) {
    const sides = new Set(found.map(([, side]) => side));
    if (sides.size > 1) return { index, stem: normalizeHeader(header), side: null, strongMarker: false };
    const markers = new Set(found.map(([m]) => m));
    const stem = ws.filter((w) => !markers.has(w) && !MARKER_FILLERS.includes(w)).join('');
    return { index, stem, side: found[0][1], strongMarker: found.some(([, , strong]) => strong) };
  }
  const norm = normalizeHeader(header);
  for (const [m, side, strong] of MARKERS) {
    if (norm.length <= m.length) continue;
    if (norm.startsWith(m)) return { index, stem: norm.slice(m.length), side, strongMarker: strong };
    if (norm.endsWith(m)) return { index, stem: norm.slice(0, -m.length), side, strongMarker: strong };
  }
  return { index, stem: norm, side: null, strongMarker: false };
}

/** Stems compared with a leading "call" dropped, so `Orig Type` pairs with `Call Type`. */
const stemKey = (stem: string) => stem.replace(/^call(?=.)/, '');
/** The text stem a code stem belongs to: `naturecode` → `nature`. */
const textKeyOfCode = (key: string) => key.replace(/(?:code|cd|id)$/, '');

/**
 * Reads call-type columns named as an initial/final pair. When a header carries a final
 * marker and another has the same stem unmarked or initial-marked (`CALL_TYPE` +
 * `FINAL_CALL_TYPE`, `Type` + `Final Type`, `Orig Type` + `Call Type`), the final-marked
 * one (or else the unmarked one) is the final type and the other the initial type; codes
 * the same, and an unmarked code beside an unmarked type that became the initial one
 * (`Nature Code` beside `Nature` + `Final Nature`) is the initial code. A lone marked header
 * goes to its side. These headers' synonym candidates for the four call-type fields are
 * replaced: a long synonym would otherwise put `CALL_TYPE_ORIG` in callType.
 */
function withCallTypePairs(headers: string[], candidates: Candidate[]): Candidate[] {
  const groups = new Map<string, Marked[]>();
  for (const m of headers.map(markedHeader)) {
    const key = stemKey(m.stem);
    if (m.stem !== '') groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const existing = (field: string, index: number) => candidates.find((c) => c.field === field && c.index === index)?.score ?? 0;
  const forced: Candidate[] = [];
  const force = (field: string, m: Marked, score: number, partner?: Candidate): Candidate => {
    const c: Candidate = { field, index: m.index, score: Math.max(score, existing(field, m.index)) };
    if (partner) c.partner = { field: partner.field, index: partner.index };
    forced.push(c);
    return c;
  };
  /** Text keys whose unmarked column became the initial type, with the final type's candidate. */
  const plainIsInitial = new Map<string, Candidate>();
  const kinds = [...groups].map(([key, group]) => {
    const own = (m: Marked) => Math.max(scoreHeader(m.stem, FIELD_SYNONYMS.callType), scoreHeader(m.stem, FIELD_SYNONYMS.callTypeCode));
    const text = Math.max(...group.map((m) => scoreHeader(m.stem, FIELD_SYNONYMS.callType)));
    const code = Math.max(...group.map((m) => scoreHeader(m.stem, FIELD_SYNONYMS.callTypeCode)));
    return { key, group, own, text, code, isCode: code > text };
  });
  // Text groups first: a code group may follow its type's pairing.
  kinds.sort((a, b) => Number(a.isCode) - Number(b.isCode));
  for (const { key, group, own, text, code, isCode } of kinds) {
    const stemScore = Math.max(text, code);
    if (stemScore === 0) continue;
    const finalField = isCode ? 'callTypeCode' : 'callType';
    const initialField = isCode ? 'initialCallTypeCode' : 'initialCallType';
    // A marked header's own stem must name a call type; a soft marker ("closed", "first")
    // counts only on a specific one, as `Close Type` could be a clearance type.
    const usable = (m: Marked) => m.side !== null && own(m) > 0 && (own(m) >= 0.9 || m.strongMarker);
    const finals = group.filter((m) => m.side === 'final' && usable(m));
    const initials = group.filter((m) => m.side === 'initial' && usable(m));
    const plain = group.filter((m) => m.side === null && own(m) > 0).sort((a, b) => own(b) - own(a));
    const final = finals[0] ?? (initials.length ? plain[0] : undefined);
    const initial = initials[0] ?? (finals.length ? plain[0] : undefined);
    const weak = group.every((m) => own(m) <= 0.5);
    // Two columns named as a pair say more than one generic "Type", but still not much.
    const pairScore = weak ? 0.7 : stemScore;
    if (final && initial) {
      const finalCandidate = force(finalField, final, pairScore);
      force(initialField, initial, pairScore, finalCandidate);
      if (!isCode && initial.side === null) plainIsInitial.set(key, finalCandidate);
    } else if (!weak && (finals.length || initials.length)) {
      for (const m of [...finals, ...initials]) force(m.side === 'final' ? finalField : initialField, m, stemScore);
    } else if (isCode && plain.length && plainIsInitial.has(textKeyOfCode(key))) {
      force(initialField, plain[0], stemScore, plainIsInitial.get(textKeyOfCode(key)));
    }
  }
  const replaced = new Set(forced.map((c) => c.index));
  return [...candidates.filter((c) => !(replaced.has(c.index) && TYPE_FIELDS.includes(c.field))), ...forced];
}

/** "38 - Meet Complainant", "46A - CIT w/Ambulance", "PH - Panhandler". */
export const CODE_TEXT = /^\s*([A-Za-z0-9]{1,8}(?:[-.][A-Za-z0-9]{1,4})?)\s+-\s+(\S.*)$/;

function findSplitDateTime(
  headers: string[],
  column: (i: number) => string[],
  used: Set<number>,
): { date: string; time: string } | undefined {
  const norms = headers.map(normalizeHeader);
  const dateIndex = norms.findIndex((n, i) => !used.has(i) && DATE_PART_SYNONYMS.includes(n) && parses(column(i), 'date'));
  const timeIndex = norms.findIndex((n, i) => !used.has(i) && TIME_PART_SYNONYMS.includes(n) && parses(column(i), 'time'));
  if (dateIndex < 0 || timeIndex < 0) return undefined;
  return { date: headers[dateIndex], time: headers[timeIndex] };
}

function parses(values: string[], kind: 'date' | 'time'): boolean {
  const v = nonEmpty(values);
  const found = v.length ? detectFormat(v, kind) : null;
  return !!found && found.matched >= v.length * 0.8;
}
