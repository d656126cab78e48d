import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'yaml';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createSloRulesAction } from './sloRules';
import { runExample } from './__testUtils__/runExample';

describe('ai-refarch:slo-rules examples', () => {
  const workspace = createMockDirectory();

  it('writes the TTFT p95 SLO of vllm-chat as Prometheus rules', async () => {
    const out = await runExample(createSloRulesAction(), 0, {
      workspacePath: workspace.path,
    });
    const rule = yaml.parse(
      await readFile(join(workspace.path, out.path), 'utf8'),
    );
    expect(out.path).toBe('prometheus/slo-rules.yaml');
    const expressions = JSON.stringify(rule.groups);
    expect(expressions).toContain('SLOErrorBudgetBurnFast');
    expect(expressions).toContain('vllm:time_to_first_token_seconds_bucket');
    expect(expressions).toContain('service=\\"vllm-chat\\"');
    expect(out.thresholdSeconds).toBe(0.5);
  });
});
