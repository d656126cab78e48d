import { Entity } from '@backstage/catalog-model';
import {
  aiModelEntityV1alpha1Validator as validator,
  isAIModelEntity,
  AIModelEntityV1alpha1,
  aiModelEntityV1alpha1Schema,
} from './AIModelEntityV1alpha1';
import { findAIModelInconsistencies } from './semantics';
import { parseServedModelRefs } from './annotations';
import { evaluationPasses } from './evaluations';

const valid = (): AIModelEntityV1alpha1 =>
  JSON.parse(JSON.stringify(aiModelEntityV1alpha1Schema.examples[0]));

function withSpec(patch: Record<string, unknown>): Entity {
  const e = valid();
  return { ...e, spec: { ...e.spec, ...patch } } as Entity;
}

describe('aiModelEntityV1alpha1Validator', () => {
  it('accepts the schema example', async () => {
    await expect(validator.check(valid())).resolves.toBe(true);
    expect(isAIModelEntity(valid())).toBe(true);
  });

  it('ignores other kinds', async () => {
    await expect(
      validator.check({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: {},
      }),
    ).resolves.toBe(false);
  });

  it.each([
    [
      'unknown type',
      { type: 'oracle' },
      /\/spec\/type must be equal to one of the allowed values/,
    ],
    [
      'negative parameters',
      { parameters: -5 },
      /\/spec\/parameters must be >= 1/,
    ],
    [
      'string parameters',
      { parameters: '8B' },
      /\/spec\/parameters must be integer/,
    ],
    [
      'malformed digest',
      { artifact: { uri: 's3://m/', digest: 'md5:abc' } },
      /\/spec\/artifact\/digest must match pattern/,
    ],
    [
      'rollback weights without a digest',
      { rollbackVersion: '1', rollbackArtifact: { uri: 's3://m/1' } },
      /\/spec\/rollbackArtifact must have required property 'digest'/,
    ],
    [
      'unknown field',
      { colour: 'blue' },
      /\/spec must NOT have additional properties - additionalProperty: colour/,
    ],
    [
      'bad classification',
      { dataClassification: 'secret' },
      /\/spec\/dataClassification must be equal to one of/,
    ],
    [
      'negative price',
      { pricing: { inputPer1MTokens: -1, outputPer1MTokens: 1 } },
      /\/spec\/pricing\/inputPer1MTokens must be >= 0/,
    ],
  ])('rejects %s, naming the field', async (_case, patch, message) => {
    await expect(validator.check(withSpec(patch))).rejects.toThrow(message);
  });

  it('rejects a missing owner', async () => {
    const e = valid() as any;
    delete e.spec.owner;
    await expect(validator.check(e)).rejects.toThrow(
      /\/spec must have required property 'owner'/,
    );
  });
});

describe('findAIModelInconsistencies', () => {
  it('finds nothing wrong with the example', () => {
    expect(findAIModelInconsistencies(valid())).toEqual([]);
  });

  it('rejects a base model of another kind and a self-derivation', () => {
    const other = withSpec({
      baseModel: { ref: 'component:foo', relation: 'finetune' },
    });
    expect(findAIModelInconsistencies(other as AIModelEntityV1alpha1)).toEqual([
      'spec.baseModel.ref: "component:foo" refers to a component, not an AIModel',
    ]);
    const self = withSpec({
      baseModel: { ref: 'llama-3-1-8b-instruct', relation: 'finetune' },
    });
    expect(findAIModelInconsistencies(self as AIModelEntityV1alpha1)).toEqual([
      'spec.baseModel.ref: a model cannot be derived from itself',
    ]);
  });

  it('keeps hosted providers and the hosted-api runtime together', () => {
    const hostedOnVllm = withSpec({ provider: 'openai' });
    expect(
      findAIModelInconsistencies(hostedOnVllm as AIModelEntityV1alpha1)[0],
    ).toMatch(
      /^spec.serving.runtime: a model from provider "openai" is a hosted API/,
    );
    const selfHostedApi = withSpec({ serving: { runtime: 'hosted-api' } });
    expect(
      findAIModelInconsistencies(selfHostedApi as AIModelEntityV1alpha1)[0],
    ).toMatch(/^spec.serving.runtime: "hosted-api" needs a hosted provider/);
  });

  it('refuses rollback weights that name no version', () => {
    const orphan = withSpec({
      rollbackVersion: undefined,
      rollbackArtifact: { uri: 's3://m/1', digest: `sha256:${'b'.repeat(64)}` },
    });
    expect(findAIModelInconsistencies(orphan as AIModelEntityV1alpha1)).toEqual(
      [
        'spec.rollbackArtifact: names no version; set spec.rollbackVersion to the version these weights are',
      ],
    );
  });
});

describe('parseServedModelRefs', () => {
  it('defaults the kind to AIModel and the namespace to the component’s', () => {
    expect(
      parseServedModelRefs('llama-3-1-8b-instruct, aimodel:ml/bge-m3', {
        defaultNamespace: 'prod',
      }),
    ).toEqual(['aimodel:prod/llama-3-1-8b-instruct', 'aimodel:ml/bge-m3']);
  });

  it('names the annotation for bad items', () => {
    expect(() =>
      parseServedModelRefs('a,,b', { defaultNamespace: 'default' }),
    ).toThrow(/ai-refarch.io\/serves-models.*empty item/);
    expect(() =>
      parseServedModelRefs('api:openai', { defaultNamespace: 'default' }),
    ).toThrow(/"api:openai" refers to a api, not an AIModel/);
  });
});

describe('evaluationPasses', () => {
  const base = { tool: 'ragas', dataset: 'd', metric: 'faithfulness' };
  it('compares in the declared direction', () => {
    expect(evaluationPasses({ ...base, value: 0.9, threshold: 0.8 })).toBe(
      true,
    );
    expect(evaluationPasses({ ...base, value: 0.7, threshold: 0.8 })).toBe(
      false,
    );
    expect(
      evaluationPasses({
        ...base,
        value: 0.05,
        threshold: 0.1,
        direction: 'lower-is-better',
      }),
    ).toBe(true);
    expect(
      evaluationPasses({
        ...base,
        value: 0.2,
        threshold: 0.1,
        direction: 'lower-is-better',
      }),
    ).toBe(false);
    expect(evaluationPasses({ ...base, value: 0.2 })).toBeUndefined();
  });
});
