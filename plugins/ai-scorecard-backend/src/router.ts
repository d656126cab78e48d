import express from 'express';
import Router from 'express-promise-router';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { z } from 'zod';
import { CHAPTER_IDS } from '@ai-refarch/plugin-ai-scorecard-common';
import { ScorecardStore } from './database/ScorecardStore';
import { GradingService } from './services/GradingService';

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/, 'must be an entity name');
const entityParams = z.object({
  kind: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,62}$/, 'must be an entity kind'),
  namespace: name,
  name,
});

const overviewQuery = z
  .object({
    page: z.coerce.number().int().min(1, 'must be 1 or more').default(1),
    pageSize: z.coerce
      .number()
      .int()
      .min(1)
      .max(200, 'must be 200 or less')
      .default(50),
    kind: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,62}$/, 'must be an entity kind')
      .optional(),
    owner: z.string().min(1).max(255).optional(),
    system: z.string().min(1).max(255).optional(),
    grade: z.enum(['A', 'B', 'C', 'D', 'F']).optional(),
    chapter: z.enum(CHAPTER_IDS).optional(),
    sort: z.enum(['score', 'grade', 'title']).default('score'),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();

const historyQuery = z
  .object({
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(365, 'must be 365 or less')
      .default(90),
  })
  .strict();

/** Turns a failed parse into a 400 that names the field. */
function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.join('.') || where;
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown ${where} parameter ${issue.keys.join(', ')}`
        : `${where} ${field}: ${issue.message}`;
    throw new InputError(message);
  }
  return result.data;
}

export function createRouter(options: {
  httpAuth: HttpAuthService;
  store: ScorecardStore;
  grading: GradingService;
}): express.Router {
  const { httpAuth, store, grading } = options;
  const router = Router();
  router.use(express.json());

  const refOf = (req: express.Request) => {
    const p = parse(entityParams, req.params, 'path');
    return stringifyEntityRef(p);
  };

  router.get('/rules', async (req, res) => {
    await httpAuth.credentials(req);
    res.json(grading.ruleSet);
  });

  router.get('/scorecards/:kind/:namespace/:name', async (req, res) => {
    await httpAuth.credentials(req);
    const entityRef = refOf(req);
    const stored = await store.get(entityRef);
    if (!stored) {
      throw new NotFoundError(
        `${entityRef} has not been graded yet; it is graded on the next run, or ask for a refresh`,
      );
    }
    res.json(stored);
  });

  router.get('/scorecards/:kind/:namespace/:name/history', async (req, res) => {
    await httpAuth.credentials(req);
    const entityRef = refOf(req);
    const { days } = parse(historyQuery, req.query, 'query');
    res.json({ entityRef, history: await store.history(entityRef, days) });
  });

  router.post(
    '/scorecards/:kind/:namespace/:name/refresh',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req);
      const entityRef = refOf(req);
      res.json({ scorecard: await grading.gradeOne(entityRef, credentials) });
    },
  );

  router.get('/overview', async (req, res) => {
    await httpAuth.credentials(req);
    const query = parse(overviewQuery, req.query, 'query');
    const { items, total } = await store.overview(query);
    res.json({ items, total, page: query.page, pageSize: query.pageSize });
  });

  return router;
}
