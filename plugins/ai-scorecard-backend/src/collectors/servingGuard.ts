import { selects } from '@ai-refarch/plugin-ai-scorecard-node';
import { podLabels, podSpec } from './manifestFacts';

/**
 * Whether a model server's manifests put the prompt-injection guard in
 * front of it, as the LLM serving golden path writes them: a container
 * that runs `guard.proxy` in each model-server pod (KServe: the collocated
 * `transformer-container`, which KServe routes to), every Service port that
 * reaches the pods sent to the guard's port (or a metrics port), and a
 * NetworkPolicy that opens the pods to nothing else, so no pod calls the
 * server around the guard.
 */
export type ServingGuard =
  | { inFront: true }
  | { inFront: false; problem: string };

type Manifest = Record<string, any>;
type Container = {
  name?: string;
  command?: unknown[];
  args?: unknown[];
  ports?: { name?: string; containerPort?: number }[];
};

const runsGuard = (c: Container) =>
  [...(c.command ?? []), ...(c.args ?? [])].some(
    part => typeof part === 'string' && /\bguard\.proxy\b/.test(part),
  );

const name = (m: Manifest) => `${m.kind} ${m.metadata?.name ?? '(unnamed)'}`;

export function servingGuard(manifests: Manifest[]): ServingGuard {
  const workloads = manifests.filter(m => podSpec(m));
  if (!workloads.length) {
    return {
      inFront: false,
      problem: 'kubernetes/ has no Deployment, StatefulSet or InferenceService',
    };
  }
  for (const workload of workloads) {
    const pod = {
      labels: podLabels(workload)!,
      containers: (podSpec(workload).containers ?? []) as Container[],
    };
    const guard = pod.containers.find(runsGuard);
    if (!guard) {
      return {
        inFront: false,
        problem: `${name(
          workload,
        )} runs no guard container (python -m guard.proxy)`,
      };
    }
    if (
      workload.kind === 'InferenceService' &&
      guard.name !== 'transformer-container'
    ) {
      return {
        inFront: false,
        problem: `${name(workload)}: the guard container is named ${
          guard.name
        }; KServe routes requests only to one named transformer-container`,
      };
    }
    // A port reaches the pods through the guard, or serves only metrics.
    const allowed = new Set<string | number>();
    for (const p of guard.ports ?? []) {
      if (p.name) allowed.add(p.name);
      if (p.containerPort) allowed.add(p.containerPort);
    }
    for (const c of pod.containers) {
      for (const p of c.ports ?? []) {
        if (p.name === 'metrics') {
          allowed.add('metrics');
          if (p.containerPort) allowed.add(p.containerPort);
        }
      }
    }
    for (const service of manifests.filter(m => m.kind === 'Service')) {
      if (!selects({ matchLabels: service.spec?.selector }, pod.labels)) {
        continue;
      }
      for (const port of service.spec?.ports ?? []) {
        const target = port.targetPort ?? port.port;
        if (!allowed.has(target)) {
          return {
            inFront: false,
            problem: `Service ${service.metadata?.name} port ${
              port.name ?? port.port
            } sends to ${target}, not to the guard`,
          };
        }
      }
    }
    const closed = manifests.some(
      m =>
        m.kind === 'NetworkPolicy' &&
        selects(m.spec?.podSelector, pod.labels) &&
        (m.spec?.policyTypes ?? ['Ingress']).includes('Ingress') &&
        (m.spec?.ingress ?? []).every(
          (rule: Manifest) =>
            Array.isArray(rule.ports) &&
            rule.ports.length > 0 &&
            rule.ports.every((p: Manifest) => allowed.has(p.port)),
        ),
    );
    if (!closed) {
      return {
        inFront: false,
        problem: `no NetworkPolicy limits ${name(
          workload,
        )}'s pods to the guard's port, so other pods can call the model server around it`,
      };
    }
  }
  return { inFront: true };
}
