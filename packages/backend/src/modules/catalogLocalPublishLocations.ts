import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Lets the catalog accept `file` locations when golden paths publish to a
 * local directory (`aiRefarch.localPublish`), so a template run registers its
 * result without a Git host. Without that config the catalog keeps its
 * default of `url` locations only.
 */
export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-publish-locations',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ locations, config }) {
        if (config.has('aiRefarch.localPublish.directory')) {
          locations.setAllowedLocationTypes(['url', 'file']);
        }
      },
    });
  },
});
