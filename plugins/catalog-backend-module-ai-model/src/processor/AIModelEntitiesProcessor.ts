import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_API_PROVIDED_BY,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  aiModelEntityV1alpha1Validator,
  AIModelEntityV1alpha1,
  ANNOTATION_SERVES_MODELS,
  ANNOTATION_SERVING_READY_REASON,
  findAIModelInconsistencies,
  LABEL_SERVING_READY,
  isAIModelEntity,
  parseServedModelRefs,
  RELATION_DERIVED_FROM,
  RELATION_HAS_DERIVATIVE,
  RELATION_SERVED_BY,
  RELATION_SERVES,
  RELATION_TRAINED_ON,
  RELATION_TRAINING_DATA_FOR,
  servingReadiness,
} from '@ai-refarch/plugin-ai-model-common';

/**
 * Answers whether an entity exists in the catalog.
 *
 * @public
 */
export type EntityExistence = (entityRef: string) => Promise<boolean>;

/**
 * Validates AIModel entities and emits the relations of the kind in both
 * directions; also turns a Component's `ai-refarch.io/serves-models`
 * annotation into serves / servedBy relations.
 *
 * A malformed entity gets a processing error that names the field, and the
 * rest of the catalog carries on.
 *
 * @public
 */
export class AIModelEntitiesProcessor implements CatalogProcessor {
  constructor(private readonly options: { exists?: EntityExistence } = {}) {}

  getProcessorName(): string {
    return 'AIModelEntitiesProcessor';
  }

  /**
   * Labels each AIModel with whether the golden paths can deploy it, so
   * their model pickers offer only those (catalogFilter on the label), and
   * says why not in an annotation.
   */
  async preProcessEntity(entity: Entity): Promise<Entity> {
    if (!isAIModelEntity(entity) || typeof entity.spec !== 'object') {
      return entity;
    }
    const { problems } = servingReadiness(entity);
    const annotations = { ...entity.metadata.annotations };
    delete annotations[ANNOTATION_SERVING_READY_REASON];
    if (problems.length) {
      annotations[ANNOTATION_SERVING_READY_REASON] = problems
        .map(p => p.message)
        .join('; ');
    }
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        labels: {
          ...entity.metadata.labels,
          [LABEL_SERVING_READY]: String(problems.length === 0),
        },
        annotations,
      },
    };
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (!(await aiModelEntityV1alpha1Validator.check(entity))) {
      return false;
    }
    if (isAIModelEntity(entity)) {
      const problems = findAIModelInconsistencies(entity);
      if (problems.length > 0) {
        throw new TypeError(problems.join('; '));
      }
    }
    return true;
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (isAIModelEntity(entity)) {
      await this.emitModelRelations(entity, location, emit);
    } else if (
      entity.kind === 'Component' &&
      entity.metadata.annotations?.[ANNOTATION_SERVES_MODELS] !== undefined
    ) {
      this.emitServedModels(entity, location, emit);
    }
    return entity;
  }

  private async emitModelRelations(
    entity: AIModelEntityV1alpha1,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ) {
    const self = getCompoundEntityRef(entity);
    const namespace = self.namespace;
    const { spec } = entity;

    const link = (
      targets: string | string[] | undefined,
      defaultKind: string,
      forward: string,
      reverse: string,
    ) => {
      for (const target of [targets ?? []].flat()) {
        const ref = parseEntityRef(target, {
          defaultKind,
          defaultNamespace: namespace,
        });
        emitPair(emit, self, forward, ref, reverse);
      }
    };

    link(spec.owner, 'Group', RELATION_OWNED_BY, RELATION_OWNER_OF);
    link(spec.system, 'System', RELATION_PART_OF, RELATION_HAS_PART);
    link(
      spec.providesApis,
      'API',
      RELATION_PROVIDES_API,
      RELATION_API_PROVIDED_BY,
    );
    link(
      spec.datasets,
      'Resource',
      RELATION_TRAINED_ON,
      RELATION_TRAINING_DATA_FOR,
    );
    // The features it reads, as Backstage relates a Component to a Resource.
    link(
      spec.features,
      'Resource',
      RELATION_DEPENDS_ON,
      RELATION_DEPENDENCY_OF,
    );

    if (spec.baseModel) {
      const base = parseEntityRef(spec.baseModel.ref, {
        defaultKind: 'AIModel',
        defaultNamespace: namespace,
      });
      const baseRef = stringifyEntityRef(base);
      if (this.options.exists && !(await this.options.exists(baseRef))) {
        emit(
          processingResult.inputError(
            location,
            `spec.baseModel.ref: the base model ${baseRef} does not exist in the catalog`,
          ),
        );
        return;
      }
      emitPair(
        emit,
        self,
        RELATION_DERIVED_FROM,
        base,
        RELATION_HAS_DERIVATIVE,
      );
    }
  }

  private emitServedModels(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ) {
    const self = getCompoundEntityRef(entity);
    let refs: string[];
    try {
      refs = parseServedModelRefs(
        entity.metadata.annotations![ANNOTATION_SERVES_MODELS],
        {
          defaultNamespace: self.namespace,
        },
      );
    } catch (e) {
      emit(processingResult.inputError(location, (e as Error).message));
      return;
    }
    for (const ref of refs) {
      emitPair(
        emit,
        self,
        RELATION_SERVES,
        parseEntityRef(ref),
        RELATION_SERVED_BY,
      );
    }
  }
}

function emitPair(
  emit: CatalogProcessorEmit,
  source: CompoundEntityRef,
  forward: string,
  target: CompoundEntityRef,
  reverse: string,
) {
  const normalise = (ref: CompoundEntityRef) => ({
    kind: ref.kind,
    namespace: ref.namespace,
    name: ref.name,
  });
  emit(
    processingResult.relation({
      source: normalise(source),
      type: forward,
      target: normalise(target),
    }),
  );
  emit(
    processingResult.relation({
      source: normalise(target),
      type: reverse,
      target: normalise(source),
    }),
  );
}
