import { InputError } from '@backstage/errors';
import { FieldError } from '@ai-refarch/plugin-ai-model-common';

export { FieldError };

/** Runs `fn`, reporting a FieldError as an InputError with the same message. */
export function withInputErrors<T>(fn: () => T): T {
  return renamingFields(undefined, fn);
}

/**
 * Like `withInputErrors`, naming each field as the form does: an action's
 * `spotShare` is the form's `spotSharePercent`.
 */
export function renamingFields<T>(
  formFields: Record<string, string> | undefined,
  fn: () => T,
): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof FieldError) {
      const field = Object.hasOwn(formFields ?? {}, error.field)
        ? formFields![error.field]
        : error.field;
      throw new InputError(
        `${field}${error.message.slice(error.field.length)}`,
      );
    }
    throw error;
  }
}
