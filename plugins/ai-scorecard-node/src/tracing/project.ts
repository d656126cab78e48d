import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_TRACING,
  ANNOTATION_TRACING_PROJECT,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { TraceBackend } from './backends';

/** 1 to 200 characters, none of them a control character, "/", "?" or "#". */
const isProjectName = (name: string) =>
  name.length >= 1 &&
  name.length <= 200 &&
  ![...name].some(
    c => c.charCodeAt(0) < 0x20 || c === '\u007f' || '/?#'.includes(c),
  );

/**
 * Where a service's traces are, from its `ai-refarch.io/tracing` annotation
 * (the back end) and `ai-refarch.io/tracing-project` (the project, by
 * default the entity's name): the configured back end and the project;
 * `untraced` when the service declares none (or `none`); or the problem
 * with the declaration, in words.
 *
 * @public
 */
export function traceProjectOf(
  entity: Entity,
  backends: TraceBackend[],
):
  | { backend: TraceBackend; project: string }
  | { untraced: string }
  | { problem: string } {
  const annotations = entity.metadata.annotations ?? {};
  const declared = annotations[ANNOTATION_TRACING];
  if (declared === undefined || declared === 'none') {
    return {
      untraced:
        declared === undefined
          ? `no ${ANNOTATION_TRACING} annotation: the service declares no trace back end`
          : `${ANNOTATION_TRACING} is "none"`,
    };
  }
  const backend = backends.find(b => b.id === declared);
  if (!backend) {
    return {
      problem: ['phoenix', 'langfuse', 'langsmith', 'helicone'].includes(
        declared,
      )
        ? `aiScorecard.tracing.${declared} is not configured, so the traces in ${declared} cannot be read`
        : `${ANNOTATION_TRACING} is "${declared}": the scorecard reads traces from langfuse, phoenix, langsmith or helicone; record the back end that stores them`,
    };
  }
  const project =
    annotations[ANNOTATION_TRACING_PROJECT] ?? entity.metadata.name;
  if (!isProjectName(project)) {
    return {
      problem: `${ANNOTATION_TRACING_PROJECT} "${project.slice(
        0,
        60,
      )}" is not a project name: 1 to 200 characters without control characters, "/", "?" or "#"`,
    };
  }
  return { backend, project };
}
