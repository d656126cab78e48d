import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { registerScorecardActions } from '../actions';
import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { FactCollector } from '@ai-refarch/plugin-ai-scorecard-node';
import { CatalogFactCollector } from '../collectors/CatalogFactCollector';
import { ScorecardStore } from '../database/ScorecardStore';
import { GradingService } from './GradingService';
import { ReadableEntities } from './ReadableEntities';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { loadRuleSet } from '@ai-refarch/plugin-ai-scorecard-node';
import { servedExampleCatalog } from '@internal/test-kit';

const exampleCatalog = servedExampleCatalog();

const gradable = exampleCatalog.filter(e =>
  ['Component', 'AIModel', 'Resource'].includes(e.kind),
);

describe('GradingService', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup(collectors: FactCollector[], entities = exampleCatalog) {
    const db = await databases.init('SQLITE_3');
    await db.migrate.latest({
      directory: resolvePackagePath(
        '@ai-refarch/plugin-ai-scorecard-backend',
        'migrations',
      ),
    });
    const store = new ScorecardStore(db);
    const logger = mockServices.logger.mock();
    const grading = new GradingService({
      ruleSet: loadRuleSet(new ConfigReader({})),
      collectors,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      store,
      logger,
      waivers: () => store.waivers({ activeAt: new Date() }),
    });
    return { store, grading, logger };
  }

  it('grades every Component, AIModel and Resource of the example catalog with a spread of grades', async () => {
    const { store, grading } = await setup([new CatalogFactCollector()]);
    expect(await grading.gradeAll()).toEqual({
      graded: gradable.length,
      removed: 0,
    });
    const { items, total } = await store.overview({
      page: 1,
      pageSize: 200,
      sort: 'score',
      order: 'desc',
    });
    expect(total).toBe(gradable.length);
    const grades = new Set(items.map(i => i.grade).filter(Boolean));
    expect(grades.size).toBeGreaterThanOrEqual(3);
    const llama = await store.get('aimodel:default/llama-3-1-8b-instruct');
    expect(
      llama!.scorecard.results.find(
        r => r.ruleId === 'llm-observability.evaluations-pass',
      )!.status,
    ).toBe('pass');
  });

  it('drops the scorecards of entities that left the catalog', async () => {
    const { store, grading } = await setup([new CatalogFactCollector()]);
    await grading.gradeAll();
    const fewer = exampleCatalog.filter(e => e.metadata.name !== 'gpt-4o');
    const again = new GradingService({
      ...(grading as any).options,
      catalog: catalogServiceMock({ entities: fewer }),
    });
    expect(await again.gradeAll()).toEqual({
      graded: gradable.length - 1,
      removed: 1,
    });
    expect(await store.get('aimodel:default/gpt-4o')).toBeUndefined();
  });

  it('stores not-applicable results compactly and reads every result back as graded', async () => {
    const { store, grading } = await setup([new CatalogFactCollector()]);
    const graded = await grading.gradeOne(
      'aimodel:default/gpt-4o',
      await mockServices.auth().getOwnServiceCredentials(),
    );
    expect(graded.results.some(r => r.status === 'not-applicable')).toBe(true);
    expect((await store.get('aimodel:default/gpt-4o'))!.scorecard).toEqual(
      graded,
    );
  });

  it('follows catalog changes between full runs: grades only new and edited entities, drops removed ones', async () => {
    const withEtags = (entities: Entity[], etag = 'v1') =>
      entities.map(e => ({ ...e, metadata: { ...e.metadata, etag } }));
    const { store, grading } = await setup(
      [new CatalogFactCollector()],
      withEtags(exampleCatalog),
    );
    await grading.gradeAll();
    const changedCatalog = (entities: Entity[]) =>
      new GradingService({
        ...(grading as any).options,
        catalog: catalogServiceMock({ entities }),
      });
    expect(
      await changedCatalog(withEtags(exampleCatalog)).gradeChanged(),
    ).toEqual({
      graded: 0,
      removed: 0,
    });

    const edited = withEtags(exampleCatalog).flatMap(e => {
      if (e.metadata.name === 'gpt-4o') return []; // removed
      if (e.metadata.name === 'whisper-large-v3') {
        // edited: now carries the cost labels
        return [
          {
            ...e,
            metadata: {
              ...e.metadata,
              etag: 'v2',
              labels: {
                'ai-refarch.io/team': 'ml-platform',
                'ai-refarch.io/tenant': 'shared',
              },
            },
          },
        ];
      }
      return [e];
    });
    edited.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'new-service', namespace: 'default', etag: 'v1' },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/ml-platform',
      },
    });
    const before = await store.get('aimodel:default/whisper-large-v3');
    expect(await changedCatalog(edited).gradeChanged()).toEqual({
      graded: 2,
      removed: 1,
    });
    expect(await store.get('aimodel:default/gpt-4o')).toBeUndefined();
    expect(await store.get('component:default/new-service')).toBeDefined();
    const after = await store.get('aimodel:default/whisper-large-v3');
    const status = (card: typeof after) =>
      card!.scorecard.results.find(
        r => r.ruleId === 'cost-discipline.cost-labels',
      )!.status;
    expect(status(before)).toBe('fail');
    expect(status(after)).toBe('pass');
    // nothing changed since: nothing to grade
    expect(await changedCatalog(edited).gradeChanged()).toEqual({
      graded: 0,
      removed: 0,
    });
  });

  it('keeps a failing collector’s facts unknown and ignores facts outside a collector’s namespace', async () => {
    const broken: FactCollector = {
      id: 'kubernetes',
      collect: async () => {
        throw new Error('cluster unreachable');
      },
    };
    const sneaky: FactCollector = {
      id: 'repo',
      collect: async entities =>
        new Map(
          entities.map(e => [
            stringifyEntityRef(e),
            {
              'repo.kubernetes': {
                value: { podDisruptionBudget: true },
                source: 'repo:test',
                observedAt: 'now',
              },
              'catalog.entity': {
                value: {},
                source: 'forged',
                observedAt: 'now',
              },
            },
          ]),
        ),
    };
    const { store, grading, logger } = await setup([
      new CatalogFactCollector(),
      broken,
      sneaky,
    ]);
    await grading.gradeAll();
    expect(logger.warn).toHaveBeenCalledWith(
      'Fact collector kubernetes failed; its facts are unknown this run',
      { error: 'Error: cluster unreachable' },
    );
    const llama = await store.get('aimodel:default/llama-3-1-8b-instruct');
    const runtime = llama!.scorecard.results.find(
      r => r.ruleId === 'serving-runtime.declared',
    )!;
    expect(runtime.evidence[0].fact).toBe('catalog.entity');
    expect(llama!.scorecard.facts['catalog.entity'].source).toBe(
      'catalog:aimodel:default/llama-3-1-8b-instruct',
    );
    // The facts in its own namespace are kept.
    expect(llama!.scorecard.facts['repo.kubernetes']?.source).toBe('repo:test');
  });

  it('keeps a waiver made during a grading run: the run that read the waivers before it does not overwrite the regraded scorecard', async () => {
    // A collector that holds the full run (its pages have many entities)
    // until released, as a run over a large catalog takes minutes.
    let entered!: () => void;
    const inRun = new Promise<void>(resolve => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>(resolve => (release = resolve));
    const slow: FactCollector = {
      id: 'slow',
      collect: async entities => {
        if (entities.length > 1) {
          entered();
          await released;
        }
        return new Map();
      },
    };
    const { store, grading } = await setup([new CatalogFactCollector(), slow]);
    const credentials = await mockServices.auth().getOwnServiceCredentials();
    const entityRef = 'component:default/support-assistant';
    const failing = (
      await grading.gradeOne(entityRef, credentials)
    ).results.find(r => r.status === 'fail')!;
    expect(failing).toBeDefined();

    const run = grading.gradeAll();
    await inRun;
    await store.addWaiver(
      {
        entityRef,
        ruleId: failing.ruleId,
        reason: 'The runbook moves to the new wiki in December',
        author: 'user:default/reviewer',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      new Date(),
    );
    const regraded = await grading.gradeOne(entityRef, credentials);
    const status = (card: { results: { ruleId: string; status: string }[] }) =>
      card.results.find(r => r.ruleId === failing.ruleId)!.status;
    expect(status(regraded)).toBe('waived');

    release();
    await run;
    expect(status((await store.get(entityRef))!.scorecard)).toBe('waived');
    // The other entities of the run were stored.
    expect(
      (await store.get('aimodel:default/gpt-4o'))!.computedAt,
    ).toBeDefined();
  });

  it('answers an agent through the actions registry: the grade of Y and why, and who fails rule X', async () => {
    const { store, grading } = await setup([
      new CatalogFactCollector({
        catalog: catalogServiceMock({ entities: exampleCatalog }),
      }),
    ]);
    await grading.gradeAll();
    const registry = actionsRegistryServiceMock();
    registerScorecardActions(registry, {
      store,
      grading,
      readable: new ReadableEntities({
        permissions: mockServices.permissions(),
        catalog: catalogServiceMock({ entities: exampleCatalog }),
        kinds: grading.kinds,
      }),
    });

    const { output } = await registry.invoke({
      id: 'test:get-entity-scorecard',
      input: { entityRef: 'aimodel:default/clinical-notes-summarizer' },
    });
    const card = output as any;
    // Without its registry and signature bundle in this test, too little is
    // decided for a letter: the agent is told what would decide it.
    expect(card.grade).toBe('Incomplete');
    expect(card.chapters).toHaveLength(8);
    expect(
      card.unknown.find(
        (u: any) => u.ruleId === 'security-compliance.artifact-digest',
      ).why,
    ).toEqual([
      expect.stringMatching(
        /^registry\.mlflow: no collector supplied registry\.mlflow: the registry collector/,
      ),
    ]);
    // The PHI summariser is served by the gateway that audits every call.
    expect(
      card.failing.find(
        (f: any) => f.ruleId === 'security-compliance.regulated-data-gateway',
      ),
    ).toBeUndefined();
    const fraud = (
      await registry.invoke({
        id: 'test:get-entity-scorecard',
        input: { entityRef: 'aimodel:default/fraud-scorer-xgb' },
      })
    ).output as any;
    expect(
      fraud.failing.find(
        (f: any) => f.ruleId === 'security-compliance.regulated-data-gateway',
      ),
    ).toMatchObject({
      severity: 'critical',
      remediation: expect.stringContaining('audited AI gateway'),
      evidence: expect.arrayContaining([
        'catalog.gateway gateways nonEmpty: [] (catalog:aimodel:default/fraud-scorer-xgb#relations)',
      ]),
    });

    const failing = await registry.invoke({
      id: 'test:list-entities-failing-rule',
      input: { ruleId: 'security-compliance.regulated-data-gateway' },
    });
    expect(failing.output).toEqual({
      rule: expect.objectContaining({
        id: 'security-compliance.regulated-data-gateway',
        chapter: 'security-compliance',
      }),
      // the PCI fraud scorer, served by a Triton without an audit log
      total: 1,
      entities: [
        expect.objectContaining({
          entityRef: 'aimodel:default/fraud-scorer-xgb',
        }),
      ],
    });
    await expect(
      registry.invoke({
        id: 'test:list-entities-failing-rule',
        input: { ruleId: 'no.rule' },
      }),
    ).rejects.toThrow('ruleId: there is no rule no.rule');
  });

  it('answers an agent only about entities its user may read in the catalog', async () => {
    const { store, grading } = await setup([
      new CatalogFactCollector({
        catalog: catalogServiceMock({ entities: exampleCatalog }),
      }),
    ]);
    await grading.gradeAll();
    // A policy that allows catalog reads on conditions; the catalog, applying
    // them for this user, lists only the fraud scorer.
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async () => [
        {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: ['group:default/risk'] },
          },
        },
      ],
    });
    const registry = actionsRegistryServiceMock();
    registerScorecardActions(registry, {
      store,
      grading,
      readable: new ReadableEntities({
        permissions,
        catalog: catalogServiceMock({
          entities: exampleCatalog.filter(
            e => e.metadata.name === 'fraud-scorer-xgb',
          ),
        }),
        kinds: grading.kinds,
      }),
    });
    const failing = await registry.invoke({
      id: 'test:list-entities-failing-rule',
      input: { ruleId: 'security-compliance.regulated-data-gateway' },
    });
    expect(failing.output).toMatchObject({
      total: 1,
      entities: [{ entityRef: 'aimodel:default/fraud-scorer-xgb' }],
    });
    await expect(
      registry.invoke({
        id: 'test:get-entity-scorecard',
        input: { entityRef: 'aimodel:default/clinical-notes-summarizer' },
      }),
    ).rejects.toThrow(
      'aimodel:default/clinical-notes-summarizer is not in the catalog',
    );
  });
});
