import {
  test,
  expect,
  signInAsGuest,
  screenshot,
  expectRendered,
} from './fixtures';

// The e2e back end reads the demo Prometheus (packages/test-kit/src/demo/demoPrometheus.ts):
// 30 days of synthetic history for vllm-chat, its model and the LLM gateway.
test.describe('cost and SLO cards', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('a model server shows its SLOs and its cost from Prometheus, labelled as demo data', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/vllm-chat');
    const slo = page
      .locator('article, .MuiCard-root')
      .filter({ hasText: 'Service level objectives' })
      .first();
    await expect(slo.getByRole('table', { name: 'SLOs' })).toBeVisible({
      timeout: 60_000,
    });
    await expect(slo.getByText('Demo data')).toBeVisible();
    await expect(slo.getByRole('row', { name: /Availability/ })).toContainText(
      '99.5 % of requests succeed',
    );
    // the demo history ends with an error-rate incident
    await expect(
      slo
        .getByRole('row', { name: /Availability/ })
        .getByText('Page: burning fast'),
    ).toBeVisible();
    await expect(slo.getByText('Error budget left')).toBeVisible();
    await expect(
      slo.getByRole('table', { name: 'Burn-rate alerts' }),
    ).toContainText('page at 14.4× over 1h and 5m');
    // Latency as percentiles, in milliseconds, beside the fractions.
    await expect(
      slo
        .getByRole('table', { name: 'Latency percentiles' })
        .getByRole('row', { name: /Time to first token, last hour/ }),
    ).toContainText(/\d+ ms.*\d+ ms/);

    const cost = page
      .locator('article, .MuiCard-root')
      .filter({ hasText: 'GPU-hours' })
      .first();
    await expect(cost.getByText('Total')).toBeVisible({ timeout: 60_000 });
    await expect(cost.getByText('Demo data')).toBeVisible();
    await expect(cost.getByText('Spot savings')).toBeVisible();
    const tenants = cost.getByRole('table', { name: 'Cost by tenant' });
    await expect(tenants.getByRole('row')).toHaveCount(4);
    await expect(tenants).toContainText('acme');
    await expect(
      cost.getByRole('meter', { name: 'Budget used this month' }),
    ).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'ai-ops-cards');
    await screenshot(page, 'ai-ops-cards-only', [slo, cost]);
  });

  test('a self-hosted model costs its server’s GPUs and is set against the hosted models that do its work', async ({
    page,
  }) => {
    await page.goto('/catalog/default/aimodel/llama-3-1-8b-instruct');
    const cost = page
      .locator('article, .MuiCard-root')
      .filter({ hasText: 'Self-hosting against hosted APIs' })
      .first();
    await expect(cost.getByText('Total')).toBeVisible({ timeout: 60_000 });
    const alternatives = cost.getByRole('table', {
      name: 'Self-hosting against hosted APIs',
    });
    // gpt-4o is multimodal, claude-sonnet-4 an llm: both do its work.
    await expect(alternatives.getByRole('row')).toHaveCount(3);
    await expect(alternatives).toContainText('GPT-4o (hosted)');
    // Its tokens and requests an hour, and the break-even in both.
    await expect(
      cost.getByText(
        /This model served [\d.,]+M? tokens \([\d.,]+M? requests\) an hour/,
      ),
    ).toBeVisible();
    await expect(alternatives.getByRole('row').first()).toContainText(
      'In requests/hour',
    );
    await expectRendered(page);
    await screenshot(page, 'ai-ops-self-hosted-model', [cost]);
  });

  test('a team page shows what its AI models cost, and per SLO indicator within it', async ({
    page,
  }) => {
    await page.goto('/catalog/default/group/ml-platform');
    const team = page
      .locator('article, .MuiCard-root')
      .filter({ hasText: 'AI models: cost within SLOs' })
      .first();
    const models = team.getByRole('table', { name: 'The team’s AI models' });
    // llama-3-1-8b-instruct, the 70B and its AWQ build, GPT-4o, Claude.
    await expect(models.getByRole('row')).toHaveCount(6, { timeout: 60_000 });
    await expect(
      team.getByText(
        /This team’s AI models \(5\) cost \$[\d,.]+ for [\d.]+[MB] tokens/,
      ),
    ).toBeVisible();
    const within = team.getByRole('table', {
      name: 'Cost per 1M tokens served within the SLOs, by indicator',
    });
    await expect(within).toContainText('Time to first token');
    await expectRendered(page);
    await screenshot(page, 'ai-ops-team-cost', [team]);
  });

  test("a RAG service's online quality SLO is computed from the faithfulness evaluations in its trace back end", async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/rag-retriever');
    const slo = page
      .locator('article, .MuiCard-root')
      .filter({ hasText: 'Service level objectives' })
      .first();
    const row = slo.getByRole('row', {
      name: /Answer faithfulness \(online\)/,
    });
    await expect(row).toBeVisible({ timeout: 60_000 });
    await expect(row).toContainText(
      'the score is at least 0.8 in 95.0 % of time slices',
    );
    await expect(row.getByTestId('slo-scores')).toHaveText(
      'online faithfulness evaluations of rag-retriever in LangSmith (demo data)',
    );
    // A week of hourly means (168 hours, the current one too) with a
    // six-hour dip below 0.8: 162 good, within the objective.
    await expect(row).toContainText('168 time slices');
    await expect(row).toContainText('96.43 %');
    await expect(row).toContainText('Within budget');
    await expectRendered(page);
    await screenshot(page, 'ai-ops-online-quality', [slo]);
  });

  test('a service without SLOs says how to declare them', async ({ page }) => {
    await page.goto('/catalog/default/component/reranker-service');
    await expect(
      page.getByText('This entity declares no SLOs: add spec.slos', {
        exact: false,
      }),
    ).toBeVisible({ timeout: 60_000 });
  });
});
