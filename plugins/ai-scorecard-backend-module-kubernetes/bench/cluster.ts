/*
 * The loopback cluster of the live collector benchmark (collector.bench.ts
 * starts this file in its own process): NODES GPU nodes over three zones,
 * 30 % spot, and DEPLOYMENTS vLLM Deployments in 50 namespaces with their
 * Services, PodDisruptionBudgets (two in three), KEDA ScaledObjects (four in
 * five) and two running pods each, served by the test kit's loopback API server.
 * Prints its URL and CA as one JSON line, then serves until killed.
 */
import { scaledObject, startFakeApiServer } from '@internal/test-kit';
import {
  node,
  pdb,
  service,
  vllmDeployment,
} from '../src/__testUtils__/fixtures';

export const NODES = Number(process.env.BENCH_NODES ?? 2000);
export const DEPLOYMENTS = Number(process.env.BENCH_DEPLOYMENTS ?? 5000);
const NAMESPACES = 50;
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

export const ns = (i: number) => `serving-${i % NAMESPACES}`;
export const name = (i: number) => `svc-${i}`;

/** What a scheduled pod of a Deployment looks like in a List answer. */
function runningPod(
  deployment: ReturnType<typeof vllmDeployment>,
  replica: number,
  nodeName: string,
) {
  const template = deployment.spec.template;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${deployment.metadata.name}-7d9c8-${replica}`,
      namespace: deployment.metadata.namespace,
      labels: { ...template.metadata.labels, 'pod-template-hash': '7d9c8' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${deployment.metadata.name}-7d9c8`,
          uid: `rs-${deployment.metadata.name}`,
          controller: true,
        },
      ],
    },
    spec: { ...template.spec, nodeName },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'server', ready: true, restartCount: 0, image: 'vllm' },
      ],
    },
  };
}

function manifests(): object[] {
  const out: object[] = [];
  for (let n = 0; n < NODES; n++) {
    out.push(node(`gpu-${n}`, ZONES[n % 3], n % 10 < 3 ? 'spot' : 'on-demand'));
  }
  for (let i = 0; i < DEPLOYMENTS; i++) {
    const d = vllmDeployment(name(i), {
      id: name(i),
      namespace: ns(i),
      zoneSpread: i % 4 !== 0,
      labels: {
        'ai-refarch.io/team': `team-${i % 40}`,
        'ai-refarch.io/tenant': `tenant-${i % 12}`,
      },
    });
    out.push(d, service(name(i), ns(i)));
    if (i % 3 !== 0) out.push(pdb(name(i), ns(i)));
    if (i % 5 !== 0) {
      out.push(
        scaledObject(name(i), {
          namespace: ns(i),
          min: 1,
          max: 4,
          query: 'sum(vllm:num_requests_waiting)',
        }),
      );
    }
    for (let r = 0; r < 2; r++) {
      out.push(runningPod(d, r, `gpu-${(2 * i + r) % NODES}`));
    }
  }
  return out;
}

if (require.main === module) {
  startFakeApiServer({ token: 'bench', manifests: manifests() }).then(
    server => {
      process.stdout.write(
        `${JSON.stringify({ url: server.url, caData: server.caData })}\n`,
      );
    },
  );
}
