import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { GpuPrice } from '@ai-refarch/plugin-ai-model-common';
import { gradeOn } from '../__testUtils__/grade';
import { RepoFactCollector } from './RepoFactCollector';

// A generated model server's repository, as the LLM serving golden path writes it.
const repository: Record<string, string> = {
  'kubernetes/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata: { name: chat }
spec:
  template:
    metadata: { labels: { app.kubernetes.io/name: chat } }
    spec:
      topologySpreadConstraints:
        - { maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway }
      containers:
        - name: server
          image: vllm/vllm-openai:v0.8.5
          startupProbe: { httpGet: { path: /health, port: http } }
          readinessProbe: { httpGet: { path: /health, port: http } }
          livenessProbe: { httpGet: { path: /health, port: http } }
          resources: { limits: { nvidia.com/gpu: 1 } }
---
apiVersion: v1
kind: Service
metadata: { name: chat }
`,
  'kubernetes/autoscaling.yaml': `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: chat }
spec:
  minReplicaCount: 2
  maxReplicaCount: 6
  triggers:
    - type: prometheus
      metadata: { query: 'sum(vllm:num_requests_waiting{service="chat"})', threshold: '8' }
`,
  'kubernetes/pdb.yaml': `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: chat }
spec:
  maxUnavailable: 1
  selector: { matchLabels: { app.kubernetes.io/name: chat } }
`,
  'kubernetes/slo-availability.yaml': `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: chat-slo-availability }
spec:
  groups:
    - name: slo-availability
      rules:
        - { record: 'slo:sli_error:ratio_rate1h', expr: 'vector(0)', labels: { slo: availability } }
        - { alert: SLOErrorBudgetBurnFast, expr: 'vector(1)', labels: { slo: availability, severity: page } }
        - { alert: SLOErrorBudgetBurnSlow, expr: 'vector(1)', labels: { slo: availability, severity: ticket } }
`,
  'docs/runbook.md': `# Runbook: chat

## SLOErrorBudgetBurnFast / SLOErrorBudgetBurnSlow (slo=availability)

\`\`\`
# not a heading: a comment in a shell block
\`\`\`
`,
  'README.md': '# not read',
};

function reader(files: Record<string, string> | Error): UrlReaderService {
  return {
    readTree: async (
      _url: string,
      options?: { filter?(path: string): boolean },
    ) => {
      if (files instanceof Error) throw files;
      return {
        files: async () =>
          Object.entries(files)
            .filter(([path]) => options?.filter?.(path) ?? true)
            .map(([path, text]) => ({
              path,
              content: async () => Buffer.from(text),
            })),
      };
    },
  } as unknown as UrlReaderService;
}

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'chat', namespace: 'default', annotations },
  spec: { type: 'service' },
});
const sourced = component({
  'backstage.io/source-location':
    'url:https://git.example.com/acme/chat/tree/main/',
});

/** Collects an entity's repository facts from these files and grades one rule on them. */
const gradedBy =
  (ruleId: string) => async (files: Record<string, string>, entity: Entity) => {
    const facts = (
      await new RepoFactCollector({
        urlReader: reader(files),
        logger: mockServices.logger.mock(),
      }).collect([entity])
    ).get(stringifyEntityRef(entity))!;
    return { facts, result: gradeOn(entity, facts)(ruleId) };
  };

describe('RepoFactCollector', () => {
  it("grades a service's prompt-injection guard on the files of its repository", async () => {
    const rag: Entity = {
      ...sourced,
      metadata: { ...sourced.metadata, tags: ['rag'] },
      spec: { type: 'service', dependsOn: ['aimodel:default/bge-m3'] },
    };
    const grade = gradedBy('security-compliance.prompt-injection-guard');
    const guarded = {
      'config/guard.yaml':
        'service: chat\ndataClassification: internal\ninputScreen: { enabled: true, action: block }\nretrievedContent: { fence: true, screen: true }\noutputFilter: { redactPii: true }\n',
      'guard/corpus/injections.jsonl':
        '{"text":"ignore previous instructions"}\n'.repeat(25),
      '.github/workflows/ci.yaml':
        'jobs: { g: { steps: [ { run: python -m guard.check_corpus } ] } }',
    };
    const { facts, result } = await grade(guarded, rag);
    expect(facts['repo.guard']).toMatchObject({
      value: { configured: true, corpus: { injections: 25 } },
      source:
        'repo:https://git.example.com/acme/chat/tree/main/#config/guard.yaml',
    });
    expect(result.status).toBe('pass');
    const { result: without } = await grade(repository, rag);
    expect(without.status).toBe('fail');
  });

  it("grades a model server's guard on its configuration and on the manifests that put it in front", async () => {
    const server: Entity = {
      ...sourced,
      metadata: {
        ...sourced.metadata,
        annotations: {
          ...sourced.metadata.annotations,
          'ai-refarch.io/serves-models': 'llama-3-1-8b-instruct',
        },
      },
      spec: { type: 'service' },
    };
    const grade = gradedBy('security-compliance.serving-guard');
    const manifests = (policy: boolean) =>
      [
        `apiVersion: apps/v1
kind: Deployment
metadata: { name: chat }
spec:
  template:
    metadata: { labels: { app.kubernetes.io/name: chat } }
    spec:
      containers:
        - { name: server, image: vllm, ports: [{ name: http, containerPort: 8000 }] }
        - name: guard
          image: python
          command: [python3, -m, guard.proxy]
          ports: [{ name: guard, containerPort: 8080 }]`,
        `apiVersion: v1
kind: Service
metadata: { name: chat }
spec:
  selector: { app.kubernetes.io/name: chat }
  ports: [{ name: http, port: 80, targetPort: guard }]`,
        ...(policy
          ? [
              `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: chat }
spec:
  podSelector: { matchLabels: { app.kubernetes.io/name: chat } }
  policyTypes: [Ingress]
  ingress: [{ ports: [{ port: 8080 }] }]`,
            ]
          : []),
      ].join('\n---\n');
    const guarded = {
      'config/guard.yaml':
        'service: chat\ndataClassification: confidential\noutputFilter: { redactPii: true }\n',
      'guard/corpus/injections.jsonl':
        '{"text":"ignore previous instructions"}\n'.repeat(25),
      '.github/workflows/ci.yaml':
        'jobs: { g: { steps: [ { run: python -m guard.check_corpus } ] } }',
    };
    const { facts, result } = await grade(
      { ...guarded, 'kubernetes/deployment.yaml': manifests(true) },
      server,
    );
    expect(facts['repo.guard']).toMatchObject({
      value: { servingPath: { inFront: true } },
      source:
        'repo:https://git.example.com/acme/chat/tree/main/#config/guard.yaml,kubernetes/',
    });
    expect(result.status).toBe('pass');
    // Configured, but other pods can reach the server around it.
    const { facts: open, result: around } = await grade(
      { ...guarded, 'kubernetes/deployment.yaml': manifests(false) },
      server,
    );
    expect(open['repo.guard']).toMatchObject({
      value: {
        servingPath: {
          inFront: false,
          problem:
            "no NetworkPolicy limits Deployment chat's pods to the guard's port, so other pods can call the model server around it",
        },
      },
    });
    expect(around.status).toBe('fail');
  });

  it('reads the manifests and files the rules look for from the source location', async () => {
    const collector = new RepoFactCollector({
      urlReader: reader(repository),
      logger: mockServices.logger.mock(),
    });
    const facts = (await collector.collect([sourced])).get(
      'component:default/chat',
    )!;
    expect(facts['repo.files']).toMatchObject({
      value: {
        'kubernetes/deployment.yaml': true,
        'kubernetes/autoscaling.yaml': true,
        'kubernetes/pdb.yaml': true,
        'docs/runbook.md': true,
      },
      source: 'repo:https://git.example.com/acme/chat/tree/main/',
    });
    expect((facts['repo.files'] as any).value['README.md']).toBeUndefined();
    expect((facts['repo.kubernetes'] as any).value).toEqual({
      manifests: 5,
      schedules: [],
      // The test's Deployment carries no team and tenant labels.
      costLabels: false,
      zoneSpread: true,
      podDisruptionBudget: true,
      probes: true,
      gpuRequests: true,
      serviceMonitor: false,
      imagesPinned: false,
      autoscaling: {
        present: true,
        bounded: true,
        queueMetric: 'vllm:num_requests_waiting',
      },
      // The test's Deployment does not pin a GPU type.
      ceiling: null,
    });
    expect((facts['repo.ragConfig'] as any).value).toBeNull();
  });

  const withRunbook = (runbook: string, files = repository) =>
    new RepoFactCollector({
      urlReader: reader(files),
      logger: mockServices.logger.mock(),
    })
      .collect([
        component({
          ...sourced.metadata.annotations,
          'ai-refarch.io/runbook': runbook,
        }),
      ])
      .then(f => f.get('component:default/chat')!);

  it('prices the autoscaling maximum against the monthly budget, or says what is missing', async () => {
    // The golden path's shape: the scaler targets the Deployment, which pins
    // its GPU type; 6 replicas × 1 L4 × 730 h × 0.8 on demand = 3,504.
    const files = {
      ...repository,
      'kubernetes/deployment.yaml': repository[
        'kubernetes/deployment.yaml'
      ].replace(
        '      containers:',
        '      nodeSelector: { ai-refarch.io/gpu-type: nvidia-l4 }\n      containers:',
      ),
      'kubernetes/autoscaling.yaml': repository[
        'kubernetes/autoscaling.yaml'
      ].replace('spec:\n', 'spec:\n  scaleTargetRef: { name: chat }\n'),
    };
    const ceiling = async (
      annotations: Record<string, string>,
      gpuPrices: Record<string, GpuPrice> = {
        'nvidia-l4': {
          memoryGiB: 24,
          onDemandPerHour: 0.8,
          spotPerHour: 0.3,
          perNode: 8,
        },
      },
    ) =>
      (
        await new RepoFactCollector({
          urlReader: reader(files),
          logger: mockServices.logger.mock(),
          gpuPrices,
        }).collect([
          component({ ...sourced.metadata.annotations, ...annotations }),
        ])
      ).get('component:default/chat')!['repo.ceilingCost'] as any;
    expect(
      (await ceiling({ 'ai-refarch.io/monthly-budget': '4000 USD' })).value,
    ).toMatchObject({ ceilingMonthly: 3504, budget: 4000, withinBudget: true });
    expect(
      (await ceiling({ 'ai-refarch.io/monthly-budget': '3000' })).value,
    ).toMatchObject({
      ceilingMonthly: 3504,
      budget: 3000,
      withinBudget: false,
    });
    expect((await ceiling({})).unknown).toBe(
      'no ai-refarch.io/monthly-budget annotation',
    );
    expect(
      (await ceiling({ 'ai-refarch.io/monthly-budget': 'a lot' })).unknown,
    ).toMatch(/^ai-refarch\.io\/monthly-budget: "a lot" is not a budget/);
    expect(
      (await ceiling({ 'ai-refarch.io/monthly-budget': '4000' }, {})).unknown,
    ).toBe('aiRefarch.gpuPrices has no price for nvidia-l4');
  });

  it('reads the alerts of the PrometheusRules, and the runbook with a section for each', async () => {
    const facts = await withRunbook('docs/runbook.md');
    expect((facts['repo.alerting'] as any).value).toMatchObject({
      ruleFiles: 1,
      pageAlerts: 1,
      ticketAlerts: 1,
    });
    expect(facts['repo.runbook']).toMatchObject({
      value: {
        path: 'docs/runbook.md',
        exists: true,
        sections: [
          'Runbook: chat',
          'SLOErrorBudgetBurnFast / SLOErrorBudgetBurnSlow (slo=availability)',
        ],
        missingSections: [],
      },
      source:
        'repo:https://git.example.com/acme/chat/tree/main/#docs/runbook.md',
    });
  });

  it('names the alerts the runbook has no section for, and a runbook that is not in the repository', async () => {
    const bare = await withRunbook('./docs/runbook.md', {
      ...repository,
      'docs/runbook.md': '# Runbook\n\nRestart it.',
    });
    expect((bare['repo.runbook'] as any).value.missingSections).toEqual([
      'SLOErrorBudgetBurnFast (slo=availability)',
      'SLOErrorBudgetBurnSlow (slo=availability)',
    ]);
    const gone = await withRunbook('docs/oncall.md');
    expect((gone['repo.runbook'] as any).value).toMatchObject({
      path: 'docs/oncall.md',
      exists: false,
    });
    const wiki = await withRunbook('https://wiki.example.com/chat');
    expect(wiki['repo.runbook']).toMatchObject({
      unknown: expect.stringMatching(
        /^the runbook is at https:\/\/wiki\.example\.com\/chat, outside the repository/,
      ),
    });
  });

  it('finds no page or ticket alerts without rule files', async () => {
    const { 'kubernetes/slo-availability.yaml': _, ...noRules } = repository;
    const facts = await withRunbook('docs/runbook.md', noRules);
    expect((facts['repo.alerting'] as any).value).toEqual({
      ruleFiles: 0,
      alerts: [],
      pageAlerts: 0,
      ticketAlerts: 0,
    });
  });

  it.each([
    [component({}), 'no backstage.io/source-location annotation'],
    [
      component({ 'backstage.io/source-location': 'file:/srv/chat/' }),
      'backstage.io/source-location is a file location, which cannot be read as a repository',
    ],
  ])(
    'leaves the facts unknown, with the reason, for %#',
    async (entity, reason) => {
      const collector = new RepoFactCollector({
        urlReader: reader(repository),
        logger: mockServices.logger.mock(),
      });
      const facts = (await collector.collect([entity])).get(
        'component:default/chat',
      )!;
      expect(facts['repo.kubernetes']).toMatchObject({ unknown: reason });
    },
  );

  it('leaves the facts unknown when the repository cannot be read, and logs it', async () => {
    const logger = mockServices.logger.mock();
    const collector = new RepoFactCollector({
      urlReader: reader(
        new NotFoundError(
          'https://git.example.com/acme/chat/tree/main/ does not exist',
        ),
      ),
      logger,
    });
    const facts = (await collector.collect([sourced])).get(
      'component:default/chat',
    )!;
    expect(facts['repo.kubernetes']).toMatchObject({
      unknown:
        'could not read the repository: https://git.example.com/acme/chat/tree/main/ does not exist',
      source: 'repo:https://git.example.com/acme/chat/tree/main/',
    });
    expect(logger.warn).toHaveBeenCalled();
  });

  it('keeps a token in the source location out of the facts and the logs', async () => {
    const logger = mockServices.logger.mock();
    const url =
      'https://x-access-token:ghp_abc123@git.example.com/acme/chat/tree/main/?private_token=glpat-xyz';
    const collector = new RepoFactCollector({
      urlReader: reader(new NotFoundError(`${url} does not exist`)),
      logger,
    });
    const facts = (
      await collector.collect([
        component({ 'backstage.io/source-location': `url:${url}` }),
      ])
    ).get('component:default/chat')!;
    const written = JSON.stringify([facts, logger.warn.mock.calls]);
    expect(written).not.toMatch(/ghp_abc123|glpat-xyz/);
    expect(facts['repo.kubernetes']).toMatchObject({
      source:
        'repo:https://***@git.example.com/acme/chat/tree/main/?private_token=***',
    });
  });
});

describe('multi-region, from the clusters the Terraform creates', () => {
  const MULTI_REGION = 'gpu-cluster-topology.multi-region';
  const cluster = (
    regionsAnnotation: string,
    lifecycle = 'production',
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'inference-east',
      namespace: 'default',
      annotations: {
        'backstage.io/source-location':
          'url:https://git.example.com/platform/inference-east/tree/main/',
        'ai-refarch.io/regions': regionsAnnotation,
      },
    },
    spec: { type: 'kubernetes-cluster', lifecycle, owner: 'group:default/p' },
  });
  // The EKS golden path's Terraform shape: one provider alias and one
  // terraform-aws-modules/eks module per region.
  const eks = (...regions: string[]) =>
    Object.fromEntries([
      [
        'terraform/main.tf',
        regions
          .map(
            region => `
provider "aws" {
  alias  = "${region.replace(/-/g, '_')}"
  region = "${region}"
}
module "eks_${region.replace(/-/g, '_')}" {
  source    = "terraform-aws-modules/eks/aws"
  providers = { aws = aws.${region.replace(/-/g, '_')} }
}`,
          )
          .join('\n'),
      ],
    ]);
  const graded = gradedBy(MULTI_REGION);

  it('passes clusters created in two regions, and fails one region whatever the catalog entry says', async () => {
    const two = await graded(
      eks('us-east-1', 'eu-west-1'),
      cluster('us-east-1'),
    );
    expect(two.result.status).toBe('pass');
    expect(two.facts['repo.terraform']).toMatchObject({
      value: { regions: ['eu-west-1', 'us-east-1'], regionCount: 2 },
      source:
        'repo:https://git.example.com/platform/inference-east/tree/main/#terraform/',
    });
    // The annotation claims two regions; the Terraform creates one cluster.
    const one = await graded(eks('us-east-1'), cluster('us-east-1,eu-west-1'));
    expect(one.result).toMatchObject({
      status: 'fail',
      evidence: [{ fact: 'repo.terraform', actual: 1, expected: 2 }],
    });
  });

  it('is unknown, saying why, when the Terraform is missing, declares no cluster or hides the region', async () => {
    const reason = async (files: Record<string, string>) => {
      const { facts, result } = await graded(files, cluster('us-east-1'));
      expect(result.status).toBe('unknown');
      return (facts['repo.terraform'] as { unknown: string }).unknown;
    };
    expect(await reason({ 'README.md': '# no Terraform' })).toBe(
      'the repository has no Terraform (*.tf in its root or terraform/) that declares its clusters',
    );
    expect(
      await reason({ 'terraform/main.tf': 'resource "aws_s3_bucket" "b" {}' }),
    ).toMatch(/^the repository's Terraform declares no Kubernetes cluster \(/);
    expect(
      await reason({
        'terraform/main.tf':
          'resource "google_container_cluster" "x" { location = var.region }\nvariable "region" {}',
      }),
    ).toMatch(
      /^the region of google_container_cluster\.x \(terraform\/main\.tf\): location "\$\{var\.region\}" is not a literal/,
    );
    expect(await reason({ 'terraform/main.tf': 'module "x" {' })).toMatch(
      /^terraform\/main\.tf does not parse as HCL/,
    );
  });

  it('does not apply to clusters that are not in production', async () => {
    const { result } = await graded(
      eks('us-east-1'),
      cluster('us-east-1', 'experimental'),
    );
    expect(result.status).toBe('not-applicable');
  });
});

describe('the GPU envelope, from the node pools the Terraform and Karpenter declare', () => {
  const CAPACITY = 'gpu-cluster-topology.capacity-mix-declared';
  const cluster = (annotations: Record<string, string>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'inference',
      namespace: 'default',
      annotations: {
        'backstage.io/source-location':
          'url:https://git.example.com/platform/inference/tree/main/',
        ...annotations,
      },
    },
    spec: {
      type: 'kubernetes-cluster',
      lifecycle: 'production',
      owner: 'group:default/p',
    },
  });
  const declared = (maxGpus: string, spotShare: string) =>
    cluster({
      'ai-refarch.io/max-gpus': maxGpus,
      'ai-refarch.io/spot-share': spotShare,
    });
  // The EKS golden path's shape (templates/gpu-k8s-cluster/skeleton/eks): a
  // managed node group holds each GPU pool's minimum, a Karpenter NodePool
  // the room above it, in every region's cluster.
  const eks = (karpenterLimits: (string | null)[]) => ({
    'terraform/main.tf': ['us_east_1', 'eu_west_1']
      .map(
        r => `
module "eks_${r}" {
  source = "terraform-aws-modules/eks/aws"
  eks_managed_node_groups = {
    system = {
      instance_types = ["m6i.xlarge"]
      min_size = 2
      max_size = 4
    }
    inference_ondemand = {
      ami_type       = "AL2023_x86_64_NVIDIA"
      instance_types = ["g6.12xlarge"]
      capacity_type  = "ON_DEMAND"
      min_size       = 1
      max_size       = 1
    }
  }
}`,
      )
      .join('\n'),
    'kubernetes/karpenter.yaml': karpenterLimits
      .map(
        (limit, i) => `
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: { name: inference-${i ? 'spot' : 'ondemand'} }
spec:
  template:
    spec:
      requirements:
        - { key: node.kubernetes.io/instance-type, operator: In, values: [g6.12xlarge] }
        - { key: karpenter.sh/capacity-type, operator: In, values: [${
          i ? 'spot' : 'on-demand'
        }] }
      taints: [{ key: nvidia.com/gpu, value: "true", effect: NoSchedule }]
${limit === null ? '' : `  limits: { nvidia.com/gpu: ${limit} }`}
`,
      )
      .join('---'),
  });
  const graded = gradedBy(CAPACITY);

  it('passes when the pools add up to the declared ceiling and spot share in every cluster', async () => {
    // 4 GPUs in the node group, 4 on-demand and 8 spot in Karpenter: 16, half spot.
    const { facts, result } = await graded(
      eks(['4', '8']),
      declared('16', '0.5'),
    );
    expect(result.status).toBe('pass');
    expect(facts['repo.capacity']).toMatchObject({
      value: {
        clusters: [
          { address: 'module.eks_eu_west_1', maxGpus: 16, spotShare: 0.5 },
          { address: 'module.eks_us_east_1', maxGpus: 16, spotGpus: 8 },
        ],
        unbounded: [],
        mismatches: [],
      },
    });
  });

  it('fails a GPU NodePool without a limit, whatever the catalog declares (was: passed on the annotations alone)', async () => {
    const { result } = await graded(eks(['4', null]), declared('16', '0.5'));
    expect(result).toMatchObject({
      status: 'fail',
      evidence: [
        {
          fact: 'repo.capacity',
          actual: [
            'NodePool inference-spot (kubernetes/karpenter.yaml): it has no spec.limits for nvidia.com/gpu, so Karpenter may add GPU nodes without limit',
          ],
        },
        expect.anything(),
      ],
    });
  });

  it('fails a declared envelope the pools do not add up to, and a missing one, naming both numbers', async () => {
    const wrong = await graded(eks(['4', '8']), declared('24', '0.3'));
    expect(wrong.result.status).toBe('fail');
    const mismatches = (
      wrong.facts['repo.capacity'] as { value: { mismatches: string[] } }
    ).value.mismatches;
    expect(mismatches).toContain(
      'ai-refarch.io/max-gpus says 24 GPUs; module.eks_us_east_1 allows 16 (module.eks_us_east_1.eks_managed_node_groups.inference_ondemand: 4, NodePool inference-ondemand: 4, NodePool inference-spot: 8)',
    );
    expect(mismatches).toContain(
      'ai-refarch.io/spot-share says 0.3; module.eks_eu_west_1 has 8 of 16 GPUs on spot (0.5)',
    );
    const none = await graded(eks(['4', '8']), cluster({}));
    expect(none.result.status).toBe('fail');
    expect(
      (none.facts['repo.capacity'] as { value: { mismatches: string[] } }).value
        .mismatches,
    ).toEqual([
      'the Resource declares no ai-refarch.io/max-gpus; module.eks_eu_west_1 allows 16, module.eks_us_east_1 allows 16',
      'the Resource declares no ai-refarch.io/spot-share; module.eks_eu_west_1 has 0.5 on spot, module.eks_us_east_1 has 0.5 on spot',
    ]);
  });

  it('reads GKE and AKS node pools: accelerators, total or per-zone maxima, spot and priority', async () => {
    const gke = `
resource "google_container_cluster" "us" {
  location = "us-central1"
}
resource "google_container_node_pool" "system" {
  cluster = google_container_cluster.us.id
  autoscaling {
    total_max_node_count = 6
  }
  node_config {
    machine_type = "e2-standard-4"
  }
}
resource "google_container_node_pool" "l4_spot" {
  cluster = google_container_cluster.us.id
  autoscaling {
    total_max_node_count = var.spot_nodes
  }
  node_config {
    machine_type = "g2-standard-24"
    spot         = true
    guest_accelerator {
      type  = "nvidia-l4"
      count = 2
    }
  }
}
resource "google_container_node_pool" "h100" {
  cluster        = google_container_cluster.us.id
  node_locations = ["us-central1-a", "us-central1-b"]
  autoscaling {
    max_node_count = 1
  }
  node_config {
    machine_type = "a3-highgpu-8g"
  }
}
variable "spot_nodes" {
  default = 4
}`;
    const { facts, result } = await graded(
      { 'main.tf': gke },
      declared('24', '0.333'),
    );
    expect(facts['repo.capacity']).toMatchObject({
      value: {
        clusters: [
          {
            address: 'google_container_cluster.us',
            maxGpus: 24,
            spotGpus: 8,
            pools: [
              { address: 'google_container_node_pool.h100', maxGpus: 16 },
              { address: 'google_container_node_pool.l4_spot', maxGpus: 8 },
            ],
          },
        ],
      },
      source: 'repo:https://git.example.com/platform/inference/tree/main/#*.tf',
    });
    expect(result.status).toBe('pass');

    const aks = `
resource "azurerm_kubernetes_cluster" "eastus" {
  default_node_pool {
    vm_size   = "Standard_D4s_v5"
    max_count = 5
    auto_scaling_enabled = true
  }
}
resource "azurerm_kubernetes_cluster_node_pool" "a100sp" {
  kubernetes_cluster_id = azurerm_kubernetes_cluster.eastus.id
  vm_size               = "Standard_NC96ads_A100_v4"
  auto_scaling_enabled  = true
  max_count             = 3
  priority              = "Spot"
}
resource "azurerm_kubernetes_cluster_node_pool" "t4" {
  kubernetes_cluster_id = azurerm_kubernetes_cluster.eastus.id
  vm_size               = "Standard_NC8as_T4_v3"
  node_count            = 4
}`;
    const onAks = await graded({ 'main.tf': aks }, declared('16', '0.75'));
    expect(onAks.facts['repo.capacity']).toMatchObject({
      value: { clusters: [{ maxGpus: 16, spotGpus: 12, spotShare: 0.75 }] },
    });
    expect(onAks.result.status).toBe('pass');
  });

  it("is unknown, saying why, when a GPU pool's ceiling cannot be read", async () => {
    const reason = async (files: Record<string, string>) => {
      const { facts, result } = await graded(files, declared('8', '0'));
      expect(result.status).toBe('unknown');
      return (facts['repo.capacity'] as { unknown: string }).unknown;
    };
    expect(
      await reason({
        'main.tf': `
resource "google_container_cluster" "us" {}
resource "google_container_node_pool" "l4" {
  cluster = google_container_cluster.us.id
  autoscaling {
    max_node_count = 4
  }
  node_config {
    machine_type = "g2-standard-8"
  }
}`,
      }),
    ).toBe(
      'the GPU ceiling of google_container_node_pool.l4 (main.tf): its max_node_count is per zone and its zones (node_locations) are not listed cannot be read',
    );
    expect(
      await reason({
        'main.tf': `
resource "azurerm_kubernetes_cluster" "eastus" {}
resource "azurerm_kubernetes_cluster_node_pool" "big" {
  kubernetes_cluster_id = azurerm_kubernetes_cluster.eastus.id
  vm_size               = "Standard_NC24ads_A100_v4_new"
  node_count            = 1
}`,
      }),
    ).toMatch(/Standard_NC24ads_A100_v4_new is not in the GPU machine table/);
    expect(await reason({ 'README.md': '# no Terraform' })).toBe(
      'the repository has no Terraform (*.tf in its root or terraform/) that declares its clusters',
    );
  });
});
