import { test as base, expect, Locator, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const SCREENSHOTS = join(__dirname, '..', 'artifacts', 'screenshots');

/** A screenshot of one element; Playwright scrolls it into view. */
export async function screenshotOf(locator: Locator, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await locator.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/**
 * Every test fails on an uncaught error in the page, and `visit` keeps a
 * screenshot of each page it opens under e2e/artifacts/screenshots.
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', error => errors.push(error.stack ?? error.message));
      await use(errors);
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** A screenshot of the whole page, or of the part that holds `around`. */
export async function screenshot(page: Page, name: string, around?: Locator[]) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  let clip;
  if (around) {
    const boxes = (await Promise.all(around.map(l => l.boundingBox()))).filter(
      b => b !== null,
    );
    const x = Math.min(...boxes.map(b => b.x)) - 16;
    const y = Math.min(...boxes.map(b => b.y)) - 16;
    clip = {
      x,
      y,
      width: Math.max(...boxes.map(b => b.x + b.width)) + 16 - x,
      height: Math.max(...boxes.map(b => b.y + b.height)) + 16 - y,
    };
  }
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    fullPage: true,
    clip,
  });
}

/**
 * Opens a path, waits until it has finished loading (and shows `text`, when
 * given), checks that it rendered, and keeps a screenshot.
 */
export async function visit(
  page: Page,
  path: string,
  name: string,
  text?: string | RegExp,
) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  if (text) await expect(page.getByText(text).first()).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expectRendered(page);
  await screenshot(page, name);
}

export async function expectRendered(page: Page) {
  await expect(page.getByText('PAGE NOT FOUND', { exact: false })).toHaveCount(
    0,
  );
  await expect(page.locator('#webpack-dev-server-client-overlay')).toHaveCount(
    0,
  );
  await expect(page.getByText(/^Error: /)).toHaveCount(0);
}
