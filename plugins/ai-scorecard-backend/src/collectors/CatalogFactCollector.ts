import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  evaluationPasses,
  isAIModelEntity,
} from '@ai-refarch/plugin-ai-model-common';
import { Facts } from '@ai-refarch/plugin-ai-scorecard-common';
import { FactCollector } from '@ai-refarch/plugin-ai-scorecard-node';

/**
 * Facts from the catalog entity itself: `catalog.entity` (the entity with its
 * relations) and, for models, `catalog.evaluations` (whether every recorded
 * evaluation meets its threshold).
 */
export class CatalogFactCollector implements FactCollector {
  readonly id = 'catalog';

  async collect(entities: Entity[]): Promise<Map<string, Facts>> {
    const observedAt = new Date().toISOString();
    const facts = new Map<string, Facts>();
    for (const entity of entities) {
      const ref = stringifyEntityRef(entity);
      const source = `catalog:${ref}`;
      const entityFacts: Facts = {
        'catalog.entity': { value: entity, source, observedAt },
      };
      if (isAIModelEntity(entity)) {
        const evaluations = entity.spec.evaluations ?? [];
        entityFacts['catalog.evaluations'] = {
          value: {
            count: evaluations.length,
            allPass:
              evaluations.length > 0 &&
              evaluations.every(e => evaluationPasses(e) !== false),
          },
          source: `${source}#spec.evaluations`,
          observedAt,
        };
      }
      facts.set(ref, entityFacts);
    }
    return facts;
  }
}
