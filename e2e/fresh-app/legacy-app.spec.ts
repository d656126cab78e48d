import {
  test,
  expect,
  screenshot,
  expectRendered,
  expectGoldenPaths,
  expectGraded,
  openArchitectureReview,
} from '../tests/fixtures';

/**
 * The same suite in create-app's legacy app (`--legacy`), wired by the
 * README's legacy blocks (scripts/fresh-app.ts): the legacy exports of
 * every front-end package render the pages the new app shows.
 */
test.describe('the suite in a new legacy Backstage app', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
    const enter = page.getByRole('button', { name: 'Enter' });
    await expect(enter).toBeVisible();
    await enter.click();
    await expect(
      page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'Create...' }),
    ).toBeVisible();
  });

  test('the AI Models page and a model page with its cards and Scorecard tab', async ({
    page,
  }) => {
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await nav.getByRole('link', { name: 'AI Models' }).click();
    await expect(page).toHaveURL(/\/ai-models$/);
    await expect(async () => {
      await page.goto('/ai-models');
      await expect(page.getByText('Models (9)')).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 90_000 });
    await expectRendered(page);
    await screenshot(page, 'fresh-legacy-ai-models');

    await page.getByRole('link', { name: 'Llama 3.1 8B Instruct' }).click();
    for (const title of [
      'Model overview',
      'Lineage',
      'Serving and resources',
      'Evaluations',
      'Provenance',
    ]) {
      await expect(
        page.getByText(title, { exact: true }).first(),
      ).toBeVisible();
    }
    await expect(
      page.getByRole('link', { name: 'vLLM chat serving' }).first(),
    ).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'fresh-legacy-model');
    await page.getByRole('tab', { name: 'Scorecard' }).click();
    await expectGraded(page);
  });

  test('a model server shows its served models, scorecard, SLO and cost cards and its Scorecard tab', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/vllm-chat');
    await expect(page.getByText('AI models', { exact: true })).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.getByText('Serves', { exact: true })).toBeVisible();
    // Page-wide: the scorecard card above them names the same chapters.
    await expect(page.getByRole('table', { name: 'SLOs' })).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.getByText('Spot savings')).toBeVisible({
      timeout: 60_000,
    });
    await expect(
      page.getByText('Architecture scorecard', { exact: true }).first(),
    ).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'fresh-legacy-service');

    await page.getByRole('tab', { name: 'Scorecard' }).click();
    await expectGraded(page);
    await expectRendered(page);
  });

  test('a team page shows what its AI models cost within their SLOs', async ({
    page,
  }) => {
    await page.goto('/catalog/default/group/ml-platform');
    await expect(
      page.getByText('AI models: cost within SLOs', { exact: true }),
    ).toBeVisible({ timeout: 60_000 });
    await expect(
      page.getByRole('table', { name: 'The team’s AI models' }),
    ).toContainText('Llama 3.1 8B Instruct', { timeout: 60_000 });
    await expectRendered(page);
  });

  test('the architecture review page and the Create page with the golden paths and their form fields', async ({
    page,
  }) => {
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await nav.getByRole('link', { name: 'Architecture review' }).click();
    await expect(page).toHaveURL(/\/architecture-review$/);
    await openArchitectureReview(page);
    await expectRendered(page);
    await screenshot(page, 'fresh-legacy-architecture-review');

    await expectGoldenPaths(page);
    await screenshot(page, 'fresh-legacy-create');
  });
});
