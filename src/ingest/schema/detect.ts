import { FIELD_SYNONYMS, DATE_PART_SYNONYMS, TIME_PART_SYNONYMS, WEAK_SYNONYMS, normalizeHeader } from './synonyms.js';
import { PRESETS } from './presets.js';
import type { MappingSpec, Preset } from './types.js';
import { detectFormat } from '../time/index.js';
import { CALL_TIME_FIELDS } from '../call.js';

export interface FieldGuess {
  column: string | string[];
  /** 0–1: 1 for an exact synonym, lower for generic or partial names. */
  confidence: number;
}

export interface DetectedMapping {
  spec: MappingSpec;
  guesses: Record<string, FieldGuess>;
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

function nonEmpty(values: string[]): string[] {
  return values.map((v) => v.trim()).filter((v) => v !== '' && !/^(null|n\/a|#n\/a|\(null\))$/i.test(v));
}

/**
 * Guesses a mapping from header names (synonyms) checked against sample values:
 * a time field is only accepted when most of its values parse as timestamps.
 */
export function detectMapping(headers: string[], sample: string[][]): DetectedMapping {
  const column = (i: number) => sample.map((row) => row[i] ?? '');
  const candidates: { field: string; index: number; score: number }[] = [];
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
        const found = values.length ? detectFormat(values, 'datetime') : null;
        if (values.length && (!found || found.matched < values.length * 0.8)) score = 0;
      }
      if (score > 0) candidates.push({ field, index, score });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);
  const fields: Record<string, string> = {};
  const guesses: Record<string, FieldGuess> = {};
  const usedColumns = new Set<number>();
  for (const c of candidates) {
    if (fields[c.field] !== undefined || usedColumns.has(c.index)) continue;
    fields[c.field] = headers[c.index];
    guesses[c.field] = { column: headers[c.index], confidence: Math.min(1, c.score) };
    usedColumns.add(c.index);
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
  return { spec, guesses };
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
