import { resolve } from 'node:path';
import { isChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/**
 * Resolves `path` under `base`; a path that leaves `base` is refused with an
 * InputError naming the field and the value as the user wrote it (`given`).
 */
export function resolveInside(
  base: string,
  path: string,
  field: string,
  where: string,
  given: string = path,
): string {
  const target = resolve(base, path);
  if (!isChildPath(base, target)) {
    throw new InputError(`${field}: "${given}" is outside ${where}`);
  }
  return target;
}
