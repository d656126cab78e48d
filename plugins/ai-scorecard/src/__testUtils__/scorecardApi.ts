import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  Facts,
  parseRuleSet,
  scoreEntity,
  ScoredEntity,
  StoredWaiver,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { AiScorecardApi } from '../api';

/** A production service that serves a model, as the page tests grade it. */
export const chatService = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'chat',
    namespace: 'default',
    annotations: { 'ai-refarch.io/serves-models': 'aimodel:default/llama' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/ml' },
};

/** The repository's rule set, as the back end serves it. */
export const ruleSet = parseRuleSet(
  readFileSync(
    join(
      dirname(
        require.resolve('@ai-refarch/plugin-ai-scorecard-common/package.json'),
      ),
      'rules/reference-architecture.yaml',
    ),
    'utf8',
  ),
);

/**
 * An in-memory scorecard back end for page tests: it grades the one entity
 * with the real rule set and `scoreEntity`, from its catalog facts only, and
 * keeps waivers, so a waiver changes the grade as it does in the back end.
 */
export function scorecardApi(
  entity: ScoredEntity & { metadata: { name: string; namespace?: string } },
  options: {
    graded?: boolean;
    waiverError?: string;
    /** More facts, as other collectors (kubernetes, prometheus) supply them. */
    facts?: Facts;
  } = {},
): AiScorecardApi & { waivers: StoredWaiver[] } {
  const entityRef = stringifyEntityRef(entity as any);
  const waivers: StoredWaiver[] = [];
  let graded = options.graded ?? true;
  const grade = () =>
    scoreEntity(
      entityRef,
      entity,
      ruleSet.rules,
      {
        'catalog.entity': {
          value: entity,
          source: `catalog:${entityRef}`,
          observedAt: '2026-11-27T10:00:00Z',
        },
        ...options.facts,
      },
      waivers,
    );
  let nextId = 1;
  return {
    waivers,
    getScorecard: async () =>
      graded
        ? {
            scorecard: grade(),
            ruleSetVersion: ruleSet.version,
            computedAt: '2026-11-27T10:00:00Z',
          }
        : undefined,
    getRules: async () => ruleSet,
    refresh: async () => {
      graded = true;
      return grade();
    },
    getOverview: async () => ({ items: [], total: 0 }),
    getDistribution: async () => ({} as any),
    getHistory: async () => [
      { day: '2026-11-25', score: 40, coverage: 90, grade: 'F' },
      { day: '2026-11-26', score: 55, coverage: 90, grade: 'F' },
      {
        day: '2026-11-27',
        score: grade().score,
        coverage: grade().coverage,
        grade: grade().grade,
      },
    ],
    getWaivers: async () => waivers,
    getFailingRules: async () =>
      grade()
        .results.filter(r => r.status === 'fail')
        .map(r => ({ ruleId: r.ruleId, entities: 1 })),
    getUnregisteredModelServers: async () => ({
      servers: [],
      unreadable: [],
      sources: [],
      hidden: 0,
      readAt: null,
    }),
    createWaiver: async request => {
      if (options.waiverError) throw new NotAllowedError(options.waiverError);
      const waiver = {
        ...request,
        id: nextId++,
        author: 'user:default/guest',
        createdAt: new Date().toISOString(),
      };
      waivers.push(waiver);
      return { waiver, scorecard: grade() };
    },
    deleteWaiver: async id => {
      const [waiver] = waivers.splice(
        waivers.findIndex(w => w.id === id),
        1,
      );
      return { waiver, scorecard: grade() };
    },
  };
}
