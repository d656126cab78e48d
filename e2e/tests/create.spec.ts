import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'yaml';
import {
  test,
  expect,
  signInAsGuest,
  screenshot,
  screenshotOf,
  expectRendered,
  chooseRepository,
  createdEntityUrl,
  fillAbout,
  openOnceCataloged,
} from './fixtures';

test.describe('golden paths', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('runs "Register an AI service" from the form to the registered entity', async ({
    page,
  }) => {
    const name = `e2e-service-${Date.now().toString(36)}`;
    await page.goto('/create/templates/default/ai-service');
    await expect(
      page.getByRole('heading', { name: 'Register an AI service' }).first(),
    ).toBeVisible();

    await fillAbout(page, {
      name,
      description: 'Summarises incident timelines for on-call engineers',
      system: /Model Serving/,
    });
    await screenshot(page, 'create-ai-service-step-1');
    await page.getByRole('button', { name: 'Next' }).click();

    const tenant = page.getByLabel('Tenant').first();
    await tenant.fill('Not Valid');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText(/must match pattern/).first()).toBeVisible();
    await screenshot(page, 'create-ai-service-bad-tenant');
    await tenant.fill('oncall');
    await page.getByRole('button', { name: 'Next' }).click();
    // The models it calls (its budget counts their tokens) and where it runs.
    await page.getByLabel('Models it calls').first().click();
    await page.getByRole('option', { name: /GPT-4o/ }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('Kubernetes namespace').first().fill('oncall');
    await screenshot(page, 'create-ai-service-models');
    await page.getByRole('button', { name: 'Next' }).click();
    await chooseRepository(page, name);
    await screenshot(page, 'create-ai-service-repository');
    await page.getByRole('button', { name: 'Review' }).click();
    await screenshot(page, 'create-ai-service-review');
    await page.getByRole('button', { name: 'Create' }).click();

    const entityUrl = await createdEntityUrl(page, name, 60_000);
    await expectRendered(page);
    await screenshot(page, 'create-ai-service-done');
    const repositoryUrl = await page
      .getByRole('link', { name: 'Repository' })
      .getAttribute('href');
    await openOnceCataloged(
      page,
      entityUrl,
      'Summarises incident timelines',
      60_000,
    );
    await screenshot(page, 'create-ai-service-entity');
    // Its catalog entry, in the repository it published, depends on the
    // model it calls.
    const entity = yaml.parse(
      readFileSync(
        join(fileURLToPath(repositoryUrl!), 'catalog-info.yaml'),
        'utf8',
      ),
    );
    expect(entity.spec.dependsOn).toEqual(['aimodel:default/gpt-4o']);
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-id': name,
      'backstage.io/kubernetes-namespace': 'oncall',
    });
  });

  test('runs "LLM serving" with a model from the catalog, refusing a model that does not fit and a spot share over 100 % in the form', async ({
    page,
  }) => {
    const name = `e2e-llm-${Date.now().toString(36)}`;
    await page.goto('/create/templates/default/llm-serving');
    await expect(
      page.getByRole('heading', { name: /LLM serving on Kubernetes/ }).first(),
    ).toBeVisible();

    await fillAbout(page, {
      name,
      description: 'Chat completions for the incident summariser',
    });
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByLabel('AIModel').first().click();
    await page
      .getByRole('option', { name: /Llama 3.1 8B Instruct/ })
      .first()
      .click();
    await screenshot(page, 'create-llm-serving-model');
    await page.getByRole('button', { name: 'Next' }).click();

    // The GPU-fit field sizes the model live and the form refuses a model
    // that does not fit: Llama 3.1 8B at 8192 tokens × 16 needs two L4s.
    await page.getByLabel('GPU type').first().click();
    await page.getByRole('option', { name: 'nvidia-l4', exact: true }).click();
    const fit = page.getByTestId('gpu-fit');
    await expect(fit).toContainText(
      'gpusPerReplica: the model needs at least 2 × nvidia-l4 per replica',
    );
    await page.getByRole('button', { name: 'Next' }).click();
    // Next is refused: the validation error joins the live sizing, and the
    // form stays on this step.
    await expect(
      page.getByText(/the model needs at least 2 × nvidia-l4/).nth(1),
    ).toBeVisible();
    await expect(page.getByLabel('GPUs per replica').first()).toBeVisible();
    await screenshot(page, 'create-llm-serving-gpu-does-not-fit');
    await page.getByLabel('GPUs per replica').first().fill('2');
    await expect(fit).toContainText('Fits:');
    await expect(fit).toContainText('on 2 × nvidia-l4');
    await screenshot(page, 'create-llm-serving-gpu-fits');
    // The runtime advisor ranks the runtimes for the workload (2 requests/s
    // by default) and prices it on the catalog's hosted models: two L4s
    // cost less than GPT-4o at that load.
    const advice = page.getByTestId('runtime-advisor');
    await expect(advice.getByRole('row').nth(1)).toHaveAttribute(
      'data-option',
      'vllm',
    );
    await expect(advice).toContainText('maintenance mode');
    await expect(page.getByTestId('break-even')).toContainText(
      'GPT-4o (hosted), the cheapest hosted model in the catalog',
    );
    await screenshotOf(advice, 'runtime-advisor');

    const spot = page
      .getByLabel('Share of replicas on spot capacity (%)')
      .first();
    await spot.fill('150');
    await page.getByRole('button', { name: 'Next' }).click();
    // The browser refuses the number against the schema's maximum and stays on the step.
    expect(
      await spot.evaluate(el => (el as HTMLInputElement).validationMessage),
    ).toMatch(/100/);
    await expect(page.getByLabel('GPUs per replica').first()).toBeVisible();
    await screenshot(page, 'create-llm-serving-bad-spot-share');
    await spot.fill('30');
    await page.getByRole('button', { name: 'Next' }).click();

    // The budget field prices the minimum replicas and the ceiling live,
    // and the form refuses a budget that does not cover the minimum.
    const budget = page.getByTestId('serving-budget');
    await expect(budget).toContainText('a month per replica');
    const budgetInput = page.getByLabel('Monthly budget').first();
    await budgetInput.fill('1000');
    await expect(budget).toContainText(
      'minReplicas: the minimum of 2 replicas costs',
    );
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(
      page.getByText(/more than the monthly budget of 1,000/).nth(1),
    ).toBeVisible();
    await screenshot(page, 'create-llm-serving-over-budget');
    await budgetInput.fill('10000');
    await expect(budget).toContainText('within 10,000');
    await screenshot(page, 'create-llm-serving-slos');
    await page.getByRole('button', { name: 'Next' }).click();
    await chooseRepository(page, name);
    await screenshot(page, 'create-llm-serving-repository');
    await page.getByRole('button', { name: 'Review' }).click();
    await screenshot(page, 'create-llm-serving-review');
    await page.getByRole('button', { name: 'Create' }).click();

    const entityUrl = await createdEntityUrl(page, name, 90_000);
    await expect(
      page.getByText('2 × nvidia-l4 per replica').first(),
    ).toBeVisible();
    await expectRendered(page);
    await screenshot(page, 'create-llm-serving-done');
    await openOnceCataloged(
      page,
      entityUrl,
      'Chat completions for the incident summariser',
      60_000,
    );
    await screenshot(page, 'create-llm-serving-entity');

    // The guard in front of the server, graded from the repository the path
    // published: the proxy in the pods, the Service sending to it, the
    // NetworkPolicy closing the server's port, the corpus its CI runs.
    await page.goto(`${entityUrl}/scorecard`);
    const gradeNow = page.getByRole('button', { name: 'Grade now' });
    await expect(gradeNow).toBeVisible({ timeout: 30_000 });
    await gradeNow.click();
    await page.getByRole('button', { name: 'All applicable' }).click();
    const guardRule = page.getByRole('row').filter({
      hasText: 'Model servers are reached through the prompt-injection guard',
    });
    await expect(guardRule.getByText('Pass', { exact: true })).toBeVisible({
      timeout: 60_000,
    });
    await expect(
      guardRule.getByText(/from repo:.*#config\/guard\.yaml/).first(),
    ).toBeVisible();
    await screenshotOf(guardRule, 'scorecard-serving-guard');
    await page.goto(entityUrl);

    // Rollback is a deploy operation: from the service's page, the rollback
    // path with the service and its model filled in, which proposes the
    // change in the dev portal's publish directory.
    const rollback = page.getByRole('button', { name: 'Roll back to 3.0.2' });
    await expect(rollback).toBeVisible({ timeout: 30_000 });
    await rollback.click();
    await expect(
      page.getByRole('heading', { name: /Roll back a model/ }).first(),
    ).toBeVisible();
    await page
      .getByLabel('Why')
      .first()
      .fill('Version 3.1.0 answers in the wrong language (INC-2113).');
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(
      page.getByText(`component:default/${name}`).first(),
    ).toBeVisible();
    await screenshot(page, 'rollback-review');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(
      page
        .getByText(
          `Roll back llama-3-1-8b-instruct to version 3.0.2 on ${name}`,
        )
        .first(),
    ).toBeVisible({ timeout: 60_000 });
    await expect(
      page.getByRole('link', { name: 'The change' }),
    ).toHaveAttribute(
      'href',
      new RegExp(
        `/\\.changes/${name}/rollback/llama-3-1-8b-instruct-3\\.0\\.2$`,
      ),
    );
    await expectRendered(page);
    await screenshot(page, 'rollback-done');
  });
});
