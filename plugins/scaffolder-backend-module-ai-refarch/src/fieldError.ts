import { InputError } from '@backstage/errors';

/**
 * A problem with one input field of a golden path. The pure sizing, engine
 * and SLO code throws it; actions turn it into an InputError.
 */
export class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'FieldError';
  }
}

/** Runs `fn`, reporting a FieldError as an InputError with the same message. */
export function withInputErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof FieldError) throw new InputError(error.message);
    throw error;
  }
}
