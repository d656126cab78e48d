import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  BACKGROUND_AUTH_PROVIDERS,
  USER_AUTH_PROVIDERS,
} from './client/authProviders';

/** One cluster the collector reads, as configured. */
export type ClusterConfig = {
  name: string;
  url: string;
  /** One of the Kubernetes plugin's auth providers (see ClusterCredentials). */
  authProvider: string;
  serviceAccountToken?: string;
  /** The cluster's `authMetadata`, as the Kubernetes plugin reads it (e.g. `kubernetes.io/x-k8s-aws-id`). */
  authMetadata: Record<string, string>;
  skipTLSVerify: boolean;
  caData?: string;
  caFile?: string;
  /** A simulated cluster; its evidence is labelled as demo data. */
  demo: boolean;
};

export type KubernetesEvidenceConfig = {
  clusters: ClusterConfig[];
  /** Where the clusters came from, for messages. */
  clustersFrom: string;
  timeoutMs: number;
  cacheTtlMs: number;
};

const OWN = 'aiScorecard.kubernetes';

function readCluster(c: Config, at: string): ClusterConfig {
  const url = c.getString('url');
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new Error('not http(s)');
    }
  } catch {
    throw new Error(
      `${at}.url: "${url}" is not an http(s) URL of a Kubernetes API server`,
    );
  }
  const authProvider = c.getOptionalString('authProvider') ?? 'serviceAccount';
  const known = [
    ...BACKGROUND_AUTH_PROVIDERS,
    ...USER_AUTH_PROVIDERS,
  ] as string[];
  if (!known.includes(authProvider)) {
    throw new Error(
      `${at}.authProvider: "${authProvider}" is none of ${known.join(', ')}`,
    );
  }
  // Read whole: its keys hold dots and slashes (kubernetes.io/x-k8s-aws-id).
  const authMetadata =
    c.getOptional<Record<string, unknown>>('authMetadata') ?? {};
  for (const [key, value] of Object.entries(authMetadata)) {
    if (typeof value !== 'string') {
      throw new Error(`${at}.authMetadata["${key}"]: must be a string`);
    }
  }
  return {
    name: c.getString('name'),
    url,
    authProvider,
    authMetadata: authMetadata as Record<string, string>,
    serviceAccountToken: c.getOptionalString('serviceAccountToken'),
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
    caData: c.getOptionalString('caData'),
    caFile: c.getOptionalString('caFile'),
    demo: c.getOptionalBoolean('demo') ?? false,
  };
}

function duration(c: Config | undefined, key: string, fallback: number) {
  return c?.has(key)
    ? durationToMilliseconds(readDurationFromConfig(c, { key }))
    : fallback;
}

/**
 * Reads the clusters from `aiScorecard.kubernetes.clusters`, or else from
 * the `config` cluster locators of Backstage's Kubernetes plugin, so that one
 * list of clusters serves both. Throws naming the key at fault.
 */
export function readKubernetesEvidenceConfig(
  root: Config,
): KubernetesEvidenceConfig {
  const own = root.getOptionalConfig(OWN);
  let clusters: ClusterConfig[] = [];
  let clustersFrom = `${OWN}.clusters`;
  if (own?.has('clusters')) {
    clusters = own
      .getConfigArray('clusters')
      .map((c, i) => readCluster(c, `${OWN}.clusters[${i}]`));
  } else {
    clustersFrom = 'kubernetes.clusterLocatorMethods';
    root
      .getOptionalConfigArray('kubernetes.clusterLocatorMethods')
      ?.forEach((method, m) => {
        if (method.getString('type') !== 'config') return;
        method
          .getOptionalConfigArray('clusters')
          ?.forEach((c, i) =>
            clusters.push(
              readCluster(
                c,
                `kubernetes.clusterLocatorMethods[${m}].clusters[${i}]`,
              ),
            ),
          );
      });
  }
  const names = new Set<string>();
  for (const c of clusters) {
    if (names.has(c.name)) {
      throw new Error(
        `${clustersFrom}: the cluster name ${c.name} is used twice`,
      );
    }
    names.add(c.name);
  }
  return {
    clusters,
    clustersFrom,
    timeoutMs: duration(own, 'timeout', 10_000),
    cacheTtlMs: duration(own, 'cacheTtl', 120_000),
  };
}
