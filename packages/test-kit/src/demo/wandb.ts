import { createServer } from 'node:http';
import { listenOnLoopback, sendJson } from '../servers/net';
import { DemoService, demoService } from './demoService';

/*
 * A loopback W&B Registry for the demo: POST /graphql answering the three
 * queries the catalog's W&B provider sends, as the wandb SDK does
 * (wandb/sdk/artifacts/_generated/operations.py: FetchRegistries and
 * RegistryVersions; wandb/apis/public/runs.py: RunInputArtifacts), with W&B's JSON: relay connections, metadata as a JSON
 * string, createdBy a Run. No W&B can be installed on the build machines.
 */

const ORGANIZATION = 'acme';
const ORG_ENTITY = 'acme-org';
const API_KEY = 'wandb_v1_demo';
const REGISTRY = 'wandb-registry-model';

const run = {
  __typename: 'Run',
  name: 'r7q2m1x4',
  project: { name: 'reply-drafter', entity: { name: 'acme-ml' } },
};

/**
 * The demo registry's model: a reply drafter the support team fine-tuned
 * from the example catalog's Llama 3.1 8B in a W&B-tracked run, evaluated on
 * a held-out set of support replies; v1 is current, v0 the version to roll
 * back to.
 */
const MEMBERSHIPS = [0, 1].map(index => ({
  versionIndex: index,
  aliases: (index === 1 ? ['latest', 'staging'] : []).map(alias => ({
    alias,
  })),
  artifactCollection: {
    name: 'support-reply-drafter',
    project: { name: REGISTRY },
  },
  artifact: {
    id: `QXJ0aWZhY3Q6ZHJhZnRlcg${index}`,
    artifactType: { name: 'model' },
    description:
      'Drafts replies to support tickets; a fine-tune of Llama 3.1 8B (demo W&B registry)',
    state: 'COMMITTED',
    digest: index
      ? '5f1d2a9c0b7e4f3a8d6c1b2e9f0a7d4c'
      : '0c9e8d7f6a5b4c3d2e1f0a9b8c7d6e5f',
    createdAt: index ? '2026-11-24T09:12:00' : '2026-10-30T16:40:00',
    createdBy: run,
    metadata: JSON.stringify({
      owner: 'group:default/applied-ml',
      type: 'llm',
      lifecycle: 'experimental',
      system: 'system:default/support-assistant',
      data_classification: 'confidential',
      license: 'llama3.1',
      parameters: 8030000000,
      precision: 'bf16',
      base_model: 'aimodel:default/llama-3-1-8b-instruct',
      base_model_relation: 'finetune',
      digest: `sha256:${(index ? '4e' : '2b').repeat(32)}`,
      eval_dataset: 'support-replies-holdout-2026q4',
      'eval/faithfulness': index ? 0.91 : 0.86,
      'eval/answer_relevancy': index ? 0.88 : 0.84,
    }),
  },
}));

const page = (items: unknown[]) => ({
  pageInfo: { endCursor: String(items.length), hasNextPage: false },
  edges: items.map(node => ({ node })),
});

/** Serves the demo registry's two queries. */
export async function startFakeWandbRegistry() {
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', chunk => (text += chunk));
    req.on('end', () => {
      if (
        req.headers.authorization !==
        `Basic ${Buffer.from(`api:${API_KEY}`).toString('base64')}`
      ) {
        sendJson(res, 401, {
          errors: [{ message: 'user is not logged in' }],
          data: null,
        });
        return;
      }
      const { query, variables } = JSON.parse(text || '{}');
      if (/^query RunInputArtifacts/.test(query)) {
        // What the fine-tuning run used: the example catalog's support
        // tickets (a Resource there) and the base model's weights.
        const known =
          variables?.entity === run.project.entity.name &&
          variables?.project === run.project.name &&
          variables?.runName === run.name;
        sendJson(res, 200, {
          data: {
            project: {
              run: known
                ? {
                    inputArtifacts: page([
                      {
                        versionIndex: 2,
                        artifactType: { name: 'dataset' },
                        artifactSequence: { name: 'support-tickets-2026q3' },
                      },
                      {
                        versionIndex: 0,
                        artifactType: { name: 'model' },
                        artifactSequence: { name: 'llama-3-1-8b-instruct' },
                      },
                    ]),
                  }
                : null,
            },
          },
        });
      } else if (variables?.organization !== ORGANIZATION) {
        sendJson(res, 200, { data: { organization: null } });
      } else if (/^query FetchRegistries/.test(query)) {
        sendJson(res, 200, {
          data: {
            organization: {
              orgEntity: {
                projects: page([
                  { name: REGISTRY, description: 'Models (demo)' },
                ]),
              },
            },
          },
        });
      } else if (/^query RegistryVersions/.test(query)) {
        const { name } = JSON.parse(variables.registryFilter ?? '{}');
        sendJson(res, 200, {
          data: {
            organization: {
              orgEntity: {
                name: ORG_ENTITY,
                artifactMemberships: page(name === REGISTRY ? MEMBERSHIPS : []),
              },
            },
          },
        });
      } else {
        sendJson(res, 400, { errors: [{ message: 'unknown query' }] });
      }
    });
  });
  const url = await listenOnLoopback(server);
  return {
    url,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

/**
 * The demo W&B Registry, and the app-config that has the catalog ingest it
 * (marked `demo: true`: its models carry the `demo` tag).
 */
export async function startDemoWandb(): Promise<DemoService> {
  const registry = await startFakeWandbRegistry();
  return demoService('demo-wandb', registry, {
    catalog: {
      providers: {
        aiModelWandb: {
          demo: {
            baseUrl: registry.url,
            token: API_KEY,
            organization: ORGANIZATION,
            appUrl: 'https://wandb.ai',
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
