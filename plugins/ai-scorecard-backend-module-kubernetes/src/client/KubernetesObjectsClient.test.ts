import { FakeApiServer, startFakeApiServer } from '@internal/test-kit';
import { healthyCluster } from '../__testUtils__/fixtures';
import { KubernetesObjectsClient } from './KubernetesObjectsClient';

// No Kubernetes API server can be installed here: these tests run the real
// @kubernetes/client-node against a loopback server that answers with the
// API server's JSON (@internal/test-kit).

const servers: FakeApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.close()));
});

async function clientFor(
  options: Partial<Parameters<typeof startFakeApiServer>[0]>,
  token = 'secret',
  timeoutMs = 2000,
) {
  const server = await startFakeApiServer({
    token: 'secret',
    manifests: healthyCluster(),
    ...options,
  });
  servers.push(server);
  return {
    server,
    client: new KubernetesObjectsClient(
      {
        name: 'prod-eu',
        url: server.url,
        authProvider: 'serviceAccount',
        authMetadata: {},
        serviceAccountToken: token,
        skipTLSVerify: false,
        demo: false,
        caData: server.caData,
      },
      timeoutMs,
    ),
  };
}

describe('KubernetesObjectsClient', () => {
  it('lists every resource the scorecard reads, following continue tokens', async () => {
    const { client, server } = await clientFor({ pageSize: 1 });
    const objects = await client.readAll();
    expect(objects.deployments.map(d => d.metadata?.name)).toEqual(['chat']);
    expect(
      objects.deployments[0].spec?.template.spec?.containers[0].args,
    ).toContain('--max-model-len');
    expect(objects.pods.map(p => p.spec?.nodeName)).toEqual(['gpu-a', 'gpu-b']);
    expect(Array.isArray(objects.nodes) && objects.nodes.length).toBe(2);
    expect(objects.scaledObjects[0].spec.maxReplicaCount).toBe(4);
    expect(objects.podDisruptionBudgets).toHaveLength(1);
    expect(objects.services).toHaveLength(1);
    expect(objects.notInstalled).toEqual([]);
    // two pods and two nodes, one per page
    expect(server.requests.filter(p => p === '/api/v1/pods')).toHaveLength(2);
    expect(server.requests.filter(p => p === '/api/v1/nodes')).toHaveLength(2);
  });

  it('treats a custom resource the cluster does not have (404) as none, and says so', async () => {
    const { client } = await clientFor({ crdGroups: ['keda.sh'] });
    const objects = await client.readAll();
    expect(objects.inferenceServices).toEqual([]);
    expect(objects.notInstalled).toEqual([
      'inferenceservices.serving.kserve.io',
    ]);
  });

  it('reports a wrong token as 401 naming the cluster', async () => {
    const { client } = await clientFor({}, 'wrong');
    await expect(client.readAll()).rejects.toThrow(
      /^cluster prod-eu: 401 Unauthorized \(check the service-account token\) listing \w+$/,
    );
  });

  it('reports a forbidden workload list as 403 with the API server message', async () => {
    const { client } = await clientFor({ forbidden: ['deployments'] });
    await expect(client.readAll()).rejects.toThrow(
      'cluster prod-eu: 403 Forbidden (the service account may not list it) listing deployments: deployments.apps is forbidden',
    );
  });

  it('keeps reading when only nodes are forbidden, and marks them unreadable', async () => {
    const { client } = await clientFor({ forbidden: ['nodes'] });
    const objects = await client.readAll();
    expect(objects.deployments).toHaveLength(1);
    expect(objects.nodes).toEqual({
      unreadable: expect.stringContaining(
        '403 Forbidden (the service account may not list it) listing nodes',
      ),
    });
  });

  it('refuses a server whose certificate the configured CA did not sign', async () => {
    const { client } = await clientFor({});
    (client.cluster as { caData?: string }).caData = undefined;
    const untrusted = new KubernetesObjectsClient(client.cluster, 2000);
    await expect(untrusted.readAll()).rejects.toThrow(
      /^cluster prod-eu: could not list \w+: .*self[- ]signed certificate/,
    );
  });

  it('gives up on a cluster that does not answer within the time-out', async () => {
    const { client } = await clientFor({ hang: true }, 'secret', 300);
    const started = Date.now();
    await expect(client.readAll()).rejects.toThrow(
      /^cluster prod-eu: no answer listing \w+ within 0.3 s \(aiScorecard.kubernetes.timeout\)$/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
