// Integration: no secret in any log line or error body. The dev back end runs
// with a credential in every place one can be configured or arrive — the
// Prometheus source (bearer token, basic auth, an API-key header), the MLflow
// registry token, a cluster's service-account token, a GitHub integration
// token and a token inside an entity's source-location URL — against
// loopback servers that refuse them (401) or a port nothing listens on, so
// every failure path runs: start-up, grading, the scorecard API, the cost and
// SLO API's 503s, the MCP actions. Then its whole log and every answer are
// searched for each secret.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  devPortalConfig,
  freePort,
  listenOnLoopback,
  repoRoot,
  startBackend,
  TestBackend,
  waitFor,
} from '@internal/test-kit';

const SECRETS = {
  prometheusToken: 'prom-bearer-5ecr3t-0001',
  prometheusPassword: 'prom-basic-5ecr3t-0002',
  prometheusHeader: 'prom-header-5ecr3t-0003',
  mlflowToken: 'mlflow-5ecr3t-0004',
  clusterToken: 'k8s-sa-5ecr3t-0005',
  githubToken: 'ghp_integration5ecr3t0006',
  urlToken: 'ghp_sourcelocation5ecr3t0007',
};

describe('secrets stay out of logs and answers', { timeout: 600_000 }, () => {
  let backend: TestBackend | undefined;
  let token: string;
  let dir: string;
  let refuser: Server;
  const answers: string[] = [];
  /** The credentials the refusing upstream was sent. */
  const received: string[] = [];

  async function call(path: string, init: RequestInit = {}) {
    if (!backend) throw new Error('the back end did not start');
    const answer = await backend.request(path, token, init);
    answers.push(
      `${init.method ?? 'GET'} ${path} ${answer.status}\n${answer.text}`,
    );
    return answer;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ai-refarch-secrets-'));
    // Every upstream refuses the credentials it is given.
    refuser = createServer((req, res) => {
      received.push(`${req.headers.authorization} ${req.headers['x-api-key']}`);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"unauthorized"}');
    });
    const refuserUrl = await listenOnLoopback(refuser);
    const closedPort = await freePort();

    const catalogFile = join(dir, 'leaky.yaml');
    writeFileSync(
      catalogFile,
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: leaky-service
  description: A service whose source location carries a token
  annotations:
    backstage.io/source-location: url:https://x-access-token:${SECRETS.urlToken}@github.com/acme/leaky-service/tree/main/
    backstage.io/kubernetes-id: leaky-service
    ai-refarch.io/runtime: vllm
    ai-refarch.io/monthly-budget: "1000"
    ai-refarch.io/prometheus-source: basic
spec:
  type: service
  lifecycle: production
  owner: group:default/ml-platform
  system: system:default/model-serving
`,
    );
    const configFile = join(dir, 'app-config.secrets.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        integrations: {
          github: [{ host: 'github.com', token: SECRETS.githubToken }],
        },
        catalog: {
          // Config arrays replace each other: the example catalog, then the
          // leaky service.
          locations: [
            ...(devPortalConfig() as any).catalog.locations.map(
              (l: { target: string }) => ({
                ...l,
                target: resolve(repoRoot, 'packages/backend', l.target),
              }),
            ),
            {
              type: 'file',
              target: catalogFile,
              rules: [{ allow: ['Component'] }],
            },
          ],
        },
        aiOps: {
          prometheus: {
            default: 'refusing',
            sources: {
              refusing: {
                baseUrl: refuserUrl,
                auth: { bearerToken: SECRETS.prometheusToken },
                headers: { 'X-Api-Key': SECRETS.prometheusHeader },
              },
              basic: {
                baseUrl: `http://127.0.0.1:${closedPort}`,
                auth: {
                  username: 'grafana',
                  password: SECRETS.prometheusPassword,
                },
              },
            },
          },
        },
        aiScorecard: {
          schedule: {
            frequency: { hours: 24 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 1 },
          },
          registries: {
            mlflow: {
              refusing: { baseUrl: refuserUrl, token: SECRETS.mlflowToken },
            },
          },
          kubernetes: {
            clusters: [
              {
                name: 'refusing',
                url: refuserUrl,
                // http: the client refuses plain HTTP unless told to
                skipTLSVerify: true,
                serviceAccountToken: SECRETS.clusterToken,
              },
            ],
          },
        },
      }),
    );
    backend = await startBackend({
      port: await freePort(),
      configs: ['app-config.yaml', configFile],
    });
    token = await backend.guestToken();
  });

  after(async () => {
    await backend?.stop();
    refuser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('grades, answers and fails without repeating a credential', async () => {
    const entity = 'component/default/leaky-service';
    await waitFor(
      async () =>
        (await call(`/api/ai-scorecard/scorecards/${entity}`)).status === 200,
      {
        timeoutMs: 180_000,
        intervalMs: 2000,
        what: 'the leaky service graded',
      },
    );
    await call(`/api/ai-scorecard/scorecards/${entity}/refresh`, {
      method: 'POST',
    });
    for (const path of [
      `/api/ai-scorecard/scorecards/${entity}`,
      '/api/ai-scorecard/scorecards/aimodel/default/llama-3-1-8b-instruct',
      '/api/ai-scorecard/overview',
      '/api/ai-scorecard/unregistered-model-servers',
      `/api/ai-ops/cost/${entity}?days=7`,
      `/api/ai-ops/slo/${entity}`,
      '/api/ai-ops/cost/component/default/vllm-chat?days=7',
      '/api/ai-ops/slo/component/default/vllm-chat',
    ]) {
      await call(path);
    }
    // The credentials were used: they reached the upstream that refused them.
    const sent = received.join('\n');
    for (const secret of [
      SECRETS.prometheusToken,
      SECRETS.prometheusHeader,
      SECRETS.mlflowToken,
      SECRETS.clusterToken,
    ]) {
      assert.ok(sent.includes(secret), `${secret} was sent`);
    }
    const said = `${backend?.log()}\n${answers.join('\n')}`;
    // The failure paths ran: each upstream refused or was not there.
    assert.match(said, /Prometheus data source refusing[^\n]*401/);
    assert.match(said, /Prometheus data source basic[^\n]*unreachable/);
    assert.match(said, /cluster refusing[^\n]*401/);
    assert.match(said, /Could not read https:\/\/\*\*\*@github\.com/);
    for (const [where, secret] of Object.entries(SECRETS)) {
      const lines = said.split('\n').filter(line => line.includes(secret));
      assert.deepEqual(lines, [], `the ${where} appears`);
    }
  });
});
