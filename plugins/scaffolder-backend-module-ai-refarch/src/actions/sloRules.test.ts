import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'yaml';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { rawInputContext } from './__testUtils__/rawInputContext';
import { createSloRulesAction } from './sloRules';

describe('ai-refarch:slo-rules', () => {
  const action = createSloRulesAction();
  const workspace = createMockDirectory();
  const context = (raw: object) => rawInputContext(action, raw, workspace.path);
  const input = {
    name: 'availability',
    service: 'chat-gateway',
    objective: 99.5,
    sli: {
      type: 'availability',
      totalMetric: 'gateway_requests_total',
      errorMetric: 'gateway_errors_total',
    },
  };

  beforeEach(() => workspace.clear());

  it('writes the rule file into the workspace', async () => {
    const ctx = context(input);
    await action.handler(ctx);
    const text = await readFile(
      join(workspace.path, 'prometheus/slo-rules.yaml'),
      'utf8',
    );
    expect(text).toContain('alert: SLOErrorBudgetBurnFast');
    expect(text).toContain('record: slo:sli_error:ratio_rate3d');
    expect(ctx.output).toHaveBeenCalledWith(
      'path',
      'prometheus/slo-rules.yaml',
    );
  });

  it('writes a PrometheusRule manifest with its labels when asked', async () => {
    const ctx = context({
      ...input,
      format: 'prometheus-rule',
      namespace: 'serving',
      labels: { 'ai-refarch.io/tenant': 'support' },
      targetPath: 'kubernetes/slo.yaml',
    });
    await action.handler(ctx);
    const manifest = yaml.parse(
      await readFile(join(workspace.path, 'kubernetes/slo.yaml'), 'utf8'),
    );
    expect(manifest).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: 'chat-gateway-slo-availability',
        namespace: 'serving',
        labels: { 'ai-refarch.io/tenant': 'support' },
      },
    });
    // one recording rule per burn-rate window, then the page and ticket alerts
    expect(manifest.spec.groups[0].rules).toHaveLength(7);
    expect(manifest.spec.groups[1].rules).toHaveLength(2);
  });

  it.each([
    [{ objective: 100 }, /^objective: must be below 100 %/],
    [{ name: 'Bad Name' }, /^name: must be lower-case/],
    [
      {
        sli: { type: 'latency', histogram: 'vllm:ttft', thresholdSeconds: -1 },
      },
      /^sli.thresholdSeconds: /,
    ],
    [{ sli: { type: 'quality' } }, /^sli.type: /],
    [
      { format: 'prometheus-rule', service: 'Chat Gateway' },
      /^service: must be lower-case .* "Chat Gateway-slo-availability"/,
    ],
    [
      { format: 'prometheus-rule', labels: { team: 'not a label!' } },
      /^labels.team: must be a Kubernetes label value/,
    ],
    [
      { targetPath: '../../etc/rules.yaml' },
      /^targetPath: .* is outside the workspace/,
    ],
  ])('refuses %j, naming the field', async (patch, message) => {
    await expect(
      action.handler(context({ ...input, ...patch })),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
  });
});
