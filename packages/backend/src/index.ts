/*
 * The dev portal's back end: Backstage's default plugins plus this project's
 * AI Reference Architecture plugins and modules.
 */
import { createBackend } from '@backstage/backend-defaults';
import { localPublishUrlReaderFactory } from './modules/localPublishUrlReader';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder and the golden-path actions
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(import('@ai-refarch/plugin-scaffolder-backend-module-ai-refarch'));
// the Git hosts the golden paths publish to (one publish step each)
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-bitbucket-server'),
);
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-bitbucket-cloud'),
);
backend.add(import('@backstage/plugin-scaffolder-backend-module-azure'));

backend.add(import('@backstage/plugin-techdocs-backend'));

// guest sign-in for the dev portal
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(
  import(
    '@ai-refarch/plugin-scaffolder-backend-module-ai-refarch/local-publish'
  ),
);
// golden-path output published locally is read like a repository (dev only)
backend.add(localPublishUrlReaderFactory);
backend.add(import('@ai-refarch/plugin-catalog-backend-module-ai-model'));

// the architecture scorecard
backend.add(import('@ai-refarch/plugin-ai-scorecard-backend'));
backend.add(
  import('@ai-refarch/plugin-ai-scorecard-backend-module-kubernetes'),
);
backend.add(
  import('@ai-refarch/plugin-ai-scorecard-backend-module-prometheus'),
);
backend.add(import('@ai-refarch/plugin-ai-scorecard-backend-module-tracing'));
backend.add(import('@ai-refarch/plugin-ai-ops-backend'));

// the suite's permission policy: admins from aiRefarch.permissions.admins,
// an entity's owners for its waivers and its removal
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@ai-refarch/plugin-permission-backend-module-ai-refarch-policy'),
);

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@ai-refarch/plugin-search-backend-module-ai-model'));
backend.add(import('./modules/searchLunrEngine'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
