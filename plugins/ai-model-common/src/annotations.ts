import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { AI_MODEL_KIND } from './AIModelEntityV1alpha1';

/**
 * On a Component: the AIModels it serves, as a comma-separated list of entity
 * references (the kind defaults to AIModel), e.g.
 * `ai-refarch.io/serves-models: llama-3-1-8b-instruct, aimodel:bge-m3`.
 *
 * @public
 */
export const ANNOTATION_SERVES_MODELS = 'ai-refarch.io/serves-models';

/** On a Component: its serving runtime (the LLM serving golden path sets it). @public */
export const ANNOTATION_RUNTIME = 'ai-refarch.io/runtime';

/** On an AIModel ingested from a registry: where it came from. @public */
export const ANNOTATION_REGISTRY_SOURCE = 'ai-refarch.io/registry-source';

/**
 * Parses `ai-refarch.io/serves-models`. Throws a TypeError naming the
 * annotation for an empty item or a reference to another kind.
 *
 * @public
 */
export function parseServedModelRefs(
  value: string,
  context: { defaultNamespace: string },
): string[] {
  return value.split(',').map(item => {
    const trimmed = item.trim();
    if (!trimmed) {
      throw new TypeError(
        `metadata.annotations["${ANNOTATION_SERVES_MODELS}"] has an empty item in "${value}"`,
      );
    }
    let ref;
    try {
      ref = parseEntityRef(trimmed, {
        defaultKind: AI_MODEL_KIND,
        defaultNamespace: context.defaultNamespace,
      });
    } catch (e) {
      throw new TypeError(
        `metadata.annotations["${ANNOTATION_SERVES_MODELS}"]: "${trimmed}" is not an entity reference (${
          (e as Error).message
        })`,
      );
    }
    if (
      ref.kind.toLocaleLowerCase('en-US') !==
      AI_MODEL_KIND.toLocaleLowerCase('en-US')
    ) {
      throw new TypeError(
        `metadata.annotations["${ANNOTATION_SERVES_MODELS}"]: "${trimmed}" refers to a ${ref.kind}, not an AIModel`,
      );
    }
    return stringifyEntityRef(ref);
  });
}
