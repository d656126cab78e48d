// npm run start:demo — the portal as `npm start` runs it, plus a local
// Prometheus with 30 days of demo history, so that the cost and SLO cards
// of the example vLLM service, its model and the LLM gateway show data, and
// a simulated Kubernetes cluster, so that the scorecard shows live evidence,
// drift and unregistered model servers, and an MLflow registry holding the
// example models' versions, so that digests and training data are checked
// against it, and Phoenix, Langfuse and LangSmith APIs holding a day of the
// example services' traces. The UI labels all four as demo data. Once the
// portal is up it creates one service through the AI service golden path
// and one model server through the LLM serving golden path, so that the
// scorecard grades prompt-injection guards it can read.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  repoRoot,
  runMain,
  startDemoServices,
  templateMatrix,
  waitFor,
} from '@internal/test-kit';

const BACKEND = 'http://localhost:7007';

/** A service the demo creates through a golden path, and the guard rule it shows. */
type Guarded = {
  name: string;
  template: 'ai-service' | 'llm-serving';
  title: string;
  description: string;
  rule: string;
  values?: Record<string, unknown>;
};

const GUARDED: Guarded[] = [
  {
    name: 'triage-assistant',
    template: 'ai-service',
    title: 'AI service',
    description:
      'Triages fraud alerts for analysts; created by npm run start:demo through the AI service golden path',
    rule: 'security-compliance.prompt-injection-guard',
    values: { workload: 'triage-assistant' },
  },
  {
    name: 'guarded-chat',
    template: 'llm-serving',
    title: 'LLM serving',
    description:
      'Serves Llama 3.1 8B behind the prompt-injection guard; created by npm run start:demo through the LLM serving golden path',
    rule: 'security-compliance.serving-guard',
  },
];

/**
 * Runs a golden path for one demo service and grades it: the example
 * catalog's services are plain files, whose repositories the scorecard
 * cannot read, so the guard rules are unknown for them. The repository
 * lands in the local publish directory (.local-publish), which outlives the
 * portal: on a later start it is registered again instead.
 */
async function createGuardedServices() {
  await waitFor(
    async () =>
      (
        await fetch(`${BACKEND}/.backstage/health/v1/readiness`).catch(
          (): undefined => undefined,
        )
      )?.ok ?? false,
    { timeoutMs: 600_000, intervalMs: 3000, what: 'the portal' },
  );
  const token = (
    await (await fetch(`${BACKEND}/api/auth/guest/refresh`)).json()
  ).backstageIdentity.token;
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${BACKEND}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
    });
    return {
      status: res.status,
      body: await res.json().catch((): null => null),
    };
  };
  for (const service of GUARDED) {
    try {
      await createGuarded(service, call);
    } catch (error) {
      console.error(
        `start:demo: ${service.name} was not created: ${
          (error as Error).message
        }`,
      );
    }
  }
}

async function createGuarded(
  service: Guarded,
  call: (
    path: string,
    init?: RequestInit,
  ) => Promise<{ status: number; body: any }>,
) {
  const catalogInfo = resolve(
    repoRoot,
    '.local-publish',
    service.name,
    'catalog-info.yaml',
  );
  if (existsSync(catalogInfo)) {
    await call('/api/catalog/locations', {
      method: 'POST',
      body: JSON.stringify({ type: 'file', target: catalogInfo }),
    });
  } else {
    const [entry] = templateMatrix()[service.template];
    const created = await call('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: `template:default/${service.template}`,
        values: {
          ...entry.values,
          ...service.values,
          name: service.name,
          repoUrl: `github.com?owner=acme&repo=${service.name}`,
          description: service.description,
        },
      }),
    });
    const task = await waitFor(
      async () => {
        const t = (await call(`/api/scaffolder/v2/tasks/${created.body.id}`))
          .body;
        return ['completed', 'failed'].includes(t?.status) && t;
      },
      { timeoutMs: 120_000, intervalMs: 1000, what: 'the golden path' },
    );
    if (task.status !== 'completed') {
      throw new Error(
        `the ${service.title} golden path failed (task ${created.body.id})`,
      );
    }
  }
  const ref = `component/default/${service.name}`;
  await waitFor(
    async () =>
      (await call(`/api/catalog/entities/by-name/${ref}`)).status === 200,
    { timeoutMs: 120_000, intervalMs: 1000, what: `${ref} in the catalog` },
  );
  const { body } = await call(`/api/ai-scorecard/scorecards/${ref}/refresh`, {
    method: 'POST',
  });
  const guard = body?.scorecard?.results?.find(
    (r: { ruleId: string }) => r.ruleId === service.rule,
  );
  console.log(
    `start:demo: ${service.name}, created through the ${service.title} golden path, grades ${body?.scorecard?.grade}; ${service.rule}: ${guard?.status}`,
  );
}

runMain(async () => {
  const demo = await startDemoServices(line => console.log(line));
  const portal = spawn(
    resolve(repoRoot, 'node_modules/.bin/backstage-cli'),
    [
      'repo',
      'start',
      ...[resolve(repoRoot, 'app-config.yaml'), ...demo.configFiles].flatMap(
        c => ['--config', c],
      ),
    ],
    { cwd: repoRoot, stdio: 'inherit' },
  );
  const stop = async () => {
    portal.kill('SIGINT');
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  portal.on('exit', async code => {
    await demo.stop();
    process.exit(code ?? 0);
  });
  createGuardedServices().catch(error =>
    console.error(`start:demo: ${error.message}`),
  );
  // The portal runs until it exits or is stopped.
  await new Promise(() => {});
});
