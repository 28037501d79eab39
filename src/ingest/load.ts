import type { Readable } from 'node:stream';
import { CssError, inputError } from '../errors.js';
import { emptyCall, type Call } from './call.js';
import { ArrayRecord, copyFields } from './array-record.js';
import { UnitCollapser } from './collapse.js';
import type { RawRecord } from './record.js';
import { FATAL_UNLESS_SKIPPING, REJECT_REASONS, fatalRejection, type RejectReason, type Rejection } from './rejects.js';
import { RowMapper, type FieldStats } from './row-mapper.js';
import { resolveMapping, type ResolvedMapping, type ResolveOptions } from './schema/resolve.js';
import type { MappingSpec } from './schema/types.js';
import type { Encoding, ReadLimit, SourceInfo } from './source.js';
import { openRecords } from './open-records.js';
import { createZone, type Zone } from './time/index.js';

export interface LoadOptions {
  encoding?: Encoding;
  /** Field delimiter; sniffed when absent. */
  delimiter?: string;
  mapping?: MappingSpec;
  mappingFile?: string;
  preset?: string;
  tz?: string;
  datetimeFormat?: string;
  /** Code list decoding call-type codes (a CSV path or built-in name), over the mapping's. */
  codeList?: string;
  /** Count structural problems as rejected rows instead of stopping. */
  skipBadRows?: boolean;
  maxRecordBytes?: number;
  /** 'fast' (the byte scanner, default) or 'csv-parse' (the reference reader). */
  reader?: 'fast' | 'csv-parse';
  /** Workbooks: the sheet to read, by name or 1-based position (default: the first visible worksheet). */
  sheet?: string;
  /** The header's line (CSV) or worksheet row (.xlsx); rows above it are skipped. Default: the first. */
  headerRow?: number;
  /** Receives every rejected row (for --rejects). */
  onReject?: (rejection: Rejection) => void;
  /** Called as bytes are read: (bytes so far in this file, file index). */
  onProgress?: (bytes: number, fileIndex: number) => void;
  stdin?: Readable;
  /**
   * Called once per file when its mapping has been chosen, before any of its calls, with
   * what decided it (so another thread can resolve the same mapping).
   */
  onMapping?: (mapping: ResolvedMapping, fileIndex: number, fileName: string, inputs: MappingInputs) => void;
  /** A read limit for file i, which may be split between threads (src/parallel/). */
  readLimit?: (fileIndex: number) => ReadLimit | undefined;
  /**
   * Called for every accepted row with its fields as read (before unit rows are
   * collapsed), e.g. to write the input back out with its classification.
   */
  onAcceptedRow?: (call: Call, fields: string[]) => void;
  /**
   * The Call fields the consumer reads (asked once per file, after onMapping); others are
   * left empty and their columns never decoded. Undefined: every mapped field (inspect).
   */
  neededFields?: (mapping: ResolvedMapping) => ReadonlySet<string> | undefined;
}

/** What loading one file learned; the `input` block of every JSON output is built from it. */
export interface FileSummary {
  path: string;
  source: SourceInfo;
  /** 'xlsx' for a workbook (read by content, whatever its name), else 'csv'. */
  format: 'csv' | 'xlsx';
  /** The worksheet read, for workbooks. */
  sheet: string | null;
  /** Line (CSV) or worksheet row (.xlsx) the header was read from. */
  headerRow: number;
  delimiter: string;
  delimiterOrigin: 'option' | 'sniffed' | 'default';
  headers: string[];
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rejectReasons: Record<string, number>;
  /** Calls after collapsing unit rows (equals rowsAccepted for call-level exports). */
  calls: number;
  unitRowsMerged: number;
  lateUnitRows: number;
  mapping: ResolvedMapping;
  fields: Record<string, FieldStats>;
  /** Earliest and latest received instants (epoch ms), NaN when no rows. */
  receivedFrom: number;
  receivedTo: number;
  /** Timestamps inside a DST gap / repeated hour, interpreted as documented. */
  dstGap: number;
  dstOverlap: number;
}

/** The header, sample rows and options a file's mapping was resolved from. */
export interface MappingInputs {
  sample: string[][];
  resolve: ResolveOptions;
  /** The delimiter the file is read with (given or sniffed; '' for workbooks). */
  delimiter: string;
}

const SAMPLE_ROWS = 500;

/**
 * Reads one or more exports as one: every accepted call goes to onCall (the object is
 * reused after onCall returns — copy what you keep); every other row is counted with a
 * reason. Files are read one after another, each with its own mapping.
 */
export async function loadExport(paths: string[], options: LoadOptions, onCall: (call: Call) => void): Promise<FileSummary[]> {
  const summaries: FileSummary[] = [];
  for (let i = 0; i < paths.length; i++) summaries.push(await loadFile(paths[i], i, options, onCall));
  return summaries;
}

async function loadFile(path: string, fileIndex: number, options: LoadOptions, onCall: (call: Call) => void): Promise<FileSummary> {
  const records = await openRecords(path, fileIndex, options);
  const source = { info: records.info };
  const name = source.info.name;

  let headers: string[] | undefined;
  let headerLine = 1;
  let sample: { fields: string[]; line: number }[] = [];
  let mapper: RowMapper | undefined;
  let mapping: ResolvedMapping | undefined;
  let zone: Zone | undefined;
  const call = emptyCall();
  const reasons: Record<string, number> = {};
  let rowsRead = 0;
  let rowsRejected = 0;
  let calls = 0;
  let from = Infinity;
  let to = -Infinity;
  const countCall = (c: Call) => {
    calls++;
    onCall(c);
  };
  let collapser: UnitCollapser | undefined;

  const reject = (reason: RejectReason, detail: string, line: number, fields: () => string[]) => {
    if (FATAL_UNLESS_SKIPPING.has(reason) && !options.skipBadRows) throw fatalRejection(reason, detail, name, line);
    rowsRejected++;
    reasons[reason] = (reasons[reason] ?? 0) + 1;
    options.onReject?.({ file: name, line, reason, detail, fields: fields() });
  };

  const analyseRecord = (rec: RawRecord) => {
    rowsRead++;
    const problem = mapper!.map(rec, call);
    if (problem) {
      reject(problem.reason, problem.detail, rec.line, () => copyFields(rec));
      return;
    }
    options.onAcceptedRow?.(call, copyFields(rec));
    if (call.received < from) from = call.received;
    if (call.received > to) to = call.received;
    if (collapser) collapser.push(call);
    else countCall(call);
  };

  const start = () => {
    if (headers!.every((h) => h === '')) {
      // A blank first line would otherwise surface as "no call-type column found. Columns are: ."
      const blank = sample.every((s) => s.fields.every((f) => f.trim() === ''));
      throw blank
        ? inputError('holds only white space: no header and no rows', { file: name }, 'Check that the export finished writing')
        : inputError('the header line holds only white space', { file: name, line: headerLine }, 'The first line must name the columns; remove the blank lines above it');
    }
    const inputs: MappingInputs = {
      sample: sample.map((s) => s.fields),
      resolve: {
        mapping: options.mapping,
        mappingFile: options.mappingFile,
        preset: options.preset,
        tz: options.tz,
        datetimeFormat: options.datetimeFormat,
        codeList: options.codeList,
        fileName: name,
      },
      delimiter: records.delimiter,
    };
    mapping = resolveMapping(headers!, inputs.sample, inputs.resolve);
    zone = createZone(mapping.timeZone);
    options.onMapping?.(mapping, fileIndex, name, inputs);
    mapper = new RowMapper(mapping, zone, fileIndex, options.neededFields?.(mapping));
    if (mapping.rowPerUnit) collapser = new UnitCollapser(countCall);
    const replay = new ArrayRecord();
    const buffered = sample;
    sample = [];
    for (const s of buffered) analyseRecord(replay.set(s.fields, s.line));
  };

  const onRecord = (rec: RawRecord) => {
    if (!headers) {
      headers = copyFields(rec).map((h) => h.trim());
      headerLine = rec.line;
      return;
    }
    // A line of only spaces or tabs among the rows (often at the end of an export) is a blank
    // line, as an empty one is: not a row, rather than a ragged row that stops the run.
    if (rec.length === 1 && headers.length > 1 && rec.field(0).trim() === '') return;
    if (mapper) {
      analyseRecord(rec);
      return;
    }
    sample.push({ fields: copyFields(rec), line: rec.line });
    if (sample.length >= SAMPLE_ROWS) start();
  };

  try {
    await records.read(onRecord);
  } catch (err) {
    // Only an unclosed quote: an oversized record ("… (an unclosed quote?)") stays fatal, as the
    // reader stopped there and the rows after it were never read.
    if (!(err instanceof CssError && /^unclosed quote/.test(err.message) && options.skipBadRows && headers)) throw err;
    // The unterminated record swallowed the rest of the file: it is one rejected row.
    if (!mapper) start();
    rowsRead++;
    reject(REJECT_REASONS.unclosedQuote, err.message, err.place.line ?? 0, () => []);
  }
  if (!headers) throw inputError('is empty: no header and no rows', { file: name }, 'Check that the export finished writing');
  if (!mapper) {
    // A split file's first part may end before any data row; the worker reads the rest.
    if (sample.length === 0 && headers.some((h) => h !== '') && options.readLimit?.(fileIndex)?.end === undefined) throw inputError('has a header but no data rows', { file: name, line: headerLine }, 'Check that the export finished writing');
    start();
  }
  collapser?.finish();
  const rowsAccepted = rowsRead - rowsRejected;
  return {
    path,
    source: source.info,
    format: records.format,
    sheet: records.sheet,
    headerRow: headerLine,
    delimiter: records.delimiter,
    delimiterOrigin: records.delimiterOrigin,
    headers,
    rowsRead,
    rowsAccepted,
    rowsRejected,
    rejectReasons: reasons,
    calls,
    unitRowsMerged: collapser?.rowsMerged ?? 0,
    lateUnitRows: collapser?.lateUnitRows ?? 0,
    mapping: mapping!,
    fields: mapper!.stats,
    receivedFrom: Number.isFinite(from) ? from : NaN,
    receivedTo: Number.isFinite(to) ? to : NaN,
    dstGap: zone!.gapCount,
    dstOverlap: zone!.overlapCount,
  };
}
