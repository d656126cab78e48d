import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { LunrSearchEngine } from '@backstage/plugin-search-backend-node';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import {
  IndexableResultSet,
  SearchQuery,
} from '@backstage/plugin-search-common';

/**
 * Lunr, the in-memory engine the search back end uses when no other is
 * registered, except that a document type with nothing indexed answers no
 * results. Stock Lunr throws MissingIndexError, which the search back end
 * answers with a 500: the search page's Documentation filter asks for
 * `types=techdocs` (with `pageLimit=0`, to count) on every search, and the
 * dev portal builds no TechDocs (that needs mkdocs-techdocs-core), so every
 * search failed. PostgreSQL's engine answers an empty type with no results
 * too.
 */
export class EmptyTypesLunrSearchEngine extends LunrSearchEngine {
  async query(query: SearchQuery): Promise<IndexableResultSet> {
    if (!query.types?.length) return super.query(query);
    const types = query.types.filter(type => type in this.lunrIndices);
    if (!types.length) return { results: [], numberOfResults: 0 };
    return super.query({ ...query, types });
  }
}

/**
 * The dev portal's search engine on SQLite. With PostgreSQL (production)
 * the PostgreSQL engine module registers its own and this one stays out.
 */
export default createBackendModule({
  pluginId: 'search',
  moduleId: 'dev-lunr-engine',
  register(reg) {
    reg.registerInit({
      deps: {
        engines: searchEngineRegistryExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ engines, config, logger }) {
        if (config.getOptionalString('backend.database.client') === 'pg')
          return;
        engines.setSearchEngine(new EmptyTypesLunrSearchEngine({ logger }));
      },
    });
  },
});
