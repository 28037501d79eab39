import { CssError } from '../../src/errors.js';

/** The CssError `fn` throws; any other error is rethrown, and no error at all fails the test. */
export function cssErrorOf(fn: () => unknown): CssError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CssError) return err;
    throw err;
  }
  throw new Error('expected a CssError');
}
