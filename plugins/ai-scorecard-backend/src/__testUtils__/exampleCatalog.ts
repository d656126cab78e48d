import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'yaml';
import { Entity } from '@backstage/catalog-model';

/** The dev portal's example catalog, with namespaces filled in as the catalog would. */
export const exampleCatalog: Entity[] = [
  'org',
  'systems',
  'models',
  'services',
].flatMap(file =>
  yaml
    .parseAllDocuments(
      readFileSync(
        join(__dirname, '../../../../catalog-info', `${file}.yaml`),
        'utf8',
      ),
    )
    .map(d => {
      const entity = d.toJS();
      return {
        ...entity,
        metadata: { namespace: 'default', ...entity.metadata },
      };
    }),
);
