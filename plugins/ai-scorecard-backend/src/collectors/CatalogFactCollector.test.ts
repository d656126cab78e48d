import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { gradeOn } from '../__testUtils__/grade';
import { CatalogFactCollector } from './CatalogFactCollector';
import { servedExampleCatalog } from '@internal/test-kit';

const exampleCatalog = servedExampleCatalog();

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

  it("gives a model server the classifications of the models it serves (its callers' data reaches them)", async () => {
    const gateway = await collect([named('llm-gateway')]);
    expect(
      gateway.get('component:default/llm-gateway')!['catalog.models'],
    ).toMatchObject({
      value: {
        refs: [
          'aimodel:default/claude-sonnet-4',
          'aimodel:default/clinical-notes-summarizer',
          'aimodel:default/gpt-4o',
        ],
        classifications: {
          'aimodel:default/clinical-notes-summarizer': 'phi',
        },
      },
      source:
        'catalog:component:default/llm-gateway#metadata.annotations["ai-refarch.io/serves-models"]',
    });
  });

  it('supplies no model facts to a component that calls no model, or without the catalog', async () => {
    const plain: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'status-page' },
      spec: {
        type: 'website',
        owner: 'group:default/sre',
        lifecycle: 'production',
      },
    };
    const none = await collect([plain]);
    expect(
      none.get('component:default/status-page')!['catalog.models'],
    ).toBeUndefined();
    const without = await new CatalogFactCollector().collect(
      [named('support-assistant')],
      { credentials: mockCredentials.service() },
    );
    expect(
      without.get('component:default/support-assistant')!['catalog.models'],
    ).toBeUndefined();
  });

  describe('PHI and PCI models reached only through an audited gateway', () => {
    const RULE = 'security-compliance.regulated-data-gateway';
    const model = (name: string) =>
      exampleCatalog.find(
        e => e.kind === 'AIModel' && e.metadata.name === name,
      )!;
    /** The example catalog with some of its entities replaced. */
    const graded = async (name: string, ...replaced: Entity[]) => {
      const entities = exampleCatalog.map(
        e =>
          replaced.find(
            r => r.kind === e.kind && r.metadata.name === e.metadata.name,
          ) ?? e,
      );
      const m = entities.find(
        e => e.kind === 'AIModel' && e.metadata.name === name,
      )!;
      const facts = await new CatalogFactCollector({
        catalog: catalogServiceMock({ entities }),
      }).collect([m], { credentials: mockCredentials.service() });
      const own = facts.get(`aimodel:default/${name}`)!;
      return { fact: own['catalog.gateway'], result: gradeOn(m, own)(RULE) };
    };

    it('passes a model served by a gateway that audits every call, whose callers go through it', async () => {
      const { fact, result } = await graded('clinical-notes-summarizer');
      expect(result.status).toBe('pass');
      expect(fact).toEqual({
        value: {
          gateways: ['component:default/llm-gateway'],
          servers: [{ ref: 'component:default/llm-gateway', auditLog: 'otlp' }],
          callers: [
            {
              ref: 'component:default/clinical-summarizer-app',
              through: ['component:default/llm-gateway'],
            },
          ],
          bypassing: [],
        },
        source: 'catalog:aimodel:default/clinical-notes-summarizer#relations',
        observedAt: expect.any(String),
      });
    });

    it('fails a model whose server keeps no audit log, and a caller that goes around the gateway', async () => {
      const fraud = await graded('fraud-scorer-xgb');
      expect(fraud.result.status).toBe('fail');
      expect(fraud.fact).toMatchObject({
        value: {
          gateways: [],
          servers: [
            { ref: 'component:default/triton-inference', auditLog: null },
          ],
        },
      });
      // The clinical app calls the model without depending on the gateway.
      const app = exampleCatalog.find(
        e => e.metadata.name === 'clinical-summarizer-app',
      )!;
      const bypass = await graded('clinical-notes-summarizer', {
        ...app,
        relations: app.relations!.filter(
          r => r.targetRef !== 'component:default/llm-gateway',
        ),
      });
      expect(bypass.result.status).toBe('fail');
      expect(bypass.fact).toMatchObject({
        value: { bypassing: ['component:default/clinical-summarizer-app'] },
      });
    });

    it('is unknown without the catalog, and not read for other models', async () => {
      const alone = await new CatalogFactCollector().collect(
        [model('clinical-notes-summarizer'), model('llama-3-1-8b-instruct')],
        { credentials: mockCredentials.service() },
      );
      const phi = alone.get('aimodel:default/clinical-notes-summarizer')!;
      expect(phi['catalog.gateway']).toBeUndefined();
      expect(
        gradeOn(model('clinical-notes-summarizer'), phi)(RULE).status,
      ).toBe('unknown');
      const { fact } = await graded('llama-3-1-8b-instruct');
      expect(fact).toBeUndefined();
    });
  });
});
