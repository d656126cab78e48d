import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_SERVES_MODELS,
  evaluationPasses,
  isAIModelEntity,
  parseServedModelRefs,
  REGULATED_DATA_CLASSIFICATIONS,
  RELATION_SERVED_BY,
  relatedComponentRefs,
  SENSITIVE_DATA_CLASSIFICATIONS,
} from '@ai-refarch/plugin-ai-model-common';
import {
  ANNOTATION_AUDIT_LOG,
  Facts,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { FactCollector } from '@ai-refarch/plugin-ai-scorecard-node';

const isRegulatedModel = (entity: Entity) =>
  isAIModelEntity(entity) &&
  REGULATED_DATA_CLASSIFICATIONS.includes(entity.spec.dataClassification ?? '');
/** How a service records each model call (the RAG stack golden path writes it). */
const AUDIT_SINKS = ['stdout', 'otlp'];

/** The components related to a model by one relation type. */
/**
 * `catalog.gateway` of a PHI or PCI model: the services that serve it and
 * keep an audit record of every call (`gateways`), and the services that
 * call it, each with the audited gateways it goes through; `bypassing` are
 * the callers that depend on no audited gateway of the model.
 */
export type GatewayFacts = {
  gateways: string[];
  servers: { ref: string; auditLog: string | null }[];
  callers: { ref: string; through: string[] }[];
  bypassing: string[];
};

/** The AIModel references an entity depends on, normalised. */
function modelRefs(entity: Entity): string[] {
  const namespace = entity.metadata.namespace ?? 'default';
  const refs = new Set<string>();
  const spec = entity.spec?.dependsOn;
  for (const value of Array.isArray(spec) ? spec : []) {
    try {
      const ref = parseEntityRef(String(value), {
        defaultNamespace: namespace,
      });
      if (ref.kind.toLocaleLowerCase('en-US') === 'aimodel')
        refs.add(stringifyEntityRef(ref));
    } catch {
      // An invalid reference is the catalog's to report.
    }
  }
  for (const r of entity.relations ?? []) {
    if (r.type === RELATION_DEPENDS_ON && r.targetRef.startsWith('aimodel:'))
      refs.add(r.targetRef);
  }
  // A model server sees what its callers send to the models it serves.
  const served = entity.metadata.annotations?.[ANNOTATION_SERVES_MODELS];
  if (served) {
    try {
      for (const ref of parseServedModelRefs(served, {
        defaultNamespace: namespace,
      }))
        refs.add(ref);
    } catch {
      // The catalog's processor reports a bad annotation.
    }
  }
  return [...refs].sort();
}

/** Where an entity names its models. */
const modelSource = (entity: Entity) =>
  [
    Array.isArray(entity.spec?.dependsOn) && 'spec.dependsOn',
    entity.metadata.annotations?.[ANNOTATION_SERVES_MODELS] &&
      `metadata.annotations["${ANNOTATION_SERVES_MODELS}"]`,
  ]
    .filter(Boolean)
    .join(',') || 'spec.dependsOn';

/**
 * Facts from the catalog: `catalog.entity` (the entity with its relations);
 * for models, `catalog.evaluations` (whether every recorded evaluation
 * meets its threshold); and, with the catalog to read them from,
 * `catalog.models` for every entity that depends on models: which models,
 * their data classification, and which of them hold confidential or
 * regulated data.
 */
export class CatalogFactCollector implements FactCollector {
  readonly id = 'catalog';

  constructor(private readonly options: { catalog?: CatalogService } = {}) {}

  async collect(
    entities: Entity[],
    options?: { credentials: BackstageCredentials },
  ): Promise<Map<string, Facts>> {
    const observedAt = new Date().toISOString();
    const facts = new Map<string, Facts>();
    const models = await this.models(entities, options?.credentials);
    const related = await this.related(entities, options?.credentials);
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
      if (related && isRegulatedModel(entity)) {
        entityFacts['catalog.gateway'] = {
          value: gatewayFacts(entity, related),
          source: `${source}#relations`,
          observedAt,
        };
      }
      const refs = modelRefs(entity);
      if (models && refs.length) {
        const missing = refs.filter(r => !models.has(r));
        entityFacts['catalog.models'] = missing.length
          ? {
              unknown: `${missing.join(', ')} ${
                missing.length === 1 ? 'is' : 'are'
              } in ${modelSource(
                entity,
              )} but not in the catalog, so the data classification is unknown`,
              source: `${source}#${modelSource(entity)}`,
              observedAt,
            }
          : {
              value: {
                refs,
                classifications: Object.fromEntries(
                  refs.map(r => [r, models.get(r) ?? null]),
                ),
                sensitive: refs.filter(r =>
                  SENSITIVE_DATA_CLASSIFICATIONS.includes(models.get(r) ?? ''),
                ),
              },
              source: `${source}#${modelSource(entity)}`,
              observedAt,
            };
      }
      facts.set(ref, entityFacts);
    }
    return facts;
  }

  /** The services that serve or call the regulated models of the batch, in one catalog read. */
  private async related(
    entities: Entity[],
    credentials: BackstageCredentials | undefined,
  ): Promise<Map<string, Entity> | undefined> {
    const { catalog } = this.options;
    if (!catalog || !credentials) return undefined;
    const refs = [
      ...new Set(
        entities
          .filter(isRegulatedModel)
          .flatMap(e => [
            ...relatedComponentRefs(
              e,
              RELATION_SERVED_BY,
              RELATION_DEPENDENCY_OF,
            ),
          ]),
      ),
    ];
    const found = new Map<string, Entity>();
    if (!refs.length) return found;
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'relations',
        ],
      },
      { credentials },
    );
    for (const item of items) {
      if (item) found.set(stringifyEntityRef(item), item);
    }
    return found;
  }

  /** The data classification of every model the entities depend on, in one catalog read. */
  private async models(
    entities: Entity[],
    credentials: BackstageCredentials | undefined,
  ): Promise<Map<string, string | null> | undefined> {
    const { catalog } = this.options;
    if (!catalog || !credentials) return undefined;
    const refs = [...new Set(entities.flatMap(modelRefs))];
    const found = new Map<string, string | null>();
    if (!refs.length) return found;
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'spec.dataClassification',
        ],
      },
      { credentials },
    );
    for (const model of items) {
      if (!model) continue;
      const classification = model.spec?.dataClassification;
      found.set(
        stringifyEntityRef(model),
        typeof classification === 'string' ? classification : null,
      );
    }
    return found;
  }
}

function gatewayFacts(
  model: Entity,
  related: Map<string, Entity>,
): GatewayFacts {
  const servers = relatedComponentRefs(model, RELATION_SERVED_BY).map(ref => {
    const sink = related.get(ref)?.metadata.annotations?.[ANNOTATION_AUDIT_LOG];
    return { ref, auditLog: sink && AUDIT_SINKS.includes(sink) ? sink : null };
  });
  const gateways = servers.filter(s => s.auditLog).map(s => s.ref);
  const callers = relatedComponentRefs(model, RELATION_DEPENDENCY_OF).map(
    ref => {
      const dependsOn = new Set(
        (related.get(ref)?.relations ?? [])
          .filter(r => r.type === RELATION_DEPENDS_ON)
          .map(r => r.targetRef),
      );
      // A gateway that calls the model itself goes through itself.
      return {
        ref,
        through: gateways.filter(g => g === ref || dependsOn.has(g)),
      };
    },
  );
  return {
    gateways,
    servers,
    callers,
    bypassing: callers.filter(c => c.through.length === 0).map(c => c.ref),
  };
}
