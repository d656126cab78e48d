import express from 'express';
import Router from 'express-promise-router';
import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { z } from 'zod';
import {
  entityRefFromPath,
  parseRequestInput,
} from '@ai-refarch/plugin-ai-model-common';
import {
  aiScorecardWaiverCreatePermission,
  aiScorecardWaiverDeletePermission,
  CHAPTER_IDS,
  Grade,
  GRADES,
  UnregisteredModelServersResponse,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { ModelServerDiscovery } from '@ai-refarch/plugin-ai-scorecard-node';
import { ScorecardStore } from './database/ScorecardStore';
import { GradingService } from './services/GradingService';
import { ReadableEntities } from './services/ReadableEntities';

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
    grade: z.enum(GRADES as [Grade, ...Grade[]]).optional(),
    chapter: z.enum(CHAPTER_IDS).optional(),
    failing: z
      .string()
      .regex(/^[a-z0-9.-]+$/, 'must be a rule id')
      .optional(),
    sort: z.enum(['score', 'coverage', 'grade', 'title']).default('score'),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();

/** The filters of the review page's summaries (distribution, most failed rules). */
const scopeQuery = overviewQuery
  .pick({ kind: true, owner: true, system: true })
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
const MAX_WAIVER_DAYS = 366;

const waiverBody = z
  .object({
    entityRef: z.string().min(1, 'is required'),
    ruleId: z.string().min(1, 'is required'),
    reason: z
      .string()
      .trim()
      .min(10, 'must say why, in at least 10 characters')
      .max(2000),
    expiresAt: z.iso.datetime({
      offset: true,
      message: 'must be an ISO 8601 date and time',
    }),
  })
  .strict();

export function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  store: ScorecardStore;
  grading: GradingService;
  readable: ReadableEntities;
  discoveries: ModelServerDiscovery[];
}): express.Router {
  const {
    httpAuth,
    permissions,
    auditor,
    store,
    grading,
    readable,
    discoveries,
  } = options;
  const router = Router();
  router.use(express.json());

  const refOf = (req: express.Request) => entityRefFromPath(req.params);

  router.get('/rules', async (req, res) => {
    await httpAuth.credentials(req);
    res.json(grading.ruleSet);
  });

  /** 404 for an entity the caller may not read in the catalog, as for one that is not there. */
  const mayRead = async (
    credentials: BackstageCredentials,
    entityRef: string,
  ) => {
    if (!(await readable.canRead(credentials, entityRef))) {
      throw new NotFoundError(`${entityRef} is not in the catalog`);
    }
  };

  router.get('/scorecards/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = refOf(req);
    await mayRead(credentials, entityRef);
    const stored = await store.get(entityRef);
    if (!stored) {
      throw new NotFoundError(
        `${entityRef} has not been graded yet; it is graded on the next run, or ask for a refresh`,
      );
    }
    res.json(stored);
  });

  router.get('/scorecards/:kind/:namespace/:name/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = refOf(req);
    await mayRead(credentials, entityRef);
    const { days } = parseRequestInput(historyQuery, req.query, 'query');
    res.json({ entityRef, history: await store.history(entityRef, days) });
  });

  router.post(
    '/scorecards/:kind/:namespace/:name/refresh',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req);
      const entityRef = refOf(req);
      // Regrading rewrites the stored scorecard and its history: audited.
      const event = await auditor.createEvent({
        eventId: 'scorecard-refresh',
        severityLevel: 'low',
        request: req,
        meta: { entityRef },
      });
      try {
        const scorecard = await grading.gradeOne(entityRef, credentials);
        await event.success({ meta: { grade: scorecard.grade } });
        res.json({ scorecard });
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );

  /**
   * Whether the signed-in user may create or delete waivers of this entity:
   * the permissions are on the `catalog-entity` resource, so the policy can
   * decide them with the catalog's rules (the suite's policy module allows
   * the entity's owners and the admins).
   */
  const authorize = async (
    credentials: BackstageCredentials,
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
  ) => {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not ${permission.attributes.action} waivers of ${entityRef}`,
      );
    }
  };

  router.get('/waivers', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { entityRef } = parseRequestInput(
      z.object({ entityRef: z.string().min(1).optional() }).strict(),
      req.query,
      'query',
    );
    res.json({
      items: await store.waivers({
        entityRef,
        readable: await readable.of(credentials),
      }),
    });
  });

  router.post('/waivers', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parseRequestInput(waiverBody, req.body, 'body');
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(parseEntityRef(body.entityRef));
    } catch (e) {
      throw new InputError(`body entityRef: ${(e as Error).message}`);
    }
    if (!grading.ruleSet.rules.some(r => r.id === body.ruleId)) {
      throw new InputError(`body ruleId: there is no rule ${body.ruleId}`);
    }
    const now = new Date();
    const expires = Date.parse(body.expiresAt);
    if (expires <= now.getTime()) {
      throw new InputError('body expiresAt: must be in the future');
    }
    if (expires > now.getTime() + MAX_WAIVER_DAYS * 86_400_000) {
      throw new InputError(
        `body expiresAt: a waiver lasts at most ${MAX_WAIVER_DAYS} days`,
      );
    }
    // Checked before anything is stored, so a refused request changes nothing.
    if (!(await grading.exists(entityRef, credentials))) {
      throw new NotFoundError(
        `body entityRef: ${entityRef} is not in the catalog`,
      );
    }
    await authorize(credentials, aiScorecardWaiverCreatePermission, entityRef);
    const active = (await store.waivers({ entityRef, activeAt: now })).find(
      w => w.ruleId === body.ruleId,
    );
    if (active) {
      throw new ConflictError(
        `body ruleId: waiver ${active.id} already waives ${body.ruleId} for ${entityRef} until ${active.expiresAt}; delete it first to change it`,
      );
    }
    const event = await auditor.createEvent({
      eventId: 'waiver-create',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef, ruleId: body.ruleId, expiresAt: body.expiresAt },
    });
    let waiverId: number | undefined;
    try {
      const waiver = await store.addWaiver(
        {
          entityRef,
          ruleId: body.ruleId,
          reason: body.reason,
          author: credentials.principal.userEntityRef,
          expiresAt: new Date(expires).toISOString(),
        },
        now,
      );
      waiverId = waiver.id;
      const scorecard = await grading.gradeOne(entityRef, credentials);
      await event.success({ meta: { waiverId: waiver.id } });
      res.status(201).json({ waiver, scorecard });
    } catch (error) {
      // The regrade failed: take the waiver back, so the failure leaves
      // nothing behind.
      if (waiverId !== undefined) await store.deleteWaiver(waiverId);
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.delete('/waivers/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = parseRequestInput(
      z
        .object({ id: z.coerce.number().int().min(1, 'must be a waiver id') })
        .strict(),
      req.params,
      'path',
    );
    const found = await store.waiver(id);
    if (!found) throw new NotFoundError(`There is no waiver ${id}`);
    await authorize(
      credentials,
      aiScorecardWaiverDeletePermission,
      found.entityRef,
    );
    const event = await auditor.createEvent({
      eventId: 'waiver-delete',
      severityLevel: 'medium',
      request: req,
      meta: { waiverId: id, entityRef: found.entityRef },
    });
    try {
      const waiver = await store.deleteWaiver(id);
      if (!waiver) throw new NotFoundError(`There is no waiver ${id}`);
      // The waiver of an entity that left the catalog is removed all the
      // same; there is then no scorecard to regrade.
      const scorecard = (await grading.exists(waiver.entityRef, credentials))
        ? await grading.gradeOne(waiver.entityRef, credentials)
        : null;
      await event.success({
        meta: { entityRef: waiver.entityRef, ruleId: waiver.ruleId },
      });
      res.json({ waiver, scorecard });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  // Every list holds only the entities the caller may read in the catalog.
  router.get('/distribution', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parseRequestInput(scopeQuery, req.query, 'query');
    res.json(
      await store.distribution({
        ...query,
        readable: await readable.of(credentials),
      }),
    );
  });

  router.get('/failing-rules', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parseRequestInput(scopeQuery, req.query, 'query');
    res.json({
      items: await store.failingRules({
        ...query,
        readable: await readable.of(credentials),
      }),
    });
  });

  router.get('/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parseRequestInput(overviewQuery, req.query, 'query');
    const { items, total } = await store.overview({
      ...query,
      readable: await readable.of(credentials),
    });
    res.json({ items, total, page: query.page, pageSize: query.pageSize });
  });

  router.get('/unregistered-model-servers', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    parseRequestInput(z.object({}).strict(), req.query, 'query');
    const [found, clusters] = await Promise.all([
      Promise.all(discoveries.map(d => d.unregistered({ credentials }))),
      readable.clusters(credentials),
    ]);
    // Where catalog reads are conditional, a server (or a cluster that could
    // not be searched) shows only to callers who may read its cluster.
    const visible = ({ cluster }: { cluster: string }) =>
      !clusters || clusters.has(cluster);
    const servers = found.flatMap(f => f.servers);
    const unreadable = found.flatMap(f => f.unreadable);
    const response: UnregisteredModelServersResponse = {
      servers: servers.filter(visible),
      unreadable: unreadable.filter(visible).map(u => u.reason),
      sources: discoveries.map(d => d.id),
      hidden:
        servers.filter(s => !visible(s)).length +
        unreadable.filter(u => !visible(u)).length,
      readAt: found.map(f => f.readAt).sort()[0] ?? null,
    };
    res.json(response);
  });

  return router;
}
