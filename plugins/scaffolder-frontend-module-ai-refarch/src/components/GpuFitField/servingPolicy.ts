import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  REFERENCE_SERVING_POLICY,
  ServingPolicy,
} from '@ai-refarch/plugin-ai-model-common';
import { RuleSet, servingPolicy } from '@ai-refarch/plugin-ai-scorecard-common';

/** Without the scorecard back end: the reference rule set's values. */
export const REFERENCE_POLICY: ServingPolicy = REFERENCE_SERVING_POLICY;

const read = new WeakMap<DiscoveryApi, Promise<ServingPolicy>>();

/**
 * The platform's serving policy, from the rule set the scorecard back end
 * grades with (`GET /api/ai-scorecard/rules`, with app-config's overrides),
 * so that the form refuses what the ai-refarch:gpu-sizing action refuses
 * and the scorecard fails. A switched-off rule sets no limit. Without the
 * scorecard back end the form uses the reference value, and the action,
 * which reads the platform's rule set itself, stays the judge.
 */
export function readServingPolicy(
  discoveryApi: DiscoveryApi | undefined,
  fetchApi: FetchApi | undefined,
): Promise<ServingPolicy> {
  if (!discoveryApi || !fetchApi) return Promise.resolve(REFERENCE_POLICY);
  let policy = read.get(discoveryApi);
  if (!policy) {
    policy = (async () => {
      const base = await discoveryApi.getBaseUrl('ai-scorecard');
      const res = await fetchApi.fetch(`${base}/rules`);
      if (!res.ok) throw new Error(`${res.status}`);
      const body = await res.json();
      const rules: RuleSet['rules'] = Array.isArray(body?.rules)
        ? body.rules
        : [];
      return servingPolicy({ rules });
    })();
    // Only what was read is kept: the next check asks again after a failure.
    policy = policy.catch(() => {
      read.delete(discoveryApi);
      return REFERENCE_POLICY;
    });
    read.set(discoveryApi, policy);
  }
  return policy;
}
