import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { RUNTIME_METRICS } from '@ai-refarch/plugin-ai-ops-common';
import { createSloRulesAction } from '../actions/sloRules';
import { exampleInput } from '../actions/__testUtils__/runExample';
import { latencyBucket, sloRules, SloSpec } from './sloRules';

/*
 * The generated rules are checked by Prometheus' own promtool (Debian's
 * prometheus package, installed by scripts/ensure-test-servers.sh): `check
 * rules` for syntax and `test rules` for behaviour on synthetic series.
 */

const availability: SloSpec = {
  name: 'availability',
  service: 'chat-gateway',
  objective: 99.5,
  window: '30d',
  sli: {
    type: 'availability',
    totalMetric: 'gateway_requests_total',
    errorMetric: 'gateway_errors_total',
  },
};

describe('sloRules', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'slo-rules-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const promtool = (...args: string[]) =>
    execFileSync('promtool', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: 'pipe',
    });

  /** `promtool test rules` of the rules against unit tests, one sample a minute. */
  const testRules = (
    rules: ReturnType<typeof sloRules>,
    tests: { input_series: object[]; alert_rule_test: object[] }[],
  ) => {
    writeFileSync(join(dir, 'rules.yaml'), yaml.stringify(rules));
    writeFileSync(
      join(dir, 'test.yaml'),
      yaml.stringify({
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: tests.map(t => ({ interval: '1m', ...t })),
      }),
    );
    return promtool('test', 'rules', 'test.yaml');
  };

  /** The fast-burn alert of `rules` as promtool must see it fire. */
  const firing = (rules: ReturnType<typeof sloRules>) => {
    const fast = rules.groups[1].rules[0] as {
      labels: object;
      annotations: object;
    };
    return [{ exp_labels: fast.labels, exp_annotations: fast.annotations }];
  };

  it('passes promtool check rules, for availability and TTFT latency', () => {
    // The action's documented example: TTFT at 500 ms for vLLM.
    const ttft = sloRules(exampleInput(createSloRulesAction()));
    writeFileSync(join(dir, 'a.yaml'), yaml.stringify(sloRules(availability)));
    writeFileSync(join(dir, 't.yaml'), yaml.stringify(ttft));
    expect(promtool('check', 'rules', 'a.yaml', 't.yaml')).toMatch(
      /SUCCESS: 9 rules found[\s\S]*SUCCESS: 9 rules found/,
    );
    expect(ttft.groups[0].rules[0].expr).toBe(
      '1 - (sum(rate(vllm:time_to_first_token_seconds_bucket{service="vllm-chat",le="0.5"}[5m])) / sum(rate(vllm:time_to_first_token_seconds_count{service="vllm-chat"}[5m])))',
    );
  });

  it('pages on a fast burn and stays quiet on a healthy service (promtool test rules)', () => {
    const rules = sloRules(availability);
    const series = (errorsPerMinute: number) => [
      {
        series: 'gateway_requests_total{service="chat-gateway"}',
        values: '0+1000x240',
      },
      {
        series: 'gateway_errors_total{service="chat-gateway"}',
        values: `0+${errorsPerMinute}x240`,
      },
    ];
    expect(
      testRules(rules, [
        {
          // 10 % errors = 20× the 0.5 % budget: above 14.4× over 1 h and 5 m.
          input_series: series(100),
          alert_rule_test: [
            {
              eval_time: '90m',
              alertname: 'SLOErrorBudgetBurnFast',
              exp_alerts: firing(rules),
            },
          ],
        },
        {
          // 0.1 % errors: within budget, nothing fires.
          input_series: series(1),
          alert_rule_test: [
            {
              eval_time: '3h',
              alertname: 'SLOErrorBudgetBurnFast',
              exp_alerts: [],
            },
            {
              eval_time: '3h',
              alertname: 'SLOErrorBudgetBurnSlow',
              exp_alerts: [],
            },
          ],
        },
      ]),
    ).toMatch(/SUCCESS/);
  });

  it('pages on slow first tokens from vLLM\'s own buckets (le="1.0"), which le="1" never selects (promtool test rules)', () => {
    const ttft = RUNTIME_METRICS.vllm.ttft;
    const rules = sloRules({
      name: 'ttft-p95',
      service: 'vllm-chat',
      objective: 95,
      window: '28d',
      sli: {
        type: 'latency',
        histogram: ttft.metric,
        thresholdSeconds: 1,
        buckets: ttft.buckets,
      },
    });
    // vLLM writes its bounds with Python's float repr: 1.0, not 1. Every
    // request takes 2 s: the 1.0 bucket stays at 0 and the error ratio is 1.
    const bucket = (le: string, values: string) => ({
      series: `vllm:time_to_first_token_seconds_bucket{service="vllm-chat",le="${le}"}`,
      values,
    });
    expect(
      testRules(rules, [
        {
          input_series: [
            bucket('1.0', '0x240'),
            bucket('2.5', '0+100x240'),
            bucket('+Inf', '0+100x240'),
            {
              series:
                'vllm:time_to_first_token_seconds_count{service="vllm-chat"}',
              values: '0+100x240',
            },
          ],
          alert_rule_test: [
            {
              eval_time: '90m',
              alertname: 'SLOErrorBudgetBurnFast',
              exp_alerts: firing(rules),
            },
          ],
        },
      ]),
    ).toMatch(/SUCCESS/);
  });

  it("measures a threshold between buckets at the runtime's largest bucket below it, as exported", () => {
    const sli = (runtime: 'vllm' | 'tgi' | 'triton', seconds: number) => ({
      type: 'latency' as const,
      histogram: RUNTIME_METRICS[runtime].ttft.metric,
      bucketUnit: RUNTIME_METRICS[runtime].ttft.unit,
      buckets: RUNTIME_METRICS[runtime].ttft.buckets,
      thresholdSeconds: seconds,
    });
    expect(latencyBucket(sli('vllm', 1))).toEqual({
      matcher: 'le="1.0"',
      thresholdSeconds: 1,
    });
    expect(latencyBucket(sli('vllm', 0.8))).toEqual({
      matcher: 'le="0.75"',
      thresholdSeconds: 0.75,
    });
    // TGI's bounds are 0.0001 × 1.5ⁿ, written as Rust writes an f64.
    expect(latencyBucket(sli('tgi', 1))).toEqual({
      matcher: 'le="0.7481827642679213"',
      thresholdSeconds: 0.7481827642679213,
    });
    // Triton's first-response buckets are 100, 500, 2000 and 5000 ms.
    expect(latencyBucket(sli('triton', 1))).toEqual({
      matcher: 'le="500"',
      thresholdSeconds: 0.5,
    });
    expect(latencyBucket(sli('triton', 2))).toEqual({
      matcher: 'le="2000"',
      thresholdSeconds: 2,
    });
    expect(() => latencyBucket(sli('triton', 0.05))).toThrow(
      "sli.thresholdSeconds: 0.05 s is below nv_inference_first_response_histogram_ms's smallest bucket, 0.1 s",
    );
    // Without the runtime's buckets, both ways of writing a whole number.
    const unknown = {
      type: 'latency' as const,
      histogram: 'ttft_seconds',
      thresholdSeconds: 1,
    };
    expect(latencyBucket(unknown).matcher).toBe('le=~"1|1\\\\.0"');
    expect(latencyBucket({ ...unknown, thresholdSeconds: 0.5 }).matcher).toBe(
      'le="0.5"',
    );
  });

  it('selects errors by label, totals from a success counter, and reads millisecond buckets; promtool accepts them', () => {
    const vllm = sloRules({
      ...availability,
      service: 'support-llm',
      sli: {
        type: 'availability',
        totalMetric: 'http_requests_total',
        errorMetric: 'http_requests_total',
        errorLabels: { status: '5..' },
      },
    });
    expect(vllm.groups[0].rules[0].expr).toBe(
      'sum(rate(http_requests_total{service="support-llm",status=~"5.."}[5m])) / sum(rate(http_requests_total{service="support-llm"}[5m]))',
    );
    const triton = sloRules({
      ...availability,
      sli: {
        type: 'availability',
        successMetric: 'nv_inference_request_success',
        errorMetric: 'nv_inference_request_failure',
      },
    });
    expect(triton.groups[0].rules[0].expr).toBe(
      'sum(rate(nv_inference_request_failure{service="chat-gateway"}[5m])) / (sum(rate(nv_inference_request_failure{service="chat-gateway"}[5m])) + sum(rate(nv_inference_request_success{service="chat-gateway"}[5m])))',
    );
    const ttftMs = sloRules({
      ...availability,
      name: 'ttft-p95',
      sli: {
        type: 'latency',
        histogram: 'nv_inference_first_response_histogram_ms',
        thresholdSeconds: 0.5,
        bucketUnit: 'milliseconds',
        buckets: RUNTIME_METRICS.triton.ttft.buckets,
      },
    });
    expect(ttftMs.groups[0].rules[0].expr).toContain('le="500"');
    writeFileSync(join(dir, 'v.yaml'), yaml.stringify(vllm));
    writeFileSync(join(dir, 't.yaml'), yaml.stringify(triton));
    writeFileSync(join(dir, 'm.yaml'), yaml.stringify(ttftMs));
    expect(promtool('check', 'rules', 'v.yaml', 't.yaml', 'm.yaml')).toMatch(
      /SUCCESS[\s\S]*SUCCESS[\s\S]*SUCCESS/,
    );
    expect(() =>
      sloRules({
        ...availability,
        sli: { type: 'availability', errorMetric: 'e' },
      }),
    ).toThrow('sli.totalMetric: give either totalMetric or successMetric');
    expect(() =>
      sloRules({
        ...availability,
        sli: {
          type: 'availability',
          totalMetric: 'gateway_requests_total',
          errorMetric: 'gateway_errors_total',
          errorLabels: { 'status"}': '5..' },
        },
      }),
    ).toThrow(/^sli.errorLabels: /);
  });

  it('escapes label values and refuses bad names, naming the field', () => {
    const hostile = sloRules({
      ...availability,
      service: 'x"} or vector(1) or {a="',
    });
    expect(hostile.groups[0].rules[0].expr).toContain(
      '{service="x\\"} or vector(1) or {a=\\""}',
    );
    expect(() => sloRules({ ...availability, objective: 100 })).toThrow(
      /^objective: must be a percentage/,
    );
    expect(() => sloRules({ ...availability, name: 'Avail ability' })).toThrow(
      /^name: /,
    );
    expect(() =>
      sloRules({
        ...availability,
        sli: {
          type: 'availability',
          totalMetric: 'x) or vector(1',
          errorMetric: 'e',
        },
      }),
    ).toThrow(
      /^sli.totalMetric: "x\) or vector\(1" is not a Prometheus metric name/,
    );
  });
});
