import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { ScorecardStore } from './database/ScorecardStore';
import { GradingService } from './services/GradingService';
import { ReadableEntities } from './services/ReadableEntities';

/**
 * Scorecard questions an AI agent can ask through Backstage's actions
 * registry: "what is the grade of Y, and why" and "which entities fail
 * rule X".
 */
export function registerScorecardActions(
  actionsRegistry: ActionsRegistryService,
  options: {
    store: ScorecardStore;
    grading: GradingService;
    /** The answers hold only entities the asking user may read in the catalog. */
    readable: ReadableEntities;
  },
) {
  const { store, grading, readable } = options;
  const ruleById = () => new Map(grading.ruleSet.rules.map(r => [r.id, r]));

  actionsRegistry.register({
    name: 'get-entity-scorecard',
    title: 'Get the architecture grade of an entity, and why',
    description:
      'Returns the AI Reference Architecture grade of a service, model or cluster: the overall and per-chapter grades with their evidence coverage (below the threshold the grade is Incomplete), every failing rule with its evidence and the fix, and every unknown rule with what would make it known.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('Entity reference, e.g. component:default/chat-gateway'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          grade: z
            .string()
            .nullable()
            .describe(
              'A to F, Incomplete below the coverage threshold, null when no rule applies',
            ),
          score: z.number().nullable(),
          coverage: z
            .number()
            .nullable()
            .describe(
              'Percent of the applicable rules’ weight that evidence decided',
            ),
          coverageThreshold: z.number(),
          computedAt: z.string(),
          chapters: z.array(
            z.object({
              chapter: z.string(),
              grade: z.string().nullable(),
              score: z.number().nullable(),
              coverage: z.number().nullable(),
            }),
          ),
          unknown: z.array(
            z.object({
              ruleId: z.string(),
              title: z.string(),
              weight: z.number(),
              why: z
                .array(z.string())
                .describe(
                  'Per missing fact, why it is unknown and what would supply it',
                ),
            }),
          ),
          failing: z.array(
            z.object({
              ruleId: z.string(),
              title: z.string(),
              severity: z.string(),
              remediation: z.string(),
              goldenPath: z.string().optional(),
              evidence: z.array(z.string()),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      let entityRef: string;
      try {
        entityRef = stringifyEntityRef(parseEntityRef(input.entityRef));
      } catch (e) {
        throw new InputError(`entityRef: ${(e as Error).message}`);
      }
      if (!(await readable.canRead(credentials, entityRef))) {
        throw new NotFoundError(`${entityRef} is not in the catalog`);
      }
      const stored = await store.get(entityRef);
      if (!stored) throw new NotFoundError(`${entityRef} has not been graded`);
      const rules = ruleById();
      const { scorecard } = stored;
      return {
        output: {
          entityRef,
          grade: scorecard.grade,
          score: scorecard.score,
          coverage: scorecard.coverage,
          coverageThreshold: scorecard.coverageThreshold,
          computedAt: stored.computedAt,
          chapters: scorecard.chapters.map(c => ({
            chapter: c.chapter,
            grade: c.grade,
            score: c.score,
            coverage: c.coverage,
          })),
          unknown: scorecard.results
            .filter(r => r.status === 'unknown')
            .map(r => ({
              ruleId: r.ruleId,
              title: rules.get(r.ruleId)?.title ?? r.ruleId,
              weight: r.weight,
              why: [
                ...new Set(
                  r.evidence
                    .filter(e => e.outcome === 'unknown')
                    .map(
                      e =>
                        `${e.fact}: ${
                          scorecard.facts[e.fact]?.reason ?? 'unknown'
                        }`,
                    ),
                ),
              ],
            })),
          failing: scorecard.results
            .filter(r => r.status === 'fail')
            .map(r => {
              const rule = rules.get(r.ruleId);
              return {
                ruleId: r.ruleId,
                title: rule?.title ?? r.ruleId,
                severity: rule?.severity ?? 'unknown',
                remediation: rule?.remediation.text ?? '',
                goldenPath: rule?.remediation.template,
                evidence: r.evidence.map(
                  e =>
                    `${e.fact}${e.path ? ` ${e.path}` : ''} ${e.op}${
                      e.expected === undefined
                        ? ''
                        : ` ${JSON.stringify(e.expected)}`
                    }: ${JSON.stringify(e.actual) ?? 'missing'} (${
                      scorecard.facts[e.fact]?.source ?? 'unknown source'
                    })`,
                ),
              };
            }),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-entities-failing-rule',
    title: 'List the entities that fail an architecture rule',
    description:
      'Lists the services, models and clusters that currently fail one rule of the AI Reference Architecture scorecard.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ruleId: z
            .string()
            .describe('Rule id, e.g. on-call-incidents.runbook'),
          kind: z.string().optional().describe('Only this entity kind'),
          limit: z.number().int().min(1).max(500).default(100),
        }),
      output: z =>
        z.object({
          rule: z.object({
            id: z.string(),
            title: z.string(),
            chapter: z.string(),
          }),
          total: z.number(),
          entities: z.array(
            z.object({
              entityRef: z.string(),
              title: z.string(),
              grade: z.string().nullable(),
              coverage: z.number().nullable(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const rule = ruleById().get(input.ruleId);
      if (!rule)
        throw new InputError(`ruleId: there is no rule ${input.ruleId}`);
      const { items, total } = await store.overview({
        readable: await readable.of(credentials),
        page: 1,
        pageSize: input.limit,
        kind: input.kind,
        failing: rule.id,
        sort: 'title',
        order: 'asc',
      });
      return {
        output: {
          rule: { id: rule.id, title: rule.title, chapter: rule.chapter },
          total,
          entities: items.map(i => ({
            entityRef: i.entityRef,
            title: i.title,
            grade: i.grade,
            coverage: i.coverage,
          })),
        },
      };
    },
  });
}
