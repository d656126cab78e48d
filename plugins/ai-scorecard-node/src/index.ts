/**
 * Fact collectors for the AI Reference Architecture scorecard: the
 * interface and the extension point other backend modules add them through.
 *
 * @packageDocumentation
 */
import {
  BackstageCredentials,
  createExtensionPoint,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  Facts,
  UnregisteredModelServer,
} from '@ai-refarch/plugin-ai-scorecard-common';

/**
 * Supplies facts about entities from one source. Every fact name starts with
 * the collector's id (`kubernetes.workloads`), so sources never collide, and
 * records where and when it was read. A source that cannot be read yields
 * unknown facts, never an exception for the whole batch.
 *
 * @public
 */
export interface FactCollector {
  /** The namespace of its facts, e.g. `catalog`, `repo`, `kubernetes`. */
  readonly id: string;
  /** Facts for a batch of entities, keyed by entity reference. */
  collect(
    entities: Entity[],
    options: { credentials: BackstageCredentials },
  ): Promise<Map<string, Facts>>;
}

/**
 * Finds model servers that run somewhere but are not in the catalog; the
 * Architecture review page lists them with a way to register each.
 *
 * The scorecard shows a server, or a cluster that could not be searched,
 * only to callers who may read that cluster's `Resource` entity in the
 * catalog (when catalog reads are conditional).
 *
 * @public
 */
export interface ModelServerDiscovery {
  /** e.g. `kubernetes`. */
  readonly id: string;
  unregistered(options: { credentials: BackstageCredentials }): Promise<{
    servers: UnregisteredModelServer[];
    /** The clusters that could not be searched, each with the reason. */
    unreadable: { cluster: string; reason: string }[];
    readAt: string;
  }>;
}

/** @public */
export interface AiScorecardCollectorsExtensionPoint {
  addCollector(...collectors: FactCollector[]): void;
  addModelServerDiscovery(...discoveries: ModelServerDiscovery[]): void;
}

/**
 * Lets backend modules add fact collectors to the scorecard.
 *
 * @public
 */
export const aiScorecardCollectorsExtensionPoint =
  createExtensionPoint<AiScorecardCollectorsExtensionPoint>({
    id: 'ai-scorecard.collectors',
  });

export * from './labelSelector';
export * from './redact';

export { loadRuleSet } from './ruleSet';
export type {
  HourlyScore,
  TraceBackend,
  TraceSummary,
  TraceWindow,
} from './tracing/backends';
export { readTraceBackends } from './tracing/config';
export { langfuseServiceTag } from './tracing/backends';
export { traceProjectOf } from './tracing/project';
