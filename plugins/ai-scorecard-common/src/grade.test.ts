import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'yaml';
import { Facts } from './evaluate';
import {
  EntityScorecard,
  Grade,
  gradeFor,
  GRADES,
  scoreEntity,
  ScoredEntity,
  summarize,
  RuleResult,
} from './grade';
import { parseRuleSet } from './ruleSet';

const ROOT = join(__dirname, '../../..');
const rules = parseRuleSet(
  readFileSync(join(__dirname, '../rules/reference-architecture.yaml'), 'utf8'),
).rules;
const models = yaml
  .parseAllDocuments(
    readFileSync(join(ROOT, 'catalog-info/models.yaml'), 'utf8'),
  )
  .map(d => d.toJS());

const catalogFacts = (entity: unknown): Facts => ({
  'catalog.entity': {
    value: entity,
    source: 'catalog',
    observedAt: '2026-11-27T10:00:00Z',
  },
});

describe('scoreEntity', () => {
  it('grades by weight: A from 90, B from 80, C from 70, D from 60, F below', () => {
    expect([95, 90, 89.9, 80, 70, 60, 59.9, null].map(gradeFor)).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'D',
      'F',
      null,
    ]);
  });

  it('grades the example Llama 3.1 8B model on its catalog facts, per chapter, with evidence', () => {
    const llama = models.find(m => m.metadata.name === 'llama-3-1-8b-instruct');
    const card = scoreEntity(
      'aimodel:default/llama-3-1-8b-instruct',
      llama,
      rules,
      catalogFacts(llama),
    );
    const byId = Object.fromEntries(card.results.map(r => [r.ruleId, r]));
    expect(byId['serving-runtime.declared']).toMatchObject({
      status: 'pass',
      evidence: [
        {
          fact: 'catalog.entity',
          path: 'spec.serving.runtime',
          actual: 'vllm',
        },
      ],
    });
    expect(card.facts['catalog.entity']).toEqual({
      source: 'catalog',
      observedAt: '2026-11-27T10:00:00Z',
    });
    expect(card.facts['catalog.evaluations']).toEqual({
      source: 'none',
      reason:
        'no collector supplied catalog.evaluations: the catalog collector of @ai-refarch/plugin-ai-scorecard-backend reads it from the entity',
    });
    // Components-only rules do not apply to a model.
    expect(byId['serving-runtime.disruption-budget'].status).toBe(
      'not-applicable',
    );
    // No collector computed catalog.evaluations in this test: unknown, not failed.
    expect(byId['llm-observability.evaluations-pass'].status).toBe('unknown');
    expect(card.chapters.map(c => c.chapter)).toHaveLength(8);
    expect(card.grade).not.toBeNull();
    const served = card.chapters.find(c => c.chapter === 'serving-runtime')!;
    expect(served.counts.pass).toBeGreaterThan(0);
  });

  it('scores passed weight over applicable weight: unknown earns nothing, not-applicable does not count', () => {
    const entity: ScoredEntity = {
      kind: 'AIModel',
      metadata: {
        labels: {
          'ai-refarch.io/team': 'ml',
          'ai-refarch.io/tenant': 'shared',
        },
      },
      spec: {
        type: 'llm',
        lifecycle: 'experimental',
        provider: 'openai',
        owner: 'group:ml',
      },
    };
    const card = scoreEntity(
      'aimodel:default/x',
      entity,
      rules,
      catalogFacts(entity),
    );
    const failed = card.results.filter(r => r.status === 'fail');
    const passed = card.results.filter(r => r.status === 'pass');
    const unknown = card.results.filter(r => r.status === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    const weight = (rs: typeof failed) => rs.reduce((s, r) => s + r.weight, 0);
    const applicable = weight(passed) + weight(failed) + weight(unknown);
    expect(card.score).toBe(
      Math.round((1000 * weight(passed)) / applicable) / 10,
    );
    expect(card.coverage).toBe(
      Math.round((1000 * (weight(passed) + weight(failed))) / applicable) / 10,
    );
    expect(failed.map(r => r.ruleId).sort()).toEqual([
      'cost-discipline.hosted-pricing',
      'on-call-incidents.runbook',
      'security-compliance.license',
      'serving-runtime.approved',
      'serving-runtime.declared',
    ]);
  });

  it('applies a waiver until it expires, by itself', () => {
    const entity: ScoredEntity = {
      kind: 'AIModel',
      metadata: {},
      spec: { type: 'llm', provider: 'self-hosted' },
    };
    const waiver = {
      entityRef: 'aimodel:default/x',
      ruleId: 'security-compliance.license',
      reason: 'Licence review with legal, ticket LEGAL-42',
      author: 'user:default/ada',
      expiresAt: '2026-12-01T00:00:00Z',
    };
    const before = scoreEntity(
      'aimodel:default/x',
      entity,
      rules,
      catalogFacts(entity),
      [waiver],
      new Date('2026-11-27T00:00:00Z'),
    );
    const after = scoreEntity(
      'aimodel:default/x',
      entity,
      rules,
      catalogFacts(entity),
      [waiver],
      new Date('2026-12-02T00:00:00Z'),
    );
    const licence = (c: typeof before) =>
      c.results.find(r => r.ruleId === 'security-compliance.license')!;
    expect(licence(before)).toMatchObject({ status: 'waived', waiver });
    expect(licence(after).status).toBe('fail');
    expect(before.score!).toBeGreaterThan(after.score!);
  });

  it('applies PHI-only rules to PHI models only', () => {
    const phi = models.find(
      m => m.metadata.name === 'clinical-notes-summarizer',
    );
    const card = scoreEntity(
      'aimodel:default/clinical-notes-summarizer',
      phi,
      rules,
      catalogFacts(phi),
    );
    expect(
      card.results.find(
        r => r.ruleId === 'security-compliance.regulated-data-gateway',
      )!.status,
    ).not.toBe('not-applicable');
    const llama = models.find(m => m.metadata.name === 'llama-3-1-8b-instruct');
    expect(
      scoreEntity(
        'aimodel:default/llama',
        llama,
        rules,
        catalogFacts(llama),
      ).results.find(
        r => r.ruleId === 'security-compliance.regulated-data-gateway',
      )!.status,
    ).toBe('not-applicable');
  });
});

const result = (
  ruleId: string,
  status: RuleResult['status'],
  weight: number,
  chapter: RuleResult['chapter'] = 'serving-runtime',
): RuleResult => ({ ruleId, chapter, status, weight, evidence: [] });

describe('coverage', () => {
  it('is the decided weight (passed, failed, waived) over the applicable weight, per chapter and overall', () => {
    const card = summarize([
      result('a.pass', 'pass', 6),
      result('a.fail', 'fail', 2),
      result('a.waived', 'waived', 2),
      result('a.unknown', 'unknown', 10),
      result('a.na', 'not-applicable', 9),
      result('b.pass', 'pass', 5, 'cost-discipline'),
    ]);
    const serving = card.chapters.find(c => c.chapter === 'serving-runtime')!;
    expect(serving).toMatchObject({
      coverage: 50,
      // 6 passed of 18 applicable, unwaived weight
      score: 33.3,
      grade: 'Incomplete',
    });
    expect(
      card.chapters.find(c => c.chapter === 'cost-discipline'),
    ).toMatchObject({ coverage: 100, score: 100, grade: 'A' });
    expect(
      card.chapters.find(c => c.chapter === 'mlops-platform'),
    ).toMatchObject({ coverage: null, score: null, grade: null });
    // 15 of 25 applicable weight decided; 11 of 23 unwaived passed.
    expect(card).toMatchObject({
      coverage: 60,
      score: 47.8,
      grade: 'Incomplete',
      coverageThreshold: 75,
    });
  });

  it('gives a letter at or above the threshold, and takes the threshold from the rule set', () => {
    const results = [
      result('a.pass', 'pass', 3),
      result('a.unknown', 'unknown', 1),
    ];
    expect(summarize(results)).toMatchObject({
      coverage: 75,
      score: 75,
      grade: 'C',
    });
    expect(summarize(results, 80).grade).toBe('Incomplete');
    expect(summarize(results, 0).grade).toBe('C');
  });

  it('is read from the app-config override, which is checked', () => {
    const source = readFileSync(
      join(__dirname, '../rules/reference-architecture.yaml'),
      'utf8',
    );
    expect(parseRuleSet(source).coverageThreshold).toBe(75);
    expect(
      parseRuleSet(source, { coverageThreshold: 90 }).coverageThreshold,
    ).toBe(90);
    expect(() => parseRuleSet(source, { coverageThreshold: 120 })).toThrow(
      'Invalid coverageThreshold 120: must be a percentage from 0 to 100',
    );
  });
});

describe('hiding evidence', () => {
  const rank = (g: Grade | null) => (g === null ? -1 : GRADES.indexOf(g));
  const service = yaml
    .parseAllDocuments(
      readFileSync(join(ROOT, 'catalog-info/services.yaml'), 'utf8'),
    )
    .map(d => d.toJS())
    .find(
      e =>
        e.kind === 'Component' &&
        e.metadata.annotations?.['ai-refarch.io/serves-models'],
    );

  /**
   * Facts from every collector, in the collectors' shapes, for a service
   * whose evidence shows faults as well as good practice.
   */
  const fact = (source: string, value: unknown) => ({
    value,
    source,
    observedAt: '2026-11-27T10:00:00Z',
  });
  const evidence = (): Facts => ({
    ...catalogFacts(service),
    'repo.kubernetes': fact('repo', {
      zoneSpread: false,
      autoscaling: { bounded: false, queueMetric: 'vllm:num_requests_waiting' },
      gpuRequests: true,
      podDisruptionBudget: false,
      probes: true,
    }),
    'kubernetes.serving': fact('kubernetes', {
      autoscaling: { bounded: true },
      gpuRequests: true,
      podDisruptionBudget: false,
      unpinnedImages: ['vllm/vllm-openai:latest'],
    }),
    'kubernetes.placement': fact('kubernetes', { zones: 1, spotShare: 0.8 }),
    'kubernetes.drift': fact('kubernetes', {
      engine: [],
      serving: [{ field: 'image' }],
    }),
    // Configured, but the manifests let callers around it.
    'repo.guard': fact('repo', {
      configured: true,
      inputScreen: true,
      corpus: { injections: 62, benign: 45 },
      corpusCheckedInCi: true,
      dataClassification: 'internal',
      redactPii: true,
      servingPath: { inFront: false, problem: 'no NetworkPolicy' },
    }),
    'prometheus.metrics': fact('prometheus', { exported: true }),
    'prometheus.gpu': fact('prometheus', { idleShare: 0.6 }),
    'prometheus.slo': fact('prometheus', { met: false }),
  });

  it('never improves a grade: every subset of the facts removed gives a lower or equal score and a worse, equal or Incomplete grade', () => {
    expect(service).toBeDefined();
    const all = evidence();
    const full = scoreEntity('component:default/svc', service, rules, all);
    expect(full.grade).toBe('F');
    expect(full.coverage).toBeGreaterThanOrEqual(75);
    const names = Object.keys(all);
    let incomplete = 0;
    for (let mask = 1; mask < 1 << names.length; mask++) {
      const kept = Object.fromEntries(
        names.filter((_, i) => !(mask & (1 << i))).map(n => [n, all[n]]),
      );
      const card: EntityScorecard = scoreEntity(
        'component:default/svc',
        service,
        rules,
        kept,
      );
      const hidden = names.filter((_, i) => mask & (1 << i)).join(', ');
      expect({ hidden, score: card.score! <= full.score! }).toEqual({
        hidden,
        score: true,
      });
      expect({
        hidden,
        notBetter:
          card.grade === 'Incomplete' || rank(card.grade) >= rank(full.grade),
      }).toEqual({ hidden, notBetter: true });
      for (const c of card.chapters) {
        const before = full.chapters.find(x => x.chapter === c.chapter)!;
        if (c.grade === null || c.grade === 'Incomplete') continue;
        expect({
          hidden,
          chapter: c.chapter,
          notBetter: rank(c.grade) >= rank(before.grade),
        }).toEqual({
          hidden,
          chapter: c.chapter,
          notBetter: true,
        });
      }
      if (card.grade === 'Incomplete') incomplete++;
    }
    // With nothing but the entity itself, the service is Incomplete.
    expect(scoreEntity('component:default/svc', service, rules, {}).grade).toBe(
      'Incomplete',
    );
    expect(incomplete).toBeGreaterThan(0);
  });
});

describe('rules that apply by what a service is, not by what it declares', () => {
  const services = yaml
    .parseAllDocuments(
      readFileSync(join(ROOT, 'catalog-info/services.yaml'), 'utf8'),
    )
    .map(d => d.toJS());
  const named = (name: string) => services.find(e => e.metadata.name === name);
  const status = (card: EntityScorecard, ruleId: string) =>
    card.results.find(r => r.ruleId === ruleId)!.status;
  const ragConfig = (value: unknown): Facts[string] => ({
    value,
    source: 'repo:test#config/rag.yaml',
    observedAt: '2026-11-27T10:00:00Z',
  });

  it('grades chapter 5 for every RAG service in the example catalog, passing and failing on its config/rag.yaml', () => {
    for (const name of ['support-assistant', 'rag-retriever']) {
      const entity = named(name);
      const good = scoreEntity(`component:default/${name}`, entity, rules, {
        ...catalogFacts(entity),
        'repo.ragConfig': ragConfig({
          reranker: { model: 'aimodel:default/bge-reranker-v2-m3' },
          evaluation: { faithfulness: 0.8, answerRelevancy: 0.7 },
        }),
      });
      const rag = good.chapters.find(c => c.chapter === 'rag-infrastructure')!;
      expect({ name, graded: rag.grade !== null }).toEqual({
        name,
        graded: true,
      });
      expect(status(good, 'rag-infrastructure.reranker')).toBe('pass');
      expect(status(good, 'rag-infrastructure.faithfulness-threshold')).toBe(
        'pass',
      );
      const bad = scoreEntity(`component:default/${name}`, entity, rules, {
        ...catalogFacts(entity),
        'repo.ragConfig': ragConfig({ evaluation: { faithfulness: 0.5 } }),
      });
      expect(status(bad, 'rag-infrastructure.reranker')).toBe('fail');
      expect(status(bad, 'rag-infrastructure.faithfulness-threshold')).toBe(
        'fail',
      );
    }
  });

  it('grades the prompt-injection guard of every service that calls a model, on its configuration', () => {
    const entity = named('support-assistant');
    const guard = {
      configured: true,
      dataClassification: 'internal',
      inputScreen: true,
      screenAction: 'block',
      retrieval: true,
      fencesRetrievedContent: true,
      screensRetrievedContent: true,
      redactPii: false,
      corpus: { injections: 62, benign: 45 },
      corpusCheckedInCi: true,
    };
    const grade = (
      value: object | undefined,
      sensitive: string[] = [],
    ): EntityScorecard['results'][number] =>
      scoreEntity('component:default/support-assistant', entity, rules, {
        ...catalogFacts(entity),
        'catalog.models': {
          value: { sensitive },
          source: 'catalog',
          observedAt: '2026-11-27T10:00:00Z',
        },
        'repo.guard': value
          ? {
              value,
              source: 'repo:test#config/guard.yaml',
              observedAt: '2026-11-27T10:00:00Z',
            }
          : {
              unknown: 'could not read the repository: 404',
              source: 'repo:test',
              observedAt: '2026-11-27T10:00:00Z',
            },
      }).results.find(
        r => r.ruleId === 'security-compliance.prompt-injection-guard',
      )!;
    expect(grade(guard).status).toBe('pass');
    // A guard that is not there, only flags, has no corpus or no CI run of it.
    expect(
      grade({ ...guard, configured: false, inputScreen: false }).status,
    ).toBe('fail');
    expect(
      grade({ ...guard, inputScreen: false, screenAction: 'flag' }).status,
    ).toBe('fail');
    expect(
      grade({ ...guard, corpus: { injections: 3, benign: 2 } }).status,
    ).toBe('fail');
    expect(grade({ ...guard, corpusCheckedInCi: false }).status).toBe('fail');
    // Retrieved documents kept apart from instructions, in a RAG service only.
    expect(grade({ ...guard, fencesRetrievedContent: false }).status).toBe(
      'fail',
    );
    expect(
      grade({
        ...guard,
        retrieval: false,
        fencesRetrievedContent: false,
        screensRetrievedContent: false,
      }).status,
    ).toBe('pass');
    // Personal data redacted, whether the service or the models it calls hold it.
    expect(grade({ ...guard, dataClassification: 'pii' }).status).toBe('fail');
    expect(grade(guard, ['aimodel:default/bge-m3']).status).toBe('fail');
    expect(
      grade({ ...guard, redactPii: true }, ['aimodel:default/bge-m3']).status,
    ).toBe('pass');
    // An unreadable repository is unknown, not a pass.
    expect(grade(undefined).status).toBe('unknown');
  });

  it("grades a RAG pipeline's freshness on its index's age, against its own threshold", () => {
    const pipeline = (threshold?: string): ScoredEntity => ({
      kind: 'Component',
      metadata: {
        tags: ['rag'],
        annotations: {
          'ai-refarch.io/schedule': '30 1 * * 0',
          ...(threshold
            ? {
                'threshold.ai-refarch.io/rag-infrastructure.freshness':
                  threshold,
              }
            : {}),
        },
      },
      spec: { type: 'data-pipeline', lifecycle: 'production' },
    });
    const graded = (entity: ScoredEntity, ageHours?: number) =>
      status(
        scoreEntity('component:default/ingest', entity, rules, {
          ...catalogFacts(entity),
          ...(ageHours === undefined
            ? {}
            : {
                'prometheus.freshness': {
                  value: { ageHours, lastSuccess: '2026-12-01T01:30:00Z' },
                  source: 'prometheus:main',
                  observedAt: '2026-12-05T10:00:00Z',
                },
              }),
        }),
        'rag-infrastructure.freshness',
      );
    // A schedule alone decides nothing: the index's age does.
    expect(graded(pipeline())).toBe('unknown');
    expect(graded(pipeline(), 20)).toBe('pass');
    // 100 hours is stale for the default 36 h, not for a weekly job's 252 h.
    expect(graded(pipeline(), 100)).toBe('fail');
    expect(graded(pipeline('252'), 100)).toBe('pass');
    expect(graded(pipeline('252'), 300)).toBe('fail');
  });

  it('grades the freshness of a RAG ingestion pipeline that declares no schedule as failed, not as not applicable', () => {
    const pipeline: ScoredEntity = {
      kind: 'Component',
      metadata: { tags: ['rag'] },
      spec: { type: 'data-pipeline', lifecycle: 'production' },
    };
    const missing = scoreEntity('component:default/ingest', pipeline, rules, {
      ...catalogFacts(pipeline),
    });
    expect(status(missing, 'rag-infrastructure.freshness')).toBe('fail');
    const scheduled = {
      ...pipeline,
      metadata: {
        ...pipeline.metadata,
        annotations: { 'ai-refarch.io/schedule': '0 3 * * *' },
      },
    };
    expect(
      status(
        scoreEntity('component:default/ingest', scheduled, rules, {
          ...catalogFacts(scheduled),
          'prometheus.freshness': {
            value: { ageHours: 3, lastSuccess: '2026-12-05T07:00:00Z' },
            source: 'prometheus:main',
            observedAt: '2026-12-05T10:00:00Z',
          },
        }),
        'rag-infrastructure.freshness',
      ),
    ).toBe('pass');
  });

  describe('audit log', () => {
    const caller = (
      annotations: Record<string, string> = {},
    ): ScoredEntity => ({
      kind: 'Component',
      metadata: { annotations },
      spec: {
        type: 'service',
        lifecycle: 'production',
        dependsOn: ['aimodel:support-model', 'component:other'],
      },
    });
    const calledModels = (sensitive: string[]): Facts[string] => ({
      value: {
        refs: ['aimodel:default/support-model'],
        classifications: {
          'aimodel:default/support-model': sensitive.length
            ? 'confidential'
            : 'internal',
        },
        sensitive,
      },
      source: 'catalog:test#spec.dependsOn',
      observedAt: '2026-11-27T10:00:00Z',
    });
    const audit = (entity: ScoredEntity, facts: Facts) =>
      status(
        scoreEntity('component:default/svc', entity, rules, {
          ...catalogFacts(entity),
          ...facts,
        }),
        'security-compliance.audit-log',
      );

    it('fails a service that sends confidential data to a model without an audit log', () => {
      expect(
        audit(caller(), {
          'catalog.models': calledModels(['aimodel:default/support-model']),
        }),
      ).toBe('fail');
    });

    it('passes it with an audit log, and a service whose models hold no confidential data', () => {
      expect(
        audit(caller({ 'ai-refarch.io/audit-log': 'otlp' }), {
          'catalog.models': calledModels(['aimodel:default/support-model']),
        }),
      ).toBe('pass');
      expect(audit(caller(), { 'catalog.models': calledModels([]) })).toBe(
        'pass',
      );
    });

    it('is unknown when the models cannot be read, and does not apply to a component that calls no model', () => {
      expect(audit(caller(), {})).toBe('unknown');
      const plain: ScoredEntity = {
        kind: 'Component',
        metadata: {},
        spec: { type: 'service', dependsOn: ['component:other'] },
      };
      expect(audit(plain, {})).toBe('not-applicable');
      const byRelation: ScoredEntity = {
        kind: 'Component',
        metadata: {},
        spec: { type: 'service' },
        relations: [
          { type: 'dependsOn', targetRef: 'aimodel:default/support-model' },
        ],
      };
      expect(audit(byRelation, {})).toBe('unknown');
    });
  });
});

describe('thresholds in layers: rule set, app-config, entity annotation', () => {
  const source = readFileSync(
    join(__dirname, '../rules/reference-architecture.yaml'),
    'utf8',
  );
  const SPOT = 'gpu-cluster-topology.spot-share';
  const server = (annotations: Record<string, string> = {}): ScoredEntity => ({
    kind: 'Component',
    metadata: {
      annotations: { 'ai-refarch.io/serves-models': 'x', ...annotations },
    },
    spec: { type: 'service', lifecycle: 'production' },
  });
  const placed = (spotShare: number): Facts => ({
    'kubernetes.placement': {
      value: { zones: 2, spotShare },
      source: 'kubernetes:test',
      observedAt: '2026-11-27T10:00:00Z',
    },
  });
  const spotResult = (
    entity: ScoredEntity,
    spotShare: number,
    ruleSet = parseRuleSet(source),
  ) =>
    scoreEntity('component:default/s', entity, ruleSet.rules, {
      ...catalogFacts(entity),
      ...placed(spotShare),
    }).results.find(r => r.ruleId === SPOT)!;

  it("grades at the rule set's threshold, and records it", () => {
    expect(spotResult(server(), 0.5)).toMatchObject({
      status: 'pass',
      threshold: { value: 0.5, source: 'platform' },
      evidence: [{ op: 'lte', expected: 0.5, actual: 0.5 }],
    });
    expect(spotResult(server(), 0.6).status).toBe('fail');
  });

  it('takes the threshold from app-config, which must stay within its own range', () => {
    const stricter = parseRuleSet(source, {
      overrides: { [SPOT]: { threshold: { value: 0.25, min: 0, max: 0.25 } } },
    });
    expect(spotResult(server(), 0.5, stricter)).toMatchObject({
      status: 'fail',
      threshold: { value: 0.25, source: 'platform' },
    });
    expect(() =>
      parseRuleSet(source, {
        overrides: { [SPOT]: { threshold: { value: 0.9, max: 0.5 } } },
      }),
    ).toThrow(
      `Invalid rule set override for ${SPOT}: threshold.value: must lie within min–max (…–0.5)`,
    );
  });

  it("takes an entity's own threshold from its annotation within the platform's range, and refuses one outside it", () => {
    const strict = server({ [`threshold.ai-refarch.io/${SPOT}`]: '0.2' });
    expect(spotResult(strict, 0.4)).toMatchObject({
      status: 'fail',
      threshold: { value: 0.2, source: 'annotation' },
      evidence: [{ expected: 0.2 }],
    });
    const lax = server({ [`threshold.ai-refarch.io/${SPOT}`]: '0.9' });
    expect(spotResult(lax, 0.6)).toMatchObject({
      status: 'fail',
      threshold: {
        value: 0.5,
        source: 'platform',
        refused: `threshold.ai-refarch.io/${SPOT}: 0.9 is outside 0–0.5, the range the platform allows; graded at the platform's 0.5`,
      },
    });
    const junk = server({ [`threshold.ai-refarch.io/${SPOT}`]: 'half' });
    expect(spotResult(junk, 0.5).threshold?.refused).toBe(
      `threshold.ai-refarch.io/${SPOT}: "half" is not a number; graded at the platform's 0.5`,
    );
  });

  it('checks thresholds in the rule set: a comparison with the threshold needs one, and takes no value', () => {
    const rule = parseRuleSet(source).rules.find(r => r.id === SPOT)!;
    expect(() =>
      parseRuleSet({
        version: '2026.12.1',
        rules: [{ ...rule, threshold: undefined }],
      }),
    ).toThrow(
      'rules[0].threshold: the check compares with the threshold, so the rule needs one',
    );
    expect(() =>
      parseRuleSet({
        version: '2026.12.1',
        rules: [
          {
            ...rule,
            check: { ...rule.check, value: 0.5 },
          },
        ],
      }),
    ).toThrow('a comparison with the threshold takes no value');
  });
});

describe('on-call rules read the repository', () => {
  const service: ScoredEntity = {
    kind: 'Component',
    metadata: {
      annotations: {
        'ai-refarch.io/serves-models': 'x',
        'ai-refarch.io/runbook': 'docs/runbook.md',
      },
    },
    spec: { type: 'service', lifecycle: 'production' },
  };
  const repo = (value: unknown) => ({
    value,
    source: 'repo:test',
    observedAt: '2026-11-27T10:00:00Z',
  });
  const status = (facts: Facts, ruleId: string, entity = service) =>
    scoreEntity('component:default/s', entity, rules, {
      ...catalogFacts(entity),
      ...facts,
    }).results.find(r => r.ruleId === ruleId)!.status;

  it('passes a runbook in the repository with a section for every alert, and fails one without', () => {
    const runbook = (missingSections: string[], exists = true) => ({
      'repo.runbook': repo({
        path: 'docs/runbook.md',
        exists,
        missingSections,
      }),
    });
    expect(status(runbook([]), 'on-call-incidents.runbook')).toBe('pass');
    expect(
      status(
        runbook(['SLOErrorBudgetBurnFast (slo=ttft-p95)']),
        'on-call-incidents.runbook',
      ),
    ).toBe('fail');
    expect(status(runbook([], false), 'on-call-incidents.runbook')).toBe(
      'fail',
    );
    // A link alone no longer passes a service: its runbook is unread.
    expect(status({}, 'on-call-incidents.runbook')).toBe('unknown');
    // A model links its runbook.
    const model: ScoredEntity = {
      kind: 'AIModel',
      metadata: {},
      spec: { runbook: 'https://wiki.example.com/model' },
    };
    expect(status({}, 'on-call-incidents.runbook', model)).toBe('pass');
  });

  it('passes burn-rate alerts that page and open tickets in the repository, and fails without them', () => {
    const alerting = (pageAlerts: number, ticketAlerts: number) => ({
      'repo.alerting': repo({
        ruleFiles: 1,
        alerts: [],
        pageAlerts,
        ticketAlerts,
      }),
    });
    expect(status(alerting(2, 2), 'on-call-incidents.slos')).toBe('pass');
    expect(status(alerting(0, 2), 'on-call-incidents.slos')).toBe('fail');
    expect(status(alerting(2, 0), 'on-call-incidents.slos')).toBe('fail');
  });
});

describe('cost labels are read on the workloads too', () => {
  const labelled: ScoredEntity = {
    kind: 'Component',
    metadata: {
      labels: { 'ai-refarch.io/team': 'ml', 'ai-refarch.io/tenant': 'support' },
    },
    spec: { type: 'service' },
  };
  const status = (entity: ScoredEntity, costLabels?: boolean | null) =>
    scoreEntity('component:default/s', entity, rules, {
      ...catalogFacts(entity),
      ...(costLabels === undefined
        ? {}
        : {
            'repo.kubernetes': {
              value: { costLabels },
              source: 'repo:test',
              observedAt: '2026-11-27T10:00:00Z',
            },
          }),
    }).results.find(r => r.ruleId === 'cost-discipline.cost-labels')!.status;

  it('passes a service whose workloads carry its labels, or that has none', () => {
    expect(status(labelled, true)).toBe('pass');
    expect(status(labelled, null)).toBe('pass');
  });

  it('fails a service whose workloads do not, and is unknown without the repository', () => {
    expect(status(labelled, false)).toBe('fail');
    expect(status(labelled)).toBe('unknown');
    // A model is charged through its serving workloads; its labels suffice.
    expect(status({ ...labelled, kind: 'AIModel' })).toBe('pass');
  });
});
