import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AIModelCatalogPage } from './AIModelCatalogPage';
import { testModel } from '../testModels';

const models = [
  testModel('llama-chat', {
    serving: { runtime: 'vllm' },
    parameters: 8030000000,
    license: 'llama3.1',
  }),
  testModel('bge-m3', {
    type: 'embedding',
    serving: { runtime: 'kserve' },
    license: 'MIT',
  }),
  testModel('clinical', {
    dataClassification: 'phi',
    serving: { runtime: 'vllm' },
  }),
  testModel('gpt-4o', {
    provider: 'openai',
    serving: { runtime: 'hosted-api' },
    license: 'proprietary',
  }),
];

async function renderPage() {
  await renderInTestApp(
    <TestApiProvider
      apis={[[catalogApiRef, catalogApiMock({ entities: models })]]}
    >
      <AIModelCatalogPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  await screen.findByText('Models (4)');
}

describe('AIModelCatalogPage', () => {
  // Menus and tables render slowly in jsdom; on a busy two-core machine the
  // five-second default is too tight for the filter walk-through.
  jest.setTimeout(30_000);

  it('lists every model with its facts and a link to its page', async () => {
    await renderPage();
    const link = screen.getByRole('link', { name: 'llama-chat' });
    expect(link).toHaveAttribute('href', '/catalog/default/aimodel/llama-chat');
    expect(screen.getByText('8.03B')).toBeInTheDocument();
    expect(screen.getByText('PHI')).toBeInTheDocument();
    expect(screen.getByText('Hosted API')).toBeInTheDocument();
  });

  async function choose(filter: string, option: string) {
    const select = screen.getByLabelText(filter);
    await userEvent.click(within(select).getByRole('button'));
    await userEvent.click(await screen.findByRole('option', { name: option }));
  }

  it('filters by serving runtime, then by data classification, and clears', async () => {
    await renderPage();
    await choose('Serving runtime', 'vLLM');
    expect(await screen.findByText('Models (2)')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'bge-m3' }),
    ).not.toBeInTheDocument();

    await choose('Data classification', 'phi');
    expect(await screen.findByText('Models (1)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'clinical' })).toBeInTheDocument();

    await userEvent.click(screen.getByText('Clear filters'));
    expect(await screen.findByText('Models (4)')).toBeInTheDocument();
  });

  it('says when no model matches', async () => {
    await renderPage();
    await choose('Provider', 'openai');
    await choose('Type', 'embedding');
    expect(
      await screen.findByText('No model matches these filters.'),
    ).toBeInTheDocument();
  });
});
