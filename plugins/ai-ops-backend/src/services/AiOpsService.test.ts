import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readAiOpsConfig } from '../config';
import { AiOpsService } from './AiOpsService';

describe('AiOpsService without a Prometheus data source', () => {
  const service = new AiOpsService({
    config: readAiOpsConfig(new ConfigReader({})),
    prices: { gpu: {}, instance: {} },
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'chat', namespace: 'default' },
          spec: { type: 'service', lifecycle: 'production', owner: 'team' },
        },
      ],
    }),
    cache: mockServices.cache.mock(),
  });

  // A platform team's own Backstage has no `npm run start:demo`: the state
  // says what to configure (was: "or start the demo with npm run start:demo").
  it('says what to configure, in the platform team’s terms', async () => {
    const response = await service.cost(
      'component:default/chat',
      '30d',
      mockCredentials.user(),
    );
    expect(response).toMatchObject({ status: 'not-configured' });
    const message = (response as { message: string }).message;
    expect(message).toMatch(/aiOps\.prometheus\.sources/);
    expect(message).not.toMatch(/npm run/);
  });
});
