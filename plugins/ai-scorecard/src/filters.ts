import { Entity } from '@backstage/catalog-model';
import {
  FilterPredicate,
  filterPredicateToFilterFunction,
} from '@backstage/filter-predicates';

/**
 * The entities the scorecard card and Scorecard tab appear on, so that an
 * existing catalog's other services are not told "Not graded yet": models;
 * GPU clusters, vector databases and datasets; and Components that serve a
 * model, call one (a dependsOn relation to an AIModel), are tagged rag, or
 * carry the suite's serving, budget or RAG annotations. Pass another
 * predicate as the extension's `config.filter` in app-config to widen or
 * narrow it. @public
 */
export const aiScorecardEntityFilter: FilterPredicate = {
  $any: [
    { kind: 'aimodel' },
    {
      $all: [
        { kind: 'resource' },
        {
          'spec.type': {
            $in: ['kubernetes-cluster', 'vector-database', 'dataset'],
          },
        },
      ],
    },
    {
      $all: [
        { kind: 'component' },
        {
          $any: [
            {
              'metadata.annotations.ai-refarch.io/serves-models': {
                $exists: true,
              },
            },
            { 'metadata.annotations.ai-refarch.io/runtime': { $exists: true } },
            {
              'metadata.annotations.ai-refarch.io/monthly-budget': {
                $exists: true,
              },
            },
            {
              'metadata.annotations.ai-refarch.io/rag-config': {
                $exists: true,
              },
            },
            { 'metadata.tags': { $contains: 'rag' } },
            {
              relations: {
                $contains: {
                  type: 'dependsOn',
                  targetRef: { $hasPrefix: 'aimodel:' },
                },
              },
            },
          ],
        },
      ],
    },
  ],
};

/**
 * Whether the scorecard applies to an entity: for `EntitySwitch.Case` in
 * the legacy frontend system. @public
 */
export const isAiScorecardAvailable: (entity: Entity) => boolean =
  filterPredicateToFilterFunction(aiScorecardEntityFilter) as (
    entity: Entity,
  ) => boolean;
