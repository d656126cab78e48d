import { Entity } from '@backstage/catalog-model';
import {
  FilterPredicate,
  filterPredicateToFilterFunction,
} from '@backstage/filter-predicates';

/**
 * The entities the cost card appears on: models, and Components that serve
 * a model, call one (a dependsOn relation to an AIModel), name their
 * Prometheus series or runtime, or have a monthly budget. @public
 */
export const aiOpsCostEntityFilter: FilterPredicate = {
  $any: [
    { kind: 'aimodel' },
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
              'metadata.annotations.ai-refarch.io/prometheus-labels': {
                $exists: true,
              },
            },
            {
              'metadata.annotations.ai-refarch.io/monthly-budget': {
                $exists: true,
              },
            },
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
 * The entities the SLO card appears on: those of the cost card (an AI
 * service without SLOs is told how to declare them), and any entity that
 * declares SLOs in `spec.slos`. @public
 */
export const aiOpsSloEntityFilter: FilterPredicate = {
  $any: [aiOpsCostEntityFilter, { 'spec.slos': { $exists: true } }],
};

/** The entities the team cost card appears on: Groups. @public */
export const aiOpsTeamCostEntityFilter: FilterPredicate = { kind: 'group' };

/** For `EntitySwitch.Case` in the legacy frontend system. @public */
export const isAiOpsSloAvailable = filterPredicateToFilterFunction(
  aiOpsSloEntityFilter,
) as (entity: Entity) => boolean;

/** For `EntitySwitch.Case` in the legacy frontend system. @public */
export const isAiOpsCostAvailable = filterPredicateToFilterFunction(
  aiOpsCostEntityFilter,
) as (entity: Entity) => boolean;
