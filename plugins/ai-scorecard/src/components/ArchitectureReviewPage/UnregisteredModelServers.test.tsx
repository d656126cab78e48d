import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { aiScorecardApiRef } from '../../api';
import { scorecardApi } from '../../__testUtils__/scorecardApi';
import { UnregisteredModelServers } from './UnregisteredModelServers';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'chat', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/ml' },
};

function render(
  response: Awaited<
    ReturnType<ReturnType<typeof scorecardApi>['getUnregisteredModelServers']>
  >,
) {
  const api = {
    ...scorecardApi(entity),
    getUnregisteredModelServers: async () => response,
  };
  return renderInTestApp(
    <TestApiProvider apis={[[aiScorecardApiRef, api]]}>
      <UnregisteredModelServers />
    </TestApiProvider>,
  );
}

describe('UnregisteredModelServers', () => {
  it('lists each unregistered model server and shows how to register it', async () => {
    await render({
      servers: [
        {
          source: 'kubernetes',
          cluster: 'prod-eu',
          demo: true,
          namespace: 'ml',
          kind: 'Deployment',
          name: 'legacy-summariser',
          runtime: 'tgi',
          image: 'ghcr.io/huggingface/text-generation-inference:2.0.4',
          kubernetesId: null,
          model: 'mistral-7b',
        },
      ],
      unreadable: [
        'cluster prod-us: 401 Unauthorized (check the service-account token) listing pods',
      ],
      sources: ['kubernetes'],
      hidden: 0,
      readAt: '2026-11-27T10:00:00Z',
    });
    const table = await screen.findByRole('table', {
      name: 'Unregistered model servers',
    });
    expect(within(table).getByText('legacy-summariser')).toBeInTheDocument();
    expect(within(table).getByText('demo data')).toBeInTheDocument();
    expect(
      screen.getByText(/Not searched: cluster prod-us: 401 Unauthorized/),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Register legacy-summariser' }),
    );
    const dialog = await screen.findByRole('dialog');
    // the code snippets load their highlighter lazily
    await waitFor(() =>
      expect(dialog.textContent).toContain(
        'kubectl -n ml label deployment/legacy-summariser backstage.io/kubernetes-id=legacy-summariser',
      ),
    );
    expect(dialog.textContent).toContain(
      'ai-refarch.io/serves-models: aimodel:default/mistral-7b',
    );
    expect(dialog.textContent).toContain('ai-refarch.io/runtime: tgi');
    expect(
      within(dialog).getByRole('link', { name: 'Register it in the catalog' }),
    ).toHaveAttribute('href', '/catalog-import');
  });

  it('says when no discovery is installed', async () => {
    await render({
      servers: [],
      unreadable: [],
      sources: [],
      hidden: 0,
      readAt: null,
    });
    expect(
      await screen.findByText(/No discovery is installed/),
    ).toBeInTheDocument();
  });

  it('says when every model server found is registered', async () => {
    await render({
      servers: [],
      unreadable: [],
      sources: ['kubernetes'],
      hidden: 0,
      readAt: '2026-11-27T10:00:00Z',
    });
    expect(
      await screen.findByText('Every model server found is in the catalog.'),
    ).toBeInTheDocument();
  });

  it('does not call every server registered when some were left out for permissions, and says how many', async () => {
    await render({
      servers: [],
      unreadable: [],
      sources: ['kubernetes'],
      hidden: 2,
      readAt: '2026-11-27T10:00:00Z',
    });
    expect(
      await screen.findByText('None found in the clusters that could be read.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Every model server found is in the catalog.'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(
        /2 more are not shown: their cluster's Resource entity is not one you may read/,
      ),
    ).toBeInTheDocument();
  });
});
