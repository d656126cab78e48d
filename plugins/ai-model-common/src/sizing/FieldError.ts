/**
 * A problem with one input field of a golden path, in the form or in an
 * action. The message starts with the field, e.g. `gpusPerReplica: ...`.
 *
 * @public
 */
export class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'FieldError';
  }
}
