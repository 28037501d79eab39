import { open, readFile } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { analyze } from '../analyze.js';
import type { Analysis } from '../aggregate/analysis.js';
import { parseAnalysis } from '../aggregate/read-analysis.js';
import { inputError } from '../errors.js';
import { recordedOfficerTimeOrigins, type OfficerTimeOrigins } from '../estimate/officer-time-parameters.js';
import type { Parameters as EstimateParameters } from '../estimate/parameters.js';
import { analysisOptions, finishAnalysis, generatedAt, windowsOnSavedAnalysis, type AnalysisFlags } from './analysis-options.js';
import { prepareInput, type InputFlags } from './input-options.js';
import type { Output } from './output.js';
import type { ResolvedSettings } from './settings.js';

/**
 * The input of the commands that estimate (estimate, report): a CSV export (files or
 * standard input) analysed now, or an analysis JSON an earlier run wrote (a file or
 * standard input), re-used without reading any export. Either way the result has been
 * through finishAnalysis (file comparisons, `settings`).
 */
async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const JSON_START = /^(\uFEFF)?\s*\{/;

/** Standard input, if it holds an analysis JSON rather than a CSV: peeks at the first bytes and hands the rest on. */
export async function peekStdin(): Promise<{ json: string | null; stream: Readable }> {
  const stdin = process.stdin;
  const first: Buffer | null = await new Promise((resolve, reject) => {
    const done = (chunk: Buffer | null) => {
      stdin.off('readable', onReadable).off('end', onEnd).off('error', reject);
      resolve(chunk);
    };
    const onReadable = () => {
      const chunk = stdin.read() as Buffer | null;
      if (chunk !== null) done(chunk);
    };
    const onEnd = () => done(null);
    stdin.on('readable', onReadable).once('end', onEnd).once('error', reject);
  });
  if (first && JSON_START.test(first.subarray(0, 64).toString('utf8'))) {
    return { json: Buffer.concat([first, await readAll(stdin)]).toString('utf8'), stream: stdin };
  }
  const rest = new PassThrough();
  if (first) rest.write(first);
  stdin.pipe(rest);
  return { json: null, stream: rest };
}

/** True when the file starts (after a BOM and spaces) with `{`: an analysis JSON, not a CSV. */
export async function looksLikeJson(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return false; // the CSV reader reports the missing file in its own words
  }
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buf, 0, 64, 0);
    return JSON_START.test(buf.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

export interface LoadedAnalysis {
  analysis: Analysis;
  /** The saved analysis read (a file, or `<stdin>`), or null when an export was analysed. */
  saved: string | null;
  /**
   * Who set the saved analysis's officer time, as it recorded: pass to estimate(), since
   * `analysis.settings` are now this run's (undefined when an export was analysed).
   */
  officerTimeOrigins?: OfficerTimeOrigins;
}

/**
 * Reads the command's input: one analysis JSON (a `.json` file, a file starting with `{`,
 * or such a document on standard input) is re-used — period settings do not apply to it
 * (windowsOnSavedAnalysis) — anything else is analysed as an export with the resolved
 * settings and the officer-time parameters.
 */
export async function loadAnalysis(paths: string[], settings: ResolvedSettings, options: { command: string; out: Output; officerTime: EstimateParameters }): Promise<LoadedAnalysis> {
  const flags = settings.flags as InputFlags & AnalysisFlags;
  let json: { text: string; file: string } | null = null;
  let stdin: Readable | undefined;
  if (paths.length === 1 && paths[0] === '-') {
    const peeked = await peekStdin();
    if (peeked.json !== null) json = { text: peeked.json, file: '<stdin>' };
    else stdin = peeked.stream;
  } else if (paths.length === 1 && (/\.json$/i.test(paths[0]) || (await looksLikeJson(paths[0])))) {
    let text: string;
    try {
      text = await readFile(paths[0], 'utf8');
    } catch {
      throw inputError('cannot read the analysis file', { file: paths[0] });
    }
    json = { text, file: paths[0] };
  }
  if (json) {
    for (const w of windowsOnSavedAnalysis(settings, json.file)) options.out.warn(w);
    const read = await parseAnalysis(json.text, json.file);
    const base: Analysis = { ...read, commandLine: ['css-analyze', ...process.argv.slice(2)], generatedAt: generatedAt(flags.timestamp, process.env) ?? read.generatedAt };
    return { analysis: await finishAnalysis(base, settings), saved: json.file, officerTimeOrigins: recordedOfficerTimeOrigins(read) };
  }
  const input = await prepareInput(paths, flags);
  let ok = false;
  try {
    const p = options.officerTime;
    const result = await analyze(input.paths, {
      ...input.load,
      ...(stdin ? { stdin } : {}),
      ...analysisOptions(flags, options.command),
      officerTime: {
        basis: p.officerTimeBasis.value,
        capMinutes: p.officerTimeCapMinutes.value,
        minSamples: p.officerTimeMinSamples.value,
        fallbackMinutesPerUnit: p.officerTimeFallbackMinutes.value,
      },
    });
    const analysis = await finishAnalysis(result.analysis, settings);
    ok = true;
    return { analysis, saved: null };
  } finally {
    await input.finish(ok);
  }
}
