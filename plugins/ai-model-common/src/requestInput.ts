import { InputError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';

/**
 * Parses a request's path parameters, query or body with a zod schema. An
 * input error names the part and the field, e.g. `query window: …`,
 * `unknown query parameter days` or `body entityRefs: …`.
 *
 * @public
 */
export function parseRequestInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'path' | 'query' | 'body',
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InputError(
    issue.code === 'unrecognized_keys'
      ? `unknown ${where} parameter ${issue.keys.join(', ')}`
      : `${where} ${issue.path.join('.') || where}: ${issue.message}`,
  );
}

const entityName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/, 'must be an entity name');

/**
 * The `:kind/:namespace/:name` path parameters of the suite's routes that
 * answer for one entity.
 *
 * @public
 */
export const entityPathParams = z.object({
  kind: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,62}$/, 'must be an entity kind'),
  namespace: entityName,
  name: entityName,
});

/**
 * The entity ref a route's `:kind/:namespace/:name` names; an input error
 * names the parameter that is not one.
 *
 * @public
 */
export function entityRefFromPath(params: unknown): string {
  return stringifyEntityRef(
    parseRequestInput(entityPathParams, params, 'path'),
  );
}
