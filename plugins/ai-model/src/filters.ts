import { Entity, RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import { getEntityRelations } from '@backstage/plugin-catalog-react';
import {
  AI_MODEL_KIND,
  ANNOTATION_SERVES_MODELS,
} from '@ai-refarch/plugin-ai-model-common';

/** Whether an entity is a Component that serves or uses an AIModel. @public */
export function isModelComponent(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    (entity.metadata.annotations?.[ANNOTATION_SERVES_MODELS] !== undefined ||
      getEntityRelations(entity, RELATION_DEPENDS_ON, { kind: AI_MODEL_KIND })
        .length > 0)
  );
}
