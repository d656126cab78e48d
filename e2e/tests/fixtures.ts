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

/** The four golden paths, by the titles the Create page shows. */
export const GOLDEN_PATH_TITLES = [
  'Register an AI service',
  'GPU Kubernetes cluster (EKS, GKE or AKS)',
  'LLM serving on Kubernetes (vLLM, TGI or Triton)',
  'RAG stack (retrieval service and ingestion pipeline)',
];

/** Opens the Create page and expects every golden path on it. */
export async function expectGoldenPaths(page: Page) {
  await page.goto('/create');
  for (const title of GOLDEN_PATH_TITLES) {
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
  }
}

/**
 * The first step of a golden path's form: name, description, the owner
 * ML Platform and, when given, the system.
 */
export async function fillAbout(
  page: Page,
  about: { name: string; description: string; system?: RegExp },
) {
  await page.getByLabel('Name').first().fill(about.name);
  await page.getByLabel('Description').first().fill(about.description);
  await page.getByLabel('Owner').first().click();
  await page
    .getByRole('option', { name: /ML Platform/ })
    .first()
    .click();
  if (about.system) {
    await page.getByLabel('System').first().click();
    await page.getByRole('option', { name: about.system }).first().click();
  }
}

/**
 * The last step of every golden path: where the repository goes. The picker
 * offers the Git integrations the portal is configured with (the catalog
 * module fills them in); where local publishing is configured, the run
 * publishes to its directory whichever host is picked.
 */
export async function chooseRepository(page: Page, repo: string) {
  await expect(page.getByTestId('host-select').first()).toContainText(
    'github.com',
  );
  await page.getByLabel('Owner').first().fill('acme');
  const repository = page.getByLabel('Repository').first();
  await repository.fill(repo);
  // The name field is an autocomplete that takes a typed name when it loses
  // the focus.
  await repository.press('Tab');
}

/**
 * Opens the Architecture review page once the back end has graded the
 * catalog, which it does shortly after start-up.
 */
export async function openArchitectureReview(page: Page) {
  await expect(async () => {
    await page.goto('/architecture-review');
    await expect(page.getByText(/Graded entities \([1-9]\d*\)/)).toBeVisible({
      timeout: 3000,
    });
  }).toPass({ timeout: 90_000 });
}

/** On a scorecard page: reload until the back end has graded the entity. */
export async function expectGraded(page: Page) {
  await expect(async () => {
    await page.reload();
    await expect(page.getByText(/Coverage [\d.]+ %/)).toBeVisible({
      timeout: 3000,
    });
  }).toPass({ timeout: 90_000 });
}

/**
 * Waits for the finished task's "Open in catalog" link, checks that it names
 * the new component, and returns its URL.
 */
export async function createdEntityUrl(
  page: Page,
  name: string,
  timeoutMs: number,
): Promise<string> {
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: timeoutMs });
  const url = await openInCatalog.getAttribute('href');
  expect(url).toBe(`/catalog/default/component/${name}`);
  return url!;
}

/**
 * Opens an entity page once the catalog, which processes a new location in
 * the background, shows `text` on it.
 */
export async function openOnceCataloged(
  page: Page,
  url: string,
  text: string,
  timeoutMs: number,
) {
  await expect(async () => {
    await page.goto(url);
    await expect(page.getByText(text).first()).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: timeoutMs });
  await expectRendered(page);
}

/** The card whose header says `title`. */
export function cardTitled(page: Page, title: string): Locator {
  return page
    .locator(`text=${title}`)
    .locator('xpath=ancestor::div[contains(@class,"MuiCard-root")][1]');
}
