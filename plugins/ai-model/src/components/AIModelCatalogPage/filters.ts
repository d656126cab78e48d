import { Entity } from '@backstage/catalog-model';
import {
  DefaultEntityFilters,
  EntityFilter,
} from '@backstage/plugin-catalog-react';

type CatalogQuery = ReturnType<NonNullable<EntityFilter['getCatalogQuery']>>;

function valueAt(entity: Entity, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) =>
        v && typeof v === 'object'
          ? (v as Record<string, unknown>)[key]
          : undefined,
      entity,
    );
}

/**
 * A filter on one field of the AIModel spec: any of the chosen values.
 * The catalog applies it (`getCatalogQuery`), so that the page asks for
 * one page of matching models at a time; `toQueryValue` keeps it in the URL.
 */
function specValuesFilter(path: string) {
  return class implements EntityFilter {
    /** The spec field it filters, and the facet its picker offers. */
    static readonly path = path;

    constructor(readonly values: string[]) {}

    getCatalogQuery(): CatalogQuery {
      if (this.values.length === 0) return undefined;
      return (
        this.values.length === 1
          ? { [path]: this.values[0] }
          : { [path]: { $in: this.values } }
      ) as CatalogQuery;
    }

    filterEntity(entity: Entity): boolean {
      const value = String(valueAt(entity, path) ?? '').toLocaleLowerCase(
        'en-US',
      );
      return this.values.some(v => v.toLocaleLowerCase('en-US') === value);
    }

    toQueryValue(): string[] {
      return this.values;
    }
  };
}

export const AIModelProviderFilter = specValuesFilter('spec.provider');
export const AIModelRuntimeFilter = specValuesFilter('spec.serving.runtime');
export const AIModelClassificationFilter = specValuesFilter(
  'spec.dataClassification',
);
export const AIModelLicenceFilter = specValuesFilter('spec.license');

/** The filters on AIModel spec fields, by the name each has in the URL. */
export const SPEC_FILTERS = {
  provider: AIModelProviderFilter,
  runtime: AIModelRuntimeFilter,
  classification: AIModelClassificationFilter,
  license: AIModelLicenceFilter,
};

/** The model catalog's filters: Backstage's, and one per AIModel spec field. */
export type AIModelFilters = DefaultEntityFilters & {
  provider?: InstanceType<typeof AIModelProviderFilter>;
  runtime?: InstanceType<typeof AIModelRuntimeFilter>;
  classification?: InstanceType<typeof AIModelClassificationFilter>;
  license?: InstanceType<typeof AIModelLicenceFilter>;
};

/** The filters a reader sets, which "Clear filters" removes. */
export const READER_FILTERS = [
  'text',
  'type',
  'provider',
  'runtime',
  'lifecycles',
  'classification',
  'license',
  'owners',
] as const satisfies readonly (keyof AIModelFilters)[];
