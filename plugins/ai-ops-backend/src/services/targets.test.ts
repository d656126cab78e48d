import { ConfigReader } from '@backstage/config';
import { readAiOpsConfig } from '../config';
import { resolveTarget } from './targets';

const config = readAiOpsConfig(
  new ConfigReader({
    aiOps: {
      prometheus: {
        sources: {
          main: { baseUrl: 'http://127.0.0.1:9090' },
          eu: { baseUrl: 'http://127.0.0.1:9091' },
        },
        default: 'main',
      },
    },
  }),
);
const component = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'chat', annotations },
  spec: {},
});

describe('resolveTarget', () => {
  it('selects a Component by its kubernetes id and a model by its name', () => {
    const c = resolveTarget(
      component({
        'backstage.io/kubernetes-id': 'chat-prod',
        'ai-refarch.io/runtime': 'vllm',
      }),
      config,
    )!;
    expect(c.source.id).toBe('main');
    expect(c.runtime).toBe('vllm');
    expect(c.serving).toEqual([
      { label: 'service', op: '=', value: 'chat-prod' },
    ]);
    expect(c.workloadId).toBe('chat-prod');
    const m = resolveTarget(
      {
        apiVersion: 'ai-refarch.io/v1alpha1',
        kind: 'AIModel',
        metadata: { name: 'llama' },
        spec: { serving: { runtime: 'triton' } },
      },
      config,
    )!;
    expect(m.serving).toEqual([{ label: 'model', op: '=', value: 'llama' }]);
  });

  it('reads labels and the data source from annotations', () => {
    const t = resolveTarget(
      component({
        'ai-refarch.io/prometheus-labels': 'namespace=serving, job = chat',
        'ai-refarch.io/prometheus-source': 'eu',
      }),
      config,
    )!;
    expect(t.source.id).toBe('eu');
    expect(t.serving.map(m => `${m.label}=${m.value}`)).toEqual([
      'namespace=serving',
      'job=chat',
    ]);
  });

  it.each([
    [
      { 'ai-refarch.io/prometheus-labels': 'job' },
      'annotation ai-refarch.io/prometheus-labels: "job" is not name=value',
    ],
    [
      { 'ai-refarch.io/prometheus-labels': 'bad-label=x' },
      'annotation ai-refarch.io/prometheus-labels: "bad-label=x" is not name=value',
    ],
    [
      { 'ai-refarch.io/prometheus-source': 'us' },
      'annotation ai-refarch.io/prometheus-source: there is no Prometheus data source "us"; configured: main, eu',
    ],
    [
      { 'ai-refarch.io/runtime': 'ollama' },
      'annotation ai-refarch.io/runtime: "ollama" is not one of vllm, tgi, triton',
    ],
  ])('refuses %j naming the annotation', (annotations, message) => {
    expect(() => resolveTarget(component(annotations), config)).toThrow(
      message,
    );
  });

  it('asks for labels when a TGI model cannot be told apart by a model label', () => {
    expect(() =>
      resolveTarget(
        {
          apiVersion: 'ai-refarch.io/v1alpha1',
          kind: 'AIModel',
          metadata: { name: 'mistral' },
          spec: { serving: { runtime: 'tgi' } },
        },
        config,
      ),
    ).toThrow("tgi's metrics carry no model label");
  });

  it('has no target without any data source', () => {
    expect(
      resolveTarget(component({}), readAiOpsConfig(new ConfigReader({}))),
    ).toBeNull();
  });
});
