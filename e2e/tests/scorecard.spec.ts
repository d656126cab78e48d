import {
  test,
  expect,
  signInAsGuest,
  screenshot,
  expectRendered,
} from './fixtures';

test.describe('the architecture scorecard', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('the Architecture review page lists graded entities with the grade distribution', async ({
    page,
  }) => {
    // The back end grades every entity shortly after start-up.
    await expect(async () => {
      await page.goto('/architecture-review');
      await expect(page.getByText(/Graded entities \([1-9]\d*\)/)).toBeVisible({
        timeout: 3000,
      });
    }).toPass({ timeout: 90_000 });
    await expect(
      page.getByRole('table', { name: 'Grade distribution per chapter' }),
    ).toBeVisible();
    await expect(page.getByText('Worst offenders')).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'architecture-review');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await download;
    expect(csv.suggestedFilename()).toBe('architecture-review.csv');
  });

  test('a model page shows its scorecard with chapter bars and the fixes', async ({
    page,
  }) => {
    await expect(async () => {
      await page.goto('/catalog/default/aimodel/clinical-notes-summarizer');
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
