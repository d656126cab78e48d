import { screen, waitFor, within } from '@testing-library/react';
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

/** Another kind with the same fields, which the page must leave out. */
const service = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'chat', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-ml' },
};

async function renderPage(entities = models, path = '/ai-models') {
  const catalogApi = catalogApiMock({ entities: [...entities, service] });
  const queryEntities = jest.spyOn(catalogApi, 'queryEntities');
  await renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <AIModelCatalogPage />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return { queryEntities };
}

const search = () => decodeURIComponent(window.location.search);

async function choose(filter: string, option: string) {
  await userEvent.click(screen.getByRole('textbox', { name: filter }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
  await userEvent.keyboard('{Escape}');
}

describe('AIModelCatalogPage', () => {
  // Menus and tables render slowly in jsdom; on a busy two-core machine the
  // five-second default is too tight for the filter walk-through.
  jest.setTimeout(30_000);

  it('lists every model with its facts and a link to its page', async () => {
    await renderPage();
    expect(await screen.findByText('Models (4)')).toBeInTheDocument();
    const link = await screen.findByRole('link', { name: 'llama-chat' });
    expect(link).toHaveAttribute('href', '/catalog/default/aimodel/llama-chat');
    expect(screen.getByText('8.03B')).toBeInTheDocument();
    expect(screen.getByText('PHI')).toBeInTheDocument();
    expect(screen.getByText('Hosted API')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'chat' }),
    ).not.toBeInTheDocument();
  });

  it('filters by serving runtime, then by data classification, keeps the filters in the URL, and clears', async () => {
    await renderPage();
    await screen.findByText('Models (4)');
    await choose('Serving runtime', 'vLLM');
    expect(await screen.findByText('Models (2)')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: 'bge-m3' }),
      ).not.toBeInTheDocument(),
    );
    await waitFor(() => expect(search()).toContain('filters[runtime]=vllm'));

    await choose('Data classification', 'phi');
    expect(await screen.findByText('Models (1)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'clinical' })).toBeInTheDocument();
    await waitFor(() =>
      expect(search()).toContain('filters[classification]=phi'),
    );

    await userEvent.click(screen.getByText('Clear filters'));
    expect(await screen.findByText('Models (4)')).toBeInTheDocument();
    expect(search()).not.toContain('runtime');
  });

  it('opens with the filters of a shared URL', async () => {
    await renderPage(
      models,
      '/ai-models?filters[kind]=aimodel&filters[provider]=openai',
    );
    expect(await screen.findByText('Models (1)')).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'gpt-4o' }),
    ).toBeInTheDocument();
  });

  it('asks the catalog for one page of models at a time', async () => {
    const many = Array.from({ length: 45 }, (_, i) =>
      testModel(`model-${String(i).padStart(2, '0')}`),
    );
    const { queryEntities } = await renderPage(many);
    expect(await screen.findByText('Models (45)')).toBeInTheDocument();
    // The table renders its rows again as the list settles: wait for the
    // row that stays, not for the first one found.
    await waitFor(() =>
      expect(
        screen.getByRole('link', { name: 'model-19' }),
      ).toBeInTheDocument(),
    );
    expect(screen.queryByRole('link', { name: 'model-20' })).toBeNull();
    expect(queryEntities).toHaveBeenCalledWith(
      expect.objectContaining({ limit: 20, offset: 0 }),
    );

    await userEvent.click(
      screen.getAllByRole('button', { name: 'Next Page' })[0],
    );
    await waitFor(() =>
      expect(
        screen.getByRole('link', { name: 'model-20' }),
      ).toBeInTheDocument(),
    );
    expect(queryEntities).toHaveBeenCalledWith(
      expect.objectContaining({ limit: 20, offset: 20 }),
    );
    await waitFor(() => expect(search()).toContain('offset=20'));
  });

  it('says when no model matches, and when there is none', async () => {
    await renderPage();
    await screen.findByText('Models (4)');
    await choose('Provider', 'openai');
    await choose('Licence', 'MIT');
    expect(
      await screen.findByText('No model matches these filters.'),
    ).toBeInTheDocument();
  });

  it('says how to add models when the catalog has none', async () => {
    await renderPage([]);
    expect(
      await screen.findByText(/^No AIModel entities in the catalog yet/),
    ).toBeInTheDocument();
    expect(within(document.body).getByText('Models (0)')).toBeInTheDocument();
  });
});
