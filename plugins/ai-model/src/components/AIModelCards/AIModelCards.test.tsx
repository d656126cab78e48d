import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Entity } from '@backstage/catalog-model';
import { testModel } from '../testModels';
import {
  AIModelEvaluationsCard,
  AIModelLineageCard,
  AIModelOverviewCard,
  AIModelProvenanceCard,
  AIModelServingCard,
} from '.';

const base = testModel(
  'llama-base',
  {},
  {
    relations: [
      { type: 'hasDerivative', targetRef: 'aimodel:default/llama-support' },
      { type: 'servedBy', targetRef: 'component:default/vllm-chat' },
      { type: 'providesApi', targetRef: 'api:default/chat-api' },
    ],
  },
);
const derived = testModel(
  'llama-support',
  {
    baseModel: { ref: 'llama-base', relation: 'finetune' },
    datasets: ['support-tickets'],
    evaluations: [
      {
        tool: 'ragas',
        dataset: 'golden',
        metric: 'faithfulness',
        value: 0.91,
        threshold: 0.85,
        runUrl: 'https://mlflow.example/#/experiments/3/runs/r9',
      },
      {
        tool: 'ragas',
        dataset: 'golden',
        metric: 'answer_relevancy',
        value: 0.79,
        threshold: 0.8,
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
    artifact: { uri: 's3://models/x/', digest: `sha256:${'b'.repeat(64)}` },
    registry: {
      type: 'mlflow',
      name: 'support-llm',
      version: '5',
      url: 'https://mlflow.example/#/models/support-llm/versions/5',
    },
    serving: {
      runtime: 'vllm',
      engine: { enablePrefixCaching: true, maxModelLen: 16384 },
    },
    resources: {
      accelerator: 'nvidia-l4',
      count: 1,
      memoryGiB: 24,
      replicas: 2,
    },
  },
  {
    relations: [
      { type: 'trainedOn', targetRef: 'resource:default/support-tickets' },
      { type: 'dependsOn', targetRef: 'resource:default/ticket-features' },
    ],
  },
);

async function renderCard(entity: Entity, card: JSX.Element) {
  await renderInTestApp(
    <TestApiProvider
      apis={[[catalogApiRef, catalogApiMock({ entities: [base, derived] })]]}
    >
      <EntityProvider entity={entity}>{card}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('AIModel entity cards', () => {
  it('shows evaluations against thresholds, in both directions', async () => {
    await renderCard(derived, <AIModelEvaluationsCard />);
    expect(screen.getByText('2 of 3 below threshold')).toBeInTheDocument();
    expect(screen.getAllByText('PASS')).toHaveLength(1);
    expect(screen.getAllByText('FAIL')).toHaveLength(2);
    expect(screen.getByText('≤ 3.5')).toBeInTheDocument();
    // An evaluation a registry read from a run links back to it.
    expect(screen.getByRole('link', { name: /^run/ })).toHaveAttribute(
      'href',
      'https://mlflow.example/#/experiments/3/runs/r9',
    );
  });

  it('shows the lineage of a base model: derivatives with their derivation, servers and APIs', async () => {
    await renderCard(base, <AIModelLineageCard />);
    expect(await screen.findByText(/\(finetune\)/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'llama-support' })).toHaveAttribute(
      'href',
      '/catalog/default/aimodel/llama-support',
    );
    expect(screen.getByRole('link', { name: 'vllm-chat' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'chat-api' })).toBeInTheDocument();
    expect(
      screen.getByText('no feature store Resource declared (spec.features)'),
    ).toBeInTheDocument();
  });

  it('shows the base model and training data of a fine-tune', async () => {
    await renderCard(derived, <AIModelLineageCard />);
    expect(
      screen.getByRole('link', { name: 'llama-base' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'support-tickets' }),
    ).toBeInTheDocument();
    // The feature service it reads its features from (spec.features).
    expect(
      screen.getByRole('link', { name: 'ticket-features' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/no Component declares it/)).toBeInTheDocument();
  });

  it('shows provenance, and says when an artifact is unsigned', async () => {
    await renderCard(derived, <AIModelProvenanceCard />);
    expect(screen.getByText(`sha256:${'b'.repeat(64)}`)).toBeInTheDocument();
    expect(screen.getByText('unsigned')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /MLflow: support-llm v5/ }),
    ).toHaveAttribute(
      'href',
      'https://mlflow.example/#/models/support-llm/versions/5',
    );
  });

  it('shows serving settings and the overview', async () => {
    await renderCard(derived, <AIModelServingCard />);
    expect(screen.getByText('nvidia-l4')).toBeInTheDocument();
    expect(screen.getByText('16384')).toBeInTheDocument();
    await renderCard(
      testModel('gpt', {
        provider: 'openai',
        pricing: { inputPer1MTokens: 2.5, outputPer1MTokens: 10 },
      }),
      <AIModelOverviewCard />,
    );
    expect(screen.getByText('openai (hosted API)')).toBeInTheDocument();
    expect(screen.getByText('$2.50 in / $10.00 out')).toBeInTheDocument();
    expect(screen.queryByTestId('demo-data')).toBeNull();
  });

  it('names a W&B version once, as W&B writes it', async () => {
    await renderCard(
      testModel('drafter', {
        registry: { type: 'wandb', name: 'model/drafter', version: 'v1' },
      }),
      <AIModelProvenanceCard />,
    );
    expect(
      screen.getByText('Weights & Biases: model/drafter v1'),
    ).toBeInTheDocument();
  });

  it('labels a model from a demo registry as demo data', async () => {
    await renderCard(
      testModel(
        'router',
        {},
        {
          metadata: { name: 'router', namespace: 'default', tags: ['demo'] },
        },
      ),
      <AIModelOverviewCard />,
    );
    expect(screen.getByTestId('demo-data')).toHaveTextContent(
      'Demo data ingested from a simulated registry (npm run start:demo)',
    );
  });
});
