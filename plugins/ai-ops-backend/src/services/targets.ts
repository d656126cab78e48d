import { Entity, parseEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_SERVES_MODELS,
  parseServedModelRefs,
} from '@ai-refarch/plugin-ai-model-common';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_PROMETHEUS_LABELS,
  ANNOTATION_PROMETHEUS_SOURCE,
  ANNOTATION_RUNTIME,
  Runtime,
  RUNTIMES,
} from '@ai-refarch/plugin-ai-ops-common';
import { AiOpsConfig, SourceConfig } from '../config';
import { eq, isLabelName, Matcher } from '@ai-refarch/plugin-ai-ops-common';

const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';

/** Where an entity's series are, and how to pick them out. */
export type Target = {
  source: SourceConfig;
  isModel: boolean;
  runtime: Runtime | null;
  /** Selects the entity's serving metrics (requests, latency, tokens). */
  serving: Matcher[];
  /**
   * The pod label value of its workloads, and the name of its Deployment or
   * StatefulSet, for GPU requests and utilisation.
   */
  workloadId: string | null;
  /** The namespace of its workloads (backstage.io/kubernetes-namespace), when given. */
  workloadNamespace: string | null;
  /** The models it is or serves, by name: itself, or its ai-refarch.io/serves-models. */
  models: string[];
};

function parseLabels(value: string): Matcher[] {
  const matchers: Matcher[] = [];
  for (const part of value.split(',')) {
    const match = /^\s*([^=\s]+)\s*=\s*(.+?)\s*$/.exec(part);
    if (!match || !isLabelName(match[1])) {
      throw new InputError(
        `annotation ${ANNOTATION_PROMETHEUS_LABELS}: "${part.trim()}" is not name=value with a Prometheus label name; write e.g. "namespace=serving,service=vllm-chat"`,
      );
    }
    if (match[2].length > 200) {
      throw new InputError(
        `annotation ${ANNOTATION_PROMETHEUS_LABELS}: the value of ${match[1]} is longer than 200 characters`,
      );
    }
    matchers.push(eq(match[1], match[2]));
  }
  return matchers;
}

/** The names of the models a Component serves (ai-refarch.io/serves-models). */
function servedModelNames(entity: Entity): string[] {
  const value = entity.metadata.annotations?.[ANNOTATION_SERVES_MODELS];
  if (!value) return [];
  try {
    return parseServedModelRefs(value, {
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }).map(ref => parseEntityRef(ref).name);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

/**
 * Resolves the data source, runtime and series of an entity. Returns null
 * when no data source is configured at all; throws `InputError` naming the
 * annotation when one of its annotations is wrong.
 */
export function resolveTarget(
  entity: Entity,
  config: AiOpsConfig,
  runtimeOverride?: Runtime,
): Target | null {
  const annotations = entity.metadata.annotations ?? {};
  const sourceId =
    annotations[ANNOTATION_PROMETHEUS_SOURCE] ?? config.defaultSource;
  if (!sourceId) return null;
  const source = config.sources.get(sourceId);
  if (!source) {
    throw new InputError(
      `annotation ${ANNOTATION_PROMETHEUS_SOURCE}: there is no Prometheus data source "${sourceId}"; configured: ${[
        ...config.sources.keys(),
      ].join(', ')}`,
    );
  }
  const isModel = entity.kind.toLocaleLowerCase('en-US') === 'aimodel';
  const declared = isModel
    ? (entity.spec as { serving?: { runtime?: string } } | undefined)?.serving
        ?.runtime
    : annotations[ANNOTATION_RUNTIME];
  if (
    !isModel &&
    declared !== undefined &&
    !(RUNTIMES as readonly string[]).includes(declared)
  ) {
    throw new InputError(
      `annotation ${ANNOTATION_RUNTIME}: "${declared}" is not one of ${RUNTIMES.join(
        ', ',
      )}`,
    );
  }
  const runtime =
    runtimeOverride ??
    ((RUNTIMES as readonly string[]).includes(declared ?? '')
      ? (declared as Runtime)
      : null);

  let serving: Matcher[];
  if (annotations[ANNOTATION_PROMETHEUS_LABELS] !== undefined) {
    serving = parseLabels(annotations[ANNOTATION_PROMETHEUS_LABELS]);
  } else if (isModel) {
    const modelLabel = runtime
      ? source.runtimes[runtime].modelLabel
      : 'model_name';
    if (!modelLabel) {
      throw new InputError(
        `${runtime}'s metrics carry no model label: say which series serve this model in annotation ${ANNOTATION_PROMETHEUS_LABELS}`,
      );
    }
    serving = [eq(modelLabel, entity.metadata.name)];
  } else {
    serving = [
      eq(
        source.workloadLabel,
        annotations[ANNOTATION_KUBERNETES_ID] ?? entity.metadata.name,
      ),
    ];
  }
  return {
    source,
    isModel,
    runtime,
    serving,
    workloadId: annotations[ANNOTATION_KUBERNETES_ID] ?? null,
    workloadNamespace: annotations['backstage.io/kubernetes-namespace'] ?? null,
    models: isModel ? [entity.metadata.name] : servedModelNames(entity),
  };
}
