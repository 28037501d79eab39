import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { usageError, inputError } from '../errors.js';
import { ENCODINGS, type Encoding } from '../ingest/source.js';
import type { LoadOptions } from '../ingest/load.js';
import type { MappingSpec } from '../ingest/schema/types.js';
import { validateMappingSpec } from '../ingest/schema/mapping-file.js';
import type { Rejection } from '../ingest/rejects.js';
import { csvRow } from '../util/csv-write.js';
import { assertNotInput, openAtomicStream, type AtomicStream } from '../util/atomic-write.js';
import { createOutput, decideColour, type Output } from './output.js';
import { createProgress } from './progress.js';
import { expandInputs } from './globs.js';

/** Flags shared by every command that reads an export; identical everywhere. */
export interface InputFlags {
  delimiter?: string;
  encoding?: string;
  tz?: string;
  /** A mapping file path, or (from the config file) an inline mapping already checked. */
  mapping?: string | MappingSpec;
  preset?: string;
  datetimeFormat?: string;
  codeList?: string;
  skipBadRows?: boolean;
  rejects?: string;
  reader?: 'fast' | 'csv-parse';
  maxRecordBytes?: number;
  /** Workbook sheet (name or 1-based number). */
  sheet?: string;
  /** Header line / worksheet row. */
  headerRow?: number;
  json?: boolean;
  quiet?: boolean;
  debug?: boolean;
  color?: boolean;
  config?: string;
  verbose?: boolean;
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON object on stdout instead of tables')
    .option('-q, --quiet', 'no warnings or progress on stderr (errors still print)')
    .option('--debug', 'show stack traces for errors')
    .option('--color', 'force colour')
    .option('--no-color', 'never use colour (NO_COLOR is honoured too)');
}

export function addInputOptions(cmd: Command): Command {
  return addCommonOptions(
    cmd
      .option('-d, --delimiter <char>', 'field delimiter: , ; | or tab (default: sniffed from the file)')
      .addOption(new Option('--encoding <name>', 'text encoding (default: from the byte-order mark, else utf-8)').choices([...ENCODINGS]))
      .option('--tz <zone>', 'agency time zone, an IANA name such as America/New_York (default: the preset\'s, else UTC)')
      .option('--mapping <file>', 'mapping file naming the export\'s columns (docs/mapping.md)')
      .option('--preset <name>', 'use this built-in layout instead of detecting one (see inspect --list-presets)')
      .option('--datetime-format <format>', 'format of every timestamp column, e.g. "MM/DD/YYYY hh:mm:ss A" (docs/time-zones.md)')
      .option('--code-list <file|name>', 'decode call-type codes with this code list: a CSV of code,description, or a built-in list (docs/mapping.md)')
      .option('--skip-bad-rows', 'count malformed rows as rejected and go on, instead of stopping at the first')
      .option('--rejects <file>', 'write every rejected row to this CSV with its file, line and reason')
      .addOption(new Option('--reader <name>', 'CSV reader: fast (byte scanner) or csv-parse (reference)').choices(['fast', 'csv-parse']).default('fast'))
      .option('--max-record-bytes <n>', 'largest record accepted, in bytes', (v) => parsePositiveInt(v, '--max-record-bytes'), 64 * 1024 * 1024)
      .option('--sheet <name|n>', 'Excel workbooks: the sheet to read, by name or number (default: the first visible sheet)')
      .option('--header-row <n>', 'the header\'s row (worksheet row or CSV line) when titles or notes sit above it (default: the first row)', (v) => parsePositiveInt(v, '--header-row')),
  );
}

/** --config and --verbose, for commands that resolve their settings (settings.ts). */
export function addSettingsOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'settings file (default: ./css-analyze.config.json when present; docs/config.md)')
    .option('--verbose', 'print the resolved settings and where each came from on stderr');
}

function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw usageError(`${flag} must be a positive whole number, got "${value}"`);
  return n;
}

function parseDelimiter(value: string): string {
  const named: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' };
  const d = named[value.toLowerCase()] ?? value;
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw usageError(`--delimiter must be one character such as , ; | or tab, got "${value}"`);
  }
  return d;
}

export async function readMappingFile(path: string): Promise<MappingSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw inputError('cannot read the mapping file', { file: path });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw inputError(`is not valid JSON (${(err as Error).message})`, { file: path }, 'See docs/mapping.md for the format');
  }
  return validateMappingSpec(json, path);
}

export function outputFor(flags: InputFlags): Output {
  return createOutput({ colour: decideColour(process.stdout, flags.color, process.env), quiet: !!flags.quiet });
}

/**
 * Input paths from the command line, quoted globs expanded (globs.ts): none means standard
 * input, which must not be a terminal.
 */
export function inputPaths(files: string[] | undefined): string[] {
  if (files && files.length) return expandInputs(files);
  if (process.stdin.isTTY) throw usageError('no input file given', 'Name a CSV or .xlsx file (or several, or a quoted glob such as "cfs-20*.xlsx"), or pipe a CSV in (use - for standard input)');
  return ['-'];
}

export interface PreparedInput {
  paths: string[];
  load: LoadOptions;
  /** Call after loading succeeds (commits --rejects) or fails (discards it). */
  finish(ok: boolean): Promise<void>;
}

export async function prepareInput(files: string[] | undefined, flags: InputFlags): Promise<PreparedInput> {
  const paths = inputPaths(files);
  if (flags.sheet !== undefined && !paths.some((p) => /\.xls[xm]$/i.test(p))) {
    throw usageError(`--sheet "${flags.sheet}" applies to .xlsx workbooks, and none of the inputs is one`, 'Drop --sheet, or name the workbook (a file ending in .xlsx)');
  }
  const mapping = typeof flags.mapping === 'object' ? flags.mapping : flags.mapping ? await readMappingFile(flags.mapping) : undefined;
  let rejects: AtomicStream | undefined;
  if (flags.rejects) {
    assertNotInput(flags.rejects, paths);
    // Both are renamed into place at the end: the second would silently replace the first.
    const out = (flags as { out?: unknown }).out;
    if (typeof out === 'string' && resolve(out) === resolve(flags.rejects)) {
      throw usageError(`--rejects and --out both name ${flags.rejects}`, 'Give the rejected rows a file of their own');
    }
    rejects = await openAtomicStream(flags.rejects);
    rejects.write(csvRow(['file', 'line', 'reason', 'detail', 'row fields as read…']));
  }
  const progress = createProgress(!flags.quiet && !!process.stderr.isTTY && !flags.json, 'reading');
  const load: LoadOptions = {
    delimiter: flags.delimiter ? parseDelimiter(flags.delimiter) : undefined,
    encoding: flags.encoding as Encoding | undefined,
    tz: flags.tz,
    mapping,
    mappingFile: typeof flags.mapping === 'string' ? flags.mapping : flags.config ? `${flags.config} mapping` : undefined,
    preset: flags.preset,
    datetimeFormat: flags.datetimeFormat,
    codeList: flags.codeList,
    skipBadRows: !!flags.skipBadRows,
    maxRecordBytes: flags.maxRecordBytes,
    reader: flags.reader,
    sheet: flags.sheet,
    headerRow: flags.headerRow,
    onReject: rejects
      ? (r: Rejection) => rejects!.write(csvRow([r.file, r.line, r.reason, r.detail, ...r.fields]))
      : undefined,
    onProgress: (bytes) => progress.update(bytes),
  };
  return {
    paths,
    load,
    finish: async (ok) => {
      progress.done();
      if (rejects) await (ok ? rejects.commit() : rejects.abort());
    },
  };
}
