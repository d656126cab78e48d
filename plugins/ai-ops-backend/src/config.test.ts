import { ConfigReader } from '@backstage/config';
import { RUNTIME_METRICS } from '@ai-refarch/plugin-ai-ops-common';
import { readAiOpsConfig } from './config';

const source = (extra: object = {}) =>
  new ConfigReader({
    aiOps: {
      prometheus: {
        sources: { main: { baseUrl: 'http://127.0.0.1:9090', ...extra } },
      },
    },
  });

describe('readAiOpsConfig', () => {
  it('has no data source without config, and defaults to the only one', () => {
    expect(readAiOpsConfig(new ConfigReader({})).sources.size).toBe(0);
    const config = readAiOpsConfig(source());
    expect(config.defaultSource).toBe('main');
    expect(config.currency).toBe('USD');
    expect(config.cacheTtlMs).toBe(300_000);
    const main = config.sources.get('main')!;
    expect(main.timeoutMs).toBe(10_000);
    expect(main.runtimes.vllm).toEqual(RUNTIME_METRICS.vllm);
    expect(main.kubeStateMetrics.capacityTypeLabel).toBe(
      'label_ai_refarch_io_capacity',
    );
  });

  it('sends a bearer token or basic auth, the tenant and extra headers, and shows the URL without them', () => {
    const bearer = readAiOpsConfig(
      source({
        baseUrl: 'https://mimir.example.com/prometheus/?debug=1',
        auth: { bearerToken: 's3cr3t-token' },
        tenantId: 'team-ml',
        headers: { 'X-Api-Key': 'k3y' },
      }),
    ).sources.get('main')!;
    expect(bearer.headers).toEqual({
      Authorization: 'Bearer s3cr3t-token',
      'X-Scope-OrgID': 'team-ml',
      'X-Api-Key': 'k3y',
    });
    expect(bearer.displayUrl).toBe('https://mimir.example.com/prometheus');
    const basic = readAiOpsConfig(
      source({ auth: { username: 'grafana', password: 'p@ss:word' } }),
    ).sources.get('main')!;
    expect(basic.headers).toEqual({
      Authorization: `Basic ${Buffer.from('grafana:p@ss:word').toString(
        'base64',
      )}`,
    });
    expect(readAiOpsConfig(source()).sources.get('main')!.headers).toEqual({});
  });

  it.each([
    [
      { baseUrl: 'https://admin:hunter2@prom.example.com' },
      'aiOps.prometheus.sources.main.baseUrl must not hold credentials: put them in aiOps.prometheus.sources.main.auth',
    ],
    [
      { auth: { bearerToken: 't', username: 'u', password: 'p' } },
      'aiOps.prometheus.sources.main.auth: give either bearerToken or username and password, not both',
    ],
    [
      { auth: { username: 'u' } },
      'aiOps.prometheus.sources.main.auth: basic auth needs both username and password',
    ],
    [{ auth: {} }, 'aiOps.prometheus.sources.main.auth: give bearerToken'],
    [
      { auth: { bearerToken: 'two words' } },
      'aiOps.prometheus.sources.main.auth.bearerToken must be one word',
    ],
    [
      { tenantId: 'a\nb' },
      'aiOps.prometheus.sources.main.tenantId must be 1 to 150 visible ASCII characters',
    ],
    [
      { headers: { 'Bad Header': 'x' } },
      'aiOps.prometheus.sources.main.headers: "Bad Header" is not an HTTP header name',
    ],
    [
      { headers: { 'X-Key': 'a\r\nX-Injected: 1' } },
      'aiOps.prometheus.sources.main.headers.X-Key must be one line',
    ],
    [
      { baseUrl: 'file:///etc/passwd' },
      'aiOps.prometheus.sources.main.baseUrl must be an http(s) URL',
    ],
  ])('refuses %j, naming the key and never the secret', (extra, message) => {
    let error: Error | undefined;
    try {
      readAiOpsConfig(source(extra));
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toContain(message);
    for (const secret of ['hunter2', 'two words', 'X-Injected']) {
      expect(error?.message).not.toContain(secret);
    }
  });

  it('replaces metric and label names per data source', () => {
    const main = readAiOpsConfig(
      source({
        timeout: { seconds: 3 },
        runtimes: {
          vllm: {
            ttft: { metric: 'vllm:ttft_ms', unit: 'milliseconds' },
            errors: { metric: 'vllm:request_failures_total' },
          },
          // A TGI whose router reports phases under another name.
          tgi: {
            phases: {
              prefill: {
                metric: 'router_forward_seconds_sum',
                labels: { phase: 'prefill' },
              },
              decode: {
                metric: 'router_forward_seconds_sum',
                labels: { phase: 'decode' },
              },
            },
          },
        },
        kubeStateMetrics: {
          capacityTypeLabel: 'label_cloud_google_com_gke_spot',
          spotValues: ['true'],
        },
        tenantTokens: {
          metric: 'gateway_tokens_total',
          tenantLabel: 'team',
          typeLabel: 'direction',
          modelLabel: 'upstream_model',
        },
      }),
    ).sources.get('main')!;
    expect(main.timeoutMs).toBe(3000);
    expect(main.runtimes.vllm.ttft).toEqual({
      metric: 'vllm:ttft_ms',
      unit: 'milliseconds',
    });
    expect(main.runtimes.vllm.errors).toEqual({
      metric: 'vllm:request_failures_total',
      labels: {},
    });
    expect(main.runtimes.tgi.phases).toEqual({
      prefill: {
        metric: 'router_forward_seconds_sum',
        labels: { phase: 'prefill' },
      },
      decode: {
        metric: 'router_forward_seconds_sum',
        labels: { phase: 'decode' },
      },
    });
    expect(main.kubeStateMetrics.spotValues).toEqual(['true']);
    expect(main.tenantTokens).toEqual({
      metric: 'gateway_tokens_total',
      tenantLabel: 'team',
      typeLabel: 'direction',
      inputValue: 'input',
      outputValue: 'output',
      modelLabel: 'upstream_model',
    });
  });

  it.each([
    [{ baseUrl: 'prom:9090' }, 'baseUrl must be an http(s) URL'],
    [
      { runtimes: { tgi: { requests: 'tgi requests' } } },
      'requests must be a Prometheus metric name, got tgi requests',
    ],
    [
      { kubeStateMetrics: { gpuTypeLabel: 'gpu-type' } },
      'gpuTypeLabel must be a Prometheus label name, got gpu-type',
    ],
    [
      { runtimes: { vllm: { ttft: { unit: 'minutes' } } } },
      'unit must be seconds or milliseconds, got minutes',
    ],
    [
      {
        runtimes: {
          vllm: {
            phases: {
              prefill: { metric: 'p_sum', labels: { 'my-phase': 'p' } },
              decode: { metric: 'd_sum' },
            },
          },
        },
      },
      'phases.prefill.labels: my-phase is not a label name',
    ],
  ])('refuses %j naming the key', (extra, message) => {
    expect(() => readAiOpsConfig(source(extra))).toThrow(message);
  });

  it('reads instance-type prices and refuses a non-positive one, naming it', () => {
    expect(
      readAiOpsConfig(
        new ConfigReader({
          aiOps: {
            instancePrices: {
              'g6.12xlarge': {
                onDemandPerHour: 4.6,
                spotPerHour: 1.84,
                gpus: 4,
              },
            },
          },
        }),
      ).instancePrices,
    ).toEqual({
      'g6.12xlarge': { onDemandPerHour: 4.6, spotPerHour: 1.84, gpus: 4 },
    });
    expect(() =>
      readAiOpsConfig(
        new ConfigReader({
          aiOps: {
            instancePrices: {
              'g6.12xlarge': {
                onDemandPerHour: 4.6,
                spotPerHour: 1.84,
                gpus: 0,
              },
            },
          },
        }),
      ),
    ).toThrow(
      'aiOps.instancePrices.g6.12xlarge.gpus must be a positive number, got 0',
    );
  });

  it('sizes the per-day cache in megabytes, 0 turning it off, and refuses a bad size or settle time', () => {
    const dayCache = (value: object) =>
      readAiOpsConfig(new ConfigReader({ aiOps: { dayCache: value } }))
        .dayCache;
    expect(readAiOpsConfig(new ConfigReader({})).dayCache).toEqual({
      maxPoints: Math.floor((32 * 1024 * 1024) / 9),
      settleSeconds: 900,
      maxAgeSeconds: 6 * 3600,
    });
    expect(dayCache({ maxMegabytes: 0, settle: '1h', maxAge: '1d' })).toEqual({
      maxPoints: 0,
      settleSeconds: 3600,
      maxAgeSeconds: 86_400,
    });
    expect(() => dayCache({ maxMegabytes: -1 })).toThrow(
      'aiOps.dayCache.maxMegabytes must be between 0 and 4096, got -1',
    );
    expect(() => dayCache({ settle: 'soon' })).toThrow(/settle/);
  });

  it('refuses a default that is not a data source, and a bad currency', () => {
    expect(() =>
      readAiOpsConfig(
        new ConfigReader({
          aiOps: { prometheus: { default: 'nope', sources: {} } },
        }),
      ),
    ).toThrow('aiOps.prometheus.default names nope');
    expect(() =>
      readAiOpsConfig(new ConfigReader({ aiOps: { currency: 'dollars' } })),
    ).toThrow('aiOps.currency must be an ISO 4217 code, got dollars');
  });
});
