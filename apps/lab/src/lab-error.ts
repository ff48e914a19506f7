/**
 * A failure the person at the terminal can fix (a bad option, missing data): the CLI prints
 * its message alone, without a stack trace, and exits with status 2.
 *
 * @example
 * throw new LabError('--seeds must be a positive integer, got "x"');
 */
export class LabError extends Error {
  override readonly name = 'LabError';
}

/**
 * Recognises a {@link LabError}, also one rebuilt on this side of a worker thread (where it
 * arrives as a plain object with the same `name`).
 *
 * @example
 * try { run(); } catch (error) { if (isLabError(error)) console.error(error.message); }
 */
export function isLabError(error: unknown): error is LabError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'LabError' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
