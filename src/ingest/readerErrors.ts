/**
 * The input errors and option checks shared by the two CSV readers (and the workbook
 * reader, for the record-size limit), so they say the same thing about the same input.
 */
import { inputError, usageError, type CssError } from '../errors.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Turns the delimiter option into its byte, refusing what cannot work as a separator. */
export function delimiterByte(delimiter: string): number {
  const code = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  if (code < 1 || code > 127 || code === QUOTE || code === LF || code === CR) {
    throw usageError(
      `the delimiter must be one ASCII character other than a quote or a line break, got ${JSON.stringify(delimiter)}`,
      'Use --delimiter with one of , ; | or \\t',
    );
  }
  return code;
}

export function recordTooLarge(file: string, line: number, maxRecordBytes: number): CssError {
  return inputError(
    `record starting on line ${line} is larger than ${formatBytes(maxRecordBytes)} (an unclosed quote?)`,
    { file, line },
    'Check the quotes in that record, or raise the limit with --max-record-bytes',
  );
}

/** A worksheet row (or one cell of it) past --max-record-bytes: the workbook counterpart of recordTooLarge. */
export function rowTooLarge(file: string, sheet: string, row: number, maxRecordBytes: number): CssError {
  return inputError(
    `row ${row} of sheet "${sheet}" is larger than ${formatBytes(maxRecordBytes)}`,
    { file, line: row },
    'Check the cells of that row, or raise the limit with --max-record-bytes',
  );
}

export function unclosedQuote(file: string, line: number): CssError {
  return inputError(
    `unclosed quote in the record starting on line ${line}`,
    { file, line },
    'Check the export for a truncated last row, or use --skip-bad-rows to drop it',
  );
}

/** A byte count as written in messages: 64 MiB, 512 KiB, 1000 bytes. */
export function formatBytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
