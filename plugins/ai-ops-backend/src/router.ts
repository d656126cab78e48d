import express from 'express';
import Router from 'express-promise-router';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  COST_WINDOWS,
  CostWindow,
  EVIDENCE_MAX_ENTITIES,
} from '@ai-refarch/plugin-ai-ops-common';
import { z } from 'zod';
import {
  entityPathParams,
  entityRefFromPath,
  parseRequestInput,
} from '@ai-refarch/plugin-ai-model-common';
import { AiOpsService } from './services/AiOpsService';

/** Reports as of a past time, for looking back at an incident; default now. */
const at = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date and time' })
  .refine(
    v => Date.parse(v) <= Date.now() + 60_000,
    'must not be in the future',
  )
  .refine(
    v => Date.parse(v) >= Date.now() - 400 * 86_400_000,
    'must be within the last 400 days',
  )
  .optional();
const window = z
  .enum(COST_WINDOWS, {
    error: `must be one of ${COST_WINDOWS.join(', ')}`,
  })
  .optional();
/** `window`: the SLIs' counts over it too, beside each SLO's own window. */
const sloQuery = z.object({ at, window }).strict();
const costQuery = z
  .object({
    window,
    /** The window in days, as before `window`: 7, 28 or 30. */
    days: z
      .enum(['7', '28', '30'], { error: 'must be 7, 28 or 30' })
      .optional(),
    at,
  })
  .strict()
  .refine(q => !(q.window && q.days), {
    path: ['window'],
    message: 'give window or days, not both',
  })
  .transform(q => ({
    at: q.at,
    window: q.window ?? (q.days ? (`${q.days}d` as CostWindow) : '30d'),
  }));

/** The body of POST /evidence: full entity refs, kind:namespace/name. */
const evidenceBody = z
  .object({
    entityRefs: z
      .array(
        z.string().refine(v => {
          if (!/^[^:/]+:[^:/]+\/[^:/]+$/.test(v)) return false;
          try {
            parseEntityRef(v);
            return true;
          } catch {
            return false;
          }
        }, 'must be an entity ref in full, kind:namespace/name'),
      )
      .min(1, 'must name at least one entity')
      .max(
        EVIDENCE_MAX_ENTITIES,
        `must name at most ${EVIDENCE_MAX_ENTITIES} entities; ask in pages`,
      ),
    at,
  })
  .strict();

export function createRouter(options: {
  httpAuth: HttpAuthService;
  service: AiOpsService;
}): express.Router {
  const { httpAuth, service } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  const refOf = (req: express.Request) => entityRefFromPath(req.params);

  router.get('/slo/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = refOf(req);
    const query = parseRequestInput(sloQuery, req.query, 'query');
    res.json(
      await service.slos(
        entityRef,
        credentials,
        query.at ? new Date(query.at) : undefined,
        query.window,
      ),
    );
  });

  router.get('/cost/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = refOf(req);
    const query = parseRequestInput(costQuery, req.query, 'query');
    res.json(
      await service.cost(
        entityRef,
        query.window,
        credentials,
        query.at ? new Date(query.at) : undefined,
      ),
    );
  });

  // A team's AI models: what they cost, and per SLO indicator within it.
  router.get('/team-cost/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { namespace, name: groupName } = parseRequestInput(
      entityPathParams.omit({ kind: true }),
      req.params,
      'path',
    );
    const query = parseRequestInput(costQuery, req.query, 'query');
    res.json(
      await service.teamCost(
        stringifyEntityRef({ kind: 'group', namespace, name: groupName }),
        query.window,
        credentials,
        query.at ? new Date(query.at) : undefined,
      ),
    );
  });

  router.get('/freshness/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = refOf(req);
    parseRequestInput(z.object({}).strict(), req.query, 'query');
    res.json(await service.freshness(entityRef, credentials));
  });

  router.get('/alerting/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = refOf(req);
    parseRequestInput(z.object({}).strict(), req.query, 'query');
    res.json(await service.alerting(entityRef, credentials));
  });

  // What the scorecard grades, for many entities in one request.
  router.post('/evidence', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    parseRequestInput(z.object({}).strict(), req.query, 'query');
    const body = parseRequestInput(evidenceBody, req.body ?? {}, 'body');
    res.json(
      await service.evidence(
        body.entityRefs,
        credentials,
        body.at ? new Date(body.at) : undefined,
      ),
    );
  });

  return router;
}
