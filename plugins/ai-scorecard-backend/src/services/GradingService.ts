import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityScorecard,
  Facts,
  RuleSet,
  scoreEntity,
  Waiver,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { FactCollector } from '@ai-refarch/plugin-ai-scorecard-node';
import { EntityMeta, ScorecardStore } from '../database/ScorecardStore';

const CHUNK = 250;

/**
 * Grades entities: reads them from the catalog, asks every collector for
 * facts, scores them against the rule set and stores the result. Page loads
 * only read what this stored.
 */
export class GradingService {
  /** The kinds some rule applies to: the entities that are graded. */
  readonly kinds: string[];
  private lastAsOf = 0;

  constructor(
    private readonly options: {
      ruleSet: RuleSet;
      collectors: FactCollector[];
      catalog: CatalogService;
      auth: AuthService;
      store: ScorecardStore;
      logger: LoggerService;
      waivers?: () => Promise<Waiver[]>;
    },
  ) {
    this.kinds = [
      ...new Set(options.ruleSet.rules.flatMap(r => r.appliesTo.kinds)),
    ];
  }

  get ruleSet(): RuleSet {
    return this.options.ruleSet;
  }

  /** Grades every entity of a kind some rule applies to. */
  async gradeAll(): Promise<{ graded: number; removed: number }> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const graded = new Set<string>();
    // Page by page: at most two pages' entities, facts and scorecards are
    // held at a time, as one page is scored while the previous one is
    // written.
    let writing: Promise<void> = Promise.resolve();
    for await (const page of this.options.catalog.streamEntities(
      { filter: this.filter(), pageSize: CHUNK },
      { credentials },
    )) {
      const scored = await this.score(page, credentials);
      for (const card of scored.cards) graded.add(card.meta.entityRef);
      await writing;
      writing = this.save(scored).then(() => {});
      // Marks a failed write as handled until it is awaited above or below.
      writing.catch(() => {});
    }
    await writing;
    const removed = await this.options.store.retain(graded);
    await this.options.store.analyze();
    return { graded: graded.size, removed };
  }

  /**
   * Grades the entities that changed in the catalog since they were graded
   * (new, edited or reprocessed into a different entity: the catalog's
   * `metadata.etag` tells) and drops the ones that left it. The catalog
   * publishes no entity-change events at this release, so this is how
   * grading follows catalog changes between full runs.
   */
  async gradeChanged(): Promise<{ graded: number; removed: number }> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const known = await this.options.store.etags();
    const changed: string[] = [];
    const present = new Set<string>();
    for await (const page of this.options.catalog.streamEntities(
      {
        filter: this.filter(),
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.etag',
        ],
        pageSize: 2000,
      },
      { credentials },
    )) {
      for (const entity of page) {
        const ref = stringifyEntityRef(entity);
        present.add(ref);
        if (known.get(ref) !== entity.metadata.etag) changed.push(ref);
      }
    }
    const removed = await this.options.store.remove(
      [...known.keys()].filter(ref => !present.has(ref)),
    );
    if (!changed.length) return { graded: 0, removed };
    let graded = 0;
    for (let i = 0; i < changed.length; i += CHUNK) {
      const { items } = await this.options.catalog.getEntitiesByRefs(
        { entityRefs: changed.slice(i, i + CHUNK) },
        { credentials },
      );
      const entities = items.filter((e): e is Entity => !!e);
      graded += (await this.save(await this.score(entities, credentials))).size;
    }
    return { graded, removed };
  }

  private filter() {
    return this.kinds.map(kind => ({ kind }));
  }

  /** Whether the caller can read the entity in the catalog. */
  async exists(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    return Boolean(
      await this.options.catalog.getEntityByRef(entityRef, { credentials }),
    );
  }

  /** Grades one entity now (the refresh button, a waiver change). */
  async gradeOne(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityScorecard> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) throw new NotFoundError(`${entityRef} is not in the catalog`);
    const serviceCredentials =
      await this.options.auth.getOwnServiceCredentials();
    const scored = await this.score([entity], serviceCredentials);
    await this.save(scored);
    return scored.cards[0].scorecard;
  }

  private async activeWaivers(): Promise<Map<string, Waiver[]>> {
    const byEntity = new Map<string, Waiver[]>();
    for (const waiver of (await this.options.waivers?.()) ?? []) {
      byEntity.set(waiver.entityRef, [
        ...(byEntity.get(waiver.entityRef) ?? []),
        waiver,
      ]);
    }
    return byEntity;
  }

  /**
   * Stores scorecards unless a grading that started later (a waiver
   * change's regrade during a long run) stored newer ones; returns the refs
   * stored.
   */
  private save({ cards, asOf }: Awaited<ReturnType<GradingService['score']>>) {
    return this.options.store.save(cards, this.options.ruleSet, asOf);
  }

  /**
   * Collects the facts of entities and scores them, with the waivers active
   * when it started: that moment is the scorecards' as-of.
   */
  private async score(entities: Entity[], credentials: BackstageCredentials) {
    // Strictly increasing in this process, so that of two gradings the one
    // that started later is the newer one even within a millisecond.
    const asOf = new Date(Math.max(Date.now(), this.lastAsOf + 1));
    this.lastAsOf = asOf.getTime();
    const waivers = await this.activeWaivers();
    const facts = new Map<string, Facts>();
    // Collectors read different systems: ask them all at once.
    const collected = await Promise.all(
      this.options.collectors.map(async collector => {
        try {
          return {
            collector,
            facts: await collector.collect(entities, { credentials }),
          };
        } catch (error) {
          // A collector that fails leaves its facts unknown; grading goes on.
          this.options.logger.warn(
            `Fact collector ${collector.id} failed; its facts are unknown this run`,
            { error: String(error) },
          );
          return { collector, facts: new Map<string, Facts>() };
        }
      }),
    );
    for (const { collector, facts: byEntity } of collected) {
      for (const [ref, entityFacts] of byEntity) {
        const own = Object.fromEntries(
          Object.entries(entityFacts).filter(([name]) =>
            name.startsWith(`${collector.id}.`),
          ),
        );
        facts.set(ref, { ...facts.get(ref), ...own });
      }
    }
    const cards = entities.map(entity => {
      const entityRef = stringifyEntityRef(entity);
      return {
        meta: metaOf(entity, entityRef),
        scorecard: scoreEntity(
          entityRef,
          entity,
          this.options.ruleSet.rules,
          facts.get(entityRef) ?? {},
          waivers.get(entityRef),
          asOf,
          this.options.ruleSet.coverageThreshold,
        ),
      };
    });
    return { cards, asOf };
  }
}

function relationTarget(entity: Entity, type: string): string | undefined {
  return entity.relations?.find(r => r.type === type)?.targetRef;
}

function metaOf(entity: Entity, entityRef: string): EntityMeta {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const ref = (value: unknown, kind: string) => {
    if (typeof value !== 'string') return undefined;
    try {
      return stringifyEntityRef(
        parseEntityRef(value, {
          defaultKind: kind,
          defaultNamespace: getCompoundEntityRef(entity).namespace,
        }),
      );
    } catch {
      return undefined;
    }
  };
  return {
    entityRef,
    etag: entity.metadata.etag,
    kind: entity.kind,
    title: entity.metadata.title ?? entity.metadata.name,
    owner:
      relationTarget(entity, RELATION_OWNED_BY) ?? ref(spec.owner, 'group'),
    system:
      relationTarget(entity, RELATION_PART_OF) ?? ref(spec.system, 'system'),
  };
}
