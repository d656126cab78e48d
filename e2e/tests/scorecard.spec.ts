import {
  test,
  expect,
  signInAsGuest,
  screenshot,
  screenshotOf,
  expectRendered,
  openArchitectureReview,
} from './fixtures';

test.describe('the architecture scorecard', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('the Architecture review page lists graded entities with the grade distribution', async ({
    page,
  }) => {
    await openArchitectureReview(page);
    await expect(
      page.getByRole('table', { name: 'Grade distribution per chapter' }),
    ).toBeVisible();
    await expect(page.getByText('Worst offenders')).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'architecture-review');

    // the most failed rules, each with the golden path that fixes it
    const failing = page.getByRole('table', { name: 'Most failed rules' });
    await expect(
      failing.getByRole('link', { name: 'llm-serving golden path' }).first(),
    ).toHaveAttribute('href', '/create/templates/default/llm-serving');
    await screenshotOf(failing, 'most-failed-rules');
    const runbook = failing
      .getByRole('row')
      .filter({ hasText: 'on-call-incidents.runbook' });
    const count = await runbook.getByRole('button').textContent();
    await runbook.getByRole('button').click();
    await expect(
      page.getByText('Failing on-call-incidents.runbook'),
    ).toBeVisible();
    await expect(
      page.getByText(`Graded entities (${count!.trim()})`),
    ).toBeVisible();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await download;
    expect(csv.suggestedFilename()).toBe('architecture-review.csv');
  });

  test('a model page shows its scorecard with chapter bars and the fixes', async ({
    page,
  }) => {
    await expect(async () => {
      // PCI data, served by a Triton that keeps no audit log of the calls.
      await page.goto('/catalog/default/aimodel/fraud-scorer-xgb');
      await expect(page.getByText('Failing rules')).toBeVisible({
        timeout: 3000,
      });
    }).toPass({ timeout: 90_000 });
    await expect(page.getByText('Architecture scorecard')).toBeVisible();
    await expect(page.getByText('7 Security and compliance')).toBeVisible();
    await expect(
      page.getByText(
        'PHI and PCI models are only reached through an audited gateway (critical)',
      ),
    ).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'model-scorecard');
  });
});

test.describe('an entity scorecard tab', () => {
  test('shows every rule with its evidence and the history, and a reviewer waives a failing rule', async ({
    page,
  }) => {
    await signInAsGuest(page);
    const rule = 'A runbook is linked';
    await expect(async () => {
      await page.goto('/catalog/default/component/support-assistant/scorecard');
      await expect(page.getByText('Rules', { exact: true })).toBeVisible({
        timeout: 3000,
      });
    }).toPass({ timeout: 90_000 });
    await expect(page.getByText('Score over the last 90 days')).toBeVisible();
    await expect(
      page
        .getByText(/from catalog:component:default\/support-assistant, read/)
        .first(),
    ).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'entity-scorecard-tab');

    const row = page
      .getByRole('table', { name: 'On-call and incidents rules' })
      .getByRole('row')
      .filter({ hasText: rule });
    await expect(row.getByText('Fail', { exact: true })).toBeVisible();
    const score = await page
      .getByText(/^[\d.]+ \/ 100( so far)?$/)
      .first()
      .textContent();
    await row.getByRole('button', { name: 'Waive' }).click();

    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('soon');
    await dialog.getByRole('button', { name: 'Waive rule' }).click();
    await expect(
      dialog.getByText('Say why, in at least 10 characters'),
    ).toBeVisible();
    await dialog
      .getByLabel('Reason')
      .fill('The support runbook moves to the new wiki in December');
    await screenshot(page, 'entity-scorecard-waiver-dialog');
    await dialog.getByRole('button', { name: 'Waive rule' }).click();
    await expect(dialog).toBeHidden();

    await expect(row.getByText('Waived', { exact: true })).toBeVisible();
    await expect(
      row.getByText(/Waived by user:development\/guest until/),
    ).toBeVisible();
    const waivers = page.getByRole('table', { name: 'Waivers' });
    await expect(
      waivers.getByText(
        'The support runbook moves to the new wiki in December',
      ),
    ).toBeVisible();
    await expect(
      page.getByText(/^[\d.]+ \/ 100( so far)?$/).first(),
    ).not.toHaveText(score!);

    // remove it again, so that the suite can run twice against one back end
    await waivers
      .getByRole('button', {
        name: 'Remove the waiver of on-call-incidents.runbook',
      })
      .click();
    await expect(page.getByText(/^No waivers\./)).toBeVisible();
    await expect(row.getByText('Fail', { exact: true })).toBeVisible();
  });
});

// The e2e back end reads the demo cluster (packages/test-kit/src/demo/demoCluster.ts),
// a loopback server answering with the Kubernetes API server's JSON.
test.describe('live evidence from Kubernetes', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('a service scorecard shows what the catalog declares next to what the cluster runs', async ({
    page,
  }) => {
    await expect(async () => {
      await page.goto('/catalog/default/component/vllm-chat/scorecard');
      await expect(
        page.getByRole('table', { name: 'Declared and observed' }).first(),
      ).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 90_000 });
    // One table per failing drift rule: the engine's, and the model's.
    const drift = page.getByRole('table', { name: 'Declared and observed' });
    const row = drift.getByRole('row').filter({ hasText: 'maxModelLen' });
    await expect(row.getByText('32768', { exact: true })).toBeVisible();
    await expect(row.getByText('16384', { exact: true })).toBeVisible();
    await expect(
      row.getByText('demo-eu-west-1/serving/Deployment/vllm-chat'),
    ).toBeVisible();
    // Rolled back: its pods run the version its model keeps for rollback.
    const version = drift.getByRole('row').filter({ hasText: 'model version' });
    await expect(version.getByText('3.1.0', { exact: true })).toBeVisible();
    await expect(version.getByText('3.0.2', { exact: true })).toBeVisible();
    await expect(
      version.getByText('the rollback version (spec.rollbackVersion)'),
    ).toBeVisible();
    await expect(
      page
        .getByText(/from kubernetes:demo-eu-west-1 \(demo data\), read/)
        .first(),
    ).toBeVisible();
    await expectRendered(page);
    const ruleRow = page.getByRole('row').filter({
      hasText: 'The engine runs with the settings the model declares',
    });
    await screenshotOf(ruleRow, 'scorecard-drift');
    await screenshotOf(
      page.getByRole('row').filter({
        hasText: 'The serving pods say which model version',
      }),
      'scorecard-rollback-drift',
    );
  });

  test('a service scorecard reads whether its traces arrive in the trace back end', async ({
    page,
  }) => {
    // The demo's Langfuse holds a day of vllm-chat's traces and none of the gateway's.
    await expect(async () => {
      await page.goto('/catalog/default/component/vllm-chat/scorecard');
      await page.getByRole('button', { name: 'All applicable' }).click();
      await expect(
        page
          .getByRole('row')
          .filter({ hasText: "AI services' traces arrive" })
          .getByText(/from tracing:langfuse\/vllm-chat \(demo data\), read/),
      ).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 90_000 });
    await page.goto('/catalog/default/component/llm-gateway/scorecard');
    const rule = page.getByRole('row').filter({
      hasText: "AI services' traces arrive in their trace back end",
    });
    await expect(rule.getByText('Fail', { exact: true })).toBeVisible({
      timeout: 30_000,
    });
    await expect(
      rule.getByText(/from tracing:langfuse\/llm-gateway \(demo data\)/),
    ).toBeVisible();
    await screenshotOf(rule, 'scorecard-traces');
  });

  test('the review page lists model servers nobody registered, with how to register each', async ({
    page,
  }) => {
    await page.goto('/architecture-review');
    const table = page.getByRole('table', {
      name: 'Unregistered model servers',
    });
    await expect(table.getByText('qwen-experiments')).toBeVisible({
      timeout: 60_000,
    });
    await expect(table.getByText('churn-predictor')).toBeVisible();
    await expect(table.getByText('vllm-chat')).toHaveCount(0);
    await screenshotOf(table, 'unregistered-model-servers');

    await page
      .getByRole('button', { name: 'Register qwen-experiments' })
      .click();
    const dialog = page.getByRole('dialog');
    await expect(
      dialog.getByText(
        'kubectl -n research label deployment/qwen-experiments backstage.io/kubernetes-id=qwen-experiments',
      ),
    ).toBeVisible();
    await expect(
      dialog.getByText(
        /ai-refarch.io\/serves-models: aimodel:default\/qwen2-5-7b-instruct/,
      ),
    ).toBeVisible();
    await expect(
      dialog.getByRole('link', { name: 'Register it in the catalog' }),
    ).toHaveAttribute('href', '/catalog-import');
    await screenshot(page, 'register-model-server');
  });
});
