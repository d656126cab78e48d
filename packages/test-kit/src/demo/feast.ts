import { createServer } from 'node:http';
import { listenOnLoopback, sendJson } from '../servers/net';
import { DemoService, demoService } from './demoService';

/*
 * A loopback Feast registry for the demo: the feature view and feature
 * service lists of Feast's registry REST API (feast-dev/feast,
 * sdk/python/feast/api/registry/rest/) with its JSON. No Feast can be
 * installed on the build machines.
 */

const PROJECT = 'support';

const LISTS: Record<string, Record<string, unknown[]>> = {
  '/api/v1/feature_views': {
    featureViews: [
      {
        type: 'featureView',
        spec: {
          name: 'ticket_text_stats',
          entities: ['ticket'],
          features: [
            { name: 'body_tokens', valueType: 'INT64' },
            { name: 'language', valueType: 'STRING' },
            { name: 'product_area', valueType: 'STRING' },
          ],
          ttl: '604800s',
          online: true,
          description: 'Per-ticket text statistics (demo Feast registry)',
          owner: 'support-data@example.com',
        },
      },
      {
        type: 'featureView',
        spec: {
          name: 'customer_profile',
          entities: ['customer'],
          features: [
            { name: 'plan', valueType: 'STRING' },
            { name: 'open_tickets_30d', valueType: 'INT64' },
          ],
          ttl: '86400s',
          online: true,
          description: 'Customer plan and recent tickets (demo Feast registry)',
        },
      },
    ],
  },
  '/api/v1/feature_services': {
    featureServices: [
      {
        spec: {
          name: 'ticket_features',
          features: [
            { featureViewName: 'ticket_text_stats' },
            {
              featureViewName: 'customer_profile',
              featureColumns: [{ name: 'plan', valueType: 'STRING' }],
            },
          ],
          description:
            'What the ticket router reads to route a ticket (demo Feast registry)',
        },
      },
    ],
  },
};

/** Serves the demo registry's lists, one page each. */
export async function startFakeFeastRegistry() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://feast');
    const list = LISTS[url.pathname];
    if (!list || url.searchParams.get('project') !== PROJECT) {
      sendJson(res, 404, {
        status_code: 404,
        detail: `${url.pathname} of project ${url.searchParams.get(
          'project',
        )} does not exist`,
        error_type: 'FeastObjectNotFoundException',
      });
      return;
    }
    const [key, items] = Object.entries(list)[0];
    sendJson(res, 200, {
      [key]: items,
      pagination: {
        page: 1,
        limit: 100,
        totalCount: items.length,
        totalPages: 1,
      },
    });
  });
  const url = await listenOnLoopback(server);
  return {
    url,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

/**
 * The demo Feast registry, and the app-config that has the catalog ingest
 * its project (marked `demo: true`: its Resources carry the `demo` tag).
 */
export async function startDemoFeast(): Promise<DemoService> {
  const registry = await startFakeFeastRegistry();
  return demoService('demo-feast', registry, {
    catalog: {
      providers: {
        feast: {
          demo: {
            baseUrl: registry.url,
            projects: [PROJECT],
            demo: true,
            schedule: { frequency: { minutes: 5 }, timeout: { minutes: 1 } },
            defaults: {
              owner: 'group:default/applied-ml',
              system: 'system:default/support-assistant',
            },
          },
        },
      },
    },
  });
}
