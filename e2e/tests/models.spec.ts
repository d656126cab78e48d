import {
  test,
  expect,
  signInAsGuest,
  visit,
  screenshot,
  expectRendered,
  cardTitled,
} from './fixtures';
import { Page } from '@playwright/test';

/**
 * The example catalog's 12 models and the two the catalog ingests from the
 * demo Kubeflow Model Registry and the demo W&B Registry. Models derived from a base model in the
 * same catalog file are accepted once the base has been processed, one
 * processing pass after start-up.
 */
async function waitForAllModels(page: Page) {
  await expect(async () => {
    await page.goto('/ai-models');
    await expect(page.getByText('Models (14)')).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 60_000 });
}

test.describe('the AI model catalog', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('filters the model catalog and opens a model page with lineage and evaluations', async ({
    page,
  }) => {
    // Models derived from a base model in the same catalog file are accepted
    // once the base has been processed, one processing pass after start-up.
    await expect(async () => {
      await page.goto('/ai-models');
      await expect(page.getByText('Models (14)')).toBeVisible({
        timeout: 3000,
      });
    }).toPass({ timeout: 60_000 });
    await visit(page, '/ai-models', 'ai-models', 'Models (14)');

    await page.getByRole('textbox', { name: 'Serving runtime' }).click();
    await page.getByRole('option', { name: 'vLLM' }).click();
    await page.keyboard.press('Escape');
    // The four Llama models, and the embedding and re-ranking models that
    // vLLM's pooling runners serve; not Mistral on TGI.
    await expect(page.getByText('Models (6)')).toBeVisible();
    // The filter is in the URL: a reload, a bookmark or a shared link
    // shows the same list.
    await expect(page).toHaveURL(/filters%5Bruntime%5D=vllm/);
    await page.reload();
    await expect(page.getByText('Models (6)')).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'BGE-M3 embeddings' }),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Mistral 7B Instruct v0.3' }),
    ).toHaveCount(0);
    await screenshot(page, 'ai-models-filtered-vllm');

    await page
      .getByRole('link', { name: 'Llama 3.1 8B — support fine-tune' })
      .click();
    await expect(
      page
        .getByRole('heading', { name: 'Llama 3.1 8B — support fine-tune' })
        .first(),
    ).toBeVisible();

    const lineage = cardTitled(page, 'Lineage');
    await expect(
      lineage.getByRole('link', { name: 'Llama 3.1 8B Instruct' }),
    ).toBeVisible();
    await expect(lineage.getByText('(finetune)')).toBeVisible();
    await expect(
      lineage.getByRole('link', { name: 'vLLM chat serving' }),
    ).toBeVisible();
    await expect(
      lineage.getByRole('link', { name: 'Support tickets 2026 Q3' }),
    ).toBeVisible();

    await expect(page.getByText('1 of 2 below threshold')).toBeVisible();
    await expect(page.getByText('PASS', { exact: true })).toBeVisible();
    await expect(page.getByText('FAIL', { exact: true })).toBeVisible();
    await expect(page.getByText('CONFIDENTIAL')).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expectRendered(page);
    await screenshot(page, 'ai-model-support-fine-tune');

    await lineage.getByRole('link', { name: 'Llama 3.1 8B Instruct' }).click();
    const baseLineage = cardTitled(page, 'Lineage');
    // Its derivatives: the clinical summariser, and the ticket router the
    // demo Kubeflow registry holds, both adapters; the support fine-tune,
    // and the reply drafter the demo W&B registry holds.
    await expect(baseLineage.getByText(/\(adapter\)/)).toHaveCount(2);
    await expect(baseLineage.getByText(/\(finetune\)/)).toHaveCount(2);
    await expectRendered(page);
    await screenshot(page, 'ai-model-base');
  });

  test('a model ingested from the W&B Registry shows its run, its evaluations and the version to roll back to', async ({
    page,
  }) => {
    await waitForAllModels(page);
    await visit(
      page,
      '/catalog/default/aimodel/support-reply-drafter',
      'ai-model-wandb',
      'support-reply-drafter',
    );
    await expect(page.getByTestId('demo-data')).toContainText('Demo data');
    await expect(
      page.getByText('Weights & Biases: model/support-reply-drafter v1'),
    ).toBeVisible();
    await expect(page.getByText('v0', { exact: true })).toBeVisible();
    // The evaluations the version's metadata holds, each linked to the run.
    const faithfulness = page.getByRole('row', {
      name: /^eval\/faithfulness /,
    });
    await expect(faithfulness.getByRole('cell').nth(2)).toHaveText('0.91');
    await expect(faithfulness.getByRole('link')).toHaveAttribute(
      'href',
      'https://wandb.ai/acme-ml/reply-drafter/runs/r7q2m1x4',
    );
    // The dataset the run trained on, from the run's input artifacts.
    await expect(
      cardTitled(page, 'Lineage').getByRole('link', {
        name: 'Support tickets 2026 Q3',
      }),
    ).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'ai-model-wandb');
  });

  test('a model ingested from the Kubeflow Model Registry shows its lineage from the registry', async ({
    page,
  }) => {
    await waitForAllModels(page);
    await visit(
      page,
      '/catalog/default/aimodel/support-ticket-router',
      'ai-model-kubeflow',
      'support-ticket-router',
    );
    // The version the registry holds, and the one before it to roll back to.
    await expect(
      page.getByText('Kubeflow Model Registry: support-ticket-router v2026.11'),
    ).toBeVisible();
    await expect(page.getByText('2026.10', { exact: true })).toBeVisible();
    // From the demo registry, and labelled so.
    await expect(page.getByTestId('demo-data')).toContainText('Demo data');
    const lineage = cardTitled(page, 'Lineage');
    await expect(
      lineage.getByRole('link', { name: 'Llama 3.1 8B Instruct' }),
    ).toBeVisible();
    await expect(lineage.getByText('(adapter)')).toBeVisible();
    await expect(
      lineage.getByRole('link', { name: 'Support tickets 2026 Q3' }),
    ).toBeVisible();
    // The feature service it reads, from the demo Feast registry.
    await expect(
      lineage.getByRole('link', { name: 'ticket_features' }),
    ).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'ai-model-kubeflow');

    // The feature service: a Resource labelled demo, depending on its views.
    await lineage.getByRole('link', { name: 'ticket_features' }).click();
    await expect(
      page.getByRole('heading', { name: 'ticket_features' }).first(),
    ).toBeVisible();
    await expect(page.getByText('feature-service').first()).toBeVisible();
    await expect(page.getByText('demo', { exact: true }).first()).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'feast-feature-service');
  });

  test('a model server shows the models it serves', async ({ page }) => {
    await waitForAllModels(page);
    await visit(
      page,
      '/catalog/default/component/vllm-chat',
      'component-vllm-chat',
      'Llama 3.1 70B Instruct (AWQ int4)',
    );
    await expect(page.getByText('Serves', { exact: true })).toBeVisible();
  });
});
