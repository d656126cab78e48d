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
    const waivers = await this.activeWaivers();
    const graded = new Set<string>();
    // Page by page: at most two pages' entities, facts and scorecards are
    // held at a time, as one page is scored while the previous one is
    // written.
    let writing: Promise<void> = Promise.resolve();
    for await (const page of this.options.catalog.streamEntities(
      { filter: this.filter(), pageSize: CHUNK },
      { credentials },
    )) {
      const cards = await this.score(page, credentials, waivers);
      for (const card of cards) graded.add(card.meta.entityRef);
      await writing;
      writing = this.save(cards);
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
    const waivers = await this.activeWaivers();
    let graded = 0;
    for (let i = 0; i < changed.length; i += CHUNK) {
      const { items } = await this.options.catalog.getEntitiesByRefs(
        { entityRefs: changed.slice(i, i + CHUNK) },
        { credentials },
      );
      const entities = items.filter((e): e is Entity => !!e);
      graded += (await this.grade(entities, credentials, waivers)).length;
    }
    return { graded, removed };
  }

  private filter() {
    return this.kinds.map(kind => ({ kind }));
  }

  /** Grades one entity now (the refresh button, a waiver change). */
  /** Whether the caller can read the entity in the catalog. */
  async exists(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    return Boolean(
      await this.options.catalog.getEntityByRef(entityRef, { credentials }),
    );
  }

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
    const [card] = await this.grade(
      [entity],
      serviceCredentials,
      await this.activeWaivers(),
    );
    return card.scorecard;
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

  /** Scores and stores entities. */
  private async grade(
    entities: Entity[],
    credentials: BackstageCredentials,
    waivers: Map<string, Waiver[]>,
  ) {
    const cards = await this.score(entities, credentials, waivers);
    await this.save(cards);
    return cards;
  }

  private save(cards: Awaited<ReturnType<GradingService['score']>>) {
    return this.options.store.save(cards, this.options.ruleSet, new Date());
  }

  /** Collects the facts of entities and scores them. */
  private async score(
    entities: Entity[],
    credentials: BackstageCredentials,
    waivers: Map<string, Waiver[]>,
  ) {
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
    const now = new Date();
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
          now,
          this.options.ruleSet.coverageThreshold,
        ),
      };
    });
    return cards;
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
