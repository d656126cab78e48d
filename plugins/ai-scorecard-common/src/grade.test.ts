import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'yaml';
import { Facts } from './evaluate';
import { gradeFor, scoreEntity, ScoredEntity } from './grade';
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
      reason: 'no collector supplied this fact',
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

  it('counts only passed and failed weight, so unknown and not-applicable neither help nor hurt', () => {
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
    const weight = (rs: typeof failed) => rs.reduce((s, r) => s + r.weight, 0);
    const expected =
      Math.round((1000 * weight(passed)) / (weight(passed) + weight(failed))) /
      10;
    expect(card.score).toBe(expected);
    expect(failed.map(r => r.ruleId).sort()).toEqual([
      'cost-discipline.hosted-pricing',
      'llm-observability.tracing',
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
