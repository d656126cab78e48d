import {
  Entity,
  EntityRelation,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { parseServedModelRefs } from '@ai-refarch/plugin-ai-model-common';
import { exampleEntities } from '@internal/test-kit';

/**
 * The relations the catalog's processors emit that the scorecard reads:
 * dependsOn / dependencyOf from spec.dependsOn, serves / servedBy from
 * ai-refarch.io/serves-models.
 */
function withRelations(entities: Entity[]): Entity[] {
  const relations = new Map<string, EntityRelation[]>(
    entities.map(e => [stringifyEntityRef(e), []]),
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
      pair(self, 'dependsOn', target, 'dependencyOf');
    }
    const served = entity.metadata.annotations?.['ai-refarch.io/serves-models'];
    if (served) {
      for (const target of parseServedModelRefs(served, {
        defaultNamespace: namespace,
      })) {
        pair(self, 'serves', target, 'servedBy');
      }
    }
  }
  return entities.map(e => ({
    ...e,
    relations: relations.get(stringifyEntityRef(e)),
  }));
}

/**
 * The dev portal's example catalog, with namespaces filled in and the
 * relations the scorecard reads, as the catalog would.
 */
export const exampleCatalog: Entity[] = withRelations(
  exampleEntities().map(entity => ({
    ...entity,
    metadata: { namespace: 'default', ...entity.metadata },
  })),
);
