import { Entity } from '@backstage/catalog-model';
import { FeastFeatureService, FeastFeatureView } from './FeastRegistryClient';

/** Where a Feast entity came from: `feast:<registry id>`. */
export const ANNOTATION_FEAST_SOURCE = 'ai-refarch.io/feast-source';
/** The Feast project of a feature view or service. */
export const ANNOTATION_FEAST_PROJECT = 'ai-refarch.io/feast-project';

/**
 * How one Feast registry's objects become catalog Resources.
 *
 * @public
 */
export type FeastMappingContext = {
  registryId: string;
  /** The registry's REST API, for the entities' managed-by location. */
  url: (path: string) => URL;
  /** The Feast UI, e.g. https://feast.example.com; links point there. */
  uiUrl?: string;
  /** The catalog namespace of the Resources; default `default`. */
  namespace?: string;
  owner: string;
  system?: string;
};

/** Resource types, by the registry's kind of view. */
const VIEW_TYPES: Record<string, string> = {
  featureView: 'feature-view',
  onDemandFeatureView: 'on-demand-feature-view',
  streamFeatureView: 'stream-feature-view',
};

/**
 * The Resource name of a feature view or service: `<project>.<name>`, which
 * is what a model's spec.features names (Feast names are snake_case, which
 * catalog names allow).
 *
 * @public
 */
export function feastResourceName(project: string, name: string): string {
  return `${project}.${name}`;
}

function resource(
  ctx: FeastMappingContext,
  project: string,
  kind: { path: string; ui: string },
  object: { name: string; description?: string; owner?: string },
  spec: Record<string, unknown>,
): Entity {
  const location = ctx.url(
    `${kind.path}/${encodeURIComponent(
      object.name,
    )}?project=${encodeURIComponent(project)}`,
  ).href;
  const link = ctx.uiUrl
    ? `${ctx.uiUrl.replace(/\/$/, '')}/p/${encodeURIComponent(project)}/${
        kind.ui
      }/${encodeURIComponent(object.name)}`
    : undefined;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: feastResourceName(project, object.name),
      namespace: ctx.namespace ?? 'default',
      title: object.name,
      description: object.description || undefined,
      annotations: {
        'backstage.io/managed-by-location': `url:${location}`,
        'backstage.io/managed-by-origin-location': `url:${location}`,
        [ANNOTATION_FEAST_SOURCE]: `feast:${ctx.registryId}`,
        [ANNOTATION_FEAST_PROJECT]: project,
        // Feast names a person or a mailbox, not a catalog group.
        ...(object.owner ? { 'ai-refarch.io/feast-owner': object.owner } : {}),
      },
      ...(link ? { links: [{ url: link, title: 'Feast UI' }] } : {}),
    },
    spec: {
      owner: ctx.owner,
      ...(ctx.system ? { system: ctx.system } : {}),
      ...spec,
    },
  };
}

/** A feature view as a Resource: its kind, and its features in the description's place when it has none. */
export function featureViewResource(
  view: FeastFeatureView,
  project: string,
  ctx: FeastMappingContext,
): Entity {
  const features = (view.spec.features ?? []).map(f => f.name);
  return resource(
    ctx,
    project,
    { path: 'feature_views', ui: 'feature-view' },
    {
      ...view.spec,
      description:
        view.spec.description ||
        (features.length ? `Features: ${features.join(', ')}` : undefined),
    },
    { type: VIEW_TYPES[view.type] ?? 'feature-view' },
  );
}

/** A feature service as a Resource that depends on the views it serves. */
export function featureServiceResource(
  service: FeastFeatureService,
  project: string,
  ctx: FeastMappingContext,
): Entity {
  const namespace = ctx.namespace ?? 'default';
  const views = [
    ...new Set((service.spec.features ?? []).map(p => p.featureViewName)),
  ];
  return resource(
    ctx,
    project,
    { path: 'feature_services', ui: 'feature-service' },
    service.spec,
    {
      type: 'feature-service',
      dependsOn: views.map(
        v => `resource:${namespace}/${feastResourceName(project, v)}`,
      ),
    },
  );
}
