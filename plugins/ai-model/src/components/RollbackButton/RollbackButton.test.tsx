import { screen } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { SWRConfig } from 'swr';
import { testModel } from '../testModels';
import { AIModelOverviewCard } from '../AIModelCards';
import { ServedModelsCard } from '../ServedModelsCard';

const DIGEST = `sha256:${'b'.repeat(64)}`;

const model = (spec: object = {}, servers = ['component:default/vllm-chat']) =>
  testModel(
    'support-llm',
    {
      version: '3',
      rollbackVersion: '2',
      rollbackArtifact: { uri: 's3://models/support-llm/2/', digest: DIGEST },
      ...spec,
    },
    { relations: servers.map(targetRef => ({ type: 'servedBy', targetRef })) },
  );

const server: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'vllm-chat',
    namespace: 'default',
    annotations: {
      'ai-refarch.io/serves-models': 'aimodel:default/support-llm',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/ml' },
  relations: [{ type: 'serves', targetRef: 'aimodel:default/support-llm' }],
};

async function render(
  entity: Entity,
  card: JSX.Element,
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  catalog: Entity[] = [model()],
) {
  const permission = mockApis.permission({ authorize });
  jest.spyOn(permission, 'authorize');
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApiMock({ entities: catalog })],
        [permissionApiRef, permission],
      ]}
    >
      {/* usePermission caches decisions in SWR: one cache per test */}
      <SWRConfig value={{ provider: () => new Map() }}>
        <EntityProvider entity={entity}>{card}</EntityProvider>
      </SWRConfig>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return permission;
}

const formDataOf = (href: string | null) =>
  JSON.parse(new URL(href!, 'http://portal').searchParams.get('formData')!);

describe('RollbackButton', () => {
  it("opens the rollback golden path from the model's page, with its server and the model filled in", async () => {
    const permission = await render(model(), <AIModelOverviewCard />);
    const link = await screen.findByRole('button', { name: 'Roll back to 2' });
    expect(link.getAttribute('href')).toMatch(
      /^\/create\/templates\/default\/model-rollback\?formData=/,
    );
    expect(formDataOf(link.getAttribute('href'))).toEqual({
      service: 'component:default/vllm-chat',
      model: 'aimodel:default/support-llm',
    });
    // The permission is asked on the serving service.
    expect(permission.authorize).toHaveBeenCalledWith({
      permission: expect.objectContaining({ name: 'ai-model.rollback' }),
      resourceRef: 'component:default/vllm-chat',
    });
  });

  it('names each server where a model has several', async () => {
    await render(
      model({}, [
        'component:default/vllm-chat',
        'component:default/vllm-batch',
      ]),
      <AIModelOverviewCard />,
    );
    expect(
      await screen.findByRole('button', { name: 'Roll back vllm-chat to 2' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Roll back vllm-batch to 2' }),
    ).toBeInTheDocument();
  });

  it('is disabled, with the reason, for a user who may not roll the service back', async () => {
    await render(model(), <AIModelOverviewCard />, AuthorizeResult.DENY);
    const button = await screen.findByRole('button', {
      name: 'Roll back to 2',
    });
    expect(button).toBeDisabled();
    expect(button.parentElement).toHaveAttribute(
      'title',
      'Only the owners of vllm-chat may roll it back',
    );
  });

  it('is disabled, with the reason, when the registry records no weights for the rollback version', async () => {
    await render(
      model({ rollbackArtifact: undefined }),
      <AIModelOverviewCard />,
    );
    const button = await screen.findByRole('button', {
      name: 'Roll back to 2',
    });
    expect(button).toBeDisabled();
    expect(button.parentElement?.getAttribute('title')).toMatch(
      /^The registry records no weights for version 2 \(spec.rollbackArtifact/,
    );
  });

  it('is not offered for a model without a rollback version', async () => {
    await render(
      model({ rollbackVersion: undefined, rollbackArtifact: undefined }),
      <AIModelOverviewCard />,
    );
    await screen.findByText('Version');
    expect(screen.queryByText(/Roll back/)).toBeNull();
  });

  it("is on the serving service's page, for the model it serves", async () => {
    await render(server, <ServedModelsCard />);
    const link = await screen.findByRole('button', { name: 'Roll back to 2' });
    expect(formDataOf(link.getAttribute('href'))).toEqual({
      service: 'component:default/vllm-chat',
      model: 'aimodel:default/support-llm',
    });
  });
});
