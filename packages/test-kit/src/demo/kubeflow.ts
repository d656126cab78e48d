import { createServer } from 'node:http';
import { listenOnLoopback, sendJson } from '../servers/net';
import { DemoService, demoService } from './demoService';

/*
 * A loopback Kubeflow Model Registry for the demo: the list endpoints of its
 * REST API v1alpha3 (kubeflow/model-registry, api/openapi/model-registry.yaml)
 * with its JSON: string ids, custom properties keyed on metadataType, pages
 * of { items, nextPageToken, pageSize, size }. No Kubeflow can be installed
 * on the build machines.
 */

const text = (value: string) => ({
  metadataType: 'MetadataStringValue',
  string_value: value,
});

/**
 * The demo registry's model: a ticket classifier the support team trained
 * in a Kubeflow pipeline from the example catalog's Llama 3.1 8B, on the
 * example support-tickets dataset.
 */
const REGISTRY = {
  registered_models: [
    {
      id: '1',
      name: 'support-ticket-router',
      description:
        'Routes support tickets to a queue; a LoRA adapter on Llama 3.1 8B (demo Kubeflow registry)',
      state: 'LIVE',
      license: 'llama3.1',
      customProperties: {
        owner: text('group:default/applied-ml'),
        type: text('llm'),
        lifecycle: text('experimental'),
        system: text('system:default/support-assistant'),
        data_classification: text('confidential'),
        base_model: text('aimodel:default/llama-3-1-8b-instruct'),
        base_model_relation: text('adapter'),
        // The feature service it reads, in the demo Feast registry.
        features: text('resource:default/support.ticket_features'),
      },
    },
  ],
  model_versions: [
    { id: '1', name: '2026.10', registeredModelId: '1', state: 'LIVE' },
    { id: '2', name: '2026.11', registeredModelId: '1', state: 'LIVE' },
  ],
  'model_versions/2/artifacts': [
    {
      artifactType: 'model-artifact',
      id: '1',
      name: 'support-ticket-router-adapter',
      uri: 's3://models/support-ticket-router/2026.11/adapter',
      modelFormatName: 'safetensors',
      modelSourceKind: 'kfp',
      modelSourceClass: 'pipelinerun',
      modelSourceGroup: 'support',
      modelSourceId: 'ft-router-2026-11-02',
      customProperties: {
        digest: text(`sha256:${'7c'.repeat(32)}`),
      },
    },
    {
      artifactType: 'dataset-artifact',
      id: '2',
      name: 'support-tickets-2026q3',
      uri: 's3://datasets/support-tickets/2026q3',
    },
  ],
} as Record<string, unknown[]>;

/** Serves the demo registry's lists, one page each. */
export async function startFakeKubeflowRegistry() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://kubeflow');
    const path = url.pathname.replace(/^\/api\/model_registry\/v1alpha3\//, '');
    const items =
      REGISTRY[path] ?? (/\/artifacts$/.test(path) ? [] : undefined);
    if (!items) {
      sendJson(res, 404, {
        code: 'Not Found',
        message: `${url.pathname} not found`,
      });
      return;
    }
    sendJson(res, 200, {
      items,
      nextPageToken: '',
      pageSize: Number(url.searchParams.get('pageSize') ?? 0),
      size: items.length,
    });
  });
  const url = await listenOnLoopback(server);
  return {
    url,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

/**
 * The demo Kubeflow Model Registry, and the app-config that has the catalog
 * ingest it (marked `demo: true`: its models carry the `demo` tag).
 */
export async function startDemoKubeflow(): Promise<DemoService> {
  const registry = await startFakeKubeflowRegistry();
  return demoService('demo-kubeflow', registry, {
    catalog: {
      providers: {
        aiModelKubeflow: {
          demo: {
            baseUrl: registry.url,
            demo: true,
            schedule: {
              frequency: { minutes: 5 },
              timeout: { minutes: 1 },
            },
            defaults: { owner: 'group:default/ml-platform' },
          },
        },
      },
    },
  });
}
