import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_SERVES_MODELS,
  parseServedModelRefs,
} from '@ai-refarch/plugin-ai-model-common';
import { Fact, Facts } from '@ai-refarch/plugin-ai-scorecard-common';
import { FactCollector } from '@ai-refarch/plugin-ai-scorecard-node';
import { ClusterSnapshot, ClusterSnapshots } from './client/ClusterSnapshots';
import { ClusterObjects } from './client/KubernetesObjectsClient';
import { driftOf } from './facts/drift';
import { ClusterIndex } from './facts/clusterIndex';
import { mappingOf } from './facts/mapping';
import { placementFacts, servingFacts } from './facts/servingFacts';
import { Workload } from './facts/workloads';

const FACTS = [
  'kubernetes.serving',
  'kubernetes.placement',
  'kubernetes.drift',
] as const;

type Readable = {
  snapshot: ClusterSnapshot;
  objects: ClusterObjects;
  workloads: Workload[];
  index: ClusterIndex;
};

/**
 * Live facts from the clusters an entity runs on:
 * `kubernetes.serving` (what its Deployments, StatefulSets and
 * InferenceServices run, their autoscalers, PDBs, services, GPU requests,
 * images, engine arguments), `kubernetes.placement` (the zones and spot
 * share of its running pods) and `kubernetes.drift` (what the catalog
 * declares that the cluster runs differently). A cluster that cannot be read
 * makes its part unknown and never hides the other clusters.
 */
export class KubernetesFactCollector implements FactCollector {
  readonly id = 'kubernetes';
  private readonly indexes = new WeakMap<ClusterSnapshot, ClusterIndex>();

  constructor(
    private readonly options: {
      snapshots: ClusterSnapshots;
      catalog: CatalogService;
    },
  ) {}

  isDemo(cluster: string): boolean {
    return this.options.snapshots.isDemo(cluster);
  }

  /** The snapshots of every cluster with their workloads, read once per cache period. */
  async read(): Promise<{
    readable: Readable[];
    /** The clusters that could not be read, each with the reason. */
    unreadable: { cluster: string; reason: string }[];
    readAt: string;
  }> {
    const snapshots = await this.options.snapshots.read();
    const readable: Readable[] = [];
    const unreadable: { cluster: string; reason: string }[] = [];
    for (const snapshot of snapshots) {
      if ('unreadable' in snapshot) {
        unreadable.push({
          cluster: snapshot.name,
          reason: snapshot.unreadable,
        });
        continue;
      }
      let index = this.indexes.get(snapshot);
      if (!index) {
        index = new ClusterIndex(snapshot.name, snapshot.objects);
        this.indexes.set(snapshot, index);
      }
      readable.push({
        snapshot,
        objects: snapshot.objects,
        workloads: index.workloads,
        index,
      });
    }
    const readAt =
      snapshots.map(s => s.readAt).sort()[0] ?? new Date().toISOString();
    return { readable, unreadable, readAt };
  }

  async collect(
    entities: Entity[],
    { credentials }: { credentials: BackstageCredentials },
  ): Promise<Map<string, Facts>> {
    const result = new Map<string, Facts>();
    const candidates = entities.filter(
      e => e.kind === 'Component' || e.kind === 'AIModel',
    );
    if (candidates.length === 0) return result;
    const { snapshots } = this.options;
    const unknownAll = (
      reason: string,
      source: string,
      observedAt: string,
    ): Facts =>
      Object.fromEntries(
        FACTS.map(f => [f, { unknown: reason, source, observedAt }]),
      );

    if (snapshots.clusterNames.length === 0) {
      const now = new Date().toISOString();
      for (const e of candidates) {
        result.set(
          stringifyEntityRef(e),
          unknownAll(
            'no Kubernetes clusters are configured (aiScorecard.kubernetes.clusters, or kubernetes.clusterLocatorMethods of type config)',
            'kubernetes',
            now,
          ),
        );
      }
      return result;
    }

    const read = await this.read();
    const { readable, readAt } = read;
    const unreadable = read.unreadable.map(u => u.reason);
    const models = await this.servedModels(candidates, credentials);
    for (const entity of candidates) {
      const ref = stringifyEntityRef(entity);
      let mapping;
      try {
        mapping = mappingOf(entity);
      } catch (e) {
        result.set(ref, unknownAll((e as Error).message, 'kubernetes', readAt));
        continue;
      }
      if (!mapping) {
        result.set(
          ref,
          unknownAll(
            'the entity names no workloads: add backstage.io/kubernetes-id (or backstage.io/kubernetes-label-selector)',
            'kubernetes',
            readAt,
          ),
        );
        continue;
      }
      // Each workload with the objects of its own namespace.
      const found = readable.flatMap(r =>
        r.index
          .find(mapping)
          .map(w => ({ w, objects: r.index.inNamespace(w.namespace) })),
      );
      const clusters = [...new Set(found.map(f => f.w.cluster))];
      const source = `kubernetes:${(clusters.length
        ? clusters
        : snapshots.clusterNames
      )
        .map(name => (snapshots.isDemo(name) ? `${name} (demo data)` : name))
        .join(',')}`;
      if (found.length === 0) {
        const searched = readable.map(r => r.snapshot.name);
        const reason = [
          searched.length
            ? `no workload matches ${mapping.text}${
                mapping.namespace ? ` in namespace ${mapping.namespace}` : ''
              } in ${searched.join(', ')}`
            : 'no cluster could be read',
          ...unreadable,
        ].join('; ');
        result.set(ref, unknownAll(reason, source, readAt));
        continue;
      }
      const facts: Facts = {};
      const known = (value: unknown): Fact => ({
        value,
        source,
        observedAt: readAt,
      });
      facts['kubernetes.serving'] = known({
        ...servingFacts(found, entity.metadata.labels),
        // The clusters that could not be read: their part is unknown, not absent.
        unreadableClusters: unreadable,
      });
      const placement = placementFacts(found);
      facts['kubernetes.placement'] =
        'value' in placement
          ? known(placement.value)
          : { unknown: placement.unknown, source, observedAt: readAt };
      const declaredBy =
        entity.kind === 'AIModel'
          ? [entity]
          : servedRefs(entity).flatMap(r => models.get(r) ?? []);
      try {
        facts['kubernetes.drift'] = known(
          driftOf(
            entity,
            declaredBy,
            found.map(f => f.w),
          ),
        );
      } catch (e) {
        facts['kubernetes.drift'] = {
          unknown: (e as Error).message,
          source,
          observedAt: readAt,
        };
      }
      result.set(ref, facts);
    }
    return result;
  }

  private async servedModels(
    entities: Entity[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Entity>> {
    const refs = [...new Set(entities.flatMap(servedRefs))];
    const models = new Map<string, Entity>();
    if (refs.length === 0) return models;
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials },
    );
    items.forEach((item, i) => {
      if (item) models.set(refs[i], item);
    });
    return models;
  }
}

function servedRefs(entity: Entity): string[] {
  const value = entity.metadata.annotations?.[ANNOTATION_SERVES_MODELS];
  if (!value) return [];
  try {
    return parseServedModelRefs(value, {
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
  } catch {
    // The catalog processor reports a bad annotation; drift just skips it.
    return [];
  }
}
