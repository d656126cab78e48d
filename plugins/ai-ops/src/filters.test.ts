import { Entity } from '@backstage/catalog-model';
import { isAiOpsCostAvailable, isAiOpsSloAvailable } from './filters';

const component = (
  annotations: Record<string, string> = {},
  spec: Record<string, unknown> = {},
  relations: Entity['relations'] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
  spec: { type: 'service', ...spec },
  relations,
});
const model: Entity = {
  apiVersion: 'ai-refarch.io/v1alpha1',
  kind: 'AIModel',
  metadata: { name: 'm' },
};

describe('where the cost and SLO cards appear', () => {
  it('shows the SLO card on models, AI services and entities that declare SLOs, not on others', () => {
    expect(isAiOpsSloAvailable(model)).toBe(true);
    expect(isAiOpsSloAvailable(component({}, { slos: [] }))).toBe(true);
    // An AI service without SLOs is told how to declare them.
    expect(
      isAiOpsSloAvailable(component({ 'ai-refarch.io/monthly-budget': '10' })),
    ).toBe(true);
    expect(isAiOpsSloAvailable(component())).toBe(false);
  });

  it('shows the cost card on models and on services that serve, call or budget for one', () => {
    expect(isAiOpsCostAvailable(model)).toBe(true);
    for (const annotation of [
      'ai-refarch.io/serves-models',
      'ai-refarch.io/runtime',
      'ai-refarch.io/prometheus-labels',
      'ai-refarch.io/monthly-budget',
    ]) {
      expect(isAiOpsCostAvailable(component({ [annotation]: 'x' }))).toBe(true);
    }
    expect(
      isAiOpsCostAvailable(
        component({}, {}, [
          { type: 'dependsOn', targetRef: 'aimodel:default/gpt-4o' },
        ]),
      ),
    ).toBe(true);
    // An existing catalog's other services: no "not configured" card.
    expect(isAiOpsCostAvailable(component())).toBe(false);
    expect(
      isAiOpsCostAvailable(
        component({ 'backstage.io/kubernetes-id': 'orders' }, {}, [
          { type: 'dependsOn', targetRef: 'resource:default/orders-db' },
        ]),
      ),
    ).toBe(false);
  });
});
