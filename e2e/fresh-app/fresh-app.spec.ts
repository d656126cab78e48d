import { Page } from '@playwright/test';
import {
  test,
  expect,
  signInAsGuest,
  screenshot,
  expectRendered,
  chooseRepository,
  createdEntityUrl,
  expectGoldenPaths,
  expectGraded,
  fillAbout,
  openArchitectureReview,
  openOnceCataloged,
} from '../tests/fixtures';

/**
 * A new Backstage app from create-app, with the suite installed by the
 * README's steps from the packed tarballs (scripts/fresh-app.ts), the
 * example catalog and the demo Prometheus. The app is create-app's own: its
 * sidebar, its entity pages, its allow-all policy replaced by the suite's.
 */
const card = (page: Page, text: string) =>
  page.locator('article, .MuiCard-root').filter({ hasText: text }).first();

test.describe('the suite in a new Backstage app', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('the AI Models page lists the example models and opens a model page', async ({
    page,
  }) => {
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await nav.getByRole('link', { name: 'AI Models' }).click();
    // Derived models are accepted one processing pass after their base.
    await expect(async () => {
      await page.goto('/ai-models');
      await expect(page.getByText('Models (9)')).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 90_000 });
    await expectRendered(page);
    await screenshot(page, 'fresh-app-ai-models');

    await page.getByRole('link', { name: 'Llama 3.1 8B Instruct' }).click();
    await expect(
      page.getByRole('heading', { name: 'Llama 3.1 8B Instruct' }).first(),
    ).toBeVisible();
    await expect(
      card(page, 'Lineage').getByRole('link', { name: 'vLLM chat serving' }),
    ).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'fresh-app-model');
  });

  test('a model server shows the models it serves, its SLOs and its cost, and its Scorecard tab grades it', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/vllm-chat');
    const models = card(page, 'AI models');
    await expect(models.getByText('Serves')).toBeVisible({ timeout: 60_000 });
    await expect(
      models.getByRole('link', { name: /Llama 3\.1 8B Instruct/ }).first(),
    ).toBeVisible();
    const slo = card(page, 'Service level objectives');
    await expect(slo.getByRole('table', { name: 'SLOs' })).toBeVisible({
      timeout: 60_000,
    });
    await expect(slo.getByText('Demo data')).toBeVisible();
    const cost = card(page, 'GPU-hours');
    await expect(cost.getByText('Total')).toBeVisible({ timeout: 60_000 });
    await expect(cost.getByText('Spot savings')).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'fresh-app-service');

    await page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Scorecard' })
      .click();
    await expectGraded(page);
    await expect(page.getByText(/Rule set [\d.]+ · graded/)).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'fresh-app-scorecard-tab');
  });

  test('a team page shows what its AI models cost within their SLOs', async ({
    page,
  }) => {
    await page.goto('/catalog/default/group/ml-platform');
    const team = card(page, 'AI models: cost within SLOs');
    await expect(
      team.getByRole('table', { name: 'The team’s AI models' }),
    ).toContainText('Llama 3.1 8B Instruct', { timeout: 60_000 });
    await expectRendered(page);
  });

  test('the architecture review page grades the example catalog', async ({
    page,
  }) => {
    await openArchitectureReview(page);
    await expect(
      page.getByText('Grade distribution per chapter'),
    ).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'fresh-app-architecture-review');
  });

  test('the Create page offers the four golden paths and "Register an AI service" runs to a registered entity', async ({
    page,
  }) => {
    await expectGoldenPaths(page);
    await screenshot(page, 'fresh-app-create');

    const name = `fresh-service-${Date.now().toString(36)}`;
    await page.goto('/create/templates/default/ai-service');
    await fillAbout(page, {
      name,
      description: 'Answers questions about the on-call rota',
      system: /Model Serving/,
    });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Tenant').first().fill('oncall');
    await page.getByRole('button', { name: 'Next' }).click();
    // The models it calls and where it runs are optional; its trace back
    // end and audit log have defaults.
    await expect(page.getByLabel('Models it calls').first()).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();
    // The picker offers the app's own GitHub integration (create-app's
    // app-config); the run publishes to the local directory.
    await chooseRepository(page, name);
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    const entityUrl = await createdEntityUrl(page, name, 90_000);
    await screenshot(page, 'fresh-app-create-done');
    await openOnceCataloged(
      page,
      entityUrl,
      'Answers questions about the on-call rota',
      90_000,
    );
    await screenshot(page, 'fresh-app-created-entity');
  });
});
