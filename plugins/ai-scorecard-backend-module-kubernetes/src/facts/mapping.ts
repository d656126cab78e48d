import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import {
  isLabelValue,
  matches,
  parseLabelSelector,
  Requirement,
} from '@ai-refarch/plugin-ai-scorecard-node';
import { Workload } from './workloads';

// Backstage's own Kubernetes annotations. The namespace one has no exported
// constant at this release: kubernetes-backend reads the string itself
// (KubernetesFanOutHandler).
export {
  KUBERNETES_ANNOTATION as ANNOTATION_KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION as ANNOTATION_KUBERNETES_LABEL_SELECTOR,
};
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';

/** How an entity finds its workloads, as Backstage's Kubernetes plugin does. */
export type Mapping = {
  selector: Requirement[];
  namespace?: string;
  /** For messages: `backstage.io/kubernetes-id=chat`. */
  text: string;
};

/**
 * The entity's workloads are those labelled `backstage.io/kubernetes-id=<id>`,
 * or those its `backstage.io/kubernetes-label-selector` selects (which wins
 * when both are set, as in Backstage's Kubernetes plugin), optionally in
 * one namespace. Returns undefined for an entity with neither annotation and
 * throws a TypeError naming the annotation for a bad value.
 */
export function mappingOf(entity: Entity): Mapping | undefined {
  const a = entity.metadata.annotations ?? {};
  const namespace = a[ANNOTATION_KUBERNETES_NAMESPACE] || undefined;
  const selector = a[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION];
  if (selector !== undefined) {
    try {
      return {
        selector: parseLabelSelector(selector),
        namespace,
        text: selector,
      };
    } catch (e) {
      throw new TypeError(
        `metadata.annotations["${KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION}"]: ${
          (e as Error).message
        }`,
      );
    }
  }
  const id = a[KUBERNETES_ANNOTATION];
  if (id === undefined) return undefined;
  if (!isLabelValue(id) || !id) {
    throw new TypeError(
      `metadata.annotations["${KUBERNETES_ANNOTATION}"]: "${id}" is not a valid label value (63 characters at most: letters, digits, "-", "_", ".")`,
    );
  }
  const text = `${KUBERNETES_ANNOTATION}=${id}`;
  return {
    selector: [{ key: KUBERNETES_ANNOTATION, op: 'in', values: [id] }],
    namespace,
    text,
  };
}

/** Whether a workload belongs to the mapping: by its own labels or its pods'. */
export function mapsTo(mapping: Mapping, w: Workload): boolean {
  if (mapping.namespace && mapping.namespace !== w.namespace) return false;
  return (
    matches(mapping.selector, w.labels) ||
    matches(mapping.selector, w.podLabels)
  );
}
