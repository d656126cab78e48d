import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { translationApiRef } from '@backstage/core-plugin-api/alpha';
import { markingTranslationApi } from '@internal/test-kit/react';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import aiModelPlugin from '../alpha';
import { testModel } from './testModels';
import { AIModelCatalogPage } from './AIModelCatalogPage';
import {
  AIModelEvaluationsCard,
  AIModelLineageCard,
  AIModelOverviewCard,
  AIModelProvenanceCard,
  AIModelServingCard,
} from './AIModelCards';
import { ServedModelsCard } from './ServedModelsCard';
import { AIModelSearchResultListItem } from './AIModelSearchResultListItem';

const served = testModel(
  'llama-chat',
  {
    serving: { runtime: 'vllm', engine: { maxModelLen: 16384 } },
    resources: { accelerator: 'nvidia-l4', count: 1, memoryGiB: 24 },
    contextWindow: 131072,
    evaluations: [
      {
        tool: 'ragas',
        dataset: 'golden',
        metric: 'faithfulness',
        value: 0.91,
        threshold: 0.85,
      },
      {
        tool: 'lm-eval',
        dataset: 'wikitext',
        metric: 'perplexity',
        value: 3.9,
        threshold: 3.5,
        direction: 'lower-is-better',
      },
    ],
    artifact: { uri: 's3://models/llama-chat/' },
    registry: { type: 'mlflow', name: 'chat', version: '3' },
  },
  { relations: [] },
);
const hosted = testModel('gpt-4o', {
  provider: 'openai',
  serving: { runtime: 'hosted-api' },
  pricing: { inputPer1MTokens: 2.5, outputPer1MTokens: 10 },
});
const bare = testModel('embedder', { type: 'embedding' });
const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'chat', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:ml' },
};

async function render(element: JSX.Element, models: Entity[] = []) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [translationApiRef, markingTranslationApi()],
        [catalogApiRef, catalogApiMock({ entities: models })],
      ]}
    >
      {element}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** Each text is on the screen, and only in its marked form. */
function expectMarked(texts: string[]) {
  for (const text of texts) {
    expect(screen.getAllByText(`⟦${text}⟧`).length).toBeGreaterThan(0);
    expect(screen.queryAllByText(text)).toHaveLength(0);
  }
}

/** An element whose whole text, across its children, is the marked text. */
function expectMarkedParagraph(text: string) {
  expect(
    screen.getByText(
      (_, element) =>
        element?.tagName === 'P' && element.textContent === `⟦${text}⟧`,
    ),
  ).toBeInTheDocument();
}

describe('the plugin’s words', () => {
  // Tables render slowly in jsdom; on a busy two-core machine the
  // five-second default is too tight.
  jest.setTimeout(30_000);

  it('in the page’s sidebar item and header come from the translation ref', () => {
    const tester = createExtensionTester(
      aiModelPlugin.getExtension('page:ai-model'),
      { apis: [[translationApiRef, markingTranslationApi()]] },
    );
    expect(tester.get(coreExtensionData.title)).toBe('⟦AI Models⟧');
    expect(tester.get(coreExtensionData.titleTranslation)?.key).toBe(
      'page.title',
    );
  });

  it('on the catalog page come from the translation ref', async () => {
    await render(<AIModelCatalogPage />, [served, hosted, bare]);
    expect(await screen.findByText('⟦Models (3)⟧')).toBeInTheDocument();
    expectMarked([
      'AI models',
      'Every model the organisation serves or calls: what it is, where it runs, who owns it',
      // Filters of the model's fields.
      'Serving runtime',
      'Data classification',
      // Column titles.
      'Model',
      'Parameters',
      'Data',
      // Values the page words itself.
      'Hosted API',
      'not served',
      'unknown',
    ]);
    expect(
      screen.getByRole('textbox', { name: '⟦Serving runtime⟧' }),
    ).toBeInTheDocument();
  });

  it('on an empty catalog page come from the translation ref', async () => {
    await render(<AIModelCatalogPage />);
    expect(await screen.findByText('⟦Models (0)⟧')).toBeInTheDocument();
    expectMarked([
      'No AIModel entities in the catalog yet. Add one with kind: AIModel, or configure an MLflow registry.',
    ]);
  });

  it('on a model’s cards come from the translation ref', async () => {
    await render(
      <EntityProvider entity={served}>
        <AIModelOverviewCard />
        <AIModelLineageCard />
        <AIModelEvaluationsCard />
        <AIModelServingCard />
        <AIModelProvenanceCard />
      </EntityProvider>,
      [served],
    );
    expectMarked([
      // Overview
      'Model overview',
      'Context window',
      'self-hosted',
      '128K tokens',
      'Data classification',
      // Lineage
      'Lineage',
      'Derived from',
      'a base model (nothing upstream declared)',
      'no Component declares it in ai-refarch.io/serves-models',
      'no dataset declared',
      // Evaluations
      'Evaluations',
      '1 of 2 below threshold',
      'Dataset (tool)',
      'golden (ragas)',
      '≤ 3.5',
      'PASS',
      'FAIL',
      // Serving
      'Serving and resources',
      'Accelerators per replica',
      '24 GiB',
      'Engine: maxModelLen',
      // Provenance
      'Provenance',
      'Artifact URI',
      'not pinned',
      'unsigned',
      'MLflow: chat v3',
    ]);
  });

  it('in the cards’ empty states come from the translation ref', async () => {
    await render(
      <>
        <EntityProvider entity={bare}>
          <AIModelEvaluationsCard />
          <AIModelServingCard />
          <AIModelProvenanceCard />
        </EntityProvider>
        <EntityProvider entity={hosted}>
          <AIModelOverviewCard />
          <AIModelProvenanceCard />
        </EntityProvider>
        <EntityProvider entity={service}>
          <ServedModelsCard />
        </EntityProvider>
      </>,
    );
    expectMarkedParagraph(
      'No evaluations recorded. Add spec.evaluations with the tool, dataset, metric, value and threshold of each run.',
    );
    expectMarkedParagraph(
      'This model declares no serving runtime or resources. Add spec.serving and spec.resources to its entity.',
    );
    expectMarked([
      'No artifact or registry declared: add spec.artifact (uri, digest, signature) and spec.registry.',
      'Weights are held by openai; only the API version is pinned (1).',
      'openai (hosted API)',
      '$2.50 in / $10.00 out',
      'Price per 1M tokens',
      'AI models',
      'none (list served models in the ai-refarch.io/serves-models annotation)',
      'none (list called models in spec.dependsOn)',
    ]);
  });

  it('in a search result come from the translation ref', async () => {
    const document = {
      title: 'Llama',
      text: '',
      location: '/catalog/default/aimodel/llama',
      modelType: 'llm',
      parameters: '8.03B',
      contextWindow: '128K',
      runtime: 'hosted-api',
      license: 'llama3.1',
    };
    await render(<AIModelSearchResultListItem result={document} />);
    expect(
      within(screen.getByRole('list', { name: '⟦Model facts⟧' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      '⟦AI model⟧',
      'llm',
      '⟦8.03B parameters⟧',
      '⟦128K context⟧',
      '⟦served with ⟦Hosted API⟧⟧',
      '⟦licence llama3.1⟧',
    ]);
  });
});
