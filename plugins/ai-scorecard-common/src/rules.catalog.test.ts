import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Facts } from './evaluate';
import { scoreEntity, ScoredEntity } from './grade';
import { parseRuleSet } from './ruleSet';

/*
 * Each rule that reads what the catalog entry declares, with a real passing
 * and a real failing entity. (Rules that read repositories, clusters and
 * Prometheus are proven in their collectors' tests and grade.test.ts.)
 */

const { rules } = parseRuleSet(
  readFileSync(join(__dirname, '../rules/reference-architecture.yaml'), 'utf8'),
);

const selfHosted = (spec: object = {}): ScoredEntity => ({
  kind: 'AIModel',
  metadata: {},
  spec: {
    type: 'llm',
    lifecycle: 'production',
    provider: 'self-hosted',
    ...spec,
  },
});
const hosted = (spec: object = {}): ScoredEntity =>
  selfHosted({ provider: 'openai', ...spec });
const component = (
  type: string,
  annotations: Record<string, string> = {},
  extra: Partial<ScoredEntity['metadata']> = {},
): ScoredEntity => ({
  kind: 'Component',
  metadata: { annotations, ...extra },
  spec: { type, lifecycle: 'production', owner: 'group:default/ml' },
});
const DIGEST = `sha256:${'a'.repeat(64)}`;

const cases: [string, ScoredEntity, ScoredEntity][] = [
  [
    'gpu-cluster-topology.model-accelerator',
    selfHosted({ resources: { accelerator: 'nvidia-l4', count: 1 } }),
    selfHosted({ resources: { accelerator: 'nvidia-l4' } }),
  ],
  [
    'serving-runtime.declared',
    selfHosted({ serving: { runtime: 'vllm' } }),
    selfHosted(),
  ],
  [
    'serving-runtime.approved',
    selfHosted({ serving: { runtime: 'tgi' } }),
    selfHosted({ serving: { runtime: 'flask' } }),
  ],
  [
    'serving-runtime.prefix-caching',
    selfHosted({ serving: { engine: { enablePrefixCaching: true } } }),
    selfHosted({ serving: { engine: { enablePrefixCaching: false } } }),
  ],
  [
    'serving-runtime.max-model-len',
    selfHosted({ serving: { engine: { maxModelLen: 8192 } } }),
    selfHosted({ serving: { engine: {} } }),
  ],
  [
    'mlops-platform.registered',
    // (MLflow versions are also looked up in the registry: RegistryFactCollector.test.)
    selfHosted({ registry: { type: 'huggingface', version: '0e9e39f' } }),
    selfHosted({ registry: { type: 'huggingface' } }),
  ],
  [
    'mlops-platform.alias',
    selfHosted({ aliases: ['champion'] }),
    selfHosted({ aliases: [] }),
  ],
  [
    'mlops-platform.training-data-lineage',
    selfHosted({
      baseModel: 'aimodel:default/llama',
      datasets: ['resource:x'],
    }),
    selfHosted({ baseModel: 'aimodel:default/llama' }),
  ],
  [
    'llm-observability.evaluations',
    selfHosted({
      evaluations: [{ metric: 'mmlu', value: 0.7, threshold: 0.6 }],
    }),
    selfHosted({ evaluations: [{ metric: 'mmlu', value: 0.7 }] }),
  ],
  [
    'cost-discipline.hosted-pricing',
    hosted({ pricing: { inputPer1MTokens: 2.5, outputPer1MTokens: 10 } }),
    hosted(),
  ],
  [
    'security-compliance.artifact-digest',
    selfHosted({ artifact: { digest: DIGEST } }),
    selfHosted({ artifact: { digest: 'sha256:abc' } }),
  ],
  [
    'security-compliance.license',
    selfHosted({ license: 'llama3.1' }),
    selfHosted(),
  ],
  [
    'security-compliance.risk-tier',
    selfHosted({ risk: 'limited' }),
    selfHosted(),
  ],
  [
    'on-call-incidents.rollback-version',
    selfHosted({
      rollbackVersion: '2',
      rollbackArtifact: { uri: 's3://m/2', digest: `sha256:${'b'.repeat(64)}` },
    }),
    selfHosted(),
  ],
  [
    'on-call-incidents.rollback-version',
    selfHosted({
      rollbackVersion: '2',
      rollbackArtifact: { uri: 's3://m/2', digest: `sha256:${'b'.repeat(64)}` },
    }),
    // A version to roll back to, but not its weights: nothing to deploy.
    selfHosted({ rollbackVersion: '2' }),
  ],
  [
    'on-call-incidents.team-owner',
    component('service'),
    {
      ...component('service'),
      spec: { type: 'service', owner: 'user:default/ada' },
    },
  ],
];

const statusOf = (ruleId: string, entity: ScoredEntity) => {
  const facts: Facts = {
    'catalog.entity': {
      value: entity,
      source: 'catalog:test',
      observedAt: '2026-12-05T10:00:00Z',
    },
  };
  return scoreEntity('x:default/y', entity, rules, facts).results.find(
    r => r.ruleId === ruleId,
  )!.status;
};

describe('rules that read the catalog entry', () => {
  it.each(cases)(
    '%s passes and fails on real entities',
    (ruleId, good, bad) => {
      expect(rules.some(r => r.id === ruleId)).toBe(true);
      expect(statusOf(ruleId, good)).toBe('pass');
      expect(statusOf(ruleId, bad)).toBe('fail');
    },
  );
});
