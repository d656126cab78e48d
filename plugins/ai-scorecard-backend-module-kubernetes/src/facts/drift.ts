import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { gpusOf, gpuTypeRequested } from './servingFacts';
import { Workload } from './workloads';

/** One setting the catalog declares and the cluster shows differently. */
export type DriftItem = {
  field: string;
  declared: unknown;
  declaredIn: string;
  observed: unknown;
  observedIn: string;
};

export type Drift = {
  /** Runtime, replicas, GPU type and count. */
  serving: DriftItem[];
  /** Engine settings: prefix caching, maximum model length, tensor parallelism. */
  engine: DriftItem[];
};

const ENGINE_KEYS = [
  'enablePrefixCaching',
  'maxModelLen',
  'maxTotalTokens',
  'tensorParallelSize',
] as const;

const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** GPU names match when one is a prefix of the other: nvidia-h100-80gb and NVIDIA-H100-80GB-HBM3. */
function sameGpu(a: string, b: string) {
  const [x, y] = [normalise(a), normalise(b)];
  return x.startsWith(y) || y.startsWith(x);
}

function modelFor(w: Workload, models: Entity[]): Entity | undefined {
  const labelled =
    w.labels['ai-refarch.io/model'] ?? w.podLabels['ai-refarch.io/model'];
  return (
    models.find(m => labelled && m.metadata.name === labelled) ??
    (models.length === 1 ? models[0] : undefined)
  );
}

/**
 * Compares what an entity and the models it serves declare (runtime, engine
 * settings, replicas, GPU type and count) with what each of its workloads
 * runs, and lists every difference with both values and where each came from.
 */
export function driftOf(
  entity: Entity,
  models: Entity[],
  workloads: Workload[],
): Drift {
  const drift: Drift = { serving: [], engine: [] };
  const entityRef = stringifyEntityRef(entity);
  for (const w of workloads) {
    const model = modelFor(w, models);
    const modelRef = model ? stringifyEntityRef(model) : undefined;
    const spec = (model?.spec ?? {}) as {
      serving?: { runtime?: string; engine?: Record<string, unknown> };
      resources?: { accelerator?: string; count?: number; replicas?: number };
    };
    const add = (
      list: DriftItem[],
      field: string,
      declared: unknown,
      declaredIn: string,
      observed: unknown,
    ) =>
      list.push({
        field,
        declared,
        declaredIn,
        observed: observed ?? 'not set',
        observedIn: w.ref,
      });

    const annotated = entity.metadata.annotations?.['ai-refarch.io/runtime'];
    const runtime = annotated ?? spec.serving?.runtime;
    const runtimeFrom = annotated
      ? `${entityRef} metadata.annotations["ai-refarch.io/runtime"]`
      : `${modelRef} spec.serving.runtime`;
    if (runtime === 'kserve') {
      if (w.kind !== 'InferenceService') {
        add(
          drift.serving,
          'runtime',
          runtime,
          runtimeFrom,
          `${w.kind} (not KServe)`,
        );
      }
    } else if (runtime && runtime !== 'hosted-api' && runtime !== w.runtime) {
      add(
        drift.serving,
        'runtime',
        runtime,
        runtimeFrom,
        w.runtime ?? `unrecognised (${w.servers[0]?.image ?? 'no image'})`,
      );
    }
    if (!model || !modelRef) continue;

    const resources = spec.resources ?? {};
    if (resources.accelerator) {
      const observed = gpuTypeRequested(w);
      if (!observed || !sameGpu(resources.accelerator, observed)) {
        add(
          drift.serving,
          'GPU type',
          resources.accelerator,
          `${modelRef} spec.resources.accelerator`,
          observed,
        );
      }
    }
    if (resources.count !== undefined && w.servers[0]) {
      const observed = gpusOf(w.servers[0]);
      if (observed !== resources.count) {
        add(
          drift.serving,
          'GPUs per replica',
          resources.count,
          `${modelRef} spec.resources.count`,
          observed,
        );
      }
    }
    const minimum =
      w.kind === 'InferenceService' ? w.builtInScaling?.min : w.replicas;
    if (resources.replicas !== undefined && minimum !== resources.replicas) {
      add(
        drift.serving,
        'replicas (minimum)',
        resources.replicas,
        `${modelRef} spec.resources.replicas`,
        minimum,
      );
    }

    if (w.runtime === 'vllm' || w.runtime === 'tgi') {
      const engine = spec.serving?.engine ?? {};
      for (const key of ENGINE_KEYS) {
        if (engine[key] !== undefined && engine[key] !== w.engine[key]) {
          add(
            drift.engine,
            key,
            engine[key],
            `${modelRef} spec.serving.engine.${key}`,
            w.engine[key],
          );
        }
      }
    }
  }
  return drift;
}
