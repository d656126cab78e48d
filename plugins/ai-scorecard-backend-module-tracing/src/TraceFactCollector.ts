import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDENCY_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  RELATION_SERVED_BY,
  relatedComponentRefs,
} from '@ai-refarch/plugin-ai-model-common';
import {
  ANNOTATION_TRACING,
  ANNOTATION_TRACING_PROJECT,
  Fact,
  Facts,
} from '@ai-refarch/plugin-ai-scorecard-common';
import {
  FactCollector,
  traceProjectOf,
  TraceBackend,
  TraceSummary,
} from '@ai-refarch/plugin-ai-scorecard-node';

export { ANNOTATION_TRACING, ANNOTATION_TRACING_PROJECT };

const CONCURRENCY = 4;

/** `tracing.traces` of one service. */
export type ServiceTraces = TraceSummary & {
  backend: string;
  project: string;
  /** The window the figures cover. */
  from: string;
  to: string;
  /** errorTraces / traces, to four decimals; null without traces. */
  errorShare: number | null;
};

type Evidence = { fact: Fact; traces?: ServiceTraces };

const share = (errors: number | null, traces: number) =>
  errors === null || traces === 0
    ? null
    : Math.round((errors / traces) * 10_000) / 10_000;

/**
 * `tracing.traces`: whether a service's traces arrived in its trace back
 * end over the last day (count, failed traces, cost and evaluation scores
 * where the back end records them), read from Langfuse, Phoenix,
 * LangSmith or Helicone as its `ai-refarch.io/tracing` annotation names. For an
 * AIModel, the traces of the services in the catalog that serve it or
 * depend on it.
 * A back end that is not configured or cannot be read leaves the fact
 * unknown, with the reason; a service that declares no tracing has none.
 */
export class TraceFactCollector implements FactCollector {
  readonly id = 'tracing';

  constructor(
    private readonly options: {
      backends: TraceBackend[];
      catalog?: CatalogService;
      /** Default 24. */
      windowHours?: number;
      /**
       * How long one back end's answer for a project is reused; default an
       * hour, so that a grading run every 30 minutes does not spend a
       * back end's API quota (Langfuse Cloud counts metrics queries a day).
       */
      cacheTtlMs?: number;
      now?: () => Date;
    },
  ) {}

  private readonly cache = new Map<
    string,
    {
      expires: number;
      read: Promise<{ summary: TraceSummary; from: Date; to: Date }>;
    }
  >();

  /** A project's traces over the window ending `to`, or the answer of the last hour. */
  private read(backend: TraceBackend, project: string, from: Date, to: Date) {
    const key = `${backend.id}\n${project}`;
    const cached = this.cache.get(key);
    if (cached && cached.expires > to.getTime()) return cached.read;
    const read = backend
      .summary(project, { from, to })
      .then(summary => ({ summary, from, to }));
    this.cache.set(key, {
      expires: to.getTime() + (this.options.cacheTtlMs ?? 3_600_000),
      read,
    });
    // A failed read is not kept: the next run asks again.
    read.catch(() => this.cache.delete(key));
    return read;
  }

  async collect(
    entities: Entity[],
    options?: { credentials: BackstageCredentials },
  ): Promise<Map<string, Facts>> {
    const result = new Map<string, Facts>();
    const to = this.options.now?.() ?? new Date();
    const from = new Date(
      to.getTime() - (this.options.windowHours ?? 24) * 3_600_000,
    );
    const observedAt = to.toISOString();
    const byRef = new Map<string, Promise<Evidence>>();
    const evidence = (service: Entity) => {
      const ref = stringifyEntityRef(service);
      if (!byRef.has(ref)) {
        byRef.set(ref, this.serviceEvidence(service, from, to, observedAt));
      }
      return byRef.get(ref)!;
    };

    const components = entities.filter(e => e.kind === 'Component');
    const models = entities.filter(e => e.kind === 'AIModel');
    const dependents = await this.dependents(
      models,
      components,
      options?.credentials,
    );
    const queue = [...components, ...models];
    const work = async () => {
      for (let entity = queue.shift(); entity; entity = queue.shift()) {
        const fact =
          entity.kind === 'AIModel'
            ? await this.modelFact(
                dependents.get(stringifyEntityRef(entity)),
                evidence,
                observedAt,
              )
            : (await evidence(entity)).fact;
        result.set(stringifyEntityRef(entity), { 'tracing.traces': fact });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, work));
    return result;
  }

  /** The services that serve or call each model, from the batch or the catalog. */
  private async dependents(
    models: Entity[],
    components: Entity[],
    credentials: BackstageCredentials | undefined,
  ): Promise<Map<string, Entity[] | string>> {
    const refsOf = (model: Entity) =>
      relatedComponentRefs(model, RELATION_SERVED_BY, RELATION_DEPENDENCY_OF);
    const known = new Map(components.map(c => [stringifyEntityRef(c), c]));
    const missing = [
      ...new Set(models.flatMap(refsOf).filter(r => !known.has(r))),
    ];
    let unread: string | undefined;
    if (missing.length) {
      if (!this.options.catalog || !credentials) {
        unread = 'the catalog cannot be read here';
      } else {
        try {
          const { items } = await this.options.catalog.getEntitiesByRefs(
            { entityRefs: missing },
            { credentials },
          );
          for (const item of items) {
            if (item) known.set(stringifyEntityRef(item), item);
          }
        } catch (error) {
          unread = `the catalog could not be read: ${(error as Error).message}`;
        }
      }
    }
    return new Map(
      models.map(model => {
        const refs = refsOf(model);
        const lost = refs.filter(r => !known.has(r));
        return [
          stringifyEntityRef(model),
          lost.length && unread
            ? `${lost.join(', ')} could not be read: ${unread}`
            : refs.flatMap(r => (known.has(r) ? [known.get(r)!] : [])),
        ];
      }),
    );
  }

  private async modelFact(
    services: Entity[] | string | undefined,
    evidence: (service: Entity) => Promise<Evidence>,
    observedAt: string,
  ): Promise<Fact> {
    const source = 'tracing';
    if (typeof services === 'string') {
      return { unknown: services, source, observedAt };
    }
    if (!services?.length) {
      return {
        unknown:
          'no service in the catalog serves this model (ai-refarch.io/serves-models) or depends on it (spec.dependsOn), so there is no trace of its calls to read',
        source,
        observedAt,
      };
    }
    const read = await Promise.all(
      services.map(async s => ({
        ref: stringifyEntityRef(s),
        ...(await evidence(s)),
      })),
    );
    const known = read.filter(r => r.traces);
    const traces = known.reduce((n, r) => n + r.traces!.traces, 0);
    const unknown = read.filter(r => 'unknown' in r.fact);
    if (traces === 0 && unknown.length) {
      return {
        unknown: unknown
          .map(r => `${r.ref}: ${(r.fact as { unknown: string }).unknown}`)
          .join('; '),
        source,
        observedAt,
      };
    }
    const errorTraces = known.some(r => r.traces!.errorTraces === null)
      ? null
      : known.reduce((n, r) => n + r.traces!.errorTraces!, 0);
    return {
      value: {
        traces,
        errorTraces,
        errorShare: share(errorTraces, traces),
        services: read.map(r =>
          r.traces
            ? {
                ref: r.ref,
                backend: r.traces.backend,
                project: r.traces.project,
                traces: r.traces.traces,
              }
            : {
                ref: r.ref,
                traces: null,
                why:
                  'unknown' in r.fact
                    ? r.fact.unknown
                    : 'the service declares no tracing',
              },
        ),
      },
      source: `${source}:${
        known.map(r => r.traces!.backend).join(',') || 'none'
      }`,
      observedAt,
    };
  }

  private async serviceEvidence(
    entity: Entity,
    from: Date,
    to: Date,
    observedAt: string,
  ): Promise<Evidence> {
    const unknown = (reason: string, source = 'tracing'): Evidence => ({
      fact: { unknown: reason, source, observedAt },
    });
    const where = traceProjectOf(entity, this.options.backends);
    if ('untraced' in where) {
      // Declared untraced: no trace arrives anywhere.
      return {
        fact: {
          value: { backend: null, traces: 0, why: where.untraced },
          source: `catalog#metadata.annotations["${ANNOTATION_TRACING}"]`,
          observedAt,
        },
      };
    }
    if ('problem' in where) return unknown(where.problem);
    const { backend, project } = where;
    const source = `tracing:${backend.id}/${project}${
      backend.demo ? ' (demo data)' : ''
    }`;
    let read;
    try {
      read = await this.read(backend, project, from, to);
    } catch (error) {
      return unknown((error as Error).message, source);
    }
    const { summary } = read;
    const traces: ServiceTraces = {
      backend: backend.id,
      project,
      from: read.from.toISOString(),
      to: read.to.toISOString(),
      ...summary,
      errorShare: share(summary.errorTraces, summary.traces),
    };
    return {
      fact: { value: traces, source, observedAt: read.to.toISOString() },
      traces,
    };
  }
}
