import {
  Entity,
  EntityRelation,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_SERVES_MODELS,
  parseServedModelRefs,
  RELATION_SERVED_BY,
  RELATION_SERVES,
} from '@ai-refarch/plugin-ai-model-common';
import { exampleEntities } from './devPortal';

/**
 * The relations the catalog's processors emit that the suite reads:
 * dependsOn / dependencyOf from spec.dependsOn (Backstage's built-in
 * processor), serves / servedBy from ai-refarch.io/serves-models (the
 * AIModel module's processor).
 */
function withRelations(entities: Entity[]): Entity[] {
  const relations = new Map<string, EntityRelation[]>(
    entities.map((e): [string, EntityRelation[]] => [
      stringifyEntityRef(e),
      [],
    ]),
  );
  const pair = (source: string, type: string, target: string, back: string) => {
    relations.get(source)?.push({ type, targetRef: target });
    relations.get(target)?.push({ type: back, targetRef: source });
  };
  for (const entity of entities) {
    const self = stringifyEntityRef(entity);
    const namespace = entity.metadata.namespace ?? 'default';
    for (const ref of (entity.spec?.dependsOn as string[] | undefined) ?? []) {
      const target = stringifyEntityRef(
        parseEntityRef(ref, { defaultNamespace: namespace }),
      );
      pair(self, RELATION_DEPENDS_ON, target, RELATION_DEPENDENCY_OF);
    }
    const served = entity.metadata.annotations?.[ANNOTATION_SERVES_MODELS];
    if (served) {
      for (const target of parseServedModelRefs(served, {
        defaultNamespace: namespace,
      })) {
        pair(self, RELATION_SERVES, target, RELATION_SERVED_BY);
      }
    }
  }
  return entities.map(e => ({
    ...e,
    relations: relations.get(stringifyEntityRef(e)),
  }));
}

/**
 * The dev portal's example catalog as the catalog serves it: namespaces
 * filled in, and the relations above.
 */
export function servedExampleCatalog(): Entity[] {
  return withRelations(
    exampleEntities().map(entity => ({
      ...entity,
      metadata: { namespace: 'default', ...entity.metadata },
    })),
  );
}
