// A loopback MLflow tracking server for tests and the demo: it answers the
// REST API 2.0 calls the scorecard makes (model-versions/get,
// registered-models/get, runs/get with inputs.dataset_inputs) with the JSON
// MLflow documents, and RESOURCE_DOES_NOT_EXIST for anything it does not
// hold. No MLflow server can be installed on the build machines.
import { createServer } from 'node:http';
import { Entity } from '@backstage/catalog-model';
import { exampleEntities } from '../devPortal';
import { listenOnLoopback, sendJson } from '../servers/net';
import { DemoService, demoService } from './demoService';

/** An MLflow model version as `model-versions/get` returns it. */
type ModelVersion = {
  name: string;
  version: string;
  source?: string;
  run_id?: string;
  status: 'READY';
  aliases?: string[];
  tags?: { key: string; value: string }[];
};

/**
 * Starts the server. `register(model)` records what a team registers for an
 * AIModel entity: the version named by spec.registry with the weights'
 * digest as its `digest` tag and spec.aliases as its aliases, the version
 * kept to roll back to, and a training run that logged `trainingDatasets`
 * (default: the names of spec.datasets) as inputs.
 */
export async function startFakeMlflow() {
  const versions = new Map<string, ModelVersion>();
  const runs = new Map<string, object>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mlflow');
    const q = url.searchParams;
    const send = (status: number, body: unknown) => sendJson(res, status, body);
    const notFound = (what: string) =>
      send(404, {
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: `${what} not found`,
      });
    if (url.pathname === '/api/2.0/mlflow/model-versions/get') {
      const v = versions.get(`${q.get('name')}/${q.get('version')}`);
      return v
        ? send(200, { model_version: v })
        : notFound(
            `Model Version (name=${q.get('name')}, version=${q.get(
              'version',
            )})`,
          );
    }
    if (url.pathname === '/api/2.0/mlflow/registered-models/get') {
      const known = [...versions.values()].some(v => v.name === q.get('name'));
      return known
        ? send(200, { registered_model: { name: q.get('name'), tags: [] } })
        : notFound(`Registered Model with name=${q.get('name')}`);
    }
    if (url.pathname === '/api/2.0/mlflow/runs/get') {
      const run = runs.get(q.get('run_id') ?? '');
      return run ? send(200, { run }) : notFound(`Run '${q.get('run_id')}'`);
    }
    return notFound(url.pathname);
  });
  const url = await listenOnLoopback(server);
  return {
    url,
    register(
      model: Entity,
      {
        digest,
        trainingDatasets,
      }: { digest?: string; trainingDatasets?: string[] } = {},
    ) {
      const spec = model.spec as any;
      const { name, version } = spec.registry;
      const runId = `run-${runs.size + 1}`;
      const datasets =
        trainingDatasets ??
        ((spec.datasets ?? []) as string[]).map(ref =>
          ref.replace(/^.*[:/]/, ''),
        );
      runs.set(runId, {
        info: { run_id: runId, experiment_id: '1', status: 'FINISHED' },
        data: { metrics: [], params: [], tags: [] },
        inputs: {
          dataset_inputs: datasets.map(dataset => ({
            tags: [{ key: 'mlflow.data.context', value: 'training' }],
            dataset: { name: dataset, digest: 'd41d8c', source_type: 'delta' },
          })),
        },
      });
      versions.set(`${name}/${version}`, {
        name,
        version: String(version),
        source: spec.artifact?.uri,
        run_id: runId,
        status: 'READY',
        aliases: spec.aliases ?? [],
        tags: [{ key: 'digest', value: digest ?? spec.artifact?.digest }],
      });
      // The version kept to roll back to, with its own weights and digest.
      const previous = spec.rollbackVersion;
      if (previous !== undefined) {
        versions.set(`${name}/${previous}`, {
          name,
          version: String(previous),
          status: 'READY',
          ...(spec.rollbackArtifact
            ? {
                source: spec.rollbackArtifact.uri,
                tags: [{ key: 'digest', value: spec.rollbackArtifact.digest }],
              }
            : {}),
        });
      }
    },
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * The demo registry: the example catalog's MLflow models as their teams
 * registered them, except that the fraud scorer's registered weights were
 * replaced after its catalog entry was written (another digest), so the
 * scorecard shows what a mismatch looks like. Writes the app-config that
 * points the scorecard at it, marked `demo: true`.
 */
export async function startDemoMlflow(): Promise<DemoService> {
  const mlflow = await startFakeMlflow();
  const models = exampleEntities(['models']).filter(
    e => e?.kind === 'AIModel' && (e.spec as any)?.registry?.type === 'mlflow',
  );
  for (const model of models) {
    mlflow.register(
      model,
      model.metadata.name === 'fraud-scorer-xgb'
        ? { digest: `sha256:${'5e'.repeat(32)}` }
        : {},
    );
  }
  return demoService('demo-mlflow', mlflow, {
    aiScorecard: {
      registries: {
        mlflow: { demo: { baseUrl: mlflow.url, demo: true } },
      },
    },
  });
}
