import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_MONTHLY_BUDGET,
  parseMonthlyBudget,
  parseSlos,
} from '@ai-refarch/plugin-ai-ops-common';

/**
 * Checks what Components and AIModels declare for the cost and SLO cards —
 * `spec.slos` and the monthly budget annotation — so that a mistake shows as
 * a processing error naming the field when the entity is registered, not as
 * an empty card later.
 */
export class SloSpecProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'SloSpecProcessor';
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    if (
      !['component', 'aimodel'].includes(entity.kind.toLocaleLowerCase('en-US'))
    ) {
      return entity;
    }
    const problems = parseSlos(entity).errors.map(
      e => `${e.field}: ${e.message}`,
    );
    const budget = entity.metadata.annotations?.[ANNOTATION_MONTHLY_BUDGET];
    if (budget !== undefined) {
      try {
        parseMonthlyBudget(budget);
      } catch (error) {
        problems.push(
          `metadata.annotations["${(error as Error).message.replace(
            ': ',
            '"]: ',
          )}`,
        );
      }
    }
    if (problems.length) throw new InputError(problems.join('; '));
    return entity;
  }
}
