import {
  test,
  expect,
  signInAsGuest,
  visit,
  screenshot,
  expectRendered,
} from './fixtures';

test.describe('the dev portal', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('every page in the sidebar renders', async ({ page }) => {
    await screenshot(page, 'home');
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    const hrefs = await nav
      .getByRole('link')
      .evaluateAll(links =>
        links
          .map(l => l.getAttribute('href'))
          .filter((h): h is string => !!h && h.startsWith('/')),
      );
    const pages = [...new Set(hrefs)];
    expect(pages).toEqual(expect.arrayContaining(['/catalog', '/create']));
    for (const href of pages) {
      const name = `sidebar-${
        href.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'root'
      }`;
      await visit(page, href, name);
    }
  });

  test('the catalog shows the example organisation', async ({ page }) => {
    await visit(
      page,
      '/catalog?filters[kind]=system&filters[user]=all',
      'catalog-systems',
      'Model Serving',
    );
    for (const system of [
      'Model Serving',
      'GPU Infrastructure',
      'Enterprise Search',
      'Clinical Notes',
    ]) {
      await expect(page.getByRole('link', { name: system })).toBeVisible();
    }
    await visit(
      page,
      '/catalog?filters[kind]=group&filters[user]=all',
      'catalog-groups',
      'ML Platform',
    );
    await expect(page.getByRole('link', { name: 'ML Platform' })).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Architecture Review Board' }),
    ).toBeVisible();

    await page.getByRole('link', { name: 'ML Platform' }).click();
    await expect(
      page.getByRole('heading', { name: 'ML Platform' }).first(),
    ).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'group-ml-platform');
  });

  test('the Create page offers the golden paths', async ({ page }) => {
    await visit(page, '/create', 'create', 'Register an AI service');
  });

  test('search finds models by name and by what only their model fields say, and shows those fields', async ({
    page,
  }) => {
    const failed: string[] = [];
    page.on('response', response => {
      if (response.url().includes('/api/search/') && response.status() >= 500)
        failed.push(`${response.status()} ${response.url()}`);
    });
    // The collator runs at start-up; the index may still be filling.
    const llama = page.getByRole('listitem').filter({
      has: page.getByRole('link', { name: 'Llama 3.1 8B Instruct' }),
    });
    await expect(async () => {
      await page.goto('/search?query=llama');
      await expect(llama.first()).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 60_000 });
    const facts = llama.first().getByRole('list', { name: 'Model facts' });
    await expect(facts).toContainText('served with vLLM');
    await expect(facts).toContainText('8.03B parameters');
    await expectRendered(page);
    await screenshot(page, 'search-llama');
    // "mlflow" is in no name or description, only in the model's registry.
    await page.goto('/search?query=mlflow');
    await expect(llama.first()).toBeVisible();
    expect(failed).toEqual([]);
  });
});
