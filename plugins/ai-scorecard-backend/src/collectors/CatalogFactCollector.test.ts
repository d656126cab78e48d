import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { exampleCatalog } from '../__testUtils__/exampleCatalog';
import { CatalogFactCollector } from './CatalogFactCollector';

const named = (name: string) =>
  exampleCatalog.find(e => e.kind === 'Component' && e.metadata.name === name)!;

describe('CatalogFactCollector', () => {
  const collector = new CatalogFactCollector({
    catalog: catalogServiceMock({ entities: exampleCatalog }),
  });
  const collect = (entities: Entity[]) =>
    collector.collect(entities, { credentials: mockCredentials.service() });

  it('reads the data classification of every model a service depends on, and names the confidential ones', async () => {
    const facts = await collect([
      named('support-assistant'),
      named('rag-retriever'),
    ]);
    expect(
      facts.get('component:default/support-assistant')!['catalog.models'],
    ).toMatchObject({
      value: {
        refs: [
          'aimodel:default/bge-m3',
          'aimodel:default/bge-reranker-v2-m3',
          'aimodel:default/llama-3-1-8b-support-ft',
        ],
        classifications: {
          'aimodel:default/bge-m3': 'internal',
          'aimodel:default/llama-3-1-8b-support-ft': 'confidential',
        },
        sensitive: ['aimodel:default/llama-3-1-8b-support-ft'],
      },
      source: 'catalog:component:default/support-assistant#spec.dependsOn',
    });
    expect(
      facts.get('component:default/rag-retriever')!['catalog.models'],
    ).toMatchObject({ value: { sensitive: [] } });
  });

  it('says which model is missing from the catalog instead of guessing its classification', async () => {
    const service: Entity = {
      ...named('rag-retriever'),
      spec: {
        ...named('rag-retriever').spec,
        dependsOn: ['aimodel:bge-m3', 'aimodel:not-registered'],
      },
    };
    const facts = await collect([service]);
    expect(
      facts.get('component:default/rag-retriever')!['catalog.models'],
    ).toMatchObject({
      unknown:
        'aimodel:default/not-registered is in spec.dependsOn but not in the catalog, so the data classification is unknown',
    });
  });

  it('supplies no model facts to a component that calls no model, or without the catalog', async () => {
    const gateway = await collect([named('llm-gateway')]);
    expect(
      gateway.get('component:default/llm-gateway')!['catalog.models'],
    ).toBeUndefined();
    const without = await new CatalogFactCollector().collect(
      [named('support-assistant')],
      { credentials: mockCredentials.service() },
    );
    expect(
      without.get('component:default/support-assistant')!['catalog.models'],
    ).toBeUndefined();
  });
});
