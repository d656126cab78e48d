import { Locator, Page } from '@playwright/test';
import { test, expect, signInAsGuest } from './fixtures';

/**
 * Presses Tab until `target` has the focus, as a keyboard user gets there;
 * fails when it is not reached within `max` presses.
 */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate(el => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/**
 * The suite's actions from the keyboard alone, and where the focus lands
 * after each dialog closes (issue 19).
 */
test.describe('the keyboard', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('waives a rule and removes the waiver, the focus on the button that undoes each', async ({
    page,
  }) => {
    await expect(async () => {
      await page.goto('/catalog/default/component/support-assistant/scorecard');
      await expect(page.getByText('Rules', { exact: true })).toBeVisible({
        timeout: 3000,
      });
    }).toPass({ timeout: 90_000 });
    const row = page
      .getByRole('table', { name: 'On-call and incidents rules' })
      .getByRole('row')
      .filter({ hasText: 'A runbook is linked' });
    const waive = row.getByRole('button', { name: 'Waive' });

    // Escape closes the dialog and gives the focus back.
    await page
      .getByRole('group', { name: 'Which rules to show' })
      .getByRole('button')
      .first()
      .focus();
    await tabTo(page, waive);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /^Waive “/ });
    await expect(dialog.getByLabel('Reason')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(waive).toBeFocused();

    // Typed, tabbed to the button and pressed: the focus goes to the new
    // waiver's Remove button.
    await page.keyboard.press('Enter');
    await expect(dialog.getByLabel('Reason')).toBeFocused();
    await page.keyboard.type('The runbook moves to the new wiki in December');
    await tabTo(page, dialog.getByRole('button', { name: 'Waive rule' }));
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    const remove = page.getByRole('button', {
      name: 'Remove the waiver of on-call-incidents.runbook',
    });
    await expect(remove).toBeFocused();
    await expect(row.getByText('Waived', { exact: true })).toBeVisible();

    // Removed with Enter: the focus goes back to the rule's Waive button.
    await page.keyboard.press('Enter');
    await expect(page.getByText(/^No waivers\./)).toBeVisible();
    await expect(waive).toBeFocused();
  });

  test('opens and closes the register dialog of an unregistered model server', async ({
    page,
  }) => {
    await page.goto('/architecture-review');
    const register = page.getByRole('button', {
      name: 'Register qwen-experiments',
    });
    await expect(register).toBeVisible({ timeout: 60_000 });
    await register.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(register).toBeFocused();
  });

  test('filters the AI Models page with the keyboard', async ({ page }) => {
    await page.goto('/ai-models');
    await expect(page.getByText(/^Models \(\d+\)$/)).toBeVisible({
      timeout: 90_000,
    });
    const llama = page.getByRole('link', { name: 'Llama 3.1 8B Instruct' });
    await expect(llama).toBeVisible();
    // Backstage's autocomplete pickers: the focus stays in the text box
    // while the arrow keys move through the options.
    const provider = page.getByRole('textbox', { name: 'Provider' });
    await provider.focus();
    await page.keyboard.type('open');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('option', { name: 'openai' })).toHaveAttribute(
      'data-focus',
      'true',
    );
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await expect(llama).toHaveCount(0);
    await expect(
      page.getByRole('link', { name: 'GPT-4o (hosted)' }),
    ).toBeVisible();
    await expect(provider).toBeFocused();
  });
});
