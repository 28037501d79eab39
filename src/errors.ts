/**
 * One error type for everything the user can fix. The CLI prints it as one line
 * (`css-analyze: file:line: message. hint`) and exits 2 (input/usage) or 1 (a check).
 */
export type ErrorKind = 'input' | 'usage' | 'check';

export interface ErrorPlace {
  file?: string;
  line?: number;
  column?: string;
}

export class CssError extends Error {
  readonly kind: ErrorKind;
  readonly place: ErrorPlace;
  readonly hint?: string;

  constructor(kind: ErrorKind, message: string, place: ErrorPlace = {}, hint?: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CssError';
    this.kind = kind;
    this.place = place;
    this.hint = hint;
  }

  /** Exit code promised in docs/errors.md: 1 for a failed check, 2 for bad input or usage. */
  get exitCode(): number {
    return this.kind === 'check' ? 1 : 2;
  }

  /** The one line shown to the user, without the `css-analyze:` prefix. */
  format(): string {
    const where = [this.place.file, this.place.line].filter((p) => p !== undefined && p !== '').join(':');
    const text = this.hint ? `${this.message}. ${this.hint}` : this.message;
    return where ? `${where}: ${text}` : text;
  }
}

export function inputError(message: string, place: ErrorPlace = {}, hint?: string, cause?: unknown): CssError {
  return new CssError('input', message, place, hint, cause);
}

export function usageError(message: string, hint?: string): CssError {
  return new CssError('usage', message, {}, hint);
}

export function checkFailed(message: string): CssError {
  return new CssError('check', message);
}
