import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  LABEL_MODEL,
  UnregisteredModelServer,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { ModelServerDiscovery } from '@ai-refarch/plugin-ai-scorecard-node';
import { KubernetesFactCollector } from './KubernetesFactCollector';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  Mapping,
  mappingOf,
  mapsTo,
} from './facts/mapping';

/**
 * KServe InferenceServices and vLLM, TGI or Triton workloads that no
 * catalog entity maps to.
 */
export class UnregisteredModelServers implements ModelServerDiscovery {
  readonly id = 'kubernetes';

  constructor(
    private readonly options: {
      collector: KubernetesFactCollector;
      catalog: CatalogService;
    },
  ) {}

  async unregistered({ credentials }: { credentials: BackstageCredentials }) {
    const [{ readable, unreadable, readAt }, mappings] = await Promise.all([
      this.options.collector.read(),
      this.mappings(credentials),
    ]);
    const servers: UnregisteredModelServer[] = [];
    for (const { workloads } of readable) {
      for (const w of workloads) {
        if (w.kind !== 'InferenceService' && !w.runtime) continue;
        if (mappings.some(m => mapsTo(m, w))) continue;
        servers.push({
          source: this.id,
          cluster: w.cluster,
          demo: this.options.collector.isDemo(w.cluster),
          namespace: w.namespace,
          kind: w.kind,
          name: w.name,
          runtime: w.runtime,
          image: w.servers[0]?.image ?? null,
          kubernetesId:
            w.labels[ANNOTATION_KUBERNETES_ID] ??
            w.podLabels[ANNOTATION_KUBERNETES_ID] ??
            null,
          model: w.labels[LABEL_MODEL] ?? w.podLabels[LABEL_MODEL] ?? null,
        });
      }
    }
    return { servers, unreadable, readAt };
  }

  /** How every catalog entity that names workloads finds them. */
  private async mappings(
    credentials: BackstageCredentials,
  ): Promise<Mapping[]> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: [
          {
            [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            [`metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          `metadata.annotations.${ANNOTATION_KUBERNETES_ID}`,
          `metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}`,
          `metadata.annotations.${ANNOTATION_KUBERNETES_NAMESPACE}`,
        ],
      },
      { credentials },
    );
    return items.flatMap(e => {
      try {
        return mappingOf(e) ?? [];
      } catch {
        return [];
      }
    });
  }
}
