/**
 * The row-source interface shared by the fast byte scanner and the csv-parse reader.
 *
 * A RawRecord is a *view* that is reused for the next record as soon as the handler
 * returns: consumers copy what they keep (strings from field() are safe to keep).
 * The scanner's semantics (quotes, line endings, blank lines, line numbers) are written
 * at the top of scanner.ts; csvParseReader.ts gives the same results.
 */
export interface RawRecord {
  /** 1-based physical line on which the record starts (the header is line 1). */
  readonly line: number;
  /** Number of fields in this record. */
  readonly length: number;
  /** Decoded text of field i (quotes removed, "" unescaped); '' when i >= length. */
  field(i: number): string;
  /**
   * The UTF-8 bytes of field i for byte-level parsers (timestamps), exactly the bytes of
   * field(i) (quotes removed, "" unescaped) without making a string. Returns false when
   * i >= length. After a true return, `bytes`, `start` and `end` describe the field; they
   * are valid until the next fieldBytes call or the end of the handler, whichever is first.
   */
  fieldBytes(i: number): boolean;
  bytes: Uint8Array;
  start: number;
  end: number;
}

export type RecordHandler = (record: RawRecord) => void;

export interface ReaderOptions {
  /** One-byte field delimiter, e.g. ',' ';' '\t' '|'. */
  delimiter: string;
  /** Largest record accepted, in bytes; beyond it the reader throws an input error. */
  maxRecordBytes: number;
  /** File name used in error messages. */
  fileName: string;
  /** Line number of the first byte (default 1): a reader given the second part of a split file. */
  startLine?: number;
}

export interface ReaderResult {
  /** Records delivered, header included. */
  records: number;
  /** Physical lines seen (a trailing newline does not start a new line). */
  lines: number;
}

/**
 * Reads UTF-8 CSV chunks and calls onRecord for every record, header included.
 * Throws CssError('input') with the line number on an unclosed quote or an
 * oversized record. Blank lines (zero bytes between newlines) are skipped.
 */
export type RecordReader = (
  chunks: AsyncIterable<Uint8Array>,
  options: ReaderOptions,
  onRecord: RecordHandler,
) => Promise<ReaderResult>;
