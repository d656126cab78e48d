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
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'server',
            namespace: 'default',
            annotations: { 'backstage.io/kubernetes-id': 'server' },
          },
          spec: {
            type: 'service',
            lifecycle: 'production',
            owner: 'team',
            slos: [{ name: 'fast', indicator: { type: 'speed' } }],
          },
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

  it('answers the evidence of each entity asked for, in order: nothing where nothing applies, why not where it does', async () => {
    const { items } = await service.evidence(
      [
        'component:default/server',
        'component:default/chat',
        'component:default/gone',
      ],
      mockCredentials.user(),
    );
    expect(items.map(i => i.entityRef)).toEqual([
      'component:default/server',
      'component:default/chat',
      'component:default/gone',
    ]);
    // A model server whose only SLO cannot be read: why, and the source.
    expect(items[0].slos).toEqual({
      status: 'unknown',
      reason: expect.stringMatching(/^spec\.slos\[0\]/),
      source: null,
    });
    expect(items[0].problem).toMatch(/aiOps\.prometheus\.sources/);
    // Neither SLOs nor serving, budget or schedule annotations: nothing.
    expect(items[1]).toEqual({ entityRef: 'component:default/chat' });
    expect(items[2]).toEqual({
      entityRef: 'component:default/gone',
      problem: 'component:default/gone is not in the catalog',
    });
  });
});
