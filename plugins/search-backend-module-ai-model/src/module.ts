import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogCollatorExtensionPoint } from '@backstage/plugin-search-backend-module-catalog';
import { createAIModelEntityTransformer } from './transformer';

/**
 * AIModel entities in the search index with their model fields, through the
 * catalog collator's entity transformer. An app that sets a transformer of
 * its own composes it instead with `createAIModelEntityTransformer(own)`.
 *
 * @public
 */
export const searchModuleAiModel = createBackendModule({
  pluginId: 'search',
  moduleId: 'ai-model',
  register(reg) {
    reg.registerInit({
      deps: { collator: catalogCollatorExtensionPoint },
      async init({ collator }) {
        collator.setEntityTransformer(createAIModelEntityTransformer());
      },
    });
  },
});
