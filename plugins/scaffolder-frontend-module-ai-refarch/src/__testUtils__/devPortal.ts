import { ConfigReader } from '@backstage/config';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { devPortalConfig, exampleEntities } from '@internal/test-kit';

/** The dev portal's example models. */
const models = exampleEntities(['models']);

/** The dev portal's app config, with its GPU price table. */
export const config = new ConfigReader(devPortalConfig());

/** A catalog that holds the example models. */
export const catalogApi = {
  /** The models of a kind and type, as the catalog's filter selects them. */
  getEntities: async ({
    filter,
  }: {
    filter: { kind: string; 'spec.type': string[] };
  }) => ({
    items: models.filter(
      m =>
        m.kind === filter.kind &&
        filter['spec.type'].includes(m.spec?.type as string),
    ),
  }),
  getEntityByRef: async (ref: string) =>
    models.find(
      m =>
        stringifyEntityRef({
          ...m,
          metadata: { ...m.metadata, namespace: 'default' },
        }) === ref,
    ),
};

/** The LLM serving form at its defaults, with Llama 3.1 8B from the catalog on an L40S. */
export const form = {
  modelSource: 'catalog',
  catalogModel: 'aimodel:default/llama-3-1-8b-instruct',
  gpuType: 'nvidia-l40s',
  maxModelLen: 8192,
  maxNumSeqs: 16,
  gpuMemoryUtilization: 0.9,
  spotSharePercent: 0,
};

/**
 * The discovery and fetch APIs of an app without the scorecard back end:
 * the fields fall back to the reference serving policy.
 */
export const withoutScorecard = [
  [discoveryApiRef, { getBaseUrl: async () => 'http://localhost/api' }],
  [
    fetchApiRef,
    {
      fetch: async () => {
        throw new Error('no scorecard');
      },
    },
  ],
] as const;
