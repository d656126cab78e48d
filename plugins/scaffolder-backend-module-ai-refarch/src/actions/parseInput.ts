import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/** A Kubernetes object name or namespace, a DNS label (RFC 1123). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A string that must be a DNS label, refused with the given message. */
export const dnsLabel = (message: string) =>
  z.string().regex(DNS_LABEL, message);

/**
 * Validates action input again in the handler: the scaffolder checks the
 * JSON schema first, but actions are also called directly (dry runs, the
 * actions registry, tests), and every path must name the field.
 */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
): z.output<T> {
  const result = schema.safeParse(withoutEmptyStrings(input));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `${fieldPath(issue.path) || 'input'}: ${issue.message}`,
    );
  }
  return result.data;
}

/** `nodePools[0].maxNodes`, the way the form and the error messages name fields. */
function fieldPath(path: (string | number)[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${part}`,
    )
    .join('');
}

/**
 * A template expression over a parameter the user left empty renders as "";
 * such a field is treated as not given, so optional inputs stay optional and
 * required ones are reported as missing.
 */
function withoutEmptyStrings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyStrings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, withoutEmptyStrings(v)]),
    );
  }
  return value;
}

/**
 * An optional input that a template may fill with a conditional expression:
 * the scaffolder checks inputs against the action's JSON schema before the
 * handler runs, and an unset expression renders as "", so "" is accepted
 * there and treated as not given.
 */
export function templateOptional<T extends z.ZodTypeAny>(schema: T) {
  return z
    .union([schema, z.literal('')])
    .optional()
    .transform(
      value => (value === '' ? undefined : value) as z.output<T> | undefined,
    );
}

/**
 * An entity reference from a form or action field, completed with `kind`
 * and the default namespace; refused with the field's name.
 */
export function entityRefInput(value: string, kind: string, field: string) {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind: kind, defaultNamespace: 'default' }),
    );
  } catch (e) {
    throw new InputError(`${field}: ${(e as Error).message}`);
  }
}
