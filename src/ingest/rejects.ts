import { inputError, type CssError } from '../errors.js';

/**
 * Why a row was not analysed. The keys are stable: they appear in `input.rejectReasons`
 * of every JSON output and in the --rejects file.
 */
export const REJECT_REASONS = {
  ragged: 'ragged row',
  unclosedQuote: 'unclosed quote',
  missingCallType: 'missing call type',
  missingReceived: 'missing received time',
  unparseableReceived: 'unparseable received time',
  placeholderReceived: 'placeholder received time',
} as const;

export type RejectReason = (typeof REJECT_REASONS)[keyof typeof REJECT_REASONS];

/**
 * Structural and format problems stop the run unless --skip-bad-rows is given: they
 * usually mean the file or the mapping is wrong. Missing values are a fact of CAD
 * data: those rows are always counted and reported, never fatal.
 */
export const FATAL_UNLESS_SKIPPING: ReadonlySet<RejectReason> = new Set([
  REJECT_REASONS.ragged,
  REJECT_REASONS.unclosedQuote,
  REJECT_REASONS.unparseableReceived,
]);

export interface Rejection {
  file: string;
  line: number;
  reason: RejectReason;
  /** Specific words for the message, e.g. `expected 14 fields, found 12`. */
  detail: string;
  /** The row's fields as read (for --rejects). */
  fields: string[];
}

/** The error for a fatal rejection (without --skip-bad-rows): one line naming the file and line. */
export function fatalRejection(reason: RejectReason, detail: string, file: string, line: number): CssError {
  const hint =
    reason === REJECT_REASONS.unparseableReceived
      ? 'Use --datetime-format if the column has another format, or --skip-bad-rows to count such rows as rejected and go on'
      : 'Fix the export, or use --skip-bad-rows to count such rows as rejected and go on';
  return inputError(`${reason}: ${detail}`, { file, line }, hint);
}
