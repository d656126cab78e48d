import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { gpusOf, gpuTypeRequested } from './servingFacts';
import { Workload } from './workloads';

import {
  DECLARED_ANNOTATIONS,
  DriftItem,
  LABEL_MODEL,
  POD_ANNOTATIONS_MODEL,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { ANNOTATION_RUNTIME } from '@ai-refarch/plugin-ai-model-common';

export type { DriftItem };

export type Drift = {
  /** Runtime, replicas, GPU type and count. */
  serving: DriftItem[];
  /** Engine settings: prefix caching, maximum model length, tensor parallelism. */
  engine: DriftItem[];
  /**
   * The model version and weights digest the pods run (their
   * `ai-refarch.io/model-version` and `-digest` annotations) against the
   * AIModel's `spec.version` and `spec.artifact.digest`; after a rollback,
   * the running version is the model's `spec.rollbackVersion`, noted as such.
   */
  model: DriftItem[];
};

const ENGINE_KEYS = [
  'enablePrefixCaching',
  'maxModelLen',
  'maxTotalTokens',
  'tensorParallelSize',
] as const;

type Declared = { value: unknown; from: string } | undefined;

/** The Component's own declarations, parsed; throws a TypeError naming a bad annotation. */
function ownDeclarations(entity: Entity, entityRef: string) {
  const a = entity.metadata.annotations ?? {};
  const at = (key: string) => `${entityRef} metadata.annotations["${key}"]`;
  const read = (
    key: string,
    parse: (v: string) => unknown,
    expected: string,
  ): Declared => {
    const raw = a[key];
    if (raw === undefined) return undefined;
    const value = parse(raw.trim());
    if (value === undefined) {
      throw new TypeError(
        `metadata.annotations["${key}"]: "${raw}" is not ${expected}`,
      );
    }
    return { value, from: at(key) };
  };
  const int = (v: string) => (/^\d+$/.test(v) ? Number(v) : undefined);
  const bool = (v: string) =>
    v === 'true' || v === 'false' ? v === 'true' : undefined;
  return {
    gpuType: read(
      DECLARED_ANNOTATIONS.gpuType,
      v => v || undefined,
      'a GPU type',
    ),
    gpusPerReplica: read(
      DECLARED_ANNOTATIONS.gpusPerReplica,
      int,
      'a whole number',
    ),
    minReplicas: read(DECLARED_ANNOTATIONS.minReplicas, int, 'a whole number'),
    maxModelLen: read(DECLARED_ANNOTATIONS.maxModelLen, int, 'a whole number'),
    enablePrefixCaching: read(
      DECLARED_ANNOTATIONS.enablePrefixCaching,
      bool,
      'true or false',
    ),
  };
}

const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** GPU names match when one is a prefix of the other: nvidia-h100-80gb and NVIDIA-H100-80GB-HBM3. */
function sameGpu(a: string, b: string) {
  const [x, y] = [normalise(a), normalise(b)];
  return x.startsWith(y) || y.startsWith(x);
}

function modelFor(w: Workload, models: Entity[]): Entity | undefined {
  const labelled = w.labels[LABEL_MODEL] ?? w.podLabels[LABEL_MODEL];
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
  const drift: Drift = { serving: [], engine: [], model: [] };
  const entityRef = stringifyEntityRef(entity);
  const own = ownDeclarations(entity, entityRef);
  for (const w of workloads) {
    const model = modelFor(w, models);
    const modelRef = model ? stringifyEntityRef(model) : undefined;
    const spec = (model?.spec ?? {}) as {
      version?: string;
      artifact?: { digest?: string };
      rollbackVersion?: string;
      rollbackArtifact?: { digest?: string };
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

    const annotated = entity.metadata.annotations?.[ANNOTATION_RUNTIME];
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
    const resources = spec.resources ?? {};
    const engine = spec.serving?.engine ?? {};
    const fromModel = (value: unknown, path: string): Declared =>
      value === undefined || !modelRef
        ? undefined
        : { value, from: `${modelRef} ${path}` };
    const declared = {
      gpuType:
        own.gpuType ??
        fromModel(resources.accelerator, 'spec.resources.accelerator'),
      gpusPerReplica:
        own.gpusPerReplica ??
        fromModel(resources.count, 'spec.resources.count'),
      minReplicas:
        own.minReplicas ??
        fromModel(resources.replicas, 'spec.resources.replicas'),
    };

    if (declared.gpuType) {
      const observed = gpuTypeRequested(w);
      if (!observed || !sameGpu(String(declared.gpuType.value), observed)) {
        add(
          drift.serving,
          'GPU type',
          declared.gpuType.value,
          declared.gpuType.from,
          observed,
        );
      }
    }
    if (declared.gpusPerReplica && w.servers[0]) {
      const observed = gpusOf(w.servers[0]);
      if (observed !== declared.gpusPerReplica.value) {
        add(
          drift.serving,
          'GPUs per replica',
          declared.gpusPerReplica.value,
          declared.gpusPerReplica.from,
          observed,
        );
      }
    }
    const minimum =
      w.kind === 'InferenceService' ? w.builtInScaling?.min : w.replicas;
    if (declared.minReplicas && minimum !== declared.minReplicas.value) {
      add(
        drift.serving,
        'replicas (minimum)',
        declared.minReplicas.value,
        declared.minReplicas.from,
        minimum,
      );
    }

    if (modelRef) {
      const rollback = 'the rollback version (spec.rollbackVersion)';
      const running = (key: keyof typeof POD_ANNOTATIONS_MODEL) =>
        w.podAnnotations[POD_ANNOTATIONS_MODEL[key]]?.trim() || undefined;
      const version = running('version');
      if (spec.version !== undefined && version !== String(spec.version)) {
        drift.model.push({
          field: 'model version',
          declared: spec.version,
          declaredIn: `${modelRef} spec.version`,
          observed: version ?? 'not set',
          observedIn: `${w.ref} pod annotation ${POD_ANNOTATIONS_MODEL.version}`,
          ...(version !== undefined && version === spec.rollbackVersion
            ? { note: rollback }
            : {}),
        });
      }
      const digest = running('digest');
      const declaredDigest = spec.artifact?.digest;
      if (declaredDigest && digest !== declaredDigest) {
        drift.model.push({
          field: 'weights digest',
          declared: declaredDigest,
          declaredIn: `${modelRef} spec.artifact.digest`,
          observed: digest ?? 'not set',
          observedIn: `${w.ref} pod annotation ${POD_ANNOTATIONS_MODEL.digest}`,
          ...(digest !== undefined && digest === spec.rollbackArtifact?.digest
            ? { note: `the weights of ${rollback}` }
            : {}),
        });
      }
    }

    if (w.runtime === 'vllm' || w.runtime === 'tgi') {
      for (const key of ENGINE_KEYS) {
        const d: Declared =
          (key in own ? own[key as keyof typeof own] : undefined) ??
          fromModel(engine[key], `spec.serving.engine.${key}`);
        if (d && d.value !== w.engine[key]) {
          add(drift.engine, key, d.value, d.from, w.engine[key]);
        }
      }
    }
  }
  return drift;
}
