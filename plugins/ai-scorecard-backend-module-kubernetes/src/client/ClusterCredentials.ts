import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AwsIamStrategy,
  AzureIdentityStrategy,
  GoogleServiceAccountStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import { ClusterConfig } from '../config';
import { ClusterReadError } from './KubernetesObjectsClient';
import {
  BACKGROUND_AUTH_PROVIDERS,
  USER_AUTH_PROVIDERS,
} from './authProviders';

type BackgroundProvider = (typeof BACKGROUND_AUTH_PROVIDERS)[number];

/**
 * Credentials for a cluster from the Kubernetes plugin's own authentication
 * strategies, so a cluster is configured once for both: a service-account
 * token (or the back end's in-cluster token), AWS IAM (a presigned STS
 * GetCallerIdentity token for the cluster, from the AWS credentials the back
 * end has), a Google service account (`kubernetes.googleServiceAccountCredentials`
 * or application default credentials) or an Azure identity
 * (DefaultAzureCredential). Strategies are made when first needed and keep
 * their own token caches.
 */
export class ClusterCredentials {
  private readonly strategies = new Map<string, AuthenticationStrategy>();

  static fromConfig(config: Config, logger: LoggerService): ClusterCredentials {
    return new ClusterCredentials({
      serviceAccount: () => new ServiceAccountStrategy(),
      aws: () => new AwsIamStrategy({ config }),
      googleServiceAccount: () => new GoogleServiceAccountStrategy({ config }),
      azure: () => new AzureIdentityStrategy(logger),
    });
  }

  constructor(
    private readonly factories: Partial<
      Record<BackgroundProvider, () => AuthenticationStrategy>
    >,
  ) {}

  /** The bearer token to read `cluster` with; a ClusterReadError saying why not. */
  async tokenFor(cluster: ClusterConfig): Promise<string | undefined> {
    const { name, authProvider } = cluster;
    if ((USER_AUTH_PROVIDERS as readonly string[]).includes(authProvider)) {
      throw new ClusterReadError(
        `cluster ${name}: authProvider ${authProvider} signs in as each user, and the scorecard reads in the background; give it ${BACKGROUND_AUTH_PROVIDERS.join(
          ', ',
        )} credentials`,
      );
    }
    // A configured token is the token, as the Kubernetes plugin's strategy
    // would return it; without one the strategy reads the back end's own
    // in-cluster service-account token.
    if (authProvider === 'serviceAccount' && cluster.serviceAccountToken) {
      return cluster.serviceAccountToken;
    }
    const strategy = this.strategy(authProvider as BackgroundProvider);
    if (!strategy) {
      throw new ClusterReadError(
        `cluster ${name}: authProvider ${authProvider} is not one the scorecard can read with (${BACKGROUND_AUTH_PROVIDERS.join(
          ', ',
        )})`,
      );
    }
    let credential;
    try {
      credential = await strategy.getCredential(
        {
          name,
          url: cluster.url,
          authMetadata: {
            ...cluster.authMetadata,
            ...(cluster.serviceAccountToken && {
              serviceAccountToken: cluster.serviceAccountToken,
            }),
          },
          skipTLSVerify: cluster.skipTLSVerify,
          caData: cluster.caData,
          caFile: cluster.caFile,
        },
        {},
      );
    } catch (error) {
      throw new ClusterReadError(
        `cluster ${name}: no ${authProvider} credentials: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
    if (credential.type === 'bearer token') return credential.token;
    if (credential.type === 'anonymous') return undefined;
    throw new ClusterReadError(
      `cluster ${name}: authProvider ${authProvider} gave a ${credential.type}, which the scorecard does not use`,
    );
  }

  private strategy(provider: BackgroundProvider) {
    if (!this.strategies.has(provider)) {
      const make = this.factories[provider];
      if (!make) return undefined;
      this.strategies.set(provider, make());
    }
    return this.strategies.get(provider);
  }
}
