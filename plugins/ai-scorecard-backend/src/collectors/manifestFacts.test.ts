import yaml from 'yaml';
import { gradeOn } from '../__testUtils__/grade';
import { kubernetesFacts } from './manifestFacts';

/*
 * Each manifest fact with a real passing and a real failing example, in the
 * shapes the golden paths and hand-written repositories use.
 */

const docs = (text: string) => yaml.parseAllDocuments(text).map(d => d.toJS());

const server = (probes: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: chat }
spec:
  replicas: 2
  selector: { matchLabels: { app.kubernetes.io/name: chat } }
  template:
    metadata: { labels: { app.kubernetes.io/name: chat, tier: model } }
    spec:
      containers:
        - name: server
          image: vllm/vllm-openai:v0.8.5
          resources: { limits: { nvidia.com/gpu: 1 } }
${probes}
`;
const allProbes = `          startupProbe: { httpGet: { path: /health, port: http } }
          readinessProbe: { httpGet: { path: /health, port: http } }
          livenessProbe: { httpGet: { path: /health, port: http } }`;

const scaler = (min: number | undefined, max: number | undefined) => `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: chat }
spec:
  scaleTargetRef: { name: chat }
${min === undefined ? '' : `  minReplicaCount: ${min}\n`}${
  max === undefined ? '' : `  maxReplicaCount: ${max}\n`
}  triggers:
    - type: prometheus
      metadata: { query: 'sum(vllm:num_requests_waiting)', threshold: '8' }
`;

const pdb = (spec: string) => `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: chat }
spec:
${spec}
`;

const facts = (...texts: string[]) =>
  kubernetesFacts(texts.flatMap(docs) as any);

describe('kubernetesFacts', () => {
  it.each([
    [2, 6, true],
    // Was a pass: KEDA's webhook refuses a minimum above the maximum.
    [8, 2, false],
    [2, undefined, false],
    [undefined, 6, false],
  ])(
    'autoscaling from %s to %s replicas is bounded: %s',
    (min, max, expected) => {
      expect(
        facts(server(allProbes), scaler(min, max)).autoscaling.bounded,
      ).toBe(expected);
    },
  );

  it.each([
    [
      'maxUnavailable 1, selecting the pods',
      `  maxUnavailable: 1\n  selector: { matchLabels: { app.kubernetes.io/name: chat } }`,
      true,
    ],
    [
      'minAvailable 1 of 2 replicas',
      `  minAvailable: 1\n  selector: { matchLabels: { app.kubernetes.io/name: chat } }`,
      true,
    ],
    [
      'an In expression',
      `  maxUnavailable: 50%\n  selector: { matchExpressions: [{ key: tier, operator: In, values: [model] }] }`,
      true,
    ],
    // Were passes: a budget that selects nothing, or lets no pod go.
    [
      'a selector for other pods',
      `  maxUnavailable: 1\n  selector: { matchLabels: { app.kubernetes.io/name: retriever } }`,
      false,
    ],
    ['an empty selector', `  maxUnavailable: 1\n  selector: {}`, false],
    [
      'maxUnavailable 0',
      `  maxUnavailable: 0\n  selector: { matchLabels: { app.kubernetes.io/name: chat } }`,
      false,
    ],
    [
      'minAvailable equal to the minimum replicas',
      `  minAvailable: 2\n  selector: { matchLabels: { app.kubernetes.io/name: chat } }`,
      false,
    ],
    [
      'minAvailable 100%',
      `  minAvailable: 100%\n  selector: { matchLabels: { app.kubernetes.io/name: chat } }`,
      false,
    ],
  ])('a PodDisruptionBudget with %s', (_name, spec, expected) => {
    expect(
      facts(server(allProbes), scaler(2, 6), pdb(spec)).podDisruptionBudget,
    ).toBe(expected);
  });

  it('finds the predictor pods of a KServe InferenceService by its labels', () => {
    const isvc = `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: chat }
spec:
  predictor:
    minReplicas: 2
    labels: { app.kubernetes.io/name: chat }
    containers:
      - name: kserve-container
        image: vllm/vllm-openai:v0.8.5
        resources: { limits: { nvidia.com/gpu: 1 } }
${allProbes.replace(/^ {2}/gm, '')}
`;
    expect(
      facts(
        isvc,
        pdb(
          `  maxUnavailable: 1\n  selector: { matchLabels: { app.kubernetes.io/name: chat } }`,
        ),
      ).podDisruptionBudget,
    ).toBe(true);
    expect(facts(isvc).podDisruptionBudget).toBe(false);
  });

  it('requires the startup probe the rule names (was: readiness and liveness only)', () => {
    expect(facts(server(allProbes)).probes).toBe(true);
    expect(
      facts(server(allProbes.split('\n').slice(1).join('\n'))).probes,
    ).toBe(false);
  });
});

describe('the autoscaling ceiling', () => {
  const pinned = (nodeSelector: string, affinity = '') =>
    server(allProbes).replace(
      '    spec:\n      containers:',
      `    spec:\n      nodeSelector: ${nodeSelector}\n${affinity}      containers:`,
    );
  const preferSpot = `      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 50
              preference: { matchExpressions: [{ key: ai-refarch.io/capacity, operator: In, values: [spot] }] }
`;

  it("is the scaler's maximum, priced on demand unless the pods are pinned to spot", () => {
    expect(
      facts(
        pinned('{ ai-refarch.io/gpu-type: nvidia-l4 }', preferSpot),
        scaler(2, 6),
      ).ceiling,
    ).toEqual([
      { gpuType: 'nvidia-l4', gpus: 1, replicas: 6, capacity: 'on-demand' },
    ]);
    expect(
      facts(
        pinned(
          '{ ai-refarch.io/gpu-type: nvidia-l4, ai-refarch.io/capacity: spot }',
        ),
        scaler(2, 6),
      ).ceiling,
    ).toEqual([
      { gpuType: 'nvidia-l4', gpus: 1, replicas: 6, capacity: 'spot' },
    ]);
  });

  it('reads the GPU type from a required node affinity, and a KServe predictor without a scaler', () => {
    const isvc = `
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: chat }
spec:
  predictor:
    minReplicas: 1
    maxReplicas: 4
    affinity:
      nodeAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
            - matchExpressions: [{ key: ai-refarch.io/gpu-type, operator: In, values: [nvidia-h100-80gb] }]
    model:
      modelFormat: { name: huggingface }
      resources: { limits: { nvidia.com/gpu: 2 } }
`;
    expect(facts(isvc).ceiling).toEqual([
      {
        gpuType: 'nvidia-h100-80gb',
        gpus: 2,
        replicas: 4,
        capacity: 'on-demand',
      },
    ]);
  });

  it('is not known when a GPU workload does not pin its GPU type', () => {
    expect(facts(server(allProbes), scaler(2, 6)).ceiling).toBeNull();
  });
});

describe('cost labels on the workloads', () => {
  const workload = (labels: string) =>
    docs(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: chat }
spec:
  template:
    metadata: { labels: { app.kubernetes.io/name: chat${labels} } }
    spec: { containers: [{ name: server, image: x }] }
`);
  const entity = {
    'ai-refarch.io/team': 'ml',
    'ai-refarch.io/tenant': 'support',
  };

  it("passes pods labelled with the entity's team and tenant", () => {
    expect(
      kubernetesFacts(
        workload(', ai-refarch.io/team: ml, ai-refarch.io/tenant: support'),
        entity,
      ).costLabels,
    ).toBe(true);
  });

  it('fails pods without them, or labelled for another team', () => {
    expect(kubernetesFacts(workload(''), entity).costLabels).toBe(false);
    expect(
      kubernetesFacts(
        workload(', ai-refarch.io/team: search, ai-refarch.io/tenant: support'),
        entity,
      ).costLabels,
    ).toBe(false);
  });

  it('has nothing to check without workloads', () => {
    expect(kubernetesFacts(docs('kind: ConfigMap'), entity).costLabels).toBe(
      null,
    );
  });
});

describe('schedules of data pipelines', () => {
  // As the RAG golden path writes them: a CronJob, or an Argo CronWorkflow
  // (spec.schedules since Argo Workflows 3.6, spec.schedule before).
  const cronJob = (id: string, schedule: string) => `
apiVersion: batch/v1
kind: CronJob
metadata: { name: ingest, labels: { backstage.io/kubernetes-id: ${id} } }
spec:
  schedule: '${schedule}'
  jobTemplate: { spec: { template: { spec: { containers: [{ name: ingest, image: x }] } } } }
`;
  const cronWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: { name: ingest, labels: { backstage.io/kubernetes-id: kb-ingest } }
spec:
  schedules: ['0 */6 * * *', '30 1 * * 0']
  workflowSpec: { entrypoint: ingest }
`;
  const pipeline = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'kb-ingest',
      annotations: { 'backstage.io/kubernetes-id': 'kb-ingest' },
    },
    spec: { type: 'data-pipeline', lifecycle: 'production' },
  };
  const graded = (manifests: string) =>
    gradeOn(pipeline, {
      'repo.kubernetes': {
        value: kubernetesFacts(docs(manifests) as any, {}, 'kb-ingest'),
        source: 'repo:test',
        observedAt: '2026-12-06T00:00:00Z',
      },
    })('mlops-platform.pipeline-scheduled').status;

  it("reads the schedules of the pipeline's CronJobs and CronWorkflows", () => {
    expect(
      kubernetesFacts(
        docs(cronJob('kb-ingest', '@daily')) as any,
        {},
        'kb-ingest',
      ).schedules,
    ).toEqual(['@daily']);
    expect(
      kubernetesFacts(docs(cronWorkflow) as any, {}, 'kb-ingest').schedules,
    ).toEqual(['0 */6 * * *', '30 1 * * 0']);
    expect(graded(cronWorkflow)).toBe('pass');
  });

  it('fails a pipeline whose repository runs nothing on a schedule for it', () => {
    // Another job's schedule, and a Deployment, are not the pipeline's.
    expect(graded(cronJob('other-ingest', '@hourly'))).toBe('fail');
    expect(graded(server(allProbes))).toBe('fail');
  });
});
