import { InputError } from '@backstage/errors';
import { FieldError } from '@ai-refarch/plugin-ai-model-common';

export { FieldError };

/** Runs `fn`, reporting a FieldError as an InputError with the same message. */
export function withInputErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof FieldError) throw new InputError(error.message);
    throw error;
  }
}
