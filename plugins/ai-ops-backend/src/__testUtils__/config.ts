import { ConfigReader } from '@backstage/config';
import { readAiOpsConfig } from '../config';

/**
 * The configuration of the services' unit tests: one Prometheus data
 * source, `main`, the default, with every metric name at its default. The
 * tests answer its queries themselves.
 */
export const testConfig = readAiOpsConfig(
  new ConfigReader({
    aiOps: {
      prometheus: {
        sources: { main: { baseUrl: 'http://127.0.0.1:9090' } },
        default: 'main',
      },
    },
  }),
);
